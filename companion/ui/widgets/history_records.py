"""The record book: per exercise and side, the heaviest set, best e1RM, longest hold, most reps."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Label

from companion.domain.insights import Best, Records
from companion.domain.models import Side
from companion.ui.history_data import HistoryData
from companion.ui.widgets.history_base import HistoryView
from companion.ui.widgets.history_format import day_text, num

SIDE_ORDER = {Side.LEFT: 0, Side.RIGHT: 1, Side.BOTH: 2}


def record_lines(rec: Records) -> list[tuple[str, str, Best]]:
    """(what, value, best) for each record this exercise and side holds."""
    unit = rec.unit.value
    lines: list[tuple[str, str, Best]] = []
    if (b := rec.heaviest) is not None:
        lines.append(("heaviest", f"{num(b.value)} {unit} × {b.reps}", b))
    if (b := rec.e1rm) is not None:
        lines.append(("best e1RM", f"{b.value:.1f} {unit}", b))
    if (b := rec.longest_hold) is not None:
        lines.append(("longest hold", f"{num(b.value)} s", b))
    if rec.most_reps:
        # the freshest rep record: the load the athlete works at now
        load, b = max(rec.most_reps.items(), key=lambda kv: (kv[1].day, kv[0]))
        at = f"at {num(load)} {unit}" if load else "at bodyweight"
        lines.append((f"most reps {at}", f"{int(b.value)} reps", b))
    return lines


class RecordsView(HistoryView):
    MAIN = "#records-table"  # what has the keys when the view is shown

    @staticmethod
    def prepare(data: HistoryData) -> None:
        """What it opens with: every record."""
        data.records()

    DEFAULT_CSS = """
    RecordsView { height: 1fr; }
    RecordsView #records-info { height: 1; padding: 0 1; color: $text-muted; }
    RecordsView DataTable { height: 1fr; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.data: HistoryData | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="records-info")
        table: DataTable[str] = DataTable(id="records-table", cursor_type="row", zebra_stripes=True)
        yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in ("Exercise", "Side", "Record", "Best", "Date"):
            table.add_column(label, key=label.lower())

    def show(self, data: HistoryData) -> None:
        self.data = data
        book = data.records()
        keys = sorted(book, key=lambda k: (data.name(k[0]), SIDE_ORDER[k[1]]))
        table = self.query_one(DataTable)
        table.clear()
        previous = None
        count = 0
        for exercise_id, side in keys:
            for n, (what, value, best) in enumerate(record_lines(book[(exercise_id, side)])):
                name = data.name(exercise_id)
                table.add_row(
                    name if name != previous else "",
                    (side.label.capitalize() or "–") if n == 0 else "",
                    what, value, day_text(best.day),
                    key=f"{exercise_id}:{side.value}:{what}",
                )  # fmt: skip
                previous = name
                count += 1
        exercises = len({k[0] for k in keys})
        self.query_one("#records-info", Label).update(
            f"{count} records over {exercises} exercises · per side for single-leg work"
            if count
            else "No records yet: they appear once a set is recorded."
        )

    def focus_main(self) -> None:
        self.query_one(self.MAIN).focus()
