"""Which quality sessions a week holds, and the race-specific work (COACHING.md §3b, §5).

By phase and goal, most important first:

- base: one session, threshold and hills in turn (beginners: four weeks of easy running
  with strides first);
- build: threshold and intervals (the track's R-then-I ladder where there is one), taking
  turns to lead (a week with room for one session alternates them); trail racers hills and
  threshold or intervals in turn; marathoners add M finishes to the long run in the second
  half of the build;
- competition, per goal: 5K intervals at I and R (R on the track, or on a measured stretch
  of road without one); 10K I and T, taking turns to lead; half T and I, long runs with
  half-marathon-pace finishes; marathon M runs (the M ladder) and T; trail hills,
  technical downhill or a trail tempo, and race rehearsals (loaded vest, night run,
  aid-station practice);
- taper: short race-pace work; the last M or HMP session 7-10 days out (a long run that
  falls there carries it as a short finish, else a sharpener at M or HMP);
- three-day runners and beginners: one session, threshold and intervals in turn.

Estimated paces schedule a time trial in week 2 or 3 (3 km for beginners, 5 km otherwise),
whose logged result re-derives the paces.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from coach.models import GoalKind, Intensity, Phase, SessionKind, Surface, WorkoutSpec
from coach.planner.context import PlanContext, SeasonState, SlotDraft, make_spec, round5
from coach.planner.progressions import (
    DOUBLE,
    HALF_REPS,
    HILLS,
    INTERVALS,
    REPS,
    THRESHOLD,
    TRACK,
    half_pace,
    label,
    marathon_pace,
    rep_spec,
    rung_index,
    sized,
)
from coach.rules import RULES
from coach.workouts import zone_pace

LONG_GOALS = (GoalKind.ROAD_HALF, GoalKind.ROAD_MARATHON, GoalKind.TRAIL)


def single_session(ctx: PlanContext) -> bool:
    """Three-day runners and beginners get one quality session a week (§3b)."""
    return ctx.max_hard <= RULES.max_hard_days_low


def qualities(
    ctx: PlanContext,
    state: SeasonState,
    phase: Phase,
    in_phase: int,
    index: int,
    *,
    long_day: date | None = None,
) -> list[str]:
    """The week's quality tokens besides the long run, most important first (a week with
    room for fewer keeps the first: where a goal has two qualities of equal weight, they
    swap places week by week, so an athlete with room for one session a week alternates
    them, §3b)."""
    goal = ctx.profile.goal
    trail_race = goal is GoalKind.TRAIL
    even = in_phase % 2 == 0
    if phase is Phase.RECOVERY:
        return []
    early = ctx.beginner and state.loading_weeks < RULES.strides_before_intervals_weeks
    if phase is Phase.TAPER:
        if early:
            return []  # §3b: a beginner's first weeks stay easy
        if long_day is not None and race_pace_window(ctx, long_day):
            # §3b: a long run 7-10 days out is the week's race-pace session (its finish), so
            # no second one; the taper still keeps short work (§3), a small threshold set
            # earlier in the week, or the fortnight before a marathon holds no quality.
            return ["taper_threshold"]
        return ["sharpen"]
    tokens: list[str]
    if early:
        tokens = []  # §3b: easy running with strides before the first interval session
    elif single_session(ctx):
        if phase is Phase.COMPETITION and goal is GoalKind.ROAD_MARATHON and not ctx.beginner:
            tokens = ["mp" if even else "threshold"]
        elif phase is Phase.COMPETITION and goal is GoalKind.ROAD_HALF and not ctx.beginner:
            tokens = ["threshold" if even else "hmp"]  # §3b half: T and HMP
        elif trail_race and phase is not Phase.BASE:
            tokens = ["hills" if even else "threshold"]
        else:
            tokens = ["threshold" if even else "intervals"]
    elif phase is Phase.BASE:
        tokens = ["threshold" if even else "hills"]
    elif phase is Phase.BUILD:
        if trail_race:
            tokens = ["hills", "threshold" if even else "speed"]
        else:
            tokens = ["threshold", "speed"] if even else ["speed", "threshold"]
    elif trail_race:
        tokens = ["hills", "technical" if even else "threshold"]
    elif goal is GoalKind.ROAD_5K:
        tokens = ["track", "intervals"] if even else ["intervals", "track"]
    elif goal is GoalKind.ROAD_10K:
        tokens = ["threshold", "intervals"] if even else ["intervals", "threshold"]
    elif goal is GoalKind.ROAD_HALF:
        # §3b half: T and half-marathon pace; I keeps a week in two.
        tokens = ["threshold", "intervals" if even else "hmp"]
    elif goal is GoalKind.ROAD_MARATHON:
        tokens = ["mp", "threshold"]
    else:
        tokens = ["speed", "threshold"]
    if "mp" in tokens and (
        marathon_pace(ctx, state)[0] == "finish"
        or (phase is Phase.COMPETITION and m_long_run_week(in_phase) and not single_session(ctx))
    ):
        tokens.remove("mp")  # the M rung is the long run's finish this week, not a session
    if _trial_week(ctx, state, index):
        tokens = ["trial", *tokens[1:]] if tokens else ["trial"]
    return tokens


def _trial_week(ctx: PlanContext, state: SeasonState, index: int) -> bool:
    first, last = RULES.trial_weeks(ctx.beginner)
    return ctx.paces.estimated and not state.trial_done and first <= index <= last


def time_trial_spec(ctx: PlanContext) -> WorkoutSpec:
    """§3b: 3 km for beginners, 5 km otherwise, on the road or the track."""
    km = RULES.time_trial_km_beginner if ctx.beginner else RULES.time_trial_km
    surface = Surface.TRACK if ctx.profile.track_access else Surface.ROAD
    return make_spec(SessionKind.TIME_TRIAL, surface, reps=1, rep_distance_m=km * 1000.0)


def quality_spec(
    ctx: PlanContext,
    state: SeasonState,
    token: str,
    phase: Phase,
    deload: bool,
    week_minutes: float,
    *,
    slot_am: bool = False,
) -> WorkoutSpec | None:
    """The spec for one quality token at the athlete's rung of its ladder (None: the token
    turns out to be no session this week, e.g. a marathon-pace rung that is a long-run
    finish)."""
    profile = ctx.profile
    trail = profile.trail_access
    if slot_am:
        # §4 doubles: "morning 30 min road intervals", on their own ladder.
        index = rung_index(ctx, state, DOUBLE)
        reps, minutes = RULES.doubles_am_ladder[index]
        return make_spec(
            SessionKind.INTERVALS,
            Surface.ROAD,
            RULES.doubles_am_minutes,
            reps=reps,
            rep_duration_min=minutes,
            intensity="I",
            ladder=label(ctx, DOUBLE, index),
        )
    if token == "trial":
        return time_trial_spec(ctx)
    if token == "sharpen":
        return sharpen_spec(ctx, state, week_minutes)
    if token == "taper_threshold":
        reps, minutes = RULES.taper_threshold_set
        count = sized(reps, "T", 60.0 * minutes, week_minutes, False)
        return make_spec(
            SessionKind.TEMPO, Surface.ROAD, reps=count, rep_duration_min=minutes, intensity="T"
        )
    if token == "mp":
        kind, minutes, tag = marathon_pace(ctx, state)
        if kind == "finish":
            return None
        if deload:  # a lighter week runs the rung a quarter shorter, like every other set
            minutes = float(max(RULES.round_to_minutes, round5(minutes * RULES.deload_factor)))
        return make_spec(
            SessionKind.TEMPO,
            Surface.ROAD,
            reps=1,
            rep_duration_min=minutes,
            intensity="M",
            ladder=tag,
            target_rpe=6,
        )
    if token == "track":
        return repetitions_spec(ctx, state, week_minutes, deload)
    if token == "hmp":
        return rep_spec(
            ctx,
            state,
            HALF_REPS,
            week_minutes,
            deload,
            surface=Surface.ROAD,
            kind=SessionKind.TEMPO,
        )[0]
    if token == "speed":
        # The track's R-then-I ladder is for 5K, 10K and fitness; half, marathon and trail
        # runners' speed is I on the road (their race is aerobic, §3b).
        use_track = profile.track_access and profile.goal not in LONG_GOALS
        if use_track:
            return rep_spec(
                ctx,
                state,
                TRACK,
                week_minutes,
                deload,
                surface=Surface.TRACK,
                kind=SessionKind.TRACK,
            )[0]
        token = "intervals"
    if token == "intervals":
        return rep_spec(
            ctx,
            state,
            INTERVALS,
            week_minutes,
            deload,
            surface=Surface.ROAD,
            kind=SessionKind.INTERVALS,
        )[0]
    if token == "hills":
        surface = Surface.TRAIL if trail else Surface.ROAD
        return rep_spec(
            ctx, state, HILLS, week_minutes, deload, surface=surface, kind=SessionKind.HILLS
        )[0]
    if token == "technical" and trail:
        return make_spec(SessionKind.TECHNICAL, Surface.TRAIL, RULES.technical_minutes)
    on_trail = trail and profile.goal is GoalKind.TRAIL and phase is Phase.COMPETITION
    surface = Surface.TRAIL if on_trail else Surface.ROAD
    return rep_spec(
        ctx, state, THRESHOLD, week_minutes, deload, surface=surface, kind=SessionKind.TEMPO
    )[0]


def repetitions_spec(
    ctx: PlanContext, state: SeasonState, week_minutes: float, deload: bool
) -> WorkoutSpec:
    """The 5K's R session (§3b "5K intervals at I and R"): on the track, the track ladder
    held at its last R rung (an athlete whose ladder has moved on to 800 m reps at I keeps
    their 400s at R for the race); without a track, R reps on the road (200 m, then 400 m
    reps on a measured flat stretch), a ladder of their own."""
    if ctx.profile.track_access:
        last_r = max(i for i, (_r, _d, zone) in enumerate(RULES.track_ladder) if zone == "R")
        return rep_spec(
            ctx,
            state,
            TRACK,
            week_minutes,
            deload,
            surface=Surface.TRACK,
            kind=SessionKind.TRACK,
            top=last_r,
        )[0]
    return rep_spec(
        ctx, state, REPS, week_minutes, deload, surface=Surface.ROAD, kind=SessionKind.INTERVALS
    )[0]


def sharpen_spec(ctx: PlanContext, state: SeasonState, week_minutes: float) -> WorkoutSpec:
    """Taper (§3): short race-pace work, so the legs stay sharp while volume drops.

    5K and 10K: the last track rung (or I reps on the road) at about 60 % of its reps;
    half: 2 x 10 min at half-marathon pace; marathon: 2 x 10 min at M (§3b: the last M or
    HMP session, 7-10 days out); trail: 2 x 8 min tempo by effort.
    """
    goal = ctx.profile.goal
    if goal in (GoalKind.ROAD_5K, GoalKind.ROAD_10K, GoalKind.FITNESS):
        if ctx.profile.track_access:
            ladder = [(r, float(d), z) for r, d, z in RULES.track_ladder]
            step, kind, surface = state.steps.get(TRACK, 0), SessionKind.TRACK, Surface.TRACK
        else:
            ladder = [(r, float(d), z) for r, d, z in RULES.road_interval_ladder]
            step, kind, surface = state.steps.get(INTERVALS, 0), SessionKind.INTERVALS, Surface.ROAD
        reps, dist, zone = ladder[min(max(0, step - 1), len(ladder) - 1)]
        rep_s = zone_pace(ctx.paces, zone) * dist / 1000.0
        return make_spec(
            kind,
            surface,
            reps=sized(math.floor(reps * 0.6 + 0.5), zone, rep_s, week_minutes, False),
            rep_distance_m=dist,
            intensity=zone,
        )
    if goal is GoalKind.TRAIL:
        surface = Surface.TRAIL if ctx.profile.trail_access else Surface.ROAD
        return make_spec(
            SessionKind.TEMPO,
            surface,
            reps=2,
            rep_duration_min=8.0,
            intensity=None if surface is Surface.TRAIL else "T",
        )
    pace: Intensity = "M" if goal is GoalKind.ROAD_MARATHON else "HM"
    return make_spec(SessionKind.TEMPO, Surface.ROAD, reps=2, rep_duration_min=10.0, intensity=pace)


def race_pace_window(ctx: PlanContext, day: date) -> bool:
    """§3b: ``day`` is 7-10 days before a half or a marathon, where its last M or HMP
    session belongs."""
    race = ctx.race_day
    if race is None or ctx.profile.goal not in (GoalKind.ROAD_HALF, GoalKind.ROAD_MARATHON):
        return False
    low, high = RULES.last_race_pace_days_out
    return low <= (race - day).days <= high


def long_run_days(ctx: PlanContext, days: list[date], long_day: date) -> list[date]:
    """The days the week's long run may take, best first: the athlete's long-run day and
    the later ones (§4), except that a half or marathon runner's long run moves later in
    the week to a day 7-10 days before the race, where its finish is the last race-pace
    session (§3b), unless next week's long run falls there on its own day."""
    if race_pace_window(ctx, long_day + timedelta(days=7)):
        return days
    return sorted(days, key=lambda d: not race_pace_window(ctx, d))


