"""The commands other than the app, each loaded only when it runs; what they share."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from companion.store import Store


def fail(message: str) -> int:
    """Say what went wrong on stderr; the exit status of a failed command."""
    print(f"companion: {message}", file=sys.stderr)
    return 1


def print_notices(store: Store) -> None:
    """What the store found on opening it, on stderr."""
    for notice in store.notices:
        print(f"companion: {notice}", file=sys.stderr)
