"""Bringing the history from Strong or Hevy: what an import would add, adding it, undoing it.

``prepare`` reads the file (``io.foreign_history``), places the names (``io.history_map``) and
leaves out the sessions already recorded (one starting within a minute of a recorded session,
or of an earlier one of the same file): it changes nothing, so ``--dry-run`` prints it as is.
``commit`` adds the sessions in one write and replays every plan's targets from the whole
history, so the next session continues from the imported loads (``progression.foreign_states``
says how a session without a plan feeds the plan's lines). ``undo`` removes every session of
one import and replays again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from companion.domain.catalogue import Catalogue
from companion.domain.models import SessionLog, Side, Unit
from companion.io.foreign_history import ForeignSession, read_history
from companion.io.history_map import SIDE_UNKNOWN, Placement, place_all, to_sessions
from companion.store import Store, StoreError
from companion.training.replay import rederive_all
from companion.training.same_start import near


@dataclass
class ImportPlan:
    """What an import would add, and what it leaves out and why."""

    file: str
    source: str
    layout: str
    import_id: str
    placement: Placement
    sessions: list[SessionLog] = field(default_factory=list)
    duplicates: list[ForeignSession] = field(default_factory=list)
    side_unknown: Counter[str] = field(default_factory=Counter)  # exercise id -> sets

    @property
    def set_count(self) -> int:
        return sum(len(s.sets) for s in self.sessions)

    def kinds(self) -> Counter[str]:
        """Working sets, warm-ups and drop sets among the sets to add."""
        found: Counter[str] = Counter()
        for log in self.sessions:
            for s in log.sets:
                found["warm-up" if s.warmup else "drop set" if s.drop else "working set"] += 1
        return found

    def span(self) -> tuple[date, date] | None:
        if not self.sessions:
            return None
        days = [s.day for s in self.sessions]
        return min(days), max(days)


def prepare(
    store: Store,
    text: str,
    file: str,
    catalogue: Catalogue,
    mapping: dict[str, str],
    source: str | None = None,
    unit: Unit = Unit.KG,
    now: datetime | None = None,
) -> ImportPlan:
    """Read and place a file's history; nothing is written. Raises ``HistoryFileError``."""
    history = read_history(text, file, source, unit)
    placement = place_all(history, catalogue, mapping)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    plan = ImportPlan(file, history.source, history.layout, f"{history.source}-{stamp}", placement)
    starts = sorted(s.started_at for s in store.sessions())
    fresh: list[ForeignSession] = []
    for found in sorted(history.sessions, key=lambda s: s.started_at):
        if near(found.started_at, starts):
            plan.duplicates.append(found)
        else:
            fresh.append(found)
            starts.append(found.started_at)
            starts.sort()
    plan.sessions = to_sessions(fresh, placement, catalogue, history.source, plan.import_id, file)
    for log in plan.sessions:
        for s in log.sets:
            if s.side is Side.BOTH and s.note and SIDE_UNKNOWN in s.note:
                plan.side_unknown[s.exercise_id] += 1
    return plan


def commit(store: Store, plan: ImportPlan) -> tuple[int, list[str]]:
    """Add the prepared sessions and replay every plan's targets: the number of plans, and
    what could not be replayed (those plans keep their targets)."""
    if plan.placement.unplaced:
        raise StoreError("some exercise names are not placed yet: nothing was imported")
    if plan.sessions:
        store.add_sessions(plan.sessions)
    return len(store.plans()), rederive_all(store)


@dataclass
class PastImport:
    import_id: str
    source: str
    sessions: int
    first: date
    last: date


def past_imports(store: Store) -> list[PastImport]:
    """Every import still in the history, oldest first."""
    found: dict[str, list[SessionLog]] = {}
    for log in store.sessions():
        if log.import_id:
            found.setdefault(log.import_id, []).append(log)
    return [
        PastImport(key, logs[0].source or "", len(logs), logs[0].day, logs[-1].day)
        for key, logs in sorted(found.items(), key=lambda kv: kv[0].partition("-")[2])
    ]


def undo(store: Store, import_id: str | None = None) -> PastImport:
    """Remove every session of one import (the latest by default) and replay the targets."""
    imports = past_imports(store)
    if not imports:
        raise StoreError("there is no imported history to undo")
    chosen = imports[-1]
    if import_id is not None:
        match = [p for p in imports if p.import_id == import_id]
        if not match:
            known = ", ".join(p.import_id for p in imports)
            raise StoreError(f"there is no import {import_id!r} (imports: {known})")
        chosen = match[0]
    ids = {s.id for s in store.sessions() if s.import_id == chosen.import_id}
    store.remove_sessions(ids)
    rederive_all(store)
    return chosen
