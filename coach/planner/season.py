"""The season: from an athlete to a week-by-week plan that builds them to the race
(COACHING.md §3, §3b), and the closed-loop rebuild from what they ran.

A plan is decided in two steps. First the season's shape, once (:func:`plan_context`): the
volume peak and the week it arrives, the long run the race needs and the week it peaks,
3:1 or 2:1 blocks. Then week by week (:mod:`coach.planner.week`), each week handing the
next a :class:`~coach.planner.context.SeasonState` (volume reference, long run, ladders).
Where the runway or the athlete's volume cannot meet a rule, the plan says so
(``Plan.warnings``) instead of quietly under-preparing.

Everything is deterministic and pure: the same athlete and start date give the same plan.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, timedelta

from coach.models import (
    AthleteProfile,
    GoalKind,
    Phase,
    Plan,
    Session,
    SessionKind,
    Surface,
    TrainingPaces,
    Week,
)
from coach.paces import estimate_from_easy_pace, training_paces, vdot_from_race
from coach.planner.context import (
    LOADING,
    PlanContext,
    SeasonState,
    make_spec,
    minutes_at,
)
from coach.planner.long_run import (
    back_to_back,
    long_peak_index,
    long_top,
    pair_minutes,
    race_need,
)
from coach.planner.phases import monday_of, race_week_index, season_phases
from coach.planner.progressions import advance
from coach.planner.returns import Cause, comeback, keep_comeback, over, volume_share
from coach.planner.volume import is_deload, peak_minutes, volume_peak_index, week_target
from coach.planner.week import plan_week
from coach.rules import RULES
from coach.workouts import build_session, minutes_text, race_minutes, zone_pace


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


def is_beginner(profile: AthleteProfile) -> bool:
    """§3b: under ~20 km a week."""
    return profile.weekly_km < RULES.beginner_weekly_km


def plan_context(
    profile: AthleteProfile, paces: TrainingPaces, phases: Sequence[Phase]
) -> PlanContext:
    """The season's shape for this athlete and runway (decided once per plan)."""
    easy = zone_pace(paces, "E")
    current = minutes_at(profile.weekly_km, easy)
    beginner = is_beginner(profile)
    masters = profile.age is not None and profile.age >= RULES.masters_age
    b2b = back_to_back(profile, paces)
    need = race_need(profile, paces, easy)
    day_one = RULES.back_to_back_first_max if b2b else need
    start_long = minutes_at(profile.longest_run_km, easy)
    race_week = race_week_index(list(phases))
    top = long_top(profile, day_one, start_long)
    goal_peak = peak_minutes(profile, current, day_one)
    share = RULES.long_run_max_share
    if profile.runs_per_week <= RULES.low_run_days:
        share = RULES.long_run_max_share_low_volume
    elif profile.goal is not GoalKind.FITNESS and day_one > share * min(
        goal_peak, _week_hold(profile, top, b2b, share)
    ):
        # §3b: the guideline bends (up to 45 %) when the race needs more than 30 % of the
        # peak week (the goal's, or what the athlete's days can hold); the whole bend, so a
        # week a little under plan still holds the ladder.
        share = RULES.long_run_max_share_low_volume
    peak = min(goal_peak, _week_hold(profile, top, b2b, share))
    has_race = profile.goal.has_race and profile.race_date is not None
    taper = [i for i, p in enumerate(phases) if p is Phase.TAPER]
    return PlanContext(
        profile=profile,
        paces=paces,
        easy_pace=easy,
        max_hard=RULES.max_hard(profile.runs_per_week, profile.weekly_km),
        beginner=beginner,
        gentle_blocks=beginner or masters,
        current_minutes=current,
        peak_minutes=peak,
        volume_peak_index=volume_peak_index(phases),
        long_start=start_long,
        long_need=need,
        long_top=top,
        long_peak_index=long_peak_index(profile, race_week, phases),
        long_share_max=share,
        back_to_back=b2b,
        taper_index=taper[0] if taper else len(phases),
        race_day=profile.race_date if has_race else None,
        race_minutes=race_minutes(profile, paces) if has_race else 0.0,
    )


