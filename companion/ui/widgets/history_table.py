"""The session list: one row per session, filtered by exercise and date range."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Input, Label, Select

from companion.domain.insights import SessionRow
from companion.ui import layout
from companion.ui.history_data import HistoryData
from companion.ui.layout import NAMES_AT_100, name_widths
from companion.ui.widgets import history_rows
from companion.ui.widgets.history_base import HistoryView
from companion.ui.widgets.history_format import day_text, num, truncate


def parse_day(text: str, which: str) -> date | None:
    """An ISO day or nothing; ValueError with what is accepted otherwise."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{which} date {text!r} is not a date: use YYYY-MM-DD, e.g. 2026-09-01"
        ) from None


def volume_text(row: SessionRow) -> str:
    """Load × reps when there is a load; otherwise reps or seconds held."""
    if row.volume:
        return f"{row.volume:,.0f} {row.unit.value}"
    if row.reps_total:
        return f"{row.reps_total} reps"
    return f"{row.hold_total} s" if row.hold_total else "–"


def table_row(r: SessionRow, widths: tuple[int, int] = NAMES_AT_100) -> history_rows.Row:
    """``widths``: how much of the plan name and the title to show (``layout.name_widths``)."""
    if not r.counted:  # the sets are still being read: the totals show as pending
        sets, volume = (f"…/{r.sets_planned}" if r.sets_planned else "…"), "…"
    else:
        sets = f"{r.sets_done}/{r.sets_planned}" if r.sets_planned else str(r.sets_done)
        volume = volume_text(r)
    return (
        day_text(r.day), truncate(r.plan, widths[0]), truncate(r.title, widths[1]),
        "–" if r.minutes is None else str(r.minutes), sets, volume, num(r.rpe),
        f"★ {len(r.records)}" if r.records else "",
    ), r.session_id  # fmt: skip


def session_table(data: HistoryData) -> history_rows.Rows:
    """Every session's row, as the table shows them at the terminal's width; kept with the
    history it came from."""
    widths = name_widths()
    return data.memo(
        f"session-table-{widths}",
        lambda: history_rows.prepare(data.rows(), partial(table_row, widths=widths)),
    )


