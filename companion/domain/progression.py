"""Progression from recorded performance: first targets from the plan, next targets from a log.

State is kept per plan line (session + exercise) and side: the same lift can be heavy on one
day and light on another. A line shares another session's progress only when the plan says so
(``progress_with``). The rules themselves live in ``progression_rules``; this module finds the sets,
the step and the plan line for each exercise, and checks left against right afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from companion.domain.catalogue import Catalogue
from companion.domain.e1rm import estimate_1rm, rts_percent
from companion.domain.loads import convert, default_step, round_nearest
from companion.domain.models import (
    Exercise,
    ExerciseState,
    LoadKind,
    Muscle,
    Plan,
    PlanExercise,
    SessionKind,
    SessionLog,
    SetResult,
    Side,
    SideLoads,
    Target,
    Unit,
)
from companion.domain.progression_rules import (
    DEFAULT_RPE,
    decide,
    done_sets,
    load_text,
    num,
    reps_of,
)
from companion.domain.symmetry import OK_AT, compare_sides

__all__ = [
    "best_e1rm",
    "catalogue_for",
    "decide",
    "initial_states",
    "initial_target",
    "line_key",
    "next_states",
    "plan_exercises",
    "plan_lines",
    "replay",
    "sides_of",
    "step_for",
    "weak_side",
]




class PlanExerciseError(ValueError):
    """A plan names an exercise neither the catalogue nor the plan itself defines."""


def catalogue_for(plan: Plan, catalogue: Catalogue) -> Catalogue:
    """The catalogue plus the plan's own exercises (those it does not already know)."""
    custom = [e for e in plan.exercises if e.id not in catalogue]
    return catalogue.with_custom(custom) if custom else catalogue


def exercise_of(catalogue: Catalogue, pe: PlanExercise, plan: Plan) -> Exercise:
    """The exercise of a plan line, as the line does it (its own measure and sides, if given)."""
    try:
        exercise = catalogue.get(pe.exercise)
    except KeyError:
        raise PlanExerciseError(
            f"plan {plan.name!r} uses exercise {pe.exercise!r}, which is neither in the "
            "catalogue nor in the plan's own exercises"
        ) from None
    own = {"measure": pe.measure, "per_side": pe.per_side}
    own = {k: v for k, v in own.items() if v is not None and v != getattr(exercise, k)}
    return exercise.model_copy(update=own) if own else exercise


def step_for(plan: Plan, pe: PlanExercise, exercise: Exercise) -> float:
    """The plan's ``step:`` for this exercise, else the default for its body half and unit."""
    return pe.step if pe.step else default_step(exercise.body, plan.units)


def sides_of(exercise: Exercise, pe: PlanExercise | None = None) -> list[Side]:
    """LEFT and RIGHT for single-side work (or per-side loads), else BOTH."""
    if exercise.per_side or (pe is not None and isinstance(pe.load, SideLoads)):
        return [Side.LEFT, Side.RIGHT]
    return [Side.BOTH]


def line_key(session_key: str, exercise_id: str, nth: int = 1) -> str:
    """The key of a plan line: ``C/rfe-split-squat`` (``#2`` for a second line of the same
    exercise in one session). Targets are kept per line, not per exercise."""
    return f"{session_key}/{exercise_id}" + (f"#{nth}" if nth > 1 else "")


class PlanLine(NamedTuple):
    """One exercise line of one session, and the key of the progress it follows: its own, or
    the line it ``progress_with``-shares in another session."""

    key: str
    session_key: str
    pe: PlanExercise


def plan_lines(plan: Plan, session_key: str | None = None) -> list[PlanLine]:
    """Every line of the plan (or of one session), in the plan's order."""
    keys = [session_key] if session_key is not None else list(plan.sessions)
    lines = []
    for key in keys:
        template = plan.sessions.get(key)
        if template is None:
            continue
        seen: dict[str, int] = {}
        for pe in template.exercises:
            seen[pe.exercise] = seen.get(pe.exercise, 0) + 1
            own = line_key(key, pe.exercise, seen[pe.exercise])
            shared = pe.progress_with
            lines.append(PlanLine(line_key(shared, pe.exercise) if shared else own, key, pe))
    return lines


