"""The gym session, set by set: what is on screen now, what comes next, what was done.

``SessionRun`` is the state machine the runner screen drives. It knows nothing of storage or
Textual: the screen builds a result with :meth:`SessionRun.result_for`, makes it durable, and only
then calls :meth:`SessionRun.confirm`, which answers with the next step (switch sides, rest, go
straight on, or done). Undo, edit, skip and substitute work the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import partial

from companion.domain.models import (
    Exercise,
    Measure,
    PlannedSet,
    SessionLog,
    SetResult,
    Side,
)
from companion.domain.session import DEFAULT_SIDE_SWITCH


class StepKind(StrEnum):
    SWITCH_SIDE = "switch_side"  # a short countdown, then the other side
    REST = "rest"  # the prescribed rest, then the next set
    NEXT = "next"  # straight on (a skipped set, or no rest prescribed)
    DONE = "done"  # every planned set is recorded or skipped


@dataclass(frozen=True)
class Step:
    kind: StepKind
    seconds: int = 0
    next: PlannedSet | None = None


@dataclass(frozen=True)
class Progress:
    done: int  # sets recorded (not skipped)
    skipped: int
    planned: int

    @property
    def settled(self) -> int:
        return self.done + self.skipped


@dataclass(frozen=True)
class ExerciseLine:
    """One exercise in the session strip."""

    exercise_id: str
    name: str
    done: int
    skipped: int
    total: int
    current: bool

    @property
    def finished(self) -> bool:
        return self.done + self.skipped >= self.total


@dataclass
class _Slot:
    planned: PlannedSet
    original_id: str  # the exercise the plan asked for, before any substitution
    result_id: str | None = None


@dataclass(frozen=True)
class StartValues:
    """What a set starts from on screen: Enter alone records these."""

    count: int | None  # reps, seconds held or contacts, as the set measures
    load: float | None


def prescribed(planned: PlannedSet) -> StartValues:
    """The set as the plan asks it: a rep range's reps are the ones it asks for this time."""
    if planned.measure is Measure.HOLD:
        count = planned.target_hold
    elif planned.measure is Measure.CONTACTS:
        count = planned.target_contacts
    else:
        count = planned.reps_aim or planned.target_reps
    return StartValues(count, planned.target_load)


def count_of(result: SetResult) -> int | None:
    for value in (result.reps, result.hold_s, result.contacts):
        if value is not None:
            return value
    return None


def _same_target(planned: PlannedSet, result: SetResult) -> bool:
    return (
        result.target_reps == planned.target_reps
        and result.target_load == planned.target_load
        and result.target_hold == planned.target_hold
        and result.target_contacts == planned.target_contacts
    )


def _open_from(original: str, slot: _Slot) -> bool:
    """An open slot of the exercise the plan asked for as ``original``."""
    return slot.original_id == original and slot.result_id is None


def _key(item: PlannedSet | SetResult) -> tuple[int, Side, bool]:
    return (item.set_number, item.side, item.warmup)


