"""A runner seen from the front and the back, each muscle shaded by its working sets in a week.

The figures are text art: a letter in the template marks a cell of a muscle region, anything
else is outline. A region's cells are drawn with a glyph whose density follows the level
(``·`` none to ``█`` most), coloured by the theme's level classes, so the map reads in light
and dark themes and even without colour.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable, Label

from companion.domain.models import Muscle
from companion.ui.history_data import HistoryData, monday
from companion.ui.widgets.history_base import HistoryView
from companion.ui.widgets.history_format import num

FRONT = r"""
      .---.
     (     )
      \   /
  .---'   '---.
 /SSS CCCCC SSS\
/SS/|CCCCCCC|\SS\
|AA||OKKKKKO||AA|
|AA||OKKKKKO||AA|
|AA||OKKKKKO||AA|
|A/ |HHH HHH| \A|
(_) |QQQ|QQQ| (_)
    |QQD|DQQ|
    |QQD|DQQ|
     \Q/ \Q/
     |T| |T|
     |T| |T|
     |T| |T|
    _/F| |F\_
"""

BACK = r"""
      .---.
     (     )
      \   /
  .---'   '---.
 /SSS UUUUU SSS\
/SS/|UUUUUUU|\SS\
|AA||UUUUUUU||AA|
|AA||LLLLLLL||AA|
|AA||MMLLLMM||AA|
|A/ |XXX XXX| \A|
(_) |XXX|XXX| (_)
    |NNN|NNN|
    |NNN|NNN|
     \N/ \N/
     |G| |G|
     |G| |G|
     |E| |E|
    _/F| |F\_
