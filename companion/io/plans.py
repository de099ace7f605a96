"""Coach-written plan files (YAML or TOML) into a validated ``Plan``, or every error at once.

The format is described in docs/plan-format.md. Nothing in a file is executed: YAML is read
with the safe loader and object-building tags are refused.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path as FilePath
from typing import Any

from companion.domain.catalogue import Catalogue
from companion.domain.models import (
    Phase,
    Plan,
    Schedule,
    SessionTemplate,
    Unit,
    Weekday,
)
from companion.io import plan_grammar as grammar
from companion.io import plan_values as val
from companion.io.plan_errors import Issues, Path, PlanFileError, PlanIssue, PlanValueError, show
from companion.io.plan_extras import ASSESSMENT_TESTS, ExtrasReader, slug
from companion.io.plan_source import MAX_BYTES, read_text

__all__ = [
    "ASSESSMENT_TESTS",
    "PlanFileError",
    "PlanIssue",
    "load_plan",
    "load_plan_with_warnings",
    "parse_plan",
    "parse_plan_with_warnings",
    "slug",
]

TOP_KEYS = (
    "format",
    "name",
    "coach",
    "units",
    "start",
    "schedule",
    "phases",
    "sessions",
    "exercises",
    "assessments",
)
SCHEDULE_KEYS = ("days", "hard_runs", "long_run")
PHASE_KEYS = ("name", "weeks", "sessions", "volume")


def load_plan(path: str | PathLike[str], catalogue: Catalogue | None = None) -> Plan:
    """Read and validate a plan file; raise ``PlanFileError`` listing every error."""
    return load_plan_with_warnings(path, catalogue)[0]


def load_plan_with_warnings(
    path: str | PathLike[str], catalogue: Catalogue | None = None, fmt: str | None = None
) -> tuple[Plan, list[PlanIssue]]:
    """The plan, and its warnings and notes (``issue.note``: what shorthand was read as)."""
    name = str(path)
    file = FilePath(path)
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise _fail(
                name, f"the file is {size:,} bytes, over the 1 MB limit ({MAX_BYTES:,} bytes)"
            )
        text = file.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise _fail(name, "no such file") from None
    except IsADirectoryError:
        raise _fail(name, "this is a folder; give a plan file (.yaml, .yml or .toml)") from None
    except UnicodeDecodeError as exc:
        raise _fail(
            name,
            f"not a text file: byte {exc.start} is not UTF-8; a plan is a YAML or TOML text file",
        ) from None
    except OSError as exc:
        raise _fail(name, f"cannot read the file: {exc.strerror}") from None
    return parse_plan_with_warnings(text, name, catalogue, fmt)


def parse_plan(
    text: str, filename: str, catalogue: Catalogue | None = None, fmt: str | None = None
) -> Plan:
    """A plan from text already in memory; ``fmt`` is ``yaml`` or ``toml`` (else by suffix)."""
    return parse_plan_with_warnings(text, filename, catalogue, fmt)[0]


def parse_plan_with_warnings(
    text: str, filename: str, catalogue: Catalogue | None = None, fmt: str | None = None
) -> tuple[Plan, list[PlanIssue]]:
    if catalogue is None:
        from companion.domain.catalogue import builtin

        catalogue = builtin()
    fmt = (fmt or ("toml" if filename.lower().endswith(".toml") else "yaml")).lower()
    if fmt not in ("yaml", "toml"):
        raise _fail(filename, f"unknown format '{fmt}'; plan files are yaml or toml")
    issues = Issues(filename)
    raw = read_text(text, fmt, issues)
    plan = _PlanReader(issues, catalogue).plan(raw, filename) if raw is not None else None
    if issues.has_errors or plan is None:
        raise PlanFileError(issues.errors or [PlanIssue(filename, 1, 1, "", "unreadable plan")])
    return plan, issues.warnings


def _fail(filename: str, message: str) -> PlanFileError:
    return PlanFileError([PlanIssue(filename, 1, 1, "", message)])


class _PlanReader(ExtrasReader):
    def plan(self, raw: Any, filename: str) -> Plan | None:
        data = self.mapping(raw, (), TOP_KEYS, "a mapping")
        if "format" in data and data["format"] != 1:
            self.issues.error(
                ("format",),
                f"found {show(data['format'])}; this version of companion reads format: 1 only",
            )
            return None
        name = self.field(
            data,
            "name",
            (),
            val.text,
            what="the plan's name",
            required="the plan's name, e.g. name: Off-season strength",
        )
        if name is not None and not slug(name):
            self.issues.error(("name",), f"found {show(name)}; the name needs letters or digits")
        units = self._units(data)
        custom = self._custom(data.get("exercises"))
        try:
            self.catalogue = self.catalogue.with_custom(custom)
        except ValueError as exc:
            self.issues.error(("exercises",), str(exc))
        schedule = self._schedule(data)
        sessions = self._sessions(data)
        phases = self._phases(data, sessions)
        assessments = self._assessments(data.get("assessments"))
        start = self.field(data, "start", (), val.day)
        coach = self.field(data, "coach", (), val.text, what="the coach's name")
        if self.issues.has_errors or None in (name, schedule, sessions, phases):
            return None
        assert name is not None and sessions is not None and phases is not None  # for mypy
        self._warn_schedule(schedule)
        self._warn_unused(sessions, phases)
        return self.model(
            Plan,
            (),
            id=slug(name),
            name=name,
            coach=coach,
            units=units,
            start=start,
            schedule=schedule,
            phases=phases,
            sessions=sessions,
            exercises=custom,
            assessments=assessments,
            source=filename,
        )

    def _units(self, data: dict) -> Unit:
        value = data.get("units", "kg")
        text = str(value).strip().lower() if isinstance(value, str) else ""
        if text not in ("kg", "lb", "lbs"):
            self.issues.error(("units",), f"found {show(value)}, expected kg or lb")
            return Unit.KG
        self.units = Unit.LB if text.startswith("lb") else Unit.KG
        return self.units

    def _days(self, value: object, path: Path) -> list[Weekday]:
        """``[mon, thu]``, ``Mon/Thu``, ``M Th`` or ``monday, thursday``."""
        items = grammar.day_words(value)
        days: list[Weekday] = []
        for i, item in enumerate(items):
            where = (*path, i) if isinstance(value, list) else path
            try:
                day = grammar.weekday(item)
            except PlanValueError as exc:
                self.issues.error(where, str(exc))
                continue
            if day in days:
                self.issues.error(where, f"{day} is listed twice")
            days.append(day)
        return days

    def _schedule(self, data: dict) -> Schedule | None:
        if "schedule" not in data:
            self.issues.error(
                (), "missing schedule: the strength days, e.g. schedule: {days: [mon, thu]}"
            )
            return None
        path: Path = ("schedule",)
        raw = self.mapping(
            data["schedule"], path, SCHEDULE_KEYS, "a mapping with days:, hard_runs: and long_run:"
        )
        if "days" not in raw:
            self.issues.error(path, "missing days: the strength days, e.g. days: [mon, thu]")
            return None
        days = self._days(raw["days"], (*path, "days"))
        hard = self._days(raw["hard_runs"], (*path, "hard_runs")) if raw.get("hard_runs") else []
        long_run = self.field(raw, "long_run", path, grammar.weekday)
        if not days:
            if raw["days"] == []:
                self.issues.error(
                    (*path, "days"),
                    "found an empty list; give at least one strength day, e.g. days: [mon, thu]",
                )
            return None
        return Schedule(days=days, hard_runs=hard, long_run=long_run)

    def _sessions(self, data: dict) -> dict[str, SessionTemplate] | None:
        if "sessions" not in data:
            self.issues.error(
                (),
                "missing sessions: what each session holds, e.g. sessions: "
                "{A: {title: ..., exercises: [...]}}",
            )
            return None
        raw = data["sessions"]
        if not isinstance(raw, dict) or not raw:
            self.issues.error(
                ("sessions",),
                f"found {show(raw)}, expected a mapping of session names (A:, B:) to sessions",
            )
            return None
        out = {}
        for key, body in raw.items():
            session = self.session(str(key), body, ("sessions", key))
            if session:
                out[str(key)] = session
        return out

    def _phases(self, data: dict, sessions: dict | None) -> list[Phase] | None:
        raw = data.get("phases")
        if not isinstance(raw, list) or not raw:
            found = f"found {show(raw)}, expected" if "phases" in data else "missing phases:"
            where: Path = ("phases",) if "phases" in data else ()
            self.issues.error(
                where,
                f"{found} a list of phases, e.g. - {{name: strength, weeks: 6, sessions: [A, B]}}",
            )
            return None
        phases = []
        for i, item in enumerate(raw):
            path: Path = ("phases", i)
            fields = self.mapping(
                item, path, PHASE_KEYS, "a phase: {name: ..., weeks: 6, sessions: [A, B]}"
            )
            if not fields:
                continue
            name = self.field(
                fields,
                "name",
                path,
                val.text,
                what="a phase name",
                required="the phase's name, e.g. name: strength",
            )
            weeks = self.field(
                fields,
                "weeks",
                path,
                val.whole,
                lo=1,
                hi=104,
                what="weeks",
                required="how many weeks it lasts, e.g. weeks: 6",
            )
            volume = self.field(
                fields, "volume", path, val.fraction, lo=0, hi=3, what="a volume factor"
            )
            keys = self._phase_sessions(fields, path, sessions)
            if name and weeks and keys:
                phases.append(Phase(name=name, weeks=weeks, sessions=keys, volume=volume or 1.0))
        return phases

    def _phase_sessions(self, fields: dict, path: Path, sessions: dict | None) -> list[str]:
        raw = fields.get("sessions")
        if raw is None:
            self.issues.error(path, "missing sessions: the sessions it uses, e.g. sessions: [A, B]")
            return []
        items = raw if isinstance(raw, list) else [raw]
        keys = []
        for i, item in enumerate(items):
            key, where = (
                str(item),
                (*path, "sessions", i) if isinstance(raw, list) else (*path, "sessions"),
            )
            if isinstance(item, dict | list) or item is None:
                self.issues.error(where, f"found {show(item)}, expected a session name")
            elif sessions is not None and key not in sessions:
                defined = ", ".join(map(str, sessions)) or "none"
                self.issues.error(
                    where, f"session '{key}' is not defined under sessions: (defined: {defined})"
                )
            else:
                keys.append(key)
        if not items:
            self.issues.error((*path, "sessions"), "found an empty list; a phase needs a session")
        return keys

    def _warn_schedule(self, schedule: Schedule | None) -> None:
        if schedule is None:
            return
        key_runs = [(d, "a hard run") for d in schedule.hard_runs]
        if schedule.long_run is not None:
            key_runs.append((schedule.long_run, "the long run"))
        for day in schedule.days:
            for run_day, what in key_runs:
                if (day.number + 1) % 7 == run_day.number:
                    self.issues.warn(
                        ("schedule", "days", schedule.days.index(day)),
                        f"strength on {day} is the day before {what} ({run_day}); "
                        "heavy legs the day before a key run blunt it — lift on "
                        "the hard-run day, after the run",
                    )

    def _warn_unused(self, sessions: dict[str, SessionTemplate], phases: list[Phase]) -> None:
        used = {key for phase in phases for key in phase.sessions}
        for key in sessions:
            if key not in used:
                self.issues.warn(
                    ("sessions", key), f"session {key} is defined but no phase uses it"
                )
