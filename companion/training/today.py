"""Today: the session due on a day, its sets and targets, and the warnings — one answer for
home, the session picker, ``companion next`` and every export.

Plain functions (no Textual; the app runs them in a thread worker): they read the store and
call the domain (schedule, progression, session building).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from companion.domain import progression, runs, schedule, session
from companion.domain.catalogue import Catalogue
from companion.domain.loads import default_step
from companion.domain.models import (
    ExerciseState,
    LoadKind,
    Muscle,
    Plan,
    PlannedSet,
    SessionLog,
    Side,
    SideLoads,
    Unit,
)
from companion.domain.session import DEFAULT_SIDE_SWITCH
from companion.store import Store

SIDE_SWITCH_SETTING = "side_switch_seconds"
BODYWEIGHT_SETTING = "bodyweight_kg"


def bodyweight_of(settings: dict) -> float | None:
    """The athlete's body weight in kg from the profile, or None when not given."""
    value = settings.get(BODYWEIGHT_SETTING)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 20 <= value <= 300:
        return None
    return float(value)


@dataclass
class RunContext:
    """What a session in progress needs beyond its sets: for load steps and the summary."""

    plan: Plan | None
    catalogue: Catalogue
    states: list[ExerciseState]
    day: date
    side_switch: int = DEFAULT_SIDE_SWITCH
    steps: dict[str, float] = field(default_factory=dict)
    flagged: dict[Muscle, Side] = field(default_factory=dict)  # weak sides from the last tests
    bodyweight_kg: float | None = None  # from the profile: bodyweight-plus work is compared by it

    def step_for(self, exercise_id: str, unit: Unit) -> float:
        if exercise_id in self.steps:
            return self.steps[exercise_id]
        body = self.catalogue.get(exercise_id).body if exercise_id in self.catalogue else None
        return default_step(body, unit) if body else (2.5 if unit is Unit.KG else 5.0)


@dataclass
class Today:
    day: date
    context: RunContext
    plan: Plan | None = None
    due: schedule.DueSession | None = None
    session_key: str | None = None
    title: str = ""
    planned: list[PlannedSet] = field(default_factory=list)
    minutes: int = 0
    notices: list[schedule.Notice] = field(default_factory=list)
    unfinished: SessionLog | None = None
    problem: str | None = None  # the plan could not be turned into a session


def states_for(store: Store, plan: Plan, catalogue: Catalogue) -> list[ExerciseState]:
    """The targets of every line of the plan: those ``finish`` kept (derived again from the
    history when they were kept by a version without plan lines), completed with first-session
    ones for the lines not done yet."""
    stored = stored_states(store, plan, catalogue)
    known = {(s.line, s.side) for s in stored}
    fresh = progression.initial_states(plan, catalogue)
    missing = [s for s in fresh if (s.line, s.side) not in known]
    if missing:
        # only loads given as RPE or % of e1RM start from the history's best set
        from_history = {m.exercise_id for m in missing} & _e1rm_based(plan)
        history = [s for e in from_history for s in store.sets(e)]
        missing_keys = {(s.line, s.side) for s in missing}
        missing = [
            s
            for s in progression.initial_states(plan, catalogue, history)
            if (s.line, s.side) in missing_keys
        ]
    return [*stored, *missing]


def stored_states(store: Store, plan: Plan, catalogue: Catalogue) -> list[ExerciseState]:
    """The kept targets of ``plan``; kept ones without a plan line are replaced by a replay."""
    stored = store.exercise_states(plan.id)
    if all(s.line for s in stored):
        return stored
    from companion.training.replay import rederive

    return rederive(store, plan, catalogue)


def _e1rm_based(plan: Plan) -> set[str]:
    """Exercises whose first load comes from an estimated 1RM: ``RPE 8`` or ``75%``."""
    found = set()
    for pe in progression.plan_exercises(plan):
        loads = [pe.load.left, pe.load.right] if isinstance(pe.load, SideLoads) else [pe.load]
        kinds = {load.kind for load in loads if load is not None}
        if kinds & {LoadKind.RPE, LoadKind.PERCENT}:
            found.add(pe.exercise)
    return found


def load_steps(plan: Plan, catalogue: Catalogue) -> dict[str, float]:
    steps = {}
    for pe in progression.plan_exercises(plan):
        if pe.exercise in catalogue:
            steps[pe.exercise] = progression.step_for(plan, pe, catalogue.get(pe.exercise))
    return steps


