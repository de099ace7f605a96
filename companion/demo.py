"""The demo database: half a year of a runner's strength work on the bundled demo plan.

``generate_demo`` is the pure core: a simulated athlete trains the plan through the app's own
rules (``session.build_session`` for each session, ``progression.next_states`` after it), so
the targets, weak-side extra sets and stored states are exactly what the app would have shown.
Everything comes from a seeded RNG and dates counted back from ``today``: the same seed and day
give the same history. ``create_demo`` writes it to a separate database through the store.

The athlete: two sessions a week on the plan's days, a week away around month three, loads
that climb with occasional bad days and misses, and a LEFT calf that starts at about 80 % of
the right and catches up to about 95 % (seen in training and in the test every six weeks).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from companion.domain import assessment, progression, schedule, session
from companion.domain.catalogue import Catalogue, builtin
from companion.domain.e1rm import rts_percent
from companion.domain.loads import round_nearest
from companion.domain.models import (
    AssessmentResult,
    Exercise,
    ExerciseState,
    Measure,
    Muscle,
    Plan,
    PlannedSet,
    SessionLog,
    SetResult,
    Side,
)

DEMO_SEED = 7
HISTORY_WEEKS = 26  # the plan week holding ``today`` is the last one
HOLIDAY_WEEK = 12  # a week away, around month three
CALF_MUSCLES = {Muscle.GASTROCNEMIUS, Muscle.SOLEUS}
CALF_START, CALF_END = 0.80, 0.95  # left calf as a share of the right
BODYWEIGHT_KG = 60.0  # a rough model: reps at bodyweight fall to nothing at +60 kg

_SESSION_NOTES = (
    "Legs still heavy from Tuesday's intervals.",
    "Short on time; kept the rests honest anyway.",
    "Felt springy today.",
    "Gym busy, did the superset on the stairs.",
    "Slept badly, everything felt a notch harder.",
    "Good one. Calves loosening up.",
)
_CALF_NOTE = "Left calf gave out a few reps before the right."
_BACK_NOTE = "First session back after a week away."


@dataclass
class DemoHistory:
    plan: Plan  # the demo plan, dated so that ``today`` falls in its last week
    sessions: list[SessionLog]  # finished training sessions with their sets, oldest first
    assessments: list[AssessmentResult]
    states: list[ExerciseState]  # the progression state after the last session


def demo_start(today: date) -> date:
    """Monday of the demo plan's first week: ``HISTORY_WEEKS - 1`` weeks before this one."""
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=HISTORY_WEEKS - 1)


class _Athlete:
    """How strong the simulated runner is on a given day, per exercise and side."""

    def __init__(self, rng: random.Random, start: date) -> None:
        self.rng = rng
        self.start = start
        self.base: dict[str, float] = {}  # ability on day one, stronger side
        self.gain: dict[str, float] = {}  # share gained by the end of the half year
        self.tilt: dict[str, tuple[Side, float]] = {}  # the slightly weaker side, and by how much

    def progress(self, day: date) -> float:
        return min(1.0, max(0.0, (day - self.start).days / (HISTORY_WEEKS * 7)))

    def calf_ratio(self, day: date) -> float:
        return CALF_START + (CALF_END - CALF_START) * self.progress(day)

    def side_ratio(self, exercise: Exercise, side: Side, day: date) -> float:
        if side is Side.BOTH:
            return 1.0
        if CALF_MUSCLES & set(exercise.primary):
            return self.calf_ratio(day) if side is Side.LEFT else 1.0
        if exercise.id not in self.tilt:
            weaker = self.rng.choice((Side.LEFT, Side.RIGHT))
            self.tilt[exercise.id] = (weaker, self.rng.uniform(0.95, 1.0))
        weaker, ratio = self.tilt[exercise.id]
        return ratio if side is weaker else 1.0

    def ability(self, exercise: Exercise, ps: PlannedSet, day: date, form: float) -> float:
        """e1RM in kg for weighted work, max reps at bodyweight, or the longest hold in s."""
        if exercise.id not in self.base:
            self.base[exercise.id] = _first_ability(exercise, ps)
            self.gain[exercise.id] = self.rng.uniform(0.4, 0.6)
        weeks = (day - self.start).days / 7
        growth = 1 + self.gain[exercise.id] * (1 - math.exp(-weeks / 14))
        return self.base[exercise.id] * growth * self.side_ratio(exercise, ps.side, day) * form


def _first_ability(exercise: Exercise, ps: PlannedSet) -> float:
    """Day one: the plan's first target is doable, a rep or two short of the top of the range."""
    if exercise.measure is Measure.HOLD:
        return (ps.target_hold or 30) * 1.15
    reps = (ps.target_reps or 8) + 2.5
    if ps.bodyweight:
        return reps / max(0.3, 1 - (ps.target_load or 0) / BODYWEIGHT_KG)
    if ps.target_load:
        return ps.target_load * (1 + reps / 30)
    return 90.0  # an RPE-loaded lift with no history: the athlete's guess decides the load


