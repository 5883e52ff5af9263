"""The coaching domain's vocabulary: what an athlete is, what a session is, what they told us.

These models are the contract between the pure core and its adapters: storage maps them to
rows, the bot renders them, the planner and the adaptation produce them. They carry no
behaviour that needs I/O or a clock; "today" always arrives as an argument.

Weekdays are integers as in ``date.weekday()``: 0 = Monday ... 6 = Sunday.
Distances are kilometres and paces seconds per kilometre internally; the athlete's units only
matter when rendering.
"""

from __future__ import annotations

from datetime import date, time
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

WEEKDAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class GoalKind(StrEnum):
    """What the athlete trains for (COACHING.md §1)."""

    ROAD_5K = "road-5k"
    ROAD_10K = "road-10k"
    ROAD_HALF = "road-half"
    ROAD_MARATHON = "road-marathon"
    TRAIL = "trail"
    FITNESS = "fitness"

    @property
    def is_road_race(self) -> bool:
        return self in (
            GoalKind.ROAD_5K,
            GoalKind.ROAD_10K,
            GoalKind.ROAD_HALF,
            GoalKind.ROAD_MARATHON,
        )

    @property
    def has_race(self) -> bool:
        return self is not GoalKind.FITNESS


class Phase(StrEnum):
    """Periodization phases (COACHING.md §3)."""

    BASE = "base"
    BUILD = "build"
    COMPETITION = "competition"
    TAPER = "taper"
    RECOVERY = "recovery"


class Surface(StrEnum):
    """Where a session is run. Treadmill only appears in logs; the planner never prescribes it."""

    ROAD = "road"
    TRAIL = "trail"
    TRACK = "track"
    CROSS = "cross"
    REST = "rest"
    TREADMILL = "treadmill"


class SessionKind(StrEnum):
    """The kinds of session the workout library knows how to cue."""

    REST = "rest"
    EASY = "easy"
    RECOVERY = "recovery"
    STEADY = "steady"
    LONG = "long"
    TEMPO = "tempo"
    INTERVALS = "intervals"
    TRACK = "track"
    HILLS = "hills"
    TECHNICAL = "technical"
    CROSS = "cross"
    RACE = "race"
    TIME_TRIAL = "time_trial"  # §3b: a 3 km / 5 km effort that re-derives estimated paces


class SessionRole(StrEnum):
    """What a session is for in the season (COACHING.md §3b), as ``stride plan --json`` shows it.

    Mostly follows from the kind; ``medium_long`` is an easy run the planner marks as the
    week's mid-week medium-long run (a key session for marathon and ultra athletes).
    """

    LONG = "long"
    MEDIUM_LONG = "medium_long"
    QUALITY = "quality"
    EASY = "easy"
    RECOVERY = "recovery"
    RACE = "race"
    TIME_TRIAL = "time_trial"
    REST = "rest"
    CROSS = "cross"


Intensity = Literal["E", "M", "HM", "T", "I", "R"]