class HistoryTable(HistoryView):
    """Sessions, newest first; Enter on a row asks to open that session."""

    MAIN = "#history-table"  # what has the keys when the view is shown

    @staticmethod
    def prepare(data: HistoryData) -> None:
        """What it opens with: the sessions table's rows."""
        session_table(data)

    @dataclass
    class SessionChosen(Message):
        session_id: str

    DEFAULT_CSS = """
    HistoryTable { height: 1fr; }
    HistoryTable #history-filters { height: auto; }
    HistoryTable #history-exercise { width: 1fr; max-width: 36; }
    HistoryTable Input { width: 16; }
    HistoryTable #history-status { height: 1; padding: 0 1; color: $text-muted; }
    HistoryTable #history-status.-error { color: $text-error; }
    HistoryTable DataTable { height: 1fr; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.data: HistoryData | None = None
        self._listed: history_rows.Rows | None = None  # from headers, before the read
        self._shown_widths = name_widths()

    def compose(self) -> ComposeResult:
        with Horizontal(id="history-filters"):
            yield Select[str]([], prompt="All exercises", id="history-exercise", compact=True)
            yield Input(placeholder="from YYYY-MM-DD", id="history-from", compact=True)
            yield Input(placeholder="to YYYY-MM-DD", id="history-to", compact=True)
        yield Label("", id="history-status")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        layout.seen["width"] = self.app.size.width
        self._shown_widths = name_widths()
        table = self.query_one(DataTable)
        for label, key in (
            ("Date", "date"), ("Plan", "plan"), ("Session", "session"), ("Min", "min"),
            ("Sets", "sets"), ("Volume", "volume"), ("RPE", "rpe"), ("Records", "records"),
        ):  # fmt: skip
            table.add_column(label, key=key)

    def preview(self, rows: history_rows.Rows, waiting: str, total: int) -> None:
        """Show ``rows`` (the newest of ``total`` sessions, made from their headers alone:
        ``header_rows``) while the history is read. They can be browsed; the filters wait for
        the read, and ``waiting`` says what for."""
        self._listed = rows
        for field in self.query("#history-filters > *"):
            field.disabled = True
        history_rows.fill_rows(self.query_one(DataTable), rows)
        shown = len(rows.rows)
        count = f"{shown} of {total}" if shown < total else f"{total}"
        self.query_one("#history-status", Label).update(f"{count} sessions · {waiting}…")

    def read_failed(self, problem: str) -> None:
        """The read behind the rows shown ahead of it failed: they are all there will be."""
        if self._listed is not None:
            status = self.query_one("#history-status", Label)
            status.update(Text(f"{problem} (the sessions above are as listed before the read)"))
            status.add_class("-error")

    def show(self, data: HistoryData) -> None:
        self.data = data
        select = self.query_one(Select)
        with select.prevent(Select.Changed):
            select.set_options((data.name(ex), ex) for ex in data.exercise_ids())
        listed, self._listed = self._listed, None
        if listed is None:
            self.refresh_rows()
            return
        for field in self.query("#history-filters > *"):
            field.disabled = False
        table = self.query_one(DataTable)
        rows = session_table(data)
        shown = _texts(listed)
        if shown == _texts(rows, len(shown)):  # as shown: the rest added after them
            history_rows.fill_rows(table, rows, start=len(shown))
            self._status(len(rows.rows), len(rows.rows))
            return
        row = table.cursor_row  # the same sessions in the same order: the cursor stays on its row
        self.refresh_rows()
        if 0 < row < table.row_count:
            table.move_cursor(row=row)

    def filtered(self) -> list[SessionRow] | None:
        """The rows the filters let through, None when they let all through; ValueError if a
        date is not a date."""
        if self.data is None:
            return []
        start = parse_day(self.query_one("#history-from", Input).value, "from")
        end = parse_day(self.query_one("#history-to", Input).value, "to")
        if start and end and end < start:
            raise ValueError(f"the range runs backwards: {end} is before {start}")
        exercise = self.query_one(Select).value
        if exercise is Select.NULL and start is None and end is None:
            return None
        keep = None if exercise is Select.NULL else self.data.sessions_with(str(exercise))
        return [
            row for row in self.data.rows()
            if (keep is None or row.session_id in keep)
            and (start is None or row.day >= start) and (end is None or row.day <= end)
        ]  # fmt: skip

    def refresh_rows(self) -> None:
        status = self.query_one("#history-status", Label)
        try:
            rows = self.filtered()
        except ValueError as exc:
            status.update(Text(str(exc)))
            status.add_class("-error")
            return
        status.remove_class("-error")
        table = self.query_one(DataTable)
        history_rows.clear(table)
        self._shown_widths = name_widths()
        total = len(self.data.rows()) if self.data else 0
        if rows is None and self.data is not None:  # every session: rows made with the history
            history_rows.fill_rows(table, session_table(self.data))
            count = total
        else:
            rows = rows or []
            row = partial(table_row, widths=name_widths())
            history_rows.fill(table, rows, row)  # newest first, a page per refresh
            count = len(rows)
        self._status(count, total)

    def _status(self, count: int, total: int) -> None:
        shown = f"{count} of {total} sessions" if count != total else f"{total} sessions"
        status = self.query_one("#history-status", Label)
        status.update(f"{shown} · Enter opens a session · ★ records set")

    @on(Select.Changed)
    def _filters_changed(self) -> None:
        self.refresh_rows()

    @on(Input.Submitted)
    def _dates_entered(self) -> None:
        """Enter in a date box filters, then hands the keys to the table (arrows, Enter)."""
        self.refresh_rows()
        if not self.query_one("#history-status").has_class("-error"):
            self.focus_main()

    def on_resize(self) -> None:
        """Wider or narrower: the plan and title columns take the width there is."""
        layout.seen["width"] = self.app.size.width
        if self.data is not None and self._shown_widths != name_widths():
            row = self.query_one(DataTable).cursor_row
            self.refresh_rows()
            table = self.query_one(DataTable)
            if 0 < row < table.row_count:
                table.move_cursor(row=row)

    @on(Input.Changed)
    def _date_typed(self, event: Input.Changed) -> None:
        """Filter as soon as a date is complete (or cleared); Enter reports a bad one."""
        if len(event.value.strip()) in (0, 10):
            self.refresh_rows()

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.SessionChosen(event.row_key.value))

    def focus_main(self) -> None:
        self.query_one(self.MAIN).focus()


def _texts(rows: history_rows.Rows, count: int | None = None) -> list[tuple[list[str], str | None]]:
    """The first ``count`` rows' texts and keys (all by default)."""
    return [([str(cell) for cell in cells], key) for cells, key in rows.rows[:count]]
