"""The plan's calendar: which week and phase a day falls in, which session is due, what to warn.

Week 1 starts on the plan's ``start`` date (else the day it was imported). Strength days are
the plan's ``schedule.days``; sessions rotate through the phase's list (A, B, A, ...) carrying
on from the last finished training session of the plan, so a missed day never skips a session.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple

from companion.domain.models import (
    AssessmentResult,
    Phase,
    Plan,
    SessionKind,
    SessionLog,
    Weekday,
)

DEFAULT_ASSESS_EVERY_WEEKS = 6
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class DueSession(NamedTuple):
    key: str
    title: str
    day: date
    week: int  # of the plan, 1-based
    phase: str
    week_in_phase: int
    phase_weeks: int


class Notice(NamedTuple):
    kind: str  # "key-run" | "missed" | "assessment" | "finished"
    text: str


def plan_start(plan: Plan) -> date:
    """``start``, else the import date; a plan with neither starts on the day it is asked about."""
    if plan.start is not None:
        return plan.start
    if plan.imported_at is not None:
        return plan.imported_at.date()
    return date.today()


def plan_end(plan: Plan) -> date:
    """The last day of the plan."""
    return plan_start(plan) + timedelta(weeks=plan.total_weeks) - timedelta(days=1)


def week_of(plan: Plan, day: date) -> int:
    """1 in the plan's first seven days; 0 or less before the plan starts."""
    return (day - plan_start(plan)).days // 7 + 1


def phase_of(plan: Plan, day: date) -> tuple[Phase, int] | None:
    """The phase ``day`` falls in and the week within it (1-based); None outside the plan."""
    week = week_of(plan, day)
    if week < 1:
        return None
    for phase in plan.phases:
        if week <= phase.weeks:
            return phase, week
        week -= phase.weeks
    return None


def last_training(plan: Plan, sessions: Sequence[SessionLog], before: date) -> SessionLog | None:
    """The latest finished training session of this plan on or before ``before``, or None.

    It alone decides the session due and the sessions missed on ``before``: ``[last]`` gives
    ``due_session``, ``missed_sessions`` and ``warnings`` the same answers as the whole history.
    """
    plan_id, training = plan.id, SessionKind.TRAINING
    last = None
    for s in sessions:
        if s.plan_id != plan_id or s.kind is not training or s.finished_at is None:
            continue
        if s.day <= before and (last is None or s.started_at >= last.started_at):
            last = s
    return last


def is_strength_day(plan: Plan, day: date) -> bool:
    return Weekday.of(day) in plan.schedule.days


def due_session(plan: Plan, day: date, sessions: Sequence[SessionLog]) -> DueSession | None:
    """The next session to do: today if it is a strength day not yet trained, else the next
    strength day; None once the plan has ended."""
    last = last_training(plan, sessions, day)
    candidate = max(day, plan_start(plan))
    if candidate == day and last is not None and last.day == day:
        candidate += timedelta(days=1)
    for _ in range(7):
        if is_strength_day(plan, candidate):
            break
        candidate += timedelta(days=1)
    found = phase_of(plan, candidate)
    if found is None:
        return None
    phase, week_in_phase = found
    key = _next_key(phase, last.session_key if last else None)
    template = plan.sessions[key]
    return DueSession(
        key=key,
        title=template.title,
        day=candidate,
        week=week_of(plan, candidate),
        phase=phase.name,
        week_in_phase=week_in_phase,
        phase_weeks=phase.weeks,
    )


def _next_key(phase: Phase, last_key: str | None) -> str:
    if last_key in phase.sessions:
        return phase.sessions[(phase.sessions.index(last_key) + 1) % len(phase.sessions)]
    return phase.sessions[0]


def missed_sessions(plan: Plan, day: date, sessions: Sequence[SessionLog]) -> int:
    """Strength days of the plan after the last session (or from the start) and before
    ``day`` on which nothing was trained."""
    last = last_training(plan, sessions, day)
    start = last.day + timedelta(days=1) if last else plan_start(plan)
    end = min(day, plan_end(plan) + timedelta(days=1))
    count = 0
    current = start
    while current < end:
        if is_strength_day(plan, current):
            count += 1
        current += timedelta(days=1)
    return count


def warnings(
    plan: Plan,
    day: date,
    sessions: Sequence[SessionLog],
    assessments: Sequence[AssessmentResult] = (),
) -> list[Notice]:
    """What the athlete should know today, most pressing first."""
    notices: list[Notice] = []
    end = plan_end(plan)
    if day > end:
        notices.append(
            Notice(
                "finished",
                f"{plan.name} finished on {end:%a %d %b %Y}. Import the next plan from your "
                "coach, or re-import this one with a new start date.",
            )
        )
    due = due_session(plan, day, sessions)
    if due is not None:
        key_run = key_run_after(plan, due.day)
        if key_run:
            when = "today" if due.day == day else f"on {WEEKDAY_NAMES[due.day.weekday()]}"
            notices.append(
                Notice(
                    "key-run",
                    f"The session {when} falls the day before your {key_run}: keep the legs "
                    "light (no heavy lower-body sets) or move the session.",
                )
            )
    missed = missed_sessions(plan, day, sessions)
    if missed:
        last = last_training(plan, sessions, day)
        since = f"since {last.day:%a %d %b}" if last else "since the plan started"
        plural = "session" if missed == 1 else "sessions"
        notices.append(
            Notice(
                "missed",
                f"{missed} scheduled {plural} missed {since}. Carry on with the next one; "
                "there is no need to catch up.",
            )
        )
    every = plan.assessments.every_weeks if plan.assessments else DEFAULT_ASSESS_EVERY_WEEKS
    tests = set(plan.assessments.tests) if plan.assessments else set()
    taken = [a.day for a in assessments if a.day <= day and (not tests or a.test_id in tests)]
    since_day = max(taken) if taken else plan_start(plan)
    if day <= end and (day - since_day).days >= every * 7:
        what = f"last done {since_day:%d %b %Y}" if taken else "none yet in this plan"
        notices.append(
            Notice(
                "assessment",
                f"The single-leg tests are due (every {every} weeks; {what}).",
            )
        )
    return notices


def key_run_on(plan: Plan, day: date) -> str | None:
    """``long run`` or ``hard run`` when the plan has one on ``day``'s weekday (the long run
    first); None otherwise."""
    weekday = Weekday.of(day)
    if plan.schedule.long_run is weekday:
        return "long run"
    if weekday in plan.schedule.hard_runs:
        return "hard run"
    return None


def key_run_after(plan: Plan, day: date) -> str | None:
    """The plan's long or hard run on the day after ``day`` (see ``key_run_on``)."""
    return key_run_on(plan, day + timedelta(days=1))
