"""History aggregates for the history and insight screens: pure functions, no I/O.

Inputs are finished ``SessionLog`` headers and the sets' digests (``insights_digest``): pass a
``HistoryIndex`` built once per change of the history, or plain ``SetResult``s (digested on
the way). Only working sets count (not warm-ups, not skipped). Each function touches only what
it needs (one exercise, one week, one day).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from companion.domain.catalogue import Catalogue
from companion.domain.insights_index import (
    DayDigest,
    HistoryIndex,
    SessionDigest,
    as_index,
    digest_sets,
    is_working,
)
from companion.domain.insights_records import (
    Best,
    RecordKind,
    RecordMark,
    Records,
    exercise_records,
    record_marks,
    records,
    records_set_on,
)
from companion.domain.models import (
    AssessmentResult,
    Muscle,
    Plan,
    SessionKind,
    SessionLog,
    SetResult,
    Side,
    Unit,
)
from companion.domain.symmetry import SideBest, better, bodyweight_strength, compare_best, lsi

__all__ = [
    "Best", "DayDigest", "ExerciseSeries", "HistoryIndex", "LsiPoint", "RecordKind",
    "RecordMark", "Records", "SeriesPoint", "SessionDigest", "SessionRow", "SymmetryPoint",
    "WeekAdherence", "adherence", "as_index", "current_streak", "digest_sets",
    "exercise_records", "exercise_series", "is_working", "lsi_trend", "muscle_sets",
    "muscle_sets_vs_average", "record_marks", "records", "records_set_on", "session_rows",
]  # fmt: skip

Sets = HistoryIndex | Iterable[SetResult]


# --- sessions -------------------------------------------------------------------------------


@dataclass(slots=True)  # not frozen: a frozen dataclass is slower to make (thousands)
class SessionRow:
    session_id: str
    day: date
    plan: str  # the plan's name (its id when the name is missing)
    title: str
    minutes: int | None  # None while unfinished
    sets_done: int  # sets done, warm-ups included (skipped sets do not count)
    sets_planned: int  # the runner's whole list, warm-ups included
    volume: float  # Σ reps × load over sets with a load (added load for bodyweight work)
    reps_total: int  # reps of bodyweight-only sets, which carry no volume
    hold_total: int  # seconds held
    rpe: float | None
    records: list[RecordMark] = field(default_factory=list)
    unit: Unit = Unit.KG
    counted: bool = True  # False: from the header alone, the sets not read (totals are 0)


def _newest_first(sessions: Iterable[SessionLog]) -> list[SessionLog]:
    return sorted(sessions, key=lambda s: s.started_at, reverse=True)


def _minutes(log: SessionLog) -> int | None:
    if log.finished_at is None:
        return None
    return round((log.finished_at - log.started_at).total_seconds() / 60)


def _row(
    log: SessionLog, digest: SessionDigest | None, records: list[RecordMark], counted: bool = True
) -> SessionRow:
    """A session's row: what its header says, with the totals of its sets' ``digest``."""
    if digest is None:
        done = reps = hold = 0
        volume, unit = 0.0, Unit.KG
    else:
        done, reps, hold = digest.done, digest.reps_total, digest.hold_total
        volume, unit = round(digest.volume, 2), digest.unit or Unit.KG
    # positional, in the fields' order: thousands of rows (a keyword call costs twice as much)
    return SessionRow(
        log.id, log.started_at.date(), log.plan_name or log.plan_id or "",
        log.title or log.session_key or "", _minutes(log), done, log.planned_sets, volume,
        reps, hold, log.rpe, records, unit, counted,
    )  # fmt: skip


def header_rows(sessions: Iterable[SessionLog]) -> list[SessionRow]:
    """The rows ``session_rows`` gives, newest first, from the sessions' headers alone: what
    can be shown before the sets are read (``counted`` False, no totals or records)."""
    return [_row(log, None, [], counted=False) for log in _newest_first(sessions)]


def session_rows(sessions: Iterable[SessionLog], sets: Sets) -> list[SessionRow]:
    """One row per session for the history table, newest first."""
    index = as_index(sets)
    return rows_of(sessions, index.sessions, record_marks(index))


def rows_of(
    sessions: Iterable[SessionLog],
    digests: Mapping[str, SessionDigest],
    marks: Iterable[RecordMark],
) -> list[SessionRow]:
    """``session_rows`` from the sessions' digests and the record marks: the rows of a few
    sessions need only theirs (``Store.digests_of``)."""
    marks_by_session: dict[str, list[RecordMark]] = {}
    for mark in marks:
        marks_by_session.setdefault(mark.session_id, []).append(mark)
    digest, marks_of = digests.get, marks_by_session.get
    return [_row(log, digest(log.id), marks_of(log.id, [])) for log in _newest_first(sessions)]


# --- one exercise over time -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    day: date
    sets: int
    top_load: float | None  # heaviest load that day (added load for bodyweight work)
    e1rm: float | None  # best estimate that day (weighted sets only; logged RPE used)
    volume: float  # Σ reps × load
    reps: int  # total reps
    best_reps: int | None  # most reps in one set
    hold: int | None  # longest hold, seconds


@dataclass(frozen=True, slots=True)
class SymmetryPoint:
    day: date
    left: float
    right: float
    lsi: float
    basis: str  # "e1rm" for weighted work, "hold" for holds, "reps" otherwise


@dataclass(frozen=True, slots=True)
class ExerciseSeries:
    exercise_id: str
    lines: dict[Side, list[SeriesPoint]]  # LEFT and RIGHT for per-side work, else BOTH
    symmetry: list[SymmetryPoint]

    @property
    def per_side(self) -> bool:
        return Side.LEFT in self.lines or Side.RIGHT in self.lines


def _point(d: DayDigest, bodyweight_kg: float | None) -> SeriesPoint:
    e1rm = round(d.e1rm, 2) if d.e1rm_set else None
    if e1rm is None and d.bodyweight and bodyweight_kg:
        loaded = _bodyweight_best(d, bodyweight_kg)
        e1rm = round(loaded, 2) if loaded else None
    return SeriesPoint(
        day=d.day,
        sets=d.sets,
        top_load=d.top_load,
        e1rm=e1rm,
        volume=round(d.volume, 2),
        reps=d.reps,
        best_reps=d.best_reps,
        hold=d.hold,
    )


def _bodyweight_best(d: DayDigest, bodyweight_kg: float) -> float:
    """The day's best bodyweight-plus set weighed with the body weight (0 if none was loaded)."""
    return max(
        (bodyweight_strength(load, reps, bodyweight_kg, d.unit.value)
         for load, (reps, _) in d.reps_at.items() if load and reps),
        default=0.0,
    )  # fmt: skip