def load_today(
    store: Store,
    base: Catalogue,
    day: date,
    session_key: str | None = None,
) -> Today:
    """The active plan, the session due (or ``session_key``), its sets and the warnings."""
    settings = store.settings()
    switch = _whole(settings.get(SIDE_SWITCH_SETTING), DEFAULT_SIDE_SWITCH)
    plan = store.active_plan()
    unfinished = store.current_session()
    if plan is None:
        context = RunContext(None, base, [], day, switch)
        return Today(day, context, unfinished=unfinished)
    catalogue = progression.catalogue_for(plan, base)
    last = store.last_session(plan.id, day)
    recent = [last] if last else []  # all the schedule needs of a long history
    assessments = store.assessments()
    flagged = session.flags_from_assessments(assessments, catalogue)
    context = RunContext(
        plan, catalogue, [], day, switch, load_steps(plan, catalogue), flagged,
        bodyweight_of(settings),
    )  # fmt: skip
    today = Today(day, context, plan=plan, unfinished=unfinished)
    today.due = schedule.due_session(plan, day, recent)
    today.notices = schedule.warnings(plan, day, recent, assessments)
    today.notices += runs.notices(
        plan, catalogue, today.due, day, store.runs(), runs.RunRules.of(settings)
    )
    key = session_key or (today.due.key if today.due else None)
    if key is None:
        return today
    try:
        context.states = states_for(store, plan, catalogue)
        today.planned = session.build_session(
            plan, key, catalogue, context.states, day, flagged=flagged
        )
    except (KeyError, ValueError) as exc:
        today.problem = str(exc)
        return today
    today.session_key = key
    today.title = plan.sessions[key].title
    today.minutes = session.estimate_minutes(today.planned)
    return today


def planned_for_resume(
    store: Store, base: Catalogue, log: SessionLog
) -> tuple[list[PlannedSet], RunContext]:
    """The sets of an unfinished session, rebuilt as they were on the day it started."""
    plan = store.plan(log.plan_id) if log.plan_id else None
    settings = store.settings()
    switch = _whole(settings.get(SIDE_SWITCH_SETTING), DEFAULT_SIDE_SWITCH)
    if plan is None or log.session_key not in (plan.sessions if plan else {}):
        return [], RunContext(plan, base, [], log.day, switch)
    catalogue = progression.catalogue_for(plan, base)
    states = states_for(store, plan, catalogue)
    flagged = session.flags_from_assessments(store.assessments(), catalogue)
    planned = session.build_session(
        plan, log.session_key, catalogue, states, log.day, flagged=flagged
    )
    steps = load_steps(plan, catalogue)
    bodyweight = bodyweight_of(settings)
    return planned, RunContext(plan, catalogue, states, log.day, switch, steps, flagged, bodyweight)


def due_words(due: schedule.DueSession | None, day: date) -> str:
    """When the due session is, in the same words on home, in the picker and in ``next``:
    ``today`` or ``Friday 4 December``."""
    if due is None:
        return "not due: the plan has ended"
    if due.day == day:
        return "today"
    return f"{due.day:%A} {due.day.day} {due.day:%B}"


def new_log(today: Today, started_at: datetime) -> SessionLog:
    plan, due = today.plan, today.due
    return SessionLog(
        plan_id=plan.id if plan else None,
        plan_name=plan.name if plan else None,
        session_key=today.session_key,
        title=today.title,
        week=due.week if due else None,
        phase=due.phase if due else None,
        started_at=started_at,
        planned_sets=len(today.planned),
    )


def target_rows(planned: list[PlannedSet]) -> list[tuple[str, Side, list[PlannedSet]]]:
    """Working sets grouped per exercise and side, in session order: one row each on home."""
    rows: dict[tuple[str, Side], list[PlannedSet]] = {}
    for p in planned:
        if not p.warmup:
            rows.setdefault((p.line or p.exercise_id, p.side), []).append(p)
    return [(sets[0].exercise_id, key[1], sets) for key, sets in rows.items()]


def row_reason(sets: list[PlannedSet]) -> str:
    """Why a row's target is what it is, and why it has an extra set when it has one."""
    working = [p for p in sets if not p.extra]
    reason = working[0].reason if working else ""
    extra = next((p.reason for p in sets if p.extra), "")
    return "; ".join(part for part in (reason, extra) if part)


def _whole(value: object, default: int) -> int:
    return value if isinstance(value, int) and 0 <= value <= 120 else default
