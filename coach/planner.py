"""The planner: from an athlete to a week-by-week plan that keeps COACHING.md §3 and §4.

How a plan is made, week by week, from the first Monday to race day:

1. **Phases** (§3) are counted back from race day: taper (1 week for 10K and shorter, 2 for
   longer races), competition (4-6), build (6-10), base (the rest). A short runway shortens
   the base first, then the build, then the competition; the taper is never skipped.
   General fitness repeats 4-week blocks, base and build alternating. Recovery weeks follow
   a race.
2. **Volume** (§3) starts at what the athlete runs now (minutes, from km at easy pace), rises
   at most 10 % over the last loading week, drops 25 % every 4th week (3:1 blocks) and 25 %
   a week in the taper, and is capped at a goal-sized peak.
3. **Hard days** (§4): the long run on the athlete's day, then the phase's quality sessions
   on the earliest days that keep 48 hours from every other hard day, across week
   boundaries too (the track session first, so it falls early in the week with an easy day
   after it). At most 3 hard days (2 on three run days or fewer, or for beginners), at least
   one easy run and one rest day; nothing hard in the last 3 days before a race. Doubles
   (5+ run days) replace the tempo every other build and competition week.
   The long run is ~30 % of the week, never under its 45-60 min floor when the week allows,
   and always the week's longest run.
4. **Surfaces** (§2, §3): trail shares are by running time. Sessions whose surface is fixed
   (track, road tempo, a trail racer's long run) count first; hill repeats go off-road when
   they fit; then as many easy runs as the missing trail time holds, their minutes evened
   out. Whole runs rarely land exactly on a share, so half of each week's miss carries into
   the next week of the phase (error diffusion) and the phase lands on its band.
5. **Cues** come from :mod:`coach.workouts`, with a :class:`~coach.workouts.WeekContext`.

Everything is deterministic and pure: the same athlete and start date give the same plan.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from coach.models import (
    AthleteProfile,
    GoalKind,
    Intensity,
    Phase,
    Plan,
    Session,
    SessionKind,
    Surface,
    TrainingPaces,
    Week,
    WorkoutSpec,
)
from coach.paces import estimate_from_easy_pace, training_paces, vdot_from_race
from coach.rules import RULES
from coach.workouts import (
    DEFAULT_RPE,
    HARD_KINDS,
    Slot,
    WeekContext,
    build_session,
    context_key,
    session_minutes,
    zone_pace,
)

_DAY = timedelta(days=1)
_LOADING = (Phase.BASE, Phase.BUILD, Phase.COMPETITION)
_LONG_GOALS = (GoalKind.ROAD_HALF, GoalKind.ROAD_MARATHON, GoalKind.TRAIL)
_EASY_KINDS = (SessionKind.EASY, SessionKind.RECOVERY)


# --- paces and phases -------------------------------------------------------------------------


def default_paces(profile: AthleteProfile) -> TrainingPaces:
    """The athlete's training paces (§2): from a race, else estimated, flagged as estimated.

    A recent race gives the VDOT directly. Without one, the easy pace they gave is the
    estimate; without that, a deliberately conservative easy pace from their weekly volume
    (``RULES.default_easy_pace_*``), so nobody is sent out too fast.
    """
    if profile.recent_race is not None:
        race = profile.recent_race
        return training_paces(vdot_from_race(race.distance_km, race.time_s))
    if profile.easy_pace_s_per_km is not None:
        paces = estimate_from_easy_pace(profile.easy_pace_s_per_km)
    else:
        fastest, slowest = RULES.default_easy_pace_bounds
        guess = (
            RULES.default_easy_pace_intercept - RULES.default_easy_pace_slope * profile.weekly_km
        )
        paces = estimate_from_easy_pace(min(slowest, max(fastest, guess)))
    return paces if paces.estimated else paces.model_copy(update={"estimated": True})


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def phase_lengths(goal: GoalKind, weeks: int) -> tuple[int, int, int, int]:
    """Weeks of (base, build, competition, taper) for ``weeks`` up to and incl. race week (§3).

    Long runway: build and competition at their longest, the base takes the rest. Short
    runway: the base goes first, then the build shrinks to its minimum, then the competition
    to its minimum, then the build, then the competition. The taper is never skipped.
    """
    taper = min(weeks, RULES.taper_weeks(goal))
    left = weeks - taper
    (b_min, b_max), (c_min, c_max) = RULES.build_weeks, RULES.competition_weeks
    if left >= b_max + c_max:
        return left - b_max - c_max, b_max, c_max, taper
    build, comp, excess = b_max, c_max, b_max + c_max - left
    cut = min(excess, build - b_min)  # the build down to its minimum first...
    build, excess = build - cut, excess - cut
    cut = min(excess, comp - c_min)  # ...then the competition to its minimum...
    comp, excess = comp - cut, excess - cut
    cut = min(excess, build)  # ...then the rest of the build, then the competition
    build, comp = build - cut, comp - (excess - cut)
    return 0, build, comp, taper


def _race_phases(goal: GoalKind, weeks: int) -> list[Phase]:
    base, build, comp, taper = phase_lengths(goal, weeks)
    return (
        [Phase.BASE] * base
        + [Phase.BUILD] * build
        + [Phase.COMPETITION] * comp
        + [Phase.TAPER] * taper
        + [Phase.RECOVERY] * RULES.recovery_weeks(goal)
    )


def _fitness_phase(index: int) -> Phase:
    block = index // RULES.fitness_block_weeks
    return Phase.BASE if block % 2 == 0 else Phase.BUILD


def _phases(profile: AthleteProfile, first_monday: date, fitness_weeks: int) -> list[Phase]:
    if profile.race_date is None or not profile.goal.has_race:
        return [_fitness_phase(i) for i in range(fitness_weeks)]
    weeks = (_monday(profile.race_date) - first_monday).days // 7 + 1
    return _race_phases(profile.goal, weeks)


def phase_for(
    source: Plan | AthleteProfile, day: date, *, start: date | None = None
) -> Phase | None:
    """The phase ``day`` falls in.

    Args:
        source: A plan (its week's phase) or a profile (phases counted back from its race
            day; with ``start``, as a plan starting then would have them).
        day: The day asked about.
        start: For a profile: the plan's start. Without it a race plan is assumed to have a
            long runway (base until the build), and general fitness starts its blocks on
            ``day``'s week.

    Returns:
        The phase, or None when a plan does not cover ``day`` or the day is past a race's
        recovery weeks.
    """
    if isinstance(source, Plan):
        week = source.week_of(day)
        return None if week is None else week.phase
    profile = source
    if profile.race_date is None or not profile.goal.has_race:
        first = _monday(start or day)
        index = (_monday(day) - first).days // 7
        return _fitness_phase(index) if index >= 0 else None
    race_monday = _monday(profile.race_date)
    first = _monday(start) if start is not None else race_monday - timedelta(weeks=520)
    phases = _race_phases(profile.goal, (race_monday - first).days // 7 + 1)
    index = (_monday(day) - first).days // 7
    return phases[index] if 0 <= index < len(phases) else None


# --- state carried from week to week --------------------------------------------------------


@dataclass(slots=True)
class _State:
    """What one week hands the next: the progression reference and the ladders' rungs."""

    ref_minutes: float  # last loading, non-deload week's minutes: the base for +10 %
    long_ref: float  # longest recent long run, minutes
    grow: bool  # whether the next loading week may rise over ref_minutes
    track_step: int = 0
    road_step: int = 0
    tempo_step: int = 0
    hill_step: int = 0
    since_deload: int = 0  # loading weeks since the last lighter week
    last_hard: date | None = None
    had_track: bool = False
    road_runs: int = 0  # easy road runs since the last tempo segment (§5 after a track block)
    trail_phase: Phase | None = None  # the phase the trail debt belongs to
    trail_debt: float = 0.0  # trail minutes the phase still owes (see _assign_surfaces)


