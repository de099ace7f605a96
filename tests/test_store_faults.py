"""What goes wrong on a real machine: kills mid-write, broken files, full disks, two apps."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from companion.domain.models import SessionLog, SetResult
from companion.store import AlreadyOpenError, Store, StoreError
from companion.store.backups import backups
from companion.store.files import journal_path, segment_numbers, segment_path
from companion.store.migrations import CURRENT_VERSION

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).resolve().parent / "store_child.py"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def a_set(log: SessionLog, n: int = 1) -> SetResult:
    return SetResult(session_id=log.id, exercise_id="step-up", set_number=n, reps=8, load=10.0)


def history_with_sessions(db: Path, count: int) -> list[SessionLog]:
    done = []
    with Store.open(db) as store:
        for i in range(count):
            log = SessionLog(title=f"s{i}", started_at=datetime(2025, 1, 1 + i, 18))
            store.begin_session(log)
            store.record_set(a_set(log, 1))
            done.append(store.finish_session(log))
    return done


def broken_files(db: Path) -> list[Path]:
    return sorted(db.parent.glob(db.name + ".broken-*"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "companion.json"


# --- SIGKILL at random moments -------------------------------------------------------------


def _read_lines(stream, lines: list[str], ready: threading.Event) -> None:
    for line in stream:
        if line.endswith("\n"):  # a half-written line was never acknowledged
            lines.append(line.strip())
            if line.strip() == "ready":
                ready.set()
    ready.set()


def stored_sets(db: Path) -> list[dict]:
    """Every set document in the sets' segments, as stored."""
    return [
        d
        for n in segment_numbers(db)
        for d in json.loads(segment_path(db, n).read_text())["sets"].values()
    ]


def recording(
    db: Path, seed: int, segment_sets: int | None = None
) -> tuple[subprocess.Popen[str], list[str], threading.Thread]:
    """``store_child.py`` recording into ``db`` once it has opened it, with every line it
    prints read as it comes (or it would block on a full pipe); ``segment_sets``: the sets'
    segments close at that many sets."""
    extra = [str(segment_sets)] if segment_sets else []
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(db), str(seed), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    lines: list[str] = []
    ready = threading.Event()
    reader = threading.Thread(target=_read_lines, args=(child.stdout, lines, ready))
    reader.start()
    assert ready.wait(30), "the child never opened the store"
    return child, lines, reader


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_acknowledged_set(db: Path) -> None:
    rng = random.Random(20240607)
    acked: set[str] = set()
    finished: set[str] = set()
    kills = 0
    for cycle in range(24):
        # segments of 40 sets: every few finishes closes one, so kills land across closings
        child, lines, reader = recording(db, cycle, segment_sets=40)
        time.sleep(rng.uniform(0.0, 0.3))
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        reader.join(10)
        assert child.returncode == -signal.SIGKILL, child.stderr.read()
        child.stderr.close()
        kills += 1
        acked |= {ln.split()[1] for ln in lines if ln.startswith("set ")}
        finished |= {ln.split()[1] for ln in lines if ln.startswith("finished ")}

        with Store.open(db) as store:  # the lock died with the child
            assert not any("could not be read" in n for n in store.notices), store.notices
            history = [s.id for s in store.sets()]
            current = store.current_session()
            journal = [s.id for s in current.sets] if current else []
            session_ids = [s.id for s in store.sessions()]
        assert len(history) == len(set(history)), "a set was saved twice in history"
        assert len(session_ids) == len(set(session_ids)), "a session was saved twice"
        assert not set(history) & set(journal), "a set is both in history and in progress"
        assert acked <= set(history) | set(journal), f"lost {acked - set(history) - set(journal)}"
        assert finished <= set(session_ids)
        raw = stored_sets(db)
        committed = [d for d in raw if d["session_id"] in session_ids]
        assert len(committed) == len(history)
        # any other set is from a finish the kill cut short: its session is still in progress
        assert all(current and d["session_id"] == current.id for d in raw if d not in committed)
    assert kills >= 20 and len(finished) >= 3 and len(acked) > 100
    assert len(segment_numbers(db)) >= 3  # segments closed on the way


