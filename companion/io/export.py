"""Exports as text: the full JSON backup and a CSV with one row per set.

Pure functions: models (or the store's export dict) in, text out; and the JSON text back to a
dict with a clear message when it is not JSON. Checking the content is the store's job
(``Store.restore_data``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

import orjson

from companion.domain import runs as running
from companion.domain.catalogue import Catalogue, builtin
from companion.domain.models import Plan, Run, SessionLog, SetResult

CSV_COLUMNS = [
    "date",
    "plan",
    "session",
    "exercise",
    "set",
    "side",
    "target_reps",
    "target_load",
    "target_hold",
    "reps",
    "load",
    "unit",
    "hold_s",
    "rpe",
    "notes",
    "warmup",
    "exercise_id",
    "in_progress",
    # runs come after the sets, one row each (``session`` is ``run``): these are theirs
    "distance_km",
    "moving_s",
    "pace_per_km",
    "avg_hr",
    "run_marks",
]


class ExportFileError(ValueError):
    """A file given to restore is not a readable JSON export."""


def to_json(data: dict[str, Any]) -> str:
    """The full backup (``Store.export_data()``) as indented, UTF-8 friendly JSON."""
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def parse_json(text: str | bytes, source: str = "the file") -> dict[str, Any]:
    """The export in ``text`` (UTF-8 bytes or text): read fast (orjson); when that fails, read
    again by the standard library for a message that points at the line, or that takes the
    non-standard ``Infinity`` and ``NaN`` (which the checks then refuse by name)."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        data = _parse_slowly(text, source)
    if not isinstance(data, dict):
        raise ExportFileError(
            f"{source}: holds a JSON {type(data).__name__}; restore takes the JSON object "
            "written by `companion export --format json`"
        )
    return data


def _parse_slowly(text: str | bytes, source: str) -> Any:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ExportFileError(
                f"{source}: not UTF-8 text (byte {exc.start}); restore takes a file written "
                "by `companion export --format json`"
            ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExportFileError(
            f"{source}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg}); restore takes a "
            "file written by `companion export --format json`"
        ) from None
    except RecursionError:
        raise ExportFileError(
            f"{source}: its JSON is nested too deeply to be an export (an export is a few "
            "levels deep); restore takes a file written by `companion export --format json`"
        ) from None


def _num(x: float | int | None) -> str:
    if x is None:
        return ""
    return f"{x:g}" if isinstance(x, float) else str(x)


def _target_reps(s: SetResult) -> str:
    if s.target_reps is None:
        return ""
    if s.target_reps_hi is not None and s.target_reps_hi != s.target_reps:
        return f"{s.target_reps}-{s.target_reps_hi}"
    return str(s.target_reps)


def exercise_names(plans: Iterable[Plan], catalogue: Catalogue | None = None) -> dict[str, str]:
    """Exercise id → name: the built-in catalogue plus every plan's own exercises."""
    names = {e.id: e.name for e in (catalogue if catalogue is not None else builtin())}
    for plan in plans:
        names.update({e.id: e.name for e in plan.exercises})
    return names


def sets_csv(
    sessions: Iterable[SessionLog],
    plans: Iterable[Plan] = (),
    in_progress: SessionLog | None = None,
    catalogue: Catalogue | None = None,
    runs: Iterable[Run] = (),
    rules: running.RunRules | None = None,
) -> str:
    """One row per set of every given session (with its sets), oldest first, then one per run.

    Sets of the session in progress come last with ``in_progress`` = ``yes``. ``side`` is
    ``left``, ``right`` or ``both``. Skipped sets were not done and are left out. A run's row
    has ``run`` as its session, its distance, moving time, pace, heart rate and marks (long,
    hard) at the end, and nothing in the sets' columns.
    """
    plans = list(plans)
    names = exercise_names(plans, catalogue)
    plan_names = {p.id: p.name for p in plans}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    logs = [(log, "no") for log in sessions]
    if in_progress is not None:
        logs.append((in_progress, "yes"))
    for log, running_now in logs:
        plan = log.plan_name or plan_names.get(log.plan_id or "", log.plan_id or "")
        title = log.title or log.session_key or ""
        for s in log.sets:
            if s.skipped:
                continue
            writer.writerow(
                [
                    s.at.date().isoformat(),
                    plan,
                    title,
                    names.get(s.exercise_id, s.exercise_id),
                    s.set_number,
                    s.side.value,
                    _target_reps(s),
                    _num(s.target_load),
                    _num(s.target_hold),
                    _num(s.reps),
                    _num(s.load),
                    s.unit.value,
                    _num(s.hold_s),
                    _num(s.rpe),
                    s.note or "",
                    "yes" if s.warmup else "no",
                    s.exercise_id,
                    running_now,
                    *[""] * 5,
                ]
            )
    runs = sorted(runs, key=lambda r: r.started_at)
    marks = running.marks(runs, rules or running.RunRules())
    notes = CSV_COLUMNS.index("notes")
    for run in runs:
        row = [""] * CSV_COLUMNS.index("distance_km")
        row[:3] = [run.day.isoformat(), "", "run"]
        row[notes] = f"started {run.started_at:%H:%M}" + (f", {run.source}" if run.source else "")
        writer.writerow(
            [
                *row,
                f"{run.km:.2f}",
                f"{run.moving_s:.0f}",
                running.pace_text(run.pace_s).removesuffix(" /km"),
                _num(run.avg_hr),
                marks[run.id].words,
            ]
        )
    return out.getvalue()
