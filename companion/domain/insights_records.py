"""Personal records per exercise and side, and the day each one was first set.

A record is only *set* when it beats what came before: the first time an exercise (or a load,
for rep records) is done it becomes the baseline, not a record, so a first session does not
light up every line. Records are kept per side, so a left-leg best is a record of its own.
More reps at the heaviest load ever is marked once, as the heaviest-load record, not twice.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from companion.domain.catalogue import Catalogue
from companion.domain.insights_index import DayDigest, HistoryIndex, SessionDigest, as_index
from companion.domain.models import Measure, SetResult, Side, Unit

_EPS = 1e-9


class RecordKind(StrEnum):
    LOAD = "load"  # heaviest load (ties: more reps)
    E1RM = "e1rm"  # best estimated one-rep max
    HOLD = "hold"  # longest hold, seconds
    REPS = "reps"  # most reps at one load (0 = bodyweight only)


@dataclass(frozen=True, slots=True)
class Best:
    """One best performance and where it happened."""

    value: float  # load, e1RM, seconds or reps, by the record's kind
    day: date
    session_id: str
    load: float | None = None
    reps: int | None = None


@dataclass(slots=True)
class Records:
    exercise_id: str
    side: Side
    unit: Unit = Unit.KG
    heaviest: Best | None = None  # value = load; reps of that set
    e1rm: Best | None = None
    longest_hold: Best | None = None
    most_reps: dict[float, Best] = field(default_factory=dict)  # load (0 = bodyweight) -> best


@dataclass(frozen=True, slots=True)
class RecordMark:
    """A record first set on ``day``, with the value it beat."""

    exercise_id: str
    side: Side
    kind: RecordKind
    value: float
    previous: float
    day: date
    session_id: str
    load: float | None = None
    reps: int | None = None
    previous_reps: int | None = None
    unit: Unit = Unit.KG

    @property
    def text(self) -> str:
        """What the athlete reads, without the exercise name: ``heaviest 42.5 kg × 8 (was 40)``."""
        u = self.unit.value
        if self.kind is RecordKind.LOAD:
            was = f"{_n(self.previous)} {u} × {self.previous_reps}"
            return f"heaviest {_n(self.value)} {u} × {self.reps} (was {was})"
        if self.kind is RecordKind.E1RM:
            return f"best e1RM {self.value:.1f} {u} (was {self.previous:.1f})"
        if self.kind is RecordKind.HOLD:
            return f"longest hold {_n(self.value)} s (was {_n(self.previous)} s)"
        at = f"{_n(self.load)} {u}" if self.load else "bodyweight"
        return f"most reps at {at}: {_n(self.value)} (was {_n(self.previous)})"


def _n(x: float | None) -> str:
    return f"{x or 0:g}"


def _fold(d: DayDigest, rec: Records, marks: list[RecordMark]) -> None:
    """Fold one day's best sets (``d``) into the records, marking what they beat."""
    day = d.day
    heavy_mark: tuple[float, int] | None = None  # a rep record there would say it twice
    if (heavy := d.heavy) is not None:
        old = rec.heaviest
        load, reps, session = heavy
        if (
            old is None
            or load > old.value + _EPS
            or (abs(load - old.value) <= _EPS and reps > (old.reps or 0))
        ):
            best = Best(load, day, session, load, reps)
            if old is not None:
                _mark(marks, rec, RecordKind.LOAD, best, old)
                heavy_mark = (round(load, 3), reps)
            rec.heaviest = best
    if (top := d.e1rm_set) is not None:
        old = rec.e1rm
        if old is None or d.e1rm > old.value + _EPS:
            best = Best(d.e1rm, day, top[2], top[0], top[1])
            if old is not None:
                _mark(marks, rec, RecordKind.E1RM, best, old)
            rec.e1rm = best
    if (hold := d.longest) is not None:
        old = rec.longest_hold
        if old is None or hold[0] > old.value:
            best = Best(float(hold[0]), day, hold[2], hold[1], None)
            if old is not None:
                _mark(marks, rec, RecordKind.HOLD, best, old)
            rec.longest_hold = best
    most_reps = rec.most_reps
    for key, (reps, session) in d.reps_at.items():
        old = most_reps.get(key)
        if old is None or reps > old.value:
            best = Best(float(reps), day, session, key or None, reps)
            if old is not None and heavy_mark != (key, reps):
                _mark(marks, rec, RecordKind.REPS, best, old)
            most_reps[key] = best


