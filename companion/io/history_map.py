"""Strong's and Hevy's exercise names placed in the catalogue, and their sessions as ours.

A name is placed by the catalogue's names and aliases: as written (``Romanian Deadlift``),
without the equipment the apps add in brackets (``Squat (Barbell)`` → ``squat``) and with the
equipment in front (``barbell squat``). What cannot be placed goes to a mapping file the athlete
edits: each name gets a catalogue exercise (its name or id), ``keep`` (its sets come under the
name as written) or ``skip`` (its sets are left out).

Single-leg exercises: neither app records the side. Their sets come as ``Side.BOTH`` with the
note "side not recorded": they count for both legs in progression and volume, and the left/right
comparison (which takes LEFT and RIGHT sets only) never sees them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

import yaml

from companion.domain.catalogue import Catalogue
from companion.domain.models import SessionKind, SessionLog, SetResult, Side
from companion.io.foreign_history import (
    ForeignHistory,
    ForeignSession,
    ForeignSet,
    HistoryFileError,
)

SKIP, KEEP = "skip", "keep"
SIDE_UNKNOWN = "side not recorded"
_BRACKETS = re.compile(r"\s*\(([^)]*)\)\s*")


def place(name: str, catalogue: Catalogue) -> str | None:
    """The catalogue id for an app's exercise name, or None."""
    tries = [name]
    inner = _BRACKETS.findall(name)
    bare = _BRACKETS.sub(" ", name).strip()
    if bare != name:
        tries.append(bare)
        tries += [f"{word} {bare}" for word in inner]
    for text in tries:
        found = catalogue.resolve(text)
        if found is not None:
            return found.id
    return None


def kept_id(name: str) -> str:
    """The id a ``keep`` name is stored under: ``Bench Press (Barbell)`` is
    ``bench-press-barbell``."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "exercise"


@dataclass
class Placement:
    """Every name of a file and where its sets go."""

    ids: dict[str, str] = field(default_factory=dict)  # name -> exercise id (placed or kept)
    by_catalogue: dict[str, str] = field(default_factory=dict)  # names placed without the map
    by_map: dict[str, str] = field(default_factory=dict)  # names the map placed
    skipped: dict[str, int] = field(default_factory=dict)  # names the map skips -> sets
    unplaced: dict[str, int] = field(default_factory=dict)  # names still to decide -> sets
    sets: Counter[str] = field(default_factory=Counter)  # sets per name


def read_map(text: str, file: str, catalogue: Catalogue) -> dict[str, str]:
    """A mapping file: ``"App name": exercise | keep | skip`` per line; empty values are names
    still to decide (left out of the result). Errors name the line."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise HistoryFileError(file, line, f"not readable as YAML ({exc})") from None
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise HistoryFileError(
            file, node.start_mark.line + 1, 'expected lines of "App name": exercise, keep or skip'
        )
    mapping: dict[str, str] = {}
    for key, value in node.value:
        name, answer = str(key.value).strip(), str(value.value or "").strip()
        line = key.start_mark.line + 1
        if not isinstance(value, yaml.ScalarNode):
            raise HistoryFileError(file, line, f"{name}: give one exercise, keep or skip")
        if not answer:
            continue
        if answer.lower() in (SKIP, KEEP):
            mapping[name] = answer.lower()
            continue
        found = catalogue.resolve(answer)
        if found is None:
            close = ", ".join(catalogue.suggest(answer)) or "see the catalogue's names"
            raise HistoryFileError(
                file, line, f"{name}: no exercise {answer!r} in the catalogue (closest: {close}); "
                "give one of its names or ids, keep or skip",
            )
        mapping[name] = found.id
    return mapping