def sharpen_days_ok(ctx: PlanContext, day: date) -> bool:
    """§3b: the last M or HMP session of a half or a marathon falls 7-10 days out; a 5K or
    10K sharpener at least 4 days out; nothing hard in the last days before any race."""
    race = ctx.race_day
    if race is None or day > race:
        return True
    if ctx.profile.goal in (GoalKind.ROAD_HALF, GoalKind.ROAD_MARATHON):
        return race_pace_window(ctx, day)
    return (race - day).days >= RULES.race_week_quality_min_days_before


def long_run_finish(
    ctx: PlanContext,
    state: SeasonState,
    phase: Phase,
    in_phase: int,
    build_weeks: int,
    deload: bool,
    *,
    day: date | None = None,
) -> tuple[float, str, str] | None:
    """Race-pace work inside the long run on ``day`` (§3b, §5): (minutes, zone "M" or "HM",
    ladder label), or None for a plain long run.

    Marathon: the M ladder's finish rungs, every other loading week from the second half of
    the build, then each competition week whose M rung is still a finish. Half: an HMP finish
    every competition loading week. A long run 7-10 days before either race is their last
    race-pace session, a short finish off the ladder, whatever its week; none after it. 5K
    and 10K long runs stay easy: their race work is I, R and T (§3b), not marathon pace.
    """
    goal = ctx.profile.goal
    if day is not None and race_pace_window(ctx, day):
        zone = "M" if goal is GoalKind.ROAD_MARATHON else "HM"
        return RULES.last_race_pace_finish_minutes, zone, ""
    if deload or phase not in (Phase.BUILD, Phase.COMPETITION):
        return None
    if goal is GoalKind.ROAD_MARATHON:
        late_build = phase is Phase.BUILD and in_phase >= build_weeks // 2 and in_phase % 2 == 1
        if phase is Phase.COMPETITION or late_build:
            kind, minutes, tag = marathon_pace(ctx, state)
            if kind == "finish" or (phase is Phase.COMPETITION and m_long_run_week(in_phase)):
                return minutes, "M", tag
        return None
    if phase is not Phase.COMPETITION:
        return None
    if goal is GoalKind.ROAD_HALF:
        minutes, tag = half_pace(ctx, state)
        return minutes, "HM", tag
    return None


def m_long_run_week(in_phase: int) -> bool:
    """§3b "marathon M-pace long runs": in the competition phase, every other week's M run
    is part of the long run (e.g. 2 h 25 with the last 45 min at M) instead of a midweek
    session, so the long runs alternate easy and race-specific (a coach's read: seven
    weeks of plain long runs at E while all M work was midweek)."""
    return in_phase % 2 == 1


def simulations(
    ctx: PlanContext,
    slots: list[SlotDraft],
    phase: Phase,
    in_phase: int,
    deload: bool,
    long_slot: SlotDraft | None,
) -> None:
    """Competition-phase rehearsals for trail racers (§3): a loaded-vest long run, a night
    run with a headlamp, and aid-station practice in turn."""
    if phase is not Phase.COMPETITION or deload or long_slot is None:
        return
    if ctx.profile.goal is not GoalKind.TRAIL or long_slot.surface is not Surface.TRAIL:
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
