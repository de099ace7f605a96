"""A JSON Schema of the plan format, for editors that complete and check a plan as it is typed.

Built from the same pieces as the plan reader: the keys it knows, the grammar's patterns for
the shorthand (case-insensitive, written out as ``[xX]`` so every regex dialect reads them) and
the catalogue's exercise names. The reader still has the last word: the schema checks the shape
and the forms of values; ranges, names and how a line fits its exercise are the reader's.
"""

from __future__ import annotations

from typing import Any

from companion.domain.catalogue import Catalogue
from companion.domain.models import ProgressionType
from companion.io import plan_grammar as g
from companion.io.plan_extras import ASSESSMENT_KEYS, CUSTOM_KEYS
from companion.io.plan_progression import PROGRESSION_KEYS
from companion.io.plan_sessions import EXERCISE_KEYS

SCHEMA_ID = "https://companion.invalid/plan.schema.json"


def any_case(pattern: str) -> str:
    """``pattern`` matching letters in either case, without a flag: ``kg`` -> ``[kK][gG]``."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        elif c.isascii() and c.isalpha():
            c = c.lower() + c.upper() if in_class else f"[{c.lower()}{c.upper()}]"
        out.append(c)
        i += 1
    return "".join(out)


def _text(pattern: str, description: str, examples: list[Any]) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": f"^\\s*{any_case(pattern)}\\s*$",
        "description": description,
        "examples": examples,
    }


def _either(number: dict[str, Any], text: dict[str, Any]) -> dict[str, Any]:
    """A number or a string form, described once."""
    return {
        "description": text["description"],
        "examples": text["examples"],
        "anyOf": [number, {k: v for k, v in text.items() if k == "type" or k == "pattern"}],
    }


def _object(properties: dict[str, Any], keys: tuple[str, ...], **extra: Any) -> dict[str, Any]:
    assert set(properties) <= set(keys), set(properties) - set(keys)
    return {"type": "object", "properties": properties, "additionalProperties": False, **extra}


def plan_schema(catalogue: Catalogue) -> dict[str, Any]:
    """The schema as a JSON-ready mapping; exercise names come from ``catalogue``."""
    names = sorted({e.name for e in catalogue} | {e.id for e in catalogue})
    duration = _either(
        {"type": "integer", "minimum": 0},
        _text(
            g.DURATION_VALUE,
            "A time: a plain number is seconds.",
            ["90s", "90 s", "1:30", "2m", "2 min", "2'", '90"'],
        ),
    )
    rest = {**duration, "description": "Rest after each set (default 90s)."}
    load_text = _text(
        g.LOAD_VALUE,
        "The load: a weight (a plain number is in the plan's units), bodyweight with or "
        "without an added load, an effort (RPE or reps in reserve), a percentage of the 1RM, "
        "or a pair of dumbbells (the load of one hand).",
        ["20 kg", "45 lb", "bodyweight", "BW+10", "@RPE 8", "RIR 2", "70% 1RM", "2 x 16 kg"],
    )
    one_load = _either({"type": "number", "minimum": 0}, load_text)
    load = {
        "description": load_text["description"] + " Or a load per side: {left:, right:}.",
        "examples": load_text["examples"],
        "anyOf": [
            *one_load["anyOf"],
            _object(
                {"left": one_load, "right": one_load}, ("left", "right"), required=["left", "right"]
            ),
        ],
    }
    sets = _either(
        {"type": "integer", "minimum": 1, "maximum": 20},
        _text(
            g.SETS_VALUE,
            "Working sets: a number, a range (2-3: the lower, the upper on a good day), or "
            "sets × what each holds in one value, with an optional @ load or effort.",
            [3, "2-3", "3x8", "3 x 6-8 each side", "3x30s", "4 x 20 contacts", "3 x 5 @ RPE 8"],
        ),
    )
    count = _text(
        g.COUNT_VALUE,
        "Reps a set: a number or a range, per side, AMRAP; on a plyometric these are its "
        "ground contacts; also sets × reps when sets: is left out.",
        [8, "6-8", "8/side", "8 per leg", "8 e/s", "AMRAP", "3x8"],
    )
    count["pattern"] = f"^\\s*(?:{any_case(g.SETS_X)})?{any_case(g.COUNT_VALUE)}\\s*$"
    reps = _either({"type": "integer", "minimum": 1, "maximum": 100}, count)
    hold = {
        **duration,
        "description": "Seconds held a set; on a rep exercise, a hold of it.",
        "examples": ["30s", "45 s", "1:00"],
    }
    contacts = _either(
        {"type": "integer", "minimum": 1, "maximum": 500},
        _text(
            rf"(?:{g.SETS_X})?\d+(?:\s*{g.CONTACT_WORDS})?",
            "Ground contacts a set.",
            [20, "20 contacts", "4 x 20"],
        ),
    )
    tempo = _either(
        {"type": "integer"},
        _text(
            g.TEMPO,
            "Four counts: lower, pause, lift, pause; X as fast as possible.",
            ["3-1-1-0", "3110", "31X0"],
        ),
    )
    exercise_name = {
        "description": "A catalogue exercise by id, name or alias (any case), or one of the "
        "plan's own exercises.",
        "anyOf": [{"enum": names}, {"type": "string"}],
        "examples": names[:5],
    }
    progression_type = {"enum": [t.value for t in ProgressionType]}
    progression = {
        "description": "How the next target follows from what was recorded.",
        "examples": ["double", {"type": "hold", "step": "5s", "max": "60s"}],
        "anyOf": [
            progression_type,
            _object(
                {
                    "type": progression_type,
                    "step": {
                        "description": "Seconds (hold) or a load step.",
                        "type": ["string", "number"],
                    },
                    "max": {
                        "description": "The longest hold or the most contacts.",
                        "type": ["string", "number"],
                    },
                    "add_load": {"type": "boolean", "description": "Add a load step at max."},
                    "deload_after": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 10,
                        "description": "Missed sessions before a deload.",
                    },
                    "deload": {
                        "type": ["string", "number"],
                        "description": "The share kept on a deload: 0.9 or 90%.",
                    },
                },
                PROGRESSION_KEYS,
                required=["type"],
            ),
        ],
    }
    warmup_set = {
        "anyOf": [
            {"type": "string", "description": "Sets x reps @ load", "examples": ["2x5 @ 10 kg"]},
            _object(
                {"reps": {"type": "integer", "minimum": 1, "maximum": 100}, "load": one_load},
                ("reps", "load"),
                required=["reps"],
            ),
        ]
    }
    one_line = _text(
        g.LINE_VALUE,
        "An exercise and its sets × reps in one line.",
        ["pogo hops 3 x 20", "RFESS 3 x 6-8 each side @ 20 kg"],
    )
    line = _object(
        {
            "exercise": exercise_name,
            "sets": sets,
            "reps": reps,
            "hold": hold,
            "contacts": contacts,
            "load": load,
            "rest": rest,
            "progression": progression,
            "tempo": tempo,
            "notes": {
                "type": "string",
                "description": "A cue shown while the set is done.",
                "examples": ["Drive through the front heel."],
            },
            "step": {
                "description": "The load increment for this exercise.",
                "type": ["string", "number"],
                "examples": ["2.5 kg", 1],
            },
            "warmup": {
                "description": "Warm-up sets before the working sets.",
                "examples": ["2x5 @ 10 kg"],
                "anyOf": [warmup_set["anyOf"][0], {"type": "array", "items": warmup_set}],
            },
            "superset": {
                "type": ["string", "integer"],
                "description": "A label shared with the exercises done alongside.",
                "examples": ["A", "W"],
            },
            "progress_with": {
                "type": ["string", "integer"],
                "description": "Another session whose line of this exercise this one shares "
                "targets with.",
                "examples": ["A"],
            },
        },
        EXERCISE_KEYS,
        required=["exercise"],
        description="One exercise line: the exercise, its sets and what each set holds.",
    )
    group = _object(
        {
            "superset": {"type": "array", "items": {"anyOf": [line, one_line]}, "minItems": 2},
            "label": {"type": ["string", "integer"]},
        },
        ("superset", "label"),
        required=["superset"],
        description="Exercises done round by round.",
    )
    day = _text(g.DAY_VALUE, "A day of the week.", ["mon", "Thursday", "Th"])
    days = {
        "description": "Days of the week: a list, or one value such as Mon/Thu, M Th or "
        "monday, thursday.",
        "examples": [["mon", "thu"], "Mon/Thu", "M Th"],
        "anyOf": [{"type": "array", "items": day}, _text(g.DAYS_VALUE, "", [])],
    }
    session = _object(
        {
            "title": {"type": "string", "description": "Shown on the home screen."},
            "exercises": {
                "type": "array",
                "items": {"anyOf": [line, group, one_line]},
                "minItems": 1,
            },
        },
        ("title", "exercises"),
        required=["exercises"],
    )
    phase = _object(
        {
            "name": {"type": "string"},
            "weeks": {"type": "integer", "minimum": 1, "maximum": 104},
            "sessions": {
                "anyOf": [
                    {"type": "array", "items": {"type": ["string", "integer"]}},
                    {"type": ["string", "integer"]},
                ]
            },
            "volume": {
                "type": ["number", "string"],
                "description": "Scales the working sets: 0.67 or 67%.",
            },
        },
        ("name", "weeks", "sessions", "volume"),
        required=["name", "weeks", "sessions"],
    )
    custom = _object(
        {key: {"description": f"The exercise's {key}."} for key in CUSTOM_KEYS},
        CUSTOM_KEYS,
        required=["name"],
    )
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "companion plan",
        "description": "A coach's strength plan for a runner: see docs/plan-format.md.",
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "schedule", "phases", "sessions"],
        "properties": {
            "format": {"const": 1, "description": "The format's version.", "examples": [1]},
            "name": {
                "type": "string",
                "description": "The plan's name; made into its id, so re-importing updates it.",
                "examples": ["Off-season strength, 12 weeks"],
            },
            "coach": {"type": "string", "description": "Who wrote it.", "examples": ["J. Doe"]},
            "units": {
                "enum": ["kg", "lb", "lbs"],
                "description": "The unit of every load; never converted.",
                "examples": ["kg", "lb"],
            },
            "start": {
                "type": "string",
                "format": "date",
                "description": "The first day of week 1 (default: the day it is imported).",
                "examples": ["2027-01-04"],
            },
            "schedule": _object(
                {
                    "days": {**days, "description": f"The strength days. {days['description']}"},
                    "hard_runs": {**days, "description": "Interval or tempo days."},
                    "long_run": {**day, "description": "The long run's day."},
                },
                ("days", "hard_runs", "long_run"),
                required=["days"],
                description="Which days are strength days, and the key runs around them.",
                examples=[{"days": "Mon/Thu", "hard_runs": ["mon", "thu"], "long_run": "sat"}],
            ),
            "phases": {
                "type": "array",
                "items": phase,
                "minItems": 1,
                "description": "The weeks, in order: each phase's sessions take turns.",
                "examples": [[{"name": "strength", "weeks": 6, "sessions": ["A", "B"]}]],
            },
            "sessions": {
                "type": "object",
                "additionalProperties": session,
                "minProperties": 1,
                "description": "What each session holds, by name (A:, B:, heavy:).",
                "examples": [
                    {
                        "A": {
                            "title": "Heavy",
                            "exercises": [{"exercise": "RFESS", "sets": "3 x 6-8 @ 20 kg"}],
                        }
                    }
                ],
            },
            "exercises": {
                "type": "array",
                "items": custom,
                "description": "The plan's own exercises, for those not in the catalogue.",
                "examples": [[{"name": "Banded monster walk", "muscles": ["glute med"]}]],
            },
            "assessments": _object(
                {
                    "every": {
                        "type": ["integer", "string"],
                        "description": "Weeks between retests.",
                        "examples": [6, "6 weeks"],
                    },
                    "tests": {
                        "type": "array",
                        "items": exercise_name,
                        "description": "Tests of the single-leg battery.",
                        "examples": [["single-leg calf raise", "side plank"]],
                    },
                },
                ASSESSMENT_KEYS,
                description="The single-leg test battery and how often it is retested.",
                examples=[{"every": "6 weeks"}],
            ),
        },
    }
