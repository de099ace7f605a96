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
    """One store's digests: the files, and the rows read from or written to them last, with
    the change of the sets table (``History.changes["sets"]``) they are for.

    One file per segment of the sets (``digests-0001.json``: that segment's sessions, stamped
    with that segment) and one for the record book (``digests.json``, stamped with every
    segment): finishing a session writes its segment's digests and the book, small files
    both, however long the history."""

    def __init__(self, db: Path, *, writable: bool = True) -> None:
        self.path = digests_path(db)
        self.writable = writable  # a reader keeps what it makes in memory only
        self._db = db
        self._kept: Kept | None = None
        self._at = -1
        # each segment's heads and day rows, as kept
        self._segs: dict[int, tuple[Heads, DayRows]] = {}

    def segment_file(self, n: int) -> Path:
        return self.path.with_name(f"digests-{n:04d}.json")

    def stamp(self) -> list[Any]:
        """What identifies the sets as they are now: each segment's stamp."""
        return sets_stamp(self._db)

    def kept(self, at: int) -> Kept | None:
        """The digests and the record book of the sets as they are at change ``at``, if known:
        in memory, or in files whose stamps match the segments. None: compute them
        (``keep_all`` them then). Read-only: copy before changing."""
        if self._kept is not None and self._at == at:
            return self._kept
        try:
            head, rest = self.path.read_bytes().split(b"\n", 1)
            now = self.stamp()  # one look at the folder: the book's stamp and each segment's
            if not self._current(orjson.loads(head), now, rest):
                return None
            book = orjson.loads(rest)["book"]
            segs: dict[int, tuple[Heads, DayRows]] = {}
            heads: Heads = {}
            for n, seg_stamp in now:
                head, rest = self.segment_file(n).read_bytes().split(b"\n", 1)
                if not self._current(orjson.loads(head), seg_stamp, rest):
                    return None
                main, days = rest.split(b"\n", 1)
                seg_heads = orjson.loads(main)
                if not isinstance(seg_heads, dict):
                    return None
                segs[n] = (seg_heads, _later(days))
                heads.update(seg_heads)
            if not isinstance(book, dict):
                return None
        except (OSError, ValueError, KeyError, TypeError):  # JSONDecodeError is a ValueError
            return None
        self._segs = segs
        self._kept, self._at = (heads, book, _merged(segs)), at
        return self._kept

    @staticmethod
    def _current(head: Any, now: Any, rest: bytes | None = None) -> bool:
        """The head is for this format and the sets as they are (``now``); with ``rest`` (the
        other lines), they are as written (a file cut short or changed is never half read)."""
        if head["format"] != FORMAT or head["stamp"] != now:
            return False
        return rest is None or head["check"] == _check(rest)

    def fresh(self, at: int) -> bool:
        """True if ``kept(at)`` will find the digests (in memory, or files that describe the
        sets as they are now), without reading more than each file's first line."""
        if self._kept is not None and self._at == at:
            return True
        try:
            with self.path.open("rb") as f:
                head = orjson.loads(f.readline())
            now = self.stamp()  # one look at the folder: the book's stamp and each segment's
            if not self._current(head, now):
                return False
            for n, seg_stamp in now:
                with self.segment_file(n).open("rb") as f:
                    if not self._current(orjson.loads(f.readline()), seg_stamp):
                        return False
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
            return False
        return True

    def rows_of(self, n: int) -> Rows:
        """Segment ``n``'s rows as kept (a copy, to change): empty if it has none."""
        heads, days = self._segs.get(n, ({}, dict))
        day_rows = days()
        return {sid: [*h[:7], day_rows.get(sid, {})] for sid, h in heads.items()}

    def segment_of(self, session_id: str) -> int | None:
        """The segment whose digests hold ``session_id``'s row, if one does."""
        return next((n for n, (heads, _) in self._segs.items() if session_id in heads), None)

    def all_rows(self, changed: dict[int, Rows]) -> Rows:
        """Every session's row, with ``changed`` segments as given."""
        rows: Rows = {}
        for n in self._segs.keys() - changed.keys():
            rows.update(self.rows_of(n))
        for seg_rows in changed.values():
            rows.update(seg_rows)
        return rows

    def keep_all(self, rows: dict[int, Rows], book: dict[str, Any], at: int) -> None:
        """Remember every segment's ``rows`` and ``book`` as what is true at change ``at`` and
        write them, stamped with the segments as they are now (call it right after the write
        that made them true)."""
        self._segs = {}
        self._keep(rows, book, at)

    def keep_segments(self, changed: dict[int, Rows], book: dict[str, Any], at: int) -> None:
        """As ``keep_all``, for the ``changed`` segments only (the others are as kept)."""
        self._keep(changed, book, at)

    def _keep(self, changed: dict[int, Rows], book: dict[str, Any], at: int) -> None:
        now = self.stamp()  # one look at the folder: every segment's stamp, and the book's
        stamps = {n: st for n, st in now}
        payloads: list[tuple[Path, bytes]] = []
        # a segment without digests (its sessions have no sets) still has its file, or the
        # digests would never read as whole
        changed = {**{n: {} for n in stamps if n not in self._segs}, **changed}
        for n, rows in changed.items():
            heads = {sid: [*row[:7], list(row[7])] for sid, row in rows.items()}
            days = {sid: row[7] for sid, row in rows.items()}
            self._segs[n] = (heads, functools.partial(dict, days))
            rest = orjson.dumps(heads) + b"\n" + orjson.dumps(days)
            head = {"format": FORMAT, "stamp": stamps.get(n)}
            payloads.append((self.segment_file(n), _headed(head, rest)))
        merged: Heads = {}
        for heads, _ in self._segs.values():
            merged.update(heads)
        self._kept, self._at = (merged, book, _merged(self._segs)), at
        rest = orjson.dumps({"book": book})
        head = {"format": FORMAT, "stamp": now}
        payloads.append((self.path, _headed(head, rest)))
        if not self.writable:
            return
        # derived: a full disk or a read-only folder only means a slower read
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for path, payload in payloads:
                atomic_write(path, payload, durable=False)

    def forget(self) -> None:
        """Drop what is known (after a failed update): the next read starts from the sets."""
        self._kept, self._at, self._segs = None, -1, {}
        if self.writable:
            with contextlib.suppress(OSError):
                self.path.unlink()


def _headed(head: dict[str, Any], rest: bytes) -> bytes:
    return orjson.dumps({**head, "check": _check(rest)}) + b"\n" + rest


def _merged(segs: dict[int, tuple[Heads, DayRows]]) -> DayRows:
    """Every segment's day rows in one mapping, made when first asked for."""
    parts = [days for _, days in segs.values()]

    @functools.cache
    def merged() -> dict[str, Any]:
        rows: dict[str, Any] = {}
        for days in parts:
            rows.update(days())
        return rows

    return merged


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
