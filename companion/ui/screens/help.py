"""The help screen: every key, from the same bindings the footer shows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from companion.ui.keymap import Screens, markdown


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close", id="help.close"),
    ]

    def __init__(self, screens: Screens) -> None:
        super().__init__()
        self.screens = screens

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Markdown(markdown(self.screens))

    def action_close(self) -> None:
        self.dismiss(None)
