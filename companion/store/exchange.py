"""A full backup as one JSON-ready dict, and checking such a dict before it replaces anything."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from companion.domain.models import (
    AssessmentResult,
    ExerciseState,
    Plan,
    Run,
    SessionLog,
    SetResult,
)
from companion.store.errors import StoreError
from companion.store.migrations import CURRENT_VERSION, META_ID

FORMAT = "companion-export"
Doc = dict[str, Any]


def dump_header(log: SessionLog) -> Doc:
    return log.model_dump(mode="json", exclude={"sets"})


def dump_set(result: SetResult) -> Doc:
    """Compact: every optional field of a set defaults to None, so leaving them out is exact."""
    return result.model_dump(mode="json", exclude_none=True)


def bundle(
    *,
    meta: Doc,
    plans: list[Plan],
    sessions: list[SessionLog],
    in_progress: SessionLog | None,
    states: list[ExerciseState],
    assessments: list[AssessmentResult],
    runs: Sequence[Run] = (),
) -> Doc:
    return {
        "format": FORMAT,
        "schema": CURRENT_VERSION,
        "exported_at": datetime.now().isoformat(timespec="seconds"),
        "active_plan": meta.get("active_plan"),
        "settings": meta.get("settings") or {},
        "plans": [p.model_dump(mode="json") for p in plans],
        "sessions": [s.model_dump(mode="json") for s in sessions],
        "in_progress": in_progress.model_dump(mode="json") if in_progress else None,
        "states": [s.model_dump(mode="json") for s in states],
        "assessments": [a.model_dump(mode="json") for a in assessments],
        "runs": [r.model_dump(mode="json") for r in runs],
    }


def _problems(exc: ValidationError, where: str) -> list[str]:
    out = []
    for err in exc.errors()[:5]:
        loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"])
        out.append(f"{where}{loc}: {err['msg']}")
    return out


def _models(data: Doc, key: str, model: type[BaseModel], problems: list[str]) -> list[Any]:
    items = data.get(key, [])
    if not isinstance(items, list):
        problems.append(f"{key}: expected a list, found {type(items).__name__}")
        return []
    out = []
    for i, item in enumerate(items):
        try:
            out.append(model.model_validate(item))
        except ValidationError as exc:
            problems.extend(_problems(exc, f"{key}[{i}]"))
    return out


def check(data: object) -> dict[str, Any]:
    """Validate a whole export; returns the parsed models or raises StoreError listing issues."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StoreError(
            f"this is not a companion export (expected a JSON object with format {FORMAT!r}, "
            "as written by `companion export --format json`)"
        )
    schema = data.get("schema")
    if not isinstance(schema, int) or schema < 1:
        raise StoreError(f"the export's schema {schema!r} is not a version this companion knows")
    if schema > CURRENT_VERSION:
        raise StoreError(
            f"the export was written by a newer companion (schema {schema}); this one reads up "
            f"to {CURRENT_VERSION} — upgrade companion"
        )
    problems: list[str] = []
    plans = _models(data, "plans", Plan, problems)
    sessions = _models(data, "sessions", SessionLog, problems)
    states = _models(data, "states", ExerciseState, problems)
    assessments = _models(data, "assessments", AssessmentResult, problems)
    runs = _models(data, "runs", Run, problems)  # exports before schema 3 have none
    in_progress = None
    if data.get("in_progress") is not None:
        try:
            in_progress = SessionLog.model_validate(data["in_progress"])
        except ValidationError as exc:
            problems.extend(_problems(exc, "in_progress"))
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        problems.append("settings: expected an object")
    plan_ids = {p.id for p in plans}
    active = data.get("active_plan")
    if active is not None and active not in plan_ids:
        problems.append(f"active_plan: {active!r} is not one of the exported plans")
    seen: set[str] = set()
    seen_sets: set[str] = set()
    for log in [*sessions, *([in_progress] if in_progress else [])]:
        if log.id in seen:
            problems.append(f"sessions: session {log.id} appears twice")
        seen.add(log.id)
        for s in log.sets:
            if s.session_id != log.id:
                problems.append(
                    f"sessions: set {s.id} says it belongs to session {s.session_id}, not {log.id}"
                )
            if s.id in seen_sets:
                problems.append(f"sessions: set {s.id} appears twice")
            seen_sets.add(s.id)
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise StoreError(f"the export has {len(problems)} problem(s):\n  {shown}{more}")
    return {
        "plans": plans,
        "sessions": sessions,
        "states": states,
        "assessments": assessments,
        "runs": runs,
        "in_progress": in_progress,
        "meta": {"version": CURRENT_VERSION, "active_plan": active, "settings": settings},
    }


def tables(checked: dict[str, Any]) -> dict[str, Any]:
    """The history file's tables for a checked export."""

    def numbered(docs: list[Doc]) -> dict[str, Doc]:
        return {str(i): d for i, d in enumerate(docs, start=1)}

    sessions: list[SessionLog] = checked["sessions"]
    return {
        "sessions": numbered([dump_header(s) for s in sessions]),
        "sets": numbered([dump_set(r) for s in sessions for r in s.sets]),
        "plans": numbered([p.model_dump(mode="json") for p in checked["plans"]]),
        "states": numbered([s.model_dump(mode="json") for s in checked["states"]]),
        "assessments": numbered([a.model_dump(mode="json") for a in checked["assessments"]]),
        "runs": numbered([r.model_dump(mode="json") for r in checked["runs"]]),
        "meta": {META_ID: checked["meta"]},
    }
