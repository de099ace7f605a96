"""``companion next``: the next session's targets, each with the reason behind it."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date

from companion.domain.catalogue import Catalogue, builtin
from companion.domain.models import ExerciseState, Measure, Plan, PlannedSet, Side
from companion.domain.progression import PlanExerciseError, catalogue_for, initial_states
from companion.domain.progression_rules import load_text, num
from companion.domain.schedule import DueSession, Notice, due_session, warnings
from companion.domain.session import build_session, estimate_minutes, flags_from_assessments

IMPORT_HINT = "companion import PLAN.yaml"


@dataclass
class Row:
    """One exercise on one side: its working sets summed up."""

    first: PlannedSet
    sets: int = 0
    extra_reason: str = ""

    def as_json(self) -> dict:
        p = self.first
        reason = p.reason + (f"; {self.extra_reason}" if self.extra_reason else "")
        return {
            "exercise": p.exercise_id,
            "name": p.exercise_name,
            "side": p.side.value,
            "sets": self.sets,
            "reps": p.target_reps,
            "reps_hi": p.target_reps_hi,
            "load": p.target_load,
            "bodyweight": p.bodyweight,
            "unit": p.unit.value,
            "rpe": p.target_rpe,
            "hold": p.target_hold,
            "contacts": p.target_contacts,
            "reason": reason,
        }


def rows_of(planned: list[PlannedSet]) -> list[Row]:
    """Working sets grouped by exercise and side, in the order first met."""
    rows: dict[tuple[str, Side], Row] = {}
    for p in planned:
        if p.warmup:
            continue
        row = rows.setdefault((p.exercise_id, p.side), Row(p))
        row.sets += 1
        if p.extra:
            row.extra_reason = p.reason
    return list(rows.values())


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


def _table(rows: list[Row]) -> list[str]:
    header = ("EXERCISE", "SIDE", "SETS × REPS @ LOAD", "REASON")
    cells = []
    for row in rows:
        p = row.first
        reason = p.reason + (f"; {row.extra_reason}" if row.extra_reason else "")
        cells.append((p.exercise_name, p.side.label, prescription(p, row.sets), reason))
    widths = [max(len(r[i]) for r in [header, *cells]) for i in range(3)]
    lines = []
    for cell in [header, *cells]:
        lead = "  ".join(c.ljust(w) for c, w in zip(cell[:3], widths, strict=True))
        lines.append(f"{lead}  {cell[3]}".rstrip())
    return lines


def _heading(plan: Plan, due: DueSession, today: date, minutes: int) -> list[str]:
    when = "today" if due.day == today else f"{due.day:%A} {due.day.day} {due.day:%b %Y}"
    return [
        f"{plan.name} — session {due.key}: {due.title}",
        f"{when} · week {due.week} of {plan.total_weeks} · {due.phase} phase, week "
        f"{due.week_in_phase} of {due.phase_weeks} · about {minutes} min",
    ]


def _states(plan: Plan, catalogue: Catalogue, stored, history) -> list[ExerciseState]:
    """Stored states, with first targets for any exercise the plan has gained since."""
    have = {(s.exercise_id, s.side) for s in stored}
    fresh = [
        s for s in initial_states(plan, catalogue, history) if (s.exercise_id, s.side) not in have
    ]
    return [*stored, *fresh]


def run(args: argparse.Namespace, today: date | None = None) -> int:
    """Print the due session's targets (``--json`` for a machine-readable object)."""
    from companion.locations import db_path
    from companion.store import Store, StoreError

    today = today or date.today()
    as_json = bool(getattr(args, "json", False))
    try:
        with Store.read(db_path(getattr(args, "db", None))) as store:
            plan = store.active_plan()
            if plan is None:
                print(f"No active plan. Import your coach's plan first: {IMPORT_HINT}",
                      file=sys.stderr)  # fmt: skip
                return 1
            sessions = store.sessions()
            stored = store.exercise_states(plan.id)
            history = store.sets()
            assessments = store.assessments()
    except StoreError as exc:
        print(f"companion: {exc}", file=sys.stderr)
        return 1
    catalogue = catalogue_for(plan, builtin())
    notices = warnings(plan, today, sessions, assessments)
    due = due_session(plan, today, sessions)
    if due is None:
        return _finished(plan, notices, as_json)
    try:
        states = _states(plan, catalogue, stored, history)
        flagged = flags_from_assessments(assessments, catalogue)
        planned = build_session(plan, due.key, catalogue, states, due.day, flagged)
    except PlanExerciseError as exc:
        print(f"companion: {exc}", file=sys.stderr)
        return 1
    rows = rows_of(planned)
    minutes = estimate_minutes(planned)
    if as_json:
        print(json.dumps(_json(plan, due, rows, minutes, notices), indent=2, ensure_ascii=False))
        return 0
    lines = _heading(plan, due, today, minutes) + [""] + _table(rows)
    if notices:
        lines += ["", *(f"! {n.text}" for n in notices)]
    print("\n".join(lines))
    return 0


def _json(plan: Plan, due: DueSession, rows: list[Row], minutes: int, notices: list[Notice]):
    return {
        "plan": plan.name,
        "plan_id": plan.id,
        "session": due.key,
        "title": due.title,
        "day": due.day.isoformat(),
        "week": due.week,
        "phase": due.phase,
        "week_in_phase": due.week_in_phase,
        "minutes": minutes,
        "exercises": [r.as_json() for r in rows],
        "notices": [{"kind": n.kind, "text": n.text} for n in notices],
    }


def _finished(plan: Plan, notices: list[Notice], as_json: bool) -> int:
    text = next((n.text for n in notices if n.kind == "finished"), f"{plan.name} has ended.")
    if as_json:
        payload = {"plan": plan.name, "plan_id": plan.id, "session": None, "exercises": [],
                   "notices": [{"kind": n.kind, "text": n.text} for n in notices]}  # fmt: skip
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(text)
    return 0
