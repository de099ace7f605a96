"""Building the runner's list of sets for one session, and how long it will take.

Order: for each exercise (or superset), its warm-up sets, then its working sets. Per-side
exercises alternate set 1 LEFT, set 1 RIGHT, set 2 LEFT, ...; the weaker side's extra set
comes last (``extra=True``). A superset interleaves its members round by round (A1 set 1,
A2 set 1, A1 set 2, ...).

``PlannedSet.rest`` is the rest after that set. It is 0 after a LEFT set of a per-side
exercise (the runner shows the side switch there, not a rest timer) and 0 between members of a
superset; the rest comes after the last member of each round (the longest rest any member
asks for).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from companion.domain.assessment import evaluate_all, flagged_muscles
from companion.domain.catalogue import Catalogue
from companion.domain.loads import round_down
from companion.domain.models import (
    AssessmentResult,
    Exercise,
    ExerciseState,
    LoadKind,
    Measure,
    Muscle,
    Plan,
    PlanExercise,
    PlannedSet,
    Side,
    Target,
    WarmupSet,
)
from companion.domain.progression import (
    catalogue_for,
    exercise_of,
    initial_target,
    plan_lines,
    sides_of,
    step_for,
)
from companion.domain.progression_rules import load_text, num
from companion.domain.schedule import phase_of

BREAK_DAYS = 14  # more days than this since the exercise was last done is a break
BREAK_FACTOR = 0.9
WARMUP_REST = 60  # seconds after a warm-up set
SECONDS_PER_REP = 4
SECONDS_PER_CONTACT = 1
DEFAULT_SIDE_SWITCH = 10  # seconds between the left and the right side of a set


class UnknownSessionError(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


class Substitutes(NamedTuple):
    """What the athlete may swap an exercise for: its easier and harder variants."""

    easier: Exercise | None
    harder: Exercise | None


def phase_sets(sets: int, volume: float) -> int:
    """Planned sets scaled by the phase's volume, rounded half up, never below 1."""
    return max(1, math.floor(sets * volume + 0.5 + 1e-9))


def build_session(
    plan: Plan,
    session_key: str,
    catalogue: Catalogue,
    states: Sequence[ExerciseState],
    today: date,
    flagged: dict[Muscle, Side] | None = None,
) -> list[PlannedSet]:
    """The ordered sets of ``session_key`` for ``today``, targets from ``states``."""
    if session_key not in plan.sessions:
        known = ", ".join(sorted(plan.sessions))
        raise UnknownSessionError(
            f"plan {plan.name!r} has no session {session_key!r}; it has: {known}"
        )
    catalogue = catalogue_for(plan, catalogue)
    found = phase_of(plan, today)
    volume = found[0].volume if found else 1.0
    by_key = {(s.line, s.side): s for s in states if s.plan_id == plan.id}
    lines = {id(line.pe): line.key for line in plan_lines(plan, session_key)}
    blocks = _blocks(plan.sessions[session_key].exercises)
    planned: list[PlannedSet] = []
    for block in blocks:
        members = []
        for pe in block:
            exercise = exercise_of(catalogue, pe, plan)
            sides = sides_of(exercise, pe)
            line = lines[id(pe)]
            targets = {
                side: _target(plan, pe, exercise, side, by_key.get((line, side)), today)
                for side in sides
            }
            extras = _extras(exercise, targets, flagged or {})
            members.append(
                _Member(pe, exercise, sides, targets, extras, phase_sets(pe.sets, volume), line)
            )
        for m in members:
            planned.extend(_warmups(plan, m))
        planned.extend(_working(block, members))
    return planned


class _Member(NamedTuple):
    pe: PlanExercise
    exercise: Exercise
    sides: list[Side]
    targets: dict[Side, Target]
    extras: dict[Side, str]  # side -> reason for its extra set
    sets: int
    line: str = ""


def _blocks(exercises: Sequence[PlanExercise]) -> list[list[PlanExercise]]:
    """Exercises grouped by superset label, each group where its first member stands."""
    blocks: list[list[PlanExercise]] = []
    by_label: dict[str, list[PlanExercise]] = {}
    for pe in exercises:
        if pe.superset is None:
            blocks.append([pe])
        elif pe.superset in by_label:
            by_label[pe.superset].append(pe)
        else:
            by_label[pe.superset] = [pe]
            blocks.append(by_label[pe.superset])
    return blocks


def _target(
    plan: Plan,
    pe: PlanExercise,
    exercise: Exercise,
    side: Side,
    state: ExerciseState | None,
    today: date,
) -> Target:
    if state is None:
        return initial_target(plan, pe, exercise, side)
    target = state.target
    if state.last_done is None:
        return target
    gap = (today - state.last_done).days
    base = state.last_load if state.last_load is not None else target.load
    if gap > BREAK_DAYS and base:
        new = round_down(base * BREAK_FACTOR, step_for(plan, pe, exercise), through=base)
        shown = load_text(new, target.unit, target.bodyweight)
        share, cut = f"{BREAK_FACTOR * 100:.0f}", num(round(base * BREAK_FACTOR, 2))
        why = f"back after {gap} days → {share} % of {num(base)} = {cut}: {shown}"
        return target.model_copy(update={"load": new, "reason": why})
    return target