def place_all(
    history: ForeignHistory, catalogue: Catalogue, mapping: dict[str, str]
) -> Placement:
    placement = Placement()
    for session in history.sessions:
        for s in session.sets:
            placement.sets[s.exercise] += 1
    for name, count in placement.sets.items():
        answer = mapping.get(name)
        if answer == SKIP:
            placement.skipped[name] = count
        elif answer == KEEP:
            placement.ids[name] = placement.by_map[name] = kept_id(name)
        elif answer is not None:
            placement.ids[name] = placement.by_map[name] = answer
        elif (found := place(name, catalogue)) is not None:
            placement.ids[name] = placement.by_catalogue[name] = found
        else:
            placement.unplaced[name] = count
    return placement


def map_text(placement: Placement, mapping: dict[str, str]) -> str:
    """The mapping file: the names already decided, then those still to decide with their sets."""
    lines = [
        "# Exercise names from another app that companion could not place.",
        "# Give each the name or id of a catalogue exercise, or `keep` (its sets come under the",
        "# name as written), or `skip` (its sets are left out); then import again with --map.",
    ]
    for name, answer in sorted(mapping.items()):
        lines.append(f"{_quoted(name)}: {answer}")
    for name, count in sorted(placement.unplaced.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"{_quoted(name)}: \"\"  # {count} set{'s' * (count != 1)}")
    return "\n".join(lines) + "\n"


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_sessions(
    sessions: list[ForeignSession],
    placement: Placement,
    catalogue: Catalogue,
    source: str,
    import_id: str,
    file: str = "the file",
) -> list[SessionLog]:
    """Our sessions for the app's (their placed sets only; a session left with none is left
    out), each marked with ``source`` and ``import_id``."""
    logs = []
    for found in sessions:
        log = SessionLog(
            kind=SessionKind.TRAINING,
            title=found.title,
            started_at=found.started_at,
            finished_at=found.finished_at or found.started_at,
            note=found.note,
            source=source,
            import_id=import_id,
        )
        numbers: Counter[str] = Counter()
        for i, s in enumerate(found.sets):
            exercise_id = placement.ids.get(s.exercise)
            if exercise_id is None:
                continue
            numbers[exercise_id] += 1
            per_side = exercise_id in catalogue and catalogue.get(exercise_id).per_side
            at = found.started_at + timedelta(seconds=i)
            try:
                log.sets.append(_set(s, log.id, exercise_id, numbers[exercise_id], per_side, at))
            except ValueError as exc:
                first = str(exc).splitlines()[1:3]
                raise HistoryFileError(file, s.line, "; ".join(x.strip() for x in first)) from None
        for name, note in found.exercise_notes.items():
            if name in placement.ids:
                log.exercise_notes[placement.ids[name]] = note
        if log.sets:
            logs.append(log)
    return logs


def _set(s: ForeignSet, session_id: str, exercise_id: str, number: int, per_side: bool, at):  # type: ignore[no-untyped-def]
    notes = [s.note] if s.note else []
    if s.kind == "failure":
        notes.append("to failure")
    if per_side:
        notes.append(SIDE_UNKNOWN)
    rpe = s.rpe
    if rpe is not None:
        rounded = round(rpe * 2) / 2
        if 6 <= rounded <= 10:
            rpe = rounded
        else:
            notes.append(f"RPE {rpe:g}")
            rpe = None
    hold = s.seconds
    if hold is not None and hold > 1800:
        notes.append(f"{hold} s")
        hold = None
    if s.distance_m:
        far = s.distance_m >= 1000
        notes.append(f"{s.distance_m / 1000:g} km" if far else f"{s.distance_m:g} m")
    loaded = s.weight is not None and s.weight > 0
    return SetResult(
        session_id=session_id,
        exercise_id=exercise_id,
        set_number=number,
        side=Side.BOTH,
        warmup=s.kind == "warmup",
        drop=True if s.kind == "dropset" else None,
        reps=s.reps,
        load=s.weight if loaded else None,
        bodyweight=not loaded,
        unit=s.unit,
        hold_s=hold,
        rpe=rpe,
        note="; ".join(notes) or None,
        at=at,
    )
