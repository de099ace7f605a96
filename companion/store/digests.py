"""The sets' digests, kept in the database's cache folder (``files.cache_dir``): ``digests.json``.

Every history screen is computed from one ``SessionDigest`` per session (its totals and a few
numbers per exercise, side and day; see ``companion.domain.insights_digest``) and from the
record book (every record and the day it was set), not from the sets themselves: at 50,000
sets, reading and checking every set takes about a second, reading this file a few tens of
milliseconds.

The store keeps both up to date as it writes: finishing a session, or changing or removing
one of its sets, writes that session's segment of the sets and then this file, with that
session's digest made again. A session finished after all the others is folded into the
record book as it stands; any other change folds the book again from the digests (a tenth of
a second at 50,000 sets). The file's first line stamps it with the sets' segments it
describes (each one's inode, size, modification time) and holds a checksum of the rest; the
second holds each session's totals and exercises, and the book: all the sessions table needs;
the third each session's rows per exercise and day, read when a view first needs them. It is
a derived file only, never a source of records and never backed up: when its stamp does not
match (a crash between the two writes, a restore, a database from before digests, the file
deleted or damaged), or its rows are not laid out as this version reads them, the digests are
computed again from every set, once, and written back.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from companion.domain.insights_digest import FORMAT
from companion.store.files import digests_path, sets_stamp
from companion.store.storage import atomic_write

Rows = dict[str, list[Any]]  # session id -> ``SessionDigest.to_json()``
Heads = dict[str, list[Any]]  # session id -> ``SessionDigest.from_head``'s ``head``
DayRows = Callable[[], dict[str, Any]]  # every session's rows by exercise, read when asked
Kept = tuple[Heads, dict[str, Any], DayRows]  # with ``RecordBook.to_json()``


class DigestFile:
    """One store's digests: the file, and the rows read from or written to it last, with the
    change of the sets table (``History.changes["sets"]``) they are for."""

    def __init__(self, db: Path, *, writable: bool = True) -> None:
        self.path = digests_path(db)
        self.writable = writable  # a reader keeps what it makes in memory only
        self._db = db
        self._kept: Kept | None = None
        self._at = -1

    def stamp(self) -> list[Any]:
        """What identifies the sets as they are now: each segment's stamp."""
        return sets_stamp(self._db)

    def kept(self, at: int) -> Kept | None:
        """The digests and the record book of the sets as they are at change ``at``, if known:
        in memory, or in a file whose stamp matches the sets file. None: compute them
        (``keep`` them then). Read-only: copy before changing."""
        if self._kept is not None and self._at == at:
            return self._kept
        try:
            head, rest = self.path.read_bytes().split(b"\n", 1)
            if not self._current(orjson.loads(head), rest):
                return None
            main, days = rest.split(b"\n", 1)
            body = orjson.loads(main)
            heads, book = body["sessions"], body["book"]
            if not isinstance(heads, dict) or not isinstance(book, dict):
                return None
        except (OSError, ValueError, KeyError, TypeError):  # JSONDecodeError is a ValueError
            return None
        self._kept, self._at = (heads, book, _later(days)), at
        return self._kept

    def _current(self, head: Any, rest: bytes | None = None) -> bool:
        """The head is for this format and the sets file as it is; with ``rest`` (the other
        lines), they are as written (a file cut short or changed is never half read)."""
        if head["format"] != FORMAT or head["stamp"] != self.stamp():
            return False
        return rest is None or head["check"] == _check(rest)

    def fresh(self, at: int) -> bool:
        """True if ``kept(at)`` will find the digests (in memory, or a file that describes the
        sets file as it is now), without reading more than the file's first line."""
        if self._kept is not None and self._at == at:
            return True
        try:
            with self.path.open("rb") as f:
                return self._current(orjson.loads(f.readline()))
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
            return False

    def keep(self, rows: Rows, book: dict[str, Any], at: int) -> None:
        """Remember ``rows`` and ``book`` as what is true at change ``at`` and write them,
        stamped with the sets file as it is now (call it right after the write that made them
        true)."""
        heads = {sid: [*row[:7], list(row[7])] for sid, row in rows.items()}
        days = {sid: row[7] for sid, row in rows.items()}
        self._kept, self._at = (heads, book, lambda: days), at
        rest = orjson.dumps({"sessions": heads, "book": book}) + b"\n" + orjson.dumps(days)
        head = orjson.dumps({"format": FORMAT, "stamp": self.stamp(), "check": _check(rest)})
        if not self.writable:
            return
        # derived: a full disk or a read-only folder only means a slower read
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, head + b"\n" + rest, durable=False)

    def forget(self) -> None:
        """Drop what is known (after a failed update): the next read starts from the sets."""
        self._kept, self._at = None, -1
        if self.writable:
            with contextlib.suppress(OSError):
                self.path.unlink()


def _check(rest: bytes) -> str:
    return hashlib.blake2b(rest, digest_size=16).hexdigest()


def _later(raw: bytes) -> DayRows:
    """``raw`` parsed when first asked for (once, whichever thread asks)."""
    lock = threading.Lock()

    @functools.cache
    def parsed() -> dict[str, Any]:
        with lock:
            rows = orjson.loads(raw)
        if not isinstance(rows, dict):
            raise ValueError("the digests file's rows are not a mapping")
        return rows

    return parsed
