"""``companion`` / ``companion run`` / ``companion demo``: open the app on the database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from companion.startup import hold_collections, started

NEEDS_TERMINAL = (
    "companion: the app needs an interactive terminal (standard input and output are not one "
    "here). "
    "In scripts use `companion next`, `companion plans` or `companion export`."
)


def interactive() -> bool:
    """A real terminal on both ends; ``CI`` alone does not matter (a tmux pane in CI is one)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def database(args: argparse.Namespace, demo: bool) -> Path:
    from companion import locations

    explicit = getattr(args, "db", None)
    if demo and not explicit:
        return locations.demo_db_path()
    return locations.db_path(explicit)


def prepare_demo(path: Path) -> str | None:
    """Fill the demo database (six months of history if the demo module exists); a problem
    comes back as text."""
    try:
        from companion.demo import create_demo
    except ImportError:
        return _import_demo_plan(path)
    try:
        create_demo(path)
    except Exception as exc:  # noqa: BLE001 - reported, then the app still opens
        return f"could not build the demo history: {exc}"
    return None


def _import_demo_plan(path: Path) -> str | None:
    from datetime import datetime

    from companion.io.plans import PlanFileError, load_plan
    from companion.locations import bundled_plan
    from companion.store import Store

    try:
        plan = load_plan(bundled_plan("demo.yaml"))
    except PlanFileError as exc:
        return "the bundled demo plan is broken: " + "; ".join(str(i) for i in exc.issues)
    with Store.open(path) as store:
        if plan.imported_at is None:
            plan = plan.model_copy(update={"imported_at": datetime.now()})
        store.save_plan(plan)
        store.set_active(plan.id)
    return None


def run(args: argparse.Namespace, demo: bool = False) -> int:
    hold_collections()  # until home's first frame (the app says when); see companion.startup
    try:
        from companion.store.errors import StoreError
        from companion.ui.app import make_app

        if not interactive():
            print(NEEDS_TERMINAL, file=sys.stderr)
            return 2
        path = database(args, demo)
        try:
            if demo:
                problem = prepare_demo(path)
                if problem:
                    print(f"companion: {problem}", file=sys.stderr)
            app = make_app(path, today=getattr(args, "date", None))  # AlreadyOpenError: StoreError
        except StoreError as exc:
            print(f"companion: {exc}", file=sys.stderr)
            return 1
        app.run()
    finally:
        started()  # the app did at its first frame, unless it never drew one
    for notice in app.store_notices():  # shown in the app too; kept on the terminal after it
        print(f"companion: {notice}", file=sys.stderr)
    return app.return_code or 0
