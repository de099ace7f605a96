"""A session as a FIT workout file a watch can run, written with Garmin's FIT SDK.

Pure: planned sets in, bytes out. The steps follow the runner exactly (``SessionRun`` decides
where a side switch or a rest falls), so the watch asks for what the app would: one step per
set, a left step then a right one for per-side work, rest steps between them. The exercise's
place in the FIT profile comes from the catalogue (``Exercise.fit``); an exercise without one (a
plan's own) gets the category nearest its main muscles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from garmin_fit_sdk import Encoder, Profile

from companion.domain.loads import convert
from companion.domain.models import (
    Exercise,
    FitExercise,
    Measure,
    Muscle,
    PlannedSet,
    SessionLog,
    Side,
    Unit,
)
from companion.domain.runner import SessionRun, StepKind

NOTES_CHARS = 120  # the notes a watch shows under a step; Garmin Connect keeps more
SWITCH_NAME = "Switch sides"
REST_NAME = "Rest"

FILE_ID, WORKOUT, WORKOUT_STEP = 0, 26, 27  # the FIT profile's message numbers
DEVELOPMENT = 255  # the FIT profile's manufacturer for files not made by a device maker

# the nearest category of the FIT profile for an exercise the catalogue gives none (a plan's own)
_BY_MUSCLE = {
    Muscle.QUADS: "squat",
    Muscle.GLUTE_MAX: "hip_raise",
    Muscle.GLUTE_MED: "hip_stability",
    Muscle.HAMSTRINGS: "leg_curl",
    Muscle.ADDUCTORS: "hip_stability",
    Muscle.HIP_FLEXORS: "leg_raise",
    Muscle.GASTROCNEMIUS: "calf_raise",
    Muscle.SOLEUS: "calf_raise",
    Muscle.FOOT_INTRINSICS: "calf_raise",
    Muscle.TIBIALIS: "calf_raise",
    Muscle.CORE: "core",
    Muscle.OBLIQUES: "core",
    Muscle.LOWER_BACK: "hyperextension",
    Muscle.UPPER_BACK: "row",
    Muscle.CHEST: "push_up",
    Muscle.SHOULDERS: "shoulder_press",
    Muscle.ARMS: "curl",
}


@dataclass(frozen=True)
class WorkoutStep:
    """One step of the workout: a set (``planned``) or a rest (``seconds``)."""

    index: int
    name: str
    planned: PlannedSet | None = None
    seconds: int = 0

    @property
    def is_rest(self) -> bool:
        return self.planned is None


def workout_name(plan_name: str, session_key: str, title: str) -> str:
    """What the watch lists the workout as: the plan, then the session."""
    return f"{plan_name} {session_key}: {title}"


def step_name(p: PlannedSet) -> str:
    """``Split squat - left 2/3``, ``Back squat - warm-up 1/2``: unique in a session, and read
    back from the watch's activity to tell which set (and side) each one was."""
    what = ["warm-up"] if p.warmup else []
    if p.side is not Side.BOTH:
        what.append(p.side.value)
    what.append(f"{p.set_number}/{p.of_sets}")
    return f"{p.exercise_name} - {' '.join(what)}"


def workout_steps(planned: Sequence[PlannedSet], side_switch: int) -> list[WorkoutStep]:
    """Every step in order: the runner's own sequence of sets, side switches and rests (the
    rest after the last set is left out: the workout ends there)."""
    run = SessionRun(planned, SessionLog(), side_switch=side_switch)
    steps: list[WorkoutStep] = []
    while (current := run.current()) is not None:
        steps.append(WorkoutStep(len(steps), step_name(current), current))
        after = run.confirm(run.result_for())
        if after.kind is StepKind.SWITCH_SIDE:
            steps.append(WorkoutStep(len(steps), SWITCH_NAME, seconds=after.seconds))
        elif after.kind is StepKind.REST:
            steps.append(WorkoutStep(len(steps), REST_NAME, seconds=after.seconds))
    return steps


