"""Home, welcome, resume and the help screen, driven with Pilot; assertions on the store."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY
from ui_helpers import press, screen_name, seed, settle

from companion.domain.models import SessionLog, SetResult, Side
from companion.store import Store
from companion.ui.app import CompanionApp, make_app
from companion.ui.keymap import markdown
from companion.ui.widgets.set_editor import SetEditor

SIZE = (100, 30)


def app_for(store, clock):  # noqa: ANN001, ANN201
    return make_app(None, clock=clock, today=TODAY, store=store)


def text_of(app, selector: str) -> str:  # noqa: ANN001
    return str(app.screen.query_one(selector).render())


async def test_home_shows_the_session_due_its_targets_and_warnings(store, clock, demo_plan) -> None:
    seed(store, demo_plan)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Demo runner strength" in text_of(app, "#home-head")
        assert f"week 3 of {demo_plan.total_weeks}" in text_of(app, "#home-head")
        due = text_of(app, "#home-head")
        assert "TODAY: A — Heavy single-leg" in due and "min" in due
        assert "hard run" in text_of(app, "#home-head")
        table = app.screen.query_one("#home-targets")
        first = [str(c) for c in table.row_at(0)]
        assert first[:3] == ["Rear-foot-elevated split squat", "LEFT", "3 × 6–8 @ 20 kg"]
        assert "from the plan" in first[3]


async def test_no_plan_welcome_imports_the_example_plan_in_one_key(store, clock) -> None:
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert screen_name(app) == "WelcomeScreen"
        assert "companion import FILE" in text_of(app, "#welcome-text")
        await press(pilot, "d")
        await settle(pilot)
        assert screen_name(app) == "HomeScreen"
        assert store.active_plan().name == "Demo runner strength"
        assert "Demo runner strength" in text_of(app, "#home-head")


async def test_resume_after_a_crash_continues_where_the_journal_ends(
    db_path: Path, clock, demo_plan
) -> None:
    # A session with three confirmed sets, then the process dies (the store is never finished).
    crashed = Store.open(db_path)
    seed(crashed, demo_plan)
    app = app_for(crashed, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "enter", "enter", "enter")
        session_id = app.screen.run.log.id
    crashed.close()

    store = Store.open(db_path)
    try:
        assert len(store.current_session().sets) == 3
        app = app_for(store, clock)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert screen_name(app) == "ResumeDialog"
            await press(pilot, "r")
            await settle(pilot)
            assert screen_name(app) == "RunnerScreen", [type(s).__name__ for s in app.screen_stack]
            current = app.screen.run.current()
            assert (current.warmup, current.set_number, current.side) == (True, 2, Side.RIGHT)
            await press(pilot, "enter")
            sets = store.current_session().sets
            assert len(sets) == 4 and {s.session_id for s in sets} == {session_id}
    finally:
        store.close()


async def test_discard_needs_confirmation(store, clock) -> None:
    plan = seed(store)
    store.begin_session(SessionLog(plan_id=plan.id, session_key="T", title="Test session"))
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert screen_name(app) == "ResumeDialog"
        await press(pilot, "d")
        assert screen_name(app) == "ConfirmDialog"
        await press(pilot, "n")
        assert store.current_session() is not None
        await press(pilot, "D")  # from home: the same question
        assert screen_name(app) == "ConfirmDialog"
        await press(pilot, "y")
        await settle(pilot)
        assert store.current_session() is None
        assert screen_name(app) == "HomeScreen"


async def test_pause_leaves_to_home_and_resume_brings_the_set_back(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "enter", "s", "p")  # start, one set, one skipped, pause
        await settle(pilot)
        assert screen_name(app) == "ResumeDialog"
        said = str(app.screen.query_one(".question").render())
        assert "1 set recorded (1 skipped) and safe" in said
        await press(pilot, "escape")
        assert screen_name(app) == "HomeScreen"
        assert "unfinished session" in text_of(app, "#home-head")
        await press(pilot, "r")  # one key: straight back to the set
        await settle(pilot)
        assert screen_name(app) == "RunnerScreen"
        assert app.screen.run.current().exercise_id == "split-squat"
        assert len(store.current_session().sets) == 2


async def test_pick_another_session_of_the_plan(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "o")
        assert screen_name(app) == "PickSessionDialog"
        await press(pilot, "down", "enter")
        await settle(pilot)
        assert "CHOSEN: U — Other session" in text_of(app, "#home-head")
        await press(pilot, "enter")
        await settle(pilot)
        assert app.screen.run.current().exercise_id == "hip-thrust"
        assert store.current_session().session_key == "U"


async def test_edit_a_target_before_starting(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        assert screen_name(app) == "EditTargetDialog"
        await pilot.press("tab", "backspace", "backspace", *"24")
        await press(pilot, "enter")
        await settle(pilot)
        states = store.exercise_states("test-plan")
        state = next(s for s in states if s.exercise_id == "goblet-squat")
        assert state.target.load == 24 and state.target.reason == "set by you"
        assert "24 kg" in str(app.screen.query_one("#home-targets").row_at(0)[2])
        await press(pilot, "enter")
        await settle(pilot)
        assert app.screen.query_one(SetEditor).load == 24


async def test_help_lists_every_key_and_keys_md_matches(store, clock) -> None:
    seed(store)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert screen_name(app) == "HelpScreen"
        await press(pilot, "escape")
        assert screen_name(app) == "HomeScreen"
    keys_md = Path(__file__).parent.parent / "companion" / "ui" / "keys.md"
    keys = markdown(CompanionApp.key_screens())
    assert keys_md.read_text("utf-8") == keys, "regenerate keys.md from ui.keymap"
    assert "| Runner | `enter` | record the set" in keys


async def test_resuming_a_session_whose_sets_are_all_done_opens_the_summary(store, clock) -> None:
    plan = seed(store)
    log = SessionLog(plan_id=plan.id, session_key="U", title="Other session")
    store.begin_session(log)
    for n in (1, 2):
        store.record_set(
            SetResult(session_id=log.id, exercise_id="hip-thrust", set_number=n, reps=5, load=40)
        )
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        await settle(pilot)
        assert screen_name(app) == "SummaryScreen"
        await press(pilot, "enter")
    [finished] = store.sessions()
    assert finished.id == log.id and len(store.session_sets(log.id)) == 2


async def test_h_opens_the_history_of_the_demo_and_escape_comes_back(db_path: Path, clock) -> None:
    from companion.demo import create_demo

    create_demo(db_path, today=TODAY)
    store = Store.open(db_path)
    try:
        app = app_for(store, clock)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            palette = [c.title for c in app.get_system_commands(app.screen)]
            assert {"History", "Single-leg tests", "Athlete profile"} <= set(palette)
            await press(pilot, "h")
            await settle(pilot)
            assert screen_name(app) == "HistoryScreen"
            sessions = app.screen.query_one("#view-history DataTable")
            assert sessions.row_count == len(store.sessions()) > 20
            await press(pilot, "escape")
            assert screen_name(app) == "HomeScreen"
            assert "Demo runner strength" in text_of(app, "#home-head")
    finally:
        store.close()


def test_home_names_the_day_when_the_session_is_due_later() -> None:
    from datetime import date

    from companion.domain.catalogue import builtin
    from companion.domain.schedule import DueSession
    from companion.training.today import RunContext, Today
    from companion.ui.screens.home_text import due_label

    sunday = date(2026, 11, 22)
    due = DueSession(
        key="A",
        title="Heavy",
        day=date(2026, 11, 23),
        week=3,
        phase="strength",
        week_in_phase=3,
        phase_weeks=6,
    )
    today = Today(sunday, RunContext(None, builtin(), [], sunday), due=due)
    assert due_label(today, None) == "NEXT, Monday 23 November"
    assert due_label(today, "B") == "CHOSEN"
    today.day = due.day
    assert due_label(today, None) == "TODAY"


async def test_a_broken_sets_file_is_reported_on_screen_once(
    db_path: Path, clock, demo_plan
) -> None:
    from companion.store.files import sets_path

    with Store.open(db_path) as store:
        seed(store, demo_plan)
    sets_path(db_path).write_bytes(b'{"sets": {"1": ')  # read only when sets are first needed
    with Store.open(db_path) as store:
        app = app_for(store, clock)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await press(pilot, "enter")  # the runner reads the last and best sets too
            assert screen_name(app) == "RunnerScreen"
            [shown] = [n for n in app._notifications if "sets file" in n.message]
            assert "could not be read" in shown.message and "kept for recovery" in shown.message


def test_the_today_line_counts_warm_ups_apart_from_work_sets() -> None:
    from companion.domain.models import PlannedSet
    from companion.ui.screens.home_text import sets_text

    def planned(n: int, warmup: bool) -> list[PlannedSet]:
        return [
            PlannedSet(exercise_id="squat", exercise_name="Squat", set_number=k, of_sets=n,
                       warmup=warmup)
            for k in range(1, n + 1)
        ]  # fmt: skip

    assert sets_text(planned(2, True) + planned(5, False)) == "2 warm-ups + 5 work sets"
    assert sets_text(planned(1, True) + planned(1, False)) == "1 warm-up + 1 work set"
    assert sets_text(planned(6, False)) == "6 work sets"


async def test_the_due_line_on_home_says_warm_ups_and_work_sets(store, clock, demo_plan) -> None:
    seed(store, demo_plan)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        due = text_of(app, "#home-head")
    assert " warm-up" in due and " work sets" in due


async def test_the_picker_names_the_day_the_due_session_falls_on_and_starts_on_it(
    db_path: Path, clock
) -> None:
    """A Wednesday, A done on Tuesday: home, the picker and its cursor all point at Friday's B."""
    from datetime import date, datetime

    from textual.widgets import OptionList

    from companion.io.plans import load_plan

    plans = Path(__file__).resolve().parents[1] / "plans"
    plan = load_plan(plans / "off-season-strength.yaml").model_copy(
        update={"start": date(2026, 12, 1)}
    )
    with Store.open(db_path) as store:
        store.save_plan(plan)
        store.set_active(plan.id)
        done = SessionLog(plan_id=plan.id, session_key="A", started_at=datetime(2026, 12, 1, 18),
                          finished_at=datetime(2026, 12, 1, 19))  # fmt: skip
        store.finish_session(done)
    app = make_app(db_path, clock=clock, today=date(2026, 12, 2))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "NEXT, Friday 4 December: B — Step-ups and hips" in text_of(app, "#home-head")
        await press(pilot, "o")
        assert screen_name(app) == "PickSessionDialog"
        options = app.screen.query_one(OptionList)
        assert options.highlighted == 1  # B, not A
        assert str(options.get_option_at_index(1).prompt).endswith("(due Friday 4 December)")
        assert "due" not in str(options.get_option_at_index(0).prompt)


