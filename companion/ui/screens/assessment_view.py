"""Text for the assessment screen: the step line, the protocol, the battery list, the hints."""

from __future__ import annotations

from rich.text import Text

from companion.domain.assessment import AssessmentTest
from companion.domain.models import Side
from companion.ui.screens.assessment_flow import WORDS, BatteryRun, score_text

MEASURED = {"reps": "Reps to form failure", "s": "Seconds held", "cm": "Best hop in cm"}
PROFILE_HINT = "Set your age and sex in the profile (P on home) to read calf raises by age."


def title_text(run: BatteryRun, test: AssessmentTest) -> str:
    optional = "  (optional)" if test.optional else ""
    return (
        f"Single-leg tests · test {run.index + 1} of {len(run.tests)} · "
        f"{len(run.saved)} saved{optional}"
    )


def step_text(run: BatteryRun, test: AssessmentTest) -> Text:
    """``Reps to form failure, each side   LEFT`` (the side as a badge) and the left so far."""
    step = Text()
    step.append(f"{MEASURED[test.unit]}, each side", style="bold")
    step.append("  ")
    step.append(f" {run.side.label} ", style="bold reverse")
    if run.side is Side.RIGHT:
        step.append(f"  left done: {score_text(run.left)} {test.unit}", style="dim")
    return step


def protocol_text(test: AssessmentTest) -> Text:
    return Text("\n".join(f"• {line}" for line in test.protocol))


def entry_hint(run: BatteryRun, test: AssessmentTest) -> str:
    unit = WORDS[test.unit]
    how = "space times it, or type the seconds" if test.counts_up_timer else f"type the {unit}"
    return f"{run.side.label}: {how}; enter records · s skips this test"


def strip_text(run: BatteryRun) -> Text:
    """The battery, one line a test: done with its scores, left out, current, or to come."""
    text = Text()
    text.append("Battery\n", style="bold")
    saved = {r.test_id: r for r in run.saved}
    for n, test in enumerate(run.tests):
        result = saved.get(test.id)
        if result is not None and result.right is not None:
            mark, detail = "✓", f" L {score_text(result.left)} R {score_text(result.right)}"
        elif result is not None:
            mark, detail = "✓", f" L {score_text(result.left)} only"
        elif test.id in run.skipped:
            mark, detail = "–", " left out"
        elif n == run.index:
            mark, detail = "▶", ""
        else:
            mark, detail = " ", ""
        style = "bold" if n == run.index else ("dim" if n < run.index else "")
        text.append(f"{mark} {test.name}", style=style)
        text.append(f"{detail}\n", style="dim")
    return text
