"""Storage benchmark: TinyDB's default JSONStorage against companion's store.

Builds histories of 0, 10k and 50k sets (real SetResult dumps, ~20 sets a session) and
measures, for both designs:
- confirming one set (median and p95): the naive design inserts into the history file; ours
  appends to the journal;
- opening the database and loading what the home screen needs (active plan, the sessions
  list, the exercise states), turned into domain models in both cases;
- finishing a session of 30 sets, fifteen times, one a day after the history (ours only: the
  open segment of the sets and the history file, each written atomically, then the digests
  of that segment and the record book), and the data folder's size against the data's then
  (five backups kept);
- ``companion restore`` of a JSON export of about 30 MB (ours only), in a process of its own:
  its time and the process's peak memory.

Ours confirms sets in sessions of 30 (the journal holds one session), discarded between
sessions so the history stays at the measured size.

    python benchmarks/storage.py            # 0, 10k, 50k
    python benchmarks/storage.py --quick    # 0 and 2k, a few seconds

Prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from tinydb import TinyDB

from companion.domain.models import (
    ExerciseState,
    Phase,
    Plan,
    PlanExercise,
    RepRange,
    Schedule,
    SessionLog,
    SessionTemplate,
    SetResult,
    Side,
    Target,
    Weekday,
)
from companion.store import Store
from companion.store.exchange import dump_header, dump_set
from companion.store.files import segment_numbers, segment_path
from companion.store.migrations import META_ID, fresh_meta
from companion.store.opening import write_segments
from companion.store.storage import atomic_write

FINISHES = 15  # sessions finished after the confirms, timed one by one
EXERCISES = [
    "rear-foot-elevated-split-squat",
    "single-leg-rdl",
    "single-leg-calf-raise",
    "step-up",
    "copenhagen-plank",
]
SETS_PER_SESSION = 20


def make_plan() -> Plan:
    exercises = [PlanExercise(exercise=e, sets=3, reps=RepRange(lo=8, hi=10)) for e in EXERCISES]
    return Plan(
        id="bench",
        name="Bench plan",
        schedule=Schedule(days=[Weekday.MON, Weekday.THU]),
        phases=[Phase(name="base", weeks=8, sessions=["a"])],
        sessions={"a": SessionTemplate(key="a", title="Strength A", exercises=exercises)},
    )


def make_states() -> list[ExerciseState]:
    return [
        ExerciseState(
            plan_id="bench",
            exercise_id=e,
            side=side,
            target=Target(exercise_id=e, side=side, sets=3, reps=8, load=20.0, reason="bench"),
        )
        for e in EXERCISES
        for side in (Side.LEFT, Side.RIGHT)
    ]


def a_set(session_id: str, n: int, at: datetime) -> SetResult:
    return SetResult(
        session_id=session_id,
        exercise_id=EXERCISES[n % len(EXERCISES)],
        set_number=n % 3 + 1,
        side=Side.LEFT if n % 2 else Side.RIGHT,
        target_reps=8,
        target_reps_hi=10,
        target_load=20.0,
        reps=9,
        load=20.0,
        rpe=8.0,
        at=at,
    )


def finish_day(k: int) -> datetime:
    """When the ``k``-th session finished while measuring starts: one a day, the last today,
    each after the whole history, as an athlete's sessions are (a second session on a day
    already in the record book folds the book again: about 0.2 s at 50k sets)."""
    today = datetime.combine(date.today(), datetime.min.time()).replace(hour=18)
    return today - timedelta(days=FINISHES - 1 - k)


def make_tables(n_sets: int) -> dict:
    """The history tables with ``n_sets`` sets, as both designs store them."""
    sessions, sets = {}, {}
    # a history of the past, a session every third day up to the day before the first of the
    # sessions finished while measuring (one a day, the last today: see ``finish_day``)
    count = n_sets // SETS_PER_SESSION
    start = finish_day(0) - timedelta(days=3 * count - 2)
    for i in range(count):
        day = start + timedelta(days=3 * i)
        log = SessionLog(
            plan_id="bench",
            plan_name="Bench plan",
            session_key="a",
            title="Strength A",
            started_at=day,
            finished_at=day + timedelta(hours=1),
        )
        sessions[str(i + 1)] = dump_header(log)
        for k in range(SETS_PER_SESSION):
            sets[str(len(sets) + 1)] = dump_set(a_set(log.id, k, day + timedelta(minutes=2 * k)))
    return {
        "sessions": sessions,
        "sets": sets,
        "plans": {"1": make_plan().model_dump(mode="json")},
        "states": {str(i): s.model_dump(mode="json") for i, s in enumerate(make_states(), 1)},
        "assessments": {},
        "meta": {META_ID: {**fresh_meta(), "active_plan": "bench"}},
    }


def write_ours(path: Path, tables: dict) -> None:
    """The tables as companion keeps them: the sets in segments beside the history."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rest = {name: docs for name, docs in tables.items() if name != "sets"}
    rest["meta"][META_ID]["segments"] = len(write_segments(path, tables["sets"]))
    path.write_bytes(json.dumps(rest, separators=(",", ":")).encode())


