"""The history hub on the six-month demo history: what the athlete sees in each view."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest
from rich.text import Text
from textual.app import App
from textual.widgets import DataTable, Input, Label, TabbedContent
from textual_plotext import PlotextPlot

from companion.demo import create_demo
from companion.domain.catalogue import builtin
from companion.domain.insights import muscle_sets
from companion.domain.insights_records import record_marks
from companion.domain.models import AssessmentResult, Muscle, Side
from companion.store import Store
from companion.store.files import digests_path, segment_numbers, segment_path
from companion.ui.app import make_app
from companion.ui.history_data import HistoryData
from companion.ui.screens.history_screen import VIEWS, HistoryScreen
from companion.ui.screens.history_session import HistorySessionScreen
from companion.ui.widgets.history_bodymap import BodyMap, level
from companion.ui.widgets.history_views import warm_history

TODAY = date(2026, 11, 20)  # a Friday; the demo's last session is Thursday 19 November
SIZE = (100, 30)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "companion.json"
    create_demo(path, today=TODAY)
    return path


@pytest.fixture
def demo(demo_db: Path) -> Iterator[Store]:
    store = Store.open(demo_db)
    try:
        yield store
    finally:
        store.close()


class Host(App[None]):
    """A bare app that opens the history hub on one view, as the real app will."""

    def __init__(self, store: Store, tab: str = "history") -> None:
        super().__init__()
        self.store, self.tab = store, tab
        self.catalogue = builtin()
        self.rang = 0

    def on_mount(self) -> None:
        self.push_screen(HistoryScreen(self.store, TODAY, tab=self.tab))

    def bell(self) -> None:
        self.rang += 1


async def ready(pilot) -> HistoryScreen:  # noqa: ANN001
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


def cells(table: DataTable, row: int) -> list[str]:
    return [str(c) for c in table.get_row_at(row)]


def drawn(chart: PlotextPlot) -> str:
    """The chart as the athlete reads it, colours dropped."""
    return Text.from_ansi(chart.plt.build()).plain


def column(table: DataTable, key: str) -> list[str]:
    return [str(c) for c in table.get_column(key)]


# --- history table and one session ----------------------------------------------------------


async def test_history_lists_every_session_newest_first(demo: Store) -> None:
    async with Host(demo).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        table = screen.query_one("#history-table", DataTable)
        assert table.row_count == len(demo.sessions()) == 50
        last = demo.sessions()[-1]
        first = cells(table, 0)
        assert first[0] == "2026-11-19" == last.day.isoformat()
        assert first[4] == f"{len(demo.session_sets(last.id))}/{last.planned_sets}"
        assert "50 sessions" in str(screen.query_one("#history-status", Label).content)
        assert table.has_focus


async def test_filter_by_exercise_keeps_only_sessions_that_did_it(demo: Store) -> None:
    with_thrust = {
        s.id for s in demo.sessions()
        if any(r.exercise_id == "hip-thrust" and not r.warmup for r in demo.session_sets(s.id))
    }  # fmt: skip
    assert 0 < len(with_thrust) < 50
    async with Host(demo).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        screen.query_one("#history-exercise").value = "hip-thrust"
        await pilot.pause()
        table = screen.query_one("#history-table", DataTable)
        assert {k.value for k in table.rows} == with_thrust
        assert f"{len(with_thrust)} of 50 sessions" in str(
            screen.query_one("#history-status", Label).content
        )


async def test_date_range_and_a_bad_date(demo: Store) -> None:
    async with Host(demo).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        table = screen.query_one("#history-table", DataTable)
        await pilot.click("#history-from")
        await pilot.press(*"2026-11-01")
        await pilot.pause()
        assert column(table, "date") == [
            "2026-11-19", "2026-11-16", "2026-11-12", "2026-11-09", "2026-11-05", "2026-11-02",
        ]  # fmt: skip
        await pilot.click("#history-to")
        await pilot.press(*"2026-13-01", "enter")
        await pilot.pause()
        status = screen.query_one("#history-status", Label)
        assert "not a date" in str(status.content) and "YYYY-MM-DD" in str(status.content)
        assert status.has_class("-error")
        assert table.row_count == 6  # the last good filter stays


async def test_enter_opens_the_session_with_every_set(demo: Store) -> None:
    async with Host(demo).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("down", "enter")  # the second newest: Monday 16 November
        await pilot.pause()
        detail = pilot.app.screen
        assert isinstance(detail, HistorySessionScreen)
        session = next(s for s in demo.sessions() if s.day == date(2026, 11, 16))
        sets = demo.session_sets(session.id)
        table = detail.query_one(DataTable)
        assert table.row_count == len(sets)
        assert cells(table, 0)[0] == "Rear-foot-elevated split squat"
        assert cells(table, 0)[1] == ("w1" if sets[0].warmup else "1")
        assert cells(table, 0)[2] == "Left"
        info = str(detail.query_one("#session-info").content)
        assert "2026-11-16" in info
        marks = [m for m in record_marks(demo.sets()) if m.session_id == session.id]
        assert info.count("★") == len(marks)  # the record book's count, as on the list
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen


async def test_a_session_opened_before_the_sets_file_is_read_shows_its_sets_when_read(
    restarted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Right after a start the sets file may not be read yet (a quarter of a second or more
    with years of sets): the session opens at once with its header and says its sets are
    being read; they fill in when read, and the screen was never held up meanwhile."""
    release = threading.Event()
    real = Store.session_sets

    def slow(self: Store, session_id: str) -> list:  # noqa: ANN401
        assert release.wait(10)
        return real(self, session_id)

    monkeypatch.setattr(Store, "load_sets", lambda self: None)  # the background read: not yet
    with Store.open(restarted) as store:
        newest = store.sessions()[-1]
        async with Host(store).run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            assert screen.data is not None and not store.sets_ready()
            monkeypatch.setattr(Store, "session_sets", slow)
            await pilot.press("enter")
            await pilot.pause()
            detail = pilot.app.screen
            assert isinstance(detail, HistorySessionScreen)
            table = detail.query_one(DataTable)
            status = detail.query_one("#session-status", Label)
            assert table.row_count == 0 and status.display
            assert "Reading this session's sets" in str(status.content)
            assert "2026-11-19" in str(detail.query_one("#session-info").content)
            release.set()
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            monkeypatch.setattr(Store, "session_sets", real)
            assert table.row_count == len(store.session_sets(newest.id)) > 0
            assert not status.display and table.has_focus
            await pilot.press("escape")
            await pilot.pause()
            assert pilot.app.screen is screen


