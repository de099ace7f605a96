"""Digests of the sets: what every history aggregate needs, a few numbers per exercise and day.

A session's sets are boiled down once, when the session is written, to a ``SessionDigest``:
its totals (sets done, volume, reps, seconds held) and one ``DayDigest`` per exercise, side
and day, holding that day's series figures (sets, top load, best e1RM, volume, reps, longest
hold) and its candidate records (heaviest set, best e1RM set, longest hold, most reps at each
load). Digests are plain numbers, so they are kept on disk beside the sets
(``companion.store.digests``) and an aggregate over years of history reads a few thousand
digests instead of every set (``insights_index`` puts them together).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from operator import attrgetter
from typing import Any

from companion.domain.e1rm import estimate_1rm
from companion.domain.models import SetResult, Side, Unit
from companion.domain.symmetry import loaded_strength
from companion.domain.volume import set_volume

# The same few loads, reps and RPEs come back in set after set: work each estimate out once.
cached_e1rm = functools.lru_cache(maxsize=8192)(estimate_1rm)
_load_key = functools.lru_cache(maxsize=4096)(lambda load: round(load, 3))  # rep-record key

FORMAT = 5  # of ``SessionDigest.to_json``: a change makes kept digests be computed again


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

    __slots__ = ("exercise_id", "side", "day", "unit", "sessions", "sets", "top_load", "e1rm",
                 "volume", "reps", "best_reps", "hold", "heavy", "e1rm_set", "longest",
                 "reps_at", "strength", "bodyweight")  # fmt: skip

    def __init__(
        self, exercise_id: str, side: Side, day: date, unit: Unit, session_id: str
    ) -> None:
        self.exercise_id = exercise_id
        self.side = side
        self.day = day
        self.unit = unit  # of the day's first set
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
        self.strength = 0.0  # the best weighted set as the sides are compared (symmetry)
        self.bodyweight = False  # bodyweight work (reps_at's keys are added loads)

    def add(self, r: SetResult) -> None:
        """Count one working set of this day (in time order; called once per set)."""
        self.sets += 1
        reps, load, hold, session = r.reps, r.load, r.hold_s, r.session_id
        raw: float | None = None  # a weighted set's e1RM, unrounded (record and sides)
        if load:
            self.top_load = load if self.top_load is None else max(self.top_load, load)
            self.volume += set_volume(r)
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
                    raw = cached_e1rm(load, reps, r.rpe)
                    e = None if raw is None else round(raw, 6)  # kept to a millionth of a kilo
                    if e is not None and e > self.e1rm:
                        self.e1rm, self.e1rm_set = e, (load, reps, session)
            key = _load_key(load or 0.0)
            top = self.reps_at.get(key)
            if top is None or reps > top[0]:
                self.reps_at[key] = (reps, session)
        if r.bodyweight:
            self.bodyweight = True
        elif load and reps:
            # ``loaded_strength`` is this estimate, or Epley where there is none (past 12 reps)
            self.strength = max(self.strength, raw or loaded_strength(load, reps, r.rpe))
        if hold and (self.longest is None or hold > self.longest[0]):
            self.longest = (hold, load, session)

    def merged(self, later: DayDigest) -> DayDigest:
        """A new digest of this day and ``later`` (the same exercise, side and day, done after
        this one): as if every set of both had been added in order."""
        out = DayDigest(self.exercise_id, self.side, self.day, self.unit, "")
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
        out.strength = max(self.strength, later.strength)
        out.bodyweight = self.bodyweight or later.bodyweight
        out.reps_at = dict(self.reps_at)
        for key, top in later.reps_at.items():
            old = out.reps_at.get(key)
            if old is None or top[0] > old[0]:
                out.reps_at[key] = top
        return out

    # --- kept on disk ----------------------------------------------------------------------
    def to_json(self) -> list[Any]:
        """Compact and JSON-ready, without the exercise (the session's digest groups by it)
        and the session (its own; see ``SessionDigest``)."""
        heavy, best, longest = self.heavy, self.e1rm_set, self.longest
        return [
            self.side.value, self.day.isoformat(), self.unit.value, self.sets, self.top_load,
            self.e1rm, self.volume, self.reps, self.best_reps, self.hold, heavy and heavy[:2],
            best and best[:2], longest and longest[:2],
            [[key, top[0]] for key, top in self.reps_at.items()], self.strength, self.bodyweight,
        ]  # fmt: skip

    @classmethod
    def from_json(cls, exercise_id: str, row: list[Any], session_id: str) -> DayDigest:
        # thousands of these per history read: slots filled directly, enums looked up
        (side, day, unit, sets, top_load, e1rm, volume, reps, best_reps, hold, heavy, best,
         longest, reps_at, strength, bodyweight) = row  # fmt: skip
        d = _new(cls)
        d.exercise_id, d.side, d.day, d.unit = exercise_id, _SIDES[side], day_of(day), _UNITS[unit]
        d.sessions = [session_id]
        d.sets, d.top_load, d.e1rm, d.volume = sets, top_load, e1rm, volume
        d.reps, d.best_reps, d.hold = reps, best_reps, hold
        d.heavy = (heavy[0], heavy[1], session_id) if heavy else None
        d.e1rm_set = (best[0], best[1], session_id) if best else None
        d.longest = (longest[0], longest[1], session_id) if longest else None
        d.reps_at = {key: (n, session_id) for key, n in reps_at} if reps_at else {}
        d.strength, d.bodyweight = strength, bodyweight
        return d


_SETS = 3  # where ``DayDigest.to_json`` puts the number of sets
_new = object.__new__
_SIDES = {side.value: side for side in Side}
_UNITS = {unit.value: unit for unit in Unit}
day_of = functools.lru_cache(maxsize=8192)(date.fromisoformat)  # ISO days, parsed once each


class SessionDigest:
    """One session's sets, boiled down: ``done`` counts every set done (warm-ups included,
    skipped ones not); the totals are over working sets: ``volume`` (Σ reps × load over sets
    with a load), ``reps_total`` (reps of sets without one), ``hold_total`` (seconds held);
    ``unit`` is the first working set's; ``start`` and ``end`` are the ISO times of the first
    and the last. ``days_of(exercise)`` gives one digest per side and day. Read from disk,
    they are built when first asked for, from rows the store reads when first needed (a
    digest ``from_head`` knows its exercises and totals, and where its rows come from)."""

    __slots__ = ("session_id", "start", "end", "done", "volume", "reps_total", "hold_total",
                 "unit", "_days", "_rows", "_exercises", "_source")  # fmt: skip

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        self.start = self.end = ""
        self.done = 0
        self.volume = 0.0
        self.reps_total = 0
        self.hold_total = 0
        self.unit: Unit | None = None
        self._days: dict[str, list[DayDigest]] = {}  # by exercise, in the order first done
        self._rows: dict[str, list[list[Any]]] = {}  # by exercise, as kept on disk
        self._exercises: list[str] | None = None  # from the head, before the rows are read
        self._source: Callable[[], Mapping[str, dict[str, list[list[Any]]]]] | None = None

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
                digest.volume += set_volume(r)
            else:
                digest.reps_total += reps
            digest.hold_total += r.hold_s or 0
            if digest.unit is None:
                digest.unit, digest.start = r.unit, r.at.isoformat()
            digest.end = r.at.isoformat()
            day = r.at.date()
            key = (r.exercise_id, r.side, day)
            d = days.get(key)
            if d is None:
                d = days[key] = DayDigest(r.exercise_id, r.side, day, r.unit, session_id)
                digest._days.setdefault(r.exercise_id, []).append(d)
            d.add(r)
        return digest

    @property
    def exercises(self) -> list[str]:
        if self._exercises is not None:
            return self._exercises
        return list(self._rows) if self._rows else list(self._days)

    def _read_rows(self) -> dict[str, list[list[Any]]]:
        source = self._source
        if source is not None:  # read once for every session (the source keeps them)
            self._rows, self._source = dict(source().get(self.session_id, {})), None
        return self._rows

    def days_of(self, exercise_id: str) -> list[DayDigest]:
        days = self._days.get(exercise_id)
        if days is None:
            rows = self._read_rows().get(exercise_id)
            if rows is None:
                return []
            days = self._days[exercise_id] = [
                DayDigest.from_json(exercise_id, row, self.session_id) for row in rows
            ]  # fmt: skip
        return days

    def working_sets(self, exercise_id: str) -> int:
        """Working sets of ``exercise_id`` (without building its day digests)."""
        days = self._days.get(exercise_id)
        if days is not None:
            return sum(d.sets for d in days)
        return sum(row[_SETS] for row in self._read_rows().get(exercise_id, ()))

    @property
    def days(self) -> list[DayDigest]:
        return [d for exercise_id in self.exercises for d in self.days_of(exercise_id)]

    def to_json(self) -> list[Any]:
        rows = self._read_rows()
        by_exercise = {
            ex: [d.to_json() for d in self._days[ex]] if ex in self._days else rows[ex]
            for ex in self.exercises
        }  # fmt: skip
        unit = self.unit.value if self.unit else None
        return [self.start, self.end, self.done, self.volume, self.reps_total, self.hold_total,
                unit, by_exercise]  # fmt: skip

    @classmethod
    def from_json(cls, session_id: str, row: list[Any]) -> SessionDigest:
        digest = cls(session_id)
        (digest.start, digest.end, digest.done, digest.volume, digest.reps_total,
         digest.hold_total, unit, digest._rows) = row  # fmt: skip
        digest.unit = _UNITS[unit] if unit else None
        return digest

    @classmethod
    def from_head(
        cls,
        session_id: str,
        head: list[Any],
        source: Callable[[], Mapping[str, dict[str, list[list[Any]]]]],
    ) -> SessionDigest:
        """A digest of which only the totals and exercises are read: ``head`` is ``to_json()``
        with the exercises' names in place of their rows. ``source()`` gives every session's
        rows by exercise (``to_json()[7]``), asked for when first needed."""
        # made directly, not through ``__init__``: thousands of digests at each read
        digest = cls.__new__(cls)
        (digest.start, digest.end, digest.done, digest.volume, digest.reps_total,
         digest.hold_total, unit, exercises) = head  # fmt: skip
        digest.session_id, digest.unit = session_id, _UNITS[unit] if unit else None
        digest._days, digest._rows, digest._exercises, digest._source = {}, {}, [*exercises], source
        return digest


def digest_sets(sets: Iterable[SetResult]) -> dict[str, SessionDigest]:
    """Digests of every session the sets belong to."""
    by_session: dict[str, list[SetResult]] = {}
    for r in sets:
        by_session.setdefault(r.session_id, []).append(r)
    return {sid: SessionDigest.of(sid, results) for sid, results in by_session.items()}
