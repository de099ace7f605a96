"""Start-up: clean what a crash left, set broken files aside, salvage, restore, migrate.

The writer (``Store.open``) repairs: a damaged file is moved aside as it is
(``*.broken-<timestamp>``), every whole document in it is salvaged and merged with its latest
good backup, the file is made again from them, and what was found is kept in the damage file
(``report.Damage``) so that every later open says it again. A reader (``Store.read``) does the
same in memory only: it changes no file, and says what it read instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from companion.store import backups, files
from companion.store.errors import StoreError, reason, write_failed
from companion.store.files import segment_numbers, segment_path, sets_path
from companion.store.migrations import (
    CURRENT_VERSION,
    META_ID,
    check_readable,
    fresh_meta,
    is_new,
    migrate,
    schema_version,
)
from companion.store.report import Damage, Report
from companion.store.salvage import all_sets, is_session, is_set, whole_documents
from companion.store.storage import (
    BrokenFileError,
    atomic_write,
    clean_stale_temps,
    encode,
    load_raw,
)

Doc = dict[str, Any]
READ_ONLY = "Nothing was changed (only the app and the commands that write repair files)."


class Opening(NamedTuple):
    """One open of a database: what it says, what it remembers, whether it may write."""

    report: Report
    damage: Damage

    @property
    def writable(self) -> bool:
        return self.damage.writable

    def found(self, text: str, kept: Path | None) -> None:
        """Damage that leaves data out: said now, and (by the writer) at every later open."""
        self.report.gap(text)
        if self.writable:
            self.damage.add(text, kept)


def _when(backup: Path) -> str:
    taken = backups.taken_at(backup)
    return taken.strftime("%Y-%m-%d %H:%M") if taken else backup.name


def _set_aside(path: Path, exc: BrokenFileError) -> Path:
    try:
        return backups.move_aside(path)
    except OSError as err:
        raise StoreError(
            f"{exc}; it could not be moved aside ({reason(err)}), so it was left as it is"
        ) from err


def _write(path: Path, data: Doc, what: str) -> None:
    try:
        atomic_write(path, encode(data))
    except OSError as exc:
        raise write_failed(what, path, exc) from exc


def numbered(docs: list[Doc]) -> dict[str, Doc]:
    return {str(i): d for i, d in enumerate(docs, start=1)}


# the history file ---------------------------------------------------------------------------


def load_history(path: Path, opening: Opening) -> dict[str, Any]:
    """The history tables, repaired (by the writer) and at the current schema version."""
    if not opening.writable:
        return _read_history(path, opening)
    notices = opening.report
    clean_stale_temps(path)
    try:
        data = load_raw(path)
    except BrokenFileError as exc:
        broken = _set_aside(path, exc)
        try:
            restored = backups.restore_latest(path)
        except OSError as err:
            raise write_failed("the restored backup", path, err) from err
        if restored is not None:
            opening.found(
                f"The history file could not be read ({exc.why}). "
                f"It was moved to {broken} and kept for recovery; the backup from "
                f"{_when(restored)} was restored (anything finished after it is only in the "
                "moved file).",
                broken,
            )
            data = load_raw(path)
        else:
            opening.found(
                f"The history file could not be read ({exc.why}). "
                f"It was moved to {broken} and kept for recovery; there was no backup, so a new "
                "empty database was started.",
                broken,
            )
            data = None
    if data is None and backups.backups(path):
        # only a crash between setting a broken file aside and restoring gets here
        try:
            restored = backups.restore_latest(path)
        except OSError as err:
            raise write_failed("the restored backup", path, err) from err
        if restored is not None:
            notices.say(
                f"The history file was missing; the backup from {_when(restored)} was restored."
            )
            data = load_raw(path)
    if data is None or is_new(data):
        data = {"meta": {META_ID: fresh_meta()}}
        _write(path, data, "a new database")
        return data
    version = schema_version(data)
    check_readable(version, path)
    if version < CURRENT_VERSION:
        try:
            backup = backups.snapshot(path)
            data, start = migrate(data, path)
            _move_sets_out(path, data)
        except OSError as exc:
            raise write_failed("the upgraded database", path, exc) from exc
        notices.say(
            f"The database was upgraded from schema {start} to {CURRENT_VERSION}; the previous "
            f"file was kept as {backup}."
        )
    elif "sets" in data or sets_path(path).exists():
        try:
            _move_sets_out(path, data)
        except OSError as exc:
            raise write_failed("the database", path, exc) from exc
    return data


def _read_history(path: Path, opening: Opening) -> dict[str, Any]:
    """The history tables as a reader sees them: a damaged file is read from its backup, an
    older schema upgraded in memory (sets still in it stay under ``"sets"``)."""
    try:
        data = load_raw(path)
    except BrokenFileError as exc:
        found = backups.newest_good(path)
        if found is None:
            raise StoreError(
                f"{exc}, and it has no backup that reads, so there is nothing to show; "
                "opening the app sets it aside (kept as it is) and starts afresh"
            ) from None
        backup, data = found
        opening.report.gap(
            f"The history file {path} could not be read ({exc.why}); its backup from "
            f"{_when(backup)} was read instead, so anything finished after that is left out. "
            + READ_ONLY
        )
    if data is None or is_new(data):
        return {"meta": {META_ID: fresh_meta()}}
    data, _ = migrate(data, path)
    return data


def _move_sets_out(path: Path, data: dict[str, Any]) -> None:
    """Write the sets to segments, then the history without them, then drop the single sets
    file of schema 2 and its backups. The history written last is what says the move is done:
    a crash before it leaves the old files as they were, and the next start moves the sets
    again (the same segments, written whole again); a crash after it leaves only the old file
    to remove, which the next start does."""
    single = sets_path(path)
    sets = data.pop("sets", None)
    if sets is None and single.exists():  # the truth until it is gone (see above)
        try:
            loaded = load_raw(single) or {"sets": {}}
            if set(loaded) - {"sets"}:
                raise BrokenFileError(single, "it holds tables other than the sets")
            sets = loaded.get("sets", {})
        except BrokenFileError:
            # renamed whole, with its backups, to segment 1: the first read of the sets
            # salvages it as it does any damaged segment (the original kept aside, and said)
            first = segment_path(path, 1)
            for old in backups.backups(single):
                os.replace(old, first.with_name(first.name + old.name[len(single.name) :]))
            os.replace(single, first)
    count = 0
    if sets is not None:
        count = len(write_segments(path, sets))
    meta = data.setdefault("meta", {}).setdefault(META_ID, fresh_meta())
    meta["segments"] = max(count, meta.get("segments") or 0, *segment_numbers(path), 0)
    atomic_write(path, encode(data))
    for old in [single, *backups.backups(single)]:
        old.unlink(missing_ok=True)


def write_segments(db: Path, sets: dict[str, Doc]) -> dict[int, dict[str, Doc]]:
    """``sets`` (a sets table) written as segments 1, 2…, each session's sets kept in one;
    returns each segment's table, by number."""
    by_session: dict[Any, dict[str, Doc]] = {}
    for k, d in sets.items():
        by_session.setdefault(d.get("session_id") if isinstance(d, dict) else None, {})[k] = d
    written: dict[int, dict[str, Doc]] = {}
    chunk: dict[str, Doc] = {}
    for docs in by_session.values():
        if chunk and len(chunk) + len(docs) > files.SEGMENT_SETS:
            written[len(written) + 1] = chunk
            chunk = {}
        chunk.update(docs)
    if chunk:
        written[len(written) + 1] = chunk
    for n, table in written.items():
        atomic_write(segment_path(db, n), encode({"sets": table}))
    return written