async def test_a_session_whose_sets_cannot_be_read_says_so(
    restarted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion.store import StoreError

    def broken(self: Store, session_id: str) -> list:  # noqa: ANN401
        raise StoreError("could not read the sets file: permission denied")

    monkeypatch.setattr(Store, "load_sets", lambda self: None)  # the background read: not yet
    with Store.open(restarted) as store:
        async with Host(store).run_test(size=SIZE) as pilot:
            await ready(pilot)
            monkeypatch.setattr(Store, "session_sets", broken)
            await pilot.press("enter")
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            detail = pilot.app.screen
            assert isinstance(detail, HistorySessionScreen)
            status = detail.query_one("#session-status", Label)
            assert "Could not read this session's sets: could not read the sets file" in str(
                status.content
            )
            assert status.has_class("-error") and status.display
            assert "2026-11-19" in str(detail.query_one("#session-info").content)


# --- progress -------------------------------------------------------------------------------


async def test_progress_charts_one_exercise_per_side(demo: Store) -> None:
    calf = [r for r in demo.sets("single-leg-calf-raise") if not r.warmup and not r.skipped]
    days = sorted({r.at.date() for r in calf})
    last_left = max(r.load or 0 for r in calf if r.side is Side.LEFT and r.at.date() == days[-1])
    async with Host(demo, "progress").run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.query_one("#progress-exercise").value == "single-leg-calf-raise"
        chart = screen.query_one("#progress-chart", PlotextPlot)
        assert "Top-set load (kg)" in drawn(chart)
        table = screen.query_one("#progress-table", DataTable)
        assert table.row_count == len(days)
        assert [str(c.label) for c in table.columns.values()] == ["Date", "Left", "Right"]
        assert cells(table, 0)[1] == f"{last_left:g}"
        for _ in range(3):
            await pilot.press("m")
        await pilot.pause()
        assert "LSI %" in drawn(chart)
        assert [str(c.label) for c in table.columns.values()][-2:] == ["LSI", "Band"]
        left, right = (float(x) for x in cells(table, 0)[1:3])
        expected = min(left, right) / max(left, right) * 100
        assert float(cells(table, 0)[3]) == pytest.approx(expected, abs=0.05)
        assert set(column(table, "band")) <= {"ok", "watch", "flag"}


# --- body map -------------------------------------------------------------------------------


async def test_body_map_shades_this_week_and_moves_back(demo: Store) -> None:
    catalogue = builtin()
    sets = [r for r in demo.sets() if not r.warmup and not r.skipped]
    this_week = muscle_sets(sets, catalogue, TODAY)
    last_week = muscle_sets(sets, catalogue, TODAY - timedelta(weeks=1))
    async with Host(demo, "bodymap").run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        label = screen.query_one("#bodymap-week", Label)
        assert "16 Nov 2026 (this week)" in str(label.content)
        legend = screen.query_one("#bodymap-legend", DataTable)
        assert legend.row_count == len(Muscle) == 17
        row = cells(legend, 0)
        assert row[0] == "glute max" and float(row[1]) == this_week[Muscle.GLUTE_MAX]
        body = screen.query_one(BodyMap)
        assert body.sets[Muscle.GLUTE_MAX] == this_week[Muscle.GLUTE_MAX]
        drawn = str(body.render())
        assert "front" in drawn and "back" in drawn
        assert "█" in drawn  # glute max: 6+ sets
        assert level(this_week[Muscle.GLUTE_MAX]) == 4
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "(last week)" in str(label.content)
        assert float(cells(legend, 2)[1]) == last_week.get(Muscle.HAMSTRINGS, 0)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert "(this week)" in str(label.content)
        assert pilot.app.rang == 1  # no week after this one


async def test_the_legend_marks_its_muscle_on_the_map_while_it_has_the_keys(demo: Store) -> None:
    """Opened on the body map, the legend has the keys and its first muscle shows reversed on
    the map (every time, however the focus and the read interleave); moving down the legend
    moves the mark, and it goes when the keys go elsewhere."""
    for _ in range(3):
        async with Host(demo, "bodymap").run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            body = screen.query_one(BodyMap)
            assert screen.focused is screen.query_one("#bodymap-legend", DataTable)
            assert body.highlight is Muscle.GLUTE_MAX
    async with Host(demo, "bodymap").run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        body = screen.query_one(BodyMap)
        await pilot.press("down")
        await pilot.pause()
        assert body.highlight is list(Muscle)[1]
        screen.set_focus(None)
        await pilot.pause()
        assert body.highlight is None


# --- records, assessments, consistency ------------------------------------------------------


async def test_records_show_the_heaviest_set_and_its_day(demo: Store) -> None:
    thrust = [r for r in demo.sets("hip-thrust") if not r.warmup and not r.skipped]
    top = max(thrust, key=lambda r: (r.load or 0, r.reps or 0, -r.at.timestamp()))
    async with Host(demo, "records").run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        table = screen.query_one("#records-table", DataTable)
        row = table.get_row("hip-thrust:both:heaviest")
        assert str(row[3]) == f"{top.load:g} kg × {top.reps}"
        assert str(row[4]) == top.at.date().isoformat()
        keys = {k.value for k in table.rows}
        assert "single-leg-calf-raise:left:heaviest" in keys
        assert "single-leg-calf-raise:right:heaviest" in keys
        assert "side-plank:left:longest hold" in keys


async def test_assessments_show_lsi_and_band(demo: Store) -> None:
    calf = [a for a in demo.assessments() if a.test_id == "single-leg-calf-raise"]
    newest, oldest = calf[-1], calf[0]
    async with Host(demo, "assessments").run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        table = screen.query_one("#assess-table", DataTable)
        top = cells(table, 0)
        assert top[0] == "Single-leg calf raise" and top[1] == newest.day.isoformat()
        lsi_new = min(newest.left, newest.right) / max(newest.left, newest.right) * 100
        assert float(top[4]) == pytest.approx(lsi_new, abs=0.05)
        bottom = cells(table, len(calf) - 1)
        assert bottom[1] == oldest.day.isoformat()
        # the demo's left calf starts near 80 % of the right: flagged, then fine by the end
        assert (bottom[5], top[5]) == ("flag", "ok")
        assert "Latest LSI: Single-leg calf raise" in str(
            screen.query_one("#assess-info", Label).content
        )
        assert screen.query_one("#assess-chart", PlotextPlot)


async def test_consistency_shows_adherence_and_streak(demo: Store) -> None:
    async with Host(demo, "consistency").run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        info = str(screen.query_one("#consistency-info", Label).content)
        # two sessions a week for 26 weeks, one week away (week 12): 48 of 50 done so far
        assert "adherence 96 %" in info and "(48 of 50 sessions)" in info
        assert "current streak 14 weeks" in info  # weeks 13-25 and this week, done
        table = screen.query_one("#consistency-table", DataTable)
        assert table.row_count == 26
        assert cells(table, 0)[5] == "this week"
        assert table.get_row("12")[3:6] == ["0 %", "○○", "missed 2"]


async def test_consistency_puts_the_runs_beside_the_strength_weeks(tmp_path: Path) -> None:
    from datetime import datetime

    from companion.domain.models import Run

    path = tmp_path / "companion.json"
    create_demo(path, today=TODAY)

    def run(day: date, km: float, pace: int) -> Run:
        return Run(started_at=datetime.combine(day, datetime.min.time()).replace(hour=7),
                   distance_m=km * 1000, moving_s=km * pace, avg_hr=140)  # fmt: skip

    with Store.open(path) as store:
        store.add_runs([run(date(2026, 11, 2), 8, 330), run(date(2026, 11, 4), 10, 320),
                        run(date(2026, 11, 8), 16, 340), run(date(2026, 11, 10), 8, 330),
                        run(date(2026, 11, 15), 18, 340), run(date(2026, 11, 17), 8, 330),
                        run(date(2026, 11, 18), 6, 290)])  # fmt: skip
        async with Host(store, "consistency").run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            strip = screen.query_one("#consistency-weeks", Label)
            assert strip.display
            lines = str(strip.content).splitlines()
    assert lines[0].startswith("Week of") and len(lines) == 9
    # this week: two runs (the 6 km the fastest of them) and the demo's two sessions
    assert lines[-1].startswith("16 Nov") and "14.0 km in 2 (1 hard)" in lines[-1]
    assert lines[-1].endswith("●●")
    assert "26.0 km in 2 (1 long)" in lines[-2]  # the week of 9 November (Sunday 15th: 18 km)
    assert "  0.0 km in 0" in lines[1] and lines[1].endswith("●●")  # eight weeks back


# --- keys, sizes, data ----------------------------------------------------------------------


async def test_number_keys_switch_views_and_escape_leaves(demo: Store) -> None:
    async with Host(demo).run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        tabs = screen.query_one(TabbedContent)
        for key, view in zip("234561", ("progress", "bodymap", "records", "assessments",
                                        "consistency", "history"), strict=True):  # fmt: skip
            await pilot.press(key)
            await pilot.pause()
            assert tabs.active == view
            assert screen.data is not None and view in screen._shown
            if view == "bodymap":  # the whole figure fits at 80 × 24, above key and footer
                body = screen.query_one(BodyMap).region
                assert body.height == 19 and body.bottom <= 22
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, HistoryScreen)


