"""The built-in exercise catalogue: every planned movement is there and findable by coach names."""

from __future__ import annotations

import pytest

from companion.domain.catalogue import builtin, normalise
from companion.domain.models import Body, Measure, Muscle

_LISTED = """
step-up split-squat rear-foot-elevated-split-squat reverse-lunge lateral-lunge curtsy-lunge
forward-lunge walking-lunge reverse-step-down lateral-step-down forward-step-down goblet-squat
skater-squat back-squat deadlift romanian-deadlift single-leg-rdl hip-thrust glute-bridge
single-leg-bridge elevated-single-leg-bridge nordic-hamstring-curl standing-calf-raise
single-leg-calf-raise bent-knee-calf-raise single-leg-bent-knee-calf-raise eccentric-heel-drop
short-foot toe-yoga tibialis-raise clamshell banded-lateral-walk copenhagen-plank plank
side-plank super-side-plank dead-bug russian-twist ball-pull-in seated-cable-row
medicine-ball-push-up wall-sit split-squat-iso single-leg-calf-iso pogo-hops double-leg-hops
single-leg-hops power-skips lateral-bounding single-leg-box-squat single-leg-hop-for-distance
"""
REQUIRED_IDS = _LISTED.split()


@pytest.fixture(scope="module")
def catalogue():
    return builtin()


def test_catalogue_has_every_listed_exercise(catalogue):
    assert len(catalogue) >= 40
    missing = [i for i in REQUIRED_IDS if i not in catalogue]
    assert missing == []


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Bulgarian Split Squat", "rear-foot-elevated-split-squat"),
        ("BSS", "rear-foot-elevated-split-squat"),
        ("rfess", "rear-foot-elevated-split-squat"),
        ("bench split squat", "rear-foot-elevated-split-squat"),
        ("Rear-foot-elevated split squat", "rear-foot-elevated-split-squat"),
        ("RDL", "romanian-deadlift"),
        ("SL RDL", "single-leg-rdl"),
        ("single leg deadlift", "single-leg-rdl"),
        ("Nordics", "nordic-hamstring-curl"),
        ("heel drops", "eccentric-heel-drop"),
        ("ALFREDSON", "eccentric-heel-drop"),
        ("hip thrusts", "hip-thrust"),
        ("pogos", "pogo-hops"),
        ("skips", "power-skips"),
        ("calf raise", "standing-calf-raise"),
        ("soleus raise", "bent-knee-calf-raise"),
        ("Copenhagen", "copenhagen-plank"),
        ("side bridge", "side-plank"),
        ("clams", "clamshell"),
        ("tib raises", "tibialis-raise"),
        ("exercise-ball pull-in", "ball-pull-in"),
        ("Medicine ball push up", "medicine-ball-push-up"),
        ("cable row", "seated-cable-row"),
        ("single-leg squat to chair", "single-leg-box-squat"),
        ("skaters", "lateral-bounding"),
        ("skater squat", "skater-squat"),
        ("single hop", "single-leg-hop-for-distance"),
        ("Isometric split squat", "split-squat-iso"),
        ("step downs", "lateral-step-down"),
        ("monster walk", "banded-lateral-walk"),
        ("short foot", "short-foot"),
        ("toe_yoga", "toe-yoga"),
    ],
)
def test_coach_names_resolve_in_any_case(catalogue, written, expected):
    for variant in (written, written.upper(), written.lower()):
        found = catalogue.resolve(variant)
        assert found is not None, variant
        assert found.id == expected


def test_every_exercise_is_found_by_its_own_name_and_aliases(catalogue):
    for exercise in catalogue:
        for key in (exercise.id, exercise.name, *exercise.aliases):
            assert catalogue.resolve(key.upper()).id == exercise.id, key


def test_no_alias_or_name_is_shared_between_exercises(catalogue):
    owner: dict[str, str] = {}
    clashes = []
    for exercise in catalogue:
        for key in {normalise(k) for k in (exercise.id, exercise.name, *exercise.aliases)}:
            if key in owner:
                clashes.append((key, owner[key], exercise.id))
            owner[key] = exercise.id
    assert clashes == []


def test_progression_chains_point_at_real_exercises_both_ways(catalogue):
    for exercise in catalogue:
        if exercise.harder:
            assert exercise.harder in catalogue, exercise.id
            assert catalogue.get(exercise.harder).easier == exercise.id, exercise.id
        if exercise.easier:
            assert exercise.easier in catalogue, exercise.id
            assert catalogue.get(exercise.easier).harder == exercise.id, exercise.id
        assert exercise.id not in (exercise.easier, exercise.harder)


