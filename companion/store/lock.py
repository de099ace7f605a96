"""One companion per database: a lock file held for as long as the store is open."""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from companion.store.errors import AlreadyOpenError, StoreError, reason


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


class StoreLock:
    """Taken at once or not at all (timeout 0); the OS releases it if the process dies."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self._lock = FileLock(str(lock_path(db)), timeout=0)

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except Timeout:
            raise AlreadyOpenError(self.db) from None
        except OSError as exc:
            raise StoreError(f"could not open the database {self.db}: {reason(exc)}") from exc

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release()

    @property
    def held(self) -> bool:
        return self._lock.is_locked
