"""``w`` on home writes today's session as a watch workout, or the plan as a calendar, and
says where the file went."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY
from garmin_fit_sdk import Decoder, Stream
from icalendar import Calendar
from ui_helpers import press, screen_name, seed, settle

from companion.ui.app import make_app

SIZE = (100, 30)


async def written_by(keys: tuple[str, ...], store, clock, plan, folder: Path, monkeypatch):  # noqa: ANN001, ANN201
    """Press ``keys`` on home; the file written into ``folder`` and what the app said."""
    monkeypatch.setenv("COMPANION_EXPORTS", str(folder / "out"))
    seed(store, plan)
    app = make_app(None, clock=clock, today=TODAY, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, keys[0])
        await settle(pilot)
        assert screen_name(app) == "ExportDialog"
        await press(pilot, *keys[1:])
        await settle(pilot)
        await pilot.pause(0.3)
        assert screen_name(app) == "HomeScreen"
        said = [str(n.message) for n in app._notifications]
    (path,) = (folder / "out").iterdir()
    return path, said


async def test_w_then_w_writes_the_session_shown_for_the_watch(
    store, clock, demo_plan, tmp_path, monkeypatch
) -> None:
    path, said = await written_by(("w", "w"), store, clock, demo_plan, tmp_path, monkeypatch)
    assert path.suffix == ".fit"
    assert any(f"Wrote {path}" in n and "GARMIN/NewFiles" in n for n in said)
    messages, errors = Decoder(Stream.from_file(str(path))).read()
    assert errors == []
    assert messages["workout_mesgs"][0]["wkt_name"] == "Demo runner strength A: Heavy single-leg"


async def test_w_then_c_writes_the_plan_s_calendar(
    store, clock, demo_plan, tmp_path, monkeypatch
) -> None:
    path, said = await written_by(("w", "c"), store, clock, demo_plan, tmp_path, monkeypatch)
    assert path.suffix == ".ics"
    assert any(f"Wrote {path}" in n and "import it in your calendar" in n for n in said)
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert events and events[0].decoded("dtstart").date() == TODAY
