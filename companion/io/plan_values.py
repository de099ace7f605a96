"""Readers for the small values a coach writes: durations, rep ranges, loads, warm-ups, days.

Each reader returns the model value or raises ``PlanValueError`` whose message says what was
found and what is accepted; the caller adds the file position.
"""

from __future__ import annotations

import re
from datetime import date

from companion.domain.models import (
    Load,
    LoadKind,
    RepRange,
    SideLoads,
    Unit,
    WarmupSet,
    Weekday,
)
from companion.io.plan_errors import PlanValueError, show

_NUM = r"(\d+(?:\.\d+)?)"
_DURATION_FORMS = "90s, 2m, 1:30, 2 min or a number of seconds"
_LOAD_FORMS = "20 kg, a plain number in the plan's units, bodyweight, bw+10, 'RPE 8' or '75%'"
_LB_PER_KG = 2.20462


def duration(value: object, *, lo: int = 0, hi: int = 1200, what: str = "a duration") -> int:
    """Seconds from ``90``, ``90s``, ``2m``, ``2 min``, ``1:30``, ``1m30s``."""
    seconds = _seconds(value)
    if seconds is None:
        raise PlanValueError(f"found {show(value)}, expected {what} such as {_DURATION_FORMS}")
    if not lo <= seconds <= hi:
        raise PlanValueError(
            f"found {show(value)} ({seconds} s), expected {what} from {lo} to {hi} seconds"
        )
    return seconds


def _seconds(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return round(value) if value >= 0 else None
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    clock = re.fullmatch(r"(\d+):([0-5]\d)", text)
    if clock:
        return int(clock[1]) * 60 + int(clock[2])
    units = re.fullmatch(
        rf"(?:{_NUM}\s*(?:m|min|mins|minute|minutes))?\s*"
        rf"(?:{_NUM}\s*(?:s|sec|secs|second|seconds)?)?",
        text,
    )
    if not text or not units or not (units[1] or units[2]):
        return None
    return round(float(units[1] or 0) * 60 + float(units[2] or 0))


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


def reps(value: object) -> RepRange:
    """``8``, ``"6-8"`` (hyphen or en dash) or ``"6 to 8"``."""
    expected = "expected a number of reps (8) or a range low-high (6-8)"
    if isinstance(value, int) and not isinstance(value, bool):
        lo = hi = value
    elif isinstance(value, str) and value.strip().isdigit():
        lo = hi = int(value)
    elif isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+)\s*(?:-|–|to)\s*(\d+)\s*", value)
        if not match:
            raise PlanValueError(f"found {show(value)}, {expected}")
        lo, hi = int(match[1]), int(match[2])
        if hi < lo:
            raise PlanValueError(
                f"found {show(value)}: the range runs backwards; write the low number first "
                f"({hi}-{lo})"
            )
    else:
        raise PlanValueError(f"found {show(value)}, {expected}")
    if not (1 <= lo <= 100 and 1 <= hi <= 100):
        raise PlanValueError(f"found {show(value)}, expected reps from 1 to 100")
    return RepRange(lo=lo, hi=hi)


def _unit(text: str) -> Unit | None:
    text = text.strip().lower()
    if text in ("kg", "kgs", "kilo", "kilos"):
        return Unit.KG
    if text in ("lb", "lbs", "pound", "pounds"):
        return Unit.LB
    return None


