"""One week's layout (COACHING.md §4): hard days, durations, surfaces, then cues.

The long run goes on the athlete's day (with its back-to-back partner for a long ultra),
then the week's quality sessions on the earliest days that keep 48 hours from every other
hard day, across week boundaries too (the track session first, so it falls early with an
easy day after it). At most 3 hard days (2 on three run days or fewer, or for beginners), at
least one easy run and one rest day; nothing hard in the last days before a race. What is
left of the week's minutes goes to easy runs: short (60-75 min at most, well below the long
run), one of them the named medium-long run for a marathoner or ultra runner on 5+ days.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from coach.models import GoalKind, Phase, Session, SessionKind, Surface, Week, WorkoutSpec
from coach.planner.context import (
    LOADING,
    PlanContext,
    SeasonState,
    SlotDraft,
    floor5,
    make_spec,
    round5,
    with_minutes,
)
from coach.planner.long_run import ladder_minutes, pair_minutes, second_day_minutes, share_cap
from coach.planner.progressions import advance
from coach.planner.race_specific import (
    long_run_days,
    long_run_finish,
    qualities,
    quality_spec,
    race_pace_window,
    sharpen_days_ok,
    simulations,
)
from coach.planner.surfaces import (
    assign_surfaces,
    climb_target,
    tempo_segments,
    trail_debt,
    trail_target,
)
from coach.planner.volume import loading_weeks_until
from coach.rules import RULES
from coach.workouts import (
    DEFAULT_RPE,
    HARD_KINDS,
    Slot,
    WeekContext,
    build_session,
    context_key,
    session_minutes,
)

_DAY = timedelta(days=1)
_STRIDES_NOTE = (
    f"Finish with {RULES.strides} x 20 s relaxed strides (quick, tall, smooth; walk back): "
    "speed without strain, before any intervals."
)
_RUN_WALK_NOTE = (
    "Run-walk is welcome: a 1-minute walk every 8-10 minutes keeps the whole run easy; time "
    "on your feet is what counts."
)


def _bent_note(share: float, why: str) -> str:
    return (
        f"This long run is {share:.0%} of your week, more than the usual 30 %: {why}, so keep "
        "every minute easy."
    )


def _bent_why(ctx: PlanContext, minutes: float, phase: Phase) -> str:
    """Why a long run takes more than 30 % of the week, in the athlete's terms: the race's
    need, the long run they already run, or (a few run days, a lighter week) the week."""
    if minutes <= floor5(ctx.long_start) + RULES.round_to_minutes:
        return "you already run this long"
    if ctx.profile.goal.has_race and phase in LOADING:
        return "your race needs the time on feet"
    return "with few runs a week, one of them is a big share"


@dataclass
class _Draft:
    """The week being laid out: what each step of :func:`plan_week` reads and adds to."""

    ctx: PlanContext
    state: SeasonState
    phases: Sequence[Phase]
    phase: Phase
    monday: date
    index: int
    in_phase: int
    deload: bool
    target: float
    days: list[date]
    run_weekdays: set[int]
    run_days: list[date]
    race_in_week: bool
    hard: list[date]
    lookahead: list[date]
    next_long: date
    slots: list[SlotDraft] = field(default_factory=list)
    long_slot: SlotDraft | None = None
    partner: SlotDraft | None = None
    taken: set[date] = field(default_factory=set)
    quality: list[SlotDraft] = field(default_factory=list)
    extras: list[SlotDraft] = field(default_factory=list)
    easy: list[SlotDraft] = field(default_factory=list)
    medium: SlotDraft | None = None
    easy_cap: float = 0.0

    @property
    def race_day(self) -> date | None:
        return self.ctx.race_day

    def fixed_minutes(self) -> float:
        """The long run, its partner, the quality sessions and the race week's extras."""
        return (
            (self.long_slot.minutes if self.long_slot else 0.0)
            + (self.partner.minutes if self.partner else 0.0)
            + sum(s.minutes for s in self.quality)
            + sum(s.minutes for s in self.extras)
        )


def plan_week(
    ctx: PlanContext,
    state: SeasonState,
    phases: Sequence[Phase],
    monday: date,
    index: int,
    in_phase: int,
    deload: bool,
    target: float,
    first_day: date,
    build_weeks: int,
) -> Week:
    """Lay out one week: the long run, the quality sessions, the race week, the volume as
    easy runs, surfaces; then hand the season on and dress every session."""
    w = _draft(ctx, state, phases, monday, index, in_phase, deload, target, first_day)
    _place_long(w, build_weeks)
    _place_quality(w)
    _place_race(w, first_day)
    _fit_volume(w)
    _surfaces_and_shares(w)
    _hand_on(w)
    simulations(ctx, w.slots, w.phase, in_phase, deload, w.long_slot)
    return _dress(ctx, w.slots, w.days, monday, index, w.phase, deload)


