"""The workout history Strong and Hevy export as CSV, read into plain rows grouped by session.

Pure: text in, ``ForeignHistory`` out, or ``HistoryFileError`` naming the file, the line and
what is accepted. Which app wrote the file and its delimiter are read from the header:

- Strong, newer: ``Date;Workout Name;Duration;Exercise Name;Set Order;Weight;Reps;Distance;
  Seconds;Notes;Workout Notes;RPE`` (semicolons; the weights carry no unit: the caller says);
- Strong, older: commas, ``Weight Unit`` and ``Distance Unit`` columns and no ``Duration``;
- Hevy: ``title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,
  set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe`` (or ``weight_lbs`` and
  ``distance_miles``).

Numbers may use a decimal comma (``62,5``). Strong's set order ``W`` is a warm-up and ``D`` a
drop set (``F``, to failure, is a working set); Hevy's ``set_type`` says the same in words.
Names are left as the app wrote them: placing them in the catalogue is ``history_map``'s job.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from companion.domain.models import Unit

KM_PER_MILE = 1.609344

STRONG_NEW = ["Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight",
              "Reps", "Distance", "Seconds", "Notes", "Workout Notes", "RPE"]  # fmt: skip
STRONG_OLD = ["Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Weight Unit", "Reps",
              "RPE", "Distance", "Distance Unit", "Seconds", "Notes", "Workout Notes"]  # fmt: skip
HEVY = ["title", "start_time", "end_time", "description", "exercise_title", "superset_id",
        "exercise_notes", "set_index", "set_type", "weight_kg", "reps", "distance_km",
        "duration_seconds", "rpe"]  # fmt: skip
SET_KINDS = ("warmup", "normal", "failure", "dropset")


class HistoryFileError(ValueError):
    """A file that is not a Strong or Hevy export, or a row that cannot be read."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file, self.line, self.message = file, line, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


@dataclass
class ForeignSet:
    line: int  # the file's line it came from
    exercise: str  # as the app wrote it
    kind: str = "normal"  # warmup | normal | failure | dropset
    weight: float | None = None
    unit: Unit = Unit.KG
    reps: int | None = None
    distance_m: float | None = None
    seconds: int | None = None
    rpe: float | None = None
    note: str | None = None


@dataclass
class ForeignSession:
    line: int  # the line of its first set
    title: str
    started_at: datetime
    finished_at: datetime | None = None
    note: str | None = None
    exercise_notes: dict[str, str] = field(default_factory=dict)  # by the app's exercise name
    sets: list[ForeignSet] = field(default_factory=list)


@dataclass
class ForeignHistory:
    source: str  # strong | hevy
    layout: str  # which export: "Strong (semicolons, with Duration)", ...
    sessions: list[ForeignSession]
    skipped_rows: int = 0  # rows that hold no set (Strong's rest timer rows)


# --- numbers, times and units ---------------------------------------------------------------


def number(text: str) -> float | None:
    """``62.5``, ``62,5`` or empty (None); ValueError for anything else."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


_HEVY_TIME = ("%d %b %Y, %H:%M", "%d %B %Y, %H:%M", "%d %b %Y, %H:%M:%S")
_STRONG_TIME = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")


def moment(text: str, formats: tuple[str, ...]) -> datetime:
    text = text.strip()
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return datetime.fromisoformat(text).replace(tzinfo=None)


_DURATION = re.compile(r"^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?$")


def duration(text: str) -> timedelta | None:
    """Strong's ``1h 5m``, ``45m``, ``50s`` or plain seconds; None when empty."""
    text = text.strip().lower()
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return timedelta(seconds=float(text))
    found = _DURATION.match(text)
    if not found or not any(found.groups()):
        raise ValueError(text)
    h, m, s = (int(g or 0) for g in found.groups())
    return timedelta(hours=h, minutes=m, seconds=s)


def weight_unit(text: str) -> Unit:
    key = text.strip().lower()
    if key in ("kg", "kgs", "kilograms"):
        return Unit.KG
    if key in ("lb", "lbs", "pounds"):
        return Unit.LB
    raise ValueError(text)


