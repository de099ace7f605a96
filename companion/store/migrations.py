"""Schema versions of the history file and the steps that upgrade an older one.

The version lives in the ``meta`` table. Each step takes the raw tables of version ``n`` and
returns those of ``n + 1``; the store takes a backup before running any, and refuses a file
written by a newer companion without touching it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from companion.store.errors import StoreError

# Schema 3 added the runs table; schema 4 (``SEGMENTS_VERSION``) keeps the sets in segments.
SEGMENTS_VERSION = 4
CURRENT_VERSION = SEGMENTS_VERSION
META_ID = "1"

Tables = dict[str, Any]


def fresh_meta() -> dict[str, Any]:
    return {"version": CURRENT_VERSION, "active_plan": None, "settings": {}}


def schema_version(data: Tables) -> int:
    """The file's version; a file with tables but no ``meta`` is a pre-release (version 0)."""
    meta = data.get("meta", {}).get(META_ID)
    if meta is None:
        return 0
    version = meta.get("version")
    if not isinstance(version, int) or version < 0:
        raise StoreError(f"the database's schema version {version!r} is not a whole number")
    return version


def is_new(data: Tables) -> bool:
    return not any(data.values())


def _v0_to_v1(data: Tables) -> Tables:
    """Pre-release files kept each session's sets inside the session and had no ``meta``."""
    sessions: dict[str, Any] = {}
    sets: dict[str, Any] = dict(data.get("sets", {}))
    next_id = max((int(k) for k in sets), default=0) + 1
    for doc_id, doc in data.get("sessions", {}).items():
        header = dict(doc)
        for result in header.pop("sets", []) or []:
            sets[str(next_id)] = {**result, "session_id": header["id"]}
            next_id += 1
        sessions[doc_id] = header
    migrated = {k: v for k, v in data.items() if k not in ("sessions", "sets", "meta")}
    migrated["sessions"] = sessions
    migrated["sets"] = sets
    migrated["meta"] = {META_ID: {"version": 1, "active_plan": None, "settings": {}}}
    return migrated


def _v1_to_v2(data: Tables) -> Tables:
    """Version 2 keeps the sets in a file of their own; the store moves the ``sets`` table
    there when it writes the upgraded history (see ``opening``)."""
    return data


def _v2_to_v3(data: Tables) -> Tables:
    """Version 3 keeps the runs read from a watch's activity files, in a ``runs`` table."""
    return {**data, "runs": dict(data.get("runs") or {})}


def _to_segments(data: Tables) -> Tables:
    """Schema 4 keeps the sets in segments that close (``companion.sets-0001.json``…) instead
    of one file; the store splits the sets when it writes the upgraded history (see
    ``opening``): the history's own tables are as they were."""
    return data


MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {
    0: _v0_to_v1,
    1: _v1_to_v2,
    2: _v2_to_v3,
    SEGMENTS_VERSION - 1: _to_segments,
}


def check_readable(version: int, path: Path) -> None:
    if version > CURRENT_VERSION:
        raise StoreError(
            f"{path} was written by a newer companion (schema {version}); this one reads up to "
            f"{CURRENT_VERSION} — upgrade companion. The file was not changed."
        )


def migrate(data: Tables, path: Path) -> tuple[Tables, int]:
    """Upgrade to the current version; returns the new tables and the version it started at."""
    start = version = schema_version(data)
    check_readable(version, path)
    while version < CURRENT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise StoreError(f"no upgrade from schema {version} for {path}")
        data = step(data)
        version += 1
        data["meta"][META_ID]["version"] = version
    return data, start
