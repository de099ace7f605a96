"""The domain's vocabulary: exercises, plans, prescriptions and what the athlete recorded.

These pydantic models are the contract between every layer. They hold no I/O and know
nothing of Textual or TinyDB; plan files are parsed into them and storage round-trips them
with ``model_dump(mode="json")`` / ``model_validate``.

Annotations here are evaluated as the classes are defined (no ``from __future__ import
annotations``): pydantic then reads them as they are instead of evaluating each one from a
string, which makes defining the models a quarter cheaper at every start. A method that
names its own class quotes it.
"""

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Model(BaseModel):
    # defer_build: a model's validator is built when first used, not at import. Start-up uses
    # a few top-level models (their nested ones are built into them), not all twenty.
    # allow_inf_nan=False: every number read (a plan, an export, a stored file) is finite
    model_config = ConfigDict(extra="forbid", frozen=False, defer_build=True, allow_inf_nan=False)


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"

    @property
    def label(self) -> str:
        return {"left": "LEFT", "right": "RIGHT", "both": ""}[self.value]


class Unit(StrEnum):
    KG = "kg"
    LB = "lb"


class Measure(StrEnum):
    """How an exercise's work is counted."""

    REPS = "reps"
    HOLD = "hold"  # seconds held
    CONTACTS = "contacts"  # ground contacts (plyometrics)
    DISTANCE = "distance"  # centimetres (hop tests)


class Body(StrEnum):
    LOWER = "lower"
    UPPER = "upper"


class Muscle(StrEnum):
    """A fixed vocabulary, one value per region of the body map."""

    GLUTE_MAX = "glute_max"
    GLUTE_MED = "glute_med"
    HAMSTRINGS = "hamstrings"
    QUADS = "quads"
    ADDUCTORS = "adductors"
    HIP_FLEXORS = "hip_flexors"
    GASTROCNEMIUS = "gastrocnemius"
    SOLEUS = "soleus"
    FOOT_INTRINSICS = "foot_intrinsics"
    TIBIALIS = "tibialis"
    CORE = "core"
    OBLIQUES = "obliques"
    LOWER_BACK = "lower_back"
    UPPER_BACK = "upper_back"
    CHEST = "chest"
    SHOULDERS = "shoulders"
    ARMS = "arms"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

    @classmethod
    def parse(cls, text: str) -> "Muscle":
        """Accept ``glute max``, ``Glute-Max`` or ``glute_max``."""
        key = str(text).strip().lower().replace("-", "_").replace(" ", "_")
        return cls(key)


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """Monday is 0, as in ``date.weekday()``."""
        return list(Weekday).index(self)

    @classmethod
    def of(cls, day: date) -> "Weekday":
        return list(cls)[day.weekday()]


def _muscles(value: object) -> object:
    if isinstance(value, list):
        return [Muscle.parse(v) if isinstance(v, str) else v for v in value]
    return value


class FitExercise(Model):
    """Where an exercise sits in the FIT profile's strength lists (watch workouts): a category
    (``lunge``) and, when the profile has the movement, its name in that category's list.
    The names are the profile's own; a test checks every one against Garmin's SDK."""

    category: str
    name: str | None = None


