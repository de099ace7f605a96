"""Digits that grow with the terminal: Textual's three-row digits up to about 120×40, then a
block font drawn two, three… times larger, so a count is readable from across the gym."""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Size
from textual.widgets import Digits

# 3×5 pixels per character ("#" lit); anything not here is drawn as a blank
FONT = {
    "0": ["###", "# #", "# #", "# #", "###"],
    "1": [" # ", "## ", " # ", " # ", "###"],
    "2": ["###", "  #", "###", "#  ", "###"],
    "3": ["###", "  #", " ##", "  #", "###"],
    "4": ["# #", "# #", "###", "  #", "  #"],
    "5": ["###", "#  ", "###", "  #", "###"],
    "6": ["###", "#  ", "###", "# #", "###"],
    "7": ["###", "  #", "  #", "  #", "  #"],
    "8": ["###", "# #", "###", "# #", "###"],
    "9": ["###", "# #", "###", "  #", "###"],
    ":": [" ", "#", " ", "#", " "],
    ".": [" ", " ", " ", " ", "#"],
    "+": ["   ", " # ", "###", " # ", "   "],
    "-": ["   ", "   ", "###", "   ", "   "],
    "–": ["   ", "   ", "###", "   ", "   "],
    " ": ["  ", "  ", "  ", "  ", "  "],
}
ROWS = 5


def digit_scale(size: Size) -> int:
    """How many times larger than the block font's pixels to draw, for a terminal of ``size``:
    1 means Textual's own three-row digits (every size up to about 120×40)."""
    return max(1, min((size.width - 60) // 60, (size.height - 20) // 20))


def block_lines(value: str, scale: int) -> list[str]:
    """``value`` in the block font, each pixel ``2 × scale`` cells wide and ``scale`` high."""
    glyphs = [FONT.get(char, FONT[" "]) for char in value]
    lines = []
    for row in range(ROWS):
        pixels = " ".join(glyph[row] for glyph in glyphs)
        line = "".join(("█" if p == "#" else " ") * 2 * scale for p in pixels)
        lines.extend([line] * scale)
    return lines


class ScaledDigits(Digits):
    """A ``Digits`` whose size follows the terminal's (see :func:`digit_scale`)."""

    @property
    def scale(self) -> int:
        return digit_scale(self.app.size) if self.is_attached else 1

    def render(self) -> RenderResult:
        scale = self.scale
        if scale == 1:
            return super().render()
        return Text("\n".join(block_lines(self.value, scale)), style=self.rich_style)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        scale = self.scale
        if scale == 1:
            return super().get_content_width(container, viewport)
        return max((len(line) for line in block_lines(self.value, scale)), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        scale = self.scale
        return 3 if scale == 1 else ROWS * scale
