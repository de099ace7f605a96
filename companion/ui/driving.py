"""Driving the app without a person: a clock that moves when told, and waits for the workers.

Shared by the tests, ``scripts/screenshots.py`` and ``benchmarks/ui.py`` so that all three wait
for the store's thread workers the same way.
"""

from __future__ import annotations

from typing import Any


class ManualClock:
    """A monotonic clock that only moves when told to: timers show fixed values."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


async def settle(pilot: Any, rounds: int = 3) -> None:
    """Store reads and writes (thread workers) finished and their messages handled; never
    waits on dialogs."""
    app = pilot.app
    quiet = 0
    for _ in range(rounds + 20):  # at least ``rounds``; more while workers keep starting
        threads = [w for w in app.workers if w._thread_worker and not w.is_finished]
        if threads:
            quiet = 0
            await app.workers.wait_for_complete(threads)
        else:
            quiet += 1
        await pilot.pause()
        if quiet >= rounds:
            break


async def press(pilot: Any, *keys: str) -> None:
    """Press each key and let what it started finish."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
