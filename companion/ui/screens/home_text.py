"""What the home screen says, as text: the week line, what is due, warnings, targets.

Plain functions of ``Today`` (no widgets), so the wording can be read and tested on its own.
Styles that depend on the theme (error, warning) are passed in.
"""

from __future__ import annotations

from rich.text import Text

from companion.domain.models import Plan, PlannedSet
from companion.domain.schedule import plan_end
from companion.training.today import Today, due_words, row_reason, target_rows
from companion.ui.home_view import HomeRow, HomeView

ASSESSMENT = "assessment"  # the kind of schedule notice that says the tests are due


def view_of(today: Today, chosen: str | None, error: str, warning: str) -> HomeView:
    """Everything home draws for ``today``; ``chosen``: a session picked instead of the one
    due; ``error`` and ``warning``: the theme's styles for those."""
    unfinished = today.unfinished is not None
    plan = today.plan
    if plan is None:
        return HomeView(
            "No plan yet",
            due=Text("Press ? for keys; d on the welcome screen."),
            unfinished=unfinished,
        )
    warnings, tests_due = warnings_text(today, warning)
    rows = tuple(
        HomeRow(
            side.value,
            sets[0].exercise_name,
            side.label or "both",
            target_text(sets),
            row_reason(sets),
            sets[0].line,
        )  # fmt: skip
        for _exercise_id, side, sets in target_rows(today.planned)
    )
    return HomeView(
        plan=f"{plan.name} · coach {plan.coach}" if plan.coach else plan.name,
        week=week_text(today, plan),
        due=due_text(today, chosen, error),
        warnings=warnings,
        tests_due=tests_due,
        rows=rows,
        has_plan=True,
        unfinished=unfinished,
    )


def target_text(sets: list[PlannedSet]) -> str:
    p = sets[0]
    if p.target_hold is not None:
        count = f"{p.target_hold} s"
    elif p.target_contacts is not None:
        count = f"{p.target_contacts} contacts"
    elif p.target_reps is not None:
        hi = p.target_reps_hi
        count = f"{p.target_reps}–{hi}" if hi and hi > p.target_reps else str(p.target_reps)
    else:
        count = "–"
    if p.bodyweight:
        load = f"BW+{p.target_load:g} {p.unit}" if p.target_load else "BW"
    elif p.target_load is not None:
        load = f"{p.target_load:g} {p.unit}"
    elif p.target_rpe is not None:
        load = f"RPE {p.target_rpe:g}"
    else:
        load = "–"
    return f"{len(sets)} × {count} @ {load}"


def week_text(today: Today, plan: Plan) -> Text:
    """The day, and where it falls in the plan: week, phase, or that the plan has ended."""
    week = Text(f"{today.day:%A %d %B}")
    if today.due is not None:
        d = today.due
        week.append(f" · week {d.week} of {plan.total_weeks} · {d.phase} ")
        week.append(f"(week {d.week_in_phase} of {d.phase_weeks})", style="dim")
    elif today.day > plan_end(plan):
        week.append(" · the plan has ended", style="bold")
    return week


def due_text(today: Today, chosen: str | None, error: str) -> Text:
    """The session due (or ``chosen``), a waiting unfinished one, or why none can be built."""
    due = Text()
    if today.unfinished is not None:
        due.append("An unfinished session is waiting: r resumes it, D discards it.\n", style="bold")
    if today.problem:
        due.append(today.problem, style=error)
    elif today.session_key:
        due.append(f"{due_label(today, chosen)}: ", style="bold")
        due.append(f"{today.session_key} — {today.title}", style="bold")
        due.append(f" · about {today.minutes} min · {sets_text(today.planned)}")
        due.append("   enter starts", style="dim")
    else:
        due.append("No session due today. o picks one anyway.")
    return due


def sets_text(planned: list[PlannedSet]) -> str:
    """``2 warm-ups + 12 work sets``: warm-ups are never counted as work."""
    warm = sum(1 for p in planned if p.warmup)
    work = f"{len(planned) - warm} work set{'s' * (len(planned) - warm != 1)}"
    return f"{warm} warm-up{'s' * (warm != 1)} + {work}" if warm else work


def warnings_text(today: Today, warning: str) -> tuple[Text, str]:
    """The coach's warnings, one a line, and the text of the assessment notice ("" if none):
    that one gets a panel of its own."""
    warnings = Text()
    for notice in today.notices:
        if notice.kind != ASSESSMENT:
            warnings.append("⚠ ", style=warning)
            warnings.append(notice.text + "\n")
    tests = next((n.text for n in today.notices if n.kind == ASSESSMENT), "")
    return warnings, tests


def due_label(today: Today, chosen: str | None) -> str:
    """TODAY when the plan has a session today; else the day it is due (it can be done early)."""
    if chosen is not None:
        return "CHOSEN"
    if today.due is None or today.due.day == today.day:
        return "TODAY"
    return f"NEXT, {due_words(today.due, today.day)}"
