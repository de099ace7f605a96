"""The ``companion`` command: the app by default, and shell commands for plans and data."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from companion import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="companion",
        description="A terminal workout companion for distance runners who do strength work. "
        "With no command it opens the app on today's session.",
    )
    parser.add_argument("--version", action="version", version=f"companion {__version__}")
    db_help = "database file (default: $COMPANION_DB, else the user data dir)"
    parser.add_argument("--db", metavar="PATH", help=db_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", metavar="PATH", help=db_help, default=argparse.SUPPRESS)
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
    p.add_argument(
        "--replace",
        action="store_true",
        help="drop what the database holds and the export does not (asked for, never assumed)",
    )
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
    from companion.commands import data

    return {"export": data.export, "restore": data.restore}[command](args)


if __name__ == "__main__":
    sys.exit(main())
