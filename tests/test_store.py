"""The store as the app uses it: repositories, the journal, finishing, backups, migration."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from companion.domain.models import (
    AssessmentResult,
    ExerciseState,
    Phase,
    Plan,
    PlanExercise,
    RepRange,
    Schedule,
    SessionKind,
    SessionLog,
    SessionTemplate,
    SetResult,
    Side,
    Target,
    Weekday,
)
from companion.store import Store, StoreError
from companion.store import journal as journal_mod
from companion.store.backups import backups
from companion.store.files import journal_path, segment_path
from companion.store.migrations import CURRENT_VERSION

ROOT = Path(__file__).resolve().parent.parent


def make_plan(plan_id: str = "runner-strength", name: str = "Runner strength") -> Plan:
    return Plan(
        id=plan_id,
        name=name,
        schedule=Schedule(days=[Weekday.MON, Weekday.THU], long_run=Weekday.SUN),
        phases=[Phase(name="base", weeks=6, sessions=["a"])],
        sessions={
            "a": SessionTemplate(
                key="a",
                title="Strength A",
                exercises=[PlanExercise(exercise="step-up", sets=3, reps=RepRange(lo=8, hi=10))],
            )
        },
    )


def a_set(log: SessionLog, n: int = 1, side: Side = Side.LEFT, **kw) -> SetResult:
    fields = dict(
        session_id=log.id,
        exercise_id="step-up",
        set_number=n,
        side=side,
        target_reps=8,
        reps=9,
        load=12.5,
        rpe=8.0,
    )
    fields.update(kw)
    return SetResult(**fields)


def state(exercise: str = "step-up", side: Side = Side.LEFT, load: float = 20.0) -> ExerciseState:
    return ExerciseState(
        plan_id="runner-strength",
        exercise_id=exercise,
        side=side,
        target=Target(exercise_id=exercise, side=side, sets=3, reps=8, load=load, reason="+2.5"),
    )


def finished_session(store: Store, title: str = "A", n_sets: int = 2, when=None) -> SessionLog:
    log = SessionLog(title=title, plan_id="runner-strength", started_at=when or datetime.now())
    store.begin_session(log)
    for i in range(1, n_sets + 1):
        store.record_set(a_set(log, i))
    return store.finish_session(log)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "companion.json"


def test_plans_round_trip_and_active(db: Path) -> None:
    with Store.open(db) as store:
        assert store.active_plan() is None
        store.save_plan(make_plan())
        store.save_plan(make_plan("hills", "Hill block"))
        store.save_plan(make_plan(name="Runner strength v2"))  # same id: updated, not added
        store.set_active("hills")
        with pytest.raises(StoreError, match="no plan 'nope'"):
            store.set_active("nope")
    with Store.open(db) as store:
        assert [p.name for p in store.plans()] == ["Runner strength v2", "Hill block"]
        assert store.plan("runner-strength") == make_plan(name="Runner strength v2")
        assert store.active_plan() == make_plan("hills", "Hill block")
        assert store.plan("missing") is None


def test_journal_record_replace_delete_survive_reopen(db: Path) -> None:
    with Store.open(db) as store:
        log = SessionLog(title="Strength A", plan_id="runner-strength")
        store.begin_session(log)
        first, second, third = (a_set(log, i) for i in (1, 2, 3))
        for s in (first, second, third):
            store.record_set(s)
        store.replace_set(second.model_copy(update={"reps": 5, "note": "knee twinge"}))
        store.delete_set(third.id)
        store.update_session(log.model_copy(update={"note": "felt heavy", "rpe": 7}))
    with Store.open(db) as store:
        current = store.current_session()
        assert current is not None and current.id == log.id
        assert current.note == "felt heavy" and current.rpe == 7
        assert [(s.id, s.reps, s.note) for s in current.sets] == [
            (first.id, 9, None),
            (second.id, 5, "knee twinge"),
        ]
        assert store.sessions() == []  # not finished: not in history
        assert store.session_sets(log.id) == current.sets


def test_confirming_a_set_leaves_the_history_file_alone(db: Path) -> None:
    with Store.open(db) as store:
        finished_session(store, n_sets=3)
        history = (db.read_bytes(), db.stat().st_mtime_ns, db.stat().st_ino)
        log = SessionLog(title="B")
        store.begin_session(log)
        for i in range(1, 6):
            store.record_set(a_set(log, i))
        assert (db.read_bytes(), db.stat().st_mtime_ns, db.stat().st_ino) == history
        assert len(json.loads(journal_path(db).read_text())["sets"]) == 5


def test_record_needs_a_session_in_progress_and_the_right_one(db: Path) -> None:
    with Store.open(db) as store:
        log = SessionLog(title="A")
        with pytest.raises(StoreError, match="no session in progress"):
            store.record_set(a_set(log))
        store.begin_session(log)
        other = SessionLog(title="B")
        with pytest.raises(StoreError, match="already in progress"):
            store.begin_session(other)
        with pytest.raises(StoreError, match="belongs to session"):
            store.record_set(a_set(other))
        with pytest.raises(StoreError, match="no recorded set"):
            store.delete_set("nope")


def test_recording_the_same_set_twice_keeps_one(db: Path) -> None:
    with Store.open(db) as store:
        log = SessionLog(title="A")
        store.begin_session(log)
        s = a_set(log)
        store.record_set(s)
        store.record_set(s.model_copy(update={"reps": 10}))
        assert [x.reps for x in store.current_session().sets] == [10]


def test_finish_moves_the_session_to_history_and_clears_the_journal(db: Path) -> None:
    with Store.open(db) as store:
        log = SessionLog(title="Strength A", plan_id="runner-strength")
        store.begin_session(log)
        recorded = [a_set(log, i, side) for i in (1, 2) for side in (Side.LEFT, Side.RIGHT)]
        for s in recorded:
            store.record_set(s)
        done = store.finish_session(log, states=[state(load=22.5)])
        assert done.finished and [s.id for s in done.sets] == [s.id for s in recorded]
        assert store.current_session() is None
    with Store.open(db) as store:
        [session] = store.sessions()
        assert session.id == log.id and session.finished_at is not None and session.sets == []
        assert store.session_sets(log.id) == recorded
        assert store.sets("step-up") == recorded and store.sets("calf-raise") == []
        assert store.set_count() == 4
        assert store.exercise_states("runner-strength") == [state(load=22.5)]
        assert store.current_session() is None
    journal = json.loads(journal_path(db).read_text())
    assert not journal.get("sets") and not journal.get("session")


def test_finishing_without_a_journal_and_finishing_again_keep_every_set(db: Path) -> None:
    with Store.open(db) as store:
        log = SessionLog(title="imported", started_at=datetime(2025, 2, 1, 7))
        sets = [a_set(log, 1), a_set(log, 2)]
        store.finish_session(log.model_copy(update={"sets": sets}))
        extra = a_set(log, 3)
        store.finish_session(log.model_copy(update={"note": "again", "sets": [extra]}))
    with Store.open(db) as store:
        assert [s.note for s in store.sessions()] == ["again"]
        assert store.session_sets(log.id) == [*sets, extra]


def test_discard_drops_the_session_in_progress(db: Path) -> None:
    with Store.open(db) as store:
        log = SessionLog(title="A")
        store.begin_session(log)
        store.record_set(a_set(log))
        store.discard_session()
        assert store.current_session() is None and store.sessions() == []


def test_history_sets_can_be_edited_and_removed(db: Path) -> None:
    with Store.open(db) as store:
        done = finished_session(store, n_sets=3)
        store.replace_set(done.sets[0].model_copy(update={"load": 15.0}))
        store.delete_set(done.sets[2].id)
        store.update_session(done.model_copy(update={"note": "good day", "sets": []}))
    with Store.open(db) as store:
        assert [s.load for s in store.session_sets(done.id)] == [15.0, 12.5]
        assert store.sessions()[0].note == "good day"


def test_two_threads_asking_for_the_sets_file_read_it_once(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The background read and a session opened meanwhile both ask for the sets file: the
    second waits for the first's parse (no second parse of years of sets), and neither holds
    up the journal: a set is recorded while the file is being read."""
    import threading

    from companion.store import sets_file

    with Store.open(db) as store:
        done = finished_session(store, n_sets=3)
    real, parses, release = sets_file.load_sets, [], threading.Event()

    def slow(path: Path, *args: object) -> dict:
        parses.append(path)
        assert release.wait(10)
        return real(path, *args)

    monkeypatch.setattr(sets_file, "load_sets", slow)
    with Store.open(db) as store:
        assert not store.sets_ready()
        got: list[int] = []
        readers = [
            threading.Thread(target=lambda: got.append(len(store.session_sets(done.id))))
            for _ in range(2)
        ]
        for reader in readers:
            reader.start()
        log = SessionLog(title="B", plan_id="runner-strength")
        store.begin_session(log)
        store.record_set(a_set(log, 1))  # while the file is being read
        release.set()
        for reader in readers:
            reader.join(10)
        assert got == [3, 3] and len(parses) == 1 and store.sets_ready()


