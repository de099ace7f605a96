"""The count-up clock for tests held as long as possible (the side plank): space starts, stops."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Digits, Label

from companion.domain.timers import Clock, CountUp, HoldState
from companion.ui.widgets.big_digits import ScaledDigits

TICK = 0.25


class StopwatchPanel(Vertical):
    """Shown for timed tests; the screen toggles it and reads the whole seconds held."""

    @dataclass
    class Stopped(Message):
        panel: StopwatchPanel
        held: int

    def __init__(self, clock: Clock, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._clock = clock
        self.count_up: CountUp | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="watch-label")
        yield ScaledDigits("", id="watch-digits")

    def on_mount(self) -> None:
        self.display = False
        self._interval = self.set_interval(TICK, self.tick, pause=True)

    def prepare(self) -> None:
        """A fresh clock for the next side."""
        self.count_up = CountUp(self._clock)
        self.display = True
        self._interval.pause()
        self.tick()

    def hide(self) -> None:
        self.count_up = None
        self.display = False
        self._interval.pause()

    @property
    def state(self) -> HoldState | None:
        return None if self.count_up is None else self.count_up.state

    def toggle(self) -> None:
        """Start the clock, or stop it and report the seconds held."""
        watch = self.count_up
        if watch is None:
            return
        if watch.state is HoldState.RUNNING:
            held = watch.stop()
            self._interval.pause()
            self.tick()
            self.post_message(self.Stopped(self, held))
        else:
            watch.start()
            self._interval.resume()
            self.tick()

    def tick(self) -> None:
        watch = self.count_up
        if watch is None:
            return
        label = {
            HoldState.READY: "CLOCK — space starts it as the hips lift",
            HoldState.RUNNING: "HOLDING — space stops the clock",
            HoldState.STOPPED: f"HELD {watch.held} s — enter records it, space tries again",
        }[watch.state]
        self.query_one("#watch-label", Label).update(label)
        self.query_one("#watch-digits", Digits).update(watch.display())
        self.set_class(watch.state is HoldState.RUNNING, "-running")
