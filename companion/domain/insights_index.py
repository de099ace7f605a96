"""Every session's digest put together for the history aggregates.

A ``HistoryIndex`` holds the ``SessionDigest`` of every session (``insights_digest``):
same-day digests of one exercise and side are merged, and the result is grouped by exercise
and by day, each built when first asked for. The history aggregates (``insights``) take it;
built from plain sets it gives the same answers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from operator import attrgetter
from typing import Any

from companion.domain.insights_digest import (
    FORMAT,
    DayDigest,
    SessionDigest,
    cached_e1rm,
    day_of,
    digest_sets,
    is_loaded,
    is_working,
)
from companion.domain.models import SetResult, Side, Unit

__all__ = [
    "FORMAT", "DayDigest", "HistoryIndex", "SessionDigest", "as_index", "cached_e1rm",
    "digest_sets", "is_loaded", "is_working",
]  # fmt: skip


class HistoryIndex:
    """Every session's digest, and their day digests by exercise and side and by day.

    ``exercise(id)`` gives one digest per side and day (sessions of the same day merged), in
    day order; ``on_day(day)`` the digests of a day (one per session, exercise and side).
    Both are built when first asked for and kept, as is ``book``, the record book (given by
    the store, or folded from the digests once: ``insights_records.book_of``). Build a new
    index when the history changes. Safe to share between threads.
    """

    __slots__ = ("sessions", "book", "lock", "_cache")

    def __init__(self, sessions: Mapping[str, SessionDigest], book: Any = None) -> None:
        self.sessions = dict(sessions)
        self.book = book
        self.lock = threading.RLock()
        self._cache: dict[Any, Any] = {}

    @classmethod
    def of_sets(cls, sets: Iterable[SetResult]) -> HistoryIndex:
        return cls(digest_sets(sets))

    def _memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        with self.lock:
            if key not in self._cache:
                self._cache[key] = compute()
            return self._cache[key]

    def _in_order(self) -> list[SessionDigest]:
        """Sessions with working sets, in order of their first one."""
        return self._memo(  # type: ignore[no-any-return]
            "order",
            lambda: sorted((s for s in self.sessions.values() if s.start), key=attrgetter("start")),
        )

    def exercise_ids(self) -> list[str]:
        """Exercises with at least one working set."""
        return self._memo(  # type: ignore[no-any-return]
            "exercises",
            lambda: list(dict.fromkeys(ex for s in self._in_order() for ex in s.exercises)),
        )

    def exercise(self, exercise_id: str) -> dict[Side, list[DayDigest]]:
        sides: dict[Side, list[DayDigest]]
        sides = self._memo(("exercise", exercise_id), lambda: self._exercise(exercise_id))
        return sides

    def _exercise(self, exercise_id: str) -> dict[Side, list[DayDigest]]:
        sides: dict[Side, list[DayDigest]] = {}
        for session in self._in_order():
            for d in session.days_of(exercise_id):
                days = sides.setdefault(d.side, [])
                if days and days[-1].day >= d.day:  # same day, or a session begun earlier
                    _merge_into(days, d)
                else:
                    days.append(d)
        return dict(sorted(sides.items(), key=lambda item: item[0].value))

    def on_day(self, day: date) -> list[DayDigest]:
        """The day digests of ``day``: one per session, exercise and side."""
        return self._memo(("day", day), lambda: self._on_day(day))  # type: ignore[no-any-return]

    def _on_day(self, day: date) -> list[DayDigest]:
        by_day: dict[date, list[SessionDigest]] = self._memo("by_day", self._by_day)
        return [d for s in by_day.get(day, ()) for d in s.days if d.day == day]

    def _by_day(self) -> dict[date, list[SessionDigest]]:
        """Sessions by each day they have working sets on (one, unless past midnight)."""
        by_day: dict[date, list[SessionDigest]] = {}
        for s in self._in_order():
            first, last = day_of(s.start[:10]), day_of(s.end[:10])
            for n in range((last - first).days + 1):
                by_day.setdefault(first + timedelta(days=n), []).append(s)
        return by_day

    def first_day(self) -> date | None:
        order = self._in_order()
        return day_of(order[0].start[:10]) if order else None

    def working_sets(self, exercise_id: str) -> int:
        return sum(s.working_sets(exercise_id) for s in self.sessions.values())

    def unit(self, exercise_id: str) -> Unit:
        """The unit of the exercise's first day (kg if it has none)."""
        firsts = [days[0] for days in self.exercise(exercise_id).values() if days]
        return min(firsts, key=attrgetter("day")).unit if firsts else Unit.KG

    def sessions_with(self, exercise_id: str) -> set[str]:
        return {s.session_id for s in self._in_order() if exercise_id in s.exercises}


def _merge_into(days: list[DayDigest], d: DayDigest) -> None:
    """Put ``d`` into ``days`` (in day order), merged with a digest of the same day. Sessions
    come in order of their first set, so ``d`` is nearly always the latest day: a session that
    ran past midnight is the one exception, and is handled here too."""
    i = len(days)
    while i > 0 and days[i - 1].day > d.day:
        i -= 1
    if i > 0 and days[i - 1].day == d.day:
        days[i - 1] = days[i - 1].merged(d)
    else:
        days.insert(i, d)


def as_index(sets: HistoryIndex | Iterable[SetResult]) -> HistoryIndex:
    """Accept either a prepared index or plain sets (digested here, once)."""
    return sets if isinstance(sets, HistoryIndex) else HistoryIndex.of_sets(sets)
