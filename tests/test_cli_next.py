"""``companion next``: the due session's targets and reasons, read from a real (temp) store."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, time, timedelta

import pytest
from progression_helpers import kg, pex

from companion.cli import main
from companion.commands import next as next_cmd
from companion.domain.catalogue import builtin
from companion.domain.models import (
    AssessmentResult,
    Phase,
    Plan,
    Schedule,
    SessionLog,
    SessionTemplate,
    SetResult,
    Side,
    Weekday,
)
from companion.domain.progression import initial_states, next_states
from companion.store import Store

MON = date(2026, 3, 2)


def make_plan(start: date = MON) -> Plan:
    a = SessionTemplate(key="A", title="Strength A", exercises=[
        pex("back-squat", sets=3, reps=(6, 8), load=kg(60)),
        pex("split-squat", sets=2, reps=(8, 10), load=kg(16)),
    ])  # fmt: skip
    b = SessionTemplate(key="B", title="Strength B", exercises=[
        pex("side-plank", sets=2, reps=None, hold=30, progression="hold"),
    ])  # fmt: skip
    return Plan(
        id="runner-strength", name="Runner strength", start=start,
        schedule=Schedule(days=[Weekday.MON, Weekday.THU], long_run=Weekday.SUN),
        phases=[Phase(name="Base", weeks=4, sessions=["A", "B"])],
        sessions={"A": a, "B": b},
    )  # fmt: skip


@pytest.fixture
def db(tmp_path):
    return tmp_path / "companion.json"


def store_plan(db, plan: Plan) -> None:
    with Store.open(db) as store:
        store.save_plan(plan)
        store.set_active(plan.id)


def args_for(db, as_json=True) -> argparse.Namespace:
    return argparse.Namespace(db=str(db), json=as_json)


def run_json(db, capsys, today=MON) -> dict:
    assert next_cmd.run(args_for(db), today=today) == 0
    return json.loads(capsys.readouterr().out)


def test_no_active_plan_is_a_clear_error(db, capsys):
    Store.open(db).close()
    assert main(["--db", str(db), "next"]) == 1
    err = capsys.readouterr().err
    assert "No active plan" in err and "companion import" in err


def test_first_session_comes_from_the_plan(db, capsys):
    store_plan(db, make_plan())
    out = run_json(db, capsys)
    assert (out["plan"], out["session"], out["day"], out["week"], out["phase"]) == (
        "Runner strength", "A", "2026-03-02", 1, "Base",
    )  # fmt: skip
    rows = [(e["exercise"], e["side"], e["sets"], e["reps"], e["reps_hi"], e["load"])
            for e in out["exercises"]]  # fmt: skip
    assert rows == [
        ("back-squat", "both", 3, 6, 8, 60.0),
        ("split-squat", "left", 2, 8, 10, 16.0),
        ("split-squat", "right", 2, 8, 10, 16.0),
    ]
    assert out["exercises"][0]["reason"] == "first session: 60 kg from the plan"
    assert out["exercises"][0]["unit"] == "kg"
    assert out["minutes"] > 0


def finish(db, plan: Plan, day: date, key: str, sets: list[SetResult]) -> None:
    """Record a finished session and move the states on, as the app does."""
    at = datetime.combine(day, time(18))
    log = SessionLog(plan_id=plan.id, session_key=key, started_at=at,
                     finished_at=at + timedelta(hours=1))  # fmt: skip
    log.sets = [s.model_copy(update={"session_id": log.id}) for s in sets]
    with Store.open(db) as store:
        states = store.exercise_states(plan.id) or initial_states(plan, builtin())
        moved = next_states(plan, builtin(), states, log, day)
        store.finish_session(log, moved)


def did(exercise: str, reps: list[int], load: float, side: Side = Side.BOTH) -> list[SetResult]:
    at = datetime.combine(MON, time(18))
    return [SetResult(session_id="x", exercise_id=exercise, set_number=i, side=side, reps=r,
                      load=load, at=at) for i, r in enumerate(reps, 1)]  # fmt: skip


def test_after_a_session_the_targets_move_on_and_b_is_next(db, capsys):
    plan = make_plan()
    store_plan(db, plan)
    sets = (
        did("back-squat", [8, 8, 8], 60.0)
        + did("split-squat", [10, 10], 16.0, Side.LEFT)
        + did("split-squat", [10, 10], 12.0, Side.RIGHT)
    )
    finish(db, plan, MON, "A", sets)
    out = run_json(db, capsys, today=MON)
    assert (out["session"], out["day"]) == ("B", "2026-03-05")
    assert [e["hold"] for e in out["exercises"]] == [30, 30]
    # the A session comes round again on Monday week 2 with the new loads
    finish(db, plan, MON + timedelta(days=3), "B", [])
    out = run_json(db, capsys, today=MON + timedelta(days=7))
    assert out["session"] == "A"
    loads = {(e["exercise"], e["side"]): (e["load"], e["sets"], e["reason"])
             for e in out["exercises"]}  # fmt: skip
    assert loads[("back-squat", "both")] == (62.5, 3, "all 3 sets at 8 → 60 + 2.5 = 62.5 kg")
    left_load, left_sets, _ = loads[("split-squat", "left")]
    right_load, right_sets, right_reason = loads[("split-squat", "right")]
    # 16 kg dumbbells are off the 2.5 kg step: the step is added to the load used, never rounded
    assert (left_load, left_sets) == (18.5, 2)
    # the right side was done with 12 kg: the next load starts from there, and being the
    # weaker side it gets an extra set
    assert (right_load, right_sets) == (14.5, 3)
    assert right_reason == (
        "you used 12 kg; all 2 sets at 10 → 12 + 2.5 = 14.5 kg; "
        "right at 75 % of left → one extra set on the right"
    )


def test_table_shows_sides_loads_and_reasons(db, capsys):
    store_plan(db, make_plan())
    assert next_cmd.run(args_for(db, as_json=False), today=MON) == 0
    out = capsys.readouterr().out
    assert "Runner strength — session A: Strength A" in out
    assert "today · week 1 of 4 · Base phase, week 1 of 4" in out
    lines = out.splitlines()
    squat = next(line for line in lines if line.startswith("Back squat"))
    assert "3 × 6-8 @ 60 kg" in squat and "first session: 60 kg from the plan" in squat
    sides = [line.split()[2] for line in lines if line.startswith("Split squat")]
    assert sides == ["LEFT", "RIGHT"]


def test_flagged_assessment_adds_an_extra_set(db, capsys):
    store_plan(db, make_plan())
    with Store.open(db) as store:
        # left 10 of right 20 reps on the single-leg squat test: well below 85 %
        store.add_assessments([AssessmentResult(test_id="split-squat", day=MON, left=10,
                                                right=20)])  # fmt: skip
    out = run_json(db, capsys)
    split = {e["side"]: e for e in out["exercises"] if e["exercise"] == "split-squat"}
    assert (split["left"]["sets"], split["right"]["sets"]) == (3, 2)
    assert "flagged on the left" in split["left"]["reason"]


def test_warnings_follow_the_table(db, capsys):
    store_plan(db, make_plan())
    saturday = MON + timedelta(days=12)  # two Mondays and two Thursdays gone by untrained
    assert next_cmd.run(args_for(db, as_json=False), today=saturday) == 0
    out = capsys.readouterr().out
    assert "! 4 scheduled sessions missed since the plan started" in out


def test_finished_plan_says_so(db, capsys):
    store_plan(db, make_plan())
    assert next_cmd.run(args_for(db, as_json=False), today=MON + timedelta(weeks=5)) == 0
    assert "Runner strength finished on Sun 29 Mar 2026" in capsys.readouterr().out


def test_through_the_cli_with_todays_date(db, capsys):
    store_plan(db, make_plan(start=date.today()))
    assert main(["--db", str(db), "next", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["week"] == 1 and out["session"] == "A"
