"""Rest, side-switch and hold timers, computed from a monotonic clock.

The clock is injected (any callable returning seconds as a float), so the widgets only poll and
render, and tests move a fake clock instead of sleeping. Timers never touch the disk.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from enum import StrEnum

Clock = Callable[[], float]
REST_STEP = 15  # seconds added or taken by one press of +15 s / -15 s


def clock_text(seconds: float) -> str:
    """``83`` -> ``1:23``; whole seconds, rounded up so a countdown shows 0:00 only at zero."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


class RestTimer:
    """A countdown that keeps counting past zero, so the athlete sees how long they overran."""

    def __init__(self, seconds: int, clock: Clock = time.monotonic) -> None:
        if seconds < 0:
            raise ValueError("a rest lasts 0 seconds or more")
        self._clock = clock
        self._started = clock()
        self.target = seconds
        self.skipped = False
        self._alarmed = False

    @property
    def elapsed(self) -> float:
        return self._clock() - self._started

    @property
    def remaining(self) -> float:
        return max(0.0, self.target - self.elapsed)

    @property
    def overtime(self) -> float:
        """Seconds past the end of the rest (0 while still counting down)."""
        return max(0.0, self.elapsed - self.target)

    @property
    def finished(self) -> bool:
        """True once the countdown reached zero or was skipped."""
        return self.skipped or self.elapsed >= self.target

    def add(self, seconds: int = REST_STEP) -> None:
        """Lengthen (or with a negative number shorten) the rest; never below what has passed."""
        self.target = max(0, self.target + seconds)
        if seconds > 0 and self.elapsed < self.target:
            self._alarmed = False  # the rest runs again, so it may ring again

    def skip(self) -> None:
        self.skipped = True
        self._alarmed = True  # a skipped rest does not ring

    def take_alarm(self) -> bool:
        """True exactly once, the first time this is asked after the countdown reaches zero."""
        if self._alarmed or not self.finished:
            return False
        self._alarmed = True
        return True

    def display(self) -> str:
        """``1:23`` while counting down, ``+0:12`` once overtime."""
        if self.elapsed < self.target:
            return clock_text(self.remaining)
        return "+" + clock_text(math.floor(self.overtime))


class HoldState(StrEnum):
    READY = "ready"
    RUNNING = "running"
    STOPPED = "stopped"


class CountUp:
    """A stopwatch for tests held as long as possible (no target): start, stop, seconds held.

    Whole seconds rounded down, from the injected clock; a new start is a fresh attempt.
    """

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._started: float | None = None
        self._stopped: float | None = None

    @property
    def state(self) -> HoldState:
        if self._started is None:
            return HoldState.READY
        return HoldState.RUNNING if self._stopped is None else HoldState.STOPPED

    def start(self) -> None:
        self._started = self._clock()
        self._stopped = None

    def stop(self) -> int:
        if self.state is HoldState.RUNNING:
            self._stopped = self._clock()
        return self.held

    def reset(self) -> None:
        self._started = self._stopped = None

    @property
    def elapsed(self) -> float:
        if self._started is None:
            return 0.0
        end = self._stopped if self._stopped is not None else self._clock()
        return max(0.0, end - self._started)

    @property
    def held(self) -> int:
        return int(math.floor(self.elapsed + 1e-9))

    def display(self) -> str:
        """``0:00`` before the start, then the whole seconds counted so far."""
        return clock_text(self.held)


class HoldTimer(CountUp):
    """Times a hold: start, count toward the target (one alarm there), stop to record the hold.

    The seconds held are what the clock says between start and stop, whole seconds rounded
    down: stopping early records fewer seconds, holding on records more.
    """

    def __init__(self, target: int, clock: Clock = time.monotonic) -> None:
        if target < 0:
            raise ValueError("a hold target is 0 seconds or more")
        super().__init__(clock)
        self.target = target
        self._alarmed = False

    def start(self) -> None:
        """Start (or restart after a stop: a fresh attempt)."""
        super().start()
        self._alarmed = False

    def reset(self) -> None:
        super().reset()
        self._alarmed = False

    @property
    def remaining(self) -> float:
        return max(0.0, self.target - self.elapsed)

    @property
    def reached(self) -> bool:
        return self._started is not None and self.elapsed >= self.target

    def take_alarm(self) -> bool:
        """True exactly once, when a running hold first reaches its target."""
        if self._alarmed or self.state is not HoldState.RUNNING or not self.reached:
            return False
        self._alarmed = True
        return True

    def display(self) -> str:
        """The countdown to the target while short of it, then the seconds held so far."""
        if self.state is HoldState.READY:
            return clock_text(self.target)
        if not self.reached:
            return clock_text(self.remaining)
        return "+" + clock_text(math.floor(self.elapsed - self.target + 1e-9))
