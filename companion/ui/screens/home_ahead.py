"""What home does ahead of time: the history read in the background (so ``h`` opens at once),
home's views kept for the launches to come, and opening the history screen.

A mixin of ``HomeScreen``; it uses the screen's ``_warm_timer``, ``_to_keep`` and ``_waits``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from textual import work

from companion.ui.home_view import KEEP_DAYS, HomeView, keep

if TYPE_CHECKING:
    from datetime import date

    from companion.store.files import Stamp

# Seconds the home screen is left alone before the history is read in the background: time
# for its first frames and keys. From the kept digests the read takes a tenth of a second or so
# (then the sets file is parsed, for the session view); only without them does it take a
# second or more, and quitting does not wait for it.
WARM_HISTORY_DELAY = 0.25


@dataclass
class Keeping:
    """Views kept for the launches to come, as of the database's files at ``stamp``."""

    stamp: list[Stamp]
    theme: str
    styles: tuple[str, str]  # the theme's error and warning styles
    views: dict[date, HomeView]


class AheadOfTime:
    """The history warm-up, the kept views and ``h``: for ``HomeScreen`` only."""

    app: Any
    is_current: bool
    _warm_timer: Any
    _to_keep: Keeping | None
    _waits: Callable[[str], bool]

    def _warm_if_current(self) -> None:
        """Not while another screen (the runner, a dialog, the history reading its own) is
        over home: the read would slow its first frames. Home warms again when shown next."""
        if self.is_current:
            self._warm_history()

    @work(thread=True, exclusive=True, group="warm-history", exit_on_error=False)
    def _warm_history(self) -> None:
        """Read the history for the history screens now, so that ``h`` opens at once."""
        from companion.ui.history_data import warm_in_worker

        app = self.app
        if warm_in_worker(app.store, app.catalogue, app.today) is not None:  # type: ignore[attr-defined]
            app.call_from_thread(app.show_store_notices)  # type: ignore[attr-defined]
            self._keep_ahead()

    @work(thread=True, group="home-keep", exclusive=True, exit_on_error=False)
    def _keep(self, keeping: Keeping) -> None:
        """Today's view at once; the next days' follow after the history warm-up."""
        keep(self.app.store.path, keeping.stamp, keeping.theme, keeping.views)  # type: ignore[attr-defined]

    def _keep_ahead(self) -> None:
        """From a thread worker: the views of the days after today, kept for the launches to
        come (a dozen milliseconds a day). Stops, keeping the days done, when the worker is
        cancelled or another screen opens over home (its first frames come first)."""
        from textual.worker import get_current_worker

        from companion.training.today import load_today
        from companion.ui.screens.home_text import view_of

        keeping, self._to_keep = self._to_keep, None
        if keeping is None:
            return
        app, worker = self.app, get_current_worker()
        store, catalogue = app.store, app.catalogue  # type: ignore[attr-defined]
        views = dict(keeping.views)
        first = min(views)
        for n in range(1, KEEP_DAYS):
            if worker.is_cancelled or not self.is_current:
                break
            day = first + timedelta(days=n)
            views[day] = view_of(load_today(store, catalogue, day), None, *keeping.styles)
        keep(store.path, keeping.stamp, keeping.theme, views)

    def action_history(self) -> None:
        """Open the history: at once from what is read already, else from a screenful of the
        latest sessions, the rest read behind them (see ``HistoryScreen``)."""
        from companion.ui.screens.history_screen import HistoryScreen

        if self._waits("history"):
            return
        if self._warm_timer is not None:  # the history screen reads what it needs itself
            self._warm_timer.stop()
        app = self.app
        app.push_screen(HistoryScreen(app.store, app.today, app.catalogue))  # type: ignore[attr-defined]