class SessionRun:
    """Planned sets plus the session log: the current set, and what each action leads to."""

    def __init__(
        self,
        planned: Iterable[PlannedSet],
        log: SessionLog,
        *,
        side_switch: int = DEFAULT_SIDE_SWITCH,
        exercises: dict[str, Exercise] | None = None,
        swap: Callable[[PlannedSet, Exercise], list[PlannedSet]] | None = None,
    ) -> None:
        """``log.sets`` may already hold results (a resumed session): they are matched back to
        their planned sets, and ``log.substitutions`` are applied again (``exercises`` gives the
        substitutes' names and cues). ``swap(current set, exercise)`` builds the sets of an
        exercise done instead (its own sides, rest and target); without it, or when it gives
        none, the open sets are converted as they are."""
        self.log = log
        self.side_switch = side_switch
        self.swap = swap
        self._slots = [_Slot(p.model_copy(deep=True), p.exercise_id) for p in planned]
        done = list(log.sets)
        unmatched = self._match(done)
        for original, new_id in log.substitutions.items():
            exercise = (exercises or {}).get(new_id) or _bare_exercise(new_id, self._slots)
            self._swap(partial(_open_from, original), exercise)
        self._match(unmatched)

    # -- reading -----------------------------------------------------------------------------

    def current(self) -> PlannedSet | None:
        index = self._position()
        return None if index is None else self._slots[index].planned

    def upcoming(self) -> PlannedSet | None:
        """The set after the current one."""
        coming = self.coming(1)
        return coming[0] if coming else None

    def coming(self, n: int) -> list[PlannedSet]:
        """Up to ``n`` open sets after the current one, in order."""
        index = self._position()
        if index is None:
            return []
        found = [s.planned for s in self._slots[index + 1 :] if s.result_id is None]
        return found[:n]

    @property
    def planned(self) -> list[PlannedSet]:
        return [slot.planned for slot in self._slots]

    @property
    def finished(self) -> bool:
        return self._position() is None

    @property
    def progress(self) -> Progress:
        skipped = sum(1 for r in self.log.sets if r.skipped)
        return Progress(len(self.log.sets) - skipped, skipped, len(self._slots))

    def exercises(self) -> list[ExerciseLine]:
        """Exercises in first-appearance order with their counts, for the session strip."""
        index = self._position()
        current_id = None if index is None else self._slots[index].planned.exercise_id
        by_id = {r.id: r for r in self.log.sets}
        order: dict[str, list[_Slot]] = {}
        for slot in self._slots:
            order.setdefault(slot.planned.exercise_id, []).append(slot)
        lines = []
        for exercise_id, slots in order.items():
            results = [by_id[s.result_id] for s in slots if s.result_id in by_id]
            skipped = sum(1 for r in results if r.skipped)
            lines.append(
                ExerciseLine(
                    exercise_id,
                    slots[0].planned.exercise_name,
                    len(results) - skipped,
                    skipped,
                    len(slots),
                    exercise_id == current_id,
                )
            )
        return lines

    def last_result(self) -> SetResult | None:
        return self.log.sets[-1] if self.log.sets else None

    def start_values(self, planned: PlannedSet | None = None) -> StartValues:
        """What ``planned`` (the current set) starts from: the last set recorded in this session
        for its exercise and side (for the right side, the left's when both sides share a
        target and the left's is the later), else the prescription. Warm-ups ramp, so they
        always start from the plan."""
        planned = planned or self.current()
        if planned is None:
            return StartValues(None, None)
        if not planned.warmup:
            for result in reversed(self.log.sets):
                if (
                    result.exercise_id != planned.exercise_id
                    or result.warmup
                    or result.skipped
                    or result.unit != planned.unit
                ):
                    continue
                own = result.side is planned.side
                borrowed = (
                    planned.side is Side.RIGHT
                    and result.side is Side.LEFT
                    and _same_target(planned, result)
                )
                if own or borrowed:
                    return StartValues(count_of(result), result.load)
        return prescribed(planned)

    # -- building results --------------------------------------------------------------------

    def result_for(
        self,
        *,
        reps: int | None = None,
        load: float | None = None,
        hold_s: int | None = None,
        contacts: int | None = None,
        rpe: float | None = None,
        at: datetime | None = None,
        skipped: bool = False,
    ) -> SetResult:
        """The result for the current set: what it started from, with whatever was changed."""
        planned = self.current()
        if planned is None:
            raise ValueError("every set of this session is already recorded")
        values: dict[str, object] = {}
        if not skipped:
            start = self.start_values(planned)
            measure = planned.measure
            if measure is Measure.HOLD:
                values["hold_s"] = hold_s if hold_s is not None else start.count
            elif measure is Measure.CONTACTS:
                values["contacts"] = contacts if contacts is not None else start.count
            else:
                values["reps"] = reps if reps is not None else start.count
            values["load"] = load if load is not None else start.load
            values["rpe"] = rpe
        return self._result(planned, at, skipped=skipped, **values)

    def skip_set(self, at: datetime | None = None) -> SetResult:
        """A skipped result for the current set (store it, then :meth:`confirm` it)."""
        return self.result_for(skipped=True, at=at)

    def skip_exercise(self, at: datetime | None = None) -> list[SetResult]:
        """Skipped results for every set of the current exercise still open."""
        planned = self.current()
        if planned is None:
            return []
        return [
            self._skipped_for(slot.planned, at)
            for slot in self._slots
            if slot.result_id is None and slot.planned.exercise_id == planned.exercise_id
        ]

    def _skipped_for(self, planned: PlannedSet, at: datetime | None) -> SetResult:
        return self._result(planned, at, skipped=True)

    def _result(
        self, planned: PlannedSet, at: datetime | None, *, skipped: bool, **values: object
    ) -> SetResult:
        """A result carrying the planned set's targets beside what was done."""
        return SetResult(
            session_id=self.log.id,
            exercise_id=planned.exercise_id,
            set_number=planned.set_number,
            side=planned.side,
            warmup=planned.warmup,
            skipped=skipped,
            target_reps=planned.target_reps,
            target_reps_hi=planned.target_reps_hi,
            target_load=planned.target_load,
            target_hold=planned.target_hold,
            target_contacts=planned.target_contacts,
            bodyweight=planned.bodyweight,
            unit=planned.unit,
            at=at or datetime.now(),
            **values,  # type: ignore[arg-type]
        )

    # -- changing state (call after the store has accepted the change) -----------------------

    def confirm(self, result: SetResult) -> Step:
        """Mark the set ``result`` belongs to as done and say what comes next."""
        index = self._slot_for(result)
        if index is None:
            raise ValueError(f"no open set of this session matches {result.exercise_id}")
        slot = self._slots[index]
        slot.result_id = result.id
        self.log.sets.append(result)
        following = self.current()
        if following is None:
            return Step(StepKind.DONE)
        if result.skipped:
            return Step(StepKind.NEXT, 0, following)
        done = slot.planned
        other_side = (
            following.exercise_id == done.exercise_id
            and _key(following)[0] == done.set_number
            and following.warmup == done.warmup
            and {following.side, done.side} == {Side.LEFT, Side.RIGHT}
        )
        if other_side and self.side_switch > 0:
            return Step(StepKind.SWITCH_SIDE, self.side_switch, following)
        if done.rest <= 0:
            return Step(StepKind.NEXT, 0, following)
        return Step(StepKind.REST, done.rest, following)

    def undo_last(self) -> SetResult | None:
        """Take back the last confirmed set; its planned set is current again."""
        if not self.log.sets:
            return None
        result = self.log.sets.pop()
        for slot in self._slots:
            if slot.result_id == result.id:
                slot.result_id = None
        return result

    @staticmethod
    def edited(result: SetResult, **changes: object) -> SetResult:
        """A validated copy of ``result`` with ``changes`` (raises pydantic's ValidationError)."""
        return SetResult.model_validate({**result.model_dump(), **changes})

    def replace_result(self, result: SetResult) -> None:
        for i, old in enumerate(self.log.sets):
            if old.id == result.id:
                self.log.sets[i] = result
                return
        raise KeyError(result.id)

    def edit_last(self, **changes: object) -> SetResult:
        last = self.last_result()
        if last is None:
            raise ValueError("no set recorded yet")
        new = self.edited(last, **changes)
        self.replace_result(new)
        return new

    def substitute(self, exercise: Exercise) -> None:
        """Do ``exercise`` instead of the current one for all of its sets still open.

        A per-side substitute for a two-sided exercise gets a left and a right set for each set,
        and the other way round; ``log.substitutions`` records planned id -> substitute id.
        """
        planned = self.current()
        if planned is None:
            raise ValueError("nothing left to substitute")
        current_id = planned.exercise_id
        original = self._slots[self._position() or 0].original_id
        self._swap(lambda s: s.result_id is None and s.planned.exercise_id == current_id, exercise)
        if exercise.id == original:
            self.log.substitutions.pop(original, None)
        else:
            self.log.substitutions[original] = exercise.id

    def set_note(self, exercise_id: str, text: str) -> None:
        text = text.strip()
        if text:
            self.log.exercise_notes[exercise_id] = text
        else:
            self.log.exercise_notes.pop(exercise_id, None)

    # -- internals ---------------------------------------------------------------------------

    def _position(self) -> int | None:
        for i, slot in enumerate(self._slots):
            if slot.result_id is None:
                return i
        return None

    def _slot_for(self, result: SetResult) -> int | None:
        index = self._position()
        candidates = [] if index is None else [index]
        candidates += [i for i, s in enumerate(self._slots) if s.result_id is None]
        for i in candidates:
            planned = self._slots[i].planned
            if planned.exercise_id == result.exercise_id and _key(planned) == _key(result):
                return i
        return None

    def _match(self, results: list[SetResult]) -> list[SetResult]:
        """Tie recorded results to open slots; return the ones that fit none."""
        unmatched = []
        for result in results:
            index = self._slot_for(result)
            if index is None:
                unmatched.append(result)
            else:
                self._slots[index].result_id = result.id
        return unmatched

    def _swap(self, chosen: Callable[[_Slot], bool], exercise: Exercise) -> None:
        """The chosen open slots replaced by ``swap``'s sets for ``exercise``, where they stood."""
        picked = [s for s in self._slots if chosen(s)]
        built = self.swap(picked[0].planned, exercise) if picked and self.swap else []
        if not built:
            self._convert(chosen, exercise)
            return
        at = self._slots.index(picked[0])
        new = [_Slot(p, picked[0].original_id) for p in built]
        rest = [s for s in self._slots if s not in picked]
        self._slots = rest[:at] + new + rest[at:]

    def _convert(self, chosen: Callable[[_Slot], bool], exercise: Exercise) -> None:
        picked = [s for s in self._slots if chosen(s)]
        lefts = {
            (s.planned.set_number, s.planned.warmup) for s in picked if s.planned.side is Side.LEFT
        }
        slots: list[_Slot] = []
        for slot in self._slots:
            if slot not in picked:
                slots.append(slot)
                continue
            p = slot.planned
            if exercise.per_side and p.side is Side.BOTH:
                sides = [Side.LEFT, Side.RIGHT]
            elif not exercise.per_side and p.side is not Side.BOTH:
                if p.side is Side.RIGHT and (p.set_number, p.warmup) in lefts:
                    continue
                sides = [Side.BOTH]
            else:
                sides = [p.side]
            for side in sides:
                slots.append(_Slot(_as_exercise(p, exercise, side), slot.original_id))
        self._slots = slots


def _as_exercise(planned: PlannedSet, exercise: Exercise, side: Side) -> PlannedSet:
    same_measure = exercise.measure is planned.measure
    changes: dict[str, object] = {
        "exercise_id": exercise.id,
        "exercise_name": exercise.name,
        "cues": list(exercise.cues),
        "side": side,
        "measure": exercise.measure,
        "reason": f"instead of {planned.exercise_name}"
        if planned.exercise_id != exercise.id
        else planned.reason,
    }
    if not same_measure:
        changes.update(
            target_reps=None, target_reps_hi=None, target_hold=None, target_contacts=None
        )
    return planned.model_copy(update=changes)


def _bare_exercise(exercise_id: str, slots: list[_Slot]) -> Exercise:
    """A stand-in when a resumed session names a substitute the caller did not describe."""
    for slot in slots:
        if slot.planned.exercise_id == exercise_id:
            p = slot.planned
            return Exercise(
                id=exercise_id,
                name=p.exercise_name,
                per_side=p.side is not Side.BOTH,
                measure=p.measure,
                cues=p.cues,
            )
    return Exercise(id=exercise_id, name=exercise_id.replace("-", " ").capitalize())
