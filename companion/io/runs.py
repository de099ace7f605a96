"""Runs read from a watch's activity files: FIT (Garmin's SDK ``Decoder``), GPX (``gpxpy``) and
TCX (the standard library's ElementTree). Pure: bytes in, ``Run`` models out, or
``RunFileError`` naming the file, where in it, and what is accepted.

What a run keeps: its start (local time, as sessions are kept), distance, moving time (the
watch's timer time in FIT and TCX; gpxpy's moving time in GPX, which has no timer), elapsed time,
and average and highest heart rate when the file has them. Activities that are not runs
(a ride, a swim) are left out and counted.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from companion.domain.models import Run

SUFFIXES = (".fit", ".gpx", ".tcx")
ACCEPTED = "a FIT, GPX or TCX activity file from a watch (.fit, .gpx, .tcx)"
RUNNING = {"running", "run", "trail_running", "treadmill_running", "street_running", "trail",
           "track_running", "virtual_running", "9"}  # fmt: skip


class RunFileError(ValueError):
    """A file that is not a readable activity file."""

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file, self.line, self.message = file, line, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


@dataclass
class ReadRuns:
    runs: list[Run] = field(default_factory=list)
    not_runs: list[str] = field(default_factory=list)  # "ride.fit: cycling"


def local(moment: datetime) -> datetime:
    """A time with a zone (a watch writes UTC) as local time without one; naive as it is."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone().replace(tzinfo=None)


def read_runs(data: bytes, file: str) -> ReadRuns:
    """The runs of one file, by its suffix."""
    suffix = Path(file).suffix.lower()
    if suffix == ".fit":
        return read_fit(data, file)
    if suffix == ".gpx":
        return read_gpx(data, file)
    if suffix == ".tcx":
        return read_tcx(data, file)
    raise RunFileError(file, f"not an activity file this reads; expected {ACCEPTED}")


def _is_run(sport: object) -> bool:
    text = str(sport or "running").strip().lower().replace(" ", "_")
    return text in RUNNING or "run" in text


def _whole(x: object) -> int | None:
    return int(round(float(x))) if isinstance(x, int | float) and x > 0 else None  # type: ignore[arg-type]


# --- FIT ------------------------------------------------------------------------------------


def read_fit(data: bytes, file: str) -> ReadRuns:
    from garmin_fit_sdk import Decoder, Stream

    decoder = Decoder(Stream.from_byte_array(bytearray(data)))
    if not decoder.is_fit():
        raise RunFileError(file, f"not a FIT file (no .FIT in its header); expected {ACCEPTED}")
    messages, errors = decoder.read(convert_datetimes_to_dates=True)
    if errors:
        raise RunFileError(file, f"the FIT file is damaged ({errors[0]}); nothing was read from it")
    found = ReadRuns()
    sessions = messages.get("session_mesgs", [])
    if not sessions:
        raise RunFileError(
            file, "a FIT file without an activity session (a workout or course file?); "
            f"expected {ACCEPTED}",
        )
    for mesg in sessions:
        sport = mesg.get("sport")
        if not _is_run(sport):
            found.not_runs.append(f"{Path(file).name}: {sport}")
            continue
        start = mesg.get("start_time") or mesg.get("timestamp")
        if not isinstance(start, datetime):
            raise RunFileError(file, "a session without a start time")
        moving = mesg.get("total_timer_time") or mesg.get("total_elapsed_time") or 0
        found.runs.append(
            Run(
                started_at=local(start),
                distance_m=float(mesg.get("total_distance") or 0),
                moving_s=float(moving),
                elapsed_s=_float(mesg.get("total_elapsed_time")),
                avg_hr=_whole(mesg.get("avg_heart_rate")),
                max_hr=_whole(mesg.get("max_heart_rate")),
                source=Path(file).name,
            )
        )
    return found


def _float(x: object) -> float | None:
    return float(x) if isinstance(x, int | float) else None  # type: ignore[arg-type]


# --- GPX ------------------------------------------------------------------------------------


