"""Small modal questions: confirm, resume, a note, edit a set or a target, pick a session."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from companion.domain.models import Plan, SessionLog, SetResult, Unit
from companion.domain.set_input import InputProblem, parse_count, parse_load
from companion.ui.widgets.set_editor import SetEditor


class Dialog(ModalScreen):
    """A centred box; escape answers None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="warning")
                yield Button(f"{self.no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ResumeDialog(Dialog):
    """An unfinished session was found: resume it, discard it, or decide later."""

    BINDINGS = [
        Binding("r", "answer('resume')", "Resume", id="resume.resume"),
        Binding("d", "answer('discard')", "Discard", id="resume.discard"),
    ]

    def __init__(self, log: SessionLog) -> None:
        super().__init__()
        self.session_log = log

    def compose(self) -> ComposeResult:
        done = sum(1 for s in self.session_log.sets if not s.skipped)
        skipped = len(self.session_log.sets) - done
        started = self.session_log.started_at.strftime("%a %d %b %H:%M")
        apart = f" ({skipped} skipped)" if skipped else ""
        with Vertical(classes="dialog"):
            yield Label("Unfinished session", classes="title")
            yield Label(
                f"{self.session_log.title or 'Session'} started {started}: {done} set"
                f"{'' if done == 1 else 's'} recorded{apart} and safe.",
                classes="question",
            )
            with Horizontal(classes="buttons"):
                yield Button("Resume (r)", id="resume", variant="primary")
                yield Button("Discard… (d)", id="discard", variant="error")
                yield Button("Later (esc)", id="later")

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def action_answer(self, value: str) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "later" else event.button.id)


class NoteDialog(Dialog):
    def __init__(self, title: str, text: str = "") -> None:
        super().__init__()
        self.title_text, self.text = title, text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="title")
            hint = "a note (enter saves, empty removes)"
            yield Input(self.text, placeholder=hint, max_length=300)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class FieldsDialog(Dialog):
    """Inputs checked on Enter; a refusal is shown under them and nothing closes."""

    def __init__(self, title: str, fields: list[tuple[str, str, str]]) -> None:
        """``fields``: (key, label, initial text)."""
        super().__init__()
        self.title_text, self.fields = title, fields

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="title")
            for key, label, initial in self.fields:
                with Horizontal(classes="field"):
                    yield Label(label, classes="field-label")
                    yield Input(initial, id=f"field-{key}", select_on_focus=True)
            yield Label("", id="problem", classes="problem")
            yield Label("enter saves · esc cancels", classes="hint")

    def check(self, values: dict[str, str]) -> dict[str, object]:
        raise NotImplementedError

    @on(Input.Submitted)
    def _submitted(self) -> None:
        raw = {key: self.query_one(f"#field-{key}", Input).value for key, _, _ in self.fields}
        try:
            self.dismiss(self.check(raw))
        except InputProblem as problem:
            self.query_one("#problem", Label).update(str(problem))


class EditSetDialog(Dialog):
    """Change a recorded set: the same fields and keys as the runner (digits, ``f`` next field,
    ``r`` RPE), enter saves, esc drops the typing or closes."""

    BINDINGS = [
        Binding("enter", "save", "Save", id="edit.save", priority=True),
        Binding("f", "next_field", "Field", id="edit.field"),
        Binding("r", "rpe", "RPE", id="edit.rpe"),
    ]

    def __init__(self, result: SetResult, exercise_name: str) -> None:
        super().__init__()
        self.result = result
        side = f" {result.side.label}" if result.side.label else ""
        self.title_text = f"Edit {exercise_name}{side}, set {result.set_number}"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="title")
            yield SetEditor(id="edit-editor")
            yield Label("digits type · f next field · r RPE · enter saves · esc", classes="hint")

    @property
    def editor(self) -> SetEditor:
        return self.query_one(SetEditor)

    def on_mount(self) -> None:
        self.editor.load_result(self.result)

    def on_key(self, event: Key) -> None:
        if self.editor.key(event.key, event.character):
            event.stop()
            event.prevent_default()

    def action_next_field(self) -> None:
        self._try(self.editor.next_field)

    def action_rpe(self) -> None:
        self._try(self.editor.rpe_field)

    def action_save(self) -> None:
        editor = self.editor
        try:
            values = editor.values()
        except InputProblem as problem:
            editor.say(str(problem), "error")
            return
        self.dismiss(dict(values))

    def _try(self, change: Callable[[], None]) -> None:
        try:
            change()
        except InputProblem as problem:
            self.editor.say(str(problem), "error")


class EditTargetDialog(FieldsDialog):
    """Accept or change next session's target for one exercise and side before starting."""

    def __init__(self, title: str, reps: int | None, load: float | None, unit: Unit) -> None:
        self.unit = unit
        super().__init__(
            title,
            [
                ("reps", "reps", "" if reps is None else str(reps)),
                ("load", f"load ({unit})", _text(load)),
            ],
        )

    def check(self, values: dict[str, str]) -> dict[str, object]:
        reps = parse_count("reps", values["reps"]) if values["reps"].strip() else None
        load = parse_load(values["load"], self.unit) if values["load"].strip() else None
        return {"reps": reps, "load": load}


class PickSessionDialog(Dialog):
    """Any session of the plan, not just the one due."""

    def __init__(self, plan: Plan, due_key: str | None, when: str = "today") -> None:
        """``when``: the words home uses for the day the due session falls on."""
        super().__init__()
        self.plan, self.due_key, self.when = plan, due_key, when

    def compose(self) -> ComposeResult:
        options = [
            Option(
                f"{key} — {template.title}"
                + (f"  (due {self.when})" if key == self.due_key else ""),
                id=key,
            )
            for key, template in self.plan.sessions.items()
        ]
        with Vertical(classes="dialog"):
            yield Label("Which session?", classes="title")
            keys = list(self.plan.sessions)
            start = keys.index(self.due_key) if self.due_key in keys else 0
            options_list = OptionList(*options)
            options_list.highlighted = start
            yield options_list

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


def _text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
