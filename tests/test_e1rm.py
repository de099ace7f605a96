"""The RTS chart and the e1RM formulas against published values."""

from __future__ import annotations

import pytest

from companion.domain.e1rm import brzycki, epley, estimate_1rm, rts_percent


@pytest.mark.parametrize(
    ("reps", "rpe", "percent"),
    [
        (1, 10, 1.0),
        (5, 8, 0.811),
        (5, 9, 0.837),
        (10, 10, 0.739),
        (1, 9.5, 0.978),
        (3, 8, 0.863),
        (12, 6, 0.572),  # the last entry of the chart
    ],
)
def test_rts_chart_matches_published_values(reps, rpe, percent):
    assert rts_percent(reps, rpe) == pytest.approx(percent)


@pytest.mark.parametrize(("reps", "rpe"), [(0, 8), (13, 8), (5, 5.5), (5, 8.3), (5, 10.5)])
def test_rts_chart_refuses_what_it_does_not_cover(reps, rpe):
    with pytest.raises(ValueError, match="RPE|reps"):
        rts_percent(reps, rpe)


def test_epley_and_brzycki_agree_at_ten_reps():
    assert epley(100, 10) == pytest.approx(brzycki(100, 10))
    assert epley(100, 10) == pytest.approx(133.33, abs=0.01)


@pytest.mark.parametrize("reps", [2, 5, 8])
def test_epley_reads_higher_below_ten(reps):
    assert epley(100, reps) > brzycki(100, reps)


def test_one_rep_is_the_load():
    assert epley(140, 1) == 140
    assert estimate_1rm(140, 1) == 140


def test_estimate_uses_the_chart_when_an_rpe_is_given():
    assert estimate_1rm(100, 5, 8) == pytest.approx(100 / 0.811)
    assert estimate_1rm(100, 5) == pytest.approx(epley(100, 5))


@pytest.mark.parametrize(("weight", "reps"), [(100, 0), (0, 5), (100, 13)])
def test_no_estimate_where_it_would_mislead(weight, reps):
    assert estimate_1rm(weight, reps) is None
