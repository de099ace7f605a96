"""A plan's own exercises and its assessment battery."""

from __future__ import annotations

import re

from companion.domain.models import AssessmentPlan, Exercise, Muscle
from companion.io import plan_values as val
from companion.io.plan_errors import Path, show
from companion.io.plan_sessions import Reader

CUSTOM_KEYS = (
    "id",
    "name",
    "aliases",
    "muscles",
    "primary",
    "secondary",
    "per_side",
    "measure",
    "equipment",
    "body",
    "cues",
    "easier",
    "harder",
)
ASSESSMENT_KEYS = ("every", "tests")
ASSESSMENT_TESTS = (
    "single-leg-calf-raise",
    "single-leg-bridge",
    "side-plank",
    "single-leg-box-squat",
    "single-leg-hop-for-distance",
)


def slug(name: str) -> str:
    """``Off-season strength, 12 weeks`` -> ``off-season-strength-12-weeks``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


class ExtrasReader(Reader):
    """Custom exercises (added to the catalogue) and assessments (battery tests only)."""

    def _custom(self, raw: object) -> list[Exercise]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.issues.error(
                ("exercises",), f"found {show(raw)}, expected a list of your own exercises"
            )
            return []
        out = []
        for i, item in enumerate(raw):
            path: Path = ("exercises", i)
            fields = self.mapping(item, path, CUSTOM_KEYS, "an exercise: {id:, name:, muscles:}")
            if not isinstance(item, dict):
                continue
            name = self.field(
                fields,
                "name",
                path,
                val.text,
                what="the exercise's name",
                required="the exercise's name",
            )
            if name is None:
                continue
            if "muscles" in fields and "primary" in fields:
                self.issues.error(
                    (*path, "muscles"),
                    "muscles: is another way to write primary:; give one of them",
                )
            values = dict(fields)
            written_as = "muscles" if "muscles" in values else "primary"
            if "muscles" in values:
                values["primary"] = values.pop("muscles")
            values["id"] = str(values.get("id") or slug(name))
            existing = self.catalogue.resolve(values["id"]) or self.catalogue.resolve(name)
            if existing is not None:
                self.issues.error(
                    path,
                    f"'{name}' is already in the catalogue as "
                    f"{existing.name} (id {existing.id}); use it directly "
                    "or choose another name and id",
                )
                continue
            if not self._muscles(values, path, written_as):
                continue
            exercise = self.model(Exercise, path, **values)
            if exercise:
                out.append(exercise)
        return out

    def _muscles(self, values: dict, path: Path, written_as: str) -> bool:
        ok = True
        for key in ("primary", "secondary"):
            items = values.get(key) or []
            items = items if isinstance(items, list) else [items]
            for item in items:
                try:
                    Muscle.parse(str(item))
                except ValueError:
                    shown = written_as if key == "primary" else key
                    accepted = ", ".join(m.label for m in Muscle)
                    self.issues.error(
                        (*path, shown), f"unknown muscle {show(item)}; accepted: {accepted}"
                    )
                    ok = False
            values[key] = items
        return ok

    def _assessments(self, raw: object) -> AssessmentPlan | None:
        if raw is None:
            return None
        path: Path = ("assessments",)
        fields = self.mapping(
            raw, path, ASSESSMENT_KEYS, "a mapping with every: (weeks) and tests: (list)"
        )
        every = self.field(fields, "every", path, val.weeks)
        tests = fields.get("tests", list(ASSESSMENT_TESTS))
        if not isinstance(tests, list):
            self.issues.error((*path, "tests"), f"found {show(tests)}, expected a list of tests")
            return None
        ids = []
        battery = [self.catalogue.get(t).name for t in ASSESSMENT_TESTS if t in self.catalogue]
        for i, name in enumerate(tests):
            found = self.catalogue.resolve(str(name))
            if found is not None and found.id in ASSESSMENT_TESTS:
                ids.append(found.id)
            else:
                why = "is not one of the battery's tests" if found else "is not a known test"
                self.issues.error(
                    (*path, "tests", i),
                    f"'{name}' {why}; accepted: {', '.join(battery or ASSESSMENT_TESTS)}",
                )
        return AssessmentPlan(every_weeks=every or 6, tests=ids)