def generate_demo(
    plan: Plan, today: date, seed: int = DEMO_SEED, catalogue: Catalogue | None = None
) -> DemoHistory:
    """The whole demo history up to (not including) ``today``; pure and deterministic."""
    rng = random.Random(seed)
    start = demo_start(today)
    plan = plan.model_copy(
        update={"start": start, "imported_at": datetime.combine(start, time(9, 0))}
    )
    catalogue = progression.catalogue_for(plan, catalogue or builtin())
    athlete = _Athlete(rng, start)
    states: list = []  # kept targets start empty, as finishing and replaying them do
    sessions: list[SessionLog] = []
    results: list[AssessmentResult] = []
    flagged: dict[Muscle, Side] = {}
    every = plan.assessments.every_weeks if plan.assessments else 6
    tests = assessment.battery(plan.assessments.tests if plan.assessments else None, catalogue)
    tested_weeks: set[int] = set()
    day = start
    while day < today:
        week = schedule.week_of(plan, day)
        if not schedule.is_strength_day(plan, day) or week == HOLIDAY_WEEK:
            day += timedelta(days=1)
            continue
        due = schedule.due_session(plan, day, sessions)
        if due is None:
            break  # the plan is over
        if (week - 1) % every == 0 and week not in tested_weeks:
            tested_weeks.add(week)
            new = [_assess(rng, athlete, test.id, test.unit, day) for test in tests]
            results.extend(new)
            flagged = assessment.flagged_muscles(assessment.evaluate_all(new), catalogue)
        planned = session.build_session(plan, due.key, catalogue, states, day, flagged)
        log = _train(rng, athlete, plan, catalogue, due, planned, day)
        log.note = _BACK_NOTE if week == HOLIDAY_WEEK + 1 and due.key == "A" else log.note
        sessions.append(log)
        states = progression.next_states(
            plan, catalogue, states, log, log.day, bodyweight_kg=BODYWEIGHT_KG
        )
        day += timedelta(days=1)
    return DemoHistory(plan, sessions, results, states)


def generate_history(
    plan: Plan, today: date, seed: int = DEMO_SEED
) -> tuple[list[SessionLog], list[AssessmentResult]]:
    """The sessions (with their sets) and assessment results of the demo, oldest first."""
    history = generate_demo(plan, today, seed)
    return history.sessions, history.assessments


def _new_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _train(
    rng: random.Random,
    athlete: _Athlete,
    plan: Plan,
    catalogue: Catalogue,
    due: schedule.DueSession,
    planned: list[PlannedSet],
    day: date,
) -> SessionLog:
    """One session as the athlete did it: every planned set performed, timed and recorded."""
    form = min(1.06, max(0.88, rng.gauss(1.0, 0.035)))  # a bad day gives misses
    started = datetime.combine(day, time(18, 0)) + timedelta(minutes=rng.randrange(0, 40))
    log = SessionLog(
        id=_new_id(rng), plan_id=plan.id, plan_name=plan.name, session_key=due.key,
        title=due.title, week=due.week, phase=due.phase, started_at=started,
        planned_sets=len(planned),
    )  # fmt: skip
    clock = started + timedelta(minutes=rng.randrange(3, 8))
    for i, ps in enumerate(planned):
        exercise = catalogue.get(ps.exercise_id)
        result = _perform(rng, athlete, plan, exercise, ps, day, form, log.id)
        clock += timedelta(seconds=_work_seconds(result))
        log.sets.append(result.model_copy(update={"at": clock}))
        switching = i + 1 < len(planned) and planned[i + 1].exercise_id == ps.exercise_id
        clock += timedelta(seconds=10 if switching and ps.side is Side.LEFT else ps.rest)
    log.finished_at = clock + timedelta(minutes=rng.randrange(2, 6))
    log.rpe = min(9.0, max(4.0, round(2 * (6.5 + (1 - form) * 20 + rng.gauss(0, 0.4))) / 2))
    if rng.random() < 0.12:
        log.note = rng.choice(_SESSION_NOTES)
    calf_sets = [s for s in log.sets if s.side is Side.LEFT and not s.warmup and s.reps]
    calf_ids = {s.exercise_id for s in calf_sets if _is_calf(catalogue, s.exercise_id)}
    if calf_ids and athlete.calf_ratio(day) < 0.88 and rng.random() < 0.3:
        log.exercise_notes = {min(calf_ids): _CALF_NOTE}
    return log


def _is_calf(catalogue: Catalogue, exercise_id: str) -> bool:
    return bool(CALF_MUSCLES & set(catalogue.get(exercise_id).primary))


def _work_seconds(result: SetResult) -> int:
    if result.hold_s is not None:
        return result.hold_s
    if result.contacts is not None:
        return result.contacts
    return 4 * (result.reps or 0) + 5