def _mark(marks: list[RecordMark], rec: Records, kind: RecordKind, best: Best, old: Best) -> None:
    marks.append(
        RecordMark(
            rec.exercise_id, rec.side, kind, best.value, old.value, best.day, best.session_id,
            load=best.load, reps=best.reps, previous_reps=old.reps, unit=rec.unit,
        )
    )  # fmt: skip


class RecordBook:
    """Every exercise's records per side, every mark on the way (oldest first), and the last
    day folded in per exercise and side: what the store keeps beside the digests and brings
    up to date as sessions are finished (``add``), instead of folding years of days again."""

    __slots__ = ("records", "marks", "last")

    def __init__(
        self,
        records: dict[tuple[str, Side], Records] | None = None,
        marks: list[RecordMark] | None = None,
        last: dict[tuple[str, Side], date] | None = None,
    ) -> None:
        self.records = records or {}
        self.marks = marks or []
        self.last = last or {}

    @classmethod
    def of(cls, index: HistoryIndex) -> RecordBook:
        """The book of a whole history: one pass over each exercise's days."""
        book = cls()
        for exercise_id in index.exercise_ids():
            for side, days in index.exercise(exercise_id).items():
                if days:
                    book._fold_all(exercise_id, side, days)
        book._sort()
        return book

    def _fold_all(self, exercise_id: str, side: Side, days: Iterable[DayDigest]) -> None:
        key = (exercise_id, side)
        rec = self.records.get(key)
        for d in days:
            if rec is None:
                rec = self.records[key] = Records(exercise_id, side, unit=d.unit)
            _fold(d, rec, self.marks)
            self.last[key] = d.day

    def _sort(self) -> None:
        self.marks.sort(key=lambda m: (m.day, m.exercise_id, m.side.value, m.kind.value))

    def can_add(self, digest: SessionDigest) -> bool:
        """True if every day of ``digest`` comes after the days folded in for its exercise and
        side (a session finished after the others), so ``add`` gives what ``of`` would."""
        return all(d.day > self.last.get((d.exercise_id, d.side), date.min) for d in digest.days)

    def add(self, digest: SessionDigest) -> None:
        """Fold in one more session (see ``can_add``)."""
        for d in sorted(digest.days, key=lambda d: d.day):
            self._fold_all(d.exercise_id, d.side, (d,))
        self._sort()

    def of_exercise(self, exercise_id: str) -> tuple[dict[Side, Records], list[RecordMark]]:
        sides = {side: rec for (ex, side), rec in self.records.items() if ex == exercise_id}
        return sides, [m for m in self.marks if m.exercise_id == exercise_id]

    # --- kept on disk ----------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "records": [_records_json(r) for r in self.records.values()],
            "marks": [_mark_json(m) for m in self.marks],
            "last": [[ex, side.value, day.isoformat()] for (ex, side), day in self.last.items()],
        }

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> RecordBook:
        records = [_records_of(r) for r in body["records"]]
        return cls(
            {(r.exercise_id, r.side): r for r in records},
            [_mark_of(m) for m in body["marks"]],
            {(ex, Side(side)): date.fromisoformat(day) for ex, side, day in body["last"]},
        )


def _best_json(b: Best | None) -> list[Any] | None:
    return None if b is None else [b.value, b.day.isoformat(), b.session_id, b.load, b.reps]


