"""Every mistake a coach can make in a plan file gets a message with file, line, column and fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.io.plans import PlanFileError, PlanIssue, load_plan, parse_plan

FIXTURES = Path(__file__).parent / "fixtures" / "plans"

# Ten lines; the first exercise item written after it starts on line 11, its "- " at column 7,
# so a key inside the item starts at column 9 and a value after "reps: " at column 15.
HEAD = """\
format: 1
name: Test plan
schedule:
  days: [mon, thu]
phases:
  - {name: base, weeks: 4, sessions: [A]}
sessions:
  A:
    title: Test
    exercises:
"""


def issues_of(text: str, filename: str = "plan.yaml") -> list[PlanIssue]:
    with pytest.raises(PlanFileError) as info:
        parse_plan(text, filename)
    return info.value.issues


def only_issue(text: str, filename: str = "plan.yaml") -> PlanIssue:
    issues = issues_of(text, filename)
    assert len(issues) == 1, "\n".join(map(str, issues))
    return issues[0]


def item(*lines: str) -> str:
    """One exercise item under session A, from line 11."""
    first, *rest = lines
    return HEAD + f"      - {first}\n" + "".join(f"        {line}\n" for line in rest)


def test_head_with_a_good_item_is_valid() -> None:
    plan = parse_plan(item("exercise: step-up", "sets: 3", "reps: 8"), "plan.yaml")
    assert plan.sessions["A"].exercises[0].exercise == "step-up"


def test_issue_prints_as_file_line_col_path_message() -> None:
    issue = only_issue(item("exercise: step-up", "sets: 3", "reps: 6-"))
    assert str(issue) == (
        "plan.yaml:13:15: sessions.A.exercises[0].reps: found '6-', expected a number of reps "
        "(8), a range low-high (6-8), 8/side or AMRAP"
    )
    assert (issue.line, issue.col, issue.path) == (13, 15, "sessions.A.exercises[0].reps")


def test_unknown_exercise_names_the_closest_catalogue_exercises() -> None:
    issue = only_issue(item("exercise: bulgarian split sqat", "sets: 3", "reps: 8"))
    assert (issue.line, issue.col) == (11, 19)
    assert issue.path == "sessions.A.exercises[0].exercise"
    assert "unknown exercise 'bulgarian split sqat'" in issue.message
    assert "closest: Rear-foot-elevated split squat" in issue.message


def test_reversed_rep_range_says_to_write_the_low_number_first() -> None:
    issue = only_issue(item("exercise: step-up", "sets: 3", "reps: 8-6"))
    assert (issue.line, issue.col) == (13, 15)
    assert issue.message == (
        "found '8-6': the range runs backwards; write the low number first (6-8)"
    )


def test_unknown_key_suggests_the_closest_key_at_the_key() -> None:
    issue = only_issue(item("exercise: step-up", "sets: 3", "reps: 8", "restt: 90s"))
    assert (issue.line, issue.col) == (14, 9)
    assert issue.path == "sessions.A.exercises[0]"
    assert issue.message == "unknown key 'restt' — did you mean 'rest'?"


def test_misspelt_top_level_key() -> None:
    text = item("exercise: step-up", "sets: 3", "reps: 8").replace("\nsessions:", "\nsesions:")
    issues = issues_of(text)
    assert str(issues[-1]) == "plan.yaml:7:1: unknown key 'sesions' — did you mean 'sessions'?"
    assert any("missing sessions:" in i.message for i in issues)


def test_unknown_key_without_a_close_match_lists_the_accepted_keys() -> None:
    issue = only_issue(item("exercise: step-up", "sets: 3", "reps: 8", "colour: red"))
    assert issue.message.startswith("unknown key 'colour'; accepted keys here: exercise, sets,")


def test_wrong_type_for_sets() -> None:
    issue = only_issue(item("exercise: step-up", "sets: three", "reps: 8"))
    assert (issue.line, issue.col) == (12, 15)
    assert issue.message == (
        "found 'three', expected the number of sets: a whole number from 1 to 20"
    )


def test_sets_out_of_range_and_missing() -> None:
    assert only_issue(item("exercise: step-up", "sets: 0", "reps: 8")).message == (
        "found 0, expected the number of sets from 1 to 20"
    )
    missing = only_issue(item("exercise: step-up", "reps: 8"))
    assert (missing.line, missing.col) == (11, 9)
    assert missing.message.startswith("missing sets:")


def test_sessions_as_a_list_is_a_type_error() -> None:
    text = HEAD.replace("sessions:\n  A:\n    title: Test\n    exercises:\n", "sessions: [A]\n")
    issues = issues_of(text)
    assert any(
        i.path == "sessions" and i.line == 7 and i.col == 11 and "found a list" in i.message
        for i in issues
    ), issues


@pytest.mark.parametrize(
    ("line", "found"),
    [("rest: forever", "'forever'"), ("rest: 2 hours", "'2 hours'"), ("rest: -5", "-5")],
)
def test_bad_duration_lists_the_accepted_forms(line: str, found: str) -> None:
    issue = only_issue(item("exercise: step-up", "sets: 3", "reps: 8", line))
    assert (issue.line, issue.col) == (14, 15)
    assert issue.message == (
        f"found {found}, expected a rest time such as 90s, 2m, 1:30, 2 min or a number of seconds"
    )


def test_hold_too_long() -> None:
    issue = only_issue(item("exercise: side plank", "sets: 2", "hold: 11m"))
    assert issue.message == "found '11m' (660 s), expected a hold time from 1 to 600 seconds"


def test_bad_load_lists_what_a_load_can_be() -> None:
    issue = only_issue(item("exercise: step-up", "sets: 3", "reps: 8", "load: heavy"))
    assert (issue.line, issue.col) == (14, 15)
    assert issue.message.startswith("found 'heavy', expected a load: 20 kg,")
    assert "bodyweight, bw+10, 'RPE 8' or '75%'" in issue.message


@pytest.mark.parametrize("load", ["RPE 11", "RPE 7.3", "150%"])
def test_out_of_range_rpe_and_percent(load: str) -> None:
    issue = only_issue(item("exercise: step-up", "sets: 3", "reps: 8", f"load: {load}"))
    assert issue.path.endswith(".load")
    assert "expected" in issue.message and (
        "RPE from 6 to 10" in issue.message or "1 to 100" in issue.message
    )


def test_unit_mismatch_is_refused_with_the_converted_figure() -> None:
    issue = only_issue(item("exercise: step-up", "sets: 3", "reps: 8", "load: 20 lb"))
    assert (issue.line, issue.col) == (14, 15)
    assert issue.message == (
        "found '20 lb' but the plan's units are kg; loads are not converted: write 9 kg "
        "(about 20 lb) or set units: lb"
    )


def test_phase_naming_a_missing_session() -> None:
    text = item("exercise: step-up", "sets: 3", "reps: 8").replace(
        "sessions: [A]}", "sessions: [A, C]}"
    )
    issue = only_issue(text)
    assert (issue.line, issue.col, issue.path) == (6, 42, "phases[0].sessions[1]")
    assert issue.message == "session 'C' is not defined under sessions: (defined: A)"


def test_contacts_on_a_hold_exercise_says_use_hold() -> None:
    issue = only_issue(item("exercise: side plank", "sets: 2", "contacts: 10"))
    assert (issue.line, issue.col) == (13, 19)
    assert issue.message == "Side plank is measured in seconds held: use hold: 30s (not contacts:)"


def test_hold_on_a_plyometric_says_use_contacts() -> None:
    issue = only_issue(item("exercise: pogo hops", "sets: 3", "hold: 30s"))
    assert (issue.line, issue.col) == (13, 15)
    assert issue.message == "Pogo hops is counted in ground contacts: use contacts: 20 (not hold:)"


def test_a_range_of_reps_on_a_plyometric_and_nothing_on_a_hold() -> None:
    hops = only_issue(item("exercise: pogo hops", "sets: 3", "reps: 15-20"))
    assert (hops.line, hops.col) == (13, 15)
    assert hops.message == (
        "Pogo hops is counted in ground contacts: give one number a set (found reps: 15-20), "
        "e.g. contacts: 20"
    )
    bare = only_issue(item("exercise: plank", "sets: 3"))
    assert (bare.line, bare.col) == (11, 9)
    assert bare.message == "Plank is measured in seconds held: use hold: 30s"


def test_two_counts_on_one_line() -> None:
    issue = only_issue(item("exercise: step-up", "sets: 3", "reps: 8", "hold: 30s"))
    assert (issue.line, issue.col, issue.path) == (14, 15, "sessions.A.exercises[0].hold")
    assert issue.message == "found reps: and hold:; give one of reps:, hold: or contacts:"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ("exercise: step-up", "sets: 3", "reps: 8", "progression: hold"),
            "hold progression needs an exercise measured in seconds held; "
            "Step-up is counted in reps",
        ),
        (
            ("exercise: step-up", "sets: 3", "reps: 8", "load: 20 kg", "progression: rpe"),
            "rpe progression needs load: RPE n (e.g. load: RPE 8)",
        ),
        (
            ("exercise: step-up", "sets: 3", "reps: 8", "progression: double"),
            "double progression needs a rep range such as 6-8 (found reps: 8); use linear for a "
            "fixed number of reps",
        ),
        (
            ("exercise: side plank", "sets: 3", "hold: 30s", "progression: linear"),
            "linear progression needs an exercise counted in reps; Side plank is counted in "
            "seconds held",
        ),
    ],
)
def test_progression_must_fit_the_prescription(lines: tuple[str, ...], expected: str) -> None:
    issue = only_issue(item(*lines))
    assert issue.path == "sessions.A.exercises[0].progression"
    assert (issue.line, issue.col) == (10 + len(lines), 22)
    assert issue.message == expected


def test_misspelt_progression_type() -> None:
    issue = only_issue(item("exercise: step-up", "sets: 3", "reps: 6-8", "progression: doubel"))
    assert issue.message == "found 'doubel', expected a progression type — did you mean 'double'?"


def test_progression_mapping_max_only_for_hold_and_contacts() -> None:
    issue = only_issue(
        item("exercise: step-up", "sets: 3", "reps: 6-8", "progression: {type: double, max: 10}")
    )
    assert issue.path == "sessions.A.exercises[0].progression.max"
    assert (issue.line, issue.col) == (14, 42)


def test_per_side_load_on_an_exercise_that_works_both_legs() -> None:
    issue = only_issue(
        item("exercise: goblet squat", "sets: 3", "reps: 8", "load: {left: 10 kg, right: 12 kg}")
    )
    assert (issue.line, issue.col) == (14, 15)
    assert issue.message == (
        "per-side loads need a single-leg exercise; Goblet squat works both sides at once"
    )


def test_bad_warmup_and_tempo() -> None:
    issues = issues_of(
        item("exercise: step-up", "sets: 3", "reps: 8", 'warmup: "2x @ 10"', "tempo: slow")
    )
    assert [(i.line, i.col, i.path.rsplit(".", 1)[1]) for i in issues] == [
        (14, 17, "warmup"),
        (15, 16, "tempo"),
    ]
    assert "expected warm-up sets such as '2x5 @ 10 kg'" in issues[0].message
    assert "expected four counts such as 3-1-1-0" in issues[1].message


def test_assessment_that_is_not_a_battery_test() -> None:
    text = item("exercise: step-up", "sets: 3", "reps: 8") + "assessments:\n  tests: [plank]\n"
    issue = only_issue(text)
    assert (issue.line, issue.col, issue.path) == (15, 11, "assessments.tests[0]")
    assert issue.message.startswith("'plank' is not one of the battery's tests; accepted: ")
    assert "Single-leg calf raise" in issue.message


def test_custom_exercise_with_an_unknown_muscle() -> None:
    text = item("exercise: hip airplane", "sets: 2", "reps: 12") + (
        "exercises:\n  - {name: Hip airplane, muscles: [glutes]}\n"
    )
    issues = issues_of(text)
    assert any(
        i.path == "exercises[0].muscles"
        and "unknown muscle 'glutes'" in i.message
        and "glute max" in i.message
        for i in issues
    ), issues


def test_custom_exercise_that_is_already_in_the_catalogue() -> None:
    text = item("exercise: step-up", "sets: 2", "reps: 12") + (
        "exercises:\n  - {name: Step-up, muscles: [quads]}\n"
    )
    issue = only_issue(text)
    assert (issue.line, issue.col) == (15, 5)
    assert "already in the catalogue as Step-up (id step-up)" in issue.message


# whole-file refusals ---------------------------------------------------------------------------


def test_not_yaml_gives_the_parser_position() -> None:
    issue = only_issue((FIXTURES / "not-a-plan.yaml").read_text(), "not-a-plan.yaml")
    assert (issue.line, issue.col) == (3, 2)
    assert issue.message.startswith("not valid YAML: ")


def test_yaml_scalar_is_not_a_plan() -> None:
    issue = only_issue("just some words\n")
    assert issue.message.startswith(
        "the top level is a single value; a plan file must be a mapping"
    )


def test_top_level_list() -> None:
    issue = only_issue((FIXTURES / "top-level-list.yaml").read_text())
    assert (issue.line, issue.col) == (1, 1)
    assert issue.message.startswith("the top level is a list; a plan file must be a mapping")


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"])
def test_empty_file(text: str) -> None:
    issue = only_issue(text)
    assert (issue.line, issue.col) == (1, 1)
    assert "empty" in issue.message or "only comments" in issue.message


def test_huge_file_names_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("# padding\n" * 110_000)
    with pytest.raises(PlanFileError) as info:
        load_plan(big)
    assert "over the 1 MB limit (1,048,576 bytes)" in str(info.value)
    assert "larger than the 1 MB limit" in str(only_issue("# x\n" * 300_000))


def test_python_tag_is_refused_and_never_run(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PlanFileError) as info:
        load_plan(FIXTURES / "python-tag.yaml")
    [issue] = info.value.issues
    assert (issue.line, issue.col, issue.path) == (2, 7, "name")
    assert issue.message.startswith(
        "YAML tags are not accepted (found !!python/object/apply:builtins.exec)"
    )
    assert not (tmp_path / "PWNED").exists()


def test_duplicate_key_points_at_the_second_and_names_the_first() -> None:
    issue = only_issue((FIXTURES / "duplicate-key.yaml").read_text())
    assert (issue.line, issue.col, issue.path) == (13, 9, "sessions.A.exercises[0]")
    assert (
        issue.message == "duplicate key 'sets' (first written on line 11); each key may appear once"
    )


def test_format_2_is_refused() -> None:
    issue = only_issue((FIXTURES / "format-2.yaml").read_text())
    assert (issue.line, issue.col) == (1, 9)
    assert issue.message == "found 2; this version of companion reads format: 1 only"


def test_several_errors_are_reported_at_once_in_file_order() -> None:
    path = FIXTURES / "several-errors.yaml"
    with pytest.raises(PlanFileError) as info:
        load_plan(path)
    got = [(i.line, i.col, i.path) for i in info.value.issues]
    assert got == [
        (6, 46, "phases[0].sessions[1]"),
        (11, 19, "sessions.A.exercises[0].exercise"),
        (13, 15, "sessions.A.exercises[0].reps"),
        (16, 15, "sessions.A.exercises[1].hold"),
    ]
    assert all(i.file == str(path) for i in info.value.issues)


def test_bad_toml_gives_the_parser_position() -> None:
    issue = only_issue((FIXTURES / "bad-toml.toml").read_text(), "bad-toml.toml")
    assert (issue.line, issue.col) == (3, 10)
    assert issue.message.startswith("not valid TOML: ")


def test_toml_errors_point_at_the_key_line() -> None:
    text = (
        'format = 1\nname = "T"\n[schedule]\ndays = ["mon"]\n[[phases]]\nname = "base"\n'
        'weeks = 4\nsessions = ["A"]\n[sessions.A]\ntitle = "T"\n'
        '[[sessions.A.exercises]]\nexercise = "step-up"\nsets = 3\nreps = 8\n'
        '[[sessions.A.exercises]]\nexercise = "step-up"\nsets = 3\nreps = "8-"\n'
    )
    issue = only_issue(text, "plan.toml")
    assert (issue.line, issue.col, issue.path) == (18, 1, "sessions.A.exercises[1].reps")


def test_binary_and_missing_files(tmp_path: Path) -> None:
    binary = tmp_path / "photo.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    with pytest.raises(PlanFileError, match="not a text file: byte 0 is not UTF-8"):
        load_plan(binary)
    with pytest.raises(PlanFileError, match="no such file"):
        load_plan(tmp_path / "nope.yaml")
