"""The history database: finished sessions, plans, states, assessments and meta in the
history file, and the sessions' sets in the sets file beside it (``sets_file``).

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

from companion.store import backups
from companion.store.files import sets_path
from companion.store.migrations import META_ID, fresh_meta
from companion.store.opening import Opening
from companion.store.sets_file import SetsFile
from companion.store.storage import AtomicJSONStorage

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
        self.sets_file = SetsFile(sets_path(path), opening, preloaded)
        self._install = install
        # How many times each table (and, under "", anything at all) may have changed: caches
        # of what is read from the history are keyed on these counters.
        self.changes: dict[str, int] = dict.fromkeys(("", *TABLES), 0)
        self._index(MAIN_TABLES)

    def close(self) -> None:
        self.db.close()
        self.sets_file.close()

    def _starts(self) -> dict[str, str]:
        """Each finished session's id and start, as stored (read under the store's lock)."""
        found: list[dict[str, str]] = []

        def read() -> None:
            sessions = self.storage.table("sessions").values()
            found.append({d["id"]: str(d.get("started_at", "")) for d in sessions if "id" in d})

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
        starts = self._starts()
        self.sets_file.load(install, lambda: starts)

    @property
    def sets(self) -> SetsFile:
        self.load_sets()
        return self.sets_file

    @property
    def set_doc(self) -> dict[str, int]:
        return self.sets.set_doc

    @property
    def by_session(self) -> dict[str, list[int]]:
        return self.sets.by_session

    @property
    def by_exercise(self) -> dict[str, list[int]]:
        return self.sets.by_exercise

    # indexes ------------------------------------------------------------------------------
    def _index(self, names: Iterable[str]) -> None:
        """Rebuild the indexes of ``names``; every write (and every failed one) ends here."""
        names = set(names)
        for name in ("", *names):
            self.changes[name] += 1
        raw = self.storage.table
        if "sessions" in names:
            self.session_doc = _by_id(raw("sessions"))
        if names & {"sessions", "sets"} and self.sets_file.loaded:
            self.sets_file.index(self.session_doc)
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

    def _reindex_after_failure(self) -> None:
        with contextlib.suppress(Exception):
            self._index(TABLES)

    # reads (raw documents; the store turns them into models) --------------------------------
    def doc(self, table: str, doc_id: int) -> Doc:
        return self.storage.table(table)[str(doc_id)]

    def set_docs(self, doc_ids: Iterable[int]) -> list[Doc]:
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

    def _write(self, names: Iterable[str], fn: Callable[[], object], backup: bool = False) -> None:
        self._commit(self.storage, self.path, fn, backup)
        self._index(names)

    def _write_sets(self, fn: Callable[[], object], backup: bool = False) -> None:
        sets = self.sets
        self._commit(sets.storage, sets.path, fn, backup)
        self._index(("sets",))

    @property
    def _sets_table(self) -> Table:
        return self.sets.db.table("sets")

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

        The sets file is written first: the session counts once its header is in history."""
        old_sets = list(self.by_session.get(header["id"], []))
        if not old_sets and not sets and not self.sets_file.path.exists():
            # a session without sets still makes the sets file: a history with finished
            # sessions and no sets file is one whose sets file was lost
            self.sets.storage.replace_all({"sets": dict(self.sets.storage.table("sets"))})
        if old_sets or sets:

            def put_sets() -> None:
                if old_sets:
                    self._sets_table.remove(doc_ids=old_sets)
                if sets:
                    self._sets_table.insert_multiple(sets)

            self._write_sets(put_sets, backup=True)

        def put_header() -> None:
            self._put("sessions", header, self.session_doc.get(header["id"]))
            self._put_states(states)

        self._write(("sessions", "states"), put_header, backup=True)

    def add_sessions(self, headers: list[Doc], sets: list[Doc]) -> None:
        """Finished sessions new to the history, with their sets: one write of each file (an
        import of years of another app's history costs what finishing one session does)."""
        if sets:
            self._write_sets(lambda: self._sets_table.insert_multiple(sets), backup=True)
        self._write(("sessions",), lambda: self.t["sessions"].insert_multiple(headers),
                    backup=True)  # fmt: skip

    def remove_sessions(self, session_ids: set[str]) -> None:
        """Finished sessions and their sets taken out (an import undone), sets file first."""
        set_ids = [i for sid in session_ids for i in self.by_session.get(sid, [])]
        if set_ids:
            self._write_sets(lambda: self._sets_table.remove(doc_ids=set_ids), backup=True)
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
        doc_id = self.set_doc[doc["id"]]
        self._write_sets(lambda: self._put_doc(self._sets_table, doc, doc_id))

    def delete_set(self, set_id: str) -> None:
        doc_id = self.set_doc[set_id]
        self._write_sets(lambda: self._sets_table.remove(doc_ids=[doc_id]))

    def drop_sets(self, doc_ids: list[int]) -> None:
        """Take sets out of the sets file (ones that cannot be read, once kept elsewhere)."""
        self._write_sets(lambda: self._sets_table.remove(doc_ids=doc_ids))

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
        """Every table at once (restore): the sets file first, then the history file."""
        main = {k: v for k, v in data.items() if k != "sets"}
        sets = self.sets
        try:
            sets.storage.replace_all({"sets": data.get("sets", {})})
            self.storage.replace_all(main)
        finally:
            for table in [*self.t.values(), self._sets_table]:
                table.clear_cache()
                table._next_id = None  # TinyDB recomputes it from the new documents
            self._index(TABLES)


def _by_id(table: dict[str, Doc]) -> dict[str, int]:
    """Document ids by the documents' own ids; one without an id (damaged by hand) is left
    out of the index, and so of every read, instead of stopping the open."""
    return {d["id"]: int(k) for k, d in table.items() if isinstance(d.get("id"), str)}


def _replace_fields(new: Doc, stored: dict[str, Any]) -> None:
    stored.clear()
    stored.update(new)