def _draft(
    ctx: PlanContext,
    state: SeasonState,
    phases: Sequence[Phase],
    monday: date,
    index: int,
    in_phase: int,
    deload: bool,
    target: float,
    first_day: date,
) -> _Draft:
    """The week's days: which may hold a run (§4 rest day, the race, post-race rest) and the
    hard days it must keep 48 h from."""
    profile = ctx.profile
    phase = phases[index]
    race_day = ctx.race_day
    sunday = monday + 6 * _DAY
    race_in_week = race_day is not None and monday <= race_day <= sunday
    run_weekdays = set(profile.run_days)
    if len(run_weekdays) == 7:
        # §4: one rest day, after the long run; after the pair when the week may hold a
        # back-to-back weekend (§3b), so the second long day keeps the day after the first.
        pair = ctx.back_to_back and phase in (Phase.BUILD, Phase.COMPETITION) and not deload
        run_weekdays.discard((profile.long_run_day + (2 if pair else 1)) % 7)
    days = [monday + i * _DAY for i in range(7) if monday + i * _DAY >= first_day]
    before_race = [d for d in days if race_day is None or not race_in_week or d < race_day]
    run_days = [d for d in before_race if d.weekday() in run_weekdays]
    if race_in_week and race_day is not None:
        run_days = [d for d in run_days if d < race_day - _DAY]  # the day before: shakeout
    if phase is Phase.RECOVERY and race_day is not None:
        rested = race_day + rest_after_race(ctx) * _DAY
        run_days = [d for d in run_days if d > rested]
    hard: list[date] = [state.last_hard] if state.last_hard else []
    if race_day is not None:
        hard.append(race_day)
    next_long = monday + timedelta(days=7 + profile.long_run_day)
    lookahead = [next_long] if phase is not Phase.RECOVERY else []
    return _Draft(
        ctx=ctx,
        state=state,
        phases=phases,
        phase=phase,
        monday=monday,
        index=index,
        in_phase=in_phase,
        deload=deload,
        target=target,
        days=days,
        run_weekdays=run_weekdays,
        run_days=run_days,
        race_in_week=race_in_week,
        hard=hard,
        lookahead=lookahead,
        next_long=next_long,
    )


def _place_long(w: _Draft, build_weeks: int) -> None:
    """The long run on the athlete's day (or the first later one 48 h from a hard day), at
    its ladder's minutes within its share of the week, with its back-to-back partner and
    its race-pace finish (§3b)."""
    ctx, state, profile = w.ctx, w.state, w.ctx.profile
    has_long = w.phase in LOADING or (w.phase is Phase.TAPER and not w.race_in_week)
    if not has_long:
        return
    long_day = w.monday + profile.long_run_day * _DAY
    candidates = long_run_days(
        ctx,
        [
            d
            for d in w.run_days
            if d >= long_day and _far_enough(d, w.hard) and _before_race_buffer(d, w.race_day)
        ],
        long_day,
    )
    earlier = [
        d
        for d in w.run_days
        if d < long_day
        and race_pace_window(ctx, d)
        and _far_enough(d, w.hard)
        and _before_race_buffer(d, w.race_day)
    ]
    if w.phase is Phase.TAPER and earlier and not any(race_pace_window(ctx, d) for d in candidates):
        # §3b: the last race-pace session belongs 7-10 days out. When the athlete's only day
        # there comes before their long-run day, the taper long run gives way: the day
        # holds the race-pace sharpener and the long-run day an easy run (a long run the
        # day after it would have kept the sharpener off it, and the last HMP work fell 13
        # days out). A long run never moves before the athlete's day (§4).
        return
    if not candidates:
        return
    first = state.long_last <= 0
    minutes = ladder_minutes(ctx, state, w.phases, w.index, w.deload, first)
    ladder = minutes
    minutes = min(minutes, share_cap(ctx, w.target))
    if w.phase in LOADING:
        # §3b "build the long run from where the athlete is": a long run they already run
        # is kept (within the low-volume share of the week), not cut to 30 % of it (an 80K
        # runner whose longest is 2 h 50 started at 1 h 55 and took 16 weeks to get back).
        habit = min(
            floor5(ctx.long_start),
            ctx.long_top,
            floor5(RULES.long_run_max_share_low_volume * w.target),
        )
        minutes = max(minutes, min(ladder, habit))
    if state.long_room > w.target:
        # A tempered week keeps the long run its ladder asks (within the goal's week's
        # share), bent to at most the low-volume share of the week it sits in (§3b, §7b).
        kept = min(
            share_cap(ctx, state.long_room),
            floor5(RULES.long_run_max_share_low_volume * w.target),
        )
        minutes = max(minutes, min(kept, ladder))
    chosen = candidates[0]
    if second_day_minutes(ctx, w.phase, w.deload, max(RULES.min_run_minutes, minutes)):
        # §3b "Sat 3 h + Sun 2 h": the second long day follows the first, so a
        # back-to-back weekend takes the first of these days with a run day after it.
        after = [d for d in candidates if _pair_after(d, w.run_days, w.race_day)]
        chosen = after[0] if after else chosen
    surface = Surface.TRAIL if _trail_long(ctx) else Surface.ROAD
    long_slot = SlotDraft(
        chosen,
        make_spec(SessionKind.LONG, surface, max(RULES.min_run_minutes, minutes)),
        flexible=profile.goal is GoalKind.FITNESS and profile.trail_access,
    )
    w.long_slot = long_slot
    w.slots.append(long_slot)
    w.hard.append(long_slot.day)
    w.taken.add(long_slot.day)
    # Day two grows a long-run step a loading week, two when the weeks left before the
    # long run's peak need them (§3b: the pair must be there 3-4 weeks out).
    left = loading_weeks_until(ctx, w.phases, w.index, ctx.long_peak_index, state.since_deload)
    full = pair_minutes(long_slot.minutes)
    step = RULES.long_step_minutes[1]
    step = min(2 * step, max(step, (full - state.day_two_last) / max(1, left)))
    partner = _partner(
        ctx,
        long_slot,
        w.run_days,
        w.phase,
        w.deload,
        w.race_day,
        w.target,
        state.day_two_last + step,
    )
    if partner is not None:
        w.partner = partner
        w.slots.append(partner)
        w.hard.append(partner.day)  # spaced like a hard day, though it is easy running
        w.taken.add(partner.day)
    finish = long_run_finish(
        ctx, state, w.phase, w.in_phase, build_weeks, w.deload, day=long_slot.day
    )
    if finish is not None:
        minutes_at, zone, tag = finish
        long_slot.set(finish_at_marathon_min=minutes_at, finish_zone=zone, ladder=tag or None)


