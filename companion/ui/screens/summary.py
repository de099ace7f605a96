"""The end of a session: what was done, records, left/right, what changes next time; then save."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Footer, Input, Label, Static

from companion.domain.models import ExerciseState, SetResult
from companion.domain.runner import SessionRun
from companion.domain.summary import SessionSummary, summarise
from companion.training.today import RunContext
from companion.ui.colours import bold
from companion.ui.screens.base import CompanionScreen


@dataclass
class SessionSaved(Message):
    title: str


@dataclass
class SessionNotSaved(Message):
    error: str


KEYS_HINT = "type the RPE · tab: note · enter: finish and save · esc: back"


def _rpe(text: str) -> float | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 1 <= value <= 10 or value * 2 != int(value * 2):
        raise ValueError(f"{text} is not accepted; session RPE: 1 to 10 in half steps, or blank")
    return value


class SummaryScreen(CompanionScreen[bool]):
    CSS_PATH = "summary.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Finish & save", id="summary.save", priority=True),
        Binding("escape", "back", "Back to session", id="summary.back"),
    ]

    def __init__(
        self, run: SessionRun, context: RunContext, history: dict[str, list[SetResult]]
    ) -> None:
        super().__init__()
        self.run, self.context, self.history = run, context, history
        self.next_states: list[ExerciseState] = []
        self.all_next: list[ExerciseState] | None = None  # every kept target after this session
        self.saving = False

    def compose(self) -> ComposeResult:
        yield Label("", id="summary-title")
        yield Static("", id="summary-stats")
        with VerticalScroll(id="summary-body"):
            yield Static("", id="summary-records")
            yield Static("", id="summary-next")
        with Vertical(id="summary-form"):
            with Horizontal(classes="field"):
                yield Label("Session RPE", classes="field-label")
                yield Input(
                    placeholder="1–10, or leave blank",
                    id="session-rpe",
                    max_length=4,
                    restrict=r"[0-9.,]*",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Note", classes="field-label")
                yield Input(
                    placeholder="how did it go?", id="session-note", max_length=300, compact=True
                )
            yield Label(KEYS_HINT, id="summary-keys")
            yield Label("", id="summary-problem")
            yield Button("Finish and save (enter)", id="save", variant="success", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        log = self.run.log
        before = [r for sets in self.history.values() for r in sets]
        now = self.app.now()
        summary = summarise(
            log, self.run.progress.planned, before, now, self.context.bodyweight_kg
        )
        self.query_one("#summary-title", Label).update(f"Session done — {log.title or 'Session'}")
        self.query_one("#summary-stats", Static).update(self._stats(summary))
        self.query_one("#summary-records", Static).update(self._records(summary))
        self.next_states = self._next_states()
        self.query_one("#summary-next", Static).update(self._next_text())
        if log.rpe is not None:
            self.query_one("#session-rpe", Input).value = f"{log.rpe:g}"
        self.query_one("#session-note", Input).value = log.note or ""
        self.query_one("#session-rpe", Input).focus()  # where typing goes

    def _exercise_label(self, exercise_id: str) -> str:
        for p in self.run.planned:
            if p.exercise_id == exercise_id:
                return p.exercise_name
        catalogue = self.context.catalogue
        return catalogue.get(exercise_id).name if exercise_id in catalogue else exercise_id

    def _stats(self, s: SessionSummary) -> Text:
        text = Text()
        text.append(f"{s.done}", style="bold")
        text.append(f" of {s.planned} sets done")
        if s.skipped:
            text.append(f" ({s.skipped} skipped)")
        text.append(f" · {round(s.minutes)} min")
        if s.volume:
            text.append(f" · volume {s.volume:,.0f} {s.unit}")
        return text

    def _records(self, s: SessionSummary) -> Text:
        text = Text()
        if s.records:
            text.append("Records today\n", style="bold")
            for mark in s.records:
                side = f" {mark.side.label}" if mark.side.label else ""
                name = self._exercise_label(mark.exercise_id)
                text.append(f"  ★ {name}{side}: {mark.text}\n")
        if s.gaps:
            text.append("Left / right today\n", style="bold")
            for g in s.gaps:
                style = {
                    "ok": bold(self.app, "success"),
                    "watch": bold(self.app, "warning"),
                    "flag": bold(self.app, "error"),
                }[g.band]
                text.append(f"  {self._exercise_label(g.exercise_id)}: ")
                text.append(g.comparison.text + "\n", style=style)
        return text

    def _next_states(self) -> list[ExerciseState]:
        from companion.training.finish import moved_on, next_targets

        try:
            self.all_next = next_targets(self.app.store, self.context, self.run.log)
        except (KeyError, ValueError) as exc:
            self.notify(f"Next targets could not be worked out: {exc}", severity="warning")
            self.all_next = []  # saved without moving any target on
            return []
        return moved_on(self.context.plan, self.run.log, self.all_next)

    def _next_text(self) -> Text:
        text = Text()
        if not self.next_states:
            return text
        text.append("Next time\n", style="bold")
        for state in self.next_states:
            side = f" {state.side.label}" if state.side.label else ""
            text.append(f"  {self._exercise_label(state.exercise_id)}{side}: ", style="bold")
            text.append(f"{state.target.reason or 'same again'}\n")
        return text

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()  # enter in either field finishes: the RPE and note are optional

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self.saving:
            return
        problem = self.query_one("#summary-problem", Label)
        try:
            rpe = _rpe(self.query_one("#session-rpe", Input).value)
        except ValueError as exc:
            problem.update(Text(str(exc)))
            return
        note = self.query_one("#session-note", Input).value.strip() or None
        log = self.run.log.model_copy(
            update={"rpe": rpe, "note": note, "finished_at": self.app.now()}
        )
        problem.update("saving…")
        self.saving = True
        self._finish(log, self.all_next)

    @work(thread=True, group="store", exit_on_error=False)
    def _finish(self, log, states: list[ExerciseState] | None) -> None:  # noqa: ANN001
        from companion.training.finish import finish

        try:
            finish(self.app.store, self.context, log, states)
        except Exception as exc:  # noqa: BLE001 - shown to the athlete; the journal still has it
            self.post_message(SessionNotSaved(str(exc) or type(exc).__name__))
        else:
            self.post_message(SessionSaved(log.title))

    @on(SessionSaved)
    def _saved(self, message: SessionSaved) -> None:
        self.dismiss(True)  # the runner under it closes too
        self.app.notify(f"Saved to history: {message.title or 'session'} ✓")

    @on(SessionNotSaved)
    def _not_saved(self, message: SessionNotSaved) -> None:
        self.saving = False
        self.query_one("#summary-problem", Label).update(
            f"NOT SAVED: {message.error} — your sets are safe in the journal; enter retries"
        )

    def action_back(self) -> None:
        if self.run.finished:
            self.notify("Every set is done; finish and save with enter.", timeout=3)
            return
        self.dismiss(False)  # back to the runner under it
