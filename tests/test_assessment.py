"""The single-leg test battery: choice of tests, norms, verdicts, retest timing, weak sides."""

from __future__ import annotations

from datetime import date

import pytest

from companion.domain.assessment import (
    BATTERY,
    DEFAULT_TESTS,
    battery,
    evaluate,
    flagged_muscles,
    muscles_trained_by,
    norm_for,
    retest_due,
)
from companion.domain.catalogue import builtin
from companion.domain.models import AssessmentResult, Muscle, Side

DAY = date(2025, 3, 3)


def result(test_id, left, right, unit="reps"):
    return AssessmentResult(test_id=test_id, day=DAY, left=left, right=right, unit=unit)


# ---- the battery ------------------------------------------------------------------------


def test_default_battery_is_the_four_everyday_tests():
    assert [t.id for t in battery(None)] == DEFAULT_TESTS
    assert set(DEFAULT_TESTS) == {
        "single-leg-calf-raise",
        "single-leg-bridge",
        "side-plank",
        "single-leg-box-squat",
    }
    assert battery([]) == battery(None)
    assert BATTERY["single-leg-hop-for-distance"].optional


def test_plan_can_choose_tests_by_id_or_name_in_its_own_order():
    chosen = battery(["side-plank", "Single-leg hop for distance", "SL calf raise", "side-plank"])
    assert [t.id for t in chosen] == [
        "side-plank",
        "single-leg-hop-for-distance",
        "single-leg-calf-raise",
    ]


def test_unknown_test_names_the_accepted_ones():
    with pytest.raises(ValueError) as error:
        battery(["single-leg-calf-raise", "vertical jump", "plank"])
    message = str(error.value)
    assert "'vertical jump'" in message and "'plank'" in message
    for test_id in BATTERY:
        assert test_id in message


def test_every_test_is_a_catalogue_exercise_with_a_short_protocol():
    catalogue = builtin()
    for test in BATTERY.values():
        assert test.id in catalogue
        assert 3 <= len(test.protocol) <= 5
        assert all(len(line) <= 72 for line in test.protocol), test.id
        assert any("3/10" in line for line in test.protocol), test.id
    assert BATTERY["side-plank"].counts_up_timer and BATTERY["side-plank"].unit == "s"
    assert not BATTERY["single-leg-calf-raise"].counts_up_timer
    assert BATTERY["single-leg-hop-for-distance"].unit == "cm"


# ---- norms ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "sex", "reference", "text"),
    [
        (34, "female", 27, "women 30–39: 27 reps"),
        (34, "M", 32, "men 30–39: 32 reps"),
        (20, "f", 30, "women 20–29: 30 reps"),
        (29, "male", 37, "men 20–29: 37 reps"),
        (45, "woman", 24, "women 40–49: 24 reps"),
        (65, "man", 19, "men 60–69: 19 reps"),
        (72, "women", 16, "women 70–79: 16 reps"),
        (85, "men", 10, "men 80–89: 10 reps"),
        (17, "f", 30, "women 20–29: 30 reps"),  # under 20 reads against the youngest band
    ],
)
def test_calf_raise_norm_by_age_and_sex(age, sex, reference, text):
    norm = norm_for("single-leg-calf-raise", age, sex)
    assert norm.reference == reference
    assert norm.text == text


def test_calf_raise_without_age_or_sex_uses_the_runner_target():
    for age, sex in ((None, None), (40, None), (None, "f"), (40, "other")):
        norm = norm_for("single-leg-calf-raise", age, sex)
        assert norm.reference == 30
        assert "30+" in norm.text
        assert norm.rate(29) == "below the runner target"
        assert norm.rate(30) == "meets the runner target"


def test_bad_age_or_sex_is_explained():
    with pytest.raises(ValueError, match="female or male"):
        norm_for("single-leg-calf-raise", 40, "q")
    with pytest.raises(ValueError, match="between 10 and 120"):
        norm_for("single-leg-calf-raise", 400, "f")


@pytest.mark.parametrize(
    ("test_id", "value", "rating"),
    [
        ("single-leg-bridge", 19, "poor"),
        ("single-leg-bridge", 20, "average"),
        ("single-leg-bridge", 30, "average"),
        ("single-leg-bridge", 31, "good"),
        ("side-plank", 40, "below the general average"),
        ("side-plank", 60, "at or above the general average"),
        ("side-plank", 103, "athlete level"),
        ("single-leg-box-squat", 9, "needs work"),
        ("single-leg-box-squat", 12, "below standard"),
        ("single-leg-box-squat", 15, "standard"),
        ("single-leg-box-squat", 20, "advanced"),
    ],
)
def test_fixed_norm_bands(test_id, value, rating):
    assert norm_for(test_id).rate(value) == rating


def test_fixed_norm_references():
    assert norm_for("single-leg-bridge").reference == 25
    assert norm_for("side-plank").reference == 54
    assert "103" in norm_for("side-plank").text
    assert norm_for("single-leg-box-squat").reference == 15
    assert norm_for("single-leg-hop-for-distance") is None