async def test_an_empty_history_says_so(tmp_path: Path) -> None:
    with Store.open(tmp_path / "empty.json") as store:
        async with Host(store, "records").run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            assert "No records yet" in str(screen.query_one("#records-info", Label).content)
            for key, widget, text in (
                ("6", "#consistency-info", "No plan yet"),
                ("5", "#assess-info", "No assessments yet"),
                ("2", "#progress-info", "Nothing recorded yet"),
            ):
                await pilot.press(key)
                await pilot.pause()
                assert text in str(screen.query_one(widget, Label).content)
            await pilot.press("1")
            assert screen.query_one("#history-table", DataTable).row_count == 0


def test_history_data_is_reused_until_the_history_changes(demo_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.json"
    copy_database(demo_db, copy)
    with Store.open(copy) as store:
        first = HistoryData.get(store, builtin(), TODAY)
        assert HistoryData.get(store, builtin(), TODAY) is first
        assert HistoryData.get(store, builtin(), TODAY + timedelta(days=1)) is not first
        store.add_assessments(
            [AssessmentResult(test_id="side-plank", day=TODAY, left=60, right=64)]
        )
        fresh = HistoryData.get(store, builtin(), TODAY)
        assert fresh is not first and len(fresh.assessments) == len(first.assessments) + 1


def test_the_session_rows_are_made_once_per_history(demo_db: Path, tmp_path: Path) -> None:
    from companion.ui.widgets.history_table import session_table

    copy = tmp_path / "copy.json"
    copy_database(demo_db, copy)
    with Store.open(copy) as store:
        data = warm_history(store, builtin(), TODAY)  # the warm-up makes the table's rows
        rows = session_table(data)
        assert session_table(data) is rows and len(rows.rows) == len(data.rows())
        store.add_assessments(
            [AssessmentResult(test_id="side-plank", day=TODAY, left=60, right=64)]
        )
        fresh = warm_history(store, builtin(), TODAY)
        assert fresh is not data and session_table(fresh) is not rows


def test_an_edited_past_set_shows_in_the_history_at_once(demo_db: Path, tmp_path: Path) -> None:
    """Same counts, different data: an edit of a finished set is not hidden by the cache."""
    copy = tmp_path / "copy.json"
    copy_database(demo_db, copy)
    with Store.open(copy) as store:
        first = HistoryData.get(store, builtin(), TODAY)
        last = first.sessions[-1]
        top = max(store.session_sets(last.id), key=lambda r: r.load or 0)
        store.replace_set(top.model_copy(update={"load": (top.load or 0) + 100}))
        fresh = HistoryData.get(store, builtin(), TODAY)
        assert fresh is not first
        assert fresh.rows()[0].volume == first.rows()[0].volume + 100 * (top.reps or 0)


def test_warm_history_reads_once_however_many_threads_ask(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "copy.json"
    copy_database(demo_db, copy)
    loads = []
    real = HistoryData.load.__func__  # type: ignore[attr-defined]

    def counted(cls, *args):  # noqa: ANN001, ANN202
        loads.append(args)
        return real(cls, *args)

    monkeypatch.setattr(HistoryData, "load", classmethod(counted))
    with Store.open(copy) as store:
        assert HistoryData.cached(store, TODAY) is None
        with ThreadPoolExecutor(4) as pool:
            got = list(pool.map(lambda _: warm_history(store, builtin(), TODAY), range(4)))
        assert len(loads) == 1 and all(d is got[0] for d in got)
        assert HistoryData.cached(store, TODAY, warmed=True) is got[0]
        assert warm_history(store, builtin(), TODAY) is got[0] and len(loads) == 1


async def test_a_warmed_history_opens_without_reading(demo: Store) -> None:
    data = warm_history(demo, builtin(), TODAY)
    async with Host(demo).run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, HistoryScreen) and screen.data is data
        assert not [w for w in pilot.app.workers if w.group == "history-load"]
        assert screen.query_one("#history-table", DataTable).row_count == 50
        await pilot.press("6")  # the other views are built after the first is drawn
        await pilot.pause()
        assert "adherence 96 %" in str(screen.query_one("#consistency-info", Label).content)


async def test_the_hidden_views_are_filled_once_the_first_is_drawn(demo: Store) -> None:
    """Switching to a view later only draws it: each is built and filled in the background,
    with the same data it would get when first shown."""
    async with Host(demo).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        for _ in range(20):
            if screen._shown == set(VIEWS):
                break
            await pilot.pause()
        assert screen._shown == set(VIEWS) and screen.active == "history"
        assert screen.query_one("#progress-exercise").value == "single-leg-calf-raise"
        await pilot.press("2")
        await pilot.pause()
        calf = {r.at.date() for r in demo.sets("single-leg-calf-raise") if not r.warmup}
        assert screen.query_one("#progress-table", DataTable).row_count == len(calf)
        assert "Top-set load (kg)" in drawn(screen.query_one("#progress-chart", PlotextPlot))


def test_an_unknown_view_is_refused(demo: Store) -> None:
    with pytest.raises(ValueError, match="the views are history, progress, bodymap"):
        HistoryScreen(demo, TODAY, tab="charts")


# --- snapshots ------------------------------------------------------------------------------


async def _settle(pilot) -> None:  # noqa: ANN001
    await ready(pilot)


class TestSnapshots:
    @pytest.mark.parametrize(
        "tab", ["history", "progress", "bodymap", "records", "assessments", "consistency"]
    )
    def test_view(self, snap_compare, demo: Store, tab: str) -> None:  # noqa: ANN001
        assert snap_compare(Host(demo, tab), terminal_size=SIZE, run_before=_settle)

    def test_symmetry_chart(self, snap_compare, demo: Store) -> None:  # noqa: ANN001
        async def symmetry(pilot) -> None:  # noqa: ANN001
            await ready(pilot)
            await pilot.press("m", "m", "m")

        assert snap_compare(Host(demo, "progress"), terminal_size=SIZE, run_before=symmetry)

    def test_one_session(self, snap_compare, demo: Store) -> None:  # noqa: ANN001
        async def open_one(pilot) -> None:  # noqa: ANN001
            await ready(pilot)
            await pilot.press("enter")

        assert snap_compare(Host(demo), terminal_size=SIZE, run_before=open_one)


async def test_long_tables_fill_a_screenful_first_and_a_refill_replaces_the_rest() -> None:
    from companion.ui.widgets import history_rows

    class Tables(App[None]):
        def compose(self):  # noqa: ANN202
            yield DataTable()

    async with Tables().run_test(size=SIZE) as pilot:
        table = pilot.app.query_one(DataTable)
        table.add_column("n", key="n")
        history_rows.fill(table, range(1000), lambda n: ((str(n),), f"a{n}"))
        assert table.row_count == SIZE[1]  # what the first frame draws: a screenful
        await pilot.pause()
        history_rows.clear(table)  # the filter changed: the rest of the old rows never come
        history_rows.fill(table, range(120), lambda n: ((f"b{n}",), None))
        for _ in range(10):
            await pilot.pause()
        assert table.row_count == 120
        assert [str(c) for c in table.get_column("n")][:2] == ["b0", "b1"]


async def test_filled_columns_are_as_wide_as_measuring_makes_them() -> None:
    """``fill`` gives the columns their final widths up front, from the cells' text; the
    table ends up as wide as one that was given every row at once."""
    from companion.ui.widgets import history_rows

    rows = [
        ("plain", "[b]bold[/b]", Text("styled", style="red"), "x"),
        ("a little longer", "tea :coffee:", Text(""), None),
        ("", "a [not markup", Text("two\nlines"), "★ 12"),
        ("日本語の表", "–", Text("y"), "naïve"),  # wide and non-ASCII text: measured by cells
    ]

    class Tables(App[None]):
        def compose(self):  # noqa: ANN202
            yield DataTable(id="measured")
            yield DataTable(id="sized")

    async with Tables().run_test(size=SIZE) as pilot:
        measured = pilot.app.query_one("#measured", DataTable)
        sized = pilot.app.query_one("#sized", DataTable)
        for table in (measured, sized):
            table.add_columns("A", "B", "C", "Longer label")
        for cells in rows:
            measured.add_row(*cells)
        history_rows.fill(sized, rows, lambda cells: (cells, None))
        await pilot.pause()
        widths = [c.get_render_width(sized) for c in sized.ordered_columns]
        assert widths == [c.get_render_width(measured) for c in measured.ordered_columns]
        assert sized.virtual_size == measured.virtual_size


def test_long_series_are_thinned_to_the_best_of_each_slice() -> None:
    from companion.ui.widgets.history_chart import thin

    assert thin([0, 5, 9], [1.0, 3.0, 2.0]) == ([0, 5, 9], [1.0, 3.0, 2.0])
    xs = list(range(1000))
    ys = [float(x % 7) for x in xs]
    kept_x, kept_y = thin(xs, ys, limit=50)
    assert len(kept_x) <= 50 and kept_x == sorted(kept_x)
    assert set(kept_y) == {6.0}  # every slice of 20 days holds a 6, the best
    _, lows = thin(xs, ys, limit=50, lowest=True)
    assert set(lows) == {0.0}  # for LSI the worst day of a slice is the one to see


def copy_database(source: Path, target: Path) -> None:
    """The history file and the sets' segments beside it."""
    target.write_bytes(source.read_bytes())
    for n in segment_numbers(source):
        segment_path(target, n).write_bytes(segment_path(source, n).read_bytes())


def test_warming_the_history_stops_when_asked_and_leaves_nothing_half_done(demo: Store) -> None:
    from companion.store import Stopped
    from companion.ui.widgets.history_views import warm_history

    with pytest.raises(Stopped):
        warm_history(demo, builtin(), TODAY, stop=lambda: True)
    assert HistoryData.cached(demo, TODAY, warmed=True) is None
    looks = []

    def go_on() -> bool:
        looks.append(1)
        return False

    warm_history(demo, builtin(), TODAY, stop=go_on)
    assert len(looks) > 5  # asked between every step
    assert HistoryData.cached(demo, TODAY, warmed=True) is not None


# --- the digests kept on disk, and the sessions listed while they are made ----------------------
@pytest.fixture
def restarted(demo_db: Path, tmp_path: Path) -> Path:
    """A copy of the demo whose history a previous run of the app has read (its digests kept)."""
    copy = tmp_path / "copy.json"
    copy_database(demo_db, copy)
    with Store.open(copy) as store:
        warm_history(store, builtin(), TODAY)
    return copy


async def shown_before_the_read(pilot) -> tuple[HistoryScreen, DataTable]:  # noqa: ANN001
    """The history screen and its sessions table, a first screenful on it and focused, while
    the history is still being read."""
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen) and screen.data is None
    table = screen.query_one("#history-table", DataTable)
    assert table.row_count == 50 and table.has_focus
    return screen, table


