"""What the home screen shows, as plain data: lines of text with their styles, and one row per
exercise and side. ``home_text.view_of`` makes it from ``Today``; home draws only from it."""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text


class HomeRow(NamedTuple):
    """One exercise and side of today's session: its target and why it is what it is."""

    side: str  # ``Side`` value: left, right, both
    name: str
    side_label: str  # LEFT, RIGHT, or "" for both
    target: str
    why: str
    line: str = ""  # the plan line whose target this is


class HomeView(NamedTuple):
    plan: str
    week: Text | str = ""
    due: Text | str = ""
    warnings: Text | str = ""
    tests_due: str = ""  # the assessment notice, "" when the tests are not due
    rows: tuple[HomeRow, ...] = ()
    has_plan: bool = False
    unfinished: bool = False  # a session is waiting to be resumed


def assessment_text(text: str) -> Text:
    """The panel that says the single-leg tests are due."""
    line = Text()
    line.append("ASSESSMENT DUE", style="bold reverse")
    line.append(f"  {text}  ")
    line.append("a starts the single-leg tests", style="bold")
    return line
