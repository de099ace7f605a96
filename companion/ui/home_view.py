"""What the home screen shows, as plain data, and the copy of it kept for the next launch.

``HomeView`` is everything home draws: lines of text with their styles, and one row per
exercise and side. Home draws only from it, so the views kept by the last run (next to the
database, ``<db>.home.json``) draw exactly what reading the database would. They are kept for
today and the next ``KEEP_DAYS - 1`` days, since what home shows on a day follows from the
database and the date alone. One is used at launch while it is still true: the database's
files untouched since (their stamps match), same theme, same companion. Home is then on screen
before the models and the store are loaded; the store is read behind it and the view redrawn
from it.

Light on purpose: no models, no TinyDB, no Textual.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rich.text import Span, Text

from companion import __version__
from companion.store.files import Stamp, sources_stamp

FORMAT = 2  # 2: each row names its plan line
KEEP_DAYS = 14  # today and the next 13: a runner lifts one to three times a week


@dataclass(frozen=True)
class HomeRow:
    """One exercise and side of today's session: its target and why it is what it is."""

    exercise_id: str
    side: str  # ``Side`` value: left, right, both
    name: str
    side_label: str  # LEFT, RIGHT, or "" for both
    target: str
    why: str
    line: str = ""  # the plan line whose target this is


@dataclass(frozen=True)
class HomeView:
    plan: str
    week: Text = field(default_factory=Text)
    due: Text = field(default_factory=Text)
    warnings: Text = field(default_factory=Text)
    tests_due: str = ""  # the assessment notice, "" when the tests are not due
    rows: list[HomeRow] = field(default_factory=list)
    has_plan: bool = False
    unfinished: bool = False  # a session is waiting to be resumed

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "week": _text_json(self.week),
            "due": _text_json(self.due),
            "warnings": _text_json(self.warnings),
            "tests_due": self.tests_due,
            "rows": [
                [r.exercise_id, r.side, r.name, r.side_label, r.target, r.why, r.line]
                for r in self.rows
            ],
            "has_plan": self.has_plan,
            "unfinished": self.unfinished,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> HomeView:
        """Raises KeyError, TypeError or ValueError on anything not written by ``to_json``."""
        rows = [HomeRow(*(_str(cell) for cell in row)) for row in raw["rows"]]
        return cls(
            plan=_str(raw["plan"]),
            week=_text(raw["week"]),
            due=_text(raw["due"]),
            warnings=_text(raw["warnings"]),
            tests_due=_str(raw["tests_due"]),
            rows=rows,
            has_plan=bool(raw["has_plan"]),
            unfinished=bool(raw["unfinished"]),
        )


def assessment_text(text: str) -> Text:
    """The panel that says the single-leg tests are due."""
    line = Text()
    line.append("ASSESSMENT DUE", style="bold reverse")
    line.append(f"  {text}  ")
    line.append("a starts the single-leg tests", style="bold")
    return line


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"text expected, not {type(value).__name__}")
    return value


def _text_json(text: Text) -> list[Any]:
    return [text.plain, [[s.start, s.end, str(s.style)] for s in text.spans]]


def _text(raw: list[Any]) -> Text:
    plain, spans = raw
    return Text(_str(plain), spans=[Span(int(a), int(b), _str(style)) for a, b, style in spans])


# -- kept for the next launch --------------------------------------------------------------------


def kept_path(db: Path) -> Path:
    """``companion.json`` → ``companion.home.json``."""
    return db.with_name(f"{db.stem}.home.json")


def _key(theme: str) -> dict[str, Any]:
    return {"format": FORMAT, "version": __version__, "theme": theme}


def read_kept(db: Path, day: date, theme: str) -> HomeView | None:
    """The view kept for ``db`` on ``day`` if it still shows the database as it is, else None
    (a missing, damaged or outdated copy only means the launch reads the database first)."""
    try:
        raw = json.loads(kept_path(db).read_bytes())
        if raw["key"] != _key(theme) or raw["stamp"] != sources_stamp(db):
            return None
        view = raw["days"].get(day.isoformat())
        return None if view is None else HomeView.from_json(view)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def keep(db: Path, stamp: list[Stamp], theme: str, views: dict[date, HomeView]) -> None:
    """Keep ``views`` (by day) for the next launch. ``stamp``: the database's files as they
    were before the views were read from them (``sources_stamp``), so that any write since,
    even one made while reading, makes the copy outdated. Best effort: if it cannot be
    written, the next launch reads the database first, as without it."""
    path = kept_path(db)
    days = {day.isoformat(): view.to_json() for day, view in sorted(views.items())}
    try:  # views of other days kept from the same files stay (a relaunch keeps only today's)
        old = json.loads(path.read_bytes())
        if old["key"] == _key(theme) and old["stamp"] == stamp:
            first = min(days)
            merged = {d: v for d, v in old["days"].items() if d >= first} | days
            if merged == old["days"]:
                return  # nothing new to keep
            days = dict(sorted(merged.items()))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    from companion.store.storage import atomic_write  # here: launch does not need TinyDB

    body = {"key": _key(theme), "stamp": stamp, "days": days}
    with contextlib.suppress(OSError):
        atomic_write(path, json.dumps(body, ensure_ascii=False).encode(), durable=False)
