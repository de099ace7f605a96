"""SessionRun: the set-by-set state machine, with hand-made planned sets."""

import pytest
from pydantic import ValidationError

from companion.domain.models import Exercise, Measure, PlannedSet, SessionLog, Side, Unit
from companion.domain.runner import SessionRun, StepKind
from companion.domain.set_input import (
    FIELDS,
    InputProblem,
    far_from,
    load_field,
    parse_count,
    parse_load,
    parse_rpe,
    step_load,
    type_into,
)


def sets(exercise_id, n, *, sides=(Side.BOTH,), reps=8, load=20.0, rest=90, **extra):
    name = extra.pop("name", exercise_id.replace("-", " ").title())
    return [
        PlannedSet(
            exercise_id=exercise_id,
            exercise_name=name,
            set_number=k,
            of_sets=n,
            side=side,
            target_reps=reps,
            target_load=load,
            rest=rest,
            **extra,
        )
        for k in range(1, n + 1)
        for side in sides
    ]


def make_run(planned, **kwargs):
    return SessionRun(planned, SessionLog(id="s1", title="Test"), **kwargs)


def test_a_normal_session_runs_set_by_set_with_rests() -> None:
    run = make_run(sets("squat", 2) + sets("calf-raise", 1, rest=60))
    assert run.current().exercise_id == "squat" and run.progress.planned == 3
    step = run.confirm(run.result_for())
    assert step.kind is StepKind.REST and step.seconds == 90 and step.next.set_number == 2
    step = run.confirm(run.result_for(reps=6, load=22.5, rpe=8))
    assert step.kind is StepKind.REST and step.next.exercise_id == "calf-raise"
    assert run.confirm(run.result_for()).kind is StepKind.DONE
    assert run.finished and run.current() is None
    recorded = [(r.exercise_id, r.set_number, r.reps, r.load, r.rpe) for r in run.log.sets]
    assert recorded == [
        ("squat", 1, 8, 20.0, None),
        ("squat", 2, 6, 22.5, 8),
        ("calf-raise", 1, 8, 20.0, None),
    ]
    assert run.progress.done == 3


def test_per_side_sets_switch_sides_then_rest() -> None:
    run = make_run(sets("split-squat", 2, sides=(Side.LEFT, Side.RIGHT)), side_switch=10)
    assert run.current().side is Side.LEFT
    step = run.confirm(run.result_for())
    assert step.kind is StepKind.SWITCH_SIDE and step.seconds == 10
    assert step.next.side is Side.RIGHT and step.next.set_number == 1
    step = run.confirm(run.result_for(reps=7))
    assert step.kind is StepKind.REST and step.next.side is Side.LEFT
    assert [(r.side, r.reps) for r in run.log.sets] == [(Side.LEFT, 8), (Side.RIGHT, 7)]


def test_hold_sets_record_seconds_not_reps() -> None:
    plank = sets("side-plank", 1, reps=None, load=None, measure=Measure.HOLD, target_hold=30)
    run = make_run(plank)
    result = run.result_for(hold_s=24)
    assert result.hold_s == 24 and result.reps is None and result.target_hold == 30
    assert run.result_for().hold_s == 30


def test_undo_puts_the_set_back_on_screen() -> None:
    run = make_run(sets("squat", 2))
    first = run.result_for(reps=5)
    run.confirm(first)
    assert run.current().set_number == 2
    assert run.undo_last() == first
    assert run.current().set_number == 1 and run.log.sets == []
    assert make_run([]).undo_last() is None


def test_edit_last_keeps_the_id_and_validates() -> None:
    run = make_run(sets("squat", 2))
    first = run.result_for()
    run.confirm(first)
    edited = run.edit_last(reps=6, rpe=8.5)
    assert edited.id == first.id and run.log.sets == [edited] and edited.reps == 6
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        run.edit_last(reps=-3)
    with pytest.raises(ValidationError, match="RPE goes in half steps from 6 to 10"):
        run.edit_last(rpe=7.3)
    assert run.log.sets[0].reps == 6


def test_skipping_a_set_and_an_exercise() -> None:
    run = make_run(sets("squat", 3) + sets("bridge", 1))
    step = run.confirm(run.skip_set())
    assert step.kind is StepKind.NEXT and run.current().set_number == 2
    for result in run.skip_exercise():
        run.confirm(result)
    assert run.current().exercise_id == "bridge"
    assert run.progress.skipped == 3 and run.progress.done == 0
    squat = run.exercises()[0]
    assert squat.skipped == 3 and squat.finished and not squat.current


