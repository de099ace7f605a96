"""The sets' digests and record book: kept beside the database, brought up to date by each
write, and giving the history screens the same answers as the sets themselves."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import orjson
import pytest

from companion.domain import insights
from companion.domain.catalogue import builtin
from companion.domain.insights import HistoryIndex, SessionDigest
from companion.domain.insights_digest import FORMAT
from companion.domain.insights_records import RecordBook, book_of
from companion.domain.models import SessionLog, SetResult, Side
from companion.store import Store
from companion.store.files import digests_path

L, R, BOTH = Side.LEFT, Side.RIGHT, Side.BOTH
START = datetime(2026, 3, 2, 18)  # a Monday evening


def session_sets(log: SessionLog, n: int, at: datetime) -> list[SetResult]:
    """A mixed session: squats with a warm-up and a skipped set, split squats per side, a calf
    raise at bodyweight, a side plank held (not in the second session); loads and reps that
    move from session to session."""
    k = iter(range(100))

    def s(exercise: str, side: Side = BOTH, **kw: object) -> SetResult:
        return SetResult(session_id=log.id, exercise_id=exercise, set_number=1, side=side,
                         at=at + timedelta(minutes=2 * next(k)), **kw)  # fmt: skip

    planks = [s("side-plank", L, hold_s=30 + 5 * n), s("side-plank", R, hold_s=40)]
    return [
        s("back-squat", reps=5, load=40, warmup=True),
        s("back-squat", reps=5 + n % 3, load=60 + 2.5 * (n % 4)),
        s("back-squat", reps=5, load=60 + 2.5 * (n % 4), rpe=8.5),
        s("back-squat", skipped=True),
        s("split-squat", L, reps=8, load=20 + 2 * (n % 3)),
        s("split-squat", R, reps=8 + n % 2, load=20 + 2 * (n % 3)),
        s("single-leg-calf-raise", L, reps=12 + n, bodyweight=True),
        s("single-leg-calf-raise", R, reps=15, bodyweight=True, load=5.0 if n % 2 else None),
        *(planks if n != 1 else []),  # one session without them
    ]


def history(n: int = 6) -> tuple[list[SessionLog], list[SetResult]]:
    """``n`` sessions three days apart, plus a second one on the last day and one that runs
    past midnight."""
    logs, sets = [], []
    starts = [START + timedelta(days=3 * i) for i in range(n)]
    starts += [starts[-1] + timedelta(hours=2), starts[-1] + timedelta(days=2, hours=5, minutes=50)]
    for i, at in enumerate(starts):
        log = SessionLog(title=f"S{i}", started_at=at, finished_at=at + timedelta(hours=1))
        logs.append(log)
        sets += session_sets(log, i, at)
    return logs, sets


def answers(logs: list[SessionLog], index: HistoryIndex) -> dict[str, object]:
    """What every history view shows."""
    exercises = sorted(index.exercise_ids())
    catalogue = builtin()
    return {
        "rows": insights.session_rows(logs, index),
        "records": insights.records(index),
        "marks": insights.record_marks(index),
        "series": [insights.exercise_series(index, ex) for ex in exercises],
        "muscles": [
            insights.muscle_sets(index, catalogue, START.date() + timedelta(weeks=w))
            for w in range(3)
        ],
        "sets": [index.working_sets(ex) for ex in exercises],
        "with": [index.sessions_with(ex) for ex in exercises],
        "first": index.first_day(),
    }


def from_disk(index: HistoryIndex) -> HistoryIndex:
    """The index as the store reads it back: digests and book through JSON."""
    rows = orjson.loads(orjson.dumps({s: d.to_json() for s, d in index.sessions.items()}))
    book = orjson.loads(orjson.dumps(book_of(index).to_json()))
    digests = {sid: SessionDigest.from_json(sid, row) for sid, row in rows.items()}
    return HistoryIndex(digests, RecordBook.from_json(book))


# --- domain -------------------------------------------------------------------------------------


def test_digests_read_back_from_json_give_the_same_answers() -> None:
    logs, sets = history()
    index = HistoryIndex.of_sets(sets)
    expected = answers(logs, index)
    assert expected["marks"], "the history sets records: the comparison means something"
    assert answers(logs, from_disk(index)) == expected


def test_a_session_past_midnight_counts_on_both_days() -> None:
    logs, sets = history()
    late = logs[-1]
    days = {r.at.date() for r in sets if r.session_id == late.id and not r.warmup}
    assert len(days) == 2
    index = from_disk(HistoryIndex.of_sets(sets))
    for day in days:
        on_day = [r for r in sets if r.at.date() == day and not r.warmup and not r.skipped]
        assert sum(d.sets for d in index.on_day(day)) == len(on_day)


def test_the_record_book_grows_session_by_session_as_if_folded_at_once() -> None:
    logs, sets = history()
    whole = RecordBook.of(HistoryIndex.of_sets(sets))
    book = RecordBook()
    digests = insights.digest_sets(sets)
    same_day = logs[-2]  # the second session of a day that already has one
    for i, log in enumerate(logs):
        digest = digests[log.id]
        if log is same_day:
            assert not book.can_add(digest)  # merged with the day's first: fold again
            done = {s.id for s in logs[: i + 1]}
            book = RecordBook.of(HistoryIndex.of_sets(r for r in sets if r.session_id in done))
            continue
        assert book.can_add(digest)
        book.add(digest)
    assert book.records == whole.records
    assert book.marks == whole.marks


# --- the store ----------------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "companion.json"


def finish(store: Store, log: SessionLog, sets: list[SetResult]) -> None:
    store.finish_session(log.model_copy(update={"sets": sets}))


def no_full_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("every set was read: the kept digests were not used")

    monkeypatch.setattr(Store, "sets", refuse)


def test_finishing_and_editing_keep_the_digests_up_to_date(db: Path, monkeypatch) -> None:
    logs, sets = history(4)
    with Store.open(db) as store:
        finish(store, logs[0], [r for r in sets if r.session_id == logs[0].id])
        store.history_index()  # the first read makes the file; every write after keeps it
        for log in logs[1:]:
            finish(store, log, [r for r in sets if r.session_id == log.id])
        # an old set edited: a heavier squat two sessions ago sets a record of its own
        old = next(r for r in sets if r.session_id == logs[1].id and r.load == 62.5)
        heavier = old.model_copy(update={"load": 100.0})
        store.replace_set(heavier)
        gone = next(r for r in sets if r.session_id == logs[2].id and r.hold_s)
        store.delete_set(gone.id)
        expected = [heavier if r.id == heavier.id else r for r in sets if r.id != gone.id]
        headers = store.sessions()
    with Store.open(db) as store:
        with monkeypatch.context() as m:
            no_full_read(m)
            kept = store.history_index()
        assert answers(headers, kept) == answers(headers, HistoryIndex.of_sets(expected))
        marks = insights.record_marks(kept)
        assert any(m.value == 100.0 and m.session_id == logs[1].id for m in marks)


def test_a_stale_missing_or_broken_digest_file_is_made_again_from_the_sets(db: Path) -> None:
    logs, sets = history(3)
    with Store.open(db) as store:
        for log in logs:
            finish(store, log, [r for r in sets if r.session_id == log.id])
        headers = store.sessions()
    expected = answers(headers, HistoryIndex.of_sets(sets))
    path = digests_path(db)

    def restamped(head: dict) -> None:
        _, body = path.read_bytes().split(b"\n", 1)
        path.write_bytes(json.dumps(head).encode() + b"\n" + body)

    for damage, head_intact in (
        (lambda: path.unlink(), False),
        (lambda: path.write_text("{not json"), False),
        (lambda: path.write_text(json.dumps({"format": 0})), False),
        (lambda: restamped({"format": FORMAT, "stamp": [1, 2, 3]}), False),  # another file's
        (lambda: path.write_bytes(path.read_bytes()[:-40]), True),  # the rows cut short
    ):
        with Store.open(db) as store:
            store.history_index()  # the file as it should be
            assert store.history_index_ready()
        damage()
        with Store.open(db) as store:
            assert store.history_index_ready() is head_intact
            assert answers(headers, store.history_index()) == expected
            assert store.history_index_ready()
        segment = path.with_name("digests-0001.json")  # every session here is in segment 1
        assert set(json.loads(segment.read_bytes().split(b"\n")[1])) == {log.id for log in logs}


def test_a_failed_digest_update_loses_no_set(db: Path, monkeypatch) -> None:
    logs, sets = history(2)
    with Store.open(db) as store:
        finish(store, logs[0], [r for r in sets if r.session_id == logs[0].id])
        store.history_index()
        with monkeypatch.context() as m:
            m.setattr(SessionDigest, "of", classmethod(lambda *a: 1 / 0))
            finish(store, logs[1], [r for r in sets if r.session_id == logs[1].id])
        assert not digests_path(db).exists()  # dropped, not left half right
        headers = store.sessions()
    done = [r for r in sets if r.session_id in {logs[0].id, logs[1].id}]
    with Store.open(db) as store:
        assert store.set_count() == len(done)
        expected = answers(headers, HistoryIndex.of_sets(done))
        assert answers(headers, store.history_index()) == expected


def test_digests_live_in_the_cache_folder_and_the_old_copy_beside_the_database_goes(
    db: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("COMPANION_CACHE", str(tmp_path / "cache"))
    old = db.with_name("companion.digests.json")
    table = db.with_name("companion.table.json")
    home = db.with_name("companion.home.json")  # the launch views an older companion kept
    db.parent.mkdir(parents=True, exist_ok=True)
    for left in (old, table, home):
        left.write_text("left by an older companion")
    logs, sets = history(2)
    with Store.open(db) as store:
        for log in logs:
            finish(store, log, [r for r in sets if r.session_id == log.id])
        store.history_index()
    assert not old.exists() and not table.exists() and not home.exists()
    assert digests_path(db).is_relative_to(tmp_path / "cache")
    assert digests_path(db).exists()
    # nothing derived beside the data: a backup of the folder holds records only
    assert not [p for p in db.parent.iterdir() if "digests" in p.name]
    # two databases never share a cache folder
    other = tmp_path / "elsewhere" / "companion.json"
    assert digests_path(other).parent != digests_path(db).parent