def _place_quality(w: _Draft) -> None:
    """The week's quality sessions, most important first, on the earliest days 48 h from
    every hard day (§4), a double where the week allows; the track session early (§4)."""
    ctx, state, profile = w.ctx, w.state, w.ctx.profile
    long_run_day = w.long_slot.day if w.long_slot else None
    tokens = qualities(ctx, state, w.phase, w.in_phase, w.index, long_day=long_run_day)
    allowed = ctx.max_hard - (1 if w.long_slot else 0) - (1 if w.race_in_week else 0)
    free_days = [d for d in w.run_days if d not in w.taken]
    allowed = min(allowed, len(free_days) - 1 if len(free_days) > 1 else 0)
    if w.partner is not None:
        allowed = min(allowed, 1)  # §3b: a back-to-back weekend leaves room for one session
    if w.deload:
        # §3 a lighter week: one quality session besides the long run, the most important;
        # with two, a lighter week held more intensity than the loading weeks around it.
        allowed = min(allowed, RULES.deload_quality_sessions)
    quality_days = [d for d in free_days if _before_race_buffer(d, w.race_day)]
    # The most important sessions take the days 48 h spacing leaves, and are the last to go
    # when the volume is short (§3b: with room for one, sessions that take turns do).
    tokens = tokens[: max(0, min(allowed, _room(quality_days, [*w.hard, *w.lookahead])))]
    doubles = (
        profile.doubles
        and profile.runs_per_week >= RULES.doubles_min_run_days
        and not ctx.beginner
        and w.phase in (Phase.BUILD, Phase.COMPETITION)
        and not w.deload
        and w.in_phase % 2 == 1  # every other week, so the tempo still progresses
    )
    # A double replaces the week's second session when it is threshold, never its first.
    double_token = tokens[1] if tokens[1:2] == ["threshold"] else None
    placed: dict[date, str] = {}
    for token in tokens:
        fits = [d for d in quality_days if _far_enough(d, w.hard) and _far_enough(d, w.lookahead)]
        if token == "sharpen":
            fits = [d for d in fits if sharpen_days_ok(ctx, d)] or (
                [] if profile.goal in (GoalKind.ROAD_HALF, GoalKind.ROAD_MARATHON) else fits
            )
        day = fits[0] if fits else None
        if day is None:
            continue
        as_double = doubles and token == double_token
        spec = quality_spec(ctx, state, token, w.phase, w.deload, w.target, slot_am=as_double)
        if spec is None:
            continue
        spec = with_minutes(spec, session_minutes(spec, ctx.paces, profile))
        flexible = spec.kind is SessionKind.HILLS and profile.trail_access
        w.quality.append(SlotDraft(day, spec, flexible=flexible, slot="am" if as_double else None))
        if as_double:
            pm_surface = Surface.TRAIL if profile.trail_access else Surface.ROAD
            pm = make_spec(SessionKind.EASY, pm_surface, RULES.doubles_pm_minutes)
            w.quality.append(SlotDraft(day, pm, slot="pm"))
        w.hard.append(day)
        placed[day] = token
        quality_days = [d for d in quality_days if d != day]
    _track_first(w.quality, placed)


