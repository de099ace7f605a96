"""Start-up: clean what a crash left, set broken files aside, restore a backup, migrate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from companion.store import backups
from companion.store.errors import StoreError, reason, write_failed
from companion.store.migrations import (
    CURRENT_VERSION,
    META_ID,
    check_readable,
    fresh_meta,
    is_new,
    migrate,
    schema_version,
)
from companion.store.storage import (
    BrokenFileError,
    atomic_write,
    clean_stale_temps,
    encode,
    load_raw,
)


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


def load_history(path: Path, notices: list[str]) -> dict[str, Any]:
    """The history tables, repaired and at the current schema version."""
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
            notices.append(
                f"The history file could not be read ({exc.why}). "
                f"It was moved to {broken} and kept for recovery; the backup from "
                f"{_when(restored)} was restored (anything finished after it is only in the "
                "moved file)."
            )
            data = load_raw(path)
        else:
            notices.append(
                f"The history file could not be read ({exc.why}). "
                f"It was moved to {broken} and kept for recovery; there was no backup, so a new "
                "empty database was started."
            )
            data = None
    if data is None and backups.backups(path):
        # only a crash between setting a broken file aside and restoring gets here
        try:
            restored = backups.restore_latest(path)
        except OSError as err:
            raise write_failed("the restored backup", path, err) from err
        if restored is not None:
            notices.append(
                f"The history file was missing; the backup from {_when(restored)} was restored."
            )
            data = load_raw(path)
    if data is None or is_new(data):
        data = {"meta": {META_ID: fresh_meta()}}
        try:
            atomic_write(path, encode(data))
        except OSError as exc:
            raise write_failed("a new database", path, exc) from exc
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
        notices.append(
            f"The database was upgraded from schema {start} to {CURRENT_VERSION}; the previous "
            f"file was kept as {backup}."
        )
    elif "sets" in data:
        try:
            _move_sets_out(path, data)
        except OSError as exc:
            raise write_failed("the database", path, exc) from exc
    return data


def _move_sets_out(path: Path, data: dict[str, Any]) -> None:
    """Write the sets to their own file, then the history without them. A crash in between
    leaves the sets in both; the next start moves them again (the history's copy wins)."""
    from companion.store.files import sets_path

    sets = data.pop("sets", None)
    if sets is not None:
        target = sets_path(path)
        backups.snapshot(target)
        atomic_write(target, encode({"sets": sets}))
    atomic_write(path, encode(data))


def load_sets(path: Path, notices: list[str]) -> dict[str, Any]:
    """The sets file's tables, repaired: a broken file is set aside and its latest good backup
    restored (or an empty table started), with a notice either way."""
    clean_stale_temps(path)
    try:
        data = load_raw(path)
        if data is not None and set(data) - {"sets"}:
            raise BrokenFileError(path, "it holds tables other than the sets")
    except BrokenFileError as exc:
        broken = _set_aside(path, exc)
        data = _restore_sets(path)
        if data is not None:
            notices.append(
                f"The sets file could not be read ({exc.why}). It was moved to {broken} and "
                "kept for recovery; its latest backup was restored (sets of sessions finished "
                "after it are only in the moved file)."
            )
        else:
            notices.append(
                f"The sets file could not be read ({exc.why}). It was moved to {broken} and "
                "kept for recovery; there was no backup, so past sessions show without their "
                "sets."
            )
    if data is None:
        data = _restore_sets(path)
        if data is not None:
            notices.append("The sets file was missing; its latest backup was restored.")
    return data if data is not None else {"sets": {}}


def _restore_sets(path: Path) -> dict[str, Any] | None:
    try:
        restored = backups.restore_latest(path)
    except OSError as err:
        raise write_failed("the restored backup", path, err) from err
    return None if restored is None else load_raw(path)


def load_journal(path: Path, notices: list[str]) -> dict[str, Any] | None:
    """The journal tables, or None; a broken journal is set aside and reported."""
    clean_stale_temps(path)
    try:
        data = load_raw(path)
    except BrokenFileError as exc:
        broken = _set_aside(path, exc)
        notices.append(
            f"The session in progress could not be read ({exc.why}). "
            f"The journal was moved to {broken} and kept for recovery."
        )
        return None
    if data is not None and set(data) - {"session", "sets"}:
        broken = _set_aside(path, BrokenFileError(path, "unexpected tables"))
        notices.append(
            "The session in progress could not be read (the journal holds unexpected tables). "
            f"The journal was moved to {broken} and kept for recovery."
        )
        return None
    return data