def _capacity(profile: AthleteProfile, long_run: float, b2b: bool) -> float:
    """The most a week on the athlete's run days can hold when the long run is ``long_run``
    (§3b, §4), as the week is laid out: the long run (and its back-to-back partner), a
    quality session with its padded cool-down on each day the 48-hour spacing leaves for one
    (at most the hard-day limit, one beside a back-to-back weekend), and the longest easy run
    (75 min, and well below the long run) on every other run day. A three-day runner's peak
    is what three runs can carry; a high-volume runner on few days is held by the same caps
    (the plan starts there, not from a volume the week cannot hold)."""
    week = sorted(set(profile.run_days))
    long_day = profile.long_run_day
    pair = b2b and long_run >= RULES.back_to_back_from_minutes
    if len(week) == 7:
        week.remove((long_day + (2 if b2b else 1)) % 7)  # the rest day (see plan_week)
    partner = None
    if pair:
        partner = next((d for d in ((long_day + 1) % 7, (long_day - 1) % 7) if d in week), None)
    hard = [long_day] if partner is None else [long_day, partner]
    most = RULES.max_hard(profile.runs_per_week, profile.weekly_km) - 1
    most = most if partner is None else min(most, 1)  # one session beside a pair
    quality = 0
    for offset in range(2, 6):  # the days after the long run, 48 h from every hard day
        day = (long_day + offset) % 7
        if quality < most and day in week and all(_days_apart(day, h) >= 2 for h in hard):
            hard.append(day)
            quality += 1
    easy = len(week) - len(hard)
    quality_minutes = RULES.quality_typical_minutes + RULES.quality_pad_max_minutes
    easy_minutes = min(RULES.easy_run_cap_high, RULES.easy_run_max_of_long * long_run)
    second = 0.0 if partner is None else pair_minutes(long_run)
    return long_run + second + quality_minutes * quality + easy_minutes * easy


def _week_hold(profile: AthleteProfile, top: float, b2b: bool, share: float) -> float:
    """The biggest week the athlete's days can hold with the long run (at most ``top``) no
    more than ``share`` of it (§3b, §4). Easy runs stay well below the long run, so a long
    run held to its share holds the week down with it: the two meet where the long run is
    ``share`` of the week it sits in (found by bisection; the week grows with the long run)."""
    if share * _capacity(profile, top, b2b) >= top:
        return _capacity(profile, top, b2b)
    low, high = 0.0, top
    for _ in range(24):  # to well under a minute
        mid = (low + high) / 2
        if share * _capacity(profile, mid, b2b) >= mid:
            low = mid
        else:
            high = mid
    return _capacity(profile, low, b2b)


def _days_apart(a: int, b: int) -> int:
    """Days between two weekdays, around the week."""
    return min((a - b) % 7, (b - a) % 7)


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
        The plan; its last race-prep session is the race on ``profile.race_date``. Its
        ``warnings`` say what the runway could not give the athlete.

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
    first_monday = monday_of(start)
    phases = season_phases(profile, first_monday, weeks)
    ctx = plan_context(profile, paces, phases)
    new_weeks = _generate(ctx, first_monday, start, 0, phases, _fresh_state(ctx))
    plan = Plan(
        goal=profile.goal,
        start=first_monday,
        race_date=profile.race_date if profile.goal.has_race else None,
        paces=paces,
        weeks=tuple(new_weeks),
    )
    return _with_review(ctx, plan, start)


