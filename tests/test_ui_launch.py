"""Launch from the home views kept by the last run: drawn before the store is open, the same
as the store says, refused when anything changed, and keys pressed meanwhile not lost."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import TODAY
from ui_helpers import earlier_session, screen_name, seed, settle

from companion.domain.models import SessionLog
from companion.store import Store
from companion.store.errors import AlreadyOpenError, StoreError
from companion.ui import home_view
from companion.ui.app import make_app
from companion.ui.home_view import KEEP_DAYS, HomeView, kept_path, read_kept

SIZE = (100, 30)
THEME = "textual-dark"


async def wait_for(pilot, check: Callable[[], bool], timeout: float = 20.0) -> None:  # noqa: ANN001
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        assert loop.time() < deadline, "timed out"
        await pilot.pause(0.02)


def seeded(db_path: Path, *, unfinished: bool = False) -> None:
    with Store.open(db_path) as store:
        seed(store)
        earlier_session(store)
        if unfinished:
            store.begin_session(
                SessionLog(
                    plan_id="test-plan",
                    session_key="T",
                    title="Test session",
                    started_at=datetime(2025, 3, 17, 7, 0),
                    planned_sets=7,
                )  # fmt: skip
            )


def kept_days(db_path: Path) -> list[str]:
    try:
        return list(json.loads(kept_path(db_path).read_text())["days"])
    except (OSError, ValueError, KeyError):
        return []


async def first_run(db_path: Path, clock, day=TODAY) -> HomeView:  # noqa: ANN001
    """Launch with nothing kept, stay until the next days are kept too; home's view."""
    app = make_app(db_path, clock=clock, today=day)
    assert app.kept_view is None  # nothing kept yet: the store was opened first
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: len(kept_days(db_path)) == KEEP_DAYS)
        home = app.screen_stack[1]  # under the resume dialog, when it is offered
        assert home.shown_view is not None
        return home.shown_view


def cells(app) -> list[list[str]]:  # noqa: ANN001
    table = app.screen.query_one("#home-targets")
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


async def test_a_relaunch_draws_home_from_the_kept_view_then_the_store_agrees(
    db_path: Path, clock
) -> None:
    seeded(db_path)
    first = await first_run(db_path, clock)
    assert kept_days(db_path)[0] == TODAY.isoformat()
    app = make_app(db_path, clock=clock, today=TODAY)
    assert app.kept_view == first and app._store is None  # nothing read from the database yet
    async with app.run_test(size=SIZE) as pilot:
        drawn = [str(app.screen.query_one("#home-due").render()), cells(app)]
        assert "TODAY: T — Test session" in drawn[0]
        assert drawn[1][0][:3] == ["Goblet squat", "both", "2 × 8–10 @ 20 kg"]
        await settle(pilot)
        assert app.screen.today is not None  # read behind it: the same screen
        assert app.screen.shown_view == first
        assert [str(app.screen.query_one("#home-due").render()), cells(app)] == drawn


async def test_views_kept_for_the_next_days_are_what_those_days_show(db_path: Path, clock) -> None:
    seeded(db_path)
    await first_run(db_path, clock)
    assert read_kept(db_path, TODAY + timedelta(days=KEEP_DAYS), THEME) is None  # too far
    for ahead in (1, 4, KEEP_DAYS - 1):
        day = TODAY + timedelta(days=ahead)
        kept = read_kept(db_path, day, THEME)
        assert kept is not None, day
        app = make_app(db_path, clock=clock, today=day)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.screen.today is not None and app.screen.today.day == day
            assert app.screen.shown_view == kept


async def test_any_change_to_the_database_makes_the_kept_views_unused(db_path: Path, clock) -> None:
    seeded(db_path)
    await first_run(db_path, clock)
    assert read_kept(db_path, TODAY, THEME) is not None
    assert read_kept(db_path, TODAY, "textual-light") is None  # drawn with another theme
    with Store.open(db_path) as store:  # e.g. `companion import` between two runs
        store.save_settings({"side_switch_seconds": 15})
    assert read_kept(db_path, TODAY, THEME) is None
    app = make_app(db_path, clock=clock, today=TODAY)
    assert app.kept_view is None and app._store is not None  # read before the first frame
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.today is not None