def read_gpx(data: bytes, file: str) -> ReadRuns:
    import gpxpy
    import gpxpy.gpx

    try:
        gpx = gpxpy.parse(io.StringIO(data.decode("utf-8-sig")))
    except (gpxpy.gpx.GPXException, UnicodeDecodeError, ValueError) as exc:
        raise RunFileError(file, f"not a readable GPX file ({exc}); expected {ACCEPTED}") from None
    found = ReadRuns()
    for track in gpx.tracks:
        if track.type and not _is_run(track.type):
            found.not_runs.append(f"{Path(file).name}: {track.type}")
            continue
        points = [p for seg in track.segments for p in seg.points]
        timed = [p for p in points if p.time is not None]
        if len(timed) < 2:
            raise RunFileError(
                file, f"track {track.name or 1!s} has no times on its points: a route, not a "
                "recorded run",
            )
        moving = track.get_moving_data()
        start, end = timed[0].time, timed[-1].time
        rates = [hr for p in points if (hr := _gpx_hr(p)) is not None]
        found.runs.append(
            Run(
                started_at=local(start),  # type: ignore[arg-type]
                distance_m=float(track.length_3d() or track.length_2d() or 0),
                moving_s=float(moving.moving_time if moving else (end - start).total_seconds()),  # type: ignore[operator]
                elapsed_s=float((end - start).total_seconds()),  # type: ignore[operator]
                avg_hr=round(sum(rates) / len(rates)) if rates else None,
                max_hr=max(rates) if rates else None,
                source=Path(file).name,
            )
        )
    if not gpx.tracks:
        raise RunFileError(file, f"a GPX file without a track; expected {ACCEPTED}")
    return found


def _gpx_hr(point) -> int | None:  # type: ignore[no-untyped-def]
    """The heart rate Garmin's TrackPointExtension (or a bare ``hr``) gives a point."""
    for ext in point.extensions:
        for element in ext.iter():
            if element.tag.rsplit("}", 1)[-1].lower() in ("hr", "heartrate") and element.text:
                try:
                    return int(float(element.text))
                except ValueError:
                    return None
    return None


# --- TCX ------------------------------------------------------------------------------------


def read_tcx(data: bytes, file: str) -> ReadRuns:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise RunFileError(file, f"not well-formed XML ({exc}); expected {ACCEPTED}", line) \
            from None

    def children(node: ET.Element, name: str) -> list[ET.Element]:
        return [c for c in node if c.tag.rsplit("}", 1)[-1] == name]

    def child(node: ET.Element, *path: str) -> ET.Element | None:
        for name in path:
            found = children(node, name)
            if not found:
                return None
            node = found[0]
        return node

    if root.tag.rsplit("}", 1)[-1] != "TrainingCenterDatabase":
        raise RunFileError(file, f"no TrainingCenterDatabase at its root; expected {ACCEPTED}")
    activities = child(root, "Activities")
    found = ReadRuns()
    for activity in children(activities, "Activity") if activities is not None else []:
        sport = activity.get("Sport", "Running")
        if not _is_run(sport):
            found.not_runs.append(f"{Path(file).name}: {sport}")
            continue
        laps = children(activity, "Lap")
        if not laps:
            raise RunFileError(file, "an activity without laps")
        start_text = activity.findtext("{*}Id") or laps[0].get("StartTime") or ""
        try:
            start = datetime.fromisoformat(start_text.replace("Z", "+00:00"))
        except ValueError:
            raise RunFileError(
                file, f"the activity's start {start_text!r} is not a time like "
                "2026-11-28T08:00:00Z",
            ) from None
        distance = moving = 0.0
        beats = hr_seconds = 0.0
        top: int | None = None
        for lap in laps:
            seconds = _number(lap, "TotalTimeSeconds", file)
            distance += _number(lap, "DistanceMeters", file)
            moving += seconds
            avg = child(lap, "AverageHeartRateBpm", "Value")
            if avg is not None and avg.text:
                beats += float(avg.text) * seconds
                hr_seconds += seconds
            high = child(lap, "MaximumHeartRateBpm", "Value")
            if high is not None and high.text:
                top = max(top or 0, int(float(high.text)))
        found.runs.append(
            Run(
                started_at=local(start if start.tzinfo else start.replace(tzinfo=UTC)),
                distance_m=distance,
                moving_s=moving,
                avg_hr=round(beats / hr_seconds) if hr_seconds else None,
                max_hr=top,
                source=Path(file).name,
            )
        )
    if not found.runs and not found.not_runs:
        raise RunFileError(file, f"a TCX file without an activity; expected {ACCEPTED}")
    return found


def _number(lap: ET.Element, name: str, file: str) -> float:
    text = lap.findtext(f"{{*}}{name}")
    try:
        return float(text or 0)
    except ValueError:
        raise RunFileError(file, f"a lap's {name} {text!r} is not a number") from None
