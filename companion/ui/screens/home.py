"""Today: the plan, the week and phase, the session due and why each target is what it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer, Static

from companion.ui.colours import bold
from companion.ui.home_view import HomeView, assessment_text
from companion.ui.screens.base import CompanionScreen
from companion.ui.widgets.target_list import TargetList

if TYPE_CHECKING:
    from companion.domain.models import ExerciseState, PlannedSet, SessionLog
    from companion.training.today import RunContext, Today

# Seconds the home screen is left alone before the history is read in the background: time
# for its first frames and keys. From the kept digests the read takes a tenth of a second or so
# (then the sets file is parsed, for the session view); quitting does not wait for it.
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


class HomeScreen(CompanionScreen[None]):
    """Home's style sheet (``home.tcss``) is read by the app, with its own."""

    BINDINGS = [
        Binding("enter", "start", "Start", id="home.start", priority=True),
        Binding("o", "pick", "Other", id="home.pick"),
        Binding("e", "edit_target", "Edit", id="home.edit"),
        Binding("r", "resume", "Resume", id="home.resume"),
        Binding("D", "discard", "Discard", id="home.discard", show=False),
        Binding("h", "history", "History", id="home.history"),
        Binding("a", "assessment", "Tests", id="home.assessment"),
        Binding("P", "profile", "Profile", id="home.profile"),
        Binding("w", "export", "Watch/calendar", id="home.export", show=False),
        Binding("q", "app.quit", "Quit", id="home.quit", show=False),
    ]

    def __init__(self, today: Today | None = None) -> None:
        """``today``: already read (at start, before the first frame), else read in a worker."""
        super().__init__()
        self._given = today
        self.today: Today | None = None
        self.shown_view: HomeView | None = None  # what is drawn
        self.session_key: str | None = None  # None: the one due
        self._offered = False  # resume/welcome offered once per visit
        self._runner_opening = False  # the runner is being pushed over home
        self.busy = False
        self._warm_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        # few widgets: each costs the first frame (and so the launch) half a millisecond or so
        with Vertical(id="home-body"):
            yield Static("companion\n\nloading…", id="home-head")  # plan, week, due, warnings
            yield TargetList(("Exercise", "Side", "Target", "Why"), id="home-targets")
            yield Static("", id="home-why")
        yield Footer()

    def on_mount(self) -> None:
        if self._given is not None:  # the first frame drawn shows today, not "loading…"
            self.today = self._given
            self._show_today(self._given)

    def on_screen_resume(self) -> None:
        """Shown first, or back from a dialog, the runner or the summary: read again (unless
        today was handed over at start)."""
        self._runner_opening = False
        given, self._given = self._given, None
        if given is not None:
            self._shown(given)
        else:
            self.reload()

    @work(thread=True, group="home", exclusive=True, exit_on_error=False)
    def reload(self) -> None:
        from companion.training.today import load_today

        app = self.app
        store = app.store
        try:
            today = load_today(
                store,
                app.catalogue,
                app.today,
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
        if self._offered or self._runner_opening or not self.is_current:
            return
        self._offered = True
        if today.unfinished is not None:
            self._offer_resume()
        elif today.plan is None:
            self._welcome()

    def _show_today(self, today: Today) -> None:
        from companion.ui.screens.home_text import view_of

        view = view_of(today, self.session_key, bold(self.app, "error"), bold(self.app, "warning"))
        self.shown_view = view
        self.refresh_bindings()
        warnings = _text(view.warnings).copy()
        warnings.rstrip()
        lines = [Text(view.plan, style=bold(self.app, "accent")), _text(view.week), Text()]
        lines += [_text(view.due), warnings] if warnings else [_text(view.due)]
        head = Text("\n").join(lines)
        self.query_one("#home-head", Static).update(head)
        self._show_assessment_due(view.tests_due)
        self.query_one(TargetList).show(
            [(row.name, row.side_label or "both", row.target, row.why) for row in view.rows]
        )
        if not view.rows:  # nothing highlighted: no why (a row, when there is one, sets it)
            self.query_one("#home-why", Static).update("")

    def _show_assessment_due(self, text: str) -> None:
        """Shown prominently, above the targets, while the tests are due (they decide where the
        extra sets go for weeks); not there at all otherwise."""
        shown = self.query("#home-assess")
        if text and shown:
            shown.first(Static).update(assessment_text(text))
        elif text:
            panel = Static(assessment_text(text), id="home-assess")
            self.query_one("#home-body").mount(panel, before=self.query_one(TargetList))
        else:
            shown.remove()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Resume only shows when a session is waiting; the rest need a plan."""
        view = self.shown_view
        if action in ("resume", "discard"):
            return view is not None and view.unfinished
        if action in ("pick", "edit_target"):
            return view is not None and view.has_plan
        return True

    @on(TargetList.Highlighted)
    def _highlighted(self, event: TargetList.Highlighted) -> None:
        view = self.shown_view
        if view is None or event.row >= len(view.rows):
            return
        row = view.rows[event.row]
        line = Text()
        line.append(f"{row.name} {row.side_label}".strip() + ": ", style="bold")
        line.append(row.why or "as the plan says")
        line.append("   e changes this target", style="dim")
        self.query_one("#home-why", Static).update(line)

    @work
    async def _welcome(self) -> None:
        from companion.ui.screens.welcome import WelcomeScreen

        if await self.app.push_screen_wait(WelcomeScreen()):
            self.reload()

    # -- actions -----------------------------------------------------------------------------

    def action_start(self) -> None:
        from companion.training.today import new_log

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
            self._begin(new_log(today, self.app.now()), today)

    @work(thread=True, group="home-store", exit_on_error=False)
    def _begin(self, log: SessionLog, today: Today) -> None:
        try:
            self.app.store.begin_session(log)
        except Exception as exc:  # noqa: BLE001
            self.post_message(HomeProblem(f"could not start: {exc}"))
            return
        self.post_message(SessionReady(today.planned, log, today.context))

    @on(SessionReady)
    def _ready(self, message: SessionReady) -> None:
        from functools import partial

        from companion.domain.runner import SessionRun
        from companion.training.swap import swap_sets
        from companion.ui.screens.runner import RunnerScreen

        self.busy = False
        self._offered = False  # back from the runner, offer to resume again if paused
        self._runner_opening = True  # not before then: a read of today may end meanwhile
        context = message.context
        exercises = {e.id: e for e in context.catalogue}
        run = SessionRun(
            message.planned, message.log, side_switch=context.side_switch, exercises=exercises,
            swap=partial(swap_sets, context),
        )  # fmt: skip
        self.app.push_screen(RunnerScreen(run, context))

    @on(HomeProblem)
    def _problem(self, message: HomeProblem) -> None:
        self.busy = False
        self.notify(message.error, severity="error", timeout=8)

    def action_resume(self) -> None:
        """Straight back into the unfinished session (r)."""
        log = self.today.unfinished if self.today else None
        if log is None or self.busy:
            return
        self.busy = True
        self._resume(log)

    @work
    async def _offer_resume(self) -> None:
        """On arriving with a session waiting: resume, discard or later."""
        from companion.ui.screens.dialogs import ResumeDialog

        log = self.today.unfinished if self.today else None
        if log is None or self.busy:
            return
        answer = await self.app.push_screen_wait(ResumeDialog(log))
        if answer == "resume":
            self.action_resume()
        elif answer == "discard":
            self.action_discard()

    @work
    async def action_discard(self) -> None:
        """Throw the unfinished session away, after a question (D)."""
        from companion.ui.screens.dialogs import ConfirmDialog

        log = self.today.unfinished if self.today else None
        if log is None or self.busy:
            return
        done = sum(1 for s in log.sets if not s.skipped)
        question = f"Discard this session and its {done} recorded sets? This cannot be undone."
        if await self.app.push_screen_wait(ConfirmDialog(question, "Discard", "Keep")):
            self._discard()

    @work(thread=True, group="home-store", exit_on_error=False)
    def _resume(self, log: SessionLog) -> None:
        from companion.training.today import planned_for_resume

        try:
            app = self.app
            planned, context = planned_for_resume(app.store, app.catalogue, log)
        except Exception as exc:  # noqa: BLE001
            self.post_message(HomeProblem(f"could not rebuild the session: {exc}"))
            return
        self.post_message(SessionReady(planned, log, context))

    @work(thread=True, group="home-store", exit_on_error=False)
    def _discard(self) -> None:
        try:
            self.app.store.discard_session()
        except Exception as exc:  # noqa: BLE001
            self.post_message(HomeProblem(f"could not discard: {exc}"))
            return
        self.app.call_from_thread(self.reload)

    def action_assessment(self) -> None:
        from companion.ui.screens.assessment import AssessmentScreen

        if not self.busy:
            self.app.push_screen(AssessmentScreen())

    def action_profile(self) -> None:
        from companion.ui.screens.profile import ProfileScreen

        self.app.push_screen(ProfileScreen())

    @work
    async def action_export(self) -> None:
        from companion.training.exports import exports_dir
        from companion.ui.screens.export_dialog import ExportDialog

        today = self.today
        if today is None or self.busy:
            return
        if today.plan is None:
            self.notify("No plan yet: import your coach's plan first.", severity="warning")
            return
        session = f"Session {today.session_key}: {today.title}" if today.planned else "No session"
        folder = exports_dir()
        what = await self.app.push_screen_wait(ExportDialog(session, folder))
        if what:
            self._write_export(what, folder, today.day, self.session_key, today.plan.id)

    @work(thread=True, group="home-store", exit_on_error=False)
    def _write_export(
        self, what: str, folder: Path, day: date, key: str | None, plan_id: str
    ) -> None:
        from companion.training import exports

        app = self.app
        try:
            if what == "workout":
                found = exports.workout_file(app.store, app.catalogue, day, key)
                path = folder / exports.workout_filename(found)
                said = (
                    "Copy it to the watch's GARMIN/NewFiles folder over USB, or import it in "
                    "Garmin Connect and send it to the watch."
                )
                data = found.data
            else:
                cal = exports.calendar_file(app.store, app.catalogue, day)
                path = folder / exports.calendar_filename(plan_id)
                last = cal.sessions[-1].day
                count = len(cal.sessions)
                said = f"{count} sessions to {last:%d %b %Y}: import it in your calendar."
                data = cal.data
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except exports.ExportError as exc:
            self.post_message(HomeProblem(str(exc)))
            return
        except OSError as exc:
            self.post_message(HomeProblem(f"could not write into {folder}: {exc.strerror or exc}"))
            return
        app.call_from_thread(self.notify, f"Wrote {path}. {said}", timeout=12)

    @work
    async def action_pick(self) -> None:
        from companion.ui.screens.dialogs import PickSessionDialog

        if self.today is None or self.today.plan is None:
            return
        from companion.training.today import due_words

        due = self.today.due.key if self.today.due else None
        when = due_words(self.today.due, self.today.day)
        key = await self.app.push_screen_wait(PickSessionDialog(self.today.plan, due, when))
        if key:
            self.session_key = None if key == due else key
            self.reload()

    @work
    async def action_edit_target(self) -> None:
        from companion.ui.screens.dialogs import EditTargetDialog

        today, view = self.today, self.shown_view
        cursor = self.query_one(TargetList).cursor
        if today is None or today.plan is None or not view:
            return
        if not 0 <= cursor < len(view.rows):
            return
        row = view.rows[cursor]
        state = next(
            (
                s
                for s in today.context.states
                if (s.line, s.side) == (row.line, row.side)
            ),
            None,
        )
        if state is None:
            return
        t = state.target
        title = f"Target for {row.name} {row.side_label}".rstrip()
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
            self.app.store.save_exercise_states([state])
        except Exception as exc:  # noqa: BLE001
            self.post_message(HomeProblem(f"could not save the target: {exc}"))
            return
        self.app.call_from_thread(self.reload)

    # -- ahead of time: the history read in the background, and h --------------------------

    def _warm_if_current(self) -> None:
        """Not while another screen (the runner, a dialog, the history reading its own) is
        over home: the read would slow its first frames. Home warms again when shown next."""
        if self.is_current:
            self._warm_history()

    @work(thread=True, exclusive=True, group="warm-history", exit_on_error=False)
    def _warm_history(self) -> None:
        """Read the history for the history screens now, so that ``h`` opens at once."""
        from companion.ui.widgets.history_views import warm_in_worker

        app = self.app
        warm_in_worker(app.store, app.catalogue, app.today)  # its notices: see NoticesChanged

    def action_history(self) -> None:
        """Open the history: at once from what is read already, else from a screenful of the
        latest sessions, the rest read behind them (see ``HistoryScreen``)."""
        from companion.ui.screens.history_screen import HistoryScreen

        if self._warm_timer is not None:  # the history screen reads what it needs itself
            self._warm_timer.stop()
        app = self.app
        app.push_screen(HistoryScreen(app.store, app.today, app.catalogue))


def _text(value: Text | str) -> Text:
    return value if isinstance(value, Text) else Text(value)
