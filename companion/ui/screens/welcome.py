"""No plan yet: import the bundled example plan in one key, or learn how to import a coach's."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Footer, Label, Static

from companion.locations import bundled_plan
from companion.ui.screens.base import CompanionScreen

DEMO_PLAN = "demo.yaml"
WELCOME = """\
companion keeps your strength sessions beside your running: single-leg work logged left and
right, a rest timer, and next session's targets worked out from what you did.

Press [b]d[/b] to start with the example plan (two sessions a week, 26 weeks).

To use your coach's plan instead, quit and run:

    companion import FILE

(companion validate FILE checks a plan file and reports every problem with its line.)
"""


@dataclass
class PlanImported(Message):
    name: str


@dataclass
class PlanNotImported(Message):
    error: str


class WelcomeScreen(CompanionScreen[bool]):
    BINDINGS = [
        Binding("d", "demo", "Use the example plan", id="welcome.demo"),
        Binding("q", "app.quit", "Quit", id="welcome.quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome-body"):
            yield Label("Welcome to companion", id="welcome-title")
            yield Static(WELCOME, id="welcome-text", markup=True)
            yield Label("", id="welcome-problem")
        yield Footer()

    def action_demo(self) -> None:
        self.query_one("#welcome-problem", Label).update("importing…")
        self._import()

    @work(thread=True, exit_on_error=False)
    def _import(self) -> None:
        from companion.io.plans import PlanFileError, load_plan

        store = self.app.store
        try:
            plan = load_plan(bundled_plan(DEMO_PLAN))
            if plan.imported_at is None:
                plan = plan.model_copy(update={"imported_at": self.app.now()})
            store.save_plan(plan)
            store.set_active(plan.id)
        except PlanFileError as exc:
            self.post_message(PlanNotImported("; ".join(str(i) for i in exc.issues)))
        except Exception as exc:  # noqa: BLE001 - shown on screen
            self.post_message(PlanNotImported(str(exc) or type(exc).__name__))
        else:
            self.post_message(PlanImported(plan.name))

    @on(PlanImported)
    def _imported(self, message: PlanImported) -> None:
        self.app.notify(f"Plan imported: {message.name}")
        self.dismiss(True)

    @on(PlanNotImported)
    def _failed(self, message: PlanNotImported) -> None:
        self.query_one("#welcome-problem", Label).update(f"Could not import: {message.error}")