# the sets file ------------------------------------------------------------------------------

Sessions = Callable[[], dict[str, str]]  # finished session id -> its start, as stored


def load_sets(
    sources: dict[int, Path], opening: Opening, sessions: Sessions
) -> dict[int, tuple[Path, dict[str, Any]]]:
    """Each segment's path and tables, by number. A damaged segment: its whole sets and its
    latest backup's; a missing one: its latest backup. Sets not shaped as sets (no id, session
    or exercise) are kept aside. Each is said, with the finished sessions left without sets;
    the writer repairs the file."""
    read: dict[int, dict[str, Any]] = {}
    broken: dict[int, BrokenFileError] = {}
    for n, path in sorted(sources.items()):
        if opening.writable:
            clean_stale_temps(path)
        try:
            data = load_raw(path)
            if data is not None and set(data) - {"sets"}:
                raise BrokenFileError(path, "it holds tables other than the sets")
        except BrokenFileError as exc:
            broken[n] = exc
            continue
        if data is not None:
            read[n] = data
    missing = [n for n in sources if n not in read and n not in broken]

    def elsewhere() -> dict[str, str]:
        """The finished sessions with no set in a segment that read (said when one did not)."""
        have = {d.get("session_id") for data in read.values() for d in data["sets"].values()}
        return {sid: start for sid, start in sessions().items() if sid not in have}

    for n, why in broken.items():
        read[n] = _recover_sets(sources[n], opening, why, elsewhere)
    for n in missing:
        read[n] = _missing_sets(sources[n], opening, elsewhere)
    return {n: (sources[n], _misshapen_aside(sources[n], opening, read[n])) for n in sorted(read)}


