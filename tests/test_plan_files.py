"""The example plans load, and the format's every feature reads into the right model values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from companion.domain.catalogue import builtin
from companion.domain.models import (
    LoadKind,
    Measure,
    ProgressionType,
    SideLoads,
    Unit,
    Weekday,
)
from companion.io.plans import (
    ASSESSMENT_TESTS,
    PlanFileError,
    load_plan,
    load_plan_with_warnings,
    parse_plan,
    parse_plan_with_warnings,
    slug,
)

PLANS = Path(__file__).resolve().parent.parent / "plans"
PLAN_FILES = sorted(p for p in PLANS.iterdir() if p.suffix in (".yaml", ".yml", ".toml"))


def test_the_examples_are_all_there() -> None:
    names = {p.name for p in PLAN_FILES}
    assert {
        "off-season-strength.yaml",
        "in-season-maintenance.yaml",
        "bodyweight-bands.yaml",
        "calf-achilles-hamstring.yaml",
        "demo.yaml",
    } <= names
    assert any(p.suffix == ".toml" for p in PLAN_FILES)


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: p.name)
def test_every_example_plan_loads(path: Path) -> None:
    plan, warnings = load_plan_with_warnings(path)
    catalogue = builtin().with_custom(plan.exercises)
    assert plan.id == slug(plan.name)
    assert plan.source == str(path)
    for phase in plan.phases:
        assert set(phase.sessions) <= set(plan.sessions)
    for session in plan.sessions.values():
        for line in session.exercises:
            assert line.exercise in catalogue
    # the only warning an example may carry is the demo's deliberate key-run clash
    assert all("day before" in w.message for w in warnings if not w.note), warnings


def test_toml_and_yaml_forms_read_the_same() -> None:
    yaml_plan = load_plan(PLANS / "in-season-maintenance.yaml")
    toml_plan = load_plan(PLANS / "in-season-maintenance.toml")
    assert yaml_plan.model_dump(exclude={"source"}) == toml_plan.model_dump(exclude={"source"})


def _lines(plan, keys=None):
    keys = keys or plan.sessions
    return [line for k in keys for line in plan.sessions[k].exercises]


def test_demo_plan_has_what_the_demo_shows() -> None:
    plan, warnings = load_plan_with_warnings(PLANS / "demo.yaml")
    assert plan.schedule.days == [Weekday.MON, Weekday.THU]
    assert plan.schedule.hard_runs == [Weekday.TUE, Weekday.SAT]
    assert plan.schedule.long_run is Weekday.SUN
    # the demo history fills about 26 weeks; the plan runs on past today so a session is due
    assert len(plan.phases) == 3 and 30 <= plan.total_weeks <= 36
    assert set(plan.sessions) == {"A", "B"}
    lines = _lines(plan)
    assert {line.progression.type for line in lines} >= {
        ProgressionType.DOUBLE,
        ProgressionType.LINEAR,
        ProgressionType.RPE,
        ProgressionType.HOLD,
        ProgressionType.CONTACTS,
    }
    assert any(builtin().get(line.exercise).per_side for line in lines)
    assert any(line.warmup for line in lines)
    labels = [line.superset for line in lines if line.superset]
    assert labels and all(labels.count(label) >= 2 for label in labels)
    assert plan.assessments is not None and plan.assessments.every_weeks == 6
    assert set(plan.assessments.tests) == set(ASSESSMENT_TESTS)
    assert [w.path for w in warnings] == ["schedule.days[0]"]  # Monday is before Tuesday's run


def test_off_season_plan_follows_the_off_season_dose() -> None:
    plan = load_plan(PLANS / "off-season-strength.yaml")
    assert len(plan.schedule.days) == 2
    assert [p.name for p in plan.phases] == ["strength", "power", "maintenance"]
    strength = _lines(plan, plan.phases[0].sessions)
    for line in strength:
        if line.reps is not None and builtin().get(line.exercise).measure is Measure.REPS:
            assert 3 <= line.sets <= 5 and line.reps.lo >= 4 and line.reps.hi <= 8
            assert 120 <= line.rest <= 180
    ids = {line.exercise for line in _lines(plan)}
    assert {
        "rear-foot-elevated-split-squat",
        "single-leg-rdl",
        "step-up",
        "hip-thrust",
        "copenhagen-plank",
        "single-leg-calf-raise",
    } <= ids
    plyos = {
        line.exercise
        for line in _lines(plan)
        if builtin().get(line.exercise).measure is Measure.CONTACTS
    }
    assert plyos and not plyos & {line.exercise for line in strength}
    assert plan.phases[2].volume == pytest.approx(0.67)


def test_in_season_plan_is_one_short_session() -> None:
    plan = load_plan(PLANS / "in-season-maintenance.yaml")
    assert len(plan.schedule.days) == 1
    for line in _lines(plan):
        assert 2 <= line.sets <= 3
        if line.reps is not None:
            assert line.reps.lo >= 3 and line.reps.hi <= 5


def test_bodyweight_plan_needs_no_gym() -> None:
    plan = load_plan(PLANS / "bodyweight-bands.yaml")
    for line in _lines(plan):
        assert line.load is None or line.load.kind is LoadKind.BODYWEIGHT
    [custom] = plan.exercises
    assert custom.id == "banded-monster-walk" and custom.primary[0].label == "glute med"


def test_resilience_plan_loads_the_weaker_side_lighter() -> None:
    plan = load_plan(PLANS / "calf-achilles-hamstring.yaml")
    per_side = [line for line in _lines(plan) if isinstance(line.load, SideLoads)]
    assert per_side
    for line in per_side:
        assert line.load.left.amount < line.load.right.amount
    ids = {line.exercise for line in _lines(plan)}
    assert {
        "single-leg-calf-raise",
        "bent-knee-calf-raise",
        "eccentric-heel-drop",
        "nordic-hamstring-curl",
        "single-leg-bridge",
    } & ids == {
        "single-leg-calf-raise",
        "eccentric-heel-drop",
        "nordic-hamstring-curl",
        "single-leg-bridge",
    }
    assert plan.assessments is not None and plan.assessments.every_weeks == 6


# the format, feature by feature ---------------------------------------------------------------

FULL = """\
format: 1
name: Off-season strength, 12 weeks
coach: J. Doe
units: kg
start: 2026-12-07
schedule:
  days: [Mon, thursday]
  hard_runs: [tue, sat]
  long_run: sun
