"""Filling a history table a page at a time, so a long history draws its first screen at once.

A ``DataTable`` measures every cell it is given (a third of a millisecond a row of eight
cells) and draws its visible rows again after each batch of new rows, so ten years of rows
added in one go hold the screen for a long time. ``fill`` works out the column widths from the
cells' text up front, adds a screenful now and the rest a page per refresh (while it is on
screen: a table in a hidden view waits, so it does not slow the view shown); the final table is
the same as one filled at once. A ``RowsTable`` filled this way skips measuring the cells
again, which is most of the cost of a page. Cells of plain text become ``PlainCell``s, which the
table draws for a third less than the same text given as a ``str``.
"""

from __future__ import annotations

import itertools
import re
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable

FIRST_PAGE = 50  # rows in the first frame at most: more than a tall terminal shows
PAGE = 500  # rows per refresh after that: each page redraws the visible rows once
HIDDEN_WAIT = 0.25  # seconds between looks at a hidden table before adding its next page

T = TypeVar("T")
Row = tuple[Sequence[Any], str | None]  # the cells and the row key

_fills: weakref.WeakKeyDictionary[DataTable[Any], int] = weakref.WeakKeyDictionary()
_MARKUP = re.compile(r"[\[:]")  # a str cell's markup tags and emoji codes change its text


class RowsTable(DataTable[str]):
    """A ``DataTable`` whose rows all come from ``fill``, which sizes the columns itself, and
    which draws its ``PlainCell``s directly."""

    def _update_dimensions(self, new_rows: Iterable[Any]) -> None:
        # ``fill`` has already widened each column to its widest cell: measuring the new rows
        # again through the console is what makes a page of rows slow. With no rows to
        # measure the table still recomputes its size from the column widths.
        super()._update_dimensions(())

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """A ``PlainCell`` that fits its one-line row: the segments the table would make of it
        (padding, text, the rest of the column), without rendering it through the console, two
        thirds of the cost of drawing a row. Any other cell is drawn as the table draws it, and
        so is every cell if the table's internals this leans on are not as expected."""
        try:
            lines = self._plain_lines(row_index, column_index, base_style, width, cursor, hover)
        except (AttributeError, TypeError):  # a Textual whose DataTable differs: its own way
            lines = None
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        return lines

    def _plain_lines(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> list[list[Segment]] | None:
        if row_index < max(self.fixed_rows, 0) or column_index < self.fixed_columns:
            return None
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        key = (
            row_key, column_key, base_style, cursor, hover, self._show_hover_cursor,
            self._update_count, self._pseudo_class_state,
        )  # fmt: skip  # the table's own cache key: either way of drawing reuses the other's
        lines = self._cell_render_cache.get(key)  # type: ignore[arg-type]
        if lines is not None:
            return lines
        text = self._data.get(row_key, {}).get(column_key)  # type: ignore[arg-type]
        if type(text) is not PlainCell:
            return None
        row = self.rows.get(row_key)  # type: ignore[arg-type]
        pad = self.cell_padding
        room = width - 2 * pad - (len(text) if text.isascii() else cell_len(text))
        if room < 0 or pad < 0 or row is None or row.height != 1:
            return None
        component, post = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css",
        )  # fmt: skip
        style = base_style + Style.from_meta({"row": row_index, "column": column_index})
        style += component
        if post:
            style += post
        line = [Segment(text, style)]
        if room:
            line.append(Segment(" " * room, style))
        if pad:
            line = [Segment(" " * pad, style), *line, Segment(" " * pad, style)]
        lines = [line]
        self._cell_render_cache[key] = lines  # type: ignore[index]
        return lines