def day_best(d: DayDigest, bodyweight_kg: float | None = None) -> SideBest | None:
    """One side's best on one day, from its digest, valued as ``symmetry.set_strength`` values
    the best set: the figures the comparison needs are kept in each day's digest."""
    found: SideBest | None = None
    candidates: list[SideBest] = []
    if d.strength:
        candidates.append(("e1rm", d.strength, 0.0))
    if d.bodyweight and bodyweight_kg and (loaded := _bodyweight_best(d, bodyweight_kg)):
        candidates.append(("e1rm", loaded, 0.0))
    if d.hold is not None:
        candidates.append(("hold", float(d.hold), 0.0))
    for load, (reps, _) in d.reps_at.items():
        if reps and (d.bodyweight or not load):
            candidates.append(("reps", float(reps), load))
    for candidate in candidates:
        if better(found, candidate):
            found = candidate
    return found


def _symmetry(
    day: date, left: DayDigest, right: DayDigest, bw: float | None
) -> SymmetryPoint | None:
    found = compare_best(day_best(left, bw), day_best(right, bw))
    if found is None:
        return None
    return SymmetryPoint(day, found.left, found.right, round(found.lsi, 1), found.basis)


def exercise_series(
    sets: Sets, exercise_id: str, bodyweight_kg: float | None = None
) -> ExerciseSeries:
    """Per day and side: top load, best e1RM, volume, reps, longest hold; and the LSI per day.

    The LSI is ``symmetry.compare_best`` of each side's best that day (``day_best``): the
    summary's and progression's comparison, bodyweight-plus work weighed with the body weight.
    Days with only one side done have no LSI.
    """
    sides = as_index(sets).exercise(exercise_id)
    lines = {side: [_point(d, bodyweight_kg) for d in days] for side, days in sides.items()}
    symmetry: list[SymmetryPoint] = []
    right_by_day = {d.day: d for d in sides.get(Side.RIGHT, [])}
    for left in sides.get(Side.LEFT, []):
        right = right_by_day.get(left.day)
        point = _symmetry(left.day, left, right, bodyweight_kg) if right else None
        if point is not None:
            symmetry.append(point)
    return ExerciseSeries(exercise_id, lines, symmetry)


# --- muscles --------------------------------------------------------------------------------


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def muscle_sets(sets: Sets, catalogue: Catalogue, week_start: date) -> dict[Muscle, float]:
    """Working sets per muscle in the ISO week holding ``week_start`` (Monday to Sunday).

    A primary muscle counts 1 per set and a secondary one 0.5. A per-side set counts half, so
    three sets on each leg are three sets for the muscle, as a coach would count them.
    Exercises the catalogue does not know are left out.
    """
    index = as_index(sets)
    monday = _monday(week_start)
    totals: dict[Muscle, float] = {}
    for offset in range(7):
        for d in index.on_day(monday + timedelta(days=offset)):
            if d.exercise_id not in catalogue:
                continue
            exercise = catalogue.get(d.exercise_id)
            weight = (1.0 if d.side is Side.BOTH else 0.5) * d.sets
            for muscle in exercise.primary:
                totals[muscle] = totals.get(muscle, 0.0) + weight
            for muscle in exercise.secondary:
                totals[muscle] = totals.get(muscle, 0.0) + weight / 2
    return totals