def test_skip_exercise_in_a_superset_leaves_the_partner() -> None:
    a = sets("row", 2, superset="A")
    b = sets("press", 2, superset="A")
    run = make_run([a[0], b[0], a[1], b[1]])
    for result in run.skip_exercise():
        run.confirm(result)
    assert [p.exercise_id for p in run.planned if p] == ["row", "press", "row", "press"]
    assert run.current().exercise_id == "press" and run.current().set_number == 1
    assert run.progress.skipped == 2


def test_substitute_changes_only_the_open_sets() -> None:
    run = make_run(sets("pistol-squat", 3))
    run.confirm(run.result_for())
    box = Exercise(id="box-squat", name="Box squat", cues=["Sit back"])
    run.substitute(box)
    assert run.current().exercise_name == "Box squat" and run.current().cues == ["Sit back"]
    assert [p.exercise_id for p in run.planned] == ["pistol-squat", "box-squat", "box-squat"]
    assert run.log.substitutions == {"pistol-squat": "box-squat"}
    assert "instead of" in run.current().reason


def test_substitute_with_a_per_side_exercise_splits_each_set() -> None:
    run = make_run(sets("squat", 2))
    run.substitute(Exercise(id="split-squat", name="Split squat", per_side=True))
    sides = [(p.set_number, p.side) for p in run.planned]
    assert sides == [(1, Side.LEFT), (1, Side.RIGHT), (2, Side.LEFT), (2, Side.RIGHT)]
    assert run.progress.planned == 4


def test_substitute_a_two_sided_exercise_for_a_per_side_one_merges_sides() -> None:
    run = make_run(sets("split-squat", 2, sides=(Side.LEFT, Side.RIGHT)))
    run.substitute(Exercise(id="squat", name="Squat"))
    assert [(p.set_number, p.side) for p in run.planned] == [(1, Side.BOTH), (2, Side.BOTH)]


def test_substitute_with_a_hold_drops_the_rep_target() -> None:
    run = make_run(sets("bridge", 1))
    run.substitute(Exercise(id="plank", name="Plank", measure=Measure.HOLD))
    assert run.current().target_reps is None and run.current().measure is Measure.HOLD


def test_resume_continues_after_the_recorded_sets() -> None:
    planned = sets("split-squat", 2, sides=(Side.LEFT, Side.RIGHT)) + sets("bridge", 2)
    first = make_run(planned)
    for _ in range(3):
        first.confirm(first.result_for())
    resumed = SessionRun(planned, first.log.model_copy(deep=True))
    assert resumed.current().side is Side.RIGHT and resumed.current().set_number == 2
    assert resumed.progress.done == 3


def test_resume_reapplies_substitutions() -> None:
    planned = sets("pistol-squat", 3)
    run = make_run(planned)
    run.confirm(run.result_for())
    box = Exercise(id="box-squat", name="Box squat")
    run.substitute(box)
    run.confirm(run.result_for())
    resumed = SessionRun(planned, run.log.model_copy(deep=True), exercises={box.id: box})
    assert resumed.current().exercise_name == "Box squat" and resumed.current().set_number == 3
    assert resumed.progress.done == 2


def test_confirming_after_the_end_is_refused() -> None:
    run = make_run(sets("squat", 1))
    result = run.result_for()
    run.confirm(result)
    with pytest.raises(ValueError, match="already recorded"):
        run.result_for()


def test_zero_rest_goes_straight_on() -> None:
    run = make_run(sets("row", 1, rest=0) + sets("press", 1))
    assert run.confirm(run.result_for()).kind is StepKind.NEXT


def test_notes_per_exercise() -> None:
    run = make_run(sets("squat", 1))
    run.set_note("squat", "  knee fine ")
    assert run.log.exercise_notes == {"squat": "knee fine"}
    run.set_note("squat", "")
    assert run.log.exercise_notes == {}


@pytest.mark.parametrize("text", ["abc", "-3", "400", "", "8.5"])
def test_bad_reps_are_refused_with_what_is_accepted(text: str) -> None:
    with pytest.raises(InputProblem, match="reps: a whole number 0–100"):
        parse_count("reps", text)


@pytest.mark.parametrize("text", ["900", "-5", "heavy", "nan"])
def test_bad_loads_are_refused(text: str) -> None:
    with pytest.raises(InputProblem, match="load: a number 0–500 kg"):
        parse_load(text, Unit.KG)


def test_good_input_is_read() -> None:
    assert parse_count("reps", " 12 ") == 12
    assert parse_count("hold", "45") == 45
    assert parse_load("22,5", Unit.KG) == 22.5
    assert parse_rpe("8.5") == 8.5
    with pytest.raises(InputProblem, match="half steps"):
        parse_rpe("7.3")


def typed(field, keys: str) -> str:
    text = ""
    for key in keys:
        text = type_into(field, text, key)
    return text