class _Slot:
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


@dataclass(frozen=True, slots=True)
class _Ctx:
    """Per-plan constants for the week builder."""

    profile: AthleteProfile
    paces: TrainingPaces
    easy_pace: float
    max_hard: int
    peak: float
    long_cap: float
    long_floor: float
    race_day: date | None
    # Sessions repeat from week to week but for their date: each distinct one is dressed
    # once per plan and copied to the other dates (the main cost of a plan is cue text).
    dressed: dict[tuple[WorkoutSpec, Slot | None, tuple[object, ...]], Session]
    specs: dict[tuple[WorkoutSpec, tuple[tuple[str, Any], ...]], WorkoutSpec]


@lru_cache(maxsize=512)
@lru_cache(maxsize=4096)
def _spec(
    kind: SessionKind,
    surface: Surface,
    minutes: float = 0.0,
    *,
    reps: int | None = None,
    rep_distance_m: float | None = None,
    rep_duration_min: float | None = None,
    intensity: Intensity | None = None,
    note: str | None = None,
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
        target_rpe=DEFAULT_RPE[kind],
        note=note,
    )


# --- public entry points ----------------------------------------------------------------------


def build_plan(
    profile: AthleteProfile,
    start: date,
    *,
    paces: TrainingPaces | None = None,
    weeks: int = RULES.fitness_horizon_weeks,
) -> Plan:
    """Plan from ``start`` to race day (and the recovery weeks after it), or ``weeks`` ahead.

    Args:
        profile: The athlete.
        start: The first day that may hold a session; the plan's first week is the Monday-based
            week containing it, and days before it stay empty.
        paces: Training paces; by default from the profile (:func:`default_paces`).
        weeks: Horizon of a general-fitness plan (ignored when there is a race).

    Returns:
        The plan; its last race-prep session is the race on ``profile.race_date``.

    Raises:
        ValueError: If the race is before ``start`` or ``weeks`` is not positive.
    """
    if profile.race_date is not None and profile.goal.has_race and profile.race_date < start:
        raise ValueError(
            f"race_date {profile.race_date.isoformat()} is before the plan start "
            f"{start.isoformat()}: move the race date or the start"
        )
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    paces = paces or default_paces(profile)
    ctx = _context(profile, paces)
    first_monday = _monday(start)
    phases = _phases(profile, first_monday, weeks)
    state = _State(
        ref_minutes=min(ctx.peak, _current_minutes(profile, ctx.easy_pace)),
        long_ref=profile.longest_run_km * ctx.easy_pace / 60.0,
        grow=False,
    )
    new_weeks = _generate(ctx, first_monday, start, 0, phases, state)
    return Plan(
        goal=profile.goal,
        start=first_monday,
        race_date=profile.race_date if profile.goal.has_race else None,
        paces=paces,
        weeks=tuple(new_weeks),
    )


def rebuild_from(
    plan: Plan, profile: AthleteProfile, from_day: date, done_minutes_last_week: float
) -> Plan:
    """Rebuild the plan from ``from_day`` on, from what the athlete actually ran (closed loop).

    Past weeks (and the days of ``from_day``'s week before it) stay as they were. The new
    weeks continue the phases, the 3:1 rhythm and the progressions of the old ones, but the
    volume starts from ``done_minutes_last_week``: the next loading week rises at most 10 %
    over what was done, not over what was planned. When the last week was a lighter one
    (deload, taper), the reference is the last loading week scaled by how much of the
    lighter week was done.

    Args:
        plan: The current plan.
        profile: The athlete, possibly edited since the plan was made.
        from_day: The first day to plan again (the scheduler passes the next Monday).
        done_minutes_last_week: Running minutes logged in the last completed week.

    Returns:
        The rebuilt plan.
    """
    ctx = _context(profile, plan.paces)
    first_monday = plan.start
    from_monday = _monday(from_day)
    index = (from_monday - first_monday).days // 7
    if index < 0:
        return build_plan(profile, from_day, paces=plan.paces)
    kept = [w for w in plan.weeks if w.start < from_monday]
    horizon = len(plan.weeks)
    if not profile.goal.has_race:
        horizon = max(horizon, index + RULES.fitness_block_weeks)
    phases = _phases(profile, first_monday, horizon)
    if index >= len(phases):
        return plan
    state = _state_from(kept, profile, ctx, done_minutes_last_week)
    new_weeks = _generate(ctx, first_monday, from_monday, index, phases, state)
    old = plan.week_of(from_monday)
    if from_day > from_monday and old is not None and new_weeks:
        # Mid-week: the days already lived stay; the rest of the week comes from the rebuilt
        # week, so its structure (which day is hard) matches what came before.
        head = [s for s in old.sessions if s.date < from_day]
        tail = [_respaced(ctx, s, head) for s in new_weeks[0].sessions if s.date >= from_day]
        new_weeks[0] = new_weeks[0].model_copy(update={"sessions": (*head, *tail)})
    return plan.model_copy(update={"weeks": (*kept, *new_weeks)})


