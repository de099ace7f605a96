"""The help screen: every key, from the same bindings the footer shows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from companion.ui.keymap import markdown


class HelpScreen(ModalScreen):
    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Markdown(markdown())

    def action_close(self) -> None:
        self.dismiss(None)