def plan_exercises(plan: Plan, session_key: str | None = None) -> list[PlanExercise]:
    """Each exercise of the plan once: the line in ``session_key`` first, else the first seen."""
    seen: dict[str, PlanExercise] = {}
    templates = list(plan.sessions.values())
    if session_key in plan.sessions:
        templates.insert(0, plan.sessions[session_key])
    for template in templates:
        for pe in template.exercises:
            seen.setdefault(pe.exercise, pe)
    return list(seen.values())


def best_e1rm(
    history: Iterable[SetResult], exercise_id: str, side: Side, unit: Unit
) -> float | None:
    """The best estimated 1RM among done, loaded working sets of this exercise and side, in
    ``unit`` (a set lifted in the other unit, such as one brought from another app, counts
    converted)."""
    best: float | None = None
    for s in history:
        if s.exercise_id != exercise_id or s.warmup or s.skipped or not s.load or s.bodyweight:
            continue
        if side is not Side.BOTH and s.side is not side:
            continue
        e = estimate_1rm(s.load, reps_of(s), s.rpe)
        if e is not None:
            e = convert(e, s.unit, unit)
            if best is None or e > best:
                best = e
    return best


def initial_target(
    plan: Plan,
    pe: PlanExercise,
    exercise: Exercise,
    side: Side,
    history: Sequence[SetResult] = (),
) -> Target:
    """The first target for an exercise and side, straight from the plan (and history)."""
    unit = plan.units
    base = Target(
        exercise_id=exercise.id,
        side=side,
        sets=pe.sets,
        reps=pe.reps.lo if pe.reps else None,
        reps_hi=pe.reps.hi if pe.reps else None,
        unit=unit,
        hold=pe.hold,
        contacts=pe.contacts,
    )
    load = pe.load_for(side)
    if load is None or load.kind is LoadKind.BODYWEIGHT:
        amount = load.amount if load is not None else 0.0
        text = load_text(amount, unit, bodyweight=True)
        return base.model_copy(
            update={"bodyweight": True, "load": amount, "reason": f"first session: {text}"}
        )
    if load.kind is LoadKind.WEIGHT:
        reason = f"first session: {load_text(load.amount, unit)} from the plan"
        return base.model_copy(update={"load": load.amount, "reason": reason})
    step = step_for(plan, pe, exercise)
    e1rm = best_e1rm(history, exercise.id, side, unit)
    if load.kind is LoadKind.RPE:
        rpe = load.rpe or DEFAULT_RPE
        reps = base.reps
        update: dict = {"rpe": rpe, "load": None}
        if e1rm is not None and reps is not None and reps <= 12:
            try:
                new = round_nearest(e1rm * rts_percent(reps, rpe), step)
            except ValueError:
                new = None
            if new:
                why = f"best e1RM {e1rm:.0f} {unit} → {num(new)} {unit} for {reps} @ RPE {num(rpe)}"
                return base.model_copy(update={**update, "load": new, "reason": why})
        why = f"choose a load that feels like RPE {num(rpe)}"
        return base.model_copy(update={**update, "reason": why})
    percent = load.percent or 0.0
    if e1rm is not None:
        new = round_nearest(e1rm * percent / 100, step)
        why = f"{num(percent)} % of your best e1RM {e1rm:.0f} {unit} → {num(new)} {unit}"
        return base.model_copy(update={"load": new, "reason": why})
    why = (
        f"no lifts recorded to take {num(percent)} % of: choose a load you could lift 3 more times"
    )
    return base.model_copy(update={"load": None, "reason": why})


def initial_states(
    plan: Plan, catalogue: Catalogue, history_sets: Sequence[SetResult] = ()
) -> list[ExerciseState]:
    """One state per plan line and side, targets straight from the line's prescription."""
    catalogue = catalogue_for(plan, catalogue)
    states: dict[tuple[str, Side], ExerciseState] = {}
    for line in plan_lines(plan):
        exercise = exercise_of(catalogue, line.pe, plan)
        for side in sides_of(exercise, line.pe):
            if (line.key, side) in states:
                continue  # a line sharing another's progress starts from that one
            target = initial_target(plan, line.pe, exercise, side, history_sets)
            states[(line.key, side)] = ExerciseState(
                plan_id=plan.id, exercise_id=exercise.id, line=line.key, side=side, target=target
            )
    return list(states.values())


