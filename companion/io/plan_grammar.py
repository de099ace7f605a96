"""The shorthand coaches write, read in one place: counts, sets × reps, effort, loads, rest,
tempo and days.

Each parser takes one value as the coach wrote it and returns what it means, or raises
``PlanValueError`` whose message says what was found, what is accepted and, for a near miss,
what was probably meant. Where the words could be read another way the parser says how it read
them through ``say``; the plan reader reports that as a note at the value's line and column.
The patterns are also the plan schema's (``plan_schema``), so an editor accepts what this reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from companion.domain.loads import convert
from companion.domain.models import Load, LoadKind, RepRange, Unit, WarmupSet, Weekday
from companion.io.plan_errors import PlanValueError, did_you_mean, show

Say = Callable[[str], None]


def quiet(_: str) -> None:
    """A ``say`` for callers that do not report what was understood."""


NUM = r"\d+(?:\.\d+)?"
RANGE = r"\d+(?:\s*(?:-|–|to)\s*\d+)?"
MINUTES = r"(?:m|min|mins|minute|minutes|')"
SECONDS = r'(?:s|sec|secs|second|seconds|")'
PER_SIDE = r"(?:/\s*(?:side|leg|arm)|(?:per|each|a)\s+(?:side|leg|arm)|e/s|each way|per side each)"
CONTACT_WORDS = r"(?:contacts?|ground contacts?|hops?|jumps?|bounds?|skips?)"
AMRAP = r"(?:amrap|max|max reps|as many as possible)"
REP_WORDS = r"(?:reps?|repetitions?)"
SETS_X = r"(\d+(?:\s*(?:-|–)\s*\d+)?)\s*[x×*]\s*"
RPE = rf"@?\s*rpe\s*{NUM}(?:\s*(?:-|–)\s*{NUM})?"
RIR = rf"@?\s*rir\s*{NUM}(?:\s*(?:-|–)\s*{NUM})?"
AT_NUMBER = rf"@\s*{NUM}"
TEMPO = r"[0-9xX](?:-?[0-9xX]){3}"
UNITS = r"(?:kg|kgs|kilo|kilos|lb|lbs|pound|pounds)"
PAIR_WORDS = r"(?:dbs|dumbbells|kbs|kettlebells|each hand|per hand|a hand)"

DURATION_FORMS = "90s, 2m, 1:30, 2 min or a number of seconds"
LOAD_FORMS = (
    "20 kg, a plain number in the plan's units, 2 x 16 kg (a pair of dumbbells), "
    "bodyweight, bw+10, 'RPE 8' or '75%'"
)
PER_SIDE_FORMS = "8/side, 8 per leg, 8 each side or 8 e/s"


# durations --------------------------------------------------------------------------------


def seconds(value: object, say: Say = quiet) -> int | None:
    """Seconds from a duration as written, None when it is not one; ``2:75`` is refused."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return round(value) if value >= 0 else None
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    clock = re.fullmatch(r"(\d+):(\d\d)", text)
    if clock:
        minutes, secs = int(clock[1]), int(clock[2])
        if secs > 59:
            total = minutes * 60 + secs
            raise PlanValueError(
                f"found {show(value)}: after the colon come seconds, 00 to 59; "
                f"did you mean {total // 60}:{total % 60:02d} ({total} s)?"
            )
        return minutes * 60 + secs
    units = re.fullmatch(rf"(?:({NUM})\s*{MINUTES})?\s*(?:({NUM})\s*({SECONDS})?)?", text)
    if not text or not units or not (units[1] or units[2]):
        return None
    total = round(float(units[1] or 0) * 60 + float(units[2] or 0))
    if "'" in text or '"' in text:
        say(f"{value.strip()} read as {total // 60}:{total % 60:02d} ({total} s)")
    return total


def duration(
    value: object, *, lo: int = 0, hi: int = 1200, what: str = "a duration", say: Say = quiet
) -> int:
    """Seconds from ``90``, ``90s``, ``2m``, ``2 min``, ``1:30``, ``1m30s``, ``2'``, ``90"``."""
    total = seconds(value, say)
    if total is None:
        raise PlanValueError(f"found {show(value)}, expected {what} such as {DURATION_FORMS}")
    if not lo <= total <= hi:
        raise PlanValueError(
            f"found {show(value)} ({total} s), expected {what} from {lo} to {hi} seconds"
        )
    return total


