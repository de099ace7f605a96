"""Durable storage on TinyDB: history, the session-in-progress journal, lock, backups."""

from companion.store.errors import AlreadyOpenError, Stopped, StoreError
from companion.store.store import Store

__all__ = ["AlreadyOpenError", "Stopped", "Store", "StoreError"]