def _respaced(ctx: _Ctx, session: Session, head: Sequence[Session]) -> Session:
    """A rebuilt hard session within 48 h of a kept one becomes an easy run (§4)."""
    if not session.hard or session.kind is SessionKind.RACE:
        return session
    if all(not h.hard or abs((h.date - session.date).days) >= 2 for h in head):
        return session
    surface = Surface.TRAIL if session.surface is Surface.TRAIL else Surface.ROAD
    easy = _spec(SessionKind.EASY, surface, session.duration_min)
    return build_session(easy, session.date, ctx.paces, ctx.profile, slot=session.slot)


def week_trail_share(week: Week) -> float:
    """Share of the week's running time on trail (§2: by time), the race left out."""
    run = trail = 0.0
    for s in week.sessions:
        if s.surface in (Surface.REST, Surface.CROSS) or s.kind is SessionKind.RACE:
            continue
        run += s.duration_min
        if s.surface is Surface.TRAIL:
            trail += s.duration_min
    return trail / run if run else 0.0


# --- internals ----------------------------------------------------------------------------


def _context(profile: AthleteProfile, paces: TrainingPaces) -> _Ctx:
    easy = zone_pace(paces, "E")
    current = _current_minutes(profile, easy)
    goal_peak = RULES.peak_minutes(profile.goal)
    peak = max(current, min(goal_peak, current * RULES.peak_growth_max))
    return _Ctx(
        profile=profile,
        paces=paces,
        easy_pace=easy,
        max_hard=RULES.max_hard(profile.runs_per_week, profile.weekly_km),
        peak=peak,
        long_cap=RULES.long_run_cap(profile.goal),
        long_floor=RULES.long_run_floor(profile.goal),
        race_day=profile.race_date if profile.goal.has_race else None,
        dressed={},
        specs={},
    )


def _current_minutes(profile: AthleteProfile, easy_pace: float) -> float:
    return profile.weekly_km * easy_pace / 60.0


def _state_from(kept: Sequence[Week], profile: AthleteProfile, ctx: _Ctx, done: float) -> _State:
    """Rebuild the week-to-week state from the weeks that stay."""
    state = _State(
        ref_minutes=_current_minutes(profile, ctx.easy_pace),
        long_ref=profile.longest_run_km * ctx.easy_pace / 60.0,
        grow=True,
    )
    for week in kept:
        loading = week.phase in _LOADING and not week.deload
        if week.phase in _LOADING:
            state.since_deload = 0 if week.deload else state.since_deload + 1
        if loading:
            state.ref_minutes = _planned_minutes(week)
        for s in week.sessions:
            if s.hard:
                state.last_hard = s.date
            if s.kind is SessionKind.TRACK:
                state.had_track = True
            if loading and s.kind is SessionKind.LONG:
                state.long_ref = max(state.long_ref, s.duration_min)
        if loading:
            _advance(
                state,
                [(s.kind, s.slot, s.spec.reps, s.spec.rep_distance_m) for s in week.sessions],
            )
    if kept:
        last = kept[-1]
        planned = _planned_minutes(last)
        ratio = done / planned if planned > 0 else 1.0
        # Never above what was planned (no chasing an over-achieving week), never below
        # the rebuild floor of it (a missed week repeats at reduced volume, §7).
        ratio = min(1.0, max(RULES.rebuild_floor, ratio))
        # A first week that started mid-week is no reference for a whole week: it only
        # scales the athlete's baseline, as a lighter week does.
        partial = bool(last.sessions) and min(s.date for s in last.sessions) > last.start
        if last.phase in _LOADING and not last.deload and not partial:
            state.ref_minutes = max(planned * ratio, RULES.min_run_minutes)
        else:
            state.ref_minutes *= ratio
    state.ref_minutes = min(state.ref_minutes, ctx.peak)
    return state


def _planned_minutes(week: Week) -> float:
    return sum(
        s.duration_min
        for s in week.sessions
        if s.surface not in (Surface.REST, Surface.CROSS) and s.kind is not SessionKind.RACE
    )


def _generate(
    ctx: _Ctx,
    first_monday: date,
    first_day: date,
    first_index: int,
    phases: Sequence[Phase],
    state: _State,
) -> list[Week]:
    """Plan the weeks ``first_index..`` of ``phases``; sessions only from ``first_day``."""
    weeks: list[Week] = []
    taper_seen = sum(1 for p in phases[:first_index] if p is Phase.TAPER)
    recovery_seen = sum(1 for p in phases[:first_index] if p is Phase.RECOVERY)
    for index in range(first_index, len(phases)):
        phase = phases[index]
        monday = first_monday + timedelta(weeks=index)
        in_phase = index - next(i for i in range(index, -1, -1) if i == 0 or phases[i - 1] != phase)
        deload = False
        if phase in _LOADING:
            if state.since_deload >= RULES.deload_every_weeks - 1:
                deload = True
                target = state.ref_minutes * RULES.deload_factor
            elif state.grow:
                target = min(ctx.peak, state.ref_minutes * (1 + RULES.max_weekly_increase))
            else:
                target = state.ref_minutes
        elif phase is Phase.TAPER:
            taper_seen += 1
            target = state.ref_minutes * RULES.taper_factor**taper_seen
        else:
            factors = RULES.recovery_factors
            target = state.ref_minutes * factors[min(recovery_seen, len(factors) - 1)]
            recovery_seen += 1
        start_day = max(first_day, monday) if index == first_index else monday
        week = _plan_week(ctx, state, monday, index, phase, in_phase, deload, target, start_day)
        weeks.append(week)
        if phase in _LOADING:
            state.since_deload = 0 if deload else state.since_deload + 1
            if not deload:
                actual = _planned_minutes(week)
                partial = start_day > monday
                state.ref_minutes = target if partial or actual <= 0 else actual
                state.grow = True
    return weeks


def _trail_target(ctx: _Ctx, phase: Phase, index: int) -> float:
    """The week's trail share by time (§3), ramped in over the first weeks for road goals."""
    profile = ctx.profile
    if not profile.trail_access:
        return 0.0
    share = RULES.trail_band(phase, profile.goal)[1]
    ramp = RULES.trail_ramp_weeks
    if profile.goal is not GoalKind.TRAIL and index < ramp and phase is not Phase.RECOVERY:
        start = min(share, RULES.trail_ramp_start_share)
        share = start + (share - start) * index / ramp
    return share