# --- broken files ----------------------------------------------------------------------------


def test_truncated_history_is_kept_aside_and_the_backup_restored(db: Path) -> None:
    done = history_with_sessions(db, 3)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    truncated = db.read_bytes()
    with Store.open(db) as store:
        [broken] = broken_files(db)
        [notice] = store.notices
        assert str(broken) in notice and "backup from" in notice and "restored" in notice
        # the newest backup is the history before the last session was finished
        assert [s.id for s in store.sessions()] == [d.id for d in done[:2]]
        assert store.set_count() == 2
    assert broken.read_bytes() == truncated


@pytest.mark.parametrize("content", [b"\x00\xff not json at all", b"[1, 2, 3]", b"", b'{"a": 1}'])
def test_unreadable_history_without_backup_starts_empty_and_keeps_the_file(
    db: Path, content: bytes
) -> None:
    db.write_bytes(content)
    with Store.open(db) as store:
        [broken] = broken_files(db)
        [notice] = store.notices
        assert str(broken) in notice and "new empty database" in notice
        assert store.sessions() == []
        log = SessionLog(title="fresh start")
        store.begin_session(log)
        store.record_set(a_set(log))
    assert broken.read_bytes() == content


def test_garbage_journal_is_kept_aside_and_history_is_untouched(db: Path) -> None:
    done = history_with_sessions(db, 2)
    journal = journal_path(db)
    journal.write_bytes(b'{"session": {"1": {"id": "x"')
    with Store.open(db) as store:
        [notice] = store.notices
        assert "session in progress could not be read" in notice
        [broken] = sorted(db.parent.glob(journal.name + ".broken-*"))
        assert str(broken) in notice
        assert store.current_session() is None
        assert [s.id for s in store.sessions()] == [d.id for d in done]
    assert broken.read_bytes() == b'{"session": {"1": {"id": "x"'


def test_newer_schema_is_refused_and_left_untouched(db: Path) -> None:
    history_with_sessions(db, 1)
    raw = json.loads(db.read_text())
    raw["meta"]["1"]["version"] = 7
    db.write_text(json.dumps(raw))
    before = db.read_bytes()
    for _ in range(2):  # the lock is released after the refusal
        with pytest.raises(StoreError) as info:
            Store.open(db)
        reads = f"newer companion (schema 7); this one reads up to {CURRENT_VERSION}"
        assert reads in str(info.value)
        assert "upgrade companion" in str(info.value)
    assert db.read_bytes() == before
    assert broken_files(db) == [] and len(backups(db)) == 1


def test_stale_temp_files_from_a_crash_are_removed(db: Path) -> None:
    history_with_sessions(db, 1)
    stale = db.parent / f".{db.name}.tmp-dead"
    stale.write_bytes(b'{"half": ')
    other = db.parent / "notes.txt"
    other.write_text("mine")
    with Store.open(db) as store:
        assert len(store.sessions()) == 1
    assert not stale.exists() and other.read_text() == "mine"


# --- failing writes --------------------------------------------------------------------------


def _no_permission(monkeypatch: pytest.MonkeyPatch, directory: Path) -> None:
    """A read-only folder; as root chmod does not stop writes, so refuse the rename instead."""
    if os.geteuid() == 0:

        def refuse(src, dst, *a, **kw):
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))

        monkeypatch.setattr(os, "replace", refuse)
    else:
        directory.chmod(0o555)


def _disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)


