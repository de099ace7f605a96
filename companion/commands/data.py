"""``companion export`` and ``companion restore``."""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path

from companion.commands import fail, print_notices
from companion.domain.runs import RunRules
from companion.io.export import ExportFileError, parse_json, sets_csv, to_json
from companion.locations import db_path
from companion.store import Store, StoreError
from companion.store.exchange import check


def _plural(n: int, what: str) -> str:
    return f"{n:,} {what}{'' if n == 1 else 's'}"


def incomplete(store: Store) -> str | None:
    """What a reading command could not give, in a line; None if it gave everything."""
    if not store.notices.gaps:
        return None
    sessions, sets = store.left_out()
    parts = []
    if sets:
        parts.append(f"{_plural(sets, 'set')} could not be read")
    if sessions:
        parts.append(f"{_plural(sessions, 'session')} could not be read")
    if store.notices.bare_sessions:
        bare = _plural(store.notices.bare_sessions, "finished session")
        parts.append(
            f"{bare} without {'its' if store.notices.bare_sessions == 1 else 'their'} sets"
        )
    if store.notices.earlier:
        parts.append(f"{_plural(store.notices.earlier, 'file')} set aside earlier")
    said = "; ".join(parts) or "some of it could not be read"
    return f"not everything recorded is in it: {said} (see above)"


def export(args: Namespace) -> int:
    """Everything as JSON (a full backup ``restore`` takes back) or the sets as CSV. Reads
    without the lock (the app may be open); exits 1 if anything could not be read."""
    path = db_path(getattr(args, "db", None))
    fmt = getattr(args, "format", "json") or "json"
    try:
        with Store.read(path) as store:
            if fmt == "json":
                text = to_json(store.export_data())
            else:
                logs = [
                    s.model_copy(update={"sets": store.session_sets(s.id)})
                    for s in store.sessions()
                ]
                text = sets_csv(
                    logs, store.plans(), store.current_session(), runs=store.runs(),
                    rules=RunRules.of(store.settings()),
                )  # fmt: skip
            print_notices(store)
            missing = incomplete(store)
    except StoreError as exc:
        return fail(str(exc))
    out = getattr(args, "out", None)
    if out:
        try:
            Path(out).expanduser().write_text(text, encoding="utf-8")
        except OSError as exc:
            return fail(f"could not write {out}: {exc.strerror or exc}")
        print(f"exported {fmt.upper()} to {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    if missing:
        return fail(f"the export is written, but {missing}")
    return 0


def restore(args: Namespace) -> int:
    """Replace the database with a JSON export, after checking all of it, showing what it
    replaces, and backing up. Dropping anything recorded that the export lacks needs
    ``--replace``."""
    source = Path(args.file).expanduser()
    try:
        raw = source.read_bytes()
    except OSError as exc:
        return fail(f"could not read {source}: {exc.strerror or exc}")
    try:
        data = parse_json(raw, str(source))
        del raw
        checked = check(data)  # before the database is even opened: a bad file changes nothing
        del data
    except (ExportFileError, StoreError) as exc:
        return fail(f"{source}: {exc}" if isinstance(exc, StoreError) else str(exc))
    from companion.training.replay import rederive_all

    path = db_path(getattr(args, "db", None))
    after = checked.contents
    try:
        with Store.open(path) as store:
            before = store.contents()  # reads the sets file: what it finds is said now
            print_notices(store)
            dropped = [
                _plural(len(gone), what)
                for gone, what in (
                    (before.sessions - after.sessions, "session"),
                    (before.sets - after.sets, "set"),
                    (before.plans - after.plans, "plan"),
                )
                if gone
            ]
            print(f"companion: the database now: {before.line()}", file=sys.stderr)
            print(f"companion: after the restore: {after.line()}", file=sys.stderr)
            if dropped and not getattr(args, "replace", False):
                return fail(
                    f"the restore would drop {', '.join(dropped)} that {source} does not "
                    "have; nothing was changed. Run it again with --replace to replace them "
                    "(the current database is backed up first)"
                )
            backup = store.restore_data(checked)
            # the targets follow the restored history, not its copy
            for problem in rederive_all(store):
                print(f"companion: {problem}", file=sys.stderr)
    except StoreError as exc:
        return fail(str(exc))
    kept = f"; the previous database was kept as {backup}" if backup else ""
    print(
        f"restored {len(after.sessions)} sessions and {len(after.plans)} plans from {source}{kept}",
        file=sys.stderr,
    )
    return 0
