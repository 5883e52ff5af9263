"""Weekly volume across the season (COACHING.md §3, §3b).

The volume builds from what the athlete runs now toward a goal-sized peak (about 1.3x for
5K/10K, 1.4x half, 1.55x marathon and trail; more when the race's long run needs a bigger
week to sit in; never more than the athlete's run days can hold), reached in the late build,
not in week 3: the growth per loading week is what arrives at the peak by then, never over
10 % (a climb still short of it then goes on until the long run's peak). Blocks are 3:1 (2:1
for beginners and masters), aligned back from the taper so the weeks before it are loading
weeks. The taper drops 25 % a week; recovery after the race scales with the race.
"""

from __future__ import annotations

from collections.abc import Sequence

from coach.models import AthleteProfile, GoalKind, Phase
from coach.planner.context import LOADING, PlanContext, SeasonState
from coach.rules import RULES


def peak_minutes(profile: AthleteProfile, current: float, long_need: float) -> float:
    """The weekly minutes the season builds to (§3b).

    The goal's factor over current volume, or the week a low-volume athlete's race long run
    needs to sit in (the long run at most ``long_run_max_share_low_volume`` of it), capped
    by what the goal ever asks for; never below what the athlete runs now. General fitness
    builds to ``RULES.fitness_peak_floor_minutes`` at least.
    """
    goal = profile.goal
    peak = current * RULES.peak_factor(goal)
    if goal is not GoalKind.FITNESS:
        peak = max(peak, long_need / RULES.long_run_max_share_low_volume)
    else:
        # A beginner on 85 min a week "gently climbing" 20 % ran 45-min long runs for ever;
        # general fitness builds at least to the weekly activity health guidance asks for.
        peak = max(peak, RULES.fitness_peak_floor_minutes)
    return max(current, min(peak, RULES.peak_minutes_cap(goal)))


def block_weeks(gentle: bool) -> int:
    """Weeks in a block, the last one lighter: 4 (3:1), or 3 (2:1) for beginners and masters."""
    return RULES.deload_every_weeks_gentle if gentle else RULES.deload_every_weeks


def is_deload(ctx: PlanContext, phases: Sequence[Phase], index: int, since_deload: int) -> bool:
    """The lighter week of a block (§3).

    Race plans align their blocks back from the taper, so the last weeks before it (where
    the long run and the volume peak) are loading weeks; a deload comes only after a full
    block's loading weeks. General fitness counts its blocks forward.
    """
    if phases[index] not in LOADING:
        return False
    block = block_weeks(ctx.gentle_blocks)
    if since_deload < block - 1:
        return False
    if ctx.race_day is None:
        return True
    aligned = (ctx.taper_index - index) % block == 0
    return aligned or since_deload >= 2 * (block - 1)


def growth_rate(ref: float, peak: float, weeks_left: int) -> float:
    """The rise per loading week that reaches ``peak`` from ``ref`` in ``weeks_left`` loading
    weeks, never over ``RULES.max_weekly_increase`` (§3)."""
    if ref <= 0 or peak <= ref or weeks_left <= 0:
        return 0.0
    return min(RULES.max_weekly_increase, float((peak / ref) ** (1.0 / weeks_left)) - 1.0)


def loading_weeks_until(
    ctx: PlanContext, phases: Sequence[Phase], index: int, until: int, since_deload: int
) -> int:
    """Loading, non-deload weeks from ``index`` to ``until`` (inclusive)."""
    count, since = 0, since_deload
    for i in range(index, min(until, len(phases) - 1) + 1):
        if phases[i] not in LOADING:
            continue
        if is_deload(ctx, phases, i, since):
            since = 0
            continue
        since += 1
        count += 1
    return count


def week_target(
    ctx: PlanContext,
    state: SeasonState,
    phases: Sequence[Phase],
    index: int,
    deload: bool,
    taper_seen: int,
    recovery_seen: int,
) -> float:
    """The running minutes week ``index`` aims at."""
    phase = phases[index]
    if phase in LOADING:
        if deload:
            return state.ref_minutes * RULES.deload_factor
        if not state.grow:
            return state.ref_minutes
        left = loading_weeks_until(ctx, phases, index, ctx.volume_peak_index, state.since_deload)
        if left == 0:
            # Short of the peak when it was due (10 % a week could not get there): the volume
            # goes on rising toward it until the long run's peak week, which needs the room.
            left = loading_weeks_until(ctx, phases, index, ctx.long_peak_index, state.since_deload)
        rate = growth_rate(state.ref_minutes, ctx.peak_minutes, left)
        return min(ctx.peak_minutes, state.ref_minutes * (1 + rate))
    if phase is Phase.TAPER:
        return state.ref_minutes * RULES.taper_factor ** (taper_seen + 1)
    weeks = sum(1 for p in phases if p is Phase.RECOVERY)
    return state.ref_minutes * RULES.recovery_factor(recovery_seen, weeks)


def volume_peak_index(phases: Sequence[Phase]) -> int:
    """The week the volume peaks (§3b: late build / early competition, not week 3)."""
    for i, phase in enumerate(phases):
        if phase is Phase.COMPETITION:
            return i
    loading = [i for i, p in enumerate(phases) if p in LOADING]
    return loading[-1] if loading else 0
