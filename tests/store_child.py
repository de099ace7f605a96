"""Run by the kill test: confirm sets as fast as possible until SIGKILLed.

Prints ``set <id>`` after ``record_set`` returns (the set is durable then) and
``finished <session id>`` after ``finish_session`` returns, flushing each line.

    python tests/store_child.py DB SEED [SEGMENT_SETS]

``SEGMENT_SETS``: close the sets' segments at that many sets (small: kills land across closings).
"""

from __future__ import annotations

import random
import sys

from companion.domain.models import SessionLog, SetResult, Side
from companion.store import Store


def main(db: str, seed: int) -> None:
    rng = random.Random(seed)
    with Store.open(db) as store:
        print("ready", flush=True)
        while True:
            log = store.current_session()
            if log is None:
                log = SessionLog(title=f"cycle {seed}", plan_id="kill-test")
                store.begin_session(log)
            n = len(log.sets)
            for _ in range(rng.randint(3, 30)):
                n += 1
                result = SetResult(
                    session_id=log.id,
                    exercise_id="step-up",
                    set_number=n,
                    side=Side.LEFT if n % 2 else Side.RIGHT,
                    reps=8,
                    load=12.5,
                )
                store.record_set(result)
                print(f"set {result.id}", flush=True)
            if rng.random() < 0.5:
                store.finish_session(log)
                print(f"finished {log.id}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 3:
        from companion.store import files

        files.SEGMENT_SETS = int(sys.argv[3])
    main(sys.argv[1], int(sys.argv[2]))
