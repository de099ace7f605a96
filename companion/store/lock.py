"""One companion per database: a lock file held for as long as the store is open.

An advisory lock of the operating system on ``<db>.lock`` (``flock`` on Linux and macOS, a
one-byte ``msvcrt`` lock on Windows): taken at once or not at all, and released by the system
when the process ends, however it ends, so a crash never leaves the database locked. Each open
takes its own descriptor, so a second open in the same process is refused too.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from companion.store.errors import AlreadyOpenError, StoreError, reason
from companion.store.files import lock_path, real_path

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import errno
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class ReadersLock:
    """What a store opened for reading only holds instead of the lock: nothing. Atomic files
    are read whole or not at all, so a reader needs no lock and never blocks the writer."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.held = True

    def acquire(self) -> None:
        self.held = True

    def release(self) -> None:
        self.held = False


def database_file(path: str | Path) -> Path:
    """The database file ``path`` names (symlinks followed), refused if it is a folder."""
    db = real_path(path)
    if db.is_dir():
        raise StoreError(
            f"{db} is a folder, not a database file; --db and COMPANION_DB take the file "
            f"itself, e.g. {db / 'companion.json'}"
        )
    return db


class StoreLock:
    """Taken at once or not at all; the OS releases it if the process dies."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self._fd: int | None = None

    def acquire(self) -> None:
        if self._fd is not None:
            return
        try:
            fd = os.open(lock_path(self.db), os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(
                f"could not open the database {self.db} for writing: {reason(exc)}; "
                "the commands that only read it (export, next, plans) still work"
            ) from exc
        try:
            taken = _try_lock(fd)
        except OSError as exc:
            os.close(fd)
            raise StoreError(f"could not open the database {self.db}: {reason(exc)}") from exc
        if not taken:
            os.close(fd)
            raise AlreadyOpenError(self.db)
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):  # closing the descriptor releases it all the same
            _unlock(fd)
        os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None


def lock_store(path: str | Path) -> StoreLock:
    """Take the lock of the database at ``path`` (creating its folder if needed): the first
    step of ``Store.open``; the app takes it on its own when it opens the store later. The
    lock is on the real file a symlink points to, so two names for it share one lock."""
    path = database_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"could not create the folder for {path}: {reason(exc)}") from exc
    lock = StoreLock(path)
    lock.acquire()
    return lock
