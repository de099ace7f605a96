"""Telling a session or run being imported from one already recorded: one starting within a
minute of it is the same (``history_import`` and ``runs_import`` both leave those out)."""

from __future__ import annotations

import bisect
from datetime import datetime, timedelta

SAME_START = timedelta(minutes=1)


def near(moment: datetime, starts: list[datetime]) -> bool:
    """True when a start in ``starts`` (sorted) is within a minute of ``moment``."""
    i = bisect.bisect_left(starts, moment - SAME_START)
    return i < len(starts) and starts[i] <= moment + SAME_START