def rebuild_from(
    plan: Plan,
    profile: AthleteProfile,
    from_day: date,
    done_minutes_last_week: float,
    *,
    floor: float = RULES.rebuild_floor,
    longest_done: float | None = None,
    held: Collection[str] = (),
) -> Plan:
    """Rebuild the plan from ``from_day`` on, from what the athlete actually ran (closed loop).

    Past weeks (and the days of ``from_day``'s week before it) stay as they were. The new
    weeks continue the phases, the blocks and the ladders of the old ones; the volume and
    the long run start from the plan the goal needs (the plan as first built, before any
    cut), tempered by ``done_minutes_last_week`` (§7b "No downward spiral"): the next
    loading week rises from what was done, never below ``floor`` of the goal's week, never
    above it. So a week of amber-day cuts or missed runs costs at most a fifth of one week,
    and never compounds into the next rebuild. After a lighter week (deload, taper) or a
    first week that began mid-week, the goal's reference is scaled by the share of that
    week that was done.

    Args:
        plan: The current plan.
        profile: The athlete, possibly edited since the plan was made.
        from_day: The first day to plan again (the scheduler passes the next Monday).
        done_minutes_last_week: Running minutes logged in the last completed week.
        floor: The least share of the goal's week to rebuild from: ``RULES.rebuild_floor``
            for plain misses; lower only for a cause (a long pause, pain, illness, §7b).
        longest_done: The longest run logged last week, in minutes, when known: the long
            run's ladder goes on from it (between ``floor`` of the goal's long run and all
            of it) rather than from the week's share of volume done.
        held: Ladders (e.g. "threshold") whose last session was logged off target or with
            pain: they hold their rung instead of climbing (§3b).

    Returns:
        The rebuilt plan.
    """
    first_monday = plan.start
    from_monday = monday_of(from_day)
    index = (from_monday - first_monday).days // 7
    if index < 0:
        return build_plan(profile, from_day, paces=plan.paces)
    kept = [w for w in plan.weeks if w.start < from_monday]
    horizon = len(plan.weeks)
    if not profile.goal.has_race:
        horizon = max(horizon, index + RULES.fitness_block_weeks)
    phases = season_phases(profile, first_monday, horizon)
    if index >= len(phases):
        return plan
    ctx = plan_context(profile, plan.paces, phases)
    back = plan.comeback
    if back is not None and back.build_until is not None and from_day <= back.build_until:
        # §7b: a return builds back over 1-2 weeks from what was done, not from 0.8 of the
        # goal (an athlete back from 10 days ill met 280 of 310 min and a 1.6 load ratio).
        floor = min(floor, back.floor)
    state = _state_from(ctx, kept)
    for name in held:
        # §3b "it holds otherwise": the last session of this ladder was not on target (or
        # hurt), so the next one stays on the rung run last instead of climbing.
        last = state.repeats.get(name)
        if last is not None:
            state.steps[name] = min(state.steps.get(name, 0), int(str(last[0][0])))
    first_day = _first_day(plan)
    goal_kept = _generate(
        ctx, first_monday, first_day, 0, phases, _fresh_state(ctx), until=min(index, len(phases))
    )
    asked = _planned_minutes(kept[-1]) if kept else 0.0
    _temper(ctx, state, goal_kept, done_minutes_last_week, floor, longest_done, asked)
    new_weeks = _generate(ctx, first_monday, from_monday, index, phases, state)
    old = plan.week_of(from_monday)
    if from_day > from_monday and old is not None and new_weeks:
        # Mid-week: the days already lived stay; the rest of the week comes from the rebuilt
        # week, so its structure (which day is hard) matches what came before.
        head = [s for s in old.sessions if s.date < from_day]
        tail = [_respaced(ctx, s, head) for s in new_weeks[0].sessions if s.date >= from_day]
        new_weeks[0] = new_weeks[0].model_copy(update={"sessions": (*head, *tail)})
    rebuilt = plan.model_copy(update={"weeks": (*kept, *new_weeks)})
    rebuilt = _with_review(ctx, rebuilt, plan.start)
    back = plan.comeback
    if back is None or over(back, rebuilt, from_day):
        return rebuilt.model_copy(update={"comeback": None}) if back is not None else rebuilt
    # §7b: a return after time off holds through the weekly rebuild that replans its days.
    return keep_comeback(rebuilt.model_copy(update={"comeback": back}), profile)


def return_to_running(
    plan: Plan,
    profile: AthleteProfile,
    first_day: date,
    *,
    cause: Cause,
    days_off: int,
    longest_before: float | None,
) -> Plan:
    """The plan rebuilt for a return after ``days_off`` days away, from ``first_day`` (§7b
    illness, §9 resume after a pause; see :mod:`coach.planner.returns`).

    The volume restarts at the cause's share of what the goal needs (a cause may go below
    the rebuild floor), the first days are easy, the first long run is capped; the return
    is kept on the plan until it is over.
    """
    share = volume_share(cause, days_off)
    rebuilt = rebuild_from(
        plan.model_copy(update={"comeback": None}), profile, first_day, 0.0, floor=share
    )
    back = comeback(cause, first_day, days_off, longest_before)
    if back is None:
        return rebuilt
    return keep_comeback(rebuilt.model_copy(update={"comeback": back}), profile)


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


