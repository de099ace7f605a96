"""History aggregates on small histories whose answers were worked out by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from companion.domain.catalogue import Catalogue
from companion.domain.insights import (
    HistoryIndex,
    RecordKind,
    adherence,
    current_streak,
    exercise_series,
    header_rows,
    lsi_trend,
    muscle_sets,
    muscle_sets_vs_average,
    records,
    records_set_on,
    session_rows,
)
from companion.domain.models import (
    AssessmentResult,
    Exercise,
    Measure,
    Muscle,
    Phase,
    Plan,
    Schedule,
    SessionKind,
    SessionLog,
    SetResult,
    Side,
    Weekday,
)

L, R, BOTH = Side.LEFT, Side.RIGHT, Side.BOTH
MON = date(2026, 3, 2)  # a Monday


@pytest.fixture
def catalogue() -> Catalogue:
    return Catalogue(
        [
            Exercise(id="back-squat", name="Back squat", primary=["quads", "glute max"],
                     secondary=["lower back"]),
            Exercise(id="split-squat", name="Split squat", per_side=True,
                     primary=["quads", "glute max"], secondary=["adductors"]),
            Exercise(id="single-leg-calf-raise", name="Single-leg calf raise", per_side=True,
                     primary=["gastrocnemius"], secondary=["soleus"]),
            Exercise(id="side-plank", name="Side plank", per_side=True, measure=Measure.HOLD,
                     primary=["obliques"], secondary=["glute med"]),
        ]
    )  # fmt: skip


_clock = iter(range(10**6))


def st(exercise: str, day: date, reps: int | None = None, load: float | None = None,
       side: Side = BOTH, session: str = "s1", **kw: object) -> SetResult:  # fmt: skip
    """A set at 18:00 on ``day``, each one a minute after the one before."""
    at = datetime.combine(day, datetime.min.time()) + timedelta(hours=18, seconds=next(_clock))
    return SetResult(session_id=session, exercise_id=exercise, set_number=1, side=side,
                     reps=reps, load=load, at=at, **kw)  # fmt: skip


def first_session() -> list[SetResult]:
    return [
        st("back-squat", MON, 5, 40, warmup=True),
        st("back-squat", MON, 5, 60),
        st("back-squat", MON, 5, 60),
        st("back-squat", MON, 4, 60),
        st("back-squat", MON, skipped=True),
        st("split-squat", MON, 8, 20, L),
        st("split-squat", MON, 8, 20, R),
        st("single-leg-calf-raise", MON, 15, None, L, bodyweight=True),
        st("single-leg-calf-raise", MON, 18, None, R, bodyweight=True),
        st("single-leg-calf-raise", MON, 12, 10, L, bodyweight=True),
        st("side-plank", MON, side=L, hold_s=30),
        st("side-plank", MON, side=R, hold_s=35),
    ]


# --- session rows ---------------------------------------------------------------------------


def test_session_row_volume_reps_holds_and_duration() -> None:
    start = datetime(2026, 3, 2, 18, 0)
    log = SessionLog(id="s1", plan_name="Demo plan", title="Heavy legs", started_at=start,
                     finished_at=start + timedelta(minutes=52), planned_sets=12, rpe=7)  # fmt: skip
    (row,) = session_rows([log], first_session())
    # 14 reps × 60 + 16 × 20 + 12 × 10 (added load on a bodyweight set) = 840 + 320 + 120
    assert row.volume == 1280
    assert row.reps_total == 33  # bodyweight-only calf raises: 15 + 18
    assert row.hold_total == 65
    assert (row.sets_done, row.sets_planned) == (11, 12)  # the skipped set is not done
    assert (row.minutes, row.rpe, row.plan, row.title) == (52, 7, "Demo plan", "Heavy legs")
    assert row.records == []  # the first session is the baseline, not a record


def test_session_rows_newest_first_with_that_sessions_records() -> None:
    day2 = MON + timedelta(days=3)
    logs = [
        SessionLog(id="s1", started_at=datetime.combine(MON, datetime.min.time())),
        SessionLog(id="s2", started_at=datetime.combine(day2, datetime.min.time())),
    ]
    sets = [st("back-squat", MON, 5, 60), st("back-squat", day2, 5, 65, session="s2")]
    rows = session_rows(logs, sets)
    assert [r.session_id for r in rows] == ["s2", "s1"]
    assert {m.kind for m in rows[0].records} == {RecordKind.LOAD, RecordKind.E1RM}
    assert rows[1].records == []


def test_header_rows_are_the_session_rows_without_what_the_sets_give() -> None:
    """Before the sets are read: the same sessions in the same order, with the header's
    fields, no totals and no records."""
    day2 = MON + timedelta(days=3)
    logs = [
        SessionLog(id="s1", title="A", started_at=datetime.combine(MON, datetime.min.time()),
                   finished_at=datetime.combine(MON, datetime.min.time()) + timedelta(minutes=41),
                   rpe=7, planned_sets=6),
        SessionLog(id="s2", started_at=datetime.combine(day2, datetime.min.time())),
    ]  # fmt: skip
    sets = [st("back-squat", MON, 5, 60), st("back-squat", day2, 5, 65, session="s2")]
    full, headers = session_rows(logs, sets), header_rows(logs)
    assert [r.session_id for r in headers] == [r.session_id for r in full] == ["s2", "s1"]
    for h, r in zip(headers, full, strict=True):
        assert (h.day, h.plan, h.title, h.minutes, h.rpe, h.sets_planned) == (
            r.day, r.plan, r.title, r.minutes, r.rpe, r.sets_planned
        )  # fmt: skip
        assert not h.counted and r.counted
        assert (h.sets_done, h.volume, h.records) == (0, 0, [])
    assert (headers[1].minutes, headers[1].title) == (41, "A")


# --- records --------------------------------------------------------------------------------


def squat_history() -> list[SetResult]:
    d2, d3, d4 = (MON + timedelta(days=n) for n in (3, 7, 10))
    return [
        st("back-squat", MON, 5, 60), st("back-squat", MON, 5, 60), st("back-squat", MON, 4, 60),
        st("back-squat", d2, 3, 62.5), st("back-squat", d2, 6, 60),
        st("back-squat", d3, 3, 62.5), st("back-squat", d3, 3, 62.5),
        st("back-squat", d4, 4, 62.5),
        st("side-plank", MON, side=L, hold_s=30), st("side-plank", MON, side=R, hold_s=35),
        st("side-plank", d2, side=L, hold_s=40), st("side-plank", d2, side=R, hold_s=35),
    ]  # fmt: skip


def test_records_heaviest_with_rep_tie_break_best_e1rm_and_reps_per_load() -> None:
    book = records(squat_history())
    squat = book[("back-squat", BOTH)]
    assert (squat.heaviest.value, squat.heaviest.reps) == (62.5, 4)  # same load, more reps wins
    assert squat.heaviest.day == MON + timedelta(days=10)
    assert squat.e1rm.value == pytest.approx(72.0)  # 60 × (1 + 6/30) beats 62.5 × 4
    assert squat.e1rm.day == MON + timedelta(days=3)
    assert {load: best.value for load, best in squat.most_reps.items()} == {60: 6, 62.5: 4}
    assert book[("side-plank", L)].longest_hold.value == 40
    assert book[("side-plank", R)].longest_hold.value == 35
    assert book[("side-plank", R)].longest_hold.day == MON  # a tie keeps the first day


def test_records_set_on_compares_with_everything_before() -> None:
    sets = squat_history()
    assert records_set_on(sets, MON) == []
    day2 = {(m.exercise_id, m.side, m.kind): m for m in records_set_on(sets, MON + timedelta(3))}
    assert set(day2) == {
        ("back-squat", BOTH, RecordKind.LOAD),
        ("back-squat", BOTH, RecordKind.E1RM),
        ("back-squat", BOTH, RecordKind.REPS),  # 6 reps at 60 beat 5; 62.5 is a new baseline
        ("side-plank", L, RecordKind.HOLD),
    }
    load_mark = day2[("back-squat", BOTH, RecordKind.LOAD)]
    assert load_mark.text == "heaviest 62.5 kg × 3 (was 60 kg × 5)"
    assert day2[("side-plank", L, RecordKind.HOLD)].text == "longest hold 40 s (was 30 s)"
    assert records_set_on(sets, MON + timedelta(7)) == []  # 62.5 × 3 again only ties
    (day4,) = records_set_on(sets, MON + timedelta(10))  # not also "most reps at 62.5"
    assert day4.text == "heaviest 62.5 kg × 4 (was 62.5 kg × 3)"
    assert records(sets)[("back-squat", BOTH)].most_reps[62.5].value == 4


def test_records_with_catalogue_keep_only_what_the_exercise_measures(catalogue) -> None:
    sets = [st("side-plank", MON, 10, side=L, hold_s=30),
            st("side-plank", MON + timedelta(1), 12, side=L, hold_s=25)]  # fmt: skip
    plank = records(sets, catalogue)[("side-plank", L)]
    assert plank.longest_hold.value == 30
    assert plank.most_reps == {} and plank.heaviest is None


# --- series ---------------------------------------------------------------------------------


def test_exercise_series_per_side_e1rm_with_rpe_and_lsi() -> None:
    d2 = MON + timedelta(days=3)
    sets = [
        st("split-squat", MON, 8, 20, L), st("split-squat", MON, 8, 24, R),
        st("split-squat", d2, 8, 22, L, rpe=8), st("split-squat", d2, 8, 24, R, rpe=8),
        st("split-squat", d2, 6, 22, L, warmup=True),
    ]  # fmt: skip
    series = exercise_series(HistoryIndex.of_sets(sets), "split-squat")
    assert series.per_side and set(series.lines) == {L, R}
    left = series.lines[L]
    assert left[0].e1rm == pytest.approx(25.33, abs=0.01)  # Epley: 20 × (1 + 8/30)
    assert left[1].e1rm == pytest.approx(29.77, abs=0.01)  # RTS: 8 reps @ RPE 8 = 73.9 %
    assert (left[0].top_load, left[0].volume, left[1].sets) == (20, 160, 1)
    assert [(p.lsi, p.basis) for p in series.symmetry] == [(83.3, "e1rm"), (91.7, "e1rm")]


def test_exercise_series_bodyweight_and_holds_compare_reps_and_seconds() -> None:
    calf = exercise_series(first_session(), "single-leg-calf-raise")
    (point,) = calf.symmetry
    assert (point.left, point.right, point.lsi, point.basis) == (15, 18, 83.3, "reps")
    plank = exercise_series(first_session(), "side-plank")
    assert (plank.symmetry[0].lsi, plank.symmetry[0].basis) == (85.7, "hold")
    squat = exercise_series(first_session(), "back-squat")
    assert set(squat.lines) == {BOTH} and squat.symmetry == []
    assert squat.lines[BOTH][0].e1rm == 70  # 60 × (1 + 5/30); the warm-up is not counted
    assert exercise_series(first_session(), "nordic").lines == {}


# --- muscles --------------------------------------------------------------------------------


def test_muscle_sets_primary_one_secondary_half_per_side_halved(catalogue) -> None:
    sets = first_session() + [
        st("back-squat", MON + timedelta(days=6), 5, 60),  # Sunday: same week
        st("back-squat", MON + timedelta(days=7), 5, 60),  # next Monday: not counted
        st("mystery", MON, 5, 60),  # unknown exercise: left out
    ]
    got = muscle_sets(sets, catalogue, MON + timedelta(days=2))  # any day of the week
    assert got == {
        Muscle.QUADS: 5.0,  # 4 squat sets + 2 split-squat sides × 0.5
        Muscle.GLUTE_MAX: 5.0,
        Muscle.LOWER_BACK: 2.0,  # 4 × 0.5
        Muscle.ADDUCTORS: 0.5,  # 2 sides × 0.5 × 0.5
        Muscle.GASTROCNEMIUS: 1.5,  # 3 per-side sets × 0.5
        Muscle.SOLEUS: 0.75,
        Muscle.OBLIQUES: 1.0,
        Muscle.GLUTE_MED: 0.5,
    }


def test_muscle_sets_against_the_previous_four_weeks(catalogue) -> None:
    per_week = {-5: 10, -4: 4, -3: 2, -2: 0, -1: 2, 0: 3}  # weeks relative to this one
    this_monday = MON + timedelta(weeks=5)
    sets = [
        st("back-squat", this_monday + timedelta(weeks=w, days=1), 5, 60)
        for w, n in per_week.items()
        for _ in range(n)
    ]
    got = muscle_sets_vs_average(sets, catalogue, this_monday)
    assert got == {
        Muscle.QUADS: (3.0, 2.0),  # (4 + 2 + 0 + 2) / 4; the week five back is outside
        Muscle.GLUTE_MAX: (3.0, 2.0),
        Muscle.LOWER_BACK: (1.5, 1.0),
    }
    with pytest.raises(ValueError, match="weeks must be 1 or more"):
        muscle_sets_vs_average(sets, catalogue, this_monday, weeks=0)


# --- adherence ------------------------------------------------------------------------------


def plan(weeks: int = 8) -> Plan:
    return Plan(id="p", name="P", start=MON, schedule=Schedule(days=[Weekday.MON, Weekday.THU]),
                phases=[Phase(name="base", weeks=weeks, sessions=["A"])], sessions={})  # fmt: skip


def done(day: date, plan_id: str = "p", **kw: object) -> SessionLog:
    start = datetime.combine(day, datetime.min.time()) + timedelta(hours=18)
    kw.setdefault("finished_at", start + timedelta(hours=1))
    return SessionLog(plan_id=plan_id, started_at=start, **kw)


def history() -> list[SessionLog]:
    days = [0, 3, 7, 14, 15, 17, 21]  # weeks: 2, 1, 3, 1 (the last in progress)
    return [done(MON + timedelta(d)) for d in days] + [
        done(MON + timedelta(8), plan_id="other"),
        done(MON + timedelta(10), finished_at=None),
        done(MON + timedelta(10), kind=SessionKind.ASSESSMENT),
    ]


def test_adherence_per_week_planned_done_and_percent() -> None:
    weeks = adherence(plan(), history(), MON + timedelta(days=23))  # Wednesday of week 4
    got = [(w.week, w.planned, w.done, w.complete, w.percent) for w in weeks]
    assert got == [(1, 2, 2, True, 100), (2, 2, 1, True, 50), (3, 2, 3, True, 100),
                   (4, 2, 1, False, 50)]  # fmt: skip
    assert weeks[3].start == MON + timedelta(weeks=3)
    after_end = adherence(plan(weeks=3), history(), MON + timedelta(days=200))
    assert len(after_end) == 3 and all(w.complete for w in after_end)
    assert adherence(plan(), history(), MON - timedelta(days=1)) == []


def test_streak_counts_back_from_the_last_complete_week() -> None:
    wednesday = MON + timedelta(days=23)
    assert current_streak(plan(), history(), wednesday) == 1  # week 3 met, week 2 did not
    sessions = history() + [done(MON + timedelta(days=24))]
    assert current_streak(plan(), sessions, wednesday + timedelta(1)) == 2  # week 4 now met
    sessions = [done(MON + timedelta(d)) for d in (0, 3, 7, 10)]
    assert current_streak(plan(), sessions, MON + timedelta(days=14)) == 2  # week 3 just begun
    assert current_streak(plan(), sessions, MON + timedelta(days=21)) == 0  # week 3 missed


# --- LSI trend ------------------------------------------------------------------------------


def test_lsi_trend_per_test_oldest_first() -> None:
    day = MON
    results = [
        AssessmentResult(test_id="single-leg-calf-raise", day=day + timedelta(42), left=27,
                         right=30),
        AssessmentResult(test_id="single-leg-calf-raise", day=day, left=20, right=25),
        AssessmentResult(test_id="single-leg-bridge", day=day, left=22),
        AssessmentResult(test_id="hop-6m", day=day, left=2.5, right=2.0, unit="s"),
    ]  # fmt: skip
    trend = lsi_trend(results, lower_is_better=["hop-6m"])
    calf = trend["single-leg-calf-raise"]
    assert [(p.day, p.left, p.right, p.lsi) for p in calf] == [
        (day, 20, 25, 80.0), (day + timedelta(42), 27, 30, 90.0)]  # fmt: skip
    assert trend["single-leg-bridge"][0].lsi is None
    assert trend["hop-6m"][0].lsi == 80.0  # 2.0 s / 2.5 s: the slower left is the weaker


# --- speed ----------------------------------------------------------------------------------


def test_fifty_thousand_sets_give_one_exercise_its_series() -> None:
    start = datetime(2016, 1, 4, 18)
    sets = [
        SetResult.model_construct(
            id=str(i), session_id=f"s{i // 30}", exercise_id=f"ex{i % 40}", set_number=1,
            side=(L, R)[(i // 40) % 2], warmup=False, skipped=False, reps=5 + i % 6,
            load=20 + (i % 9) * 2.5, bodyweight=False, rpe=None, hold_s=None,
            at=start + timedelta(days=i // 30 * 3, seconds=i),
        )
        for i in range(50_000)
    ]  # fmt: skip
    index = HistoryIndex.of_sets(sets)
    series = exercise_series(index, "ex7")
    assert len(series.lines[R]) > 100


def test_fifty_thousand_sets_give_every_session_row_and_record_in_one_pass() -> None:
    start = datetime(2016, 1, 4, 18)
    sets = [
        SetResult.model_construct(
            id=str(i), session_id=f"s{i // 20}", exercise_id=f"ex{i % 5}", set_number=1,
            side=(L, R)[i % 2], warmup=False, skipped=False, reps=5 + i % 6,
            load=20 + i // 20 * 0.1, bodyweight=False, rpe=None, hold_s=None,
            at=start + timedelta(days=i // 20 * 2, seconds=i),
        )
        for i in range(50_000)
    ]  # fmt: skip
    logs = [
        SessionLog.model_construct(
            id=f"s{n}", started_at=start + timedelta(days=2 * n), finished_at=None,
            plan_id=None, plan_name=None, title="", session_key=None, planned_sets=20, rpe=None,
        )
        for n in range(2_500)
    ]  # fmt: skip
    index = HistoryIndex.of_sets(sets)
    rows = session_rows(logs, index)
    book = records(index)
    assert len(rows) == 2_500 and rows[0].sets_done == 20
    heaviest = book[("ex0", L)].heaviest
    assert heaviest is not None and heaviest.session_id == "s2499"
    # every session lifts a little more than the one before: each but the first sets records
    assert all(any(m.kind is RecordKind.LOAD for m in r.records) for r in rows[:-1])
    assert rows[-1].records == []