@pytest.fixture
def slow_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The history read waits until the event is set, as a long one would."""
    release = threading.Event()
    real = HistoryData.get.__func__  # type: ignore[attr-defined]

    def slow(cls, *args):  # noqa: ANN001, ANN202
        assert release.wait(10)
        return real(cls, *args)

    monkeypatch.setattr(HistoryData, "get", classmethod(slow))
    yield release
    release.set()


async def test_with_nothing_kept_h_lists_the_sessions_and_counts_their_sets_after(
    demo_db: Path, tmp_path: Path, slow_read: threading.Event
) -> None:
    """The first open with no digests kept (every set must be read): each session's date, plan,
    title, minutes and RPE at once (from the history file); the filters and the other views
    wait for the read, and a session chosen meanwhile opens when it is done; sets, volume and
    records come with the read, the cursor left where the athlete put it."""
    from textual.widgets import Select, TabPane

    copy = tmp_path / "copy.json"
    copy_database(demo_db, copy)
    digests_path(copy).unlink(missing_ok=True)
    with Store.open(copy) as store:
        newest = store.sessions()[-1]
        monday = next(s for s in store.sessions() if s.day == date(2026, 11, 16))
        async with Host(store).run_test(size=SIZE) as pilot:
            screen, table = await shown_before_the_read(pilot)
            first = cells(table, 0)
            assert first[0] == "2026-11-19" and first[2] == "Hips, hamstrings and …"
            assert first[4] == f"…/{newest.planned_sets}" and first[5] == "…"
            status = str(screen.query_one("#history-status", Label).content)
            assert "50 sessions · counting sets, volume and records" in status
            assert screen.query_one("#history-exercise", Select).disabled
            await pilot.press("2")  # not read yet: the view says it is loading
            await pilot.pause()
            assert screen.query_one("#progress", TabPane).loading
            await pilot.press("1", "down", "enter")  # Monday 16 November, asked for early
            await pilot.pause()
            assert pilot.app.screen is screen
            slow_read.set()
            await pilot.app.workers.wait_for_complete()
            for _ in range(10):
                await pilot.pause()
            detail = pilot.app.screen
            assert isinstance(detail, HistorySessionScreen)
            assert detail.session_log.id == monday.id
            await pilot.press("escape")
            await pilot.pause()
            assert screen.data is not None and not screen.query_one("#progress", TabPane).loading
            assert not screen.query_one("#history-exercise", Select).disabled
            first = cells(table, 0)
            assert first[4] == f"{len(store.session_sets(newest.id))}/{newest.planned_sets}"
            assert first[5].endswith("kg") and table.cursor_row == 1
            assert "Enter opens a session" in str(screen.query_one("#history-status").content)


async def test_a_failed_read_behind_the_listed_sessions_says_so(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion.store import StoreError

    def broken(cls, *args):  # noqa: ANN001, ANN202
        raise StoreError("could not read the sets file: permission denied")

    monkeypatch.setattr(HistoryData, "get", classmethod(broken))
    copy = tmp_path / "copy.json"
    copy_database(demo_db, copy)
    with Store.open(copy) as store:
        async with Host(store).run_test(size=SIZE) as pilot:
            screen = pilot.app.screen
            status = screen.query_one("#history-status", Label)
            for _ in range(20):  # the read fails in its worker
                await pilot.pause()
                if status.has_class("-error"):
                    break
            assert isinstance(screen, HistoryScreen) and screen.data is None
            assert screen.query_one("#history-table", DataTable).row_count == 50
            assert "Could not read the history: could not read the sets file" in str(status.content)
            assert status.has_class("-error")


async def test_after_a_restart_h_draws_every_total_from_the_kept_digests(
    restarted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No set is read: the sessions table opens complete, totals and record marks included."""

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("every set was read")

    monkeypatch.setattr(Store, "sets", refuse)
    with Store.open(restarted) as store:
        assert store.history_index_ready()
        newest = store.sessions()[-1]
        async with Host(store).run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            table = screen.query_one("#history-table", DataTable)
            first = cells(table, 0)
            assert first[0] == "2026-11-19" and first[5].endswith("kg")
            monkeypatch.undo()
            assert first[4] == f"{len(store.session_sets(newest.id))}/{newest.planned_sets}"
            assert any("★" in "".join(cells(table, n)) for n in range(table.row_count))


