"""What a session amounted to, and how a set compares with the athlete's past sets.

Pure functions over ``SetResult`` lists: the runner shows "last time" and "best" beside each
target, and the summary screen shows volume, records set today and left/right differences.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from companion.domain.e1rm import estimate_1rm
from companion.domain.models import SessionLog, SetResult, Side
from companion.domain.symmetry import band, lsi


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


def _family(result: SetResult) -> str:
    if result.hold_s is not None:
        return "hold"
    if result.contacts is not None:
        return "contacts"
    return "loaded" if (result.load or 0) > 0 and not result.bodyweight else "reps"


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
class Record:
    exercise_id: str
    side: Side
    result: SetResult
    previous: SetResult | None


@dataclass(frozen=True)
class SideGap:
    exercise_id: str
    left: float
    right: float
    lsi: float
    band: str
    weaker: Side | None


@dataclass
class SessionSummary:
    planned: int
    done: int
    skipped: int
    minutes: float
    volume: float  # sum of reps × load over loaded working sets, in the session's unit
    unit: str
    records: list[Record] = field(default_factory=list)
    gaps: list[SideGap] = field(default_factory=list)


def records_today(today: Sequence[SetResult], before: Iterable[SetResult]) -> list[Record]:
    """Sets today that beat every earlier set of the same exercise, side and kind."""
    history = list(before)
    found: list[Record] = []
    seen: set[tuple[str, Side]] = set()
    for result in sorted(today, key=lambda r: score(r) or (0.0, 0.0), reverse=True):
        mine = score(result)
        if mine is None or result.warmup or (result.exercise_id, result.side) in seen:
            continue
        earlier = [
            r
            for r in history
            if r.exercise_id == result.exercise_id
            and r.side is result.side
            and not r.warmup
            and score(r) is not None
            and _family(r) == _family(result)
        ]
        if not earlier:
            continue  # a first time is not a record
        previous = max(earlier, key=lambda r: score(r) or (0.0, 0.0))
        if mine > (score(previous) or (0.0, 0.0)):
            found.append(Record(result.exercise_id, result.side, result, previous))
            seen.add((result.exercise_id, result.side))
    return sorted(found, key=lambda r: r.exercise_id)


def side_gaps(today: Sequence[SetResult]) -> list[SideGap]:
    """Per exercise done on both sides today: the best left set against the best right one.

    At the same load the counts are compared (8 reps against 6 is LSI 75); at different loads
    the estimated 1RMs are.
    """
    gaps = []
    for exercise_id in dict.fromkeys(r.exercise_id for r in today):
        best: dict[Side, SetResult] = {}
        for side in (Side.LEFT, Side.RIGHT):
            mine = [
                r
                for r in today
                if r.exercise_id == exercise_id
                and r.side is side
                and not r.warmup
                and score(r) is not None
            ]
            if mine:
                best[side] = max(mine, key=lambda r: score(r) or (0.0, 0.0))
        if len(best) < 2:
            continue
        left_set, right_set = best[Side.LEFT], best[Side.RIGHT]
        if (left_set.load or 0) == (right_set.load or 0) and _family(left_set) == _family(
            right_set
        ):
            left, right = _count(left_set), _count(right_set)
        else:
            left, right = (score(left_set) or (0.0,))[0], (score(right_set) or (0.0,))[0]
        index = lsi(left, right)
        if index is None:
            continue
        weaker = None if left == right else (Side.LEFT if left < right else Side.RIGHT)
        gaps.append(SideGap(exercise_id, left, right, index, band(index), weaker))
    return gaps


def _count(result: SetResult) -> float:
    for value in (result.hold_s, result.contacts, result.reps):
        if value is not None:
            return float(value)
    return 0.0


def summarise(
    log: SessionLog, planned: int, before: Iterable[SetResult], now: datetime
) -> SessionSummary:
    """Sets done against planned, time, volume, today's records and left/right gaps."""
    sets = [r for r in log.sets if r.session_id == log.id]
    working = [r for r in sets if not r.skipped]
    end = log.finished_at or now
    volume = sum(
        (r.reps or 0) * (r.load or 0)
        for r in working
        if not r.warmup and r.reps is not None and not r.bodyweight
    )
    unit = str(working[0].unit) if working else "kg"
    return SessionSummary(
        planned=planned,
        done=len(working),
        skipped=len(sets) - len(working),
        minutes=max(0.0, (end - log.started_at).total_seconds() / 60),
        volume=volume,
        unit=unit,
        records=records_today(working, (r for r in before if r.session_id != log.id)),
        gaps=side_gaps(working),
    )