class PlainCell(str):
    """One line of plain text (no markup), drawn as it is.

    A ``DataTable`` reads a ``str`` cell as markup into a ``Text``, then wraps and justifies it
    each time the row is drawn: most of the cost of drawing a screenful of rows. A
    ``RowsTable`` draws this cell directly: the same characters in the same style, padded to
    the column as a ``Text`` is. It is a ``str`` (made as cheaply as one: a long history has
    tens of thousands of cells), so any other table reads it as the plain text it is.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"PlainCell({str.__repr__(self)})"


def cell_width(cell: object) -> int:
    """The width a ``DataTable`` measures for ``cell``: a str is read as markup, a ``Text``
    as it is; both one line."""
    if cell is None:
        return 0
    if isinstance(cell, str) and _MARKUP.search(cell):
        cell = Text.from_markup(cell)
    text = cell.plain if isinstance(cell, Text) else str(cell)  # a PlainCell: its text
    return max((cell_len(line) for line in text.splitlines()), default=0)


@dataclass(frozen=True, slots=True)
class Rows:
    """Rows ready for ``fill``: each one's cells and key, and each column's widest cell."""

    rows: list[Row]
    widths: list[int]


def prepare(items: Iterable[T], row: Callable[[T], Row]) -> Rows:
    """The rows for ``items`` and their column widths: the part of a fill that needs no table
    (so it can be done ahead, in a worker). A ``str`` the table would show as it is (no markup,
    emoji codes, line breaks or control characters) becomes a ``PlainCell``, measured here
    directly (ASCII by its length: thousands of rows); anything else stays as it is and is
    measured as the table would (``cell_width``)."""
    rows: list[Row] = []
    widths: list[int] = []
    plain: list[tuple[PlainCell, ...]] = []  # the rows of plain text only: measured at the end
    markup = _MARKUP.search
    for cells, key in map(row, items):
        if len(widths) < len(cells):
            widths.extend([0] * (len(cells) - len(widths)))
        try:  # the usual row: every cell plain text, looked at once for the whole row
            joined = "".join(cells)
        except TypeError:  # a cell that is not text
            joined = "["
        if joined.isprintable() and not markup(joined):
            plain.append(out := tuple(map(PlainCell, cells)))
            rows.append((out, key))
            continue
        out = []
        for n, cell in enumerate(cells):
            if type(cell) is str and cell.isprintable() and not markup(cell):
                width = len(cell) if cell.isascii() else cell_len(cell)
                cell = PlainCell(cell)
            else:
                width = cell_width(cell)
            out.append(cell)
            if width > widths[n]:
                widths[n] = width
        rows.append((tuple(out), key))
    for n, column in enumerate(itertools.zip_longest(*plain, fillvalue="")):
        size = len if "".join(column).isascii() else cell_len  # a column at a time
        widths[n] = max(widths[n], max(map(size, column)))
    return Rows(rows, widths)


def clear(table: DataTable[Any], columns: bool = False) -> None:
    """Empty the table and stop any fill still adding rows to it."""
    _fills[table] = _fills.get(table, 0) + 1
    table.clear(columns=columns)


def fill(table: DataTable[Any], items: Sequence[T], row: Callable[[T], Row]) -> None:
    """Add a row per item (``row(item)`` gives its cells and key), a page per refresh."""
    fill_rows(table, prepare(items, row))


def fill_rows(table: DataTable[Any], rows: Rows, start: int = 0) -> None:
    """Add ``rows``, a page per refresh; the columns get their final widths at once.
    ``start``: the first rows are in the table already (the same, in the same order), so
    only those after them are added.

    A later fill or ``clear`` of the same table stops an earlier fill still adding rows.
    """
    generation = _fills.get(table, 0) + 1
    _fills[table] = generation
    for column, width in zip(table.ordered_columns, rows.widths, strict=False):
        if column.auto_width:  # as measuring would: never narrower than the label or before
            column.content_width = max(column.content_width, width)
    _add(table, rows.rows, start, generation)  # adding redraws the rows shown, at the new widths


def _first_page(table: DataTable[Any]) -> int:
    """Rows for the first frame: as many as the terminal has lines (no more can show), or
    ``FIRST_PAGE`` while its size is unknown."""
    lines = table.app.size.height if table.is_attached else 0
    return min(FIRST_PAGE, lines) if lines > 0 else FIRST_PAGE


def _add(table: DataTable[Any], rows: list[Row], start: int, generation: int) -> None:
    if _fills.get(table) != generation or not table.is_attached:
        return  # filled again since (the newer fill carries on), or gone
    if start and not table.region:  # hidden (another view is shown): wait, do not draw
        table.set_timer(HIDDEN_WAIT, lambda: _add(table, rows, start, generation))
        return
    end = start + (_first_page(table) if start == 0 else PAGE)
    for cells, key in rows[start:end]:
        table.add_row(*cells, key=key)
    if end < len(rows):
        table.call_after_refresh(_add, table, rows, end, generation)
