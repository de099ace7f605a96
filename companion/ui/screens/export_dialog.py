"""Take the session to the watch or the plan to the calendar: which file home writes."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from companion.ui.screens.dialogs import Dialog


class ExportDialog(Dialog):
    """Answers ``"workout"``, ``"calendar"`` or None (escape)."""

    BINDINGS = [
        Binding("w", "answer('workout')", "Watch", id="export.workout"),
        Binding("c", "answer('calendar')", "Calendar", id="export.calendar"),
    ]

    def __init__(self, session: str, folder: Path) -> None:
        """``session``: the one home shows (what the watch workout holds); ``folder``: where
        the file goes."""
        super().__init__()
        self.session, self.folder = session, folder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Write a file", classes="title")
            yield Label(
                f"w: {self.session} as a FIT workout for a Garmin watch.\n"
                "c: the plan's sessions to its end as a calendar (.ics).\n"
                f"Into {self.folder}",
                classes="question",
            )
            with Horizontal(classes="buttons"):
                yield Button("Watch workout (w)", id="workout", variant="primary")
                yield Button("Calendar (c)", id="calendar")
                yield Button("Cancel (esc)", id="cancel")

    def action_answer(self, value: str) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)