def _qualities(ctx: _Ctx, phase: Phase, in_phase: int) -> list[str]:
    """The phase's quality sessions besides the long run, most important first (§3, §5)."""
    trail_race = ctx.profile.goal is GoalKind.TRAIL
    even = in_phase % 2 == 0
    if phase is Phase.BASE:
        return ["speed" if even else "hills"]
    if phase is Phase.BUILD:
        if trail_race:
            return ["hills", "speed" if even else "tempo"]
        return ["speed", "tempo"]
    if phase is Phase.COMPETITION:
        if trail_race:
            return ["hills", "technical" if even else "tempo"]
        return ["speed", "tempo"]
    if phase is Phase.TAPER:
        return ["sharpen"]
    return []


def _round5(minutes: float) -> float:
    step = RULES.round_to_minutes
    return float(step * math.floor(minutes / step + 0.5))


def _floor5(minutes: float) -> float:
    step = RULES.round_to_minutes
    return float(step * math.floor(minutes / step + 1e-9))


def _with_minutes(spec: WorkoutSpec, minutes: float) -> WorkoutSpec:
    """``spec`` planned at ``minutes`` (through the spec cache: the same sets repeat)."""
    return _spec(
        spec.kind,
        spec.surface,
        minutes,
        reps=spec.reps,
        rep_distance_m=spec.rep_distance_m,
        rep_duration_min=spec.rep_duration_min,
        intensity=spec.intensity,
        note=spec.note,
    )


def _quality_spec(
    ctx: _Ctx,
    state: _State,
    token: str,
    phase: Phase,
    deload: bool,
    week_minutes: float,
    slot_am: bool = False,
) -> WorkoutSpec:
    """The spec for one quality token at the athlete's current rung of its ladder.

    The rung's reps are capped by the week's volume (``RULES.fast_work_share``: fast running
    at R, I and T at most 5, 8 and 10 % of the week), so a low-volume athlete gets a smaller
    set, never fewer than ``RULES.min_reps``; a deload week cuts reps by a quarter.
    """
    profile = ctx.profile
    trail = profile.trail_access

    def sized(reps: int, zone: str, rep_s: float) -> int:
        return _sized(reps, zone, rep_s, week_minutes, deload)

    if slot_am:
        return _spec(
            SessionKind.INTERVALS,
            Surface.ROAD,
            RULES.doubles_am_minutes,
            reps=4,
            rep_duration_min=2.0,
            intensity="I",
        )
    if token == "sharpen":
        return _sharpen_spec(ctx, state, week_minutes)
    if token == "speed":
        track = profile.track_access and not (
            phase is Phase.COMPETITION and profile.goal in _LONG_GOALS
        )
        if track:
            kind, surface, ladder, step = (
                SessionKind.TRACK,
                Surface.TRACK,
                RULES.track_ladder,
                state.track_step,
            )
        else:
            kind, surface, ladder, step = (
                SessionKind.INTERVALS,
                Surface.ROAD,
                RULES.road_interval_ladder,
                state.road_step,
            )
        reps, dist, zone = ladder[min(step, len(ladder) - 1)]
        rep_s = zone_pace(ctx.paces, zone) * dist / 1000.0
        return _spec(
            kind,
            surface,
            reps=sized(reps, zone, rep_s),
            rep_distance_m=float(dist),
            intensity=zone,
        )
    if token == "hills":
        reps = RULES.hill_ladder[min(state.hill_step, len(RULES.hill_ladder) - 1)]
        return _spec(
            SessionKind.HILLS,
            Surface.TRAIL if trail else Surface.ROAD,
            reps=sized(reps, "I", 60.0 * RULES.hill_rep_minutes),
            rep_duration_min=RULES.hill_rep_minutes,
        )
    if token == "technical" and trail:
        return _spec(SessionKind.TECHNICAL, Surface.TRAIL, RULES.technical_minutes)
    reps_t, minutes = RULES.tempo_ladder[min(state.tempo_step, len(RULES.tempo_ladder) - 1)]
    on_trail = trail and profile.goal is GoalKind.TRAIL and phase is Phase.COMPETITION
    return _spec(
        SessionKind.TEMPO,
        Surface.TRAIL if on_trail else Surface.ROAD,
        reps=sized(reps_t, "T", 60.0 * minutes),
        rep_duration_min=minutes,
        intensity=None if on_trail else "T",
    )


def _sized(reps: int, zone: str, rep_s: float, week_minutes: float, deload: bool) -> int:
    """Reps for a set: the rung's count, a quarter fewer in a deload week, and no more fast
    running than ``RULES.fast_work_share`` of the week allows (never under ``min_reps``)."""
    if deload:
        reps = math.floor(reps * RULES.deload_factor + 0.5)
    share = RULES.fast_work_share.get(zone, RULES.fast_work_share["I"])
    most = math.floor(share * week_minutes * 60.0 / rep_s)
    return max(RULES.min_reps.get(zone, 3), min(reps, most))


def _sharpen_spec(ctx: _Ctx, state: _State, week_minutes: float) -> WorkoutSpec:
    """Taper (§3): short race-pace work, so the legs stay sharp while volume drops.

    5K and 10K: the last track rung (or 1000 m road reps at I) at about 60 % of its reps;
    half: 2 x 10 min at T; marathon: 2 x 10 min at M; trail: 2 x 8 min tempo by effort.
    """
    goal = ctx.profile.goal
    if goal in (GoalKind.ROAD_5K, GoalKind.ROAD_10K, GoalKind.FITNESS):
        if ctx.profile.track_access:
            ladder, step, kind, surface = (
                RULES.track_ladder,
                state.track_step,
                SessionKind.TRACK,
                Surface.TRACK,
            )
        else:
            ladder, step, kind, surface = (
                RULES.road_interval_ladder,
                state.road_step,
                SessionKind.INTERVALS,
                Surface.ROAD,
            )
        reps, dist, zone = ladder[min(max(0, step - 1), len(ladder) - 1)]
        rep_s = zone_pace(ctx.paces, zone) * dist / 1000.0
        return _spec(
            kind,
            surface,
            reps=_sized(math.floor(reps * 0.6 + 0.5), zone, rep_s, week_minutes, False),
            rep_distance_m=float(dist),
            intensity=zone,
        )
    if goal is GoalKind.TRAIL:
        surface = Surface.TRAIL if ctx.profile.trail_access else Surface.ROAD
        return _spec(
            SessionKind.TEMPO,
            surface,
            reps=2,
            rep_duration_min=8.0,
            intensity=None if surface is Surface.TRAIL else "T",
        )
    zone = "M" if goal is GoalKind.ROAD_MARATHON else "T"
    return _spec(SessionKind.TEMPO, Surface.ROAD, reps=2, rep_duration_min=10.0, intensity=zone)