def metres(value: float | None, unit: str) -> float | None:
    if value is None:
        return None
    key = unit.strip().lower()
    factor = {"": 1000.0, "km": 1000.0, "m": 1.0, "mi": 1609.344, "miles": 1609.344,
              "ft": 0.3048, "yd": 0.9144}.get(key)  # fmt: skip
    if factor is None:
        raise ValueError(unit)
    return value * factor


# --- the file -------------------------------------------------------------------------------


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d])


def _columns(names: list[str]) -> tuple[str, str] | None:
    """``(source, layout)`` for a header, or None when it is neither app's."""
    have = {n.strip() for n in names}
    if {"Date", "Exercise Name", "Set Order", "Weight", "Reps"} <= have:
        if "Weight Unit" in have:
            return "strong", "Strong (older: Weight Unit and Distance Unit columns)"
        return "strong", "Strong (newer: with Duration, no unit columns)"
    if {"start_time", "exercise_title", "set_type", "reps"} <= have:
        unit = "lb" if "weight_lbs" in have else "kg"
        return "hevy", f"Hevy (weights in {unit})"
    return None


ACCEPTED = (
    "a CSV exported by Strong (header: " + ";".join(STRONG_NEW) + ", or the older comma "
    "layout with Weight Unit and Distance Unit) or by Hevy (header: " + ",".join(HEVY) + ", "
    "or with weight_lbs and distance_miles)"
)


def read_history(
    text: str, file: str = "the file", expect: str | None = None, unit: Unit = Unit.KG
) -> ForeignHistory:
    """Every session of a Strong or Hevy export, in the file's order.

    ``expect``: the app the athlete said wrote it (``--from``); a file from the other one is an
    error. ``unit``: what the weights of Strong's newer export are in (it does not say).
    """
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise HistoryFileError(file, 1, f"the file is empty; expected {ACCEPTED}")
    delimiter = _delimiter(first)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [h.strip() for h in rows[0]]
    found = _columns(header)
    if found is None:
        raise HistoryFileError(
            file, 1, f"the header ({first.strip()[:80]}) is not one this reads; expected {ACCEPTED}"
        )
    source, layout = found
    if expect is not None and expect != source:
        raise HistoryFileError(
            file, 1, f"this is a {source.capitalize()} export, not {expect.capitalize()}'s: "
            f"run it again with --from {source}",
        )
    records = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise HistoryFileError(
                file, n, f"{len(row)} fields where the header has {len(header)} "
                f"(separated by {delimiter!r}); a field holding the separator must be quoted",
            )
        records.append((n, dict(zip(header, row, strict=True))))
    reader = _strong_row if source == "strong" else _hevy_row
    history = ForeignHistory(source, layout, [])
    by_key: dict[tuple[str, str], ForeignSession] = {}
    for n, record in records:
        try:
            found_set = reader(record, n, unit, by_key, history)
        except ValueError as exc:
            raise HistoryFileError(file, n, str(exc)) from None
        if found_set is None:
            history.skipped_rows += 1
    return history


def _field(record: dict[str, str], name: str, what: str, read):  # type: ignore[no-untyped-def]
    text = record.get(name, "")
    try:
        return read(text)
    except ValueError:
        raise ValueError(f"{name} {text.strip()!r} is not {what}") from None


def _whole(text: str) -> int | None:
    value = number(text)
    if value is None:
        return None
    if value != int(value) or value < 0:
        raise ValueError(text)
    return int(value)


def _session(
    by_key: dict[tuple[str, str], ForeignSession],
    history: ForeignHistory,
    key: tuple[str, str],
    make,  # type: ignore[no-untyped-def]
) -> ForeignSession:
    session = by_key.get(key)
    if session is None:
        session = by_key[key] = make()
        history.sessions.append(session)
    return session