# ---- outcomes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weaker", "band", "flagged"),
    [(90, "ok", False), (89.9, "watch", False), (85, "watch", False), (84.9, "flag", True)],
)
def test_band_boundaries(weaker, band, flagged):
    outcome = evaluate(result("single-leg-bridge", weaker, 100))
    assert outcome.lsi == pytest.approx(weaker)
    assert outcome.asymmetry == pytest.approx(100 - weaker)
    assert outcome.band == band
    assert outcome.flagged is flagged
    assert outcome.weaker is Side.LEFT


def test_lsi_boundary_from_whole_reps():
    assert evaluate(result("single-leg-calf-raise", 27, 30)).band == "ok"  # exactly 90 %
    assert evaluate(result("single-leg-calf-raise", 30, 35)).band == "watch"  # 85.7 %
    assert evaluate(result("single-leg-calf-raise", 25, 30)).band == "flag"  # 83.3 %


def test_verdict_names_weaker_side_gap_and_norm():
    outcome = evaluate(result("single-leg-calf-raise", 31, 22), age=34, sex="f")
    assert outcome.weaker is Side.RIGHT
    assert outcome.band == "flag"
    assert outcome.rating == "below the norm for age"
    assert outcome.verdict == (
        "Single-leg calf raise: L 31 / R 22 reps, right 29% weaker (LSI 71%, flag); "
        "right side below the norm for age (women 30–39: 27 reps); runners aim for 30+."
    )


def test_verdict_for_balanced_sides():
    outcome = evaluate(result("side-plank", 70, 70, unit="s"))
    assert outcome.weaker is None
    assert outcome.band == "ok"
    assert outcome.verdict == (
        "Side plank: L 70 / R 70 s, level (LSI 100%, ok); "
        "both sides at or above the general average "
        "(about 54 s in the general population, 103 s in athletes)."
    )


def test_verdict_keeps_a_decimal_near_the_boundary():
    outcome = evaluate(result("single-leg-hop-for-distance", 143.9, 160, unit="cm"))
    assert "LSI 89.9%, watch" in outcome.verdict
    assert outcome.norm is None and outcome.rating is None


def test_one_side_only_gets_no_comparison():
    outcome = evaluate(result("single-leg-box-squat", None, 16))
    assert outcome.lsi is None and outcome.band is None and not outcome.flagged
    assert outcome.rating == "standard"
    assert "only the right side" in outcome.verdict


def test_nothing_or_zero_recorded():
    assert "nothing recorded" in evaluate(result("single-leg-bridge", None, None)).verdict
    zero = evaluate(result("single-leg-bridge", 0, 0))
    assert zero.lsi is None and "no score" in zero.verdict
    one_zero = evaluate(result("single-leg-bridge", 0, 12))
    assert one_zero.band == "flag" and one_zero.weaker is Side.LEFT


# ---- retesting --------------------------------------------------------------------------


def test_retest_due_after_the_interval():
    assert retest_due(date(2025, 1, 6), 6, date(2025, 2, 16)) == (False, date(2025, 2, 17))
    assert retest_due(date(2025, 1, 6), 6, date(2025, 2, 17)) == (True, date(2025, 2, 17))
    assert retest_due(date(2025, 1, 6), 5, date(2025, 3, 1)) == (True, date(2025, 2, 10))


def test_first_assessment_is_due_today():
    assert retest_due(None, 6, DAY) == (True, DAY)


def test_retest_interval_must_be_positive():
    with pytest.raises(ValueError, match="1 week or more"):
        retest_due(DAY, 0, DAY)


# ---- weak sides feed the training ---------------------------------------------------------


def test_muscles_trained_by_follow_the_catalogue():
    assert muscles_trained_by("single-leg-calf-raise") == {Muscle.GASTROCNEMIUS, Muscle.SOLEUS}
    assert Muscle.GLUTE_MED in muscles_trained_by("side-plank")
    assert Muscle.HAMSTRINGS in muscles_trained_by("single-leg-bridge")
    with pytest.raises(ValueError, match="accepted"):
        muscles_trained_by("vertical-jump")


def test_flagged_muscles_only_from_flagged_tests():
    outcomes = [
        evaluate(result("single-leg-calf-raise", 20, 30)),  # flag, left weaker
        evaluate(result("single-leg-bridge", 22, 24)),  # 91.7 %: ok
        evaluate(result("side-plank", 60, 52, unit="s")),  # 86.7 %: watch only
    ]
    assert flagged_muscles(outcomes) == {
        Muscle.GASTROCNEMIUS: Side.LEFT,
        Muscle.SOLEUS: Side.LEFT,
    }


def test_flagged_muscles_larger_gap_wins_a_disagreement():
    bridge = evaluate(result("single-leg-bridge", 25, 15))  # right 40 % weaker
    squat = evaluate(result("single-leg-box-squat", 8, 10))  # left 20 % weaker
    muscles = flagged_muscles([squat, bridge])
    assert muscles[Muscle.GLUTE_MAX] is Side.RIGHT
    assert muscles[Muscle.HAMSTRINGS] is Side.RIGHT
    assert muscles[Muscle.QUADS] is Side.LEFT


def test_no_flags_no_weak_sides():
    assert flagged_muscles([evaluate(result("side-plank", 60, 60, unit="s"))]) == {}
