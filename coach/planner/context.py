"""What the planner carries while it lays out a season: per-plan constants, the state one
week hands the next, and the run being laid out (a draft of one session).

Kept apart from the rules they serve so each concern module (volume, long run, progressions,
week layout) reads the same few names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from coach.models import (
    AthleteProfile,
    Intensity,
    Phase,
    Session,
    SessionKind,
    Surface,
    TrainingPaces,
    WorkoutSpec,
)
from coach.rules import RULES
from coach.workouts import DEFAULT_RPE, Slot

LOADING = (Phase.BASE, Phase.BUILD, Phase.COMPETITION)
EASY_KINDS = (SessionKind.EASY, SessionKind.RECOVERY)


@dataclass(frozen=True, slots=True)
class PlanContext:
    """Per-plan constants, decided once from the athlete and the runway."""

    profile: AthleteProfile
    paces: TrainingPaces
    easy_pace: float  # s/km, the middle of the E range
    max_hard: int  # hard days a week (§4)
    beginner: bool  # §3b: under ~20 km a week
    gentle_blocks: bool  # §3b: 2:1 blocks for beginners and masters
    current_minutes: float  # what the athlete runs a week now
    peak_minutes: float  # §3b: the volume the season builds to
    volume_peak_index: int  # the week the volume reaches its peak (late build)
    long_start: float  # the athlete's current longest run, minutes
    long_need: float  # §3b: the long run the race needs (minutes; day one of a pair)
    long_top: float  # the long run the ladder climbs to
    long_peak_index: int  # the week the long run peaks (3-4 weeks out for a marathon)
    long_share_max: float  # §3b: 30 %, bent up to 45 % when the race needs it
    back_to_back: bool  # §3b: ultras over ~6 h pair the long run with a second long day
    taper_index: int  # first taper week (len(phases) without a race)
    race_day: date | None
    race_minutes: float  # predicted race time (0 without a race)
    # Sessions repeat from week to week but for their date: each distinct one is dressed
    # once per plan and copied to the other dates (the main cost of a plan is cue text).
    dressed: dict[tuple[WorkoutSpec, Slot | None, tuple[object, ...]], Session] = field(
        default_factory=dict
    )
    specs: dict[tuple[WorkoutSpec, tuple[tuple[str, Any], ...]], WorkoutSpec] = field(
        default_factory=dict
    )


@dataclass(slots=True)
class SeasonState:
    """What one week hands the next: volume reference, long run, ladders and spacing."""

    ref_minutes: float  # last loading, non-deload week's minutes: the base for growth
    grow: bool  # whether the next loading week may rise over ref_minutes
    long_last: float  # the last loading week's long run (day one), minutes
    long_best: float = 0.0  # the longest loading-week long run so far: the step-down's base
    steps: dict[str, int] = field(default_factory=dict)  # ladder name -> rung index
    # ladder name -> the plan week it was first run: its climb is spread from there to the
    # taper, so the top is reached late in the season, not in week 5 and then held.
    first_use: dict[str, int] = field(default_factory=dict)
    # ladder name -> (the last loading week's session, how many loading weeks running)
    repeats: dict[str, tuple[tuple[object, ...], int]] = field(default_factory=dict)
    since_deload: int = 0  # loading weeks since the last lighter week
    last_hard: date | None = None
    had_track: bool = False
    road_runs: int = 0  # easy road runs since the last tempo segment (§5 after a track block)
    trail_phase: Phase | None = None  # the phase the trail debt belongs to
    trail_debt: float = 0.0  # trail minutes the phase still owes
    trial_done: bool = False  # §3b: the time trial of an estimated plan is planned
    loading_weeks: int = 0  # loading weeks planned so far (for the beginners' base)
    # §7b after a tempered rebuild whose long run was run as asked: the goal's week, which
    # the long run's share is measured against (a missed easy run cut the week to 0.8 and,
    # through the 30 % share, the long run with it; the race still needs the long run).
    long_room: float = 0.0
    # §3b back-to-back weekends: the last loading week's day two, minutes (0 before the first
    # pair): day two grows by a long-run step a week, not from nothing to 2 h at once.
    day_two_last: float = 0.0


class SlotDraft:
    """One run being planned: its day, its spec, and whether its surface may change.

    The spec is edited several times while the week is laid out (surface, minutes, a tempo
    finish); edits collect in ``changes`` and the final spec is made once, by :meth:`spec`.
    """

    __slots__ = ("base", "changes", "day", "flexible", "kind", "minutes", "slot", "surface")

    def __init__(
        self, day: date, base: WorkoutSpec, *, flexible: bool = False, slot: Slot | None = None
    ) -> None:
        self.day = day
        self.flexible = flexible  # an easy run (or hill repeats) that may go road or trail
        self.slot = slot
        self.reset(base)

    def reset(self, base: WorkoutSpec) -> None:
        self.base = base
        self.changes: dict[str, Any] = {}
        self.kind = base.kind
        self.surface = base.surface
        self.minutes = base.duration_min

    def get(self, name: str) -> Any:
        return self.changes[name] if name in self.changes else getattr(self.base, name)

    def set(self, **values: Any) -> None:
        self.changes.update(values)
        self.kind = values.get("kind", self.kind)
        self.surface = values.get("surface", self.surface)
        self.minutes = values.get("duration_min", self.minutes)

    def spec(self) -> WorkoutSpec:
        return self.base.model_copy(update=self.changes) if self.changes else self.base


@lru_cache(maxsize=4096)
def make_spec(
    kind: SessionKind,
    surface: Surface,
    minutes: float = 0.0,
    *,
    reps: int | None = None,
    rep_distance_m: float | None = None,
    rep_duration_min: float | None = None,
    intensity: Intensity | None = None,
    note: str | None = None,
    ladder: str | None = None,
    target_rpe: int | None = None,
) -> WorkoutSpec:
    """A spec at the kind's default RPE (§2); specs are frozen, so each is made once per
    process and shared (bounded cache: the arguments are a handful of enums and numbers)."""
    return WorkoutSpec(
        kind=kind,
        surface=surface,
        duration_min=minutes,
        reps=reps,
        rep_distance_m=rep_distance_m,
        rep_duration_min=rep_duration_min,
        intensity=intensity,
        target_rpe=DEFAULT_RPE[kind] if target_rpe is None else target_rpe,
        note=note,
        ladder=ladder,
    )


def with_minutes(spec: WorkoutSpec, minutes: float) -> WorkoutSpec:
    """``spec`` planned at ``minutes`` (through the spec cache: the same sets repeat)."""
    return make_spec(
        spec.kind,
        spec.surface,
        minutes,
        reps=spec.reps,
        rep_distance_m=spec.rep_distance_m,
        rep_duration_min=spec.rep_duration_min,
        intensity=spec.intensity,
        note=spec.note,
        ladder=spec.ladder,
        target_rpe=spec.target_rpe,
    )


def round5(minutes: float) -> float:
    """Durations the athlete reads are in 5-minute steps (§5)."""
    step = RULES.round_to_minutes
    return float(step * math.floor(minutes / step + 0.5))


def floor5(minutes: float) -> float:
    step = RULES.round_to_minutes
    return float(step * math.floor(minutes / step + 1e-9))


def minutes_at(km: float, pace_s_per_km: float) -> float:
    """Kilometres at a pace as minutes (volume is planned in time, §2)."""
    return km * pace_s_per_km / 60.0
