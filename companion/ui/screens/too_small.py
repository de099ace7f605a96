"""Over every screen while the terminal is smaller than the smallest layout that works."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widgets import Label

from companion.ui.layout import too_small_text


class TooSmallScreen(ModalScreen[None]):
    """Says how big the terminal must be; the app takes it away once it is. Nothing under it
    changes meanwhile (every recorded set is already saved)."""

    DEFAULT_CSS = """
    TooSmallScreen {
        align: center middle;
        background: $background;
    }
    TooSmallScreen Label {
        width: 100%;
        text-align: center;
        text-style: bold;
    }
    """

    def __init__(self, size: Size) -> None:
        super().__init__()
        self._size = size

    def compose(self) -> ComposeResult:
        yield Label(too_small_text(self._size), id="too-small")

    def show_size(self, size: Size) -> None:
        self._size = size
        if self.is_mounted:
            self.query_one("#too-small", Label).update(too_small_text(size))
