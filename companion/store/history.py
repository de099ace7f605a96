"""The history database: finished sessions, plans, states, assessments and meta in the
history file, and the sessions' sets in segments beside it (``sets_file``).

Queries the home screen needs stay cheap with ten years of sets: the history file is small and
parsed at open, the sets file on first use; small in-memory indexes (sessions by id, sets by
session and by exercise) are rebuilt only for the tables a write touched.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from companion.store import backups, files
from companion.store.errors import write_failed
from companion.store.files import segment_path
from companion.store.migrations import META_ID, fresh_meta
from companion.store.opening import Opening, write_segments
from companion.store.sets_file import Ref, SetsFile
from companion.store.storage import AtomicJSONStorage, atomic_write, encode

TABLES = ("sessions", "sets", "plans", "states", "assessments", "runs", "meta")
MAIN_TABLES = tuple(t for t in TABLES if t != "sets")

Doc = dict[str, Any]


def state_key(doc: Doc) -> tuple[str, str, str]:
    """Plan, line and side (states written before lines were kept: plan, exercise and side)."""
    return (doc["plan_id"], doc.get("line") or doc.get("exercise_id", ""), doc.get("side", "both"))


class History:
    def __init__(
        self,
        path: Path,
        data: dict[str, Any],
        opening: Opening,
        keep_backups: int = backups.KEEP,
        install: Callable[[Callable[[], None]], None] = lambda swap: swap(),
    ) -> None:
        self.path = path
        self.keep = keep_backups
        # a reader of a history from before the sets file finds the sets still in it
        preloaded = data.pop("sets", None) if not opening.writable else None
        self.db = TinyDB(
            str(path),
            storage=AtomicJSONStorage,
            what="the history",
            data=data,
            writable=opening.writable,
        )
        self.storage: AtomicJSONStorage = self.db.storage  # type: ignore[assignment]
        self.t = {name: self.db.table(name) for name in MAIN_TABLES}
        self.sets_file = SetsFile(path, opening, preloaded)
        self._install = install
        # How many times each table (and, under "", anything at all) may have changed: caches
        # of what is read from the history are keyed on these counters.
        self.changes: dict[str, int] = dict.fromkeys(("", *TABLES), 0)
        # the change of the sets at which each segment was last written, and at which all
        # of them were last read again (what was validated before is stale for those)
        self._written: dict[int, int] = {}
        self._all_written = 0
        self._next_session: int | None = None  # the next header's document id, once known
        self._index(MAIN_TABLES)

    def close(self) -> None:
        self.db.close()
        self.sets_file.close()

    def _starts(self) -> tuple[dict[str, str], int]:
        """Each finished session's id and start, as stored, and how many segments the history
        counts (read under the store's lock)."""
        found: list[tuple[dict[str, str], int]] = []

        def read() -> None:
            sessions = self.storage.table("sessions").values()
            starts = {d["id"]: str(d.get("started_at", "")) for d in sessions if "id" in d}
            count = self.meta().get("segments")
            found.append((starts, count if isinstance(count, int) else 0))

        self._install(read)
        return found[0]

    # the sets file, read on first use -----------------------------------------------------
    def load_sets(self) -> None:
        """Read the sets file now (it is otherwise read by the first call that needs it)."""

        def install(swap: Callable[[], None]) -> None:
            def swap_and_index() -> None:
                if not self.sets_file.loaded:
                    swap()
                    self.sets_file.index(self.session_doc)

            self._install(swap_and_index)

        if self.sets_file.loaded:
            return
        # taken before the parse, which holds a lock of its own and never waits for the store's
        starts, count = self._starts()
        self.sets_file.load(install, lambda: starts, count)

    @property
    def sets(self) -> SetsFile:
        self.load_sets()
        return self.sets_file

    @property
    def set_doc(self) -> dict[str, Ref]:
        return self.sets.set_doc

    @property
    def by_session(self) -> dict[str, list[Ref]]:
        return self.sets.by_session

    @property
    def by_exercise(self) -> dict[str, list[Ref]]:
        return self.sets.by_exercise

    def segment_of(self, session_id: str) -> int | None:
        """The segment that holds a session's sets (None: it has none)."""
        refs = self.sets.by_session.get(session_id)
        return refs[0][0] if refs else None

    # indexes ------------------------------------------------------------------------------
    def _index(
        self, names: Iterable[str], segment: int | None = None, sessions_known: bool = False
    ) -> None:
        """Rebuild the indexes of ``names``; every write (and every failed one) ends here.
        ``segment``: the only segment of the sets written (or whose sessions were): the sets'
        indexes are brought up to date for it alone. ``sessions_known``: ``session_doc`` is
        up to date already (one header put, and indexed by its writer)."""
        names = set(names)
        for name in ("", *names):
            self.changes[name] += 1
        if "sets" in names:
            if segment is None:
                self._all_written = self.changes["sets"]
            else:
                self._written[segment] = self.changes["sets"]
        raw = self.storage.table
        if "sessions" in names and not sessions_known:
            self.session_doc = _by_id(raw("sessions"))
        if names & {"sessions", "sets"} and self.sets_file.loaded:
            if segment is None:
                self.sets_file.index(self.session_doc)
            else:
                self.sets_file.index_segment(segment, self.session_doc)
        if "plans" in names:
            self.plan_doc = _by_id(raw("plans"))
        if "states" in names:
            self.state_doc = {
                state_key(d): int(k) for k, d in raw("states").items() if "plan_id" in d
            }
        if "assessments" in names:
            self.assessment_doc = _by_id(raw("assessments"))
        if "runs" in names:
            self.run_doc = _by_id(raw("runs"))

    def segments_written_since(self, at: int) -> set[int] | None:
        """The segments written after change ``at`` of the sets; None: all may have been."""
        if self._all_written > at:
            return None
        return {n for n, when in self._written.items() if when > at}

    def _reindex_after_failure(self) -> None:
        with contextlib.suppress(Exception):
            self._index(TABLES)

    # reads (raw documents; the store turns them into models) --------------------------------
    def doc(self, table: str, doc_id: int) -> Doc:
        return self.storage.table(table)[str(doc_id)]

    def set_docs(self, doc_ids: Iterable[Ref]) -> list[Doc]:
        return self.sets.docs_by_id(list(doc_ids))

    def docs(self, table: str) -> list[Doc]:
        raw = self.storage.table(table)
        return [raw[k] for k in sorted(raw, key=int)]

    def meta(self) -> Doc:
        return self.storage.table("meta").get(META_ID) or fresh_meta()

    # writes: each public method is one atomic write per file it touches --------------------
    def _commit(
        self, storage: AtomicJSONStorage, path: Path, fn: Callable[[], object], backup: bool
    ) -> None:
        made: list[Path | None] = []
        if backup:
            storage.before_replace = lambda: made.append(backups.snapshot(path, keep=None))
        try:
            with storage.batch():
                fn()
        except BaseException:
            for b in made:
                if b is not None:
                    with contextlib.suppress(OSError):
                        b.unlink()
            self._reindex_after_failure()
            raise
        finally:
            storage.before_replace = None
        if made:
            backups.prune(path, self.keep)

    def _write(
        self,
        names: Iterable[str],
        fn: Callable[[], object],
        backup: bool = False,
        segment: int | None = None,
    ) -> None:
        self._commit(self.storage, self.path, fn, backup)
        self._index(names, segment)

    def _write_sets(self, n: int, fn: Callable[[Table], object], backup: bool = False) -> None:
        """One atomic write of segment ``n`` (``fn`` changes its table)."""
        seg = self.sets.segment(n)
        try:
            self._commit(seg.storage, seg.path, lambda: fn(seg.table), backup)
        except BaseException:
            seg.table.clear_cache()
            raise
        self._index(("sets",), n)

    @staticmethod
    def _put_doc(table: Table, doc: Doc, doc_id: int | None) -> None:
        if doc_id is None:
            table.insert(doc)
        elif table.contains(doc_id=doc_id):
            # replace the whole document in place: an upsert would keep fields the new one
            # clears (an RPE or note taken back), and remove + insert would reorder the table
            table.update(partial(_replace_fields, doc), doc_ids=[doc_id])
        else:
            table.insert(Document(doc, doc_id=doc_id))

    def _put(self, table: str, doc: Doc, doc_id: int | None) -> None:
        self._put_doc(self.t[table], doc, doc_id)

    def add_session(self, header: Doc, sets: list[Doc], states: list[Doc]) -> None:
        """A finished session with its sets (and new exercise states), replacing any earlier
        copy of the same session; a backup of each previous file is kept.

        The session's segment is written first (the open one for a new session: one small
        file however long the history): the session counts once its header is in history,
        with the number of segments the history counts."""
        # the history's backup is taken first, so that every segment backup of this finish
        # is newer than it (``backups.prune_segments`` keeps what each history backup needs)
        made = backups.snapshot(self.path, keep=None)
        try:
            self._add_session(header, sets, states)
        except BaseException:
            if made is not None:
                with contextlib.suppress(OSError):
                    made.unlink()
            raise
        backups.prune(self.path, self.keep)
        backups.prune_segments(self.path, self.keep)

    def _add_session(self, header: Doc, sets: list[Doc], states: list[Doc]) -> None:
        n = self.sets.segment_for(header["id"])
        old = self.by_session.get(header["id"], [])
        for m in sorted({r[0] for r in old} - {n}):  # left elsewhere by a repair: moved here
            gone = [r[1] for r in old if r[0] == m]
            self._write_sets(m, _removing(gone), backup=True)
        here = [r[1] for r in self.by_session.get(header["id"], []) if r[0] == n]
        seg = self.sets.segment(n)
        if not here and not sets and not seg.path.exists():
            # a session without sets still makes its segment: a history that counts a
            # segment the disk lacks is one whose segment was lost
            self._write_sets(n, lambda _: seg.storage.replace_all({"sets": dict(seg.raw())}))
        elif here or sets:

            def put_sets(table: Table) -> None:
                if here:
                    table.remove(doc_ids=here)
                if sets:
                    table.insert_multiple(sets)

            self._write_sets(n, put_sets, backup=True)

        placed: list[int] = []

        def put_header() -> None:
            placed.append(self._put_header(header))
            self._put_states(states)
            meta = self.meta()
            if (meta.get("segments") or 0) < n:
                self.t["meta"].upsert(Document({**meta, "segments": n}, doc_id=int(META_ID)))

        self._commit(self.storage, self.path, put_header, backup=False)
        self.session_doc[header["id"]] = placed[0]  # the one header indexed, not all of them
        self._index(("sessions", "states"), n, sessions_known=True)

    def _put_header(self, header: Doc) -> int:
        """Put a session header (same id: replaced) and return its document id. Written into
        the table directly: TinyDB copies a whole table for every insert (2,500 headers at
        50k sets), which is most of a finish's own cost."""
        data = self.storage.read() or {}
        before = data.get("sessions", {})
        table = dict(before)
        doc_id = self.session_doc.get(header["id"])
        new = doc_id is None
        if doc_id is None:
            doc_id = self._next_session
            if doc_id is None or str(doc_id) in table:
                doc_id = max(map(int, table), default=0) + 1
        table[str(doc_id)] = header
        self._next_session = max(doc_id + 1, self._next_session or 0)
        if new:  # encoded from the headers' encoding as written, with this one added
            self.storage.appended("sessions", before, table, str(doc_id))
        self.storage.write({**data, "sessions": table})
        self.t["sessions"].clear_cache()
        self.t["sessions"]._next_id = None  # TinyDB finds it again from the documents
        return doc_id

    def add_sessions(self, headers: list[Doc], sets: list[Doc]) -> None:
        """Finished sessions new to the history, with their sets: each session whole in one
        segment, the open one filled first, then new ones of ``files.SEGMENT_SETS``; one write of
        each segment, then of the history (an import of years of another app's history)."""
        by_session: dict[str, list[Doc]] = {}
        for d in sets:
            by_session.setdefault(d["session_id"], []).append(d)
        segments = self.sets.segments
        n = max(segments, default=1)
        room = files.SEGMENT_SETS - (len(segments[n]) if n in segments else 0)
        placed: dict[int, list[Doc]] = {}
        for header in headers:
            mine = by_session.get(header["id"], [])
            if not mine:
                continue
            if len(mine) > room and (placed.get(n) or (n in segments and len(segments[n]))):
                n, room = n + 1, files.SEGMENT_SETS
            placed.setdefault(n, []).extend(mine)
            room -= len(mine)
        for m, docs in sorted(placed.items()):
            self._write_sets(m, _inserting(docs), backup=True)
        top = max(placed, default=0)

        def put_headers() -> None:
            self.t["sessions"].insert_multiple(headers)
            meta = self.meta()
            if (meta.get("segments") or 0) < top:
                self.t["meta"].upsert(Document({**meta, "segments": top}, doc_id=int(META_ID)))

        self._write(("sessions",), put_headers, backup=True)

    def remove_sessions(self, session_ids: set[str]) -> None:
        """Finished sessions and their sets taken out (an import undone), the segments first."""
        by_segment: dict[int, list[int]] = {}
        for sid in session_ids:
            for n, doc_id in self.by_session.get(sid, []):
                by_segment.setdefault(n, []).append(doc_id)
        for n, doc_ids in sorted(by_segment.items()):
            self._write_sets(n, _removing(doc_ids), backup=True)
        doc_ids = [self.session_doc[sid] for sid in session_ids if sid in self.session_doc]
        self._write(("sessions",), lambda: self.t["sessions"].remove(doc_ids=doc_ids),
                    backup=True)  # fmt: skip

    def add_runs(self, docs: list[Doc]) -> None:
        self._write(("runs",), lambda: self.t["runs"].insert_multiple(docs), backup=True)

    def _put_states(self, states: list[Doc]) -> None:
        for doc in {state_key(d): d for d in states}.values():
            self._put("states", doc, self.state_doc.get(state_key(doc)))

    def put_states(self, states: list[Doc]) -> None:
        self._write(("states",), lambda: self._put_states(states))

    def replace_plan_states(self, plan_id: str, states: list[Doc]) -> None:
        """Every state of one plan replaced by ``states`` (derived again from history)."""

        def replace() -> None:
            table = self.t["states"]
            table.remove(doc_ids=[i for k, i in self.state_doc.items() if k[0] == plan_id])
            self.state_doc = {k: i for k, i in self.state_doc.items() if k[0] != plan_id}
            self._put_states(states)

        self._write(("states",), replace)

    def replace_set(self, doc: Doc) -> None:
        n, doc_id = self.set_doc[doc["id"]]
        self._write_sets(n, lambda t: self._put_doc(t, doc, doc_id))

    def delete_set(self, set_id: str) -> None:
        n, doc_id = self.set_doc[set_id]
        self._write_sets(n, lambda t: t.remove(doc_ids=[doc_id]))

    def drop_sets(self, refs: list[Ref]) -> None:
        """Take sets out of their segments (ones that cannot be read, once kept elsewhere)."""
        for n in sorted({r[0] for r in refs}):
            gone = [i for m, i in refs if m == n]
            self._write_sets(n, _removing(gone))

    def update_session(self, header: Doc) -> None:
        doc_id = self.session_doc[header["id"]]
        self._write(("sessions",), lambda: self._put("sessions", header, doc_id))

    def put_plan(self, doc: Doc) -> None:
        self._write(("plans",), lambda: self._put("plans", doc, self.plan_doc.get(doc["id"])))

    def put_meta(self, meta: Doc) -> None:
        self._write((), lambda: self.t["meta"].upsert(Document(meta, doc_id=int(META_ID))))

    def add_assessments(self, docs: list[Doc]) -> None:
        def fn() -> None:
            for doc in {d["id"]: d for d in docs}.values():
                self._put("assessments", doc, self.assessment_doc.get(doc["id"]))

        self._write(("assessments",), fn)

    def replace_all(self, data: dict[str, Any]) -> None:
        """Every table at once (restore): the segments first (those beyond the new ones
        emptied), then the history file, then the emptied segments removed."""
        main = {k: v for k, v in data.items() if k != "sets"}
        sets = self.sets
        before = sorted(sets.segments)
        ok = False
        try:
            written = write_segments(self.path, data.get("sets", {}))
            if not written and main.get("sessions"):
                # finished sessions, none with sets: still a segment, or it reads as lost
                written = {1: {}}
                atomic_write(segment_path(self.path, 1), encode({"sets": {}}))
            count = len(written)
            for n in before:
                if n > count:
                    atomic_write(sets.segment(n).path, encode({"sets": {}}))
            meta = main.setdefault("meta", {}).setdefault(META_ID, fresh_meta())
            meta["segments"] = count
            self.storage.replace_all(main)
            for n in before:
                if n > count:
                    sets.segment(n).path.unlink(missing_ok=True)
            ok = True
        except OSError as exc:
            raise write_failed("the restored history", self.path, exc) from exc
        finally:
            for table in self.t.values():
                table.clear_cache()
                table._next_id = None  # TinyDB recomputes it from the new documents
            if ok:  # as written, not read back: a restore parses the sets once
                sets.install(written)
            else:
                sets.close()
                self.load_sets()
            self._index(TABLES)


def _removing(doc_ids: list[int]) -> Callable[[Table], object]:
    return lambda table: table.remove(doc_ids=doc_ids)


def _inserting(docs: list[Doc]) -> Callable[[Table], object]:
    return lambda table: table.insert_multiple(docs)


def _by_id(table: dict[str, Doc]) -> dict[str, int]:
    """Document ids by the documents' own ids; one without an id (damaged by hand) is left
    out of the index, and so of every read, instead of stopping the open."""
    return {d["id"]: int(k) for k, d in table.items() if isinstance(d.get("id"), str)}


def _replace_fields(new: Doc, stored: dict[str, Any]) -> None:
    stored.clear()
    stored.update(new)
