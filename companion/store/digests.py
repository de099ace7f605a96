"""The sets' digests kept beside the database: ``companion.digests.json``.

Every history screen is computed from one ``SessionDigest`` per session (its totals and a few
numbers per exercise, side and day; see ``companion.domain.insights_index``), not from the
sets themselves: at 50,000 sets, reading and checking every set takes about a second, reading
the digests a few tens of milliseconds.

The store keeps them up to date as it writes: finishing a session, or changing or removing one
of its sets, writes the sets file and then this file, with that session's digest made again.
The file is stamped with the sets file it describes (inode, size, modification time). It is a
derived file only, never a source of records: when its stamp does not match (a crash between
the two writes, a restore, a database from before digests, the file deleted or damaged), the
digests are computed again from every set, once, and written back.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import orjson

from companion.domain.insights_index import FORMAT
from companion.store.sets_file import sets_path

Rows = dict[str, list[Any]]  # session id -> ``SessionDigest.to_json()``
Stamp = list[int] | None


def digests_path(db: Path) -> Path:
    """``companion.json`` → ``companion.digests.json``."""
    return db.with_name(f"{db.stem}.digests.json")


class DigestFile:
    """One store's digests: the file, and the rows read from or written to it last, with the
    change of the sets table (``History.changes["sets"]``) they are for."""

    def __init__(self, db: Path) -> None:
        self.path = digests_path(db)
        self._sets = sets_path(db)
        self._rows: Rows | None = None
        self._at = -1

    def stamp(self) -> Stamp:
        """What identifies the sets file as it is now (None if there is none yet)."""
        try:
            st = self._sets.stat()
        except OSError:
            return None
        return [st.st_ino, st.st_size, st.st_mtime_ns]

    def rows(self, at: int) -> Rows | None:
        """The digests of the sets as they are at change ``at``, if known: kept in memory, or
        in a file whose stamp matches the sets file. None: compute them (``keep`` them then).
        Read-only: copy before changing."""
        if self._rows is not None and self._at == at:
            return self._rows
        try:
            body = orjson.loads(self.path.read_bytes())
            if body["format"] != FORMAT or body["stamp"] != self.stamp():
                return None
            rows = body["sessions"]
            if not isinstance(rows, dict):
                return None
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
            return None
        self._rows, self._at = rows, at
        return rows

    def keep(self, rows: Rows, at: int) -> None:
        """Remember ``rows`` as the digests at change ``at`` and write them, stamped with the
        sets file as it is now (call it right after the write that made them true)."""
        self._rows, self._at = rows, at
        body = {"format": FORMAT, "stamp": self.stamp(), "sessions": rows}
        temp = self.path.with_name(self.path.name + ".tmp")
        try:
            temp.write_bytes(orjson.dumps(body))
            os.replace(temp, self.path)
        except OSError:  # derived: a full disk or a read-only folder only means a slower read
            with contextlib.suppress(OSError):
                temp.unlink()

    def forget(self) -> None:
        """Drop what is known (after a failed update): the next read starts from the sets."""
        self._rows, self._at = None, -1
        with contextlib.suppress(OSError):
            self.path.unlink()
