"""Shared fixtures: a fake monotonic clock, a fixed day, a temporary store. Kept small."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from companion.ui.driving import ManualClock as FakeClock

# A Monday in week 3 of a plan that started on Monday 3 March 2025.
PLAN_START = date(2025, 3, 3)
TODAY = date(2025, 3, 17)


@pytest.fixture(autouse=True)
def _isolated_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the user's real data and config dirs out of every test."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("COMPANION_CACHE", raising=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "db" / "companion.json"


@pytest.fixture
def store(db_path: Path) -> Iterator[object]:
    from companion.store import Store

    opened = Store.open(db_path)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def demo_plan() -> object:
    """The bundled example plan, started on a fixed Monday."""
    from companion.io.plans import load_plan
    from companion.locations import bundled_plan

    plan = load_plan(bundled_plan("demo.yaml"))
    return plan.model_copy(update={"start": PLAN_START, "imported_at": datetime(2025, 3, 1, 9, 0)})


@pytest.fixture
def off_season_db(tmp_path: Path) -> Path:
    """A database with the off-season plan (Tuesdays and Fridays) active from Tue 1 Dec 2026."""
    from companion.io.plans import load_plan
    from companion.store import Store

    plans = Path(__file__).resolve().parents[1] / "plans"
    plan = load_plan(plans / "off-season-strength.yaml").model_copy(
        update={"start": date(2026, 12, 1)}
    )
    path = tmp_path / "companion.json"
    with Store.open(path) as opened:
        opened.save_plan(plan)
        opened.set_active(plan.id)
    return path
