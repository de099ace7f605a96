"""The files of one database, by name, and a stamp that tells whether they changed.

Light on purpose (no TinyDB, no models): the app reads it before the store is opened, to tell
whether the home screen kept from the last run still shows the database as it is.
"""

from __future__ import annotations

from pathlib import Path

Stamp = list[int] | None  # inode, size and modification time; None: no such file


def sets_path(db: Path) -> Path:
    """``companion.json`` → ``companion.sets.json``."""
    return db.with_name(f"{db.stem}.sets{db.suffix or '.json'}")


def journal_path(db: Path) -> Path:
    """``companion.json`` → ``companion.journal.json``."""
    return db.with_name(f"{db.stem}.journal{db.suffix or '.json'}")


def digests_path(db: Path) -> Path:
    """``companion.json`` → ``companion.digests.json``."""
    return db.with_name(f"{db.stem}.digests.json")


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def stamp(path: Path) -> Stamp:
    """What identifies the file as it is now. Every write replaces the file (a new inode), so
    a changed file never has the stamp it had."""
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def sources_stamp(db: Path) -> list[Stamp]:
    """The stamps of the files a store's records live in: history, journal, sets."""
    return [stamp(db), stamp(journal_path(db)), stamp(sets_path(db))]
