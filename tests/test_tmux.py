"""The real app in a real terminal: tmux runs ``companion`` and a whole session is driven by keys.

What a person would see is read back with ``capture-pane`` (including the big countdown
digits), and afterwards ``companion export --format csv`` must hold every confirmed set.
The plan is written here with every day a strength day, so a session is due whatever the date.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("tmux") is None,
        reason="tmux is not installed (apt-get install tmux); this test needs a real terminal",
    ),
]

WAIT = 20.0  # seconds per wait: the machine is slow and shared
WIDTH, HEIGHT = 100, 30

PLAN = """\
format: 1
name: Tmux check
units: kg
schedule:
  days: [mon, tue, wed, thu, fri, sat, sun]
phases:
  - {name: base, weeks: 4, sessions: [A]}
sessions:
  A:
    title: Short single-leg
    exercises:
      - exercise: goblet squat
        sets: 2
        reps: 8
        load: 20 kg
        rest: 60s
      - exercise: split squat
        sets: 1
        reps: 8
        load: 10 kg
        rest: 90s
      - exercise: side plank
        sets: 1
        hold: 20s
        rest: 30s
"""


def _glyphs() -> dict[tuple[str, str, str], str]:
    """The 3×3 glyphs Textual's ``Digits`` draws, so the screen's big numbers can be read."""
    from textual.renderables import digits

    found: dict[tuple[str, str, str], str] = {}
    for font in (digits.DIGITS3X3_BOLD, digits.DIGITS3X3):
        lines = font.splitlines() if isinstance(font, str) else list(font)
        for n, char in enumerate(digits.DIGITS):
            rows = tuple(line.ljust(3)[:3] for line in lines[3 * n : 3 * n + 3])
            if char != " ":
                found.setdefault(rows, char)  # type: ignore[arg-type]
    return found


GLYPHS = _glyphs()


def big_number(screen: str, label: str) -> str:
    """The ``Digits`` text drawn on the three lines under the line holding ``label``."""
    lines = screen.splitlines()
    at = next(i for i, line in enumerate(lines) if label in line)
    col = lines[at].index(label)
    rows = [line[col:].split("▊")[0].rstrip().ljust(3) for line in lines[at + 1 : at + 4]]
    text = ""
    for x in range(0, max(len(r) for r in rows), 3):
        cell = tuple(r[x : x + 3].ljust(3) for r in rows)
        if cell == ("   ", "   ", "   "):
            break
        text += GLYPHS.get(cell, "?")  # type: ignore[arg-type]
    return text


def seconds(clock_text: str) -> int:
    minutes, _, secs = clock_text.partition(":")
    return int(minutes) * 60 + int(secs) if secs else int(minutes)


class Terminal:
    """One tmux server of our own (its own socket), one session, one pane."""

    def __init__(self, socket: str, session: str) -> None:
        self.socket, self.session = socket, session
        self.screen = ""
        self.socket_path = ""

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            timeout=WAIT,
            check=check,
        )

    def start(self, command: str) -> None:
        self.tmux(
            "new-session", "-d", "-s", self.session, "-x", str(WIDTH), "-y", str(HEIGHT), command
        )
        shown = self.tmux(
            "display-message", "-p", "-t", self.session, "#{socket_path}", check=False
        )
        self.socket_path = shown.stdout.strip()

    def capture(self) -> str:
        done = self.tmux("capture-pane", "-p", "-t", self.session, check=False)
        self.screen = done.stdout
        return self.screen

    def keys(self, *keys: str) -> None:
        """tmux key names (Enter, Space) or literal characters."""
        for key in keys:
            literal = [] if key in ("Enter", "Space", "Escape", "BSpace") else ["-l"]
            self.tmux("send-keys", "-t", self.session, *literal, key)

    def wait_for(self, *texts: str, until: Callable[[str], bool] | None = None) -> str:
        """Poll the screen until every text is on it (and ``until`` holds), or fail showing it."""
        deadline = time.monotonic() + WAIT
        while True:
            screen = self.capture()
            if all(t in screen for t in texts) and (until is None or until(screen)):
                return screen
            if time.monotonic() > deadline:
                wanted = ", ".join(repr(t) for t in texts) or "the condition"
                pytest.fail(f"waited {WAIT:.0f} s for {wanted}; the screen shows:\n{screen}")
            time.sleep(0.2)

    def close(self) -> None:
        self.tmux("kill-session", "-t", self.session, check=False)
        self.tmux("kill-server", check=False)
        if self.socket_path:
            Path(self.socket_path).unlink(missing_ok=True)


def companion(*args: str) -> list[str]:
    return [sys.executable, "-m", "companion", *args]


def exported_rows(database: Path) -> list[dict[str, str]]:
    """``companion export --format csv``, one row per set."""
    export = subprocess.run(
        companion("export", "--format", "csv", "--db", str(database)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert export.returncode == 0, export.stderr
    return list(csv.DictReader(io.StringIO(export.stdout)))


@pytest.fixture
def database(tmp_path: Path) -> Path:
    db = tmp_path / "db" / "companion.json"
    plan = tmp_path / "tmux-check.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    done = subprocess.run(
        companion("import", str(plan), "--db", str(db)), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Next: today" in done.stdout
    return db


@pytest.fixture
def terminal(database: Path) -> Iterator[Terminal]:
    term = Terminal(f"companion-test-{uuid.uuid4().hex[:8]}", "companion")
    app = shlex.join(["env", "-u", "CI", "TERM=xterm-256color", *companion("--db", str(database))])
    term.start(f"{app}; echo EXIT=$?; sleep 120")
    try:
        yield term
    finally:
        term.close()


def test_a_whole_session_in_a_real_terminal(terminal: Terminal, database: Path) -> None:
    t = terminal
    t.wait_for("Tmux check", "TODAY: A — Short single-leg", "6 work sets")

    # Set 1: type 9 reps instead of the 8 shown.
    t.keys("Enter")
    t.wait_for("GOBLET SQUAT", "Set 1 of 2", "reps  8", "load  20 kg")
    t.keys("9")
    t.wait_for("reps  9")
    t.keys("Enter")
    screen = t.wait_for("saved ✓ Goblet squat: 9 × 20 kg", "REST", "x end rest")
    assert "Set 2 of 2" in screen
    first = seconds(big_number(screen, "REST"))
    assert 40 <= first <= 60, f"the rest starts near 1:00, not {big_number(screen, 'REST')}"
    t.wait_for(until=lambda s: "REST" in s and seconds(big_number(s, "REST")) < first)
    t.keys("x")
    t.wait_for(until=lambda s: "x end rest" not in s)

    # Set 2 starts from set 1 (9 reps); one load step up (+), then a rest and the next exercise.
    t.wait_for("reps  9")
    t.keys("+")
    t.wait_for("load  22.5 kg")
    t.keys("Enter")
    t.wait_for("saved ✓ Goblet squat: 9 × 22.5 kg", "SPLIT SQUAT", "LEFT", "REST")
    t.keys("x")
    t.wait_for(until=lambda s: "x end rest" not in s)

    # Split squat LEFT, the switch to the right side, then RIGHT.
    t.keys("Enter")
    screen = t.wait_for("saved ✓ Split squat LEFT: 8 × 10 kg", "SWITCH TO RIGHT", "x: go now")
    assert "Set 1 of 1   RIGHT" in screen
    assert 0 < seconds(big_number(screen, "SWITCH TO RIGHT")) <= 60
    t.keys("x")
    t.wait_for(until=lambda s: "SWITCH TO" not in s)
    t.keys("Enter")
    t.wait_for("saved ✓ Split squat RIGHT: 8 × 10 kg", "SIDE PLANK", "HOLD 20 s — space to start")

    # Holds: space starts, the countdown runs, space stops, enter records what was held.
    held = {}
    for side in ("LEFT", "RIGHT"):
        t.wait_for(f"Set 1 of 1   {side}", "HOLD 20 s — space to start")
        t.keys("Space")
        t.wait_for(
            "HOLDING — space to stop",
            until=lambda s: "HOLDING" in s and seconds(big_number(s, "HOLDING")) <= 18,
        )
        t.keys("Space")
        screen = t.wait_for("HELD", "enter to record")
        held[side] = int(re.search(r"HELD (\d+) s", screen).group(1))  # type: ignore[union-attr]
        assert held[side] >= 2
        t.keys("Enter")
        if side == "LEFT":
            t.wait_for(f"saved ✓ Side plank LEFT: {held['LEFT']} s", "SWITCH TO RIGHT")
            t.keys("x")

    screen = t.wait_for("Session done — Short single-leg", "6 of 6 sets done", "Finish and save")
    assert "Left / right today" in screen
    assert "Split squat: LSI 100 % ok" in screen
    assert "Next time" in screen
    t.keys("Enter")
    # Home again, with the next targets the saved session earned.
    t.wait_for("Tmux check", "Goblet squat", "2 × 8 @ 22.5 kg", "1 × 8 @ 12.5 kg")
    t.keys("q")
    t.wait_for("EXIT=0")

    rows = exported_rows(database)
    stored = [(r["exercise_id"], r["set"], r["side"]) for r in rows]
    assert stored == [
        ("goblet-squat", "1", "both"),
        ("goblet-squat", "2", "both"),
        ("split-squat", "1", "left"),
        ("split-squat", "1", "right"),
        ("side-plank", "1", "left"),
        ("side-plank", "1", "right"),
    ]
    assert all(r["in_progress"] == "no" for r in rows)
    goblet1, goblet2, split_l, split_r, plank_l, plank_r = rows
    assert (goblet1["reps"], float(goblet1["load"])) == ("9", 20.0)  # the typed reps
    assert (goblet2["reps"], float(goblet2["load"])) == ("9", 22.5)  # the changed load
    assert (split_l["reps"], split_r["reps"]) == ("8", "8")
    assert (int(plank_l["hold_s"]), int(plank_r["hold_s"])) == (held["LEFT"], held["RIGHT"])


def test_a_session_killed_mid_way_resumes_and_exports_every_set_as_typed(
    database: Path, tmp_path: Path
) -> None:
    """Keys only, as an athlete would: a session logged with the fewest keys, the process
    killed with SIGKILL after the third set, started again, resumed with one key, finished; the
    CSV export then holds every set with the values typed."""
    import signal

    pid_file = tmp_path / "companion.pid"
    app = shlex.join(["env", "-u", "CI", "TERM=xterm-256color", *companion("--db", str(database))])
    first = f"sh -c {shlex.quote(f'echo $$ > {shlex.quote(str(pid_file))}; exec {app}')}"
    term = Terminal(f"companion-test-{uuid.uuid4().hex[:8]}", "companion")
    term.start(f"{first}; echo KILLED=$?; {app}; echo SECOND=$?; sleep 120")
    t = term
    try:
        t.wait_for("TODAY: A — Short single-leg", "6 work sets")
        t.keys("Enter")
        t.wait_for("GOBLET SQUAT", "Set 1 of 2")
        t.keys("9", "Enter")  # set 1: 9 reps (2 keys)
        t.wait_for("saved ✓ Goblet squat: 9 × 20 kg", "REST")
        t.keys("+", "Enter")  # set 2 starts from 9 reps; one load step up, during the rest
        t.wait_for("saved ✓ Goblet squat: 9 × 22.5 kg", "SPLIT SQUAT")
        t.keys("7", "Enter")  # split squat LEFT: 7 reps, during the rest
        t.wait_for("saved ✓ Split squat LEFT: 7 × 10 kg", "SWITCH TO RIGHT")

        os.kill(int(pid_file.read_text().strip()), signal.SIGKILL)
        t.wait_for("KILLED=137")

        # Started again: the unfinished session is offered; r resumes it where it stopped.
        t.wait_for("Unfinished session", "3 sets recorded")
        t.keys("r")
        t.wait_for("SPLIT SQUAT", "Set 1 of 1   RIGHT", "reps  7")  # from the left's 7
        t.keys("Enter")
        t.wait_for("saved ✓ Split squat RIGHT: 7 × 10 kg", "SIDE PLANK")
        t.keys("x", "2", "5", "Enter")  # the hold typed instead of timed: 25 s
        t.wait_for("saved ✓ Side plank LEFT: 25 s", "SWITCH TO RIGHT")
        t.keys("Enter")  # the right side from the left's 25 s, during the switch
        t.wait_for("Session done — Short single-leg", "6 of 6 sets done", "type the RPE")
        t.keys("7", "Enter")  # the session RPE, then saved
        t.wait_for("Saved to history")
        t.keys("q")
        t.wait_for("SECOND=0")
    finally:
        term.close()

    rows = exported_rows(database)
    assert [
        (r["exercise_id"], r["set"], r["side"], r["reps"], r["load"], r["hold_s"]) for r in rows
    ] == [
        ("goblet-squat", "1", "both", "9", "20", ""),
        ("goblet-squat", "2", "both", "9", "22.5", ""),
        ("split-squat", "1", "left", "7", "10", ""),
        ("split-squat", "1", "right", "7", "10", ""),
        ("side-plank", "1", "left", "", "0", "25"),
        ("side-plank", "1", "right", "", "0", "25"),
    ]
    assert all(r["in_progress"] == "no" for r in rows)
