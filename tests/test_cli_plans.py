"""``companion validate``, ``import`` and ``plans`` as a coach or athlete uses them in a shell."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from companion.cli import main

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "plans" / "demo.yaml"
OFF_SEASON = ROOT / "plans" / "off-season-strength.yaml"
BAD = ROOT / "tests" / "fixtures" / "plans" / "several-errors.yaml"
ISSUE_LINE = re.compile(r"^(warning: )?[^:]+:\d+:\d+: .+")



@pytest.fixture(autouse=True)
def _no_user_db(monkeypatch, tmp_path: Path) -> None:
    """Never touch a real database: the default location points into the test's temp dir."""
    monkeypatch.setenv("COMPANION_DB", str(tmp_path / "default" / "companion.json"))


def run(capsys, *argv: str) -> tuple[int, list[str]]:
    code = main(list(argv))
    return code, capsys.readouterr().out.splitlines()


def test_validate_a_good_plan(capsys) -> None:
    code, out = run(capsys, "validate", str(OFF_SEASON))
    assert code == 0
    assert out == ["OK Off-season strength (3 sessions, 18 weeks)"]


def test_validate_prints_warnings_but_passes(capsys) -> None:
    code, out = run(capsys, "validate", str(DEMO))
    assert code == 0
    assert out[0] == "OK Demo runner strength (2 sessions, 32 weeks)"
    assert out[1].startswith(f"warning: {DEMO}:7:10: schedule.days[0]: strength on mon")


def test_validate_a_bad_plan_prints_every_error_one_per_line(capsys) -> None:
    code, out = run(capsys, "validate", str(BAD))
    assert code == 1
    assert len(out) == 4 and all(ISSUE_LINE.match(line) for line in out)
    assert out[0] == (
        f"{BAD}:6:46: phases[0].sessions[1]: session 'B' is not defined under "
        "sessions: (defined: A)"
    )


def test_validate_several_files_fails_if_any_fails(capsys, tmp_path: Path) -> None:
    code, out = run(capsys, "validate", str(OFF_SEASON), str(BAD), str(tmp_path / "gone.yaml"))
    assert code == 1
    assert out[0].startswith("OK Off-season strength")
    assert out[-1] == f"{tmp_path / 'gone.yaml'}: no such file"


def test_validate_all_examples(capsys) -> None:
    files = sorted(str(p) for p in (ROOT / "plans").iterdir())
    code, out = run(capsys, "validate", *files)
    assert code == 0
    assert sum(line.startswith("OK ") for line in out) == len(files)


def test_plans_when_nothing_is_imported(capsys, tmp_path: Path) -> None:
    code, out = run(capsys, "--db", str(tmp_path / "db.json"), "plans")
    assert code == 0
    assert out[0] == "No plans imported yet. Import one with: companion import PLAN.yaml"


def test_import_stores_activates_and_says_what_is_next(capsys, tmp_path: Path) -> None:
    db = str(tmp_path / "db.json")
    plan = tmp_path / "future.yaml"
    plan.write_text(OFF_SEASON.read_text().replace("format: 1\n", "format: 1\nstart: 2030-01-07\n"))
    code, out = run(capsys, "--db", db, "import", str(plan))
    assert code == 0
    assert out[0] == (
        "Imported Off-season strength (3 sessions, 18 weeks) as "
        "'off-season-strength'; it is now the active plan."
    )
    # 7 January 2030 is a Monday; the first strength day is Tuesday the 8th
    assert out[1] == (
        "Next: Tuesday 8 Jan 2030 — session A, Heavy single-leg "
        "(week 1 of 18, strength phase week 1 of 6)"
    )
    code, out = run(capsys, "--db", db, "plans")
    assert code == 0
    assert re.match(r"^\*\s+off-season-strength\s+Off-season strength\s+18\s+A, B, C\s+\S+", out[1])
    assert out[-1] == "* the active plan"


def test_reimport_updates_the_same_plan_and_keeps_history(capsys, tmp_path: Path) -> None:
    from companion.domain.models import SessionLog
    from companion.store import Store

    db = tmp_path / "db.json"
    assert run(capsys, "--db", str(db), "import", str(DEMO))[0] == 0
    with Store.open(db) as store:
        first = store.active_plan()
        log = SessionLog(plan_id=first.id, session_key="A", title="Heavy single-leg")
        store.begin_session(log)
        store.finish_session(log)
    edited = tmp_path / "demo.yaml"
    edited.write_text(DEMO.read_text().replace("title: Heavy single-leg", "title: Heavy legs"))
    code, out = run(capsys, "--db", str(db), "import", str(edited))
    assert code == 0
    assert any(line.startswith("Updated Demo runner strength") for line in out)
    with Store.open(db) as store:
        plans = store.plans()
        assert [p.id for p in plans] == [first.id]
        assert plans[0].sessions["A"].title == "Heavy legs"
        assert plans[0].imported_at == first.imported_at  # week 1 stays where it was
        assert [s.id for s in store.sessions()] == [log.id]


def test_importing_a_second_plan_makes_it_active(capsys, tmp_path: Path) -> None:
    db = str(tmp_path / "db.json")
    run(capsys, "--db", db, "import", str(DEMO))
    run(capsys, "--db", db, "import", str(OFF_SEASON))
    code, out = run(capsys, "--db", db, "plans")
    marked = [line for line in out[1:-1] if line.startswith("*")]
    assert code == 0 and len(out) == 4
    assert len(marked) == 1 and "off-season-strength" in marked[0]


def test_import_of_a_bad_plan_writes_nothing(capsys, tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    code, out = run(capsys, "--db", str(db), "import", str(BAD))
    assert code == 1
    assert out[-1] == "4 errors; nothing was imported"
    assert all(ISSUE_LINE.match(line) for line in out[:-1])
    assert not db.exists() and not list(tmp_path.iterdir())


def test_import_of_a_missing_file(capsys, tmp_path: Path) -> None:
    code, out = run(capsys, "--db", str(tmp_path / "db.json"), "import", "no-such-plan.yaml")
    assert code == 1
    assert out == ["no-such-plan.yaml: no such file; nothing was imported"]


def test_import_into_a_database_open_elsewhere(capsys, tmp_path: Path) -> None:
    from companion.store import Store

    db = tmp_path / "db.json"
    with Store.open(db):
        code, out = run(capsys, "--db", str(db), "import", str(DEMO))
    assert code == 1
    assert "is already open in another companion" in out[-1]
    with Store.open(db) as store:
        assert store.plans() == []
