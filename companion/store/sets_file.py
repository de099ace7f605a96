"""The finished sets, in their own TinyDB file beside the history: ``companion.sets.json``.

Years of sets are nearly all of the data (about 17 MB at 50,000 sets) and the home screen needs
none of them, so this file is parsed on first use — the app reads it in the background once
home is on screen — instead of at start.

A set counts once its session is in the history file. Finishing a session writes the sets here
first and the session header there second; a crash in between leaves sets whose session is
still in the journal. Reads skip them, and finishing that session again replaces them.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Container
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from companion.store.opening import Opening, Sessions, load_sets
from companion.store.storage import AtomicJSONStorage

Doc = dict[str, Any]


class SetsFile:
    """The sets table, read on first use; ``committed`` tells which sessions are finished."""

    def __init__(
        self,
        path: Path,
        opening: Opening,
        preloaded: dict[str, Any] | None = None,
    ) -> None:
        """``preloaded``: the sets a reader found still in an older history file (the writer
        moves them here)."""
        self.path = path
        self.opening = opening
        self._db: TinyDB | None = None
        self.set_doc: dict[str, int] = {}
        self.by_session: dict[str, list[int]] = {}
        self.by_exercise: dict[str, list[int]] = {}
        self._parsing = threading.Lock()
        self._parsed: dict[str, Any] | None = None  # read, not yet installed
        if preloaded is not None:
            self._parsed = {"sets": preloaded}

    @property
    def loaded(self) -> bool:
        return self._db is not None

    def load(self, install: Callable[[Callable[[], None]], None], sessions: Sessions) -> None:
        """Parse the file unless it is loaded; ``install`` runs the swap-in under the store's
        lock; ``sessions``: the finished sessions (id and start), to tell which have no sets
        when the file is damaged or missing. The parse holds only a lock of its own, so
        journal writes are not held up by it; a thread asking meanwhile waits for that parse
        and installs what it read, instead of parsing the file a second time."""
        if self._db is not None:
            return
        with self._parsing:
            if self._db is None and self._parsed is None:
                self._parsed = load_sets(self.path, self.opening, sessions)
            data = self._parsed

        def swap() -> None:
            if self._db is None and data is not None:
                self._db = TinyDB(
                    str(self.path),
                    storage=AtomicJSONStorage,
                    what="the history's sets",
                    data=data,
                    writable=self.opening.writable,
                )
            self._parsed = None

        install(swap)

    @property
    def db(self) -> TinyDB:
        if self._db is None:
            raise RuntimeError("the sets file is read on first use: call load() first")
        return self._db

    @property
    def storage(self) -> AtomicJSONStorage:
        return self.db.storage  # type: ignore[return-value]

    def index(self, committed: Container[str]) -> None:
        """Sets by id, session and exercise; only sets of ``committed`` sessions are found by
        id or exercise, every set by session (so finishing a session again replaces them)."""
        set_doc: dict[str, int] = {}
        by_session: dict[str, list[int]] = defaultdict(list)
        by_exercise: dict[str, list[int]] = defaultdict(list)
        for k, d in self.storage.table("sets").items():
            doc_id = int(k)
            session_id = d["session_id"]
            by_session[session_id].append(doc_id)
            if session_id in committed:
                set_doc[d["id"]] = doc_id
                by_exercise[d["exercise_id"]].append(doc_id)
        self.set_doc, self.by_session, self.by_exercise = set_doc, by_session, by_exercise

    def docs_by_id(self, doc_ids: list[int]) -> list[Doc]:
        raw = self.storage.table("sets")
        return [raw[str(i)] for i in doc_ids]

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