def _lacking(sessions: Sessions, data: Doc, report: Report) -> str:
    """What the sets at hand leave out, in the athlete's words ('' if nothing shows)."""
    have = {d.get("session_id") for d in data["sets"].values()}
    finished = sessions()
    bare = sorted(str(started)[:10] for sid, started in finished.items() if sid not in have)
    report.bare_sessions = len(bare)
    if not bare:
        return ""
    which = f"from {bare[0]} to {bare[-1]}" if len(bare) > 1 else f"of {bare[0]}"
    return (
        f" {len(bare)} of the {len(finished)} finished sessions ({which}) "
        f"{'has' if len(bare) == 1 else 'have'} no sets now: "
        "an export from before the damage has them."
    )


def _recover_sets(
    path: Path, opening: Opening, exc: BrokenFileError, sessions: Sessions
) -> dict[str, Any]:
    try:
        salvaged = [d for d in whole_documents(path.read_bytes()) if is_set(d)]
    except OSError:
        salvaged = []
    merged: dict[str, Doc] = {}
    found = backups.newest_good(path)
    if found is not None:
        for doc in found[1].get("sets", {}).values():
            if isinstance(doc, dict) and is_set(doc):
                merged[doc["id"]] = doc
    from_backup = len(merged.keys() - {d["id"] for d in salvaged})
    merged.update((d["id"], d) for d in salvaged)
    data = {"sets": numbered(list(merged.values()))}
    read = f"{len(salvaged)} whole sets were read from it"
    if found is not None:
        read += f" and {from_backup} more from its backup of {_when(found[0])}"
    lacking = _lacking(sessions, data, opening.report)
    if opening.writable:
        broken = _set_aside(path, exc)
        _write(path, data, "the repaired sets file")
        opening.found(
            f"The sets file {path} could not be read ({exc.why}). It was moved to {broken} and "
            f"kept for recovery as it was; {read}, and the sets file was made again from them."
            f"{lacking}",
            broken,
        )
    else:
        opening.found(
            f"The sets file {path} could not be read ({exc.why}); {read}, and those are "
            f"shown.{lacking} {READ_ONLY}",
            None,
        )
    return data


def _missing_sets(path: Path, opening: Opening, sessions: Sessions) -> dict[str, Any]:
    found = backups.newest_good(path)
    if found is None:
        data: dict[str, Any] = {"sets": {}}
        finished = sessions()
        opening.report.bare_sessions = len(finished)
        if finished:
            text = (
                f"The sets file {path} is missing and has no backup: the {len(finished)} "
                "finished sessions show without their sets (an export has them)."
            )
            if opening.writable:
                _write(path, data, "a new sets file")
            opening.found(text, None)
        return data
    backup, data = found
    lacking = _lacking(sessions, data, opening.report)
    if opening.writable:
        try:
            atomic_write(path, backup.read_bytes())
        except OSError as err:
            raise write_failed("the restored backup", path, err) from err
        text = f"The sets file {path} was missing; its backup from {_when(backup)} was restored."
    else:
        text = (
            f"The sets file {path} is missing; its backup from {_when(backup)} was read "
            f"instead. {READ_ONLY}"
        )
    if lacking:
        opening.found(text + lacking, None)
    else:
        opening.report.say(text)
    return data