def next_states(
    plan: Plan,
    catalogue: Catalogue,
    states: Sequence[ExerciseState],
    log: SessionLog,
    today: date,
    flagged: dict[Muscle, Side] | None = None,
    bodyweight_kg: float | None = None,
) -> list[ExerciseState]:
    """Every state given, those of the lines done in ``log`` moved on (and new ones for lines
    done for the first time, after the given ones).

    Exercises swapped for another (``log.substitutions``) and those with no working set done
    keep their state. The weak-side extra set is decided here from the session's own left and
    right results; ``flagged`` muscles are applied when the session is built (so a new
    assessment takes effect at once), so nothing from them is stored.
    """
    del flagged  # applied by session.build_session; see the docstring
    catalogue = catalogue_for(plan, catalogue)
    by_key = {(s.line, s.side): s for s in states if s.plan_id == plan.id}
    order = list(by_key)
    day = log.day if log.day <= today else today
    for line in plan_lines(plan, log.session_key):
        pe = line.pe
        if pe.exercise in log.substitutions:
            continue
        exercise = exercise_of(catalogue, pe, plan)
        sides = sides_of(exercise, pe)
        mine = [s for s in log.sets if s.exercise_id == exercise.id]
        per_side: dict[Side, list[SetResult]] = {}
        for side in sides:
            sets = [s for s in mine if s.side is side or len(sides) == 1]
            per_side[side] = sets
            _decide_line(plan, line, exercise, side, sets, log, day, by_key, order)
        if len(sides) == 2:
            _mark_weak_side(by_key, line.key, per_side, bodyweight_kg)
    return [by_key[k] for k in order]


def replay(
    plan: Plan,
    catalogue: Catalogue,
    sessions: Iterable[SessionLog],
    bodyweight_kg: float | None = None,
) -> list[ExerciseState]:
    """The targets derived from the recorded history alone: a fold of :func:`next_states`
    over the plan's finished training sessions (with their sets), oldest first.

    What ``finish`` stores after each session is this, kept so that starting does not need
    every set; restoring an export, editing a past set or re-importing the plan derive it again.
    """
    states: list[ExerciseState] = []
    mine = [
        s
        for s in sessions
        if s.kind is SessionKind.TRAINING
        and s.finished_at is not None
        and (
            (s.plan_id == plan.id and s.session_key in plan.sessions)
            or (s.plan_id is None and s.source is not None)
        )
    ]
    for log in sorted(mine, key=lambda s: s.started_at):
        if log.plan_id is None:
            states = foreign_states(plan, catalogue, states, log)
        else:
            states = next_states(
                plan, catalogue, states, log, log.day, bodyweight_kg=bodyweight_kg
            )
    return states


def foreign_states(
    plan: Plan, catalogue: Catalogue, states: Sequence[ExerciseState], log: SessionLog
) -> list[ExerciseState]:
    """Every state given, moved on by a session brought from another app (no plan, no line).

    Its working sets of an exercise count for the line of the plan whose reps they fit: a
    Strong 3 × 8 moves a 6–8 line, not the 12–15 line of the same lift on a light day (where the
    plan has one line of the exercise, or the sets fit none better, for every line doing it),
    each judged by its own rule. Loads in the other unit are converted and put on the line's
    grid of steps. Drop sets are left out. A set without a side (``Side.BOTH`` of a single-leg
    exercise: the other app did not record it) counts for the left and the right, and no
    weaker side is decided from it.
    """
    catalogue = catalogue_for(plan, catalogue)
    by_key = {(s.line, s.side): s for s in states if s.plan_id == plan.id}
    order = list(by_key)
    done_keys: set[str] = set()
    fitting = _fitting_lines(plan, log)
    for line in plan_lines(plan):
        if line.key in done_keys or line.key not in fitting:  # shared progress moves once
            continue
        done_keys.add(line.key)
        exercise = exercise_of(catalogue, line.pe, plan)
        step = step_for(plan, line.pe, exercise)
        mine = [
            in_units(s, plan.units, step)
            for s in log.sets
            if s.exercise_id == exercise.id and not s.drop
        ]
        for side in sides_of(exercise, line.pe):
            sets = [s for s in mine if s.side in (side, Side.BOTH)]
            _decide_line(plan, line, exercise, side, sets, log, log.day, by_key, order)
    return [by_key[k] for k in order]


