"""Plans written as coaches write them import, say how they were read, and build the sessions
a coach expects; shorthand written wrongly is still caught at its line and column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_plan_errors import HEAD, issues_of, item, only_issue

from companion.cli import main
from companion.domain.catalogue import builtin
from companion.domain.models import (
    LoadKind,
    Measure,
    PlanExercise,
    ProgressionType,
    SessionLog,
    SetResult,
    Side,
)
from companion.domain.progression import initial_states, next_states
from companion.domain.session import build_session
from companion.io.plans import load_plan_with_warnings, parse_plan_with_warnings

PLANS = Path(__file__).resolve().parent.parent / "plans"
MONDAY = date(2027, 1, 4)


def sets_of(plan, key: str, day: date = MONDAY) -> list[tuple]:
    """The session as the runner will step through it: one tuple per set and side."""
    catalogue = builtin()
    planned = build_session(plan, key, catalogue, initial_states(plan, catalogue), day)
    return [
        (
            p.exercise_id,
            p.side.value,
            p.set_number,
            p.measure.value,
            p.target_reps,
            p.target_reps_hi,
            p.target_hold,
            p.target_contacts,
            p.target_load,
            p.target_rpe,
            p.rest,
        )
        for p in planned
        if not p.warmup
    ]


def read(*lines: str):
    plan, remarks = parse_plan_with_warnings(item(*lines), "plan.yaml")
    return plan.sessions["A"].exercises[0], [str(r) for r in remarks if r.note]


# the catalogue's measure is a default ------------------------------------------------------


def test_pogo_hops_reps_are_contacts_with_a_note() -> None:
    line, notes = read("exercise: pogo hops", "sets: 3", "reps: 20")
    assert line == PlanExercise(
        exercise="pogo-hops", sets=3, contacts=20, progression={"type": "contacts"}
    )
    assert notes == [
        "plan.yaml:13:15: note: sessions.A.exercises[0].reps: Pogo hops is counted in ground "
        "contacts: reps: 20 read as 20 contacts a set"
    ]


def test_short_foot_reps_are_logged_as_reps_with_a_note() -> None:
    line, notes = read("exercise: short foot", "sets: 2", "reps: 10")
    assert (line.measure, line.reps.lo, line.hold) == (Measure.REPS, 10, None)
    assert notes == [
        "plan.yaml:13:15: note: sessions.A.exercises[0].reps: Short foot is usually held; "
        "reps: 10 read as repetitions of it, each set logged in reps"
    ]


def test_a_hold_of_a_rep_exercise_is_an_isometric_with_a_note() -> None:
    line, notes = read("exercise: split squat", "sets: 2", "hold: 30s")
    assert (line.measure, line.hold, line.progression.type) == (
        Measure.HOLD,
        30,
        ProgressionType.HOLD,
    )
    assert notes == [
        "plan.yaml:13:15: note: sessions.A.exercises[0].hold: Split squat is usually counted "
        "in reps; hold: 30s read as an isometric hold of it, each set logged in seconds"
    ]


def test_the_issues_two_lines_build_the_sessions_a_coach_expects() -> None:
    text = item("{exercise: pogo hops, sets: 3, reps: 20}") + (
        "      - {exercise: short foot, sets: 2, reps: 10}\n"
        "      - {exercise: split squat, sets: 1, hold: 30s}\n"
    )
    plan, _ = parse_plan_with_warnings(text, "plan.yaml")
    assert sets_of(plan, "A") == [
        ("pogo-hops", "both", 1, "contacts", None, None, None, 20, 0.0, None, 90),
        ("pogo-hops", "both", 2, "contacts", None, None, None, 20, 0.0, None, 90),
        ("pogo-hops", "both", 3, "contacts", None, None, None, 20, 0.0, None, 90),
        ("short-foot", "both", 1, "reps", 10, 10, None, None, 0.0, None, 90),
        ("short-foot", "both", 2, "reps", 10, 10, None, None, 0.0, None, 90),
        ("split-squat", "left", 1, "hold", None, None, 30, None, 0.0, None, 0),
        ("split-squat", "right", 1, "hold", None, None, 30, None, 0.0, None, 90),
    ]


def test_validate_and_import_print_the_notes_and_pass(capsys, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(item("{exercise: pogo hops, sets: 3, reps: 20}"))
    assert main(["validate", str(plan)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "OK Test plan (1 session, 4 weeks)",
        f"{plan}:11:46: note: sessions.A.exercises[0].reps: Pogo hops is counted in ground "
        "contacts: reps: 20 read as 20 contacts a set",
    ]
    assert main(["--db", str(tmp_path / "db.json"), "import", str(plan)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        out[0] == f"{plan}:11:46: note: sessions.A.exercises[0].reps: Pogo hops is counted "
        "in ground contacts: reps: 20 read as 20 contacts a set"
    )
    assert out[1].startswith("Imported Test plan")


def test_errors_stay_errors() -> None:
    issue = only_issue(item("exercise: pogo hops", "sets: 3", "hold: 30s"))
    assert issue.message == "Pogo hops is counted in ground contacts: use contacts: 20 (not hold:)"


# shorthand -----------------------------------------------------------------------------------


def test_per_side_on_a_both_sides_exercise_is_done_per_side_with_a_note() -> None:
    line, notes = read("exercise: goblet squat", "sets: 2", "reps: 8/side")
    assert line.per_side is True
    assert notes == [
        "plan.yaml:13:15: note: sessions.A.exercises[0].reps: Goblet squat is done with both "
        "sides at once in the catalogue; '/side' read as the plan says: each side done and "
        "logged on its own"
    ]
    plan, _ = parse_plan_with_warnings(
        item("exercise: goblet squat", "sets: 1", "reps: 8/side"), "p.yaml"
    )
    assert [(s[1], s[4]) for s in sets_of(plan, "A")] == [("left", 8), ("right", 8)]


def test_per_side_on_a_single_leg_exercise_needs_no_note() -> None:
    line, notes = read("exercise: step-up", "sets: 3", "reps: 8 per leg")
    assert (line.per_side, line.reps.lo, notes) == (None, 8, [])


def test_sets_times_reps_with_a_load_after_the_at() -> None:
    line, notes = read("exercise: RFESS", "sets: 3 x 6-8 each side @ 16 kg DBs")
    assert (line.sets, str(line.reps), line.load.amount, line.load.per_hand) == (3, "6-8", 16, True)
    assert line.notes == "A pair of dumbbells, 16 kg in each hand: log one hand's load."
    assert notes == [
        "plan.yaml:12:15: note: sessions.A.exercises[0].sets: '16 kg DBs' read as a pair of "
        "dumbbells, 16 kg in each hand: the load logged is for one hand"
    ]


def test_sets_times_reps_under_reps_when_sets_is_left_out() -> None:
    line, _ = read("exercise: back squat", "reps: 3 x 5 @ RPE 8")
    assert (line.sets, line.reps.lo, line.load.kind, line.load.rpe) == (3, 5, LoadKind.RPE, 8)
    assert line.progression.type is ProgressionType.RPE


def test_a_range_of_sets_is_the_lower_number_and_the_upper_in_the_cue() -> None:
    line, notes = read("exercise: step-up", "sets: 2-3", "reps: 8", "notes: Drive up.")
    assert (line.sets, line.sets_hi) == (2, 3)
    assert line.notes == "3 sets on a good day, 2 otherwise. Drive up."
    assert len(notes) == 1 and "'2-3' sets read as 2 working sets" in notes[0]


def test_amrap_has_no_rep_target_and_moves_on_from_the_reps_recorded() -> None:
    text = item("exercise: glute bridge", "sets: 2 x AMRAP")
    plan, _ = parse_plan_with_warnings(text, "p.yaml")
    line = plan.sessions["A"].exercises[0]
    assert (line.amrap, line.reps, line.progression.type) == (True, None, ProgressionType.NONE)
    assert [s[4] for s in sets_of(plan, "A")] == [None, None]
    catalogue = builtin()
    states = initial_states(plan, catalogue)
    log = SessionLog(plan_id=plan.id, session_key="A")
    log.sets = [
        SetResult(session_id=log.id, exercise_id="glute-bridge", set_number=n, reps=r)
        for n, r in ((1, 23), (2, 19))
    ]
    [after] = next_states(plan, catalogue, states, log, date.today())
    assert after.target.reps is None
    assert after.target.reason == "as many reps as you can: 23 at best last time → beat 23"


def test_amrap_refuses_a_rep_progression() -> None:
    issue = only_issue(
        item("exercise: glute bridge", "sets: 2", "reps: AMRAP", "progression: double")
    )
    assert issue.path == "sessions.A.exercises[0].progression"
    assert issue.message.startswith("an AMRAP line has no rep target")


def test_days_written_as_coaches_write_them() -> None:
    for days in ("Mon/Thu", "M Th", "monday, thursday"):
        plan, _ = parse_plan_with_warnings(
            item("exercise: step-up", "sets: 3", "reps: 8").replace("[mon, thu]", days), "p.yaml"
        )
        assert [d.value for d in plan.schedule.days] == ["mon", "thu"]


@pytest.mark.parametrize(
    ("line", "where", "message"),
    [
        ("sets: 3x", (12, 15, "sets"), "found '3x': 3 sets of what?"),
        (
            "reps: 8/sid",
            (13, 15, "reps"),
            "found '8/sid': 'sid' is not a side; did you mean '8/side'?",
        ),
        ("load: RIR 12", (13, 15, "load"), "found 'RIR 12': reps in reserve go from 0 to 4"),
        ("load: '@RPE 11'", (13, 15, "load"), "found '@RPE 11', expected an RPE from 6 to 10"),
        (
            "rest: 2:75",
            (13, 15, "rest"),
            "found '2:75': after the colon come seconds, 00 to 59; did you mean 3:15 (195 s)?",
        ),
    ],
)
def test_shorthand_written_wrongly_is_caught_at_its_place(line, where, message) -> None:
    lines = (
        ["exercise: step-up", line]
        if line.startswith("sets")
        else ["exercise: step-up", "sets: 3", line]
    )
    if not line.startswith(("sets", "reps")):
        lines.insert(2, "reps: 8")
        where = (where[0] + 1, *where[1:])
    issue = only_issue(item(*lines))
    assert (issue.line, issue.col, issue.path) == (
        where[0],
        where[1],
        f"sessions.A.exercises[0].{where[2]}",
    )
    assert issue.message.startswith(message)


def test_sets_times_reps_and_reps_together_is_an_error() -> None:
    issue = only_issue(item("exercise: step-up", "sets: 3x8", "reps: 8"))
    assert (
        issue.message
        == "sets: 3x8 already says what each set holds; leave out reps: or write sets: 3"
    )


def test_a_day_that_could_be_two_days() -> None:
    issues = issues_of(
        HEAD.replace("[mon, thu]", "M T") + "      - {exercise: step-up, sets: 3, reps: 8}\n"
    )
    assert [(i.line, i.col, i.message) for i in issues] == [
        (4, 9, "found 'T': that could be tue or thu: write Tu or Th")
    ]


# the example plans ---------------------------------------------------------------------------


def test_the_yaml_shorthand_example_builds_the_sessions_a_coach_expects() -> None:
    plan, remarks = load_plan_with_warnings(PLANS / "coach-shorthand.yaml")
    assert all(r.note for r in remarks)
    assert sets_of(plan, "A")[:8] == [
        ("rear-foot-elevated-split-squat", "left", 1, "reps", 6, 8, None, None, 16.0, None, 0),
        ("rear-foot-elevated-split-squat", "right", 1, "reps", 6, 8, None, None, 16.0, None, 120),
        ("rear-foot-elevated-split-squat", "left", 2, "reps", 6, 8, None, None, 16.0, None, 0),
        ("rear-foot-elevated-split-squat", "right", 2, "reps", 6, 8, None, None, 16.0, None, 120),
        ("rear-foot-elevated-split-squat", "left", 3, "reps", 6, 8, None, None, 16.0, None, 0),
        ("rear-foot-elevated-split-squat", "right", 3, "reps", 6, 8, None, None, 16.0, None, 120),
        ("single-leg-rdl", "left", 1, "reps", 8, 8, None, None, 12.0, None, 0),
        ("single-leg-rdl", "right", 1, "reps", 8, 8, None, None, 12.0, None, 90),
    ]
    first = {s[0]: s for s in sets_of(plan, "A")}
    assert first["hip-thrust"][9] == 8 and first["hip-thrust"][10] == 120  # @RPE 8, rest 2'
    assert first["single-leg-calf-raise"][8:] == (10.0, None, 90)  # BW+10, rest 1:30
    assert first["short-foot"][3:5] == ("reps", 10)
    assert first["side-plank"][6] == 30
    b = {s[0]: s for s in sets_of(plan, "B")}
    assert b["step-up"][9] == 8  # RIR 2
    assert b["split-squat"][3] == "hold" and b["banded-lateral-walk"][1] == "right"
    c = sets_of(plan, "C", date(2027, 2, 1))  # the sharpen phase: volume 80 %
    counts = {}
    for s in c:
        counts[s[0]] = max(counts.get(s[0], 0), s[2])
    assert counts["pogo-hops"] == 3 and counts["back-squat"] == 2
    by_id = {s[0]: s for s in c}
    assert by_id["pogo-hops"][7] == 20 and by_id["single-leg-hops"][7] == 10
    assert by_id["back-squat"][9] == 8 and by_id["nordic-hamstring-curl"][9] == 9.5
    assert by_id["walking-lunge"][1] == "right"


def test_the_toml_shorthand_example_builds_the_sessions_a_coach_expects() -> None:
    plan, remarks = load_plan_with_warnings(PLANS / "coach-shorthand.toml")
    lines = {pe.exercise: pe for pe in plan.sessions["A"].exercises + plan.sessions["B"].exercises}
    assert [d.value for d in plan.schedule.days] == ["mon", "thu"]
    assert lines["hip-thrust"].load.amount == 45
    assert lines["rear-foot-elevated-split-squat"].load.per_hand is True
    assert lines["rear-foot-elevated-split-squat"].tempo == "31X0"
    assert (lines["step-up"].sets, lines["step-up"].sets_hi, lines["step-up"].rest) == (2, 3, 90)
    assert lines["pogo-hops"].contacts == 20 and lines["short-foot"].measure is Measure.REPS
    assert lines["romanian-deadlift"].load.rpe == 8 and lines["glute-bridge"].amrap
    assert lines["goblet-squat"].per_side is True and lines["split-squat"].hold == 30
    assert sum(r.note for r in remarks) == 11
    assert sets_of(plan, "A")[:4] == [
        ("rear-foot-elevated-split-squat", "left", 1, "reps", 8, 8, None, None, 12.0, None, 0),
        ("rear-foot-elevated-split-squat", "right", 1, "reps", 8, 8, None, None, 12.0, None, 120),
        ("rear-foot-elevated-split-squat", "left", 2, "reps", 8, 8, None, None, 12.0, None, 0),
        ("rear-foot-elevated-split-squat", "right", 2, "reps", 8, 8, None, None, 12.0, None, 120),
    ]
    assert [s[1] for s in sets_of(plan, "B") if s[0] == "goblet-squat"][:2] == ["left", "right"]
    assert all(s[1] is not Side.BOTH.value for s in sets_of(plan, "B") if s[0] == "split-squat")


def test_the_toml_shorthand_written_in_pounds() -> None:
    text = (PLANS / "coach-shorthand.toml").read_text().replace("kg", "lb")
    plan, _ = parse_plan_with_warnings(text, "pounds.toml")
    lines = {pe.exercise: pe for pe in plan.sessions["A"].exercises + plan.sessions["B"].exercises}
    assert plan.units.value == "lb"
    assert (lines["hip-thrust"].load.kind, lines["hip-thrust"].load.amount) == (LoadKind.WEIGHT, 45)
    assert lines["single-leg-calf-raise"].load.amount == 10  # bw + 10 lb
    assert (lines["goblet-squat"].load.amount, lines["goblet-squat"].load.per_hand) == (16, True)


def test_an_exercise_and_its_sets_times_reps_in_one_line() -> None:
    text = item("pogo hops 3 × 20") + (
        "      - RFESS 3 x 6-8 each side @ 20 kg\n"
        "      - superset: [single-leg calf raise 2 x 12 @ BW+10, side plank 2x30s]\n"
    )
    plan, remarks = parse_plan_with_warnings(text, "plan.yaml")
    hops, rfess, calf, plank = plan.sessions["A"].exercises
    assert (hops.exercise, hops.sets, hops.contacts) == ("pogo-hops", 3, 20)
    assert (rfess.exercise, str(rfess.reps), rfess.load.amount) == (
        "rear-foot-elevated-split-squat",
        "6-8",
        20,
    )
    assert (calf.superset, calf.load.amount, plank.superset, plank.hold) == ("S1", 10, "S1", 30)
    assert [(r.line, r.col) for r in remarks if r.note] == [(11, 9)]  # reps of pogo hops


def test_a_line_without_sets_times_reps_says_what_a_line_can_be() -> None:
    issue = only_issue(item("plank for a while"))
    assert (issue.line, issue.col, issue.path) == (11, 9, "sessions.A.exercises[0]")
    assert issue.message == (
        "found 'plank for a while', expected an exercise and its sets × reps in one line, "
        "such as 'pogo hops 3 x 20', or a mapping (exercise:, sets:, reps:)"
    )