def muscle_sets_vs_average(
    sets: Sets, catalogue: Catalogue, week_start: date, weeks: int = 4
) -> dict[Muscle, tuple[float, float]]:
    """Each muscle's sets this week beside its average over the ``weeks`` weeks before.

    Weeks with nothing done count as zero in the average.
    """
    if weeks < 1:
        raise ValueError(f"weeks must be 1 or more, not {weeks}")
    index = as_index(sets)
    monday = _monday(week_start)
    this_week = muscle_sets(index, catalogue, monday)
    summed: dict[Muscle, float] = {}
    for back in range(1, weeks + 1):
        for muscle, n in muscle_sets(index, catalogue, monday - timedelta(weeks=back)).items():
            summed[muscle] = summed.get(muscle, 0.0) + n
    muscles = sorted(set(this_week) | set(summed), key=list(Muscle).index)
    return {m: (this_week.get(m, 0.0), round(summed.get(m, 0.0) / weeks, 3)) for m in muscles}


# --- adherence ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeekAdherence:
    week: int  # 1-based plan week
    start: date  # first day of the plan week (weeks run from the plan's start day)
    planned: int  # strength days the schedule gives that week
    done: int  # finished training sessions of this plan that week
    complete: bool  # the week is over

    @property
    def percent(self) -> float:
        """Done over planned, at most 100 (an extra session does not make up for a missed week)."""
        return round(100 * min(self.done, self.planned) / self.planned, 1) if self.planned else 0

    @property
    def met(self) -> bool:
        return self.done >= self.planned


def plan_start(plan: Plan, sessions: Iterable[SessionLog], today: date) -> date:
    """The plan's ``start``, else the day it was imported, else its first session, else today."""
    if plan.start is not None:
        return plan.start
    if plan.imported_at is not None:
        return plan.imported_at.date()
    days = [s.day for s in sessions if s.plan_id == plan.id]
    return min(days) if days else today


def adherence(plan: Plan, sessions: Iterable[SessionLog], today: date) -> list[WeekAdherence]:
    """Plan weeks from the start up to the one holding ``today`` (or the plan's last week).

    Planned = the schedule's strength days per week; done = finished training sessions of this
    plan that week. The current week is included with ``complete=False``.
    """
    sessions = list(sessions)
    start = plan_start(plan, sessions, today)
    if today < start:
        return []
    last_week = min((today - start).days // 7 + 1, plan.total_weeks)
    done = [0] * (last_week + 1)
    for s in sessions:
        if s.plan_id != plan.id or s.kind is not SessionKind.TRAINING or not s.finished:
            continue
        week = (s.day - start).days // 7 + 1
        if 1 <= week <= last_week:
            done[week] += 1
    planned = len(set(plan.schedule.days))
    weeks = []
    for week in range(1, last_week + 1):
        first = start + timedelta(weeks=week - 1)
        weeks.append(
            WeekAdherence(week, first, planned, done[week], today >= first + timedelta(days=7))
        )
    return weeks


def current_streak(plan: Plan, sessions: Iterable[SessionLog], today: date) -> int:
    """Weeks in a row that met the plan, counting back from the last complete week.

    The week in progress adds one once its sessions are all done; until then it neither counts
    nor breaks the streak, so a streak does not drop to zero on a Monday morning.
    """
    weeks = adherence(plan, sessions, today)
    streak = 0
    if weeks and not weeks[-1].complete:
        current = weeks.pop()
        streak += current.met
    for week in reversed(weeks):
        if not week.met:
            break
        streak += 1
    return streak


# --- assessments ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LsiPoint:
    day: date
    left: float | None
    right: float | None
    lsi: float | None  # None when a side is missing


def lsi_trend(
    assessments: Iterable[AssessmentResult], lower_is_better: Iterable[str] = ()
) -> dict[str, list[LsiPoint]]:
    """Each test's left, right and LSI over time, oldest first.

    Name the tests scored in time where faster is better in ``lower_is_better``.
    """
    faster = set(lower_is_better)
    trend: dict[str, list[LsiPoint]] = {}
    for a in sorted(assessments, key=lambda a: a.day):
        index = None
        if a.left is not None and a.right is not None:
            index = lsi(a.left, a.right, lower_is_better=a.test_id in faster)
        point = LsiPoint(a.day, a.left, a.right, None if index is None else round(index, 1))
        trend.setdefault(a.test_id, []).append(point)
    return trend
