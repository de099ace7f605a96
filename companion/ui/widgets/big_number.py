"""A count readable from a metre away: large digits under a small caption."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Label

from companion.ui.widgets.big_digits import ScaledDigits


class BigNumber(Vertical):
    """``caption`` above a value drawn in three-row digits (falls back to text for words)."""

    DEFAULT_CLASSES = "big-number"

    def __init__(self, value: str = "", caption: str = "", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._value = value
        self._caption = caption

    def compose(self) -> ComposeResult:
        yield Label(self._caption, classes="caption")
        yield ScaledDigits(self._value)

    def show(self, value: str, caption: str | None = None) -> None:
        """Change what is shown; an unchanged value or caption is left alone (no redraw)."""
        if value != self._value:
            self._value = value
            self.query_one(Digits).update(value)
        if caption is not None and caption != self._caption:
            self._caption = caption
            self.query_one(".caption", Label).update(caption)

    @property
    def value(self) -> str:
        return self._value
