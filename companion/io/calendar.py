"""The plan's sessions as an iCalendar file (``.ics``), written with ``icalendar``.

Pure: sessions in, bytes out. One event per session, its UID made from the plan and the day
alone, so importing a newer file again updates the events rather than adding a second copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from icalendar import Calendar, Event

PRODID = "-//companion//strength sessions for runners//EN"
DEFAULT_AT = time(18, 0)


@dataclass(frozen=True)
class CalendarSession:
    """One strength session on its day, with what the event says about it."""

    day: date
    key: str
    title: str
    phase: str
    week: int
    minutes: int
    rows: list[tuple[str, str]] = field(default_factory=list)  # (exercise and side, targets)
    warnings: list[str] = field(default_factory=list)


def event_uid(plan_id: str, day: date) -> str:
    """The same for a plan's session on a day in every export: the calendar's key to update."""
    return f"{plan_id}-{day:%Y%m%d}@companion"


def summary(s: CalendarSession) -> str:
    return f"Strength {s.key}: {s.title} ({s.phase} phase)"


def description(plan_name: str, total_weeks: int, s: CalendarSession, as_of: date) -> str:
    lines = [
        f"{plan_name}, session {s.key}: {s.title}",
        f"Week {s.week} of {total_weeks}, {s.phase} phase, about {s.minutes} min",
        "",
    ]
    lines += [f"• {label}: {targets}" for label, targets in s.rows]
    lines += [
        "",
        f"Targets as they stand on {as_of:%d %b %Y}. Each session you log moves them on: "
        "the app (or `companion next`) shows the day's own.",
    ]
    lines += [f"! {w}" for w in s.warnings]
    return "\n".join(lines)


def encode_calendar(
    plan_id: str,
    plan_name: str,
    total_weeks: int,
    sessions: Sequence[CalendarSession],
    as_of: date,
    stamp: datetime,
    at: time = DEFAULT_AT,
) -> bytes:
    """The calendar file: one event per session at ``at`` (local time wherever the calendar
    is), lasting the session's estimated minutes."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{plan_name} (strength)")
    # a newer export outranks an older one for calendars that compare sequence numbers
    sequence = int(stamp.timestamp()) // 60
    for s in sessions:
        event = Event()
        start = datetime.combine(s.day, at)
        event.add("uid", event_uid(plan_id, s.day))
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("sequence", sequence)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=max(s.minutes, 5)))
        event.add("summary", summary(s))
        event.add("description", description(plan_name, total_weeks, s, as_of))
        event.add("categories", ["Strength"])
        cal.add_component(event)
    return cal.to_ical()
