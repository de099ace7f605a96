"""The history database: finished sessions, their sets, plans, states, assessments, meta.

Queries the home screen needs stay cheap with ten years of sets: the tables are parsed once
and small in-memory indexes (sessions by id, sets by session and by exercise) are built at
open and rebuilt only for the tables a write touched.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from companion.store import backups
from companion.store.migrations import META_ID, fresh_meta
from companion.store.storage import AtomicJSONStorage

TABLES = ("sessions", "sets", "plans", "states", "assessments", "meta")

Doc = dict[str, Any]


def state_key(doc: Doc) -> tuple[str, str, str]:
    return (doc["plan_id"], doc["exercise_id"], doc.get("side", "both"))


class History:
    def __init__(self, path: Path, data: dict[str, Any], keep_backups: int = backups.KEEP) -> None:
        self.path = path
        self.keep = keep_backups
        self.db = TinyDB(str(path), storage=AtomicJSONStorage, what="the history", data=data)
        self.storage: AtomicJSONStorage = self.db.storage  # type: ignore[assignment]
        self.t = {name: self.db.table(name) for name in TABLES}
        # How many times each table (and, under "", anything at all) may have changed: caches
        # of what is read from the history are keyed on these counters.
        self.changes: dict[str, int] = dict.fromkeys(("", *TABLES), 0)
        self._index(TABLES)

    def close(self) -> None:
        self.db.close()

    # indexes ------------------------------------------------------------------------------
    def _index(self, names: Iterable[str]) -> None:
        """Rebuild the indexes of ``names``; every write (and every failed one) ends here."""
        names = set(names)
        for name in ("", *names):
            self.changes[name] += 1
        raw = self.storage.table
        if "sessions" in names:
            self.session_doc = {d["id"]: int(k) for k, d in raw("sessions").items()}
        if "sets" in names:
            set_doc: dict[str, int] = {}
            by_session: dict[str, list[int]] = defaultdict(list)
            by_exercise: dict[str, list[int]] = defaultdict(list)
            for k, d in raw("sets").items():
                doc_id = int(k)
                set_doc[d["id"]] = doc_id
                by_session[d["session_id"]].append(doc_id)
                by_exercise[d["exercise_id"]].append(doc_id)
            self.set_doc, self.by_session, self.by_exercise = set_doc, by_session, by_exercise
        if "plans" in names:
            self.plan_doc = {d["id"]: int(k) for k, d in raw("plans").items()}
        if "states" in names:
            self.state_doc = {state_key(d): int(k) for k, d in raw("states").items()}
        if "assessments" in names:
            self.assessment_doc = {d["id"]: int(k) for k, d in raw("assessments").items()}

    def _reindex_after_failure(self) -> None:
        with contextlib.suppress(Exception):
            self._index(TABLES)

    # reads (raw documents; the store turns them into models) --------------------------------
    def doc(self, table: str, doc_id: int) -> Doc:
        return self.storage.table(table)[str(doc_id)]

    def docs_by_id(self, table: str, doc_ids: Iterable[int]) -> list[Doc]:
        raw = self.storage.table(table)
        return [raw[str(i)] for i in doc_ids]

    def docs(self, table: str) -> list[Doc]:
        raw = self.storage.table(table)
        return [raw[k] for k in sorted(raw, key=int)]

    def meta(self) -> Doc:
        return self.storage.table("meta").get(META_ID) or fresh_meta()

    # writes: each public method is one atomic write of the history file ---------------------
    def _write(self, names: Iterable[str], fn: Callable[[], object], backup: bool = False) -> None:
        made: list[Path | None] = []
        if backup:
            self.storage.before_replace = lambda: made.append(
                backups.snapshot(self.path, keep=None)
            )
        try:
            with self.storage.batch():
                fn()
        except BaseException:
            for b in made:
                if b is not None:
                    with contextlib.suppress(OSError):
                        b.unlink()
            self._reindex_after_failure()
            raise
        finally:
            self.storage.before_replace = None
        if made:
            backups.prune(self.path, self.keep)
        self._index(names)

    def _put(self, table: str, doc: Doc, doc_id: int | None) -> None:
        if doc_id is None:
            self.t[table].insert(doc)
        elif self.t[table].contains(doc_id=doc_id):
            # replace the whole document in place: an upsert would keep fields the new one
            # clears (an RPE or note taken back), and remove + insert would reorder the table
            self.t[table].update(partial(_replace_fields, doc), doc_ids=[doc_id])
        else:
            self.t[table].insert(Document(doc, doc_id=doc_id))

    def add_session(self, header: Doc, sets: list[Doc], states: list[Doc]) -> None:
        """A finished session with its sets (and new exercise states), replacing any earlier
        copy of the same session; a backup of the previous file is kept."""

        def fn() -> None:
            old_sets = self.by_session.get(header["id"], [])
            if old_sets:
                self.t["sets"].remove(doc_ids=list(old_sets))
            self._put("sessions", header, self.session_doc.get(header["id"]))
            if sets:
                self.t["sets"].insert_multiple(sets)
            self._put_states(states)

        self._write(("sessions", "sets", "states"), fn, backup=True)

    def _put_states(self, states: list[Doc]) -> None:
        for doc in {state_key(d): d for d in states}.values():
            self._put("states", doc, self.state_doc.get(state_key(doc)))

    def put_states(self, states: list[Doc]) -> None:
        self._write(("states",), lambda: self._put_states(states))

    def replace_set(self, doc: Doc) -> None:
        doc_id = self.set_doc[doc["id"]]
        self._write(("sets",), lambda: self._put("sets", doc, doc_id))

    def delete_set(self, set_id: str) -> None:
        doc_id = self.set_doc[set_id]
        self._write(("sets",), lambda: self.t["sets"].remove(doc_ids=[doc_id]))

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
        try:
            self.storage.replace_all(data)
        finally:
            for table in self.t.values():
                table.clear_cache()
                table._next_id = None  # TinyDB recomputes it from the new documents
            self._index(TABLES)


def _replace_fields(new: Doc, stored: dict[str, Any]) -> None:
    stored.clear()
    stored.update(new)
