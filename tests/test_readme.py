"""The README stays true: the key map and the test command match the code and CI."""

from pathlib import Path

from companion.ui.app import CompanionApp
from companion.ui.keymap import markdown

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def test_readme_lists_every_key_binding() -> None:
    text = markdown(CompanionApp.key_screens())
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    missing = [row for row in rows if row not in README]
    assert rows and not missing, f"README key map is out of date: {missing[:3]}"


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    command = next(line for line in ci.splitlines() if "pytest" in line).strip()
    assert command in README


def test_readme_screenshots_exist() -> None:
    import re

    shots = re.findall(r"\((screenshots/[^)]+\.svg)\)", README)
    assert len(shots) >= 9
    assert all((ROOT / shot).is_file() for shot in shots)