def _misshapen_aside(path: Path, opening: Opening, data: dict[str, Any]) -> dict[str, Any]:
    """Sets that lack what every read relies on (an id, a session, an exercise) are left out:
    the writer moves them to ``<sets file>.rejected-<timestamp>``, a reader skips them."""
    table = data.get("sets", {})
    if all_sets(table.values()):
        return data
    bad = {k: d for k, d in table.items() if not is_set(d)}
    kept = {k: d for k, d in table.items() if k not in bad}
    data = {"sets": kept}
    reject(path, opening, list(bad.values()), "lacks its id, session_id or exercise_id")
    if opening.writable:
        _write(path, data, "the sets file without the sets set aside")
    return data


def reject(path: Path, opening: Opening, docs: list[Doc], why: str | list[str]) -> None:
    """Say that ``docs`` (sets that cannot be read) are left out; the writer keeps them in a
    file of their own beside ``path`` first (the caller then writes ``path`` without them)."""
    reasons = why if isinstance(why, list) else [why] * len(docs)
    listed = "; ".join(
        f"set {d.get('id', '(no id)')!s:.12} of session {d.get('session_id', '(none)')!s:.12}: {r}"
        for d, r in list(zip(docs, reasons, strict=True))[:5]
    )
    more = f"; and {len(docs) - 5} more" if len(docs) > 5 else ""
    count = f"{len(docs)} set{'s' if len(docs) != 1 else ''}"
    opening.report.unread_sets += len(docs)
    if not opening.writable:
        opening.report.gap(
            f"{count} in {path} could not be read and {'are' if len(docs) != 1 else 'is'} "
            f"left out ({listed}{more}). {READ_ONLY}"
        )
        return
    aside = backups.free_name(path, "rejected")
    rows = [{"why": r, "set": d} for d, r in zip(docs, reasons, strict=True)]
    _write(aside, {"rejected": numbered(rows)}, "the sets set aside")
    opening.found(
        f"{count} in the sets file could not be read ({listed}{more}); "
        f"{'they were' if len(docs) != 1 else 'it was'} moved to {aside} as "
        f"{'they were' if len(docs) != 1 else 'it was'}, to mend by hand.",
        aside,
    )


# the journal --------------------------------------------------------------------------------


def load_journal(path: Path, opening: Opening) -> dict[str, Any] | None:
    """The journal tables, or None. A damaged journal: its header and every whole set of that
    session are salvaged (the session can be resumed), the original set aside."""
    if opening.writable:
        clean_stale_temps(path)
    try:
        data = load_raw(path)
        if data is not None and set(data) - {"session", "sets"}:
            raise BrokenFileError(path, "the journal holds unexpected tables")
    except BrokenFileError as exc:
        return _recover_journal(path, opening, exc)
    return data


def _recover_journal(path: Path, opening: Opening, exc: BrokenFileError) -> dict[str, Any] | None:
    try:
        docs = whole_documents(path.read_bytes())
    except OSError:
        docs = []
    header = next((d for d in docs if is_session(d)), None)
    data = None
    if header is None:
        whole = sum(1 for d in docs if is_set(d))
        saved = f"its session could not be recovered ({whole} whole sets are in the original)"
    else:
        sets = [d for d in docs if is_set(d) and d["session_id"] == header["id"]]
        data = {"session": {"1": header}, "sets": numbered(sets)}
        saved = f"its session and {len(sets)} whole sets were recovered; resume it from home"
    if not opening.writable:
        opening.report.gap(
            f"The session in progress could not be read ({exc.why}); {saved}. {READ_ONLY}"
        )
        return data
    broken = _set_aside(path, exc)
    if data is not None:
        _write(path, data, "the recovered session in progress")
    opening.found(
        f"The session in progress could not be read ({exc.why}); {saved}. The journal was "
        f"moved to {broken} and kept for recovery as it was.",
        broken,
    )
    return data