def _place_race(w: _Draft, first_day: date) -> None:
    """Race week: a shakeout the day before, the race, recovery jogs after the rest days."""
    race_day, profile = w.race_day, w.ctx.profile
    if not w.race_in_week or race_day is None:
        return
    eve = race_day - _DAY
    if eve >= first_day and eve.weekday() in w.run_weekdays:
        shake = make_spec(
            SessionKind.EASY,
            Surface.ROAD,
            20.0,
            note=f"Shakeout: include {RULES.strides} relaxed strides in the last 5 minutes.",
        )
        w.extras.append(SlotDraft(eve, shake))
    surface = Surface.TRAIL if profile.goal is GoalKind.TRAIL else Surface.ROAD
    w.slots.append(
        SlotDraft(race_day, make_spec(SessionKind.RACE, surface, target_rpe=_race_rpe(w.ctx)))
    )
    rest_after = rest_after_race(w.ctx)
    for d in w.days:
        if d > race_day + rest_after * _DAY and d.weekday() in w.run_weekdays:
            jog = make_spec(SessionKind.RECOVERY, Surface.ROAD, RULES.post_race_run_minutes)
            w.extras.append(SlotDraft(d, jog, flexible=profile.trail_access))


def _fit_volume(w: _Draft) -> None:
    """The week's minutes: quality that does not fit goes (the least important first), the
    rest is shared as easy runs (one of them the medium-long run), what they cannot hold
    pads the quality days' cool-downs."""
    ctx, state, profile = w.ctx, w.state, w.ctx.profile
    fixed_days = {s.day for s in w.quality} | w.taken
    easy_days = [d for d in w.run_days if d not in fixed_days]
    # The time trial is first, so it goes last (then the plan warns).
    while w.quality and w.fixed_minutes() + (RULES.min_run_minutes if easy_days else 0) > (
        w.target
    ):
        dropped_day = w.quality[-1].day
        w.quality = [s for s in w.quality if s.day != dropped_day]
        w.hard.remove(dropped_day)
        easy_days = sorted([*easy_days, dropped_day])
    w.slots.extend(w.quality)
    w.slots.extend(w.extras)
    if any(s.kind is SessionKind.TIME_TRIAL for s in w.quality):
        state.trial_done = True
    budget = w.target - w.fixed_minutes()
    slack = _slack(state, w.phase, w.deload, w.target)
    long_min = w.long_slot.minutes if w.long_slot else 0.0
    if w.long_slot is not None and w.partner is None:
        given = _room_for_a_run(w.long_slot, state.long_last, budget, len(easy_days), slack)
        long_min, budget = w.long_slot.minutes, budget + given
    w.easy_cap = _easy_cap(
        w.phase,
        long_min,
        state.long_last,
        budget,
        len(easy_days),
        w.race_in_week,
        state.long_best,
    )
    w.easy = _easy_slots(ctx, easy_days, budget, w.easy_cap, slack)
    if w.phase is Phase.RECOVERY and w.in_phase == 0 and w.easy:
        first_run = w.easy[0]  # §5: the first run after a race is a 30-40 min recovery run
        minutes = min(first_run.minutes, RULES.post_race_first_run_max)
        soft = Surface.TRAIL if profile.trail_access else Surface.ROAD  # soft ground, if any
        first_run.reset(make_spec(SessionKind.RECOVERY, soft, minutes))
        first_run.flexible = False
    if w.partner is None:  # a back-to-back weekend is the week's endurance work already
        # Next week's hard days are not laid out yet: its long run is known, and its first
        # quality session may fall on Monday (48 h after this week's last hard day), so a
        # Sunday medium-long run after a hard Saturday would sit between two hard days.
        next_monday = w.monday + 7 * _DAY
        ahead = [w.next_long, *([next_monday] if 0 in w.run_weekdays else [])]
        w.medium = _medium_long(ctx, w.phase, w.deload, w.long_slot, w.easy, [*w.hard, *ahead])
    if w.phase in LOADING:
        left = w.target - w.fixed_minutes() - sum(s.minutes for s in w.easy)
        _pad_quality(w.quality, left)
    w.slots.extend(w.easy)
    if (
        ctx.beginner
        and w.phase in LOADING
        and state.loading_weeks < RULES.strides_before_intervals_weeks
    ):
        _strides(w.easy)


def _surfaces_and_shares(w: _Draft) -> None:
    """Surfaces toward the phase's trail share, tempo segments, the long run within its share
    of the week (and the medium-long run within 75 % of it), a rest day (§2-§4, §3b)."""
    ctx, state = w.ctx, w.state
    if state.trail_phase is not w.phase:
        state.trail_phase, state.trail_debt = w.phase, 0.0
    share = trail_target(ctx, w.phase, w.index)
    assign_surfaces(ctx, w.slots, share, state.trail_debt, w.easy_cap, w.hard)
    tempo_segments(state, w.slots, w.phase)
    if w.long_slot is not None:
        habit = w.phase in LOADING and w.long_slot.minutes <= floor5(ctx.long_start)
        bent = state.long_room > w.target or habit
        easy = [s for s in w.easy if s is not w.medium]
        _fit_long(ctx, w.long_slot, w.slots, easy, bent, w.phase)
        if w.medium is not None:
            # §3b: 60-75 % of the long run as it stands, after its share of the week cut it.
            most = floor5(RULES.medium_long_share[1] * w.long_slot.minutes)
            w.medium.set(duration_min=max(RULES.min_run_minutes, min(w.medium.minutes, most)))
    _fit_pair(w)
    _ensure_rest_day(w.slots, w.days, w.race_day)
    state.trail_debt = trail_debt(w.slots, share, state.trail_debt)


