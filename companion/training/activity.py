"""Recording a session the watch ran: its sets matched to the workout that was sent and
finished through ``training.finish``, so the targets move on as if it had been logged here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from companion.domain.catalogue import Catalogue
from companion.domain.models import ExerciseState, Measure, Plan, PlannedSet, SessionLog
from companion.domain.runner import SessionRun
from companion.io.fit_activity import Activity, WatchSet, load_from_kg, match_sets
from companion.io.fit_workout import workout_name, workout_steps
from companion.store import Store
from companion.training.exports import NO_PLAN, ExportError
from companion.training.finish import finish, moved_on, next_targets
from companion.training.today import load_today, new_log


@dataclass
class ActivityImport:
    log: SessionLog
    matched: int
    skipped: int  # planned sets the watch has no set for (recorded as skipped)
    unmatched: list[WatchSet] = field(default_factory=list)
    next_targets: list[ExerciseState] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # exercise id -> name


def import_activity(store: Store, base: Catalogue, activity: Activity) -> ActivityImport:
    """Record ``activity`` as its day's session of the active plan, set by set."""
    plan = store.active_plan()
    if plan is None:
        raise ExportError(NO_PLAN)
    started = _local(activity.start) or _local(activity.sets[0].start) or datetime.now()
    key = _session_key(plan, activity.workout_name)
    today = load_today(store, base, started.date(), key)
    if today.problem:
        raise ExportError(today.problem)
    if not today.planned:
        raise ExportError(f"No session of {plan.name} is due on {started:%a %d %b %Y}.")
    _check_new(store, plan, started)
    steps = workout_steps(today.planned, today.context.side_switch)
    exercises = {e.id: e for e in today.context.catalogue}
    matched, unmatched = match_sets(steps, activity.sets, exercises)
    if not matched:
        listed = "; ".join(w.describe() for w in unmatched[:5])
        raise ExportError(
            f"None of the {len(unmatched)} sets on the watch matches a step of session "
            f"{today.session_key} ({today.title}), so nothing was recorded: import an activity "
            f"done from a workout `companion workout` wrote. On the watch: {listed}"
        )
    log = new_log(today, started)
    log.finished_at = _local(activity.end) or started
    log.note = "recorded on a watch"
    run = SessionRun(today.planned, log, side_switch=today.context.side_switch)
    skipped = 0
    for step in (s for s in steps if s.planned is not None):  # the runner's order, set by set
        planned = run.current()
        assert planned is not None
        watch = matched.get(step.index)
        if watch is None:
            run.confirm(run.skip_set(at=log.finished_at))
            skipped += 1
        else:
            run.confirm(run.result_for(**_values(planned, watch), at=_local(watch.start)))
    states = next_targets(store, today.context, run.log)
    saved = finish(store, today.context, run.log, states)
    names = {e.id: e.name for e in exercises.values()}
    return ActivityImport(
        saved, len(matched), skipped, unmatched, moved_on(plan, saved, states), names
    )


def _values(planned: PlannedSet, watch: WatchSet) -> dict:
    """What the watch counted, in the set's own terms; what it left out stays as planned."""
    values: dict = {}
    if planned.measure is Measure.HOLD:
        values["hold_s"] = round(watch.seconds) if watch.seconds else None
    elif planned.measure is Measure.CONTACTS:
        values["contacts"] = watch.reps
    else:
        values["reps"] = watch.reps
    if watch.weight_kg:
        values["load"] = load_from_kg(watch.weight_kg, planned.unit, planned.target_load)
    return values


def _session_key(plan: Plan, name: str | None) -> str | None:
    """The plan's session the watch's workout was made from, by its name; else the due one."""
    for key, template in plan.sessions.items():
        if name == workout_name(plan.name, key, template.title):
            return key
    return None


def _check_new(store: Store, plan: Plan, started: datetime) -> None:
    for s in store.sessions():
        if s.plan_id == plan.id and s.started_at == started:
            raise ExportError(
                f"This activity is already recorded: {s.title} on {started:%a %d %b %Y %H:%M}."
            )


def _local(moment: datetime | date | None) -> datetime | None:
    """The watch's UTC time as local time, as the app keeps it."""
    if not isinstance(moment, datetime):
        return None
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment
