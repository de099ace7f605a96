"""Whole sessions driven through the runner with Pilot; every assertion is on what was stored."""

from __future__ import annotations

import pytest
from conftest import TODAY
from ui_helpers import SMALL_PLAN, earlier_session, press, screen_name, seed, settle

from companion.domain.models import Side
from companion.store import StoreError
from companion.ui.app import make_app
from companion.ui.widgets.rest_timer import RestPanel
from companion.ui.widgets.set_editor import SetEditor

SIZE = (100, 30)


def app_for(store, clock):  # noqa: ANN001, ANN201
    return make_app(None, clock=clock, today=TODAY, store=store)


async def start(pilot) -> None:  # noqa: ANN001
    await settle(pilot)
    await press(pilot, "enter")
    assert screen_name(pilot.app) == "RunnerScreen"


def journal(store):  # noqa: ANN001, ANN201
    log = store.current_session()
    assert log is not None
    return log.sets


async def test_a_whole_session_is_stored_and_finished(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        for _ in range(8):  # 2 goblet squat, 2×2 split squat, 1×2 side plank (L/R)
            clock.advance(30)
            await press(pilot, "enter")
        assert screen_name(app) == "SummaryScreen"
        assert len(journal(store)) == 8  # durable before the summary is saved
        await press(pilot, "enter")
        assert screen_name(app) == "HomeScreen"
    assert store.current_session() is None
    [finished] = store.sessions()
    sets = store.session_sets(finished.id)
    assert [(s.exercise_id, s.side, s.set_number) for s in sets] == [
        ("goblet-squat", Side.BOTH, 1),
        ("goblet-squat", Side.BOTH, 2),
        ("split-squat", Side.LEFT, 1),
        ("split-squat", Side.RIGHT, 1),
        ("split-squat", Side.LEFT, 2),
        ("split-squat", Side.RIGHT, 2),
        ("side-plank", Side.LEFT, 1),
        ("side-plank", Side.RIGHT, 1),
    ]
    assert finished.title == "Test session" and finished.finished_at is not None
    states = {(s.exercise_id, s.side): s for s in store.exercise_states("test-plan")}
    assert states[("goblet-squat", Side.BOTH)].target.reason  # the reason for next time


async def test_per_side_sets_are_logged_per_side_with_a_switch_countdown(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, "enter", "enter")  # the two goblet squat sets
        rest = app.screen.query_one(RestPanel)
        await press(pilot, "7", "enter")  # split squat LEFT: 7 reps
        assert rest.running and rest.label == "SWITCH TO RIGHT" and rest.timer.target == 10
        await press(pilot, "enter")  # RIGHT starts from the left's 7: one key
        assert rest.label == "REST" and rest.timer.target == 90
        sets = journal(store)
    assert [(s.exercise_id, s.side, s.reps) for s in sets[2:]] == [
        ("split-squat", Side.LEFT, 7),
        ("split-squat", Side.RIGHT, 7),
    ]


async def test_changed_reps_load_and_rpe_are_what_is_stored(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, "9", "f", "2", "2", ".", "5", "r", "7", "enter")
        await press(pilot, "plus", "plus", "minus", "r", "r", "2", "enter")  # RIR 2 is RPE 8
        sets = journal(store)
    assert [(s.reps, s.load, s.rpe) for s in sets] == [(9, 22.5, 7.0), (9, 25.0, 8.0)]
    assert sets[0].target_load == 20 and sets[0].target_reps == 8


@pytest.mark.parametrize(
    ("keys", "refused", "message"),
    [
        (["7", "."], "7.", "reps: a whole number 0–100"),
        (["4", "0", "0"], "400", "reps: a whole number 0–100"),
        (["f", "9", "0", "0"], "900", "load: a number 0–500 kg"),
        (["f", ".", "."], "..", "load: a number 0–500 kg"),
        (["r", "5"], "5", "RPE: 6 to 10 in half steps"),
        (["r", "r", "5"], "5", "RIR: 0 to 4 in half steps"),
    ],
)
async def test_a_key_no_accepted_value_could_follow_is_refused_at_once(
    store, clock, keys, refused, message
) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, *keys)
        editor = app.screen.query_one(SetEditor)
        assert editor.message == f"{refused} is not accepted; {message}"
        assert editor.message_kind == "error"
        assert journal(store) == []
        await press(pilot, "escape", "enter")  # drop the typing: the set as it started
        assert [(s.reps, s.load, s.rpe) for s in journal(store)] == [(8, 20.0, None)]