def _before_race_buffer(day: date, race_day: date | None) -> bool:
    """§3 taper: the last days before the race stay easy; hard work ends 4 days out."""
    if race_day is None or day > race_day:
        return True
    return (race_day - day).days >= RULES.race_week_quality_min_days_before


def _far_enough(day: date, hard: Sequence[date]) -> bool:
    """48 hours from every hard day (§4): no hard day the day before or after."""
    return all(abs((day - h).days) >= 2 for h in hard)


def _plan_week(
    ctx: _Ctx,
    state: _State,
    monday: date,
    index: int,
    phase: Phase,
    in_phase: int,
    deload: bool,
    target: float,
    first_day: date,
) -> Week:
    """Lay out one week: hard days, durations, surfaces, then dress every session."""
    profile = ctx.profile
    race_day = ctx.race_day
    sunday = monday + 6 * _DAY
    race_in_week = race_day is not None and monday <= race_day <= sunday
    run_weekdays = set(profile.run_days)
    if len(run_weekdays) == 7:
        run_weekdays.discard((profile.long_run_day + 1) % 7)  # §4: one rest day, after the long
    days = [monday + i * _DAY for i in range(7) if monday + i * _DAY >= first_day]
    before_race = [d for d in days if race_day is None or not race_in_week or d < race_day]
    run_days = [d for d in before_race if d.weekday() in run_weekdays]
    if race_in_week and race_day is not None:
        run_days = [d for d in run_days if d < race_day - _DAY]  # the day before: shakeout
    if phase is Phase.RECOVERY and race_day is not None:
        rested = race_day + RULES.post_race_rest_days(profile.goal) * _DAY
        run_days = [d for d in run_days if d > rested]

    hard: list[date] = [state.last_hard] if state.last_hard else []
    if race_day is not None:
        hard.append(race_day)
    next_long = monday + timedelta(days=7 + profile.long_run_day)
    lookahead = [next_long] if phase is not Phase.RECOVERY else []

    slots: list[_Slot] = []
    # -- the long run ---------------------------------------------------------------------
    long_slot: _Slot | None = None
    has_long = phase in _LOADING or (phase is Phase.TAPER and not race_in_week)
    if has_long:
        long_day = monday + profile.long_run_day * _DAY
        candidates = [
            d
            for d in run_days
            if d >= long_day and _far_enough(d, hard) and _before_race_buffer(d, race_day)
        ]
        if candidates:
            long_minutes = _long_minutes(ctx, state, target, phase)
            surface = _long_surface(ctx)
            long_slot = _Slot(
                candidates[0],
                _spec(SessionKind.LONG, surface, long_minutes),
                flexible=profile.goal is GoalKind.FITNESS and profile.trail_access,
            )
            slots.append(long_slot)
            hard.append(long_slot.day)

    # -- quality sessions -------------------------------------------------------------------
    tokens = _qualities(ctx, phase, in_phase)
    allowed = ctx.max_hard - (1 if long_slot else 0) - (1 if race_in_week else 0)
    free_days = [d for d in run_days if long_slot is None or d != long_slot.day]
    allowed = min(allowed, len(free_days) - 1 if len(free_days) > 1 else 0)
    quality_days = [d for d in free_days if _before_race_buffer(d, race_day)]
    tokens = tokens[: max(0, allowed)]
    # The track (speed) session goes first so it lands early in the week (§4, seed 004).
    tokens.sort(key=lambda t: 0 if t in ("speed", "sharpen") else 1)
    doubles = (
        profile.doubles
        and profile.runs_per_week >= RULES.doubles_min_run_days
        and profile.weekly_km >= RULES.beginner_weekly_km
        and phase in (Phase.BUILD, Phase.COMPETITION)
        and not deload
        and in_phase % 2 == 1  # every other week, so the tempo still progresses
    )
    double_token = next((t for t in tokens if t == "tempo"), tokens[-1] if tokens else None)
    quality: list[_Slot] = []
    for token in tokens:
        day = next(
            (d for d in quality_days if _far_enough(d, hard) and _far_enough(d, lookahead)),
            None,
        )
        if day is None:
            continue
        as_double = doubles and token == double_token
        spec = _quality_spec(ctx, state, token, phase, deload, target, slot_am=as_double)
        spec = _with_minutes(spec, session_minutes(spec, ctx.paces, profile))
        flexible = spec.kind is SessionKind.HILLS and profile.trail_access
        quality.append(_Slot(day, spec, flexible=flexible, slot="am" if as_double else None))
        if as_double:
            pm_surface = Surface.TRAIL if profile.trail_access else Surface.ROAD
            pm = _spec(SessionKind.EASY, pm_surface, RULES.doubles_pm_minutes)
            quality.append(_Slot(day, pm, slot="pm"))
        hard.append(day)
        quality_days = [d for d in quality_days if d != day]

    extras: list[_Slot] = []
    # -- race week: shakeout, race, recovery days ---------------------------------------
    if race_in_week and race_day is not None:
        eve = race_day - _DAY
        if eve >= first_day and eve.weekday() in run_weekdays:
            shake = _spec(
                SessionKind.EASY,
                Surface.ROAD,
                20.0,
                note=f"Shakeout: include {RULES.strides} relaxed strides in the last 5 minutes.",
            )
            extras.append(_Slot(eve, shake))
        surface = Surface.TRAIL if profile.goal is GoalKind.TRAIL else Surface.ROAD
        slots.append(_Slot(race_day, _spec(SessionKind.RACE, surface)))
        rest_after = RULES.post_race_rest_days(profile.goal)
        for d in days:
            if d > race_day + rest_after * _DAY and d.weekday() in run_weekdays:
                jog = _spec(SessionKind.RECOVERY, Surface.ROAD, RULES.post_race_run_minutes)
                extras.append(_Slot(d, jog, flexible=profile.trail_access))

    # -- fit the volume: drop quality that does not fit, then share the rest as easy runs ---
    fixed_days = {s.day for s in quality} | ({long_slot.day} if long_slot else set())
    easy_days = [d for d in run_days if d not in fixed_days]
    long_min = long_slot.minutes if long_slot else 0.0

    def fixed_total() -> float:
        return long_min + sum(s.minutes for s in quality) + sum(s.minutes for s in extras)

    while quality and fixed_total() + (RULES.min_run_minutes if easy_days else 0) > target:
        dropped_day = quality[-1].day
        quality = [s for s in quality if s.day != dropped_day]
        hard.remove(dropped_day)
        easy_days = sorted([*easy_days, dropped_day])
    slots.extend(quality)
    slots.extend(extras)
    if phase is Phase.TAPER:  # §3 taper: short easy runs, never longer than a long run was
        cap = min(_easy_cap(long_min), max(RULES.min_run_minutes, _floor5(0.75 * state.long_ref)))
    elif phase is Phase.RECOVERY:
        cap = RULES.recovery_run_cap_minutes
    else:
        cap = _easy_cap(long_min)
    easy_slots = _easy_slots(ctx, easy_days, target - fixed_total(), cap)
    if phase is Phase.RECOVERY and in_phase == 0 and easy_slots:
        first = easy_slots[0]  # §5: the first run after a race is a 30-40 min recovery run
        minutes = min(first.minutes, float(RULES.red_easy_minutes[1]))
        soft = Surface.TRAIL if profile.trail_access else Surface.ROAD  # soft ground, if any
        first.reset(_spec(SessionKind.RECOVERY, soft, minutes))
        first.flexible = False
    slots.extend(easy_slots)
    # -- progression and tempo segments ---------------------------------------------------
    if state.trail_phase is not phase:
        state.trail_phase, state.trail_debt = phase, 0.0
    share = _trail_target(ctx, phase, index)
    _assign_surfaces(ctx, slots, share, state.trail_debt, cap, hard)
    _tempo_segments(state, slots, phase)
    if long_slot is not None:
        others = sum(
            s.minutes for s in slots if s is not long_slot and s.kind is not SessionKind.RACE
        )
        most_share = RULES.long_run_max_share
        week = others + long_slot.minutes
        most = max(most_share / (1 - most_share) * others, min(ctx.long_floor, 0.5 * week))
        if long_slot.minutes > most:
            long_slot.set(duration_min=max(RULES.min_run_minutes, _floor5(most)))
        _longest_is_long(long_slot, easy_slots)
    _ensure_rest_day(slots, days, race_day)
    state.trail_debt = _trail_debt(slots, share, state.trail_debt)
    if phase in _LOADING and not deload:
        _advance(state, [(s.kind, s.slot, s.get("reps"), s.get("rep_distance_m")) for s in slots])
        if long_slot is not None:
            state.long_ref = max(state.long_ref, long_slot.minutes)
    if any(s.kind is SessionKind.TRACK for s in slots):
        state.had_track = True
    hard_days = [s.day for s in slots if s.kind in HARD_KINDS]
    if hard_days:
        state.last_hard = max(hard_days)
    _simulations(ctx, slots, phase, in_phase, deload, long_slot)
    return _dress(ctx, slots, days, monday, index, phase, deload)


