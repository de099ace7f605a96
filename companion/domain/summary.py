"""What a session amounted to, and how a set compares with the athlete's past sets.

Pure functions over ``SetResult`` lists: the runner shows "last time" and "best" beside each
target, and the summary screen shows volume, records set today and left/right differences.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from companion.domain.e1rm import estimate_1rm
from companion.domain.insights_records import RecordMark, record_marks
from companion.domain.models import SessionLog, SetResult, Side
from companion.domain.symmetry import SideComparison, compare_sides
from companion.domain.volume import volume


def describe(result: SetResult) -> str:
    """``8 × 20 kg``, ``10 × BW``, ``8 × BW+5 kg``, ``35 s``, ``12 contacts``, ``skipped``."""
    if result.skipped:
        return "skipped"
    if result.hold_s is not None:
        text = f"{result.hold_s} s"
        return f"{text} @ {_load(result)}" if result.load else text
    if result.contacts is not None:
        return f"{result.contacts} contacts"
    reps = "–" if result.reps is None else str(result.reps)
    text = f"{reps} × {_load(result)}"
    if result.rpe is not None:
        text += f" @{result.rpe:g}"
    return text


def _load(result: SetResult) -> str:
    if result.bodyweight or not result.load:
        return f"BW+{result.load:g} {result.unit}" if result.load else "BW"
    return f"{result.load:g} {result.unit}"


def score(result: SetResult) -> tuple[float, float] | None:
    """A comparable measure of a set: e1RM for loaded reps, else reps, seconds or contacts;
    ties broken by load. None for skipped or empty sets."""
    if result.skipped:
        return None
    load = result.load or 0.0
    if result.hold_s is not None:
        return (float(result.hold_s), load)
    if result.contacts is not None:
        return (float(result.contacts), load)
    if result.reps is None:
        return None
    if load > 0 and not result.bodyweight:
        e1rm = estimate_1rm(load, result.reps, result.rpe)
        if e1rm is not None:
            return (e1rm, float(result.reps))
        return (load, float(result.reps))
    return (float(result.reps), load)


@dataclass(frozen=True)
class LastAndBest:
    last: SetResult | None
    best: SetResult | None


def last_and_best(
    history: Iterable[SetResult], side: Side, *, exclude_session: str | None = None
) -> LastAndBest:
    """The most recent and the best working set for one side, from sessions before this one."""
    sets = [
        r
        for r in history
        if r.side is side
        and not r.warmup
        and not r.skipped
        and r.session_id != exclude_session
        and score(r) is not None
    ]
    if not sets:
        return LastAndBest(None, None)
    last = max(sets, key=lambda r: r.at)
    best = max(sets, key=lambda r: score(r) or (0.0, 0.0))
    return LastAndBest(last, best)


def marks_by_side(
    history: Iterable[SetResult], *, exclude_session: str | None = None
) -> dict[tuple[str, Side], LastAndBest]:
    """:func:`last_and_best` for every exercise and side at once, in one pass over the sets.

    The runner computes this once when it reads the history, so a set confirmed later costs a
    dictionary look-up instead of a rescan (ties go to the earlier set, as in ``max``).
    """
    found: dict[tuple[str, Side], tuple[SetResult, SetResult, tuple[float, float]]] = {}
    for r in history:
        if r.warmup or r.skipped or r.session_id == exclude_session:
            continue
        mine = score(r)
        if mine is None:
            continue
        key = (r.exercise_id, r.side)
        seen = found.get(key)
        if seen is None:
            found[key] = (r, r, mine)
            continue
        last, best, top = seen
        if r.at > last.at or mine > top:
            found[key] = (r if r.at > last.at else last, r if mine > top else best, max(mine, top))
    return {key: LastAndBest(last, best) for key, (last, best, _) in found.items()}


def with_today(marks: LastAndBest, today: Iterable[SetResult]) -> LastAndBest:
    """``marks`` from earlier sessions, with the best raised by a better working set today.

    ``today`` holds this session's sets of the same exercise and side. "last" stays the last
    time before today (the runner lists today's sets on their own).
    """
    best = marks.best
    top = None if best is None else score(best)
    for r in today:
        mine = None if r.warmup else score(r)
        if mine is not None and (top is None or mine > top):
            best, top = r, mine
    return marks if best is marks.best else LastAndBest(marks.last, best)


@dataclass(frozen=True)
class SideGap:
    exercise_id: str
    comparison: SideComparison

    @property
    def lsi(self) -> float:
        return self.comparison.lsi

    @property
    def band(self) -> str:
        return self.comparison.band


@dataclass
class SessionSummary:
    planned: int
    done: int
    skipped: int
    minutes: float
    volume: float  # ``volume.volume`` of the working sets, in the session's unit
    unit: str
    records: list[RecordMark] = field(default_factory=list)
    gaps: list[SideGap] = field(default_factory=list)


def records_today(today: Sequence[SetResult], before: Iterable[SetResult]) -> list[RecordMark]:
    """The records this session set: the record book's marks (``insights_records``), the
    same the history shows for it, over the earlier sets of the exercises done today."""
    done = {r.exercise_id for r in today}
    sessions = {r.session_id for r in today}
    earlier = [r for r in before if r.exercise_id in done and r.session_id not in sessions]
    marks = record_marks([*earlier, *today])
    return [m for m in marks if m.session_id in sessions]


def gaps_by_exercise(
    today: Sequence[SetResult], bodyweight_kg: float | None = None
) -> list[SideGap]:
    """Per exercise done on both sides today: ``symmetry.compare_sides`` of its sets."""
    gaps = []
    for exercise_id in dict.fromkeys(r.exercise_id for r in today):
        mine = [r for r in today if r.exercise_id == exercise_id]
        found = compare_sides(
            [r for r in mine if r.side is Side.LEFT],
            [r for r in mine if r.side is Side.RIGHT],
            bodyweight_kg,
        )
        if found is not None:
            gaps.append(SideGap(exercise_id, found))
    return gaps


def summarise(
    log: SessionLog,
    planned: int,
    before: Iterable[SetResult],
    now: datetime,
    bodyweight_kg: float | None = None,
) -> SessionSummary:
    """Sets done against planned, time, volume, today's records and left/right gaps."""
    sets = [r for r in log.sets if r.session_id == log.id]
    working = [r for r in sets if not r.skipped]
    end = log.finished_at or now
    unit = str(working[0].unit) if working else "kg"
    return SessionSummary(
        planned=planned,
        done=len(working),
        skipped=len(sets) - len(working),
        minutes=max(0.0, (end - log.started_at).total_seconds() / 60),
        volume=volume(working),
        unit=unit,
        records=records_today([r for r in working if not r.warmup], before),
        gaps=gaps_by_exercise(working, bodyweight_kg),
    )
