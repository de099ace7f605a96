"""The runner: one set at a time, big enough to read from the bench, every set saved at once."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Key, Resize
from textual.widgets import Footer, Label, Static

from companion.domain.models import Exercise, Measure, PlannedSet, SetResult, Side
from companion.domain.runner import SessionRun, Step, StepKind, count_of
from companion.domain.set_input import InputProblem, far_from
from companion.domain.summary import LastAndBest, describe, marks_by_side
from companion.domain.timers import REST_STEP, HoldState
from companion.training.today import RunContext
from companion.ui.layout import compact
from companion.ui.screens.runner_view import (
    coming_text,
    details_text,
    load_caption,
    set_line,
)
from companion.ui.screens.saving import NotSaved, Saved, SavingScreen, Write
from companion.ui.widgets.big_number import BigNumber
from companion.ui.widgets.hold_timer import HoldPanel
from companion.ui.widgets.rest_timer import RestPanel, RestState
from companion.ui.widgets.session_strip import SessionStrip, progress_text
from companion.ui.widgets.set_editor import SetEditor

COMING = 8  # sets listed under "coming up" (as many as fit are shown)
NO_MARKS = LastAndBest(None, None)


class RunnerScreen(SavingScreen):
    CSS_PATH = "runner.tcss"
    BINDINGS = [
        Binding("enter", "record", "Record set", id="runner.record"),
        Binding("space", "hold", "Hold start/stop", id="runner.hold", show=False),
        Binding("f", "next_field", "Field", id="runner.field"),
        Binding("plus,equals_sign", "load(1)", "+Load", id="runner.load_up", key_display="+"),
        Binding("minus", "load(-1)", "-Load", id="runner.load_down", key_display="-"),
        Binding("r", "rpe", "RPE", id="runner.rpe"),
        Binding("right_square_bracket", "rest(1)", "+15s", id="runner.rest_more", key_display="]"),
        Binding("left_square_bracket", "rest(-1)", "-15s", id="runner.rest_less", key_display="["),
        Binding("x", "end_rest", "End rest", id="runner.rest_skip"),
        Binding("u", "undo", "Undo", id="runner.undo"),
        Binding("e", "edit_last", "Edit last", id="runner.edit_last", show=False),
        Binding("s", "skip_set", "Skip set", id="runner.skip_set", show=False),
        Binding("S", "skip_exercise", "Skip exercise", id="runner.skip_exercise", show=False),
        Binding("v", "substitute", "Swap", id="runner.substitute", show=False),
        Binding("n", "note", "Note", id="runner.note", show=False),
        Binding("p", "pause", "Pause", id="runner.pause"),
        Binding("F", "finish", "Finish", id="runner.finish", show=False),
    ]

    def __init__(self, run: SessionRun, context: RunContext) -> None:
        super().__init__()
        self.run = run
        self.context = context
        self.history: dict[str, list[SetResult]] = {}
        # last and best per (exercise, side) from earlier sessions, computed once per load
        self.marks: dict[tuple[str, Side], LastAndBest] = {}
        self._shown_key: tuple | None = None
        self._shown_text: dict[str, object] = {}
        # a rest started on Enter before the write returned, and the rest it replaced
        self._early: tuple[Step, RestState | None] | None = None
        self._asked: tuple | None = None  # the unusual set already asked about once

    def compose(self) -> ComposeResult:
        clock = self.app.clock
        yield Label("", id="runner-title")
        with Horizontal(id="runner-body"):
            with Vertical(id="set-panel"):
                yield Label("", id="exercise-name")
                yield Static("", id="set-line")
                with Horizontal(id="targets"):
                    yield BigNumber(id="big-count")
                    yield BigNumber(id="big-load")
                yield SetEditor(id="editor")
                yield HoldPanel(clock, id="hold")
                yield RestPanel(clock, id="rest")
                # below the timers and the saved line: what is cut first when space runs out
                yield Static("", id="details")
                yield Static("", id="upcoming")
            yield SessionStrip(id="strip")
        yield Footer()

    def on_mount(self) -> None:
        self.set_class(compact(self.app.size), "-compact")
        self.show_current()
        self.load_history()
        if self.run.finished:  # resumed after the last set: straight to the summary
            self.call_later(self._to_summary)

    def on_resize(self, event: Resize) -> None:
        self.set_class(compact(event.size), "-compact")

    # -- display -----------------------------------------------------------------------------

    @property
    def editor(self) -> SetEditor:
        return self.query_one(SetEditor)

    @property
    def rest(self) -> RestPanel:
        return self.query_one(RestPanel)

    @property
    def hold(self) -> HoldPanel:
        return self.query_one(HoldPanel)

    def show_current(self, keep_values: bool = False) -> None:
        """Put the current set on screen (fresh values unless ``keep_values``)."""
        planned = self.run.current()
        log = self.run.log
        progress = self.run.progress
        title = f"{log.title or 'Session'}"
        if log.week:
            title += f" · week {log.week}"
        if log.phase:
            title += f" · {log.phase}"
        self._put("#runner-title", f"{title}   {progress_text(progress)}")
        self.query_one(SessionStrip).show(self.run.exercises(), progress)
        self._put("#upcoming", coming_text(self.run.coming(COMING)))
        if planned is None:
            return
        key = (planned.exercise_id, planned.set_number, planned.side, planned.warmup)
        if not keep_values or key != self._shown_key:
            self.editor.load_start(planned, self.run.start_values())
            if planned.measure is Measure.HOLD:
                self.hold.prepare(planned.target_hold or 0)
            else:
                self.hold.hide()
        self._shown_key = key
        self._put("#exercise-name", planned.exercise_name.upper())
        self._put("#set-line", set_line(planned))
        # only the set line is coloured by side: restyling it alone keeps a set change cheap
        self.query_one("#set-line").update_classes(
            {"-left": planned.side is Side.LEFT, "-right": planned.side is Side.RIGHT}
        )
        earlier = self.marks.get((planned.exercise_id, planned.side), NO_MARKS)
        self._put("#details", details_text(planned, earlier, self.run.log))
        self.show_values()

    def _put(self, selector: str, content: object) -> None:
        """Update a Label or Static only when what it shows changed (each update re-lays out)."""
        if self._shown_text.get(selector) != content:
            self._shown_text[selector] = content
            self.query_one(selector, Static).update(content)  # type: ignore[arg-type]

    def show_values(self) -> None:
        planned = self.run.current()
        if planned is None:
            return
        editor = self.editor
        typing_count = editor.buffer and editor.active_field == editor.count_field
        count = editor.buffer if typing_count else editor.count
        captions = {"reps": "reps", "hold": "seconds", "contacts": "contacts"}
        caption = captions[editor.count_field]
        lo, hi = planned.target_reps, planned.target_reps_hi
        if lo and hi and hi > lo:
            caption += f" (target {lo}–{hi})"
        self.query_one("#big-count", BigNumber).show("–" if count is None else str(count), caption)
        typing_load = editor.buffer and editor.active_field == "load"
        load = editor.buffer if typing_load else editor.load
        text, load_cap = load_caption(load, planned)
        self.query_one("#big-load", BigNumber).show(text, load_cap)

    @work(thread=True, group="history", exit_on_error=False)
    def load_history(self) -> None:
        store = self.app.store
        found = {
            exercise_id: store.sets(exercise_id)
            for exercise_id in dict.fromkeys(p.exercise_id for p in self.run.planned)
        }
        marks = marks_by_side(
            (r for sets in found.values() for r in sets), exclude_session=self.run.log.id
        )
        self.app.call_from_thread(self._history_loaded, found, marks)

    def _history_loaded(
        self, found: dict[str, list[SetResult]], marks: dict[tuple[str, Side], LastAndBest]
    ) -> None:
        self.history.update(found)
        for exercise_id in found:  # a reload replaces what was known of these exercises
            for side in Side:
                self.marks.pop((exercise_id, side), None)
        self.marks.update(marks)
        self.show_current(keep_values=True)

    # -- typing ------------------------------------------------------------------------------

    def on_key(self, event: Key) -> None:
        if not self.editor.key(event.key, event.character):
            if event.key != "escape":
                return
            self.editor.say("")
        event.stop()
        event.prevent_default()
        self.show_values()

    def action_next_field(self) -> None:
        try:
            self.editor.next_field()
        except InputProblem as problem:
            self.editor.say(str(problem), "error")
        self.show_values()

    def action_load(self, direction: int) -> None:
        planned = self.run.current()
        if planned is not None:
            step = self.context.step_for(planned.exercise_id, planned.unit)
            self.editor.bump_load(step, direction)
            self.show_values()

    def action_rpe(self) -> None:
        try:
            self.editor.rpe_field()
        except InputProblem as problem:
            self.editor.say(str(problem), "error")
        self.show_values()

    # -- recording ---------------------------------------------------------------------------

    def action_record(self) -> None:
        planned = self.run.current()
        if planned is None or self.saving:
            return
        if self.hold.state is HoldState.RUNNING and self.hold.timer is not None:
            self.hold.toggle()  # enter during a hold stops it and records what was held
            self.editor.set_count(self.hold.timer.held)
        try:
            values = self.editor.values()
            needs_load = planned.target_rpe is not None and not planned.bodyweight
            if needs_load and values.get("load") is None:
                raise InputProblem("type the load you used (f, then digits); load: a number 0–500")
        except InputProblem as problem:
            self.editor.say(str(problem), "error")
            self.show_values()
            return
        result = self.run.result_for(**values, at=self.now())
        if self._unusual(planned, result):
            return
        if self.write(Write.RECORD, [result], self.run.log):
            self._rest_early(result)  # first, so the rest is in the next frame drawn
        self.editor.say("saving…")

    def _rest_early(self, result: SetResult) -> None:
        """Start the rest (or side switch) that confirming ``result`` leads to, without waiting
        for the write; the set itself stays current until the store has it."""
        step = self.run.confirm(result)  # what comes next, then taken back at once
        self.run.undo_last()
        if step.kind in (StepKind.REST, StepKind.SWITCH_SIDE):
            self._early = (step, self.rest.state())
            self._after(step)

    def action_skip_set(self) -> None:
        if self.run.current() is not None and not self.saving:
            self.write(Write.RECORD, [self.run.skip_set(self.now())], self.run.log)

    @work
    async def action_skip_exercise(self) -> None:
        from companion.ui.screens.dialogs import ConfirmDialog

        planned = self.run.current()
        if planned is None or self.saving:
            return
        results = self.run.skip_exercise(self.now())
        question = f"Skip the {len(results)} sets of {planned.exercise_name} still to do?"
        if await self.app.push_screen_wait(ConfirmDialog(question, "Skip them", "Keep")):
            self.write(Write.RECORD, results, self.run.log)

    def action_undo(self) -> None:
        last = self.run.last_result()
        if last is None:
            self.editor.say("nothing to undo yet")
        elif not self.saving:
            self.write(Write.UNDO, [last], self.run.log)

    @work
    async def action_edit_last(self) -> None:
        from companion.ui.screens.dialogs import EditSetDialog

        last = self.run.last_result()
        if last is None or last.skipped or self.saving:
            self.editor.say("no recorded set to edit")
            return
        name = next(
            (p.exercise_name for p in self.run.planned if p.exercise_id == last.exercise_id),
            last.exercise_id,
        )
        changes = await self.app.push_screen_wait(EditSetDialog(last, name))
        if changes:
            try:
                edited = self.run.edited(last, **changes)
            except ValueError as exc:
                self.notify(str(exc), severity="error")
                return
            self.write(Write.EDIT, [edited], self.run.log)

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self.saving = False
        if message.kind is Write.RECORD:
            early, self._early = self._early, None
            step = None
            for result in message.results:
                step = self.run.confirm(result)
            shown = message.results[-1]
            self.show_current()
            self.editor.say(f"saved ✓ {self._exercise_label(shown)}: {describe(shown)}", "ok")
            if step is not None and (early is None or early[0] != step):
                self._after(step)
        elif message.kind is Write.UNDO:
            undone = self.run.undo_last()
            self.rest.stop()
            self._shown_key = None  # the set comes back as it started, not as it was recorded
            self.show_current()
            if undone is not None:
                self.editor.say(f"undone: {describe(undone)} — the set is back as it started")
        elif message.kind is Write.EDIT:
            self.run.replace_result(message.results[0])
            self.show_current(keep_values=True)
            self.editor.say(f"last set changed to {describe(message.results[0])} ✓", "ok")
        else:
            self.show_current(keep_values=True)

    @on(NotSaved)
    def _not_saved(self, message: NotSaved) -> None:
        self.saving = False
        if message.kind is Write.RECORD and self._early is not None:
            self.rest.restore(self._early[1])  # the set was not saved: no rest for it yet
            self._early = None
        self.editor.say(f"NOT SAVED: {message.error} — press the key again to retry", "error")
        self.notify(f"Not saved: {message.error}", severity="error", timeout=8)

    def _unusual(self, planned: PlannedSet, result: SetResult) -> bool:
        """Ask once before keeping a set ten times (or a tenth of) the last one on record for
        this exercise and side: True while the question is on screen."""
        earlier = self.marks.get((planned.exercise_id, planned.side), NO_MARKS).last
        today = [
            r for r in self.run.log.sets
            if r.exercise_id == planned.exercise_id and r.side is planned.side and not r.skipped
        ]  # fmt: skip
        last = today[-1] if today else earlier
        if last is None:
            return False
        odd = far_from(count_of(result), count_of(last)) or far_from(result.load, last.load)
        asked = (planned.exercise_id, planned.side, describe(result))
        if not odd or self._asked == asked:
            self._asked = None
            return False
        self._asked = asked
        self.editor.say(
            f"{describe(result)}? Last time {describe(last)} — enter again keeps it, "
            "or type the right value",
            "error",
        )
        return True

    def _exercise_label(self, result: SetResult) -> str:
        for p in self.run.planned:
            if p.exercise_id == result.exercise_id:
                side = f" {result.side.label}" if result.side.label else ""
                return f"{p.exercise_name}{side}"
        return result.exercise_id

    def _after(self, step: Step) -> None:
        if step.kind is StepKind.DONE:
            self.rest.stop()
            self.hold.hide()
            self.app.call_later(self._to_summary)
        elif step.kind is StepKind.SWITCH_SIDE and step.next is not None:
            self.rest.start(step.seconds, f"SWITCH TO {step.next.side.label}", "x: go now")
        elif step.kind is StepKind.REST:
            self.rest.start(step.seconds, "REST", "] +15 s · [ −15 s · x end rest")
        else:
            self.rest.stop()

    # -- timers ------------------------------------------------------------------------------

    def action_rest(self, direction: int) -> None:
        self.rest.add(direction * REST_STEP)

    def action_end_rest(self) -> None:
        self.rest.stop()

    def action_hold(self) -> None:
        self.hold.toggle()

    @on(RestPanel.Ended)
    def _rest_over(self, message: RestPanel.Ended) -> None:
        self.app.bell()
        planned = self.run.current()
        what = "" if planned is None else f" — next: {planned.exercise_name} {planned.side.label}"
        self.notify(f"{message.label.capitalize()} over{what}", timeout=4)

    @on(HoldPanel.Reached)
    def _hold_reached(self) -> None:
        self.app.bell()
        self.notify("Target reached — stop when you like (space)", timeout=3)

    @on(HoldPanel.Stopped)
    def _hold_stopped(self, message: HoldPanel.Stopped) -> None:
        self.editor.set_count(message.held)
        self.show_values()

    # -- session-level actions ---------------------------------------------------------------

    @work
    async def action_substitute(self) -> None:
        from companion.ui.screens.picker import ExercisePicker

        planned = self.run.current()
        if planned is None or self.saving:
            return
        picked = await self.app.push_screen_wait(
            ExercisePicker(self.context.catalogue, planned.exercise_id)
        )
        if isinstance(picked, Exercise):
            self.run.substitute(picked)
            self.write(Write.HEADER, [], self.run.log)
            self.show_current()
            self.editor.say(f"doing {picked.name} instead of {planned.exercise_name}")
            self.load_history()

    @work
    async def action_note(self) -> None:
        from companion.ui.screens.dialogs import NoteDialog

        planned = self.run.current() or (self.run.planned[-1] if self.run.planned else None)
        if planned is None or self.saving:
            return
        current = self.run.log.exercise_notes.get(planned.exercise_id, "")
        dialog = NoteDialog(f"Note: {planned.exercise_name}", current)
        text = await self.app.push_screen_wait(dialog)
        if text is not None:
            self.run.set_note(planned.exercise_id, text)
            self.write(Write.HEADER, [], self.run.log)

    def action_pause(self) -> None:
        """Leave; every confirmed set is already saved and home offers to resume."""
        self.rest.stop()
        self.app.pop_screen()
        self.app.notify("Session paused — every recorded set is saved. Resume from home.")

    @work
    async def action_finish(self) -> None:
        from companion.ui.screens.dialogs import ConfirmDialog

        left = self.run.progress.planned - self.run.progress.settled
        if left and not await self.app.push_screen_wait(
            ConfirmDialog(f"Finish now? {left} planned sets are not done.", "Finish", "Keep going")
        ):
            return
        self._to_summary()

    def _to_summary(self) -> None:
        from companion.ui.screens.summary import SummaryScreen

        if self.app.screen is self:
            self.rest.stop()
            self.app.push_screen(SummaryScreen(self.run, self.context, self.history), self._summed)

    def _summed(self, saved: bool | None) -> None:
        """Back from the summary: saved, the session is over; else carry on where it was."""
        if saved:
            self.app.pop_screen()
        else:
            self.show_current()
