"""Helpers for the Pilot tests: a small plan, a seeded store, waiting for store writes."""

from __future__ import annotations

from datetime import datetime

from conftest import PLAN_START

from companion.domain.models import SessionLog, SetResult, Side
from companion.io.plans import parse_plan
from companion.ui.driving import press, settle  # noqa: F401 - re-exported for the tests

SMALL_PLAN = f"""
format: 1
name: Test plan
units: kg
start: {PLAN_START.isoformat()}
schedule:
  days: [mon, tue, wed, thu, fri, sat, sun]
phases:
  - {{name: base, weeks: 12, sessions: [T, U]}}
sessions:
  T:
    title: Test session
    exercises:
      - exercise: goblet squat
        sets: 2
        reps: 8-10
        load: 20 kg
        rest: 60s
        progression: double
      - exercise: split squat
        sets: 2
        reps: 8
        load: 10 kg
        rest: 90s
        progression: linear
      - exercise: side plank
        sets: 1
        hold: 30s
        rest: 30s
  U:
    title: Other session
    exercises:
      - exercise: hip thrust
        sets: 2
        reps: 5
        load: 40 kg
        rest: 2m
"""


def small_plan():
    return parse_plan(SMALL_PLAN, "test-plan.yaml")


def seed(store, plan=None):  # noqa: ANN001, ANN201
    plan = plan or small_plan()
    store.save_plan(plan)
    store.set_active(plan.id)
    return plan


def screen_name(app) -> str:  # noqa: ANN001
    return type(app.screen).__name__


def earlier_session(store) -> None:  # noqa: ANN001
    log = SessionLog(
        plan_id="test-plan",
        session_key="U",  # so that T is due today
        title="Other session",
        started_at=datetime(2025, 3, 10, 18, 0),
        finished_at=datetime(2025, 3, 10, 18, 40),
    )

    def s(exercise_id, n, side, reps, load):  # noqa: ANN001, ANN202
        return SetResult(
            session_id=log.id,
            exercise_id=exercise_id,
            set_number=n,
            side=side,
            reps=reps,
            load=load,
            at=datetime(2025, 3, 10, 18, n),
        )

    log.sets = [
        s("goblet-squat", 1, Side.BOTH, 8, 20.0),
        s("split-squat", 1, Side.LEFT, 8, 10.0),
        s("split-squat", 1, Side.RIGHT, 8, 10.0),
    ]
    store.finish_session(log)
