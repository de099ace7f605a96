"""Sessions and their exercise lines: each value read, then checked against the exercise itself."""

from __future__ import annotations

from dataclasses import dataclass
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
from companion.io import plan_grammar as grammar
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
COUNT_KEYS = ("reps", "hold", "contacts")


@dataclass(frozen=True)
class Written:
    """An exercise line's sets and what each holds, as written; ``where`` is the value's path."""

    sets: int
    sets_hi: int | None
    count: grammar.Count | None
    where: Path
    load: str | None = None  # what followed an @ in a sets × reps value


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
            members_read = [
                self.exercise(m, (*path, "superset", j), label) for j, m in enumerate(members)
            ]
            return [p for p in members_read if p]
        one = self.exercise(item, path)
        return [one] if one else []

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
        if isinstance(raw, str):
            try:
                name, work = grammar.exercise_line(raw)
            except PlanValueError as exc:
                self.issues.error(path, str(exc))
                return None
            raw = {"exercise": name, "sets": work}
        data = self.mapping(raw, path, EXERCISE_KEYS, what)
        if not data:
            return None
        found = self._resolve(data, path)
        written = self._written(data, path)
        values: dict[str, Any] = {
            "load": self._line_load(data, path, found, written),
            "rest": self.field(
                data, "rest", path, grammar.duration, what="a rest time", say=self.say
            ),
            "tempo": self.field(data, "tempo", path, grammar.tempo),
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
        failed = any(data.get(k) is not None and values[k] is None for k in values)
        counted = self._fit_count(found, written, path) if found and written else None
        done_as = found
        if found is not None and counted is not None:
            values.update(counted)
            own: dict[str, Any] = {k: counted[k] for k in ("measure", "per_side") if k in counted}
            done_as = found.model_copy(update=own)
        progression = self._progression(data, path, done_as, values)
        self._warn_failure(values.get("load"), (*path, "load"))
        if done_as is None or written is None or counted is None or failed:
            return None
        self._fit_progression(done_as, path, values, data)
        values["notes"] = _cued(written, values, self.units)
        values = {k: v for k, v in values.items() if v is not None}
        return self.model(
            PlanExercise,
            path,
            exercise=done_as.id,
            sets=written.sets,
            sets_hi=written.sets_hi,
            progression=progression or Progression(),
            **values,
        )

    def _written(self, data: dict, path: Path) -> Written | None:
        """Sets and what each set holds, from the long form or one sets × reps value."""
        keys = [k for k in COUNT_KEYS if data.get(k) is not None]
        if len(keys) > 1:
            both = " and ".join(f"{k}:" for k in keys)
            self.issues.error(
                (*path, keys[1]), f"found {both}; give one of reps:, hold: or contacts:"
            )
            return None
        key = keys[0] if keys else None
        where: Path = (*path, "sets") if data.get("sets") is not None or not key else (*path, key)
        try:
            with self.noting(where):
                combined = grammar.prescription(data.get(where[-1]), key or "reps", self.say)
        except PlanValueError as exc:
            self.issues.error(where, str(exc))
            return None
        if combined is not None:
            if key and where[-1] == "sets":
                self.issues.error(
                    (*path, key),
                    f"sets: {data['sets']} already says what each set holds; leave out {key}: "
                    f"or write sets: {combined.sets}",
                )
                return None
            return Written(combined.sets, combined.sets_hi, combined.count, where, combined.load)
        sets = self.field(
            data,
            "sets",
            path,
            grammar.set_count,
            say=self.say,
            required="how many working sets, e.g. sets: 3 (or all in one: sets: 3x8)",
        )
        work = self.field(data, key, path, grammar.count, key, say=self.say) if key else None
        if sets is None or (key and work is None):
            return None
        return Written(sets[0], sets[1], work, (*path, key) if key else path)

    def _line_load(
        self, data: dict, path: Path, found: Exercise | None, written: Written | None
    ) -> Load | SideLoads | None:
        if written is None or written.load is None:
            return self.field(data, "load", path, self._load, found)
        if data.get("load") is not None:
            self.issues.error(
                (*path, "load"),
                f"the load is given twice: '{written.load}' in {written.where[-1]}: and here; "
                "keep one",
            )
            return None
        try:
            with self.noting(written.where):
                return self._load(written.load, found)
        except PlanValueError as exc:
            self.issues.error(written.where, str(exc))
            return None

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
            return SideLoads(
                left=grammar.load(value["left"], self.units, self.say),
                right=grammar.load(value["right"], self.units, self.say),
            )
        return grammar.load(value, self.units, self.say)

    def _warmup(self, value: object) -> list[WarmupSet]:
        if isinstance(value, str):
            return grammar.warmup(value, self.units, self.say)
        if not isinstance(value, list):
            raise PlanValueError(
                f"found {show(value)}, expected a list of warm-up sets "
                "({reps: 5, load: 50%}) or a string such as '2x5 @ 10 kg'"
            )
        sets: list[WarmupSet] = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                sets.extend(grammar.warmup(item, self.units, self.say))
                continue
            if not isinstance(item, dict) or "reps" not in item or set(item) - {"reps", "load"}:
                raise PlanValueError(
                    f"item {i + 1} is {show(item)}; each warm-up set is "
                    "{reps: 5, load: 50%} or a string such as '2x5 @ 10 kg'"
                )
            reps = val.whole(item["reps"], lo=1, hi=100, what="warm-up reps")
            load = (
                grammar.load(item["load"], self.units) if item.get("load") is not None else Load()
            )
            sets.append(WarmupSet(reps=reps, load=load))
        return sets


def _cued(written: Written, values: dict[str, Any], units: str) -> str | None:
    """The coach's note, after what the shorthand leaves for the athlete to read at the set."""
    cues = []
    if written.sets_hi:
        cues.append(f"{written.sets_hi} sets on a good day, {written.sets} otherwise.")
    if written.count is not None and written.count.amrap:
        cues.append("As many reps as you can with good form: record them.")
    load = values.get("load")
    hands = [load] if isinstance(load, Load) else [load.left, load.right] if load else []
    if any(h.per_hand for h in hands):
        each = "/".join(f"{h.amount:g}" for h in hands)
        cues.append(f"A pair of dumbbells, {each} {units} in each hand: log one hand's load.")
    if values.get("notes"):
        cues.append(values["notes"])
    return " ".join(cues) or None


def _free_label(used: set[str]) -> str:
    n = 1
    while f"S{n}" in used:
        n += 1
    return f"S{n}"
