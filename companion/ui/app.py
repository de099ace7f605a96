"""The Textual app: a thin shell that opens the home screen. Screens live in ``screens/``."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from companion.domain.timers import Clock
from companion.startup import starting
from companion.store.errors import StoreError
from companion.store.files import sources_stamp
from companion.store.lock import StoreLock, lock_store
from companion.ui.home_view import HomeView, read_kept

if TYPE_CHECKING:
    from companion.domain.catalogue import Catalogue
    from companion.store import Store
    from companion.ui.screens.home import HomeScreen
    from companion.ui.today import Today

# The models, the store and the domain are imported when first needed, not with the app: with
# the home view kept by the last run, the first frame is drawn before they are loaded.

EVENING = 18  # the hour a fixed ``today`` starts at (tests and screenshots)


class CompanionApp(App[None]):
    """One athlete's gym sessions; ``store`` is open for the app's lifetime."""

    TITLE = "companion"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Keys", id="app.help"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, priority=True),
    ]

    def __init__(
        self,
        store: Store | None,
        *,
        clock: Clock | None = None,
        today: date | None = None,
        catalogue: Catalogue | None = None,
        owns_store: bool = False,
        lock: StoreLock | None = None,
    ) -> None:
        """``store``: open; or None with ``lock``, taken for the database to open. Home is then
        drawn from the view the last run kept if it still holds (the store is opened and read
        behind it, in a worker), else the store is opened here."""
        super().__init__()
        self._store = store
        self._opened = threading.Event()
        self._behind_done = threading.Event()
        self._lock = lock
        self._open_failure: str | None = None
        # the worker that opens the store behind the kept view: started, or too late (closing)
        self._open_state = threading.Lock()
        self._opening = self._closing = False
        self.kept_view: HomeView | None = None
        self.clock: Clock = clock or time.monotonic
        self._catalogue = catalogue
        self._fixed_day = today
        self._owns_store = owns_store
        self._wall_start = datetime.combine(today, dtime(EVENING)) if today else datetime.now()
        self._clock_start = self.clock()
        self._notices_shown = 0
        if store is None:
            if lock is None:
                raise ValueError("CompanionApp needs an open store or the lock of one to open")
            self.kept_view = read_kept(lock.db, self.today, self.theme)
            if self.kept_view is None:
                from companion.store import Store

                self._store = Store.open(lock.db, lock=lock)
        if self._store is not None:
            self._opened.set()

    @property
    def store(self) -> Store:
        """The open store. Drawn from the kept view, the app opens it just after the first
        frame; asked for before that, this waits for it (a fraction of a second)."""
        if self._store is None:
            self._opened.wait()
        if self._store is None:
            raise StoreError(self._open_failure or "the database is not open")
        return self._store

    @property
    def catalogue(self) -> Catalogue:
        """The one given, else the built-in one, read when first asked for: by the home
        screen's worker, so that parsing it does not hold up the first frame."""
        if self._catalogue is None:
            from companion.domain.catalogue import builtin

            self._catalogue = builtin()
        return self._catalogue

    @property
    def today(self) -> date:
        return self._fixed_day or date.today()

    def now(self) -> datetime:
        """Wall time for records: with a fixed ``today``, a fixed evening moved on by the clock."""
        if self._fixed_day is None:
            return datetime.now().replace(microsecond=0)
        return self._wall_start + timedelta(seconds=round(self.clock() - self._clock_start))

    def on_mount(self) -> None:
        from companion.ui.screens.home import HomeScreen

        if self._store is None:
            home = HomeScreen(view=self.kept_view)
            self.push_screen(home)
            self.call_later(self._open_behind, home)
            return
        stamp = sources_stamp(self._store.path)
        self.push_screen(HomeScreen(self._first_today(), stamp=stamp))
        self.show_store_notices()

    @dataclass
    class StoreOpened(Message):
        """The store behind the kept view is open (``error``: or could not be)."""

        home: HomeScreen
        error: str | None = None
        today_failed: bool = False

    @work(thread=True, group="open", exit_on_error=False)
    def _open_behind(self, home: HomeScreen) -> None:
        """Open the store and read today behind the kept view; home draws it when read. Posts
        messages only, never waits for the UI: quitting waits for this."""
        from companion.store import Store
        from companion.ui.screens.home import TodayLoaded
        from companion.ui.today import load_today

        assert self._lock is not None
        with self._open_state:
            if self._closing:  # quit before it began: the lock is let go on unmount
                return
            self._opening = True
        try:
            with starting():
                try:
                    stamp = sources_stamp(self._lock.db)
                    self._store = Store.open(self._lock.db, lock=self._lock)
                except Exception as exc:  # noqa: BLE001 - said as the app closes
                    self._open_failure = str(exc)
                    self.post_message(self.StoreOpened(home, f"companion: {exc}"))
                    return
                finally:
                    self._opened.set()
                try:
                    today = load_today(self._store, self.catalogue, self.today)
                except Exception:  # noqa: BLE001 - the home screen's own read reports it
                    self.post_message(self.StoreOpened(home, today_failed=True))
                    return
                home.post_message(TodayLoaded(today, stamp))
                self.post_message(self.StoreOpened(home))
        finally:
            self._behind_done.set()

    @on(StoreOpened)
    def _store_opened(self, message: StoreOpened) -> None:
        if message.error is not None:
            self.exit(None, 1, message.error)
            return
        self.show_store_notices()
        if message.today_failed:
            message.home.reload()

    def notify(self, message: str, **kwargs: Any) -> None:  # type: ignore[override]
        """Every message the app shows is plain text: a file name or an error's text with
        brackets in it is shown as it is, never read as markup."""
        kwargs["markup"] = False
        super().notify(message, **kwargs)

    def store_notices(self) -> list[str]:
        """What the store repaired or restored since it was opened (none if it is not open)."""
        return list(getattr(self._store, "notices", []))

    class NoticesChanged(Message):
        """The store said something new (from any thread): a file repaired, data left out."""

    @on(NoticesChanged)
    def _notices_changed(self) -> None:
        self.show_store_notices()

    def show_store_notices(self) -> None:
        """What the store repaired, restored or left out and has not been shown yet: most at
        start, others when a read finds them (the sets file read on first use turns out
        damaged, a set or a session does not read); from then on each as it is said."""
        notices = getattr(self._store, "notices", None)
        if notices is not None and hasattr(notices, "listener"):
            notices.listener = lambda: self.post_message(self.NoticesChanged())
        notices = self.store_notices()
        for notice in notices[self._notices_shown :]:
            self.notify(notice, title="Database", severity="warning", timeout=10)
        self._notices_shown = len(notices)

    def _first_today(self) -> Today | None:
        """Today's session, read before the first frame so home is drawn once, complete. The
        history file is already in memory (tens of milliseconds with 2,500 sessions); if this
        fails, home reads it again in a worker and says what went wrong."""
        from companion.ui.today import load_today

        try:
            return load_today(self.store, self.catalogue, self.today)
        except Exception:  # noqa: BLE001 - the home screen's own read reports it
            return None

    def on_unmount(self) -> None:
        """Closes an owned store: one still opening is waited for, so its lock is let go."""
        if self._owns_store:
            with self._open_state:
                self._closing = True
            if self._opening:
                self._behind_done.wait()
            if self._store is not None:
                self._store.close()
            elif self._lock is not None:
                self._lock.release()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The home keys in the command palette too (same actions as ``h``, ``a``, ``P``)."""
        from companion.ui.screens.home import HomeScreen

        yield from super().get_system_commands(screen)
        if isinstance(screen, HomeScreen):
            yield SystemCommand(
                "History", "Sessions, progress, body map, records, tests", screen.action_history
            )
            yield SystemCommand(
                "Single-leg tests", "Run the assessment battery, left then right",
                screen.action_assessment,
            )  # fmt: skip
            yield SystemCommand(
                "Athlete profile", "Age, sex and the side-switch pause", screen.action_profile
            )

    def action_help(self) -> None:
        from companion.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def make_app(
    db_path: str | Path | None,
    *,
    clock: Callable[[], float] | None = None,
    today: date | None = None,
    store: Store | None = None,
) -> CompanionApp:
    """The one factory used by the CLI, the tests and the screenshot script.

    With ``store`` the caller keeps ownership of it; otherwise the database at ``db_path`` is
    locked here (raising ``AlreadyOpenError`` if another companion has it), opened here or,
    when home can be drawn from the view kept by the last run, just after the first frame, and
    closed on exit.
    """
    if store is not None:
        return CompanionApp(store, clock=clock, today=today)
    if db_path is None:
        raise ValueError("make_app needs a database path or an open store")
    lock = lock_store(db_path)
    try:
        return CompanionApp(None, clock=clock, today=today, owns_store=True, lock=lock)
    except BaseException:
        lock.release()
        raise