class Exercise(Model):
    """One movement the catalogue (or a plan's custom list) knows."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    aliases: list[str] = []
    primary: list[Muscle] = []
    secondary: list[Muscle] = []
    per_side: bool = False
    measure: Measure = Measure.REPS
    equipment: list[str] = []
    body: Body = Body.LOWER
    cues: list[str] = Field(default=[], max_length=4)  # pydantic copies a list default
    easier: str | None = None  # id of the easier variant in the progression chain
    harder: str | None = None  # id of the harder variant
    fit: FitExercise | None = None  # its place in the FIT profile, for watch workouts

    @field_validator("primary", "secondary", mode="before")
    @classmethod
    def _parse_muscles(cls, value: object) -> object:
        return _muscles(value)


class LoadKind(StrEnum):
    WEIGHT = "weight"  # an absolute load: 20 kg
    BODYWEIGHT = "bodyweight"  # bodyweight, optionally plus ``amount`` (bw+10)
    RPE = "rpe"  # a load that feels like RPE n for the prescribed reps
    PERCENT = "percent"  # a percentage of the estimated 1RM


class Load(Model):
    kind: LoadKind = LoadKind.BODYWEIGHT
    amount: float = 0.0  # WEIGHT: the load; BODYWEIGHT: the added load
    rpe: float | None = None  # RPE: the target RPE (6-10)
    percent: float | None = None  # PERCENT: of e1RM, 0-100
    per_hand: bool = False  # WEIGHT: a pair of dumbbells, ``amount`` in each hand

    def describe(self, unit: Unit) -> str:
        if self.kind is LoadKind.WEIGHT:
            return f"{_num(self.amount)} {unit}"
        if self.kind is LoadKind.BODYWEIGHT:
            return f"BW+{_num(self.amount)} {unit}" if self.amount else "bodyweight"
        if self.kind is LoadKind.RPE:
            return f"@RPE {_num(self.rpe or 0)}"
        return f"{_num(self.percent or 0)}% e1RM"


class SideLoads(Model):
    """Different loads per side: ``load: {left: 16 kg, right: 20 kg}``."""

    left: Load
    right: Load

    def for_side(self, side: Side) -> Load:
        return self.right if side is Side.RIGHT else self.left


def _num(x: float) -> str:
    return f"{x:g}"


class RepRange(Model):
    lo: int = Field(ge=1, le=100)
    hi: int = Field(ge=1, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> "RepRange":
        if self.hi < self.lo:
            raise ValueError(f"rep range {self.lo}-{self.hi} runs backwards")
        return self

    def __str__(self) -> str:
        return str(self.lo) if self.lo == self.hi else f"{self.lo}-{self.hi}"


class ProgressionType(StrEnum):
    DOUBLE = "double"
    LINEAR = "linear"
    RPE = "rpe"
    HOLD = "hold"
    CONTACTS = "contacts"
    NONE = "none"


class Progression(Model):
    type: ProgressionType = ProgressionType.NONE
    hold_step: int | None = None  # hold: seconds added when every set held the target
    hold_max: int | None = None  # hold: the longest target
    contacts_max: int | None = None  # contacts: the most contacts per set
    add_load: bool = False  # hold: add a load step once at hold_max
    deload_after: int = 3  # missed sessions in a row before a deload
    deload: float = 0.9  # factor applied on deload


class WarmupSet(Model):
    reps: int = Field(ge=1, le=100)
    load: Load = Field(default_factory=Load)  # a factory: no instance (and validator) at import


class PlanExercise(Model):
    """One exercise line of a coach's session, as prescribed."""

    exercise: str  # catalogue (or plan custom) id, resolved at import
    sets: int = Field(ge=1, le=20)
    reps: RepRange | None = None
    hold: int | None = Field(default=None, ge=1, le=600)  # seconds
    contacts: int | None = Field(default=None, ge=1, le=500)
    load: Load | SideLoads | None = None
    rest: int = Field(default=90, ge=0, le=1200)  # seconds
    progression: Progression = Field(default_factory=Progression)
    tempo: str | None = None
    notes: str | None = None
    step: float | None = Field(default=None, gt=0)  # the load increment for this exercise
    warmup: list[WarmupSet] = []
    superset: str | None = None  # exercises sharing a label are done as a superset
    # the key of another session whose line of the same exercise this one progresses with;
    # by default every line keeps its own targets (heavy on one day, light on another)
    progress_with: str | None = None
    # What the plan's own words say where they differ from the catalogue's defaults:
    measure: Measure | None = None  # reps on a usually-held exercise, a hold of a rep exercise
    per_side: bool | None = None  # "8/side" on an exercise the catalogue does with both legs
    amrap: bool = False  # as many reps as possible: no rep target, the reps are recorded
    sets_hi: int | None = Field(default=None, ge=1, le=20)  # "2-3 sets": ``sets`` is the lower

    def load_for(self, side: Side) -> Load | None:
        if isinstance(self.load, SideLoads):
            return self.load.for_side(side)
        return self.load


class SessionTemplate(Model):
    key: str
    title: str
    exercises: list[PlanExercise]


