"""Filling a history table a page at a time, so a long history draws its first screen at once.

A ``DataTable`` measures every row it is given before the next frame, so ten years of rows
added in one go hold the screen for a long time. ``fill`` adds a screenful now and the rest a
page per refresh (while it is on screen: a table in a hidden view waits, so it does not slow
the view shown); the final table is the same as one filled at once.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from textual.widgets import DataTable

FIRST_PAGE = 50  # rows in the first frame: more than a tall terminal shows
PAGE = 200  # rows per refresh after that
HIDDEN_WAIT = 0.25  # seconds between looks at a hidden table before adding its next page

T = TypeVar("T")
Row = tuple[Sequence[Any], str | None]  # the cells and the row key

_fills: weakref.WeakKeyDictionary[DataTable[Any], int] = weakref.WeakKeyDictionary()


def clear(table: DataTable[Any], columns: bool = False) -> None:
    """Empty the table and stop any fill still adding rows to it."""
    _fills[table] = _fills.get(table, 0) + 1
    table.clear(columns=columns)


def fill(table: DataTable[Any], items: Sequence[T], row: Callable[[T], Row]) -> None:
    """Add a row per item (``row(item)`` gives its cells and key), a page per refresh.

    A later ``fill`` or ``clear`` of the same table stops an earlier fill still adding rows.
    """
    generation = _fills.get(table, 0) + 1
    _fills[table] = generation
    _add(table, items, row, 0, generation)


def _add(
    table: DataTable[Any], items: Sequence[T], row: Callable[[T], Row], start: int, generation: int
) -> None:
    if _fills.get(table) != generation or not table.is_attached:
        return  # filled again since (the newer fill carries on), or gone
    if start and not table.region:  # hidden (another view is shown): wait, do not draw
        table.set_timer(HIDDEN_WAIT, lambda: _add(table, items, row, start, generation))
        return
    end = start + (FIRST_PAGE if start == 0 else PAGE)
    for item in items[start:end]:
        cells, key = row(item)
        table.add_row(*cells, key=key)
    if end < len(items):
        table.call_after_refresh(_add, table, items, row, end, generation)
