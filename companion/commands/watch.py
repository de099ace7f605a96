"""``companion workout``, ``companion import-activity`` and ``companion calendar``: the session
to the watch and back, the plan's weeks to the calendar."""

from __future__ import annotations

from argparse import Namespace
from datetime import date, time
from pathlib import Path

from companion.commands import fail
from companion.domain.catalogue import builtin
from companion.locations import db_path
from companion.store import Store, StoreError


def _write(out: str, data: bytes) -> str | None:
    """Write ``data`` to ``out``; None when done, else why not."""
    try:
        Path(out).expanduser().write_bytes(data)
    except OSError as exc:
        return f"could not write {out}: {exc.strerror or exc}"
    return None


def workout(args: Namespace) -> int:
    """Write the due session (or the one named) as a FIT workout file."""
    from companion.training.exports import ExportError, workout_file

    day = getattr(args, "date", None) or date.today()
    try:
        with Store.open(db_path(getattr(args, "db", None))) as store:
            found = workout_file(store, builtin(), day, getattr(args, "session", None))
    except (StoreError, ExportError) as exc:
        return fail(str(exc))
    problem = _write(args.out, found.data)
    if problem:
        return fail(problem)
    today = found.today
    when = today.due.day if today.due and not getattr(args, "session", None) else day
    print(
        f"wrote {args.out}: {found.name} for {when:%a %d %b %Y}, {len(today.planned)} sets in "
        f"{found.steps} steps. Copy it to the watch's GARMIN/NewFiles folder over USB, or import "
        "it in Garmin Connect (Training > Workouts) and send it to the watch."
    )
    return 0


def calendar(args: Namespace) -> int:
    """Write the plan's sessions for the next weeks as an iCalendar file."""
    from companion.training.exports import ExportError, calendar_file

    day = getattr(args, "date", None) or date.today()
    weeks = getattr(args, "weeks", None)
    if weeks is not None and weeks < 1:
        return fail(f"--weeks {weeks}: give a number of weeks from 1 up")
    at = getattr(args, "at", None) or time(18, 0)
    try:
        with Store.open(db_path(getattr(args, "db", None))) as store:
            found = calendar_file(store, builtin(), day, weeks, at)
    except (StoreError, ExportError) as exc:
        return fail(str(exc))
    problem = _write(args.out, found.data)
    if problem:
        return fail(problem)
    first, last = found.sessions[0].day, found.sessions[-1].day
    count = len(found.sessions)
    print(
        f"wrote {args.out}: {count} session{'s' if count != 1 else ''} from "
        f"{first:%a %d %b %Y} to {last:%a %d %b %Y}. Import it in your calendar; importing a "
        "newer file again updates these events instead of adding them twice."
    )
    return 0


def import_activity(args: Namespace) -> int:
    """Record a strength activity from a watch as that day's session."""
    from companion.io.fit_activity import ActivityFileError, read_activity
    from companion.training.activity import import_activity as record
    from companion.training.exports import ExportError

    source = Path(args.file).expanduser()
    try:
        data = source.read_bytes()
    except OSError as exc:
        return fail(f"could not read {args.file}: {exc.strerror or exc}")
    try:
        activity = read_activity(data, args.file)
        with Store.open(db_path(getattr(args, "db", None))) as store:
            done = record(store, builtin(), activity)
    except (ActivityFileError, ExportError, StoreError) as exc:
        return fail(str(exc))
    log = done.log
    plural = "s" if done.matched != 1 else ""
    not_done = f", {done.skipped} planned not done (kept as skipped)" if done.skipped else ""
    print(
        f"recorded {log.title} on {log.day:%a %d %b %Y} from {args.file}: "
        f"{done.matched} set{plural} matched to the workout{not_done}."
    )
    if done.unmatched:
        print(f"{len(done.unmatched)} set(s) on the watch match no step of the workout, left out:")
        for watch in done.unmatched:
            print(f"  {watch.describe()}")
    for state in done.next_targets:
        side = f" ({state.side.value})" if state.side.value != "both" else ""
        name = done.names.get(state.exercise_id, state.exercise_id)
        print(f"next time, {name}{side}: {state.target.reason}")
    return 0
