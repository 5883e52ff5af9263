"""Surfaces: where each run goes, road or trail, by running time (COACHING.md §2, §3).

Sessions whose surface is fixed (track, road tempo, a trail racer's long run) count first;
hill repeats go off-road when they fit; then as many easy runs as the missing trail time
holds, their minutes evened out. Whole runs rarely land exactly on a share, so half of each
week's miss carries into the next week of the phase (error diffusion) and the phase lands on
its band. Road goals ramp their trail share in over the first weeks (seed 002).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from coach.models import GoalKind, Phase, SessionKind, Surface
from coach.planner.context import (
    EASY_KINDS,
    PlanContext,
    SeasonState,
    SlotDraft,
    floor5,
    round5,
)
from coach.rules import RULES

_DAY = timedelta(days=1)


def tempo_segments(state: SeasonState, slots: list[SlotDraft], phase: Phase) -> None:
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


def assign_surfaces(
    ctx: PlanContext,
    slots: list[SlotDraft],
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
    so the phase as a whole lands on its share (error diffusion, see :func:`trail_debt`).
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
    easy = [s for s in runs if s.flexible and s.kind in EASY_KINDS]
    road_goal = ctx.profile.goal is not GoalKind.TRAIL
    reserve = sum(s.minutes for s in easy) / len(easy) if easy and road_goal else 0.0
    for s in runs:
        if s.flexible and s.kind not in EASY_KINDS:  # a long run or hill repeats
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
        wanted = min(max(round5(need), count * low), total - (len(easy) - count) * low)
        return floor5(min(wanted, count * cap))

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
        spread(chosen, minutes)
        spread(road, road_minutes)


def trail_debt(slots: Sequence[SlotDraft], share: float, debt: float) -> float:
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


def spread(slots: Sequence[SlotDraft], minutes: float) -> None:
    """Share ``minutes`` evenly over ``slots`` in 5-minute steps (longest first)."""
    step = RULES.round_to_minutes
    units = round(minutes / step)
    each, extra = divmod(units, len(slots))
    for i, s in enumerate(slots):
        value = (each + (1 if i < extra else 0)) * step
        s.set(duration_min=float(value))


def trail_target(ctx: PlanContext, phase: Phase, index: int) -> float:
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


def climb_target(ctx: PlanContext, phase: Phase, index: int, slots: Sequence[SlotDraft]) -> int:
    """§3b trail: the week's climbing, metres of ascent, 0 without a target.

    The race's climbing per hour of racing, asked of the week's trail and hill time: from
    ``RULES.trail_climb_start_share`` of it in the first week to all of it by the long run's
    peak (then held through the taper, which cuts the time). Rounded to
    ``RULES.climb_round_m``. Only trail racers with trails at hand and a race that climbs
    get one; recovery weeks have none.
    """
    profile = ctx.profile
    gain = profile.trail_elevation_m or 0.0
    if (
        profile.goal is not GoalKind.TRAIL
        or not profile.trail_access
        or gain <= 0
        or ctx.race_minutes <= 0
        or phase is Phase.RECOVERY
    ):
        return 0
    per_hour = gain / (ctx.race_minutes / 60.0)
    start = RULES.trail_climb_start_share
    ramp = min(1.0, index / ctx.long_peak_index) if ctx.long_peak_index > 0 else 1.0
    share = start + (1.0 - start) * ramp
    minutes = sum(
        s.minutes
        for s in slots
        if s.kind is not SessionKind.RACE
        and (s.surface is Surface.TRAIL or s.kind is SessionKind.HILLS)
    )
    step = RULES.climb_round_m
    return int(step * round(share * per_hour * minutes / 60.0 / step))
