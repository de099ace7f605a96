"""Left/right comparison: limb symmetry index, asymmetry and the bands coaches use."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, NamedTuple

from companion.domain.e1rm import epley, estimate_1rm
from companion.domain.loads import KG_PER_LB
from companion.domain.models import SetResult

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


# --- one left/right comparison of sets, for every screen, export and rule ---------------------


class SideComparison(NamedTuple):
    """The best left set against the best right one, on one basis.

    ``basis``: ``e1rm`` (loaded work, bodyweight-plus counted with the athlete's body weight),
    ``reps`` (bodyweight work at the same added load), ``hold`` (seconds) or ``contacts``.
    """

    left: float
    right: float
    lsi: float
    band: Band
    weaker: str | None  # "left", "right" or None when level
    basis: str

    @property
    def text(self) -> str:
        """``LSI 95 % ok, right weaker (by e1RM)``."""
        weaker = f", {self.weaker} weaker" if self.weaker else ""
        return f"LSI {int(self.lsi)} % {self.band}{weaker} (by {_BASIS[self.basis]})"


_BASIS = {"e1rm": "e1RM", "reps": "reps", "hold": "seconds held", "contacts": "contacts"}


def set_strength(result: SetResult, bodyweight_kg: float | None = None) -> tuple[str, float] | None:
    """What one done working set is worth when the sides are compared: ``(basis, value)``.

    Loaded sets by e1RM (Epley past the chart's 12 reps too: a comparison, not a max). A
    bodyweight set with added load counts the body weight plus the load when the body weight
    is known; without it, only its reps (``reps``), so sets at different added loads cannot be
    compared (see :func:`compare_sides`). None for a skipped set or one with nothing counted.
    """
    if result.skipped or result.warmup:
        return None
    if result.hold_s is not None:
        return ("hold", float(result.hold_s))
    if result.contacts is not None:
        return ("contacts", float(result.contacts))
    reps = result.reps if result.reps is not None else result.target_reps
    if not reps:
        return None
    load = result.load or 0.0
    if result.bodyweight:
        if load and bodyweight_kg:
            return ("e1rm", bodyweight_strength(load, reps, bodyweight_kg, result.unit))
        return ("reps", float(reps))
    if load > 0:
        return ("e1rm", loaded_strength(load, reps, result.rpe))
    return ("reps", float(reps))


def loaded_strength(load: float, reps: int, rpe: float | None = None) -> float:
    """What a weighted set is worth when the sides are compared: its e1RM (RPE chart or Epley),
    Epley past the chart's 12 reps too (a comparison, not a max)."""
    return estimate_1rm(load, reps, rpe) or epley(load, reps)


def bodyweight_strength(added: float, reps: int, bodyweight_kg: float, unit: str = "kg") -> float:
    """A bodyweight-plus set weighed as a weighted one: body weight plus the added load."""
    body = bodyweight_kg if unit == "kg" else bodyweight_kg / KG_PER_LB
    return loaded_strength(body + added, reps)


SideBest = tuple[str, float, float]  # (basis, value, load of the set): one side's best


def better(a: SideBest | None, b: SideBest) -> bool:
    """``b`` beats ``a`` as a side's best: a stronger basis first (e1RM, then a hold, then
    reps), then the higher value."""
    return a is None or _RANK[b[0]] > _RANK[a[0]] or (b[0] == a[0] and b[1] > a[1])


def compare_best(left: SideBest | None, right: SideBest | None) -> SideComparison | None:
    """The rule itself, given each side's best. Two bodyweight sides compared by reps at
    different added loads are not compared (a side that moved more load is never called weaker
    for doing fewer reps): with a body weight they are compared by e1RM instead."""
    if left is None or right is None or left[0] != right[0]:
        return None
    (basis, lv, lload), (_, rv, rload) = left, right
    if basis == "reps" and abs(lload - rload) > 1e-9:
        return None
    index = lsi(lv, rv)
    if index is None:
        return None
    return SideComparison(round(lv, 2), round(rv, 2), index, band(index), weaker_side(lv, rv),
                          basis)  # fmt: skip


def compare_sides(
    left: Iterable[SetResult], right: Iterable[SetResult], bodyweight_kg: float | None = None
) -> SideComparison | None:
    """The one left/right comparison of sets: summary, progression and the history's
    day-by-day symmetry (from the same figures kept in its digests) all come to it.

    Each side's best done working set, valued by :func:`set_strength`, then
    :func:`compare_best`. None when a side has nothing comparable.
    """
    best: dict[str, SideBest] = {}
    for name, sets in (("left", left), ("right", right)):
        for s in sets:
            found = set_strength(s, bodyweight_kg)
            if found is not None and better(best.get(name), (*found, s.load or 0.0)):
                best[name] = (*found, s.load or 0.0)
    return compare_best(best.get("left"), best.get("right"))


_RANK = {"reps": 0, "contacts": 0, "hold": 1, "e1rm": 2}
