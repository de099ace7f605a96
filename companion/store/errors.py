"""The errors the store raises; the UI and the CLI show their messages as they are."""

from __future__ import annotations

import errno
from pathlib import Path


class StoreError(Exception):
    """Something the store could not do; the message says what, where and why."""


class AlreadyOpenError(StoreError):
    """Another companion holds the database's lock."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        super().__init__(
            f"the database {self.path} is already open in another companion; "
            "close that one first (only one companion can change a database at a time; "
            "export, next and plans, which only read, work meanwhile)"
        )


class NoDatabaseError(StoreError):
    """A reading command was pointed at a database that does not exist (nothing is created)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        super().__init__(
            f"there is no database at {self.path} (nothing was created there); check --db or "
            "COMPANION_DB, or start one with `companion import PLAN.yaml`"
        )


def reason(exc: OSError) -> str:
    """An OSError in the athlete's words."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) or isinstance(exc, PermissionError):
        return "no permission to write there"
    return exc.strerror or str(exc)


class Stopped(Exception):  # noqa: N818 - it is what happened, not a fault
    """A long read was told to stop by the caller's ``stop`` (the app is closing)."""


def write_failed(what: str, path: Path, exc: OSError) -> StoreError:
    return StoreError(f"could not save {what} to {path}: {reason(exc)}; nothing was changed")
