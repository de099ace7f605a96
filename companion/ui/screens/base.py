"""The screens' common base: ``self.app`` typed as the companion app, so a screen reaches the
store, the catalogue and the day with their types (no ``type: ignore``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen

if TYPE_CHECKING:
    from companion.ui.app import CompanionApp

R = TypeVar("R")


class CompanionScreen(Screen[R]):
    if TYPE_CHECKING:
        app: CompanionApp
