"""Terminal sizes the screens are laid out for: the compact layout, and the smallest that works."""

from __future__ import annotations

from textual.geometry import Size

MIN_SIZE = Size(60, 20)  # below this a screen cannot keep the set, its load and a countdown
COMPACT_BELOW = Size(80, 24)  # from MIN_SIZE up to this: the sidebar and lists give way


# the width the terminal had last (``CompanionApp`` keeps it): what tables size their text to
seen = {"width": 100}
NAMES_AT_100 = (16, 22)  # the session table's plan and title at 100 columns and below


def name_widths() -> tuple[int, int]:
    """How much of a plan name and a session title the sessions table shows: the columns past
    100 go to them (two fifths to the plan), up to 40 and 60 characters."""
    extra = max(0, seen["width"] - 100)
    plan = min(40, NAMES_AT_100[0] + extra * 2 // 5)
    title = min(60, NAMES_AT_100[1] + extra - (plan - NAMES_AT_100[0]))
    return plan, title


def compact(size: Size) -> bool:
    return size.width < COMPACT_BELOW.width or size.height < COMPACT_BELOW.height


def too_small(size: Size) -> bool:
    return size.width < MIN_SIZE.width or size.height < MIN_SIZE.height


def too_small_text(size: Size) -> str:
    return (
        f"Make the terminal at least {MIN_SIZE.width}×{MIN_SIZE.height} "
        f"(it is {size.width}×{size.height} now)."
    )