def _best_of(row: list[Any] | None) -> Best | None:
    if row is None:
        return None
    value, day, session_id, load, reps = row
    return Best(value, date.fromisoformat(day), session_id, load, reps)


def _records_json(r: Records) -> list[Any]:
    return [
        r.exercise_id, r.side.value, r.unit.value, _best_json(r.heaviest), _best_json(r.e1rm),
        _best_json(r.longest_hold), [[key, _best_json(b)] for key, b in r.most_reps.items()],
    ]  # fmt: skip


def _records_of(row: list[Any]) -> Records:
    ex, side, unit, heaviest, e1rm, hold, most_reps = row
    return Records(
        ex, Side(side), Unit(unit), _best_of(heaviest), _best_of(e1rm), _best_of(hold),
        {key: best for key, b in most_reps if (best := _best_of(b)) is not None},
    )  # fmt: skip


def _mark_json(m: RecordMark) -> list[Any]:
    return [
        m.exercise_id, m.side.value, m.kind.value, m.value, m.previous, m.day.isoformat(),
        m.session_id, m.load, m.reps, m.previous_reps, m.unit.value,
    ]  # fmt: skip


def _mark_of(row: list[Any]) -> RecordMark:
    ex, side, kind, value, previous, day, session_id, load, reps, previous_reps, unit = row
    return RecordMark(
        ex, Side(side), RecordKind(kind), value, previous, date.fromisoformat(day), session_id,
        load=load, reps=reps, previous_reps=previous_reps, unit=Unit(unit),
    )  # fmt: skip


def marks_set_in(body: dict[str, Any], session_ids: Collection[str]) -> list[RecordMark]:
    """The marks set in these sessions, oldest first, from a book as kept on disk
    (``RecordBook.to_json()``): only theirs are read."""
    return [_mark_of(row) for row in body["marks"] if row[6] in session_ids]


def book_of(index: HistoryIndex) -> RecordBook:
    """The index's record book: the one it was given (kept by the store), else folded once."""
    if index.book is None:
        with index.lock:
            if index.book is None:
                index.book = RecordBook.of(index)
    return index.book  # type: ignore[no-any-return]


def exercise_records(
    sets: HistoryIndex | Iterable[SetResult], exercise_id: str
) -> dict[Side, Records]:
    """One exercise's bests per side."""
    return book_of(as_index(sets)).of_exercise(exercise_id)[0]


def records(
    sets: HistoryIndex | Iterable[SetResult], catalogue: Catalogue | None = None
) -> dict[tuple[str, Side], Records]:
    """Every exercise's bests per side, from working sets.

    With a catalogue, an exercise measured in seconds keeps only its hold record and one
    measured in reps drops a stray hold, so a mistyped set does not become a record.
    """
    book = dict(book_of(as_index(sets)).records)
    if catalogue is None:
        return book
    out: dict[tuple[str, Side], Records] = {}
    for key, rec in book.items():
        measure = catalogue.get(rec.exercise_id).measure if rec.exercise_id in catalogue else None
        if measure is Measure.HOLD:
            rec = Records(rec.exercise_id, rec.side, rec.unit, longest_hold=rec.longest_hold)
        elif measure is Measure.REPS and rec.longest_hold is not None:
            rec = Records(rec.exercise_id, rec.side, rec.unit, rec.heaviest, rec.e1rm, None,
                          dict(rec.most_reps))  # fmt: skip
        out[key] = rec
    return out


def record_marks(sets: HistoryIndex | Iterable[SetResult]) -> list[RecordMark]:
    """Every record ever set, oldest first."""
    return list(book_of(as_index(sets)).marks)


def records_set_on(sets: HistoryIndex | Iterable[SetResult], day: date) -> list[RecordMark]:
    """Records first set on ``day``: that day's best beat everything recorded before it."""
    return [m for m in book_of(as_index(sets)).marks if m.day == day]
