"""The strength activity a watch recorded, read with Garmin's FIT SDK, and its sets matched to
the steps of the workout that was sent (``companion.io.fit_workout``).

Pure: bytes in, records out. A set is matched by the name of the workout step it was done
on (the watch keeps a copy of the workout in the activity, names and all), which says the
exercise, the side and the set; a set that names no step of the workout is listed, never
guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from garmin_fit_sdk import Decoder, Stream

from companion.domain.loads import convert
from companion.domain.models import Unit
from companion.io.fit_workout import WorkoutStep, fit_place

ACCEPTED = (
    "companion reads the .fit file a Garmin watch records for a strength-training activity "
    "(on the watch under GARMIN/Activity over USB, or from Garmin Connect's “Export Original”)"
)
SET_RESOLUTION_KG = 1 / 16  # the profile keeps a set's weight in 16ths of a kilogram
LOAD_GRID = 0.25  # loads a plan uses fall on quarters (kg or lb)


class ActivityFileError(ValueError):
    """The file is not a strength activity this can read; the message says what is accepted."""


@dataclass(frozen=True)
class WatchSet:
    """One active set as the watch recorded it."""

    number: int  # its place among the activity's active sets, from 1
    start: datetime | None
    seconds: float | None
    reps: int | None
    weight_kg: float | None
    category: str | None
    step_index: int | None
    step_name: str | None  # the name of its step in the activity's copy of the workout

    def describe(self) -> str:
        what = [self.category.replace("_", " ") if self.category else "an exercise"]
        if self.reps is not None:
            what.append(f"{self.reps} reps")
        if self.seconds:
            what.append(f"{self.seconds:g} s")
        if self.weight_kg:
            what.append(f"{self.weight_kg:g} kg")
        step = f" (step “{self.step_name}”)" if self.step_name else ""
        return f"set {self.number}: {', '.join(what)}{step}"


@dataclass(frozen=True)
class Activity:
    workout_name: str | None
    start: datetime | None
    end: datetime | None
    sets: list[WatchSet]


def read_activity(data: bytes, filename: str) -> Activity:
    """The activity's active sets, or ``ActivityFileError`` naming ``filename`` and what is
    accepted."""

    def decoder() -> Decoder:  # one per use: the checks leave the stream where they stopped
        return Decoder(Stream.from_byte_array(bytearray(data)))

    if not decoder().is_fit():
        raise ActivityFileError(f"{filename} is not a FIT file: {ACCEPTED}.")
    if not decoder().check_integrity():
        raise ActivityFileError(
            f"{filename} is a damaged FIT file (its checksum does not match; it may have been "
            f"cut short while copying): {ACCEPTED}."
        )
    read, errors = decoder().read()
    messages: dict[str, Any] = dict(read)  # the profile's messages, read as plain values
    if errors:
        raise ActivityFileError(f"{filename} could not be read ({errors[0]}): {ACCEPTED}.")
    kind = _first(messages, "file_id_mesgs").get("type")
    if kind != "activity":
        raise ActivityFileError(
            f"{filename} is a FIT {kind or 'file of unknown type'}, not a recorded activity: "
            f"{ACCEPTED}."
        )
    session = _first(messages, "session_mesgs")
    sport, sub = session.get("sport"), session.get("sub_sport")
    has_sets = bool(messages.get("set_mesgs"))
    if sub != "strength_training" and not (sport in ("training", None) and has_sets):
        what = " ".join(str(x) for x in (sport, sub) if x and x != "generic") or "unnamed"
        raise ActivityFileError(
            f"{filename} is {_article(what)} {what.replace('_', ' ')} activity, not strength "
            f"training: {ACCEPTED}."
        )
    names = {
        s.get("message_index"): s.get("wkt_step_name")
        for s in messages.get("workout_step_mesgs", [])
    }
    sets: list[WatchSet] = []
    for raw in messages.get("set_mesgs", []):
        if raw.get("set_type") != "active":
            continue
        index = raw.get("wkt_step_index")
        category = raw.get("category")  # a list, or one value when the watch wrote one
        categories = category if isinstance(category, list) else [category]
        categories = [c for c in categories if isinstance(c, str)]
        sets.append(
            WatchSet(
                number=len(sets) + 1,
                start=raw.get("start_time") or raw.get("timestamp"),
                seconds=raw.get("duration"),
                reps=raw.get("repetitions"),
                weight_kg=raw.get("weight"),
                category=categories[0] if categories else None,
                step_index=index,
                step_name=names.get(index),
            )
        )
    if not sets:
        raise ActivityFileError(f"{filename} has no strength sets in it: {ACCEPTED}.")
    workout = _first(messages, "workout_mesgs").get("wkt_name")
    start = session.get("start_time") or sets[0].start
    end = session.get("timestamp") or _first(messages, "activity_mesgs").get("timestamp")
    return Activity(workout, start, end, sets)


def _first(messages: dict, key: str) -> dict:
    found = messages.get(key) or [{}]
    return found[0]


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def match_sets(
    steps: Sequence[WorkoutStep], sets: Sequence[WatchSet], exercises: dict | None = None
) -> tuple[dict[int, WatchSet], list[WatchSet]]:
    """Each watch set against the set step of the same name (index → set), and the sets that
    match none. Without the activity's copy of the workout, the step the watch says it was on
    is taken from ``steps`` when the exercise category agrees."""
    free: dict[str, list[WorkoutStep]] = {}
    for step in steps:
        if not step.is_rest:
            free.setdefault(step.name, []).append(step)
    matched: dict[int, WatchSet] = {}
    unmatched: list[WatchSet] = []
    for watch in sets:
        name = watch.step_name or _sent_step_name(steps, watch, exercises or {})
        waiting = free.get(name or "", [])
        if waiting:
            matched[waiting.pop(0).index] = watch
        else:
            unmatched.append(watch)
    return matched, unmatched


def _sent_step_name(steps: Sequence[WorkoutStep], watch: WatchSet, exercises: dict) -> str | None:
    if watch.step_index is None or not 0 <= watch.step_index < len(steps):
        return None
    step = steps[watch.step_index]
    if step.planned is None:
        return None
    place = fit_place(exercises.get(step.planned.exercise_id))
    return step.name if watch.category in (None, place.category) else None


def load_from_kg(kg: float, unit: Unit, target: float | None) -> float:
    """A watch's weight in the plan's unit: the target when the watch's 16ths of a kilogram
    cannot tell them apart (25 lb comes back as 24.94), else the nearest quarter when that is
    as close, else the value to two decimals."""
    value = convert(kg, Unit.KG, unit)
    within = convert(SET_RESOLUTION_KG / 2, Unit.KG, unit) + 1e-9
    if target is not None and abs(value - target) <= within:
        return target
    nearest = round(value / LOAD_GRID) * LOAD_GRID
    return nearest if abs(value - nearest) <= within else round(value, 2)