async def test_seven_point_five_reps_is_refused_never_stored_as_seventy_five(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, "7", ".", "5")  # the dot is refused, and the 5 cannot slip past it
        editor = app.screen.query_one(SetEditor)
        assert editor.message == "7. refused; reps: a whole number 0–100 — backspace"
        await press(pilot, "enter")  # nor can Enter
        assert journal(store) == [] and editor.message_kind == "error"
        await press(pilot, "backspace", "enter")
    assert [s.reps for s in journal(store)] == [7]


async def test_rest_rings_once_at_zero_then_shows_overtime(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    rings = []
    app.bell = lambda: rings.append(clock())  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, "enter")
        rest = app.screen.query_one(RestPanel)
        assert rest.timer.display() == "1:00"
        await press(pilot, "right_square_bracket")
        assert rest.timer.display() == "1:15"
        await press(pilot, "left_square_bracket", "left_square_bracket")
        assert rest.timer.display() == "0:45"
        clock.advance(44)
        rest.tick()
        assert rings == [] and not rest.has_class("-overtime")
        clock.advance(1)
        rest.tick()
        await pilot.pause()
        assert len(rings) == 1 and rest.has_class("-overtime")
        clock.advance(12.5)
        rest.tick()
        assert rest.timer.display() == "+0:12" and len(rings) == 1
        assert "+0:12" in str(rest.query_one("#rest-digits").value)
        assert any("over" in n.message for n in app._notifications)
        await press(pilot, "x")
        assert not rest.running


async def test_a_hold_records_the_seconds_actually_held(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    rings = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, *["enter"] * 6)  # up to the side plank
        assert app.screen.run.current().exercise_id == "side-plank"
        await press(pilot, "space")
        clock.advance(18.6)
        await press(pilot, "space", "enter")  # stopped early: 18 s
        sets = journal(store)
        assert app.screen.run.current().side is Side.RIGHT
    assert sets[-1].hold_s == 18 and sets[-1].target_hold == 30 and sets[-1].reps is None
    assert rings == []  # the target was never reached


async def test_hold_reaching_the_target_rings_and_enter_stops_and_records(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    rings = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, *["enter"] * 6, "space")
        clock.advance(33.2)
        app.screen.query_one("#hold").tick()
        await pilot.pause()
        assert rings == [1]
        await press(pilot, "enter")
        sets = journal(store)
    assert sets[-1].hold_s == 33


async def test_undo_removes_the_stored_set_and_puts_it_back(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, "6", "enter", "enter")
        assert len(journal(store)) == 2
        await press(pilot, "u")
        assert [s.reps for s in journal(store)] == [6]
        run = app.screen.run
        assert run.current().set_number == 2 and run.current().exercise_id == "goblet-squat"
        assert not app.screen.query_one(RestPanel).running
        await press(pilot, "u", "u")  # the first set too, then nothing left to undo
        assert journal(store) == []
        assert "nothing to undo" in app.screen.query_one(SetEditor).message


async def test_edit_last_set_types_as_the_runner_does(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, "enter")
        first = journal(store)[0]
        await press(pilot, "e")
        assert screen_name(app) == "EditSetDialog"
        editor = app.screen.query_one(SetEditor)
        await press(pilot, "4", "0", "0")  # the same editor: the third digit is refused
        assert editor.message == "400 is not accepted; reps: a whole number 0–100"
        await press(pilot, "escape", "6", "r", "8", ".", "5")  # esc drops the typing only
        await press(pilot, "enter")
        assert screen_name(app) == "RunnerScreen"
        [edited] = journal(store)
    assert edited.id == first.id and (edited.reps, edited.load, edited.rpe) == (6, 20, 8.5)