def _fit_pair(w: _Draft) -> None:
    """A back-to-back weekend within ``RULES.back_to_back_week_share`` of the week as laid
    out (a week whose runs came out under its target held day two to the target's share
    only): day two gives minutes to the easy runs, up to their cap, until the pair fits, and
    never drops under ``RULES.long_run_floor_long``. The week keeps its volume."""
    partner, long_slot = w.partner, w.long_slot
    if partner is None or long_slot is None or partner not in w.slots:
        return
    share, step = RULES.back_to_back_week_share, RULES.round_to_minutes
    easy = sorted(
        (s for s in w.easy if s is not w.medium and s.slot is None), key=lambda s: s.minutes
    )
    total = sum(s.minutes for s in w.slots)
    while easy and partner.minutes - step >= RULES.long_run_floor_long:
        if long_slot.minutes + partner.minutes <= share * total:
            return
        run = easy[0]
        if run.minutes + step > w.easy_cap:
            return
        partner.set(duration_min=partner.minutes - step)
        run.set(duration_min=run.minutes + step)
        easy.sort(key=lambda s: s.minutes)


def _hand_on(w: _Draft) -> None:
    """What this week hands the next: ladder rungs, the track block, the last hard day."""
    state = w.state
    if w.phase in LOADING and not w.deload:
        advance(w.ctx, state, [s.spec() for s in w.slots], w.index)
        if w.partner is not None and w.partner in w.slots:
            state.day_two_last = w.partner.minutes
    if any(s.kind is SessionKind.TRACK for s in w.slots):
        state.had_track = True
    hard_days = [s.day for s in w.slots if s.kind in HARD_KINDS and not s.get("back_to_back")]
    if w.partner is not None and w.partner in w.slots:
        hard_days.append(w.partner.day)  # §4 spacing: the next hard day waits 48 h after it
    if hard_days:
        state.last_hard = max(hard_days)


def rest_after_race(ctx: PlanContext) -> int:
    """Days without running after the race (§3, §3b: recovery scales with the race): 1 after
    a 5K or 10K, 2 after longer races, and after an ultra a day per
    ``RULES.post_race_rest_minutes_per_day`` raced, up to ``RULES.post_race_rest_max_days``
    (a coach's read: 2 days of rest and five runs the same week after 10 h 41 of racing)."""
    days = RULES.post_race_rest_days(ctx.profile.goal)
    if ctx.race_minutes > RULES.long_race_minutes:
        per_day = RULES.post_race_rest_minutes_per_day
        days = max(days, min(RULES.post_race_rest_max_days, math.ceil(ctx.race_minutes / per_day)))
    return days


def _race_rpe(ctx: PlanContext) -> int:
    """§3b: an ultra is run at RPE 4-6, never 9 for hours; 1-3 h races hard, short ones all out."""
    if ctx.race_minutes > RULES.long_race_minutes:
        return RULES.ultra_race_rpe
    if ctx.race_minutes > RULES.short_race_minutes:
        return RULES.mid_race_rpe
    return DEFAULT_RPE[SessionKind.RACE]  # short races: all out


def _trail_long(ctx: PlanContext) -> bool:
    profile = ctx.profile
    return profile.goal is GoalKind.TRAIL and profile.trail_access


def _partner(
    ctx: PlanContext,
    long_slot: SlotDraft,
    run_days: Sequence[date],
    phase: Phase,
    deload: bool,
    race_day: date | None,
    target: float,
    most: float = 0.0,
) -> SlotDraft | None:
    """§3b: day two of a back-to-back pair, the day after the long run (or the day before).

    The pair together takes at most ``RULES.back_to_back_week_share`` of the week: a 50K
    runner's weekend once took 72 % of it and left 20-min runs midweek. Day two shrinks to
    fit, and waits for a bigger week when less than ``RULES.long_run_floor_long`` is left.
    """
    minutes = second_day_minutes(ctx, phase, deload, long_slot.minutes)
    room = floor5(RULES.back_to_back_week_share * target - long_slot.minutes)
    # Day two joins at the floor and grows by steps (``most``: last loading week's day two
    # and a step), so the weekend does not jump by two hours at once.
    minutes = min(minutes, room, floor5(max(RULES.long_run_floor_long, most)))
    if minutes < RULES.long_run_floor_long:
        return None
    for day in (long_slot.day + _DAY, long_slot.day - _DAY):
        if day in run_days and _before_race_buffer(day, race_day):
            spec = make_spec(SessionKind.LONG, long_slot.surface, minutes)
            spec = spec.model_copy(update={"back_to_back": True, "target_rpe": 3})
            return SlotDraft(day, spec)
    return None


def _pair_after(day: date, run_days: Sequence[date], race_day: date | None) -> bool:
    """Whether a back-to-back pair's second day can follow a long run on ``day`` (§3b)."""
    return day + _DAY in run_days and _before_race_buffer(day + _DAY, race_day)


