"""The athlete profile: age and sex pick the norms in the single-leg tests; the side-switch time
is the pause the runner gives between a LEFT and a RIGHT set."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Footer, Input, Label, RadioButton, RadioSet, Static

from companion.domain.session import DEFAULT_SIDE_SWITCH
from companion.training.today import BODYWEIGHT_SETTING, SIDE_SWITCH_SETTING
from companion.ui.screens.base import CompanionScreen

SEXES = {"female": "female", "male": "male", "not-given": None}
AGE_RANGE = (10, 120)
SWITCH_RANGE = (0, 60)
BODYWEIGHT_RANGE = (20.0, 300.0)
ABOUT = (
    "Age and sex choose the calf-raise norm the single-leg tests are read against. "
    "Body weight lets bodyweight-plus work (a calf raise at BW+15) be compared left against "
    "right by the load each side moved. "
    "The side switch is the pause between the left and the right set of one exercise."
)


class ProfileProblem(ValueError):
    """A value the profile does not accept; the message says what is accepted."""


def _whole(text: str, what: str, lo: int, hi: int, unit: str, blank: str) -> int:
    accepted = f"{what}: a whole number of {unit} {lo}–{hi}, or blank for {blank}"
    text = text.strip()
    if not text.isdigit():
        raise ProfileProblem(f"{text} is not accepted; {accepted}")
    value = int(text)
    if not lo <= value <= hi:
        raise ProfileProblem(f"{what} {value} is out of range; {accepted}")
    return value


def _bodyweight(text: str) -> float | None:
    """Kilograms, 20–300, a decimal point or comma allowed; blank: not given."""
    text = text.strip()
    if not text:
        return None
    accepted = "body weight: kilograms from 20 to 300 (e.g. 61.5), or blank for not given"
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ProfileProblem(f"{text} is not accepted; {accepted}") from None
    if not BODYWEIGHT_RANGE[0] <= value <= BODYWEIGHT_RANGE[1]:
        raise ProfileProblem(f"body weight {text} kg is out of range; {accepted}")
    return value


def profile_values(
    age: str, sex: str | None, side_switch: str, bodyweight: str = ""
) -> dict[str, Any]:
    """The settings to save; a blank age, body weight (or sex not given) removes it, a blank
    switch is 10 s."""
    values: dict[str, Any] = {
        "age": _whole(age, "age", *AGE_RANGE, "years", "not given") if age.strip() else None,
        "sex": sex if sex in ("female", "male") else None,
        BODYWEIGHT_SETTING: _bodyweight(bodyweight),
    }
    if side_switch.strip():
        values[SIDE_SWITCH_SETTING] = _whole(
            side_switch, "side switch", *SWITCH_RANGE, "seconds", f"{DEFAULT_SIDE_SWITCH}"
        )
    else:
        values[SIDE_SWITCH_SETTING] = DEFAULT_SIDE_SWITCH
    return values


@dataclass
class ProfileSaved(Message):
    values: dict[str, Any]


@dataclass
class ProfileNotSaved(Message):
    error: str


class ProfileScreen(CompanionScreen[bool]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="profile.save", priority=True),
        Binding("escape", "back", "Back", id="profile.back"),
    ]
    CSS = """
    ProfileScreen { align: center top; }
    #profile-body { width: 76; max-width: 100%; height: auto; padding: 1 2; margin-top: 1;
                    background: $panel; border: thick $primary; }
    #profile-body .title { text-style: bold; }
    #profile-about { margin-bottom: 1; color: $text-muted; }
    #profile-body .field { height: auto; margin-bottom: 1; }
    #profile-body .field-label { width: 14; padding: 0 1 0 0; }
    #profile-body Input { width: 1fr; }
    #profile-body .hint { width: auto; padding: 0 0 0 2; }
    #profile-body RadioSet { width: 1fr; layout: horizontal; }
    #profile-body Button { margin-top: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.saving = False

    def compose(self) -> ComposeResult:
        settings = self.app.store.settings()  # in memory, quick
        age = settings.get("age")
        sex = settings.get("sex")
        switch = settings.get(SIDE_SWITCH_SETTING, DEFAULT_SIDE_SWITCH)
        weight = settings.get(BODYWEIGHT_SETTING)
        with Vertical(id="profile-body"):
            yield Label("Athlete profile", classes="title")
            yield Static(ABOUT, id="profile-about")
            with Horizontal(classes="field"):
                yield Label("Age", classes="field-label")
                yield Input(
                    str(age) if isinstance(age, int) else "",
                    placeholder="years, 10–120 (blank: not given)",
                    id="profile-age", max_length=4, compact=True,
                )  # fmt: skip
                yield Label("years, 10–120 or blank", classes="hint")
            with Horizontal(classes="field"):
                yield Label("Sex", classes="field-label")
                with RadioSet(id="profile-sex", compact=True):
                    for key, value in SEXES.items():
                        label = key.replace("-", " ")
                        yield RadioButton(label, value=sex == value, id=f"sex-{key}")
            with Horizontal(classes="field"):
                yield Label("Side switch", classes="field-label")
                yield Input(
                    str(switch) if isinstance(switch, int) else str(DEFAULT_SIDE_SWITCH),
                    placeholder="seconds, 0–60 (blank: 10)",
                    id="profile-switch", max_length=4, compact=True,
                )  # fmt: skip
                yield Label(f"seconds, 0–60 (usual {DEFAULT_SIDE_SWITCH})", classes="hint")
            with Horizontal(classes="field"):
                yield Label("Body weight", classes="field-label")
                yield Input(
                    f"{weight:g}" if isinstance(weight, int | float) else "",
                    placeholder="kg (blank: not given)",
                    id="profile-bodyweight", max_length=6, compact=True,
                )  # fmt: skip
                yield Label("kg, 20–300 or blank", classes="hint")
            yield Label("", id="profile-problem", classes="problem")
            yield Button("Save (ctrl+s)", id="profile-save", variant="success", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#profile-age", Input).focus()

    def _chosen_sex(self) -> str | None:
        pressed = self.query_one(RadioSet).pressed_button
        key = (pressed.id or "").removeprefix("sex-") if pressed else "not-given"
        return SEXES.get(key)

    def action_save(self) -> None:
        if self.saving:
            return
        problem = self.query_one("#profile-problem", Label)
        try:
            values = profile_values(
                self.query_one("#profile-age", Input).value,
                self._chosen_sex(),
                self.query_one("#profile-switch", Input).value,
                self.query_one("#profile-bodyweight", Input).value,
            )
        except ProfileProblem as exc:
            problem.update(Text(str(exc)))
            return
        problem.update("saving…")
        self.saving = True
        self._save(values)

    @on(Input.Submitted)
    @on(Button.Pressed, "#profile-save")
    def _submitted(self) -> None:
        self.action_save()

    @work(thread=True, group="profile", exit_on_error=False)
    def _save(self, values: dict[str, Any]) -> None:
        try:
            self.app.store.save_settings(values)
        except Exception as exc:  # noqa: BLE001 - said on screen, the form stays filled
            self.post_message(ProfileNotSaved(str(exc) or type(exc).__name__))
        else:
            self.post_message(ProfileSaved(values))

    @on(ProfileSaved)
    def _saved(self, message: ProfileSaved) -> None:
        self.saving = False
        self.app.notify("Profile saved.", timeout=3)
        self.dismiss(True)

    @on(ProfileNotSaved)
    def _not_saved(self, message: ProfileNotSaved) -> None:
        self.saving = False
        self.query_one("#profile-problem", Label).update(f"NOT SAVED: {message.error}")

    def action_back(self) -> None:
        self.dismiss(False)
