"""Progressions: reading ``progression:`` and checking it fits what the exercise counts."""

from __future__ import annotations

from typing import Any

from companion.domain.models import (
    Exercise,
    Load,
    LoadKind,
    Measure,
    Progression,
    ProgressionType,
    SideLoads,
)
from companion.io import plan_grammar as grammar
from companion.io import plan_values as val
from companion.io.plan_errors import Path, PlanValueError, did_you_mean, show
from companion.io.plan_reader import ReaderBase

PROGRESSION_KEYS = ("type", "step", "max", "add_load", "deload_after", "deload")
_TYPES = [t.value for t in ProgressionType]
_USE = {
    Measure.HOLD: "{name} is measured in seconds held: use hold: 30s",
    Measure.CONTACTS: "{name} is counted in ground contacts: use contacts: 20",
    Measure.DISTANCE: "{name} is counted in attempts per side: use reps: 3",
    Measure.REPS: "{name} is counted in reps: use reps: 8 or 6-8",
}
_COUNTED = {
    Measure.REPS: "reps",
    Measure.HOLD: "seconds held",
    Measure.CONTACTS: "ground contacts",
    Measure.DISTANCE: "distance",
}


class ProgressionReader(ReaderBase):
    """Reads progressions and load steps; sessions build on it."""

    def _step(self, value: object) -> float:
        step = grammar.weight(value, self.units, what="a load step")
        if not 0 < step <= 50:
            raise PlanValueError(f"found {show(value)}, expected a load step above 0, up to 50")
        return step

    def _progression(
        self, data: dict, path: Path, found: Exercise | None, values: dict[str, Any]
    ) -> Progression | None:
        raw = data.get("progression")
        ppath = (*path, "progression")
        if raw is None:
            return _default_progression(found, values)
        if values.get("amrap") and raw != "none":
            self.issues.error(
                ppath,
                "an AMRAP line has no rep target: it moves on from the reps recorded; "
                "leave out progression: (or write none)",
            )
            return None
        fields = (
            self.mapping(raw, ppath, PROGRESSION_KEYS, "a progression")
            if isinstance(raw, dict)
            else {"type": raw}
        )
        kind = fields.get("type")
        tpath = (*ppath, "type") if isinstance(raw, dict) else ppath
        if kind is None or str(kind).lower() not in _TYPES:
            guess = did_you_mean(str(kind), _TYPES) if kind is not None else None
            hint = f" — did you mean '{guess}'?" if guess else f"; accepted: {', '.join(_TYPES)}"
            self.issues.error(
                tpath if kind is not None else ppath,
                f"found {show(kind)}, expected a progression type{hint}",
            )
            return None
        ptype = ProgressionType(str(kind).lower())
        out = Progression(type=ptype)
        if "step" in fields:
            if ptype is ProgressionType.HOLD:
                out.hold_step = self.field(
                    fields,
                    "step",
                    ppath,
                    grammar.duration,
                    lo=1,
                    hi=120,
                    what="seconds added per step",
                )
            elif values.get("step") is None:
                values["step"] = self.field(fields, "step", ppath, self._step)
        if "max" in fields:
            if ptype is ProgressionType.HOLD:
                out.hold_max = self.field(
                    fields, "max", ppath, grammar.duration, lo=1, hi=600, what="the longest hold"
                )
            elif ptype is ProgressionType.CONTACTS:
                out.contacts_max = self.field(
                    fields, "max", ppath, val.whole, lo=1, hi=500, what="the most contacts per set"
                )
            else:
                self.issues.error(
                    (*ppath, "max"),
                    f"max: applies to hold and contacts progressions only, not {ptype}",
                )
        if "add_load" in fields:
            if not isinstance(fields["add_load"], bool):
                self.issues.error(
                    (*ppath, "add_load"),
                    f"found {show(fields['add_load'])}, expected true or false",
                )
            elif ptype is not ProgressionType.HOLD:
                self.issues.error((*ppath, "add_load"), "add_load: applies to hold progression")
            else:
                out.add_load = fields["add_load"]
        after = self.field(
            fields,
            "deload_after",
            ppath,
            val.whole,
            lo=1,
            hi=10,
            what="missed sessions before a deload",
        )
        out.deload_after = after or out.deload_after
        factor = self.field(
            fields,
            "deload",
            ppath,
            val.fraction,
            lo=0.5,
            hi=1,
            what="the share of the load kept on a deload",
        )
        out.deload = factor or out.deload
        if ptype is ProgressionType.HOLD and out.hold_step is None:
            out.hold_step = 5
        return out

    def _fit_count(self, found: Exercise, written: Any, path: Path) -> dict[str, Any] | None:
        """What each set holds, fitted to the exercise: the catalogue's measure is a default.

        Reps of a plyometric are its contacts, reps of a usually-held exercise are reps, a hold
        of a rep exercise is an isometric hold of it; each is accepted with a note. A count
        per side on an exercise the catalogue does with both sides makes the line per side.
        """
        count, where, name = written.count, written.where, found.name
        measure = found.measure
        if count is None:
            self.issues.error(path, _USE[measure].format(name=name))
            return None
        out: dict[str, Any] = {}
        if count.per_side and not found.per_side:
            self.issues.note(
                where,
                f"{name} is done with both sides at once in the catalogue; "
                f"'{count.per_side}' read as the plan says: each side done and logged on its own",
            )
            out["per_side"] = True
        if count.amrap or count.key == "reps":
            shown = "AMRAP" if count.amrap else f"reps: {count.reps}"
            if measure is Measure.CONTACTS and count.reps and count.reps.lo == count.reps.hi:
                self.issues.note(
                    where,
                    f"{name} is counted in ground contacts: {shown} read as "
                    f"{count.reps.lo} contacts a set",
                )
                return {**out, "contacts": count.reps.lo}
            if measure in (Measure.CONTACTS, Measure.DISTANCE) and count.amrap:
                self.issues.error(
                    where,
                    f"AMRAP needs an exercise counted in reps; {name} "
                    f"is counted in {_COUNTED[measure]}",
                )
                return None
            if measure is Measure.CONTACTS:
                self.issues.error(
                    where,
                    f"{name} is counted in ground contacts: give one number a set "
                    f"(found {shown}), e.g. contacts: 20",
                )
                return None
            if measure is Measure.HOLD:
                self.issues.note(
                    where,
                    f"{name} is usually held; {shown} read as repetitions of it, "
                    "each set logged in reps",
                )
                out["measure"] = Measure.REPS
            return {**out, "reps": count.reps, "amrap": count.amrap or None}
        if count.key == "hold" and measure is Measure.REPS:
            self.issues.note(
                where,
                f"{name} is usually counted in reps; hold: {count.hold}s read as an "
                "isometric hold of it, each set logged in seconds",
            )
            return {**out, "measure": Measure.HOLD, "hold": count.hold}
        if (count.key == "hold") == (measure is Measure.HOLD) and (
            (count.key == "contacts") == (measure is Measure.CONTACTS)
        ):
            return {**out, count.key: getattr(count, count.key)}
        self.issues.error(where, f"{_USE[measure].format(name=name)} (not {count.key}:)")
        return None

    def _fit_progression(self, found: Exercise, path: Path, values: dict, data: dict) -> None:
        raw = data.get("progression")
        kind = raw.get("type") if isinstance(raw, dict) else raw
        if kind is None or str(kind).lower() not in _TYPES:
            return
        ptype = ProgressionType(str(kind).lower())
        ppath = (*path, "progression")
        measure, reps = found.measure, values.get("reps")
        counted = f"{found.name} is counted in {_COUNTED[measure]}"
        if ptype is ProgressionType.HOLD and measure is not Measure.HOLD:
            self.issues.error(
                ppath, f"hold progression needs an exercise measured in seconds held; {counted}"
            )
        if ptype is ProgressionType.CONTACTS and measure is not Measure.CONTACTS:
            self.issues.error(
                ppath,
                f"contacts progression needs a plyometric counted in ground contacts; {counted}",
            )
        reps_types = (ProgressionType.DOUBLE, ProgressionType.LINEAR, ProgressionType.RPE)
        if ptype in reps_types and measure is not Measure.REPS:
            self.issues.error(
                ppath, f"{ptype} progression needs an exercise counted in reps; {counted}"
            )
            return
        if ptype is ProgressionType.DOUBLE and reps is not None and reps.lo == reps.hi:
            self.issues.error(
                ppath,
                f"double progression needs a rep range such as 6-8 (found "
                f"reps: {reps}); use linear for a fixed number of reps",
            )
        if ptype is ProgressionType.RPE and not _all_rpe(values.get("load")):
            self.issues.error(ppath, "rpe progression needs load: RPE n (e.g. load: RPE 8)")


def _all_rpe(load: Load | SideLoads | None) -> bool:
    if isinstance(load, SideLoads):
        return load.left.kind is LoadKind.RPE and load.right.kind is LoadKind.RPE
    return load is not None and load.kind is LoadKind.RPE


def _default_progression(found: Exercise | None, values: dict[str, Any]) -> Progression:
    """What a line without progression: gets: documented in docs/plan-format.md."""
    measure = found.measure if found else Measure.REPS
    reps, load = values.get("reps"), values.get("load")
    if measure is Measure.HOLD:
        return Progression(type=ProgressionType.HOLD, hold_step=5)
    if measure is Measure.CONTACTS:
        return Progression(type=ProgressionType.CONTACTS)
    if measure is not Measure.REPS or reps is None or values.get("amrap"):
        return Progression()
    if _all_rpe(load):
        return Progression(type=ProgressionType.RPE)
    if reps.lo < reps.hi:
        return Progression(type=ProgressionType.DOUBLE)
    if load is not None:
        return Progression(type=ProgressionType.LINEAR)
    return Progression()
