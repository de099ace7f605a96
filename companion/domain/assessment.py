"""The single-leg test battery: what each test asks, the norms to read it against, and verdicts.

Each test is done to form failure on each leg. The left/right comparison (LSI and its band)
comes from ``companion.domain.symmetry``; a flagged test marks the muscles it loads so that the
session builder can give the weaker side of those muscles extra work.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import partial
from typing import Literal, NamedTuple

from companion.domain import symmetry
from companion.domain.catalogue import Catalogue, builtin
from companion.domain.models import AssessmentResult, Muscle, Side

TestUnit = Literal["reps", "s", "cm"]


class AssessmentTest(NamedTuple):
    """One test of the battery, as the assessment screen shows it."""

    id: str  # the catalogue id of the exercise performed
    name: str
    unit: TestUnit
    protocol: tuple[str, ...]  # 3-5 short lines: set-up, tempo, what counts, when to stop
    counts_up_timer: bool = False  # a hold timed with a stopwatch rather than counted reps
    optional: bool = False  # left out of the default battery
    lower_is_better: bool = False  # timed tests where faster is better (none yet)


_PAIN_STOP = "Stop at once if pain goes above 3/10."

BATTERY: dict[str, AssessmentTest] = {
    test.id: test
    for test in (
        AssessmentTest(
            id="single-leg-calf-raise",
            name="Single-leg calf raise",
            unit="reps",
            protocol=(
                "Stand on one leg on a 10° wedge or a step; fingertips on a wall.",
                "Rise to full height and lower: one rep per second (60 bpm).",
                "Count only full-height reps; stop when height or rhythm goes.",
                _PAIN_STOP,
            ),
        ),
        AssessmentTest(
            id="single-leg-bridge",
            name="Single-leg bridge",
            unit="reps",
            protocol=(
                "On your back, one heel on a box about 60 cm high, knee a little bent.",
                "Arms folded on the chest; the other leg held straight up.",
                "Lift the hips until level, lower to touch the floor: one rep.",
                "Stop when the hips no longer reach the top.",
                _PAIN_STOP,
            ),
        ),
        AssessmentTest(
            id="side-plank",
            name="Side plank",
            unit="s",
            counts_up_timer=True,
            protocol=(
                "On your side, elbow under the shoulder, feet stacked.",
                "Start the clock as the hips lift into a straight line.",
                "Stop the clock when the hips sag or the line breaks.",
                "Left means lying on your left side.",
                _PAIN_STOP,
            ),
        ),
        AssessmentTest(
            id="single-leg-box-squat",
            name="Single-leg squat to box",
            unit="reps",
            protocol=(
                "Box or chair at knee height; stand on one leg in front of it.",
                "Sit back to brush the box without resting, then stand tall.",
                "Count reps with the knee over the foot; stop when form slips.",
                _PAIN_STOP,
            ),
        ),
        AssessmentTest(
            id="single-leg-hop-for-distance",
            name="Single-leg hop for distance",
            unit="cm",
            optional=True,
            protocol=(
                "Toes behind a line, stand on the test leg.",
                "Hop as far as you can and stick the landing for two seconds.",
                "Measure line to heel in cm; record the best of three good hops.",
                "Leave this test out if hopping hurts.",
                _PAIN_STOP,
            ),
        ),
    )
}

DEFAULT_TESTS: list[str] = [test.id for test in BATTERY.values() if not test.optional]


def battery(
    test_ids: list[str] | None = None, catalogue: Catalogue | None = None
) -> list[AssessmentTest]:
    """The tests a plan asks for (by id or any exercise name), or the default four."""
    if not test_ids:
        return [BATTERY[test_id] for test_id in DEFAULT_TESTS]
    catalogue = catalogue or builtin()
    chosen: list[AssessmentTest] = []
    unknown: list[str] = []
    for name in test_ids:
        test = BATTERY.get(str(name).strip())
        if test is None:
            exercise = catalogue.resolve(str(name))
            test = BATTERY.get(exercise.id) if exercise else None
        if test is None:
            unknown.append(str(name))
        elif test not in chosen:
            chosen.append(test)
    if unknown:
        names = ", ".join(repr(n) for n in unknown)
        raise ValueError(
            f"unknown assessment test {names}; accepted tests are: {', '.join(BATTERY)}"
        )
    return chosen


# ---- Norms ---------------------------------------------------------------------------


class Norm(NamedTuple):
    """A reference figure for one test, with the words to show beside a result."""

    test_id: str
    reference: float  # the figure a result is compared against
    text: str  # e.g. "women 30–39: 27 reps"
    source: str
    levels: tuple[tuple[float, str], ...]  # (lowest value, label), ascending from 0

    def rate(self, value: float) -> str:
        """The label of the highest level ``value`` reaches."""
        label = self.levels[0][1]
        for threshold, name in self.levels:
            if value >= threshold:
                label = name
        return label


RUNNER_CALF_TARGET = 30  # reps; clinics ask at least this much of runners
_RUNNER_SOURCE = "clinical target for runners"

# Hébert-Losier et al. 2017: single-leg heel raises to fatigue, 10° incline, 60 bpm.
CALF_NORMS: dict[tuple[int, int], tuple[int, int]] = {
    # (band start, band end): (men, women)
    (20, 29): (37, 30),
    (30, 39): (32, 27),
    (40, 49): (28, 24),
    (50, 59): (23, 21),
    (60, 69): (19, 19),
    (70, 79): (14, 16),
    (80, 89): (10, 13),
}

_MALE = {"m", "male", "man", "men"}
_FEMALE = {"f", "female", "woman", "women", "w"}
_NO_SEX = {"", "other", "x", "none"}


def _sex(sex: str | None) -> Literal["men", "women"] | None:
    if sex is None:
        return None
    key = str(sex).strip().lower()
    if key in _MALE:
        return "men"
    if key in _FEMALE:
        return "women"
    if key in _NO_SEX:
        return None
    raise ValueError(f"sex {sex!r} not understood; use female or male (f/m), or leave it out")


def _age_band(age: int) -> tuple[int, int]:
    """The norm band for an age; younger than 20 uses 20–29, 90 and over uses 80–89."""
    if not 10 <= age <= 120:
        raise ValueError(f"age {age} is out of range; give whole years between 10 and 120")
    bands = list(CALF_NORMS)
    for lo, hi in bands:
        if lo <= age <= hi:
            return (lo, hi)
    return bands[0] if age < bands[0][0] else bands[-1]


def _calf_norm(age: int | None, sex: str | None) -> Norm:
    who = _sex(sex)
    if age is None or who is None:
        return Norm(
            test_id="single-leg-calf-raise",
            reference=RUNNER_CALF_TARGET,
            text=f"runners: {RUNNER_CALF_TARGET}+ reps",
            source=_RUNNER_SOURCE,
            levels=(
                (0, "below the runner target"),
                (RUNNER_CALF_TARGET, "meets the runner target"),
            ),
        )
    lo, hi = _age_band(age)
    men, women = CALF_NORMS[(lo, hi)]
    reference = men if who == "men" else women
    return Norm(
        test_id="single-leg-calf-raise",
        reference=reference,
        text=f"{who} {lo}–{hi}: {reference} reps",
        source="Hébert-Losier 2017",
        levels=((0, "below the norm for age"), (reference, "at or above the norm for age")),
    )


_FIXED_NORMS: dict[str, Norm] = {
    "single-leg-bridge": Norm(
        test_id="single-leg-bridge",
        reference=25,
        text="under 20 poor, about 25 average, over 30 good",
        source="Freckleton 2013",
        levels=((0, "poor"), (20, "average"), (31, "good")),  # "good" is more than 30
    ),
    "side-plank": Norm(
        test_id="side-plank",
        reference=54,
        text="about 54 s in the general population, 103 s in athletes",
        source="McGill side bridge",
        levels=(
            (0, "below the general average"),
            (54, "at or above the general average"),
            (103, "athlete level"),
        ),
    ),
    "single-leg-box-squat": Norm(
        test_id="single-leg-box-squat",
        reference=15,
        text="coach standard: 15–20 reps, 20+ advanced",
        source="coaching standard, not a research norm",
        levels=((0, "needs work"), (10, "below standard"), (15, "standard"), (20, "advanced")),
    ),
}


def norm_for(test_id: str, age: int | None = None, sex: str | None = None) -> Norm | None:
    """The reference for a test; calf raises use age and sex when both are known."""
    if test_id == "single-leg-calf-raise":
        return _calf_norm(age, sex)
    return _FIXED_NORMS.get(test_id)


# ---- Outcomes ------------------------------------------------------------------------


class TestOutcome(NamedTuple):
    """One test read against the other side and against its norm."""

    test_id: str
    name: str
    unit: str
    left: float | None
    right: float | None
    norm: Norm | None
    verdict: str  # one line for the screen
    lsi: float | None = None
    asymmetry: float | None = None
    band: symmetry.Band | None = None
    weaker: Side | None = None  # None when level or not comparable
    rating: str | None = None  # where the weaker (or only) side sits against the norm

    @property
    def flagged(self) -> bool:
        return self.band == "flag"


def _fmt(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def _pct(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0") + "%"


def evaluate(
    result: AssessmentResult, age: int | None = None, sex: str | None = None
) -> TestOutcome:
    """Compare the sides of one test and rate the weaker side against the norm."""
    test = BATTERY.get(result.test_id)
    name = test.name if test else result.test_id.replace("-", " ").capitalize()
    unit = test.unit if test else result.unit
    lower_is_better = test.lower_is_better if test else False
    norm = norm_for(result.test_id, age, sex)
    left, right = result.left, result.right

    outcome = partial(TestOutcome, result.test_id, name, unit, left, right, norm)

    if left is None and right is None:
        return outcome(f"{name}: nothing recorded.")
    if left is None or right is None:
        side, value = ("right", right) if left is None else ("left", left)
        assert value is not None
        rating = norm.rate(value) if norm else None
        against = f" ({rating}; {norm.text})" if norm and rating else ""
        return outcome(
            f"{name}: only the {side} side recorded, {_fmt(value)} {unit}{against}.",
            rating=rating,
        )

    index = symmetry.lsi(left, right, lower_is_better)
    if index is None:
        return outcome(f"{name}: no score on either side, so no comparison.")
    gap = 100 - index
    level = symmetry.band(index)
    weak = symmetry.weaker_side(left, right, lower_is_better)
    weaker = Side(weak) if weak else None
    weak_value = min(left, right) if not lower_is_better else max(left, right)
    rating = norm.rate(weak_value) if norm else None

    scores = f"L {_fmt(left)} / R {_fmt(right)} {unit}"
    if weaker is None:
        verdict = f"{name}: {scores}, level (LSI 100%, ok)"
    else:
        verdict = (
            f"{name}: {scores}, {weaker.value} {_pct(gap)} weaker (LSI {_pct(index)}, {level})"
        )
    if norm and rating:
        who = "both sides" if weaker is None else f"{weaker.value} side"
        verdict += f"; {who} {rating} ({norm.text})"
    if (
        result.test_id == "single-leg-calf-raise"
        and weak_value < RUNNER_CALF_TARGET
        and (norm is None or norm.source != _RUNNER_SOURCE)
    ):
        verdict += f"; runners aim for {RUNNER_CALF_TARGET}+"
    return outcome(
        verdict + ".",
        lsi=index,
        asymmetry=gap,
        band=level,
        weaker=weaker,
        rating=rating,
    )


def evaluate_all(
    results: Iterable[AssessmentResult], age: int | None = None, sex: str | None = None
) -> list[TestOutcome]:
    return [evaluate(result, age, sex) for result in results]


def retest_due(last_day: date | None, every_weeks: int, today: date) -> tuple[bool, date]:
    """Whether the battery is due again, and the day it falls (or fell) due."""
    if every_weeks < 1:
        raise ValueError(f"retest interval {every_weeks} weeks; give 1 week or more")
    if last_day is None:
        return True, today
    due_day = last_day + timedelta(weeks=every_weeks)
    return today >= due_day, due_day


def muscles_trained_by(test_id: str, catalogue: Catalogue | None = None) -> set[Muscle]:
    """The primary muscles of the exercise a test is performed with."""
    catalogue = catalogue or builtin()
    if test_id not in catalogue:
        raise ValueError(f"unknown assessment test {test_id!r}; accepted: {', '.join(BATTERY)}")
    return set(catalogue.get(test_id).primary)


def flagged_muscles(
    outcomes: Iterable[TestOutcome], catalogue: Catalogue | None = None
) -> dict[Muscle, Side]:
    """Muscle → weaker side, from flagged tests only; the larger gap wins a disagreement."""
    worst: dict[Muscle, tuple[float, Side]] = {}
    for outcome in outcomes:
        if not outcome.flagged or outcome.weaker is None or outcome.asymmetry is None:
            continue
        for muscle in muscles_trained_by(outcome.test_id, catalogue):
            held = worst.get(muscle)
            if held is None or outcome.asymmetry > held[0]:
                worst[muscle] = (outcome.asymmetry, outcome.weaker)
    return {muscle: side for muscle, (_, side) in worst.items()}
