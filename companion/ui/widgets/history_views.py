"""The history screen's views, in tab order, and reading the history ahead for all of them.

Each view is one widget class with ``MAIN`` (the selector of what has the keys when it is
shown) and ``prepare(data)`` (what it opens with, computed from ``HistoryData`` in a thread so
that showing the view only fills widgets). A new view: write the widget, give it those two,
add it to ``VIEWS`` (see docs/internals.md).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from companion.domain.catalogue import Catalogue
from companion.store import Stopped, Store
from companion.ui.history_data import HistoryData
from companion.ui.widgets.history_base import HistoryView
from companion.ui.widgets.history_bodymap import BodyMapView
from companion.ui.widgets.history_checks import AssessmentsView, ConsistencyView
from companion.ui.widgets.history_progress import ProgressView
from companion.ui.widgets.history_records import RecordsView
from companion.ui.widgets.history_table import HistoryTable

VIEWS: dict[str, tuple[str, type[HistoryView]]] = {
    "history": ("History", HistoryTable),
    "progress": ("Progress", ProgressView),
    "bodymap": ("Body map", BodyMapView),
    "records": ("Records", RecordsView),
    "assessments": ("Assessments", AssessmentsView),
    "consistency": ("Consistency", ConsistencyView),
}


def prepare(data: HistoryData, stop: Callable[[], bool] = lambda: False) -> HistoryData:
    """Every view's opening data, view by view; ``stop`` is asked between them (True ends the
    work with ``Stopped``: the app is closing and would otherwise wait for it)."""
    for _, view in VIEWS.values():
        if stop():
            raise Stopped("the history was being prepared")
        view.prepare(data)
    data.warmed = True
    return data


def warm_history(
    store: Store,
    catalogue: Catalogue,
    today: date,
    *,
    stop: Callable[[], bool] = lambda: False,
    first: Callable[[HistoryData], object] | None = None,
) -> HistoryData:
    """Read the history and compute what every view opens with, ahead of time.

    Call it from a thread worker once the app has started (after the home screen has its
    data, so the two do not compete): the first ``h`` then finds everything ready. Safe to
    call from several threads and as often as you like: when the history has not changed
    since the last call it returns at once; a call during a read waits for that read.
    ``today`` and ``catalogue`` must be the ones the history screen will use (the app's).

    ``stop`` is asked between steps and during the read of the sets. ``first``: called with
    the data as soon as the sessions table's rows are ready, before the other views' data.
    """
    if stop():
        raise Stopped("the history was about to be read")
    data = HistoryData.get(store, catalogue, today, stop)
    if first is not None:
        HistoryTable.prepare(data)
        first(data)
    return prepare(data, stop)


def warm_in_worker(
    store: Store,
    catalogue: Catalogue,
    today: date,
    ready: Callable[[HistoryData], object] = lambda data: None,
) -> HistoryData | None:
    """``warm_history`` from a Textual thread worker, stopping soon after the worker is
    cancelled (its screen or the app closing): None then. ``ready``: see ``first`` there.
    Afterwards the sets file is read too, so that opening a session shows its sets at once."""
    from textual.worker import get_current_worker

    worker = get_current_worker()
    try:
        data = warm_history(store, catalogue, today, stop=lambda: worker.is_cancelled, first=ready)
    except Stopped:
        return None
    if not worker.is_cancelled:
        store.load_sets()
    return data
