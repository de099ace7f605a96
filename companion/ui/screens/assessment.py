"""The single-leg test battery, run like a session: one test at a time, LEFT then RIGHT.

Reps and centimetres are typed (digits, backspace, enter); the side plank has a count-up clock
(space). Each test is saved as soon as both sides are in, so leaving or a crash later keeps it.
The last step is a results table read against the athlete's profile and the previous test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.message import Message
from textual.widgets import Footer, Label, Static

from companion.domain.assessment import AssessmentTest, battery
from companion.domain.models import AssessmentResult, Side
from companion.domain.set_input import Entry, InputProblem
from companion.domain.timers import HoldState
from companion.ui.colours import bold
from companion.ui.screens.assessment_flow import (
    SCORES,
    WORDS,
    BatteryRun,
    accepted,
    doubt,
    parse_score,
    profile_of,
    result_rows,
    score_text,
)
from companion.ui.screens.assessment_view import (
    PROFILE_HINT,
    entry_hint,
    protocol_text,
    step_text,
    strip_text,
    title_text,
)
from companion.ui.screens.base import CompanionScreen
from companion.ui.widgets.assessment_results import AssessmentResults
from companion.ui.widgets.assessment_timer import StopwatchPanel
from companion.ui.widgets.big_number import BigNumber


@dataclass
class BatteryLoaded(Message):
    tests: list[AssessmentTest]
    earlier: list[AssessmentResult]
    settings: dict[str, object]
    problem: str = ""


@dataclass
class ResultSaved(Message):
    result: AssessmentResult


@dataclass
class ResultNotSaved(Message):
    result: AssessmentResult
    error: str


@dataclass
class BatteryNotLoaded(Message):
    error: str


@dataclass
class _Typing:
    entry: Entry = field(default_factory=Entry)
    message: str = ""
    kind: str = ""
    pending: AssessmentResult | None = field(default=None)  # waiting for (or failed) a save
    asked: tuple[float | None, float | None] | None = None  # the unusual result asked about


class AssessmentScreen(CompanionScreen[None]):
    CSS_PATH = "assessment.tcss"
    BINDINGS = [
        Binding("enter", "record", "Record", id="assessment.record"),
        Binding("enter", "done", "Done", id="assessment.done", priority=True),
        Binding("space", "clock", "Clock", id="assessment.clock"),
        Binding("s", "skip", "Skip test", id="assessment.skip"),
        Binding("u", "redo_left", "Redo left", id="assessment.redo_left"),
        Binding("escape", "leave", "Leave", id="assessment.leave"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.run: BatteryRun | None = None
        self.earlier: list[AssessmentResult] = []
        self.settings: dict[str, object] = {}
        self.typing = _Typing()
        self.saving = False
        self.leaving = False

    def compose(self) -> ComposeResult:
        yield Label("Single-leg tests", id="assess-title")
        with Horizontal(id="assess-body"):
            with Vertical(id="assess-panel"):
                yield Label("loading…", id="assess-name")
                yield Static("", id="assess-step")
                with Horizontal(id="assess-numbers"):
                    yield BigNumber(id="big-left")
                    yield BigNumber(id="big-right")
                yield StopwatchPanel(self.app.clock, id="watch")
                yield Static("", id="assess-entry")
                yield Static("", id="assess-protocol")
            yield Static("", id="assess-strip")
        yield AssessmentResults(id="assess-results")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(AssessmentResults).display = False
        self._load()

    @work(thread=True, group="assessment-load", exit_on_error=False)
    def _load(self) -> None:
        store = self.app.store
        try:
            plan = store.active_plan()
            earlier, settings = store.assessments(), store.settings()
        except Exception as exc:  # noqa: BLE001 - said on home; nothing was typed yet
            self.post_message(BatteryNotLoaded(str(exc) or type(exc).__name__))
            return
        wanted = plan.assessments.tests if plan and plan.assessments else None
        problem = ""
        try:
            tests = battery(wanted, self.app.catalogue)
        except ValueError as exc:
            tests, problem = battery(), f"{exc} — running the default tests instead"
        self.post_message(BatteryLoaded(tests, earlier, settings, problem))

    @on(BatteryNotLoaded)
    def _not_loaded(self, message: BatteryNotLoaded) -> None:
        self.app.notify(f"Could not open the tests: {message.error}", severity="error", timeout=8)
        self.dismiss()

    @on(BatteryLoaded)
    def _loaded(self, message: BatteryLoaded) -> None:
        self.run = BatteryRun(message.tests, self.app.today)
        self.earlier, self.settings = message.earlier, message.settings
        if message.problem:
            self.notify(message.problem, severity="warning", timeout=8)
        self.show_step()

    # -- display -----------------------------------------------------------------------------

    @property
    def stopwatch(self) -> StopwatchPanel:
        return self.query_one(StopwatchPanel)

    def show_step(self) -> None:
        """Put the current test and side on screen, with a fresh clock for timed tests."""
        run = self.run
        if run is None:
            return
        test = run.current
        self.refresh_bindings()
        if test is None:
            self.show_results()
            return
        if test.counts_up_timer:
            self.stopwatch.prepare()
        else:
            self.stopwatch.hide()
        self.query_one("#assess-title", Label).update(title_text(run, test))
        self.query_one("#assess-name", Label).update(test.name.upper())
        self.query_one("#assess-step", Static).update(step_text(run, test))
        self.set_class(run.side is Side.LEFT, "-left")
        self.set_class(run.side is Side.RIGHT, "-right")
        self.query_one("#assess-protocol", Static).update(protocol_text(test))
        self.query_one("#assess-strip", Static).update(strip_text(run))
        self.show_values()

    def show_values(self) -> None:
        run, typing = self.run, self.typing
        test = run.current if run else None
        if run is None or test is None:
            return
        unit = WORDS[test.unit]
        typed = typing.entry.text + ("✗" if typing.entry.refused else "") or "–"
        left = score_text(run.left) if run.side is Side.RIGHT else typed
        right = typed if run.side is Side.RIGHT else "–"
        self.query_one("#big-left", BigNumber).show(left, f"LEFT {unit}")
        self.query_one("#big-right", BigNumber).show(right, f"RIGHT {unit}")
        self.query_one("#big-left").set_class(run.side is Side.LEFT, "-active")
        self.query_one("#big-right").set_class(run.side is Side.RIGHT, "-active")
        entry = Text()
        entry.append(entry_hint(run, test) + "\n", style="dim")
        kind = {"error": "error", "ok": "success"}.get(typing.kind)
        entry.append(typing.message, style=bold(self.app, kind) if kind else "dim")
        self.query_one("#assess-entry", Static).update(entry)
        self.query_one("#assess-entry").set_class(typing.kind == "error", "-error")

    def say(self, message: str, kind: str = "") -> None:
        self.typing.message, self.typing.kind = message, kind
        self.show_values()

    def show_results(self) -> None:
        run = self.run
        assert run is not None
        age, sex = profile_of(self.settings)
        rows = result_rows(run.saved, self.earlier, age, sex)
        names = {t.id: t.name for t in run.tests}
        left_out = [names.get(i, i) for i in run.skipped if i not in {r.test_id for r in run.saved}]
        hint = PROFILE_HINT if age is None or sex is None else ""
        self.query_one("#assess-title", Label).update(
            f"Single-leg tests · results · {len(rows)} saved"
        )
        self.query_one("#assess-body").display = False
        results = self.query_one(AssessmentResults)
        results.display = True
        results.show(rows, left_out, hint)
        results.focus_main()

    # -- typing ------------------------------------------------------------------------------

    def on_key(self, event: Key) -> None:
        run = self.run
        test = run.current if run else None
        if test is None or self.saving:
            return
        typing, char = self.typing, event.character or ""
        if event.key == "backspace":
            typing.entry.backspace()
            typing.message, typing.kind = "", ""
        elif char and (char.isdigit() or char in ".,"):
            if self.stopwatch.state is HoldState.RUNNING:
                return  # the clock is running: space or enter stops it
            try:
                typing.entry.type(SCORES[test.unit], char)
                typing.message, typing.kind = "", ""
            except InputProblem as problem:
                typing.message, typing.kind = str(problem), "error"
            typing.pending = None  # a new value replaces one whose save failed
        else:
            return
        event.stop()
        event.prevent_default()
        self.show_values()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        run = self.run
        test = run.current if run else None
        if action == "done":
            return run is not None and test is None
        if action in ("clock", "skip", "record", "redo_left") and (run is None or test is None):
            return False
        if action == "clock":
            return bool(test and test.counts_up_timer)
        if action == "redo_left":
            return run is not None and run.side is Side.RIGHT
        return True

    # -- actions -----------------------------------------------------------------------------

    def action_record(self) -> None:
        run, typing = self.run, self.typing
        if run is None or self.saving:
            return
        test = run.current
        if test is None:
            return
        if typing.pending is not None:  # the last save failed: try it again
            self._save(typing.pending)
            return
        clock = self.stopwatch.state if test.counts_up_timer else None
        if clock is HoldState.RUNNING:
            self.stopwatch.toggle()  # enter while holding stops the clock and records
        if clock is HoldState.RUNNING or (clock is HoldState.STOPPED and not typing.entry.text):
            typing.entry.fill(str(self.stopwatch.count_up.held if self.stopwatch.count_up else 0))
        if not typing.entry.text:
            how = "press space to time it, or type" if test.counts_up_timer else "type"
            self.say(
                f"{how} the {run.side.label.lower()} side first; {accepted(test.unit)}", "error"
            )
            return
        try:
            typing.entry.standing()
            value = parse_score(test.unit, typing.entry.text)
        except InputProblem as problem:
            self.say(str(problem), "error")
            return
        typed = typing.entry.text
        typing.entry.clear()
        side = run.side
        result = run.enter(value)
        if result is not None and self._doubted(result, typed):
            return
        if result is None:
            self.say(f"{side.label} {score_text(value)} {test.unit} ✓ — now the {run.side.label}")
            self.show_step()
        else:
            self._save(result)

    def _doubted(self, result: AssessmentResult, typed: str) -> bool:
        """Ask once about a result far outside the record or the norms: True while asking
        (the right side's value stays typed, enter again saves it)."""
        age, sex = profile_of(self.settings)
        why = doubt(result, self.earlier, age, sex)
        sides = (result.left, result.right)
        if not why or self.typing.asked == sides:
            return False
        self.typing.entry.fill(typed)
        self.typing.asked = sides
        self.say(
            f"L {score_text(result.left)} / R {score_text(result.right)}: {why}. "
            "Enter again keeps it; type to change the right, u the left",
            "error",
        )
        return True

    def action_done(self) -> None:
        self.dismiss()

    def action_skip(self) -> None:
        run = self.run
        if run is None or run.current is None or self.saving:
            return
        name = run.current.name
        self.typing = _Typing()
        result = run.skip()
        if result is None:
            self.typing.message = f"{name} left out"
            self.show_step()
        else:
            self._save(result)

    def action_redo_left(self) -> None:
        run = self.run
        if run is None or self.saving:
            return
        value = run.redo_left()
        if value is not None:
            self.typing = _Typing(message="left side again")
            self.typing.entry.fill(score_text(value))
            self.show_step()

    def action_clock(self) -> None:
        if not self.saving:
            self.typing.entry.clear()
            self.stopwatch.toggle()
            self.show_values()

    @on(StopwatchPanel.Stopped)
    def _clock_stopped(self, message: StopwatchPanel.Stopped) -> None:
        self.typing.entry.fill(str(message.held))
        self.show_values()

    @work
    async def action_leave(self) -> None:
        from companion.ui.screens.dialogs import ConfirmDialog

        run = self.run
        if self.typing.entry.clear():
            self.say("")
            return
        if run is None or run.finished or not run.started or self.leaving:
            self.dismiss()
            return
        self.leaving = True
        saved = len(run.saved)
        kept = f"The {saved} test{'s' * (saved != 1)} saved so far stay saved." if saved else ""
        question = f"Leave the single-leg tests before the end? {kept}".strip()
        try:
            if await self.app.push_screen_wait(ConfirmDialog(question, "Leave", "Carry on")):
                self.dismiss()
        finally:
            self.leaving = False

    # -- saving ------------------------------------------------------------------------------

    def _save(self, result: AssessmentResult) -> None:
        self.saving = True
        self.typing.pending = result
        self.say("saving…")
        self._write(result)

    @work(thread=True, group="assessment-store", exit_on_error=False)
    def _write(self, result: AssessmentResult) -> None:
        try:
            self.app.store.add_assessments([result])
        except Exception as exc:  # noqa: BLE001 - the values stay on screen for a retry
            self.post_message(ResultNotSaved(result, str(exc) or type(exc).__name__))
        else:
            self.post_message(ResultSaved(result))

    @on(ResultSaved)
    def _saved(self, message: ResultSaved) -> None:
        self.saving = False
        run = self.run
        assert run is not None
        result = message.result
        test = run.current
        run.confirm(result)
        self.typing = _Typing()
        if test is not None:
            sides = f"L {score_text(result.left)} / R {score_text(result.right)} {result.unit}"
            self.typing.message, self.typing.kind = f"saved ✓ {test.name}: {sides}", "ok"
        self.show_step()

    @on(ResultNotSaved)
    def _not_saved(self, message: ResultNotSaved) -> None:
        self.saving = False
        self.say(f"NOT SAVED: {message.error} — enter tries again", "error")
        self.notify(f"Not saved: {message.error}", severity="error", timeout=8)