def ms(seconds: list[float]) -> tuple[float, float]:
    xs = sorted(s * 1000 for s in seconds)
    p95 = xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]
    return statistics.median(xs), p95


def naive_open(path: Path) -> float:
    t0 = time.perf_counter()
    db = TinyDB(str(path))
    meta = db.table("meta").get(doc_id=1)
    active = meta["active_plan"] if meta else None
    plan = next(Plan.model_validate(p) for p in db.table("plans").all() if p["id"] == active)
    logs = sorted(
        (SessionLog.model_validate(d) for d in db.table("sessions").all()),
        key=lambda s: s.started_at,
    )
    states = [
        ExerciseState.model_validate(d) for d in db.table("states").all() if d["plan_id"] == plan.id
    ]
    elapsed = time.perf_counter() - t0
    assert plan is not None and states and isinstance(logs, list)
    db.close()
    return elapsed


def naive_confirm(path: Path, n: int) -> list[float]:
    db = TinyDB(str(path))
    table = db.table("sets")
    log_id = "naive-session"
    times = []
    for k in range(n):
        result = a_set(log_id, k, datetime.now())
        t0 = time.perf_counter()
        table.insert(dump_set(result))
        times.append(time.perf_counter() - t0)
    db.close()
    return times


def ours_open(path: Path) -> float:
    t0 = time.perf_counter()
    with Store.open(path) as store:
        plan = store.active_plan()
        assert plan is not None
        store.sessions()
        store.exercise_states(plan.id)
        store.current_session()
        elapsed = time.perf_counter() - t0
    return elapsed


def ours_confirm(path: Path, n: int, per_session: int = 30) -> tuple[list[float], float]:
    """Confirm ``n`` sets in sessions of ``per_session`` (a long runner's session), each
    discarded so the history stays the size being measured; then time finishing one."""
    with Store.open(path) as store:
        times = []
        while len(times) < n:
            log = SessionLog(plan_id="bench", title="Strength A")
            store.begin_session(log)
            for k in range(min(per_session, n - len(times))):
                result = a_set(log.id, k, datetime.now())
                t0 = time.perf_counter()
                store.record_set(result)
                times.append(time.perf_counter() - t0)
            store.discard_session()
        # the sets read and the digests made (and kept), as the app's background warm-up has
        # done by now: each finish then brings the digests up to date as well
        store.history_index()
        finishes = []
        for i in range(FINISHES):  # each keeps a backup: five are kept, as in use
            day = finish_day(i)
            log = SessionLog(plan_id="bench", title="Strength A", started_at=day)
            store.begin_session(log)
            for k in range(per_session):
                store.record_set(a_set(log.id, k, day + timedelta(minutes=2 * k)))
            t0 = time.perf_counter()
            store.finish_session(log)
            finishes.append(time.perf_counter() - t0)
    return times, finishes


