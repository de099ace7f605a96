"""Everything the history screens show, read from the store once and computed on demand.

``HistoryData.get(store, catalogue, today)`` reads the sessions, the sets' digests and the
assessments in one go (call it from a thread worker), builds the ``HistoryIndex`` and keeps
each aggregate the first time a view asks for it. The result is cached per store and reused
until the store's history changes (any write to it, or another day), so switching views or
reopening the screen never rescans years of sets. ``warm_history`` does the whole read ahead
of time, in the background.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from companion.domain import insights
from companion.domain.assessment import BATTERY
from companion.domain.catalogue import Catalogue
from companion.domain.insights import (
    ExerciseSeries,
    HistoryIndex,
    LsiPoint,
    Records,
    SessionRow,
    WeekAdherence,
)
from companion.domain.models import AssessmentResult, Muscle, Plan, Run, SessionLog, Side
from companion.domain.runs import RunRules, WeekLoad, week_strip
from companion.store import Store
from companion.training.today import bodyweight_of

T = TypeVar("T")
Key = tuple[int, date]

_CACHE: weakref.WeakKeyDictionary[Store, HistoryData] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()
_LOAD_LOCK = threading.Lock()  # one read of a history at a time; a second caller reuses it


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class HistoryData:
    """One consistent read of the history, with lazily computed, cached aggregates."""

    key: Key
    today: date
    catalogue: Catalogue
    sessions: list[SessionLog]
    index: HistoryIndex
    assessments: list[AssessmentResult]
    plan: Plan | None  # the plan adherence is measured against
    bodyweight_kg: float | None = None  # the profile's: bodyweight-plus work in e1RM and LSI
    runs: list[Run] = field(default_factory=list)  # from the watch
    settings: dict[str, Any] = field(default_factory=dict)
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)  # memo in memo
    warmed: bool = field(default=False, repr=False)  # every view's opening data is computed

    # --- building -----------------------------------------------------------------------
    @staticmethod
    def key_of(store: Store, today: date) -> Key:
        """Changes whenever the history does (any write, settings and so the body weight
        included) or the day; cheap to ask."""
        return (store.changes(), today)

    @classmethod
    def load(
        cls,
        store: Store,
        catalogue: Catalogue,
        today: date,
        stop: Callable[[], bool] = lambda: False,
    ) -> HistoryData:
        """Read everything from the store (slow for long histories: run it in a worker).
        ``stop``: see ``warm``."""
        key = cls.key_of(store, today)  # first: a write while reading makes the key stale
        settings = store.settings()
        sessions = store.sessions()
        assessments = store.assessments()
        index = store.history_index(stop=stop)
        plans = store.plans()
        for each in plans:
            custom = [e for e in each.exercises if e.id not in catalogue]
            if custom:
                catalogue = catalogue.with_custom(custom)
        plan = store.active_plan()
        if plan is None and sessions:
            last = next((s.plan_id for s in reversed(sessions) if s.plan_id), None)
            plan = next((p for p in plans if p.id == last), None)
        return cls(
            key, today, catalogue, sessions, index, assessments, plan, bodyweight_of(settings),
            store.runs(), settings,
        )  # fmt: skip

    @classmethod
    def cached(cls, store: Store, today: date, warmed: bool = False) -> HistoryData | None:
        """The cached data for ``store`` if its history is unchanged (and, with ``warmed``, if
        ``warm`` has run on it), else None. Never reads the history: fine on the UI thread."""
        key = cls.key_of(store, today)
        with _CACHE_LOCK:
            data = _CACHE.get(store)
        if data is None or data.key != key or (warmed and not data.warmed):
            return None
        return data

    @classmethod
    def get(
        cls,
        store: Store,
        catalogue: Catalogue,
        today: date,
        stop: Callable[[], bool] = lambda: False,
    ) -> HistoryData:
        """The cached data for ``store`` if its history is unchanged, else a fresh read.

        Thread-safe: a caller that arrives while another reads the history waits for that
        read and gets its result instead of reading again.
        """
        data = cls.cached(store, today)
        if data is not None:
            return data
        with _LOAD_LOCK:
            data = cls.cached(store, today)
            if data is None:
                data = cls.load(store, catalogue, today, stop)
                with _CACHE_LOCK:
                    _CACHE[store] = data
        return data

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()`` the first time ``key`` is asked for, then the kept result: for what the
        views derive from this history (their rows, ready to show). Thread-safe."""
        with self._lock:
            if key not in self._cache:
                self._cache[key] = compute()
            return self._cache[key]

    # --- names --------------------------------------------------------------------------
    def name(self, exercise_id: str) -> str:
        if exercise_id in self.catalogue:
            return self.catalogue.get(exercise_id).name
        return exercise_id.replace("-", " ").capitalize()

    def exercise_ids(self) -> list[str]:
        """Exercises with at least one working set, by name."""
        return self.memo("exercise_ids", lambda: sorted(self.index.exercise_ids(), key=self.name))

    def most_done(self) -> str | None:
        """The exercise with the most working sets (ties: by name): the progress view's default."""
        ids = self.exercise_ids()
        if not ids:
            return None
        return max(ids, key=lambda ex: (self.index.working_sets(ex), [-ord(c) for c in ex]))

    # --- sessions -----------------------------------------------------------------------
    def rows(self) -> list[SessionRow]:
        """Session rows, newest first."""
        return self.memo("rows", lambda: insights.session_rows(self.sessions, self.index))

    def sessions_with(self, exercise_id: str) -> set[str]:
        """Ids of sessions with a working set of ``exercise_id``."""
        return self.memo(
            ("with", exercise_id),
            lambda: self.index.sessions_with(exercise_id),
        )

    def session(self, session_id: str) -> SessionLog | None:
        by_id = self.memo("by_id", lambda: {s.id: s for s in self.sessions})
        return by_id.get(session_id)

    # --- exercises ----------------------------------------------------------------------
    def series(self, exercise_id: str) -> ExerciseSeries:
        return self.memo(
            ("series", exercise_id),
            lambda: insights.exercise_series(self.index, exercise_id, self.bodyweight_kg),
        )

    def records(self) -> dict[tuple[str, Side], Records]:
        return self.memo("records", lambda: insights.records(self.index, self.catalogue))

    # --- muscles ------------------------------------------------------------------------
    def first_week(self) -> date:
        first = self.index.first_day()
        return monday(first or self.today)

    def muscles(self, week: date) -> dict[Muscle, tuple[float, float]]:
        """Each muscle's working sets in the week holding ``week`` and its 4-week average."""
        start = monday(week)
        return self.memo(
            ("muscles", start),
            lambda: insights.muscle_sets_vs_average(self.index, self.catalogue, start),
        )

    # --- plan and assessments -----------------------------------------------------------
    def adherence(self) -> list[WeekAdherence]:
        if self.plan is None:
            return []
        plan = self.plan
        return self.memo("adherence", lambda: insights.adherence(plan, self.sessions, self.today))

    def streak(self) -> int:
        if self.plan is None:
            return 0
        plan = self.plan
        return self.memo("streak", lambda: insights.current_streak(plan, self.sessions, self.today))

    def weeks(self) -> list[WeekLoad]:
        """The last eight calendar weeks: run km and strength sessions, side by side."""
        rules = RunRules.of(self.settings)
        return self.memo(
            "weeks", lambda: week_strip(self.runs, self.sessions, self.today, rules=rules)
        )

    def lsi(self) -> dict[str, list[LsiPoint]]:
        faster = [t.id for t in BATTERY.values() if t.lower_is_better]
        return self.memo("lsi", lambda: insights.lsi_trend(self.assessments, faster))

    def test_name(self, test_id: str) -> str:
        test = BATTERY.get(test_id)
        return test.name if test is not None else self.name(test_id)

    def test_unit(self, test_id: str) -> str:
        test = BATTERY.get(test_id)
        if test is not None:
            return test.unit
        return next((a.unit for a in self.assessments if a.test_id == test_id), "")
