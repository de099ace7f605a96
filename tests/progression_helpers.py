"""Small builders shared by the progression, session and schedule tests."""

from __future__ import annotations

from datetime import date, datetime, time

from companion.domain.catalogue import Catalogue
from companion.domain.models import (
    Body,
    Exercise,
    ExerciseState,
    Load,
    LoadKind,
    Measure,
    Muscle,
    Phase,
    Plan,
    PlanExercise,
    Progression,
    ProgressionType,
    RepRange,
    Schedule,
    SessionLog,
    SessionTemplate,
    SetResult,
    Side,
    Target,
    Unit,
    Weekday,
)

SQUAT = Exercise(id="squat", name="Back squat", primary=[Muscle.QUADS], cues=["brace"])
PRESS = Exercise(id="press", name="Bench press", body=Body.UPPER, primary=[Muscle.CHEST])
SPLIT = Exercise(
    id="split", name="Split squat", per_side=True, primary=[Muscle.QUADS, Muscle.GLUTE_MAX],
    cues=["knee over toes", "tall torso"],
)  # fmt: skip
BRIDGE = Exercise(id="bridge", name="Single-leg bridge", per_side=True, primary=[Muscle.HAMSTRINGS])
SIDE_PLANK = Exercise(
    id="side-plank", name="Side plank", per_side=True, measure=Measure.HOLD,
    primary=[Muscle.OBLIQUES], body=Body.UPPER,
)  # fmt: skip
HOPS = Exercise(id="hops", name="Pogo hops", measure=Measure.CONTACTS, primary=[Muscle.SOLEUS])
CATALOGUE = Catalogue([SQUAT, PRESS, SPLIT, BRIDGE, SIDE_PLANK, HOPS])

DAY = date(2026, 3, 2)  # a Monday


def kg(amount: float) -> Load:
    return Load(kind=LoadKind.WEIGHT, amount=amount)


def pex(exercise: str, sets: int = 3, reps: tuple[int, int] | None = (6, 8), **kw) -> PlanExercise:
    prog = kw.pop("progression", ProgressionType.DOUBLE)
    if not isinstance(prog, Progression):
        prog = Progression(type=prog, **kw.pop("prog", {}))
    rep_range = RepRange(lo=reps[0], hi=reps[1]) if reps else None
    return PlanExercise(exercise=exercise, sets=sets, reps=rep_range, progression=prog, **kw)


def plan_with(*exercises: PlanExercise, units: Unit = Unit.KG, **kw) -> Plan:
    sessions = kw.pop("sessions", None) or {
        "A": SessionTemplate(key="A", title="Strength A", exercises=list(exercises))
    }
    return Plan(
        id=kw.pop("id", "test-plan"),
        name=kw.pop("name", "Test plan"),
        units=units,
        start=kw.pop("start", DAY),
        schedule=kw.pop("schedule", Schedule(days=[Weekday.MON, Weekday.THU])),
        phases=kw.pop("phases", [Phase(name="Base", weeks=4, sessions=list(sessions))]),
        sessions=sessions,
        **kw,
    )


def state_for(
    exercise: str, load: float | None = 40.0, side: Side = Side.BOTH, **target_kw
) -> ExerciseState:
    misses = target_kw.pop("misses", 0)
    last_done = target_kw.pop("last_done", None)
    last_load = target_kw.pop("last_load", None)
    line = target_kw.pop("line", f"A/{exercise}")  # plan_with's one session is A
    defaults = {"sets": 3, "reps": 6, "reps_hi": 8, "unit": Unit.KG}
    target = Target(exercise_id=exercise, side=side, load=load, **{**defaults, **target_kw})
    return ExerciseState(
        plan_id="test-plan", exercise_id=exercise, line=line, side=side, target=target,
        misses=misses, last_done=last_done, last_load=last_load,
    )  # fmt: skip


def sets_of(
    exercise: str,
    reps: list[int | None],
    load: float | None = 40.0,
    side: Side = Side.BOTH,
    day: date = DAY,
    **kw,
) -> list[SetResult]:
    at = datetime.combine(day, time(18, 0))
    return [
        SetResult(
            session_id="s1",
            exercise_id=exercise,
            set_number=i,
            side=side,
            reps=r,
            load=load,
            at=at,
            **kw,
        )
        for i, r in enumerate(reps, start=1)
    ]


def log_of(sets: list[SetResult], day: date = DAY, key: str = "A", **kw) -> SessionLog:
    start = datetime.combine(day, time(18, 0))
    return SessionLog(
        plan_id=kw.pop("plan_id", "test-plan"), session_key=key, started_at=start,
        finished_at=datetime.combine(day, time(19, 0)), sets=sets, **kw,
    )  # fmt: skip
