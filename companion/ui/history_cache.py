"""The sessions table kept on disk, so the history screen opens at once after a restart.

Reading a long history takes a second or two (every set is read and checked), and the app
does it in the background after start; ``h`` pressed before that finishes would wait for it.
The rows of the sessions table (the view ``h`` opens on) are therefore written next to the
database once computed, in ``<name>.history-cache.json``, with a stamp of what they came from (a
digest of the sessions' headers; inode, size and modification time of the sets file). A later
start shows them while the history is read; the full read then takes over, and its rows
replace these if they differ (they do not, unless the sets file changed without its stamp).

A derived file only: it is never a source of records, any problem with it (missing, broken,
another version, stale stamp) means it is not used, and it can be deleted at any time.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
from pathlib import Path
from typing import Any

from companion import __version__
from companion.store import Store
from companion.store.sets_file import sets_path
from companion.ui.widgets.history_rows import PlainCell, Rows

VERSION = f"2/{__version__}"  # the format, and the app that computed the rows
Stamp = list[Any]


def cache_path(db: Path) -> Path:
    return db.with_name(f"{db.stem}.history-cache.json")


def stamp(store: Store) -> Stamp:
    """What identifies the sessions and their sets as they are now: the sessions' headers (a
    digest) and the sets file (inode, size, modification time), which every change of a set
    rewrites. Importing a plan or changing a setting leaves it as it was."""
    try:
        st = sets_path(store.path).stat()
    except OSError:
        sets = None
    else:
        sets = [st.st_ino, st.st_size, st.st_mtime_ns]
    return [store.sessions_fingerprint(), sets]


def save(store: Store, taken: Stamp, rows: Rows) -> bool:
    """Keep ``rows``, computed from the files as they were when ``taken`` was stamped, unless
    the files have changed since (then they would describe an older history). True if kept."""
    if stamp(store) != taken:
        return False
    path = cache_path(store.path)
    body = {
        "version": VERSION,
        "stamp": taken,
        "widths": rows.widths,
        # a plain cell as its text; one the table reads as markup as {"markup": text}
        "rows": [[[_cell(cell) for cell in cells], key] for cells, key in rows.rows],
    }
    temp = path.with_name(path.name + ".tmp")
    try:
        temp.write_text(json.dumps(body, ensure_ascii=False, separators=(",", ":")), "utf-8")
        os.replace(temp, path)
    except OSError:  # a cache: a full disk or a read-only folder only means no head start
        with contextlib.suppress(OSError):
            temp.unlink()
        return False
    return True


def load(store: Store) -> Rows | None:
    """The kept rows if they describe the database files as they are now, else None."""
    try:
        text = cache_path(store.path).read_text("utf-8")
    except OSError:
        return None
    paused = gc.isenabled()
    gc.disable()  # tens of thousands of new objects: no collections of the whole app meanwhile
    try:
        body: Any = json.loads(text)
        if body["version"] != VERSION or body["stamp"] != stamp(store):
            return None
        rows = [
            (tuple(map(_uncell, cells)), None if key is None else str(key))
            for cells, key in body["rows"]
        ]
        widths = [int(w) for w in body["widths"]]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    finally:
        if paused:
            gc.enable()
    return Rows(rows, widths)


def _cell(cell: object) -> str | dict[str, str]:
    return cell.text if isinstance(cell, PlainCell) else {"markup": str(cell)}


def _uncell(cell: str | dict[str, str]) -> object:
    return PlainCell(cell) if type(cell) is str else str(cell["markup"])  # type: ignore[index]
