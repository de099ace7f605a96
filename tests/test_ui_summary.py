"""The summary screen: what it reports, and what finishing stores."""

from __future__ import annotations

from conftest import TODAY
from ui_helpers import earlier_session, press, screen_name, seed, settle

from companion.ui.app import make_app

SIZE = (100, 36)


def app_for(store, clock):  # noqa: ANN001, ANN201
    return make_app(None, clock=clock, today=TODAY, store=store)


def text_of(app, selector: str) -> str:  # noqa: ANN001
    return str(app.screen.query_one(selector).render())


async def test_summary_reports_records_side_gaps_and_next_targets(store, clock) -> None:
    seed(store)
    earlier_session(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert "last 8 × 20 kg (10 Mar)" in text_of(app, "#details")
        await press(pilot, "1", "0", "enter", "8", "enter")  # goblet squat: 10 reps is a record
        await press(pilot, "enter", "6", "enter", "enter", "6", "enter")  # split squat R: 6
        clock.advance(45 * 60)
        await press(pilot, "enter", "enter")  # side plank L/R
        assert screen_name(app) == "SummaryScreen"
        stats = text_of(app, "#summary-stats")
        assert "8 of 8 sets done" in stats and "45 min" in stats
        assert "volume 640 kg" in stats  # 10×20 + 8×20 + 8×10 + 6×10 + 8×10 + 6×10
        records = text_of(app, "#summary-records")
        # the record book's marks, as the history lists them for this session
        assert "★ Goblet squat: heaviest 20 kg × 10 (was 20 kg × 8)" in records
        assert "★ Goblet squat: best e1RM 26.7 kg (was 25.3)" in records
        # 8 against 6 at 10 kg: compared by e1RM (12.7 against 12), as progression does
        assert "Split squat: LSI 94 % ok, right weaker (by e1RM)" in records
        assert "Goblet squat:" in text_of(app, "#summary-next")

        assert app.focused.id == "session-rpe"  # typing goes to the session RPE at once
        keys = text_of(app, "#summary-keys")
        assert keys == "type the RPE · tab: note · enter: finish and save · esc: back"
        await pilot.press(*"11")
        await press(pilot, "enter")
        assert "session RPE: 1 to 10" in text_of(app, "#summary-problem")
        await press(pilot, "ctrl+s")  # saving is refused however it is asked for
        assert "session RPE: 1 to 10" in text_of(app, "#summary-problem")
        assert len(store.sessions()) == 1  # nothing finished yet
        await pilot.press("backspace", "backspace", "7", "tab", *"felt strong")
        await press(pilot, "enter")
        assert screen_name(app) == "HomeScreen"
    finished = store.sessions()[-1]
    assert (finished.rpe, finished.note) == (7, "felt strong")
    assert len(store.session_sets(finished.id)) == 8
    goblet = next(s for s in store.exercise_states("test-plan") if s.exercise_id == "goblet-squat")
    assert goblet.last_done == TODAY


async def test_finish_early_stores_what_was_done(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "enter", "enter", "F")
        assert screen_name(app) == "ConfirmDialog"
        await press(pilot, "y")
        assert screen_name(app) == "SummaryScreen"
        assert "2 of 8 sets done" in text_of(app, "#summary-stats")
        await press(pilot, "escape")  # changed their mind: back to the runner
        assert screen_name(app) == "RunnerScreen"
        assert app.screen.run.current().exercise_id == "split-squat"
        await press(pilot, "F", "y", "ctrl+s")
        assert screen_name(app) == "HomeScreen"
    [finished] = store.sessions()
    assert [s.exercise_id for s in store.session_sets(finished.id)] == ["goblet-squat"] * 2
    assert store.current_session() is None


async def test_a_session_rpe_typed_straight_away_is_saved_with_one_enter(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, *["enter"] * 9)  # start, then every set as prescribed
        assert screen_name(app) == "SummaryScreen"
        await pilot.press("8", "b")  # letters are not taken by the RPE field
        await press(pilot, "enter")
        assert screen_name(app) == "HomeScreen"
    assert store.sessions()[-1].rpe == 8
