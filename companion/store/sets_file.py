"""The finished sets, in segments beside the history: ``companion.sets-0001.json``, ``-0002``…

Years of sets are nearly all of the data (about 17 MB at 50,000 sets) and the home screen needs
none of them, so the segments are parsed on first use — the app reads them in the background
once home is on screen — instead of at start.

A segment closes once it holds ``files.SEGMENT_SETS`` sets: the next session starts a new one. So
finishing a session writes one small file (the open segment) however long the history, and a
closed segment is written again only when one of its sets is edited: the backups of an
unchanged segment are the segment itself. A session's sets stay in the segment they were
first written to (finishing it again, editing them). Segments close by count of sets, not by
year: an athlete who logs 10,000 sets a year and one who logs 1,000 both get files of the
same bounded size, and closing is nothing more than the next file starting.

A set is known by its segment and its document id there (``Ref``); refs sort in recorded
order. A set counts once its session is in the history file. Finishing a session writes its
sets first and the session header second; a crash in between leaves sets whose session is
still in the journal. Reads skip them, and finishing that session again replaces them.
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from collections.abc import Callable, Container, Iterable
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from companion.store import files
from companion.store.files import segment_path, sets_path, sets_sources
from companion.store.opening import Opening, Sessions, load_sets
from companion.store.storage import AtomicJSONStorage

Doc = dict[str, Any]
Ref = tuple[int, int]  # segment number, document id in it


class Segment:
    """One segment file as a TinyDB database (one ``sets`` table)."""

    def __init__(self, n: int, path: Path, data: dict[str, Any], writable: bool) -> None:
        self.n = n
        self.path = path
        self.db = TinyDB(
            str(path),
            storage=AtomicJSONStorage,
            what=f"the history's sets ({path.name})",
            data=data,
            writable=writable,
        )
        self.table = self.db.table("sets")
        # what this segment adds to the indexes, to take it back out when it is written again
        self.entries: list[tuple[Ref, str, str, str]] = []

    @property
    def storage(self) -> AtomicJSONStorage:
        return self.db.storage  # type: ignore[return-value]

    def raw(self) -> dict[str, Doc]:
        return self.storage.table("sets")

    def __len__(self) -> int:
        return len(self.raw())


class SetsFile:
    """The sets' segments, read on first use; ``committed`` tells which sessions are finished."""

    def __init__(
        self,
        db: Path,
        opening: Opening,
        preloaded: dict[str, Any] | None = None,
    ) -> None:
        """``preloaded``: the sets a reader found still in an older history file (the writer
        moves them to segments)."""
        self.db_path = db
        self.opening = opening
        self._segments: dict[int, Segment] | None = None
        self.set_doc: dict[str, Ref] = {}
        self.by_session: dict[str, list[Ref]] = {}
        self.by_exercise: dict[str, list[Ref]] = {}
        self._parsing = threading.Lock()
        self._parsed: dict[int, tuple[Path, dict[str, Any]]] | None = None  # not yet installed
        if preloaded is not None:
            self._parsed = {1: (sets_path(db), {"sets": preloaded})}

    @property
    def loaded(self) -> bool:
        return self._segments is not None

    def load(
        self,
        install: Callable[[Callable[[], None]], None],
        sessions: Sessions,
        expected: int = 0,
    ) -> None:
        """Parse the segments unless they are loaded; ``install`` runs the swap-in under the
        store's lock; ``sessions``: the finished sessions (id and start), to tell which have no
        sets when a segment is damaged or missing; ``expected``: how many segments the history
        says it has. The parse holds only a lock of its own, so journal writes are not held up
        by it; a thread asking meanwhile waits for that parse and installs what it read,
        instead of parsing the files a second time."""
        if self._segments is not None:
            return
        with self._parsing:
            if self._segments is None and self._parsed is None:
                self._parsed = self._read(sessions, expected)
            parsed = self._parsed

        def swap() -> None:
            if self._segments is None and parsed is not None:
                writable = self.opening.writable
                self._segments = {
                    n: Segment(n, path, data, writable) for n, (path, data) in parsed.items()
                }
            self._parsed = None

        install(swap)

    def _read(self, sessions: Sessions, expected: int) -> dict[int, tuple[Path, dict[str, Any]]]:
        sources = dict(sets_sources(self.db_path))
        top = max([*sources, expected, 1 if sessions() else 0])
        for n in range(1, top + 1):  # a segment the history counts and the disk lacks: lost
            sources.setdefault(n, segment_path(self.db_path, n))
        return {n: (p, data) for n, (p, data) in load_sets(sources, self.opening, sessions).items()}

    def install(self, tables: dict[int, dict[str, Doc]]) -> None:
        """Segments just written whole (a restore): taken as they are, not read again."""
        self.close()
        self._parsed = None
        writable = self.opening.writable
        self._segments = {
            n: Segment(n, segment_path(self.db_path, n), {"sets": table}, writable)
            for n, table in tables.items()
        }

    @property
    def segments(self) -> dict[int, Segment]:
        if self._segments is None:
            raise RuntimeError("the sets are read on first use: call load() first")
        return self._segments

    def segment(self, n: int) -> Segment:
        """Segment ``n``, made (in memory; its first write makes the file) if it is new."""
        segments = self.segments
        if n not in segments:
            segments[n] = Segment(
                n, segment_path(self.db_path, n), {"sets": {}}, self.opening.writable
            )
        return segments[n]

    def paths(self) -> list[Path]:
        return [s.path for s in self.segments.values()]

    def segment_for(self, session_id: str) -> int:
        """Where a session's sets go: where it has sets already, else the open segment (the
        last), else a new one once the last is full."""
        refs = self.by_session.get(session_id)
        if refs:
            return refs[0][0]
        if not self.segments:
            return 1
        last = max(self.segments)
        return last if len(self.segments[last]) < files.SEGMENT_SETS else last + 1

    def index(self, committed: Container[str]) -> None:
        """Sets by id, session and exercise; only sets of ``committed`` sessions are found by
        id or exercise, every set by session (so finishing a session again replaces them)."""
        self.set_doc, self.by_session, self.by_exercise = {}, defaultdict(list), defaultdict(list)
        for n in sorted(self.segments):
            self._add(self.segments[n], committed)

    def index_segment(self, n: int, committed: Container[str]) -> None:
        """The indexes brought up to date after a write of segment ``n`` only: its old entries
        out, its new ones in (the cost of the segment, not of the history)."""
        seg = self.segment(n)
        gone = seg.entries
        sessions = {e[2] for e in gone}
        exercises = {e[3] for e in gone}
        for ref, set_id, _, _ in gone:
            if self.set_doc.get(set_id) == ref:
                del self.set_doc[set_id]
        for sid in sessions:
            kept = [r for r in self.by_session.get(sid, []) if r[0] != n]
            if kept:
                self.by_session[sid] = kept
            else:
                self.by_session.pop(sid, None)
        for ex in exercises:
            refs = self.by_exercise.get(ex, [])
            del refs[bisect.bisect_left(refs, (n, 0)) : bisect.bisect_left(refs, (n + 1, 0))]
        self._add(seg, committed, merge=True)

    def _add(self, seg: Segment, committed: Container[str], merge: bool = False) -> None:
        n = seg.n
        entries: list[tuple[Ref, str, str, str]] = []
        fresh: dict[str, list[Ref]] = defaultdict(list)
        for k, d in seg.raw().items():
            ref = (n, int(k))
            session_id = d["session_id"]
            entries.append((ref, d["id"], session_id, d["exercise_id"]))
        entries.sort()
        for ref, set_id, session_id, exercise_id in entries:
            self.by_session.setdefault(session_id, []).append(ref)
            if session_id in committed:
                self.set_doc[set_id] = ref
                fresh[exercise_id].append(ref)
        for ex, refs in fresh.items():
            into = self.by_exercise.setdefault(ex, [])
            if merge and into and into[-1] > refs[0]:
                at = bisect.bisect_left(into, refs[0])
                into[at:at] = refs
            else:
                into.extend(refs)
        if merge:
            for sid in {e[2] for e in entries}:
                self.by_session[sid].sort()
        seg.entries = entries

    def docs_by_id(self, refs: Iterable[Ref]) -> list[Doc]:
        segments = self.segments
        tables: dict[int, dict[str, Doc]] = {}
        out = []
        for n, i in refs:
            table = tables.get(n)
            if table is None:
                table = tables[n] = segments[n].raw()
            out.append(table[str(i)])
        return out

    def close(self) -> None:
        if self._segments is not None:
            for seg in self._segments.values():
                seg.db.close()
            self._segments = None
