"""Launch: the database opened and today read before the first frame; one companion at a time;
an unfinished session offered at once; quitting lets the database go."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from conftest import TODAY
from ui_helpers import earlier_session, screen_name, seed, settle

from companion.domain.models import SessionLog
from companion.store import Store
from companion.store.errors import AlreadyOpenError
from companion.ui.app import make_app

SIZE = (100, 30)


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


def cells(app) -> list[list[str]]:  # noqa: ANN001
    table = app.screen.query_one("#home-targets")
    return [[str(c) for c in table.row_at(n)] for n in range(table.row_count)]


async def test_the_first_frame_shows_todays_session_read_from_the_database(
    db_path: Path, clock
) -> None:
    seeded(db_path)
    app = make_app(db_path, clock=clock, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        assert screen_name(app) == "HomeScreen" and home.today is not None  # no "loading…"
        due = str(home.query_one("#home-head").render())
        assert "TODAY: T — Test session" in due
        assert [row[0] for row in cells(app)][:2] == ["Goblet squat", "Split squat"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "RunnerScreen")
        await settle(pilot)
        assert app.store.current_session().session_key == "T"  # begun in the store


async def test_an_unfinished_session_is_offered_at_launch(db_path: Path, clock) -> None:
    seeded(db_path, unfinished=True)
    app = make_app(db_path, clock=clock, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen_stack[0]  # home is the first screen, under the dialog
        assert type(home).__name__ == "HomeScreen"
        assert "An unfinished session is waiting" in str(home.query_one("#home-head").render())
        await wait_for(pilot, lambda: screen_name(app) == "ResumeDialog")
        await settle(pilot)
        await pilot.press("escape")  # later
        await settle(pilot)
        assert screen_name(app) == "HomeScreen"


async def test_quitting_at_once_lets_the_database_go(db_path: Path, clock) -> None:
    seeded(db_path)
    for _ in range(3):
        app = make_app(db_path, clock=clock, today=TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+q")
        with Store.open(db_path) as store:  # not locked: the app closed what it opened
            assert store.active_plan() is not None


async def test_a_second_companion_is_refused_before_anything_is_drawn(db_path: Path, clock) -> None:
    seeded(db_path)
    with Store.open(db_path), pytest.raises(AlreadyOpenError, match="already open"):
        make_app(db_path, clock=clock, today=TODAY)


async def test_collections_held_for_the_start_resume_once_home_is_drawn(
    db_path: Path, clock
) -> None:
    import gc

    from companion import startup

    seeded(db_path)
    assert gc.isenabled()
    startup.hold_collections()  # as the `companion` command does before its imports
    try:
        assert not gc.isenabled() and startup.holding()
        app = make_app(db_path, clock=clock, today=TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: not startup.holding())
            assert gc.isenabled()
            assert screen_name(app) == "HomeScreen" and app.screen.today is not None
    finally:
        startup.started()
        gc.enable()
    gc.disable()  # switched off by someone else: the app's call leaves it off
    try:
        startup.started()
        assert not gc.isenabled()
    finally:
        gc.enable()
