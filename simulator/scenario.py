"""Simulation scenarios: how a simulated athlete sleeps, feels, runs, misses and gets hurt.

A scenario is a small TOML file (the keys are documented in :data:`SCENARIO_KEYS`, which the
README quotes). It says nothing about the coach: the same scenario can be played against any
athlete file, so "tired" and "steady" can be compared on one athlete.

Everything here is pure. The athlete's draws come from generators seeded by
``(seed, purpose, date)``, not from one stream: what happens on a given day does not depend on
how many draws earlier days needed. Two scenarios played with the same seed therefore share
their noise ("common random numbers"), so the difference between a tired and a steady run is
the scenario, not the luck of the draw.
"""

from __future__ import annotations

import math
import random
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from coach.models import (
    WEEKDAY_NAMES,
    CheckIn,
    RunLog,
    RunStatus,
    Session,
    SessionKind,
)

SCENARIO_KEYS = """\
name = "steady"            # shown in the report (default: the file's name)
description = "Sleeps well, runs what is asked."
seed = 7                   # default seed; `--seed` overrides it
onboard = "mon"            # the first week's day the athlete starts on ("fri": a Friday)

[sleep]                    # each night, drawn from a normal distribution
hours = 7.5                # mean hours
sd = 0.5                   # night-to-night spread
quality = 4.0              # mean sleep quality, 1-5
quality_sd = 0.6

[soreness]                 # each morning, 1-5
level = 2.0                # mean
sd = 0.7
after_hard = 0.7           # added the morning after a hard session or a long run
where = "calves"           # said when soreness is 2 or more

[rpe]                      # logged RPE minus the session's target RPE, by session type
easy = 0.0                 # easy, recovery, steady and cross-training
hard = 0.0                 # track, intervals, tempo, hills, races
long = 0.0                 # long runs
sd = 0.6                   # noise on every logged RPE
vdot_gap = 0.0             # true fitness minus the first plan's VDOT: -2.5 = paces start
                           # 2.5 points too fast (hard sessions feel 1 RPE harder a point)

[runs]
checkin = 0.95             # chance of answering the morning check-in
miss = 0.05                # chance of missing the day's session ...
skip_ahead = 0.5           # ... and of saying so with /skip after the check-in (the plan
                           # re-balances); otherwise it is logged "skipped" after the
                           # evening reminder
partly = 0.05              # chance of cutting a session short ...
partly_share = 0.6         # ... to this share of its time
duration_sd = 0.05         # relative noise on the minutes run

[[niggle]]                 # a pain; 4/10 or more means no intensity while it lasts
week = 5                   # simulation week, 1 = the first (or: date = 2027-01-05)
day = "tue"                # weekday it starts (default "mon")
days = 8                   # how many days it lasts
where = "left knee"
score = 5                  # pain out of 10, reported with /pain on the first morning

[[sick]]                   # an illness: /sick on the first morning, "better" after `days`
week = 7
day = "wed"
days = 10                  # days ill; the first day back is the day after
above_neck = false         # true: a cold above the neck (easy running allowed); false: no
                           # running (fever, chest, aches, stomach)

[[bad_sleep]]              # a streak of short nights
week = 3
day = "mon"
days = 4
hours = 5.0
quality = 2

[[pause]]                  # a holiday: /pause on the first day, /resume after `days`
week = 9
day = "sat"
days = 8

[race_review]              # the answer to an amber or red race-readiness review (§7b)
choice = "keep"            # keep the goal, "shorter" (the shorter race) or "move" (the first
                           # later date offered); the plan is rebuilt for the last two
"""
"""The scenario format, as an annotated example (every key is optional)."""

SessionType = Literal["easy", "hard", "long"]
_WEEKDAYS = {name: index for index, name in enumerate(WEEKDAY_NAMES)}


