"""``companion`` / ``companion demo`` from the shell: never hangs without a terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from companion.commands import app as app_command
from companion.store import Store


def test_without_a_terminal_the_app_explains_and_exits(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    done = subprocess.run(
        [sys.executable, "-m", "companion", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert "needs an interactive terminal" in done.stderr
    assert "companion next" in done.stderr


def test_a_second_instance_gets_a_clear_message(tmp_path: Path, monkeypatch, capsys) -> None:
    db = tmp_path / "db.json"
    monkeypatch.setattr(app_command, "interactive", lambda: True)
    with Store.open(db):
        code = app_command.run(app_command_args(db))
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("companion: ") and str(db.name) in err


def test_demo_uses_its_own_database(tmp_path: Path, monkeypatch) -> None:
    from companion import locations

    monkeypatch.setattr(locations, "demo_db_path", lambda: tmp_path / "demo" / "db.json")
    args = app_command_args(None)
    assert app_command.database(args, demo=True) == tmp_path / "demo" / "db.json"
    assert app_command.database(app_command_args(tmp_path / "x.json"), demo=True) == (
        tmp_path / "x.json"
    )


def app_command_args(db):  # noqa: ANN001, ANN201
    import argparse

    return argparse.Namespace(db=None if db is None else str(db), command="run")