# what one set asks for ------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """What one set asks for, as written: reps, a hold, ground contacts, or as many as possible.

    ``per_side`` holds the coach's words when they said the count is for each side.
    """

    reps: RepRange | None = None
    hold: int | None = None
    contacts: int | None = None
    amrap: bool = False
    per_side: str | None = None

    @property
    def key(self) -> str:
        """The long-form key this count stands for: ``reps``, ``hold`` or ``contacts``."""
        return "hold" if self.hold is not None else "contacts" if self.contacts else "reps"


_EXPECTED = {
    "reps": "a number of reps (8), a range low-high (6-8), 8/side or AMRAP",
    "hold": f"a hold time such as {DURATION_FORMS}",
    "contacts": "ground contacts per set, such as 20",
}


def rep_range(value: object) -> RepRange:
    """``8``, ``"6-8"`` (hyphen or en dash) or ``"6 to 8"``, from 1 to 100."""
    if isinstance(value, int) and not isinstance(value, bool):
        lo = hi = value
    else:
        match = re.fullmatch(r"\s*(\d+)\s*(?:(?:-|–|to)\s*(\d+)\s*)?", str(value))
        if not match or isinstance(value, bool):
            raise PlanValueError(f"found {show(value)}, expected {_EXPECTED['reps']}")
        lo, hi = int(match[1]), int(match[2] or match[1])
        if hi < lo:
            raise PlanValueError(
                f"found {show(value)}: the range runs backwards; write the low number first "
                f"({hi}-{lo})"
            )
    if not (1 <= lo <= 100 and 1 <= hi <= 100):
        raise PlanValueError(f"found {show(value)}, expected reps from 1 to 100")
    return RepRange(lo=lo, hi=hi)


def _per_side(text: str, value: object) -> tuple[str, str | None]:
    """The count without its per-side words, and those words; a misspelt side is refused."""
    hit = re.fullmatch(rf"(.*?)\s*({PER_SIDE})", text)
    if hit:
        return hit[1], hit[2]
    near = re.fullmatch(r"(.*?\d\S*)\s*(/\s*|per\s+|each\s+)([a-z/]+)", text)
    if near and not re.fullmatch(rf"{CONTACT_WORDS}|{REP_WORDS}|{SECONDS}|{MINUTES}", near[3]):
        guess = did_you_mean(near[3], ["side", "leg", "arm"]) or "side"
        raise PlanValueError(
            f"found {show(value)}: '{near[3]}' is not a side; did you mean "
            f"'{near[1]}/{guess}'? Per side is written {PER_SIDE_FORMS}"
        )
    return text, None


def count(value: object, key: str = "reps", say: Say = quiet) -> Count:
    """One set's work written under ``key`` (reps, hold or contacts): ``8``, ``6-8``,
    ``8/side``, ``8 per leg``, ``AMRAP``, ``30s``, ``20 contacts``."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise PlanValueError(f"found {show(value)}, expected {_EXPECTED[key]}")
    if not isinstance(value, str):
        if key == "hold":
            return Count(hold=duration(value, lo=1, hi=600, what="a hold time"))
        if key == "contacts":
            return Count(contacts=_contacts(value))
        return Count(reps=rep_range(value))
    text, side = _per_side(value.strip().lower(), value)
    if re.fullmatch(AMRAP, text):
        if key != "reps":
            raise PlanValueError(f"found {show(value)}: AMRAP is written under reps:, not {key}:")
        return Count(amrap=True, per_side=side)
    contacts = re.fullmatch(rf"(\d+)\s*{CONTACT_WORDS}", text) or (
        re.fullmatch(r"(\d+)", text) if key == "contacts" else None
    )
    if contacts:
        return Count(contacts=_contacts(int(contacts[1])), per_side=side)
    reps = re.fullmatch(rf"({RANGE})\s*(?:{REP_WORDS})?", text)
    if reps and key != "hold":
        return Count(reps=rep_range(reps[1]), per_side=side)
    if key == "hold" or re.search(rf"\d\s*(?:{SECONDS}|{MINUTES})$|:", text):
        return Count(hold=duration(text, lo=1, hi=600, what="a hold time", say=say), per_side=side)
    if reps:
        return Count(reps=rep_range(reps[1]), per_side=side)
    raise PlanValueError(f"found {show(value)}, expected {_EXPECTED[key]}")


def _contacts(value: object) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or not 1 <= value <= 500:
        raise PlanValueError(f"found {show(value)}, expected ground contacts from 1 to 500")
    return value


