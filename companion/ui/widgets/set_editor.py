"""The values a set will be recorded with, changed with a few keys before Enter.

Digits type into the active field (``f`` moves to the next field), ``+``/``-`` step the load,
``r`` cycles the RPE. Typed text is only checked on Enter, and a refusal says what is accepted.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from companion.domain.models import Measure, PlannedSet, Unit
from companion.domain.set_input import (
    InputProblem,
    next_rpe,
    parse_count,
    parse_load,
    step_load,
)
from companion.ui.colours import bold

COUNT_FIELD = {Measure.REPS: "reps", Measure.HOLD: "hold", Measure.CONTACTS: "contacts"}
MAX_TYPED = 6


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
        self.buffer = ""
        self.message = ""
        self.message_kind = ""
        self._drawn: Text | None = None

    @property
    def fields(self) -> list[str]:
        return [self.count_field, "load"]

    @property
    def active_field(self) -> str:
        return self.fields[self.active]

    def load_target(self, planned: PlannedSet) -> None:
        """Start from the prescription of ``planned``."""
        self.count_field = COUNT_FIELD.get(planned.measure, "reps")
        self.count = {
            "reps": planned.target_reps,
            "hold": planned.target_hold,
            "contacts": planned.target_contacts,
        }[self.count_field]
        self.load = planned.target_load
        self.bodyweight = planned.bodyweight
        self.unit = planned.unit
        self.rpe = None
        self.active = 0
        self.buffer = ""
        self.refresh_view()

    def type_char(self, char: str) -> None:
        if char == "." and (self.active_field != "load" or "." in self.buffer):
            return
        if len(self.buffer) < MAX_TYPED:
            self.buffer += char
        self.refresh_view()

    def backspace(self) -> None:
        self.buffer = self.buffer[:-1]
        self.refresh_view()

    def clear_typing(self) -> bool:
        """Drop what was typed; False if there was nothing to drop."""
        had = bool(self.buffer)
        self.buffer = ""
        self.refresh_view()
        return had

    def next_field(self) -> None:
        self.commit()
        self.active = (self.active + 1) % len(self.fields)
        self.refresh_view()

    def commit(self) -> None:
        """Read what was typed into the active field; raises InputProblem (the typing stays)."""
        if not self.buffer:
            return
        if self.active_field == "load":
            self.load = parse_load(self.buffer, self.unit)
        else:
            self.count = parse_count(self.count_field, self.buffer)
        self.buffer = ""
        self.refresh_view()

    def bump_load(self, step: float, direction: int) -> None:
        self.buffer = "" if self.active_field == "load" else self.buffer
        self.load = step_load(self.load, step, direction)
        self.refresh_view()

    def cycle_rpe(self) -> None:
        self.rpe = next_rpe(self.rpe)
        self.refresh_view()

    def set_count(self, value: int) -> None:
        self.count = value
        if self.active_field == self.count_field:
            self.buffer = ""
        self.refresh_view()

    def values(self) -> dict[str, object]:
        """Keyword arguments for ``SessionRun.result_for``; commits typing first."""
        self.commit()
        if self.count_field == "reps" and self.count is None:
            raise InputProblem("type the reps you did; reps: a whole number 0–100")
        key = {"reps": "reps", "hold": "hold_s", "contacts": "contacts"}[self.count_field]
        return {key: self.count, "load": self.load, "rpe": self.rpe}

    def say(self, message: str, kind: str = "") -> None:
        self.message = message
        self.message_kind = kind
        self.refresh_view()

    def refresh_view(self) -> None:
        text = Text()
        for i, name in enumerate(self.fields):
            shown = self._shown(name)
            if i == self.active and self.buffer:
                shown = self.buffer + "▏"
            style = "reverse bold" if i == self.active else "bold"
            text.append(f"{name} ", style="dim")
            text.append(f" {shown} ", style=style)
            text.append("   ")
        text.append("RPE ", style="dim")
        text.append(f" {'–' if self.rpe is None else f'{self.rpe:g}'} ", style="bold")
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
        if self.count is None:
            return "–"
        return f"{self.count} s" if name == "hold" else str(self.count)
