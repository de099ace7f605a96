"""Swap an exercise: its easier and harder variants first, or search the whole catalogue."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from companion.domain.catalogue import Catalogue, normalise
from companion.ui.screens.dialogs import Dialog


class ExercisePicker(Dialog):
    def __init__(self, catalogue: Catalogue, exercise_id: str) -> None:
        super().__init__()
        self.catalogue, self.exercise_id = catalogue, exercise_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Label("Do instead — type to search, enter picks", classes="title")
            yield Input(placeholder="search exercises", id="search")
            yield OptionList(id="choices")

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, query: str) -> None:
        options: list[Option] = []
        if not query and self.exercise_id in self.catalogue:
            for word, variant in (
                ("easier", self.catalogue.easier(self.exercise_id)),
                ("harder", self.catalogue.harder(self.exercise_id)),
            ):
                if variant is not None:
                    options.append(Option(f"{variant.name}  ({word})", id=variant.id))
        words = normalise(query).split()
        for exercise in sorted(self.catalogue, key=lambda e: e.name):
            if exercise.id == self.exercise_id or any(o.id == exercise.id for o in options):
                continue
            haystack = normalise(" ".join([exercise.name, *exercise.aliases]))
            if all(w in haystack for w in words):
                options.append(Option(exercise.name, id=exercise.id))
        choices = self.query_one("#choices", OptionList)
        choices.clear_options()
        choices.add_options(options)
        if options:
            choices.highlighted = 0

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted)
    def _enter(self) -> None:
        choices = self.query_one("#choices", OptionList)
        if choices.highlighted is not None:
            picked = choices.get_option_at_index(choices.highlighted).id
            if picked is not None:
                self.dismiss(self.catalogue.get(picked))

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.catalogue.get(event.option.id))

    def key_down(self) -> None:
        self.query_one("#choices", OptionList).action_cursor_down()

    def key_up(self) -> None:
        self.query_one("#choices", OptionList).action_cursor_up()
