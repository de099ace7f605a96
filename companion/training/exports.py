"""Today's session for the watch and the plan's weeks for the calendar: the verbs that need the
store (the due session, its targets after progression), over the pure builders in
``companion.io.fit_workout`` and ``companion.io.calendar``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from companion.domain import schedule, session
from companion.domain.catalogue import Catalogue
from companion.domain.models import Plan, PlannedSet, SessionLog, Side
from companion.domain.prescription import prescription
from companion.io.calendar import DEFAULT_AT, CalendarSession, encode_calendar
from companion.io.fit_workout import encode_workout, workout_name, workout_steps
from companion.store import Store
from companion.training.today import Today, load_today, target_rows

EXPORTS_ENV = "COMPANION_EXPORTS"
NO_PLAN = "No active plan. Import your coach's plan first: companion import PLAN.yaml"


class ExportError(Exception):
    """Nothing to export, in words for the athlete."""


@dataclass(frozen=True)
class WorkoutFile:
    today: Today
    name: str
    steps: int
    data: bytes


def workout_file(
    store: Store, base: Catalogue, day: date, session_key: str | None = None
) -> WorkoutFile:
    """The session due on ``day`` (or ``session_key``) as a FIT workout, with the targets the
    app shows that day."""
    today = load_today(store, base, day, session_key)
    _check(today)
    if not today.planned:
        raise ExportError(_nothing_due(today))
    assert today.plan is not None and today.session_key is not None
    name = workout_name(today.plan.name, today.session_key, today.title)
    exercises = {e.id: e for e in today.context.catalogue}
    switch = today.context.side_switch
    data = encode_workout(name, today.planned, exercises, switch, datetime.now(UTC))
    return WorkoutFile(today, name, len(workout_steps(today.planned, switch)), data)


def _check(today: Today) -> None:
    if today.plan is None:
        raise ExportError(NO_PLAN)
    if today.problem:
        raise ExportError(today.problem)


def _nothing_due(today: Today) -> str:
    found = next((n.text for n in today.notices if n.kind == "finished"), None)
    return found or "No session is due: the plan has ended."


# -- the calendar ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarFile:
    sessions: list[CalendarSession]
    data: bytes


def calendar_sessions(
    store: Store, base: Catalogue, day: date, weeks: int | None = None
) -> list[CalendarSession]:
    """The plan's sessions from ``day`` for ``weeks`` weeks (default: to the plan's end), in
    the order the plan rotates them, as if each were done on its day. The first is the one
    the app shows now; later ones carry the current targets (their own phase's volume)."""
    today = load_today(store, base, day)
    _check(today)
    plan = today.plan
    assert plan is not None
    end = schedule.plan_end(plan)
    if weeks is not None:
        end = min(end, day + timedelta(weeks=weeks) - timedelta(days=1))
    context = today.context
    current = [s.model_copy(update={"last_done": None}) for s in context.states]
    last = store.last_session(plan.id, day)
    before: list[SessionLog] = [last] if last else []
    due, planned = today.due, today.planned
    found: list[CalendarSession] = []
    while due is not None and due.day <= end:
        if found:  # later sessions: today's targets, no "back after a break" on a future day
            planned = session.build_session(
                plan, due.key, context.catalogue, current, due.day, flagged=context.flagged
            )
        found.append(
            CalendarSession(
                day=due.day,
                key=due.key,
                title=due.title,
                phase=due.phase,
                week=due.week,
                minutes=session.estimate_minutes(planned),
                rows=_rows(planned),
                warnings=_warnings(plan, due.day, before),
            )
        )
        done_then = datetime.combine(due.day, time(12))
        before = [
            SessionLog(
                plan_id=plan.id,
                session_key=due.key,
                started_at=done_then,
                finished_at=done_then,
            )
        ]
        due = schedule.due_session(plan, due.day, before)
    return found


def calendar_file(
    store: Store, base: Catalogue, day: date, weeks: int | None = None, at: time = DEFAULT_AT
) -> CalendarFile:
    sessions = calendar_sessions(store, base, day, weeks)
    plan = store.active_plan()
    assert plan is not None
    if not sessions:
        raise ExportError(f"{plan.name} has no session left to put in a calendar.")
    data = encode_calendar(
        plan.id, plan.name, plan.total_weeks, sessions, day, datetime.now(UTC), at
    )
    return CalendarFile(sessions, data)


def _rows(planned: list[PlannedSet]) -> list[tuple[str, str]]:
    """Each exercise with its targets; a left and right with the same ones share a line."""
    rows: list[tuple[str, str]] = []
    for _, side, sets in target_rows(planned):
        name, targets = sets[0].exercise_name, prescription(sets[0], len(sets))
        if side is Side.RIGHT and rows and rows[-1] == (f"{name}, left", targets):
            rows[-1] = (f"{name}, each side", targets)
        elif side is Side.BOTH:
            rows.append((name, targets))
        else:
            rows.append((f"{name}, {side.value}", targets))
    return rows


def _warnings(plan: Plan, day: date, before: list[SessionLog]) -> list[str]:
    """The day-before-a-hard-run warning the app gives, and a word when the session falls on
    a hard-run day itself (lift after the run)."""
    found = [n.text for n in schedule.warnings(plan, day, before) if n.kind == "key-run"]
    run = schedule.key_run_on(plan, day)
    if run is not None:
        found.append(f"A {run} is planned this day too: lift after it, not before.")
    return found


# -- where the app writes them --------------------------------------------------------------


def exports_dir() -> Path:
    """Where the app puts the files it writes: ``$COMPANION_EXPORTS``, else the Downloads
    folder, else the home directory."""
    chosen = os.environ.get(EXPORTS_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_downloads_path

    downloads = user_downloads_path()
    return downloads if downloads.is_dir() else Path.home()


def workout_filename(found: WorkoutFile) -> str:
    today = found.today
    assert today.plan is not None
    day = today.due.day if today.due else today.day
    return f"{today.plan.id}-{day:%Y-%m-%d}-{today.session_key}.fit"


def calendar_filename(plan_id: str) -> str:
    return f"{plan_id}.ics"
