"""The long run across the season (COACHING.md §3b, §4).

Each race needs a long run (time on feet): 60-75 min for a 5K up to half the race time, as
back-to-back days, for a long ultra. The plan builds it from the athlete's current longest
run, a step of 5-15 min per loading week (the step that arrives in time, never more than
15), -25 % in a lighter week, peaking 3-4 weeks before a marathon or an ultra and 2 before
the shorter races. The long run is at most ~30 % of the week; that bends to 45 % for a
low-volume athlete whose race needs more, and the session says so.
"""

from __future__ import annotations

from collections.abc import Sequence

from coach.models import AthleteProfile, GoalKind, Phase, TrainingPaces
from coach.planner.context import LOADING, PlanContext, SeasonState, floor5, minutes_at, round5
from coach.planner.volume import loading_weeks_until
from coach.rules import RULES
from coach.workouts import race_minutes


def race_need(profile: AthleteProfile, paces: TrainingPaces, easy_pace: float) -> float:
    """The long run the goal needs at its peak, in minutes (§3b); day one and day two
    together for back-to-back ultras."""
    goal = profile.goal
    if goal is GoalKind.ROAD_5K:
        return RULES.long_need_5k
    if goal is GoalKind.ROAD_10K:
        return RULES.long_need_10k
    if goal is GoalKind.FITNESS:
        return RULES.long_need_fitness
    if goal is GoalKind.ROAD_HALF:
        low, high = RULES.long_need_half_min
        return round5(min(high, max(low, minutes_at(RULES.long_need_half_km, easy_pace))))
    if goal is GoalKind.ROAD_MARATHON:
        low, high = RULES.long_need_marathon_min
        return round5(min(high, minutes_at(RULES.long_need_marathon_km, easy_pace)))
    race = race_minutes(profile, paces)
    if race > RULES.back_to_back_from_race_minutes:
        first = RULES.back_to_back_first_max
        return first + round5(first * RULES.back_to_back_second_share)
    short = min(race * RULES.long_need_trail_short_share, 135.0)
    need = max(race * RULES.long_need_trail_long_share, short)
    return round5(min(RULES.long_need_trail_single_max, need))


def back_to_back(profile: AthleteProfile, paces: TrainingPaces) -> bool:
    """§3b: races over ~6 h are prepared with back-to-back long days."""
    return (
        profile.goal is GoalKind.TRAIL
        and race_minutes(profile, paces) > RULES.back_to_back_from_race_minutes
    )


def first_day_need(ctx: PlanContext) -> float:
    """Day one's share of the need (all of it without back-to-back days)."""
    if not ctx.back_to_back:
        return ctx.long_need
    return RULES.back_to_back_first_max


def long_top(profile: AthleteProfile, need_day_one: float, start: float) -> float:
    """Where the ladder climbs to: the race's need, or an athlete's longer habit up to the
    goal's cap (§4: a 5K runner who already runs 90 min keeps that)."""
    return max(need_day_one, min(start, RULES.long_run_cap(profile.goal)))


def long_peak_index(profile: AthleteProfile, race_week: int | None, phases: Sequence[Phase]) -> int:
    """The week the long run peaks (§3b), or the last loading week for general fitness."""
    loading = [i for i, p in enumerate(phases) if p in LOADING]
    last_loading = loading[-1] if loading else 0
    if race_week is None:
        return last_loading
    return min(last_loading, max(0, race_week - RULES.long_peak_weeks_out(profile.goal)))


def ladder_minutes(
    ctx: PlanContext,
    state: SeasonState,
    phases: Sequence[Phase],
    index: int,
    deload: bool,
    first_week: bool,
) -> float:
    """Day one's long run this week, before the week's share caps it."""
    phase = phases[index]
    floor = RULES.long_run_floor(ctx.profile.goal)
    if phase is Phase.TAPER:
        return max(RULES.min_run_minutes, floor5(state.long_last * RULES.taper_factor))
    if deload:
        return max(RULES.min_run_minutes, floor5(state.long_last * RULES.long_deload_factor))
    if first_week:
        # From the athlete's longest run, lifted toward the goal's floor by one step at most
        # (§3b: a runner whose longest is 20 min does not start at a 60-min long run).
        start = floor5(ctx.long_start)
        lifted = min(floor, start + RULES.long_step_minutes[1])
        return max(RULES.min_run_minutes, min(ctx.long_top, max(start, lifted)))
    if index > ctx.long_peak_index:
        # After the peak and before the taper: a step down from the peak the plan reached
        # (not from the target, which a short runway may never have reached).
        best = min(ctx.long_top, state.long_best or state.long_last)
        return max(min(floor, best), floor5(best * RULES.long_deload_factor))
    left = loading_weeks_until(ctx, phases, index, ctx.long_peak_index, state.since_deload)
    # The steps aim at what the peak week can carry (the long run's share of the volume
    # peak), so a long run the volume holds back still arrives at its top in the peak week
    # 3-4 weeks out instead of stalling there from mid-season.
    aim = min(ctx.long_top, share_cap(ctx, ctx.peak_minutes))
    gap = aim - state.long_last
    low, high = RULES.long_step_minutes
    step = min(high, max(low, gap / left)) if left > 0 else high
    return max(floor, min(ctx.long_top, round5(state.long_last + step)))


def share_cap(ctx: PlanContext, week_minutes: float) -> float:
    """The most the long run may take of a week of ``week_minutes`` (§3b, §4)."""
    most = RULES.long_run_max_share * week_minutes
    bent = min(ctx.long_top, ctx.long_share_max * week_minutes)
    if ctx.profile.runs_per_week <= RULES.low_run_days:
        most = max(most, bent)  # one run of three is a third of the week by itself
    elif ctx.long_need > most and ctx.profile.goal is not GoalKind.FITNESS:
        # The bend is for what the race needs, not more: so a bigger week never holds a
        # shorter long run than a smaller one (at need / 30 % the two caps meet).
        most = max(most, min(bent, ctx.long_need))
    floor = min(
        RULES.long_run_floor(ctx.profile.goal), RULES.long_run_floor_max_share * week_minutes
    )
    return max(RULES.min_run_minutes, floor5(max(most, floor)))


def second_day_minutes(ctx: PlanContext, phase: Phase, deload: bool, day_one: float) -> float:
    """Day two of a back-to-back pair (§3b), 0 when this week has none."""
    if not ctx.back_to_back or deload or phase not in (Phase.BUILD, Phase.COMPETITION):
        return 0.0
    return pair_minutes(day_one)


def pair_minutes(day_one: float) -> float:
    """Day two of a back-to-back pair whose day one is ``day_one`` (§3b), 0 below the day
    one that brings the second day in."""
    start, full = RULES.back_to_back_from_minutes, RULES.back_to_back_first_max
    if day_one < start:
        return 0.0
    # Day two joins at half its share and grows with day one, so the weekend's time on feet
    # climbs in steps instead of jumping by two hours.
    ramp = 0.5 + 0.5 * min(1.0, (day_one - start) / max(1.0, full - start))
    return max(RULES.long_run_floor_long, round5(day_one * RULES.back_to_back_second_share * ramp))
