"""A full backup as one JSON-ready dict, and checking such a dict before it replaces anything."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, NamedTuple, TypeVar

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
from companion.store.opening import numbered
from companion.store.reading import Contents

FORMAT = "companion-export"
Doc = dict[str, Any]
M = TypeVar("M", bound=BaseModel)


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


def _models(
    data: Doc, key: str, model: type[M], problems: list[str], keep: Callable[[M], None]
) -> None:
    """Validate each item of ``data[key]`` as ``model`` and hand it to ``keep`` (which keeps
    what it needs: for the sessions their stored documents, not the models, so a long
    history is never held as models and documents at once)."""
    items = data.get(key, [])
    if not isinstance(items, list):
        problems.append(f"{key}: expected a list, found {type(items).__name__}")
        return
    for i, item in enumerate(items):
        try:
            keep(model.model_validate(item))
        except ValidationError as exc:
            problems.extend(_problems(exc, f"{key}[{i}]"))


class Checked(NamedTuple):
    """A whole export, checked: the history's tables as they will be stored (the sets
    table included), the session in progress, and what it holds."""

    tables: dict[str, Any]
    in_progress: SessionLog | None
    contents: Contents


class _Sessions:
    """The sessions of an export as stored documents, with their ids and days."""

    def __init__(self, problems: list[str]) -> None:
        self.headers: list[Doc] = []
        self.sets: list[Doc] = []
        self.ids: set[str] = set()
        self.set_ids: set[str] = set()
        self.days: list[str] = []
        self.problems = problems

    def add(self, log: SessionLog, finished: bool = True) -> None:
        if log.id in self.ids:
            self.problems.append(f"sessions: session {log.id} appears twice")
        self.ids.add(log.id)
        for s in log.sets:
            if s.session_id != log.id:
                self.problems.append(
                    f"sessions: set {s.id} says it belongs to session {s.session_id}, not {log.id}"
                )
            if s.id in self.set_ids:
                self.problems.append(f"sessions: set {s.id} appears twice")
            self.set_ids.add(s.id)
        if finished:
            self.headers.append(dump_header(log))
            self.sets.extend(dump_set(r) for r in log.sets)
            self.days.append(log.started_at.date().isoformat())


def check(data: object) -> Checked:
    """Validate a whole export (each value within the bounds typed input has); returns it as
    the tables to store, or raises StoreError listing every problem."""
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
    plans: list[Plan] = []
    states: list[Doc] = []
    assessments: list[Doc] = []
    runs: list[Doc] = []
    sessions = _Sessions(problems)
    _models(data, "plans", Plan, problems, plans.append)
    _models(data, "sessions", SessionLog, problems, sessions.add)
    _models(data, "states", ExerciseState, problems, lambda m: states.append(_dump(m)))
    _models(data, "assessments", AssessmentResult, problems, lambda m: assessments.append(_dump(m)))
    _models(data, "runs", Run, problems, lambda m: runs.append(_dump(m)))  # none before schema 3
    in_progress = None
    if data.get("in_progress") is not None:
        try:
            in_progress = SessionLog.model_validate(data["in_progress"])
            sessions.add(in_progress, finished=False)
        except ValidationError as exc:
            problems.extend(_problems(exc, "in_progress"))
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        problems.append("settings: expected an object")
    plan_ids = {p.id for p in plans}
    active = data.get("active_plan")
    if active is not None and active not in plan_ids:
        problems.append(f"active_plan: {active!r} is not one of the exported plans")
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise StoreError(f"the export has {len(problems)} problem(s):\n  {shown}{more}")
    in_progress_sets = {s.id for s in in_progress.sets} if in_progress else set()
    days = sorted(sessions.days)
    return Checked(
        tables={
            "sessions": numbered(sessions.headers),
            "sets": numbered(sessions.sets),
            "plans": numbered([_dump(p) for p in plans]),
            "states": numbered(states),
            "assessments": numbered(assessments),
            "runs": numbered(runs),
            "meta": {
                META_ID: {"version": CURRENT_VERSION, "active_plan": active, "settings": settings}
            },
        },
        in_progress=in_progress,
        contents=Contents(
            sessions=sessions.ids - ({in_progress.id} if in_progress else set()),
            sets=sessions.set_ids - in_progress_sets,
            plans=plan_ids,
            first=days[0] if days else None,
            last=days[-1] if days else None,
        ),
    )


def _dump(model: BaseModel) -> Doc:
    return model.model_dump(mode="json")