class ScenarioError(ValueError):
    """A scenario file that cannot be read, with the reason in words."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Sleep(_Model):
    hours: float = Field(default=7.4, ge=0, le=14)
    sd: float = Field(default=0.6, ge=0, le=5)
    quality: float = Field(default=3.8, ge=1, le=5)
    quality_sd: float = Field(default=0.6, ge=0, le=3)


class Soreness(_Model):
    level: float = Field(default=2.0, ge=1, le=5)
    sd: float = Field(default=0.7, ge=0, le=3)
    after_hard: float = Field(default=0.7, ge=0, le=4)
    where: str = Field(default="calves", min_length=1, max_length=60)


class Rpe(_Model):
    easy: float = Field(default=0.0, ge=-5, le=5)
    hard: float = Field(default=0.0, ge=-5, le=5)
    long: float = Field(default=0.0, ge=-5, le=5)
    sd: float = Field(default=0.6, ge=0, le=3)
    # The athlete's true fitness against the first plan's VDOT: -2.5 means the paces start
    # 2.5 points too fast for them. Hard sessions then feel RPE_PER_VDOT harder per point of
    # gap left, so a coach that moves the paces (§7b) closes it and the RPE comes back.
    vdot_gap: float = Field(default=0.0, ge=-10, le=10)


#: How much harder a quality session feels per VDOT point its paces are too fast (one point
#: is about 2-3 % of pace: at threshold, the difference between "comfortably hard" and not).
RPE_PER_VDOT = 1.0


class Runs(_Model):
    checkin: float = Field(default=0.95, ge=0, le=1)
    miss: float = Field(default=0.05, ge=0, le=1)
    skip_ahead: float = Field(default=0.5, ge=0, le=1)
    partly: float = Field(default=0.05, ge=0, le=1)
    partly_share: float = Field(default=0.6, gt=0, le=1)
    duration_sd: float = Field(default=0.05, ge=0, le=0.5)


class Span(_Model):
    """Days of the simulation, by simulation week and weekday, or by date."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    week: int | None = Field(default=None, ge=1)
    day: str = "mon"
    on: date | None = Field(default=None, alias="date")
    days: int = Field(default=1, ge=1, le=366)

    @model_validator(mode="after")
    def _check(self) -> Span:
        if (self.week is None) == (self.on is None):
            raise ValueError("give either `week` (and `day`) or `date`")
        if self.day.lower()[:3] not in _WEEKDAYS:
            raise ValueError(f"day must be one of {', '.join(WEEKDAY_NAMES)}, not {self.day!r}")
        return self

    def first_day(self, start: date) -> date:
        """The span's first date in a simulation that starts on the Monday ``start``."""
        if self.on is not None:
            return self.on
        assert self.week is not None
        return start + timedelta(weeks=self.week - 1, days=_WEEKDAYS[self.day.lower()[:3]])

    def covers(self, start: date, day: date) -> bool:
        first = self.first_day(start)
        return first <= day < first + timedelta(days=self.days)


class Niggle(Span):
    where: str = Field(default="left knee", min_length=1, max_length=60)
    score: int = Field(default=5, ge=1, le=10)


class Sick(Span):
    above_neck: bool = False


class BadSleep(Span):
    hours: float = Field(default=5.0, ge=0, le=14)
    quality: int = Field(default=2, ge=1, le=5)


class Pause(Span):
    pass


class RaceReviewAnswer(_Model):
    """What the athlete chooses when a race-readiness review offers choices (§7b)."""

    choice: Literal["keep", "shorter", "move"] = "keep"


class Scenario(_Model):
    """How the simulated athlete behaves (see :data:`SCENARIO_KEYS`)."""

    name: str = "scenario"
    description: str = ""
    seed: int = 1
    # The weekday of the first week the athlete onboards on ("fri": a Friday start, whose
    # first plan week is partial: §7b "never from a partial first week").
    onboard: str = "mon"

    @model_validator(mode="after")
    def _check_onboard(self) -> Scenario:
        if self.onboard.strip().lower()[:3] not in _WEEKDAYS:
            raise ValueError(f"onboard must be one of {', '.join(WEEKDAY_NAMES)}")
        return self

    sleep: Sleep = Sleep()
    soreness: Soreness = Soreness()
    rpe: Rpe = Rpe()
    runs: Runs = Runs()
    niggle: tuple[Niggle, ...] = ()
    sick: tuple[Sick, ...] = ()
    bad_sleep: tuple[BadSleep, ...] = ()
    pause: tuple[Pause, ...] = ()
    race_review: RaceReviewAnswer = RaceReviewAnswer()


