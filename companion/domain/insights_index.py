"""Digests of the sets: what every history aggregate needs, a few numbers per exercise and day.

A session's sets are boiled down once, when the session is written, to a ``SessionDigest``:
its totals (sets done, volume, reps, seconds held) and one ``DayDigest`` per exercise, side
and day, holding that day's series figures (sets, top load, best e1RM, volume, reps, longest
hold) and its candidate records (heaviest set, best e1RM set, longest hold, most reps at each
load). Digests are plain numbers, so they are kept on disk beside the sets
(``companion.store.digests``) and an aggregate over years of history reads a few thousand
digests instead of every set.

A ``HistoryIndex`` puts the digests of every session together: same-day digests of one
exercise and side are merged, and the result is grouped by exercise and by day. The history
aggregates (``insights``) take it; built from plain sets it gives the same answers.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date
from operator import attrgetter
from typing import Any

from companion.domain.e1rm import estimate_1rm
from companion.domain.models import SetResult, Side, Unit

# The same few loads, reps and RPEs come back in set after set: work each estimate out once.
cached_e1rm = functools.lru_cache(maxsize=8192)(estimate_1rm)
_load_key = functools.lru_cache(maxsize=4096)(lambda load: round(load, 3))  # rep-record key

FORMAT = 1  # of ``SessionDigest.to_json``: a change makes kept digests be computed again


def is_working(result: SetResult) -> bool:
    """A set that counts: not a warm-up and not skipped."""
    return not result.warmup and not result.skipped


def is_loaded(result: SetResult) -> bool:
    """An external load worth an e1RM: a weight, not bodyweight (with or without added load)."""
    return not result.bodyweight and bool(result.load) and (result.reps or 0) >= 1


def _max(a: float | None, b: float | None) -> Any:
    return b if a is None else a if b is None else max(a, b)


class DayDigest:
    """The working sets of one exercise on one side on one day (one session's, or merged).

    Series figures: ``sets``; ``top_load`` (heaviest load, added load for bodyweight work);
    ``e1rm`` (best estimate over weighted sets, 0 if none); ``volume`` (Σ reps × load);
    ``reps`` (total); ``best_reps`` (most in one set); ``hold`` (longest, seconds).
    Record candidates, each with the session it happened in: ``heavy`` (load, reps, session)
    of the heaviest set with reps (ties: more reps); ``e1rm_set`` (load, reps, session) of the
    best estimate; ``longest`` (seconds, load, session); ``reps_at`` {load (0 = bodyweight):
    (reps, session)}. Where sets tie, the earlier one stands.
    """

    __slots__ = ("exercise_id", "side", "day", "unit", "start", "sessions", "sets", "top_load",
                 "e1rm", "volume", "reps", "best_reps", "hold", "heavy", "e1rm_set", "longest",
                 "reps_at")  # fmt: skip

    def __init__(
        self, exercise_id: str, side: Side, day: date, unit: Unit, start: str, session_id: str
    ) -> None:
        self.exercise_id = exercise_id
        self.side = side
        self.day = day
        self.unit = unit  # of the day's first set
        self.start = start  # ISO time of the first set: orders same-day digests
        self.sessions = [session_id]
        self.sets = 0
        self.top_load: float | None = None
        self.e1rm = 0.0
        self.volume = 0.0
        self.reps = 0
        self.best_reps: int | None = None
        self.hold: int | None = None
        self.heavy: tuple[float, int, str] | None = None
        self.e1rm_set: tuple[float, int, str] | None = None
        self.longest: tuple[int, float | None, str] | None = None
        self.reps_at: dict[float, tuple[int, str]] = {}

    def add(self, r: SetResult) -> None:
        """Count one working set of this day (in time order; called once per set)."""
        self.sets += 1
        reps, load, hold, session = r.reps, r.load, r.hold_s, r.session_id
        if load:
            self.top_load = load if self.top_load is None else max(self.top_load, load)
            self.volume += (reps or 0) * load
        if reps is not None:
            self.reps += reps
            self.best_reps = reps if self.best_reps is None else max(self.best_reps, reps)
        if hold is not None:
            self.hold = hold if self.hold is None else max(self.hold, hold)
        if reps is not None and reps >= 1:
            if load:
                heavy = self.heavy
                if heavy is None or load > heavy[0] or (load == heavy[0] and reps > heavy[1]):
                    self.heavy = (load, reps, session)
                if not r.bodyweight:
                    e = cached_e1rm(load, reps, r.rpe)
                    if e is not None and e > self.e1rm:
                        self.e1rm, self.e1rm_set = e, (load, reps, session)
            key = _load_key(load or 0.0)
            top = self.reps_at.get(key)
            if top is None or reps > top[0]:
                self.reps_at[key] = (reps, session)
        if hold and (self.longest is None or hold > self.longest[0]):
            self.longest = (hold, load, session)

    def merged(self, later: DayDigest) -> DayDigest:
        """A new digest of this day and ``later`` (the same exercise, side and day, done after
        this one): as if every set of both had been added in order."""
        out = DayDigest(self.exercise_id, self.side, self.day, self.unit, self.start, "")
        out.sessions = [*self.sessions, *later.sessions]
        out.sets = self.sets + later.sets
        out.top_load = _max(self.top_load, later.top_load)
        out.e1rm, out.e1rm_set = self.e1rm, self.e1rm_set
        if later.e1rm > self.e1rm:
            out.e1rm, out.e1rm_set = later.e1rm, later.e1rm_set
        out.volume = self.volume + later.volume
        out.reps = self.reps + later.reps
        out.best_reps = _max(self.best_reps, later.best_reps)
        out.hold = _max(self.hold, later.hold)
        a, b = self.heavy, later.heavy
        out.heavy = b if a is None or (b and (b[0] > a[0] or (b[0] == a[0] and b[1] > a[1]))) else a
        c, d = self.longest, later.longest
        out.longest = d if c is None or (d and d[0] > c[0]) else c
        out.reps_at = dict(self.reps_at)
        for key, top in later.reps_at.items():
            old = out.reps_at.get(key)
            if old is None or top[0] > old[0]:
                out.reps_at[key] = top
        return out

    # --- kept on disk ----------------------------------------------------------------------
    def to_json(self) -> list[Any]:
        """Compact and JSON-ready; the session is the digest's own (see ``SessionDigest``)."""
        heavy, best, longest = self.heavy, self.e1rm_set, self.longest
        return [
            self.exercise_id, self.side.value, self.day.isoformat(), self.unit.value, self.start,
            self.sets, self.top_load, self.e1rm, self.volume, self.reps, self.best_reps,
            self.hold, heavy and heavy[:2], best and best[:2], longest and longest[:2],
            [[key, top[0]] for key, top in self.reps_at.items()],
        ]  # fmt: skip

    @classmethod
    def from_json(cls, row: list[Any], session_id: str) -> DayDigest:
        (ex, side, day, unit, start, sets, top_load, e1rm, volume, reps, best_reps, hold,
         heavy, best, longest, reps_at) = row  # fmt: skip
        d = cls(ex, Side(side), date.fromisoformat(day), Unit(unit), start, session_id)
        d.sets, d.top_load, d.e1rm, d.volume = sets, top_load, e1rm, volume
        d.reps, d.best_reps, d.hold = reps, best_reps, hold
        d.heavy = (heavy[0], heavy[1], session_id) if heavy else None
        d.e1rm_set = (best[0], best[1], session_id) if best else None
        d.longest = (longest[0], longest[1], session_id) if longest else None
        d.reps_at = {key: (n, session_id) for key, n in reps_at}
        return d


class SessionDigest:
    """One session's sets, boiled down: ``done`` counts every set done (warm-ups included,
    skipped ones not); the totals are over working sets: ``volume`` (Σ reps × load over sets
    with a load), ``reps_total`` (reps of sets without one), ``hold_total`` (seconds held);
    ``unit`` is the first working set's; ``days`` one digest per exercise, side and day."""

    __slots__ = ("session_id", "done", "volume", "reps_total", "hold_total", "unit", "days")

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        self.done = 0
        self.volume = 0.0
        self.reps_total = 0
        self.hold_total = 0
        self.unit: Unit | None = None
        self.days: list[DayDigest] = []

    @classmethod
    def of(cls, session_id: str, sets: Iterable[SetResult]) -> SessionDigest:
        """The digest of a session's sets (in any order; those of other sessions are ignored)."""
        digest = cls(session_id)
        days: dict[tuple[str, Side, date], DayDigest] = {}
        for r in sorted(sets, key=attrgetter("at")):
            if r.session_id != session_id or r.skipped:
                continue
            digest.done += 1
            if r.warmup:
                continue
            reps, load = r.reps or 0, r.load
            if load:
                digest.volume += reps * load
            else:
                digest.reps_total += reps
            digest.hold_total += r.hold_s or 0
            if digest.unit is None:
                digest.unit = r.unit
            day = r.at.date()
            key = (r.exercise_id, r.side, day)
            d = days.get(key)
            if d is None:
                d = days[key] = DayDigest(
                    r.exercise_id, r.side, day, r.unit, r.at.isoformat(), session_id
                )
            d.add(r)
        digest.days = list(days.values())
        return digest

    def to_json(self) -> list[Any]:
        unit = self.unit.value if self.unit else None
        return [self.done, self.volume, self.reps_total, self.hold_total, unit,
                [d.to_json() for d in self.days]]  # fmt: skip

    @classmethod
    def from_json(cls, session_id: str, row: list[Any]) -> SessionDigest:
        digest = cls(session_id)
        digest.done, digest.volume, digest.reps_total, digest.hold_total, unit, days = row
        digest.unit = Unit(unit) if unit else None
        digest.days = [DayDigest.from_json(d, session_id) for d in days]
        return digest


def digest_sets(sets: Iterable[SetResult]) -> dict[str, SessionDigest]:
    """Digests of every session the sets belong to."""
    by_session: dict[str, list[SetResult]] = {}
    for r in sets:
        by_session.setdefault(r.session_id, []).append(r)
    return {sid: SessionDigest.of(sid, results) for sid, results in by_session.items()}


class HistoryIndex:
    """Every session's digest, with working sets' day digests by exercise and side and by day.

    ``by_exercise[exercise][side]`` and ``by_day[day]`` hold one digest per exercise, side and
    day (sessions of the same day merged), in time order. Results that need the whole history
    (the record book) are cached on the index, so build a new one when the history changes.
    """

    __slots__ = ("sessions", "by_exercise", "by_day", "_cache")

    def __init__(self, sessions: Mapping[str, SessionDigest]) -> None:
        self.sessions = dict(sessions)
        self.by_exercise: dict[str, dict[Side, list[DayDigest]]] = {}
        self.by_day: dict[date, list[DayDigest]] = {}
        self._cache: dict[str, Any] = {}
        days = sorted(
            (d for s in self.sessions.values() for d in s.days),
            key=lambda d: (d.exercise_id, d.side.value, d.day, d.start),
        )
        merged: list[DayDigest] = []
        for d in days:
            last = merged[-1] if merged else None
            if last and (last.exercise_id, last.side, last.day) == (d.exercise_id, d.side, d.day):
                merged[-1] = last.merged(d)
            else:
                merged.append(d)
        for d in merged:
            self.by_exercise.setdefault(d.exercise_id, {}).setdefault(d.side, []).append(d)
        for d in sorted(merged, key=attrgetter("start")):
            self.by_day.setdefault(d.day, []).append(d)

    @classmethod
    def of_sets(cls, sets: Iterable[SetResult]) -> HistoryIndex:
        return cls(digest_sets(sets))

    def working_sets(self, exercise_id: str) -> int:
        return sum(d.sets for days in self.by_exercise.get(exercise_id, {}).values() for d in days)

    def unit(self, exercise_id: str) -> Unit:
        """The unit of the exercise's first working set (kg if it has none)."""
        firsts = [days[0] for days in self.by_exercise.get(exercise_id, {}).values() if days]
        return min(firsts, key=attrgetter("start")).unit if firsts else Unit.KG

    def sessions_with(self, exercise_id: str) -> set[str]:
        return {
            sid for days in self.by_exercise.get(exercise_id, {}).values()
            for d in days for sid in d.sessions
        }  # fmt: skip


def as_index(sets: HistoryIndex | Iterable[SetResult]) -> HistoryIndex:
    """Accept either a prepared index or plain sets (digested here, once)."""
    return sets if isinstance(sets, HistoryIndex) else HistoryIndex.of_sets(sets)
