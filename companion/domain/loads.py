"""Load steps and rounding: every prescribed load is one the athlete can actually put on.

A load the athlete used is a fact: steps are added to it and it is never rounded. Only loads
that are worked out (a percentage, an RPE, a deload, a return after a break) are rounded, to
the grid of steps that runs through the last load used (16 kg dumbbells on a 2.5 kg step:
13.5, 16, 18.5 ...), or through zero when nothing has been used yet.
"""

from __future__ import annotations

import math

from companion.domain.models import Body, Unit

_STEPS = {
    (Body.LOWER, Unit.KG): 2.5,
    (Body.LOWER, Unit.LB): 5.0,
    (Body.UPPER, Unit.KG): 1.25,
    (Body.UPPER, Unit.LB): 2.5,
}
_EPS = 1e-9
KG_PER_LB = 0.45359237  # the international pound, exactly


def convert(amount: float, unit: Unit, to: Unit) -> float:
    """``amount`` given in ``unit``, in ``to`` (exact: not put on any grid)."""
    if unit is to:
        return amount
    return amount * KG_PER_LB if to is Unit.KG else amount / KG_PER_LB


def default_step(body: Body, unit: Unit) -> float:
    return _STEPS[(body, unit)]


def round_down(load: float, step: float, through: float | None = None) -> float:
    """The heaviest load on the grid of ``step`` through ``through`` that is not above ``load``."""
    origin = _origin(step, through)
    return _clean(origin + math.floor((load - origin) / step + _EPS) * step)


def round_nearest(load: float, step: float, through: float | None = None) -> float:
    """The load on the grid of ``step`` through ``through`` nearest to ``load`` (halves up)."""
    origin = _origin(step, through)
    return _clean(origin + math.floor((load - origin) / step + 0.5 + _EPS) * step)


def add_step(load: float, step: float) -> float:
    """A used load plus one step, exactly: 95 lb + 10 lb is 105 lb, 16 kg + 2.5 kg is 18.5 kg."""
    return _clean(load + step)


def _origin(step: float, through: float | None) -> float:
    return 0.0 if not through else through - math.floor(through / step + _EPS) * step


def _clean(x: float) -> float:
    return max(0.0, round(x, 4))
