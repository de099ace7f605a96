"""Left/right comparison: limb symmetry index, asymmetry and the bands coaches use."""

from __future__ import annotations

from typing import Literal

Band = Literal["ok", "watch", "flag"]
OK_AT = 90.0
WATCH_AT = 85.0


def lsi(left: float, right: float, lower_is_better: bool = False) -> float | None:
    """Weaker over stronger × 100 (for times, faster over slower); None if not comparable."""
    if left is None or right is None or left < 0 or right < 0:
        return None
    weaker, stronger = sorted((left, right), reverse=lower_is_better)
    if stronger == 0:
        return None if weaker == 0 else 0.0
    if lower_is_better:
        return stronger / weaker * 100 if weaker else None
    return weaker / stronger * 100


def asymmetry(left: float, right: float, lower_is_better: bool = False) -> float | None:
    index = lsi(left, right, lower_is_better)
    return None if index is None else 100 - index


def band(index: float) -> Band:
    if index >= OK_AT:
        return "ok"
    if index >= WATCH_AT:
        return "watch"
    return "flag"


def weaker_side(left: float, right: float, lower_is_better: bool = False) -> str | None:
    """``"left"``, ``"right"`` or None when level."""
    if left == right:
        return None
    left_weaker = left > right if lower_is_better else left < right
    return "left" if left_weaker else "right"