async def test_skip_a_set_then_the_rest_of_an_exercise(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, "s")
        assert app.screen.run.current().set_number == 2
        await press(pilot, "enter", "S")
        assert screen_name(app) == "ConfirmDialog"
        await press(pilot, "y")
        sets = journal(store)
        assert app.screen.run.current().exercise_id == "side-plank"
    assert [(s.exercise_id, s.skipped) for s in sets] == [
        ("goblet-squat", True),
        ("goblet-squat", False),
        *[("split-squat", True)] * 4,
    ]


async def test_substitute_the_harder_variant_and_record_it(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, "v")
        assert screen_name(app) == "ExercisePicker"
        await press(pilot, "enter")  # the first choice: the harder variant
        assert store.current_session().substitutions == {"goblet-squat": "skater-squat"}
        await press(pilot, "enter")
        run = app.screen.run
        assert run.current().exercise_id == "skater-squat" and run.current().side is Side.RIGHT
        sets = journal(store)
    assert [(s.exercise_id, s.side) for s in sets] == [("skater-squat", Side.LEFT)]


async def test_substitute_any_exercise_found_by_search(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, "v")
        await pilot.press(*"wall sit")
        await press(pilot, "enter")
        assert app.screen.run.current().exercise_name == "Wall sit"
        assert store.current_session().substitutions == {"goblet-squat": "wall-sit"}


async def test_a_note_per_exercise_is_saved_with_the_session(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, "n")
        await pilot.press(*"knee fine")
        await press(pilot, "enter")
        assert store.current_session().exercise_notes == {"goblet-squat": "knee fine"}


async def test_a_failed_save_keeps_the_set_on_screen_to_retry(store, clock, monkeypatch) -> None:
    seed(store)
    app = app_for(store, clock)
    real = store.record_set
    calls = []

    def flaky(result):  # noqa: ANN001, ANN202
        calls.append(result)
        if len(calls) == 1:
            raise StoreError("disk full")
        real(result)

    monkeypatch.setattr(store, "record_set", flaky)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, "7", "enter")
        editor = app.screen.query_one(SetEditor)
        assert "NOT SAVED: disk full" in editor.message
        assert journal(store) == [] and app.screen.run.current().set_number == 1
        assert editor.count == 7  # what was typed is still there
        assert not app.screen.query_one(RestPanel).running  # no rest for a set not saved
        await press(pilot, "enter")
        assert [s.reps for s in journal(store)] == [7]
        assert "saved" in editor.message


async def test_a_failed_save_during_a_rest_leaves_that_rest_running(
    store, clock, monkeypatch
) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, "enter")  # goblet squat 1: a 60 s rest starts
        rest = app.screen.query_one(RestPanel)
        clock.advance(20)
        monkeypatch.setattr(store, "record_set", lambda result: 1 / 0)
        await press(pilot, "enter")  # set 2 during the rest: the write fails
        assert "NOT SAVED" in app.screen.query_one(SetEditor).message
        assert app.screen.run.current().set_number == 2
        assert rest.running and rest.label == "REST" and rest.timer.display() == "0:40"


def details(app) -> str:  # noqa: ANN001
    return str(app.screen.query_one("#details").render())


async def test_best_shown_counts_a_better_set_today_until_it_is_undone(store, clock) -> None:
    seed(store)
    earlier_session(store)  # goblet squat 8 × 20 kg on 10 Mar
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        assert "last 8 × 20 kg (10 Mar)" in details(app) and "best" not in details(app)
        await press(pilot, "1", "0", "enter")  # 10 reps beats the old best
        shown = details(app)
        assert "last 8 × 20 kg (10 Mar)" in shown
        assert "best 10 × 20 kg" in shown and "today 10 × 20 kg" in shown
        await press(pilot, "6", "enter")  # goblet squat done; split squat has its own marks
        assert "last 8 × 10 kg (10 Mar)" in details(app) and "20 kg" not in details(app)
        await press(pilot, "u")  # back on goblet squat set 2: today's 10 reps still count
        assert "best 10 × 20 kg" in details(app)
        await press(pilot, "u")  # and that set taken back too: the history best again
        shown = details(app)
        assert "last 8 × 20 kg (10 Mar)" in shown
        assert "best" not in shown and "today" not in shown


