"""The progression rules: one session's working sets in, the next target and its reason out.

Each rule is a pure function of the exercise's state, what the plan prescribes, the load step
and the sets done. ``decide`` picks the rule the plan asks for. Warm-ups never count; skipped
sets are not done sets, so a session with a skipped set never earns an increase (but only a set
done below the target counts as a miss).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from companion.domain.e1rm import estimate_1rm, rts_percent
from companion.domain.loads import add_step, round_down, round_nearest
from companion.domain.models import (
    ExerciseState,
    LoadKind,
    PlanExercise,
    ProgressionType,
    SetResult,
    Target,
    Unit,
)

RPE_CAP = 1.10  # an rpe-driven load never rises more than 10 % above the last load
DEFAULT_HOLD_STEP = 5  # seconds, when the plan gives no hold step
DEFAULT_RPE = 8.0
_EPS = 1e-9


def num(x: float) -> str:
    return f"{x:g}"


def load_text(load: float | None, unit: Unit, bodyweight: bool = False) -> str:
    """``40 kg``, ``BW+5 kg``, ``bodyweight`` or ``your choice``."""
    if bodyweight:
        return f"BW+{num(load)} {unit}" if load else "bodyweight"
    if load is None:
        return "your choice"
    return f"{num(load)} {unit}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def working_sets(sets: Sequence[SetResult]) -> list[SetResult]:
    return [s for s in sets if not s.warmup]


def done_sets(sets: Sequence[SetResult]) -> list[SetResult]:
    return [s for s in sets if not s.warmup and not s.skipped]


def reps_of(s: SetResult) -> int:
    """Reps done; a confirmed set with no count recorded was done as prescribed."""
    return s.reps if s.reps is not None else (s.target_reps or 0)


def hold_of(s: SetResult) -> int:
    return s.hold_s if s.hold_s is not None else (s.target_hold or 0)


def contacts_of(s: SetResult) -> int:
    return s.contacts if s.contacts is not None else (s.target_contacts or 0)


def target_rpe(target: Target, pe: PlanExercise) -> float:
    if target.rpe is not None:
        return target.rpe
    load = pe.load_for(target.side)
    if load is not None and load.kind is LoadKind.RPE and load.rpe is not None:
        return load.rpe
    return DEFAULT_RPE


def decide(
    state: ExerciseState,
    sets: Sequence[SetResult],
    pe: PlanExercise,
    step: float,
    day: date | None = None,
) -> ExerciseState:
    """The state for the next session after ``sets`` (this exercise and side, one session).

    With no working set done the state is returned unchanged.
    """
    working = working_sets(sets)
    done = [s for s in working if not s.skipped]
    if not done:
        return state
    target = state.target
    used = [s.load for s in done if s.load is not None]
    last_load = max(used) if used else target.load
    base, prefix = _base_load(target, used, step)
    rule = _amrap if pe.amrap else _RULES[pe.progression.type]
    update, misses = rule(state, target, pe, step, working, done, base, last_load)
    update.setdefault("reps_aim", None)  # only a rule that says "aim for" sets it
    if prefix and pe.progression.type in (ProgressionType.DOUBLE, ProgressionType.LINEAR):
        update["reason"] = prefix + update["reason"]
    new_target = target.model_copy(update=update)
    return state.model_copy(
        update={
            "target": new_target,
            "misses": misses,
            "last_done": day or done[-1].day,
            "last_load": last_load,
        }
    )


def _base_load(target: Target, used: list[float], step: float) -> tuple[float | None, str]:
    """The load the next decision starts from: the load the athlete used (the lowest, if the
    sets differed), as it was — a fact, never rounded. The prescription when none was used."""
    prescribed = target.load
    if used:
        lowest = min(used)
        if prescribed is not None and abs(lowest - prescribed) > _EPS:
            note = f"you used {load_text(lowest, target.unit, target.bodyweight)}; "
            return lowest, note
        return lowest, ""
    if prescribed is None and target.bodyweight:
        return 0.0, ""
    return prescribed, ""


def _plus_step(base: float, step: float, unit: Unit, bw: bool) -> tuple[float, str]:
    """``base`` + one step, and the arithmetic said out loud: ``95 + 10 = 105 lb``."""
    new = add_step(base, step)
    if bw:
        start = f"BW+{num(base)}" if base else "bodyweight"
        return new, f"{start} + {num(step)} {unit} = {load_text(new, unit, bw)}"
    return new, f"{num(base)} + {num(step)} = {num(new)} {unit}"


def _miss_or_deload(
    state: ExerciseState,
    target: Target,
    pe: PlanExercise,
    step: float,
    base: float | None,
    what: str,
) -> tuple[dict, int]:
    misses = state.misses + 1
    after = pe.progression.deload_after
    unit, bw = target.unit, target.bodyweight
    if misses >= after and base is not None:
        factor = pe.progression.deload
        new = round_down(base * factor, step, through=base)
        why = (
            f"{ordinal(misses)} miss in a row → deload: {num(base)} × {num(factor)} = "
            f"{num(round(base * factor, 2))} → {load_text(new, unit, bw)}"
        )
        return {"load": new, "reason": why}, 0
    why = f"{what} → repeat {load_text(base, unit, bw)} (miss {misses} of {after})"
    return {"load": base, "reason": why}, misses


def _double(state, target, pe, step, working, done, base, last_load):
    lo = pe.reps.lo if pe.reps else (target.reps or 1)
    hi = pe.reps.hi if pe.reps else (target.reps_hi or lo)
    unit, bw = target.unit, target.bodyweight
    n = len(working)
    below = [s for s in done if reps_of(s) < lo]
    if below:
        return _miss_or_deload(
            state, target, pe, step, base, f"{len(below)} of {n} sets below {lo}"
        )
    skipped = n - len(done)
    at_top = sum(1 for s in done if reps_of(s) >= hi)
    reps = {"reps": lo, "reps_hi": hi}
    if not skipped and at_top == n:
        if base is None:
            return {**reps, "reason": f"all {n} sets at {hi}, no load recorded → choose again"}, 0
        new, sums = _plus_step(base, step, unit, bw)
        return {**reps, "load": new, "reason": f"all {n} sets at {hi} → {sums}"}, 0
    if skipped:
        why = f"{skipped} of {n} sets skipped → repeat {load_text(base, unit, bw)}"
    else:
        why = f"{at_top} of {n} sets at {hi} → repeat {load_text(base, unit, bw)}, aim for {hi}"
        reps["reps_aim"] = hi  # the load stays so that the reps climb: as prescribed is the top
    return {**reps, "load": base, "reason": why}, 0


def _linear(state, target, pe, step, working, done, base, last_load):
    goal = pe.reps.lo if pe.reps else (target.reps or 1)
    unit, bw = target.unit, target.bodyweight
    n = len(working)
    short = [s for s in done if reps_of(s) < goal]
    if short:
        return _miss_or_deload(
            state, target, pe, step, base, f"{len(short)} of {n} sets below {goal}"
        )
    skipped = n - len(done)
    if skipped:
        why = f"{skipped} of {n} sets skipped → repeat {load_text(base, unit, bw)}"
        return {"load": base, "reason": why}, 0
    if base is None:
        return {
            "reps": goal,
            "reason": f"all {n} sets at {goal}, no load recorded → choose again",
        }, 0
    new, sums = _plus_step(base, step, unit, bw)
    return {"reps": goal, "load": new, "reason": f"all {n} sets at {goal} → {sums}"}, 0


def _rpe(state, target, pe, step, working, done, base, last_load):
    rpe = target_rpe(target, pe)
    reps = target.reps or (pe.reps.lo if pe.reps else None)
    unit = target.unit
    best: tuple[float, SetResult] | None = None
    for s in done:
        if not s.load:
            continue
        e = estimate_1rm(s.load, reps_of(s), s.rpe if s.rpe is not None else rpe)
        if e is not None and (best is None or e > best[0]):
            best = (e, s)
    if best is None or reps is None:
        why = f"no loaded set of 1-12 reps to estimate from → repeat {load_text(base, unit)}"
        return {"load": base, "reason": why}, 0
    e1rm, s = best
    try:
        percent = rts_percent(reps, rpe)
    except ValueError:
        return {"load": base, "reason": f"{reps} @ RPE {num(rpe)} is off the chart → repeat"}, 0
    new = round_nearest(e1rm * percent, step, through=last_load)
    logged = s.rpe if s.rpe is not None else rpe
    source = f"e1RM {e1rm:.0f} {unit} ({num(s.load)} × {reps_of(s)} @ RPE {num(logged)})"
    cap = (last_load or 0) * RPE_CAP
    if last_load and new > cap + _EPS:
        new = round_down(cap, step, through=last_load)
        why = f"{source} → capped at +10 %: {num(new)} {unit} for {reps} @ RPE {num(rpe)}"
    else:
        why = f"{source} → {num(new)} {unit} for {reps} @ RPE {num(rpe)}"
    return {"load": new, "rpe": rpe, "reason": why}, 0


def _hold(state, target, pe, step, working, done, base, last_load):
    goal = target.hold or pe.hold or 0
    prog = pe.progression
    n = len(working)
    short = [s for s in done if hold_of(s) < goal]
    if short or len(done) < n:
        what = f"{len(short)} of {n} holds short of {goal} s" if short else "a hold skipped"
        return {"hold": goal, "reason": f"{what} → repeat {goal} s"}, 0
    top = prog.hold_max
    if top is not None and goal >= top:
        if prog.add_load:
            new, sums = _plus_step(base or 0.0, step, target.unit, target.bodyweight)
            why = f"held {goal} s, the plan's longest, on every set → {sums}"
            return {"hold": goal, "load": new, "reason": why}, 0
        return {"hold": goal, "reason": f"held {goal} s, the plan's longest → stay at {goal} s"}, 0
    new_hold = goal + (prog.hold_step or DEFAULT_HOLD_STEP)
    if top is not None:
        new_hold = min(new_hold, top)
    return {"hold": new_hold, "reason": f"held {goal} s on every set → {new_hold} s"}, 0


def _contacts(state, target, pe, step, working, done, base, last_load):
    goal = target.contacts or pe.contacts or 0
    n = len(working)
    short = [s for s in done if contacts_of(s) < goal]
    if short or len(done) < n:
        return {"contacts": goal, "reason": f"session not completed → repeat {goal} contacts"}, 0
    top = pe.progression.contacts_max
    if top is not None and goal >= top:
        return {"contacts": goal, "reason": f"at the plan's most, {top} contacts → stay"}, 0
    new = goal + math.ceil(goal / 10)  # +10 %, rounded up, in whole numbers
    if top is not None:
        new = min(new, top)
    return {"contacts": new, "reason": f"all {n} sets of {goal} contacts → {new}"}, 0


def _amrap(state, target, pe, step, working, done, base, last_load):
    """As many reps as possible: no rep target; the best set recorded is the one to beat."""
    best = max(reps_of(s) for s in done)
    if not best:
        return {"reason": "as many reps as you can: no reps recorded last time → record them"}, 0
    return {"reason": f"as many reps as you can: {best} at best last time → beat {best}"}, 0


def _none(state, target, pe, step, working, done, base, last_load):
    return {"reason": "no progression in this plan → same as last time"}, 0


_RULES = {
    ProgressionType.DOUBLE: _double,
    ProgressionType.LINEAR: _linear,
    ProgressionType.RPE: _rpe,
    ProgressionType.HOLD: _hold,
    ProgressionType.CONTACTS: _contacts,
    ProgressionType.NONE: _none,
}