@pytest.mark.parametrize("broken", ["", "{not json", '{"format": 1}\n{}', "[]\n[]"])
async def test_a_broken_digest_file_is_made_again(restarted: Path, broken: str) -> None:
    digests_path(restarted).write_text(broken)
    with Store.open(restarted) as store:
        assert not store.history_index_ready()
        async with Host(store).run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            assert screen.query_one("#history-table", DataTable).row_count == 50
            assert cells(screen.query_one("#history-table", DataTable), 0)[5].endswith("kg")
            assert "Enter opens a session" in str(screen.query_one("#history-status").content)
        assert store.history_index_ready()


async def test_h_at_a_restart_shows_the_latest_sessions_complete_then_reads_the_rest(
    restarted: Path, monkeypatch: pytest.MonkeyPatch, slow_read: threading.Event
) -> None:
    """At a restart, ``h`` before the background read: the first frame lists a screenful of
    the latest sessions from the kept digests, totals and record marks included, and no set is
    read; the filters wait for the rest of the history, read behind them and added after
    them, the cursor staying where the athlete moved it."""
    from companion.ui.widgets import history_rows
    from companion.ui.widgets.history_table import session_table

    monkeypatch.setattr(history_rows, "FIRST_PAGE", 30)  # a short terminal's screenful

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("every set was read")

    monkeypatch.setattr(Store, "sets", refuse)
    async with app_at_a_restart(restarted, monkeypatch).run_test(size=SIZE) as pilot:
        await on_home(pilot)
        store = pilot.app.store
        await pilot.press("h")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, HistoryScreen) and screen.data is None
        table = screen.query_one("#history-table", DataTable)
        assert table.row_count == 30 and table.has_focus
        total = store.session_count()
        first = cells(table, 0)
        assert first[0] == "2026-11-19" and first[5].endswith("kg")
        status = str(screen.query_one("#history-status", Label).content)
        assert f"30 of {total} sessions · reading" in status
        assert any("★" in cells(table, n)[7] for n in range(30))  # records marked at once
        assert screen.query_one("#history-from", Input).disabled
        await pilot.press("down", "down")
        slow_read.set()
        await pilot.app.workers.wait_for_complete()
        for _ in range(10):
            await pilot.pause()
        assert screen.data is not None and table.row_count == total
        assert table.cursor_row == 2
        assert [cells(table, n) for n in range(total)] == [
            [str(c) for c in row] for row, _ in session_table(screen.data).rows
        ]
        assert not screen.query_one("#history-from", Input).disabled
        assert "Enter opens a session" in str(screen.query_one("#history-status").content)


