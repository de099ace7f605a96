"""The ``companion`` command: the app by default, and shell commands for plans and data."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date, time

from companion import __version__


def _reader(parse, what: str, example: str):
    """An argparse type: ``parse(text)``, or a message saying how to write the value."""

    def read(text: str):
        try:
            return parse(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not {what}; write it as {example}"
            ) from None

    return read


_day = _reader(date.fromisoformat, "a date", "YYYY-MM-DD, e.g. 2026-12-04")
_clock = _reader(time.fromisoformat, "a time of day", "HH:MM, e.g. 18:30")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="companion",
        description="A terminal workout companion for distance runners who do strength work. "
        "With no command it opens the app on today's session.",
    )
    parser.add_argument("--version", action="version", version=f"companion {__version__}")
    db_help = "database file (default: $COMPANION_DB, else the user data dir)"
    parser.add_argument("--db", metavar="PATH", help=db_help)
    date_help = "act as of this day (YYYY-MM-DD): preview a plan, or pin the day"
    parser.add_argument("--date", metavar="YYYY-MM-DD", type=_day, help=date_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", metavar="PATH", help=db_help, default=argparse.SUPPRESS)
        p.add_argument(
            "--date", metavar="YYYY-MM-DD", type=_day, help=date_help, default=argparse.SUPPRESS
        )
        return p

    command("run", "open the app on today's session (the default)")
    command("demo", "open the app on a demo database with six months of history")

    p = command("validate", "check coach plan files; print OK or every error as FILE:LINE:COL")
    p.add_argument("files", nargs="+", metavar="FILE")

    p = command("import", "validate a plan file, store it and make it the active plan")
    p.add_argument("file", metavar="FILE")

    command("plans", "list imported plans and which one is active")

    p = command(
        "show", "print a plan file as the athlete will live it: weeks, sessions, targets, notes"
    )
    p.add_argument("file", metavar="FILE")

    p = command("schema", "print a JSON Schema of the plan format, for editors")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")

    p = command("next", "print the next session's targets and the reason for each")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command("export", "export everything recorded")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")

    p = command("restore", "restore a full JSON export (the current database is backed up first)")
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--replace",
        action="store_true",
        help="drop what the database holds and the export does not (asked for, never assumed)",
    )

    p = command("workout", "write the due session (or the one named) as a FIT workout for a watch")
    p.add_argument("session", nargs="?", metavar="SESSION", help="a session key of the plan")
    p.add_argument("--out", metavar="FILE.fit", required=True, help="the file to write")

    p = command(
        "import-activity",
        "record the strength activity a watch made of a workout from `companion workout`",
    )
    p.add_argument("file", metavar="FILE.fit")

    p = command("calendar", "write the plan's sessions for the coming weeks as an iCalendar file")
    p.add_argument("--weeks", type=int, metavar="N", help="how many weeks (default: to the end)")
    p.add_argument("--at", type=_clock, metavar="HH:MM", help="start time of each (default 18:00)")
    p.add_argument("--out", metavar="FILE.ics", required=True, help="the file to write")

    p = command("import-history", "bring the workout history exported by Strong or Hevy (CSV)")
    p.add_argument("file", metavar="FILE", nargs="?")
    p.add_argument("--from", dest="source", choices=["strong", "hevy"],
                   help="the app that wrote FILE (default: told by its header)")  # fmt: skip
    p.add_argument("--dry-run", action="store_true", help="print what would be added; add nothing")
    map_help = ("exercise names the catalogue cannot place: an exercise, keep or skip each "
                "(default: FILE.map.yaml, written when names are left to place)")  # fmt: skip
    p.add_argument("--map", metavar="MAP.yaml", help=map_help)
    unit_help = "the weights' unit in Strong's newer export, which does not say"
    p.add_argument("--unit", choices=["kg", "lb"], default="kg", help=unit_help)
    p.add_argument("--undo", metavar="IMPORT", nargs="?", const="",
                   help="remove every session of an import (default: the latest)")  # fmt: skip

    p = command("import-runs", "bring runs from the watch: FIT, GPX or TCX files, or folders")
    p.add_argument("paths", nargs="+", metavar="FILE|FOLDER")
    p.add_argument("--dry-run", action="store_true", help="print what would be added; add nothing")

    p = command("runs", "list the recorded runs, long and hard marked; set what counts as either")
    p.add_argument("--last", type=int, default=20, metavar="N", help="the latest N (0: all)")
    p.add_argument("--long-km", type=float, metavar="KM", help="a run this long is long (0: auto)")
    p.add_argument("--hard-pace", metavar="M:SS",
                   help="a run at this pace per km or faster is hard (0: auto)")  # fmt: skip
    p.add_argument("--hard-hr", type=int, metavar="BPM",
                   help="a run at this average heart rate or above is hard (0: auto)")  # fmt: skip
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "run"
    if command in ("run", "demo"):
        from companion.commands import app

        return app.run(args, demo=command == "demo")
    if command in ("validate", "import", "plans"):
        from companion.commands import plans

        return {"validate": plans.validate, "import": plans.import_plan, "plans": plans.list_plans}[
            command
        ](args)
    if command in ("show", "schema"):
        from companion.commands import schema, show

        return {"show": show.run, "schema": schema.run}[command](args)
    if command == "next":
        from companion.commands import next as next_cmd

        return next_cmd.run(args)
    if command in ("workout", "import-activity", "calendar"):
        from companion.commands import watch

        run = {"workout": watch.workout, "import-activity": watch.import_activity}
        return run.get(command, watch.calendar)(args)
    if command in ("import-runs", "runs"):
        from companion.commands import runs

        return (runs.import_files if command == "import-runs" else runs.list_runs)(args)
    if command == "import-history":
        from companion.commands import history

        return history.import_history(args)
    from companion.commands import data

    return {"export": data.export, "restore": data.restore}[command](args)


if __name__ == "__main__":
    sys.exit(main())
