"""The demo history: deterministic, six months of two sessions a week, a weak left calf."""

from __future__ import annotations

from datetime import date, datetime
from statistics import mean

import pytest

from companion.demo import (
    BODYWEIGHT_KG,
    HOLIDAY_WEEK,
    DemoHistory,
    create_demo,
    demo_plan,
    demo_start,
    generate_demo,
    generate_history,
)
from companion.domain import progression
from companion.domain.catalogue import builtin
from companion.domain.insights import HistoryIndex, exercise_series, lsi_trend
from companion.domain.models import Plan, SessionLog, Side, Weekday

TODAY = date(2026, 11, 25)  # a Wednesday: this week's Monday session is done, Thursday is not


@pytest.fixture(scope="module")
def plan() -> Plan:
    return demo_plan()


@pytest.fixture(scope="module")
def demo(plan: Plan) -> DemoHistory:
    return generate_demo(plan, TODAY)


def sets_of(demo: DemoHistory) -> list:
    return [s for log in demo.sessions for s in log.sets]


def test_same_seed_same_history_other_seed_another(plan: Plan, demo: DemoHistory) -> None:
    sessions, assessments = generate_history(plan, TODAY, seed=7)
    assert [s.model_dump() for s in sessions] == [s.model_dump() for s in demo.sessions]
    assert [a.model_dump() for a in assessments] == [a.model_dump() for a in demo.assessments]
    other, _ = generate_history(plan, TODAY, seed=8)
    assert [s.model_dump() for s in other] != [s.model_dump() for s in demo.sessions]


def test_six_months_two_sessions_a_week_but_the_holiday(demo: DemoHistory) -> None:
    start = demo_start(TODAY)
    assert demo.plan.start == start and start.weekday() == 0
    assert demo.sessions[0].day == start
    assert demo.sessions[-1].day < TODAY
    assert 24 * 7 <= (demo.sessions[-1].day - start).days <= 26 * 7
    per_week: dict[int, int] = {}
    for log in demo.sessions:
        week = (log.day - start).days // 7 + 1
        per_week[week] = per_week.get(week, 0) + 1
        assert Weekday.of(log.day) in demo.plan.schedule.days
    complete_weeks = range(1, 26)
    assert [per_week.get(w, 0) for w in complete_weeks] == [
        0 if w == HOLIDAY_WEEK else 2 for w in complete_weeks
    ]
    assert per_week[26] == 1  # Monday of this week done, Thursday still to come
    assert [log.session_key for log in demo.sessions[:4]] == ["A", "B", "A", "B"]


def test_sessions_are_finished_and_their_sets_fit_inside(demo: DemoHistory) -> None:
    for log in demo.sessions:
        assert log.finished_at is not None and log.finished_at > log.started_at
        assert log.planned_sets >= len([s for s in log.sets if not s.skipped])
        times = [s.at for s in log.sets]
        assert times == sorted(times)
        assert log.started_at < times[0] and times[-1] < log.finished_at
        assert {t.date() for t in times} == {log.day}
        assert all(s.session_id == log.id for s in log.sets)
        assert log.rpe is not None and 4 <= log.rpe <= 9
    assert any(log.note for log in demo.sessions)
    assert any(log.exercise_notes for log in demo.sessions)


def test_left_calf_catches_up_from_about_80_to_over_90_percent(demo: DemoHistory) -> None:
    calf = lsi_trend(demo.assessments)["single-leg-calf-raise"]
    assert len(calf) == 5
    assert all(p.left < p.right for p in calf)  # the left is the weaker side throughout
    assert 76 <= calf[0].lsi <= 84
    assert calf[-1].lsi >= 90
    assert [p.lsi for p in calf] == sorted(p.lsi for p in calf)
    index = HistoryIndex.of_sets(sets_of(demo))
    # bodyweight-plus calf raises: the sides are weighed with the demo athlete's body weight
    training = exercise_series(index, "single-leg-calf-raise", BODYWEIGHT_KG).symmetry
    quarter = len(training) // 4
    assert all(p.left < p.right for p in training[:quarter])  # the left trails in training too
    assert mean(p.lsi for p in training[-quarter:]) >= 90


def test_weak_left_calf_earns_extra_sets_early_on(demo: DemoHistory) -> None:
    early = [s for log in demo.sessions[:8] for s in log.sets if not s.warmup]
    calf = [s for s in early if s.exercise_id == "single-leg-calf-raise"]
    left = sum(s.side is Side.LEFT for s in calf)
    right = sum(s.side is Side.RIGHT for s in calf)
    assert left > right


