"""Terminal sizes the screens are laid out for: the compact layout, and the smallest that works."""

from __future__ import annotations

from textual.geometry import Size

MIN_SIZE = Size(60, 20)  # below this a screen cannot keep the set, its load and a countdown
COMPACT_BELOW = Size(80, 24)  # from MIN_SIZE up to this: the sidebar and lists give way


def compact(size: Size) -> bool:
    return size.width < COMPACT_BELOW.width or size.height < COMPACT_BELOW.height


def too_small(size: Size) -> bool:
    return size.width < MIN_SIZE.width or size.height < MIN_SIZE.height


def too_small_text(size: Size) -> str:
    return (
        f"Make the terminal at least {MIN_SIZE.width}×{MIN_SIZE.height} "
        f"(it is {size.width}×{size.height} now)."
    )
