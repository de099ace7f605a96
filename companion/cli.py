"""The ``companion`` command: the app by default, and shell commands for plans and data."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date

from companion import __version__


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-04"
        ) from None


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

    p = command("next", "print the next session's targets and the reason for each")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command("export", "export everything recorded")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")

    p = command("restore", "restore a full JSON export (the current database is backed up first)")
    p.add_argument("file", metavar="FILE")

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
    if command == "next":
        from companion.commands import next as next_cmd

        return next_cmd.run(args)
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
