"""Reads of the finished history: sessions, their sets, their digests, and keys for what is
computed from them.

``HistoryReads`` is the half of ``Store`` that only reads the history file and the sets file
(the other half writes, and handles plans, states, tests and settings); the one file it may
write is the digests file, when the digests had to be made from the sets. Sets are validated
once per change of the sets table and shared; a long read can be told to stop.
"""

from __future__ import annotations

import functools
import heapq
import threading
from collections.abc import Callable, Collection
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, ParamSpec, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from companion.domain.insights_index import HistoryIndex, SessionDigest, digest_sets
from companion.domain.models import SessionKind, SessionLog, SetResult
from companion.store.errors import Stopped
from companion.store.opening import Opening, reject

if TYPE_CHECKING:
    from companion.domain.insights_records import RecordMark
    from companion.store.digests import DigestFile
    from companion.store.history import History
    from companion.store.journal import Journal
    from companion.store.sets_file import Ref

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M", bound=BaseModel)
VALIDATE_CHUNK = 5_000  # sets validated between two looks at a caller's ``stop``
# kept digests that pass their checksum but are not laid out as this version reads them
UNREADABLE = (ValueError, TypeError, KeyError, IndexError, AttributeError)


class Contents(NamedTuple):
    """The ids of what a database (or an export) holds, and the days its sessions span."""

    sessions: set[str]
    sets: set[str]
    plans: set[str]
    first: str | None
    last: str | None

    def line(self) -> str:
        span = f" ({self.first} to {self.last})" if self.first else ""
        counts = [(self.sessions, "session"), (self.sets, "set"), (self.plans, "plan")]
        sessions, sets, plans = (
            f"{len(ids):,} {what}{'' if len(ids) == 1 else 's'}" for ids, what in counts
        )
        return f"{sessions}{span}, {sets}, {plans}"


@functools.cache
def adapter(kind: type) -> TypeAdapter[Any]:
    """A validator for a list of ``kind``: one batch call validates faster than one call per
    item. Built when first used, not at import (building one is a few milliseconds of start)."""
    return TypeAdapter(list[kind])  # type: ignore[valid-type]


def _started(doc: dict[str, Any]) -> str:
    """A stored session's start: naive ISO text (``2026-11-28T18:05:00``), so text order is
    time order and a day is the first ten characters."""
    return str(doc.get("started_at", ""))


def problem(exc: ValidationError) -> str:
    """The first thing wrong with a document, in a line: where, what, and what was found."""
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "the document"
    found = f" (found {err['input']!r:.40})" if err["type"] != "missing" else ""
    return f"{where}: {err['msg']}{found}"


BATCH = 500  # documents from which one batch call pays for building its own validator


def validated(kind: type[M], docs: list[dict[str, Any]]) -> tuple[list[M], dict[int, str]]:
    """``docs`` as ``kind``: a long list all at once (fast), a short one (the plans, states and
    tests read at launch) with the model's own validator, one by one — building a list
    validator costs more than it saves there; either way leaving out those that do not
    validate: the models, and what was wrong with each left out, by its place in ``docs``."""
    if len(docs) >= BATCH:
        try:
            return adapter(kind).validate_python(docs), {}
        except ValidationError:
            pass
    good: list[M] = []
    bad: dict[int, str] = {}
    for i, doc in enumerate(docs):
        try:
            good.append(kind.model_validate(doc))
        except ValidationError as exc:
            bad[i] = problem(exc)
    return good, bad