def onboard_offset(scenario: Scenario) -> int:
    """Days from the simulation's Monday to the athlete's first day."""
    return _WEEKDAYS[scenario.onboard.strip().lower()[:3]]


def load_scenario(path: Path) -> Scenario:
    """Read a scenario file; its name defaults to the file's stem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ScenarioError(f"{path}: {exc}") from exc
    data.setdefault("name", path.stem)
    return scenario_from_mapping(data, source=str(path))


def scenario_from_mapping(data: Mapping[str, Any], *, source: str = "scenario") -> Scenario:
    """A scenario from parsed TOML; errors name the key and what was wrong with it."""
    try:
        return Scenario.model_validate(dict(data))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'scenario'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ScenarioError(f"{source}: {problems}") from None


# --------------------------------------------------------------------------------------------
# The athlete's behaviour


@dataclass(frozen=True, slots=True)
class DayEvents:
    """What the scenario has in store for one day, before any draw."""

    niggle: Niggle | None
    niggle_starts: bool
    niggle_ended: bool  # the day after a niggle: the athlete says it is gone
    bad_sleep: BadSleep | None
    paused: bool
    sick: Sick | None  # ill today (the athlete says /sick on its first day)
    sick_starts: bool
    better: bool  # the day after an illness: the athlete says "better"
    pause_starts: bool
    resumes: bool


def session_type(session: Session) -> SessionType:
    """Which RPE offset applies: the long run, a hard session, or everything easy."""
    if session.kind is SessionKind.LONG:
        return "long"
    if session.hard or session.kind is SessionKind.RACE:
        return "hard"
    return "easy"


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


class Behaviour:
    """The simulated athlete: answers check-ins and logs runs as the scenario says.

    Pure and deterministic for a given (scenario, start, seed).
    """

    def __init__(self, scenario: Scenario, start: date, seed: int | None = None) -> None:
        self.scenario = scenario
        self.start = start
        self.seed = scenario.seed if seed is None else seed
        self.true_vdot: float | None = None  # set from the first plan (see ``vdot_gap``)

    def meet(self, first_vdot: float) -> None:
        """Fix the athlete's true fitness from the first plan's VDOT and the scenario's gap."""
        self.true_vdot = first_vdot + self.scenario.rpe.vdot_gap

    def _rng(self, purpose: str, day: date, extra: str = "") -> random.Random:
        return random.Random(f"{self.seed}:{purpose}:{day.isoformat()}:{extra}")

    # --- events --------------------------------------------------------------------------

    def events(self, day: date) -> DayEvents:
        s, start = self.scenario, self.start
        niggle = next((n for n in s.niggle if n.covers(start, day)), None)
        yesterday = day - timedelta(days=1)
        ended = any(n.covers(start, yesterday) for n in s.niggle) and niggle is None
        pause = next((p for p in s.pause if p.covers(start, day)), None)
        sick = next((i for i in s.sick if i.covers(start, day)), None)
        return DayEvents(
            niggle=niggle,
            niggle_starts=niggle is not None and niggle.first_day(start) == day,
            niggle_ended=ended,
            bad_sleep=next((b for b in s.bad_sleep if b.covers(start, day)), None),
            paused=pause is not None,
            sick=sick,
            sick_starts=sick is not None and sick.first_day(start) == day,
            better=sick is None and any(i.covers(start, yesterday) for i in s.sick),
            pause_starts=pause is not None and pause.first_day(start) == day,
            resumes=pause is None and any(p.covers(start, yesterday) for p in s.pause),
        )

    # --- the morning ---------------------------------------------------------------------

    def checkin(self, day: date, *, after_hard: bool) -> CheckIn | None:
        """This morning's check-in answers, or None when the athlete does not check in.

        A niggle is felt as soreness 4/5 in its place (so the coach also sees the same place
        sore day after day), and it always gets a check-in: hurting athletes do talk.
        """
        s = self.scenario
        rng = self._rng("checkin", day)
        answers = rng.random() < s.runs.checkin
        events = self.events(day)
        if not answers and events.niggle is None:
            return None
        hours = rng.gauss(s.sleep.hours, s.sleep.sd)
        quality = rng.gauss(s.sleep.quality, s.sleep.quality_sd)
        if events.bad_sleep is not None:
            hours = events.bad_sleep.hours + rng.gauss(0, 0.25)
            quality = float(events.bad_sleep.quality)
        sore = rng.gauss(s.soreness.level, s.soreness.sd)
        if after_hard:
            sore += s.soreness.after_hard
        where: str | None = s.soreness.where
        if events.niggle is not None:
            sore = max(sore, 4.0)
            where = events.niggle.where
        soreness = round(_clamp(sore, 1, 5))
        return CheckIn(
            date=day,
            sleep_hours=round(_clamp(hours, 2.0, 12.0) * 2) / 2,  # half hours, as people say
            sleep_quality=round(_clamp(quality, 1, 5)),
            soreness=soreness,
            soreness_where=where if soreness >= 2 else None,
        )

    # --- the run -------------------------------------------------------------------------

    def misses(self, session: Session, index: int = 0) -> bool:
        """Whether the athlete skips this session (a race is never skipped)."""
        if session.kind is SessionKind.RACE:
            return False
        rng = self._rng("miss", session.date, str(index))
        return rng.random() < self.scenario.runs.miss

    def skips_ahead(self, day: date) -> bool:
        """Whether a missed day is announced with /skip in the morning (else: no log until
        the evening reminder, then "skipped")."""
        return self._rng("skip", day).random() < self.scenario.runs.skip_ahead

    def run(self, session: Session, index: int = 0, paces_vdot: float | None = None) -> RunLog:
        """The log of a session the athlete ran (done, or partly when cut short).

        Minutes get the scenario's relative noise, RPE the session type's offset and noise,
        distance scales with the minutes run. During a niggle the log says where it hurts.
        """
        s = self.scenario
        rng = self._rng("run", session.date, str(index))
        partly = rng.random() < s.runs.partly and session.kind is not SessionKind.RACE
        share = s.runs.partly_share if partly else 1.0
        noise = _clamp(rng.gauss(1.0, s.runs.duration_sd), 0.5, 1.5)
        minutes = max(5.0, float(round(session.duration_min * share * noise)))
        kind = session_type(session)
        offset = getattr(s.rpe, kind)
        if kind == "hard" and self.true_vdot is not None and paces_vdot is not None:
            offset += RPE_PER_VDOT * (paces_vdot - self.true_vdot)
        rpe = round(_clamp(session.target_rpe + offset + rng.gauss(0, s.rpe.sd), 1, 10))
        distance = None
        if session.distance_km:
            distance = round(session.distance_km * minutes / session.duration_min, 1)
        niggle = self.events(session.date).niggle
        reps = None
        spec = session.spec
        if spec.reps and spec.rep_distance_m:
            reps = f"{spec.reps}x{math.floor(spec.rep_distance_m)}"
        return RunLog(
            date=session.date,
            status=RunStatus.PARTLY if partly else RunStatus.DONE,
            duration_min=minutes,
            distance_km=distance,
            rpe=rpe,
            surface=session.surface,
            kind=session.kind,
            reps=reps,
            pain_where=niggle.where if niggle else None,
            pain_score=niggle.score if niggle else None,
        )

    def skipped(self, session: Session) -> RunLog:
        """The log of a missed session (what the evening reminder's "skipped" button says)."""
        return RunLog(date=session.date, status=RunStatus.SKIPPED, kind=session.kind)
