"""A plotext chart that draws once per change, and thinning of long series to what fits.

Plotext rebuilds the whole figure on every render and its cost grows with the points drawn, so
the history charts keep the built figure until the data, size or theme changes, and a series
longer than the chart is wide is reduced to the best value per time bucket.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual_plotext import PlotextPlot

MAX_POINTS = 60  # about one point per column of the chart; more only costs drawing time


def thin(
    xs: Sequence[int], ys: Sequence[float], limit: int = MAX_POINTS, lowest: bool = False
) -> tuple[list[int], list[float]]:
    """At most ``limit`` points: the highest (or ``lowest``) value in each slice of the x range.

    ``xs`` must be increasing (days since the first day). Short series come back unchanged.
    """
    if len(xs) <= limit:
        return list(xs), list(ys)
    first, span = xs[0], (xs[-1] - xs[0]) or 1
    buckets: dict[int, tuple[int, float]] = {}
    for x, y in zip(xs, ys, strict=True):
        slot = min(limit - 1, (x - first) * limit // span)
        best = buckets.get(slot)
        if best is None or (y < best[1] if lowest else y > best[1]):
            buckets[slot] = (x, y)
    kept = [buckets[k] for k in sorted(buckets)]
    return [x for x, _ in kept], [y for _, y in kept]


class HistoryChart(PlotextPlot):
    """A ``PlotextPlot`` that keeps its drawing until ``changed()`` or a resize or theme change."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._generation = 0
        self._drawn: tuple[object, Any] | None = None  # (size, theme, generation), the drawing

    def changed(self) -> None:
        """Call after changing ``plt``: the next render draws the figure again."""
        self._generation += 1
        self.refresh()

    def render(self) -> Any:
        key = (self.size, self.app.theme, self._generation)
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = (key, super().render())
        return self._drawn[1]