phases:
  - {name: strength, weeks: 6, sessions: [A, B]}
  - {name: maintenance, weeks: 6, sessions: [A], volume: 67%}
sessions:
  A:
    title: Heavy lower body
    exercises:
      - exercise: Bulgarian split squat
        sets: 3
        reps: 6–8
        load: 20 kg
        rest: 2m
        progression: double
        tempo: 3-1-1-0
        notes: Drive through the front heel.
        warmup: "2x5 @ 10 kg"
      - exercise: side plank
        sets: 2
        hold: 30s
        progression: {type: hold, step: 5s, max: 60s, add_load: true}
      - superset:
          - {exercise: pogo hops, sets: 3, contacts: 20, progression: {type: contacts, max: 40}}
          - {exercise: banded-monster-walk, sets: 2, reps: 12}
  B:
    exercises:
      - exercise: single-leg calf raise
        sets: 3
        reps: 10
        load: {left: bw+5, right: bw + 10 kg}
        rest: 1:30
        step: 1 kg
        superset: X
      - exercise: hip thrust
        sets: 4
        reps: 5
        load: RPE 8
        rest: 150
        warmup: [{reps: 8, load: 50%}, "1x3 @ 75%", {reps: 5}]
        superset: X
      - exercise: step-up
        sets: 3
        reps: 6-8
        load: 75%
        progression: {type: double, deload_after: 2, step: 2 kg}
exercises:
  - {id: banded-monster-walk, name: Banded monster walk, muscles: [glute med], per_side: false}
assessments:
  every: 6 weeks
  tests: [single-leg calf raise, Single-leg bridge, side bridge]