def test_history_sets_read_once_and_every_change_shows_at_once(db: Path) -> None:
    """Sets are validated once and shared, yet an edit, undo, new session or restore of the
    history is seen by the very next read, in this store and after reopening."""
    with Store.open(db) as store:
        done = finished_session(store, n_sets=3)
        first = store.sets()
        again = store.sets()
        assert again == first and all(a is b for a, b in zip(again, first, strict=True))
        assert store.sets("step-up")[0] is first[0]  # one exercise: the same models
        changes = store.changes()

        store.replace_set(done.sets[0].model_copy(update={"load": 15.0}))
        assert [s.load for s in store.sets()] == [15.0, 12.5, 12.5]
        assert store.session_sets(done.id)[0].load == 15.0
        assert store.changes() > changes

        store.delete_set(done.sets[2].id)
        assert [s.id for s in store.sets("step-up")] == [s.id for s in done.sets[:2]]

        log = SessionLog(title="B", plan_id="runner-strength")
        store.begin_session(log)
        store.record_set(a_set(log, 1))  # in progress: not history, not a change of it
        unchanged = store.changes()
        assert len(store.sets()) == 2 and store.changes() == unchanged
        store.finish_session(log)
        assert len(store.sets()) == 3 and store.changes() > unchanged

        backup = store.export_data()
        finished_session(store, "C")
        assert len(store.sets()) == 5
        store.restore_data(backup)
        assert len(store.sets()) == 3
    with Store.open(db) as store:
        assert [s.load for s in store.sets()] == [15.0, 12.5, 12.5]


