"""The key map, built from the screens' own bindings (declared once), for help and keys.md.

The app lists the screens (``CompanionApp.key_screens``); this module imports none of them."""

from __future__ import annotations

from textual.binding import Binding
from textual.dom import DOMNode

TYPING = (
    "type into the active field, replacing what it shows; a key no accepted value could "
    "follow is refused there and then"
)
# keys that are not a screen's own bindings: typing into a field, moving over home's targets
OTHER_ROWS = {
    "Home": [
        (
            "Home",
            "↑ / ↓ / pgup / pgdn / home / end",
            "move over the targets (the highlighted one's why shows below)",
            "—",
        ),
    ],
    "Runner": [
        ("Runner", "0–9 .", TYPING, "—"),
        ("Runner", "backspace", "delete the last typed character (and a refusal)", "—"),
        ("Runner", "esc", "drop what was typed", "—"),
    ],
    "Tests": [
        ("Tests", "0–9 .", "type the side shown (replaces the clock's seconds)", "—"),
        ("Tests", "backspace", "delete the last typed character (and a refusal)", "—"),
    ],
}
KEY_NAMES = {
    "question_mark": "?",
    "plus": "+",
    "equals_sign": "=",
    "minus": "-",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "escape": "esc",
}


Screens = list[tuple[str, type[DOMNode]]]  # (where, the class whose BINDINGS are listed)


def _keys(binding: Binding) -> str:
    return " / ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in binding.key.split(","))


HOLD_NOTE = "start / stop a hold (enter also stops and records it)"
DESCRIPTIONS = {  # longer words for the help than fit in the footer
    "runner.hold": HOLD_NOTE,
    "runner.record": "record the set as shown (during a rest too)",
    "runner.field": "next field: reps/seconds → load → RPE",
    "runner.rpe": "RPE: r then digits (6–10 in halves); r again for reps in reserve (RIR 0–4)",
    "runner.skip_exercise": "skip the rest of this exercise",
    "runner.substitute": "swap the exercise (easier, harder or any)",
    "runner.pause": "pause and leave; resume from home",
    "runner.finish": "finish early",
    "runner.edit_last": "edit the last recorded set",
    "runner.undo": "undo the last recorded set",
    "runner.rest_skip": "end the rest (or side switch) now",
    "home.pick": "pick another session of the plan",
    "home.edit": "edit the highlighted target",
    "home.resume": "resume the unfinished session",
    "home.discard": "discard the unfinished session (asks first)",
    "home.history": "history: sessions, progress, body map, records, tests, consistency",
    "home.assessment": "run the single-leg tests (shown as due every few weeks)",
    "home.profile": "athlete profile: age, sex, body weight, side-switch pause",
    "home.export": "write the session as a watch workout (FIT) or the plan as a calendar (.ics)",
    "history.view1": "History view (keys 1–6 switch views)",
    "assessment.record": "record the side shown (enter also stops a running clock)",
    "assessment.done": "close the results",
    "assessment.clock": "start / stop the clock (side plank)",
    "assessment.skip": "leave the rest of this test out",
    "assessment.redo_left": "back to the left side of this test",
    "assessment.leave": "drop what was typed; else leave (saved tests stay saved)",
}


def rows(screens: Screens) -> list[tuple[str, str, str, str]]:
    """(where, keys, what, binding id) for every binding of ``screens``, typing keys included."""
    table = []
    for where, cls in screens:
        for b in (b for b in cls.BINDINGS if isinstance(b, Binding)):
            what = DESCRIPTIONS.get(b.id or "", b.description or b.action)
            table.append((where, _keys(b), what, b.id or "—"))
        table.extend(OTHER_ROWS.get(where, []))
    return table


def markdown(screens: Screens) -> str:
    """The key map as markdown: the help screen and ``keys.md`` (``CompanionApp.key_screens``)."""
    lines = [
        "# Keys",
        "",
        "Mouse clicks work too; ctrl+p opens the command palette.",
        "",
        "| where | key | what | id |",
        "|---|---|---|---|",
    ]
    for where, keys, what, ident in rows(screens):
        lines.append(f"| {where} | `{keys}` | {what} | {ident} |")
    return "\n".join(lines) + "\n"