def _long_minutes(ctx: _Ctx, state: _State, target: float, phase: Phase) -> float:
    """Long run (§4): ~30 % of the week, a 45-60 min floor for low volume, capped by goal and
    by 10 % over the longest recent long run."""
    floor = min(ctx.long_floor, RULES.long_run_floor_max_share * target)
    minutes = max(RULES.long_run_max_share * target, floor)
    growth = 1.0 if phase is Phase.TAPER else 1 + RULES.max_weekly_increase
    minutes = min(minutes, ctx.long_cap, state.long_ref * growth)
    return max(RULES.min_run_minutes, _floor5(minutes))


def _longest_is_long(long_slot: _Slot, easy: Sequence[_Slot]) -> None:
    """The long run is the week's longest run (§4): a low-volume week whose easy runs came out
    longer than the long run moves minutes into the long run, 5 at a time."""
    if not easy:
        return
    step = RULES.round_to_minutes
    while True:
        top = max(easy, key=lambda s: s.minutes)
        if top.minutes <= long_slot.minutes or top.minutes - step < RULES.min_run_minutes:
            return
        top.set(duration_min=top.minutes - step)
        long_slot.set(duration_min=long_slot.minutes + step)


def _advance(
    state: _State, sessions: Sequence[tuple[SessionKind, Slot | None, int | None, float | None]]
) -> None:
    """Climb each ladder one rung after a loading week that ran its rung in full (§5).

    One thing changes per step (seed 004); a session cut short by a low weekly volume, a
    deload or a double holds its rung, so the next one repeats it.
    """
    for kind, slot, reps, distance in sessions:
        if slot is not None or reps is None:
            continue
        if kind is SessionKind.TRACK:
            rung = RULES.track_ladder[min(state.track_step, len(RULES.track_ladder) - 1)]
            state.track_step += reps >= rung[0] and distance == rung[1]
        elif kind is SessionKind.INTERVALS:
            ladder = RULES.road_interval_ladder
            rung = ladder[min(state.road_step, len(ladder) - 1)]
            state.road_step += reps >= rung[0] and distance == rung[1]
        elif kind is SessionKind.TEMPO:
            rung_t = RULES.tempo_ladder[min(state.tempo_step, len(RULES.tempo_ladder) - 1)]
            state.tempo_step += reps >= rung_t[0]
        elif kind is SessionKind.HILLS:
            state.hill_step += (
                reps >= RULES.hill_ladder[min(state.hill_step, len(RULES.hill_ladder) - 1)]
            )


def _long_surface(ctx: _Ctx) -> Surface:
    profile = ctx.profile
    if profile.goal is GoalKind.TRAIL and profile.trail_access:
        return Surface.TRAIL
    return Surface.ROAD


