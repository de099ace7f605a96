"""``companion show FILE``: a coach checks a plan in one look, without a database."""

from __future__ import annotations

from pathlib import Path

from companion.cli import main

ROOT = Path(__file__).resolve().parent.parent
SHORTHAND = ROOT / "plans" / "coach-shorthand.yaml"


def show(capsys, monkeypatch, tmp_path: Path, path: Path) -> tuple[int, list[str]]:
    monkeypatch.setenv("COMPANION_DB", str(tmp_path / "db" / "companion.json"))
    code = main(["show", str(path)])
    assert not (tmp_path / "db").exists(), "show must not open or create a database"
    return code, capsys.readouterr().out.splitlines()


def test_show_prints_the_week_the_calendar_and_each_session(capsys, monkeypatch, tmp_path) -> None:
    code, out = show(capsys, monkeypatch, tmp_path, SHORTHAND)
    assert code == 0
    assert (
        out[0]
        == "Coach shorthand, 8 weeks, by R. Okafor: 8 weeks from Mon 04 Jan 2027; loads in kg"
    )
    week = out[out.index("The week") + 1 : out.index("The week") + 8]
    assert week == [
        "  Mon  STRENGTH + hard run",
        "  Tue  -",
        "  Wed  -",
        "  Thu  STRENGTH + hard run",
        "  Fri  -",
        "  Sat  long run",
        "  Sun  -",
    ]
    assert "  build (weeks 1-4): A, B in turn" in out
    assert "    week 1   Mon 04 Jan: A   Thu 07 Jan: B" in out
    assert "  sharpen (weeks 5-8, volume 80%): C, B in turn" in out
    assert "    week 5   Mon 01 Feb: C   Thu 04 Feb: B" in out
    assert out[out.index("Session A: Single-leg strength") + 1] == (
        "  1. Rear-foot-elevated split squat: 3 × 6-8 reps per side @ 16 kg in each hand, "
        "rest 2:00, tempo 3-1-1-0, double progression"
    )
    assert "  1. Pogo hops: 4 (3 in sharpen) × 20 contacts, rest 1:00, contacts progression" in out
    assert "  5. Short foot: 2 × 10 reps, rest 1:30, no progression" in out
    assert "  2. Step-up: 2-3 × 8 reps per side @ RPE 8, rest 1:30, rpe progression" in out
    assert (
        "  7. Glute bridge: 2 × AMRAP @ bodyweight, rest 1:30, progresses from the reps recorded"
        in out
    )


def test_show_lists_every_note_of_what_was_understood(capsys, monkeypatch, tmp_path) -> None:
    _, out = show(capsys, monkeypatch, tmp_path, SHORTHAND)
    notes = out[out.index("What was understood") + 1 :]
    assert len(notes) == 13 and all(": note: " in line for line in notes)
    assert any("'RIR 0-1' read as RPE 9.5" in line for line in notes)


def test_show_without_a_start_date_names_the_days(capsys, monkeypatch, tmp_path) -> None:
    _, out = show(capsys, monkeypatch, tmp_path, ROOT / "plans" / "coach-shorthand.toml")
    assert out[0] == "Coach shorthand in TOML: 6 weeks from the day it is imported; loads in kg"
    assert "    week 1   Mon: A   Thu: B" in out


def test_show_of_a_broken_plan_prints_its_errors(capsys, monkeypatch, tmp_path) -> None:
    bad = ROOT / "tests" / "fixtures" / "plans" / "several-errors.yaml"
    code, out = show(capsys, monkeypatch, tmp_path, bad)
    assert code == 1
    assert len(out) == 4 and out[0].startswith(f"{bad}:6:46: ")
