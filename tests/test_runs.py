# ruff: noqa: E501  (the activity files are written inline, as a watch writes them)
"""Runs from the watch: FIT (written with Garmin's own ``Encoder``), GPX and TCX files read,
the long and hard runs marked from the athlete's own, and what the schedule then says.

The dated example: four weeks of a runner's November. Mondays 8 km easy (GPX), Wednesdays
10 km steady and Thursdays a 6 km tempo (TCX), Saturdays the long run (TCX; the last, 22 km on
28 November, from a FIT file: more than 10 % past the 18 km before it). Then on Thursday
3 December a tempo the plan does not list, and the off-season plan (Tuesdays and Fridays,
hard runs Tuesday and Friday, long run Sunday) due on Friday 4 December.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from garmin_fit_sdk import Encoder, Profile

from companion.cli import main
from companion.domain import runs as running
from companion.domain.models import Run
from companion.io.runs import RunFileError, read_runs
from companion.store import Store

PLANS = Path(__file__).resolve().parents[1] / "plans"
TUE = date(2026, 12, 1)
FRI = date(2026, 12, 4)
MINUTE_LAT = 1 / 111_195  # degrees of latitude in a metre


def utc(day: date, hour: int = 7) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def fit_file(start: datetime, metres: float, seconds: float, hr: int, sport: str = "running") -> bytes:
    encoder = Encoder()
    num = Profile["mesg_num"]
    encoder.write_mesg({"mesg_num": num["FILE_ID"], "type": "activity", "manufacturer": "development",
                        "product": 1, "serial_number": 1234, "time_created": start})  # fmt: skip
    encoder.write_mesg({"mesg_num": num["SESSION"], "timestamp": start + timedelta(seconds=seconds),
                        "start_time": start, "sport": sport, "total_distance": metres,
                        "total_timer_time": seconds, "total_elapsed_time": seconds + 120,
                        "avg_heart_rate": hr, "max_heart_rate": hr + 20})  # fmt: skip
    encoder.write_mesg({"mesg_num": num["ACTIVITY"], "timestamp": start, "num_sessions": 1,
                        "total_timer_time": seconds})  # fmt: skip
    return bytes(encoder.close())


def gpx_file(start: datetime, metres: int, pace: int, hr: int) -> str:
    """A straight run north, a point every 100 m, ``pace`` seconds a km, heart rate ``hr``."""
    points = []
    for i in range(metres // 100 + 1):
        when = start + timedelta(seconds=i * pace / 10)
        points.append(
            f'<trkpt lat="{51 + i * 100 * MINUTE_LAT:.7f}" lon="-0.1"><time>'
            f"{when:%Y-%m-%dT%H:%M:%SZ}</time><extensions><gpxtpx:TrackPointExtension>"
            f"<gpxtpx:hr>{hr}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="test" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n'
        f"<trk><name>Easy</name><type>running</type><trkseg>{''.join(points)}</trkseg></trk></gpx>\n"
    )


def tcx_file(start: datetime, laps: list[tuple[float, float, int]], sport: str = "Running") -> str:
    """Laps of (metres, seconds, average heart rate)."""
    body, at = [], start
    for metres, seconds, hr in laps:
        body.append(
            f'<Lap StartTime="{at:%Y-%m-%dT%H:%M:%SZ}"><TotalTimeSeconds>{seconds}</TotalTimeSeconds>'
            f"<DistanceMeters>{metres}</DistanceMeters><AverageHeartRateBpm><Value>{hr}</Value>"
            f"</AverageHeartRateBpm><MaximumHeartRateBpm><Value>{hr + 12}</Value>"
            "</MaximumHeartRateBpm></Lap>"
        )
        at += timedelta(seconds=seconds)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>'
        f'<Activity Sport="{sport}"><Id>{start:%Y-%m-%dT%H:%M:%SZ}</Id>{"".join(body)}'
        "</Activity></Activities></TrainingCenterDatabase>\n"
    )


def november(folder: Path) -> Path:
    """The four weeks of runs, in the three formats, in one folder."""
    folder.mkdir()
    for week in range(4):
        monday = date(2026, 11, 2) + timedelta(weeks=week)
        (folder / f"{monday}-easy.gpx").write_text(gpx_file(utc(monday), 8000, 330, 138))
        wed, thu, sat = (monday + timedelta(days=n) for n in (2, 3, 5))
        (folder / f"{wed}-steady.tcx").write_text(tcx_file(utc(wed), [(5000, 1600, 148)] * 2))
        tempo = [(1000, 360, 140), (4000, 1080, 168), (1000, 360, 145)]  # 5:00 /km, the fastest of the week
        (folder / f"{thu}-tempo.tcx").write_text(tcx_file(utc(thu), tempo))
        if week < 3:
            km = 16 + week  # 16, 17, 18
            (folder / f"{sat}-long.tcx").write_text(tcx_file(utc(sat, 8), [(km * 1000, km * 340, 145)]))
    (folder / "2026-11-28-long.fit").write_bytes(fit_file(utc(date(2026, 11, 28), 8), 22000, 7480, 147))
    (folder / "ride.fit").write_bytes(fit_file(utc(date(2026, 11, 29)), 40000, 5400, 130, "cycling"))
    return folder


@pytest.fixture
def db(off_season_db: Path) -> Path:
    return off_season_db


def test_each_format_gives_the_run_as_the_watch_recorded_it(tmp_path) -> None:
    start = utc(date(2026, 11, 28), 8)
    (fit,) = read_runs(fit_file(start, 22000, 7480, 147), "long.fit").runs
    assert (fit.started_at, fit.km, fit.moving_s, fit.elapsed_s) == (
        start.astimezone().replace(tzinfo=None), 22.0, 7480, 7600,
    )  # fmt: skip
    assert (fit.avg_hr, fit.max_hr, running.pace_text(fit.pace_s)) == (147, 167, "5:40 /km")

    (gpx,) = read_runs(gpx_file(utc(date(2026, 11, 2)), 8000, 330, 138).encode(), "e.gpx").runs
    assert gpx.km == pytest.approx(8.0, rel=0.01)
    assert gpx.moving_s == pytest.approx(8 * 330, rel=0.02)
    assert running.pace_text(gpx.pace_s) == "5:30 /km"
    assert (gpx.avg_hr, gpx.max_hr) == (138, 138)

    tempo = [(1000, 360, 140), (4000, 1080, 168), (1000, 360, 145)]
    (tcx,) = read_runs(tcx_file(utc(date(2026, 11, 5)), tempo).encode(), "t.tcx").runs
    assert (tcx.km, tcx.moving_s, running.pace_text(tcx.pace_s)) == (6.0, 1800, "5:00 /km")
    assert (tcx.avg_hr, tcx.max_hr) == (158, 180)  # weighted by each lap's time

    ride = read_runs(fit_file(start, 40000, 5400, 130, "cycling"), "ride.fit")
    assert ride.runs == [] and ride.not_runs == ["ride.fit: cycling"]


def test_bad_files_are_named_and_the_others_kept(db, tmp_path, capsys) -> None:
    folder = tmp_path / "watch"
    folder.mkdir()
    (folder / "good.tcx").write_text(tcx_file(utc(date(2026, 11, 5)), [(6000, 1800, 150)]))
    (folder / "broken.tcx").write_text("<TrainingCenterDatabase><Activities>\n<Activity>")
    (folder / "notes.fit").write_bytes(b"this is not a fit file at all")
    assert main(["import-runs", "--db", str(db), str(folder), str(tmp_path / "missing.gpx")]) == 1
    captured = capsys.readouterr()
    assert "added 1 run(s)" in captured.out
    assert f"{folder / 'broken.tcx'}:2: not well-formed XML" in captured.err
    assert "expected a FIT, GPX or TCX activity file" in captured.err
    assert f"{folder / 'notes.fit'}: not a FIT file" in captured.err
    assert "missing.gpx: no such file or folder" in captured.err
    with Store.open(db) as store:
        assert len(store.runs()) == 1
    with pytest.raises(RunFileError, match=r"plan.yaml: not an activity file"):
        read_runs(b"", "plan.yaml")


def test_a_month_of_runs_marked_long_and_hard(db, tmp_path, capsys) -> None:
    folder = november(tmp_path / "watch")
    assert main(["import-runs", "--db", str(db), str(folder)]) == 0
    out = capsys.readouterr().out
    assert "17 file(s) read: added 16 run(s)" in out
    assert "not runs, left out: ride.fit: cycling" in out
    assert "Sat 28 Nov 2026 08:00   22.0 km  2:04:40  5:40 /km  HR 147  long" in out
    assert ("! Your 22.0 km run on Sat 28 Nov was 22 % longer than your longest of the 30 days "
            "before it (18.0 km on 21 Nov).") in out  # fmt: skip
    # again: nothing added
    assert main(["import-runs", "--db", str(db), str(folder)]) == 0
    out = capsys.readouterr().out
    assert "added 0 run(s)" in out and "already recorded (a run starting within a minute): 16" in out

    with Store.open(db) as store:
        runs = store.runs()
    marks = running.marks(runs)
    by_day = {r.day: marks[r.id] for r in runs}
    # the first runs have too few to compare with; from the second week on, the pattern shows
    assert by_day[date(2026, 11, 2)] == running.Marks()
    for week in (1, 2, 3):
        thu = date(2026, 11, 5) + timedelta(weeks=week)
        sat = date(2026, 11, 7) + timedelta(weeks=week)
        assert by_day[thu] == running.Marks(hard=True), thu
        assert by_day[sat].long, sat
        assert not by_day[sat - timedelta(days=3)].long  # the steady Wednesday
    assert running.usual_days(runs, marks, FRI) == {5: "long run", 3: "hard run"}

    # the athlete's own threshold instead: 20 km or more is long
    assert main(["runs", "--db", str(db), "--long-km", "20", "--last", "3"]) == 0
    out = capsys.readouterr().out
    assert "long: 20 km or more" in out
    assert out.splitlines()[2].endswith("22.0 km  2:04:40  5:40 /km  HR 147  long")
    with Store.open(db) as store:
        overridden = running.marks(store.runs(), running.RunRules.of(store.settings()))
    assert not overridden[next(r.id for r in runs if r.day == date(2026, 11, 21))].long


def test_the_schedule_warns_from_the_runs_recorded(db, tmp_path, capsys) -> None:
    folder = november(tmp_path / "watch")
    thursday = tmp_path / "thu.tcx"
    tempo = [(1000, 360, 140), (4000, 1060, 170), (1000, 360, 145)]
    thursday.write_text(tcx_file(utc(date(2026, 12, 3)), tempo))
    assert main(["import-runs", "--db", str(db), str(folder), str(thursday)]) == 0
    capsys.readouterr()
    assert main(["next", "--db", str(db), "--date", FRI.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "session A" in out
    # Friday's session before the long run this athlete does on Saturdays (the plan says Sunday)
    assert ("! The session today falls the day before the long run you usually do on Saturdays: "
            "keep the legs light (no heavy lower-body sets) or move the session.") in out  # fmt: skip
    # Thursday's tempo is not one of the plan's hard runs: the lighter session is suggested
    assert ("! You ran hard on Thursday (6.0 km at 4:57 /km), a day your plan has no hard run: "
            "session B (Step-ups and hips) is the lighter one; press o to pick it.") in out  # fmt: skip
    # the 22 km of Saturday 28 November is still within the week
    assert "! Your 22.0 km run on Sat 28 Nov was 22 % longer" in out
    # a week on, the spike is no longer mentioned; with no runs nothing is said at all
    assert main(["next", "--db", str(db), "--date", "2026-12-08"]) == 0
    assert "longer than your longest" not in capsys.readouterr().out


def test_a_spike_is_against_the_longest_of_the_thirty_days_before() -> None:
    def run(day: date, km: float) -> Run:
        return Run(started_at=datetime.combine(day, datetime.min.time()), distance_m=km * 1000,
                   moving_s=km * 330)  # fmt: skip

    base = date(2026, 11, 1)
    runs = [run(base, 20), run(base + timedelta(days=20), 15), run(base + timedelta(days=31), 18)]
    # 20 km is 31 days back: the longest within 30 days is 15 km, and 18 is 20 % more
    share, longest = running.spike(runs, runs[2])
    assert math.isclose(share, 0.2) and longest.km == 15
    assert running.spike(runs, run(base + timedelta(days=32), 16.5)) is None  # 10 % exactly
    assert running.spike([runs[0]], runs[0]) is None  # nothing to compare with


def test_runs_in_the_exports_and_back_from_a_restore(db, tmp_path, capsys) -> None:
    import csv
    import json

    folder = november(tmp_path / "watch")
    assert main(["import-runs", "--db", str(db), str(folder)]) == 0
    assert main(["export", "--db", str(db), "--format", "csv", "--out", str(tmp_path / "a.csv")]) == 0
    rows = list(csv.DictReader((tmp_path / "a.csv").open(encoding="utf-8")))
    runs = [r for r in rows if r["session"] == "run"]
    assert len(runs) == 16
    last = runs[-1]
    assert (last["date"], last["distance_km"], last["moving_s"], last["pace_per_km"]) == (
        "2026-11-28", "22.00", "7480", "5:40",
    )  # fmt: skip
    assert (last["avg_hr"], last["run_marks"], last["notes"]) == (
        "147", "long", "started 08:00, 2026-11-28-long.fit",
    )  # fmt: skip
    assert runs[-2]["run_marks"] == "hard" and runs[-2]["date"] == "2026-11-26"

    backup = tmp_path / "all.json"
    assert main(["export", "--db", str(db), "--out", str(backup)]) == 0
    assert len(json.loads(backup.read_text())["runs"]) == 16
    fresh = tmp_path / "fresh.json"
    assert main(["restore", "--db", str(fresh), str(backup)]) == 0
    with Store.open(fresh) as store:
        assert [r.distance_m for r in store.runs()][-1] == 22000
