"""Store calls off the UI thread, reported back as past-tense messages.

One write at a time: the runner refuses a new action while a write is in flight (writes take
milliseconds), so a set is never confirmed on screen before it is on disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from textual import work
from textual.message import Message

from companion.domain.models import SessionLog, SetResult
from companion.ui.screens.base import CompanionScreen


class Write(StrEnum):
    RECORD = "record"  # record_set: a confirmed (or skipped) set
    UNDO = "undo"  # delete_set
    EDIT = "edit"  # replace_set
    HEADER = "header"  # update_session: notes, substitutions


@dataclass
class Saved(Message):
    """The store accepted the write: it is durable."""

    kind: Write
    results: list[SetResult] = field(default_factory=list)


@dataclass
class NotSaved(Message):
    """The store refused or failed; nothing on screen changed, so it can be retried."""

    kind: Write
    results: list[SetResult]
    error: str


class SavingScreen(CompanionScreen):
    """A screen that writes the session in progress through a thread worker."""

    saving = False

    def now(self) -> datetime:
        return self.app.now()

    def write(self, kind: Write, results: list[SetResult], log: SessionLog) -> bool:
        """Start a write; False if another is still running."""
        if self.saving:
            self.notify("Still saving the last change…", severity="warning", timeout=2)
            return False
        self.saving = True
        self._write(kind, results, log.model_copy(update={"sets": []}))
        return True

    @work(thread=True, group="store", exit_on_error=False)
    def _write(self, kind: Write, results: list[SetResult], header: SessionLog) -> None:
        store = self.app.store
        try:
            if kind is Write.RECORD:
                for result in results:
                    store.record_set(result)
            elif kind is Write.UNDO:
                for result in results:
                    store.delete_set(result.id)
            elif kind is Write.EDIT:
                for result in results:
                    store.replace_set(result)
            else:
                store.update_session(header)
        except Exception as exc:  # noqa: BLE001 - any failure must leave the set on screen
            self.post_message(NotSaved(kind, results, str(exc) or type(exc).__name__))
        else:
            self.post_message(Saved(kind, results))
