"""A row of targets in words: ``3 × 6-8 @ 40 kg``, the same in ``companion next``, the
calendar and anything else that prints a session's targets."""

from __future__ import annotations

from companion.domain.models import Measure, PlannedSet
from companion.domain.progression_rules import load_text, num


def prescription(p: PlannedSet, sets: int) -> str:
    """``3 × 6-8 @ 40 kg``, ``2 × 30 s``, ``2 × 20 contacts``, ``3 × 5 @ RPE 8``."""
    if p.measure is Measure.HOLD and p.target_hold:
        work = f"{p.target_hold} s"
    elif p.measure is Measure.CONTACTS and p.target_contacts:
        work = f"{p.target_contacts} contacts"
    elif p.target_reps is not None:
        hi = p.target_reps_hi
        work = f"{p.target_reps}-{hi}" if hi and hi != p.target_reps else str(p.target_reps)
    else:
        work = "?"
    text = f"{sets} × {work}"
    if p.target_rpe is not None:
        load = "" if p.target_load is None else f"{load_text(p.target_load, p.unit)} "
        return f"{text} @ {load}RPE {num(p.target_rpe)}"
    if p.bodyweight and not p.target_load:
        return text if p.measure is not Measure.REPS else f"{text} @ bodyweight"
    return f"{text} @ {load_text(p.target_load, p.unit, p.bodyweight)}"
