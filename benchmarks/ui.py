"""UI benchmark on a long history: launch time, confirm → rest timer, the history views.

Builds a history of 50,000 sets (2,500 sessions of 20 sets, every other day back from
yesterday, plus a left/right test battery every six weeks) on a plan that is due today, then
measures in one run:

- launch → home screen interactive: a fresh interpreter runs this file with ``--launch``,
  which opens the app headless through ``make_app`` and reports the first frame drawn with
  today's session on home; the same for a minimal Textual app (a Static and a Footer). Timed
  from starting the interpreter to that frame, interleaved, N runs each. Companion is timed
  from starting the interpreter to home on screen with today's session read from the database.
- Enter on a set → the rest timer on screen (in process, Pilot): from the key press to the
  first frame drawn with the rest panel showing.
- each history view: a fresh history screen (opened as the home screen's key would), then
  the view's key; from the key press to the first frame drawn with the view's data. Opening
  the screen is timed too, with the in-memory history caches cleared first (the first open
  after launch reads every set).
- ``h`` on the home screen after ``warm_history`` (what the app runs in the background at
  start) has read the history: from the key press to the sessions table drawn.

    python benchmarks/ui.py            # 50k sets, 15 launches each, 30 sets, 5 rounds of views
    python benchmarks/ui.py --quick    # 500 sets, one sample each: a smoke run

Prints a markdown table with the targets and pass/fail.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

OPENS_PER_ROUND = 3  # `h` after a restart, per round of the views
QUIT_AFTER = 1.5  # seconds after home is ready: home starts the history read after one
HISTORY_TABS = ["history", "progress", "bodymap", "records", "assessments", "consistency"]
SIZE = (120, 36)
PLAN_ID = "ui-bench"
# (catalogue id, per side): the history and today's session use the same exercises
EXERCISES = [
    ("split-squat", True),
    ("single-leg-rdl", True),
    ("step-up", True),
    ("single-leg-calf-raise", True),
    ("goblet-squat", False),
]


# -- the history -------------------------------------------------------------------------------


def make_plan(today: date, sets: int):  # noqa: ANN201 - pydantic model, imported lazily
    from companion.domain.models import (
        Phase,
        Plan,
        PlanExercise,
        RepRange,
        Schedule,
        SessionTemplate,
        Weekday,
    )

    exercises = [
        PlanExercise(exercise=e, sets=sets, reps=RepRange(lo=6, hi=10), rest=60)
        for e, _ in EXERCISES
    ]
    return Plan(
        id=PLAN_ID,
        name="UI bench plan",
        start=today - timedelta(days=today.weekday() + 7),
        schedule=Schedule(days=list(Weekday)),
        phases=[Phase(name="base", weeks=52, sessions=["a"])],
        sessions={"a": SessionTemplate(key="a", title="Bench session", exercises=exercises)},
        imported_at=datetime.combine(today - timedelta(days=30), datetime.min.time()),
    )


def make_history(n_sets: int, today: date) -> dict:
    """The history tables (as the store writes them) with ``n_sets`` sets ending yesterday."""
    from storage import SETS_PER_SESSION

    from companion.domain.models import AssessmentResult, SessionLog, SetResult, Side
    from companion.store.exchange import dump_header, dump_set
    from companion.store.migrations import META_ID, fresh_meta

    n_sessions = n_sets // SETS_PER_SESSION
    first = datetime.combine(today, datetime.min.time()) - timedelta(days=2 * n_sessions)
    sessions, sets = {}, {}
    for i in range(n_sessions):
        start = first + timedelta(days=2 * i, hours=18)
        log = SessionLog(
            plan_id=PLAN_ID,
            plan_name="UI bench plan",
            session_key="a",
            title="Bench session",
            started_at=start,
            finished_at=start + timedelta(hours=1),
        )
        sessions[str(i + 1)] = dump_header(log)
        trend = 20 + 10 * math.sin(i / 150)  # loads that rise and fall over the years
        for k in range(SETS_PER_SESSION):
            exercise, per_side = EXERCISES[k * len(EXERCISES) // SETS_PER_SESSION]
            side = (Side.LEFT if k % 2 == 0 else Side.RIGHT) if per_side else Side.BOTH
            result = SetResult(
                session_id=log.id,
                exercise_id=exercise,
                set_number=k % 4 // 2 + 1,
                side=side,
                target_reps=8,
                target_reps_hi=10,
                target_load=round(trend),
                reps=6 + (i + k) % 5,
                load=round(trend * 2) / 2,
                rpe=7.5 + (k % 3) / 2,
                at=start + timedelta(minutes=2 * k),
            )
            sets[str(len(sets) + 1)] = dump_set(result)
    tests = ["single-leg-calf-raise", "single-leg-bridge", "side-plank", "single-leg-box-squat"]
    assessments = {}
    for week in range(0, 2 * n_sessions // 7, 6):
        day = first.date() + timedelta(weeks=week)
        for test in tests:
            right = 20.0 + week % 13
            result = AssessmentResult(test_id=test, day=day, left=right * 0.88, right=right)
            assessments[str(len(assessments) + 1)] = result.model_dump(mode="json")
    return {
        "sessions": sessions,
        "sets": sets,
        "plans": {"1": make_plan(today, 4).model_dump(mode="json")},
        "states": {},
        "assessments": assessments,
        "meta": {META_ID: {**fresh_meta(), "active_plan": PLAN_ID}},
    }


def write_history(path: Path, n_sets: int, today: date) -> float:
    """Write the database (history and the sets' segments); their size in MB."""
    from storage import write_ours

    from companion.store.files import segment_numbers, segment_path

    write_ours(path, make_history(n_sets, today))
    segments = [segment_path(path, n) for n in segment_numbers(path)]
    return sum(p.stat().st_size for p in [path, *segments]) / 1e6


# -- frames --------------------------------------------------------------------------------------


class Frames:
    """Timestamps the first frame the app draws once ``condition`` holds.

    Headless apps still lay out and render every update; ``App._display`` receives it (and
    skips the terminal). Wrapping it tells when what the athlete would see was ready.
    """

    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app
        self.condition: Callable[[], bool] | None = None
        self.seen: asyncio.Future[float] | None = None
        original = app._display

        def display(screen, renderable) -> None:  # noqa: ANN001
            original(screen, renderable)
            waiting = self.seen is not None and not self.seen.done()
            if waiting and renderable is not None and self.condition and self.condition():
                self.seen.set_result(time.perf_counter())  # type: ignore[union-attr]
            for condition, seen in list(self.later):
                if renderable is not None and not seen.done() and condition():
                    seen.set_result(time.perf_counter())
                    self.later.remove((condition, seen))

        self.later: list[tuple[Callable[[], bool], asyncio.Future[float]]] = []
        app._display = display

    def expect(self, condition: Callable[[], bool]) -> None:
        self.condition = condition
        self.seen = asyncio.get_running_loop().create_future()

    def expect_later(self, condition: Callable[[], bool]) -> asyncio.Future[float]:
        """Besides the expected frame: a later one, awaited on its own (two stages of one
        screen, both timed from the same key)."""
        seen = asyncio.get_running_loop().create_future()
        self.later.append((condition, seen))
        return seen

    async def drawn(self, timeout: float = 60.0) -> float:
        assert self.seen is not None
        try:
            return await asyncio.wait_for(self.seen, timeout)
        finally:
            self.condition = None


# -- launch (child side) -------------------------------------------------------------------------


def launch(kind: str, db: str | None) -> None:
    """Run in a fresh interpreter: open the app headless, exit at the first ready frame.

    ``quit``: companion, asked to quit ``QUIT_AFTER`` seconds after home is ready, while the
    background history read runs; prints the milliseconds from the request to ``run`` returning.
    """
    if kind == "minimal":
        from textual.app import App, ComposeResult
        from textual.widgets import Footer, Static

        class Minimal(App[None]):
            def compose(self) -> ComposeResult:
                yield Static("companion")
                yield Footer()

        app: object = Minimal()
        ready: Callable[[], bool] = lambda: True  # noqa: E731
    else:
        from companion.startup import hold_collections

        hold_collections()  # as the `companion` command starts it; the app ends it
        from companion.ui.app import make_app
        from companion.ui.screens.home import HomeScreen

        app = make_app(db)

        def ready() -> bool:
            """Home shows today's session, read from the database."""
            screen = app.screen  # type: ignore[attr-defined]
            return isinstance(screen, HomeScreen) and screen.today is not None

    original = app._display  # type: ignore[attr-defined]
    asked: list[float] = []

    def leave() -> None:
        asked.append(time.perf_counter())
        app.exit()  # type: ignore[attr-defined]

    def display(screen, renderable) -> None:  # noqa: ANN001
        original(screen, renderable)
        if renderable is not None and not asked and ready():
            if kind == "quit":
                asked.append(0.0)  # once
                app.set_timer(QUIT_AFTER, leave)  # type: ignore[attr-defined]
            else:
                asked.append(time.time())
                app.exit()  # type: ignore[attr-defined]

    app._display = display  # type: ignore[attr-defined]
    app.run(headless=True, size=SIZE)  # type: ignore[attr-defined]
    if kind == "quit":
        print(f"{(time.perf_counter() - asked[-1]) * 1000:.1f}")
    else:
        print(f"{asked[-1]:.6f}")  # when the frame was drawn, on the clock the parent reads


def time_quit(db: Path, bytecode: Path) -> float:
    """Seconds from asking to quit (during the background history read) to the app closed."""
    done = subprocess.run(
        [sys.executable, __file__, "--launch", "quit", "--db", str(db)],
        check=True,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=launch_env(bytecode),
    )
    return float(done.stdout.split()[-1]) / 1000


def time_launch(kind: str, db: Path, bytecode: Path) -> float:
    """Seconds from starting the interpreter to the first ready frame. The child reports when
    it drew it (wall clock, which both processes share), so what it does after, closing the
    app and the interpreter, is not counted."""
    env = launch_env(bytecode)
    t0 = time.time()
    done = subprocess.run(
        [sys.executable, __file__, "--launch", kind, "--db", str(db)],
        check=True,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
    )
    return float(done.stdout.split()[-1]) - t0


def launch_env(bytecode: Path) -> dict[str, str]:
    """Both apps start with compiled bytecode cached, as an installed app does, even where the
    environment says not to write it (``PYTHONDONTWRITEBYTECODE``): the cache goes to a
    folder of the run's own."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(bytecode)}


# -- in process: the runner and the history views ------------------------------------------------


async def wait(check: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.005)


async def idle(pilot) -> None:  # noqa: ANN001
    """Store writes and reads done (thread workers), messages handled; never waits on dialogs."""
    from companion.ui.driving import settle

    await settle(pilot, rounds=2)


async def rest_latencies(pilot, frames: Frames, n: int) -> list[float]:  # noqa: ANN001
    """Enter on ``n`` sets; each time from the key press to the rest panel drawn."""
    from companion.ui.screens.home import HomeScreen
    from companion.ui.screens.runner import RunnerScreen

    app = pilot.app
    await wait(lambda: isinstance(app.screen, HomeScreen) and app.screen.today is not None)
    await pilot.press("enter")
    await wait(lambda: isinstance(app.screen, RunnerScreen))
    await idle(pilot)
    runner = app.screen
    times = []
    for _ in range(n):
        if runner.run.progress.planned - runner.run.progress.settled < 2:
            raise RuntimeError("the bench session is too short for the sets asked for")
        frames.expect(lambda: runner.rest.display and runner.rest.region.height > 0)
        t0 = time.perf_counter()
        await pilot.press("enter")
        times.append(await frames.drawn() - t0)
        await idle(pilot)
        await pilot.press("x")
        await wait(lambda: not runner.rest.display or runner.rest.region.height == 0)
    await pilot.press("p")  # pause: leave the runner, back home
    await idle(pilot)
    return times


async def view_latencies(pilot, frames: Frames, rounds: int) -> dict[str, list[float]]:  # noqa: ANN001
    """Per round: with nothing in memory and no digests on disk, open the screen (the sessions
    listed from their headers, then every set read); then as after a restart (nothing in
    memory, the digests on disk), open it again and press each view's key; last, the sessions
    view's key from another view."""
    from companion.ui.screens.history_screen import HistoryScreen

    app = pilot.app
    times: dict[str, list[float]] = {
        "open-list": [], "open-rebuild": [], "open": [],
        **{tab: [] for tab in HISTORY_TABS},
    }  # fmt: skip

    def shown(screen: HistoryScreen, tab: str) -> Callable[[], bool]:
        return lambda: app.screen is screen and tab in screen._shown and screen.active == tab

    def listed(screen: HistoryScreen) -> Callable[[], bool]:
        return lambda: app.screen is screen and screen.view("history").query_one(
            "#history-table"
        ).row_count > 0  # fmt: skip

    async def open_screen(tab: str) -> tuple[HistoryScreen, float]:
        screen = HistoryScreen(app.store, app.today, app.catalogue, tab=tab)
        frames.expect(shown(screen, tab))
        t0 = time.perf_counter()
        app.push_screen(screen)
        took = await frames.drawn() - t0
        await idle(pilot)
        return screen, took

    def totals_drawn() -> bool:
        """The sessions table has rows, with their totals (not pending: ``…``)."""
        screen = app.screen
        if not isinstance(screen, HistoryScreen) or "history" not in screen._built:
            return False
        table = screen.view("history").query_one("#history-table")
        return table.row_count > 0 and "…" not in str(table.get_row_at(0)[4])

    async def press_h() -> tuple[HistoryScreen, float]:
        """``h`` on the home screen: key press to the sessions table drawn, totals and all."""
        from companion.ui.screens.home import HomeScreen

        if not isinstance(app.screen, HomeScreen):
            await pilot.press("escape")  # "later" on the unfinished-session question
        await wait(lambda: isinstance(app.screen, HomeScreen))
        home = app.screen
        if home._warm_timer is not None:  # "before the background read": it must not begin
            home._warm_timer.stop()
        await idle(pilot)  # nor be under way (one begun already is let finish)
        forget_history(app)  # then a restart: nothing in memory, the files on disk
        frames.expect(totals_drawn)
        t0 = time.perf_counter()
        await pilot.press("h")
        took = await frames.drawn() - t0
        screen = app.screen
        await wait(lambda: screen.data is not None)  # the read behind the first rows
        await idle(pilot)
        return screen, took

    for _ in range(rounds):
        forget_history(app, digests=True)
        screen = HistoryScreen(app.store, app.today, app.catalogue, tab="history")
        frames.expect(listed(screen))  # the sessions from their headers, totals pending
        t0 = time.perf_counter()
        app.push_screen(screen)
        times["open-list"].append(await frames.drawn() - t0)
        frames.expect(shown(screen, "history"))  # every set read: the totals drawn
        times["open-rebuild"].append(await frames.drawn() - t0)
        await idle(pilot)
        app.pop_screen()
        await idle(pilot)
        for _ in range(OPENS_PER_ROUND - 1):  # the case nearest the 200 ms target: more samples
            _, took = await press_h()
            times["open"].append(took)
            app.pop_screen()
            await idle(pilot)
        screen, took = await press_h()
        times["open"].append(took)
        for n, tab in enumerate(HISTORY_TABS[1:], start=2):
            frames.expect(shown(screen, tab))
            t0 = time.perf_counter()
            await pilot.press(str(n))
            times[tab].append(await frames.drawn() - t0)
            await idle(pilot)
        app.pop_screen()
        await idle(pilot)
        forget_history(app)
        screen, _ = await open_screen("progress")
        frames.expect(shown(screen, "history"))
        t0 = time.perf_counter()
        await pilot.press("1")
        times["history"].append(await frames.drawn() - t0)
        await idle(pilot)
        app.pop_screen()
        await idle(pilot)
    return times


def forget_history(app, digests: bool = False) -> None:  # noqa: ANN001
    """Drop what is kept in memory about the history, as at a launch: the next read starts
    from the files (the sessions table kept on disk stays, as it does at a restart).
    ``digests``: the digests file and that table too (a history never read by this version,
    or changed by hand), so every set is read."""
    from companion.ui import history_data

    history_data._CACHE.clear()
    app.store._set_models_at = -1  # the store's validated sets
    app.store._digests._kept = None  # the store's digests (memory)
    if digests:
        app.store._digests.forget()  # and their file


async def warm_latencies(pilot, frames: Frames, rounds: int) -> dict[str, list[float]]:  # noqa: ANN001
    """Per round: caches cleared, the history warmed in a thread as the app does at start,
    then ``h`` on the home screen (key press to the sessions table drawn) and each other
    view's key (key press to its data drawn)."""
    from companion.ui.screens.history_screen import HistoryScreen
    from companion.ui.screens.home import HomeScreen
    from companion.ui.widgets.history_views import warm_history

    app = pilot.app
    times: dict[str, list[float]] = {"h": [], **{tab: [] for tab in HISTORY_TABS[1:]}}

    def shown(tab: str) -> Callable[[], bool]:
        def check() -> bool:
            screen = app.screen
            return (
                isinstance(screen, HistoryScreen) and tab in screen._shown
                and screen.active == tab
            )  # fmt: skip

        return check

    for _ in range(rounds):
        if not isinstance(app.screen, HomeScreen):
            await pilot.press("escape")  # "later" on the unfinished-session question
        await wait(lambda: isinstance(app.screen, HomeScreen))
        forget_history(app)
        await asyncio.to_thread(warm_history, app.store, app.catalogue, app.today)
        await idle(pilot)
        frames.expect(shown("history"))
        t0 = time.perf_counter()
        await pilot.press("h")
        times["h"].append(await frames.drawn() - t0)
        await idle(pilot)
        for n, tab in enumerate(HISTORY_TABS[1:], start=2):
            frames.expect(shown(tab))
            t0 = time.perf_counter()
            await pilot.press(str(n))
            times[tab].append(await frames.drawn() - t0)
            await idle(pilot)
        app.pop_screen()
        await idle(pilot)
    return times


async def session_latencies(pilot, frames: Frames, rounds: int) -> dict[str, list[float]]:  # noqa: ANN001
    """Per round, on the history screen (read): Enter on the newest session → its sets drawn;
    then the same with the sets file not read yet, as right after a start (the screen drawn
    with the session's header, then its sets once the file is read)."""
    from companion.ui.screens.history_screen import HistoryScreen
    from companion.ui.screens.history_session import HistorySessionScreen
    from companion.ui.screens.home import HomeScreen

    app = pilot.app
    times: dict[str, list[float]] = {"read": [], "unread-open": [], "unread-sets": []}

    def opened(sets: bool) -> Callable[[], bool]:
        def check() -> bool:
            screen = app.screen
            if not isinstance(screen, HistorySessionScreen):
                return False
            return not sets or screen.query_one("#session-sets").row_count > 0

        return check

    if not isinstance(app.screen, HomeScreen):
        await pilot.press("escape")
    await wait(lambda: isinstance(app.screen, HomeScreen))
    await pilot.press("h")
    await wait(lambda: isinstance(app.screen, HistoryScreen) and app.screen.data is not None)
    history = app.screen
    await asyncio.to_thread(app.store.load_sets)
    await idle(pilot)
    for _ in range(rounds):
        frames.expect(opened(sets=True))
        t0 = time.perf_counter()
        await pilot.press("enter")
        times["read"].append(await frames.drawn() - t0)
        await idle(pilot)
        await pilot.press("escape")
        await wait(lambda: app.screen is history)
        app.store._history.sets_file._segments = None  # the sets as right after a start: unread
        await idle(pilot)
        frames.expect(opened(sets=False))
        with_sets = frames.expect_later(opened(sets=True))
        t0 = time.perf_counter()
        await pilot.press("enter")
        times["unread-open"].append(await frames.drawn() - t0)
        times["unread-sets"].append(await asyncio.wait_for(with_sets, 60) - t0)
        await idle(pilot)
        await pilot.press("escape")
        await wait(lambda: app.screen is history)
        await idle(pilot)
    app.pop_screen()
    await idle(pilot)
    return times


async def in_process(db: Path, today: date, n_sets: int, rounds: int) -> tuple[list, dict]:
    from companion.ui.app import make_app

    app = make_app(db, today=today)
    async with app.run_test(size=SIZE) as pilot:
        frames = Frames(app)
        rest = await rest_latencies(pilot, frames, n_sets)
        views = await view_latencies(pilot, frames, rounds)
        views["warm"] = await warm_latencies(pilot, frames, rounds)
        views["session"] = await session_latencies(pilot, frames, rounds)
    return rest, views


# -- report --------------------------------------------------------------------------------------


def ms(seconds: list[float]) -> tuple[float, float]:
    from storage import ms as storage_ms

    return storage_ms(seconds)


def verdict(ok: bool) -> str:
    return "pass" if ok else "**fail**"


def report(figures: dict) -> str:
    launches = figures["launch"]
    ours, minimal = launches["companion"], launches["minimal"]
    ours_ms, minimal_ms = statistics.median(ours) * 1000, statistics.median(minimal) * 1000
    ratio = ours_ms / minimal_ms

    rest50, rest95 = ms(figures["rest"])
    sets = f"{figures['sets']:,}"
    lines = [
        "| what (history of " + sets + " sets) | median | p95 | target | result |",
        "|---|---:|---:|---|---|",
        f"| launch → home screen interactive, companion: today's session read from the "
        f"database and drawn (n={len(ours)}) | {ours_ms:.0f} ms | {ms(ours)[1]:.0f} ms | | |",
        f"| launch → first frame, minimal Textual app (n={len(minimal)}) | {minimal_ms:.0f} ms | "
        f"{ms(minimal)[1]:.0f} ms | | |",
        f"| launch ratio, companion ÷ minimal (medians) | {ratio:.2f}× | | ≤ 1.6× | "
        f"{verdict(ratio <= 1.6)} |",
        f"| quit {QUIT_AFTER:g} s after launch, during the background history read → app closed "
        f"(n={len(figures['quit'])}) | {ms(figures['quit'])[0]:.0f} ms | "
        f"{ms(figures['quit'])[1]:.0f} ms | | |",
        f"| Enter on a set → rest timer drawn (n={len(figures['rest'])}) | {rest50:.1f} ms | "
        f"{rest95:.1f} ms | p95 ≤ 50 ms | {verdict(rest95 <= 50)} |",
    ]
    views = figures["views"]
    o50, o95 = ms(views["open"])
    r50, r95 = ms(views["open-rebuild"])
    l50, l95 = ms(views["open-list"])
    lines += [
        f"| `h` on home after a restart, before the background read (nothing in memory; the "
        f"digests kept on disk): the latest sessions drawn, every total and record mark "
        f"(n={len(views['open'])}) | {o50:.0f} ms | {o95:.0f} ms | ≤ 200 ms | "
        f"{verdict(o50 <= 200)} |",
        f"| open it with no digests on disk (a history from before them, or a sets file "
        f"changed by hand): the sessions listed from their headers (n={len(views['open-list'])})"
        f" | {l50:.0f} ms | {l95:.0f} ms | ≤ 200 ms | {verdict(l50 <= 200)} |",
        f"| … then every set read, the digests made and kept, the totals drawn "
        f"(n={len(views['open-rebuild'])}) | {r50:.0f} ms | {r95:.0f} ms | once | |",
    ]
    session = views.get("session") or {}
    if session:
        s50, s95 = ms(session["read"])
        u50, u95 = ms(session["unread-open"])
        f50, f95 = ms(session["unread-sets"])
        lines += [
            f"| Enter on a session in the history → its sets drawn (n={len(session['read'])}) | "
            f"{s50:.0f} ms | {s95:.0f} ms | ≤ 200 ms | {verdict(s50 <= 200)} |",
            f"| the same before the sets file is read (right after a start): the session's "
            f'screen drawn, its header and "reading" (n={len(session["unread-open"])}) | '
            f"{u50:.0f} ms | {u95:.0f} ms | ≤ 200 ms | {verdict(u50 <= 200)} |",
            f"| … then its sets drawn, once the sets file is read "
            f"(n={len(session['unread-sets'])}) | {f50:.0f} ms | {f95:.0f} ms | once | |",
        ]
    warm = views.get("warm") or {}
    for key, times in warm.items():
        w50, w95 = ms(times)
        what = (
            "`h` on home → sessions drawn" if key == "h" else f"then view `{key}`: key → data drawn"
        )
        lines.append(
            f"| after the background warm-up (`warm_history`): {what} (n={len(times)}) | "
            f"{w50:.0f} ms | {w95:.0f} ms | ≤ 200 ms | {verdict(w50 <= 200)} |"
        )
    for tab in HISTORY_TABS:
        m50, m95 = ms(views[tab])
        lines.append(
            f"| history view `{tab}`: key → data drawn (n={len(views[tab])}) | {m50:.0f} ms | "
            f"{m95:.0f} ms | ≤ 200 ms | {verdict(m50 <= 200)} |"
        )
    return "\n".join(lines)


def run(n_sets: int, launches: int, rest_sets: int, rounds: int, quits: int = 5) -> dict:
    today = date.today()
    root = Path(tempfile.mkdtemp(prefix="companion-ui-bench-"))
    # the digests go to a cache of the run's own, not the user's (children inherit it)
    os.environ.setdefault("COMPANION_CACHE", str(root / "cache"))
    try:
        db = root / "companion.json"
        print(f"… writing a history of {n_sets:,} sets", file=sys.stderr)
        mb = write_history(db, n_sets, today)
        print(f"… {mb:.1f} MB; launching {launches}× each", file=sys.stderr)
        kinds = ("minimal", "companion")
        launch_times: dict[str, list[float]] = {kind: [] for kind in kinds}
        bytecode = root / "pycache"
        quit_times = [time_quit(db, bytecode) for _ in range(quits)]
        for kind in kinds:  # one warm-up each: disk cache, .pyc files
            time_launch(kind, db, bytecode)
        for _ in range(launches):
            for kind in kinds:
                launch_times[kind].append(time_launch(kind, db, bytecode))
        print("… confirming sets and opening history views", file=sys.stderr)
        rest, views = asyncio.run(in_process(db, today, rest_sets, rounds))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return {
        "sets": n_sets,
        "mb": mb,
        "launch": launch_times,
        "quit": quit_times,
        "rest": rest,
        "views": views,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="500 sets, one sample each")
    parser.add_argument("--sets", type=int, default=50_000, help="history size in sets")
    parser.add_argument("--launches", type=int, default=15, help="launches of each app")
    kinds = ["companion", "minimal", "quit"]
    parser.add_argument("--launch", choices=kinds, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.launch:
        launch(args.launch, args.db)
        return 0
    if args.quick:
        figures = run(500, launches=1, rest_sets=3, rounds=1, quits=1)
    else:
        figures = run(args.sets, launches=max(7, args.launches), rest_sets=30, rounds=5)
    print(report(figures))
    print(
        f"\nmeasured {date.today().isoformat()} on one machine, one run; database "
        f"{figures['mb']:.1f} MB; launch times include the interpreter start"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
