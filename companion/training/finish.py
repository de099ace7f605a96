"""Finishing a session: the next targets decided from what was recorded, stored with the
session in one write."""

from __future__ import annotations

from companion.domain import progression
from companion.domain.models import ExerciseState, Plan, SessionLog
from companion.store import Store
from companion.training.today import RunContext


def next_targets(store: Store, context: RunContext, log: SessionLog) -> list[ExerciseState]:
    """Every kept target of the plan after ``log``: those of the lines it did moved on.

    It starts from the kept targets (what a replay of the history before ``log`` gives), so
    what is kept after each session stays equal to a replay of the history including it.
    """
    plan = context.plan
    if plan is None or log.session_key not in plan.sessions:
        return []
    kept = store.exercise_states(plan.id)
    return progression.next_states(
        plan, context.catalogue, kept, log, log.day, bodyweight_kg=context.bodyweight_kg
    )


def moved_on(
    plan: Plan | None, log: SessionLog, states: list[ExerciseState]
) -> list[ExerciseState]:
    """The targets of the lines ``log`` did (for "next time" on the summary)."""
    if plan is None:
        return []
    done = {r.exercise_id for r in log.sets if not r.skipped and not r.warmup}
    keys = {line.key for line in progression.plan_lines(plan, log.session_key)}
    return [s for s in states if s.line in keys and s.exercise_id in done]


def finish(
    store: Store, context: RunContext, log: SessionLog, states: list[ExerciseState] | None = None
) -> SessionLog:
    """Store ``log`` as finished with the targets it leads to, in one write.

    ``states``: the targets already worked out for it (the summary shows them before saving);
    by default they are worked out here.
    """
    if states is None:
        states = next_targets(store, context, log)
    return store.finish_session(log, states)