def test_assessments_every_six_weeks_for_the_plans_tests(demo: DemoHistory) -> None:
    days = sorted({a.day for a in demo.assessments})
    assert [(b - a).days for a, b in zip(days, days[1:], strict=False)] == [42] * (len(days) - 1)
    assert {a.test_id for a in demo.assessments} >= {
        "single-leg-calf-raise",
        "single-leg-bridge",
        "side-plank",
        "single-leg-box-squat",
    }
    units = {a.test_id: a.unit for a in demo.assessments}
    assert (units["side-plank"], units["single-leg-calf-raise"]) == ("s", "reps")


def test_loads_climb_and_stay_on_the_grid_through_the_plans_load(demo: DemoHistory) -> None:
    catalogue = progression.catalogue_for(demo.plan, builtin())
    steps = {
        pe.exercise: progression.step_for(demo.plan, pe, catalogue.get(pe.exercise))
        for pe in progression.plan_exercises(demo.plan)
    }
    assert steps["single-leg-rdl"] == 2  # the plan's own step
    # steps are added to the load used (step-ups from the coach's 16 kg: 18.5, 21 ...)
    anchor = {
        pe.exercise: getattr(pe.load, "amount", 0.0) or 0.0
        for pe in progression.plan_exercises(demo.plan)
    }
    for s in sets_of(demo):
        if s.load and not s.warmup:
            ratio = (s.load - anchor[s.exercise_id]) / steps[s.exercise_id]
            assert abs(ratio - round(ratio)) < 1e-9, f"{s.exercise_id} at {s.load}"
    index = HistoryIndex.of_sets(sets_of(demo))
    for exercise in ("rear-foot-elevated-split-squat", "single-leg-rdl", "step-up", "hip-thrust"):
        for side, points in exercise_series(index, exercise).lines.items():
            first = mean(p.top_load for p in points[:4])
            last = mean(p.top_load for p in points[-4:])
            assert last > first, f"{exercise} {side} did not get heavier: {first} → {last}"


def test_states_follow_the_last_session(demo: DemoHistory) -> None:
    last: dict[tuple[str, Side], tuple[SessionLog, list]] = {}
    for log in demo.sessions:
        mine: dict[tuple[str, Side], list] = {}
        for s in log.sets:
            if not s.warmup and not s.skipped:
                mine.setdefault((s.exercise_id, s.side), []).append(s)
        last.update({key: (log, sets) for key, sets in mine.items()})
    states = {(s.exercise_id, s.side): s for s in demo.states}
    assert set(states) == set(last)
    for key, state in states.items():
        log, sets = last[key]
        assert state.plan_id == demo.plan.id
        assert state.last_done == log.day, key
        loads = [s.load for s in sets if s.load]
        if loads:
            assert state.last_load == max(loads), key
            assert abs(state.target.load - max(loads)) <= 0.1 * max(loads) + 2.5, key
        assert state.target.reason, key


def test_create_demo_writes_a_database_the_store_reads(plan: Plan, tmp_path) -> None:
    from companion.store import Store

    path = tmp_path / "demo" / "companion.json"
    with Store.open(path) as store:  # an older demo with a stray session in progress
        store.save_plan(plan.model_copy(update={"id": "old-plan", "name": "Old"}))
        store.begin_session(SessionLog(plan_id="old-plan", started_at=datetime(2026, 1, 5, 18)))
    create_demo(path, today=TODAY)
    create_demo(path, today=TODAY)  # running it again replaces, never doubles
    sessions, assessments = generate_history(plan, TODAY)
    with Store.open(path) as store:
        assert store.active_plan().id == plan.id
        assert store.active_plan().start == demo_start(TODAY)
        assert [p.id for p in store.plans()] == [plan.id]
        assert store.current_session() is None
        assert [s.id for s in store.sessions()] == [s.id for s in sessions]
        assert store.set_count() == sum(len(s.sets) for s in sessions)
        assert len(store.assessments()) == len(assessments)
        states = store.exercise_states(plan.id)
        assert {(s.exercise_id, s.side) for s in states} >= {
            ("single-leg-calf-raise", Side.LEFT),
            ("single-leg-calf-raise", Side.RIGHT),
        }
        assert all(s.last_done is not None and s.last_done < TODAY for s in states)
