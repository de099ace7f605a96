"""Every damaged file and bad input of issue 17, one row each, through the command line.

Each row damages a database of four finished sessions (three sets each, an active plan) or
hands a command bad input, then checks what the athlete would notice: the message (naming
the file, saying what was kept where), the exit code, that every confirmed set that could be
read before is still there once the app has opened the database, and that the original of a
damaged file is kept byte for byte.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from companion.cli import main
from companion.domain.models import SessionLog, SetResult
from companion.io.plans import load_plan
from companion.locations import bundled_plan
from companion.store import AlreadyOpenError, Store
from companion.store.backups import backups
from companion.store.files import damage_path, journal_path, segment_path


def sets_file(db: Path) -> Path:
    """The segment of the sets that holds every session built here (the open one)."""
    return segment_path(db, 1)


@dataclass
class World:
    tmp: Path
    db: Path
    sessions: list[SessionLog]
    readable: set[str] = field(default_factory=set)  # set ids that must survive
    original: bytes | None = None  # a damaged file's bytes, to be found kept
    kept: str | None = None  # the glob (beside the database) it is kept under
    held: Store | None = None  # a store held open while the command runs
    env: dict[str, str] = field(default_factory=dict)  # set while the command runs

    def sets_of(self, *which: int) -> set[str]:
        return {s.id for i in which for s in self.sessions[i].sets}

    @property
    def every_set(self) -> set[str]:
        return self.sets_of(*range(len(self.sessions)))

    def sets_doc(self) -> dict:
        return json.loads(sets_file(self.db).read_text())

    def write_sets_doc(self, data: dict) -> None:
        sets_file(self.db).write_bytes(orjson.dumps(data))


def build(tmp: Path) -> World:
    db = tmp / "data" / "companion.json"
    plan = load_plan(bundled_plan("demo.yaml"))
    monday = date.today() - timedelta(days=date.today().weekday())
    plan = plan.model_copy(update={"imported_at": datetime(2025, 1, 1, 9), "start": monday})
    done = []
    with Store.open(db) as store:
        store.save_plan(plan)
        store.set_active(plan.id)
        for i in range(4):
            log = SessionLog(
                title=f"S{i}", plan_id=plan.id, started_at=datetime(2025, 1, 6 + i, 18)
            )
            store.begin_session(log)
            for n in range(1, 4):
                store.record_set(
                    SetResult(
                        session_id=log.id, exercise_id="step-up", set_number=n, reps=8, load=10.0
                    )
                )
            done.append(store.finish_session(log))
    return World(tmp, db, done)


# --- what each row does to the database, returning the command to run ------------------------


def sets_garbage(w: World) -> list[str]:
    w.original = b"\x00\x13 this is not JSON {{"
    sets_file(w.db).write_bytes(w.original)
    w.readable, w.kept = w.sets_of(0, 1, 2), "companion.sets-0001.json.broken-*"
    return ["export", "--format", "csv", "--db", str(w.db)]


def sets_garbage_no_backup(w: World) -> list[str]:
    for b in backups(sets_file(w.db)):
        b.unlink()
    sets_garbage(w)
    w.readable = set()
    return ["export", "--db", str(w.db)]


def sets_cut_in_half(w: World) -> list[str]:
    raw = sets_file(w.db).read_bytes()
    w.original = raw[: len(raw) // 2]
    sets_file(w.db).write_bytes(w.original)
    whole = {d["id"] for d in json.loads(raw)["sets"].values() if orjson.dumps(d) in w.original}
    w.readable, w.kept = w.sets_of(0, 1, 2) | whole, "companion.sets-0001.json.broken-*"
    return ["export", "--db", str(w.db)]


def sets_deleted(w: World) -> list[str]:
    sets_file(w.db).unlink()
    w.readable = w.sets_of(0, 1, 2)
    return ["export", "--format", "csv", "--db", str(w.db)]


def sets_deleted_no_backup(w: World) -> list[str]:
    for b in backups(sets_file(w.db)):
        b.unlink()
    sets_file(w.db).unlink()
    return ["export", "--db", str(w.db)]


def _spoil_one_set(w: World, change: Callable[[dict], None]) -> str:
    data = w.sets_doc()
    key, doc = next(iter(data["sets"].items()))
    change(doc)
    w.write_sets_doc(data)
    w.original = orjson.dumps(doc)
    w.kept = "companion.sets-0001.json.rejected-*"
    w.readable = w.every_set - {doc["id"]}
    return doc["id"]


def set_without_session(w: World) -> list[str]:
    _spoil_one_set(w, lambda d: d.pop("session_id"))
    return ["export", "--db", str(w.db)]


def set_without_session_next(w: World) -> list[str]:
    set_without_session(w)
    return ["next", "--db", str(w.db)]


def set_reps_lots(w: World) -> list[str]:
    _spoil_one_set(w, lambda d: d.update(reps="lots"))
    return ["export", "--format", "csv", "--db", str(w.db)]


def session_bad_start(w: World) -> list[str]:
    data = json.loads(w.db.read_text())
    doc = next(d for d in data["sessions"].values() if d["id"] == w.sessions[1].id)
    doc["started_at"] = "the day before yesterday [b]"
    w.db.write_text(json.dumps(data))
    w.original = b'"the day before yesterday [b]"'
    w.kept = w.db.name
    w.readable = w.sets_of(0, 2, 3)
    return ["export", "--db", str(w.db)]


def journal_half_written(w: World) -> list[str]:
    with Store.open(w.db) as store:
        log = SessionLog(title="today", plan_id=w.sessions[0].plan_id)
        store.begin_session(log)
        for n in range(1, 6):
            store.record_set(
                SetResult(session_id=log.id, exercise_id="step-up", set_number=n, reps=8)
            )
        journal = [s.id for s in store.current_session().sets]
    raw = journal_path(w.db).read_bytes()
    w.original = raw[: raw.rindex(journal[-1].encode()) + 5]  # cut inside the last set
    journal_path(w.db).write_bytes(w.original)
    w.readable = w.every_set | set(journal[:-1])
    w.kept = "companion.journal.json.broken-*"
    return ["export", "--db", str(w.db)]


def history_garbage(w: World) -> list[str]:
    w.original = b'{"sessions": {"1": {"id": '
    w.db.write_bytes(w.original)
    w.readable, w.kept = w.sets_of(0, 1, 2), "companion.json.broken-*"
    return ["export", "--db", str(w.db)]


def plan_damaged(w: World) -> list[str]:
    data = json.loads(w.db.read_text())
    plan = data["plans"]["1"]
    plan["phases"] = "all of them"
    w.db.write_text(json.dumps(data))
    w.original, w.kept = b'"phases": "all of them"', w.db.name
    w.readable = w.every_set
    return ["plans", "--db", str(w.db)]


def _export_file(w: World, change: Callable[[str], str]) -> Path:
    out = w.tmp / "export.json"
    assert main(["export", "--db", str(w.db), "--out", str(out)]) == 0
    out.write_text(change(out.read_text()))
    w.readable = w.every_set
    w.original, w.kept = w.db.read_bytes(), w.db.name
    return out


def restore_empty(w: World) -> list[str]:
    out = _export_file(w, lambda _: '{"format": "companion-export", "schema": 2}')
    return ["restore", str(out), "--db", str(w.db)]


def restore_infinite_load(w: World) -> list[str]:
    out = _export_file(w, lambda t: t.replace('"load": 10.0', '"target_load": Infinity', 1))
    return ["restore", str(out), "--db", str(w.db)]


def restore_huge_target(w: World) -> list[str]:
    out = _export_file(w, lambda t: t.replace('"load": 10.0', '"target_reps": 1e9', 1))
    return ["restore", str(out), "--db", str(w.db)]


def restore_deep(w: World) -> list[str]:
    out = _export_file(w, lambda _: "[" * 100_000 + "]" * 100_000)
    return ["restore", str(out), "--db", str(w.db)]


def validate_deep_yaml(w: World) -> list[str]:
    plan = w.tmp / "deep.yaml"
    plan.write_text("name: deep\nphases: " + "[" * 50_000 + "]" * 50_000 + "\n")
    w.readable = w.every_set
    return ["validate", str(plan)]


def import_deep_toml(w: World) -> list[str]:
    plan = w.tmp / "deep.toml"
    plan.write_text("name = 'deep'\nphases = " + "[" * 50_000 + "]" * 50_000 + "\n")
    w.readable = w.every_set
    w.original, w.kept = w.db.read_bytes(), w.db.name
    return ["import", str(plan), "--db", str(w.db)]


def db_is_a_folder(w: World) -> list[str]:
    folder = w.tmp / "a-folder"
    folder.mkdir()
    w.readable = w.every_set
    w.env["COMPANION_DB"] = str(folder)
    return ["export"]


def db_is_a_folder_app_open(w: World) -> list[str]:
    db_is_a_folder(w)
    return ["import", str(bundled_plan("demo.yaml"))]


def mistyped_export(w: World) -> list[str]:
    w.readable = w.every_set
    return ["export", "--db", str(w.tmp / "dta" / "companion.json")]


def mistyped_next(w: World) -> list[str]:
    w.readable = w.every_set
    return ["next", "--db", str(w.tmp / "dta" / "companion.json")]


def _read_only_place(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The database's folder as a read-only mount: nothing in it may be created or written
    (done by refusing the calls, as chmod does not stop root)."""
    real_open = os.open

    def refuse(path, flags, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        writes = os.O_WRONLY | os.O_RDWR | os.O_CREAT
        if Path(path).resolve().parent == folder and flags & writes:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)


