"""The sets in segments that close: finishing writes one small file, backups share what did not
change, the single sets file of schema 2 is split without loss, a damaged segment is salvaged."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import orjson
import pytest

from companion.domain.models import SessionLog, SetResult
from companion.store import Store, files
from companion.store.backups import backups
from companion.store.files import segment_numbers, segment_path, sets_path
from companion.store.migrations import CURRENT_VERSION

START = datetime(2025, 1, 6, 18)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "companion.json"


@pytest.fixture
def small_segments(monkeypatch: pytest.MonkeyPatch) -> None:
    """Segments that close at 10 sets: a few sessions close one."""
    monkeypatch.setattr(files, "SEGMENT_SETS", 10)


def finish(store: Store, day: int, n_sets: int = 4) -> SessionLog:
    log = SessionLog(title=f"day {day}", started_at=START + timedelta(days=day))
    store.begin_session(log)
    for n in range(1, n_sets + 1):
        store.record_set(
            SetResult(session_id=log.id, exercise_id="step-up", set_number=n, reps=8, load=10.0)
        )
    return store.finish_session(log)


def stored(db: Path) -> dict[str, dict]:
    """Every stored set by id, from whichever segment holds it."""
    return {
        d["id"]: d
        for n in segment_numbers(db)
        for d in json.loads(segment_path(db, n).read_text())["sets"].values()
    }


def identity(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_ino, st.st_mtime_ns


def test_finishing_writes_the_open_segment_only_and_closed_ones_are_never_copied(
    db: Path, small_segments: None
) -> None:
    with Store.open(db) as store:
        logs = [finish(store, day) for day in range(9)]  # 36 sets: segments of 12, 12, 12
    assert segment_numbers(db) == [1, 2, 3]
    closed = {n: identity(segment_path(db, n)) for n in (1, 2)}
    with Store.open(db) as store:
        logs += [finish(store, day) for day in range(9, 15)]
        assert {s.id for s in store.sets()} == {s.id for log in logs for s in log.sets}
    assert segment_numbers(db) == [1, 2, 3, 4, 5]
    assert {n: identity(segment_path(db, n)) for n in (1, 2)} == closed  # not written again
    assert not backups(segment_path(db, 1)) and not backups(segment_path(db, 2))
    # every set where it was recorded, once
    assert set(stored(db)) == {s.id for log in logs for s in log.sets}


def test_editing_an_old_set_writes_its_own_segment_and_nothing_else(
    db: Path, small_segments: None
) -> None:
    with Store.open(db) as store:
        logs = [finish(store, day) for day in range(9)]
        before = {n: identity(segment_path(db, n)) for n in (2, 3)}
        old = logs[0].sets[1]
        store.replace_set(old.model_copy(update={"reps": 12}))
        store.delete_set(logs[0].sets[0].id)
    assert {n: identity(segment_path(db, n)) for n in (2, 3)} == before
    with Store.open(db) as store:
        sets = store.session_sets(logs[0].id)
        assert [s.reps for s in sets] == [12, 8, 8]
        assert store.set_count() == 35


def test_the_folder_stays_near_the_data_with_five_backups(db: Path, small_segments: None) -> None:
    with Store.open(db) as store:
        for day in range(60):  # 240 sets in 20 segments; each finish keeps a backup
            finish(store, day)
    assert len(segment_numbers(db)) == 20
    data = sum(p.stat().st_size for p in [db, *(segment_path(db, n) for n in range(1, 21))])
    seen = {p.stat().st_ino: p.stat().st_size for p in db.parent.iterdir()}
    assert sum(seen.values()) <= 2.5 * data
    assert len(backups(db)) == 5
    # the backups of segments are those the five history backups need, no older
    kept = [p for p in db.parent.iterdir() if ".sets-" in p.name and ".bak-" in p.name]
    assert len(kept) <= 6


def single_file_database(db: Path, days: int) -> set[str]:
    """A schema-2 database: its sets all in ``companion.sets.json``, two backups of it."""
    with Store.open(db) as store:
        logs = [finish(store, day) for day in range(days)]
    every = stored(db)
    for n in segment_numbers(db):
        for p in [segment_path(db, n), *backups(segment_path(db, n))]:
            p.unlink()
    history = json.loads(db.read_text())
    history["meta"]["1"]["version"] = 2
    history["meta"]["1"].pop("segments", None)
    db.write_text(json.dumps(history))
    table = {str(i): d for i, d in enumerate(every.values(), start=1)}
    sets_path(db).write_bytes(orjson.dumps({"sets": table}))
    for k in range(2):
        sets_path(db).with_name(f"companion.sets.json.bak-2025010{k}-000000-000000").write_bytes(
            orjson.dumps({"sets": table})
        )
    assert {s.id for log in logs for s in log.sets} == set(every)
    return set(every)


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: identity(p) for p in folder.iterdir()}


def test_the_single_sets_file_is_read_as_it_is_and_split_without_loss(
    db: Path, small_segments: None
) -> None:
    every = single_file_database(db, 8)
    before = _files(db.parent)
    with Store.read(db) as reader:  # a reading command: the old layout, read in memory
        assert {s.id for s in reader.sets()} == every
        assert reader.notices == []
    assert _files(db.parent) == before
    with Store.open(db) as store:
        assert any(f"upgraded from schema 2 to {CURRENT_VERSION}" in n for n in store.notices)
        assert {s.id for s in store.sets()} == every
        assert len(store.sessions()) == 8
    assert set(stored(db)) == every and len(segment_numbers(db)) == 4  # sessions kept whole
    assert not sets_path(db).exists() and not backups(sets_path(db))
    assert json.loads(db.read_text())["meta"]["1"]["version"] == CURRENT_VERSION
    with Store.open(db) as store:
        assert store.notices == []
        later = finish(store, 30)
        assert store.set_count() == len(every) + 4
    assert {s.id for s in later.sets} <= set(stored(db))


def test_a_damaged_single_sets_file_becomes_segment_one_and_is_salvaged(db: Path) -> None:
    every = single_file_database(db, 3)
    raw = sets_path(db).read_bytes()
    sets_path(db).write_bytes(raw[: len(raw) * 2 // 3])  # cut short
    with Store.open(db) as store:
        got = {s.id for s in store.sets()}
        said = " ".join(store.notices)
    assert got == every  # the cut file's whole sets and its backup's
    assert "could not be read" in said and "companion.sets-0001.json.broken-" in said
    [broken] = db.parent.glob("companion.sets-0001.json.broken-*")
    assert broken.read_bytes() == raw[: len(raw) * 2 // 3]


def test_a_damaged_closed_segment_keeps_the_others_and_salvages_its_whole_sets(
    db: Path, small_segments: None
) -> None:
    with Store.open(db) as store:
        logs = [finish(store, day) for day in range(9)]
    first = segment_path(db, 1)
    raw = first.read_bytes()
    cut = raw[: len(raw) // 2]
    first.write_bytes(cut)
    whole = {d["id"] for d in json.loads(raw)["sets"].values() if orjson.dumps(d) in cut}
    with Store.open(db) as store:
        got = {s.id for s in store.sets()}
        said = " ".join(store.notices)
    others = {s.id for log in logs[3:] for s in log.sets}
    assert others | whole == got
    assert f"The sets file {first} could not be read" in said
    [broken] = db.parent.glob("companion.sets-0001.json.broken-*")
    assert broken.read_bytes() == cut and str(broken) in said
    lost = len({log.id for log in logs[:3]} - {d["session_id"] for d in stored(db).values()})
    if lost:
        assert "no sets now" in said  # the sessions left without sets are named


def test_a_lost_segment_the_history_counts_is_said(db: Path, small_segments: None) -> None:
    with Store.open(db) as store:
        for day in range(9):
            finish(store, day)
    last = segment_path(db, 3)
    for p in [last, *backups(last)]:
        p.unlink()
    with Store.read(db) as reader:
        reader.sets()
        assert any(f"The sets file {last} is missing" in g for g in reader.notices.gaps)


def test_finishing_writes_the_digests_of_its_segment_and_the_book_only(
    db: Path, small_segments: None
) -> None:
    from companion.store.files import digests_path

    with Store.open(db) as store:
        for day in range(9):
            finish(store, day)
        store.history_index()  # the digests made and kept, as the app does in the background
        folder = digests_path(db).parent
        closed = {p.name: identity(p) for p in folder.glob("digests-000[12].json")}
        assert len(closed) == 2
        later = finish(store, 20)
        assert {p.name: identity(p) for p in folder.glob("digests-000[12].json")} == closed
        assert later.id in store.history_index().sessions
    with Store.open(db) as store:  # read back from the files, not made from the sets
        assert store.history_index_ready()
        assert len(store.history_index().sessions) == 10


def test_a_restore_writes_its_own_segments_and_leaves_none_of_the_old(
    db: Path, small_segments: None
) -> None:
    with Store.open(db) as store:
        kept = [finish(store, day) for day in range(3)]
        export = store.export_data()
        for day in range(3, 12):
            finish(store, day)
    assert segment_numbers(db) == [1, 2, 3, 4]
    with Store.open(db) as store:
        store.restore_data(export)
        assert {s.id for s in store.sets()} == {s.id for log in kept for s in log.sets}
    # 12 sets in segments of up to 10, sessions kept whole: 1 and 2; the old 3 and 4 are gone,
    # not left to be read
    assert segment_numbers(db) == [1, 2]
    with Store.open(db) as store:
        assert store.notices == []
        assert [s.id for s in store.sessions()] == [log.id for log in kept]
        assert store.set_count() == 12


def test_the_history_written_from_kept_encodings_is_what_encoding_it_whole_gives(db: Path) -> None:
    """Finishing encodes the headers from those already written plus the new one; the file is
    byte for byte what encoding every table gives, through edits, replaced headers and states."""
    from companion.store.storage import encode, load_raw

    with Store.open(db) as store:
        logs = [finish(store, day) for day in range(3)]
        store.update_session(logs[1].model_copy(update={"note": "knee fine"}))
        finish(store, 3)
        store.save_settings({"age": 40})
        again = logs[2].model_copy(update={"rpe": 7.0, "sets": []})
        store.finish_session(again)  # finished again: its header replaced, not appended
        finish(store, 4)
        assert db.read_bytes() == encode(load_raw(db))
        titles = [s.title for s in store.sessions()]
    assert titles == [f"day {d}" for d in range(5)]
    with Store.open(db) as store:
        assert [s.note for s in store.sessions()][1] == "knee fine"
        assert store.sessions()[2].rpe == 7.0 and len(store.session_sets(logs[2].id)) == 4


def test_a_split_cut_short_leaves_the_single_file_the_truth_and_is_done_again(
    db: Path, small_segments: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first open splits the single sets file; a crash after some segments are written and
    before the history says so loses nothing: the next open splits it again, whole."""
    from companion.store import StoreError, opening

    every = single_file_database(db, 8)
    real, written = opening.atomic_write, []

    def dies_after_two(path: Path, payload: bytes, *args: object, **kw: object) -> None:
        if ".sets-" in path.name and len(written) == 2:
            raise OSError(28, "No space left on device")
        written.append(path)
        real(path, payload, *args, **kw)

    with monkeypatch.context() as m:
        m.setattr(opening, "atomic_write", dies_after_two)
        with pytest.raises(StoreError, match="disk is full"):
            Store.open(db)
    assert sets_path(db).exists() and len(segment_numbers(db)) == 2  # cut half way
    with Store.read(db) as reader:  # still read from the single file, all of it
        assert {s.id for s in reader.sets()} == every
    with Store.open(db) as store:
        assert {s.id for s in store.sets()} == every
    assert set(stored(db)) == every and not sets_path(db).exists()


