"""The Textual app: a thin shell that opens the home screen. Screens live in ``screens/``."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.events import Resize
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen

from companion.startup import started
from companion.store import Store

if TYPE_CHECKING:
    from companion.domain.catalogue import Catalogue
    from companion.domain.timers import Clock
    from companion.training.today import Today
    from companion.ui.screens.too_small import TooSmallScreen

EVENING = 18  # the hour a fixed ``today`` starts at (tests and screenshots)


class CompanionApp(App[None]):
    """One athlete's gym sessions; ``store`` is open for the app's lifetime."""

    TITLE = "companion"
    # home's style sheet is read with the app's: a screen with a style sheet of its own makes
    # Textual parse every style sheet again when it is first shown (a few ms of the launch)
    CSS_PATH = ["app.tcss", "screens/home.tcss"]
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Keys", id="app.help"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, priority=True),
    ]

    def __init__(
        self,
        store: Store,
        *,
        clock: Clock | None = None,
        today: date | None = None,
        catalogue: Catalogue | None = None,
        owns_store: bool = False,
    ) -> None:
        """``store``: open; closed on exit when ``owns_store``."""
        super().__init__()
        self.store: Store = store
        self.clock: Clock = clock or time.monotonic
        self._catalogue = catalogue
        self._fixed_day = today
        self._owns_store = owns_store
        self._wall_start = datetime.combine(today, dtime(EVENING)) if today else datetime.now()
        self._clock_start = self.clock()
        self._notices_shown = 0
        self._too_small: TooSmallScreen | None = None  # shown while the terminal is too small

    @property
    def catalogue(self) -> Catalogue:
        """The one given, else the built-in one, read when first asked for."""
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

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self._fit, event.size)

    def _fit(self, size: Size) -> None:
        """Say how big the terminal must be while it is smaller than the smallest layout."""
        from companion.ui import layout
        from companion.ui.layout import too_small
        from companion.ui.screens.too_small import TooSmallScreen

        layout.seen["width"] = size.width

        shown = self._too_small
        if shown is not None and not too_small(size):
            self._too_small = None
            if shown in self.screen_stack:
                shown.dismiss()
        elif shown is not None:
            shown.show_size(size)
        elif too_small(size):
            self._too_small = TooSmallScreen(size)
            self.push_screen(self._too_small)

    def get_default_screen(self) -> Screen:
        """Home is the first screen, at the bottom of the stack (no blank screen beneath it
        to set up and draw first), with today already read."""
        from companion.ui.screens.home import HomeScreen

        return HomeScreen(self._first_today())

    def on_mount(self) -> None:
        self.store.notices.listener = self._notice_said  # each new one, from any thread
        self.show_store_notices()  # and those said before
        self.call_after_refresh(self._fit, self.size)
        self.call_after_refresh(started)  # home's first frame is drawn: collections again

    def notify(self, message: str, **kwargs: Any) -> None:  # type: ignore[override]
        """Every message the app shows is plain text: a file name or an error's text with
        brackets in it is shown as it is, never read as markup."""
        kwargs["markup"] = False
        super().notify(message, **kwargs)

    def store_notices(self) -> list[str]:
        """What the store repaired or restored since it was opened."""
        return list(self.store.notices)

    class NoticesChanged(Message):
        """The store said something new (from any thread): a file repaired, data left out."""

    def _notice_said(self) -> None:
        self.post_message(self.NoticesChanged())

    @on(NoticesChanged)
    def _notices_changed(self) -> None:
        self.show_store_notices()

    def show_store_notices(self) -> None:
        """What the store repaired, restored or left out and has not been shown yet: most at
        start, others when a read finds them (the sets file read on first use turns out
        damaged, a set or a session does not read), each as it is said (``NoticesChanged``)."""
        shown = self.store_notices()
        for notice in shown[self._notices_shown :]:
            self.notify(notice, title="Database", severity="warning", timeout=10)
        self._notices_shown = len(shown)

    def _first_today(self) -> Today | None:
        """Today's session, read before the first frame so home is drawn once, complete. The
        history file is already in memory (tens of milliseconds with 2,500 sessions); if this
        fails, home reads it again in a worker and says what went wrong."""
        from companion.training.today import load_today

        try:
            return load_today(self.store, self.catalogue, self.today)
        except Exception:  # noqa: BLE001 - the home screen's own read reports it
            return None

    def on_unmount(self) -> None:
        if self._owns_store:
            self.store.close()

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
                "Athlete profile", "Age, sex, body weight and the side-switch pause",
                screen.action_profile,
            )

    def action_help(self) -> None:
        from companion.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_screens()))

    @classmethod
    def key_screens(cls) -> list[tuple[str, type]]:
        """Where each set of keys works, in the order the help lists them."""
        from companion.ui.screens.assessment import AssessmentScreen
        from companion.ui.screens.history_screen import HistoryScreen
        from companion.ui.screens.home import HomeScreen
        from companion.ui.screens.profile import ProfileScreen
        from companion.ui.screens.runner import RunnerScreen
        from companion.ui.screens.summary import SummaryScreen
        from companion.ui.screens.welcome import WelcomeScreen

        return [
            ("Anywhere", cls), ("Welcome", WelcomeScreen), ("Home", HomeScreen),
            ("Runner", RunnerScreen), ("Summary", SummaryScreen), ("History", HistoryScreen),
            ("Tests", AssessmentScreen), ("Profile", ProfileScreen),
        ]  # fmt: skip


def make_app(
    db_path: str | Path | None,
    *,
    clock: Callable[[], float] | None = None,
    today: date | None = None,
    store: Store | None = None,
) -> CompanionApp:
    """The one factory used by the CLI, the tests and the screenshot script.

    With ``store`` the caller keeps ownership of it; otherwise the database at ``db_path`` is
    opened (and locked: ``AlreadyOpenError`` if another companion has it) and closed on exit.
    """
    if store is not None:
        return CompanionApp(store, clock=clock, today=today)
    if db_path is None:
        raise ValueError("make_app needs a database path or an open store")
    opened = Store.open(Path(db_path))
    try:
        return CompanionApp(opened, clock=clock, today=today, owns_store=True)
    except BaseException:
        opened.close()
        raise
