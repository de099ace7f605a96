"""The rest (and side-switch) countdown: big, adjustable, rings once, then shows overtime."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Digits, Label

from companion.domain.timers import Clock, RestTimer
from companion.ui.widgets.big_digits import ScaledDigits

TICK = 0.25  # seconds between redraws; the time itself comes from the clock


@dataclass(frozen=True)
class RestState:
    """A running countdown with its words, kept so it can be put back as it was."""

    timer: RestTimer
    label: str
    hint: str


class RestPanel(Vertical):
    """Shown while resting. Polls the timer, never counts ticks, never writes to disk."""

    @dataclass
    class Ended(Message):
        """The countdown reached zero (posted once per rest)."""

        panel: RestPanel
        label: str

    def __init__(self, clock: Clock, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._clock = clock
        self.timer: RestTimer | None = None
        self.label = ""
        self.hint = ""

    def compose(self) -> ComposeResult:
        yield Label("", id="rest-label")
        yield ScaledDigits("", id="rest-digits")
        yield Label("", id="rest-hint")

    def on_mount(self) -> None:
        self.display = False
        self._interval = self.set_interval(TICK, self.tick, pause=True)

    def start(self, seconds: int, label: str, hint: str) -> None:
        self._show(RestTimer(seconds, self._clock), label, hint)

    def _show(self, timer: RestTimer, label: str, hint: str) -> None:
        self.timer = timer
        if label != self.label:
            self.query_one("#rest-label", Label).update(label)
        if hint != self.hint:
            self.query_one("#rest-hint", Label).update(hint)
        self.label, self.hint = label, hint
        self.display = True
        self.remove_class("-overtime")
        self.tick()
        self._interval.resume()

    def state(self) -> RestState | None:
        """The countdown running now (None if none)."""
        if self.timer is None:
            return None
        return RestState(self.timer, self.label, self.hint)

    def restore(self, state: RestState | None) -> None:
        """Put back a countdown taken with :meth:`state` (or stop, for None)."""
        if state is None:
            self.stop()
        else:
            self._show(state.timer, state.label, state.hint)

    def stop(self) -> None:
        self.timer = None
        self.display = False
        self._interval.pause()

    @property
    def running(self) -> bool:
        return self.timer is not None

    def add(self, seconds: int) -> None:
        if self.timer is not None:
            self.timer.add(seconds)
            self.tick()

    def tick(self) -> None:
        timer = self.timer
        if timer is None:
            return
        self.query_one("#rest-digits", Digits).update(timer.display())
        self.set_class(timer.finished, "-overtime")
        if timer.take_alarm():
            self.post_message(self.Ended(self, self.label))