def folder_size(db: Path) -> tuple[float, float]:
    """The data (the history and the sets' segments) and the whole data folder (backups and
    the journal included, each file once however many names it has), in MB."""
    files = [db, *(segment_path(db, n) for n in segment_numbers(db))]
    data = sum(p.stat().st_size for p in files if p.exists())
    seen: dict[int, int] = {}
    for p in db.parent.iterdir():
        st = p.stat()
        seen[st.st_ino] = st.st_size
    return data / 1e6, sum(seen.values()) / 1e6


def disk_floor(root: Path, n: int) -> tuple[float, float]:
    """A bare atomic write of a 10 kB file (temp, fsync, rename, dir fsync): the disk's share
    of every confirm, so noise from other processes can be told apart from our own cost."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        atomic_write(root / "floor.json", b"x" * 10_000)
        times.append(time.perf_counter() - t0)
    return ms(times)


# the peak is VmHWM (this process's own high-water mark, in kB; Linux), not ru_maxrss, which
# a child started with fork inherits from its parent (the benchmark, holding the tables)
RESTORE_CHILD = """
import sys, time
from companion.cli import main
t0 = time.perf_counter()
code = main(["restore", sys.argv[1], "--db", sys.argv[2], "--replace"])
elapsed = time.perf_counter() - t0
with open("/proc/self/status") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM"))
print(code, elapsed, peak)
"""


def restore_cost(root: Path, n_sets: int, runs: int) -> dict:
    """``companion restore`` of a JSON export of ``n_sets`` sets into a database holding the
    same, each in a fresh process: the median wall time of the command and the peak memory
    of the process (the interpreter's own ~40 MB included)."""
    import subprocess

    from companion.io.export import to_json

    db = root / f"restore-{n_sets}" / "companion.json"
    write_ours(db, make_tables(n_sets))
    with Store.open(db) as store:
        text = to_json(store.export_data())
    export = root / f"export-{n_sets}.json"
    export.write_text(text, encoding="utf-8")
    times, peaks = [], []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", RESTORE_CHILD, str(export), str(db)],
            capture_output=True,
            text=True,
            check=True,
        )
        code, elapsed, peak = done.stdout.split()
        assert code == "0", done.stderr
        times.append(float(elapsed))
        peaks.append(int(peak) / 1024)
    return {
        "sets": n_sets,
        "mb": len(text.encode()) / 1e6,
        "seconds": statistics.median(times),
        "peak_mb": max(peaks),
    }


def restore_table(r: dict) -> str:
    return (
        "| export | sets | restore (median) | peak memory of the process |\n"
        "|---:|---:|---:|---:|\n"
        f"| {r['mb']:.1f} MB | {r['sets']:,} | {r['seconds']:.2f} s | {r['peak_mb']:.0f} MB |"
    )


