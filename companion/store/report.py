"""What a store says about its files: notices, and the gaps among them, kept across runs.

``Report`` is the store's ``notices`` list: every message, in order, each once. A *gap* is a
notice that the data shown is not all there is (a damaged file, sets left out); a reading
command that could not give everything exits non-zero on one.

``Damage`` is ``companion.damage.json`` beside the database: what was found damaged and set
aside, written when it is found and repeated at every open (by the app and by every command)
until the user has dealt with it: deleted or moved away the file kept aside, or, where none
was kept, deleted the damage file itself. It is small and written atomically; a damage file
that cannot be read is ignored (it only repeats what was said).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from companion.store.files import damage_path
from companion.store.storage import atomic_write


class Report(list[str]):
    """The notices, each once; ``gaps``: those that say some data could not be read."""

    def __init__(self) -> None:
        super().__init__()
        self.gaps: list[str] = []
        self.unread_sets = 0  # sets that could not be read, left out of what is shown
        self.bare_sessions = 0  # finished sessions left without sets by a damaged sets file
        self.earlier = 0  # damage found by an earlier open and not yet dealt with
        # called (from whichever thread said it) after each new notice: the app shows it then
        self.listener: Callable[[], None] | None = None

    def say(self, text: str) -> None:
        if text not in self:
            self.append(text)
            if self.listener is not None:
                self.listener()

    def gap(self, text: str) -> None:
        self.say(text)
        if text not in self.gaps:
            self.gaps.append(text)


class Damage:
    """The damage found earlier and not yet dealt with (``companion.damage.json``)."""

    def __init__(self, db: Path, *, writable: bool) -> None:
        self.path = damage_path(db)
        self.writable = writable
        self._lock = threading.Lock()  # found by the sets file's parse and by reads at once
        self.entries: list[dict[str, Any]] = []
        with contextlib.suppress(OSError, ValueError, TypeError):
            entries = orjson.loads(self.path.read_bytes())
            self.entries = [e for e in entries if isinstance(e, dict) and "text" in e]

    def _open(self) -> list[dict[str, Any]]:
        return [e for e in self.entries if not e.get("kept") or Path(e["kept"]).exists()]

    def repeat(self, report: Report) -> None:
        """Say again what is still to deal with; the writer forgets what has been dealt with."""
        still = self._open()
        report.earlier += len(still)
        for entry in still:
            kept = entry.get("kept")
            until = f"{kept} is deleted or moved elsewhere" if kept else f"{self.path} is deleted"
            report.gap(
                f"Found on {entry.get('found', '?')} and not yet dealt with: {entry['text']} "
                f"(this is said at every start until {until})"
            )
        if len(still) != len(self.entries):
            self.entries = still
            self._write()

    def add(self, text: str, kept: Path | None) -> None:
        """Remember damage just found (the writer only; a reader says it and changes nothing)."""
        found = datetime.now().strftime("%Y-%m-%d %H:%M")
        with self._lock:
            self.entries.append({"found": found, "text": text, "kept": str(kept) if kept else None})
            self._write()

    def _write(self) -> None:
        if not self.writable:
            return
        with contextlib.suppress(OSError):  # it only repeats what is said now
            if self.entries:
                atomic_write(self.path, orjson.dumps(self.entries, option=orjson.OPT_INDENT_2))
            else:
                self.path.unlink(missing_ok=True)
