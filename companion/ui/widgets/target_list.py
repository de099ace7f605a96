"""Home's targets: a header and one line per exercise and side, with a cursor on one of them.

Home shows a handful of rows that change only when today is read again, so they are drawn as
lines of text (cut to the width, the last column taking what is left) rather than with a
``DataTable``, whose cell caches and style sheet cost home's first frame (and so the launch)
a few milliseconds more. The cursor moves with the arrow keys, page keys, home/end and the
mouse; each move says which row is highlighted (``Highlighted``), as the table did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

Row = tuple[str, ...]
GAP = 2  # spaces between columns
ELLIPSIS = "…"


def fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` terminal cells (a wide character takes two): cut with an
    ellipsis, or padded."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + ELLIPSIS
    return set_cell_size(text, width)


def widths(header: Row, rows: Sequence[Row], total: int) -> list[int]:
    """Each column as wide as its widest cell, the last one taking the rest of ``total``; when
    that leaves the last too little, the first gives up room (names are long, sides short)."""
    natural = [max(map(cell_len, column)) for column in zip(header, *rows, strict=True)]
    fixed = natural[:-1]
    last_min = min(natural[-1], 12)
    over = sum(fixed) + GAP * len(fixed) + last_min - total
    if over > 0:
        fixed[0] = max(cell_len(header[0]), fixed[0] - over)
    last = total - sum(fixed) - GAP * len(fixed)
    return [*fixed, max(last, 0)]


class TargetList(Widget, can_focus=True):
    """Today's targets with a row cursor (plain text cells, never markup)."""

    DEFAULT_CSS = """
    TargetList {
        height: 1fr;
    }
    TargetList > .target-list--header {
        text-style: bold;
        color: $text-accent;
        background: $panel;
    }
    TargetList > .target-list--even {
        background: $surface-lighten-1;
    }
    TargetList > .target-list--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
        text-style: $block-cursor-blurred-text-style;
    }
    TargetList:focus > .target-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    """
    COMPONENT_CLASSES = {
        "target-list--header",
        "target-list--even",
        "target-list--cursor",
    }
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "ends(0)", "First", show=False),
        Binding("end", "ends(1)", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Highlighted(Message):
        """The cursor is on ``row`` (an index into the rows shown)."""

        target_list: TargetList
        row: int

    def __init__(self, header: Row, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.header = header
        self._rows: list[Row] = []
        self._top = 0  # the first row drawn, when there are more than fit

    # -- the rows ---------------------------------------------------------------------------

    def show(self, rows: Sequence[Row]) -> None:
        """Draw ``rows`` (each as many cells as the header); the cursor stays on its row when
        that row is still there, else it goes to the last."""
        if any(len(row) != len(self.header) for row in rows):
            raise ValueError(f"each row needs {len(self.header)} cells")
        self._rows = [tuple(row) for row in rows]
        self.cursor = min(self.cursor, max(len(self._rows) - 1, 0))

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def row_at(self, index: int) -> Row:
        return self._rows[index]

    def watch_cursor(self, row: int) -> None:
        self.refresh()
        if self._rows:
            self.post_message(self.Highlighted(self, row))

    def validate_cursor(self, row: int) -> int:
        return max(0, min(row, len(self._rows) - 1))

    # -- keys and the mouse -----------------------------------------------------------------

    def _visible(self) -> int:
        """Rows that fit below the header."""
        return max(self.content_size.height - 1, 1)

    def action_move(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * self._visible()

    def action_ends(self, last: int) -> None:
        self.cursor = len(self._rows) - 1 if last else 0

    def on_click(self, event: events.Click) -> None:
        row = self._top + event.y - 1  # line 0 is the header
        if event.y >= 1 and 0 <= row < len(self._rows):
            self.cursor = row

    # -- drawing ----------------------------------------------------------------------------

    def render(self) -> Text:
        width = self.content_size.width
        visible = self._visible()
        if self.cursor < self._top:
            self._top = self.cursor
        elif self.cursor >= self._top + visible:
            self._top = self.cursor - visible + 1
        self._top = max(0, min(self._top, len(self._rows) - visible))
        cuts = widths(self.header, self._rows, width)
        lines = [self._line(self.header, cuts, "target-list--header")]
        for index in range(self._top, min(self._top + visible, len(self._rows))):
            if index == self.cursor:
                component = "target-list--cursor"
            else:
                component = "target-list--even" if index % 2 else ""
            lines.append(self._line(self._rows[index], cuts, component))
        return Text("\n").join(lines)

    def _line(self, cells: Row, cuts: list[int], component: str) -> Text:
        gap = " " * GAP
        plain = gap.join(fit(cell, cut) for cell, cut in zip(cells, cuts, strict=True))
        style = self.get_component_rich_style(component) if component else Style()
        return Text(fit(plain, sum(cuts) + GAP * (len(cuts) - 1)), style=style, no_wrap=True)
