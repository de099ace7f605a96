"""`companion export` and `companion restore` as the athlete runs them."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from companion.cli import main
from companion.domain.models import (
    AssessmentResult,
    ExerciseState,
    Phase,
    Plan,
    PlanExercise,
    RepRange,
    Schedule,
    SessionLog,
    SessionTemplate,
    SetResult,
    Side,
    Target,
    Weekday,
)
from companion.io.export import CSV_COLUMNS, ExportFileError, parse_json, sets_csv
from companion.store import Store
from companion.store.backups import backups


def make_plan() -> Plan:
    return Plan(
        id="runner-strength",
        name="Runner strength",
        schedule=Schedule(days=[Weekday.TUE]),
        phases=[Phase(name="base", weeks=4, sessions=["a"])],
        sessions={
            "a": SessionTemplate(
                key="a",
                title="Strength A",
                exercises=[PlanExercise(exercise="step-up", sets=2, reps=RepRange(lo=8, hi=10))],
            )
        },
    )


def fill(db: Path) -> tuple[SessionLog, SessionLog]:
    """A finished session with both sides and a warm-up, and one in progress."""
    with Store.open(db) as store:
        store.save_plan(make_plan())
        store.set_active("runner-strength")
        done = SessionLog(
            plan_id="runner-strength",
            plan_name="Runner strength",
            session_key="a",
            title="Strength A",
            started_at=datetime(2025, 3, 4, 18, 0),
        )
        store.begin_session(done)
        rows = [
            dict(set_number=1, side=Side.BOTH, warmup=True, reps=5, load=0.0),
            dict(
                set_number=1,
                side=Side.LEFT,
                target_reps=8,
                target_reps_hi=10,
                target_load=12.5,
                reps=9,
                load=12.5,
                rpe=7.5,
                note="slow down",
            ),
            dict(
                set_number=1,
                side=Side.RIGHT,
                target_reps=8,
                target_reps_hi=10,
                target_load=12.5,
                reps=10,
                load=12.5,
                rpe=7.0,
            ),
        ]
        for r in rows:
            store.record_set(
                SetResult(
                    session_id=done.id, exercise_id="step-up", at=datetime(2025, 3, 4, 18, 10), **r
                )
            )
        store.finish_session(
            done,
            states=[
                ExerciseState(
                    plan_id="runner-strength",
                    exercise_id="step-up",
                    side=Side.LEFT,
                    target=Target(exercise_id="step-up", side=Side.LEFT, sets=2, reps=8, load=15.0),
                )
            ],
        )
        store.add_assessments(
            [
                AssessmentResult(
                    test_id="single-leg-hop", day=date(2025, 3, 1), left=140, right=150, unit="cm"
                )
            ]
        )
        store.save_settings({"unit": "kg"})
        running = SessionLog(
            plan_id="runner-strength", title="Strength A", started_at=datetime(2025, 3, 7, 18, 0)
        )
        store.begin_session(running)
        store.record_set(
            SetResult(
                session_id=running.id,
                exercise_id="custom-thing",
                set_number=1,
                hold_s=30,
                target_hold=30,
                at=datetime(2025, 3, 7, 18, 5),
            )
        )
    return done, running


def test_csv_has_the_documented_columns_sides_and_names(tmp_path: Path, capsys) -> None:
    db = tmp_path / "companion.json"
    fill(db)
    assert main(["export", "--format", "csv", "--db", str(db)]) == 0
    text = capsys.readouterr().out
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == CSV_COLUMNS
    rows = list(reader)
    assert [r["side"] for r in rows] == ["both", "left", "right", "both"]
    left = rows[1]
    assert left["date"] == "2025-03-04" and left["plan"] == "Runner strength"
    assert left["session"] == "Strength A" and left["exercise"] == "Step-up"
    assert (left["target_reps"], left["target_load"], left["reps"], left["load"]) == (
        "8-10",
        "12.5",
        "9",
        "12.5",
    )
    assert (left["unit"], left["rpe"], left["notes"]) == ("kg", "7.5", "slow down")
    assert rows[0]["warmup"] == "yes" and left["warmup"] == "no"
    # the set of the session in progress is marked; an unknown exercise shows its id
    assert [r["in_progress"] for r in rows] == ["no", "no", "no", "yes"]
    assert rows[3]["exercise"] == "custom-thing" and rows[3]["hold_s"] == "30"


def test_csv_leaves_out_skipped_sets() -> None:
    log = SessionLog(title="A")
    done = SetResult(session_id=log.id, exercise_id="step-up", set_number=1, reps=8)
    skipped = SetResult(session_id=log.id, exercise_id="step-up", set_number=2, skipped=True)
    text = sets_csv([log.model_copy(update={"sets": [done, skipped]})])
    assert len(list(csv.DictReader(io.StringIO(text)))) == 1


def test_json_export_then_restore_gives_back_the_same_data(tmp_path: Path) -> None:
    db, other = tmp_path / "a" / "companion.json", tmp_path / "b" / "companion.json"
    fill(db)
    out = tmp_path / "backup.json"
    assert main(["export", "--db", str(db), "--out", str(out)]) == 0
    with Store.open(other) as store:  # something to be replaced
        store.save_plan(make_plan().model_copy(update={"id": "old", "name": "Old plan"}))
    assert main(["restore", str(out), "--db", str(other), "--replace"]) == 0
    with Store.open(db) as a, Store.open(other) as b:
        da, db_ = a.export_data(), b.export_data()
        da.pop("exported_at"), db_.pop("exported_at")
        kept = db_.pop("states")
        da.pop("states")  # the targets are derived again from the restored history
        assert da == db_
        assert kept and all(s["line"] for s in kept)
        assert b.current_session() is not None and len(b.current_session().sets) == 1
        assert b.active_plan() == make_plan()
    [backup] = backups(other)  # the replaced database was backed up first
    assert "Old plan" in backup.read_text()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "holds a JSON list"),
        ('{"plans": []}', "not a companion export"),
        ('{"format": "companion-export", "schema": 9}', "newer companion (schema 9)"),
    ],
)
def test_restore_refuses_a_bad_file_and_changes_nothing(
    tmp_path: Path, capsys, content: str, expected: str
) -> None:
    db = tmp_path / "companion.json"
    fill(db)
    before, kept = db.read_bytes(), backups(db)
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    assert main(["restore", str(bad), "--db", str(db)]) == 1
    assert expected in capsys.readouterr().err
    assert db.read_bytes() == before and backups(db) == kept


def test_restore_lists_every_problem_in_the_file(tmp_path: Path, capsys) -> None:
    db = tmp_path / "companion.json"
    fill(db)
    assert main(["export", "--db", str(db), "--out", str(tmp_path / "x.json")]) == 0
    data = json.loads((tmp_path / "x.json").read_text())
    data["sessions"][0]["sets"][1]["rpe"] = 12
    data["plans"][0]["schedule"]["days"] = ["someday"]
    (tmp_path / "x.json").write_text(json.dumps(data))
    before = db.read_bytes()
    assert main(["restore", str(tmp_path / "x.json"), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "sessions[0].sets[1].rpe" in err and "plans[0].schedule.days[0]" in err
    assert db.read_bytes() == before


def test_parse_json_points_at_the_line() -> None:
    with pytest.raises(ExportFileError, match=r"backup.json:2:"):
        parse_json('{\n  "a": nope\n}', "backup.json")
