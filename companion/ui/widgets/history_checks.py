"""Assessments (left/right per test, LSI trend and band) and consistency (adherence, streak)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Label

from companion.domain.runs import WeekLoad
from companion.domain.symmetry import OK_AT, WATCH_AT, band
from companion.ui.history_data import HistoryData
from companion.ui.widgets import history_rows
from companion.ui.widgets.history_base import HistoryView
from companion.ui.widgets.history_chart import HistoryChart
from companion.ui.widgets.history_format import band_text, day_text, num, short_day

TEST_COLOURS = ("cyan", "orange", "green", "magenta", "blue")


class AssessmentsView(HistoryView):
    MAIN = "#assess-table"  # what has the keys when the view is shown

    @staticmethod
    def prepare(data: HistoryData) -> None:
        """What it opens with: each test's left/right over time."""
        data.lsi()

    DEFAULT_CSS = """
    AssessmentsView { height: 1fr; }
    AssessmentsView #assess-info { width: 1fr; height: auto; max-height: 3; padding: 0 1; }
    AssessmentsView DataTable { height: 1fr; min-height: 5; }
    AssessmentsView HistoryChart { height: 1fr; min-height: 8; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.data: HistoryData | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="assess-info")
        yield DataTable(id="assess-table", cursor_type="row", zebra_stripes=True)
        yield HistoryChart(id="assess-chart")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in ("Test", "Date", "Left", "Right", "LSI", "Band", "Change"):
            table.add_column(label, key=label.lower())

    def show(self, data: HistoryData) -> None:
        self.data = data
        trend = data.lsi()
        table = self.query_one(DataTable)
        history_rows.clear(table)
        table_rows: list[tuple[str | Text, ...]] = []
        chart = self.query_one(HistoryChart)
        chart.changed()
        plt = chart.plt
        plt.clear_figure()
        latest: list[str] = []
        days = sorted({p.day for points in trend.values() for p in points})
        first = days[0] if days else data.today
        for n, (test_id, points) in enumerate(trend.items()):
            name, unit = data.test_name(test_id), data.test_unit(test_id)
            previous = None
            rows = []
            for p in points:
                change = ""
                if p.lsi is not None and previous is not None:
                    change = f"{p.lsi - previous:+.1f}"
                rows.append((
                    day_text(p.day), f"{num(p.left)} {unit}", f"{num(p.right)} {unit}",
                    num(p.lsi), band_text(self.app, band(p.lsi)) if p.lsi is not None else "–",
                    change,
                ))  # fmt: skip
                previous = p.lsi if p.lsi is not None else previous
            for i, row in enumerate(reversed(rows)):  # newest first within each test
                table_rows.append((name if i == 0 else "", *row))
            scored = [p for p in points if p.lsi is not None]
            if scored:
                last = scored[-1].lsi or 0.0
                latest.append(f"{name} {num(last)} % {band(last)}")
                plt.plot(
                    [(p.day - first).days for p in scored],
                    [p.lsi for p in scored],
                    label=name,
                    color=TEST_COLOURS[n % len(TEST_COLOURS)],
                    marker="braille",
                )
        history_rows.fill(table, table_rows, lambda cells: (cells, None))
        if not trend:
            self.query_one("#assess-info", Label).update(
                "No assessments yet. The single-leg battery runs every few weeks."
            )
            return
        self.query_one("#assess-info", Label).update(
            "Latest LSI: "
            + " · ".join(latest)
            + f"  (ok ≥ {OK_AT:g}, watch {WATCH_AT:g}–{OK_AT:g}, flag < {WATCH_AT:g})"
        )
        plt.title(f"LSI % per test; line at {OK_AT:g} %")
        plt.hline(OK_AT, "red")
        if days:
            step = max(1, len(days) // 4)
            ticks = days[::step]
            plt.xticks([(d - first).days for d in ticks], [short_day(d) for d in ticks])

    def focus_main(self) -> None:
        self.query_one(self.MAIN).focus()


def week_lines(weeks: list[WeekLoad]) -> str:
    """The week strip: per calendar week, the km run (long and hard runs) and the strength
    sessions, a bar for each."""
    top = max((w.run_km for w in weeks), default=0.0) or 1.0
    lines = ["Week of       running                              strength"]
    for w in weeks:
        bar = "█" * round(12 * w.run_km / top)
        marks = " ".join(
            f"{n} {what}" for n, what in ((w.long, "long"), (w.hard, "hard")) if n
        )
        runs = f"{w.run_km:5.1f} km in {w.runs}" + (f" ({marks})" if marks else "")
        lines.append(f"{short_day(w.start):<12}  {bar:<12} {runs:<24} {'●' * w.strength or '–'}")
    return "\n".join(lines)


class ConsistencyView(HistoryView):
    MAIN = "#consistency-table"  # what has the keys when the view is shown

    @staticmethod
    def prepare(data: HistoryData) -> None:
        """What it opens with: the weeks against the plan, the streak, and the week strip of
        runs and strength sessions."""
        data.adherence()
        data.streak()
        data.weeks()

    DEFAULT_CSS = """
    ConsistencyView { height: 1fr; }
    ConsistencyView #consistency-info { width: 1fr; height: auto; padding: 0 1; }
    ConsistencyView #consistency-weeks { width: 1fr; height: auto; padding: 0 1; display: none; }
    ConsistencyView DataTable { height: 1fr; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.data: HistoryData | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="consistency-info")
        yield Label("", id="consistency-weeks")
        table: DataTable[str] = DataTable(id="consistency-table", cursor_type="row",
                                          zebra_stripes=True)  # fmt: skip
        yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in ("Week", "Starts", "Done", "Adherence", "", "Status"):
            table.add_column(label, key=label.lower() or "dots")

    def show(self, data: HistoryData) -> None:
        self.data = data
        info = self.query_one("#consistency-info", Label)
        table = self.query_one(DataTable)
        table.clear()
        strip = self.query_one("#consistency-weeks", Label)
        strip.display = bool(data.runs)  # without runs the plan's weeks say it all
        if data.runs:
            strip.update(week_lines(data.weeks()))
        if data.plan is None:
            info.update("No plan yet: consistency is counted against a plan's weekly schedule.")
            return
        weeks = data.adherence()
        complete = [w for w in weeks if w.complete]
        planned = sum(w.planned for w in complete)
        done = sum(min(w.done, w.planned) for w in complete)
        overall = f"{100 * done / planned:.0f} %" if planned else "–"
        streak = data.streak()
        info.update(
            f"{data.plan.name} · current streak {streak} week{'s' * (streak != 1)} · "
            f"adherence {overall} over {len(complete)} complete weeks ({done} of {planned} "
            "sessions)"
        )
        for w in reversed(weeks):
            dots = "●" * min(w.done, w.planned) + "○" * max(0, w.planned - w.done)
            dots += "+" * max(0, w.done - w.planned)
            if not w.complete:
                status = "this week"
            elif w.met:
                status = "met"
            else:
                status = f"missed {w.planned - w.done}"
            table.add_row(
                str(w.week), day_text(w.start), f"{w.done}/{w.planned}", f"{w.percent:.0f} %",
                dots, status, key=str(w.week),
            )  # fmt: skip

    def focus_main(self) -> None:
        self.query_one(self.MAIN).focus()