@pytest.mark.parametrize(
    ("fault", "message"), [("readonly", "no permission to write"), ("full", "the disk is full")]
)
def test_failed_set_write_is_reported_and_nothing_recorded_is_lost(
    db: Path, monkeypatch: pytest.MonkeyPatch, fault: str, message: str
) -> None:
    store = Store.open(db)
    log = SessionLog(title="A")
    store.begin_session(log)
    kept = a_set(log, 1)
    store.record_set(kept)
    journal_before = journal_path(db).read_bytes()
    if fault == "readonly":
        _no_permission(monkeypatch, db.parent)
    else:
        _disk_full(monkeypatch)
    with pytest.raises(StoreError) as info:
        store.record_set(a_set(log, 2))
    monkeypatch.undo()
    db.parent.chmod(0o755)
    assert message in str(info.value) and str(journal_path(db)) in str(info.value)
    assert [s.id for s in store.current_session().sets] == [kept.id]  # not advanced
    assert journal_path(db).read_bytes() == journal_before
    assert not list(db.parent.glob(".*.tmp-*"))
    retry = a_set(log, 2)
    store.record_set(retry)  # the disk has room again: saving works
    store.close()
    with Store.open(db) as store:
        assert [s.id for s in store.current_session().sets] == [kept.id, retry.id]