class ReadinessLevel(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class RunStatus(StrEnum):
    DONE = "done"
    PARTLY = "partly"
    SKIPPED = "skipped"


class Units(StrEnum):
    KM = "km"
    MI = "mi"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RaceResult(_Model):
    """A race or time trial: the best source of training paces."""

    distance_km: float = Field(gt=0, le=400)
    time_s: float = Field(gt=0)
    on: date | None = None


class TrainingPaces(_Model):
    """Daniels-style training paces, seconds per km (COACHING.md §2)."""

    vdot: float
    easy_min: float  # faster end of the easy range
    easy_max: float  # slower end of the easy range
    marathon: float
    threshold: float
    interval: float
    repetition: float
    estimated: bool = False  # True when derived from an easy pace, not a race
    # §7b: the day these paces were set (a race, a time trial or a recalibration); only
    # quality sessions after it are evidence about them. None: since the plan was made.
    since: date | None = None


class AthleteProfile(_Model):
    """Everything onboarding collects (COACHING.md §1); editable later."""

    goal: GoalKind
    race_date: date | None = None
    trail_distance_km: float | None = Field(default=None, gt=0)
    trail_elevation_m: float | None = Field(default=None, ge=0)
    run_days: tuple[int, ...] = (1, 3, 5, 6)
    long_run_day: int = 6
    weekly_km: float = Field(default=30.0, gt=0, le=300)
    longest_run_km: float = Field(default=10.0, gt=0, le=200)
    track_access: bool = True
    trail_access: bool = True
    doubles: bool = False
    recent_race: RaceResult | None = None
    easy_pace_s_per_km: float | None = Field(default=None, gt=120, lt=1200)
    units: Units = Units.KM
    timezone: str = "UTC"
    push_time: time = time(6, 30)
    reminder_time: time = time(20, 0)
    rest_day_notes: bool = True
    age: int | None = Field(default=None, ge=10, le=100)  # optional: masters (50+) get 2:1 blocks

    @model_validator(mode="after")
    def _check(self) -> AthleteProfile:
        days = self.run_days
        if not days or len(set(days)) != len(days) or any(d < 0 or d > 6 for d in days):
            raise ValueError("run_days must be distinct weekdays 0..6")
        if len(days) > 7:
            raise ValueError("at most 7 run days")
        if self.long_run_day not in days:
            raise ValueError("long_run_day must be one of run_days")
        if self.goal.has_race and self.race_date is None:
            raise ValueError("a race goal needs a race_date")
        return self

    @property
    def runs_per_week(self) -> int:
        return len(self.run_days)


class WorkoutSpec(_Model):
    """What a session is, before it is dressed with cues.

    The planner decides specs; ``coach.workouts.build_session`` turns a spec into a fully cued
    :class:`Session` deterministically. Adaptation edits the spec (fewer reps, a shorter long
    run, intervals to steady) and rebuilds, so every adjusted session is cued as well as a
    planned one.
    """

    kind: SessionKind
    surface: Surface
    duration_min: float = Field(ge=0)  # total planned running time incl. warm-up/cool-down
    reps: int | None = None
    rep_distance_m: float | None = None  # track/road reps by distance
    rep_duration_min: float | None = None  # hill/trail/tempo reps by time
    intensity: Intensity | None = None  # pace zone for road/track work
    target_rpe: int = Field(default=3, ge=0, le=10)
    finish_at_marathon_min: float = 0.0  # e.g. last 15 min of a long run at M pace
    finish_zone: Literal["M", "HM"] = "M"  # §3b: the finish at M, or at half-marathon pace
    tempo_finish_min: float = 0.0  # short controlled tempo segment in an easy road run
    night: bool = False  # competition-phase simulation: headlamp
    vest: bool = False  # competition-phase simulation: loaded vest
    note: str | None = None
    medium_long: bool = False  # §3b: the week's mid-week medium-long run (a key session)
    ladder: str | None = None  # §3b: the quality ladder and rung, e.g. "threshold 3/6"
    back_to_back: bool = False  # §3b: the second of an ultra runner's back-to-back long days
    padded: bool = False  # §3b: a quality session lengthened by a longer easy cool-down


class Step(_Model):
    """One part of a session: warm-up, drills, the main set, recoveries, cool-down."""

    kind: Literal["warmup", "drills", "main", "recovery", "cooldown", "strides", "strength", "note"]
    text: str  # a complete human cue, e.g. "6 x 400 m at 1:36 (R pace)"
    duration_min: float | None = None
    reps: int | None = None
    distance_m: float | None = None
    pace_s_per_km: float | None = None
    rep_time_s: float | None = None
    rpe: int | None = None


class Session(_Model):
    """A planned (or adjusted) session on one day.

    ``slot`` is "am"/"pm" for doubles, otherwise None. ``hard`` follows COACHING.md §4 (track,
    intervals, tempo/threshold, hills and the long run are hard; a double counts as one hard
    day).
    """

    date: date
    kind: SessionKind
    surface: Surface
    hard: bool
    duration_min: float = Field(ge=0)
    distance_km: float | None = None
    target_rpe: int = Field(ge=0, le=10)
    title: str
    steps: tuple[Step, ...] = ()
    cues: tuple[str, ...] = ()
    kit: str | None = None
    safety: str | None = None
    slot: Literal["am", "pm"] | None = None
    spec: WorkoutSpec

    @property
    def load(self) -> float:
        """Planned session-RPE load (Foster): RPE x minutes."""
        return self.target_rpe * self.duration_min

    @property
    def is_rest(self) -> bool:
        """A rest day's session (by kind or surface): nothing to do, so nothing to log.

        Everything else, cross-training included, is a session a log may fulfil: a bike
        ride the coach asked for is reported like a run, and the evening reminder asks for it.
        """
        return self.kind is SessionKind.REST or self.surface is Surface.REST

    @property
    def is_run(self) -> bool:
        """A running session: neither rest nor cross-training, by kind or by surface, and
        more than 0 minutes.

        This is what counts as running everywhere (COACHING.md §3-§4): the week's running
        minutes and run days, hard-day spacing, what the adaptation may cut, what the week
        view lists as planned. Kind and surface are both read so that a session that says
        "not a run" either way is never counted as one, and a session of no time asks nothing
        of the legs.
        """
        return (
            self.kind not in (SessionKind.REST, SessionKind.CROSS)
            and self.surface not in (Surface.REST, Surface.CROSS)
            and self.duration_min > 0
        )

    @property
    def role(self) -> SessionRole:
        """What the session is for in the season (§3b), from its kind and spec."""
        if self.spec.medium_long:
            return SessionRole.MEDIUM_LONG
        return _ROLE_OF_KIND[self.kind]

    @property
    def ladder(self) -> str | None:
        """The quality ladder and rung this session stands on (§3b), e.g. "threshold 3/6"."""
        return self.spec.ladder


class Week(_Model):
    """One Monday-to-Sunday training week."""

    start: date  # a Monday
    index: int  # 0-based from the plan's first week
    phase: Phase
    deload: bool = False
    target_trail_share: float = Field(ge=0, le=1)  # by running time
    sessions: tuple[Session, ...] = ()
    # §3b trail: metres of ascent the week aims at (0 without a climbing target).
    climb_target_m: int = Field(default=0, ge=0)

    @property
    def run_minutes(self) -> float:
        return sum(s.duration_min for s in self.sessions if s.is_run)

    @property
    def km(self) -> float:
        return sum(s.distance_km or 0.0 for s in self.sessions)

    @property
    def long_run_min(self) -> float:
        """The week's long run in minutes (0 without one); back-to-back days count together."""
        return sum(s.duration_min for s in self.sessions if s.kind is SessionKind.LONG)


class Comeback(_Model):
    """§7b: a return to running after time off (illness, a long pause) that the plan's next
    days keep to, through every rebuild until it is over.

    From ``start`` to ``easy_until`` (inclusive) there is no hard session (easy running
    only); the first long run after that is at most ``long_cap_min`` minutes."""

    cause: Literal["illness", "pause", "pain"]
    start: date
    easy_until: date
    long_cap_min: float | None = None
    # Until this day the weekly rebuilds start from what was done at no more than ``floor``
    # of the goal's week (§7b "building over 1-2 weeks"), not from the plain-miss floor.
    build_until: date | None = None
    floor: float = 1.0


class Plan(_Model):
    """A whole plan from its first Monday to race day (or a horizon for general fitness)."""

    goal: GoalKind
    start: date
    race_date: date | None
    paces: TrainingPaces
    weeks: tuple[Week, ...]
    # §3b: what the race needs of the long run (minutes, None without a race) and what the
    # plan could not give the athlete (a runway too short for the long run, ...). Set by the
    # planner when it builds a plan; stored with it (plans.notes, revision 0006).
    race_need_long_run_min: float | None = None
    warnings: tuple[str, ...] = ()
    comeback: Comeback | None = None  # §7b: a return after time off in progress

    @property
    def peak_long_run_min(self) -> float:
        """The longest long run the plan builds to (§3b), in minutes."""
        return max((w.long_run_min for w in self.weeks), default=0.0)

    def sessions_on(self, day: date) -> list[Session]:
        """The sessions planned on ``day`` (two for a double, one rest session otherwise)."""
        week = self.week_of(day)
        return [] if week is None else [s for s in week.sessions if s.date == day]

    def week_of(self, day: date) -> Week | None:
        weeks = self.weeks
        if not weeks:
            return None
        # Weeks are consecutive Mondays: index straight in, and scan only if they are not.
        i = (day - weeks[0].start).days // 7
        if 0 <= i < len(weeks) and 0 <= (day - weeks[i].start).days < 7:
            return weeks[i]
        for week in weeks:
            if 0 <= (day - week.start).days < 7:
                return week
        return None

    def phase_on(self, day: date) -> Phase | None:
        week = self.week_of(day)
        return None if week is None else week.phase


_ROLE_OF_KIND: dict[SessionKind, SessionRole] = {
    SessionKind.REST: SessionRole.REST,
    SessionKind.EASY: SessionRole.EASY,
    SessionKind.RECOVERY: SessionRole.RECOVERY,
    SessionKind.STEADY: SessionRole.QUALITY,
    SessionKind.LONG: SessionRole.LONG,
    SessionKind.TEMPO: SessionRole.QUALITY,
    SessionKind.INTERVALS: SessionRole.QUALITY,
    SessionKind.TRACK: SessionRole.QUALITY,
    SessionKind.HILLS: SessionRole.QUALITY,
    SessionKind.TECHNICAL: SessionRole.QUALITY,
    SessionKind.CROSS: SessionRole.CROSS,
    SessionKind.RACE: SessionRole.RACE,
    SessionKind.TIME_TRIAL: SessionRole.TIME_TRIAL,
}


class CheckIn(_Model):
    """The morning check-in (COACHING.md §6): three taps, optional wellness scales."""

    date: date
    sleep_hours: float | None = Field(default=None, ge=0, le=24)
    sleep_quality: int | None = Field(default=None, ge=1, le=5)
    soreness: int | None = Field(default=None, ge=1, le=5)
    soreness_where: str | None = None
    stress: int | None = Field(default=None, ge=1, le=7)
    mood: int | None = Field(default=None, ge=1, le=7)
    motivation: int | None = Field(default=None, ge=1, le=7)


class RunLog(_Model):
    """What the athlete reported after a session (COACHING.md §6)."""

    date: date
    status: RunStatus = RunStatus.DONE
    duration_min: float | None = Field(default=None, ge=0, le=30 * 60)  # ultras: up to 30 h
    distance_km: float | None = Field(default=None, ge=0, le=400)
    rpe: int | None = Field(default=None, ge=1, le=10)
    surface: Surface | None = None
    kind: SessionKind | None = None  # the planned kind it fulfils, when known
    # The target RPE of the planned session it fulfils, as planned when it was logged (so
    # the morning readiness need not read old weeks of the plan to compare against it).
    target_rpe: int | None = Field(default=None, ge=0, le=10)
    reps: str | None = None  # e.g. "6x400"
    pain_where: str | None = None
    pain_score: int | None = Field(default=None, ge=0, le=10)
    note: str | None = None

    @property
    def ran(self) -> bool:
        """Whether the athlete ran (done or partly): a skipped log says a session was not run,
        so it counts for no minutes, no load and no day run (COACHING.md §6)."""
        return self.status is not RunStatus.SKIPPED

    @property
    def load(self) -> float:
        """Session-RPE load: RPE x minutes; 0 for a skipped run or one without an RPE."""
        if not self.ran or self.rpe is None or self.duration_min is None:
            return 0.0
        return self.rpe * self.duration_min


class PainFlag(_Model):
    """A pain report; open until resolved (COACHING.md §7)."""

    reported_on: date
    where: str
    score: int = Field(ge=0, le=10)
    resolved_on: date | None = None


class Readiness(_Model):
    """Today's readiness with the reasons that made it so."""

    date: date
    level: ReadinessLevel
    reasons: tuple[str, ...] = ()


class AdjustmentKind(StrEnum):
    REDUCED = "reduced"  # fewer reps, shorter
    REPLACED = "replaced"  # different kind (intervals -> steady, hard -> easy)
    REST = "rest"
    MOVED = "moved"
    DROPPED = "dropped"
    HELD = "held"  # progression held
    PROGRESSED = "progressed"
    LIGHTENED = "lightened"  # a week or days lightened
    RESTORED = "restored"  # athlete took the original back
    SWAPPED = "swapped"
    SKIPPED = "skipped"
    RECALIBRATED = "recalibrated"  # §7b: the paces moved to fit the logged efforts
    RACE_REVIEW = "race_review"  # §7b: a race-readiness review offered its choices
    RACE_CHOICE = "race_choice"  # §7b: the athlete's choice after a race-readiness review


class Adjustment(_Model):
    """A change to the plan, with the one-line reason the athlete reads (COACHING.md §7)."""

    date: date
    kind: AdjustmentKind
    reason: str  # e.g. "5.5 h sleep and soreness 4/5, so 6 x 400 m became 4 x 400 m."
    before: Session | None = None
    after: Session | None = None
