"""Where things live on disk. Tests redirect everything with ``--db`` or ``COMPANION_DB``."""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "COMPANION_DB"
DB_FILENAME = "companion.json"


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("companion", appauthor=False)


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The history database file: ``--db``, else ``$COMPANION_DB``, else the user data dir."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return data_dir() / DB_FILENAME


def demo_db_path() -> Path:
    """The demo database, kept apart from the athlete's own."""
    return data_dir() / "demo" / DB_FILENAME


def bundled_plans_dir() -> Path:
    """The example coach plans: ``plans/`` of a source checkout, else the copy in the package."""
    package = Path(__file__).resolve().parent
    checkout = package.parent / "plans"
    if checkout.is_dir():
        return checkout
    return package / "data" / "plans"


def bundled_plan(name: str) -> Path:
    return bundled_plans_dir() / name
