"""How the app starts: without garbage collections."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def starting() -> Iterator[None]:
    """No garbage collections while the app starts: the imports, the database and the app are
    a few hundred thousand objects that all stay alive, so every collection meanwhile (a full
    one takes tens of milliseconds) would only walk them and find nothing. Afterwards they are
    frozen, so later collections skip them too. The ``companion`` command, the app's
    read behind the kept home view and ``benchmarks/ui.py`` start this way."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


_gc_mutex = threading.Lock()
_gc_holders = 0
_gc_was_enabled = False


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No collections while something long-lived is built to be frozen (the history, the
    digests read for a first screenful of it): they would only walk objects about to be
    frozen. Nested and concurrent uses, from any thread, restore the collector once."""
    global _gc_holders, _gc_was_enabled
    with _gc_mutex:
        if _gc_holders == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_holders += 1
    try:
        yield
    finally:
        with _gc_mutex:
            _gc_holders -= 1
            if _gc_holders == 0 and _gc_was_enabled:
                gc.enable()
