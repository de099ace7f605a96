"""The UI benchmark still runs end to end: ``benchmarks/ui.py --quick`` prints its table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "ui.py"


@pytest.mark.slow
def test_ui_benchmark_quick_prints_the_table() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| what (history of 500 sets)")
    measured = rows[1:]
    for what in (
        "launch ratio",
        "launch → home screen interactive, companion: today's session read from the database",
        "Enter on a set → rest timer",
        "`h` on home after a restart",
        "open it with no digests on disk",
        "Enter on a session in the history",
        "before the sets file is read (right after a start): the session's screen drawn",
    ):
        assert any(what in row for row in measured), what
    views = [row for row in measured if "history view `" in row]
    assert len(views) == 6
    assert all(row.rstrip().endswith(("| pass |", "| **fail** |")) for row in views + measured[2:3])
