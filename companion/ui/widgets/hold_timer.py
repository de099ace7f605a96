"""The hold timer: start, count down to the target (one bell), stop to record the seconds."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Digits, Label

from companion.domain.timers import Clock, HoldState, HoldTimer
from companion.ui.widgets.big_digits import ScaledDigits

TICK = 0.25


class HoldPanel(Vertical):
    """Shown for timed holds; the screen starts and stops it (space) and reads ``held``."""

    @dataclass
    class Reached(Message):
        """The hold reached its target (posted once per attempt)."""

        panel: HoldPanel

    @dataclass
    class Stopped(Message):
        panel: HoldPanel
        held: int

    def __init__(self, clock: Clock, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._clock = clock
        self.timer: HoldTimer | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="hold-label")
        yield ScaledDigits("", id="hold-digits")

    def on_mount(self) -> None:
        self.display = False
        self._interval = self.set_interval(TICK, self.tick, pause=True)

    def prepare(self, target: int) -> None:
        self.timer = HoldTimer(target, self._clock)
        self.display = True
        self._interval.pause()
        self.tick()

    def hide(self) -> None:
        self.timer = None
        self.display = False
        self._interval.pause()

    @property
    def state(self) -> HoldState | None:
        return None if self.timer is None else self.timer.state

    def toggle(self) -> None:
        """Start a hold, or stop the one running."""
        if self.timer is None:
            return
        if self.timer.state is HoldState.RUNNING:
            held = self.timer.stop()
            self._interval.pause()
            self.tick()
            self.post_message(self.Stopped(self, held))
        else:
            self.timer.start()
            self._interval.resume()
            self.tick()

    def tick(self) -> None:
        timer = self.timer
        if timer is None:
            return
        state = timer.state
        if state is HoldState.READY:
            label = f"HOLD {timer.target} s — space to start"
        elif state is HoldState.RUNNING:
            label = "HOLDING — space to stop"
        else:
            label = f"HELD {timer.held} s — enter to record, space to retry"
        self.query_one("#hold-label", Label).update(label)
        digits = timer.display() if state is not HoldState.STOPPED else str(timer.held)
        self.query_one("#hold-digits", Digits).update(digits)
        self.set_class(timer.reached, "-reached")
        if timer.take_alarm():
            self.post_message(self.Reached(self))
