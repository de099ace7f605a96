"""Load steps and rounding: every prescribed load is one the athlete can actually put on."""

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


def default_step(body: Body, unit: Unit) -> float:
    return _STEPS[(body, unit)]


def round_down(load: float, step: float) -> float:
    return _clean(math.floor(load / step + _EPS) * step)


def round_nearest(load: float, step: float) -> float:
    return _clean(math.floor(load / step + 0.5 + _EPS) * step)


def _clean(x: float) -> float:
    return max(0.0, round(x, 4))