def _room_for_a_run(
    long_slot: SlotDraft, long_last: float, budget: float, days: int, slack: float
) -> float:
    """Minutes moved from this week's long-run step to the easy runs, so that a week a few
    minutes short of another minimum run keeps the athlete's run days instead of dropping
    one (§3b: a 3-day runner's 74 min is 30 + 2 x 20, not 35 + 25, or the week stalls).
    The long run gives only part of its rise over last week's, keeping at least one 5-min
    step, so its ladder still climbs; all of it (the ladder holds a week) only when the
    easy runs would otherwise leave more unrun than that. Returns what it gave."""
    minimum, step = RULES.min_run_minutes, RULES.round_to_minutes
    count = min(days, int(max(0.0, budget) // minimum))
    if count >= days:
        return 0.0
    short = (count + 1) * minimum - budget
    if short <= min(slack, step):
        return 0.0  # the easy runs round up to it (see _easy_slots)
    give = step * -(-short // step)
    rise = long_slot.minutes - max(long_last, minimum)
    # What the runs the budget makes would leave unrun: none may pass its cap (§3b: well
    # below the long run).
    cap = max(minimum, floor5(RULES.easy_run_max_of_long * long_slot.minutes))
    lost = budget - min(budget, count * cap)
    if give > rise - step and not (give <= rise and lost > give):
        # The long run keeps a step of its rise: the ladder never stalls for it, unless
        # without those minutes the week would lose more than the whole rise (a 15-km-a-
        # week marathoner's 74 min came out as 35 + 25, the next week's reference fell with
        # it, and the season shrank to 45 min a week). Then the ladder holds a week.
        return 0.0
    long_slot.set(duration_min=long_slot.minutes - give)
    return give


def _slack(state: SeasonState, phase: Phase, deload: bool, target: float) -> float:
    """How far over ``target`` a week may round (§3): a loading week up to 10 % over the last
    one, a deload week up to 80 % of it; taper and recovery weeks not at all."""
    if phase not in LOADING:
        return 0.0
    factor = RULES.deload_ceiling if deload else 1.0 + RULES.max_weekly_increase
    return max(0.0, state.ref_minutes * factor - target)


def _easy_cap(
    phase: Phase,
    long_min: float,
    long_last: float,
    budget: float,
    runs: int,
    race_week: bool,
    long_best: float = 0.0,
) -> float:
    """The longest easy run this week (§3b): an hour, up to 75 min when the week needs it,
    and well below the long run; taper and recovery weeks keep their runs short, and race
    week shorter still (half the season's longest long run, at most the recovery cap).

    Race week is measured against the peak long run, not the taper's last one: that one is
    already down twice, and half of it left a 2:45 marathoner five 35-min jogs (a third of
    the peak week, where §9's taper asks for about 0.56 of it)."""
    if phase is Phase.RECOVERY:
        return RULES.recovery_run_cap_minutes
    cap = RULES.easy_run_cap_minutes
    if runs and budget / runs > cap and phase is not Phase.TAPER:
        cap = min(RULES.easy_run_cap_high, budget / runs)
    if race_week:
        cap = min(cap, RULES.recovery_run_cap_minutes, 0.5 * max(long_best, long_last) or cap)
    if long_min > 0:
        cap = min(cap, RULES.easy_run_max_of_long * long_min)
    if phase is Phase.TAPER and long_last > 0:
        cap = min(cap, 0.75 * long_last)
    return max(RULES.min_run_minutes, floor5(cap))


def _easy_slots(
    ctx: PlanContext, days: Sequence[date], minutes: float, cap: float, slack: float = 0.0
) -> list[SlotDraft]:
    """Share ``minutes`` over easy runs on ``days``: each at least the minimum, 5-min steps.

    Fewer runs when the minutes do not stretch (days are kept evenly spread); none longer
    than ``cap``. Never more than ``minutes`` in total, save one rounding step within
    ``slack`` (what the week may still rise, §3): a week a few minutes short of another
    minimum run rounds up to it rather than dropping the minutes (a 3-day runner's 37 min is
    two 20-min runs, not one, or the season never grows).
    """
    short = RULES.min_run_minutes - minutes % RULES.min_run_minutes
    if not days or minutes < RULES.min_run_minutes - min(slack, RULES.round_to_minutes):
        return []
    count = min(len(days), int(minutes // RULES.min_run_minutes))
    if count < len(days) and short <= min(slack, RULES.round_to_minutes):
        count += 1
        minutes = count * RULES.min_run_minutes
    if count < len(days):
        step = len(days) / count
        days = [days[int(i * step)] for i in range(count)]
    each = min(cap, minutes / count)
    values = [max(RULES.min_run_minutes, round5(each)) for _ in days]
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
        SlotDraft(d, make_spec(SessionKind.EASY, Surface.ROAD, v), flexible=flexible)
        for d, v in zip(days, values, strict=True)
    ]


def _medium_long(
    ctx: PlanContext,
    phase: Phase,
    deload: bool,
    long_slot: SlotDraft | None,
    easy: list[SlotDraft],
    hard: Sequence[date],
) -> SlotDraft | None:
    """§3b: marathon and ultra plans on 5+ days carry one mid-week medium-long run (60-75 %
    of the long run), named, and never between two hard days. Its minutes come from the
    other easy runs, which keep the minimum."""
    profile = ctx.profile
    if (
        long_slot is None
        or deload
        or phase not in (Phase.BUILD, Phase.COMPETITION)
        or profile.goal not in (GoalKind.ROAD_MARATHON, GoalKind.TRAIL)
        or profile.runs_per_week < RULES.medium_long_min_run_days
        or len(easy) < 2
    ):
        return None
    low, high = RULES.medium_long_share
    minutes = round5((low + high) / 2 * long_slot.minutes)
    largest = max(s.minutes for s in easy)
    if minutes <= largest:
        return None
    hard_set = set(hard)

    def between_hard(s: SlotDraft) -> bool:
        return s.day - _DAY in hard_set and s.day + _DAY in hard_set

    def touching(s: SlotDraft) -> int:
        return (s.day - _DAY in hard_set) + (s.day + _DAY in hard_set)

    options = [s for s in easy if not between_hard(s) and abs((s.day - long_slot.day).days) >= 2]
    if not options:
        return None
    chosen = min(options, key=lambda s: (touching(s), abs(s.day.weekday() - 2)))
    others = [s for s in easy if s is not chosen]
    total = sum(s.minutes for s in easy)
    rest = total - minutes
    if rest < len(others) * RULES.min_run_minutes:
        return None
    on_trail = profile.goal is GoalKind.TRAIL and profile.trail_access
    surface = Surface.TRAIL if on_trail else Surface.ROAD
    spec = make_spec(SessionKind.EASY, surface, minutes).model_copy(update={"medium_long": True})
    chosen.reset(spec)
    chosen.flexible = False
    _share_out(others, rest)
    return chosen


def _pad_quality(quality: Sequence[SlotDraft], minutes: float) -> None:
    """What the easy runs could not hold goes to the quality days as a longer easy
    cool-down (§3b: few-day weeks still build), 5 min at a time, within the caps."""
    step = RULES.round_to_minutes
    slots = [s for s in quality if s.slot is None and s.kind is not SessionKind.TIME_TRIAL]
    added = {id(s): 0.0 for s in slots}
    while minutes >= step and slots:
        grown = False
        for s in slots:
            if minutes < step:
                break
            if added[id(s)] + step > RULES.quality_pad_max_minutes:
                continue
            if s.minutes + step > RULES.quality_session_max_minutes:
                continue
            s.set(duration_min=s.minutes + step, padded=True)
            added[id(s)] += step
            minutes -= step
            grown = True
        if not grown:
            return


def _share_out(slots: Sequence[SlotDraft], minutes: float) -> None:
    """Even out ``minutes`` over ``slots`` in 5-minute steps, none under the minimum."""
    if not slots:
        return
    step = RULES.round_to_minutes
    units = int(minutes // step)
    each, extra = divmod(units, len(slots))
    for i, s in enumerate(slots):
        value = max(RULES.min_run_minutes, (each + (1 if i < extra else 0)) * step)
        s.set(duration_min=float(value))


def _strides(easy: Sequence[SlotDraft]) -> None:
    """§3b beginners: strides on two easy runs a week until intervals begin."""
    for s in easy[:2]:
        if not s.get("note"):
            s.set(note=_STRIDES_NOTE)


def _fit_long(
    ctx: PlanContext,
    long_slot: SlotDraft,
    slots: Sequence[SlotDraft],
    easy: Sequence[SlotDraft],
    bent: bool = False,
    phase: Phase = Phase.BUILD,
) -> None:
    """The long run within its share of the week as laid out (§3b, §4), the week's longest
    run, and a word when it takes more than the usual 30 % (the race needs it). ``bent``: a
    week tempered below the goal's by a rebuild, whose long run keeps the low-volume share."""
    others = sum(s.minutes for s in slots if s is not long_slot and s.kind is not SessionKind.RACE)
    week = others + long_slot.minutes
    share = RULES.long_run_max_share
    few_days = ctx.profile.runs_per_week <= RULES.low_run_days
    if few_days or (ctx.long_need > share * week and ctx.profile.goal is not GoalKind.FITNESS):
        share = ctx.long_share_max
    if bent:
        share = max(share, RULES.long_run_max_share_low_volume)
    if share > RULES.long_run_max_share:
        share = min(0.5, share + RULES.trail_share_tolerance)  # whole runs: a little slack
    floor = min(RULES.long_run_floor(ctx.profile.goal), RULES.long_run_floor_max_share * week)
    most = max(share / (1 - share) * others, floor)
    if long_slot.minutes > most:
        long_slot.set(duration_min=max(RULES.min_run_minutes, floor5(most)))
    _longest_is_long(long_slot, easy)
    week = others + long_slot.minutes
    notes = []
    if ctx.beginner:
        notes.append(_RUN_WALK_NOTE)
    if week > 0 and long_slot.minutes > RULES.long_run_max_share * week + RULES.round_to_minutes:
        notes.append(_bent_note(long_slot.minutes / week, _bent_why(ctx, long_slot.minutes, phase)))
    if notes and not long_slot.get("note"):
        long_slot.set(note=" ".join(notes))


def _longest_is_long(long_slot: SlotDraft, easy: Sequence[SlotDraft]) -> None:
    """The long run is the week's longest run, the easy runs below it (§3b, §4): a low-volume
    week whose easy runs came out as long as the long run (or longer) moves minutes into the
    long run, 5 at a time; an easy run already at the minimum leaves the long run one step
    longer instead (a 20-min long run beside a 20-min easy run is no long run)."""
    if not easy:
        return
    step = RULES.round_to_minutes
    while True:
        top = max(easy, key=lambda s: s.minutes)
        if top.minutes < long_slot.minutes:
            return
        if top.minutes - step >= RULES.min_run_minutes:
            top.set(duration_min=top.minutes - step)
        long_slot.set(duration_min=long_slot.minutes + step)


def _before_race_buffer(day: date, race_day: date | None) -> bool:
    """§3 taper: the last days before the race stay easy; hard work ends 4 days out."""
    if race_day is None or day > race_day:
        return True
    return (race_day - day).days >= RULES.race_week_quality_min_days_before


def _track_first(quality: Sequence[SlotDraft], placed: dict[date, str]) -> None:
    """The track (speed) session takes the week's earliest quality day, so it lands early
    with an easy day after it (§4, seed 004); the days themselves stay 48 h apart."""
    early = sorted(placed, key=lambda d: placed[d] not in ("speed", "track", "trial"))
    moved = dict(zip(early, sorted(placed), strict=True))
    for s in quality:
        s.day = moved[s.day]


def _room(days: Sequence[date], hard: Sequence[date]) -> int:
    """How many hard sessions fit on ``days`` 48 h from ``hard`` and from each other, placed
    earliest first as the week places them."""
    placed = list(hard)
    for day in days:
        if _far_enough(day, placed):
            placed.append(day)
    return len(placed) - len(hard)


def _far_enough(day: date, hard: Sequence[date]) -> bool:
    """48 hours from every hard day (§4): no hard day the day before or after."""
    return all(abs((day - h).days) >= 2 for h in hard)


def _ensure_rest_day(slots: list[SlotDraft], days: Sequence[date], race_day: date | None) -> None:
    """§4: at least one day a week without running; a full week gives up its easiest run."""
    if len(days) < 7 or len({s.day for s in slots}) <= 7 - RULES.min_rest_days:
        return
    easy = [
        s for s in slots if s.kind not in HARD_KINDS and s.slot is None and not s.get("medium_long")
    ]
    if not easy:
        return
    if race_day is not None and any(s.day == race_day - _DAY for s in easy):
        victim = next(s for s in easy if s.day == race_day - _DAY)
    else:
        victim = min(easy, key=lambda s: (s.minutes, s.day))
    slots.remove(victim)


# --- dressing the week ------------------------------------------------------------------------

_REST = WorkoutSpec(kind=SessionKind.REST, surface=Surface.REST, duration_min=0.0, target_rpe=0)


def _session(
    ctx: PlanContext, spec: WorkoutSpec, day: date, slot: Slot | None, wc: WeekContext
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
    return on_day(template, day)


def on_day(template: Session, day: date) -> Session:
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
    ctx: PlanContext,
    slots: list[SlotDraft],
    days: Sequence[date],
    monday: date,
    index: int,
    phase: Phase,
    deload: bool,
) -> Week:
    """Turn the week's slots into cued sessions, a rest session on every day without a run."""
    share = trail_target(ctx, phase, index)
    order = {None: 0, "am": 0, "pm": 1}
    slots.sort(key=lambda s: (s.day, order[s.slot]))
    trail_slots = [
        s for s in slots if s.surface is Surface.TRAIL and s.kind is not SessionKind.RACE
    ]
    ordinals = {id(s): i for i, s in enumerate(trail_slots, start=1)}
    strength = _strength_days(slots, days)
    climb = climb_target(ctx, phase, index, slots)
    # The cue says the week as laid out ("a quarter of your running off-road"), not the
    # phase's target: a coach's read found "a quarter" on weeks 40-50 % off-road.
    running = sum(s.minutes for s in slots if s.kind is not SessionKind.RACE and s.minutes > 0)
    off_road = sum(s.minutes for s in trail_slots)
    said = round(off_road / running, 2) if running > 0 and trail_slots else share
    by_day: dict[date, list[SlotDraft]] = {}
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
                said,
                ordinal,
                len(trail_slots),
                deload,
                day in strength and s.slot is None,
                climb,
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
        climb_target_m=climb,
    )


@lru_cache(maxsize=256)
def _week_context(
    phase: Phase,
    share: float,
    ordinal: int,
    runs: int,
    deload: bool,
    strength: bool,
    climb: int = 0,
) -> WeekContext:
    """Week contexts repeat all plan long; each distinct one is made once."""
    return WeekContext(phase, share, ordinal, runs, deload, strength, climb)


def _strength_days(slots: Sequence[SlotDraft], days: Sequence[date]) -> set[date]:
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
