"""One exercise over time: top set, e1RM, volume and left/right symmetry, as a chart and a table.

Per-side exercises get a line per side. The table beside the chart holds the same numbers
(newest first), so the view still reads on a small terminal where the chart gets cramped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Label, Select, Tab, Tabs

from companion.domain.insights import ExerciseSeries, SeriesPoint
from companion.domain.models import Side
from companion.domain.symmetry import OK_AT, band
from companion.ui.history_data import HistoryData
from companion.ui.widgets import history_rows
from companion.ui.widgets.history_base import HistoryView
from companion.ui.widgets.history_chart import HistoryChart, thin
from companion.ui.widgets.history_format import band_text, num, short_day

METRICS = {"top": "Top set", "e1rm": "e1RM", "volume": "Volume", "symmetry": "L/R symmetry"}
SIDE_COLOURS = {Side.LEFT: "cyan", Side.RIGHT: "orange", Side.BOTH: "cyan"}
TABLE_ROWS = 200  # the chart shows all of it; the table the latest days
Getter = Callable[[SeriesPoint], float | None]


def metric_of(series: ExerciseSeries, metric: str, unit: str) -> tuple[str, Getter]:
    """The title and value of ``metric`` for this exercise, falling back to what it records.

    Bodyweight work has no load, so its "top set" is the best set's reps (or the longest hold)
    and its "volume" is the reps done.
    """
    points = [p for line in series.lines.values() for p in line]
    loaded = any(p.top_load for p in points)
    held = any(p.hold for p in points)
    if metric == "top":
        if loaded:
            return f"Top-set load ({unit})", lambda p: p.top_load
        if held:
            return "Longest hold (s)", lambda p: p.hold
        return "Best set (reps)", lambda p: p.best_reps
    if metric == "e1rm":
        return f"Estimated 1RM ({unit})", lambda p: p.e1rm
    if loaded:
        return f"Volume ({unit} × reps)", lambda p: p.volume
    if held:
        return "Time held (s)", lambda p: float(p.hold or 0) * p.sets
    return "Reps", lambda p: p.reps


def _ticks(days: list[date], first: date, n: int = 4) -> tuple[list[float], list[str]]:
    if not days:
        return [], []
    step = max(1, (len(days) - 1) // (n - 1)) if len(days) > 1 else 1
    chosen = days[::step][:n]
    if days[-1] not in chosen:
        chosen[-1] = days[-1]
    return [(d - first).days for d in chosen], [short_day(d) for d in chosen]


class ProgressView(HistoryView):
    MAIN = "#progress-exercise"  # what has the keys when the view is shown

    @staticmethod
    def prepare(data: HistoryData) -> None:
        """What it opens with: the most done exercise's series."""
        exercise = data.most_done()
        if exercise is not None:
            data.series(exercise)

    DEFAULT_CSS = """
    ProgressView { height: 1fr; }
    ProgressView #progress-top { height: auto; }
    ProgressView #progress-exercise { width: 1fr; max-width: 40; }
    ProgressView #progress-info { width: 1fr; padding: 0 1; color: $text-muted; }
    ProgressView #progress-body { height: 1fr; }
    ProgressView HistoryChart { width: 1fr; height: 1fr; min-height: 8; }
    ProgressView #progress-table { width: 38; height: 1fr; }
    ProgressView Tabs { height: 2; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.data: HistoryData | None = None
        self.exercise_id: str | None = None
        self.metric = "top"

    def compose(self) -> ComposeResult:
        with Horizontal(id="progress-top"):
            yield Select[str]([], prompt="Exercise", id="progress-exercise",
                              compact=True)  # fmt: skip
            yield Label("", id="progress-info")
        yield Tabs(*(Tab(label, id=f"metric-{key}") for key, label in METRICS.items()),
                   id="progress-metric")  # fmt: skip
        with Horizontal(id="progress-body"):
            yield HistoryChart(id="progress-chart")
            yield DataTable(id="progress-table", cursor_type="row")

    def show(self, data: HistoryData) -> None:
        self.data = data
        ids = data.exercise_ids()
        select = self.query_one(Select)
        if not ids:
            self.query_one("#progress-info", Label).update("Nothing recorded yet.")
            return
        if self.exercise_id not in ids:
            self.exercise_id = data.most_done()
        with select.prevent(Select.Changed):
            select.set_options((data.name(ex), ex) for ex in ids)
            select.value = self.exercise_id
        self.redraw()

    def choose(self, exercise_id: str) -> None:
        self.exercise_id = exercise_id
        self.query_one(Select).value = exercise_id
        self.redraw()

    def next_metric(self) -> None:
        keys = list(METRICS)
        self.query_one(Tabs).active = f"metric-{keys[(keys.index(self.metric) + 1) % len(keys)]}"

    @on(Select.Changed, "#progress-exercise")
    def _exercise_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.exercise_id:
            self.exercise_id = str(event.value)
            self.redraw()

    @on(Tabs.TabActivated, "#progress-metric")
    def _metric_changed(self, event: Tabs.TabActivated) -> None:
        event.stop()
        metric = (event.tab.id or "metric-top").removeprefix("metric-")
        if metric != self.metric:
            self.metric = metric
            self.redraw()

    def redraw(self) -> None:
        if self.data is None or self.exercise_id is None:
            return
        series = self.data.series(self.exercise_id)
        unit = self.data.index.unit(self.exercise_id).value
        days = sorted({p.day for line in series.lines.values() for p in line})
        info = f"{len(days)} days"
        if len(days) > TABLE_ROWS:
            info += f" (table: latest {TABLE_ROWS})"
        if series.symmetry:
            last = series.symmetry[-1]
            info += f" · latest LSI {num(last.lsi)} % ({band(last.lsi)})"
        self.query_one("#progress-info", Label).update(info)
        chart = self.query_one(HistoryChart)
        plt = chart.plt
        plt.clear_figure()
        table = self.query_one(DataTable)
        history_rows.clear(table, columns=True)
        first = days[0] if days else date.today()
        if self.metric == "symmetry":
            self._symmetry(series, first)
        else:
            self._lines(series, first, unit)
        xs, labels = _ticks(days, first)
        if xs:
            plt.xticks(xs, labels)
        chart.changed()

    def _lines(self, series: ExerciseSeries, first: date, unit: str) -> None:
        title, value = metric_of(series, self.metric, unit)
        plt = self.query_one(HistoryChart).plt
        sides = [s for s in (Side.LEFT, Side.RIGHT, Side.BOTH) if s in series.lines]
        table = self.query_one(DataTable)
        table.add_column("Date", key="date")
        for side in sides:
            table.add_column(side.label.capitalize() or title.split(" (")[0], key=side.value)
        by_day: dict[date, dict[Side, float | None]] = {}
        drawn = False
        for side in sides:
            points = [(p.day, value(p)) for p in series.lines[side]]
            for day, y in points:
                by_day.setdefault(day, {})[side] = y
            shown = [(day, y) for day, y in points if y is not None]
            if shown:
                drawn = True
                xs, ys = thin([(day - first).days for day, _ in shown], [y for _, y in shown])
                plt.plot(
                    xs, ys, label=side.label.lower() or None, color=SIDE_COLOURS[side],
                    marker="braille",
                )  # fmt: skip
        plt.title(title if drawn else f"{title}: nothing to draw (no weighted sets)")
        history_rows.fill(
            table,
            sorted(by_day, reverse=True)[:TABLE_ROWS],
            lambda day: ((short_day(day) + f" {day:%y}", *(num(by_day[day].get(s)) for s in sides)),
                         None),
        )  # fmt: skip

    def _symmetry(self, series: ExerciseSeries, first: date) -> None:
        plt = self.query_one(HistoryChart).plt
        table = self.query_one(DataTable)
        for label in ("Date", "Left", "Right", "LSI", "Band"):
            table.add_column(label, key=label.lower())
        if not series.per_side:
            plt.title("L/R symmetry: this exercise is done with both sides at once")
            return
        points = series.symmetry
        basis = points[-1].basis if points else "e1rm"
        plt.title(f"LSI % (weaker ÷ stronger, by {basis}); line at {OK_AT:g} %")
        if points:
            xs, ys = thin([(p.day - first).days for p in points], [p.lsi for p in points],
                          lowest=True)  # fmt: skip
            plt.plot(xs, ys, label="LSI", color="cyan", marker="braille")
            plt.hline(OK_AT, "red")
            plt.ylim(min(80.0, *(p.lsi for p in points)) - 2, 101)
        history_rows.fill(
            table,
            list(reversed(points))[:TABLE_ROWS],
            lambda p: ((short_day(p.day) + f" {p.day:%y}", num(p.left), num(p.right), num(p.lsi),
                        band_text(self.app, band(p.lsi))), None),
        )  # fmt: skip

    def focus_main(self) -> None:
        self.query_one(self.MAIN).focus()