def read_only_export(w: World) -> list[str]:
    w.readable = w.every_set
    w.original, w.kept = w.db.read_bytes(), w.db.name
    return ["export", "--format", "csv", "--db", str(w.db)]


def read_only_plans(w: World) -> list[str]:
    read_only_export(w)
    return ["plans", "--db", str(w.db)]


def read_only_import(w: World) -> list[str]:
    read_only_export(w)
    return ["import", str(bundled_plan("demo.yaml")), "--db", str(w.db)]


def app_open(command: list[str]) -> Callable[[World], list[str]]:
    def prepare(w: World) -> list[str]:
        w.held = Store.open(w.db)  # the app, holding the lock
        w.readable = w.every_set
        return [*command, "--db", str(w.db)]

    return prepare


def symlink_writer(w: World) -> list[str]:
    link = w.tmp / "other-name.json"
    link.symlink_to(w.db)
    w.held = Store.open(w.db)
    w.readable = w.every_set
    return ["import", str(bundled_plan("demo.yaml")), "--db", str(link)]


@dataclass
class Row:
    prepare: Callable[[World], list[str]]
    code: int
    says: tuple[str, ...]
    read_only_place: bool = False


SETS = "{data}/companion.sets-0001.json"
ROWS: dict[str, Row] = {
    "sets file garbage, backup": Row(
        sets_garbage,
        1,
        (
            f"The sets file {SETS} could not be read",
            "0 whole sets were read from it and 9 more",
            "1 of the 4 finished sessions (of 2025-01-09) has no sets",
            "Nothing was changed",
            "the export is written, but not everything recorded is in it",
            "1 finished session without its sets",
        ),
    ),  # fmt: skip
    "sets file garbage, no backup": Row(
        sets_garbage_no_backup,
        1,
        (
            f"The sets file {SETS} could not be read",
            "0 whole sets were read from it",
            "4 finished sessions without their sets",
        ),
    ),  # fmt: skip
    "sets file cut in half": Row(
        sets_cut_in_half,
        1,
        (f"The sets file {SETS} could not be read", "whole sets were read from it and"),
    ),
    "sets file deleted, backup": Row(
        sets_deleted,
        1,
        (
            f"The sets file {SETS} is missing; its backup from",
            "was read instead",
            "1 finished session without its sets",
        ),
    ),  # fmt: skip
    "sets file deleted, no backup": Row(
        sets_deleted_no_backup,
        1,
        (
            f"The sets file {SETS} is missing and has no backup",
            "the 4 finished sessions show without their sets",
        ),
    ),  # fmt: skip
    "a set without session_id (export)": Row(
        set_without_session,
        1,
        (
            f"1 set in {SETS} could not be read",
            "lacks its id, session_id or exercise_id",
            "1 set could not be read (see above)",
        ),
    ),  # fmt: skip
    "a set without session_id (next)": Row(set_without_session_next, 0, ("SETS × REPS @ LOAD",)),
    "a set with reps 'lots'": Row(
        set_reps_lots,
        1,
        (
            f"1 set in {SETS} could not be read",
            "reps: Input should be a valid integer",
            "(found 'lots')",
            "1 set could not be read (see above)",
        ),
    ),  # fmt: skip
    "a session with a bad started_at": Row(
        session_bad_start,
        1,
        (
            "The session 'S1' in {data}/companion.json could not be read",
            "started_at:",
            "left out, with its sets",
            "1 session could not be read",
            "3 sets could not be read",
        ),
    ),  # fmt: skip
    "journal with a half-written last set": Row(
        journal_half_written,
        1,
        (
            "The session in progress could not be read",
            "its session and 4 whole sets were recovered",
        ),
    ),  # fmt: skip
    "history file garbage, backup": Row(
        history_garbage,
        1,
        (
            "The history file {data}/companion.json could not be read",
            "was read instead",
            "anything finished after that is left out",
            "not everything recorded is in it",
        ),
    ),  # fmt: skip
    "a plan that does not read (plans)": Row(
        plan_damaged,
        1,
        (
            "Plan demo-runner-strength in {data}/companion.json could not be read",
            "phases",
            "No plan could be read (see above).",
        ),
    ),  # fmt: skip
    "restore of an empty export": Row(
        restore_empty,
        1,
        (
            "the database now: 4 sessions (2025-01-06 to 2025-01-09), 12 sets, 1 plan",
            "after the restore: 0 sessions, 0 sets, 0 plans",
            "would drop 4 sessions, 12 sets, 1 plan that",
            "nothing was changed",
            "--replace",
        ),
    ),  # fmt: skip
    "restore with target_load Infinity": Row(
        restore_infinite_load, 1, ("sessions[0].sets[0].target_load", "finite number")
    ),
    "restore with target_reps 1e9": Row(
        restore_huge_target, 1, ("sessions[0].sets[0].target_reps", "less than or equal to 300")
    ),
    "restore of JSON nested 100k deep": Row(restore_deep, 1, ("nested too deeply",)),
    "validate of YAML nested 50k deep": Row(validate_deep_yaml, 1, ("nested too deeply",)),
    "import of TOML nested 50k deep": Row(
        import_deep_toml, 1, ("nested too deeply", "nothing was imported")
    ),
    "COMPANION_DB is a folder (export)": Row(
        db_is_a_folder, 1, ("{tmp}/a-folder is a folder, not a database file",)
    ),
    "COMPANION_DB is a folder (import)": Row(
        db_is_a_folder_app_open, 1, ("{tmp}/a-folder is a folder, not a database file",)
    ),
    "export to a mistyped database path": Row(
        mistyped_export, 1, ("there is no database at {tmp}/dta/companion.json",)
    ),
    "next on a mistyped database path": Row(
        mistyped_next, 1, ("there is no database at {tmp}/dta/companion.json",)
    ),
    "export from a read-only place": Row(read_only_export, 0, ("S3",), read_only_place=True),
    "plans from a read-only place": Row(read_only_plans, 0, ("* the active plan",), True),
    "import into a read-only place": Row(
        read_only_import,
        1,
        (
            "could not open the database {data}/companion.json for writing",
            "the commands that only read it (export, next, plans) still work",
        ),
        True,
    ),  # fmt: skip
    "next while the app is open": Row(app_open(["next"]), 0, ("SETS × REPS @ LOAD",)),
    "export while the app is open": Row(app_open(["export"]), 0, ('"title": "S3"',)),
    "plans while the app is open": Row(app_open(["plans"]), 0, ("* the active plan",)),
    "a symlink to the database, while the app is open": Row(
        symlink_writer, 1, ("{data}/companion.json is already open in another companion",)
    ),
}


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.delenv("COMPANION_DB", raising=False)
    w = build(tmp_path)
    yield w
    if w.held is not None:
        w.held.close()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _kept(w: World, pattern: str = "*") -> bool:
    """The damaged original is in a file beside the database (matching ``pattern``)."""
    assert w.original is not None
    return any(w.original in p.read_bytes() for p in w.db.parent.glob(pattern) if p.is_file())


