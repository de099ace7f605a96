"""The guided single-leg battery, driven with Pilot: what is stored, and what the results say."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import PLAN_START, TODAY
from ui_helpers import press, screen_name, seed, settle

from companion.domain.models import AssessmentResult, Side
from companion.domain.set_input import InputProblem
from companion.domain.timers import CountUp, HoldState
from companion.ui.app import make_app
from companion.ui.screens.assessment_flow import BatteryRun, parse_score
from companion.ui.widgets.assessment_results import FLAG_NOTE

SIZE = (100, 30)


def app_for(store, clock):  # noqa: ANN001, ANN201
    return make_app(None, clock=clock, today=TODAY, store=store)


def text_of(app, selector: str) -> str:  # noqa: ANN001
    return str(app.screen.query_one(selector).render())


def results_table(app) -> dict[str, list[str]]:  # noqa: ANN001
    table = app.screen.query_one("#results-table")
    rows = {}
    for key in table.rows:
        cells = [str(c) for c in table.get_row(key)]
        rows[cells[0]] = cells
    return rows


def home_rows(app) -> list[list[str]]:  # noqa: ANN001
    table = app.screen.query_one("#home-targets")
    return [[str(c) for c in table.row_at(i)] for i in range(table.row_count)]


async def typed(pilot, *values: str) -> None:  # noqa: ANN001
    """Type each value and press enter, one side after the other."""
    for value in values:
        await pilot.press(*value)  # typing never writes: no need to wait for the store
        await press(pilot, "enter")


# ---- the walk --------------------------------------------------------------------------------


async def test_the_battery_runs_left_then_right_and_saves_each_test_as_it_ends(
    store, clock, demo_plan
) -> None:
    seed(store, demo_plan)
    store.save_settings({"age": 34, "sex": "female"})
    store.add_assessments([
        AssessmentResult(test_id="single-leg-calf-raise", day=date(2025, 1, 27), left=20, right=30)
    ])  # fmt: skip
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        assert screen_name(app) == "AssessmentScreen"
        assert "SINGLE-LEG CALF RAISE" in text_of(app, "#assess-name")
        assert "LEFT" in text_of(app, "#assess-step")
        assert "60 bpm" in text_of(app, "#assess-protocol")

        await typed(pilot, "24")
        assert "RIGHT" in text_of(app, "#assess-step")
        assert len(store.assessments()) == 1  # only the earlier one: half a test is not saved
        await typed(pilot, "30")
        calf = [a for a in store.assessments() if a.day == TODAY]
        assert [(a.test_id, a.left, a.right, a.unit) for a in calf] == [
            ("single-leg-calf-raise", 24, 30, "reps")
        ]  # saved at once, before the battery ends

        await typed(pilot, "25", "26")  # single-leg bridge
        assert "SIDE PLANK" in text_of(app, "#assess-name")
        await press(pilot, "space")  # the clock starts
        clock.advance(47.6)
        app.screen.query_one("#watch").tick()
        await press(pilot, "space")  # and stops: 47 whole seconds held
        assert "HELD 47 s" in text_of(app, "#watch-label")
        await press(pilot, "enter")
        await press(pilot, "space")
        clock.advance(52.2)
        await press(pilot, "enter")  # enter while holding stops the clock and records
        await typed(pilot, "12", "14")  # single-leg squat to box
        assert "HOP" in text_of(app, "#assess-name")
        await press(pilot, "s")  # the optional hop test is left out
        await settle(pilot)

        today = {a.test_id: (a.left, a.right) for a in store.assessments() if a.day == TODAY}
        assert today == {
            "single-leg-calf-raise": (24, 30),
            "single-leg-bridge": (25, 26),
            "side-plank": (47, 52),
            "single-leg-box-squat": (12, 14),
        }
        rows = results_table(app)
        assert set(rows) == {
            "Single-leg calf raise", "Single-leg bridge", "Side plank", "Single-leg squat to box"
        }  # fmt: skip
        test, left, right, lsi, asym, band, change, norm = rows["Single-leg calf raise"]
        assert (left, right, lsi, asym, band) == ("24 reps", "30 reps", "80.0 %", "20.0 %", "flag")
        assert change == "LSI +13.3 (L +4, R +0)"  # since 20 / 30 in January
        assert norm == "women 30–39: 27 reps"  # the profile's age and sex pick the norm
        assert rows["Single-leg bridge"][5] == "ok" and rows["Side plank"][6] == "first time"
        assert rows["Single-leg squat to box"][5] == "watch"
        verdicts = text_of(app, "#results-verdicts")
        assert "left 20% weaker" in verdicts and "Left out: Single-leg hop for distance" in verdicts
        assert FLAG_NOTE in text_of(app, "#results-note")

        await press(pilot, "enter")
        assert screen_name(app) == "HomeScreen"


async def test_a_bad_value_is_refused_inline_and_nothing_is_saved(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a")  # no tests in the plan: the default battery
        await press(pilot, "enter")
        assert "type the left side first; reps: a whole number 0–200" in text_of(
            app, "#assess-entry"
        )
        await typed(pilot, "250")  # the 0 is refused at once, and enter does not go past it
        refusal = "250 refused; reps: a whole number 0–200 — backspace"
        assert refusal in text_of(app, "#assess-entry")
        assert "LEFT" in text_of(app, "#assess-step") and store.assessments() == []
        await press(pilot, "backspace", "backspace", "backspace", "3", "1", "enter")
        assert "RIGHT" in text_of(app, "#assess-step")
        await press(pilot, "u")  # a slip on the left: back to it, the value kept to edit
        assert "LEFT" in text_of(app, "#assess-step")
        await press(pilot, "backspace", "2", "enter")
        await typed(pilot, "33")
        [saved] = store.assessments()
        assert (saved.left, saved.right) == (32, 33)


async def test_leaving_mid_way_asks_and_keeps_what_was_saved(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        await typed(pilot, "28", "30")  # calf raise saved
        await press(pilot, "2", "escape")  # escape first drops the typing
        assert screen_name(app) == "AssessmentScreen"
        await press(pilot, "escape")
        assert screen_name(app) == "ConfirmDialog"
        assert "1 test saved so far stay saved" in text_of(app, ".question")
        await press(pilot, "n")
        assert screen_name(app) == "AssessmentScreen"
        assert "SINGLE-LEG BRIDGE" in text_of(app, "#assess-name")
        await press(pilot, "escape", "y")
        await settle(pilot)
        assert screen_name(app) == "HomeScreen"
    assert [(a.test_id, a.left, a.right) for a in store.assessments()] == [
        ("single-leg-calf-raise", 28, 30)
    ]


async def test_a_flagged_calf_test_adds_the_extra_left_set_on_home(store, clock, demo_plan) -> None:
    seed(store, demo_plan)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        calf = [r for r in home_rows(app) if r[0] == "Single-leg calf raise"]
        assert [r[2] for r in calf] == ["3 × 12–15 @ BW+10 kg", "3 × 12–15 @ BW+10 kg"]

        await press(pilot, "a")
        await typed(pilot, "20", "30")  # LSI 66.7 %: flag, left weaker
        await press(pilot, "escape", "y")
        await settle(pilot)
        left, right = [r for r in home_rows(app) if r[0] == "Single-leg calf raise"]
        assert left[1:3] == ["LEFT", "4 × 12–15 @ BW+10 kg"]
        assert right[1:3] == ["RIGHT", "3 × 12–15 @ BW+10 kg"]
        assert "gastrocnemius flagged on the left in your last assessment" in left[3].lower()
        extra = [p for p in app.screen.today.planned if p.extra]
        assert [(p.exercise_id, p.side) for p in extra] == [("single-leg-calf-raise", Side.LEFT)]


async def test_home_shows_the_tests_are_due_and_a_starts_them(store, clock, demo_plan) -> None:
    seed(store, demo_plan.model_copy(update={"start": PLAN_START - timedelta(weeks=6)}))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        due = text_of(app, "#home-assess")
        assert "ASSESSMENT DUE" in due and "a starts the single-leg tests" in due
        assert "single-leg tests are due" not in text_of(app, "#home-head")
        await press(pilot, "a")
        assert screen_name(app) == "AssessmentScreen"
        await press(pilot, "escape")  # nothing done yet: no question
        assert screen_name(app) == "HomeScreen"


async def test_typing_after_the_clock_stopped_replaces_its_seconds(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        await typed(pilot, "24", "25", "25", "26")  # calf raise, bridge
        assert "SIDE PLANK" in text_of(app, "#assess-name")
        await press(pilot, "space")
        clock.advance(4.2)
        await press(pilot, "space")  # stopped at 4 s: the athlete meant to time it by hand
        await typed(pilot, "45")  # replaces the 4, never 445
        await typed(pilot, "47")
        plank = next(a for a in store.assessments() if a.test_id == "side-plank")
    assert (plank.left, plank.right) == (45, 47)


async def test_an_lsi_under_half_asks_once_before_it_is_saved(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        await typed(pilot, "27", "4")  # meant 24: an LSI of 15 %
        entry = text_of(app, "#assess-entry")
        assert "L 27 / R 4: LSI 15 %, under 50 %" in entry and "Enter again keeps it" in entry
        assert store.assessments() == []
        await press(pilot, "backspace")  # type over the right side instead
        await typed(pilot, "24")
        [saved] = store.assessments()
        assert (saved.left, saved.right) == (27, 24)
        await typed(pilot, "30", "3")  # bridge 30 / 3, asked about once
        await press(pilot, "enter")  # and kept as typed
        assert [(a.left, a.right) for a in store.assessments()][-1] == (30, 3)


async def test_a_side_ten_times_the_last_test_asks_once(store, clock) -> None:
    from datetime import timedelta

    from companion.domain.models import AssessmentResult

    seed(store)
    store.add_assessments([
        AssessmentResult(test_id="single-leg-calf-raise", day=TODAY - timedelta(days=30),
                         left=20, right=22, unit="reps"),
    ])  # fmt: skip
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        await typed(pilot, "200", "190")
        assert "left 200 against 20 last time" in text_of(app, "#assess-entry")
        await press(pilot, "enter")
        today = [a for a in store.assessments() if a.day == TODAY]
    assert [(a.left, a.right) for a in today] == [(200, 190)]


# ---- the pieces without a screen -------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "text", "message"),
    [
        ("reps", "201", "201 is out of range; reps: a whole number 0–200"),
        ("reps", "12.5", "12.5 is not accepted; reps: a whole number 0–200"),
        ("s", "601", "601 is out of range; seconds: a whole number 0–600"),
        ("cm", "400.5", "400.5 is out of range; cm: a number 0–400"),
    ],
)
def test_scores_outside_what_a_test_accepts_are_refused(unit, text, message) -> None:  # noqa: ANN001
    with pytest.raises(InputProblem, match=message):
        parse_score(unit, text)


def test_scores_inside_the_limits_are_read() -> None:
    assert parse_score("reps", "200") == 200
    assert parse_score("s", "0") == 0
    assert parse_score("cm", "152,5") == 152.5


def test_skipping_after_the_left_side_keeps_the_left_on_its_own() -> None:
    from companion.domain.assessment import battery

    run = BatteryRun(battery(), TODAY)
    assert run.enter(30) is None and run.side is Side.RIGHT
    result = run.skip()
    assert result is not None and (result.left, result.right) == (30, None)
    assert run.index == 0  # nothing moves on before the store has it
    run.confirm(result)
    assert run.index == 1 and run.side is Side.LEFT and run.skipped == [result.test_id]


def test_the_count_up_clock_counts_whole_seconds_from_the_injected_clock(clock) -> None:  # noqa: ANN001
    watch = CountUp(clock)
    assert watch.state is HoldState.READY and watch.display() == "0:00"
    watch.start()
    clock.advance(61.9)
    assert watch.held == 61 and watch.display() == "1:01"
    assert watch.stop() == 61
    clock.advance(30)
    assert watch.held == 61 and watch.state is HoldState.STOPPED


def test_a_resumed_session_keeps_the_extra_set_a_flag_gave_it(store, demo_plan) -> None:  # noqa: ANN001
    from datetime import datetime

    from companion.domain.catalogue import builtin
    from companion.domain.models import Muscle, SessionLog
    from companion.training.today import planned_for_resume

    seed(store, demo_plan)
    store.add_assessments([
        AssessmentResult(test_id="single-leg-calf-raise", day=TODAY, left=20, right=30)
    ])  # fmt: skip
    log = SessionLog(plan_id=demo_plan.id, session_key="A", started_at=datetime(2025, 3, 17, 18))
    planned, context = planned_for_resume(store, builtin(), log)
    assert context.flagged == {Muscle.GASTROCNEMIUS: Side.LEFT, Muscle.SOLEUS: Side.LEFT}
    extra = [(p.exercise_id, p.side) for p in planned if p.extra]
    assert extra == [("single-leg-calf-raise", Side.LEFT)]
