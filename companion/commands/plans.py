"""``companion validate``, ``import`` and ``plans``: coach plan files from the shell."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from companion.domain.models import Plan, SessionLog
from companion.io.plans import PlanFileError, PlanIssue, load_plan_with_warnings

IMPORT_HINT = "companion import PLAN.yaml"


def _print_issues(issues: Sequence[PlanIssue], *, warning: bool = False) -> None:
    """Errors as they are; warnings after ``warning:``; notes say ``note:`` after the place."""
    for issue in issues:
        print(f"warning: {issue}" if warning and not issue.note else str(issue))


def _summary(plan: Plan) -> str:
    sessions = len(plan.sessions)
    return (
        f"{plan.name} ({sessions} session{'s' if sessions != 1 else ''}, "
        f"{plan.total_weeks} week{'s' if plan.total_weeks != 1 else ''})"
    )


def validate(args: argparse.Namespace) -> int:
    """Check each file; 0 when every one is a valid plan (warnings allowed), else 1."""
    failed = 0
    for file in args.files:
        if not Path(file).exists():
            print(f"{file}: no such file")
            failed += 1
            continue
        try:
            plan, warnings = load_plan_with_warnings(file)
        except PlanFileError as exc:
            _print_issues(exc.issues)
            failed += 1
            continue
        print(f"OK {_summary(plan)}")
        _print_issues(warnings, warning=True)
    return 1 if failed else 0


def next_session_line(plan: Plan, today: date, sessions: Sequence[SessionLog]) -> str:
    """What the athlete does next under ``plan``, in one line."""
    from companion.domain.schedule import due_session

    due = due_session(plan, today, sessions)
    if due is None:
        return (
            f"The plan's {plan.total_weeks} weeks are over; import a new plan or give this "
            "one a later start: date."
        )
    when = "today" if due.day == today else f"{due.day:%A} {due.day.day} {due.day:%b %Y}"
    return (
        f"Next: {when} — session {due.key}, {due.title} "
        f"(week {due.week} of {plan.total_weeks}, {due.phase} phase "
        f"week {due.week_in_phase} of {due.phase_weeks})"
    )


def import_plan(args: argparse.Namespace) -> int:
    """Validate, store (updating a plan with the same name), make it active, say what's next."""
    from companion.locations import db_path
    from companion.store import Store, StoreError
    from companion.training.replay import rederive

    file = args.file
    if not Path(file).exists():
        print(f"{file}: no such file; nothing was imported")
        return 1
    try:
        plan, warnings = load_plan_with_warnings(file)
    except PlanFileError as exc:
        _print_issues(exc.issues)
        count = len(exc.issues)
        print(f"{count} error{'s' if count != 1 else ''}; nothing was imported")
        return 1
    _print_issues(warnings, warning=True)
    try:
        with Store.open(db_path(getattr(args, "db", None))) as store:
            for notice in store.notices:
                print(notice)
            existing = store.plan(plan.id)
            plan = _keep_calendar(plan, existing)
            store.save_plan(plan)
            store.set_active(plan.id)
            if existing is not None:  # the lines may have changed: targets from the history
                rederive(store, plan)
            history = store.sessions()
    except StoreError as exc:
        print(f"companion: {exc}")
        return 1
    verb = "Updated" if existing else "Imported"
    print(f"{verb} {_summary(plan)} as '{plan.id}'; it is now the active plan.")
    print(next_session_line(plan, date.today(), history))
    return 0


def _keep_calendar(plan: Plan, existing: Plan | None) -> Plan:
    """Re-importing keeps week 1 where it was: the first import date and any stored start."""
    imported = existing.imported_at if existing and existing.imported_at else datetime.now()
    start = plan.start or (existing.start if existing else None)
    return plan.model_copy(update={"imported_at": imported, "start": start})


def list_plans(args: argparse.Namespace) -> int:
    """Every imported plan, the active one marked with ``*``."""
    from companion.locations import db_path
    from companion.store import NoDatabaseError, Store, StoreError

    path = db_path(getattr(args, "db", None))
    missing: NoDatabaseError | None = None
    left_out = False  # a plan that could not be read: listed without it, exit 1
    try:
        with Store.read(path) as store:  # no lock: works while the app is open
            said = len(store.notices.gaps)
            plans = store.plans()
            active = store.active_plan()
            left_out = len(store.notices.gaps) > said
            for notice in store.notices:
                print(f"companion: {notice}")
    except NoDatabaseError as exc:
        plans, active, missing = [], None, exc
    except StoreError as exc:
        print(f"companion: {exc}")
        return 1
    if not plans and left_out:
        print("No plan could be read (see above).")
        return 1
    if not plans:
        print(f"No plans imported yet. Import one with: {IMPORT_HINT}")
        print("(example plans come with companion in its plans/ folder)")
        if missing is not None:
            print(f"(there is no database at {missing.path} yet)")
        return 0
    rows = [
        (
            "*" if active and p.id == active.id else " ",
            p.id,
            p.name,
            str(p.total_weeks),
            ", ".join(p.sessions),
            p.source or "",
        )
        for p in sorted(plans, key=lambda p: p.name.lower())
    ]
    header = (" ", "ID", "NAME", "WEEKS", "SESSIONS", "SOURCE")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        pairs = enumerate(zip(row, widths, strict=True))
        cells = [c.rjust(w) if i == 3 else c.ljust(w) for i, (c, w) in pairs]
        print("  ".join(cells).rstrip())
    print("* the active plan" if active else f"No active plan; choose one with: {IMPORT_HINT}")
    return 1 if left_out else 0
