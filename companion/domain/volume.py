"""Training volume: the one definition every screen, record and export uses."""

from __future__ import annotations

from collections.abc import Iterable

from companion.domain.models import SetResult


def set_volume(result: SetResult) -> float:
    """Reps × load of a done working set. Bodyweight-plus work counts its added load (a pull-up
    at BW+10 kg for 8 is 80); bodyweight alone, holds, warm-ups and skipped sets count 0."""
    if result.warmup or result.skipped or not result.load or not result.reps:
        return 0.0
    return result.reps * result.load


def volume(results: Iterable[SetResult]) -> float:
    return sum(set_volume(r) for r in results)
