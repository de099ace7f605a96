"""The whole session at a glance: every exercise, how many of its sets are done."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from companion.domain.runner import ExerciseLine, Progress


def progress_text(progress: Progress) -> str:
    """``6 of 31 sets done · 2 skipped``: a skipped set is never counted as done."""
    text = f"{progress.done} of {progress.planned} sets done"
    return f"{text} · {progress.skipped} skipped" if progress.skipped else text


class SessionStrip(Static):
    """A sidebar list: ``✓`` finished, ``▶`` current, ``·`` still to come."""

    _drawn: Text | None = None

    def show(self, lines: list[ExerciseLine], progress: Progress) -> None:
        text = Text()
        text.append(progress_text(progress) + "\n", style="bold")
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
