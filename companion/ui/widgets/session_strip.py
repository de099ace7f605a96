"""The whole session at a glance: every exercise, how many of its sets are done."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from companion.domain.runner import ExerciseLine, Progress


class SessionStrip(Static):
    """A sidebar list: ``✓`` finished, ``▶`` current, ``·`` still to come."""

    _drawn: Text | None = None

    def show(self, lines: list[ExerciseLine], progress: Progress) -> None:
        text = Text()
        text.append(f"{progress.settled}/{progress.planned} sets", style="bold")
        if progress.skipped:
            text.append(f" ({progress.skipped} skipped)", style="dim")
        text.append("\n")
        for line in lines:
            if line.current:
                mark, style = "▶", "bold reverse"
            elif line.finished:
                mark, style = "✓", "dim"
            else:
                mark, style = "·", ""
            text.append(f"\n{mark} ", style="bold")
            text.append(line.name, style=style)
            counts = f" {line.done}/{line.total}"
            if line.skipped:
                counts += f" −{line.skipped}"
            text.append(counts, style="dim" if not line.current else "bold")
        if text != self._drawn:
            self._drawn = text
            self.update(text)
