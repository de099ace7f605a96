"""The end of the battery: each test's sides, LSI and band, its norm, verdict and change."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from companion.ui.screens.assessment_flow import ResultRow, score_text
from companion.ui.widgets.history_format import band_text

FLAG_NOTE = (
    "a flagged test adds an extra set on the weaker side for exercises that train the same muscles"
)
COLUMNS = ("Test", "Left", "Right", "LSI", "Asym.", "Band", "Change", "Norm")


class AssessmentResults(VerticalScroll):
    """A table of the tests saved in this run, then one verdict line per test."""

    DEFAULT_CSS = """
    AssessmentResults { height: 1fr; }
    AssessmentResults DataTable { height: auto; max-height: 9; }
    AssessmentResults #results-verdicts { height: auto; padding: 1 1 0 1; }
    AssessmentResults #results-note { height: auto; padding: 1 1 0 1; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield DataTable(id="results-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="results-verdicts")
        yield Static("", id="results-note")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in COLUMNS:
            table.add_column(label, key=label.lower().rstrip("."))

    def show(self, rows: list[ResultRow], skipped: list[str], profile_hint: str) -> None:
        table = self.query_one(DataTable)
        table.clear()
        verdicts = Text()
        for row in rows:
            o = row.outcome
            unit = f" {o.unit}"
            table.add_row(
                o.name,
                score_text(o.left) + unit if o.left is not None else "–",
                score_text(o.right) + unit if o.right is not None else "–",
                f"{o.lsi:.1f} %" if o.lsi is not None else "–",
                f"{o.asymmetry:.1f} %" if o.asymmetry is not None else "–",
                band_text(self.app, o.band) if o.band else Text("–"),
                row.change,
                o.norm.text if o.norm else "–",
                key=o.test_id,
            )
            verdicts.append("• ", style="bold")
            verdicts.append(o.verdict + "\n")
        if not rows:
            verdicts.append("No test was recorded this time.\n")
        if skipped:
            verdicts.append(f"Left out: {', '.join(skipped)}.\n", style="dim")
        self.query_one("#results-verdicts", Static).update(verdicts)
        note = Text(FLAG_NOTE + ".")
        if profile_hint:
            note.append("\n" + profile_hint)
        self.query_one("#results-note", Static).update(note)

    def focus_main(self) -> None:
        self.query_one(DataTable).focus()