def editor_of(app) -> SetEditor:  # noqa: ANN001
    return app.screen.query_one(SetEditor)


async def test_each_set_starts_from_the_last_one_recorded_for_its_side(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, "enter", "enter")  # goblet squat as prescribed
        await press(pilot, "7", "f", "2", "2", ".", "5", "enter")  # split squat LEFT 7 × 22.5
        editor = editor_of(app)
        assert (editor.count, editor.load) == (7, 22.5)  # RIGHT starts from the left's values
        await press(pilot, "enter")  # one key for the right side
        await press(pilot, "x")
        assert app.screen.run.current().set_number == 2
        assert (editor.count, editor.load) == (7, 22.5)  # set 2 LEFT from set 1 LEFT
        await press(pilot, "8", "enter", "enter")
        sets = journal(store)
    assert [(s.side, s.reps, s.load) for s in sets[2:]] == [
        (Side.LEFT, 7, 22.5),
        (Side.RIGHT, 7, 22.5),
        (Side.LEFT, 8, 22.5),
        (Side.RIGHT, 8, 22.5),
    ]
    assert all(s.target_load == 10 and s.target_reps == 8 for s in sets[2:])


RPE_PLAN = SMALL_PLAN.replace(
    """        reps: 8-10
        load: 20 kg
        rest: 60s
        progression: double""",
    """        reps: 5
        load: RPE 8
        rest: 60s
        progression: rpe""",
)


async def test_an_rpe_set_keeps_the_load_typed_for_the_next_set(store, clock) -> None:
    from companion.io.plans import parse_plan

    seed(store, parse_plan(RPE_PLAN, "rpe-plan.yaml"))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, "enter")
        assert "type the load you used" in editor_of(app).message  # no load yet: refused
        await press(pilot, "f", "3", "0", "r", "8", "enter")
        assert editor_of(app).load == 30  # set 2 starts from 30 kg, no load to type again
        await press(pilot, "r", "8", ".", "5", "enter")
        sets = journal(store)
    assert [(s.reps, s.load, s.rpe) for s in sets] == [(5, 30, 8), (5, 30, 8.5)]


async def test_undo_puts_back_the_set_as_it_started_not_the_mistake(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, "enter")  # 8 × 20 kg
        await press(pilot, "5", "5", "f", "9", "0", "enter")  # a slip: 55 × 90 kg
        await press(pilot, "u")
        editor = editor_of(app)
        assert (editor.count, editor.load) == (8, 20)  # from set 1, not the slip
        assert "the set is back as it started" in editor.message
        await press(pilot, "enter")
    assert [(s.reps, s.load) for s in journal(store)] == [(8, 20), (8, 20)]


async def test_a_set_ten_times_the_last_asks_once_before_it_is_kept(store, clock) -> None:
    seed(store)
    earlier_session(store)  # goblet squat 8 × 20 kg
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, "8", "0", "enter")  # 80 reps: ten times the last 8
        editor = editor_of(app)
        assert journal(store) == []
        assert editor.message.startswith("80 × 20 kg? Last time 8 × 20 kg")
        assert "enter again keeps it" in editor.message
        await press(pilot, "enter")  # asked once: the second enter keeps it
        assert [s.reps for s in journal(store)] == [80]
        await press(pilot, "9", "enter")  # within ten times of the last: asks nothing
        assert [s.reps for s in journal(store)] == [80, 9]


