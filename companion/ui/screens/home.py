"""Today: the plan, the week and phase, the session due and why each target is what it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Label, Static

from companion.domain.models import ExerciseState, PlannedSet, SessionLog
from companion.domain.runner import SessionRun
from companion.ui.colours import bold
from companion.ui.screens import home_text
from companion.ui.today import (
    RunContext,
    Today,
    load_today,
    new_log,
    planned_for_resume,
    row_reason,
    target_rows,
)

if TYPE_CHECKING:
    from companion.ui.history_data import HistoryData

# Seconds the home screen is left alone before the history is read in the background: time
# for its first frames and keys. From the kept digests the read takes a tenth of a second or so
# (then the sets file is parsed, for the session view); only without them does it take a
# second or more, and quitting does not wait for it.
WARM_HISTORY_DELAY = 0.25


@dataclass
class TodayLoaded(Message):
    today: Today


@dataclass
class SessionReady(Message):
    """Begun (or resumed) in the store: the runner can open."""

    planned: list[PlannedSet]
    log: SessionLog
    context: RunContext


@dataclass
class HomeProblem(Message):
    error: str


class HomeScreen(Screen):
    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("enter", "start", "Start", id="home.start", priority=True),
        Binding("o", "pick", "Other", id="home.pick"),
        Binding("e", "edit_target", "Edit", id="home.edit"),
        Binding("r", "resume", "Resume", id="home.resume"),
        Binding("h", "history", "History", id="home.history"),
        Binding("a", "assessment", "Tests", id="home.assessment"),
        Binding("P", "profile", "Profile", id="home.profile"),
        Binding("q", "app.quit", "Quit", id="home.quit", show=False),
    ]

    def __init__(self, today: Today | None = None) -> None:
        """``today``: already read (at start, before the first frame), else read in a worker."""
        super().__init__()
        self._given = today
        self.today: Today | None = None
        self.session_key: str | None = None  # None: the one due
        self.rows: list[tuple[str, object]] = []
        self._offered = False  # resume/welcome offered once per visit
        self.busy = False
        self._warm_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="home-body"):
            yield Label("companion", id="home-plan")
            yield Static("", id="home-week")
            yield Static("loading…", id="home-due")
            yield Static("", id="home-assess")
            yield Static("", id="home-warnings")
            yield DataTable(id="home-targets", cursor_type="row", zebra_stripes=True)
            yield Static("", id="home-why")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Exercise", "Side", "Target", "Why")
        self.query_one("#home-assess").display = False
        if self._given is not None:  # the first frame drawn shows today, not "loading…"
            self.today = self._given
            self._show_today(self._given)

    def on_screen_resume(self) -> None:
        """Shown first, or back from a dialog, the runner or the summary: read again (unless
        today was handed over at start)."""
        given, self._given = self._given, None
        if given is None:
            self.reload()
        else:
            self._shown(given)

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

    @work(thread=True, group="home", exclusive=True, exit_on_error=False)
    def reload(self) -> None:
        app = self.app
        try:
            today = load_today(
                app.store,  # type: ignore[attr-defined]
                app.catalogue,  # type: ignore[attr-defined]
                app.today,  # type: ignore[attr-defined]
                self.session_key,
            )
        except Exception as exc:  # noqa: BLE001 - the home screen says what went wrong
            self.post_message(HomeProblem(f"could not read today's session: {exc}"))
            return
        self.post_message(TodayLoaded(today))

    @on(TodayLoaded)
    def _loaded(self, message: TodayLoaded) -> None:
        self.today = message.today
        self._show_today(message.today)
        self._shown(message.today)

    def _shown(self, today: Today) -> None:
        """Today is on screen: warm the history later; offer the resume or welcome once."""
        if self._warm_timer is not None:
            self._warm_timer.stop()
        self._warm_timer = self.set_timer(WARM_HISTORY_DELAY, self._warm_if_current)
        if self._offered or not self.is_current:
            return
        self._offered = True
        if today.unfinished is not None:
            self.action_resume()
        elif today.plan is None:
            self._welcome()

    def _show_today(self, today: Today) -> None:
        self.refresh_bindings()
        plan = today.plan
        table = self.query_one(DataTable)
        table.clear()
        self.rows = []
        if plan is None:
            self.query_one("#home-plan", Label).update("No plan yet")
            self.query_one("#home-week", Static).update("")
            self.query_one("#home-due", Static).update("Press ? for keys; d on the welcome screen.")
            return
        coach = f" · coach {plan.coach}" if plan.coach else ""
        self.query_one("#home-plan", Label).update(f"{plan.name}{coach}")
        self.query_one("#home-week", Static).update(home_text.week_text(today, plan))
        error, warning = bold(self.app, "error"), bold(self.app, "warning")
        due = home_text.due_text(today, self.session_key, error)
        self.query_one("#home-due", Static).update(due)
        warnings, tests_due = home_text.warnings_text(today, warning)
        self.query_one("#home-warnings", Static).update(warnings)
        self._show_assessment_due(tests_due)
        for exercise_id, side, sets in target_rows(today.planned):
            self.rows.append((exercise_id, side))
            target = home_text.target_text(sets)
            table.add_row(sets[0].exercise_name, side.label or "both", target, row_reason(sets))

    def _show_assessment_due(self, text: str) -> None:
        """Shown prominently: the tests decide where the extra sets go for weeks."""
        panel = self.query_one("#home-assess", Static)
        panel.display = bool(text)
        if text:
            panel.update(home_text.assessment_text(text))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Resume only shows when a session is waiting; the rest need a plan."""
        today = self.today
        if action == "resume":
            return today is not None and today.unfinished is not None
        if action in ("pick", "edit_target"):
            return today is not None and today.plan is not None
        return True

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        today = self.today
        if today is None or event.cursor_row >= len(self.rows):
            return
        exercise_id, side = self.rows[event.cursor_row]
        sets = [
            p
            for p in today.planned
            if (p.exercise_id, p.side) == (exercise_id, side) and not p.warmup
        ]
        why = row_reason(sets) if sets else ""
        name = str(event.data_table.get_row_at(event.cursor_row)[0])
        line = Text()
        line.append(f"{name} {side.label}".strip() + ": ", style="bold")
        line.append(why or "as the plan says")
        line.append("   e changes this target", style="dim")
        self.query_one("#home-why", Static).update(line)

    @work
    async def _welcome(self) -> None:
        from companion.ui.screens.welcome import WelcomeScreen

        if await self.app.push_screen_wait(WelcomeScreen()):
            self.reload()

    # -- actions -----------------------------------------------------------------------------

    def action_start(self) -> None:
        today = self.today
        if today is None or self.busy:
            return
        if today.plan is None:
            self._welcome()
        elif today.unfinished is not None:
            self.notify("Resume or discard the unfinished session first (r).", severity="warning")
        elif not today.planned:
            self.notify("No session to start: o picks one from the plan.", severity="warning")
        else:
            self.busy = True
            self._begin(new_log(today, self.app.now()), today)  # type: ignore[attr-defined]

    @work(thread=True, group="home-store", exit_on_error=False)
    def _begin(self, log: SessionLog, today: Today) -> None:
        try:
            self.app.store.begin_session(log)  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001
            self.post_message(HomeProblem(f"could not start: {exc}"))
            return
        self.post_message(SessionReady(today.planned, log, today.context))

    @on(SessionReady)
    def _ready(self, message: SessionReady) -> None:
        from companion.ui.screens.runner import RunnerScreen

        self.busy = False
        self._offered = False  # back from the runner, offer to resume again if paused
        context = message.context
        exercises = {e.id: e for e in context.catalogue}
        run = SessionRun(
            message.planned, message.log, side_switch=context.side_switch, exercises=exercises
        )
        self.app.push_screen(RunnerScreen(run, context))

    @on(HomeProblem)
    def _problem(self, message: HomeProblem) -> None:
        self.busy = False
        self.notify(message.error, severity="error", timeout=8)

    @work
    async def action_resume(self) -> None:
        from companion.ui.screens.dialogs import ConfirmDialog, ResumeDialog

        log = self.today.unfinished if self.today else None
        if log is None or self.busy:
            return
        answer = await self.app.push_screen_wait(ResumeDialog(log))
        if answer == "resume":
            self.busy = True
            self._resume(log)
        elif answer == "discard":
            done = sum(1 for s in log.sets if not s.skipped)
            question = f"Discard this session and its {done} recorded sets? This cannot be undone."
            if await self.app.push_screen_wait(ConfirmDialog(question, "Discard", "Keep")):
                self._discard()

    @work(thread=True, group="home-store", exit_on_error=False)
    def _resume(self, log: SessionLog) -> None:
        try:
            app = self.app
            planned, context = planned_for_resume(app.store, app.catalogue, log)  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001
            self.post_message(HomeProblem(f"could not rebuild the session: {exc}"))
            return
        self.post_message(SessionReady(planned, log, context))

    @work(thread=True, group="home-store", exit_on_error=False)
    def _discard(self) -> None:
        try:
            self.app.store.discard_session()  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001
            self.post_message(HomeProblem(f"could not discard: {exc}"))
            return
        self.app.call_from_thread(self.reload)

    def action_history(self) -> None:
        """Open the history. Unless it is read already, but can be read quickly (from the
        kept digests), it is read first and the screen built after: built meanwhile, the
        screen and the read would share the one interpreter and both take longer."""
        from companion.ui.history_data import HistoryData

        app = self.app
        store, today = app.store, app.today  # type: ignore[attr-defined]
        if HistoryData.cached(store, today) is None and store.history_index_ready():
            if self._warm_timer is not None:
                self._warm_timer.stop()
            self._read_then_open_history()
        else:
            self._open_history()

    @work(thread=True, exclusive=True, group="history-open", exit_on_error=False)
    def _read_then_open_history(self) -> None:
        from companion.ui.history_data import read_for_table

        app = self.app
        try:
            data = read_for_table(app.store, app.catalogue, app.today)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - the screen reads again and says what went wrong
            data = None
        app.call_from_thread(self._open_history, data)

    def _open_history(self, data: HistoryData | None = None) -> None:
        from companion.ui.screens.history_screen import HistoryScreen

        app = self.app
        if app.screen is not self:
            return  # another screen was opened (or h pressed twice) while it was read
        app.push_screen(
            HistoryScreen(app.store, app.today, app.catalogue, data=data)  # type: ignore[attr-defined]
        )

    def action_assessment(self) -> None:
        from companion.ui.screens.assessment import AssessmentScreen

        if not self.busy:
            self.app.push_screen(AssessmentScreen())

    def action_profile(self) -> None:
        from companion.ui.screens.profile import ProfileScreen

        self.app.push_screen(ProfileScreen())

    @work
    async def action_pick(self) -> None:
        from companion.ui.screens.dialogs import PickSessionDialog

        if self.today is None or self.today.plan is None:
            return
        due = self.today.due.key if self.today.due else None
        key = await self.app.push_screen_wait(PickSessionDialog(self.today.plan, due))
        if key:
            self.session_key = None if key == due else key
            self.reload()

    @work
    async def action_edit_target(self) -> None:
        from companion.ui.screens.dialogs import EditTargetDialog

        today = self.today
        table = self.query_one(DataTable)
        if today is None or today.plan is None or not self.rows:
            return
        exercise_id, side = self.rows[table.cursor_row]
        state = next(
            (s for s in today.context.states if (s.exercise_id, s.side) == (exercise_id, side)),
            None,
        )
        if state is None:
            return
        t = state.target
        title = f"Target for {table.get_row_at(table.cursor_row)[0]} {side.label}".rstrip()
        changes = await self.app.push_screen_wait(EditTargetDialog(title, t.reps, t.load, t.unit))
        if not changes:
            return
        reps = changes["reps"] if changes["reps"] is not None else t.reps
        hi = t.reps_hi
        if reps is not None and (hi is None or hi < reps):
            hi = reps
        target = t.model_copy(
            update={"reps": reps, "reps_hi": hi, "load": changes["load"], "reason": "set by you"}
        )
        self._save_state(state.model_copy(update={"target": target}))

    @work(thread=True, group="home-store", exit_on_error=False)
    def _save_state(self, state: ExerciseState) -> None:
        try:
            self.app.store.save_exercise_states([state])  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001
            self.post_message(HomeProblem(f"could not save the target: {exc}"))
            return
        self.app.call_from_thread(self.reload)
