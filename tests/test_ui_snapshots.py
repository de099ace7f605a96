"""SVG snapshots of each screen at 80×24 and 120×36: fixed day, fake clock, fixed history."""

from __future__ import annotations

import pytest
from conftest import TODAY, FakeClock
from ui_helpers import earlier_session, seed, settle

from companion.ui.app import make_app

SIZES = [(80, 24), (120, 36)]
# the runner and the summary at the smallest size that works, the usual one and a big screen
SET_SIZES = [(60, 20), (80, 24), (200, 60)]
SET_IDS = ["60x20", "80x24", "200x60"]


def prepared_app(store, clock, plan=None):  # noqa: ANN001, ANN201
    seed(store, plan)
    if plan is None:
        earlier_session(store)
    return make_app(None, clock=clock, today=TODAY, store=store)


async def keys(pilot, *names: str) -> None:  # noqa: ANN001
    for name in names:
        await pilot.press(name)
        await settle(pilot)


async def hold_started(pilot) -> None:  # noqa: ANN001
    """Every set up to the side plank as prescribed, then its left hold started."""
    await settle(pilot)
    await keys(pilot, "enter", *["enter"] * 6, "x", "space")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
class TestHome:
    def test_home_with_warnings(self, snap_compare, store, demo_plan, size) -> None:  # noqa: ANN001
        app = prepared_app(store, FakeClock(), demo_plan)
        assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SET_SIZES, ids=SET_IDS)
class TestRunner:
    def test_normal_set(self, snap_compare, store, size) -> None:  # noqa: ANN001
        app = prepared_app(store, FakeClock())

        async def run_before(pilot) -> None:  # noqa: ANN001
            await settle(pilot)
            await keys(pilot, "enter")

        assert snap_compare(app, terminal_size=size, run_before=run_before)

    def test_per_side_set_with_typed_reps(self, snap_compare, store, size) -> None:  # noqa: ANN001
        app = prepared_app(store, FakeClock())

        async def run_before(pilot) -> None:  # noqa: ANN001
            await settle(pilot)
            await keys(pilot, "enter", "enter", "enter", "x", "7", "r", "8")

        assert snap_compare(app, terminal_size=size, run_before=run_before)

    def test_hold_running(self, snap_compare, store, size) -> None:  # noqa: ANN001
        clock = FakeClock()
        app = prepared_app(store, clock)

        async def run_before(pilot) -> None:  # noqa: ANN001
            await hold_started(pilot)
            clock.advance(12)
            pilot.app.screen.query_one("#hold").tick()
            await pilot.pause()

        assert snap_compare(app, terminal_size=size, run_before=run_before)

    def test_side_switch_after_a_hold(self, snap_compare, store, size) -> None:  # noqa: ANN001
        """The countdown to the right side and the right side's hold, both whole on screen."""
        clock = FakeClock()
        app = prepared_app(store, clock)

        async def run_before(pilot) -> None:  # noqa: ANN001
            await hold_started(pilot)
            clock.advance(31)
            await keys(pilot, "enter")
            clock.advance(3)
            pilot.app.screen.query_one("#rest").tick()
            await pilot.pause()
            pilot.app.clear_notifications()
            await pilot.pause()

        assert snap_compare(app, terminal_size=size, run_before=run_before)

    def test_resting_with_the_next_set_shown(self, snap_compare, store, size) -> None:  # noqa: ANN001
        clock = FakeClock()
        app = prepared_app(store, clock)

        async def run_before(pilot) -> None:  # noqa: ANN001
            await settle(pilot)
            await keys(pilot, "enter", "enter")
            clock.advance(20)
            pilot.app.screen.query_one("#rest").tick()
            await pilot.pause()

        assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SET_SIZES, ids=SET_IDS)
class TestSummary:
    def test_summary_with_records_and_sides(self, snap_compare, store, size) -> None:  # noqa: ANN001
        clock = FakeClock()
        app = prepared_app(store, clock)

        async def run_before(pilot) -> None:  # noqa: ANN001
            await settle(pilot)
            await keys(pilot, "enter", "1", "0", "enter", "8", "enter", "enter", "6", "enter")
            await keys(pilot, "enter", "6", "enter")
            clock.advance(41 * 60)
            await keys(pilot, "enter", "enter")

        assert snap_compare(app, terminal_size=size, run_before=run_before)


class TestTooSmall:
    def test_a_terminal_below_the_smallest_layout_says_how_big(self, snap_compare, store) -> None:  # noqa: ANN001
        app = prepared_app(store, FakeClock())
        assert snap_compare(app, terminal_size=(40, 12), run_before=settle)


class TestLightTheme:
    def test_resting_in_the_light_theme(self, snap_compare, store) -> None:  # noqa: ANN001
        clock = FakeClock()
        app = prepared_app(store, clock)

        async def run_before(pilot) -> None:  # noqa: ANN001
            pilot.app.theme = "textual-light"
            await settle(pilot)
            await keys(pilot, "enter", "enter", "4", "0", "0", "enter")
            clock.advance(75)
            pilot.app.screen.query_one("#rest").tick()
            await pilot.pause()
            pilot.app.clear_notifications()  # toasts time out in real time: keep them out
            await pilot.pause()

        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def battery_until_side_plank(pilot, clock) -> None:  # noqa: ANN001
    await settle(pilot)
    await keys(pilot, "a", "2", "4", "enter", "3", "0", "enter", "2", "5", "enter", "2", "6")
    await keys(pilot, "enter", "space")
    clock.advance(23)
    pilot.app.screen.query_one("#watch").tick()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
class TestAssessment:
    def test_side_plank_clock_running(self, snap_compare, store, size) -> None:  # noqa: ANN001
        clock = FakeClock()
        app = prepared_app(store, clock)

        async def run_before(pilot) -> None:  # noqa: ANN001
            await battery_until_side_plank(pilot, clock)

        assert snap_compare(app, terminal_size=size, run_before=run_before)

    def test_results_with_a_profile(self, snap_compare, store, size) -> None:  # noqa: ANN001
        clock = FakeClock()
        app = prepared_app(store, clock)
        store.save_settings({"age": 34, "sex": "female"})

        async def run_before(pilot) -> None:  # noqa: ANN001
            await battery_until_side_plank(pilot, clock)
            clock.advance(24)
            await keys(pilot, "space", "enter", "space")
            clock.advance(41)
            await keys(pilot, "enter", "1", "2", "enter", "1", "4", "enter")

        assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x36"])
class TestProfile:
    def test_profile_form(self, snap_compare, store, size) -> None:  # noqa: ANN001
        app = prepared_app(store, FakeClock())
        store.save_settings({"age": 34, "sex": "female", "side_switch_seconds": 15})

        async def run_before(pilot) -> None:  # noqa: ANN001
            await settle(pilot)
            await keys(pilot, "P")

        assert snap_compare(app, terminal_size=size, run_before=run_before)