class Phase(Model):
    name: str
    weeks: int = Field(ge=1, le=104)
    sessions: list[str] = Field(min_length=1)
    volume: float = Field(default=1.0, gt=0, le=3)


class Schedule(Model):
    days: list[Weekday] = Field(min_length=1)
    hard_runs: list[Weekday] = []
    long_run: Weekday | None = None


class AssessmentPlan(Model):
    every_weeks: int = Field(default=6, ge=1, le=52)
    tests: list[str] = []  # assessment test ids


class Plan(Model):
    id: str  # slug of the name: re-importing the same plan updates it
    format: int = 1
    name: str
    coach: str | None = None
    units: Unit = Unit.KG
    start: date | None = None
    schedule: Schedule
    phases: list[Phase] = Field(min_length=1)
    sessions: dict[str, SessionTemplate]
    exercises: list[Exercise] = []  # custom exercises not in the catalogue
    assessments: AssessmentPlan | None = None
    source: str | None = None  # the file it came from
    imported_at: datetime | None = None

    @property
    def total_weeks(self) -> int:
        return sum(p.weeks for p in self.phases)

    @model_validator(mode="after")
    def _shared_progress(self) -> "Plan":
        for key, template in self.sessions.items():
            for pe in template.exercises:
                other = pe.progress_with
                if other is None or other == key:
                    continue
                if other not in self.sessions:
                    known = ", ".join(sorted(self.sessions))
                    raise ValueError(
                        f"session {key}: {pe.exercise} progresses with session {other!r}, "
                        f"which the plan does not have (it has: {known})"
                    )
                if not any(e.exercise == pe.exercise for e in self.sessions[other].exercises):
                    raise ValueError(
                        f"session {key}: {pe.exercise} progresses with session {other}, "
                        f"which has no {pe.exercise} line to share"
                    )
        return self


def now() -> datetime:
    """The time now, as a default: a factory of ours, as pydantic reads each factory's
    signature and reading a built-in's (``datetime.now``, ``list``) costs a millisecond at start."""
    return datetime.now()


def new_id() -> str:
    return uuid.uuid4().hex


class SetResult(Model):
    """One confirmed set, for one side. What the athlete did, beside what was asked."""

    id: str = Field(default_factory=new_id)
    session_id: str
    exercise_id: str
    set_number: int = Field(ge=1)
    side: Side = Side.BOTH
    warmup: bool = False
    skipped: bool = False
    # targets: the same bounds as what was done
    target_reps: int | None = Field(default=None, ge=0, le=300)
    target_reps_hi: int | None = Field(default=None, ge=0, le=300)
    target_load: float | None = Field(default=None, ge=0, le=500)
    target_hold: int | None = Field(default=None, ge=0, le=1800)
    target_contacts: int | None = Field(default=None, ge=0, le=1000)
    reps: int | None = Field(default=None, ge=0, le=300)
    load: float | None = Field(default=None, ge=0, le=500)  # added load for bodyweight work
    bodyweight: bool = False
    unit: Unit = Unit.KG
    hold_s: int | None = Field(default=None, ge=0, le=1800)
    contacts: int | None = Field(default=None, ge=0, le=1000)
    distance_cm: float | None = Field(default=None, ge=0, le=1000)
    rpe: float | None = Field(default=None, ge=6, le=10)
    note: str | None = None
    at: datetime = Field(default_factory=now)
    # a drop set (brought from another app): real work, but not judged by progression. None,
    # not False, when it is not one, so the stored set stays as compact as before
    drop: bool | None = None

    @field_validator("rpe")
    @classmethod
    def _half_steps(cls, v: float | None) -> float | None:
        if v is not None and (v * 2) != int(v * 2):
            raise ValueError("RPE goes in half steps from 6 to 10")
        return v

    @property
    def day(self) -> date:
        return self.at.date()


class SessionKind(StrEnum):
    TRAINING = "training"
    ASSESSMENT = "assessment"


