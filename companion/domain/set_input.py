"""What the athlete types on the runner screen, checked: a clear refusal instead of a crash.

Every message names the field and what it accepts (``reps: a whole number 0–100``).
"""

from __future__ import annotations

from companion.domain.models import Unit


class InputProblem(ValueError):
    """Typed input that was refused; the message says what is accepted."""


LIMITS = {"reps": (0, 100), "hold": (0, 600), "contacts": (0, 500)}
MAX_LOAD = 500.0
RPE_STEPS: list[float | None] = [None, *[6 + i / 2 for i in range(9)]]


def parse_count(field: str, text: str) -> int:
    """Reps, hold seconds or contacts: a whole number within the field's range."""
    lo, hi = LIMITS[field]
    accepted = f"{field}: a whole number {lo}–{hi}"
    text = text.strip()
    if not text.isdigit():
        raise InputProblem(f"{text or 'nothing'} is not accepted; {accepted}")
    value = int(text)
    if not lo <= value <= hi:
        raise InputProblem(f"{value} is out of range; {accepted}")
    return value


def parse_load(text: str, unit: Unit) -> float:
    accepted = f"load: a number 0–{MAX_LOAD:g} {unit}"
    text = text.strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise InputProblem(f"{text or 'nothing'} is not accepted; {accepted}") from None
    if not 0 <= value <= MAX_LOAD or value != value:
        raise InputProblem(f"{text} is out of range; {accepted}")
    return round(value, 3)


def parse_rpe(text: str) -> float:
    accepted = "RPE: 6 to 10 in half steps"
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise InputProblem(f"{text.strip() or 'nothing'} is not accepted; {accepted}") from None
    if value not in RPE_STEPS:
        raise InputProblem(f"{text.strip()} is not accepted; {accepted}")
    return value


def next_rpe(current: float | None) -> float | None:
    """Cycle none → 6 → 6.5 → … → 10 → none."""
    index = RPE_STEPS.index(current) if current in RPE_STEPS else 0
    return RPE_STEPS[(index + 1) % len(RPE_STEPS)]


def step_load(load: float | None, step: float, direction: int) -> float:
    """One load step up or down, never below zero nor above the limit."""
    value = (load or 0.0) + direction * step
    return round(min(MAX_LOAD, max(0.0, value)), 3)
