"""Properties every progression decision keeps, whatever the athlete did."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from progression_helpers import pex, sets_of, state_for

from companion.domain.models import Load, LoadKind, ProgressionType
from companion.domain.progression import decide
from companion.domain.progression_rules import RPE_CAP

STEPS = st.sampled_from([1.25, 2.5, 5.0])
RULES = st.sampled_from([ProgressionType.DOUBLE, ProgressionType.LINEAR, ProgressionType.RPE])


def on_step(x: float, step: float) -> bool:
    return abs(x / step - round(x / step)) < 1e-6


@st.composite
def sessions(draw):
    step = draw(STEPS)
    load = draw(st.integers(0, 80)) * step
    rule = draw(RULES)
    misses = draw(st.integers(0, 2))
    n = draw(st.integers(1, 5))
    reps = draw(st.lists(st.integers(0, 15), min_size=n, max_size=n))
    # what the athlete actually put on the bar: sometimes off the step, never negative
    used = draw(st.one_of(st.just(load), st.floats(0, load + 20, allow_nan=False)))
    rpe = draw(st.sampled_from([None, 6.0, 7.5, 8.0, 9.0, 10.0]))
    return step, load, rule, misses, reps, round(used, 2), rpe


def run(step, load, rule, misses, reps, used, rpe):
    rpe_load = Load(kind=LoadKind.RPE, rpe=8)
    if rule is ProgressionType.RPE:
        pe = pex("squat", reps=(5, 5), progression=rule, load=rpe_load)
    else:
        pe = pex("squat", reps=(5, 8), progression=rule)
    state = state_for("squat", load=load, misses=misses, rpe=8.0 if rpe is not None else None)
    done = sets_of("squat", reps, load=used, rpe=rpe)
    return state, decide(state, done, pe, step)


@settings(max_examples=300, deadline=None)
@given(sessions())
def test_loads_are_never_negative_and_always_on_the_grid_through_the_load_used(case):
    step, prescribed, *_, used, _ = case
    _, after = run(*case)
    load = after.target.load
    assert load is not None
    assert load >= 0
    anchor = used if used else prescribed  # a load used is a fact: steps go on from it
    assert on_step(load - anchor, step) or load == 0, f"{load} is off the {step} grid from {anchor}"


@settings(max_examples=300, deadline=None)
@given(sessions())
def test_a_deload_never_raises_the_load(case):
    *_, used, _ = case
    before, after = run(*case)
    if "deload" in after.target.reason:
        assert after.target.load <= (used if used else before.target.load)
        assert after.misses == 0


@settings(max_examples=300, deadline=None)
@given(sessions())
def test_an_increase_never_exceeds_the_rules_cap(case):
    step, _, rule, *_, used, _ = case
    before, after = run(*case)
    old, new = before.target.load, after.target.load
    if rule is ProgressionType.RPE:
        assert new <= (after.last_load or 0) * RPE_CAP + 1e-6 or new <= old
    else:
        assert new <= (used if used else old) + step + 1e-9


@settings(max_examples=200, deadline=None)
@given(
    target=st.integers(1, 300),
    top=st.one_of(st.none(), st.integers(1, 400)),
)
def test_contacts_grow_by_at_most_ten_percent_rounded_up_and_stop_at_the_max(target, top):
    pe = pex("hops", sets=2, reps=None, contacts=target, progression=ProgressionType.CONTACTS,
             prog={"contacts_max": top})  # fmt: skip
    state = state_for("hops", load=None, contacts=target, sets=2, reps=None, reps_hi=None)
    base = sets_of("hops", [None, None], load=None)
    done = [s.model_copy(update={"contacts": target}) for s in base]
    new = decide(state, done, pe, 2.5).target.contacts
    assert new <= target + -(-target // 10)
    if top is not None:
        assert new <= max(top, target)
    if top is None or target < top:
        assert new > target
