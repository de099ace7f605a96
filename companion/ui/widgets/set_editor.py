"""The values a set will be recorded with, changed with a few keys before Enter.

One way to type every field, here and in the edit dialog: digits type into the active field
(``f`` moves on), ``r`` moves to the RPE (``r`` again: reps in reserve instead), ``+``/``-`` step
the load. Typing replaces the value shown; a key no accepted value could follow is refused at
once with what is accepted, and nothing is changed.
"""

from __future__ import annotations

from typing import TypedDict

from rich.text import Text
from textual.widgets import Static

from companion.domain.models import Measure, PlannedSet, SetResult, Unit
from companion.domain.runner import StartValues, count_of
from companion.domain.set_input import (
    FIELDS,
    Entry,
    Field,
    InputProblem,
    load_field,
    parse,
    rpe_of_rir,
    step_load,
)
from companion.ui.colours import bold

COUNT_FIELD = {Measure.REPS: "reps", Measure.HOLD: "hold", Measure.CONTACTS: "contacts"}
RESULT_KEY = {"reps": "reps", "hold": "hold_s", "contacts": "contacts"}
TYPED = set("0123456789.,")


class SetValues(TypedDict, total=False):
    """What ``SessionRun.result_for`` takes: the set's count under its own name."""

    reps: int | None
    hold_s: int | None
    contacts: int | None
    load: float | None
    rpe: float | None


class SetEditor(Static):
    """One line of fields and one line for the last message (saved, or what was refused)."""

    DEFAULT_CSS = """
    SetEditor {
        height: 2;
    }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.count_field = "reps"
        self.count: int | None = None
        self.load: float | None = None
        self.rpe: float | None = None
        self.unit = Unit.KG
        self.bodyweight = False
        self.active = 0
        self.rir = False  # the RPE field takes reps in reserve
        self.entry = Entry()
        self.message = ""
        self.message_kind = ""
        self._drawn: Text | None = None

    @property
    def fields(self) -> list[str]:
        return [self.count_field, "load", "rpe"]

    @property
    def active_field(self) -> str:
        return self.fields[self.active]

    def field(self, name: str | None = None) -> Field:
        name = name or self.active_field
        if name == "load":
            return load_field(self.unit)
        if name == "rpe":
            return FIELDS["rir" if self.rir else "rpe"]
        return FIELDS[name]

    def load_start(self, planned: PlannedSet, start: StartValues) -> None:
        """Start ``planned`` from ``start`` (``SessionRun.start_values``)."""
        self.count_field = COUNT_FIELD.get(planned.measure, "reps")
        self._fresh(start.count, start.load, None, planned.unit, planned.bodyweight)

    def load_result(self, result: SetResult) -> None:
        """Start from a recorded set (to edit it)."""
        self.count_field = next(
            (f for f, key in RESULT_KEY.items() if getattr(result, key) is not None), "reps"
        )
        self._fresh(count_of(result), result.load, result.rpe, result.unit, result.bodyweight)

    def _fresh(
        self, count: int | None, load: float | None, rpe: float | None, unit: Unit, bw: bool
    ) -> None:
        self.count, self.load, self.rpe = count, load, rpe
        self.unit, self.bodyweight = unit, bw
        self.active, self.rir = 0, False
        self.entry.clear()
        self.refresh_view()

    # -- keys --------------------------------------------------------------------------------

    def key(self, key: str, character: str | None) -> bool:
        """The typing keys (digits, backspace, esc), as every screen with this editor takes
        them: True if the key was one of them."""
        if character and character in TYPED:
            try:
                self.type_char(character)
            except InputProblem as problem:
                self.say(str(problem), "error")
        elif key == "backspace":
            self.backspace()
        elif key == "escape" and self.buffer:
            self.clear_typing()
        else:
            return False
        return True

    @property
    def buffer(self) -> str:
        """What is typed into the active field ("" if nothing)."""
        return self.entry.text

    def type_char(self, char: str) -> None:
        """Type ``char`` into the active field; InputProblem if refused (see ``Entry``)."""
        self.entry.type(self.field(), char)
        self.say("")

    def backspace(self) -> None:
        self.entry.backspace()
        self.say("")

    def clear_typing(self) -> bool:
        """Drop what was typed; False if there was nothing to drop."""
        had = self.entry.clear()
        self.refresh_view()
        return had

    def next_field(self) -> None:
        self.commit()
        self.active = (self.active + 1) % len(self.fields)
        self.rir = False
        self.refresh_view()

    def rpe_field(self) -> None:
        """To the RPE field; pressed there, switch between RPE and reps in reserve."""
        self.commit()
        if self.active_field == "rpe":
            self.rir = not self.rir
        else:
            self.active, self.rir = self.fields.index("rpe"), False
        self.refresh_view()

    def commit(self) -> None:
        """Read what was typed into the active field; raises InputProblem (the typing stays)."""
        self.entry.standing()
        if not self.buffer:
            return
        value = parse(self.field(), self.buffer)
        if self.active_field == "load":
            self.load = value
        elif self.active_field == "rpe":
            self.rpe = rpe_of_rir(value) if self.rir else value
        else:
            self.count = int(value)
        self.entry.clear()
        self.refresh_view()

    def bump_load(self, step: float, direction: int) -> None:
        if self.active_field == "load":
            self.entry.clear()
        self.load = step_load(self.load, step, direction)
        self.refresh_view()

    def set_count(self, value: int) -> None:
        self.count = value
        if self.active_field == self.count_field:
            self.entry.clear()
        self.refresh_view()

    def values(self) -> SetValues:
        """Keyword arguments for ``SessionRun.result_for``; commits typing first."""
        self.commit()
        if self.count_field == "reps" and self.count is None:
            raise InputProblem("type the reps you did; reps: a whole number 0–100")
        values = SetValues(load=self.load, rpe=self.rpe)
        if self.count_field == "hold":
            values["hold_s"] = self.count
        elif self.count_field == "contacts":
            values["contacts"] = self.count
        else:
            values["reps"] = self.count
        return values

    # -- drawing -----------------------------------------------------------------------------

    def say(self, message: str, kind: str = "") -> None:
        self.message = message
        self.message_kind = kind
        self.refresh_view()

    def refresh_view(self) -> None:
        text = Text()
        for i, name in enumerate(self.fields):
            shown = self._shown(name)
            if i == self.active and self.buffer:
                shown = self.buffer + ("✗" if self.entry.refused else "▏")
            style = "reverse bold" if i == self.active else "bold"
            label = "RIR" if name == "rpe" and self.rir else "RPE" if name == "rpe" else name
            text.append(f"{label} ", style="dim")
            text.append(f" {shown} ", style=style)
            text.append("  ")
        text.append("\n")
        kind = {"error": "error", "ok": "success"}.get(self.message_kind)
        style = bold(self.app, kind) if kind and self.is_attached else "dim"
        text.append(self.message, style=style)
        self.set_class(self.message_kind == "error", "-error")
        if text != self._drawn:
            self._drawn = text
            self.update(text, layout=False)  # always two lines: its size never changes

    def _shown(self, name: str) -> str:
        if name == "load":
            if self.bodyweight:
                return f"BW+{self.load:g} {self.unit}" if self.load else "BW"
            return "–" if self.load is None else f"{self.load:g} {self.unit}"
        if name == "rpe":
            if self.rpe is None:
                return "–"
            return f"{10 - self.rpe:g}" if self.rir else f"{self.rpe:g}"
        if self.count is None:
            return "–"
        return f"{self.count} s" if name == "hold" else str(self.count)