class SessionLog(Model):
    """A session as it was done (or is being done)."""

    id: str = Field(default_factory=new_id)
    kind: SessionKind = SessionKind.TRAINING
    plan_id: str | None = None
    plan_name: str | None = None
    session_key: str | None = None
    title: str = ""
    week: int | None = None
    phase: str | None = None
    started_at: datetime = Field(default_factory=now)
    finished_at: datetime | None = None
    planned_sets: int = 0
    rpe: float | None = Field(default=None, ge=1, le=10)
    note: str | None = None
    exercise_notes: dict[str, str] = {}
    substitutions: dict[str, str] = {}  # planned exercise id -> the one done instead
    sets: list[SetResult] = []  # pydantic gives each log a list of its own
    # a session brought from another app: which one ("strong", "hevy") and the import that
    # brought it (one ``companion import-history --undo`` removes every session of an import)
    source: str | None = None
    import_id: str | None = None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def day(self) -> date:
        return self.started_at.date()


class Run(Model):
    """One run read from a watch's activity file: what the schedule and the history need."""

    id: str = Field(default_factory=new_id)
    started_at: datetime  # local time, without a zone, as sessions are kept
    distance_m: float = Field(ge=0)
    moving_s: float = Field(ge=0)  # seconds in motion (pauses left out)
    elapsed_s: float | None = Field(default=None, ge=0)
    avg_hr: int | None = Field(default=None, ge=20, le=250)
    max_hr: int | None = Field(default=None, ge=20, le=250)
    source: str | None = None  # the file's name it was read from

    @property
    def day(self) -> date:
        return self.started_at.date()

    @property
    def km(self) -> float:
        return self.distance_m / 1000

    @property
    def pace_s(self) -> float | None:
        """Seconds per kilometre, or None for a run without distance."""
        return self.moving_s / self.km if self.distance_m >= 10 else None


class Target(Model):
    """What the next session asks of one exercise on one side, and why."""

    exercise_id: str
    side: Side = Side.BOTH
    sets: int = Field(ge=1)
    reps: int | None = None  # target reps (the low end of a range)
    reps_hi: int | None = None
    # the reps a range asks for this time: its top when the load is repeated to reach it
    # (double progression); None means the low end
    reps_aim: int | None = None
    load: float | None = None  # None: bodyweight or athlete's choice
    bodyweight: bool = False
    unit: Unit = Unit.KG
    hold: int | None = None
    contacts: int | None = None
    rpe: float | None = None  # target RPE for rpe progression
    reason: str = ""
    extra_sets: int = 0  # extra sets for this side while it is the weaker one
    extra_reason: str = ""  # why: "left at 84 % of right → one extra set on the left"


class ExerciseState(Model):
    """Progression state kept per plan line (session + exercise) and side between sessions.

    ``line`` is the key of the plan line (``progression.line_key``); a state without one was
    written by a version that kept one state per exercise, and is derived again from history.
    """

    plan_id: str
    exercise_id: str
    line: str = ""
    side: Side = Side.BOTH
    target: Target
    misses: int = 0  # missed sessions in a row
    last_done: date | None = None
    last_load: float | None = None  # the load actually used last time


class AssessmentResult(Model):
    """One test of the single-leg battery, both sides."""

    id: str = Field(default_factory=new_id)
    test_id: str
    day: date
    left: float | None = None
    right: float | None = None
    unit: str = "reps"  # reps | s | cm
    note: str | None = None


class PlannedSet(Model):
    """One step of the runner: a single set, for one side, with everything the screen shows."""

    exercise_id: str
    exercise_name: str
    set_number: int  # k of ``of_sets``
    of_sets: int
    side: Side = Side.BOTH
    warmup: bool = False
    measure: Measure = Measure.REPS
    target_reps: int | None = None
    target_reps_hi: int | None = None
    reps_aim: int | None = None  # the reps "as prescribed" records (``Target.reps_aim``)
    target_load: float | None = None
    bodyweight: bool = False
    unit: Unit = Unit.KG
    target_hold: int | None = None
    target_contacts: int | None = None
    target_rpe: float | None = None
    rest: int = 90  # seconds of rest after this set
    tempo: str | None = None
    cues: list[str] = []
    notes: str | None = None
    superset: str | None = None
    reason: str = ""  # why the target is what it is (progression, weak side, ...)
    extra: bool = False  # an extra set for the weaker side
    line: str = ""  # the plan line whose target this is (``progression.line_key``)