@pytest.mark.parametrize("name", list(ROWS))
def test_fault_matrix(
    name: str, world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    row, w = ROWS[name], world
    argv = row.prepare(w)
    folder = w.db.parent
    before = _files(folder)
    with monkeypatch.context() as patch:
        for key, value in w.env.items():
            patch.setenv(key, value)
        if row.read_only_place:
            _read_only_place(patch, folder)
        code = main(argv)
    out = capsys.readouterr()
    said = out.out + out.err
    assert "Traceback" not in said
    for text in row.says:
        assert text.format(data=folder, tmp=w.tmp) in said, said
    assert code == row.code, said
    if argv[0] in ("export", "next", "plans", "validate") or code != 0:
        # a reading command, or one that refused: not a file changed, moved or made
        assert _files(folder) == before
        assert not (w.tmp / "dta").exists() and not list(w.tmp.glob("*.lock"))
    if w.original is not None:
        assert _kept(w), "the original is kept as it was"
    if w.held is not None:
        w.held.close()
        w.held = None
    # the app opens the database: every set that could be read before is there
    with Store.open(w.db) as store:
        current = store.current_session()
        have = {s.id for s in store.sets()} | {s.id for s in (current.sets if current else [])}
        store.sessions()  # what the history screen reads
        assert w.readable <= have, f"lost {len(w.readable - have)} sets"
        if w.original is not None and w.kept is not None:
            assert _kept(w, w.kept), "the original is kept once the app has repaired the file"
        if "not everything recorded is in it" in said:  # the app says it too
            assert store.notices.gaps, "the app says nothing"


def test_what_was_set_aside_is_said_at_every_start_until_it_is_dealt_with(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    w = build(tmp_path)
    sets_garbage(w)
    with Store.open(w.db) as store:
        assert store.notices == []  # the sets file is read on first use
        store.sets()
        [first] = store.notices
    [broken] = w.db.parent.glob("companion.sets-0001.json.broken-*")
    assert str(broken) in first
    for _ in range(2):  # the app at every start, before the sets file is read
        with Store.open(w.db) as store:
            [again] = store.notices
            assert again.startswith("Found on ") and "not yet dealt with" in again
            assert f"until {broken} is deleted or moved elsewhere" in again
            assert "1 of the 4 finished sessions (of 2025-01-09) has no sets" in again
    with Store.read(w.db) as reader:  # and every reading command
        assert reader.notices.gaps == [again]
    capsys.readouterr()
    assert main(["export", "--db", str(w.db)]) == 1
    err = capsys.readouterr().err
    assert again in err and "not everything recorded is in it: 1 file set aside earlier" in err
    shutil.move(broken, tmp_path / "looked-at.json")
    with Store.open(w.db) as store:
        assert store.notices == []
    assert not damage_path(w.db).exists()
    assert main(["export", "--db", str(w.db)]) == 0


def test_restore_with_replace_drops_what_it_said(tmp_path: Path, capsys) -> None:
    w = build(tmp_path)
    empty = tmp_path / "empty.json"
    empty.write_text('{"format": "companion-export", "schema": 2}')
    assert main(["restore", str(empty), "--db", str(w.db), "--replace"]) == 0
    assert "would drop" not in capsys.readouterr().err
    with Store.open(w.db) as store:
        assert store.sessions() == [] and store.set_count() == 0
    [*kept] = backups(w.db)
    assert any(w.sessions[3].id in b.read_text() for b in kept)


def test_a_reader_changes_nothing_and_never_waits_for_the_writer(tmp_path: Path) -> None:
    w = build(tmp_path)
    with Store.open(w.db) as writer:
        before = _files(w.db.parent)
        with Store.read(w.db) as reader:
            assert {s.id for s in reader.sets()} == w.every_set
            assert reader.history_index().sessions.keys() == {s.id for s in w.sessions}
            with pytest.raises(Exception, match="opened for reading only"):
                reader.save_settings({"age": 40})
        assert _files(w.db.parent) == before
        log = SessionLog(title="later")
        writer.begin_session(log)
        writer.finish_session(log)


def test_two_names_for_one_database_share_one_lock(tmp_path: Path) -> None:
    w = build(tmp_path)
    link = tmp_path / "elsewhere.json"
    link.symlink_to(w.db)
    with Store.open(link) as store:
        assert store.path == w.db and store.set_count() == 12
        with pytest.raises(AlreadyOpenError, match="already open in another companion"):
            Store.open(w.db)  # the same file under its own name: one lock for both


def test_a_reader_of_an_older_database_upgrades_it_in_memory_only(tmp_path: Path) -> None:
    """A database from before the sets file (schema 1: the sets inside the history file) is
    read as it is by a reading command; the app moves the sets out when it opens it."""
    w = build(tmp_path)
    data = json.loads(w.db.read_text())
    data["sets"] = w.sets_doc()["sets"]
    data["meta"]["1"]["version"] = 1
    w.db.write_text(json.dumps(data))
    sets_file(w.db).unlink()
    for b in backups(sets_file(w.db)):
        b.unlink()
    before = _files(w.db.parent)
    with Store.read(w.db) as reader:
        assert {s.id for s in reader.sets()} == w.every_set
        assert reader.notices == []
    assert _files(w.db.parent) == before
    with Store.open(w.db) as store:
        assert {s.id for s in store.sets()} == w.every_set
    assert "sets" not in json.loads(w.db.read_text())


def test_a_first_session_finished_without_sets_is_not_taken_for_a_lost_sets_file(
    tmp_path: Path,
) -> None:
    db = tmp_path / "companion.json"
    with Store.open(db) as store:
        log = SessionLog(title="everything skipped")
        store.begin_session(log)
        store.finish_session(log)
    for opened in (Store.open(db), Store.read(db)):
        with opened as store:
            assert store.set_count() == 0 and store.notices == []
    assert not damage_path(db).exists()