@pytest.mark.parametrize("fault", ["readonly", "full"])
def test_failed_finish_keeps_the_session_in_progress_and_history_intact(
    db: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    done = history_with_sessions(db, 2)
    store = Store.open(db)
    log = SessionLog(title="today")
    store.begin_session(log)
    store.record_set(a_set(log, 1))
    history_before, n_backups = db.read_bytes(), len(backups(db))
    if fault == "readonly":
        _no_permission(monkeypatch, db.parent)
    else:
        _disk_full(monkeypatch)
    with pytest.raises(StoreError, match="could not save the history"):
        store.finish_session(log)
    monkeypatch.undo()
    db.parent.chmod(0o755)
    assert db.read_bytes() == history_before and len(backups(db)) == n_backups
    assert [s.id for s in store.sessions()] == [d.id for d in done]
    assert store.current_session().id == log.id and len(store.current_session().sets) == 1
    store.finish_session(log)
    assert [s.id for s in store.sessions()] == [*[d.id for d in done], log.id]
    store.close()


# --- two companions at once ------------------------------------------------------------------


def test_second_open_is_refused_while_the_first_holds_the_store(db: Path) -> None:
    with Store.open(db):
        with pytest.raises(AlreadyOpenError) as info:
            Store.open(db)
        assert "already open in another companion" in str(info.value)
        assert str(db) in str(info.value)
    with Store.open(db) as store:  # released on close
        assert store.sessions() == []


def holding(db: Path) -> subprocess.Popen[str]:
    """Another companion process with ``db`` open, once it says it has it."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom companion.store import Store\n"
            "s = Store.open(sys.argv[1])\nprint('ready', flush=True)\ntime.sleep(60)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
    return holder


def test_cli_export_while_another_process_holds_the_store(db: Path) -> None:
    """Export only reads: it needs no lock, so it works while the app has the database."""
    [done] = history_with_sessions(db, 1)
    holder = holding(db)
    try:
        before = sorted(p.name for p in db.parent.iterdir())
        out = db.parent / "out.csv"
        result = subprocess.run(
            [sys.executable, "-m", "companion", "export", "--format", "csv"]
            + ["--db", str(db), "--out", str(out)],
            capture_output=True,
            text=True,
            env=ENV,
            timeout=60,
        )
        after = sorted(p.name for p in db.parent.iterdir() if p != out)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 0, result.stderr
    assert "already open" not in result.stderr
    assert len(out.read_text().splitlines()) == 2  # the header and the one set
    assert after == before  # nothing created, nothing moved


def test_a_companion_killed_while_holding_the_store_leaves_it_openable(db: Path) -> None:
    """The lock belongs to the process: killed outright, it takes the lock with it."""
    history_with_sessions(db, 1)
    holder = holding(db)
    try:
        with pytest.raises(AlreadyOpenError, match="already open in another companion"):
            Store.open(db)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    with Store.open(db) as store:
        assert len(store.sessions()) == 1


def test_crash_between_setting_aside_and_restoring_still_restores(db: Path) -> None:
    done = history_with_sessions(db, 3)
    db.rename(db.with_name(db.name + ".broken-20250101-000000-000000"))  # then the power went
    with Store.open(db) as store:
        assert any("missing" in n and "restored" in n for n in store.notices)
        assert [s.id for s in store.sessions()] == [d.id for d in done[:2]]


# --- the sets file ----------------------------------------------------------------------------


def test_broken_sets_file_is_noticed_when_sets_are_first_read_and_its_backup_restored(
    db: Path,
) -> None:
    done = history_with_sessions(db, 3)
    sets_file = segment_path(db, 1)
    sets_file.write_bytes(b'{"sets": {"1": {"id"')
    with Store.open(db) as store:
        assert store.notices == []  # home's data comes from the history file alone
        assert [s.id for s in store.sessions()] == [d.id for d in done]
        # the newest backup of the sets file is from before the last session was finished
        assert [s.session_id for s in store.sets()] == [d.id for d in done[:2]]
        [notice] = store.notices
        [broken] = sorted(db.parent.glob(sets_file.name + ".broken-*"))
        assert f"sets file {sets_file} could not be read" in notice and str(broken) in notice
        assert "0 whole sets were read from it and 2 more from its backup of" in notice
        assert "1 of the 3 finished sessions (of 2025-01-03) has no sets now" in notice
        assert store.session_sets(done[2].id) == []  # its set is only in the moved file
    assert broken.read_bytes() == b'{"sets": {"1": {"id"'


def _finish_cut_between_the_files(
    db: Path, monkeypatch: pytest.MonkeyPatch, sets: int
) -> tuple[SessionLog, SessionLog, Store]:
    """One session in history, then a session of ``sets`` sets whose finish reaches the sets
    file but not the history file (its write fails, as a crash there would leave it)."""
    from companion.store import storage

    [first] = history_with_sessions(db, 1)
    store = Store.open(db)
    log = SessionLog(title="today")
    store.begin_session(log)
    for n in range(1, sets + 1):
        store.record_set(a_set(log, n))
    real = storage.atomic_write

    def write(path: Path, payload: bytes, before_replace=None) -> None:  # noqa: ANN001
        if path == db:
            raise OSError(errno.EIO, "Input/output error")
        real(path, payload, before_replace)

    with monkeypatch.context() as patch:
        patch.setattr(storage, "atomic_write", write)
        with pytest.raises(StoreError, match="could not save the history"):
            store.finish_session(log)
    return first, log, store


def test_finish_cut_between_the_two_files_is_finished_again_without_duplicates(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, log, store = _finish_cut_between_the_files(db, monkeypatch, sets=2)
    store.close()
    # the sets reached their file, the session header did not: they do not count yet
    assert len(stored_sets(db)) == 3
    with Store.open(db) as store:
        assert [s.session_id for s in store.sets()] == [first.id]
        current = store.current_session()
        assert current is not None and len(current.sets) == 2
        store.finish_session(current)
        assert sorted(s.set_number for s in store.session_sets(log.id)) == [1, 2]
        assert store.set_count() == 3
    assert len(stored_sets(db)) == 3


def test_discarding_a_session_cut_mid_finish_leaves_history_as_it_was(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _, store = _finish_cut_between_the_files(db, monkeypatch, sets=1)
    store.discard_session()
    assert [s.session_id for s in store.sets()] == [first.id]
    assert [s.id for s in store.sessions()] == [first.id]
    store.close()


@pytest.mark.slow
def test_readers_see_whole_versions_while_the_app_finishes_sessions(db: Path) -> None:
    """A reading command needs no lock because every file is replaced whole: while another
    process records and finishes sessions as fast as it can, each read sees a history in
    which every set belongs to a finished session, and says nothing is damaged."""
    history_with_sessions(db, 1)
    writer, lines, drain = recording(db, 7)
    try:
        assert lines[:1] == ["ready"]
        reads, seen = 0, set()
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline:
            with Store.read(db) as reader:
                sessions = {s.id for s in reader.sessions()}
                sets = reader.sets()
                assert reader.notices == [], reader.notices
            assert {s.session_id for s in sets} <= sessions
            seen.add(len(sessions))
            reads += 1
    finally:
        writer.kill()
        writer.wait()
        drain.join(10)
    assert reads > 10 and len(seen) > 1, "the writer finished sessions during the reads"