def test_sessions_oldest_first(db: Path) -> None:
    with Store.open(db) as store:
        now = datetime(2025, 3, 10, 18)
        for i, title in enumerate(["third", "first", "second"]):
            finished_session(store, title, when=now - timedelta(days=[1, 9, 5][i]))
        assert [s.title for s in store.sessions()] == ["first", "second", "third"]


def test_states_keyed_by_plan_exercise_and_side(db: Path) -> None:
    with Store.open(db) as store:
        store.save_exercise_states([state(side=Side.LEFT), state(side=Side.RIGHT)])
        store.save_exercise_states([state(side=Side.LEFT, load=25.0)])
        other = state().model_copy(update={"plan_id": "other"})
        store.save_exercise_states([other])
    with Store.open(db) as store:
        loads = {s.side: s.target.load for s in store.exercise_states("runner-strength")}
        assert loads == {Side.LEFT: 25.0, Side.RIGHT: 20.0}
        assert store.exercise_states("other") == [other]


def test_assessments_and_settings_round_trip(db: Path) -> None:
    a = AssessmentResult(
        test_id="single-leg-hop", day=date(2025, 4, 2), left=140, right=152, unit="cm"
    )
    b = AssessmentResult(test_id="calf-raise-test", day=date(2025, 1, 2), left=22, right=25)
    with Store.open(db) as store:
        store.add_assessments([a, b])
        store.add_assessments([a.model_copy(update={"note": "windy"})])  # same id: replaced
        store.save_settings({"unit": "lb", "rest_sound": True})
        store.save_settings({"rest_sound": None, "theme": "dark"})
    with Store.open(db) as store:
        assert store.assessments() == [b, a.model_copy(update={"note": "windy"})]
        assert store.settings() == {"unit": "lb", "theme": "dark"}


