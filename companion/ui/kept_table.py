"""The sessions table as last drawn, kept next to the database for the next first ``h``.

Reading the history for the table (the session headers validated, the digests, the rows) takes
about 80 ms at 2,500 sessions; these rows read in a few. They are the table exactly as it
would be made again, for as long as the history and sets files keep the stamps they had when
the history was read (``companion.table.json``: a first line with the key and stamps, a second
with the rows). The history screen shows them while it reads the history behind them.
"""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path
from typing import Any

import orjson

from companion import __version__
from companion.startup import gc_paused
from companion.store.files import Stamp, history_stamp
from companion.store.storage import atomic_write
from companion.ui.widgets.history_rows import PlainCell, Rows

FORMAT = 1


def table_path(db: Path) -> Path:
    """``companion.json`` → ``companion.table.json``."""
    return db.with_name(f"{db.stem}.table.json")


def _head(stamps: list[Stamp]) -> dict[str, Any]:
    return {"format": FORMAT, "version": __version__, "stamp": stamps}


def read_table(db: Path) -> Rows | None:
    """The rows kept for ``db`` if its files are as they were when they were made, else None
    (missing, damaged or outdated: the history is read first, as without them)."""
    try:
        with table_path(db).open("rb") as file:
            if orjson.loads(file.readline()) != _head(history_stamp(db)):
                return None
            with gc_paused():  # tens of thousands of cells: frozen, not walked by collections
                raw = orjson.loads(file.read())
                rows = [
                    (tuple(PlainCell(c) if type(c) is str else _markup(c) for c in cells), key)
                    for key, cells in raw["rows"]
                ]
                widths = [int(width) for width in raw["widths"]]
                gc.freeze()
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Rows(rows, widths)


def _markup(cell: object) -> str:
    """A cell kept as ``[text]``: a ``str`` the table reads as markup."""
    if not (isinstance(cell, list) and len(cell) == 1 and isinstance(cell[0], str)):
        raise TypeError("a cell is text, or [text] for markup")
    return cell[0]


def keep_table(db: Path, stamps: list[Stamp], rows: Rows) -> None:
    """Keep ``rows``, made from the files as they were at ``stamps`` (taken before they were
    read, so that a write since makes the copy outdated). Nothing is written if the copy is
    already of those files, or if a cell is neither plain text nor markup. Best effort."""
    path = table_path(db)
    head = orjson.dumps(_head(stamps))
    with contextlib.suppress(OSError), path.open("rb") as file:
        if file.readline().rstrip(b"\n") == head:
            return
    cells_ok = all(type(c) in (PlainCell, str) for cells, _ in rows.rows for c in cells)
    if not cells_ok:
        return
    body = {
        "rows": [
            [key, [c.text if type(c) is PlainCell else [c] for c in cells]]
            for cells, key in rows.rows
        ],
        "widths": rows.widths,
    }
    with contextlib.suppress(OSError):
        atomic_write(path, head + b"\n" + orjson.dumps(body), durable=False)
