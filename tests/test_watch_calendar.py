"""``companion calendar``: the plan's strength sessions on their days, read back with
``icalendar``: one event per session, its phase, targets, length and warnings, and the same
UIDs in every export so a calendar updates its events instead of doubling them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from companion.cli import main
from companion.domain.catalogue import builtin
from companion.io.plans import parse_plan
from companion.store import Store
from companion.training.exports import calendar_file
from companion.training.today import load_today

PLANS = Path(__file__).resolve().parents[1] / "plans"
START = date(2026, 11, 2)  # a Monday


def stored(tmp_path: Path, name: str) -> Path:
    db = tmp_path / "companion.json"
    path = PLANS / name
    plan = parse_plan(path.read_text("utf-8"), path.name, builtin())
    with Store.open(db) as store:
        store.save_plan(plan.model_copy(update={"start": START}))
        store.set_active(plan.id)
    return db


def events(path: Path) -> list:
    calendar = Calendar.from_ical(path.read_bytes())
    return [c for c in calendar.walk("VEVENT")]


def export(db: Path, out: Path, *extra: str) -> list:
    assert main(["--db", str(db), "calendar", "--date", START.isoformat(), *extra,
                 "--out", str(out)]) == 0  # fmt: skip
    return events(out)


def strength_days(first: date, last: date, weekdays: set[int]) -> list[date]:
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [d for d in days if d.weekday() in weekdays]


def test_one_event_per_session_on_its_day_to_the_plan_s_end(tmp_path, capsys):
    db = stored(tmp_path, "off-season-strength.yaml")  # Tue and Fri; 6 + 4 + 8 weeks
    found = export(db, tmp_path / "plan.ics")
    end = START + timedelta(weeks=18) - timedelta(days=1)
    days = [e.decoded("dtstart").date() for e in found]
    assert days == strength_days(START, end, {1, 4})
    keys = [str(e.get("summary")).split(":")[0].removeprefix("Strength ") for e in found]
    assert keys == ["A", "B"] * 6 + ["C", "B"] * 4 + ["A"] * 16  # each phase's own rotation
    phases = [str(e.get("summary")).rsplit("(", 1)[1] for e in found]
    assert phases == ["strength phase)"] * 12 + ["power phase)"] * 8 + ["maintenance phase)"] * 16
    assert "36 sessions from Tue 03 Nov 2026 to Fri 05 Mar 2027" in capsys.readouterr().out

    first, maintenance = found[0], found[-1]
    with Store.open(db) as store:
        today = load_today(store, builtin(), START)
    minutes = (first.decoded("dtend") - first.decoded("dtstart")).total_seconds() / 60
    assert minutes == today.minutes
    assert first.decoded("dtstart").time().isoformat() == "18:00:00"
    text = str(first.get("description"))
    assert "Rear-foot-elevated split squat, each side: 4 × 5-8 @ 20 kg" in text
    assert "Targets as they stand on 02 Nov 2026" in text
    assert "A hard run is planned this day too: lift after it, not before." in text
    # a later phase's volume: 4 sets × 0.67 = 3
    assert "Rear-foot-elevated split squat, each side: 3 × 5-8 @ 20 kg" in str(
        maintenance.get("description")
    )


def test_the_uids_are_the_same_in_every_export_and_a_week_limit_holds(tmp_path):
    db = stored(tmp_path, "demo.yaml")  # Mon and Thu; hard runs Tue and Sat
    one = export(db, tmp_path / "one.ics", "--weeks", "2")
    two = export(db, tmp_path / "two.ics", "--weeks", "3", "--at", "06:45")
    assert [e.decoded("dtstart").date() for e in one] == strength_days(
        START, START + timedelta(days=13), {0, 3}
    )
    uids = [str(e.get("uid")) for e in one]
    assert len(set(uids)) == 4
    assert uids == [str(e.get("uid")) for e in two][:4]
    assert two[0].decoded("dtstart") == datetime(2026, 11, 2, 6, 45)
    monday = str(one[0].get("description"))
    assert "falls the day before your hard run" in monday
    assert "the day before" not in str(one[1].get("description"))  # Thursday: Friday is easy


def test_after_a_session_the_next_export_starts_from_the_next_one(tmp_path):
    from companion.domain.runner import SessionRun
    from companion.training.finish import finish
    from companion.training.today import new_log

    db = stored(tmp_path, "off-season-strength.yaml")
    before = export(db, tmp_path / "before.ics", "--weeks", "4")
    with Store.open(db) as store:
        today = load_today(store, builtin(), date(2026, 11, 3))
        run = SessionRun(today.planned, new_log(today, datetime(2026, 11, 3, 18)))
        while run.current() is not None:
            run.confirm(run.result_for())
        finish(store, today.context, run.log)
        after = calendar_file(store, builtin(), date(2026, 11, 4), weeks=4).sessions
    days = [e.decoded("dtstart").date() for e in before]
    assert [s.day for s in after][: len(days) - 1] == days[1:]
    assert after[0].key == "B"


def test_no_plan_means_no_file(tmp_path, capsys):
    out = tmp_path / "x.ics"
    assert main(["--db", str(tmp_path / "c.json"), "calendar", "--out", str(out)]) == 1
    assert "companion import" in capsys.readouterr().err
    assert not out.exists()
