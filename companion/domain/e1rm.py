"""Estimated one-rep max: Epley, Brzycki and the RTS (Tuchscherer) RPE chart."""

from __future__ import annotations

# %1RM for reps 1-12 and RPE 6-10 in half steps: index 2(reps-1) + 2(10-RPE).
RTS_SEQUENCE = (
    1.0, .978, .955, .939, .922, .907, .892, .878, .863, .850, .837, .824, .811, .799, .786,
    .774, .762, .751, .739, .723, .707, .694, .680, .667, .653, .640, .626, .613, .599, .586,
    .572,
)  # fmt: skip

MAX_REPS_FOR_ESTIMATE = 12


def rts_percent(reps: int, rpe: float = 10.0) -> float:
    """Fraction of 1RM that ``reps`` at ``rpe`` represents (5 @ RPE 8 -> 0.811)."""
    if not 1 <= reps <= MAX_REPS_FOR_ESTIMATE:
        raise ValueError(f"the RPE chart covers 1-{MAX_REPS_FOR_ESTIMATE} reps, not {reps}")
    if not 6 <= rpe <= 10 or rpe * 2 != int(rpe * 2):
        raise ValueError(f"RPE goes from 6 to 10 in half steps, not {rpe}")
    index = round(2 * (reps - 1) + 2 * (10 - rpe))
    if index >= len(RTS_SEQUENCE):
        raise ValueError(f"{reps} reps at RPE {rpe:g} is beyond the chart")
    return RTS_SEQUENCE[index]


def epley(weight: float, reps: int) -> float:
    return weight if reps == 1 else weight * (1 + reps / 30)


def brzycki(weight: float, reps: int) -> float:
    return weight * 36 / (37 - reps)


def estimate_1rm(weight: float, reps: int, rpe: float | None = None) -> float | None:
    """e1RM of one set: with an RPE from the chart, else Epley; None above 12 reps or no reps."""
    if reps < 1 or weight <= 0 or reps > MAX_REPS_FOR_ESTIMATE:
        return None
    if rpe is not None:
        try:
            return weight / rts_percent(reps, rpe)
        except ValueError:
            pass
    return epley(weight, reps)
