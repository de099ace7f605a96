# ruff: noqa: E501  (the export files are written as the apps write them: one set a line)
"""Bringing the history from Strong and Hevy: what the athlete sees after `import-history`.

The files are written here, in each app's layout: Strong's newer one (semicolons, Duration,
decimal commas), Strong's older one (commas, unit columns), Hevy's in kg and in lb. Between them
every column is used, with warm-ups, drop sets, sets to failure, names the catalogue does not
know and a session already recorded.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from companion.cli import main
from companion.domain.catalogue import builtin
from companion.domain.models import Side, Unit
from companion.domain.symmetry import compare_sides
from companion.io.foreign_history import HistoryFileError, read_history
from companion.store import Store
from companion.training.today import load_today

PLANS = Path(__file__).resolve().parents[1] / "plans"
CATALOGUE = builtin()
TUE = date(2026, 12, 1)

STRONG_NEW = """\
Date;Workout Name;Duration;Exercise Name;Set Order;Weight;Reps;Distance;Seconds;Notes;Workout Notes;RPE
2026-11-24 07:30:00;Leg day;1h 5m;Bulgarian Split Squat (Dumbbell);W;10;5;;;;Gym before work;
2026-11-24 07:30:00;Leg day;1h 5m;Bulgarian Split Squat (Dumbbell);1;22,5;8;;;;Gym before work;8
2026-11-24 07:30:00;Leg day;1h 5m;Bulgarian Split Squat (Dumbbell);2;22,5;8;;;;Gym before work;8,5
2026-11-24 07:30:00;Leg day;1h 5m;Bulgarian Split Squat (Dumbbell);3;22,5;8;;;;Gym before work;9
2026-11-24 07:30:00;Leg day;1h 5m;Bulgarian Split Squat (Dumbbell);4;22,5;8;;;last one slow;Gym before work;9
2026-11-24 07:30:00;Leg day;1h 5m;Bulgarian Split Squat (Dumbbell);D;12,5;10;;;;Gym before work;
2026-11-24 07:30:00;Leg day;1h 5m;Copenhagen Plank;1;0;;;25;;Gym before work;
2026-11-24 07:30:00;Leg day;1h 5m;Sled Push;1;80;;0,02;;;Gym before work;
2026-11-24 07:30:00;Leg day;1h 5m;Bench Press (Barbell);1;60;8;;;;Gym before work;
"""

STRONG_OLD = """\
Date,Workout Name,Exercise Name,Set Order,Weight,Weight Unit,Reps,RPE,Distance,Distance Unit,Seconds,Notes,Workout Notes
2026-11-20 18:00:00,Old legs,Romanian Deadlift (Barbell),W,95,lbs,5,,,,,,first block
2026-11-20 18:00:00,Old legs,Romanian Deadlift (Barbell),1,"137,5",lbs,8,8,,,,,first block
2026-11-20 18:00:00,Old legs,Romanian Deadlift (Barbell),F,"137,5",lbs,10,10,,,,grip gave out,first block
2026-11-20 18:00:00,Old legs,Farmers Walk,1,50,lbs,,,40,m,45,,first block
"""

HEVY_KG = """\
title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe
"Single-leg day","25 Nov 2026, 07:30","25 Nov 2026, 08:20","before the intervals","Single Leg Romanian Deadlift (Dumbbell)",,"slow lowering",0,warmup,8,8,,,
"Single-leg day","25 Nov 2026, 07:30","25 Nov 2026, 08:20","before the intervals","Single Leg Romanian Deadlift (Dumbbell)",1,"slow lowering",1,normal,18,8,,,8
"Single-leg day","25 Nov 2026, 07:30","25 Nov 2026, 08:20","before the intervals","Single Leg Romanian Deadlift (Dumbbell)",,"slow lowering",2,normal,18,8,,,8.5
"Single-leg day","25 Nov 2026, 07:30","25 Nov 2026, 08:20","before the intervals","Single Leg Romanian Deadlift (Dumbbell)",,"slow lowering",3,failure,18,8,,,10
"Single-leg day","25 Nov 2026, 07:30","25 Nov 2026, 08:20","before the intervals","Single Leg Romanian Deadlift (Dumbbell)",,"slow lowering",4,dropset,12,5,,,
"Single-leg day","25 Nov 2026, 07:30","25 Nov 2026, 08:20","before the intervals","Treadmill",1,,0,normal,,,"1,2",600,
"Leg day (again)","24 Nov 2026, 07:30","24 Nov 2026, 08:35","","Squat (Barbell)",,,0,normal,60,5,,,
"""

HEVY_LB = """\
title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,weight_lbs,reps,distance_miles,duration_seconds,rpe
"Step day","27 Nov 2026, 18:00","27 Nov 2026, 18:45","","Step Up",,"",0,normal,40,6,,,
"Step day","27 Nov 2026, 18:00","27 Nov 2026, 18:45","","Step Up",,"",1,normal,40,6,,,
"Step day","27 Nov 2026, 18:00","27 Nov 2026, 18:45","","Step Up",,"",2,normal,40,6,,,
"Step day","27 Nov 2026, 18:00","27 Nov 2026, 18:45","","Step Up",,"",3,normal,40,6,,,
"Step day","27 Nov 2026, 18:00","27 Nov 2026, 18:45","","Sled Drag",,"",0,normal,90,,0.05,,
"""


@pytest.fixture
def db(off_season_db: Path) -> Path:
    return off_season_db


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(db: Path, *args: str) -> int:
    return main(["import-history", "--db", str(db), *args])


def targets(db: Path, key: str) -> dict[tuple[str, Side], tuple[float | None, str]]:
    with Store.open(db) as store:
        today = load_today(store, CATALOGUE, TUE, session_key=key)
    found = {}
    for p in today.planned:
        if not p.warmup and not p.extra:
            found[(p.exercise_id, p.side)] = (p.target_load, p.reason)
    return found


def test_names_to_place_go_to_a_map_and_nothing_is_imported(db, tmp_path, capsys) -> None:
    source = write(tmp_path, "strong.csv", STRONG_NEW)
    assert run(db, str(source), "--from", "strong") == 1
    out = capsys.readouterr().out
    assert "Bench Press (Barbell): 1 set" in out and "Sled Push: 1 set" in out
    assert "Nothing was imported." in out
    written = (tmp_path / "strong.map.yaml").read_text()
    assert '"Bench Press (Barbell)": ""  # 1 set' in written
    with Store.open(db) as store:
        assert store.sessions() == []


def test_strong_newer_export_with_a_map(db, tmp_path, capsys) -> None:
    source = write(tmp_path, "strong.csv", STRONG_NEW)
    the_map = write(tmp_path, "map.yaml", '"Bench Press (Barbell)": skip\n"Sled Push": keep\n')
    assert run(db, str(source), "--map", str(the_map), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "would add 1 session, 8 sets (1 warm-up, 6 working sets, 1 drop set" in out
    assert "Bulgarian Split Squat (Dumbbell) → Rear-foot-elevated split squat: 6 sets" in out
    assert "Bench Press (Barbell): 1 set" in out.split("left out by the map:")[1]
    assert "Rear-foot-elevated split squat: 6 sets" in out.split("without a side")[1]
    assert "Dry run: nothing was imported." in out
    with Store.open(db) as store:
        assert store.sessions() == []

    assert run(db, str(source), "--map", str(the_map)) == 0
    assert "Imported 1 session" in capsys.readouterr().out
    with Store.open(db) as store:
        (log,) = store.sessions()
        sets = store.session_sets(log.id)
    assert (log.title, log.source, log.plan_id) == ("Leg day", "strong", None)
    assert log.started_at == datetime(2026, 11, 24, 7, 30)
    assert log.finished_at == datetime(2026, 11, 24, 8, 35)
    assert log.note == "Gym before work"
    split = [s for s in sets if s.exercise_id == "rear-foot-elevated-split-squat"]
    assert [(s.load, s.reps, s.warmup, bool(s.drop)) for s in split] == [
        (10, 5, True, False), (22.5, 8, False, False), (22.5, 8, False, False),
        (22.5, 8, False, False), (22.5, 8, False, False), (12.5, 10, False, True),
    ]  # fmt: skip
    assert {s.side for s in split} == {Side.BOTH}
    assert all("side not recorded" in (s.note or "") for s in split)
    assert split[4].note.startswith("last one slow") and split[2].rpe == 8.5
    plank = next(s for s in sets if s.exercise_id == "copenhagen-plank")
    assert (plank.hold_s, plank.load, plank.bodyweight) == (25, None, True)
    sled = next(s for s in sets if s.exercise_id == "sled-push")
    assert sled.note == "20 m" and sled.load == 80
    assert not any(s.exercise_id.startswith("bench") for s in sets)
    # no weaker side is made up from sets whose side is not known
    assert compare_sides([s for s in split if s.side is Side.LEFT],
                         [s for s in split if s.side is Side.RIGHT]) is None  # fmt: skip
    # the next session A continues from 4 x 8 at 22.5 kg on each leg (the drop set not judged)
    found = targets(db, "A")
    for side in (Side.LEFT, Side.RIGHT):
        load, reason = found[("rear-foot-elevated-split-squat", side)]
        assert load == 25
        assert "all 4 sets at 8 → 22.5 + 2.5 = 25 kg" in reason


def test_strong_older_export_in_pounds(db, tmp_path, capsys) -> None:
    source = write(tmp_path, "old.csv", STRONG_OLD)
    write(tmp_path, "old.map.yaml", "Farmers Walk: keep\n")
    assert run(db, str(source)) == 0
    out = capsys.readouterr().out
    assert "Strong (older: Weight Unit and Distance Unit columns)" in out
    assert "Farmers Walk → kept as farmers-walk (by the map): 1 set" in out
    with Store.open(db) as store:
        (log,) = store.sessions()
        sets = store.session_sets(log.id)
    assert log.finished_at == log.started_at  # the older export has no duration
    assert log.note == "first block"
    assert [(s.exercise_id, s.load, s.unit, s.reps, s.rpe, s.warmup) for s in sets] == [
        ("romanian-deadlift", 95, Unit.LB, 5, None, True),
        ("romanian-deadlift", 137.5, Unit.LB, 8, 8, False),
        ("romanian-deadlift", 137.5, Unit.LB, 10, 10, False),
        ("farmers-walk", 50, Unit.LB, None, None, False),
    ]
    assert sets[2].note == "grip gave out; to failure"
    assert (sets[3].hold_s, sets[3].note) == (45, "40 m")


def test_hevy_in_kg_skips_the_session_already_recorded(db, tmp_path, capsys) -> None:
    strong = write(tmp_path, "strong.csv", STRONG_NEW)
    write(tmp_path, "strong.map.yaml", '"Bench Press (Barbell)": skip\n"Sled Push": skip\n')
    assert run(db, str(strong)) == 0
    hevy = write(tmp_path, "hevy.csv", HEVY_KG)
    write(tmp_path, "hevy.map.yaml", "Treadmill: keep\n")
    capsys.readouterr()
    assert run(db, str(hevy), "--from", "hevy") == 0
    out = capsys.readouterr().out
    assert "Hevy (weights in kg)" in out
    assert "duplicates skipped (starting within a minute of a session already recorded): 1" in out
    assert "2026-11-24 07:30 Leg day (again)" in out
    with Store.open(db) as store:
        logs = store.sessions()
        assert [s.title for s in logs] == ["Leg day", "Single-leg day"]
        hevy_log = logs[1]
        sets = store.session_sets(hevy_log.id)
    assert hevy_log.note == "before the intervals"
    assert hevy_log.exercise_notes == {"single-leg-rdl": "slow lowering"}
    assert hevy_log.finished_at == datetime(2026, 11, 25, 8, 20)
    treadmill = next(s for s in sets if s.exercise_id == "treadmill")
    assert (treadmill.hold_s, treadmill.note, treadmill.load) == (600, "superset 1; 1.2 km", None)
    sets = [s for s in sets if s.exercise_id == "single-leg-rdl"]
    assert [(s.load, s.warmup, bool(s.drop), s.rpe) for s in sets] == [
        (8, True, False, None), (18, False, False, 8), (18, False, False, 8.5),
        (18, False, False, 10), (12, False, True, None),
    ]  # fmt: skip
    assert "to failure" in sets[3].note and sets[1].note == "superset 1; side not recorded"
    # the single-leg RDL line: 3 x 8 at 18 kg, top of 6-8 → 20.5 kg each leg
    found = targets(db, "A")
    assert found[("single-leg-rdl", Side.LEFT)][0] == 20.5
    assert found[("single-leg-rdl", Side.RIGHT)][0] == 20.5

    # the same file again adds nothing
    capsys.readouterr()
    assert run(db, str(hevy)) == 0
    out = capsys.readouterr().out
    assert "adds 0 sessions" in out and "Nothing new to import." in out
    with Store.open(db) as store:
        assert len(store.sessions()) == 2


def test_hevy_in_pounds_feeds_a_kg_plan_on_its_grid(db, tmp_path, capsys) -> None:
    hevy = write(tmp_path, "hevy-lb.csv", HEVY_LB)
    write(tmp_path, "hevy-lb.map.yaml", "Sled Drag: keep\n")
    assert run(db, str(hevy)) == 0
    with Store.open(db) as store:
        (log,) = store.sessions()
        sets = store.session_sets(log.id)
    assert {(s.unit, s.load) for s in sets if s.exercise_id == "step-up"} == {(Unit.LB, 40)}
    drag = next(s for s in sets if s.exercise_id == "sled-drag")
    assert drag.note == "80.4672 m"
    # 40 lb is 18.1 kg: on the 2.5 kg grid 17.5, and 4 x 6 at the top of 5-6 adds a step
    found = targets(db, "B")
    assert found[("step-up", Side.LEFT)][0] == 20
    assert found[("step-up", Side.RIGHT)][0] == 20


def test_one_step_undoes_an_import(db, tmp_path, capsys) -> None:
    hevy = write(tmp_path, "hevy-lb.csv", HEVY_LB)
    write(tmp_path, "hevy-lb.map.yaml", "Sled Drag: skip\n")
    assert run(db, str(hevy)) == 0
    assert targets(db, "B")[("step-up", Side.LEFT)][0] == 20
    capsys.readouterr()
    assert run(db, "--undo") == 0
    assert "Removed the 1 sessions of hevy-" in capsys.readouterr().out
    with Store.open(db) as store:
        assert store.sessions() == []
    assert targets(db, "B")[("step-up", Side.LEFT)][0] == 16  # the plan's first load again
    assert run(db, "--undo") == 1
    assert "there is no imported history to undo" in capsys.readouterr().err


def test_bad_rows_name_the_file_the_line_and_what_is_accepted(db, tmp_path, capsys) -> None:
    bad = STRONG_NEW.replace("2026-11-24 07:30:00;Leg day;1h 5m;Copenhagen Plank;1",
                             "2026-11-24 07:30:00;Leg day;1h 5m;Copenhagen Plank;X")  # fmt: skip
    source = write(tmp_path, "bad.csv", bad)
    assert run(db, str(source)) == 1
    err = capsys.readouterr().err
    assert f"{source}:8: Set Order 'X' is not a set number, W (warm-up), D (drop set)" in err
    assert "Nothing was imported." in err
    with pytest.raises(HistoryFileError, match=r"x.csv:1: the header .* expected a CSV exported"):
        read_history("when,what\n1,2\n", "x.csv")
    with pytest.raises(HistoryFileError, match="this is a Hevy export, not Strong's"):
        read_history(HEVY_KG, "h.csv", expect="strong")
    with pytest.raises(HistoryFileError, match=r"h.csv:3: weight_kg 'heavy' is not a number"):
        read_history(HEVY_KG.replace(",18,8,,,8\n", ",heavy,8,,,8\n", 1), "h.csv")
    the_map = write(tmp_path, "m.yaml", "Treadmill: skip\nSquat (Barbell): squatt\n")
    hevy = write(tmp_path, "hevy.csv", HEVY_KG)
    assert run(db, str(hevy), "--map", str(the_map)) == 1
    assert f"{the_map}:2: Squat (Barbell): no exercise 'squatt' in the catalogue" in (
        capsys.readouterr().err
    )