def set_count(value: object, say: Say = quiet) -> tuple[int, int | None]:
    """Working sets: ``3``, or a range ``2-3`` (the lower number; the upper is the cue's)."""
    text = str(value).strip() if isinstance(value, str | int) else ""
    span = re.fullmatch(r"(\d+)\s*(?:-|–|to)\s*(\d+)", text)
    if span and not isinstance(value, bool):
        lo, hi = int(span[1]), int(span[2])
        if not 1 <= lo < hi <= 20:
            raise PlanValueError(
                f"found {show(value)}, expected a range of sets low-high from 1 to 20 (2-3)"
            )
        say(f"{show(value)} sets read as {lo} working sets, and {hi} on a good day (in the cue)")
        return lo, hi
    if text.isdigit() and not isinstance(value, bool) and 1 <= int(text) <= 20:
        return int(text), None
    if text.isdigit():
        raise PlanValueError(f"found {int(text)}, expected the number of sets from 1 to 20")
    raise PlanValueError(
        f"found {show(value)}, expected the number of sets: a whole number from 1 to 20"
    )


@dataclass(frozen=True)
class Prescription:
    """Sets × count in one value, with what followed an ``@`` (a load or an effort) as text."""

    sets: int
    sets_hi: int | None
    count: Count
    load: str | None = None


def prescription(value: object, key: str = "reps", say: Say = quiet) -> Prescription | None:
    """``3x8``, ``3 x 6-8``, ``3×8``, ``3 x 8 each side``, ``3x30s``, ``4 x 20 contacts``,
    ``3 x 8 @ RPE 8``; None when the value is not written as sets × something."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    head = re.match(SETS_X, text.lower())
    if head is None:
        return None
    lo, hi = set_count(head[1].replace(" ", ""), say)
    rest = text[head.end() :].strip()
    body, at, load = rest.partition("@")
    if not body.strip():
        raise PlanValueError(
            f"found {show(value)}: {head[1]} sets of what? Write it as 3x8 (sets × reps), "
            "3x30s (a hold) or 3 x 20 contacts"
        )
    try:
        work = count(body.strip(), key, say)
    except PlanValueError as exc:
        raise PlanValueError(f"{exc} (after the sets, in {show(value)})") from None
    return Prescription(lo, hi, work, (at + load).strip() or None)


def warmup(value: str, units: Unit, say: Say = quiet) -> list[WarmupSet]:
    """Warm-up sets in one value: ``2x5 @ 10 kg``, ``5 @ 50%``, ``8 @ bodyweight``."""
    expected = (
        f"found {show(value)}, expected warm-up sets such as '2x5 @ 10 kg' or '8 @ bodyweight'"
    )
    text = value if re.match(SETS_X, value.strip().lower()) else f"1x{value.strip()}"
    try:
        read = prescription(text, "reps", say)
    except PlanValueError:
        raise PlanValueError(expected) from None
    reps = read.count.reps if read else None
    if read is None or reps is None or reps.lo != reps.hi or read.sets_hi or read.count.per_side:
        raise PlanValueError(expected)
    if read.sets > 10:
        raise PlanValueError(f"found {read.sets}, expected the number of warm-up sets from 1 to 10")
    # in a warm-up a bare number after the @ is a weight in the plan's units, as it always was
    set_load = load(read.load.lstrip("@ "), units, say) if read.load else Load()
    return [WarmupSet(reps=reps.lo, load=set_load) for _ in range(read.sets)]


def exercise_line(value: str) -> tuple[str, str]:
    """``pogo hops 3 x 20``, ``RFESS 3 x 6-8 @ 20 kg``: the exercise's name, then sets × reps."""
    hit = re.search(rf"\s{SETS_X}", value.strip().lower())
    if hit is None or not value.strip()[: hit.start()].strip():
        raise PlanValueError(
            f"found {show(value)}, expected an exercise and its sets × reps in one line, "
            "such as 'pogo hops 3 x 20', or a mapping (exercise:, sets:, reps:)"
        )
    text = value.strip()
    return text[: hit.start()].strip(), text[hit.start() :].strip()


# effort and loads -----------------------------------------------------------------------


def _half_steps(rpe: float) -> bool:
    return 6 <= rpe <= 10 and rpe * 2 == int(rpe * 2)


