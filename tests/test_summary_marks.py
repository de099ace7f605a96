"""Last and best computed once per exercise and side give what a rescan of the sets gives."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from companion.domain.models import SetResult, Side
from companion.domain.summary import LastAndBest, last_and_best, marks_by_side, with_today

START = datetime(2025, 1, 6, 18, 0)


@st.composite
def a_set(draw: st.DrawFn) -> SetResult:
    kind = draw(st.sampled_from(["loaded", "reps", "hold", "empty"]))
    return SetResult(
        session_id=draw(st.sampled_from(["s1", "s2", "today"])),
        exercise_id=draw(st.sampled_from(["split-squat", "step-up"])),
        set_number=1,
        side=draw(st.sampled_from(list(Side))),
        warmup=draw(st.booleans()),
        skipped=draw(st.booleans()),
        reps=draw(st.integers(0, 12)) if kind in ("loaded", "reps") else None,
        load=draw(st.sampled_from([10.0, 20.0, 22.5])) if kind == "loaded" else None,
        hold_s=draw(st.integers(5, 60)) if kind == "hold" else None,
        rpe=draw(st.sampled_from([None, 7.0, 8.5])),
        at=START + timedelta(minutes=draw(st.integers(0, 50))),  # equal times happen
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(a_set(), max_size=30))
def test_marks_by_side_match_a_rescan_for_every_exercise_and_side(sets) -> None:  # noqa: ANN001
    marks = marks_by_side(sets, exclude_session="today")
    for exercise_id in ("split-squat", "step-up"):
        for side in Side:
            mine = [r for r in sets if r.exercise_id == exercise_id]
            expected = last_and_best(mine, side, exclude_session="today")
            got = marks.get((exercise_id, side), LastAndBest(None, None))
            assert got.last is expected.last and got.best is expected.best


@settings(max_examples=200, deadline=None)
@given(st.lists(a_set(), max_size=20), st.lists(a_set(), max_size=6))
def test_a_better_set_today_becomes_the_best_and_last_stays_before_today(
    earlier,  # noqa: ANN001
    today,  # noqa: ANN001
) -> None:
    earlier = [
        r.model_copy(update={"exercise_id": "step-up", "side": Side.LEFT, "session_id": "s1"})
        for r in earlier
    ]
    today = [
        r.model_copy(update={"exercise_id": "step-up", "side": Side.LEFT, "session_id": "today"})
        for r in today
    ]
    marks = marks_by_side(earlier, exclude_session="today").get(
        ("step-up", Side.LEFT), LastAndBest(None, None)
    )
    shown = with_today(marks, [r for r in today if not r.skipped])
    everything = last_and_best(earlier + today, Side.LEFT)
    assert shown.best is everything.best
    assert shown.last is marks.last


def test_undoing_todays_set_gives_the_earlier_best_back() -> None:
    def s(reps: int, session: str) -> SetResult:
        return SetResult(
            session_id=session, exercise_id="step-up", set_number=1, reps=reps, load=20.0
        )

    old = s(8, "s1")
    marks = marks_by_side([old])[("step-up", Side.BOTH)]
    better = s(10, "today")
    assert with_today(marks, [better]).best is better
    assert with_today(marks, []).best is old
