"""What the athlete types, checked key by key: a value that cannot be accepted is refused on the
spot with what is accepted, never altered.

Every field is a :class:`Field` (a range, whole or decimal, or a list of steps), and every screen
types through :func:`type_into` and reads through :func:`parse`: the runner, the edit dialog and
the single-leg tests. Every message names the field and what it accepts
(``reps: a whole number 0–100``).
"""

from __future__ import annotations

from dataclasses import dataclass

from companion.domain.models import Unit


class InputProblem(ValueError):
    """Typed input that was refused; the message says what is accepted."""


MAX_LOAD = 500.0
RPE_STEPS: list[float] = [6 + i / 2 for i in range(9)]  # 6, 6.5, … 10
RIR_STEPS: list[float] = [10 - rpe for rpe in reversed(RPE_STEPS)]  # 0, 0.5, … 4


@dataclass(frozen=True)
class Field:
    """One typed value: ``lo``–``hi``, whole or with ``decimals``, or one of ``steps``."""

    name: str
    lo: float = 0
    hi: float = 0
    decimals: int = 0
    steps: tuple[float, ...] = ()
    unit: str = ""

    @property
    def accepted(self) -> str:
        if self.steps:
            return f"{self.name}: {_num(self.steps[0])} to {_num(self.steps[-1])} in half steps"
        kind = "a whole number" if not self.decimals else "a number"
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.name}: {kind} {_num(self.lo)}–{_num(self.hi)}{unit}"


FIELDS = {
    "reps": Field("reps", 0, 100),
    "hold": Field("hold", 0, 600, unit="s"),
    "contacts": Field("contacts", 0, 500),
    "rpe": Field("RPE", steps=tuple(RPE_STEPS)),
    "rir": Field("RIR", steps=tuple(RIR_STEPS)),
}


def load_field(unit: Unit | str) -> Field:
    return Field("load", 0, MAX_LOAD, decimals=3, unit=str(unit))


def type_into(field: Field, text: str, char: str) -> str:
    """``text`` with ``char`` typed after it, or InputProblem if no accepted value starts so."""
    char = "." if char == "," else char
    new = text + char
    if not (char.isdigit() or char == ".") or not _could_become(field, new):
        raise InputProblem(f"{new} is not accepted; {field.accepted}")
    return new


def _could_become(field: Field, text: str) -> bool:
    """True if ``text`` is an accepted value or the start of one."""
    if field.steps:
        return any(_num(step).startswith(text) for step in field.steps)
    whole, dot, fraction = text.partition(".")
    if dot and (not field.decimals or len(fraction) > field.decimals or "." in fraction):
        return False
    if not whole and not dot:
        return True
    return float(text if whole else "0" + text) <= field.hi


MAX_TYPED = 6


class Entry:
    """What is being typed into one field, as every screen takes it.

    Typing replaces a value that was put there (:meth:`fill`: the clock's seconds, a value
    brought back) instead of adding to it. A refused key stays on screen, marked, and neither
    more typing nor :meth:`standing` goes past it until backspace or :meth:`clear`: ``7.5`` in
    reps never becomes ``75`` or ``7``.
    """

    def __init__(self) -> None:
        self.text = ""
        self.refused = ""  # what is accepted, while a refused key stands
        self.filled = False

    def type(self, field: Field, char: str) -> None:
        """Type ``char``; InputProblem (the key kept, marked) if no accepted value starts so."""
        self.standing()
        start = "" if self.filled else self.text
        self.filled = False
        try:
            if len(start) >= MAX_TYPED:
                raise InputProblem(f"{start}{char} is too long; {field.accepted}")
            self.text = type_into(field, start, char)
        except InputProblem as problem:
            self.text = start + char
            self.refused = field.accepted
            raise problem

    def standing(self) -> None:
        """Raise the refusal still on screen, if any."""
        if self.refused:
            raise InputProblem(f"{self.text} refused; {self.refused} — backspace")

    def backspace(self) -> None:
        self.text, self.refused, self.filled = self.text[:-1], "", False

    def clear(self) -> bool:
        """Drop what was typed; False if there was nothing to drop."""
        had = bool(self.text)
        self.text, self.refused, self.filled = "", "", False
        return had

    def fill(self, text: str) -> None:
        """Put ``text`` in as a value to keep or to type over."""
        self.text, self.refused, self.filled = text, "", True


def parse(field: Field, text: str) -> float:
    """The value ``text`` stands for; InputProblem (with what is accepted) if it is not one."""
    text = text.strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise InputProblem(f"{text or 'nothing'} is not accepted; {field.accepted}") from None
    if field.steps:
        if value not in field.steps:
            raise InputProblem(f"{text} is not accepted; {field.accepted}")
        return value
    if not field.decimals and value != int(value):
        raise InputProblem(f"{text} is not accepted; {field.accepted}")
    if not field.lo <= value <= field.hi:
        raise InputProblem(f"{text} is out of range; {field.accepted}")
    return round(value, field.decimals)


def parse_count(field: str, text: str) -> int:
    """Reps, hold seconds or contacts: a whole number within the field's range."""
    return int(parse(FIELDS[field], text))


def parse_load(text: str, unit: Unit) -> float:
    return parse(load_field(unit), text)


def parse_rpe(text: str) -> float:
    return parse(FIELDS["rpe"], text)


def rpe_of_rir(rir: float) -> float:
    """Reps in reserve as RPE: RIR 2 is RPE 8."""
    return 10 - rir


def step_load(load: float | None, step: float, direction: int) -> float:
    """One load step up or down, never below zero nor above the limit."""
    value = (load or 0.0) + direction * step
    return round(min(MAX_LOAD, max(0.0, value)), 3)


def far_from(value: float | None, earlier: float | None, factor: float = 10) -> bool:
    """True when ``value`` is ``factor`` times ``earlier`` or more, or that far below it: worth a
    second look before it goes into the athlete's record."""
    if value is None or earlier is None or earlier <= 0:
        return False
    return value >= earlier * factor or 0 < value <= earlier / factor


def _num(value: float) -> str:
    return f"{value:g}"
