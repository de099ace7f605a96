"""How the app starts: without garbage collections."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def starting() -> Iterator[None]:
    """No garbage collections while the app starts: the imports, the database and the app are
    a few hundred thousand objects that all stay alive, so a collection meanwhile would only
    walk them and find nothing. The ``companion`` command and ``benchmarks/ui.py`` start this
    way; nothing else switches the collector."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