"""

REGIONS: dict[str, Muscle] = {
    "S": Muscle.SHOULDERS, "C": Muscle.CHEST, "A": Muscle.ARMS, "K": Muscle.CORE,
    "O": Muscle.OBLIQUES, "H": Muscle.HIP_FLEXORS, "Q": Muscle.QUADS, "D": Muscle.ADDUCTORS,
    "T": Muscle.TIBIALIS, "F": Muscle.FOOT_INTRINSICS, "U": Muscle.UPPER_BACK,
    "L": Muscle.LOWER_BACK, "M": Muscle.GLUTE_MED, "X": Muscle.GLUTE_MAX,
    "N": Muscle.HAMSTRINGS, "G": Muscle.GASTROCNEMIUS, "E": Muscle.SOLEUS,
}  # fmt: skip

GLYPHS = "·░▒▓█"
BOUNDS = (2.0, 4.0, 6.0)  # sets in a week: below 2 is level 1, 2-4 level 2, 4-6 level 3, 6+ 4
KEY = "· none  ░ under 2  ▒ 2–4  ▓ 4–6  █ 6+ sets"
GAP = 3


def level(sets: float) -> int:
    """0 for no work, then 1-4 by the sets of the week."""
    if sets <= 0:
        return 0
    return 1 + sum(sets >= bound for bound in BOUNDS)


def _lines(art: str) -> list[str]:
    return art.strip("\n").splitlines()


class BodyMap(Widget):
    """Front and back figures; ``sets`` maps each muscle to its working sets that week."""

    COMPONENT_CLASSES = {f"bodymap--level-{n}" for n in range(5)} | {"bodymap--outline"}

    DEFAULT_CSS = """
    BodyMap { width: 39; height: 19; padding: 0 1; }  /* 2 figures of 17, gap 3 */
    BodyMap > .bodymap--outline { color: $foreground 70%; }
    BodyMap > .bodymap--level-0 { color: $foreground 35%; }
    BodyMap > .bodymap--level-1 { color: $primary-lighten-2; }
    BodyMap > .bodymap--level-2 { color: $primary; }
    BodyMap > .bodymap--level-3 { color: $accent; }
    BodyMap > .bodymap--level-4 { color: $error; text-style: bold; }
    """

    sets: reactive[dict[Muscle, float]] = reactive(dict)
    highlight: reactive[Muscle | None] = reactive(None)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._drawn: tuple[object, Text] | None = None

    def render(self) -> Text:
        key = (tuple(sorted(self.sets.items())), self.highlight, self.app.theme)
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = (key, self._draw())
        return self._drawn[1]

    def _draw(self) -> Text:
        front, back = _lines(FRONT), _lines(BACK)
        width = max(len(line) for line in front + back)
        styles = [self.get_component_rich_style(f"bodymap--level-{n}") for n in range(5)]
        outline = self.get_component_rich_style("bodymap--outline")
        marked = {n: style + Style(reverse=True) for n, style in enumerate(styles)}
        text = Text(no_wrap=True)
        run: list[str] = []
        run_style = outline

        def put(char: str, style: Style) -> None:
            # one span per run of equal style: the map has hundreds of cells
            nonlocal run_style
            if style is not run_style and run:
                text.append("".join(run), run_style)
                run.clear()
            run_style = style
            run.append(char)

        for char in "front".center(width) + " " * GAP + "back".center(width) + "\n":
            put(char, outline)
        for row, (left, right) in enumerate(zip(front, back, strict=True)):
            for figure, line in ((0, left), (1, right)):
                for char in line.ljust(width):
                    muscle = REGIONS.get(char)
                    if muscle is None:
                        put(char, outline)
                        continue
                    n = level(self.sets.get(muscle, 0.0))
                    put(GLYPHS[n], marked[n] if muscle is self.highlight else styles[n])
                if figure == 0:
                    for char in " " * GAP:
                        put(char, outline)
            if row < len(front) - 1:
                put("\n", outline)
        text.append("".join(run), run_style)
        return text


class BodyMapView(HistoryView):
    """The map, the week it shows, and a legend of sets per muscle beside the 4-week average."""

    MAIN = "#bodymap-legend"  # what has the keys when the view is shown

    @staticmethod
    def prepare(data: HistoryData) -> None:
        """What it opens with: this week's sets per muscle."""
        data.muscles(data.today)

    DEFAULT_CSS = """
    BodyMapView { height: 1fr; }
    BodyMapView #bodymap-week { height: 1; padding: 0 1; text-style: bold; }
    BodyMapView #bodymap-body { height: 1fr; }
    BodyMapView #bodymap-legend { width: 1fr; height: 1fr; }
    BodyMapView #bodymap-key { height: 1; padding: 0 1; color: $text-muted; }
    """

    week: reactive[date | None] = reactive(None)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.data: HistoryData | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="bodymap-week")
        with Horizontal(id="bodymap-body"):
            yield BodyMap()
            table: DataTable[str] = DataTable(id="bodymap-legend", cursor_type="row")
            yield table
        yield Label(KEY, id="bodymap-key")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key in (("Muscle", "muscle"), ("Week", "week"), ("Avg 4 wk", "avg"),
                           ("", "level")):  # fmt: skip
            table.add_column(label, key=key)
        self.watch(self.screen, "focused", self._mark_region, init=False)

    def show(self, data: HistoryData) -> None:
        self.data = data
        if self.week is None:
            self.week = monday(data.today)
        else:
            self.redraw()

    def shift(self, weeks: int) -> None:
        """Move the week shown; it stays between the first week with sets and this week."""
        if self.data is None or self.week is None:
            return
        target = self.week + timedelta(weeks=weeks)
        target = max(self.data.first_week(), min(monday(self.data.today), target))
        if target == self.week:
            self.app.bell()
        self.week = target

    def watch_week(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        if self.data is None or self.week is None:
            return
        numbers = self.data.muscles(self.week)
        this_week = {m: numbers.get(m, (0.0, 0.0))[0] for m in Muscle}
        current = monday(self.data.today)
        ago = (current - self.week).days // 7
        when = "this week" if ago == 0 else "last week" if ago == 1 else f"{ago} weeks ago"
        self.query_one("#bodymap-week", Label).update(
            f"Week of {self.week:%a %d %b %Y} ({when}) · [ earlier · ] later"
        )
        self.query_one(BodyMap).sets = this_week
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for muscle in Muscle:
            week, avg = numbers.get(muscle, (0.0, 0.0))
            table.add_row(muscle.label, num(week), num(avg), GLYPHS[level(week)], key=muscle.value)
        if 0 <= row < table.row_count:
            table.move_cursor(row=row)

    @on(DataTable.RowHighlighted, "#bodymap-legend")
    def _highlight(self) -> None:
        self._mark_region()

    def _mark_region(self, *_: object) -> None:
        """While the legend has focus, its highlighted muscle shows reversed on the map."""
        table = self.query_one(DataTable)
        muscle = None
        # the screen's focus, not the table's ``has_focus``: that follows a moment later, so
        # the screen's ``focused`` watcher would find it still unset
        if self.screen.focused is table and table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            muscle = Muscle(key) if key else None
        self.query_one(BodyMap).highlight = muscle

    def focus_main(self) -> None:
        self.query_one(self.MAIN).focus()