def locked(method: Callable[P, R]) -> Callable[P, R]:
    """Workers may call from threads; TinyDB is not thread-safe, so one call at a time."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with args[0]._mutex:  # type: ignore[attr-defined]
            return method(*args, **kwargs)

    return wrapper


def _found(known: dict[int, dict[int, SetResult]], refs: list[Ref]) -> list[SetResult]:
    """The validated sets of ``refs``, in that order (one not validated is left out)."""
    out = []
    for n, i in refs:
        model = known.get(n, {}).get(i)
        if model is not None:
            out.append(model)
    return out


class HistoryReads:
    _history: History
    _journal: Journal
    _mutex: threading.RLock
    # validated sets by segment and document id, while the sets are at change ``_set_models_at``
    _set_models: dict[int, dict[int, SetResult]]
    _set_models_at: int
    _digests: DigestFile
    _opening: Opening
    # sessions whose header does not validate (id -> what is wrong): left out of every read
    _bad_sessions: dict[str, str]
    # sets a reader found unreadable (document ids): skipped; a writer sets them aside
    _unreadable: set[Ref]

    def _readable(self, kind: type[M], docs: list[dict[str, Any]], where: str) -> list[M]:
        """``docs`` as ``kind``; one that does not validate is left out, and said (it stays in
        its file as it is)."""
        models, bad = validated(kind, docs)
        for i, why in bad.items():
            ident = docs[i].get("id") or docs[i].get("exercise_id") or f"number {i + 1}"
            self.notices.gap(  # type: ignore[attr-defined]
                f"{kind.__name__} {ident!s:.40} in {where} could not be read ({why}); it is "
                "left out. It stays in the file as it is, to mend by hand."
            )
        return models

    def _journal_sets(self) -> list[SetResult]:
        return self._readable(SetResult, self._journal.sets(), str(self._journal.path))

    def _headers(self, docs: list[dict[str, Any]], where: object = None) -> list[SessionLog]:
        """Session headers as models; one that does not validate is left out and said
        (``where``: the file they are in, if not the history file)."""
        logs, bad = validated(SessionLog, docs)
        for i, why in bad.items():
            doc = docs[i]
            sid = str(doc.get("id"))
            if sid in self._bad_sessions:
                continue
            self._bad_sessions[sid] = why
            name, path = doc.get("title") or sid, where or self._history.path
            self.notices.gap(  # type: ignore[attr-defined]
                f"The session {name!r} in {path} could not be read ({why}); it is left out, "
                "with its sets. It stays in the file as it is, to mend by hand."
            )
        return logs

    def _left_out(
        self, doc_ids: list[Ref], docs: list[dict[str, Any]], bad: dict[int, str]
    ) -> None:
        """Sets that do not validate: a writer moves them to a file of their own (listed in
        the notices) and out of the sets file; a reader skips them, and says so once."""
        ids = [doc_ids[i] for i in bad]
        with self._mutex:
            if not self._opening.writable:
                self._unreadable.update(ids)
            segments = self._history.sets_file.segments
            for n in sorted({r[0] for r in ids}):
                here = [i for i in bad if doc_ids[i][0] == n]
                reject(
                    segments[n].path,
                    self._opening,
                    [docs[i] for i in here],
                    [bad[i] for i in here],
                )
            if self._opening.writable:
                self._history.drop_sets(ids)

    def _journal_header(self) -> dict[str, Any] | None:
        """The header of the session in progress, if there is one."""
        header = self._journal.header()
        if header is None or header.get("id") in self._history.session_doc:
            return None  # finished: its leftover journal is cleared at the next start
        return header

    @locked
    def changes(self) -> int:
        """A number that changes whenever the finished history does (sessions, sets, plans,
        states, assessments, settings): a cheap key for anything computed from it. The session
        in progress does not count."""
        return self._history.changes[""]

    @locked
    def sessions(self) -> list[SessionLog]:
        """Finished sessions, oldest first, without their sets (see ``session_sets``)."""
        logs = self._headers(self._history.docs("sessions"))
        logs.sort(key=lambda s: s.started_at)
        return logs

    @locked
    def recent_sessions(self, limit: int) -> list[SessionLog]:
        """The ``limit`` latest finished sessions, newest first, without their sets: only
        those headers of a long history are validated (for a first screenful of it)."""
        docs = heapq.nlargest(
            limit, self._history.storage.table("sessions").values(), key=_started
        )  # fmt: skip
        return self._headers(docs)

    @locked
    def session_count(self) -> int:
        return len(self._history.storage.table("sessions"))

    @locked
    def last_session(
        self, plan_id: str, on_or_before: date, kind: SessionKind = SessionKind.TRAINING
    ) -> SessionLog | None:
        """The latest finished session of ``plan_id`` and ``kind`` started on or before a day:
        all the schedule needs, found without validating every header of a long history."""
        day = on_or_before.isoformat()  # compared as text: see ``_started``
        candidates = [
            doc
            for doc in self._history.storage.table("sessions").values()
            if doc.get("plan_id") == plan_id
            and doc.get("kind", SessionKind.TRAINING) == kind
            and doc.get("finished_at") is not None
            and _started(doc)[:10] <= day
        ]
        while candidates:  # the latest that reads (one that does not is left out, and said)
            best = max(candidates, key=_started)
            found = self._headers([best])
            if found:
                return found[0]
            candidates.remove(best)
        return None

    @locked
    def session(self, session_id: str) -> SessionLog | None:
        """One finished session with its sets."""
        doc_id = self._history.session_doc.get(session_id)
        if doc_id is None:
            return None
        found = self._headers([self._history.doc("sessions", doc_id)])
        if not found:
            return None
        return found[0].model_copy(update={"sets": self.session_sets(session_id)})

    def _set_docs(self, session_id: str) -> list[dict[str, Any]]:
        """The committed sets of a finished session (not ones a crash left mid-finish)."""
        if session_id not in self._history.session_doc:
            return []
        return self._history.set_docs(self._history.by_session.get(session_id, []))

    def _set_results(
        self, doc_ids: Callable[[], list[Ref]], stop: Callable[[], bool] | None = None
    ) -> list[SetResult]:
        """The sets with the document ids ``doc_ids()`` gives, validated once per change of the
        sets table and then shared (read-only: ``model_copy`` one to change it). Validation
        runs outside the lock so a write is not held up; a write meanwhile makes it stale.
        ``stop()`` is asked every ``VALIDATE_CHUNK`` sets: True raises ``Stopped`` (what was
        validated so far is kept for the next read)."""
        self._history.load_sets()  # parsed outside the lock, so the journal is not held up
        with self._mutex:
            changes = self._history.changes["sets"]
            if self._set_models_at != changes:
                # a new mapping without the segments written since: a read still validating
                # into the old one never puts a stale set in the new
                stale = self._history.segments_written_since(self._set_models_at)
                kept = {} if stale is None else {
                    n: models for n, models in self._set_models.items() if n not in stale
                }  # fmt: skip
                self._set_models, self._set_models_at = kept, changes
            known = self._set_models
            ids = doc_ids()
            missing = [
                r for r in ids if r[1] not in known.get(r[0], ()) and r not in self._unreadable
            ]
            docs = self._history.set_docs(missing)
        if not missing:
            return _found(known, ids)
        for start in range(0, len(missing), VALIDATE_CHUNK):
            if stop is not None and stop():
                raise Stopped("the read of the sets was stopped")
            end = start + VALIDATE_CHUNK
            chunk_ids, chunk = missing[start:end], docs[start:end]
            models, bad = validated(SetResult, chunk)
            if bad:
                self._left_out(chunk_ids, chunk, bad)
                chunk_ids = [i for n, i in enumerate(chunk_ids) if n not in bad]
            for (n, i), model in zip(chunk_ids, models, strict=True):
                known.setdefault(n, {})[i] = model
        # ``known``: ours, even if a write has replaced it since; a set left out is not in it
        return _found(known, ids)

    def session_sets(self, session_id: str) -> list[SetResult]:
        """The sets of a finished session, or of the session in progress, in recorded order."""
        with self._mutex:
            header = self._journal_header()
            if header is not None and header["id"] == session_id:
                return self._journal_sets()
        return self._set_results(
            lambda: (
                list(self._history.by_session.get(session_id, []))
                if session_id in self._history.session_doc
                else []
            )
        )

    def sets(
        self, exercise_id: str | None = None, *, stop: Callable[[], bool] | None = None
    ) -> list[SetResult]:
        """Sets of finished sessions (all, or of one exercise), in recorded order.

        Read once per change of the history and then shared: treat them as read-only.
        ``stop``: asked now and then during a long read; True raises ``Stopped``.
        """
        if exercise_id is None:
            return self._set_results(lambda: sorted(self._history.set_doc.values()), stop)
        return self._set_results(lambda: list(self._history.by_exercise.get(exercise_id, [])))

    @locked
    def left_out(self) -> tuple[int, int]:
        """How many sessions and sets the reads so far left out because they could not be
        read (each is said in ``notices``)."""
        by_session = self._history.by_session if self._bad_sessions else {}
        of_bad = sum(len(by_session.get(sid, [])) for sid in self._bad_sessions)
        return len(self._bad_sessions), self.notices.unread_sets + of_bad  # type: ignore[attr-defined]

    @locked
    def contents(self) -> Contents:
        """What the database holds, counted from the stored documents (nothing validated):
        what a restore would replace."""
        starts = sorted(_started(d)[:10] for d in self._history.storage.table("sessions").values())
        return Contents(
            sessions=set(self._history.session_doc),
            sets=set(self._history.set_doc),
            plans=set(self._history.plan_doc),
            first=starts[0] if starts else None,
            last=starts[-1] if starts else None,
        )

    @locked
    def set_count(self) -> int:
        return len(self._history.set_doc)

    # digests ----------------------------------------------------------------------------
    def history_index(self, stop: Callable[[], bool] | None = None) -> HistoryIndex:
        """Every finished session's digest and the record book: what the history screens are
        computed from. Kept beside the database and brought up to date by each write of the
        sets, so this reads one small file. When that file does not describe the sets as they
        are, every set is read to make them again (slow with a long history: call it from a
        worker); ``stop`` as for ``sets``."""
        from companion.domain.insights_records import RecordBook, book_of  # not needed at start

        with self._mutex:
            at = self._history.changes["sets"]
            kept = self._digests.kept(at)
        if kept is not None:
            heads, kept_book, days = kept
            try:
                digests = {sid: SessionDigest.from_head(sid, h, days) for sid, h in heads.items()}
                return HistoryIndex(digests, RecordBook.from_json(kept_book))
            except UNREADABLE:  # intact, yet not as this version writes them: made again
                with self._mutex:
                    self._digests.forget()
        index = HistoryIndex(digest_sets(self.sets(stop=stop)))
        book = book_of(index)
        with self._mutex:
            if self._history.changes["sets"] == at:  # else a write came meanwhile: not kept
                by_segment: dict[int, dict[str, list[Any]]] = {}
                for sid, d in index.sessions.items():
                    n = self._history.segment_of(sid)
                    if n is not None:
                        by_segment.setdefault(n, {})[sid] = d.to_json()
                self._digests.keep_all(by_segment, book.to_json(), at)
        return index

    def load_sets(self) -> None:
        """Read the sets file now, if it has not been read (it is otherwise read by the first
        call that needs it): ahead of a session's sets being shown."""
        self._history.load_sets()

    def sets_ready(self) -> bool:
        """True once the sets file is read: ``session_sets`` and ``sets`` answer at once
        (before, the first of them reads it: a quarter of a second or more at 50k sets)."""
        return self._history.sets_file.loaded

    def digests_of(
        self, session_ids: Collection[str]
    ) -> tuple[dict[str, SessionDigest], list[RecordMark]] | None:
        """The digests of these sessions and the record marks they set, from the kept digests,
        the rest of the history left unbuilt: a screenful of rows in a few milliseconds, where
        ``history_index`` takes tens at 2,500 sessions. None when the digests are not kept (or
        not of the sets as they are): ``history_index`` computes them."""
        from companion.domain.insights_records import marks_set_in  # not needed at start

        with self._mutex:
            kept = self._digests.kept(self._history.changes["sets"])
        if kept is None:
            return None
        heads, book, days = kept
        try:
            digests = {
                sid: SessionDigest.from_head(sid, heads[sid], days)
                for sid in session_ids
                if sid in heads
            }  # fmt: skip
            return digests, marks_set_in(book, digests)
        except UNREADABLE:  # ``history_index`` makes them again
            return None

    def history_index_ready(self) -> bool:
        """True if ``history_index`` will read the kept digests, not every set (cheap)."""
        with self._mutex:
            return self._digests.fresh(self._history.changes["sets"])
