"""``companion export`` and ``companion restore``."""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path

from companion.domain.runs import RunRules
from companion.io.export import ExportFileError, parse_json, sets_csv, to_json
from companion.locations import db_path
from companion.store import Store, StoreError
from companion.store.exchange import check


def _fail(message: str) -> int:
    print(f"companion: {message}", file=sys.stderr)
    return 1


def _notices(store: Store) -> None:
    for notice in store.notices:
        print(f"companion: {notice}", file=sys.stderr)


def export(args: Namespace) -> int:
    """Everything as JSON (a full backup ``restore`` takes back) or the sets as CSV."""
    path = db_path(getattr(args, "db", None))
    fmt = getattr(args, "format", "json") or "json"
    try:
        with Store.open(path) as store:
            _notices(store)
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
    except StoreError as exc:
        return _fail(str(exc))
    out = getattr(args, "out", None)
    if not out:
        sys.stdout.write(text)
        return 0
    try:
        Path(out).expanduser().write_text(text, encoding="utf-8")
    except OSError as exc:
        return _fail(f"could not write {out}: {exc.strerror or exc}")
    print(f"exported {fmt.upper()} to {out}", file=sys.stderr)
    return 0


def restore(args: Namespace) -> int:
    """Replace the database with a JSON export, after checking all of it and backing up."""
    source = Path(args.file).expanduser()
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = getattr(exc, "strerror", None) or str(exc)
        return _fail(f"could not read {source}: {why}")
    try:
        data = parse_json(text, str(source))
        checked = check(data)  # before the database is even opened: a bad file changes nothing
    except (ExportFileError, StoreError) as exc:
        return _fail(f"{source}: {exc}" if isinstance(exc, StoreError) else str(exc))
    from companion.training.replay import rederive_all

    path = db_path(getattr(args, "db", None))
    try:
        with Store.open(path) as store:
            _notices(store)
            backup = store.restore_data(data)
            rederive_all(store)  # the targets follow the restored history, not its copy
    except StoreError as exc:
        return _fail(str(exc))
    kept = f"; the previous database was kept as {backup}" if backup else ""
    print(
        f"restored {len(checked['sessions'])} sessions and {len(checked['plans'])} plans "
        f"from {source}{kept}",
        file=sys.stderr,
    )
    return 0
