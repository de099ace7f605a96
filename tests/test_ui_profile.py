"""The athlete profile: saved to the settings, bad values refused with what is accepted."""

from __future__ import annotations

import pytest
from conftest import TODAY
from ui_helpers import press, screen_name, seed, settle

from companion.ui.app import make_app
from companion.ui.screens.profile import ProfileProblem, profile_values

SIZE = (100, 30)


def app_for(store, clock):  # noqa: ANN001, ANN201
    return make_app(None, clock=clock, today=TODAY, store=store)


def problem_text(app) -> str:  # noqa: ANN001
    return str(app.screen.query_one("#profile-problem").render())


async def test_the_profile_is_saved_and_the_runner_gets_the_side_switch(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "P")
        assert screen_name(app) == "ProfileScreen"
        assert app.screen.query_one("#profile-switch").value == "10"  # the default shown
        await pilot.press(*"34", "tab")  # age, then the sex choice
        await pilot.press("down", "enter")  # female is first; down moves to male
        await pilot.press("up", "enter", "tab", "backspace", "backspace", *"15")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert screen_name(app) == "HomeScreen"
        assert store.settings() == {"age": 34, "sex": "female", "side_switch_seconds": 15}
        assert app.screen.today.context.side_switch == 15  # home read it again

        await press(pilot, "P")  # shown again as saved
        assert app.screen.query_one("#profile-age").value == "34"
        assert app.screen.query_one("#sex-female").value is True


async def test_bad_values_are_refused_inline_and_nothing_is_saved(store, clock) -> None:
    seed(store)
    store.save_settings({"age": 41, "sex": "male"})
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "P")
        await pilot.press("backspace", "backspace", "7", "enter")
        await settle(pilot)
        assert screen_name(app) == "ProfileScreen"
        assert problem_text(app) == (
            "age 7 is out of range; age: a whole number of years 10–120, or blank for not given"
        )
        await pilot.press("backspace", *"40", "tab", "tab", "backspace", "backspace", *"90")
        await press(pilot, "enter")
        assert "side switch 90 is out of range; side switch: a whole number of seconds 0–60" in (
            problem_text(app)
        )
        assert store.settings() == {"age": 41, "sex": "male"}
        await press(pilot, "escape")  # leave without saving
        assert screen_name(app) == "HomeScreen"
        assert store.settings() == {"age": 41, "sex": "male"}


def test_a_blank_age_and_sex_not_given_remove_them() -> None:
    assert profile_values("", None, "") == {
        "age": None, "sex": None, "side_switch_seconds": 10, "bodyweight_kg": None
    }  # fmt: skip
    assert profile_values(" 120 ", "male", "0", "61,5") == {
        "age": 120, "sex": "male", "side_switch_seconds": 0, "bodyweight_kg": 61.5
    }  # fmt: skip


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        ("sixty", "sixty is not accepted; body weight: kilograms from 20 to 300"),
        ("301", "body weight 301 kg is out of range"),
        ("7.5", "body weight 7.5 kg is out of range"),
    ],
)
def test_a_body_weight_outside_the_range_is_refused(weight: str, message: str) -> None:
    with pytest.raises(ProfileProblem, match=message):
        profile_values("30", "female", "10", weight)


async def test_the_body_weight_reaches_the_left_right_comparison(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "P")
        app.screen.query_one("#profile-bodyweight").focus()
        await pilot.press(*"62.5")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert store.settings()["bodyweight_kg"] == 62.5
        assert app.screen.today.context.bodyweight_kg == 62.5


@pytest.mark.parametrize(
    ("age", "switch", "message"),
    [
        ("abc", "10", "abc is not accepted; age: a whole number of years 10–120"),
        ("121", "10", "age 121 is out of range"),
        ("30", "-1", "-1 is not accepted; side switch: a whole number of seconds 0–60"),
        ("30", "61", "side switch 61 is out of range"),
    ],
)
def test_values_outside_the_ranges_are_refused(age: str, switch: str, message: str) -> None:
    with pytest.raises(ProfileProblem, match=message):
        profile_values(age, "female", switch)