async def test_as_prescribed_on_a_rep_range_is_the_reps_it_asks_for(store, clock) -> None:
    """Double progression: 8–10 at a repeated load asks for 10, and one key records 10."""
    from datetime import timedelta

    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        assert editor_of(app).count == 8  # first time at this load: the bottom of 8–10
        await press(pilot, "9", "enter", "enter", "F", "y", "ctrl+s")  # 9, 9: not yet at 10
        assert screen_name(app) == "HomeScreen"
    later = make_app(None, clock=clock, today=TODAY + timedelta(days=1), store=store)
    async with later.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "o", "home", "enter")  # the same session again, the next day
        await start(pilot)
        assert "aim for 10" in app_text(later, "#details")
        assert editor_of(later).count == 10
        await press(pilot, "enter")
    assert journal(store)[0].reps == 10


def app_text(app, selector: str) -> str:  # noqa: ANN001
    return str(app.screen.query_one(selector).render())


async def test_below_the_smallest_layout_the_app_says_how_big_and_then_goes_on(
    store, clock
) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        assert screen_name(app) == "TooSmallScreen"
        assert "Make the terminal at least 60×20 (it is 40×12 now)." in app_text(
            app, "#too-small"
        )
        await press(pilot, "enter")  # nothing starts unseen
        assert store.current_session() is None
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert screen_name(app) == "HomeScreen"
        await start(pilot)


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_the_countdown_set_load_and_saved_line_stay_on_screen(store, clock, size) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=size) as pilot:
        await start(pilot)
        await press(pilot, *["enter"] * 6, "x", "space")
        clock.advance(31)
        await press(pilot, "enter")  # a hold recorded: the switch countdown and the next hold
        height = app.size.height - 1  # the footer's row
        for selector in ("#rest-digits", "#rest-hint", "#hold-digits", "#big-count", "#big-load"):
            region = app.screen.query_one(selector).region
            assert region.height and region.bottom <= height, selector
        editor = app.screen.query_one(SetEditor).region
        assert editor.bottom <= height and "saved ✓" in editor_of(app).message


async def test_the_keystrokes_the_readme_promises(store, clock) -> None:
    """A set as prescribed: 1 key. A per-side set: 2. A load changed for the rest of an
    exercise: 2 or 3 keys once (one or two steps, then enter), 1 key for each set after."""
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await press(pilot, "enter")  # goblet squat 1, as prescribed
        assert len(journal(store)) == 1
        await press(pilot, "enter")  # goblet squat 2
        await press(pilot, "plus", "plus", "enter")  # split squat LEFT, two steps heavier
        await press(pilot, "enter")  # RIGHT: the same, during the switch countdown
        await press(pilot, "enter", "enter")  # set 2, both sides: 2 keys, still 15 kg
        sets = journal(store)
    assert [(s.exercise_id, s.side, s.reps, s.load) for s in sets] == [
        ("goblet-squat", Side.BOTH, 8, 20),
        ("goblet-squat", Side.BOTH, 8, 20),
        ("split-squat", Side.LEFT, 8, 15),
        ("split-squat", Side.RIGHT, 8, 15),
        ("split-squat", Side.LEFT, 8, 15),
        ("split-squat", Side.RIGHT, 8, 15),
    ]


@pytest.mark.parametrize(("size", "rows"), [((80, 24), 3), ((120, 36), 3), ((200, 60), 10)])
async def test_the_big_digits_grow_with_the_terminal(store, clock, size, rows) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=size) as pilot:
        await start(pilot)
        await press(pilot, "enter")  # a rest: its countdown grows too
        for selector in ("#big-count Digits", "#big-load Digits", "#rest-digits"):
            assert app.screen.query_one(selector).region.height == rows, selector
        assert not app.screen.has_class("-compact")


async def test_the_compact_layout_comes_and_goes_with_the_size(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        strip = app.screen.query_one("#strip")
        assert strip.display and strip.region.width
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert app.screen.has_class("-compact") and not strip.region.width
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert not app.screen.has_class("-compact") and strip.region.width