def weight(value: object, units: Unit, *, what: str = "a load") -> float:
    """A number in the plan's units: ``20``, ``"20 kg"``; another unit is refused, not converted."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        amount = float(value)
    else:
        match = (
            re.fullmatch(rf"\s*{_NUM}\s*([a-zA-Z]+)?\s*", str(value))
            if isinstance(value, str)
            else None
        )
        if not match:
            raise PlanValueError(f"found {show(value)}, expected {what} such as 20 kg or 2.5")
        amount = float(match[1])
        unit = _unit(match[2]) if match[2] else units
        if unit is None:
            raise PlanValueError(f"found {show(value)}: unknown unit '{match[2]}'; use kg or lb")
        if unit is not units:
            factor = 1 / _LB_PER_KG if unit is Unit.LB else _LB_PER_KG
            near = round(amount * factor * 2) / 2
            raise PlanValueError(
                f"found {show(value)} but the plan's units are {units}; loads are not "
                f"converted: write {near:g} {units} (about {amount:g} {unit}) or set units: {unit}"
            )
    if amount > 500:
        raise PlanValueError(f"found {show(value)}, expected {what} of at most 500 {units}")
    return amount


def load(value: object, units: Unit) -> Load:
    """One side's load; see ``_LOAD_FORMS`` for what a coach may write."""
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("bodyweight", "bw", "body weight", "body-weight"):
            return Load(kind=LoadKind.BODYWEIGHT)
        added = re.fullmatch(r"(?:bodyweight|body weight|bw)\s*\+\s*(.+)", text)
        if added:
            amount = weight(added[1], units, what="an added load")
            return Load(kind=LoadKind.BODYWEIGHT, amount=amount)
        rpe = re.fullmatch(rf"@?\s*rpe\s*{_NUM}", text)
        if rpe:
            target = float(rpe[1])
            if not 6 <= target <= 10 or target * 2 != int(target * 2):
                raise PlanValueError(
                    f"found {show(value)}, expected an RPE from 6 to 10 in half steps (RPE 8)"
                )
            return Load(kind=LoadKind.RPE, rpe=target)
        percent = re.fullmatch(rf"{_NUM}\s*%(?:\s*(?:of\s*)?e?1rm)?", text)
        if percent:
            share = float(percent[1])
            if not 0 < share <= 100:
                raise PlanValueError(f"found {show(value)}, expected a percentage from 1 to 100")
            return Load(kind=LoadKind.PERCENT, percent=share)
    if isinstance(value, dict | list) or value is None or isinstance(value, bool):
        raise PlanValueError(f"found {show(value)}, expected a load: {_LOAD_FORMS}")
    try:
        amount = weight(value, units)
    except PlanValueError as exc:
        if "unit" in str(exc):
            raise
        raise PlanValueError(f"found {show(value)}, expected a load: {_LOAD_FORMS}") from None
    return Load(kind=LoadKind.WEIGHT, amount=amount)


def side_loads(value: dict[str, object], units: Unit) -> SideLoads:
    return SideLoads(left=load(value["left"], units), right=load(value["right"], units))


def warmup_shorthand(value: str, units: Unit) -> list[WarmupSet]:
    """``"2x5 @ 10 kg"``, ``"5 @ 50%"``, ``"1x8 @ bodyweight"``."""
    match = re.fullmatch(r"\s*(?:(\d+)\s*[x×]\s*)?(\d+)\s*(?:@\s*(.+?))?\s*", value)
    if not match:
        raise PlanValueError(
            f"found {show(value)}, expected warm-up sets such as '2x5 @ 10 kg' or '8 @ bodyweight'"
        )
    count = whole(match[1] or 1, lo=1, hi=10, what="the number of warm-up sets")
    rep_count = whole(match[2], lo=1, hi=100, what="warm-up reps")
    set_load = load(match[3], units) if match[3] else Load()
    return [WarmupSet(reps=rep_count, load=set_load) for _ in range(count)]


_DAY_NAMES = {
    "mon": "monday",
    "tue": "tuesday",
    "wed": "wednesday",
    "thu": "thursday",
    "fri": "friday",
    "sat": "saturday",
    "sun": "sunday",
}


def weekday(value: object) -> Weekday:
    """``mon``, ``Monday``, ``MON``."""
    text = str(value).strip().lower() if isinstance(value, str) else ""
    for short, full in _DAY_NAMES.items():
        if text and (text == short or full.startswith(text)) and len(text) >= 3:
            return Weekday(short)
    raise PlanValueError(
        f"found {show(value)}, expected a day of the week: mon, tue, wed, thu, fri, sat or sun"
    )


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
