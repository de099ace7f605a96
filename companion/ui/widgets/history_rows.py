"""Filling a history table a page at a time, so a long history draws its first screen at once.

A ``DataTable`` draws its visible rows again after each batch of new rows, so ten years of rows
added in one go hold the screen for a long time. ``fill`` gives the columns their final widths
up front (from the cells' text, so they do not widen page by page), adds a screenful now and the
rest a page per refresh (while it is on screen: a table in a hidden view waits, so it does not
slow the view shown); the final table is the same as one filled at once. Only the table's
public API is used.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

FIRST_PAGE = 50  # rows in the first frame at most: more than a tall terminal shows
PAGE = 500  # rows per refresh after that: each page redraws the visible rows once
HIDDEN_WAIT = 0.25  # seconds between looks at a hidden table before adding its next page

T = TypeVar("T")
Row = tuple[Sequence[Any], str | None]  # the cells and the row key

_fills: weakref.WeakKeyDictionary[DataTable[Any], int] = weakref.WeakKeyDictionary()
_MARKUP = re.compile(r"[\[:]")  # a str cell's markup tags and emoji codes change its text


def cell_width(cell: object) -> int:
    """The width a ``DataTable`` measures for ``cell``: a str is read as markup, a ``Text``
    as it is; both one line."""
    if cell is None:
        return 0
    if isinstance(cell, str) and _MARKUP.search(cell):
        cell = Text.from_markup(cell)
    text = cell.plain if isinstance(cell, Text) else str(cell)
    return max((cell_len(line) for line in text.splitlines()), default=0)


@dataclass(frozen=True, slots=True)
class Rows:
    """Rows ready for ``fill``: each one's cells and key, and each column's widest cell."""

    rows: list[Row]
    widths: list[int]


def prepare(items: Iterable[T], row: Callable[[T], Row]) -> Rows:
    """The rows for ``items`` and their column widths: the part of a fill that needs no table
    (so it can be done ahead, in a worker). Plain text is measured directly; markup, emoji
    codes and ``Text`` as the table would (``cell_width``)."""
    rows: list[Row] = []
    widths: list[int] = []
    for cells, key in map(row, items):
        if len(widths) < len(cells):
            widths.extend([0] * (len(cells) - len(widths)))
        for n, cell in enumerate(cells):
            plain = type(cell) is str and cell.isprintable() and not _MARKUP.search(cell)
            width = cell_len(cell) if plain else cell_width(cell)
            if width > widths[n]:
                widths[n] = width
        rows.append((tuple(cells), key))
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
