"""An exercise done instead of the planned one: its own sets, rest and target.

The new exercise keeps its own shape (a per-side lift gets a left and a right set with the
side switch between; a two-sided one a single set and the rest after it) and takes the
target of its own plan line when the plan has one. Otherwise the planned line's sets, reps
and rest are used, but not a load meant for other equipment: the reason says which.
"""

from __future__ import annotations

from companion.domain import progression, session
from companion.domain.models import (
    Exercise,
    Load,
    LoadKind,
    PlannedSet,
    SessionTemplate,
    SideLoads,
)
from companion.domain.progression_rules import DEFAULT_RPE
from companion.training.today import RunContext


def swap_sets(context: RunContext, current: PlannedSet, exercise: Exercise) -> list[PlannedSet]:
    """The working sets of ``exercise`` from ``current``'s set number to the end of the line.

    Empty when the session has no plan (the runner then converts the sets it has).
    """
    plan = context.plan
    if plan is None:
        return []
    lines = progression.plan_lines(plan)
    planned = next((ln for ln in lines if ln.key == current.line), None)
    if planned is None:
        return []
    key = planned.session_key
    mine = [ln for ln in lines if ln.pe.exercise == exercise.id]
    own = next((ln for ln in mine if ln.session_key == key), mine[0] if mine else None)
    if own is not None:
        pe = own.pe.model_copy(update={"warmup": [], "superset": None,
                                       "progress_with": own.key.split("/")[0]})  # fmt: skip
        why = f"instead of {current.exercise_name}: its own line in session {own.session_key}"
    else:
        pe = planned.pe.model_copy(update={"exercise": exercise.id, "warmup": [],
                                           "superset": None, "progress_with": None,
                                           "load": _load_for(planned.pe, exercise, context),
                                           "step": None})  # fmt: skip
        bodyweight = isinstance(pe.load, Load) and pe.load.kind is LoadKind.BODYWEIGHT
        kept = (
            "its load" if pe.load == planned.pe.load
            else "at bodyweight" if bodyweight
            else "a load you choose"
        )  # fmt: skip
        why = (
            f"instead of {current.exercise_name}: no line of its own in the plan → "
            f"the planned sets, reps and rest, {kept}"
        )
    stand_in = plan.model_copy(update={
        "sessions": {**plan.sessions, key: SessionTemplate(key=key, title="swap", exercises=[pe])},
    })  # fmt: skip
    built = session.build_session(
        stand_in, key, context.catalogue, context.states, context.day, context.flagged
    )
    return [
        p.model_copy(update={"reason": f"{why}; {p.reason}" if p.reason else why})
        for p in built
        if not p.warmup and p.set_number >= current.set_number
    ]


def _load_for(pe, exercise: Exercise, context: RunContext):  # noqa: ANN001, ANN202
    """The planned load when it still means the same on the new exercise (an RPE, a % of its
    own e1RM, the same equipment and sides); otherwise a load the athlete chooses by feel."""
    loads = [pe.load.left, pe.load.right] if isinstance(pe.load, SideLoads) else [pe.load]
    if all(x is None or x.kind in (LoadKind.RPE, LoadKind.PERCENT) for x in loads):
        return pe.load
    old = context.catalogue.get(pe.exercise) if pe.exercise in context.catalogue else None
    same_kind = (
        old is not None
        and old.per_side == exercise.per_side
        and set(old.equipment) == set(exercise.equipment)
    )
    if same_kind:
        return pe.load
    if not exercise.equipment:  # bodyweight work (a skater squat): start at bodyweight
        return Load(kind=LoadKind.BODYWEIGHT)
    return Load(kind=LoadKind.RPE, rpe=DEFAULT_RPE)