def _respaced(ctx: PlanContext, session: Session, head: Sequence[Session]) -> Session:
    """A rebuilt hard session within 48 h of a kept one becomes an easy run (§4)."""
    if not session.hard or session.kind is SessionKind.RACE:
        return session
    if all(not h.hard or abs((h.date - session.date).days) >= 2 for h in head):
        return session
    surface = Surface.TRAIL if session.surface is Surface.TRAIL else Surface.ROAD
    easy = make_spec(SessionKind.EASY, surface, session.duration_min)
    return build_session(easy, session.date, ctx.paces, ctx.profile, slot=session.slot)


def _planned_minutes(week: Week) -> float:
    return sum(
        s.duration_min
        for s in week.sessions
        if s.surface not in (Surface.REST, Surface.CROSS) and s.kind is not SessionKind.RACE
    )


def _day_one(week: Week) -> float:
    return max(
        (
            s.duration_min
            for s in week.sessions
            if s.kind is SessionKind.LONG and not s.spec.back_to_back
        ),
        default=0.0,
    )


def _state_from(ctx: PlanContext, kept: Sequence[Week]) -> SeasonState:
    """The week-to-week state the weeks ``kept`` hand on (volume, long run, ladders, spacing).

    A first week that started mid-week is no reference for a whole week: as in
    :func:`_generate`, the athlete's current volume stays the reference after it.
    """
    state = SeasonState(ref_minutes=ctx.current_minutes, grow=True, long_last=0.0)
    for index, week in enumerate(kept):
        loading = week.phase in LOADING and not week.deload
        if week.phase in LOADING:
            state.since_deload = 0 if week.deload else state.since_deload + 1
        if loading:
            if not _is_partial(week, ctx.profile.run_days):
                state.ref_minutes = _planned_minutes(week)
            state.loading_weeks += 1
            if _day_one(week) > 0:
                state.long_last = _day_one(week)
                state.long_best = max(state.long_best, state.long_last)
        elif week.phase is Phase.TAPER and _day_one(week) > 0:
            state.long_last = _day_one(week)
        for s in week.sessions:
            if s.hard or s.spec.back_to_back:
                state.last_hard = s.date
            if s.kind is SessionKind.TRACK:
                state.had_track = True
            if s.kind is SessionKind.TIME_TRIAL:
                state.trial_done = True
        if loading:
            advance(ctx, state, [s.spec for s in week.sessions], index)
            pair = [s.duration_min for s in week.sessions if s.spec.back_to_back]
            if pair:
                state.day_two_last = max(pair)
    state.ref_minutes = min(state.ref_minutes, ctx.peak_minutes)
    return state


def _temper(
    ctx: PlanContext,
    state: SeasonState,
    goal_kept: Sequence[Week],
    done: float,
    floor: float,
    longest_done: float | None,
    asked: float = 0.0,
) -> None:
    """Set the volume and long-run reference from the plan the goal needs, tempered by what
    was done (§7b "No downward spiral").

    ``goal_kept`` are the weeks before the rebuild as the goal plans them, untouched by the
    week-to-week cuts, so a rebuild never compounds the last one. After a full loading week
    the reference is what was done, between ``floor`` of the goal's week and all of it (no
    chasing an over-achieving week); after a lighter or partial week, the goal's reference
    scaled by the share of that week that was done, within the same bounds. The long run
    goes on from the longest run done when it is known (bounded the same way), else from
    the goal's ladder scaled like the volume.

    A lighter or partial week's share done is measured against what that week asked
    (``asked``, the current plan's week), not the goal's: a tempered deload week of 289 min
    run at 277 was done in full, not at 81 % of the goal's 343.
    """
    goal = _state_from(ctx, goal_kept)
    if not goal_kept:
        return
    last = goal_kept[-1]
    planned = _planned_minutes(last)
    ratio = _done_share(done, planned, floor)
    full_loading = (
        last.phase in LOADING and not last.deload and not _is_partial(last, ctx.profile.run_days)
    )
    if full_loading:
        ref = planned * ratio
        ratio = ref / goal.ref_minutes if goal.ref_minutes > 0 else ratio
    else:
        if asked > 0:
            ratio = _done_share(done, asked, floor)
        ref = goal.ref_minutes * ratio
    state.ref_minutes = min(ctx.peak_minutes, max(ref, RULES.min_run_minutes))
    if longest_done is not None and full_loading and _day_one(last) > 0:
        if longest_done >= RULES.rebuild_long_done_share * _day_one(last):
            state.long_last = goal.long_last  # done as asked, give or take a few minutes
            state.long_room = goal.ref_minutes  # and the week's cut does not cut it
        else:
            state.long_last = min(goal.long_last, max(longest_done, floor * goal.long_last))
    else:
        state.long_last = goal.long_last * min(1.0, ratio)
        if ratio >= RULES.rebuild_long_done_share:
            state.long_room = goal.ref_minutes
    state.long_best = goal.long_best


def _done_share(done: float, planned: float, floor: float) -> float:
    """The share of a week that counts as done, between ``floor`` and all of it: a week run
    to ``RULES.rebuild_done_full_share`` or more counts in full (a coach's read: one missed
    easy run of a steady marathoner cut the next week by 17 %)."""
    if planned <= 0:
        return 1.0
    share = done / planned
    if share >= RULES.rebuild_done_full_share:
        return 1.0
    return min(1.0, max(floor, share))


def _fresh_state(ctx: PlanContext) -> SeasonState:
    """A season's state before its first week: the athlete's current volume, no long run."""
    return SeasonState(
        ref_minutes=min(ctx.peak_minutes, ctx.current_minutes), grow=False, long_last=0.0
    )


def _first_day(plan: Plan) -> date:
    """The day the plan began (its first week starts on a Monday, its sessions may not)."""
    first = plan.weeks[0] if plan.weeks else None
    if first is None or not first.sessions:
        return plan.start
    return min(s.date for s in first.sessions)


def _is_partial(week: Week, run_days: Collection[int]) -> bool:
    """A week the athlete joined mid-week, missing one of their run days: its plan starts
    after its Monday (days before hold no session, not even a rest day) and after one of
    the athlete's run days (:func:`_lost_run_day`)."""
    if not week.sessions:
        return False
    return _lost_run_day(week.start, min(s.date for s in week.sessions), run_days)


def _lost_run_day(monday: date, first_day: date, run_days: Collection[int]) -> bool:
    """Whether one of the athlete's run days falls in the week before the plan's first day:
    then the week holds less than a whole week's running and is no reference for the next
    one. A plan that starts on a Tuesday for a runner who never runs on Mondays loses
    nothing: its first week is whole (taking its target instead of what it holds set a
    15-km-a-week marathoner's second week against the wrong reference, and the season shrank
    from there)."""
    return any(day in run_days for day in range((first_day - monday).days))


def _generate(
    ctx: PlanContext,
    first_monday: date,
    first_day: date,
    first_index: int,
    phases: Sequence[Phase],
    state: SeasonState,
    until: int | None = None,
) -> list[Week]:
    """Plan the weeks ``first_index..until`` (exclusive; all by default) of ``phases``;
    sessions only from ``first_day``."""
    weeks: list[Week] = []
    taper_seen = sum(1 for p in phases[:first_index] if p is Phase.TAPER)
    recovery_seen = sum(1 for p in phases[:first_index] if p is Phase.RECOVERY)
    build_weeks = sum(1 for p in phases if p is Phase.BUILD)
    for index in range(first_index, len(phases) if until is None else until):
        phase = phases[index]
        monday = first_monday + timedelta(weeks=index)
        in_phase = index - next(i for i in range(index, -1, -1) if i == 0 or phases[i - 1] != phase)
        deload = is_deload(ctx, phases, index, state.since_deload)
        target = week_target(ctx, state, phases, index, deload, taper_seen, recovery_seen)
        if phase is Phase.RECOVERY and weeks:
            # §3b: after the days off an ultra asks, running comes back by steps, not from
            # a week of rest straight to half the peak (30 -> 270 min was seen).
            before = sum(s.duration_min for s in weeks[-1].sessions if s.is_run) - sum(
                s.duration_min for s in weeks[-1].sessions if s.kind is SessionKind.RACE
            )
            target = min(target, before + RULES.post_race_weekly_rise_minutes)
        if phase is Phase.TAPER:
            taper_seen += 1
        elif phase is Phase.RECOVERY:
            recovery_seen += 1
        start_day = max(first_day, monday) if index == first_index else monday
        week = plan_week(
            ctx, state, phases, monday, index, in_phase, deload, target, start_day, build_weeks
        )
        weeks.append(week)
        long_min = _day_one(week)
        if phase in LOADING:
            state.since_deload = 0 if deload else state.since_deload + 1
            if not deload:
                actual = _planned_minutes(week)
                partial = _lost_run_day(monday, start_day, ctx.profile.run_days)
                state.ref_minutes = target if partial or actual <= 0 else actual
                state.grow = True
                state.loading_weeks += 1
                if long_min > 0:
                    state.long_last = long_min
                    state.long_best = max(state.long_best, long_min)
        elif phase is Phase.TAPER and long_min > 0:
            state.long_last = long_min
    return weeks


