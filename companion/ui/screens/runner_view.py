"""Text for the runner screen: the set line, the details under the big numbers, load captions."""

from __future__ import annotations

from rich.text import Text

from companion.domain.models import PlannedSet, SessionLog, Side
from companion.domain.summary import LastAndBest, describe, with_today
from companion.domain.timers import clock_text


def set_line(planned: PlannedSet) -> Text:
    """``Set 2 of 3  LEFT`` (the side as a badge), ``Warm-up 1 of 2``, ``extra set``."""
    text = Text()
    kind = "Warm-up" if planned.warmup else "Set"
    text.append(f"{kind} {planned.set_number} of {planned.of_sets}", style="bold")
    if planned.side is not Side.BOTH:
        text.append("  ")
        text.append(f" {planned.side.label} ", style="bold reverse")
    if planned.extra:
        text.append("  extra set for the weaker side", style="italic")
    if planned.superset:
        text.append(f"  superset {planned.superset}", style="dim")
    return text


def load_caption(load: object, planned: PlannedSet) -> tuple[str, str]:
    """The big load value and its caption; bodyweight work shows the added load."""
    unit = str(planned.unit)
    if planned.bodyweight:
        if not load or load == "0":
            return "0", "bodyweight (+ kg)" if unit == "kg" else "bodyweight (+ lb)"
        return f"+{_num(load)}", f"{unit} on bodyweight"
    if load is None:
        if planned.target_rpe is not None:
            return "–", f"{unit}: pick a load for RPE {planned.target_rpe:g}"
        return "–", unit
    return _num(load), unit


def _num(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def details_text(planned: PlannedSet, earlier: LastAndBest, log: SessionLog) -> Text:
    """Tempo and rest, the cues, last time and best for this side, and why the target.

    ``earlier`` is last and best from sessions before this one; a better set done today
    becomes the best shown.
    """
    text = Text()
    facts = []
    if planned.target_rpe is not None:
        facts.append(f"target RPE {planned.target_rpe:g}")
    if planned.tempo:
        facts.append(f"tempo {planned.tempo}")
    if planned.rest:
        facts.append(f"rest {clock_text(planned.rest)}")
    if facts:
        text.append(" · ".join(facts) + "\n", style="bold")
    for cue in planned.cues[:4]:
        text.append(f"• {cue}\n")
    today = [
        r
        for r in log.sets
        if r.exercise_id == planned.exercise_id and r.side is planned.side and not r.skipped
    ]
    marks = with_today(earlier, today)
    line = Text()
    if marks.last is not None:
        line.append("last ", style="dim")
        line.append(f"{describe(marks.last)} ({marks.last.at:%d %b})")
    if marks.best is not None and marks.best is not marks.last:
        line.append("  best ", style="dim")
        line.append(describe(marks.best))
    if today:
        line.append("  today ", style="dim")
        line.append(", ".join(describe(r) for r in today[-3:]))
    if not line.plain:
        line.append("first time on record", style="dim")
    text.append_text(line)
    note = log.exercise_notes.get(planned.exercise_id)
    if planned.reason or note:
        text.append("\n")
    if planned.reason:
        text.append("why ", style="dim")
        text.append(planned.reason, style="italic")
    if note:
        text.append(f"  note: {note}", style="italic")
    return text


def planned_text(p: PlannedSet) -> str:
    """``Split squat LEFT · set 1/2 · 8 × 10 kg`` for the coming-up list."""
    side = f" {p.side.label}" if p.side.label else ""
    kind = "warm-up" if p.warmup else "set"
    if p.target_hold is not None:
        work = f"{p.target_hold} s"
    elif p.target_contacts is not None:
        work = f"{p.target_contacts} contacts"
    else:
        work = "–" if p.target_reps is None else str(p.target_reps)
    if p.bodyweight:
        load = f" @ BW+{p.target_load:g} {p.unit}" if p.target_load else ""
    elif p.target_load is not None:
        load = f" × {p.target_load:g} {p.unit}"
    else:
        load = ""
    return f"{p.exercise_name}{side} · {kind} {p.set_number}/{p.of_sets} · {work}{load}"


def coming_text(coming: list[PlannedSet]) -> Text:
    text = Text()
    if coming:
        text.append("coming up\n", style="bold")
    for p in coming:
        text.append(f"  {planned_text(p)}\n")
    return text