@pytest.mark.parametrize(
    "content",
    ["", "{", "[]", '{"key": 1}', '{"key": {}, "stamp": null, "days": {"x": 1}}', "\x00\xff"],
)
async def test_a_damaged_kept_file_is_ignored(db_path: Path, clock, content: str) -> None:
    seeded(db_path)
    await first_run(db_path, clock)
    kept_path(db_path).write_text(content, encoding="utf-8", errors="surrogateescape")
    assert read_kept(db_path, TODAY, THEME) is None
    app = make_app(db_path, clock=clock, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Test session" in str(app.screen.query_one("#home-due").render())


async def test_a_key_pressed_before_the_store_is_read_is_acted_on(
    db_path: Path, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded(db_path)
    await first_run(db_path, clock)
    release = threading.Event()
    import companion.training.today as today_module

    real = today_module.load_today

    def slow_load(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(today_module, "load_today", slow_load)
    app = make_app(db_path, clock=clock, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the kept view is on screen; today is still being read
        await pilot.pause()
        assert screen_name(app) == "HomeScreen" and app.screen.today is None
        release.set()
        await wait_for(pilot, lambda: screen_name(app) == "RunnerScreen")
        await settle(pilot)
        assert app.store.current_session().session_key == "T"  # begun in the store


async def test_an_unfinished_session_is_offered_after_a_kept_launch(db_path: Path, clock) -> None:
    seeded(db_path, unfinished=True)
    first = await first_run(db_path, clock)
    assert first.unfinished
    app = make_app(db_path, clock=clock, today=TODAY)
    assert app.kept_view is not None
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen_stack[1]
        assert "An unfinished session is waiting" in str(home.query_one("#home-due").render())
        await wait_for(pilot, lambda: screen_name(app) == "ResumeDialog")
        await settle(pilot)
        await pilot.press("escape")  # later
        await settle(pilot)
        assert screen_name(app) == "HomeScreen"


async def test_quitting_at_once_lets_the_database_go(db_path: Path, clock) -> None:
    seeded(db_path)
    await first_run(db_path, clock)
    for _ in range(3):
        app = make_app(db_path, clock=clock, today=TODAY)
        assert app.kept_view is not None
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+q")
        with Store.open(db_path) as store:  # not locked: the app closed what it opened
            assert store.active_plan() is not None


async def test_a_second_companion_is_refused_before_anything_is_drawn(db_path: Path, clock) -> None:
    seeded(db_path)
    await first_run(db_path, clock)
    with Store.open(db_path), pytest.raises(AlreadyOpenError):
        make_app(db_path, clock=clock, today=TODAY)


async def test_a_store_that_cannot_be_opened_behind_the_view_closes_the_app_with_why(
    db_path: Path, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded(db_path)
    await first_run(db_path, clock)

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise StoreError("the history file is unreadable")

    monkeypatch.setattr(Store, "open", broken)
    app = make_app(db_path, clock=clock, today=TODAY)
    assert app.kept_view is not None
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.return_code == 1)
    assert app.return_code == 1


def test_a_view_survives_the_round_trip_through_json() -> None:
    from rich.text import Text

    text = Text("TODAY: ")
    text.append("T — Test", style="bold #ff0000")
    view = HomeView(
        "Plan · coach Ana", week=Text("Monday"), due=text, warnings=Text("⚠ hard run"),
        tests_due="tests due", has_plan=True, unfinished=True,
        rows=[home_view.HomeRow("split-squat", "left", "Split squat", "LEFT", "3 × 8", "why")],
    )  # fmt: skip
    assert HomeView.from_json(json.loads(json.dumps(view.to_json()))) == view


def test_what_the_first_frame_needs_loads_without_pydantic_or_tinydb() -> None:
    """The app, home and the kept views import none of the models' machinery: that is what
    lets home be drawn before it is loaded (an import added here would undo it)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import companion.ui.app, companion.ui.screens.home, companion.ui.home_view\n"
        "import companion.commands.app\n"
        "heavy = sorted({n.split('.')[0] for n in sys.modules} & {'pydantic', 'tinydb', 'yaml'})\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", done.stdout