def test_crash_after_history_write_is_repaired_without_duplicate(db: Path, monkeypatch) -> None:
    store = Store.open(db)
    log = SessionLog(title="A")
    store.begin_session(log)
    store.record_set(a_set(log, 1))
    store.record_set(a_set(log, 2))

    def die(self) -> None:
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(journal_mod.Journal, "clear", die)
    with pytest.raises(KeyboardInterrupt):
        store.finish_session(log)
    monkeypatch.undo()
    assert json.loads(journal_path(db).read_text())["sets"]  # the journal still holds it
    store.close()
    with Store.open(db) as store:
        assert any("journal was cleared" in n for n in store.notices)
        assert store.current_session() is None
        assert [s.id for s in store.sessions()] == [log.id]
        assert store.set_count() == 2
    assert not json.loads(journal_path(db).read_text()).get("sets")


def test_backups_keep_the_last_n_previous_files(db: Path) -> None:
    with Store.open(db, keep_backups=3) as store:
        for i in range(6):
            finished_session(store, f"s{i}")
    kept = backups(db)
    assert len(kept) == 3
    # the newest backup is the history as it was before the last session was finished
    newest = json.loads(kept[0].read_text())
    assert sorted(d["title"] for d in newest["sessions"].values()) == [f"s{i}" for i in range(5)]


def test_v0_file_is_migrated_after_a_backup(db: Path) -> None:
    db.parent.mkdir(parents=True)
    log = SessionLog(title="old", started_at=datetime(2024, 5, 1, 7))
    sets = [a_set(log, i).model_dump(mode="json") for i in (1, 2)]
    v0 = {
        "sessions": {"1": {**log.model_dump(mode="json"), "sets": sets}},
        "plans": {"1": make_plan().model_dump(mode="json")},
    }
    original = json.dumps(v0).encode()
    db.write_bytes(original)
    with Store.open(db) as store:
        assert any(f"upgraded from schema 0 to {CURRENT_VERSION}" in n for n in store.notices)
        assert [s.title for s in store.sessions()] == ["old"]
        assert [s.model_dump(mode="json") for s in store.session_sets(log.id)] == sets
        assert store.plans() == [make_plan()]
    [backup] = backups(db)
    assert backup.read_bytes() == original
    upgraded = json.loads(db.read_text())
    assert upgraded["meta"]["1"]["version"] == CURRENT_VERSION
    assert "sets" not in upgraded  # the sets moved to their own file
    assert list(json.loads(segment_path(db, 1).read_text())["sets"].values()) == sets
    with Store.open(db) as store:  # once upgraded, no second migration
        assert store.notices == []