def _fitting_lines(plan: Plan, log: SessionLog) -> set[str]:
    """The keys of the lines a foreign session's sets are for: per exercise, the lines whose
    rep range is nearest the median reps done (0 inside the range); every line of an exercise
    done without reps, or with no rep range to compare."""
    lines_of: dict[str, list[PlanLine]] = {}
    for line in plan_lines(plan):
        lines_of.setdefault(line.pe.exercise, []).append(line)
    keys: set[str] = set()
    for exercise_id, lines in lines_of.items():
        reps = sorted(
            s.reps for s in log.sets
            if s.exercise_id == exercise_id and s.reps and not s.warmup and not s.drop
        )  # fmt: skip
        ranges = {ln.key: (ln.pe.reps.lo, ln.pe.reps.hi) for ln in lines if ln.pe.reps}
        if not reps or len(ranges) < 2:
            keys |= {ln.key for ln in lines}
            continue
        middle = reps[len(reps) // 2]
        off = {key: max(lo - middle, 0, middle - hi) for key, (lo, hi) in ranges.items()}
        nearest = min(off.values())
        keys |= {key for key, d in off.items() if d == nearest}
        keys |= {ln.key for ln in lines if ln.key not in ranges}
    return keys


def in_units(result: SetResult, unit: Unit, step: float) -> SetResult:
    """A set with its load in ``unit``: converted and put on the grid of ``step`` when it was
    lifted in the other unit (a worked-out load, so rounded), as it was otherwise."""
    if result.unit is unit:
        return result
    load = result.load
    if load:
        load = round_nearest(convert(load, result.unit, unit), step)
    return result.model_copy(update={"load": load, "unit": unit})


def _decide_line(
    plan: Plan,
    line: PlanLine,
    exercise: Exercise,
    side: Side,
    sets: list[SetResult],
    log: SessionLog,
    day: date,
    by_key: dict[tuple[str, Side], ExerciseState],
    order: list[tuple[str, Side]],
) -> None:
    """One line and side moved on by ``sets`` (a state made for it when it has none yet)."""
    if not done_sets(sets):
        return
    key = (line.key, side)
    state = by_key.get(key) or ExerciseState(
        plan_id=plan.id,
        exercise_id=exercise.id,
        line=line.key,
        side=side,
        target=initial_target(plan, line.pe, exercise, side, log.sets),
    )
    if key not in by_key:
        order.append(key)
    by_key[key] = decide(state, sets, line.pe, step_for(plan, line.pe, exercise), day)


def weak_side(
    left: Sequence[SetResult], right: Sequence[SetResult], bodyweight_kg: float | None = None
) -> tuple[Side | None, float | None]:
    """``(weaker side, LSI)`` from one session's sets (``symmetry.compare_sides``), or
    ``(None, LSI)`` when level enough; ``(None, None)`` when the sides cannot be compared."""
    found = compare_sides(done_sets(left), done_sets(right), bodyweight_kg)
    if found is None:
        return None, None
    if found.lsi >= OK_AT or found.weaker is None:
        return None, found.lsi
    return Side(found.weaker), found.lsi


def weak_reason(weaker: Side, index: float) -> str:
    other = Side.RIGHT if weaker is Side.LEFT else Side.LEFT
    # floor, so 89.6 % never reads as "90 %" while it still earns the extra set
    return f"{weaker} at {int(index)} % of {other} → one extra set on the {weaker}"


def _mark_weak_side(
    by_key: dict[tuple[str, Side], ExerciseState],
    line: str,
    per_side: dict[Side, list[SetResult]],
    bodyweight_kg: float | None,
) -> None:
    weaker, index = weak_side(per_side[Side.LEFT], per_side[Side.RIGHT], bodyweight_kg)
    if index is None:
        return  # one side not done: keep what the last comparison said
    for side in (Side.LEFT, Side.RIGHT):
        state = by_key.get((line, side))
        if state is None:
            continue
        extra = 1 if side is weaker else 0
        reason = weak_reason(side, index) if extra else ""
        target = state.target.model_copy(update={"extra_sets": extra, "extra_reason": reason})
        by_key[(line, side)] = state.model_copy(update={"target": target})
