"""``companion import-runs`` and ``companion runs``: the runs from the watch."""

from __future__ import annotations

import sys
from argparse import Namespace

from companion.commands import fail, print_notices
from companion.domain import runs as running
from companion.locations import db_path
from companion.store import Store, StoreError
from companion.training.runs_import import describe, import_runs


def import_files(args: Namespace) -> int:
    try:
        with Store.open(db_path(getattr(args, "db", None))) as store:
            print_notices(store)
            result = import_runs(store, args.paths, dry_run=args.dry_run)
            everything = store.runs() if not args.dry_run else [*store.runs(), *result.added]
            rules = running.RunRules.of(store.settings())
    except StoreError as exc:
        return fail(str(exc))
    marks = running.marks(everything, rules)
    verb = "would add" if args.dry_run else "added"
    print(f"{result.files} file(s) read: {verb} {len(result.added)} run(s)")
    for run in sorted(result.added, key=lambda r: r.started_at):
        print(f"  {describe(run, marks.get(run.id))}")
    if result.duplicates:
        print(f"already recorded (a run starting within a minute): {len(result.duplicates)}")
    if result.not_runs:
        print(f"not runs, left out: {', '.join(result.not_runs)}")
    for run in result.added:
        jump = running.spike(everything, run)
        if jump is not None:
            print(f"! {running.spike_text(run, jump)}")
    for problem in result.problems:
        print(f"companion: {problem}", file=sys.stderr)
    if result.problems:
        others = "nothing was added" if not result.added else (
            "the runs of the others were " + ("read" if args.dry_run else "kept")
        )
        print(f"companion: {len(result.problems)} not read; {others}", file=sys.stderr)
        return 1
    return 0


def list_runs(args: Namespace) -> int:
    """The recorded runs with their marks; ``--long-km``, ``--hard-pace`` and ``--hard-hr``
    set the thresholds (0 gives the choice back to the athlete's own runs)."""
    changes: dict[str, float | None] = {}
    if args.long_km is not None:
        changes[running.LONG_KM_SETTING] = args.long_km or None
    if args.hard_pace is not None:
        if args.hard_pace in ("0", ""):
            changes[running.HARD_PACE_SETTING] = None
        else:
            try:
                changes[running.HARD_PACE_SETTING] = running.parse_pace(args.hard_pace)
            except ValueError:
                return fail(f"--hard-pace {args.hard_pace!r}: write minutes:seconds per km, "
                            "e.g. 4:30 (0 to go back to your own runs)")  # fmt: skip
    if args.hard_hr is not None:
        changes[running.HARD_HR_SETTING] = args.hard_hr or None
    try:
        with Store.open(db_path(getattr(args, "db", None))) as store:
            if changes:
                store.save_settings(changes)
            runs = store.runs()
            rules = running.RunRules.of(store.settings())
    except StoreError as exc:
        return fail(str(exc))
    if not runs:
        print("No runs recorded yet. Bring them from the watch: companion import-runs FOLDER")
        return 0
    marks = running.marks(runs, rules)
    for run in runs[-args.last :] if args.last else runs:
        print(describe(run, marks[run.id]))
    long = f"{rules.long_km:g} km or more" if rules.long_km else "the longest quarter of 6 weeks"
    pace = running.pace_text(rules.hard_pace_s) if rules.hard_pace_s else "the fastest tenth"
    hr = f"{rules.hard_hr} bpm or more" if rules.hard_hr else "the highest tenth"
    print(f"long: {long} · hard: pace {pace} or average heart rate {hr}")
    return 0
