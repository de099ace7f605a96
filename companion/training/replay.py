"""Targets from the recorded history alone.

``finish`` keeps each session's next targets so that starting the app needs no set; they are a
cache of :func:`replay`. Whatever changes the history other than finishing a session
(restoring an export, editing or removing a past set, re-importing a plan, bringing history
from another app) calls :func:`rederive`, so the kept targets are again what the history says.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from companion.domain import progression
from companion.domain.catalogue import Catalogue, builtin
from companion.domain.models import ExerciseState, Plan, SessionLog
from companion.store import Store


def replay(
    plan: Plan,
    sessions: Iterable[SessionLog],
    catalogue: Catalogue | None = None,
    bodyweight_kg: float | None = None,
) -> list[ExerciseState]:
    """The targets of every plan line done in ``sessions`` (finished, with their sets)."""
    catalogue = progression.catalogue_for(plan, catalogue or builtin())
    return progression.replay(plan, catalogue, sessions, bodyweight_kg)


def sessions_with_sets(store: Store, plan_id: str | None = None) -> list[SessionLog]:
    """The finished sessions (of one plan, or all), oldest first, each with its sets. Those
    brought from another app belong to no plan and feed every plan's lines: they come with
    each plan's own."""
    headers = [
        s
        for s in store.sessions()
        if plan_id is None or s.plan_id == plan_id or (s.plan_id is None and s.source)
    ]
    wanted = {s.id for s in headers}
    by_session: dict[str, list] = {}
    for result in store.sets():
        if result.session_id in wanted:
            by_session.setdefault(result.session_id, []).append(result)
    return [s.model_copy(update={"sets": by_session.get(s.id, [])}) for s in headers]


def rederive(
    store: Store, plan: Plan | None = None, catalogue: Catalogue | None = None
) -> list[ExerciseState]:
    """Replay ``plan`` (default: the active one) and keep the result as its targets.

    Returns the targets; a store that cannot be written (read-only) keeps its old ones and the
    replayed targets are still returned, so what is shown is right either way.
    """
    from companion.training.today import bodyweight_of

    plan = plan or store.active_plan()
    if plan is None:
        return []
    states = replay(plan, sessions_with_sets(store, plan.id), catalogue,
                    bodyweight_of(store.settings()))  # fmt: skip
    # a cache: when it cannot be written (a read-only place) the replayed targets still count
    with contextlib.suppress(Exception):
        store.replace_exercise_states(plan.id, states)
    return states


def rederive_all(store: Store, catalogue: Catalogue | None = None) -> list[str]:
    """Every stored plan's targets derived again from history. Returns what could not be
    (a plan naming an exercise nobody defines keeps the targets it had), one line a plan."""
    problems = []
    for plan in store.plans():
        try:
            rederive(store, plan, catalogue)
        except (KeyError, ValueError) as exc:
            problems.append(f"the targets of {plan.name!r} were kept as they were: {exc}")
    return problems
