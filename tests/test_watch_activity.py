"""``companion import-activity``: the strength activity a watch recorded from a workout the app
wrote is recorded as that day's session, set by set and side by side, and the targets move on
exactly as if the session had been logged in the app. Bad files are refused, nothing lost."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from garmin_fit_sdk import Decoder, Encoder, Stream

from companion.cli import main
from companion.domain.catalogue import builtin
from companion.domain.models import Measure, PlannedSet, Side, Unit
from companion.domain.runner import SessionRun
from companion.io.fit_activity import load_from_kg
from companion.io.plans import parse_plan
from companion.store import Store
from companion.training.finish import finish
from companion.training.today import load_today, new_log

PLAN = Path(__file__).resolve().parents[1] / "plans" / "off-season-strength.yaml"
START = date(2026, 11, 2)  # a Monday; the plan trains on Tuesdays and Fridays
DAY = date(2026, 11, 3)
BEGIN = datetime(2026, 11, 3, 17, 30, tzinfo=UTC)


def fresh_db(tmp_path: Path, name: str) -> Path:
    db = tmp_path / name / "companion.json"
    plan = parse_plan(PLAN.read_text("utf-8"), PLAN.name, builtin())
    with Store.open(db) as store:
        store.save_plan(plan.model_copy(update={"start": START}))
        store.set_active(plan.id)
    return db


def done_as(p: PlannedSet, number: int) -> dict | None:
    """What the athlete did on the ``number``-th set of the session: two reps more on every
    left working set of the first exercise, 2.5 kg more on the single-leg RDL's right side,
    five seconds longer on holds, and the very last set not done at all."""
    if number == LAST:
        return None
    values: dict = {}
    if p.measure is Measure.HOLD:
        values["hold_s"] = p.target_hold + 5
    else:
        values["reps"] = p.target_reps
    if p.exercise_id == "rear-foot-elevated-split-squat" and p.side is Side.LEFT and not p.warmup:
        values["reps"] = p.target_reps + 2
    load = p.target_load
    if p.exercise_id == "single-leg-rdl" and p.side is Side.RIGHT and not p.warmup:
        load = (load or 0) + 2.5
    values["load"] = load
    return values


LAST = -1  # set by the fixture: the number of the session's last set


def fit_bytes(path: Path) -> dict:
    messages, errors = Decoder(Stream.from_byte_array(bytearray(path.read_bytes()))).read(
        convert_types_to_strings=True
    )
    assert errors == []
    return messages


def watch_recording(workout: dict, planned: list[PlannedSet], *, copy_workout=True) -> bytes:
    """The activity file a watch writes when the workout is done on it: its copy of the
    workout, one set message per step done (rests as rest sets), a session and an activity."""
    encoder = Encoder()
    encoder.write_mesg({"mesg_num": 0, "type": "activity", "manufacturer": "garmin",
                        "product": 1, "serial_number": 7, "time_created": BEGIN})  # fmt: skip
    w = workout["workout_mesgs"][0]
    if copy_workout:
        encoder.write_mesg({"mesg_num": 26, "wkt_name": w["wkt_name"], "sport": "training",
                            "sub_sport": "strength_training",
                            "num_valid_steps": w["num_valid_steps"]})  # fmt: skip
        for step in workout["workout_step_mesgs"]:
            encoder.write_mesg({"mesg_num": 27, "message_index": step["message_index"],
                                "wkt_step_name": step["wkt_step_name"],
                                "exercise_category": step.get("exercise_category")})  # fmt: skip
    at = BEGIN
    sets = iter(enumerate(planned, start=1))
    written = 0
    for step in workout["workout_step_mesgs"]:
        if step["intensity"] == "rest":
            seconds = step["duration_time"]
            mesg = {"set_type": "rest", "duration": seconds}
        else:
            number, p = next(sets)
            done = done_as(p, number)
            if done is None:
                continue
            seconds = done.get("hold_s") or 40
            kg = (done["load"] or 0) * (0.45359237 if p.unit is Unit.LB else 1)
            mesg = {"set_type": "active", "duration": seconds,
                    "repetitions": done.get("reps"), "weight": kg or None,
                    "category": [step["exercise_category"]],
                    "category_subtype": [step.get("exercise_name") or 65534],
                    "wkt_step_index": step["message_index"],
                    "weight_display_unit": "kilogram"}  # fmt: skip
        encoder.write_mesg({"mesg_num": 225, "timestamp": at + timedelta(seconds=seconds),
                            "start_time": at, "message_index": written, **mesg})  # fmt: skip
        written += 1
        at += timedelta(seconds=seconds)
    # one set the watch counted that the workout never asked for
    encoder.write_mesg({"mesg_num": 225, "timestamp": at + timedelta(seconds=30), "start_time": at,
                        "set_type": "active", "duration": 30, "repetitions": 12, "weight": 10,
                        "category": ["curl"], "message_index": written})  # fmt: skip
    end = at + timedelta(seconds=60)
    elapsed = (end - BEGIN).total_seconds()
    encoder.write_mesg({"mesg_num": 18, "timestamp": end, "start_time": BEGIN, "sport": "training",
                        "sub_sport": "strength_training", "total_elapsed_time": elapsed,
                        "total_timer_time": elapsed})  # fmt: skip
    encoder.write_mesg({"mesg_num": 34, "timestamp": end, "num_sessions": 1, "type": "manual",
                        "total_timer_time": elapsed})  # fmt: skip
    return bytes(encoder.close())


@pytest.fixture
def sent(tmp_path):
    """A database with the plan, the workout written for DAY, and the sets it holds."""
    global LAST
    db = fresh_db(tmp_path, "watch")
    out = tmp_path / "workout.fit"
    assert main(["--db", str(db), "workout", "--date", DAY.isoformat(), "--out", str(out)]) == 0
    with Store.open(db) as store:
        planned = load_today(store, builtin(), DAY).planned
    LAST = len(planned)
    return db, fit_bytes(out), planned


def logged_in_the_app(tmp_path: Path, planned: list[PlannedSet]) -> Path:
    """The same session, set for set, logged in the app instead."""
    db = fresh_db(tmp_path, "app")
    with Store.open(db) as store:
        today = load_today(store, builtin(), DAY)
        log = new_log(today, BEGIN.astimezone().replace(tzinfo=None))
        run = SessionRun(today.planned, log, side_switch=today.context.side_switch)
        number = 0
        while (p := run.current()) is not None:
            number += 1
            done = done_as(p, number)
            run.confirm(run.skip_set() if done is None else run.result_for(**done))
        finish(store, today.context, run.log)
    return db


def targets_after(db: Path) -> list[tuple]:
    with Store.open(db) as store:
        again = load_today(store, builtin(), DAY + timedelta(days=7), "A")
    return [(p.exercise_id, p.side, p.set_number, p.warmup, p.target_reps, p.target_load,
             p.target_hold, p.reason) for p in again.planned]  # fmt: skip


def test_the_watch_session_is_recorded_set_by_set_and_moves_the_targets(sent, tmp_path, capsys):
    db, workout, planned = sent
    activity = tmp_path / "Activity.fit"
    activity.write_bytes(watch_recording(workout, planned))
    assert main(["--db", str(db), "import-activity", str(activity)]) == 0
    said = capsys.readouterr().out
    assert f"{len(planned) - 1} sets matched to the workout, 1 planned not done" in said
    assert "1 set(s) on the watch match no step of the workout" in said
    assert "curl, 12 reps" in said
    assert "next time, Rear-foot-elevated split squat (left)" in said

    with Store.open(db) as store:
        (session,) = store.sessions()
        sets = store.session_sets(session.id)
    assert (session.session_key, session.day, session.title) == ("A", DAY, "Heavy single-leg")
    assert len(sets) == len(planned)
    split = [s for s in sets if s.exercise_id == "rear-foot-elevated-split-squat" and not s.warmup]
    left = [s.reps for s in split if s.side is Side.LEFT]
    right = [s.reps for s in split if s.side is Side.RIGHT]
    assert left == [s.target_reps + 2 for s in split if s.side is Side.LEFT]
    assert right == [s.target_reps for s in split if s.side is Side.RIGHT]
    rdl = [s for s in sets if s.exercise_id == "single-leg-rdl" and not s.warmup]
    assert {s.load - s.target_load for s in rdl if s.side is Side.RIGHT} == {2.5}
    assert {s.load - s.target_load for s in rdl if s.side is Side.LEFT} == {0}
    holds = [s for s in sets if s.target_hold and not s.skipped]
    assert holds and all(s.hold_s == s.target_hold + 5 for s in holds)
    (skipped,) = [s for s in sets if s.skipped]
    assert (skipped.exercise_id, skipped.side) == (planned[-1].exercise_id, planned[-1].side)

    assert targets_after(db) == targets_after(logged_in_the_app(tmp_path, planned))


def test_without_the_watch_s_copy_of_the_workout_sets_follow_the_step_they_were_on(sent, tmp_path):
    db, workout, planned = sent
    activity = tmp_path / "Activity.fit"
    activity.write_bytes(watch_recording(workout, planned, copy_workout=False))
    assert main(["--db", str(db), "import-activity", str(activity)]) == 0
    assert targets_after(db) == targets_after(logged_in_the_app(tmp_path, planned))


def test_the_same_activity_twice_is_recorded_once(sent, tmp_path, capsys):
    db, workout, planned = sent
    activity = tmp_path / "Activity.fit"
    activity.write_bytes(watch_recording(workout, planned))
    assert main(["--db", str(db), "import-activity", str(activity)]) == 0
    assert main(["--db", str(db), "import-activity", str(activity)]) == 1
    assert "already recorded" in capsys.readouterr().err
    with Store.open(db) as store:
        assert len(store.sessions()) == 1


def test_an_activity_from_another_workout_records_nothing(sent, tmp_path, capsys):
    db, workout, planned = sent
    for step in workout["workout_step_mesgs"]:
        step["wkt_step_name"] = "Garmin's own " + step["wkt_step_name"]
    activity = tmp_path / "Other.fit"
    activity.write_bytes(watch_recording(workout, planned))
    assert main(["--db", str(db), "import-activity", str(activity)]) == 1
    err = capsys.readouterr().err
    assert f"None of the {len(planned)} sets on the watch matches a step of session A" in err
    assert "nothing was recorded" in err
    with Store.open(db) as store:
        assert store.sessions() == []


def running_activity() -> bytes:
    encoder = Encoder()
    encoder.write_mesg({"mesg_num": 0, "type": "activity", "manufacturer": "garmin",
                        "time_created": BEGIN})  # fmt: skip
    encoder.write_mesg({"mesg_num": 18, "timestamp": BEGIN + timedelta(hours=1),
                        "start_time": BEGIN, "sport": "running"})  # fmt: skip
    return bytes(encoder.close())


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"date,exercise,reps\n2026-11-03,squat,5\n", "Run.fit is not a FIT file"),
        ("workout", "Run.fit is a FIT workout, not a recorded activity"),
        ("running", "Run.fit is a running activity, not strength training"),
        ("cut", "Run.fit is a damaged FIT file"),
    ],
)
def test_a_file_that_is_not_a_strength_activity_is_refused(sent, tmp_path, capsys, content, said):
    db, workout, planned = sent
    if content == "workout":
        content = (tmp_path / "workout.fit").read_bytes()
    elif content == "running":
        content = running_activity()
    elif content == "cut":
        content = watch_recording(workout, planned)[:-40]
    path = tmp_path / "Run.fit"
    path.write_bytes(content)
    assert main(["--db", str(db), "import-activity", str(path)]) == 1
    err = capsys.readouterr().err
    assert said in err
    assert "strength-training activity" in err  # what it accepts
    with Store.open(db) as store:
        assert store.sessions() == []


def test_a_missing_file_is_named(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "c.json"), "import-activity", "nowhere.fit"]) == 1
    assert "could not read nowhere.fit" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("kg", "unit", "target", "expected"),
    [
        (181 / 16, Unit.LB, 25.0, 25.0),  # 25 lb comes back from the watch as 24.94 lb
        (181 / 16, Unit.LB, None, 25.0),  # and without a target it is still the quarter
        (340 / 16, Unit.KG, 20.0, 21.25),  # a heavier set stays what it was
        (17.3125, Unit.KG, 17.3, 17.3),
    ],
)
def test_a_watch_weight_reads_back_in_the_plan_s_unit(kg, unit, target, expected):
    assert load_from_kg(kg, unit, target) == expected


def test_a_date_that_does_not_parse_is_named(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--db", str(tmp_path / "c.json"), "calendar", "--date", "3/11", "--out", "x.ics"])
    assert stopped.value.code == 2
    assert "'3/11' is not a date; write it as YYYY-MM-DD" in capsys.readouterr().err
