"""Recorded runs and the strength schedule: which runs were long or hard, the days the athlete
usually runs them, and what the schedule should say about them.

- **Long or hard**, from the athlete's own runs of the six weeks up to each run: a run longer
  than three quarters of them is long (the longest quarter); one with at most a tenth of them
  faster, or with a higher average heart rate, is hard (the fastest tenth). With fewer than
  four runs to compare nothing is marked. The athlete's settings override each
  threshold (``RunRules``).
- **Usual days**: a weekday on which a long (or hard) run fell in two or more of the last four
  weeks.
- **Notices** for the day's due session (``notices``): a strength day falls the day before a
  long or hard run the athlete usually does on that weekday (as the plan's ``hard_runs`` warn);
  the day after a hard run the plan does not list, a hard session suggests the lighter one; and
  a run more than 10 % longer than the longest of the 30 days before it (the spike that goes
  with overuse injury in a large cohort of runners: see the README).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple

from companion.domain.catalogue import Catalogue
from companion.domain.models import Body, Plan, Run, SessionKind, SessionLog
from companion.domain.schedule import (
    WEEKDAY_NAMES,
    DueSession,
    Notice,
    key_run_after,
    key_run_on,
    phase_of,
)

RECENT = timedelta(days=42)  # the runs a run is compared with
MIN_RUNS = 4  # fewer than this to compare: nothing is marked
LONG_SHARE = 0.25  # the longest quarter is long
HARD_SHARE = 0.10  # the fastest tenth is hard
USUAL_WEEKS = 4
USUAL_TIMES = 2
SPIKE_DAYS = 30
SPIKE = 1.10
SPIKE_SHOWN_DAYS = 7  # a spike is mentioned for a week after the run

# the settings the athlete can override the thresholds with
LONG_KM_SETTING = "run_long_km"
HARD_PACE_SETTING = "run_hard_pace_s"  # seconds per km: this fast or faster is hard
HARD_HR_SETTING = "run_hard_hr"  # average bpm: this high or higher is hard


class RunRules(NamedTuple):
    long_km: float | None = None
    hard_pace_s: float | None = None
    hard_hr: int | None = None

    @classmethod
    def of(cls, settings: dict) -> RunRules:
        def positive(key: str) -> float | None:
            value = settings.get(key)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                return None
            return float(value)

        hr = positive(HARD_HR_SETTING)
        return cls(positive(LONG_KM_SETTING), positive(HARD_PACE_SETTING),
                   int(hr) if hr else None)  # fmt: skip


NO_RULES = RunRules()  # nothing set in the profile: long and hard from the runs alone


class Marks(NamedTuple):
    long: bool = False
    hard: bool = False

    @property
    def words(self) -> str:
        return " and ".join(w for w, on in (("long", self.long), ("hard", self.hard)) if on)


def pace_text(seconds_per_km: float | None) -> str:
    """``4:05 /km`` (or ``–``)."""
    if seconds_per_km is None:
        return "–"
    total = round(seconds_per_km)
    return f"{total // 60}:{total % 60:02d} /km"


def parse_pace(text: str) -> float:
    """``4:30`` (minutes:seconds per km) as seconds; ValueError otherwise."""
    minutes, _, seconds = text.strip().partition(":")
    value = int(minutes) * 60 + (int(seconds) if seconds else 0)
    if value <= 0 or (seconds and not 0 <= int(seconds) < 60):
        raise ValueError(text)
    return float(value)


def _middle(values: list[float] | list[int]) -> float:
    ordered = sorted(values)
    return float(ordered[len(ordered) // 2])


def marks(runs: Sequence[Run], rules: RunRules = NO_RULES) -> dict[str, Marks]:
    """Each run's marks, against the other runs of the six weeks up to it: long when it is
    longer than three quarters of them; hard when at most a tenth of them were faster, and it
    was faster than the middle one (or the same for the average heart rate, higher). A
    threshold the athlete set wins."""
    ordered = sorted(runs, key=lambda r: r.started_at)
    found: dict[str, Marks] = {}
    lo = 0  # the first run within RECENT of the current one: it only moves forward
    for i, run in enumerate(ordered):
        while lo < i and run.started_at - ordered[lo].started_at > RECENT:
            lo += 1
        others = ordered[lo:i]  # the run itself is ``ordered[i]``
        enough = len(others) + 1 >= MIN_RUNS
        if rules.long_km is not None:
            long = run.km >= rules.long_km
        else:
            shorter = sum(1 for r in others if r.distance_m < run.distance_m)
            long = enough and shorter >= (1 - LONG_SHARE) * len(others)
        hard = False
        pace = run.pace_s
        if pace is not None:
            if rules.hard_pace_s is not None:
                hard = pace <= rules.hard_pace_s
            else:
                paces = [p for r in others if (p := r.pace_s) is not None]
                faster = sum(1 for p in paces if p < pace)
                hard = (
                    len(paces) + 1 >= MIN_RUNS
                    and faster <= HARD_SHARE * len(paces)
                    and pace < _middle(paces)  # it stands out: runs all alike are not hard
                )
        if run.avg_hr is not None and not hard:
            if rules.hard_hr is not None:
                hard = run.avg_hr >= rules.hard_hr
            else:
                rates = [r.avg_hr for r in others if r.avg_hr]
                higher = sum(1 for h in rates if h > run.avg_hr)
                hard = (
                    len(rates) + 1 >= MIN_RUNS
                    and higher <= HARD_SHARE * len(rates)
                    and run.avg_hr > _middle(rates)
                )
        found[run.id] = Marks(long, hard)
    return found


def usual_days(runs: Sequence[Run], found: dict[str, Marks], day: date) -> dict[int, str]:
    """Weekday (Monday 0) → ``long run`` or ``hard run``: where one fell in two or more of the
    four weeks before ``day``."""
    since = day - timedelta(weeks=USUAL_WEEKS)
    weeks: dict[tuple[int, str], set[int]] = {}
    for run in runs:
        if not since <= run.day < day:
            continue
        mark = found.get(run.id, Marks())
        for what, on in (("long run", mark.long), ("hard run", mark.hard)):
            if on:
                weeks.setdefault((run.day.weekday(), what), set()).add((day - run.day).days // 7)
    usual: dict[int, str] = {}
    for (weekday, what), seen in sorted(weeks.items(), key=lambda kv: kv[0][1] != "long run"):
        if len(seen) >= USUAL_TIMES:
            usual.setdefault(weekday, what)
    return usual


def spike(runs: Sequence[Run], run: Run) -> tuple[float, Run] | None:
    """``(how much longer, the longest before)`` when ``run`` is more than 10 % longer than
    the longest run of the 30 days before it; None otherwise (or with none to compare)."""
    window = timedelta(days=SPIKE_DAYS)
    before = [
        r for r in runs if r.id != run.id and timedelta(0) < run.started_at - r.started_at <= window
    ]
    if not before:
        return None
    longest = max(before, key=lambda r: r.distance_m)
    if longest.distance_m <= 0 or run.distance_m <= SPIKE * longest.distance_m:
        return None
    return run.distance_m / longest.distance_m - 1, longest


def spike_text(run: Run, found: tuple[float, Run]) -> str:
    share, longest = found
    return (
        f"Your {run.km:.1f} km run on {run.day:%a %d %b} was {share * 100:.0f} % longer than "
        f"your longest of the 30 days before it ({longest.km:.1f} km on {longest.day:%d %b}). "
        "A single run more than 10 % past that goes with overuse injury: build up to it."
    )


def lighter_session(plan: Plan, catalogue: Catalogue, due: DueSession) -> str | None:
    """The key of the phase's session with fewer lower-body working sets than the due one,
    if there is one (the lightest such)."""
    found = phase_of(plan, due.day)
    if found is None:
        return None

    def legs(key: str) -> int:
        template = plan.sessions[key]
        total = 0
        for pe in template.exercises:
            exercise = catalogue.resolve(pe.exercise)
            if exercise is not None and exercise.body is Body.LOWER:
                total += pe.sets * (2 if exercise.per_side else 1)
        return total

    mine = legs(due.key)
    lighter = [(legs(k), k) for k in found[0].sessions if k != due.key and legs(k) < mine]
    return min(lighter)[1] if lighter else None


def notices(
    plan: Plan,
    catalogue: Catalogue,
    due: DueSession | None,
    day: date,
    runs: Sequence[Run],
    rules: RunRules = NO_RULES,
) -> list[Notice]:
    """What the recorded runs say about the due session (see the module's docstring)."""
    if not runs:
        return []
    found = marks(runs, rules)
    out: list[Notice] = []
    if due is not None:
        tomorrow = due.day + timedelta(days=1)
        what = usual_days(runs, found, day).get(tomorrow.weekday())
        if what and key_run_after(plan, due.day) is None:
            when = "today" if due.day == day else f"on {WEEKDAY_NAMES[due.day.weekday()]}"
            out.append(
                Notice(
                    "key-run",
                    f"The session {when} falls the day before the {what} you usually do on "
                    f"{WEEKDAY_NAMES[tomorrow.weekday()]}s: keep the legs light (no heavy "
                    "lower-body sets) or move the session.",
                )
            )
        yesterday = due.day - timedelta(days=1)
        hard = [r for r in runs if r.day == yesterday and found[r.id].hard]
        if hard and key_run_on(plan, yesterday) is None:
            lighter = lighter_session(plan, catalogue, due)
            if lighter is not None:
                run = max(hard, key=lambda r: r.distance_m)
                out.append(
                    Notice(
                        "after-run",
                        f"You ran hard on {WEEKDAY_NAMES[yesterday.weekday()]} ({run.km:.1f} km at "
                        f"{pace_text(run.pace_s)}), a day your plan has no hard run: session "
                        f"{lighter} ({plan.sessions[lighter].title}) is the lighter one; press o "
                        "to pick it.",
                    )
                )
    recent = [r for r in runs if timedelta(0) <= day - r.day <= timedelta(days=SPIKE_SHOWN_DAYS)]
    for run in sorted(recent, key=lambda r: r.started_at, reverse=True):
        jump = spike(runs, run)
        if jump is not None:
            out.append(Notice("run-spike", spike_text(run, jump)))
            break
    return out


class WeekLoad(NamedTuple):
    """One calendar week (Monday to Sunday): the running and the strength sessions done."""

    start: date
    run_km: float
    runs: int
    long: int
    hard: int
    strength: int


def week_strip(
    runs: Sequence[Run],
    sessions: Sequence[SessionLog],
    today: date,
    weeks: int = 8,
    rules: RunRules = NO_RULES,
) -> list[WeekLoad]:
    """The last ``weeks`` calendar weeks up to the one holding ``today``, oldest first: run km,
    runs (long and hard among them) and finished training sessions, of any plan or app."""
    first = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    found = marks(runs, rules)
    out = []
    for n in range(weeks):
        start = first + timedelta(weeks=n)
        end = start + timedelta(days=7)
        mine = [r for r in runs if start <= r.day < end]
        strength = sum(
            1
            for s in sessions
            if start <= s.day < end and s.kind is SessionKind.TRAINING and s.finished
        )
        out.append(
            WeekLoad(
                start,
                sum(r.km for r in mine),
                len(mine),
                sum(found[r.id].long for r in mine),
                sum(found[r.id].hard for r in mine),
                strength,
            )
        )
    return out
