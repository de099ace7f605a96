"""The runner's list of sets: order, volume, warm-ups, breaks and the weaker side's extra set."""

from __future__ import annotations

from datetime import timedelta

import pytest
from progression_helpers import (
    CATALOGUE,
    DAY,
    SIDE_PLANK,
    SPLIT,
    kg,
    log_of,
    pex,
    plan_with,
    sets_of,
    state_for,
)

from companion.domain.catalogue import Catalogue
from companion.domain.models import (
    Exercise,
    Load,
    LoadKind,
    Muscle,
    Phase,
    PlannedSet,
    ProgressionType,
    Side,
    WarmupSet,
)
from companion.domain.progression import initial_states, next_states
from companion.domain.session import (
    UnknownSessionError,
    build_session,
    estimate_minutes,
    phase_sets,
    substitute_options,
)

L, R, B = Side.LEFT, Side.RIGHT, Side.BOTH


def steps(planned: list[PlannedSet]) -> list[tuple]:
    return [(p.exercise_id, p.set_number, p.side, p.warmup, p.extra) for p in planned]


def build(plan, states=None, today=DAY, flagged=None):
    states = initial_states(plan, CATALOGUE) if states is None else states
    return build_session(plan, "A", CATALOGUE, states, today, flagged)


def test_per_side_sets_alternate_left_then_right_with_the_rest_after_right():
    planned = build(plan_with(pex("split", sets=2, load=kg(20), rest=120)))
    assert [(p.set_number, p.side) for p in planned] == [(1, L), (1, R), (2, L), (2, R)]
    assert [p.rest for p in planned] == [0, 120, 0, 120]
    assert planned[0].exercise_name == "Split squat"
    assert planned[0].cues == ["knee over toes", "tall torso"]
    assert planned[0].target_load == 20.0


def test_warmups_first_then_working_sets():
    warmup = [WarmupSet(reps=5, load=kg(20)), WarmupSet(reps=3, load=Load(
        kind=LoadKind.PERCENT, percent=75))]  # fmt: skip
    plan = plan_with(pex("squat", sets=2, load=kg(60), warmup=warmup), pex("press", sets=1))
    planned = build(plan)
    assert steps(planned) == [
        ("squat", 1, B, True, False),
        ("squat", 2, B, True, False),
        ("squat", 1, B, False, False),
        ("squat", 2, B, False, False),
        ("press", 1, B, False, False),
    ]
    assert [p.target_load for p in planned[:2]] == [20.0, 45.0]  # 75 % of 60
    assert [p.target_reps for p in planned[:2]] == [5, 3]
    assert planned[0].reason == "warm-up"


def test_superset_interleaves_with_the_rest_after_the_last_member():
    plan = plan_with(
        pex("squat", sets=3, load=kg(60), superset="A", rest=60),
        pex("press", sets=2, load=kg(30), superset="A", rest=90),
        pex("bridge", sets=1),
    )
    planned = build(plan)
    assert [(p.exercise_id, p.set_number, p.side) for p in planned] == [
        ("squat", 1, B), ("press", 1, B),
        ("squat", 2, B), ("press", 2, B),
        ("squat", 3, B),
        ("bridge", 1, L), ("bridge", 1, R),
    ]  # fmt: skip
    assert [p.rest for p in planned[:5]] == [0, 90, 0, 90, 90]
    assert planned[0].superset == "A"


def test_per_side_member_of_a_superset():
    plan = plan_with(pex("split", sets=2, superset="X"), pex("press", sets=2, superset="X"))
    planned = build(plan)
    assert [(p.exercise_id, p.side, p.rest) for p in planned[:3]] == [
        ("split", L, 0), ("split", R, 0), ("press", B, 90),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("sets", "volume", "expected"),
    [(3, 0.67, 2), (1, 0.5, 1), (3, 0.5, 2), (4, 1.0, 4), (3, 1.5, 5), (2, 0.2, 1)],
)
def test_phase_sets_rounds_half_up_and_never_below_one(sets, volume, expected):
    assert phase_sets(sets, volume) == expected


def test_phase_sets_applies_to_the_session():
    plan = plan_with(
        pex("squat", sets=3, load=kg(60)),
        phases=[Phase(name="Taper", weeks=2, sessions=["A"], volume=0.67)],
    )
    planned = build(plan)
    assert [(p.set_number, p.of_sets) for p in planned] == [(1, 2), (2, 2)]


@pytest.mark.parametrize(("gap", "load", "back"), [(14, 40.0, False), (15, 35.0, True)])
def test_return_after_a_break(gap, load, back):
    plan = plan_with(pex("squat", load=kg(40)))
    state = state_for("squat", load=40.0, last_done=DAY, last_load=40.0, reason="all good")
    planned = build(plan, [state], today=DAY + timedelta(days=gap))
    assert planned[0].target_load == load  # 40 × 0.9 = 36 → 35 on the 2.5 kg step
    if back:
        assert planned[0].reason == f"back after {gap} days → 90 % of 40 = 36: 35 kg"
    else:
        assert planned[0].reason == "all good"


def split_log(left: list[int], right: list[int], left_load=20.0, right_load=20.0, **kw):
    return log_of(
        sets_of("split", left, load=left_load, side=L, **kw)
        + sets_of("split", right, load=right_load, side=R, **kw)
    )


def progress(plan, log):
    return next_states(plan, CATALOGUE, initial_states(plan, CATALOGUE), log, DAY)


