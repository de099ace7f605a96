"""Readers for the plain values of a plan: whole numbers, fractions, text, dates, weeks.

The shorthand (counts, loads, durations, tempo, days) is read in ``plan_grammar``.

Each reader returns the model value or raises ``PlanValueError`` whose message says what was
found and what is accepted; the caller adds the file position.
"""

from __future__ import annotations

import re
from datetime import date

from companion.io.plan_errors import PlanValueError, show

_NUM = r"(\d+(?:\.\d+)?)"


def whole(value: object, *, lo: int, hi: int, what: str) -> int:
    """A whole number in ``lo..hi``; ``what`` names it for the message."""
    number = value
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    if isinstance(number, bool) or not isinstance(number, int):
        raise PlanValueError(
            f"found {show(value)}, expected {what}: a whole number from {lo} to {hi}"
        )
    if not lo <= number <= hi:
        raise PlanValueError(f"found {number}, expected {what} from {lo} to {hi}")
    return number


def day(value: object) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PlanValueError(f"found {show(value)}, expected a date written YYYY-MM-DD (2026-12-07)")


def weeks(value: object) -> int:
    """``6``, ``"6 weeks"``, ``"6w"``."""
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+)\s*(?:w|wk|wks|week|weeks)?\s*", value.lower())
        if match:
            value = int(match[1])
    return whole(value, lo=1, hi=52, what="a number of weeks")


def fraction(value: object, *, what: str, lo: float, hi: float) -> float:
    """``0.67`` or ``"67%"``."""
    number: object = value
    if isinstance(value, str):
        match = re.fullmatch(rf"\s*{_NUM}\s*(%)?\s*", value)
        if match:
            number = float(match[1]) / (100 if match[2] else 1)
    if isinstance(number, bool) or not isinstance(number, int | float):
        raise PlanValueError(f"found {show(value)}, expected {what} such as 0.67 or 67%")
    if not lo < number <= hi:
        raise PlanValueError(f"found {show(value)}, expected {what} above {lo:g} and up to {hi:g}")
    return float(number)


def text(value: object, *, what: str) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise PlanValueError(f"found {show(value)}, expected {what}")