def _easy_slots(ctx: _Ctx, days: Sequence[date], minutes: float, cap: float) -> list[_Slot]:
    """Share ``minutes`` over easy runs on ``days``: each at least the minimum, 5-min steps.

    Fewer runs when the minutes do not stretch (days are kept evenly spread); none longer
    than ``cap``, so a few-day week is not padded with absurd easy runs. Never more than
    ``minutes`` in total.
    """
    if not days or minutes < RULES.min_run_minutes:
        return []
    count = min(len(days), int(minutes // RULES.min_run_minutes))
    if count < len(days):
        step = len(days) / count
        days = [days[int(i * step)] for i in range(count)]
    each = min(cap, minutes / count)
    values = [max(RULES.min_run_minutes, _round5(each)) for _ in days]
    while sum(values) > minutes:
        i = max(range(len(values)), key=values.__getitem__)
        if values[i] - RULES.round_to_minutes < RULES.min_run_minutes:
            values.pop(i)
            days = [d for j, d in enumerate(days) if j != i]
            if not values:
                break
        else:
            values[i] -= RULES.round_to_minutes
    flexible = ctx.profile.trail_access
    return [
        _Slot(d, _spec(SessionKind.EASY, Surface.ROAD, v), flexible=flexible)
        for d, v in zip(days, values, strict=True)
    ]


def _tempo_segments(state: _State, slots: list[_Slot], phase: Phase) -> None:
    """After a track block, every 2nd easy road run ends with a short controlled tempo (§5).

    Runs after the surfaces are set: trail runs go by effort and stay as they are.

    The track block ends where the competition phase drops the track (half, marathon and
    trail goals: race-specific work takes over); from then on the tempo finish keeps the
    speed. Eight controlled minutes at T do not make the run a hard day (§4 spacing holds).
    """
    has_track = any(s.kind is SessionKind.TRACK for s in slots)
    if not state.had_track or has_track or phase is not Phase.COMPETITION:
        return
    for s in sorted(slots, key=lambda s: s.day):
        if s.kind is not SessionKind.EASY or s.surface is not Surface.ROAD:
            continue
        if s.slot is not None or s.get("note"):
            continue
        state.road_runs += 1
        if state.road_runs >= RULES.tempo_segment_every:
            s.set(tempo_finish_min=RULES.tempo_segment_minutes)
            state.road_runs = 0


def _assign_surfaces(
    ctx: _Ctx,
    slots: list[_Slot],
    share: float,
    debt: float,
    cap: float,
    hard: Sequence[date],
) -> None:
    """Put runs on trail until the week's trail time meets ``share`` (§3, by time).

    Sessions with a fixed surface count first. A road racer's hill repeats go off-road when
    they fit the target with room left for an easy trail run. Then as many easy runs go
    off-road as the missing trail time holds (rounded), and the easy minutes are shared
    evenly within each group (trail, road; none longer than the easy cap) so the week lands
    near the target without one odd 20-minute run. Easy runs the day after a hard day go
    off-road first (seed 002: the trail recovery run). A road racer with trails always gets
    at least one easy trail run (§3).

    Runs are whole, so a week rarely lands exactly on its share: ``debt`` is the trail time
    the phase's earlier weeks fell short by (negative: ran over), added to this week's aim,
    so the phase as a whole lands on its share (error diffusion, see :func:`_trail_debt`).
    """
    if share <= 0:
        return
    runs = [s for s in slots if s.kind is not SessionKind.RACE]
    week = sum(s.minutes for s in runs)
    if week <= 0:
        return
    want = max(0.0, share * week + debt)
    aim = want / week
    trail = sum(s.minutes for s in runs if s.surface is Surface.TRAIL and not s.flexible)
    easy = [s for s in runs if s.flexible and s.kind in _EASY_KINDS]
    road_goal = ctx.profile.goal is not GoalKind.TRAIL
    reserve = sum(s.minutes for s in easy) / len(easy) if easy and road_goal else 0.0
    for s in runs:
        if s.flexible and s.kind not in _EASY_KINDS:  # a long run or hill repeats
            s.flexible = False
            fits = (trail + s.minutes) / week <= aim + RULES.trail_share_tolerance
            if fits and trail + s.minutes <= want - reserve + s.minutes / 2:
                s.set(surface=Surface.TRAIL)
                trail += s.minutes
            elif s.kind is SessionKind.HILLS:
                s.set(surface=Surface.ROAD)
    if not easy:
        return
    total = sum(s.minutes for s in easy)
    need = max(0.0, want - trail)
    low = RULES.min_run_minutes

    def trail_minutes(count: int) -> float:
        if count == 0 or count == len(easy):
            return 0.0 if count == 0 else total
        wanted = min(max(_round5(need), count * low), total - (len(easy) - count) * low)
        return _floor5(min(wanted, count * cap))

    # The nearest whole number of trail runs, unless another count lands closer to the
    # target by more than the tolerance (§3: shares are by time; runs are whole).
    natural = min(len(easy), int(need / (total / len(easy)) + 0.5))
    first = 1 if road_goal else 0  # §3: road racers get at least one easy trail run a week
    counts = sorted(range(first, len(easy) + 1), key=lambda c: abs(c - natural))
    count = counts[0]
    for c in counts:
        if abs((trail + trail_minutes(c)) / week - aim) <= RULES.trail_share_tolerance:
            count = c
            break
    if count == 0:
        return
    after_hard = {h + _DAY for h in hard}
    chosen = sorted(easy, key=lambda s: (s.day not in after_hard, s.day))[:count]
    for s in chosen:
        s.set(surface=Surface.TRAIL, target_rpe=RULES.easy_trail_rpe)
    road = [s for s in easy if s not in chosen]
    minutes = trail_minutes(count)
    if road:
        road_minutes = min(total - minutes, len(road) * cap)
        # What the road runs cannot hold goes off-road, within the cap: volume first.
        minutes = min(total - road_minutes, count * cap)
        _spread(chosen, minutes)
        _spread(road, road_minutes)


def _trail_debt(slots: Sequence[_Slot], share: float, debt: float) -> float:
    """The trail minutes the week still owes its phase, half of it carried on (§3).

    Carrying only half lets a one-off miss fade instead of piling up, and the carry is
    bounded so one week never swings far to make up for the others.
    """
    if share <= 0:
        return 0.0
    runs = [s for s in slots if s.kind is not SessionKind.RACE]
    week = sum(s.minutes for s in runs)
    trail = sum(s.minutes for s in runs if s.surface is Surface.TRAIL)
    owed = (share * week + debt - trail) * RULES.trail_debt_carry
    limit = RULES.trail_debt_limit * week
    return max(-limit, min(limit, owed))


def _easy_cap(long_minutes: float) -> float:
    """The longest easy run in a week: an hour, or as long as the long run."""
    return _floor5(max(RULES.easy_run_cap_minutes, RULES.easy_run_cap_of_long * long_minutes))


def _spread(slots: Sequence[_Slot], minutes: float) -> None:
    """Share ``minutes`` evenly over ``slots`` in 5-minute steps (longest first)."""
    step = RULES.round_to_minutes
    units = round(minutes / step)
    each, extra = divmod(units, len(slots))
    for i, s in enumerate(slots):
        value = (each + (1 if i < extra else 0)) * step
        s.set(duration_min=float(value))


def _ensure_rest_day(slots: list[_Slot], days: Sequence[date], race_day: date | None) -> None:
    """§4: at least one day a week without running; a full week gives up its easiest run."""
    if len(days) < 7 or len({s.day for s in slots}) <= 7 - RULES.min_rest_days:
        return
    easy = [s for s in slots if s.kind not in HARD_KINDS and s.slot is None]
    if not easy:
        return
    if race_day is not None and any(s.day == race_day - _DAY for s in easy):
        victim = next(s for s in easy if s.day == race_day - _DAY)
    else:
        victim = min(easy, key=lambda s: (s.minutes, s.day))
    slots.remove(victim)


def _simulations(
    ctx: _Ctx,
    slots: list[_Slot],
    phase: Phase,
    in_phase: int,
    deload: bool,
    long_slot: _Slot | None,
) -> None:
    """Competition-phase rehearsals (§3): M-pace finishes for road racers; for trail racers
    a loaded-vest long run, a night run with a headlamp, and aid-station practice in turn."""
    if phase is not Phase.COMPETITION or deload or long_slot is None:
        return
    profile = ctx.profile
    if profile.goal.is_road_race:
        long_slot.set(finish_at_marathon_min=RULES.long_finish_marathon_minutes)
        return
    if profile.goal is not GoalKind.TRAIL or long_slot.surface is not Surface.TRAIL:
        return
    turn = in_phase % 3
    if turn == 0:
        long_slot.set(vest=True)
    elif turn == 1:
        easy_trail = [
            s
            for s in slots
            if s.kind is SessionKind.EASY and s.surface is Surface.TRAIL and not s.slot
        ]
        target = max(easy_trail, key=lambda s: s.minutes) if easy_trail else long_slot
        target.set(night=True)
    else:
        long_slot.set(
            note=(
                "Aid-station practice: loop past your car or a shop every 40 min; refill, "
                "eat and leave within 2 minutes, as at a race's aid station."
            )
        )


_REST = WorkoutSpec(kind=SessionKind.REST, surface=Surface.REST, duration_min=0.0, target_rpe=0)


def _session(
    ctx: _Ctx, spec: WorkoutSpec, day: date, slot: Slot | None, wc: WeekContext
) -> Session:
    """:func:`~coach.workouts.build_session`, dressing each distinct session once per plan.

    The memo key is the spec and the parts of the week context its cues read, so a repeat
    costs a copy with another date, not new cue text.
    """
    key = (spec, slot, context_key(spec, wc))
    template = ctx.dressed.get(key)
    if template is None:
        template = build_session(spec, day, ctx.paces, ctx.profile, slot=slot, week_context=wc)
        ctx.dressed[key] = template
        return template
    return _on_day(template, day)


def _on_day(template: Session, day: date) -> Session:
    """``template`` on another day: ``model_copy(update={"date": day})`` less its generic
    machinery, at half the cost (a plan makes about 160 of these).

    Safe because only the date changes, and a date is valid wherever the template was. The
    attributes set are those ``BaseModel.model_construct`` sets.
    """
    clone = Session.__new__(Session)
    object.__setattr__(clone, "__dict__", {**template.__dict__, "date": day})
    object.__setattr__(clone, "__pydantic_fields_set__", template.model_fields_set)
    object.__setattr__(clone, "__pydantic_extra__", None)
    object.__setattr__(clone, "__pydantic_private__", None)
    return clone


def _dress(
    ctx: _Ctx,
    slots: list[_Slot],
    days: Sequence[date],
    monday: date,
    index: int,
    phase: Phase,
    deload: bool,
) -> Week:
    """Turn the week's slots into cued sessions, a rest session on every day without a run."""
    share = _trail_target(ctx, phase, index)
    order = {None: 0, "am": 0, "pm": 1}
    slots.sort(key=lambda s: (s.day, order[s.slot]))
    trail_slots = [
        s for s in slots if s.surface is Surface.TRAIL and s.kind is not SessionKind.RACE
    ]
    ordinals = {id(s): i for i, s in enumerate(trail_slots, start=1)}
    strength = _strength_days(slots, days)
    by_day: dict[date, list[_Slot]] = {}
    for s in slots:
        by_day.setdefault(s.day, []).append(s)
    sessions: list[Session] = []
    for day in days:
        todays = by_day.get(day)
        if not todays:
            rest_wc = _week_context(phase, 0.0, 0, 0, deload, day in strength)
            sessions.append(_session(ctx, _REST, day, None, rest_wc))
            continue
        for s in todays:
            ordinal = ordinals.get(id(s), 0)
            wc = _week_context(
                phase,
                share,
                ordinal,
                len(trail_slots),
                deload,
                day in strength and s.slot is None,
            )
            edits = (s.base, tuple(s.changes.items()))
            spec = ctx.specs.get(edits)
            if spec is None:
                spec = ctx.specs[edits] = s.spec()
            sessions.append(_session(ctx, spec, day, s.slot, wc))
    return Week(
        start=monday,
        index=index,
        phase=phase,
        deload=deload,
        target_trail_share=share,
        sessions=tuple(sessions),
    )


@lru_cache(maxsize=256)
def _week_context(
    phase: Phase, share: float, ordinal: int, runs: int, deload: bool, strength: bool
) -> WeekContext:
    """Week contexts repeat all plan long; each distinct one is made once."""
    return WeekContext(phase, share, ordinal, runs, deload, strength)


def _strength_days(slots: Sequence[_Slot], days: Sequence[date]) -> set[date]:
    """Two short strength and mobility sessions a week (§4), on easy days, spread out."""
    easy = [
        s.day
        for s in slots
        if s.kind in (SessionKind.EASY, SessionKind.RECOVERY)
        and s.slot is None
        and not s.get("tempo_finish_min")
    ]
    run_days = {s.day for s in slots}
    candidates = easy + [d for d in days if d not in run_days]
    chosen: list[date] = []
    for d in candidates:
        if len(chosen) >= RULES.strength_per_week:
            break
        if all(abs((d - c).days) >= 2 for c in chosen):
            chosen.append(d)
    return set(chosen)
