"""One training truth: the cases a coach found where two screens gave two answers.

Each test pins a number a user sees, with the figures from the report that found it.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from progression_helpers import kg, log_of, pex, plan_with, sets_of, state_for

from companion.cli import main
from companion.domain import progression
from companion.domain.catalogue import builtin
from companion.domain.insights_digest import SessionDigest
from companion.domain.insights_records import record_marks
from companion.domain.models import (
    Load,
    LoadKind,
    SessionLog,
    SetResult,
    Side,
    Unit,
)
from companion.domain.progression import decide, next_states, weak_side
from companion.domain.summary import summarise
from companion.domain.symmetry import compare_sides
from companion.io.plans import load_plan
from companion.store import Store
from companion.training import finish as finishing
from companion.training.replay import replay, sessions_with_sets
from companion.training.today import load_today

PLANS = Path(__file__).resolve().parents[1] / "plans"
CATALOGUE = builtin()
TUE = date(2026, 12, 1)  # the off-season plan trains on Tuesdays and Fridays


def at(day: date, hour: int = 18) -> datetime:
    return datetime.combine(day, time(hour))


def one_set(exercise: str, reps: int, load: float | None, side=Side.BOTH, **kw) -> SetResult:
    return SetResult(session_id=kw.pop("session_id", "s1"), exercise_id=exercise, set_number=1,
                     side=side, reps=reps, load=load, at=kw.pop("at", at(TUE)), **kw)  # fmt: skip


@pytest.fixture
def off_season(tmp_path):
    plan = load_plan(PLANS / "off-season-strength.yaml").model_copy(update={"start": TUE})
    db = tmp_path / "companion.json"
    with Store.open(db) as store:
        store.save_plan(plan)
        store.set_active(plan.id)
    return db, plan


# 1. each plan line progresses from its own prescription ---------------------------------------


def test_session_c_shows_its_own_split_squat_line_not_session_as(off_season):
    db, plan = off_season
    with Store.open(db) as store:
        c = load_today(store, CATALOGUE, TUE, session_key="C")
        a = load_today(store, CATALOGUE, TUE, session_key="A")
    rfe = "rear-foot-elevated-split-squat"
    c_sets = [p for p in c.planned if p.exercise_id == rfe and not p.warmup]
    a_sets = [p for p in a.planned if p.exercise_id == rfe and not p.warmup]
    assert (c_sets[0].target_reps, c_sets[0].target_reps_hi, c_sets[0].target_rpe) == (3, 5, 8)
    assert c_sets[0].target_load is None  # RPE 8: the athlete picks the load on the first day
    assert [p.rest for p in c_sets if p.side is Side.RIGHT] == [180] * 4
    assert (a_sets[0].target_reps, a_sets[0].target_reps_hi, a_sets[0].target_load) == (5, 8, 20)


def test_a_session_moves_on_only_its_own_line():
    heavy = pex("back-squat", reps=(3, 5), load=kg(80))
    light = pex("back-squat", reps=(10, 12), load=kg(40))
    plan = plan_with(sessions={
        "A": _template("A", heavy), "B": _template("B", light),
    })  # fmt: skip
    log = log_of(sets_of("back-squat", [5, 5, 5], load=80.0), key="A")
    states = next_states(plan, CATALOGUE, progression.initial_states(plan, CATALOGUE), log, TUE)
    by_line = {s.line: s.target.load for s in states}
    assert by_line == {"A/back-squat": 82.5, "B/back-squat": 40.0}


def test_progress_with_shares_one_lines_targets_when_the_coach_says_so():
    heavy = pex("back-squat", reps=(3, 5), load=kg(80))
    again = pex("back-squat", reps=(3, 5), load=kg(80), progress_with="A")
    plan = plan_with(sessions={"A": _template("A", heavy), "B": _template("B", again)})
    log = log_of(sets_of("back-squat", [5, 5, 5], load=80.0), key="B")
    states = next_states(plan, CATALOGUE, [], log, TUE)
    assert [(s.line, s.target.load) for s in states] == [("A/back-squat", 82.5)]


def test_progress_with_a_session_without_that_exercise_is_refused():
    with pytest.raises(ValueError, match="has no back-squat line to share"):
        plan_with(sessions={
            "A": _template("A", pex("step-up")),
            "B": _template("B", pex("back-squat", progress_with="A")),
        })  # fmt: skip


def _template(key, *exercises):
    from companion.domain.models import SessionTemplate

    return SessionTemplate(key=key, title=f"Strength {key}", exercises=list(exercises))


# 2. one left/right comparison -----------------------------------------------------------------


def test_box_squat_8_against_6_at_20_kg_is_one_lsi_everywhere():
    left = [one_set("single-leg-box-squat", 8, 20.0, Side.LEFT)]
    right = [one_set("single-leg-box-squat", 6, 20.0, Side.RIGHT)]
    found = compare_sides(left, right)
    assert found is not None and (found.basis, round(found.lsi, 1)) == ("e1rm", 94.7)
    assert found.text == "LSI 94 % ok, right weaker (by e1RM)"
    log = SessionLog(id="s1", started_at=at(TUE), sets=[*left, *right])
    (gap,) = summarise(log, 2, [], at(TUE, 19)).gaps
    assert round(gap.lsi, 1) == 94.7 and gap.band == "ok"
    weaker, index = weak_side(left, right)
    assert (weaker, round(index or 0, 1)) == (None, 94.7)  # 94.7 % earns no extra set


def test_bodyweight_plus_counts_the_load_the_side_carried():
    left = [one_set("single-leg-calf-raise", 15, 15.0, Side.LEFT, bodyweight=True)]
    right = [one_set("single-leg-calf-raise", 14, 20.0, Side.RIGHT, bodyweight=True)]
    with_weight = compare_sides(left, right, bodyweight_kg=60)
    assert with_weight is not None
    assert with_weight.weaker == "left"  # the right carried 5 kg more for one rep fewer
    assert round(with_weight.lsi, 1) == 95.9
    # without a body weight the two added loads cannot be weighed against each other
    assert compare_sides(left, right) is None


# 3. one volume ---------------------------------------------------------------------------------


def test_pull_up_at_bw_plus_10_has_the_same_volume_on_summary_and_history():
    pull_up = one_set("pull-up", 8, 10.0, bodyweight=True)
    log = SessionLog(id="s1", started_at=at(TUE), sets=[pull_up])
    assert summarise(log, 1, [], at(TUE, 19)).volume == 80
    assert SessionDigest.of("s1", [pull_up]).volume == 80


# 4. one record book ------------------------------------------------------------------------------


def test_the_summary_lists_the_records_the_history_marks_for_that_session():
    earlier = [one_set("step-up", 8, 16.0, session_id="old", at=at(TUE - timedelta(days=7))),
               one_set("hip-thrust", 5, 60.0, session_id="old", at=at(TUE - timedelta(days=7))),
               one_set("side-plank", 0, None, session_id="old", hold_s=30,
                       at=at(TUE - timedelta(days=7)))]  # fmt: skip
    today = [one_set("step-up", 8, 18.5), one_set("hip-thrust", 6, 60.0),
             one_set("side-plank", 0, None, hold_s=35)]  # fmt: skip
    log = SessionLog(id="s1", started_at=at(TUE), sets=today)
    summary = summarise(log, 3, earlier, at(TUE, 19))
    book = [m for m in record_marks([*earlier, *today]) if m.session_id == "s1"]
    assert len(summary.records) == len(book) == 5  # step-up load + e1RM, hip thrust x2, hold
    assert [m.text for m in summary.records] == [m.text for m in book]


# 5. loads: a load used is a fact ---------------------------------------------------------------


def test_lb_plan_95_with_a_10_lb_step_goes_to_105_and_says_so():
    pe = pex("back-squat", reps=(5, 5), load=Load(kind=LoadKind.WEIGHT, amount=95), step=10)
    state = state_for("back-squat", load=95.0, unit=Unit.LB, reps=5, reps_hi=5)
    after = decide(state, sets_of("back-squat", [5, 5, 5], load=95.0, unit=Unit.LB), pe, 10)
    assert after.target.load == 105
    assert after.target.reason == "all 3 sets at 5 → 95 + 10 = 105 lb"


def test_16_kg_dumbbells_are_never_rounded_to_15():
    pe = pex("single-leg-rdl", reps=(6, 8))
    state = state_for("single-leg-rdl", load=17.5)
    repeat = decide(state, sets_of("single-leg-rdl", [7, 7, 7], load=16.0), pe, 2.5)
    assert repeat.target.load == 16  # the athlete's 16 kg, repeated as used
    up = decide(state, sets_of("single-leg-rdl", [8, 8, 8], load=16.0), pe, 2.5)
    assert up.target.load == 18.5
    assert up.target.reason == "you used 16 kg; all 3 sets at 8 → 16 + 2.5 = 18.5 kg"


# 6. one today -----------------------------------------------------------------------------------


def test_home_picker_and_next_use_the_same_words_for_a_wednesday(off_season, capsys):
    db, plan = off_season
    wednesday = TUE + timedelta(days=1)
    with Store.open(db) as store:
        today = load_today(store, CATALOGUE, wednesday)
    from companion.training.today import due_words
    from companion.ui.screens.home_text import due_label

    assert (today.session_key, today.due.day) == ("A", TUE + timedelta(days=3))
    assert due_words(today.due, wednesday) == "Friday 4 December"
    assert due_label(today, None) == "NEXT, Friday 4 December"
    assert main(["--db", str(db), "next", "--date", wednesday.isoformat()]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("Friday 4 December · week 1 of 18")
    assert main(["--db", str(db), "next", "--json", "--date", wednesday.isoformat()]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["session"], shown["day"]) == ("A", "2026-12-04")
    assert [e["line"] for e in shown["exercises"]][:2] == [
        "A/rear-foot-elevated-split-squat", "A/rear-foot-elevated-split-squat",
    ]  # fmt: skip


def test_next_refuses_a_date_it_cannot_read(off_season, capsys):
    db, _ = off_season
    with pytest.raises(SystemExit):
        main(["--db", str(db), "next", "--date", "4/12/2026"])
    assert "write it as YYYY-MM-DD" in capsys.readouterr().err


# 7. targets from the history alone ---------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from companion.demo import create_demo

    db = tmp_path_factory.mktemp("demo") / "companion.json"
    create_demo(db, today=date(2026, 12, 2))
    return db


def test_what_finish_keeps_is_the_replay_after_every_demo_session(demo_db, tmp_path):
    with Store.open(demo_db) as source:
        plan = source.active_plan()
        sessions = sessions_with_sets(source, plan.id)
        settings = source.settings()
    db = tmp_path / "companion.json"
    with Store.open(db) as store:
        store.save_plan(plan)
        store.set_active(plan.id)
        store.save_settings(settings)
        context = load_today(store, CATALOGUE, sessions[0].day).context
        for n, log in enumerate(sessions, 1):
            finishing.finish(store, context, log)
            kept = _by_line(store.exercise_states(plan.id))
            derived = _by_line(replay(plan, sessions[:n], CATALOGUE, context.bodyweight_kg))
            assert kept == derived, f"after session {n} ({log.day})"
    assert len(sessions) > 40


def _by_line(states):
    return {(s.line, s.side): s.model_dump(mode="json") for s in states}


def test_a_restored_export_without_its_targets_gives_the_same_next_session(
    demo_db, tmp_path, capsys
):
    day = "2026-12-02"
    assert main(["--db", str(demo_db), "next", "--json", "--date", day]) == 0
    original = capsys.readouterr().out
    assert main(["--db", str(demo_db), "export", "--out", str(tmp_path / "x.json")]) == 0
    data = json.loads((tmp_path / "x.json").read_text())
    assert data["states"], "the export carries kept targets"
    data["states"] = []
    (tmp_path / "bare.json").write_text(json.dumps(data))
    copy = tmp_path / "restored.json"
    assert main(["--db", str(copy), "restore", str(tmp_path / "bare.json")]) == 0
    capsys.readouterr()
    assert main(["--db", str(copy), "next", "--json", "--date", day]) == 0
    restored = capsys.readouterr().out
    assert json.loads(restored) == json.loads(original)
    reasons = [e["reason"] for e in json.loads(restored)["exercises"]]
    assert not any(r.startswith("first session") for r in reasons)


def test_targets_kept_per_exercise_by_an_older_version_are_derived_again(demo_db, tmp_path):
    db = tmp_path / "companion.json"
    with Store.open(demo_db) as source:
        data = source.export_data()
    for state in data["states"]:
        state.pop("line", None)  # as a version before plan lines wrote them
    with Store.open(db) as store:
        store.restore_data(data)
        today = load_today(store, CATALOGUE, date(2026, 12, 2))
        kept = store.exercise_states(store.active_plan().id)
    assert kept and all(s.line for s in kept)
    assert not any(p.reason.startswith("first session") for p in today.planned if not p.warmup)


# 8. a swap builds the new exercise's own sets ---------------------------------------------------


def test_swapping_a_per_side_lift_for_a_barbell_one_gets_its_own_sets_and_rest(off_season):
    from companion.domain.runner import SessionRun
    from companion.training.swap import swap_sets

    db, plan = off_season
    with Store.open(db) as store:
        today = load_today(store, CATALOGUE, TUE, session_key="A")
    log = SessionLog(plan_id=plan.id, session_key="A", started_at=at(TUE))
    run = SessionRun(today.planned, log, swap=lambda p, e: swap_sets(today.context, p, e))
    while run.current().warmup:
        run.confirm(run.result_for())
    run.substitute(CATALOGUE.get("back-squat"))
    squats = [p for p in run.planned if p.exercise_id == "back-squat"]
    assert [(p.side, p.set_number, p.rest) for p in squats] == [
        (Side.BOTH, n, 150) for n in range(1, 5)
    ]  # one set each, the planned 2:30 rest after it, no side switch
    # 20 kg was a dumbbell for one leg: the athlete picks a barbell load by feel
    assert (squats[0].target_load, squats[0].target_rpe) == (None, 8)
    assert squats[0].reason.startswith(
        "instead of Rear-foot-elevated split squat: no line of its own in the plan"
    )
    assert "a load you choose" in squats[0].reason
    assert log.substitutions == {"rear-foot-elevated-split-squat": "back-squat"}


def test_a_swap_to_an_exercise_with_its_own_line_takes_that_lines_target(off_season):
    from companion.training.swap import swap_sets

    db, plan = off_season
    with Store.open(db) as store:
        today = load_today(store, CATALOGUE, TUE, session_key="A")
    current = next(p for p in today.planned if not p.warmup)
    step_ups = swap_sets(today.context, current, CATALOGUE.get("step-up"))
    assert {(p.side, p.target_load, p.target_reps, p.target_reps_hi) for p in step_ups} == {
        (Side.LEFT, 16, 5, 6), (Side.RIGHT, 16, 5, 6),
    }  # session B's step-up line: 4 × 5-6 @ 16 kg
    assert step_ups[0].line == "B/step-up"
    assert step_ups[0].reason.startswith("instead of Rear-foot-elevated split squat: its own line")


def test_the_history_shows_the_summarys_lsi_for_every_demo_session(demo_db):
    from companion.domain.insights import exercise_series
    from companion.domain.insights_index import HistoryIndex
    from companion.training.today import bodyweight_of

    with Store.open(demo_db) as store:
        sessions = sessions_with_sets(store)
        weight = bodyweight_of(store.settings())
        index = HistoryIndex.of_sets(store.sets())
    assert weight == 60
    compared = 0
    series = {}
    for log in sessions:
        for gap in summarise(log, 0, [], log.finished_at, weight).gaps:
            if gap.exercise_id not in series:
                series[gap.exercise_id] = exercise_series(index, gap.exercise_id, weight)
            day = {p.day: p for p in series[gap.exercise_id].symmetry}[log.day]
            assert (day.lsi, day.basis) == (round(gap.lsi, 1), gap.comparison.basis), (
                f"{gap.exercise_id} on {log.day}"
            )
            compared += 1
    assert compared > 100
    calf = series["single-leg-calf-raise"]
    assert all(p.e1rm for p in calf.lines[Side.LEFT])  # BW+15 calf raises have an e1RM line
    assert {p.basis for p in calf.symmetry} == {"e1rm"}


def test_a_session_from_another_app_moves_the_line_whose_reps_it_fits():
    """Strong's 3 × 8 of back squats is the heavy day's work (6–8), not the light day's
    (12–15): only the heavy line moves on; the light line keeps its first targets."""
    heavy = pex("back-squat", reps=(6, 8), load=kg(80))
    light = pex("back-squat", reps=(12, 15), load=kg(40))
    plan = plan_with(sessions={"A": _template("A", heavy), "B": _template("B", light)})
    log = SessionLog(plan_name="Strong", started_at=at(TUE), finished_at=at(TUE, 19),
                     source="strong")  # fmt: skip
    log.sets = [s.model_copy(update={"session_id": log.id})
                for s in sets_of("back-squat", [8, 8, 8], load=82.5)]  # fmt: skip
    states = replay(plan, [log], CATALOGUE)
    assert {s.line: s.target.load for s in states} == {"A/back-squat": 85.0}