"""


@pytest.fixture(scope="module")
def full():
    return parse_plan_with_warnings(FULL, "season.yaml")


def test_full_example_top_level(full) -> None:
    plan, _ = full
    assert plan.id == "off-season-strength-12-weeks"
    assert plan.source == "season.yaml"
    assert (plan.coach, plan.units, plan.start) == ("J. Doe", Unit.KG, date(2026, 12, 7))
    assert plan.schedule.days == [Weekday.MON, Weekday.THU]
    assert plan.phases[1].volume == pytest.approx(0.67)
    assert plan.sessions["B"].title == "Session B"
    assert plan.assessments.every_weeks == 6
    assert plan.assessments.tests == ["single-leg-calf-raise", "single-leg-bridge", "side-plank"]


def test_full_example_session_a(full) -> None:
    plan, _ = full
    rfess, plank, hops, walk = plan.sessions["A"].exercises
    assert rfess.exercise == "rear-foot-elevated-split-squat"  # resolved from an alias
    assert (rfess.reps.lo, rfess.reps.hi, rfess.rest, rfess.tempo) == (6, 8, 120, "3-1-1-0")
    assert (rfess.load.kind, rfess.load.amount) == (LoadKind.WEIGHT, 20)
    assert [(w.reps, w.load.amount) for w in rfess.warmup] == [(5, 10), (5, 10)]
    assert (plank.hold, plank.progression.hold_step, plank.progression.hold_max) == (30, 5, 60)
    assert plank.progression.add_load is True and plank.rest == 90  # the default rest
    assert (hops.contacts, hops.progression.contacts_max) == (20, 40)
    assert walk.exercise == "banded-monster-walk"
    assert hops.superset == walk.superset and hops.superset and rfess.superset is None


def test_full_example_session_b(full) -> None:
    plan, _ = full
    calf, thrust, step_up = plan.sessions["B"].exercises
    assert isinstance(calf.load, SideLoads)
    assert (calf.load.left.kind, calf.load.left.amount) == (LoadKind.BODYWEIGHT, 5)
    assert calf.load.right.amount == 10 and calf.rest == 90 and calf.step == 1
    assert calf.superset == thrust.superset == "X"
    assert calf.progression.type is ProgressionType.LINEAR  # a fixed rep count with a load
    assert thrust.progression.type is ProgressionType.RPE and thrust.load.rpe == 8
    assert thrust.rest == 150
    assert [(w.reps, w.load.kind, w.load.percent) for w in thrust.warmup] == [
        (8, LoadKind.PERCENT, 50),
        (3, LoadKind.PERCENT, 75),
        (5, LoadKind.BODYWEIGHT, None),
    ]
    assert step_up.load.percent == 75 and step_up.step == 2
    assert (step_up.progression.type, step_up.progression.deload_after) == (
        ProgressionType.DOUBLE,
        2,
    )


def test_full_example_warns_but_loads(full) -> None:
    _, warnings = full
    assert [(w.line, w.col, w.path) for w in warnings] == [(7, 10, "schedule.days[0]")]
    assert warnings[0].warning
    assert "strength on mon is the day before a hard run (tue)" in warnings[0].message


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("2m", 120),
        ("1:30", 90),
        ("2 min", 120),
        ("75", 75),
        ("1m30s", 90),
        ("45 sec", 45),
    ],
)
def test_durations(text: str, seconds: int) -> None:
    plan = parse_plan(FULL.replace("rest: 2m", f"rest: '{text}'"), "p.yaml")
    assert plan.sessions["A"].exercises[0].rest == seconds


@pytest.mark.parametrize(
    ("text", "kind", "amount"),
    [
        ("bodyweight", LoadKind.BODYWEIGHT, 0),
        ("bw+10", LoadKind.BODYWEIGHT, 10),
        ("BW + 2.5 kg", LoadKind.BODYWEIGHT, 2.5),
        ("22.5", LoadKind.WEIGHT, 22.5),
        ("22.5kg", LoadKind.WEIGHT, 22.5),
    ],
)
def test_load_forms(text: str, kind: LoadKind, amount: float) -> None:
    plan = parse_plan(FULL.replace("load: 20 kg", f"load: '{text}'"), "p.yaml")
    load = plan.sessions["A"].exercises[0].load
    assert (load.kind, load.amount) == (kind, amount)


def test_pound_plans_take_pounds() -> None:
    text = (
        FULL.replace("units: kg", "units: lb")
        .replace("20 kg", "45 lb")
        .replace("10 kg", "20")
        .replace("2 kg", "5 lb")
        .replace("1 kg", "2.5 lb")
    )
    plan = parse_plan(text, "p.yaml")
    assert plan.units is Unit.LB and plan.sessions["A"].exercises[0].load.amount == 45


def test_defaults_for_a_minimal_plan() -> None:
    text = (
        "name: Minimal\nschedule: {days: [wed]}\nphases: [{name: base, weeks: 4, "
        "sessions: [A]}]\nsessions:\n  A:\n    exercises:\n"
        "      - {exercise: goblet squat, sets: 3, reps: 8-12}\n"
        "      - {exercise: plank, sets: 2, hold: 30}\n"
    )
    plan = parse_plan(text, "m.yaml")
    squat, plank = plan.sessions["A"].exercises
    assert (plan.format, plan.units, plan.start, plan.assessments) == (1, Unit.KG, None, None)
    assert squat.progression.type is ProgressionType.DOUBLE and squat.load is None
    assert plank.progression.type is ProgressionType.HOLD and plank.progression.hold_step == 5


def test_unused_session_and_lonely_superset_are_warnings() -> None:
    text = FULL.replace("sessions: [A, B]}", "sessions: [A]}").replace(
        "        superset: X\n      - exercise: hip thrust", "      - exercise: hip thrust"
    )
    _, warnings = parse_plan_with_warnings(text, "p.yaml")
    messages = [w.message for w in warnings]
    assert "session B is defined but no phase uses it" in messages
    assert any(m.startswith("superset X has only one exercise") for m in messages)


def test_rpe_10_warns_about_failure() -> None:
    _, warnings = parse_plan_with_warnings(FULL.replace("RPE 8", "RPE 10"), "p.yaml")
    assert any("RPE 10 is a set taken to failure" in w.message for w in warnings)


# the format document's examples stay true --------------------------------------------------

DOC = Path(__file__).resolve().parent.parent / "docs" / "plan-format.md"


def _blocks(lang: str) -> list[str]:
    text = DOC.read_text()
    return [b.split("```", 1)[0] for b in text.split(f"```{lang}\n")[1:]]


def test_doc_complete_example_and_toml_form_are_valid_plans() -> None:
    complete = [b for b in _blocks("yaml") if b.startswith("format: 1\nname: Off-season")]
    assert len(complete) == 1
    plan, warnings = parse_plan_with_warnings(complete[0], "example.yaml")
    assert plan.id == "off-season-strength-12-weeks" and warnings == []
    [toml] = [b for b in _blocks("toml") if b.startswith("format = 1")]
    assert parse_plan(toml, "small.toml").sessions["A"].exercises[1].hold == 30


def test_doc_error_example_shows_the_real_output() -> None:
    [bad] = [b for b in _blocks("yaml") if "name: Spring block" in b]
    shown = next(b for b in _blocks("text") if b.startswith("plan.yaml:"))
    with pytest.raises(PlanFileError) as info:
        parse_plan(bad, "plan.yaml")
    assert [str(i) for i in info.value.issues] == shown.strip().splitlines()


def test_doc_shorthand_sampler_shows_the_real_notes() -> None:
    [sampler] = [b for b in _blocks("yaml") if "name: Shorthand sampler" in b]
    shown = next(b for b in _blocks("text") if b.startswith("OK Shorthand sampler"))
    plan, remarks = parse_plan_with_warnings(sampler, "sampler.yaml")
    printed = [f"OK {plan.name} (1 session, {plan.total_weeks} weeks)", *map(str, remarks)]
    assert printed == shown.strip().splitlines()