def _perform(
    rng: random.Random,
    athlete: _Athlete,
    plan: Plan,
    exercise: Exercise,
    ps: PlannedSet,
    day: date,
    form: float,
    session_id: str,
) -> SetResult:
    base = SetResult(
        id=_new_id(rng), session_id=session_id, exercise_id=ps.exercise_id,
        set_number=ps.set_number, side=ps.side, warmup=ps.warmup, target_reps=ps.target_reps,
        target_reps_hi=ps.target_reps_hi, target_load=ps.target_load,
        target_hold=ps.target_hold, target_contacts=ps.target_contacts,
        load=ps.target_load or None, bodyweight=ps.bodyweight, unit=ps.unit,
        at=datetime.combine(day, time(18, 0)),
    )  # fmt: skip
    if ps.warmup:
        return base.model_copy(update={"reps": ps.target_reps, "hold_s": ps.target_hold})
    if ps.set_number > 1 and rng.random() < 0.01:
        return base.model_copy(update={"skipped": True, "note": "Skipped: ran out of time."})
    fatigue = ps.set_number - 1
    ability = athlete.ability(exercise, ps, day, form)
    if exercise.measure is Measure.HOLD:
        target = ps.target_hold or 30
        held = int(ability - 2 * fatigue + rng.gauss(0, 1.5))
        return base.model_copy(update={"hold_s": max(5, min(target, held))})
    if exercise.measure is not Measure.REPS:  # contacts: plyometrics are done as prescribed
        return base.model_copy(update={"contacts": ps.target_contacts or 20})
    load = ps.target_load
    if not ps.bodyweight and not load:  # "feels like RPE 8": the athlete picks the weight
        step = _step(plan, exercise)
        load = round_nearest(ability * rts_percent(ps.target_reps or 5, ps.target_rpe or 8), step)
    if ps.bodyweight:
        most = ability * max(0.3, 1 - (load or 0) / BODYWEIGHT_KG)
    else:
        most = 30 * (ability / (load or 1) - 1)
    in_reserve = rng.choice((1.0, 1.5, 2.0))
    top = ps.target_reps_hi or ps.target_reps or 8
    reps = max(0, min(top, math.floor(most - in_reserve - 0.6 * fatigue + rng.gauss(0, 0.6))))
    rpe = None
    if 1 <= reps <= 12 and (ps.target_rpe is not None or rng.random() < 0.2):
        rpe = min(10.0, max(6.0, round(2 * (10 - (most - reps))) / 2))
    return base.model_copy(update={"reps": reps, "load": load or None, "rpe": rpe})


def _step(plan: Plan, exercise: Exercise) -> float:
    pe = next(pe for pe in progression.plan_exercises(plan) if pe.exercise == exercise.id)
    return progression.step_for(plan, pe, exercise)


# right side at the start and the end, unit: each test's right side improves over the months
_TEST_RANGES = {
    "single-leg-calf-raise": (26, 34),
    "single-leg-bridge": (22, 29),
    "side-plank": (55, 80),
    "single-leg-box-squat": (12, 18),
    "single-leg-hop-for-distance": (135, 148),
}


def _assess(
    rng: random.Random, athlete: _Athlete, test_id: str, unit: str, day: date
) -> AssessmentResult:
    lo, hi = _TEST_RANGES.get(test_id, (20, 25))
    right = lo + (hi - lo) * athlete.progress(day) + rng.gauss(0, 0.6)
    if test_id == "single-leg-calf-raise":
        ratio = athlete.calf_ratio(day) + rng.gauss(0, 0.008)
    else:
        ratio = rng.uniform(0.93, 1.0)
    left = right * ratio
    if rng.random() < 0.5 and test_id != "single-leg-calf-raise":
        left, right = right, left
    return AssessmentResult(
        id=_new_id(rng), test_id=test_id, day=day, left=round(left), right=round(right), unit=unit
    )


def demo_plan(catalogue: Catalogue | None = None) -> Plan:
    """The bundled demo plan file, as the plan importer reads it."""
    from companion.io.plans import load_plan
    from companion.locations import bundled_plan

    plan = load_plan(bundled_plan("demo.yaml"), catalogue)
    return plan.model_copy(update={"source": "demo.yaml"})


def create_demo(path: Path, today: date | None = None, seed: int = DEMO_SEED) -> None:
    """Write the demo history to the database at ``path``, replacing what it held.

    The demo plan is active, its states follow the last session and no session is in
    progress. The athlete's settings in that database (theme, side-switch time) are kept.
    """
    from companion.store import Store

    history = generate_demo(demo_plan(), today or date.today(), seed)
    with Store.open(path) as store:
        data = store.export_data()
        settings = {**(data.get("settings") or {}), "bodyweight_kg": BODYWEIGHT_KG}
        data.update(
            settings=settings,
            active_plan=history.plan.id,
            plans=[history.plan.model_dump(mode="json")],
            sessions=[s.model_dump(mode="json") for s in history.sessions],
            in_progress=None,
            states=[s.model_dump(mode="json") for s in history.states],
            assessments=[a.model_dump(mode="json") for a in history.assessments],
        )
        store.restore_data(data)
