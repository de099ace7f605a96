"""The history hub: six views of what has been done, in tabs switched with keys 1-6.

History (sessions), Progress (one exercise over time), Body map (sets per muscle in a week),
Records, Assessments (left/right tests and LSI) and Consistency (adherence and streak). The
history is read once in a thread worker into a ``HistoryData``; the views fill themselves from
it. Only the view the screen opens on is built with the screen, so it is drawn sooner; the
others are built and filled one at a time once it is on screen (or at once, when asked for
before that), so that switching to one later only draws it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widget import AwaitMount, Widget
from textual.widgets import Footer, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from companion.domain.catalogue import Catalogue, builtin
from companion.domain.insights import header_rows, rows_of
from companion.store import Store
from companion.ui.history_data import HistoryData
from companion.ui.layout import name_widths
from companion.ui.screens.base import CompanionScreen
from companion.ui.screens.history_session import HistorySessionScreen
from companion.ui.widgets import history_rows
from companion.ui.widgets.history_table import HistoryTable, table_row
from companion.ui.widgets.history_views import VIEWS, warm_in_worker

LOADING_AFTER = 0.3  # seconds a read may take before the screen says it is loading

class HistoryScreen(CompanionScreen[None]):
    """``HistoryScreen(store, today=None, catalogue=None, tab="history")``.

    ``today`` and ``catalogue`` default to the app's (``app.today``, ``app.catalogue``) when it
    has them, else the real date and the built-in catalogue. ``tab`` is one of ``VIEWS``.
    """

    BINDINGS = [
        Binding("escape", "back", "Back", id="history.back"),
        Binding("1", "tab('history')", "Views", key_display="1-6", id="history.view1"),
        *(
            Binding(str(n), f"tab('{key}')", label, show=False, id=f"history.view{n}")
            for n, (key, (label, _)) in enumerate(VIEWS.items(), start=1)
            if n > 1
        ),
        Binding("m", "next_chart", "Next chart", id="history.next_chart"),
        Binding(
            "left_square_bracket",
            "week(-1)",
            "Earlier week",
            key_display="[",
            id="history.week_back",
        ),  # fmt: skip
        Binding(
            "right_square_bracket",
            "week(1)",
            "Later week",
            key_display="]",
            id="history.week_forward",
        ),  # fmt: skip
    ]

    @dataclass
    class Loaded(Message):
        data: HistoryData

    def __init__(
        self,
        store: Store,
        today: date | None = None,
        catalogue: Catalogue | None = None,
        *,
        tab: str = "history",
    ) -> None:
        if tab not in VIEWS:
            raise ValueError(f"no history view {tab!r}; the views are {', '.join(VIEWS)}")
        super().__init__()
        self.store = store
        self._today = today
        self._catalogue = catalogue
        self._initial = tab
        self.data: HistoryData | None = None
        self._shown: set[str] = set()
        self._loading_timer: Timer | None = None
        self._built: dict[str, AwaitMount | None] = {tab: None}  # view -> its mounting
        self._chosen: str | None = None  # a session asked for before the history was read
        # the view's own widget has the keys from the start: focused first elsewhere (the
        # tabs, the default) and moved, both would be restyled and the footer made twice more
        # a per-screen value of Textual's class setting (the view shown first decides it)
        setattr(self, "AUTO_FOCUS", f"#view-{tab} {VIEWS[tab][1].MAIN}")  # noqa: B010

    def compose(self) -> ComposeResult:
        with TabbedContent(initial=self._initial, id="history-tabs"):
            for n, (key, (label, view)) in enumerate(VIEWS.items(), start=1):
                with TabPane(f"{n} {label}", id=key):
                    if key == self._initial:
                        yield view(id=f"view-{key}")
        yield Footer()

    def _build(self, key: str) -> AwaitMount | None:
        """Mount the view ``key`` if it is not yet; what to await for it to be ready."""
        if key not in self._built:
            view: Widget = VIEWS[key][1](id=f"view-{key}")
            self._built[key] = self.query_one(f"#{key}", TabPane).mount(view)
        return self._built[key]

    async def _build_next(self) -> None:
        """Build and fill the views not yet shown, one per refresh, so keys are still answered
        and switching to a view later only draws it."""
        key = next((k for k in VIEWS if k not in self._shown), None)
        if key is not None and self.is_attached and self.data is not None:
            await self._show(key)
            self.call_after_refresh(self._build_next)

    async def on_mount(self) -> None:
        today = self._today or getattr(self.app, "today", None) or date.today()
        ready = HistoryData.cached(self.store, today, warmed=True)
        if ready is not None:  # read and computed ahead (``warm_history``): shown at once
            await self._use(ready)
            return
        catalogue = self._catalogue or getattr(self.app, "catalogue", None) or builtin()
        first = self._first_rows() if self._initial == "history" else None
        if first is not None:  # the sessions, while the history behind them is read
            rows, waiting, total = first
            table = self.view("history")
            table.preview(rows, waiting, total)
            table.focus_main()
            # read once they are drawn: the read would slow the drawing (one interpreter). The
            # table takes a refresh of its own to lay out the rows, hence two.
            self.call_after_refresh(self.call_after_refresh, self._load, today, catalogue)
        else:
            # the loading indicator only after a moment: its animation would compete with
            # the read for the one interpreter, and a quick read never needs it
            self._loading_timer = self.set_timer(LOADING_AFTER, self._show_loading)
            self._load(today, catalogue)

    def _first_rows(self) -> tuple[history_rows.Rows, str, int] | None:
        """What the sessions table can show before the history is read, what it waits for
        and how many sessions there are: a screenful of the latest sessions. From the kept
        digests their rows are complete (a few milliseconds, where the whole history takes
        tens); without them (every set is read, about a second at 50,000 sets) they come
        from the sessions' headers (date, plan, title, minutes, RPE), their totals pending.
        None for an empty history."""
        headers = self.store.recent_sessions(history_rows.FIRST_PAGE)
        if not headers:
            return None
        kept = self.store.digests_of([log.id for log in headers])
        if kept is not None:
            rows, waiting = rows_of(headers, *kept), "reading"
        else:
            rows, waiting = header_rows(headers), "counting sets, volume and records"
        row = partial(table_row, widths=name_widths())
        return history_rows.prepare(rows, row), waiting, self.store.session_count()

    @work(thread=True, exclusive=True, group="history-load", exit_on_error=False)
    def _load(self, today: date, catalogue: Catalogue) -> None:
        """The read the home screen starts in the background, done now (or joined, if it is
        under way; ``warm_in_worker``, as there). The data is posted as soon as the sessions
        table can be shown; the other views' data and the sets file (for the session view)
        are read after it."""
        warm_in_worker(
            self.store, catalogue, today, lambda data: self.post_message(self.Loaded(data))
        )

    @on(Loaded)
    async def _loaded(self, event: Loaded) -> None:
        await self._use(event.data)

    def _show_loading(self) -> None:
        if self.data is None:
            self.query_one(TabbedContent).loading = True

    async def _use(self, data: HistoryData) -> None:
        self.data = data
        self._shown.clear()
        if self._loading_timer is not None:
            self._loading_timer.stop()
        self.query_one(TabbedContent).loading = False
        for pane in self.query(TabPane):
            pane.loading = False
        await self._show(self.active, focus=True)
        self.call_after_refresh(self._build_next)
        if self._chosen is not None:  # Enter on a listed session before the read was done
            chosen, self._chosen = self._chosen, None
            self._open_session(HistoryTable.SessionChosen(chosen))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "history-load" and event.state is WorkerState.ERROR:
            self.query_one(TabbedContent).loading = False
            for pane in self.query(TabPane):
                pane.loading = False
            problem = f"Could not read the history: {event.worker.error}"
            if "history" in self._built:  # rows shown ahead of the read: say they stay partial
                self.view("history").read_failed(problem)
            self.notify(problem, title="History", severity="error", timeout=10)

    @property
    def active(self) -> str:
        return self.query_one(TabbedContent).active or self._initial

    def view(self, key: str) -> Any:
        return self.query_one(f"#view-{key}", VIEWS[key][1])

    async def _show(self, key: str, focus: bool = False) -> None:
        if self.data is None:
            return
        if (building := self._build(key)) is not None:
            await building
        view = self.view(key)
        if key not in self._shown:
            self._shown.add(key)
            view.show(self.data)
        if focus:
            view.focus_main()

    @on(TabbedContent.TabActivated, "#history-tabs")
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()
        if self.data is None:  # only the listed sessions can be shown: the rest is being read
            event.pane.loading = event.pane.id != "history"
            if event.pane.id == "history" and "history" in self._built:
                self.view("history").focus_main()
            return
        await self._show(event.pane.id or self._initial)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_chart":
            return self.active == "progress"
        if action == "week":
            return self.active == "bodymap"
        return True

    async def action_tab(self, key: str) -> None:
        self.query_one(TabbedContent).active = key
        await self._show(key, focus=True)

    def action_next_chart(self) -> None:
        self.view("progress").next_metric()

    def action_week(self, weeks: int) -> None:
        self.view("bodymap").shift(weeks)

    def action_back(self) -> None:
        self.dismiss()

    @on(HistoryTable.SessionChosen)
    def _open_session(self, event: HistoryTable.SessionChosen) -> None:
        if self.data is None:  # opened once the history is read (in a moment)
            self._chosen = event.session_id
            return
        log = self.data.session(event.session_id)
        if log is None:
            self.notify("That session is no longer in the history.", severity="warning")
            return
        # read now only if that is quick: else the screen opens first and reads them itself
        sets = self.store.session_sets(event.session_id) if self.store.sets_ready() else None
        self.app.push_screen(HistorySessionScreen(log, sets, self.data, self.store))
