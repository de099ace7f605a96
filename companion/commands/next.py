"""``companion next``: the next session's targets, each with the reason behind it."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date

from companion.domain.catalogue import builtin
from companion.domain.models import Plan, PlannedSet
from companion.domain.prescription import prescription
from companion.domain.schedule import DueSession, Notice
from companion.training.today import due_words, row_reason, target_rows

IMPORT_HINT = "companion import PLAN.yaml"


@dataclass
class Row:
    """One exercise on one side: its working sets summed up, and why."""

    first: PlannedSet
    sets: int
    reason: str

    def as_json(self) -> dict:
        p = self.first
        return {
            "exercise": p.exercise_id,
            "name": p.exercise_name,
            "line": p.line,
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
            "reason": self.reason,
        }


def rows_of(planned: list[PlannedSet]) -> list[Row]:
    """Working sets grouped by plan line and side, in session order (as home shows them)."""
    return [Row(sets[0], len(sets), row_reason(sets)) for _, _, sets in target_rows(planned)]


def _table(rows: list[Row]) -> list[str]:
    header = ("EXERCISE", "SIDE", "SETS × REPS @ LOAD", "REASON")
    cells = []
    for row in rows:
        p = row.first
        cells.append((p.exercise_name, p.side.label, prescription(p, row.sets), row.reason))
    widths = [max(len(r[i]) for r in [header, *cells]) for i in range(3)]
    lines = []
    for cell in [header, *cells]:
        lead = "  ".join(c.ljust(w) for c, w in zip(cell[:3], widths, strict=True))
        lines.append(f"{lead}  {cell[3]}".rstrip())
    return lines


def _heading(plan: Plan, due: DueSession, today: date, minutes: int) -> list[str]:
    when = due_words(due, today)
    return [
        f"{plan.name} — session {due.key}: {due.title}",
        f"{when} · week {due.week} of {plan.total_weeks} · {due.phase} phase, week "
        f"{due.week_in_phase} of {due.phase_weeks} · about {minutes} min",
    ]


def run(args: argparse.Namespace, today: date | None = None) -> int:
    """Print the due session's targets (``--json`` for a machine-readable object), as of
    ``--date`` (default: today): the same answer as home and the session picker."""
    from companion.locations import db_path
    from companion.store import Store, StoreError
    from companion.training.today import load_today

    today = getattr(args, "date", None) or today or date.today()
    as_json = bool(getattr(args, "json", False))
    try:
        with Store.read(db_path(getattr(args, "db", None))) as store:
            found = load_today(store, builtin(), today)
    except StoreError as exc:
        print(f"companion: {exc}", file=sys.stderr)
        return 1
    plan, due = found.plan, found.due
    if plan is None:
        print(f"No active plan. Import your coach's plan first: {IMPORT_HINT}", file=sys.stderr)
        return 1
    if found.problem:
        print(f"companion: {found.problem}", file=sys.stderr)
        return 1
    if due is None:
        return _finished(plan, found.notices, as_json)
    rows = rows_of(found.planned)
    if as_json:
        payload = _json(plan, due, rows, found.minutes, found.notices)
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    lines = _heading(plan, due, today, found.minutes) + [""] + _table(rows)
    if found.notices:
        lines += ["", *(f"! {n.text}" for n in found.notices)]
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
