"""The plan schema an editor reads: every example plan passes it, a broken plan does not, and it
accepts the shorthand the reader accepts."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml

from companion.cli import main
from companion.commands.schema import schema_text
from companion.domain.catalogue import builtin
from companion.io.plan_schema import any_case, plan_schema

ROOT = Path(__file__).resolve().parent.parent
PLAN_FILES = sorted(p for p in (ROOT / "plans").iterdir() if p.suffix in (".yaml", ".toml"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = plan_schema(builtin())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def as_an_editor_reads(value: object) -> object:
    """Dates as the text they are written as: the YAML language server does not make dates."""
    if isinstance(value, dict):
        return {k: as_an_editor_reads(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_an_editor_reads(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def data_of(path: Path) -> object:
    text = path.read_text()
    raw = tomllib.loads(text) if path.suffix == ".toml" else yaml.safe_load(text)
    return as_an_editor_reads(raw)


def problems(validator, data) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: p.name)
def test_every_example_plan_passes_the_schema(validator, path: Path) -> None:
    assert problems(validator, data_of(path)) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(sesions=d.pop("sessions")), []),
        (lambda d: d["sessions"]["A"]["exercises"][0].update(sets="three"), ["sets"]),
        (lambda d: d["sessions"]["A"]["exercises"][0].update(rest="a while"), ["rest"]),
        (lambda d: d["sessions"]["A"]["exercises"][0].update(reps="8/sid"), ["reps"]),
        (lambda d: d["sessions"]["A"]["exercises"][0].update(load="heavy"), ["load"]),
        (lambda d: d["sessions"]["A"]["exercises"][0].update(tempo="slow"), ["tempo"]),
        (lambda d: d["sessions"]["A"]["exercises"][0].update(weight="20 kg"), []),
        (lambda d: d["schedule"].update(days="Mon/Thrus"), ["schedule", "days"]),
    ],
)
def test_a_broken_plan_fails_the_schema(validator, change, where: list[str]) -> None:
    data = data_of(ROOT / "plans" / "off-season-strength.yaml")
    assert problems(validator, data) == []
    change(data)
    found = problems(validator, data)
    assert found, "the schema let a broken plan through"
    if where:
        assert any(str(where[-1]) in p.split(":")[0] or where[-1] in p for p in found), found


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("sets", "3x8"),
        ("sets", "3 x 6-8"),
        ("sets", "3×8"),
        ("sets", "3 x 8 each side"),
        ("sets", "3x30s"),
        ("sets", "4 x 20 contacts"),
        ("sets", "2-3"),
        ("sets", "3 x 5 @ RPE 8"),
        ("reps", "8/side"),
        ("reps", "8 per leg"),
        ("reps", "8 each side"),
        ("reps", "8 e/s"),
        ("reps", "AMRAP"),
        ("load", "@RPE 8"),
        ("load", "RPE 7.5"),
        ("load", "@8"),
        ("load", "RIR 2"),
        ("load", "RIR 0-1"),
        ("load", "20kg"),
        ("load", "45 LB"),
        ("load", "BW+10"),
        ("load", "bw + 10 kg"),
        ("load", "70% 1RM"),
        ("load", "16 kg DBs"),
        ("load", "2 x 16 kg"),
        ("rest", "90 s"),
        ("rest", "1:30"),
        ("rest", "2 min"),
        ("rest", "2'"),
        ("rest", '90"'),
        ("tempo", "31X0"),
        ("tempo", 3110),
        ("progress_with", "B"),
    ],
)
def test_the_schema_accepts_the_shorthand(validator, key: str, value: object) -> None:
    data = data_of(ROOT / "plans" / "off-season-strength.yaml")
    line = data["sessions"]["A"]["exercises"][0]
    if key == "sets" and "x" in str(value):
        del line["reps"]  # sets × reps says the reps itself
    line[key] = value
    assert problems(validator, data) == []


def test_days_in_one_value(validator) -> None:
    data = data_of(ROOT / "plans" / "off-season-strength.yaml")
    for days in ("Mon/Thu", "M Th", "monday, thursday"):
        data["schedule"]["days"] = days
        assert problems(validator, data) == []


def test_exercise_names_come_from_the_catalogue() -> None:
    schema = plan_schema(builtin())
    line = schema["properties"]["sessions"]["additionalProperties"]["properties"]["exercises"]
    names = line["items"]["anyOf"][0]["properties"]["exercise"]["anyOf"][0]["enum"]
    assert {"Rear-foot-elevated split squat", "pogo-hops", "Short foot"} <= set(names)


def test_every_field_is_described_with_examples() -> None:
    schema = plan_schema(builtin())
    sessions = schema["properties"]["sessions"]["additionalProperties"]
    line = sessions["properties"]["exercises"]["items"]["anyOf"][0]["properties"]
    fields = {**schema["properties"], **{f"line.{k}": v for k, v in line.items()}}
    bare = [k for k, f in fields.items() if not (f.get("description") and f.get("examples"))]
    assert bare == []


def test_any_case_leaves_escapes_and_classes_readable() -> None:
    assert any_case(r"kg\s*[x×]\d") == r"[kK][gG]\s*[xX×]\d"


def test_companion_schema_prints_the_committed_schema(capsys) -> None:
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert json.loads(printed)["title"] == "companion plan"
    assert printed == schema_text()
    # the file the example plan's comment line points editors at is the same schema
    assert (ROOT / "docs" / "plan.schema.json").read_text() == printed, (
        "docs/plan.schema.json is out of date: run companion schema --out docs/plan.schema.json"
    )


def test_the_schema_takes_an_exercise_in_one_line(validator) -> None:
    data = data_of(ROOT / "plans" / "off-season-strength.yaml")
    exercises = data["sessions"]["A"]["exercises"]
    exercises.append("pogo hops 3 x 20")
    assert problems(validator, data) == []
    exercises.append("plank for a while")
    assert len(problems(validator, data)) == 1
