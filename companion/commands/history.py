"""``companion import-history``: the workout history Strong or Hevy exported, brought in."""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path

from companion.commands import fail, print_notices
from companion.domain.catalogue import Catalogue, builtin
from companion.domain.models import Unit
from companion.domain.progression import catalogue_for
from companion.io.foreign_history import HistoryFileError
from companion.io.history_map import map_text, read_map
from companion.locations import db_path
from companion.store import Store, StoreError
from companion.training import history_import
from companion.training.history_import import ImportPlan


def _read(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return path.read_text(encoding="latin-1")  # older exports from Windows machines
    except OSError as exc:
        raise HistoryFileError(str(path), None, f"could not read {what}: {exc.strerror}") from None


def _catalogue(store: Store) -> Catalogue:
    catalogue = builtin()
    for plan in store.plans():
        catalogue = catalogue_for(plan, catalogue)
    return catalogue


def import_history(args: Namespace) -> int:
    if getattr(args, "undo", None) is not None:
        return _undo(args)
    if not args.file:
        return fail("import-history needs FILE (a CSV from Strong or Hevy), or --undo")
    source = Path(args.file).expanduser()
    map_path = Path(args.map).expanduser() if args.map else source.with_suffix(".map.yaml")
    unit = Unit(args.unit)
    try:
        text = _read(source, "the export")
        with Store.open(db_path(getattr(args, "db", None))) as store:
            print_notices(store)
            catalogue = _catalogue(store)
            mapping = {}
            if map_path.exists():
                mapping = read_map(_read(map_path, "the map"), str(map_path), catalogue)
            plan = history_import.prepare(
                store, text, str(source), catalogue, mapping, args.source, unit
            )
            _report(plan, catalogue, dry_run=args.dry_run)
            if plan.placement.unplaced:
                map_path.write_text(map_text(plan.placement, mapping), encoding="utf-8")
                print(
                    f"\n{len(plan.placement.unplaced)} exercise name(s) to place: they are "
                    f"listed in {map_path}. Give each an exercise, keep or skip, then run "
                    f"again with --map {map_path}."
                )
                if not args.dry_run:
                    print("Nothing was imported.")
                    return 1
                return 0
            if args.dry_run:
                print("\nDry run: nothing was imported.")
                return 0
            plans, problems = history_import.commit(store, plan)
    except HistoryFileError as exc:
        return fail(f"{exc}\nNothing was imported.")
    except StoreError as exc:
        return fail(str(exc))
    for problem in problems:
        print(f"companion: {problem}", file=sys.stderr)
    if plan.sessions:
        again = "" if not plans else f"; the targets of {plans} plan(s) were replayed from it"
        print(
            f"\nImported {len(plan.sessions)} sessions as {plan.import_id}{again}. "
            f"To take them out again: companion import-history --undo {plan.import_id}"
        )
    else:
        print("\nNothing new to import.")
    return 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _report(plan: ImportPlan, catalogue: Catalogue, dry_run: bool) -> None:
    def name(exercise_id: str) -> str:
        return catalogue.get(exercise_id).name if exercise_id in catalogue else exercise_id

    placement = plan.placement
    print(f"{plan.file}: {plan.layout}")
    verb = "would add" if dry_run else "adds"
    span = plan.span()
    when = f", {span[0]:%d %b %Y} – {span[1]:%d %b %Y}" if span else ""
    parts = ", ".join(_count(n, kind) for kind, n in plan.kinds().items())
    print(
        f"{verb} {_count(len(plan.sessions), 'session')}, {_count(plan.set_count, 'set')}"
        f"{f' ({parts})' if parts else ''}{when}"
    )
    placed = {**placement.by_catalogue, **placement.by_map}
    if placed:
        print("exercises placed:")
        for app_name, exercise_id in sorted(placed.items()):
            how = " (by the map)" if app_name in placement.by_map else ""
            where = name(exercise_id) if exercise_id in catalogue else f"kept as {exercise_id}"
            print(f"  {app_name} → {where}{how}: {_count(placement.sets[app_name], 'set')}")
    if placement.unplaced:
        print("exercises not placed:")
        for app_name, count in sorted(placement.unplaced.items()):
            print(f"  {app_name}: {_count(count, 'set')}")
    if placement.skipped:
        print("left out by the map:")
        for app_name, count in sorted(placement.skipped.items()):
            print(f"  {app_name}: {_count(count, 'set')}")
    if plan.side_unknown:
        print("single-leg exercises without a side (imported as both legs, side not recorded;")
        print("the left/right comparison leaves them out):")
        for exercise_id, count in sorted(plan.side_unknown.items()):
            print(f"  {name(exercise_id)}: {_count(count, 'set')}")
    if plan.duplicates:
        print(
            f"duplicates skipped (starting within a minute of a session already recorded): "
            f"{len(plan.duplicates)}"
        )
        for found in plan.duplicates:
            print(f"  {found.started_at:%Y-%m-%d %H:%M} {found.title}")


def _undo(args: Namespace) -> int:
    wanted = args.undo or None
    try:
        with Store.open(db_path(getattr(args, "db", None))) as store:
            done = history_import.undo(store, wanted)
    except StoreError as exc:
        return fail(str(exc))
    print(
        f"Removed the {done.sessions} sessions of {done.import_id} ({done.source}, "
        f"{done.first:%d %b %Y} – {done.last:%d %b %Y}); the targets were replayed without them."
    )
    return 0