def fit_place(exercise: Exercise | None) -> FitExercise:
    """The exercise's category (and name, when the profile has it) in the FIT profile."""
    if exercise is not None and exercise.fit is not None:
        return exercise.fit
    muscles = exercise.primary if exercise is not None else []
    category = next((_BY_MUSCLE[m] for m in muscles if m in _BY_MUSCLE), "total_body")
    return FitExercise(category=category)


def name_number(place: FitExercise) -> int | None:
    """The profile's number for ``place.name`` in its category's list, or None."""
    if place.name is None:
        return None
    names = Profile["types"].get(f"{place.category}_exercise_name", {})
    return next((number for number, name in names.items() if name == place.name), None)


def to_kg(load: float, unit: Unit) -> float:
    return convert(load, unit, Unit.KG)


def step_notes(p: PlannedSet) -> str | None:
    """A form cue, and what the step's duration cannot say (a rep range, tempo, RPE)."""
    parts = []
    if p.target_reps_hi and p.target_reps and p.target_reps_hi != p.target_reps:
        parts.append(f"{p.target_reps}-{p.target_reps_hi} reps")
    if p.target_rpe is not None:
        parts.append(f"RPE {p.target_rpe:g}")
    if p.cues:
        parts.append(p.cues[0])
    if p.tempo:
        parts.append(f"tempo {p.tempo}")
    text = ". ".join(parts)
    if len(text) > NOTES_CHARS:
        text = text[: NOTES_CHARS - 1].rstrip() + "…"
    return text or None


def _set_message(step: WorkoutStep, exercises: Mapping[str, Exercise]) -> dict:
    p = step.planned
    assert p is not None
    place = fit_place(exercises.get(p.exercise_id))
    mesg: dict = {
        "mesg_num": WORKOUT_STEP,
        "message_index": step.index,
        "wkt_step_name": step.name,
        "target_type": "open",
        "intensity": "warmup" if p.warmup else "active",
        "exercise_category": place.category,
        "notes": step_notes(p),
    }
    if p.measure is Measure.HOLD and p.target_hold:
        mesg.update(duration_type="time", duration_value=p.target_hold * 1000)  # ms
    elif p.measure is Measure.CONTACTS and p.target_contacts:
        mesg.update(duration_type="reps", duration_value=p.target_contacts)
    elif p.target_reps:
        mesg.update(duration_type="reps", duration_value=p.target_reps)
    else:
        mesg.update(duration_type="open")
    number = name_number(place)
    if number is not None:
        mesg["exercise_name"] = number
    if p.target_load:  # kg with a scale of 100 in the profile; shown in the plan's unit
        mesg["exercise_weight"] = to_kg(p.target_load, p.unit)
        mesg["weight_display_unit"] = "pound" if p.unit is Unit.LB else "kilogram"
    return mesg


def _rest_message(step: WorkoutStep) -> dict:
    return {
        "mesg_num": WORKOUT_STEP,
        "message_index": step.index,
        "wkt_step_name": step.name,
        "duration_type": "time",
        "duration_value": step.seconds * 1000,  # ms
        "target_type": "open",
        "intensity": "rest",
    }


def encode_workout(
    name: str,
    planned: Sequence[PlannedSet],
    exercises: Mapping[str, Exercise],
    side_switch: int,
    created: datetime | None = None,
) -> bytes:
    """The FIT workout file (file id, workout, one step per set or rest) as bytes."""
    steps = workout_steps(planned, side_switch)
    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": FILE_ID,
            "type": "workout",
            "manufacturer": DEVELOPMENT,
            "product": 0,
            "serial_number": 1,
            "time_created": created or datetime.now(UTC),
        }
    )
    encoder.write_mesg(
        {
            "mesg_num": WORKOUT,
            "wkt_name": name,
            "sport": "training",
            "sub_sport": "strength_training",
            "num_valid_steps": len(steps),
        }
    )
    for step in steps:
        encoder.write_mesg(_rest_message(step) if step.is_rest else _set_message(step, exercises))
    return bytes(encoder.close())
