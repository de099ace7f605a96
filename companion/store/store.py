"""The store: everything the app keeps, behind methods that take and return domain models.

``Store.open(path)`` takes the lock, cleans what a crash left, repairs or migrates the files
and says what it did in ``store.notices``. ``Store.read(path)`` opens for reading only: no
lock, nothing written, damage read around in memory and said. The session in progress lives
in the journal; the rest in the history file. See the module docs of ``journal``, ``history``
and ``opening`` for why.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from companion.domain.insights_index import HistoryIndex, SessionDigest
from companion.domain.models import (
    AssessmentResult,
    ExerciseState,
    Plan,
    Run,
    SessionLog,
    SetResult,
)
from companion.store import backups, exchange
from companion.store.digests import DigestFile
from companion.store.errors import NoDatabaseError, StoreError
from companion.store.files import journal_path, old_derived_paths
from companion.store.history import History, state_key
from companion.store.journal import Journal
from companion.store.lock import ReadersLock, StoreLock, database_file, lock_store
from companion.store.opening import Opening, load_history, load_journal
from companion.store.reading import HistoryReads, locked
from companion.store.report import Damage, Report


class Store(HistoryReads):
    """The database of one athlete; reads of the finished history come from ``HistoryReads``."""

    def __init__(
        self,
        path: Path,
        lock: StoreLock | ReadersLock,
        history: History,
        journal: Journal,
        opening: Opening,
        mutex: threading.RLock | None = None,
    ) -> None:
        self.path = path
        self._lock = lock
        self._history = history
        self._journal = journal
        self._opening = opening
        self.notices: Report = opening.report
        self._mutex = mutex or threading.RLock()
        # validated sets by segment and document id, while the sets are at ``_set_models_at``
        self._set_models: dict[int, dict[int, SetResult]] = {}
        self._set_models_at = -1
        self._bad_sessions: dict[str, str] = {}
        self._unreadable: set[tuple[int, int]] = set()
        self._digests = DigestFile(path, writable=opening.writable)

    # lifecycle ----------------------------------------------------------------------------
    @classmethod
    def open(
        cls, path: str | Path, *, keep_backups: int = backups.KEEP, lock: StoreLock | None = None
    ) -> Store:
        """Open (creating if needed) the database at ``path`` to read and write.

        Raises AlreadyOpenError if another companion has it open, StoreError if it cannot be
        read or was written by a newer companion (the file is then left untouched). ``lock``:
        one taken already for ``path`` (see ``lock_store``); the store releases it on close,
        or here if the open fails. ``path`` may be a symlink: the lock and the files beside
        the database are those of the real file.
        """
        if lock is None:
            lock = lock_store(path)
        return cls._build(lock, keep_backups)

    @classmethod
    def read(cls, path: str | Path) -> Store:
        """Open the database at ``path`` for reading only, without its lock: it works while the
        app has it open and from a read-only place (every file is replaced whole, never written
        in place, so a read sees one version or the next). It never writes, never creates,
        never moves a file: a damaged one is read as well as it can be and said in
        ``notices`` (and ``notices.gaps``), a missing database is a ``NoDatabaseError``. Any
        write on the store it returns raises StoreError."""
        db = database_file(path)
        if not db.is_file():
            raise NoDatabaseError(db)
        return cls._build(ReadersLock(db), backups.KEEP)

    @classmethod
    def _build(cls, lock: StoreLock | ReadersLock, keep_backups: int) -> Store:
        path = lock.db
        mutex = threading.RLock()

        def install(swap: Callable[[], None]) -> None:
            with mutex:
                swap()

        try:
            writable = isinstance(lock, StoreLock)
            opening = Opening(Report(), Damage(path, writable=writable))
            opening.damage.repeat(opening.report)
            history = History(path, load_history(path, opening), opening, keep_backups, install)
            jpath = journal_path(path)
            journal = Journal(jpath, load_journal(jpath, opening), writable=writable)
            store = cls(path, lock, history, journal, opening, mutex)
            if writable:
                store._repair()
                # derived files now live in the cache folder: the old copy beside the
                # database goes once (it would otherwise be copied with the data folder)
                for old in old_derived_paths(path):
                    with contextlib.suppress(OSError):
                        old.unlink(missing_ok=True)
        except BaseException:
            lock.release()
            raise
        return store

    @property
    def writable(self) -> bool:
        return self._opening.writable

    def _repair(self) -> None:
        header = self._journal.header()
        if header is not None and header.get("id") in self._history.session_doc:
            self._journal.clear()
            self.notices.say(
                "The last session had been saved to history but its journal was not yet "
                "cleared; the journal was cleared (nothing duplicated)."
            )

    def close(self) -> None:
        with self._mutex:
            if self._lock.held:
                self._history.close()
                self._journal.close()
                self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # plans --------------------------------------------------------------------------------
    @locked
    def save_plan(self, plan: Plan) -> None:
        """Add a plan, or update the stored plan with the same id."""
        self._history.put_plan(plan.model_dump(mode="json"))

    @locked
    def plans(self) -> list[Plan]:
        return self._readable(Plan, self._history.docs("plans"), str(self.path))

    @locked
    def plan(self, plan_id: str) -> Plan | None:
        doc_id = self._history.plan_doc.get(plan_id)
        if doc_id is None:
            return None
        found = self._readable(Plan, [self._history.doc("plans", doc_id)], str(self.path))
        return found[0] if found else None

    @locked
    def active_plan(self) -> Plan | None:
        active = self._history.meta().get("active_plan")
        return self.plan(active) if active else None

    @locked
    def set_active(self, plan_id: str | None) -> None:
        if plan_id is not None and plan_id not in self._history.plan_doc:
            known = ", ".join(sorted(self._history.plan_doc)) or "none imported yet"
            raise StoreError(f"there is no plan {plan_id!r} (plans: {known})")
        self._history.put_meta({**self._history.meta(), "active_plan": plan_id})

    # the session in progress (journal) ----------------------------------------------------
    @locked
    def current_session(self) -> SessionLog | None:
        """The unfinished session left in the journal, with its sets, or None."""
        header = self._journal_header()
        if header is None:
            return None
        found = self._headers([header], self._journal.path)
        return found[0].model_copy(update={"sets": self._journal_sets()}) if found else None

    @locked
    def begin_session(self, log: SessionLog) -> None:
        """Journal a new session (and any sets it already has)."""
        current = self._journal_header()
        if current is not None and current["id"] != log.id:
            raise StoreError(
                f"a session is already in progress ({current.get('title') or 'untitled'}, "
                f"started {current.get('started_at', '')[:16].replace('T', ' ')}); "
                "finish or discard it first"
            )
        if log.id in self._history.session_doc:
            raise StoreError(f"session {log.id} is already finished and in history")
        self._check_sets(log)
        sets = [exchange.dump_set(s) for s in log.sets]
        if current is None:
            self._journal.begin(exchange.dump_header(log), sets)
        else:
            with self._journal.storage.batch():
                self._journal.update_header(exchange.dump_header(log))
                for doc in sets:
                    self._journal.put_set(doc)

    @staticmethod
    def _check_sets(log: SessionLog) -> None:
        for s in log.sets:
            if s.session_id != log.id:
                raise StoreError(f"set {s.id} belongs to session {s.session_id}, not {log.id}")

    @locked
    def record_set(self, result: SetResult) -> None:
        """Save one confirmed set; it is on disk when this returns (same id: replaced)."""
        header = self._journal_header()
        if header is None:
            raise StoreError("no session in progress: begin a session before recording sets")
        if result.session_id != header["id"]:
            raise StoreError(
                f"set {result.id} belongs to session {result.session_id}, "
                f"but the session in progress is {header['id']}"
            )
        self._journal.put_set(exchange.dump_set(result))

    @locked
    def replace_set(self, result: SetResult) -> None:
        """Edit a recorded set (matched by id) in the session in progress or in history."""
        doc = exchange.dump_set(result)
        if self._journal_header() is not None and self._journal.has_set(result.id):
            self._journal.put_set(doc)
        elif result.id in self._history.set_doc:
            self._digested(lambda: self._history.replace_set(doc), result.session_id)
        else:
            raise StoreError(f"there is no recorded set {result.id} to change")

    @locked
    def delete_set(self, set_id: str) -> None:
        """Remove a recorded set (undo), from the session in progress or from history."""
        if self._journal_header() is not None and self._journal.delete_set(set_id):
            return
        if set_id in self._history.set_doc:
            doc = self._history.set_docs([self._history.set_doc[set_id]])[0]
            self._digested(lambda: self._history.delete_set(set_id), doc["session_id"])
        else:
            raise StoreError(f"there is no recorded set {set_id} to remove")

    @locked
    def update_session(self, log: SessionLog) -> None:
        """Save header changes (notes, RPE, substitutions); the sets are left as they are."""
        header = self._journal_header()
        if header is not None and header["id"] == log.id:
            self._journal.update_header(exchange.dump_header(log))
        elif log.id in self._history.session_doc:
            self._history.update_session(exchange.dump_header(log))
        else:
            raise StoreError(f"there is no session {log.id} to update")

    @locked
    def finish_session(
        self, log: SessionLog, states: list[ExerciseState] | None = None
    ) -> SessionLog:
        """Move the session into history in one atomic write, then clear the journal.

        The sets saved are the journal's (or, for a session already in history, the ones it
        has) plus any in ``log.sets`` (same id: ``log``'s copy); a session that was never
        begun (imported, demo) is saved with ``log.sets``.
        ``states``, if given, are saved in the same write. Returns the finished session.
        """
        self._check_sets(log)
        header = self._journal_header()
        in_journal = header is not None and header["id"] == log.id
        sets: dict[str, dict[str, Any]] = {}
        if in_journal:
            sets = {d["id"]: d for d in self._journal.sets()}
        elif log.id in self._history.session_doc:  # finished again: keep what it had
            sets = {d["id"]: d for d in self._set_docs(log.id)}
        sets.update({s.id: exchange.dump_set(s) for s in log.sets})
        finished = log.model_copy(update={"sets": []})
        if finished.finished_at is None:
            finished.finished_at = datetime.now()
        self._digested(
            lambda: self._history.add_session(
                exchange.dump_header(finished),
                list(sets.values()),
                [s.model_dump(mode="json") for s in states or []],
            ),
            log.id,
        )
        if in_journal:
            try:
                self._journal.clear()
            except StoreError as exc:  # history has it; the next start clears the journal
                self.notices.say(f"The session was saved, but the journal was not cleared: {exc}")
        return SessionLog.model_validate(
            {**exchange.dump_header(finished), "sets": list(sets.values())}
        )

    @locked
    def add_sessions(self, logs: list[SessionLog]) -> None:
        """Finished sessions new to the history (brought from another app), with their sets,
        in one write of each file. Raises StoreError for a session already there."""
        for log in logs:
            self._check_sets(log)
            if log.id in self._history.session_doc:
                raise StoreError(f"session {log.id} is already in history")
            if log.finished_at is None:
                raise StoreError(f"session {log.id} is not finished")
        self._history.add_sessions(
            [exchange.dump_header(log) for log in logs],
            [exchange.dump_set(s) for log in logs for s in log.sets],
        )
        self._digests.forget()  # made again from the sets at the next read

    @locked
    def remove_sessions(self, session_ids: set[str]) -> None:
        """Finished sessions and their sets removed from history (an import undone)."""
        self._history.remove_sessions(set(session_ids))
        self._digests.forget()

    @locked
    def discard_session(self) -> None:
        self._journal.clear()

    @locked
    def _digested(self, write: Callable[[], None], session_id: str) -> None:
        """Run ``write`` (a write of ``session_id``'s sets), then make that session's digest
        again and bring the record book up to date (``digests``). Both are derived: if that
        fails, they are dropped and made from the sets at the next read; the write stands."""
        from companion.domain.insights_records import RecordBook  # not needed at start

        before = self._digests.kept(self._history.changes["sets"])
        write()
        if before is None:
            return
        try:
            heads, book_json, _ = before
            results = self._set_results(lambda: list(self._history.by_session.get(session_id, [])))
            digest = SessionDigest.of(session_id, results) if results else None
            book = RecordBook.from_json(book_json)
            appended = session_id not in heads and digest is not None and book.can_add(digest)
            # only the segments that held or hold the session's row are written again
            was, now = self._digests.segment_of(session_id), self._history.segment_of(session_id)
            changed = {n: self._digests.rows_of(n) for n in {was, now} if n is not None}
            if was is not None:
                changed[was].pop(session_id, None)
            if digest is not None and now is not None:
                changed[now][session_id] = digest.to_json()
            if appended:
                book.add(digest)  # type: ignore[arg-type]
            else:  # an edit, or a session older than others: fold the whole book again
                rows = self._digests.all_rows(changed)
                everything = {sid: SessionDigest.from_json(sid, r) for sid, r in rows.items()}
                book = RecordBook.of(HistoryIndex(everything))
            self._digests.keep_segments(changed, book.to_json(), self._history.changes["sets"])
        except Exception:  # noqa: BLE001 - derived data: a failure here loses nothing
            self._digests.forget()

    # exercise states, assessments, settings -----------------------------------------------
    @locked
    def exercise_states(self, plan_id: str) -> list[ExerciseState]:
        docs = [d for d in self._history.docs("states") if d.get("plan_id") == plan_id]
        return self._readable(ExerciseState, docs, str(self.path))

    @locked
    def save_exercise_states(self, states: list[ExerciseState]) -> None:
        """Add or replace states, keyed by plan, line and side (one write)."""
        self._history.put_states([s.model_dump(mode="json") for s in states])

    @locked
    def replace_exercise_states(self, plan_id: str, states: list[ExerciseState]) -> None:
        """Every state of ``plan_id`` replaced by ``states`` in one write (a replay's)."""
        self._history.replace_plan_states(plan_id, [s.model_dump(mode="json") for s in states])

    @locked
    def assessments(self) -> list[AssessmentResult]:
        docs = self._history.docs("assessments")
        return sorted(self._readable(AssessmentResult, docs, str(self.path)), key=lambda a: a.day)

    @locked
    def add_assessments(self, results: list[AssessmentResult]) -> None:
        self._history.add_assessments([r.model_dump(mode="json") for r in results])

    @locked
    def runs(self) -> list[Run]:
        """Every run read from the watch, oldest first."""
        runs = [Run.model_validate(d) for d in self._history.docs("runs")]
        return sorted(runs, key=lambda r: r.started_at)

    @locked
    def add_runs(self, runs: list[Run]) -> None:
        """Runs new to the history, in one write."""
        known = self._history.run_doc
        fresh = [r.model_dump(mode="json") for r in runs if r.id not in known]
        if fresh:
            self._history.add_runs(fresh)

    @locked
    def settings(self) -> dict[str, Any]:
        return dict(self._history.meta().get("settings") or {})

    @locked
    def save_settings(self, values: dict[str, Any]) -> None:
        """Merge ``values`` into the settings; a key set to None is removed."""
        merged = {**self.settings(), **values}
        merged = {k: v for k, v in merged.items() if v is not None}
        self._history.put_meta({**self._history.meta(), "settings": merged})

    # export / restore ---------------------------------------------------------------------
    @locked
    def export_data(self) -> dict[str, Any]:
        """Everything, JSON-ready: what ``restore_data`` takes back."""
        sessions = [self.session(s.id) for s in self.sessions()]
        return exchange.bundle(
            meta=self._history.meta(),
            plans=self.plans(),
            sessions=[s for s in sessions if s is not None],
            in_progress=self.current_session(),
            states=self._readable(ExerciseState, self._history.docs("states"), str(self.path)),
            assessments=self.assessments(),
            runs=self.runs(),
        )

    @locked
    def restore_data(self, data: dict[str, Any] | exchange.Checked) -> Path | None:
        """Replace everything with an export, after checking all of it and backing up.

        ``data``: the export, or what ``exchange.check`` made of it. Raises StoreError
        (nothing changed) if the export has any problem. Returns the backup of the previous
        history file (None if there was none).
        """
        checked = data if isinstance(data, exchange.Checked) else exchange.check(data)
        backup = backups.snapshot(self.path, keep=self._history.keep)
        self._history.load_sets()
        for segment in self._history.sets_file.paths():
            backups.snapshot(segment, keep=self._history.keep)
        if self._journal_header() is not None:
            backups.snapshot(self._journal.path, keep=self._history.keep)
        self._history.replace_all(checked.tables)
        in_progress = checked.in_progress
        if in_progress is not None and in_progress.id not in self._history.session_doc:
            self._journal.begin(
                exchange.dump_header(in_progress),
                [exchange.dump_set(s) for s in in_progress.sets],
            )
        else:
            self._journal.clear()
        return backup


__all__ = ["Store", "state_key"]