def _strong_row(record, n, unit, by_key, history):  # type: ignore[no-untyped-def]
    order = record["Set Order"].strip()
    kind = {"W": "warmup", "D": "dropset", "F": "failure"}.get(order.upper())
    if kind is None:
        if order.lower().startswith("rest"):
            return None  # a rest timer row: no set
        if not order.isdigit():
            raise ValueError(
                f"Set Order {order!r} is not a set number, W (warm-up), D (drop set) or F "
                "(to failure)"
            )
        kind = "normal"
    started = _field(record, "Date", "a date like 2026-12-02 07:30:00",
                     lambda t: moment(t, _STRONG_TIME))  # fmt: skip
    lasted = _field(record, "Duration", "a duration like 1h 5m or 45m", duration)
    title = record["Workout Name"].strip() or "Workout"
    notes = record.get("Workout Notes", "").strip() or None

    def make() -> ForeignSession:
        return ForeignSession(n, title, started, started + lasted if lasted else None, notes)

    session = _session(by_key, history, (record["Date"].strip(), title), make)
    set_unit = unit
    if "Weight Unit" in record and record["Weight Unit"].strip():
        set_unit = _field(record, "Weight Unit", "kg or lbs", weight_unit)
    distance = _field(record, "Distance", "a number", number)
    found = ForeignSet(
        line=n,
        exercise=record["Exercise Name"].strip(),
        kind=kind,
        weight=_field(record, "Weight", "a number (62.5 or 62,5)", number),
        unit=set_unit,
        reps=_field(record, "Reps", "a whole number of reps", _whole),
        distance_m=_field(record, "Distance Unit", "km, m, mi, ft or yd",
                          lambda u: metres(distance, u.strip() or "km")),
        seconds=_field(record, "Seconds", "a whole number of seconds", _whole),
        rpe=_field(record, "RPE", "a number", number),
        note=record.get("Notes", "").strip() or None,
    )  # fmt: skip
    if not found.exercise:
        raise ValueError("Exercise Name is empty")
    session.sets.append(found)
    return found


def _hevy_row(record, n, unit, by_key, history):  # type: ignore[no-untyped-def]
    kind = record["set_type"].strip().lower() or "normal"
    if kind not in SET_KINDS:
        raise ValueError(f"set_type {kind!r} is not one of {', '.join(SET_KINDS)}")
    started = _field(record, "start_time", 'a time like "2 Dec 2026, 07:30"',
                     lambda t: moment(t, _HEVY_TIME))  # fmt: skip
    ended = _field(record, "end_time", 'a time like "2 Dec 2026, 08:25"',
                   lambda t: moment(t, _HEVY_TIME) if t.strip() else None)  # fmt: skip
    title = record["title"].strip() or "Workout"

    def make() -> ForeignSession:
        note = record.get("description", "").strip() or None
        return ForeignSession(n, title, started, ended, note)

    session = _session(by_key, history, (record["start_time"].strip(), title), make)
    exercise = record["exercise_title"].strip()
    if not exercise:
        raise ValueError("exercise_title is empty")
    note = record.get("exercise_notes", "").strip()
    if note:
        session.exercise_notes.setdefault(exercise, note)
    if "weight_lbs" in record:
        weight, set_unit = _field(record, "weight_lbs", "a number", number), Unit.LB
    else:
        weight, set_unit = _field(record, "weight_kg", "a number", number), Unit.KG
    if "distance_miles" in record:
        miles = _field(record, "distance_miles", "a number", number)
        distance = None if miles is None else miles * KM_PER_MILE * 1000
    else:
        km = _field(record, "distance_km", "a number", number)
        distance = None if km is None else km * 1000
    superset = record.get("superset_id", "").strip()
    found = ForeignSet(
        line=n,
        exercise=exercise,
        kind=kind,
        weight=weight,
        unit=set_unit,
        reps=_field(record, "reps", "a whole number of reps", _whole),
        distance_m=distance,
        seconds=_field(record, "duration_seconds", "a whole number of seconds", _whole),
        rpe=_field(record, "rpe", "a number", number),
        note=f"superset {superset}" if superset else None,
    )
    _field(record, "set_index", "a whole number", _whole)  # checked; the order is the file's
    session.sets.append(found)
    return found