def effort(text: str, value: object, say: Say = quiet) -> float | None:
    """The RPE of ``@RPE 8``, ``RPE 7.5``, ``@8``, ``RIR 2`` (RPE 8), ``RIR 0-1`` (RPE 9.5);
    None when ``text`` (lower case) is not an effort."""
    if re.fullmatch(RIR, text):
        lo, _, hi = re.sub(r"[@\srir]", "", text).replace("–", "-").partition("-")
        low, high = float(lo), float(hi or lo)
        if not 0 <= low <= high <= 4:
            raise PlanValueError(
                f"found {show(value)}: reps in reserve go from 0 to 4 (RIR 2 = RPE 8); "
                "RIR 0 is a set to failure"
            )
        rpe = 10 - (low + high) / 2
        if not _half_steps(rpe):
            raise PlanValueError(
                f"found {show(value)}: that is RPE {rpe:g}; write reps in reserve in whole "
                "or half reps (RIR 2, RIR 0-1)"
            )
        reserve = f"{lo}-{hi}" if hi else lo
        say(f"{show(value)} read as RPE {rpe:g} ({reserve} reps in reserve)")
        return rpe
    rpe_written = re.fullmatch(RPE, text)
    if rpe_written or re.fullmatch(AT_NUMBER, text):
        numbers = [float(n) for n in re.findall(NUM, text)]
        rpe = sum(numbers) / len(numbers)
        if not _half_steps(rpe):
            at_weight = "" if rpe_written else f"; a weight needs its unit (@ {numbers[0]:g} kg)"
            raise PlanValueError(
                f"found {show(value)}, expected an RPE from 6 to 10 in half steps (RPE 8)"
                + at_weight
            )
        if not rpe_written or len(numbers) > 1:
            say(f"{show(value)} read as RPE {rpe:g}")
        return rpe
    return None


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
            re.fullmatch(rf"\s*({NUM})\s*([a-zA-Z]+)?\s*", str(value))
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
            near = round(convert(amount, unit, units) * 2) / 2
            raise PlanValueError(
                f"found {show(value)} but the plan's units are {units}; loads are not "
                f"converted: write {near:g} {units} (about {amount:g} {unit}) or set units: {unit}"
            )
    if amount > 500:
        raise PlanValueError(f"found {show(value)}, expected {what} of at most 500 {units}")
    return amount


def load(value: object, units: Unit, say: Say = quiet) -> Load:
    """One side's load; ``LOAD_FORMS`` and the effort forms are what a coach may write."""
    if isinstance(value, dict | list) or value is None or isinstance(value, bool):
        raise PlanValueError(f"found {show(value)}, expected a load: {LOAD_FORMS}")
    if isinstance(value, str):
        text = re.sub(r"\s+", " ", value.strip().lower())
        rpe = effort(text, value, say)
        if rpe is not None:
            return Load(kind=LoadKind.RPE, rpe=rpe)
        text = text.removeprefix("@").strip()
        if text in ("bodyweight", "bw", "body weight", "body-weight"):
            return Load(kind=LoadKind.BODYWEIGHT)
        added = re.fullmatch(r"(?:bodyweight|body weight|bw)\s*\+\s*(.+)", text)
        if added:
            amount = weight(added[1], units, what="an added load")
            return Load(kind=LoadKind.BODYWEIGHT, amount=amount)
        percent = re.fullmatch(rf"({NUM})\s*%(?:\s*(?:of\s*)?(?:e?1rm|max))?", text)
        if percent:
            share = float(percent[1])
            if not 0 < share <= 100:
                raise PlanValueError(f"found {show(value)}, expected a percentage from 1 to 100")
            return Load(kind=LoadKind.PERCENT, percent=share)
        pair = re.fullmatch(rf"2\s*[x×*]\s*({NUM}\s*{UNITS}?)(?:\s*(?:db|kb))?", text) or (
            re.fullmatch(rf"({NUM}\s*{UNITS}?)\s*{PAIR_WORDS}", text)
        )
        if pair:
            amount = weight(pair[1], units)
            say(
                f"{show(str(value).lstrip('@ '))} read as a pair of dumbbells, "
                f"{amount:g} {units} in each hand: the load logged is for one hand"
            )
            return Load(kind=LoadKind.WEIGHT, amount=amount, per_hand=True)
        single = re.fullmatch(rf"({NUM}\s*{UNITS}?)\s*(?:db|dumbbell|kb|kettlebell)", text)
        if single:
            return Load(kind=LoadKind.WEIGHT, amount=weight(single[1], units))
        value = text
    try:
        amount = weight(value, units)
    except PlanValueError as exc:
        if "unit" in str(exc):
            raise
        raise PlanValueError(f"found {show(value)}, expected a load: {LOAD_FORMS}") from None
    return Load(kind=LoadKind.WEIGHT, amount=amount)


