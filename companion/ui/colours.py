"""Theme colours for rich Text, so warnings stay readable in light and dark themes."""

from __future__ import annotations

from textual.app import App

FALLBACK = {"error": "red", "warning": "yellow", "success": "green", "accent": "blue"}


def colour(app: App, name: str) -> str:
    """The current theme's ``$name`` colour (``error``, ``warning``, ``success``, ...)."""
    try:
        value = app.theme_variables.get(name)
    except Exception:  # noqa: BLE001 - no theme yet: plain terminal colours
        value = None
    return value or FALLBACK.get(name, "default")


def bold(app: App, name: str) -> str:
    return f"bold {colour(app, name)}"
