"""Regenerate ``screenshots/*.svg`` from the demo history by driving the real app.

The demo database is built for a fixed day (Friday 20 November 2026) and the app runs on a
fake clock, so every run draws the same pictures:

    python scripts/screenshots.py              # writes screenshots/*.svg
    python scripts/screenshots.py --out DIR    # somewhere else

Home, the runner (a set, resting, a hold running), the summary, and the history hub's views
(sessions, exercise progress, body map, assessments).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from datetime import date
from pathlib import Path

from companion.ui.driving import ManualClock as FakeClock
from companion.ui.driving import press, settle

DAY = date(2026, 11, 20)
SIZE = (120, 36)
OUT = Path(__file__).resolve().parent.parent / "screenshots"


async def until(pilot, check, what: str, timeout: float = 30.0) -> None:  # noqa: ANN001
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise RuntimeError(f"the app never showed {what}")
        await settle(pilot)
    await settle(pilot)  # laid out and drawn, even when it held at once (footer, tab underline)


async def shoot(app, name: str, out: Path) -> None:  # noqa: ANN001
    app.save_screenshot(f"{name}.svg", str(out))
    print(f"wrote {out / name}.svg")


async def session_screens(pilot, clock: FakeClock, out: Path) -> None:  # noqa: ANN001
    """Home, then one session from the first set to the summary."""
    from companion.domain.models import Measure
    from companion.ui.screens.home import HomeScreen
    from companion.ui.screens.runner import RunnerScreen
    from companion.ui.screens.summary import SummaryScreen

    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.today, "home")
    await shoot(app, "home", out)

    await press(pilot, "enter")
    await until(pilot, lambda: isinstance(app.screen, RunnerScreen), "the runner")
    runner = app.screen
    await until(pilot, lambda: runner.history, "the exercise history")
    while runner.run.current() is not None and runner.run.current().warmup:
        await press(pilot, "enter", "x")
    await shoot(app, "runner", out)

    await press(pilot, "enter", "x", "enter")  # LEFT, the side switch, RIGHT: a real rest
    clock.advance(37)
    runner.rest.tick()
    await settle(pilot)
    await shoot(app, "resting", out)
    await press(pilot, "x")

    while (planned := runner.run.current()) is not None and planned.measure is not Measure.HOLD:
        await press(pilot, "enter", "x")
    await press(pilot, "space")
    clock.advance(23)
    runner.hold.tick()
    await settle(pilot)
    await shoot(app, "hold", out)
    await press(pilot, "space", "enter", "x")

    while isinstance(app.screen, RunnerScreen):
        if runner.hold.display:
            await press(pilot, "space")
            clock.advance(31)
            await press(pilot, "space")
        clock.advance(60)
        await press(pilot, "enter", "x")
    await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
    await shoot(app, "summary", out)


async def history_screens(pilot, out: Path) -> None:  # noqa: ANN001
    """The history hub, opened on its first view, then the views' own keys."""
    from companion.ui.screens.history_screen import HistoryScreen

    app = pilot.app
    screen = HistoryScreen(app.store, app.today, app.catalogue)
    await app.push_screen(screen)
    await until(pilot, lambda: screen.data is not None and "history" in screen._shown, "history")
    await shoot(app, "history", out)
    for key, tab, name in [("2", "progress", "progress"), ("3", "bodymap", "bodymap"),
                           ("5", "assessments", "assessments")]:  # fmt: skip
        await press(pilot, key)
        await until(pilot, lambda t=tab: t in screen._shown, tab)
        await shoot(app, name, out)


async def regenerate(out: Path) -> None:
    from companion.demo import create_demo
    from companion.ui.app import make_app

    with tempfile.TemporaryDirectory(prefix="companion-shots-") as tmp:
        db = Path(tmp) / "companion.json"
        create_demo(db, today=DAY)
        clock = FakeClock()
        app = make_app(db, today=DAY, clock=clock)
        app.bell = lambda: None  # type: ignore[method-assign]
        async with app.run_test(size=SIZE) as pilot:
            await history_screens(pilot, out)
            app.pop_screen()
            await settle(pilot)
            await session_screens(pilot, clock, out)
            await settle(pilot)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the SVG files")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    asyncio.run(regenerate(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
