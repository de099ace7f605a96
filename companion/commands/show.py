"""``companion show FILE``: a plan the way the athlete will live it, in plain text.

Week by week and phase by phase, each session's exercises with their names and targets as the
plan prescribes them, the strength days against the run days, and every note of how the file
was read. It needs no database: a coach checks a file in one look before sending it.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta

from companion.domain.catalogue import Catalogue, builtin
from companion.domain.models import (
    Load,
    LoadKind,
    Measure,
    Plan,
    PlanExercise,
    ProgressionType,
    SessionKind,
    SessionLog,
    SideLoads,
    Unit,
    Weekday,
)
from companion.domain.progression import catalogue_for, exercise_of
from companion.domain.schedule import due_session
from companion.domain.session import phase_sets
from companion.io.plans import PlanFileError, PlanIssue, load_plan_with_warnings

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def run(args: argparse.Namespace) -> int:
    """Print the plan; a file that is not a valid plan gets its errors, as validate gives them."""
    try:
        plan, remarks = load_plan_with_warnings(args.file)
    except PlanFileError as exc:
        print("\n".join(map(str, exc.issues)))
        return 1
    print("\n".join(plan_text(plan, remarks)))
    return 0


def plan_text(
    plan: Plan, remarks: list[PlanIssue], catalogue: Catalogue | None = None
) -> list[str]:
    """The lines ``companion show`` prints for ``plan`` and the notes and warnings it came with."""
    catalogue = catalogue_for(plan, catalogue or builtin())
    lines = [_title(plan), ""]
    lines += _week(plan)
    lines += ["", "Week by week (the sessions take turns on the strength days)"]
    lines += _calendar(plan)
    for key, template in plan.sessions.items():
        lines += ["", f"Session {key}: {template.title}"]
        for n, pe in enumerate(template.exercises, start=1):
            lines += _line(plan, key, n, pe, catalogue)
    lines += ["", "What was understood"]
    if not remarks:
        lines.append("  everything is written in the long form: nothing to note")
    for issue in remarks:
        lines.append(f"  {issue}" if issue.note else f"  warning: {issue}")
    return lines


def _title(plan: Plan) -> str:
    by = f", by {plan.coach}" if plan.coach else ""
    if plan.start is not None:
        when = f"from {plan.start:%a %d %b %Y}"
    else:
        when = "from the day it is imported"
    return f"{plan.name}{by}: {plan.total_weeks} weeks {when}; loads in {plan.units}"


def _week(plan: Plan) -> list[str]:
    """Each day of the week: strength, hard run, long run, or easy."""
    schedule = plan.schedule
    out = ["The week"]
    for day in Weekday:
        what = []
        if day in schedule.days:
            what.append("STRENGTH")
        if day in schedule.hard_runs:
            what.append("hard run")
        if day is schedule.long_run:
            what.append("long run")
        out.append(f"  {_DAY_NAMES[day.number]}  {' + '.join(what) or '-'}")
    return out


def _calendar(plan: Plan) -> list[str]:
    """Every week's strength days and the session each gets, phase by phase, as if every
    session is done on its day (the rotation the app itself follows)."""
    dated = plan.start is not None
    start = plan.start or _monday()
    shown = plan.model_copy(update={"start": start})
    done: list[SessionLog] = []
    out: list[str] = []
    first_week = 1
    for phase in plan.phases:
        weeks = (
            f"week {first_week}"
            if phase.weeks == 1
            else (f"weeks {first_week}-{first_week + phase.weeks - 1}")
        )
        volume = f", volume {phase.volume:.0%}" if phase.volume != 1 else ""
        out.append(f"  {phase.name} ({weeks}{volume}): {', '.join(phase.sessions)} in turn")
        for week in range(first_week, first_week + phase.weeks):
            days = []
            for offset in range(7):
                day = start + timedelta(days=(week - 1) * 7 + offset)
                if Weekday.of(day) not in plan.schedule.days:
                    continue
                due = due_session(shown, day, done[-1:])
                if due is None or due.day != day:
                    continue
                done.append(_done(plan, due.key, day))
                when = f"{day:%a %d %b}" if dated else _DAY_NAMES[day.weekday()]
                days.append(f"{when}: {due.key}")
            out.append(f"    week {week:<3} {'   '.join(days)}")
        first_week += phase.weeks
    return out


def _monday() -> date:
    today = date.today()
    return today - timedelta(days=today.weekday())


def _done(plan: Plan, key: str, day: date) -> SessionLog:
    at = datetime.combine(day, datetime.min.time())
    return SessionLog(
        kind=SessionKind.TRAINING,
        plan_id=plan.id,
        session_key=key,
        started_at=at,
        finished_at=at,
    )


def _line(plan: Plan, key: str, n: int, pe: PlanExercise, catalogue: Catalogue) -> list[str]:
    exercise = exercise_of(catalogue, pe, plan)
    sets = f"{pe.sets}-{pe.sets_hi}" if pe.sets_hi else str(pe.sets)
    scaled = [
        f"{phase_sets(pe.sets, p.volume)} in {p.name}"
        for p in plan.phases
        if key in p.sessions and phase_sets(pe.sets, p.volume) != pe.sets
    ]
    if scaled:
        sets += f" ({', '.join(scaled)})"
    if pe.amrap:
        work = "AMRAP"
    elif exercise.measure is Measure.HOLD:
        work = f"{pe.hold} s hold"
    elif exercise.measure is Measure.CONTACTS:
        work = f"{pe.contacts} contacts"
    else:
        work = f"{pe.reps} reps" if pe.reps else "reps"
    side = " per side" if exercise.per_side else ""
    load = f" @ {_load(pe.load, plan.units)}" if pe.load is not None else ""
    parts = [f"{sets} × {work}{side}{load}"]
    parts.append(f"rest {pe.rest // 60}:{pe.rest % 60:02d}")
    if pe.tempo:
        parts.append(f"tempo {pe.tempo}")
    if pe.amrap:
        parts.append("progresses from the reps recorded")
    elif pe.progression.type is ProgressionType.NONE:
        parts.append("no progression")
    else:
        parts.append(f"{pe.progression.type} progression")
    if pe.superset:
        parts.append(f"superset {pe.superset}")
    out = [f"  {n}. {exercise.name}: {', '.join(parts)}"]
    if pe.warmup:
        warm = ", ".join(f"{w.reps} @ {_load(w.load, plan.units)}" for w in pe.warmup)
        out.append(f"     warm-up: {warm}")
    if pe.notes:
        out.append(f"     cue: {pe.notes}")
    return out


def _load(load: Load | SideLoads, unit: Unit) -> str:
    if isinstance(load, SideLoads):
        return f"left {_load(load.left, unit)}, right {_load(load.right, unit)}"
    if load.kind is LoadKind.WEIGHT and load.per_hand:
        return f"{load.amount:g} {unit} in each hand"
    return load.describe(unit).removeprefix("@")
