"""One past session with every set: what was asked beside what was done."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Label, Static
from textual.worker import Worker, WorkerState

from companion.domain.insights import RecordMark
from companion.domain.models import SessionLog, SetResult, Side
from companion.ui.history_data import HistoryData
from companion.ui.screens.base import CompanionScreen
from companion.ui.widgets.history_format import day_text, load_text, num

if TYPE_CHECKING:
    from companion.store import Store


def target_text(r: SetResult) -> str:
    """The prescription of a set in one cell: ``8-10 × 20 kg``, ``45 s``, ``12 contacts``."""
    parts: list[str] = []
    if r.target_reps is not None:
        hi = r.target_reps_hi
        parts.append(f"{r.target_reps}-{hi}" if hi and hi != r.target_reps else str(r.target_reps))
    if r.target_hold is not None:
        parts.append(f"{r.target_hold} s")
    if r.target_contacts is not None:
        parts.append(f"{r.target_contacts} contacts")
    if r.target_load is not None or (r.bodyweight and parts):
        parts.append(load_text(r.target_load, r.unit, r.bodyweight))
    return " × ".join(parts) or "–"


def actual_cells(r: SetResult) -> tuple[str, str, str, str]:
    """Reps (or contacts / distance), load, hold and RPE as done."""
    if r.skipped:
        return ("skipped", "", "", "")
    if r.reps is not None:
        reps = str(r.reps)
    elif r.contacts is not None:
        reps = f"{r.contacts} contacts"
    elif r.distance_cm is not None:
        reps = f"{num(r.distance_cm)} cm"
    else:
        reps = "–"
    load = load_text(r.load, r.unit, r.bodyweight) if (r.load or r.bodyweight) else "–"
    hold = f"{r.hold_s} s" if r.hold_s is not None else "–"
    return (reps, load, hold, num(r.rpe))


def header_lines(log: SessionLog, marks: list[RecordMark], data: HistoryData) -> list[str]:
    lines = [f"{day_text(log.day)} · {log.plan_name or log.plan_id or 'no plan'}"]
    bits = []
    if log.week is not None:
        bits.append(f"week {log.week}" + (f" ({log.phase})" if log.phase else ""))
    if log.finished_at is not None:
        minutes = round((log.finished_at - log.started_at).total_seconds() / 60)
        bits.append(f"{minutes} min")
    if log.rpe is not None:
        bits.append(f"session RPE {num(log.rpe)}")
    if bits:
        lines.append(" · ".join(bits))
    if log.note:
        lines.append(f"Note: {log.note}")
    for exercise_id, note in log.exercise_notes.items():
        lines.append(f"{data.name(exercise_id)}: {note}")
    for planned, done in log.substitutions.items():
        lines.append(f"Did {data.name(done)} instead of {data.name(planned)}")
    for mark in marks:
        side = f" {mark.side.label.lower()}" if mark.side is not Side.BOTH else ""
        lines.append(f"★ {data.name(mark.exercise_id)}{side}: {mark.text}")
    return lines


class HistorySessionScreen(CompanionScreen[None]):
    """Every set of one finished session; Escape goes back to the list.

    ``sets``: the session's sets, or None while the sets file is still to be read (a quarter
    of a second or more at 50,000 sets, right after a start): the screen opens at once with
    the session's header and reads them from ``store`` in a thread worker.
    """

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="history.session.back")]

    DEFAULT_CSS = """
    HistorySessionScreen #session-title { text-style: bold; padding: 0 1; }
    HistorySessionScreen #session-info { height: auto; max-height: 40%; padding: 0 1;
        color: $text-muted; overflow-y: auto; }
    HistorySessionScreen #session-status { height: auto; padding: 0 1; color: $text-muted; }
    HistorySessionScreen #session-status.-error { color: $text-error; }
    HistorySessionScreen DataTable { height: 1fr; }
    """

    @dataclass
    class SetsRead(Message):
        sets: list[SetResult]

    def __init__(
        self,
        log: SessionLog,
        sets: list[SetResult] | None,
        data: HistoryData,
        store: Store | None = None,
    ) -> None:
        if sets is None and store is None:
            raise ValueError("without the sets, the store to read them from is needed")
        super().__init__()
        self.session_log, self.sets, self.data, self.store = log, sets, data, store

    def compose(self) -> ComposeResult:
        marks = next(
            (r.records for r in self.data.rows() if r.session_id == self.session_log.id), []
        )
        with Vertical():
            yield Label(
                self.session_log.title or self.session_log.session_key or "Session",
                id="session-title",
            )
            yield Static(
                "\n".join(header_lines(self.session_log, marks, self.data)), id="session-info"
            )
            yield Label("Reading this session's sets…", id="session-status")
            yield DataTable(id="session-sets", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in ("Exercise", "Set", "Side", "Target", "Reps", "Load", "Hold", "RPE", "Note"):
            table.add_column(label, key=label.lower())
        table.focus()
        if self.sets is not None:
            self._fill(self.sets)
        else:
            self._read_sets()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _read_sets(self) -> None:
        assert self.store is not None
        self.post_message(self.SetsRead(self.store.session_sets(self.session_log.id)))

    @on(SetsRead)
    def _sets_read(self, event: SetsRead) -> None:
        self.sets = event.sets
        self._fill(event.sets)

    @on(Worker.StateChanged)
    def _read_failed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            status = self.query_one("#session-status", Label)
            status.update(f"Could not read this session's sets: {event.worker.error}")
            status.add_class("-error")

    def _fill(self, sets: list[SetResult]) -> None:
        self.query_one("#session-status", Label).display = False
        table = self.query_one(DataTable)
        previous = None
        for r in sets:
            name = self.data.name(r.exercise_id)
            table.add_row(
                name if name != previous else "",
                f"w{r.set_number}" if r.warmup else str(r.set_number),
                r.side.label.capitalize() or "–",
                target_text(r),
                *actual_cells(r),
                r.note or "",
            )
            previous = name
