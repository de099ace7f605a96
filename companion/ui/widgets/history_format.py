"""Small text helpers shared by the history views: numbers, loads, days, band colours."""

from __future__ import annotations

from datetime import date

from rich.style import Style
from rich.text import Text
from textual.app import App

from companion.domain.models import Unit


def num(x: float | None, digits: int = 1) -> str:
    """``42.5`` → ``42.5``, ``40.0`` → ``40``, None → ``–``."""
    if x is None:
        return "–"
    return f"{round(x, digits):g}"


def load_text(load: float | None, unit: Unit | str = Unit.KG, bodyweight: bool = False) -> str:
    unit = getattr(unit, "value", unit)
    if bodyweight:
        return f"BW+{num(load)}" if load else "BW"
    return "–" if load is None else f"{num(load)} {unit}"


def day_text(day: date) -> str:
    """ISO dates: unambiguous and they sort as text."""
    return day.isoformat()


def short_day(day: date) -> str:
    return day.strftime("%d %b").lstrip("0")


def truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def band_text(app: App[object], band: str) -> Text:
    """The band word in the theme's success / warning / error colour."""
    variable = {"ok": "text-success", "watch": "text-warning", "flag": "text-error"}.get(band)
    colour = app.theme_variables.get(variable) if variable else None
    return Text(band, style=Style(color=colour, bold=band != "ok") if colour else "")