def _pair_order(plan: Plan) -> str:
    """How the plan lays out back-to-back long days (§3b): "ordered" when some week has the
    second day the day after the long run, "reversed" when the second day only ever comes
    the day before it, "none" without a pair."""
    order = "none"
    for week in plan.weeks:
        longs = [s for s in week.sessions if s.kind is SessionKind.LONG]
        firsts = [s.date for s in longs if not s.spec.back_to_back]
        for second in (s for s in longs if s.spec.back_to_back):
            if any((second.date - first).days == 1 for first in firsts):
                return "ordered"
            order = "reversed"
    return order


def _with_review(ctx: PlanContext, plan: Plan, start: date) -> Plan:
    """The plan with what the race needs of the long run and what the runway could not give
    (§3b: the coach says so instead of quietly under-preparing)."""
    warnings: list[str] = []
    has_race = ctx.race_day is not None
    if has_race:
        # §3b: back-to-back long days count together (the need is the pair's total), so a
        # first day that reaches its 3 h but never gets its second day is still short.
        built = max((w.long_run_min for w in plan.weeks), default=0.0)
        pairs = _pair_order(plan) if ctx.back_to_back else None
        if pairs == "none":
            warnings.append(
                f"This race needs back-to-back long days (a long run and a second long run "
                f"next to it), and no run day sits next to your long-run day or a later one: "
                f"the long run builds to {minutes_text(built)}, not the "
                f"{minutes_text(ctx.long_need)} the race needs over two days. Two run days in "
                "a row from your long-run day on (e.g. Sat and Sun) would allow it."
            )
        elif built < ctx.long_need - RULES.long_step_minutes[1]:
            pair = " (back-to-back days together)" if ctx.back_to_back else ""
            warnings.append(
                f"The runway is short for this race: the long run builds to "
                f"{minutes_text(built)}{pair}, not the {minutes_text(ctx.long_need)} the race "
                "needs. A later race, or a realistic target (run-walk is fine), would fit better."
            )
        if pairs == "reversed":
            warnings.append(
                "Back-to-back long days are a long run and then a second, shorter day after "
                "it; your run days have none right after the long run in the same week (weeks "
                "run Monday to Sunday), so the second day comes the day before it. A long-run "
                "day with a run day after it (e.g. Saturday, then Sunday) would put them in order."
            )
        loading = [_planned_minutes(w) for w in plan.weeks if w.phase in LOADING and not w.deload]
        top = max(loading, default=0.0)
        if top < 0.9 * ctx.peak_minutes:
            warnings.append(
                f"Weekly volume builds to {minutes_text(top)}, short of the "
                f"{minutes_text(ctx.peak_minutes)} this race asks for: there are not enough "
                "weeks to build it at 10 % a week."
            )
    if ctx.peak_minutes < RULES.volume_held_warning_share * ctx.current_minutes:
        # §3b: the plan cannot start from a volume the athlete's days do not hold (easy runs
        # stay at 60-75 min), so it says so rather than quietly cutting their training.
        days = min(ctx.profile.runs_per_week, 7 - RULES.min_rest_days)
        warnings.append(
            f"You run about {minutes_text(ctx.current_minutes)} a week now; on {days} run "
            f"days, with easy runs of at most {RULES.easy_run_cap_high:.0f} min, the plan's "
            f"weeks hold about {minutes_text(ctx.peak_minutes)}. Another run day would keep "
            "your volume."
        )
    if (
        plan.paces.estimated
        and not any(s.kind is SessionKind.TIME_TRIAL for w in plan.weeks for s in w.sessions)
        and plan.start >= monday_of(start)
        and len(plan.weeks) > RULES.trial_weeks(ctx.beginner)[0]
    ):
        first, last = RULES.trial_weeks(ctx.beginner)
        warnings.append(
            "Your paces are estimates and there was no room for a time trial in weeks "
            f"{first + 1}-{last + 1}: log any race or time trial and I'll set your paces from it."
        )
    return plan.model_copy(
        update={
            "race_need_long_run_min": ctx.long_need if has_race else None,
            "warnings": tuple(warnings),
        }
    )