def test_progression_chains_never_loop(catalogue):
    for exercise in catalogue:
        seen = {exercise.id}
        step = catalogue.harder(exercise.id)
        while step is not None:
            assert step.id not in seen, f"chain from {exercise.id} loops at {step.id}"
            seen.add(step.id)
            step = catalogue.harder(step.id)


@pytest.mark.parametrize(
    "chain",
    [
        ["split-squat", "rear-foot-elevated-split-squat"],
        ["goblet-squat", "skater-squat"],
        ["deadlift", "romanian-deadlift", "single-leg-rdl"],
        ["glute-bridge", "single-leg-bridge", "elevated-single-leg-bridge"],
        ["standing-calf-raise", "single-leg-calf-raise"],
        ["bent-knee-calf-raise", "single-leg-bent-knee-calf-raise"],
        ["side-plank", "super-side-plank"],
        ["pogo-hops", "double-leg-hops", "single-leg-hops"],
        ["reverse-step-down", "forward-step-down"],
        ["dead-bug", "plank"],
    ],
)
def test_named_progressions(catalogue, chain):
    for easier, harder in zip(chain, chain[1:], strict=False):
        assert catalogue.harder(easier).id == harder
        assert catalogue.easier(harder).id == easier


def test_every_exercise_has_cues_and_a_primary_muscle(catalogue):
    for exercise in catalogue:
        assert 2 <= len(exercise.cues) <= 4, exercise.id
        assert all(0 < len(cue) <= 60 for cue in exercise.cues), exercise.id
        assert exercise.primary, exercise.id
        assert not set(exercise.primary) & set(exercise.secondary), exercise.id


def test_single_leg_work_is_recorded_per_side(catalogue):
    per_side = {e.id for e in catalogue if e.per_side}
    single_leg = {e.id for e in catalogue if e.id.startswith("single-leg")}
    assert single_leg <= per_side
    assert {
        "split-squat",
        "rear-foot-elevated-split-squat",
        "step-up",
        "lateral-step-down",
        "skater-squat",
        "side-plank",
        "copenhagen-plank",
        "clamshell",
        "curtsy-lunge",
        "lateral-lunge",
        "split-squat-iso",
    } <= per_side
    assert not {"back-squat", "deadlift", "glute-bridge", "plank", "pogo-hops"} & per_side


def test_measures_match_how_the_work_is_counted(catalogue):
    def measure(exercise_id):
        return catalogue.get(exercise_id).measure

    for hold in (
        "plank",
        "side-plank",
        "wall-sit",
        "split-squat-iso",
        "single-leg-calf-iso",
        "short-foot",
        "copenhagen-plank",
    ):
        assert measure(hold) is Measure.HOLD, hold
    for plyo in (
        "pogo-hops",
        "double-leg-hops",
        "single-leg-hops",
        "power-skips",
        "lateral-bounding",
    ):
        assert measure(plyo) is Measure.CONTACTS, plyo
    assert measure("single-leg-hop-for-distance") is Measure.DISTANCE
    assert measure("single-leg-calf-raise") is Measure.REPS


def test_only_the_upper_body_pull_and_push_use_upper_body_steps(catalogue):
    upper = {e.id for e in catalogue if e.body is Body.UPPER}
    assert upper == {"seated-cable-row", "medicine-ball-push-up"}


def test_muscles_come_from_the_fixed_vocabulary(catalogue):
    used = {m for e in catalogue for m in (*e.primary, *e.secondary)}
    assert used <= set(Muscle)
    assert Muscle.SOLEUS in catalogue.get("bent-knee-calf-raise").primary
    assert Muscle.GLUTE_MED in catalogue.get("clamshell").primary


def test_typo_suggests_the_intended_exercise_first(catalogue):
    assert catalogue.suggest("singel leg bridge")[0] == "Single-leg bridge"
    assert catalogue.suggest("bulgarain split squat")[0] == "Rear-foot-elevated split squat"
    assert catalogue.resolve("singel leg bridge") is None


def test_the_json_the_app_reads_is_the_yaml_people_edit() -> None:
    """After editing exercises.yaml, run ``python scripts/catalogue.py``."""
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "catalogue.py"
    spec = importlib.util.spec_from_file_location("catalogue_script", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shipped = (module.DATA / "exercises.json").read_text("utf-8")
    assert shipped == module.as_json(module.from_yaml()), "run python scripts/catalogue.py"