async def test_the_targets_cursor_moves_with_keys_and_the_mouse_and_e_edits_that_row(
    store, clock, demo_plan
) -> None:
    seed(store, demo_plan)
    app = app_for(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        targets = app.screen.query_one("#home-targets")
        rows = [targets.row_at(n) for n in range(targets.row_count)]
        assert len(rows) >= 3
        assert text_of(app, "#home-why").startswith(f"{rows[0][0]} {rows[0][1]}:")
        await pilot.press("down", "down")
        assert targets.cursor == 2
        assert text_of(app, "#home-why").startswith(f"{rows[2][0]} {rows[2][1]}:")
        await pilot.press("end")
        assert targets.cursor == len(rows) - 1
        await pilot.press("down")  # stays on the last row
        assert targets.cursor == len(rows) - 1
        await pilot.press("home")
        assert targets.cursor == 0
        await pilot.click("#home-targets", offset=(2, 2))  # line 0 is the header: row 1
        assert targets.cursor == 1
        await press(pilot, "e")
        assert screen_name(app) == "EditTargetDialog"
        side = "" if rows[1][1] == "both" else f" {rows[1][1]}"
        assert f"Target for {rows[1][0]}{side}" in str(app.screen.query_one(".title").render())


def test_a_narrow_list_cuts_the_reason_then_the_name_with_an_ellipsis() -> None:
    from companion.ui.widgets.target_list import fit, widths

    header = ("Exercise", "Side", "Target", "Why")
    rows = [("Single-leg bent-knee calf raise", "RIGHT", "1 × 12–15 @ BW+20 kg", "0 of 1 at 15")]
    wide = widths(header, rows, 100)
    assert wide[:3] == [31, 5, 20] and sum(wide) + 2 * 3 == 100
    narrow = widths(header, rows, 60)
    assert narrow[1:3] == [5, 20] and narrow[3] == 12 and sum(narrow) + 2 * 3 == 60
    assert fit(rows[0][0], narrow[0]).endswith("…") and len(fit(rows[0][0], narrow[0])) == 17
    assert fit("abc", 5) == "abc  "
    from rich.cells import cell_len

    for width in (5, 6, 7):  # wide characters take two cells: the columns still line up
        cut = fit("深蹲スクワット", width)
        assert cell_len(cut) == width and cut.endswith("…")


async def test_more_targets_than_fit_scroll_with_the_cursor(store, clock, demo_plan) -> None:
    seed(store, demo_plan)
    app = app_for(store, clock)
    async with app.run_test(size=(80, 20)) as pilot:
        await settle(pilot)
        targets = app.screen.query_one("#home-targets")
        first, last = targets.row_at(0), targets.row_at(targets.row_count - 1)
        shown = str(targets.render())
        assert first[2] in shown.splitlines()[1]  # the header, then the first row
        assert len(shown.splitlines()) - 1 < targets.row_count  # not all of them fit
        await pilot.press("end")
        await pilot.pause()
        lines = str(targets.render()).splitlines()
        assert lines[0].split()[0] == "Exercise"  # the header stays
        assert lines[-1].startswith(last[0][:12]) and last[1] in lines[-1]
        await pilot.press("home")
        await pilot.pause()
        assert str(targets.render()).splitlines()[1].startswith(first[0][:12])