@pytest.mark.parametrize(
    ("field", "keys"),
    [
        (FIELDS["reps"], "12"),
        (FIELDS["reps"], "100"),
        (load_field(Unit.KG), "22.5"),
        (load_field(Unit.KG), ".5"),
        (load_field(Unit.KG), "22,5"),
        (FIELDS["rpe"], "10"),
        (FIELDS["rpe"], "8.5"),
        (FIELDS["rir"], "2"),
        (FIELDS["rir"], "0.5"),
    ],
)
def test_keys_that_lead_to_an_accepted_value_are_taken(field, keys: str) -> None:
    assert typed(field, keys) == keys.replace(",", ".")


@pytest.mark.parametrize(
    ("field", "keys", "refused"),
    [
        (FIELDS["reps"], "7.", "7."),  # reps are whole: never 75, never 7
        (FIELDS["reps"], "101", "101"),
        (FIELDS["hold"], "601", "601"),
        (load_field(Unit.KG), "22.5.", "22.5."),
        (load_field(Unit.KG), "501", "501"),
        (FIELDS["rpe"], "5", "5"),
        (FIELDS["rpe"], "8.2", "8.2"),
        (FIELDS["rpe"], "11", "11"),
        (FIELDS["rir"], "5", "5"),
        (FIELDS["reps"], "8x", "8x"),
    ],
)
def test_a_key_no_accepted_value_could_follow_is_refused(field, keys, refused) -> None:
    with pytest.raises(InputProblem) as caught:
        typed(field, keys)
    assert str(caught.value) == f"{refused} is not accepted; {field.accepted}"


def test_what_each_field_accepts_is_said_in_words() -> None:
    assert FIELDS["reps"].accepted == "reps: a whole number 0–100"
    assert FIELDS["hold"].accepted == "hold: a whole number 0–600 s"
    assert load_field(Unit.LB).accepted == "load: a number 0–500 lb"
    assert FIELDS["rpe"].accepted == "RPE: 6 to 10 in half steps"
    assert FIELDS["rir"].accepted == "RIR: 0 to 4 in half steps"


def test_far_from_the_last_is_ten_times_either_way() -> None:
    assert far_from(45, 4) and far_from(4, 45)
    assert not far_from(30, 4) and not far_from(5, 40)
    assert not far_from(45, None) and not far_from(None, 4) and not far_from(45, 0)


def test_load_steps_stay_within_limits() -> None:
    assert step_load(20, 2.5, +1) == 22.5
    assert step_load(1.25, 2.5, -1) == 0
    assert step_load(None, 1.25, +1) == 1.25
    assert step_load(499, 2.5, +1) == 500


def test_a_set_starts_from_the_last_recorded_for_its_exercise_and_side() -> None:
    run = make_run(sets("lunge", 2, sides=(Side.LEFT, Side.RIGHT), reps=8, load=10.0))
    assert (run.start_values().count, run.start_values().load) == (8, 10.0)
    left = run.result_for(reps=7, load=12.5)
    run.confirm(left)
    start = run.start_values()  # RIGHT, same target as the left: the left's values
    assert (start.count, start.load) == (7, 12.5)
    run.confirm(run.result_for())
    assert run.log.sets[-1].reps == 7 and run.log.sets[-1].load == 12.5
    run.confirm(run.result_for(reps=6))  # set 2 LEFT
    assert run.start_values().count == 6  # RIGHT takes the later left set


def test_warm_ups_and_other_exercises_start_from_the_plan() -> None:
    planned = sets("squat", 2, reps=5, load=20.0, warmup=True) + sets("squat", 1, reps=5, load=60)
    planned += sets("row", 1, reps=10, load=30.0)
    run = make_run(planned)
    run.confirm(run.result_for(load=25.0))
    assert run.start_values().load == 20.0  # warm-ups ramp: each from the plan
    run.confirm(run.result_for())
    assert run.start_values().load == 60  # the first work set: not a warm-up's load
    run.confirm(run.result_for(load=62.5))
    assert run.start_values().load == 30.0  # another exercise


def test_the_right_side_keeps_its_own_target_when_the_left_has_another() -> None:
    planned = [
        *sets("lunge", 1, sides=(Side.LEFT,), reps=8, load=12.5),
        *sets("lunge", 1, sides=(Side.RIGHT,), reps=8, load=10.0),
    ]
    run = make_run(planned)
    run.confirm(run.result_for(reps=6))
    assert (run.start_values().count, run.start_values().load) == (8, 10.0)


def test_a_rep_range_as_prescribed_is_the_reps_it_asks_for() -> None:
    run = make_run(sets("squat", 1, reps=8, target_reps_hi=10, reps_aim=10))
    assert run.start_values().count == 10
    assert run.result_for().reps == 10
    plain = make_run(sets("squat", 1, reps=8, target_reps_hi=10))
    assert plain.result_for().reps == 8
