"""The session in progress, in its own small TinyDB file beside the history.

Confirming a set rewrites only this file (a few kilobytes), so it costs the same with ten
years of history as with none. Finishing a session copies it into the history in one atomic
write and then clears the journal; a journal whose session is already in history is just
cleared on the next start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from companion.store.storage import AtomicJSONStorage

HEADER_ID = 1


class Journal:
    def __init__(self, path: Path, data: dict[str, Any] | None, writable: bool = True) -> None:
        self.path = path
        self.db = TinyDB(
            str(path),
            storage=AtomicJSONStorage,
            what="the session in progress",
            data=data if data is not None or writable else {},
            writable=writable,
        )
        self.storage: AtomicJSONStorage = self.db.storage  # type: ignore[assignment]
        self._header = self.db.table("session")
        self._sets = self.db.table("sets")

    def close(self) -> None:
        self.db.close()

    def header(self) -> dict[str, Any] | None:
        return self.storage.table("session").get(str(HEADER_ID))

    def sets(self) -> list[dict[str, Any]]:
        table = self.storage.table("sets")
        return [table[k] for k in sorted(table, key=int)]

    def _doc_id(self, set_id: str) -> int | None:
        for doc_id, doc in self.storage.table("sets").items():
            if doc.get("id") == set_id:
                return int(doc_id)
        return None

    def has_set(self, set_id: str) -> bool:
        return self._doc_id(set_id) is not None

    def begin(self, header: dict[str, Any], sets: list[dict[str, Any]]) -> None:
        with self.storage.batch():
            self._header.truncate()
            self._sets.truncate()
            self._header.insert(Document(header, doc_id=HEADER_ID))
            if sets:
                self._sets.insert_multiple(sets)

    def update_header(self, header: dict[str, Any]) -> None:
        self._header.upsert(Document(header, doc_id=HEADER_ID))

    def put_set(self, doc: dict[str, Any]) -> None:
        """Add a set, or replace the one with the same id (never a duplicate)."""
        doc_id = self._doc_id(doc["id"])
        if doc_id is None:
            self._sets.insert(doc)
        else:
            with self.storage.batch():
                self._sets.remove(doc_ids=[doc_id])
                self._sets.insert(Document(doc, doc_id=doc_id))

    def delete_set(self, set_id: str) -> bool:
        doc_id = self._doc_id(set_id)
        if doc_id is None:
            return False
        self._sets.remove(doc_ids=[doc_id])
        return True

    def clear(self) -> None:
        with self.storage.batch():
            self._header.truncate()
            self._sets.truncate()
