"""Durable storage on TinyDB: history, the session-in-progress journal, lock, backups.

``Store`` is imported when first asked for, so that the light modules here (``files``,
``lock``, ``errors``) load without the models and TinyDB.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from companion.store.errors import AlreadyOpenError, NoDatabaseError, Stopped, StoreError

if TYPE_CHECKING:
    from companion.store.store import Store

__all__ = ["AlreadyOpenError", "NoDatabaseError", "Stopped", "Store", "StoreError"]


def __getattr__(name: str) -> object:
    if name == "Store":
        from companion.store.store import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