def run(sizes: list[int], n_sets: int, n_naive: int, opens: int, out=print) -> list[dict]:
    rows = []
    root = Path(tempfile.mkdtemp(prefix="companion-bench-"))
    try:
        for size in sizes:
            out(f"… {size} sets", file=sys.stderr)
            tables = make_tables(size)
            raw = json.dumps(tables, separators=(",", ":")).encode()
            naive, ours = root / f"naive-{size}.json", root / f"ours-{size}" / "companion.json"
            naive.write_bytes(raw)
            write_ours(ours, tables)
            n_open = [naive_open(naive) for _ in range(opens)]
            o_open = [ours_open(ours) for _ in range(opens)]
            n_conf = naive_confirm(naive, n_naive)
            o_conf, finishes = ours_confirm(ours, n_sets)
            data_mb, folder_mb = folder_size(ours)
            floor = disk_floor(root, n_sets)
            rows.append(
                {
                    "floor": floor,
                    "size": size,
                    "mb": len(raw) / 1e6,
                    "naive_confirm": ms(n_conf),
                    "ours_confirm": ms(o_conf),
                    "naive_open": statistics.median(n_open) * 1000,
                    "ours_open": statistics.median(o_open) * 1000,
                    "finish": ms(finishes),
                    "data_mb": data_mb,
                    "folder_mb": folder_mb,
                }
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return rows


def table(rows: list[dict]) -> str:
    base = rows[0]["ours_confirm"][1]
    lines = [
        "| history sets | file MB | confirm a set, naive p50 / p95 | ours p50 / p95 | "
        "ours ÷ naive (p95) | ours ÷ ours at 0 (p95) | open + home data, naive | ours | "
        "ours ÷ naive | finish a session (ours) p50 / p95 | ÷ at 0 (p50 / p95) | "
        "data folder ÷ data (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    base_p50, base_p95 = rows[0]["finish"]
    for r in rows:
        (n50, n95), (o50, o95) = r["naive_confirm"], r["ours_confirm"]
        lines.append(
            f"| {r['size']:,} | {r['mb']:.1f} | {n50:.1f} / {n95:.1f} ms | "
            f"{o50:.2f} / {o95:.2f} ms | {o95 / n95:.2g}× | {o95 / base:.2f}× | "
            f"{r['naive_open']:.0f} ms | {r['ours_open']:.0f} ms | "
            f"{r['ours_open'] / r['naive_open']:.2f}× | "
            f"{r['finish'][0]:.1f} / {r['finish'][1]:.1f} ms | "
            f"{r['finish'][0] / base_p50:.1f}× / {r['finish'][1] / base_p95:.1f}× | "
            f"{r['folder_mb'] / r['data_mb']:.1f}× ({r['folder_mb']:.1f} / {r['data_mb']:.1f}) |"
        )
    floors = ", ".join(f"{r['floor'][0]:.2f} / {r['floor'][1]:.2f}" for r in rows)
    lines.append(
        f"\nA bare atomic 10 kB write on this disk during the same run, p50 / p95 ms "
        f"(one per row): {floors}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    cache = tempfile.mkdtemp(prefix="companion-bench-cache-")
    # the digests go to a cache of the run's own, not the user's (children inherit it)
    os.environ.setdefault("COMPANION_CACHE", cache)
    try:
        return measure(argv)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def measure(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="0 and 2k sets, fewer samples")
    parser.add_argument("--sets", type=int, default=200, help="sets confirmed, ours")
    parser.add_argument("--naive-sets", type=int, default=50, help="sets confirmed, naive")
    parser.add_argument(
        "--restore-only", type=int, metavar="SETS", help="only time restoring an export of SETS"
    )
    args = parser.parse_args(argv)
    if args.restore_only:
        root = Path(tempfile.mkdtemp(prefix="companion-bench-"))
        try:
            print(restore_table(restore_cost(root, args.restore_only, runs=3)))
        finally:
            shutil.rmtree(root, ignore_errors=True)
        return 0
    if args.quick:
        rows = run([0, 2_000], n_sets=20, n_naive=10, opens=2)
    else:
        rows = run([0, 10_000, 50_000], n_sets=args.sets, n_naive=args.naive_sets, opens=5)
    print(table(rows))
    root = Path(tempfile.mkdtemp(prefix="companion-bench-"))
    try:  # an export of about 30 MB (49,000 sets); --quick: 2,000
        restored = restore_cost(root, 2_000 if args.quick else 49_000, runs=1 if args.quick else 3)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("\n" + restore_table(restored))
    if not args.quick:
        print(
            f"\nmeasured {date.today().isoformat()}: confirm over {args.sets} sets (ours), "
            f"{args.naive_sets} (naive); open is the median of 5"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
