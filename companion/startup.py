"""How the app starts: no garbage collections until home's first frame is on the screen.

Everything made while the app starts (the imports, the database, the app and its first screen,
a few hundred thousand objects) stays alive, so a collection meanwhile walks them all and finds
nothing: with the collector on, three such walks cost about a tenth of the launch. The
``companion`` command (and ``benchmarks/ui.py``, which starts the app the same way) calls
``hold_collections`` first; the app calls ``started`` once its first frame is drawn, and the one
collection that follows runs while the athlete reads the screen. Nothing else switches the
collector.
"""

from __future__ import annotations

import gc

_held = False  # the collector was switched off here and is still off


def hold_collections() -> None:
    """No collections until ``started``: called before the app's modules are imported."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def started() -> None:
    """The first frame is drawn (or the app will not start): collections as usual again. Safe
    to call more than once, and a no-op when ``hold_collections`` was not called (tests)."""
    global _held
    if _held:
        _held = False
        gc.enable()


def holding() -> bool:
    """Whether collections are still held for the start."""
    return _held