def test_an_import_of_many_sessions_fills_segments_whole_and_its_undo_empties_them(
    db: Path, small_segments: None
) -> None:
    """History brought from another app: each session whole in one segment, the open one
    filled first; taken out again, its sets go from every segment they were written to."""
    with Store.open(db) as store:
        own = finish(store, 0, n_sets=6)  # the open segment holds 6 of 10
        logs = []
        for day in range(1, 6):
            log = SessionLog(title=f"imported {day}", started_at=START + timedelta(days=day),
                             finished_at=START + timedelta(days=day, hours=1))  # fmt: skip
            log.sets = [SetResult(session_id=log.id, exercise_id="step-up", set_number=n,
                                  reps=8, load=12.5) for n in range(1, 5)]  # fmt: skip
            logs.append(log)
        store.add_sessions(logs)
    by_session: dict[str, set[int]] = {}
    for n in segment_numbers(db):
        for d in json.loads(segment_path(db, n).read_text())["sets"].values():
            by_session.setdefault(d["session_id"], set()).add(n)
    assert all(len(where) == 1 for where in by_session.values())  # never split
    assert by_session[logs[0].id] == by_session[own.id]  # the open segment filled first
    assert len(segment_numbers(db)) == 3  # 6 + 4, then 4 + 4, then 4 + 4 (none over 10)
    with Store.open(db) as store:
        assert store.set_count() == 26
        store.remove_sessions({log.id for log in logs})
    with Store.open(db) as store:
        assert store.set_count() == 6 and [s.id for s in store.sessions()] == [own.id]
