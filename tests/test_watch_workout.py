"""``companion workout``: the FIT file a watch runs holds, step by step, the session the app would
show that day (after progression), for every bundled plan, in kilograms and in pounds.
Each file is read back with Garmin's own decoder."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from garmin_fit_sdk import Decoder, Profile, Stream

from companion.cli import main
from companion.domain.catalogue import builtin
from companion.domain.loads import KG_PER_LB
from companion.domain.models import Measure, PlannedSet, Side, Unit
from companion.domain.runner import SessionRun
from companion.io.fit_workout import encode_workout
from companion.io.plans import parse_plan
from companion.store import Store
from companion.training.finish import finish
from companion.training.today import load_today, new_log

PLANS = sorted(Path(__file__).resolve().parents[1].glob("plans/*.*"))
START = date(2026, 11, 2)  # a Monday


def plan_text(path: Path, unit: Unit) -> str:
    text = path.read_text("utf-8")
    if unit is Unit.LB:  # the same plan written in pounds: every number read as lb
        text = text.replace("units: kg", "units: lb").replace('units = "kg"', 'units = "lb"')
        text = text.replace(" kg", " lb").replace("kg", "lb")
    return text


def stored(db: Path, path: Path, unit: Unit):
    plan = parse_plan(plan_text(path, unit), path.name, builtin())
    assert plan.units is unit
    plan = plan.model_copy(update={"start": START})
    with Store.open(db) as store:
        store.save_plan(plan)
        store.set_active(plan.id)
    return plan


def do_first_session(db: Path) -> tuple[date, str]:
    """The first due session done in the app, every set at the top of its rep range, so its
    targets move on (loads up a step). Returns the day after it and its key."""
    with Store.open(db) as store:
        today = load_today(store, builtin(), START)
        day = today.due.day
        today = load_today(store, builtin(), day)
        log = new_log(today, datetime.combine(day, time(7)))
        run = SessionRun(today.planned, log, side_switch=today.context.side_switch)
        while (p := run.current()) is not None:
            top = {"reps": p.target_reps_hi} if p.target_reps_hi else {}
            run.confirm(run.result_for(**top))
        finish(store, today.context, run.log)
    return day + timedelta(days=1), today.session_key


def decode(data: bytes) -> dict:
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


def expected_steps(planned: list[PlannedSet], switch: int) -> list[tuple]:
    """What the runner does between sets, worked out here on its own: the left side of a set
    is followed by the side switch, any other set by its rest; nothing after the last."""
    steps: list[tuple] = []
    for i, p in enumerate(planned):
        steps.append(("set", p))
        if i == len(planned) - 1:
            break
        nxt = planned[i + 1]
        other_side = (
            p.side is Side.LEFT
            and nxt.side is Side.RIGHT
            and nxt.exercise_id == p.exercise_id
            and nxt.set_number == p.set_number
            and nxt.warmup == p.warmup
        )
        if other_side and switch > 0:
            steps.append(("rest", "Switch sides", switch))
        elif p.rest > 0:
            steps.append(("rest", "Rest", p.rest))
    return steps


def exercise_name_of(category: str, number: int | None) -> str | None:
    names = Profile["types"].get(f"{category}_exercise_name", {})
    return names.get(number) if number is not None else None


@pytest.mark.parametrize("unit", [Unit.KG, Unit.LB], ids=["kg", "lb"])
@pytest.mark.parametrize("path", PLANS, ids=[p.name for p in PLANS])
def test_every_step_is_the_session_the_app_shows(tmp_path, path, unit):
    db = tmp_path / "companion.json"
    plan = stored(db, path, unit)
    day, key = do_first_session(db)
    out = tmp_path / "again.fit"
    argv = ["--db", str(db), "workout", key, "--date", day.isoformat(), "--out", str(out)]
    assert main(argv) == 0
    with Store.open(db) as store:
        shown = load_today(store, builtin(), day, key)
    catalogue = shown.context.catalogue
    planned = shown.planned
    moved = [p for p in planned if not p.warmup and not p.reason.startswith("first session")]
    assert planned and moved  # the targets after progression, not the plan's first ones

    messages = decode(out.read_bytes())
    assert messages["file_id_mesgs"][0]["type"] == "workout"
    workout = messages["workout_mesgs"][0]
    assert workout["wkt_name"] == f"{plan.name} {shown.session_key}: {shown.title}"
    assert (workout["sport"], workout["sub_sport"]) == ("training", "strength_training")
    steps = messages["workout_step_mesgs"]
    expected = expected_steps(planned, shown.context.side_switch)
    assert workout["num_valid_steps"] == len(steps) == len(expected)

    for index, (step, want) in enumerate(zip(steps, expected, strict=True)):
        assert step["message_index"] == index
        if want[0] == "rest":
            assert (step["wkt_step_name"], step["intensity"]) == (want[1], "rest")
            assert (step["duration_type"], step["duration_time"]) == ("time", want[2])
            continue
        p: PlannedSet = want[1]
        name = step["wkt_step_name"]
        assert name.startswith(p.exercise_name)
        assert f"{p.set_number}/{p.of_sets}" in name
        assert (" left " in name, " right " in name) == (p.side is Side.LEFT, p.side is Side.RIGHT)
        assert step["intensity"] == ("warmup" if p.warmup else "active")
        if p.measure is Measure.HOLD:
            assert (step["duration_type"], step["duration_time"]) == ("time", p.target_hold)
        elif p.measure is Measure.CONTACTS:
            assert (step["duration_type"], step["duration_reps"]) == ("reps", p.target_contacts)
        else:
            assert (step["duration_type"], step["duration_reps"]) == ("reps", p.target_reps)
        if p.target_load:
            shown_unit = "pound" if unit is Unit.LB else "kilogram"
            assert step["weight_display_unit"] == shown_unit
            kg = p.target_load * (KG_PER_LB if unit is Unit.LB else 1)
            assert step["exercise_weight"] == pytest.approx(kg, abs=0.005)
        else:
            assert "exercise_weight" not in step
        fit = catalogue.get(p.exercise_id).fit
        if fit is None:  # a plan's own exercise: a category of the profile, its own name
            assert step["exercise_category"] in Profile["types"]["exercise_category"].values()
            assert "exercise_name" not in step
        else:
            assert step["exercise_category"] == fit.category
            assert exercise_name_of(fit.category, step.get("exercise_name")) == fit.name
        if p.cues:
            assert p.cues[0][:40] in step["notes"]


def test_a_pound_load_is_kept_in_kilograms_and_shown_in_pounds():
    catalogue = builtin()
    step_up = catalogue.get("step-up")
    planned = PlannedSet(
        exercise_id=step_up.id, exercise_name=step_up.name, set_number=1, of_sets=1,
        side=Side.LEFT, target_reps=8, target_load=25, unit=Unit.LB,
    )  # fmt: skip
    data = encode_workout("lb", [planned], {step_up.id: step_up}, 10)
    step = decode(data)["workout_step_mesgs"][0]
    assert step["exercise_weight"] == pytest.approx(11.34)
    assert step["weight_display_unit"] == "pound"
    assert (step["exercise_category"], exercise_name_of("squat", step["exercise_name"])) == (
        "squat",
        "step_up",
    )


def test_an_exercise_the_profile_lacks_gets_a_category_and_keeps_its_name(tmp_path):
    catalogue = builtin()
    heel_drop = catalogue.get("eccentric-heel-drop")
    assert heel_drop.fit.name is None
    planned = PlannedSet(
        exercise_id=heel_drop.id, exercise_name=heel_drop.name, set_number=1, of_sets=3,
        target_reps=15,
    )  # fmt: skip
    step = decode(encode_workout("x", [planned], {heel_drop.id: heel_drop}, 10))[
        "workout_step_mesgs"
    ][0]
    assert step["exercise_category"] == "calf_raise"
    assert "exercise_name" not in step
    assert step["wkt_step_name"] == "Eccentric heel drop - 1/3"


def test_a_session_named_on_the_command_line_is_the_one_written(tmp_path, capsys):
    db = tmp_path / "companion.json"
    stored(db, PLANS[-1], Unit.KG)  # off-season strength: sessions A, B, C
    out = tmp_path / "b.fit"
    code = main(["--db", str(db), "workout", "B", "--date", "2026-11-03", "--out", str(out)])
    assert code == 0
    assert "session B" not in capsys.readouterr().err
    assert decode(out.read_bytes())["workout_mesgs"][0]["wkt_name"].split(":")[0].endswith(" B")


def test_without_a_plan_or_with_a_bad_date_nothing_is_written(tmp_path, capsys):
    db = tmp_path / "companion.json"
    out = tmp_path / "x.fit"
    assert main(["--db", str(db), "workout", "--out", str(out)]) == 1
    assert "companion import" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        main(["--db", str(db), "workout", "--date", "2026-02-30", "--out", str(out)])
    assert stopped.value.code == 2
    assert "'2026-02-30' is not a date; write it as YYYY-MM-DD" in capsys.readouterr().err
    assert not out.exists()