# --- the sessions table kept on disk ---------------------------------------------------------


def app_at_a_restart(db: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """The app on ``db``, its background read of the history put off."""
    from companion.ui.app import make_app
    from companion.ui.screens import home

    monkeypatch.setattr(home, "WARM_HISTORY_DELAY", 60.0)
    return make_app(db, today=TODAY)


async def on_home(pilot) -> None:  # noqa: ANN001
    from companion.ui.screens.home import HomeScreen

    for _ in range(50):
        await pilot.pause()
        if isinstance(pilot.app.screen, HomeScreen) and pilot.app.screen.today is not None:
            return
    raise AssertionError("home did not read today")


def table_texts(store: Store) -> list[list[str]]:
    """Every row of the sessions table, as made from a fresh read."""
    from companion.ui.widgets.history_table import session_table

    data = HistoryData.load(store, builtin(), TODAY)
    return [[str(c) for c in cells] for cells, _ in session_table(data).rows]


async def test_digests_intact_but_not_as_expected_are_made_again(
    restarted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Digests whose checksum holds but whose rows are not laid out as this version reads
    them (a newer or faulty writer): ``h`` opens on the sessions' headers, every set is read
    behind them and the digests are made again, as for a damaged file."""
    import orjson

    from companion.store.digests import _check

    segment = digests_path(restarted).with_name("digests-0001.json")
    head, main, days = segment.read_bytes().split(b"\n", 2)
    body = orjson.loads(main)
    body = {sid: [1, 2] for sid in body}  # not a digest's head
    rest = orjson.dumps(body) + b"\n" + days
    top = orjson.loads(head)
    top["check"] = _check(rest)
    segment.write_bytes(orjson.dumps(top) + b"\n" + rest)
    async with app_at_a_restart(restarted, monkeypatch).run_test(size=SIZE) as pilot:
        await on_home(pilot)
        await pilot.press("h")
        screen = await ready(pilot)
        table = screen.query_one("#history-table", DataTable)
        assert screen.data is not None and cells(table, 0)[5].endswith("kg")
        assert "Enter opens a session" in str(screen.query_one("#history-status").content)
    with Store.open(restarted) as store:
        assert store.history_index_ready()
        assert len(store.history_index().sessions) == store.session_count()


async def test_h_at_a_restart_shows_a_changed_history_as_it_is_now(
    restarted: Path, monkeypatch: pytest.MonkeyPatch, slow_read: threading.Event
) -> None:
    """A set edited since the last run: the rows shown before the read already count it (the
    digests are brought up to date by the edit itself)."""
    with Store.open(restarted) as store:
        session = store.sessions()[-1]
        first = store.session_sets(session.id)[0]
        store.replace_set(first.model_copy(update={"reps": (first.reps or 0) + 3}))
        now = table_texts(store)
    app = app_at_a_restart(restarted, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await on_home(pilot)
        await pilot.press("h")
        _, table = await shown_before_the_read(pilot)
        assert [cells(table, n) for n in range(3)] == now[:3]
        slow_read.set()


# --- damaged data: nothing crashes, what is left out is said, and said again -------------------


@pytest.fixture
def copy(demo_db: Path, tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "db"
    shutil.copytree(demo_db.parent, folder)
    yield folder / demo_db.name


def spoil(db: Path) -> tuple[str, str]:
    """One set with ``reps: "lots [b]"`` and one session whose start is not a date; the
    digests gone, so the history is made from the sets. Returns the set's and session's ids."""
    sets = orjson.loads(segment_path(db, 1).read_bytes())
    bad_set = next(iter(sets["sets"].values()))
    bad_set["reps"] = "lots [b]"
    segment_path(db, 1).write_bytes(orjson.dumps(sets))
    history = json.loads(db.read_text())
    bad_session = next(iter(history["sessions"].values()))
    bad_session["started_at"] = "[/] last week"
    db.write_text(json.dumps(history))
    digests_path(db).unlink(missing_ok=True)
    return bad_set["id"], bad_session["id"]


async def test_a_set_and_a_session_that_do_not_read_are_left_out_and_said(copy: Path) -> None:
    bad_set, bad_session = spoil(copy)
    app = make_app(copy, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.press("h")
        for _ in range(3):
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#history-table", DataTable)
        assert table.row_count == 49  # of 50: the one whose start does not read is left out
        assert "49 sessions" in str(screen.query_one("#history-status", Label).content)
        said = [n.message for n in app._notifications]
        assert any("could not be read" in m and "started_at" in m for m in said), said
        assert any("1 set in the sets file could not be read" in m for m in said), said
        assert any("(found 'lots [b]')" in m for m in said), said  # as written: not markup
    [aside] = copy.parent.glob("companion.sets-0001.json.rejected-*")
    assert bad_set in aside.read_text()
    assert bad_session in copy.read_text()  # left in the file, to mend by hand


async def test_a_file_set_aside_earlier_is_said_at_the_next_start(copy: Path) -> None:
    segment_path(copy, 1).write_bytes(b"\x00 not the sets")
    with Store.open(copy) as store:  # a command, or an earlier run, repaired it
        store.sets()
    [broken] = copy.parent.glob("companion.sets-0001.json.broken-*")
    app = make_app(copy, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        [shown] = [n for n in app._notifications if "not yet dealt with" in n.message]
        assert str(broken) in shown.message and "have no sets now" in shown.message


@pytest.mark.parametrize(
    ("width", "plan"), [(100, "Demo runner str…"), (130, "Demo runner strength")]
)
async def test_the_sessions_table_uses_the_width_it_has(demo: Store, width, plan) -> None:  # noqa: ANN001
    async with Host(demo).run_test(size=(width, 30)) as pilot:
        screen = await ready(pilot)
        table = screen.query_one("#history-table", DataTable)
        assert cells(table, 0)[1] == plan
        assert table.virtual_size.width <= width  # no sideways scrolling for it


async def test_enter_in_a_date_box_hands_the_keys_to_the_table(demo: Store) -> None:
    async with Host(demo).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.click("#history-from")
        await pilot.press(*"2026-11-01", "enter")
        await pilot.pause()
        table = screen.query_one("#history-table", DataTable)
        assert pilot.app.focused is table
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(pilot.app.screen, HistorySessionScreen)
