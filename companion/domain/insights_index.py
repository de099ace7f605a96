"""One pass over the history that every insight reuses: sets by exercise, by day, by session.

Screens build a ``SetIndex`` once when the history changes and hand it to the aggregate
functions, which then touch only the sets they need instead of re-scanning years of sets.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date
from operator import attrgetter
from typing import Any

from companion.domain.e1rm import estimate_1rm
from companion.domain.models import SetResult

# The same few loads, reps and RPEs come back in set after set: work each estimate out once.
cached_e1rm = functools.lru_cache(maxsize=8192)(estimate_1rm)


def is_working(result: SetResult) -> bool:
    """A set that counts: not a warm-up and not skipped."""
    return not result.warmup and not result.skipped


def is_loaded(result: SetResult) -> bool:
    """An external load worth an e1RM: a weight, not bodyweight (with or without added load)."""
    return not result.bodyweight and bool(result.load) and (result.reps or 0) >= 1


class SetIndex:
    """Sets in time order, plus working sets grouped by exercise, by day and by session.

    ``sets`` keeps everything (warm-ups and skipped sets too); the three dicts hold working
    sets only, each list in time order. ``done_in_session`` counts every set done in a
    session, warm-ups included, to set beside ``SessionLog.planned_sets`` (the runner's whole
    list). Results that need the whole history (the record book) are cached on the index,
    so build a new index when the history changes.
    """

    __slots__ = ("sets", "by_exercise", "by_day", "by_session", "done_in_session", "_cache")

    def __init__(self, sets: Iterable[SetResult]) -> None:
        self.sets: list[SetResult] = sorted(sets, key=attrgetter("at"))
        self.by_exercise: dict[str, list[SetResult]] = {}
        self.by_day: dict[date, list[SetResult]] = {}
        self.by_session: dict[str, list[SetResult]] = {}
        self.done_in_session: dict[str, int] = {}  # sets done, warm-ups included
        self._cache: dict[str, Any] = {}
        for result in self.sets:
            if result.skipped:
                continue
            done = self.done_in_session
            done[result.session_id] = done.get(result.session_id, 0) + 1
            if result.warmup:
                continue
            self.by_exercise.setdefault(result.exercise_id, []).append(result)
            self.by_day.setdefault(result.at.date(), []).append(result)
            self.by_session.setdefault(result.session_id, []).append(result)

    def __len__(self) -> int:
        return len(self.sets)


def as_index(sets: SetIndex | Iterable[SetResult]) -> SetIndex:
    """Accept either a prepared index or plain sets (indexed here, once)."""
    return sets if isinstance(sets, SetIndex) else SetIndex(sets)