def _extras(exercise: Exercise, targets: dict[Side, Target], flagged: dict) -> dict[Side, str]:
    """At most one extra set per side: the weaker side by LSI, or an assessment's flag."""
    if len(targets) != 2:
        return {}
    extras = {side: t.extra_reason or "weaker side" for side, t in targets.items() if t.extra_sets}
    for muscle in exercise.primary:
        side = flagged.get(muscle)
        if side in (Side.LEFT, Side.RIGHT) and side not in extras:
            extras[side] = (
                f"{muscle.label} flagged on the {side} in your last assessment "
                f"→ one extra set on the {side}"
            )
    return extras


def _planned(m: _Member, side: Side, number: int, of: int, rest: int, **kw) -> PlannedSet:
    t = m.targets[side]
    return PlannedSet(
        exercise_id=m.exercise.id,
        exercise_name=m.exercise.name,
        set_number=number,
        of_sets=of,
        side=side,
        measure=m.exercise.measure,
        target_reps=t.reps if m.exercise.measure is Measure.REPS else None,
        target_reps_hi=t.reps_hi if m.exercise.measure is Measure.REPS else None,
        reps_aim=t.reps_aim if m.exercise.measure is Measure.REPS else None,
        target_load=t.load,
        bodyweight=t.bodyweight,
        unit=t.unit,
        target_hold=t.hold,
        target_contacts=t.contacts,
        target_rpe=t.rpe,
        rest=rest,
        tempo=m.pe.tempo,
        cues=list(m.exercise.cues),
        notes=m.pe.notes,
        superset=m.pe.superset,
        reason=t.reason,
        line=m.line,
        **kw,
    )


def _warmups(plan: Plan, m: _Member) -> list[PlannedSet]:
    out: list[PlannedSet] = []
    count = len(m.pe.warmup)
    for number, warm in enumerate(m.pe.warmup, start=1):
        for side in m.sides:
            rest = 0 if side is Side.LEFT else WARMUP_REST
            load, bodyweight = _warmup_load(plan, m, side, warm)
            ps = _planned(m, side, number, count, rest, warmup=True)
            out.append(
                ps.model_copy(
                    update={
                        "target_reps": warm.reps,
                        "target_reps_hi": None,
                        "reps_aim": None,
                        "target_load": load,
                        "bodyweight": bodyweight,
                        "target_hold": None,
                        "target_contacts": None,
                        "target_rpe": None,
                        "reason": "warm-up",
                    }
                )
            )
    return out


def _warmup_load(plan: Plan, m: _Member, side: Side, warm: WarmupSet) -> tuple[float | None, bool]:
    load = warm.load
    if load.kind is LoadKind.WEIGHT:
        return load.amount, False
    if load.kind is LoadKind.BODYWEIGHT:
        return load.amount, True
    working = m.targets[side].load
    if load.kind is LoadKind.PERCENT and working:
        # a warm-up percentage is of today's working load
        step = step_for(plan, m.pe, m.exercise)
        return round_down(working * (load.percent or 0) / 100, step, through=working), False
    return None, False


def _working(block: list[PlanExercise], members: list[_Member]) -> list[PlannedSet]:
    out: list[PlannedSet] = []
    block_rest = max(m.pe.rest for m in members)
    rounds = max(m.sets for m in members)
    for number in range(1, rounds + 1):
        present = [m for m in members if m.sets >= number]
        for i, m in enumerate(present):
            last_member = i == len(present) - 1
            for side in m.sides:
                of = m.sets + (1 if side in m.extras else 0)
                if len(members) > 1:
                    rest = block_rest if last_member and side is m.sides[-1] else 0
                else:
                    rest = 0 if side is Side.LEFT else m.pe.rest
                out.append(_planned(m, side, number, of, rest))
    for m in members:
        for side in m.sides:
            if side in m.extras:
                ps = _planned(m, side, m.sets + 1, m.sets + 1, m.pe.rest, extra=True)
                out.append(ps.model_copy(update={"reason": m.extras[side]}))
    return out


def estimate_minutes(planned_sets: Sequence[PlannedSet]) -> int:
    """Work (≈4 s a rep, 1 s a ground contact, or the hold) plus rests plus 10 s per side
    switch; the rest after the final set is not counted."""
    seconds = 0
    for i, ps in enumerate(planned_sets):
        if ps.target_hold:
            seconds += ps.target_hold
        elif ps.target_contacts:
            seconds += ps.target_contacts * SECONDS_PER_CONTACT
        else:
            seconds += (ps.target_reps_hi or ps.target_reps or 0) * SECONDS_PER_REP
        if i < len(planned_sets) - 1:
            seconds += ps.rest
            nxt = planned_sets[i + 1]
            if (
                ps.side is Side.LEFT
                and nxt.side is Side.RIGHT
                and nxt.exercise_id == ps.exercise_id
            ):
                seconds += DEFAULT_SIDE_SWITCH
    if not planned_sets:
        return 0
    return max(1, math.floor(seconds / 60 + 0.5))


def substitute_options(catalogue: Catalogue, exercise_id: str) -> Substitutes:
    """The easier and harder variants of an exercise (either may be None)."""
    return Substitutes(easier=catalogue.easier(exercise_id), harder=catalogue.harder(exercise_id))


def flags_from_assessments(
    results: Sequence[AssessmentResult], catalogue: Catalogue
) -> dict[Muscle, Side]:
    """Muscle → weaker side from the latest result of each test that is flagged (LSI < 85 %).

    Tests the catalogue does not know as an exercise are left out.
    """
    latest: dict[str, AssessmentResult] = {}
    for result in sorted(results, key=lambda r: r.day):
        if result.test_id in catalogue:
            latest[result.test_id] = result
    return flagged_muscles(evaluate_all(latest.values()), catalogue)
