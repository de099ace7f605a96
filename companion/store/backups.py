"""Backups of the last good history files, and moving a broken file out of the way.

A backup is ``companion.json.bak-<timestamp>`` beside the database. Taking one before a write
is a hard link to the current file: the write then renames a new file over the name, so the
link keeps the previous version for free. Only a file that is written is backed up: a closed
segment of the sets, never written again, is its own backup in every one of them (shared, not
copied). Broken files are renamed to ``companion.json.broken-<timestamp>`` and never
overwritten or deleted.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from companion.store.storage import BrokenFileError, atomic_write, load_raw

KEEP = 5
STAMP = "%Y%m%d-%H%M%S-%f"


def _stamp() -> str:
    return datetime.now().strftime(STAMP)


def free_name(path: Path, kind: str) -> Path:
    base = path.with_name(f"{path.name}.{kind}-{_stamp()}")
    candidate, n = base, 1
    while candidate.exists():
        candidate = base.with_name(f"{base.name}-{n}")
        n += 1
    return candidate


def taken_at(backup: Path) -> datetime | None:
    stamp = backup.name.rsplit(".bak-", 1)[-1][: len("20240101-000000-000000")]
    try:
        return datetime.strptime(stamp, STAMP)
    except ValueError:
        return None


def backups(path: Path) -> list[Path]:
    """Backups of ``path``, newest first."""
    prefix = f"{path.name}.bak-"
    try:
        found = [path.parent / n for n in os.listdir(path.parent) if n.startswith(prefix)]
    except FileNotFoundError:
        return []
    return sorted(found, key=lambda p: p.name, reverse=True)


def prune(path: Path, keep: int = KEEP) -> None:
    for old in backups(path)[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()


def prune_segments(db: Path, keep: int = KEEP) -> None:
    """Drop the backups of the sets' segments taken before the oldest backup of the history
    kept: every finish backs up the history, so the database as it was at each of the
    ``keep`` backups kept is that history backup, the first backup of each segment taken
    after it, and the segments not written since. Older segment backups restore nothing
    those do not (until ``keep`` history backups exist, every one is kept)."""
    history = backups(db)
    if len(history) < keep or not history:
        return
    oldest = history[-1].name.rsplit(".bak-", 1)[-1]
    pattern = re.compile(
        rf"{re.escape(db.stem)}\.sets-\d+{re.escape(db.suffix or '.json')}\.bak-(.+)"
    )
    try:
        names = os.listdir(db.parent)
    except OSError:
        return
    for name in names:
        m = pattern.fullmatch(name)
        if m and m[1] < oldest:
            with contextlib.suppress(OSError):
                os.unlink(db.parent / name)


def snapshot(path: Path, keep: int | None = KEEP) -> Path | None:
    """Keep the current file as a backup (hard link, else copy); None if there is no file.

    ``keep``: how many backups to keep afterwards; None prunes nothing (the caller does).
    """
    if not path.exists():
        return None
    target = free_name(path, "bak")
    try:
        os.link(path, target)
    except OSError:
        shutil.copy2(path, target)
    if keep is not None:
        prune(path, keep)
    return target


def move_aside(path: Path) -> Path:
    """Rename a broken file to ``<name>.broken-<timestamp>``; its bytes stay as they were."""
    target = free_name(path, "broken")
    os.rename(path, target)
    return target


def newest_good(path: Path) -> tuple[Path, dict[str, Any]] | None:
    """The newest backup of ``path`` that parses, with its tables (read only)."""
    for backup in backups(path):
        try:
            data = load_raw(backup)
        except (BrokenFileError, OSError):
            continue
        if data is not None:
            return backup, data
    return None


def restore_latest(path: Path) -> Path | None:
    """Copy the newest backup that parses over ``path``; returns it, or None if none is good."""
    found = newest_good(path)
    if found is None:
        return None
    atomic_write(path, found[0].read_bytes())
    return found[0]
