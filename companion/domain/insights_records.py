"""Personal records per exercise and side, and the day each one was first set.

A record is only *set* when it beats what came before: the first time an exercise (or a load,
for rep records) is done it becomes the baseline, not a record, so a first session does not
light up every line. Records are kept per side, so a left-leg best is a record of its own.
More reps at the heaviest load ever is marked once, as the heaviest-load record, not twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from companion.domain.catalogue import Catalogue
from companion.domain.insights_index import DayDigest, HistoryIndex, as_index
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


def _scan_exercise(
    sides: dict[Side, list[DayDigest]],
) -> tuple[dict[Side, Records], list[RecordMark]]:
    """One pass over an exercise's days: its records per side and every mark on the way."""
    book: dict[Side, Records] = {}
    marks: list[RecordMark] = []
    for side, days in sides.items():
        if not days:
            continue
        rec = book[side] = Records(days[0].exercise_id, side, unit=days[0].unit)
        for d in days:
            _fold(d, rec, marks)
    return book, marks


def _exercise(
    index: HistoryIndex, exercise_id: str
) -> tuple[dict[Side, Records], list[RecordMark]]:
    cache: dict[str, tuple[dict[Side, Records], list[RecordMark]]]
    cache = index._cache.setdefault("records", {})
    if exercise_id not in cache:
        cache[exercise_id] = _scan_exercise(index.by_exercise.get(exercise_id, {}))
    return cache[exercise_id]


def _marks(index: HistoryIndex, exercise_ids: Iterable[str]) -> list[RecordMark]:
    marks = [m for ex in exercise_ids for m in _exercise(index, ex)[1]]
    marks.sort(key=lambda m: (m.day, m.exercise_id, m.side.value, m.kind.value))
    return marks


def exercise_records(
    sets: HistoryIndex | Iterable[SetResult], exercise_id: str
) -> dict[Side, Records]:
    """One exercise's bests per side (cheap: only that exercise's sets are read)."""
    return dict(_exercise(as_index(sets), exercise_id)[0])


def records(
    sets: HistoryIndex | Iterable[SetResult], catalogue: Catalogue | None = None
) -> dict[tuple[str, Side], Records]:
    """Every exercise's bests per side, from working sets.

    With a catalogue, an exercise measured in seconds keeps only its hold record and one
    measured in reps drops a stray hold, so a mistyped set does not become a record.
    """
    index = as_index(sets)
    book = {
        (exercise_id, side): rec
        for exercise_id in index.by_exercise
        for side, rec in _exercise(index, exercise_id)[0].items()
    }
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
    index = as_index(sets)
    return _marks(index, index.by_exercise)


def records_set_on(sets: HistoryIndex | Iterable[SetResult], day: date) -> list[RecordMark]:
    """Records first set on ``day``: that day's best beat everything recorded before it."""
    index = as_index(sets)
    done = dict.fromkeys(d.exercise_id for d in index.by_day.get(day, ()))
    return [m for m in _marks(index, done) if m.day == day]