class TestWeakSide:
    def test_lsi_below_90_gives_the_weaker_side_one_extra_set_at_the_end(self):
        plan = plan_with(pex("split", sets=2, load=kg(20), progression=ProgressionType.NONE))
        # e1RM by Epley: right 20 × (1 + 8/30) = 25.3, left 17.5 × (1 + 8/30) = 22.2 → 87 %
        states = progress(plan, split_log([8, 8], [8, 8], left_load=17.5))
        planned = build(plan, states)
        assert [(p.set_number, p.side, p.extra) for p in planned] == [
            (1, L, False), (1, R, False), (2, L, False), (2, R, False), (3, L, True),
        ]  # fmt: skip
        assert planned[-1].of_sets == 3 and planned[0].of_sets == 3 and planned[1].of_sets == 2
        assert planned[-1].reason == "left at 87 % of right → one extra set on the left"

    @pytest.mark.parametrize(("left_reps", "extra"), [(89, True), (90, False)])
    def test_bodyweight_compares_reps_at_the_90_percent_line(self, left_reps, extra):
        plan = plan_with(pex("split", sets=1, reps=(50, 100)))
        states = progress(plan, split_log([left_reps], [100], left_load=None, right_load=None,
                                          bodyweight=True))  # fmt: skip
        planned = build(plan, states)
        assert any(p.extra for p in planned) is extra
        if extra:
            assert planned[-1].side is L
            assert planned[-1].reason == "left at 89 % of right → one extra set on the left"

    def test_holds_compare_seconds(self):
        plan = plan_with(pex("side-plank", sets=1, reps=None, hold=30, rest=45))
        log = log_of([
            *[s.model_copy(update={"hold_s": 40}) for s in sets_of("side-plank", [None],
                                                                  load=None, side=L)],
            *[s.model_copy(update={"hold_s": 30}) for s in sets_of("side-plank", [None],
                                                                  load=None, side=R)],
        ])  # fmt: skip
        planned = build(plan, progress(plan, log))
        assert [(p.side, p.extra) for p in planned] == [(L, False), (R, False), (R, True)]
        assert planned[-1].reason == "right at 75 % of left → one extra set on the right"
        assert planned[-1].target_hold == 30

    def test_back_level_the_extra_set_goes(self):
        plan = plan_with(pex("split", sets=1, load=kg(20), progression=ProgressionType.NONE))
        weak = progress(plan, split_log([8], [8], left_load=15.0))
        assert any(p.extra for p in build(plan, weak))
        level = next_states(plan, CATALOGUE, weak, split_log([8], [8]), DAY)
        assert not any(p.extra for p in build(plan, level))

    def test_one_side_only_keeps_the_last_comparison(self):
        plan = plan_with(pex("split", sets=1, load=kg(20), progression=ProgressionType.NONE))
        weak = progress(plan, split_log([8], [8], left_load=15.0))
        left_only = log_of(sets_of("split", [8], load=20.0, side=L))
        still = next_states(plan, CATALOGUE, weak, left_only, DAY)
        assert [p.side for p in build(plan, still) if p.extra] == [L]

    def test_flagged_muscle_adds_the_extra_set_on_that_side(self):
        plan = plan_with(pex("split", sets=1, load=kg(20)), pex("squat", sets=1))
        planned = build(plan, flagged={Muscle.GLUTE_MAX: R, Muscle.QUADS: Side.BOTH})
        assert [(p.exercise_id, p.side, p.extra) for p in planned] == [
            ("split", L, False), ("split", R, False), ("split", R, True), ("squat", B, False),
        ]  # fmt: skip
        assert planned[2].reason == (
            "glute max flagged on the right in your last assessment → one extra set on the right"
        )

    def test_weak_and_flagged_on_the_same_side_is_still_one_extra_set(self):
        plan = plan_with(pex("split", sets=1, load=kg(20), progression=ProgressionType.NONE))
        weak = progress(plan, split_log([8], [8], left_load=15.0))
        planned = build(plan, weak, flagged={Muscle.QUADS: L})
        assert [p.side for p in planned if p.extra] == [L]


def test_unknown_session_says_which_exist():
    plan = plan_with(pex("squat"))
    with pytest.raises(UnknownSessionError, match="no session 'Z'; it has: A"):
        build_session(plan, "Z", CATALOGUE, [], DAY)


def test_plan_custom_exercises_are_known():
    own = Exercise(id="sled-push", name="Sled push", primary=[Muscle.QUADS])
    plan = plan_with(pex("sled-push", sets=1), exercises=[own])
    assert build(plan)[0].exercise_name == "Sled push"


def test_estimate_minutes_counts_work_rests_and_side_switches():
    plan = plan_with(pex("split", sets=2, reps=(10, 10), rest=60))
    planned = build(plan)
    # work 4 × 40 s = 160; rests 60 (the last rest is not counted); 2 side switches × 10 s
    assert estimate_minutes(planned) == round((160 + 60 + 20) / 60)
    hold = build(plan_with(pex("side-plank", sets=3, reps=None, hold=60, rest=30)))
    # 6 holds of 60 s, five rests of 0/30 (three after LEFT sets are 0), 3 switches
    assert estimate_minutes(hold) == round((360 + 60 + 30) / 60)
    assert estimate_minutes([]) == 0


def test_substitute_options():
    easy = Exercise(id="easy", name="Easy", harder="mid")
    mid = Exercise(id="mid", name="Mid", easier="easy", harder="hard")
    hard = Exercise(id="hard", name="Hard", easier="mid")
    catalogue = Catalogue([easy, mid, hard, SPLIT, SIDE_PLANK])
    options = substitute_options(catalogue, "mid")
    assert (options.easier.name, options.harder.name) == ("Easy", "Hard")
    assert substitute_options(catalogue, "easy").easier is None
