"""The battery as the screen walks it: one test at a time, LEFT then RIGHT, each test saved whole.

Plain Python (no Textual), so the order of steps and the refusals are easy to test. The screen
asks ``enter``/``skip`` for the result to save, writes it, then calls ``confirm`` to move on:
nothing advances before the store has the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from companion.domain.assessment import AssessmentTest, TestOutcome, evaluate
from companion.domain.models import AssessmentResult, Side
from companion.domain.set_input import Field, InputProblem, far_from, parse

WORDS = {"reps": "reps", "s": "seconds", "cm": "cm"}
# a hop may be measured to the half centimetre; reps and seconds are whole
SCORES = {
    "reps": Field("reps", 0, 200),
    "s": Field("seconds", 0, 600),
    "cm": Field("cm", 0, 400, decimals=1),
}
LOW_LSI = 50.0  # below this a side is more likely a typing slip than a real difference


def accepted(unit: str) -> str:
    return SCORES[unit].accepted


def parse_score(unit: str, text: str) -> float:
    """What was typed for one side, checked against the test's unit; InputProblem says why not."""
    return float(parse(SCORES[unit], text))


def doubt(
    result: AssessmentResult, earlier: list[AssessmentResult], age: int | None, sex: str | None
) -> str:
    """Why ``result`` looks far outside the athlete's own record or the norms ("" if it does
    not): worth one question before it is saved."""
    lsi = _evaluate(result, age, sex).lsi
    if lsi is not None and lsi < LOW_LSI:
        return f"LSI {lsi:.0f} %, under {LOW_LSI:g} %"
    before = [e for e in earlier if e.test_id == result.test_id and e.id != result.id]
    if not before:
        return ""
    previous = max(before, key=lambda e: e.day)
    for label, now, then in (
        ("left", result.left, previous.left),
        ("right", result.right, previous.right),
    ):
        if far_from(now, then):
            return f"{label} {score_text(now)} against {score_text(then)} last time"
    return ""


@dataclass
class BatteryRun:
    tests: list[AssessmentTest]
    day: date
    index: int = 0
    side: Side = Side.LEFT
    left: float | None = None
    saved: list[AssessmentResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # test ids left out

    @property
    def current(self) -> AssessmentTest | None:
        return self.tests[self.index] if self.index < len(self.tests) else None

    @property
    def finished(self) -> bool:
        return self.current is None

    @property
    def started(self) -> bool:
        """Anything done or typed that leaving would walk away from."""
        return bool(self.saved or self.skipped or self.left is not None or self.index)

    def enter(self, value: float) -> AssessmentResult | None:
        """Record ``value`` for the side on screen; after RIGHT, the test's result to save."""
        test = self.current
        if test is None:
            raise InputProblem("the battery is finished")
        if self.side is Side.LEFT:
            self.left = value
            self.side = Side.RIGHT
            return None
        return self._result(test, self.left, value)

    def skip(self) -> AssessmentResult | None:
        """Leave the rest of the test out: a LEFT already entered is still saved on its own."""
        test = self.current
        if test is None:
            return None
        if self.left is not None:
            return self._result(test, self.left, None)
        self.skipped.append(test.id)
        self._next()
        return None

    def redo_left(self) -> float | None:
        """Back to the LEFT side of this test (a typing slip); the value it had, if any."""
        if self.current is None or self.side is Side.LEFT:
            return None
        value, self.left, self.side = self.left, None, Side.LEFT
        return value

    def confirm(self, result: AssessmentResult) -> None:
        """The store has ``result``: on to the next test."""
        self.saved.append(result)
        if result.right is None:
            self.skipped.append(result.test_id)
        self._next()

    def _result(
        self, test: AssessmentTest, left: float | None, right: float | None
    ) -> AssessmentResult:
        return AssessmentResult(
            test_id=test.id, day=self.day, left=left, right=right, unit=test.unit
        )

    def _next(self) -> None:
        self.index += 1
        self.side = Side.LEFT
        self.left = None


@dataclass(frozen=True)
class ResultRow:
    """One line of the results table: the outcome and how it moved since last time."""

    outcome: TestOutcome
    previous: AssessmentResult | None
    change: str


def score_text(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def change_text(result: AssessmentResult, previous: AssessmentResult | None, lsi: float | None,
                before: float | None) -> str:  # fmt: skip
    """``LSI +4.2 (L +3, R +1)``; ``first time`` when there is nothing to compare with."""
    if previous is None:
        return "first time"
    parts = []
    for label, now, then in (
        ("L", result.left, previous.left),
        ("R", result.right, previous.right),
    ):
        if now is not None and then is not None:
            parts.append(f"{label} {now - then:+g}")
    sides = f" ({', '.join(parts)})" if parts else ""
    if lsi is not None and before is not None:
        return f"LSI {lsi - before:+.1f}{sides}"
    return ", ".join(parts) or "–"


def result_rows(
    results: list[AssessmentResult],
    earlier: list[AssessmentResult],
    age: int | None,
    sex: str | None,
) -> list[ResultRow]:
    """Each result read against the profile's norm and the latest earlier test of its kind."""
    rows = []
    for result in results:
        before = [e for e in earlier if e.test_id == result.test_id and e.id != result.id]
        previous = max(before, key=lambda e: e.day) if before else None
        outcome = _evaluate(result, age, sex)
        then = _evaluate(previous, age, sex).lsi if previous else None
        rows.append(ResultRow(outcome, previous, change_text(result, previous, outcome.lsi, then)))
    return rows


def _evaluate(result: AssessmentResult, age: int | None, sex: str | None) -> TestOutcome:
    try:
        return evaluate(result, age, sex)
    except ValueError:  # a profile the norms do not understand: read without it
        return evaluate(result)


def profile_of(settings: dict[str, object]) -> tuple[int | None, str | None]:
    """Age and sex from the settings, each None when not set or not usable."""
    age = settings.get("age")
    sex = settings.get("sex")
    usable_age = age if isinstance(age, int) and 10 <= age <= 120 else None
    usable_sex = sex if sex in ("female", "male") else None
    return usable_age, usable_sex