# tempo and days -------------------------------------------------------------------------


def tempo(value: object) -> str:
    """``3-1-1-0``, ``3110`` or ``31X0``: lower, pause, lift, pause; X as fast as possible."""
    text = str(value).strip() if isinstance(value, str | int) and value is not True else ""
    if not re.fullmatch(TEMPO, text):
        raise PlanValueError(
            f"found {show(value)}, expected four counts such as 3-1-1-0 or 31X0 "
            "(lower, pause, lift, pause; X means as fast as possible)"
        )
    return text.replace("x", "X")


_DAY_NAMES = {
    "mon": ("monday", "m", "mo"),
    "tue": ("tuesday", "tu", "tues"),
    "wed": ("wednesday", "w", "we", "weds"),
    "thu": ("thursday", "th", "thur", "thurs"),
    "fri": ("friday", "f", "fr"),
    "sat": ("saturday", "sa"),
    "sun": ("sunday", "su"),
}
DAY_SPLIT = r"\s*(?:[/,&+;]|\band\b|\s)\s*"


def weekday(value: object) -> Weekday:
    """``mon``, ``Monday``, ``MON``, ``M``, ``Th``, ``Tues``."""
    text = str(value).strip().lower().rstrip(".") if isinstance(value, str) else ""
    for short, (full, *other) in _DAY_NAMES.items():
        if text and (text in other or (len(text) >= 3 and full.startswith(text))):
            return Weekday(short)
    if text in ("t", "s"):
        both = "tue or thu: write Tu or Th" if text == "t" else "sat or sun: write Sa or Su"
        raise PlanValueError(f"found {show(value)}: that could be {both}")
    guess = did_you_mean(text, [full for full, *_ in _DAY_NAMES.values()]) if text else None
    hint = f"did you mean {guess[:3]}? " if guess else ""
    raise PlanValueError(
        f"found {show(value)}, {hint}expected a day of the week: mon, tue, wed, thu, fri, "
        "sat or sun"
    )


def day_words(value: object) -> list[object]:
    """A list of days as written: a list as it is; ``Mon/Thu``, ``M Th`` or
    ``monday, thursday`` split into their days."""
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [w for w in re.split(DAY_SPLIT, value.strip()) if w]
    return [value]


# whole values, as patterns: the plan schema checks what an editor is given with these -------

DURATION_VALUE = rf"(?:\d+:[0-5]\d|{NUM}\s*{MINUTES}(?:\s*{NUM}\s*{SECONDS}?)?|{NUM}\s*{SECONDS}?)"
COUNT_VALUE = (
    rf"(?:{RANGE}(?:\s*{REP_WORDS})?|{AMRAP}|\d+\s*{CONTACT_WORDS}|{DURATION_VALUE})"
    rf"(?:\s*{PER_SIDE})?"
)
PRESCRIPTION_VALUE = rf"{SETS_X}{COUNT_VALUE}(?:\s*@\s*\S.*)?"
SETS_VALUE = rf"(?:\d+(?:\s*(?:-|–|to)\s*\d+)?|{PRESCRIPTION_VALUE})"
LINE_VALUE = rf"\S.*?\s{PRESCRIPTION_VALUE}"
WEIGHT_VALUE = rf"{NUM}\s*{UNITS}?"
LOAD_VALUE = (
    rf"(?:{RPE}|{RIR}|{AT_NUMBER}|@?\s*{WEIGHT_VALUE}"
    rf"|(?:bodyweight|body weight|body-weight|bw)(?:\s*\+\s*{WEIGHT_VALUE})?"
    rf"|{NUM}\s*%(?:\s*(?:of\s*)?(?:e?1rm|max))?"
    rf"|2\s*[x×*]\s*{WEIGHT_VALUE}(?:\s*(?:db|kb))?"
    rf"|{WEIGHT_VALUE}\s*(?:{PAIR_WORDS}|db|dumbbell|kb|kettlebell))"
)
_DAY_WORDS = sorted(
    {full[:n] for full, *_ in _DAY_NAMES.values() for n in range(3, len(full) + 1)}
    | {word for _, *other in _DAY_NAMES.values() for word in other},
    key=lambda w: (-len(w), w),
)
DAY_VALUE = rf"(?:{'|'.join(_DAY_WORDS)})\.?"
DAYS_VALUE = rf"{DAY_VALUE}(?:{DAY_SPLIT}{DAY_VALUE})*"
