"""Weeks, phases, which session is due and what the athlete is warned about."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from progression_helpers import DAY, log_of, pex, plan_with

from companion.domain.models import (
    AssessmentPlan,
    AssessmentResult,
    Phase,
    Schedule,
    SessionKind,
    SessionTemplate,
    Weekday,
)
from companion.domain.schedule import (
    due_session,
    missed_sessions,
    phase_of,
    plan_end,
    warnings,
    week_of,
)

MON = DAY  # 2026-03-02


def d(offset: int) -> date:
    return MON + timedelta(days=offset)


def two_phase_plan(**kw):
    sessions = {
        key: SessionTemplate(key=key, title=f"Strength {key}", exercises=[pex("squat")])
        for key in ("A", "B", "C")
    }
    phases = [
        Phase(name="Base", weeks=2, sessions=["A", "B"]),
        Phase(name="Build", weeks=3, sessions=["C", "A"], volume=0.67),
    ]
    schedule = kw.pop("schedule", Schedule(days=[Weekday.MON, Weekday.THU]))
    return plan_with(sessions=sessions, phases=phases, schedule=schedule, **kw)


def done(day: date, key: str, **kw):
    return log_of([], day=day, key=key, **kw)


@pytest.mark.parametrize(
    ("offset", "week", "phase", "week_in_phase"),
    [
        (0, 1, "Base", 1),
        (6, 1, "Base", 1),
        (7, 2, "Base", 2),
        (13, 2, "Base", 2),
        (14, 3, "Build", 1),
        (34, 5, "Build", 3),
    ],
)
def test_weeks_and_phases(offset, week, phase, week_in_phase):
    plan = two_phase_plan()
    assert week_of(plan, d(offset)) == week
    found = phase_of(plan, d(offset))
    assert found is not None
    assert (found[0].name, found[1]) == (phase, week_in_phase)


def test_outside_the_plan_there_is_no_phase():
    plan = two_phase_plan()
    assert plan_end(plan) == d(34)
    assert phase_of(plan, d(35)) is None
    assert phase_of(plan, d(-1)) is None
    assert due_session(plan, d(35), []) is None


def test_import_date_stands_in_for_a_missing_start():
    plan = two_phase_plan(start=None, imported_at=datetime(2026, 3, 4, 9, 30))
    assert week_of(plan, date(2026, 3, 4)) == 1
    assert week_of(plan, date(2026, 3, 11)) == 2


class TestDueSession:
    def test_today_when_a_strength_day_not_yet_trained(self):
        due = due_session(two_phase_plan(), MON, [])
        assert (due.key, due.title, due.day, due.week, due.phase) == (
            "A", "Strength A", MON, 1, "Base"
        )  # fmt: skip

    def test_next_strength_day_when_today_is_done_or_a_rest_day(self):
        plan = two_phase_plan()
        due = due_session(plan, MON, [done(MON, "A")])
        assert (due.key, due.day) == ("B", d(3))
        assert due_session(plan, d(1), [done(MON, "A")]).day == d(3)

    def test_rotation_continues_after_missed_days(self):
        plan = two_phase_plan()
        # A on Monday, nothing Thursday: the next Monday is still B, not A again
        due = due_session(plan, d(7), [done(MON, "A")])
        assert (due.key, due.day) == ("B", d(7))

    def test_rotation_follows_the_new_phase_order(self):
        plan = two_phase_plan()
        history = [done(d(0), "A"), done(d(3), "B"), done(d(7), "A"), done(d(10), "B")]
        due = due_session(plan, d(14), history)
        assert (due.key, due.phase, due.week_in_phase) == ("C", "Build", 1)
        due = due_session(plan, d(17), [*history, done(d(14), "C")])
        assert due.key == "A"

    def test_other_plans_assessments_and_unfinished_sessions_do_not_count(self):
        plan = two_phase_plan()
        others = [
            done(MON, "A", plan_id="other-plan"),
            done(MON, "A", kind=SessionKind.ASSESSMENT),
            log_of([], day=MON, key="A").model_copy(update={"finished_at": None}),
        ]
        due = due_session(plan, MON, others)
        assert (due.key, due.day) == ("A", MON)

    def test_before_the_start_the_first_strength_day_of_the_plan(self):
        due = due_session(two_phase_plan(), d(-5), [])
        assert (due.day, due.week) == (MON, 1)


@pytest.mark.parametrize(
    ("today", "history", "missed"),
    [
        (d(0), [], 0),
        (d(3), [], 1),  # Monday passed untrained (Thursday is today)
        (d(8), [done(d(0), "A")], 2),  # Thursday and Monday missed
        (d(8), [done(d(0), "A"), done(d(4), "B")], 1),  # trained Friday instead: Monday missed
        (d(4), [done(d(3), "B")], 0),
        (d(60), [done(d(28), "A")], 1),  # only strength days inside the plan count
    ],
)
def test_missed_sessions(today, history, missed):
    assert missed_sessions(two_phase_plan(), today, history) == missed


class TestWarnings:
    def kinds(self, plan, today, history=(), assessments=()):
        return [n.kind for n in warnings(plan, today, list(history), list(assessments))]

    def test_quiet_on_an_ordinary_day(self):
        assert self.kinds(two_phase_plan(), MON) == []

    def test_strength_the_day_before_the_long_run(self):
        schedule = Schedule(days=[Weekday.MON, Weekday.SAT], long_run=Weekday.SUN)
        plan = two_phase_plan(schedule=schedule)
        notices = warnings(plan, d(5), [done(MON, "A")], [])
        assert [n.kind for n in notices] == ["key-run"]
        assert "long run" in notices[0].text
        assert "today" in notices[0].text

    def test_strength_the_day_before_a_hard_run(self):
        schedule = Schedule(days=[Weekday.MON, Weekday.THU], hard_runs=[Weekday.TUE])
        notices = warnings(two_phase_plan(schedule=schedule), MON, [], [])
        assert [n.kind for n in notices] == ["key-run"]
        assert "hard run" in notices[0].text
        schedule = Schedule(days=[Weekday.MON, Weekday.THU], hard_runs=[Weekday.WED])
        assert self.kinds(two_phase_plan(schedule=schedule), MON) == []

    def test_missed_sessions_are_counted(self):
        notices = warnings(two_phase_plan(), d(8), [done(MON, "A")], [])
        assert [n.kind for n in notices] == ["missed"]
        assert notices[0].text.startswith("2 scheduled sessions missed since Mon 02 Mar")

    @pytest.mark.parametrize(
        ("every", "last", "today", "due"),
        [
            (None, None, d(41), False),  # default 6 weeks from the start
            (None, None, d(42), True),
            (2, None, d(14), True),
            (2, d(10), d(23), False),
            (2, d(10), d(24), True),
        ],
    )
    def test_assessment_due(self, every, last, today, due):
        phases = [Phase(name="Long", weeks=12, sessions=["A"])]
        extra = {"assessments": AssessmentPlan(every_weeks=every)} if every else {}
        plan = plan_with(pex("squat"), phases=phases, **extra)
        tests = (
            [AssessmentResult(test_id="single-leg-calf-raise", day=last, left=30, right=31)]
            if last
            else []
        )
        history = [done(today - timedelta(days=1), "A")] if today > MON else []
        kinds = self.kinds(plan, today, history, tests)
        assert ("assessment" in kinds) is due

    def test_plan_finished(self):
        notices = warnings(two_phase_plan(), d(40), [done(d(31), "A")], [])
        assert notices[0].kind == "finished"
        assert "finished on Sun 05 Apr 2026" in notices[0].text
