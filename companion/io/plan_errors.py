"""What a coach gets back when a plan file is wrong: issues pointing at a file, line and column."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """``("sessions", "A", "exercises", 0, "reps")`` -> ``sessions.A.exercises[0].reps``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True)
class PlanIssue:
    """One problem in a plan file. ``line`` and ``col`` are 1-based."""

    file: str
    line: int
    col: int
    path: str
    message: str
    warning: bool = False
    note: bool = False  # what was understood from shorthand or a measure the catalogue differs on

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}: " + ("note: " if self.note else "")
        return where + (f"{self.path}: {self.message}" if self.path else self.message)


class PlanFileError(Exception):
    """A plan file that cannot be used; ``issues`` lists every error found, in file order."""

    def __init__(self, issues: Sequence[PlanIssue]) -> None:
        self.issues = list(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


class PlanValueError(ValueError):
    """A single value a coach wrote that cannot be read; the message says what is accepted."""


def show(value: object) -> str:
    """A found value as the coach would recognise it in the file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def did_you_mean(word: str, choices: Sequence[str]) -> str | None:
    hits = difflib.get_close_matches(str(word).lower(), list(choices), n=1, cutoff=0.7)
    return hits[0] if hits else None


def unknown_key_message(key: object, allowed: Sequence[str]) -> str:
    guess = did_you_mean(str(key), allowed)
    if guess:
        return f"unknown key '{key}' — did you mean '{guess}'?"
    return f"unknown key '{key}'; accepted keys here: {', '.join(allowed)}"


class Locator:
    """Finds the line and column of a value or key by its path; subclasses know the syntax."""

    def value_pos(self, path: Path) -> tuple[int, int]:
        return (1, 1)

    def key_pos(self, path: Path) -> tuple[int, int]:
        return self.value_pos(path)


class Issues:
    """Collects every error and warning of one file so they can all be reported at once."""

    def __init__(self, filename: str, locator: Locator | None = None) -> None:
        self.filename = filename
        self.locator = locator or Locator()
        self.items: list[PlanIssue] = []

    def _add(
        self, path: Path, message: str, *, key: bool, warning: bool, shown: Path, note=False
    ) -> None:
        line, col = self.locator.key_pos(path) if key else self.locator.value_pos(path)
        issue = PlanIssue(self.filename, line, col, format_path(shown), message, warning, note)
        if issue not in self.items:
            self.items.append(issue)

    def error(self, path: Path, message: str, *, key: bool = False) -> None:
        """An error at the value of ``path`` (or at its key, for unknown or duplicate keys)."""
        self._add(path, message, key=key, warning=False, shown=path[:-1] if key else path)

    def warn(self, path: Path, message: str, *, key: bool = False) -> None:
        self._add(path, message, key=key, warning=True, shown=path)

    def note(self, path: Path, message: str) -> None:
        """What a line was understood to mean, where the coach's words could be read otherwise."""
        self._add(path, message, key=False, warning=True, shown=path, note=True)

    def at(self, line: int, col: int, message: str) -> None:
        self.items.append(PlanIssue(self.filename, line, col, "", message))

    @property
    def errors(self) -> list[PlanIssue]:
        return sorted((i for i in self.items if not i.warning), key=lambda i: (i.line, i.col))

    @property
    def warnings(self) -> list[PlanIssue]:
        return sorted((i for i in self.items if i.warning), key=lambda i: (i.line, i.col))

    @property
    def has_errors(self) -> bool:
        return any(not i.warning for i in self.items)
