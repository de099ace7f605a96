"""The files of one database, by name, and a stamp that tells whether they changed.

Light on purpose (no TinyDB, no models): the app reads it before the store is opened, to tell
whether the home screen kept from the last run still shows the database as it is.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from pathlib import Path
from typing import Any

CACHE_ENV = "COMPANION_CACHE"
SEGMENT_SETS = 1_000  # a segment of the sets closes at this many (~350 kB; see sets_file)

Stamp = list[int] | None  # inode, size and modification time; None: no such file


def sets_path(db: Path) -> Path:
    """``companion.json`` → ``companion.sets.json``: every set in one file, as schema 2 kept
    them (read by readers, and split into segments by the writer; see ``segment_path``)."""
    return db.with_name(f"{db.stem}.sets{db.suffix or '.json'}")


def segment_path(db: Path, n: int) -> Path:
    """``companion.json`` → ``companion.sets-0001.json``: the ``n``-th segment of the sets."""
    return db.with_name(f"{db.stem}.sets-{n:04d}{db.suffix or '.json'}")


@functools.cache
def _segment_name(stem: str, suffix: str) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(stem)}\.sets-(\d+){re.escape(suffix or '.json')}")


def segment_numbers(db: Path) -> list[int]:
    """The numbers of the segments on disk, in order (backups and temporary files aside)."""
    pattern = _segment_name(db.stem, db.suffix)
    try:
        names = os.listdir(db.parent)
    except OSError:
        return []
    return sorted(int(m[1]) for m in map(pattern.fullmatch, names) if m)


def sets_sources(db: Path) -> list[tuple[int, Path]]:
    """The files the sets are read from: the segments, or, while it exists, the single sets
    file of a database not yet split (as segment 1). The single file is removed only once the
    split is complete and the history says so: until then it is the truth, whatever segments
    a split cut short left."""
    single = sets_path(db)
    if single.exists():
        return [(1, single)]
    return [(n, segment_path(db, n)) for n in segment_numbers(db)]


def sets_stamp(db: Path) -> list[Any]:
    """What identifies the sets as they are now: each source's number and stamp (as
    ``[[n, stamp(path)], …]`` for ``sets_sources``; one look at the folder, taken at every
    finish)."""
    single = stamp(sets_path(db))
    if single is not None:
        return [[1, single]]
    pattern = _segment_name(db.stem, db.suffix)
    found = []
    try:
        with os.scandir(db.parent) as entries:
            for entry in entries:
                m = pattern.fullmatch(entry.name)
                if m:
                    st = entry.stat()
                    found.append([int(m[1]), [st.st_ino, st.st_size, st.st_mtime_ns]])
    except OSError:
        return []
    return sorted(found)


def journal_path(db: Path) -> Path:
    """``companion.json`` → ``companion.journal.json``."""
    return db.with_name(f"{db.stem}.journal{db.suffix or '.json'}")


def cache_dir(db: Path) -> Path:
    """Where the files derived from one database live (safe to lose, never backed up):
    ``$COMPANION_CACHE``, else the user cache directory, then a folder of this database's
    own, named by its stem and a hash of its resolved path (two databases never share one)."""
    root = os.environ.get(CACHE_ENV)
    if root:
        base = Path(root).expanduser()
    else:
        from platformdirs import user_cache_path

        base = user_cache_path("companion", appauthor=False)
    resolved = str(Path(db).expanduser().resolve())
    key = hashlib.blake2b(resolved.encode("utf-8", "surrogateescape"), digest_size=6).hexdigest()
    return base / f"{db.stem}-{key}"


def digests_path(db: Path) -> Path:
    """The digests of ``db``'s sets, in its cache folder (see ``cache_dir``)."""
    return cache_dir(db) / "digests.json"


def old_derived_paths(db: Path) -> list[Path]:
    """Derived files earlier versions kept beside the database (the digests, before they moved
    to the cache; the history table, no longer kept): removed by the writer's next open."""
    return [
        db.with_name(f"{db.stem}.{kind}.json")
        for kind in ("digests", "table", "home")  # the home views kept by an older launch too
    ]


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def damage_path(db: Path) -> Path:
    """``companion.json`` → ``companion.damage.json``: what was found damaged and set aside,
    repeated at every open until the user has dealt with it (see ``opening.Damage``)."""
    return db.with_name(f"{db.stem}.damage.json")


def real_path(path: str | Path) -> Path:
    """The database file a path names, symlinks followed: two names for one database are one
    database (one lock, one set of files beside it)."""
    return Path(path).expanduser().resolve()


def stamp(path: Path) -> Stamp:
    """What identifies the file as it is now. Every write replaces the file (a new inode), so
    a changed file never has the stamp it had."""
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]
