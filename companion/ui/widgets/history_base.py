"""What every history view is: a widget with the selector of what has the keys when it is shown
(``MAIN``) and what it opens with (``prepare``: computed from ``HistoryData`` in a thread)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.containers import Vertical

if TYPE_CHECKING:
    from companion.ui.history_data import HistoryData


class HistoryView(Vertical):
    MAIN: ClassVar[str] = ""  # what has the keys when the view is shown

    @staticmethod
    def prepare(data: HistoryData) -> None:
        """Compute what the view opens with (memoised in ``data``), so showing it only fills
        widgets."""