def test_v1_file_moves_its_sets_to_the_sets_file(db: Path) -> None:
    db.parent.mkdir(parents=True)
    log = SessionLog(
        title="v1", started_at=datetime(2024, 5, 1, 7), finished_at=datetime(2024, 5, 1, 8)
    )
    sets = [a_set(log, i).model_dump(mode="json") for i in (1, 2, 3)]
    v1 = {
        "sessions": {"1": log.model_dump(mode="json", exclude={"sets"})},
        "sets": {str(i): d for i, d in enumerate(sets, start=1)},
        "meta": {"1": {"version": 1, "active_plan": None, "settings": {}}},
    }
    db.write_text(json.dumps(v1))
    with Store.open(db) as store:
        assert any(f"upgraded from schema 1 to {CURRENT_VERSION}" in n for n in store.notices)
        assert [s.model_dump(mode="json") for s in store.session_sets(log.id)] == sets
        assert store.set_count() == 3
    assert "sets" not in json.loads(db.read_text())
    assert len(json.loads(segment_path(db, 1).read_text())["sets"]) == 3


def test_storage_benchmark_quick_smoke() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "storage.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert len(rows) == 5 and "confirm a set" in rows[0]
    assert rows[2].startswith("| 2,000 |")
    assert "restore" in rows[3] and "| 2,000 |" in rows[4]


def test_editing_a_finished_set_can_clear_its_rpe_and_note(db: Path) -> None:
    with Store.open(db) as store:
        log = SessionLog(plan_id="runner-strength", title="A")
        store.begin_session(log)
        done = a_set(log, rpe=8.0, note="knee")
        store.record_set(done)
        store.finish_session(log)
        store.replace_set(done.model_copy(update={"rpe": None, "note": None}))
    with Store.open(db) as store:
        (kept,) = store.session_sets(log.id)
        assert (kept.rpe, kept.note) == (None, None)


def test_last_session_is_the_latest_finished_training_of_the_plan_up_to_the_day(db: Path) -> None:
    def log(day: int, **kw: object) -> SessionLog:
        start = datetime(2025, 3, day, 18)
        fields = {"plan_id": "p", "title": f"d{day}", "started_at": start, **kw}
        return SessionLog(finished_at=start + timedelta(hours=1), **fields)

    with Store.open(db) as store:
        assert store.last_session("p", date(2025, 3, 31)) is None
        for done in [
            log(3),
            log(5),
            log(6, plan_id="other"),
            log(7, kind=SessionKind.ASSESSMENT),
            log(9),  # after the day asked about
        ]:
            store.finish_session(done)
        store.begin_session(
            SessionLog(plan_id="p", title="unfinished", started_at=datetime(2025, 3, 8, 7))
        )
        assert store.last_session("p", date(2025, 3, 8)).title == "d5"
        assert store.last_session("p", date(2025, 3, 9)).title == "d9"
        assert store.last_session("p", date(2025, 3, 4)).title == "d3"
        assert store.last_session("p", date(2025, 3, 2)) is None
        assert store.last_session("p", date(2025, 3, 8), SessionKind.ASSESSMENT).title == "d7"
        # the latest finished ones, newest first, as the whole list has them
        recent = store.recent_sessions(3)
        assert [s.title for s in recent] == ["d9", "d7", "d6"]
        assert [s.id for s in recent] == [s.id for s in reversed(store.sessions())][:3]
        assert store.session_count() == 5 and len(store.recent_sessions(50)) == 5


def test_a_long_read_of_the_sets_stops_when_asked_and_the_next_read_is_whole(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion.store import Stopped
    from companion.store import reading as store_mod

    monkeypatch.setattr(store_mod, "VALIDATE_CHUNK", 2)
    log = SessionLog(title="five sets", started_at=datetime(2025, 3, 3, 18))
    with Store.open(db) as store:
        store.finish_session(log.model_copy(update={"sets": [a_set(log, n) for n in range(1, 6)]}))
    with Store.open(db) as store:  # a fresh store: nothing validated yet
        looks = 0

        def stop() -> bool:
            nonlocal looks
            looks += 1
            return looks > 1  # go on with the first chunk, stop before the second

        with pytest.raises(Stopped):
            store.sets(stop=stop)
        assert looks == 2
        assert sorted(s.set_number for s in store.sets()) == [1, 2, 3, 4, 5]
