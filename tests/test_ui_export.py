"""``w`` on home writes today's session as a watch workout, or the plan as a calendar, and
says where the file went."""

from __future__ import annotations

from conftest import TODAY
from garmin_fit_sdk import Decoder, Stream
from icalendar import Calendar
from ui_helpers import press, screen_name, seed, settle

from companion.ui.app import make_app

SIZE = (100, 30)


def notices(app) -> list[str]:  # noqa: ANN001
    return [str(n.message) for n in app._notifications]


async def test_w_then_w_writes_the_session_shown_for_the_watch(
    store, clock, demo_plan, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("COMPANION_EXPORTS", str(tmp_path / "out"))
    seed(store, demo_plan)
    app = make_app(None, clock=clock, today=TODAY, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "w")
        await settle(pilot)
        assert screen_name(app) == "ExportDialog"
        await press(pilot, "w")
        await settle(pilot)
        await pilot.pause(0.3)
        assert screen_name(app) == "HomeScreen"
        (written,) = (tmp_path / "out").glob("*.fit")
        assert any(f"Wrote {written}" in n and "GARMIN/NewFiles" in n for n in notices(app))
    messages, errors = Decoder(Stream.from_file(str(written))).read()
    assert errors == []
    assert messages["workout_mesgs"][0]["wkt_name"] == "Demo runner strength A: Heavy single-leg"


async def test_w_then_c_writes_the_plan_s_calendar(
    store, clock, demo_plan, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("COMPANION_EXPORTS", str(tmp_path / "out"))
    seed(store, demo_plan)
    app = make_app(None, clock=clock, today=TODAY, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "w", "c")
        await settle(pilot)
        await pilot.pause(0.3)
        (written,) = (tmp_path / "out").glob("*.ics")
        assert any(f"Wrote {written}" in n and "calendar" in n for n in notices(app))
    events = Calendar.from_ical(written.read_bytes()).walk("VEVENT")
    assert events and events[0].decoded("dtstart").date() == TODAY
