"""Sessions and their exercise lines: each value read, then checked against the exercise itself."""

from __future__ import annotations

import re
from typing import Any

from companion.domain.models import (
    Exercise,
    Load,
    LoadKind,
    PlanExercise,
    Progression,
    SessionTemplate,
    SideLoads,
    WarmupSet,
)
from companion.io import plan_values as val
from companion.io.plan_errors import Path, PlanValueError, show
from companion.io.plan_progression import ProgressionReader

EXERCISE_KEYS = (
    "exercise",
    "sets",
    "reps",
    "hold",
    "contacts",
    "load",
    "rest",
    "progression",
    "tempo",
    "notes",
    "step",
    "warmup",
    "superset",
    "progress_with",
)
_TEMPO = r"[0-9xX](?:-?[0-9xX]){3}"


class Reader(ProgressionReader):
    """Reads sessions; the plan reader builds on it."""

    def session(self, key: str, raw: object, path: Path) -> SessionTemplate | None:
        data = self.mapping(
            raw, path, ("title", "exercises"), "a session mapping with title: and exercises:"
        )
        if not isinstance(raw, dict):
            return None
        title = self.field(data, "title", path, val.text, what="a session title")
        items = data.get("exercises")
        if "exercises" not in data:
            self.issues.error(path, f"missing exercises: the list of exercises for session {key}")
            return None
        if not isinstance(items, list) or not items:
            self.issues.error(
                (*path, "exercises"),
                f"found {show(items)}, expected a list of exercises for session {key}",
            )
            return None
        labels = {
            str(i["superset"])
            for i in items
            if isinstance(i, dict) and isinstance(i.get("superset"), str | int)
        }
        exercises: list[PlanExercise] = []
        for i, item in enumerate(items):
            exercises.extend(self._item(item, (*path, "exercises", i), labels))
        self._lonely_supersets(exercises, path)
        return SessionTemplate(key=key, title=title or f"Session {key}", exercises=exercises)

    def _item(self, item: object, path: Path, labels: set[str]) -> list[PlanExercise]:
        if isinstance(item, dict) and isinstance(item.get("superset"), list):
            data = self.mapping(item, path, ("superset", "label"), "a superset")
            label = str(data["label"]) if data.get("label") is not None else _free_label(labels)
            labels.add(label)
            members = data["superset"]
            if len(members) < 2:
                self.issues.error(
                    (*path, "superset"),
                    f"found {len(members)} exercise(s), "
                    "expected two or more exercises in a superset",
                )
            parsed = [
                self.exercise(m, (*path, "superset", j), label) for j, m in enumerate(members)
            ]
            return [p for p in parsed if p]
        parsed = self.exercise(item, path)
        return [parsed] if parsed else []

    def _warn_failure(self, load: Load | SideLoads | None, path: Path) -> None:
        loads = [load.left, load.right] if isinstance(load, SideLoads) else [load]
        if any(x is not None and x.kind is LoadKind.RPE and x.rpe == 10 for x in loads):
            self.issues.warn(
                path,
                "RPE 10 is a set taken to failure; runners do better stopping "
                "one or two reps short (RPE 8-9)",
            )

    def _lonely_supersets(self, exercises: list[PlanExercise], path: Path) -> None:
        counts: dict[str, int] = {}
        for ex in exercises:
            if ex.superset:
                counts[ex.superset] = counts.get(ex.superset, 0) + 1
        for label, count in counts.items():
            if count == 1:
                self.issues.warn(
                    path,
                    f"superset {label} has only one exercise; give the same "
                    "superset: label to the exercise it pairs with",
                )

    # one exercise line ----------------------------------------------------------------------

    def exercise(self, raw: object, path: Path, label: str | None = None) -> PlanExercise | None:
        what = "an exercise mapping (exercise:, sets:, reps:, ...) or superset: [...]"
        data = self.mapping(raw, path, EXERCISE_KEYS, what)
        if not data:
            return None
        found = self._resolve(data, path)
        sets = self.field(
            data,
            "sets",
            path,
            val.whole,
            lo=1,
            hi=20,
            what="the number of sets",
            required="how many working sets, e.g. sets: 3",
        )
        values: dict[str, Any] = {
            "reps": self.field(data, "reps", path, val.reps),
            "hold": self.field(data, "hold", path, val.duration, lo=1, hi=600, what="a hold time"),
            "contacts": self.field(
                data, "contacts", path, val.whole, lo=1, hi=500, what="ground contacts"
            ),
            "load": self.field(data, "load", path, self._load, found),
            "rest": self.field(data, "rest", path, val.duration, what="a rest time"),
            "tempo": self.field(data, "tempo", path, _tempo),
            "notes": self.field(data, "notes", path, val.text, what="a note (text)"),
            "step": self.field(data, "step", path, self._step),
            "warmup": self.field(data, "warmup", path, self._warmup),
            "superset": label,
            "progress_with": self.field(
                data, "progress_with", path, val.text, what="the key of another session, e.g. A"
            ),
        }
        if label is None and data.get("superset") is not None:
            values["superset"] = self.field(
                data, "superset", path, val.text, what="a superset label such as A"
            )
        progression = self._progression(data, path, found, values)
        self._warn_failure(values.get("load"), (*path, "load"))
        if found is None or sets is None:
            return None
        self._fit_measure(found, data, path, values)
        if any(data.get(k) is not None and values[k] is None for k in values if k != "superset"):
            return None
        values = {k: v for k, v in values.items() if v is not None}
        return self.model(
            PlanExercise,
            path,
            exercise=found.id,
            sets=sets,
            progression=progression or Progression(),
            **values,
        )

    def _resolve(self, data: dict, path: Path) -> Exercise | None:
        name = data.get("exercise")
        if name is None:
            self.issues.error(path, "missing exercise: the catalogue name or id of the movement")
            return None
        if not isinstance(name, str):
            self.issues.error((*path, "exercise"), f"found {show(name)}, expected an exercise name")
            return None
        found = self.catalogue.resolve(name)
        if found is None:
            close = self.catalogue.suggest(name)
            hint = f"; closest: {', '.join(close)}" if close else ""
            self.issues.error(
                (*path, "exercise"),
                f"unknown exercise '{name}'{hint}. An exercise of your own goes "
                "in the top-level exercises: list",
            )
        return found

    def _load(self, value: object, found: Exercise | None) -> Load | SideLoads:
        if isinstance(value, dict):
            sides = set(value)
            if sides != {"left", "right"}:
                raise PlanValueError(
                    f"found keys {', '.join(map(str, value))}, expected a "
                    "per-side load with exactly left: and right:"
                )
            if found is not None and not found.per_side:
                raise PlanValueError(
                    f"per-side loads need a single-leg exercise; {found.name} "
                    "works both sides at once"
                )
            return val.side_loads(value, self.units)
        return val.load(value, self.units)

    def _warmup(self, value: object) -> list[WarmupSet]:
        if isinstance(value, str):
            return val.warmup_shorthand(value, self.units)
        if not isinstance(value, list):
            raise PlanValueError(
                f"found {show(value)}, expected a list of warm-up sets "
                "({reps: 5, load: 50%}) or a string such as '2x5 @ 10 kg'"
            )
        sets: list[WarmupSet] = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                sets.extend(val.warmup_shorthand(item, self.units))
                continue
            if not isinstance(item, dict) or "reps" not in item or set(item) - {"reps", "load"}:
                raise PlanValueError(
                    f"item {i + 1} is {show(item)}; each warm-up set is "
                    "{reps: 5, load: 50%} or a string such as '2x5 @ 10 kg'"
                )
            reps = val.whole(item["reps"], lo=1, hi=100, what="warm-up reps")
            load = val.load(item["load"], self.units) if item.get("load") is not None else Load()
            sets.append(WarmupSet(reps=reps, load=load))
        return sets


def _tempo(value: object) -> str:
    text = str(value).strip() if isinstance(value, str | int) else ""
    if not re.fullmatch(_TEMPO, text):
        raise PlanValueError(
            f"found {show(value)}, expected four counts such as 3-1-1-0 "
            "(lower, pause, lift, pause; X means as fast as possible)"
        )
    return text


def _free_label(used: set[str]) -> str:
    n = 1
    while f"S{n}" in used:
        n += 1
    return f"S{n}"
