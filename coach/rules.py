"""The coaching numbers, in one small table a coach can read and tune (COACHING.md).

Every number the planner, the workout library, readiness and the adaptation coach with lives
here, next to the COACHING.md section it comes from. They are defaults, not laws of physics:
change one here and every plan follows. Code elsewhere in ``coach/`` reads ``RULES`` and never
repeats a number; so do the layers above when they coach (onboarding's defaults, the restart
after a pause, the load-ratio band the charts and summaries speak of).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from coach.models import GoalKind, Intensity, Phase

# (reps, rep distance in metres, pace zone): one rung of a progression ladder.
Rung = tuple[int, int, Intensity]


@dataclass(frozen=True, slots=True)
class CoachingRules:
    """The named coaching defaults. Frozen: build a new one with ``dataclasses.replace``."""

    # --- §3 periodization: phase lengths, counted back from race day -----------------------
    build_weeks: tuple[int, int] = (6, 10)  # §3: "the 6-10 weeks before the competition phase"
    competition_weeks: tuple[int, int] = (4, 6)  # §3: "the last 4-6 weeks"
    taper_weeks_short: int = 1  # §3: 10K and shorter
    taper_weeks_long: int = 2  # §3: half and longer, trail races
    fitness_block_weeks: int = 4  # §3: general fitness in repeating 4-week blocks
    fitness_horizon_weeks: int = 12  # §3: how far ahead a general-fitness plan reaches

    # --- §3 road : trail shares, by running time ---------------------------------------------
    base_trail_share: float = 0.30  # §3 base: 70 : 30
    build_trail_share_trail_race: float = 0.50  # §3 build, trail race: 50 : 50
    build_trail_share_road_race: float = 0.30  # §3 build, road race: "at most 1/3"; we aim here
    build_trail_share_road_max: float = 1 / 3  # §3 build, road race: the ceiling
    competition_trail_share_trail_race: tuple[float, float] = (0.60, 0.70)  # §3 competition
    competition_trail_share_road_race: tuple[float, float] = (0.20, 0.30)  # §3: 70-80 % road
    fitness_trail_share: float = 0.30  # §3: general fitness, 30 % trail
    recovery_trail_share: float = 0.40  # §3 recovery: "mostly easy, trail welcome"
    trail_share_tolerance: float = 0.05  # §3: how near a week's share must land to its target
    trail_debt_limit: float = 0.15  # §3: a week makes up at most this share for earlier weeks
    trail_debt_carry: float = 0.5  # §3: half of a week's miss carries on, so slips fade
    trail_ramp_weeks: int = 4  # §3 + seed 002: trail benefits show after 6-8 weeks: ramp in
    trail_ramp_start_share: float = 0.15  # §3: the ramp starts at about one short trail run

    # --- §3 volume -----------------------------------------------------------------------------
    max_weekly_increase: float = 0.10  # §3: no more than about 10 % over the last week
    deload_every_weeks: int = 4  # §3: 3:1 blocks, every 4th week lighter
    deload_factor: float = 0.75  # §3: the lighter week is -20 to -30 %; we take -25 %
    deload_ceiling: float = 0.80  # §3: a lighter week is at least 20 % under the last one
    taper_factor: float = 0.75  # §3 taper: volume down 20-30 % a week; -25 % a week

    # --- §3b the season: what the plan must build -------------------------------------------
    # Long-run target by race (minutes of time on feet). Half: 20 km at easy pace within
    # 100-120 min; marathon: 32 km at easy pace, at most 180 min ("whichever comes first").
    long_need_5k: float = 70.0  # §3b: 60-75 min
    long_need_10k: float = 85.0  # §3b: 75-90 min
    long_need_half_km: float = 20.0  # §3b: about 18-21 km...
    long_need_half_min: tuple[float, float] = (100.0, 120.0)  # ...within 100-120 min
    long_need_marathon_km: float = 32.0  # §3b: 30-33 km...
    long_need_marathon_min: tuple[float, float] = (150.0, 180.0)  # ...or 150-180 min
    long_need_fitness: float = 75.0  # general fitness: a comfortable 75 min
    long_need_trail_short_share: float = 0.75  # §3b: trail up to ~3 h: 75 % of race time
    long_need_trail_long_share: float = 0.50  # §3b: over ~3 h: 50 % of race time...
    long_need_trail_single_max: float = 270.0  # ...up to 4-5 h in one run
    back_to_back_from_race_minutes: float = 360.0  # §3b: over ~6 h, back-to-back long days
    back_to_back_first_max: float = 180.0  # §3b: e.g. Sat 3 h...
    back_to_back_second_share: float = 2 / 3  # ...+ Sun 2 h
    back_to_back_from_minutes: float = 150.0  # the second day joins once day one is 2 h 30
    # A back-to-back weekend (both days) takes at most this share of the week, so the
    # midweek runs stay real runs (a coach's read: 72 % left 20-min runs midweek).
    back_to_back_week_share: float = 0.6
    deload_quality_sessions: int = 1  # §3: a lighter week keeps one quality session
    # §3b: the long run peaks this many weeks before race day (counted race week = 0).
    long_peak_weeks_out_marathon: int = 3  # marathon and trail: 3-4 weeks out
    long_peak_weeks_out_half: int = 2  # half: 2-3 weeks out
    long_peak_weeks_out_short: int = 2  # 5K, 10K: 2 weeks out
    long_step_minutes: tuple[float, float] = (5.0, 15.0)  # §3b: +10-15 min a loading week
    # (5 when the runway is long enough that a smaller step still arrives in time)
    long_deload_factor: float = 0.75  # §3b: -25 % in a lighter week
    long_run_max_share_low_volume: float = 0.45  # §3b: bends to 40-45 % when the race needs it
    # (and on 3 run days or fewer: one run of three is a third of the week by itself)
    # §3b volume: the peak week as a multiple of current volume, by goal.
    peak_factor_short: float = 1.3  # 5K, 10K
    peak_factor_half: float = 1.4
    peak_factor_long: float = 1.55  # marathon, trail: 1.5-1.6x
    peak_factor_fitness: float = 1.2  # general fitness: a gentle climb...
    # ...to at least the 150 min of moderate activity a week that health guidance (WHO)
    # asks of adults: a beginner on 85 min builds there at 10 % a loading week at most.
    fitness_peak_floor_minutes: float = 150.0
    # The weekly minutes no goal needs more than at its peak (never cuts current volume).
    peak_minutes_cap_short: float = 480.0
    peak_minutes_cap_half: float = 600.0
    peak_minutes_cap_long: float = 720.0
    peak_minutes_cap_fitness: float = 360.0
    deload_every_weeks_gentle: int = 3  # §3b: 2:1 blocks for beginners and masters
    masters_age: int = 50  # §3b: masters (50+), when the athlete gives an age
    medium_long_share: tuple[float, float] = (0.60, 0.75)  # §3b: 60-75 % of the long run
    medium_long_min_run_days: int = 5  # §3b: marathon and ultra athletes on 5+ days
    easy_run_cap_high: float = 75.0  # §3b: other easy runs stay at or under 60-75 min
    easy_run_max_of_long: float = 0.75  # §3b: ...and well below the long run
    quality_pad_max_minutes: float = 20.0  # §3b: a quality day may add this much easy cool-down
    quality_typical_minutes: float = 60.0  # §5: a quality session with its warm-up and cool-down
    # (what a week's volume can count on from each quality day, before the cool-down pad)
    # §3b: a plan whose weeks cannot hold this share of what the athlete runs now (few run
    # days, easy runs at most 75 min) says so, with the fix (another run day).
    volume_held_warning_share: float = 0.9
    quality_session_max_minutes: float = 90.0  # ...up to this length, when the week needs it
    # §3b recovery after the race: one easy day per 1.6 km raced (road), 3-4 weeks after an
    # ultra; the first week's volume, rising to the last.
    recovery_km_per_easy_day: float = 1.6
    recovery_weeks_ultra: int = 4
    recovery_weeks_max: int = 4
    recovery_volume_range: tuple[float, float] = (0.4, 0.8)
    ultra_km: float = 42.2  # a trail race longer than a marathon is an ultra

    # --- §4 the week -------------------------------------------------------------------------
    max_hard_days: int = 3  # §4: at most 2-3 hard sessions a week
    max_hard_days_low: int = 2  # §4: 2 for athletes on <= 3 run days, and for beginners
    low_run_days: int = 3  # §4: "<= 3 run days" uses max_hard_days_low
    beginner_weekly_km: float = 20.0  # §4: below this weekly volume an athlete is a beginner
    min_hours_between_hard: int = 48  # §4 + seed 004: never two hard days in a row
    min_rest_days: int = 1  # §4: at least one rest day a week
    long_run_max_share: float = 0.30  # §4: long run at most ~30 % of the week
    long_run_floor_short: float = 45.0  # §4: floor 45 min (5K, 10K, fitness)
    long_run_floor_long: float = 60.0  # §4: floor 60 min (half, marathon, trail)
    long_run_floor_max_share: float = 0.5  # §4: the floor never takes over half of a tiny week
    # §4: the longest long run a goal ever asks for, minutes: an athlete who already runs
    # longer keeps their long run up to this; the race's need (§3b) is what the plan builds.
    long_run_cap_5k: float = 80.0
    long_run_cap_10k: float = 95.0
    long_run_cap_half: float = 120.0
    long_run_cap_marathon: float = 180.0
    long_run_cap_trail: float = 270.0
    long_run_cap_fitness: float = 90.0
    min_run_minutes: float = 20.0  # §4: shorter than this is not worth the shoes
    # §3/§7/§7b closed loop: the next week builds on what was done, measured against the
    # plan the goal needs (not last week's cut plan): a short week (missed days, or minutes
    # the coach itself cut for amber, red or pain) costs at most a fifth of the goal's week
    # and never compounds; only a cause (a long pause, pain, illness) goes lower.
    rebuild_floor: float = 0.8
    # §7b floors by cause: after a week with pain that stopped intensity or two red days, the
    # next week may rebuild from as little as this share of the goal's week.
    rebuild_floor_cause: float = 0.6
    # §3b: a ladder climbs when its last session was on target, logged RPE within this of
    # the target (and no pain); it holds otherwise.
    ladder_on_target_rpe: int = 1
    rebuild_long_done_share: float = 0.9  # §7b: a long run within 10 % of its plan was done
    # §7b: a week run to this share of its plan counts as done in full (a missed easy run is
    # no reason to cut the next week; under it, next week rises from what was done).
    rebuild_done_full_share: float = 0.85
    easy_run_cap_minutes: float = 60.0  # §4: an easy run is at most an hour...
    easy_run_cap_of_long: float = 1.0  # §4: ...or as long as the long run, so few-day weeks grow
    round_to_minutes: float = 5.0  # §5: durations the athlete reads are in 5-minute steps
    race_week_quality_min_days_before: int = 4  # §3 taper: short race-pace work, early in week
    strength_per_week: int = 2  # §4: strength and mobility twice a week
    doubles_min_run_days: int = 5  # §4: doubles only for athletes on 5+ run days
    doubles_am_minutes: float = 30.0  # §4: "morning 30 min road intervals"
    # ...on a ladder of their own (reps, minutes at I), one step per double run in full, so
    # the morning set is not the same 4 x 2 min all season (a coach's read: eight times).
    doubles_am_ladder: tuple[tuple[int, float], ...] = (
        (4, 2.0),
        (5, 2.0),
        (6, 2.0),
        (4, 3.0),
    )
    doubles_pm_minutes: float = 40.0  # §4: "evening 40 min easy trail jog"
    post_race_rest_days_short: int = 1  # §3 recovery: rest the day after a 5K/10K
    post_race_rest_days_long: int = 2  # §3 recovery: two days after a half, marathon, trail
    post_race_run_minutes: float = 25.0  # §3 recovery: short recovery jogs after that
    # §3b "recovery scales with the race": after an ultra (a race over long_race_minutes),
    # a day without running per this many minutes raced, at most post_race_rest_max_days
    # (an 80K of 10-11 h: a week off running; a 50K of 7 h: five days).
    post_race_rest_minutes_per_day: float = 90.0
    post_race_rest_max_days: int = 7
    post_race_first_run_max: float = 30.0  # §3b: the first runs back are 20-30 min
    post_race_weekly_rise_minutes: float = 90.0  # a recovery week rises at most this much
    # §7b illness: back, easy running only for as many days as ill (at most 7), from 50-60 %
    # of the volume (the weekly rebuilds build it back over 1-2 weeks), the first long run
    # at most the last one done before.
    illness_easy_days_max: int = 7
    illness_return_share: float = 0.55
    # §9 resume after a pause of 7+ days: the first days easy, the first long run at most
    # this share of the last one done (a holiday ended in a 2 h 35 long run with M work).
    pause_easy_days: int = 3
    pause_long_share: float = 0.75
    return_easy_run_max: float = 45.0  # a hard session in a return's easy days: easy, <= this
    return_build_days: int = 14  # §7b: the volume builds back from what was done for 2 weeks
    recovery_run_cap_minutes: float = 50.0  # §3 recovery weeks: easy runs stay short

    # --- §5 workouts ---------------------------------------------------------------------------
    warmup_minutes: float = 15.0  # §5: 15 min easy + drills
    cooldown_minutes: float = 10.0  # §5: 10 min easy cool-down
    warmup_minutes_short: float = 10.0  # §4 doubles: the short version for a 30-min session
    cooldown_minutes_short: float = 5.0
    strides: int = 4  # §5: 4 strides in the warm-up
    # §3b / §5 / seed 004: start 6 x 400 m at R, one more rep per step up to 12 x 400 m,
    # then 800 m and 1000 m reps at I. One thing changes per step; a deload week holds it.
    track_ladder: tuple[Rung, ...] = (
        (6, 400, "R"),
        (7, 400, "R"),
        (8, 400, "R"),
        (10, 400, "R"),
        (12, 400, "R"),
        (5, 800, "I"),
        (6, 800, "I"),
        (5, 1000, "I"),
        (6, 1000, "I"),
    )
    # §3b "5K intervals at I and R" without a track: R reps on a measured, flat stretch of
    # road (seed 004's 200/400 m, §3b "200/400 mixes"): 200 m reps first (forgiving on the
    # road, and more reps fit Daniels' 5 % R cap of a small week), then 400 m; one change a
    # step.
    road_rep_ladder: tuple[Rung, ...] = (
        (8, 200, "R"),
        (10, 200, "R"),
        (12, 200, "R"),
        (6, 400, "R"),
        (8, 400, "R"),
        (10, 400, "R"),
    )
    # §3b intervals (I): 5x800 -> 6x800 -> 5x1000 -> 6x1000 -> 5x1200, within Daniels' caps
    # (fast_work_share below).
    road_interval_ladder: tuple[Rung, ...] = (
        (5, 800, "I"),
        (6, 800, "I"),
        (5, 1000, "I"),
        (6, 1000, "I"),
        (5, 1200, "I"),
    )
    # §3b threshold: 2x10 -> 3x10 -> 2x15 -> 3x12 -> 2x20 -> 25 -> 30 min continuous.
    tempo_ladder: tuple[tuple[int, float], ...] = (
        (2, 10.0),
        (3, 10.0),
        (2, 15.0),
        (3, 12.0),
        (2, 20.0),
        (1, 25.0),
        (1, 30.0),
    )
    # §3b beginners: shorter reps first, then the ladders above.
    beginner_tempo_ladder: tuple[tuple[int, float], ...] = ((3, 5.0), (4, 5.0), (3, 8.0))
    beginner_interval_ladder: tuple[Rung, ...] = ((6, 400, "I"), (8, 400, "I"), (6, 600, "I"))
    # §3b hills: 5x4 min -> 6x4 -> 5x5 -> 4x6 min (reps, minutes uphill).
    hill_ladder: tuple[tuple[int, float], ...] = ((5, 4.0), (6, 4.0), (5, 5.0), (4, 6.0))
    # ...and for trail racers, sustained climbs at race effort beyond it (reps, minutes
    # climbing): a coach's read found the same 4 x 6 min for nine weeks of a 50K's
    # competition phase; the race is long climbs, run and power-hiked.
    trail_climb_ladder: tuple[tuple[int, float], ...] = ((3, 10.0), (2, 15.0), (2, 20.0))
    sustained_climb_minutes: float = 10.0  # a climb this long is run at race effort...
    sustained_climb_rpe: int = 6  # ...RPE 6-7, not the short repeats' 7-8
    # §3b marathon pace: the long run's last 15 -> 30 -> 45 min at M, then M runs of
    # 8 -> 12 -> 16 km (kind, minutes or km).
    marathon_pace_ladder: tuple[tuple[str, float], ...] = (
        ("finish", 15.0),
        ("finish", 30.0),
        ("finish", 45.0),
        ("run", 8.0),
        ("run", 12.0),
        ("run", 16.0),
    )
    # §3b half marathon: long runs with half-marathon-pace segments (minutes at HMP).
    half_pace_finish_ladder: tuple[float, ...] = (15.0, 20.0, 25.0, 30.0)
    # §3b half: "T and long runs with half-marathon-pace segments", and HMP sessions in the
    # competition phase (reps, minutes at HMP): a coach's read found the last hard session
    # of a half's build was 5 x 800 m at I, and HMP only as long-run finishes.
    half_pace_rep_ladder: tuple[tuple[int, float], ...] = (
        (3, 10.0),
        (4, 10.0),
        (3, 15.0),
        (2, 20.0),
    )
    max_same_session_weeks: int = 3  # §3b: never the same session 4 loading weeks running
    # §3b: ...when volume holds every neighbouring rung to one set, that week runs the same
    # work in reps half as long (6 x 800 m -> 12 x 400 m), never shorter than this.
    split_rep_min_m: float = 200.0
    # §5 + Daniels: fast running a session may hold, as a share of the week's minutes
    # (R 5 %, I 8 %, T 10 %), and the fewest reps worth a warm-up.
    fast_work_share: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"R": 0.05, "I": 0.08, "T": 0.10})
    )
    min_reps: Mapping[str, int] = field(
        default_factory=lambda: MappingProxyType({"R": 4, "I": 3, "T": 2})
    )
    # ...but a session may always hold this many minutes of fast running (Daniels' caps are
    # for mileage that can carry them; a low-volume athlete still gets a session that counts:
    # 20 min at T, 15 at I, 8 at R).
    fast_work_floor_minutes: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"R": 8.0, "I": 15.0, "T": 20.0})
    )
    # §3b three-day runners progress too: a threshold set cut by the T cap lengthens its reps
    # in these steps as the week grows (2 x 10 -> 2 x 12 -> 2 x 14 min).
    held_tempo_step_minutes: float = 2.0
    tempo_jog_minutes: float = 2.0  # §5: "3 x 10 min at T pace with 2 min jog"
    hill_rep_minutes: float = 4.0  # §5: 4 min uphill at RPE 7-8, walk/jog down
    technical_minutes: float = 40.0  # §5: technical downhill practice
    tempo_segment_minutes: float = 8.0  # §5: "a short controlled tempo segment"
    tempo_segment_every: int = 2  # §5: every second or third road run after a track block
    long_finish_marathon_minutes: float = 15.0  # §5: last 15 min at M in competition
    # §3 taper "keep short work": a half or marathon taper week whose long run carries the
    # last race-pace finish still holds a small threshold set earlier in the week (reps,
    # minutes at T), within Daniels' T cap.
    taper_threshold_set: tuple[int, float] = (3, 8.0)
    # §2 effort at race pace: marathon pace is RPE 5-6, half-marathon pace 6-7 (the lower
    # end of the band shown on an M or HMP run; a tempo at T is 6-7 and "comfortably hard").
    race_pace_rpe: Mapping[str, int] = field(
        default_factory=lambda: MappingProxyType({"M": 5, "HM": 6})
    )
    # §3b: the last M/HMP/race-pace session of a half or marathon falls 7-10 days out (days
    # before race day); a long run there carries it as a short finish at race pace.
    last_race_pace_days_out: tuple[int, int] = (7, 10)
    last_race_pace_finish_minutes: float = 15.0
    fuel_carbs_g_per_hour: tuple[int, int] = (60, 90)  # §3b ultras: carbohydrate an hour
    fuel_fluid_ml_per_hour: tuple[int, int] = (400, 800)  # §3b ultras: fluid an hour
    ultra_race_rpe: int = 5  # §3b: ultra race effort RPE 4-6, never 9 for hours
    ultra_race_rpe_band: tuple[int, int] = (4, 6)
    long_race_minutes: float = 180.0  # §3b: a race longer than this is run at ultra effort
    mid_race_rpe: int = 8  # races of 1-3 h (half, marathon, short trail): hard, not all-out
    short_race_minutes: float = 60.0  # races under an hour (5K, 10K) are run at RPE 9
    trail_climb_start_share: float = 0.5  # §3b trail: climbing per hour starts at half the
    # race's and builds to all of it by the long-run peak
    climb_round_m: int = 50  # a week's climbing target is said in 50 m steps
    time_trial_week: tuple[int, int] = (1, 2)  # §3b: estimated paces: a time trial in week 2-3
    # ...for a beginner after the four easy weeks with strides (weeks 5-8): a 3 km effort in
    # their 85-min week 2 did not fit, and their first tempo ran on estimated paces.
    time_trial_week_beginner: tuple[int, int] = (4, 7)

    def trial_weeks(self, beginner: bool) -> tuple[int, int]:
        """The plan weeks (0-based) an estimated plan's time trial may fall in (§3b)."""
        return self.time_trial_week_beginner if beginner else self.time_trial_week

    time_trial_km_beginner: float = 3.0  # §3b: 3 km for beginners
    time_trial_km: float = 5.0  # §3b: 5 km otherwise
    strides_before_intervals_weeks: int = 4  # §3b beginners: 4 weeks easy + strides first
    run_walk_cue_max_km: float = 20.0  # §3b: run-walk welcome for beginners (under this km)
    fuel_from_minutes: float = 75.0  # §5: long trail runs carry water and gels from here
    vest_from_minutes: float = 90.0  # §5 kit: hydration vest for long trail runs
    water_ml_per_hour: int = 500  # §5: 500 ml/h water
    gel_every_minutes: int = 40  # §5: a gel every 40 min
    trail_minutes_per_100m_gain_km: float = 1.0  # race estimate: 100 m of climb ~ 1 km flat
    easy_trail_rpe: int = 3  # §5: easy trail run at RPE 3

    # --- §2 paces without a race ------------------------------------------------------------
    # §2: no race and no easy pace: a conservative easy pace from weekly volume (s/km), so a
    # runner is never sent out too fast. easy = clamp(a - b * weekly_km, fastest, slowest).
    default_easy_pace_intercept: float = 470.0
    default_easy_pace_slope: float = 1.7
    default_easy_pace_bounds: tuple[float, float] = (320.0, 480.0)

    # --- §7 adaptation (read by coach.adaptation) --------------------------------------------
    amber_rep_factor: float = 2 / 3  # §7 amber: 6 x 400 -> 4 x 400
    amber_steady_rpe: tuple[int, int] = (5, 6)  # §7 amber: intervals become steady RPE 5-6
    amber_long_run_factor: float = 0.8  # §7 amber: a long run is cut by ~20 %
    red_easy_minutes: tuple[int, int] = (30, 40)  # §7 red: 30-40 min easy
    red_easy_rpe: tuple[int, int] = (2, 3)  # §7 red: RPE 2-3
    red_days_lighten_week: int = 2  # §7: two red days in a row lighten the rest of the week
    pain_no_intensity_score: int = 4  # §7: pain 4/10 or more: no intensity
    pain_volume_factor: float = 0.7  # §7: volume down ~30 %
    soreness_same_place_days: int = 3  # §7: soreness in the same place three days running
    pain_see_physio_days: int = 7  # §7: pain lasting more than a week: see a professional
    # §7b after pain: running is allowed while pain stays under ``pain_no_intensity_score``
    # and settles overnight; at this score or above, rest or cross-training only (no run)
    pain_cross_only_score: int = 5
    # §7b: after a pain flag that took the intensity out (4+/10) closes, this many days of
    # easy running before intensity returns
    after_pain_easy_days: int = 7
    acwr_high: float = 1.5  # §7: above this, reduce the next days' load
    acwr_target: float = 1.3  # §7: ... until back under this
    acwr_low: float = 0.8  # §7: below this for two weeks with green readiness: next 10 % step
    acwr_low_weeks: int = 2  # §7: "for two weeks"
    rpe_off_target: int = 2  # §7: logged RPE 2+ above/below target
    rpe_off_target_sessions: int = 2  # §7: on two quality sessions
    # §7b paces follow the evidence: 2+ RPE off target on 2 of the last 3 quality sessions
    # (since the paces were set, none explained by pain, illness or a bad night) moves the
    # working VDOT by about a point (paces ~2-3 %).
    recalibrate_window: int = 3
    recalibrate_sessions: int = 2
    recalibrate_vdot_step: float = 1.0
    recalibrate_bad_sleep_quality: int = 2  # a night this bad (1-5) explains a hard session
    # Paces are sharpened only for an athlete who ran this share of the plan's minutes over
    # the sessions judged (a skipper's easy-feeling sessions say the plan is light for them).
    recalibrate_sharpen_done_share: float = 0.85
    sleep_target_hours: float = 7.0  # §7: last night's sleep against 7 h
    # §7: easy runs on a lightened day (high load ratio, after two red days) keep this share
    # of their time; hard sessions get the amber reduction instead.
    lighten_factor: float = 0.8
    # §7/§9 amber: a reduced set never drops below this many reps ("at least 2 stay"); below
    # it, intervals and tempo become a steady run. (``min_reps`` above is the planner's floor
    # for a fresh set, by pace zone.)
    adapt_min_reps: int = 2
    max_reps: int = 12  # §5: progression cap for a set off the planner's ladders (about 10-12)
    rest_pain_score: int = 7  # §7/§9 red: open pain at or above this turns the day into rest
    missed_week_factor: float = 0.8  # §7/§9: a missed week repeats at this share of its volume
    # §7: how far back to look for the high ratio that started a reduction still running
    # (ratio between 1.3 and 1.5).
    acwr_lookback_days: int = 14
    progression_step: float = 0.1  # §7: a progression step's time change on a session without reps
    hard_rpe: int = 7  # §4: a logged run at this RPE or above counts as a hard day for spacing
    # §7/§9 pause: after a pause of at least this many days the plan restarts lower (a missed
    # week repeats at reduced volume): ``missed_week_factor`` per week missed...
    resume_reduce_after_days: int = 7
    resume_min_factor: float = 0.5  # ...but never below this share

    # --- §7 readiness points (read by coach.readiness) ---------------------------------------
    # The points table's own numbers; the thresholds it shares with adaptation are above.
    amber_points: int = 2  # §9: the total from which the day is amber (green 0-1)
    red_points: int = 5  # §9: the total from which the day is red (amber 2-4)
    sleep_floor_hours: float = 6.0  # §9: the athlete's own sleep baseline is never below this
    sleep_min_nights: int = 3  # §7: nights in the window before the own average is used
    sleep_window_days: int = 14  # §9: the own average looks back this far (14 nights)
    sleep_very_short_hours: float = 4.0  # §7: under this, 3 points whatever the baseline
    soreness_streak_min: int = 3  # §7: soreness (1-5) that counts toward the same-place streak
    wellness_low: int = 2  # §6: mood or motivation (1-7, higher is better) at or below: low
    recent_load_days: int = 3  # §7: the "last days" window of the recent-load signal
    recent_load_factor: float = 1.5  # §7: last days' load against the usual over the same span
    recent_load_history_days: int = 14  # §7: logs reach this far back before "usual" counts
    pain_severe_score: int = 7  # §7: open pain at or above this is red on its own
    quality_window_days: int = 21  # §7: how far back quality sessions are looked for

    # --- §7b race-readiness review (read by coach.race_readiness) ----------------------------
    readiness_window_weeks: int = 4  # §7b: the longest run done in the last 4 weeks
    readiness_volume_weeks: int = 3  # §7b: done against planned over the last 2-3 weeks...
    readiness_low_weeks: int = 2  # ...of which this many...
    readiness_low_share: float = 0.6  # ...under ~60 % of the plan hold a review
    readiness_ladder_share: float = 0.8  # the long run is behind its ladder under this share
    readiness_red_long_share: float = 0.75  # red: the long run reaches less of the race's need
    readiness_min_days_left: int = 7  # race week: nothing left to change, no review
    readiness_run_walk_from_km: float = 21.0  # run-walk is offered for a half and longer...
    readiness_run_walk_minutes: tuple[float, float] = (4.0, 1.0)  # ...4 min run, 1 min walk
    readiness_keep_slower_amber: float = 0.05  # keep the goal: a target ~5 % slower (amber)
    readiness_keep_slower_red: float = 0.10  # ...~10 % slower (red, a short race)
    readiness_move_min_weeks: int = 4  # a new race date: at least this many weeks later...
    readiness_move_steps: tuple[int, ...] = (0, 2, 4)  # ...and two and four weeks more...
    readiness_move_max_weeks: int = 16  # ...but no more than this much later
    readiness_quiet_weeks: int = 3  # after a choice, no new review this long unless worse

    # --- §1 onboarding and §6 logs ----------------------------------------------------------
    default_runs_per_week: int = 4  # §1: the runs a week onboarding suggests (and skipping uses)
    default_weekly_km: float = 20.0  # §1: weekly volume assumed when the athlete skips it
    on_time_tolerance: float = 0.1  # §6: a run within 10 % of the planned time ran "as planned"
    # §6 plausibility: what a human can do. A logged value outside asks one clarifying
    # question ("20 h or 20 min?") and nothing is stored until it is answered.
    log_run_minutes: tuple[float, float] = (2.0, 360.0)  # a run: 2 min to 6 h...
    log_run_minutes_ultra: float = 1800.0  # ...and up to 30 h for an athlete with an ultra goal
    log_distance_km_max: float = 250.0  # no single run is longer
    # Average pace, s/km: faster than 2:00/km is beyond any world record over 2 min; slower
    # than 20:00/km is a stroll, not a run (steep hiking included).
    log_pace_s_per_km: tuple[float, float] = (120.0, 1200.0)
    log_sleep_hours: tuple[float, float] = (0.0, 16.0)  # a night's sleep
    log_days_back: int = 14  # a log or check-in may be dated up to two weeks back

    # --- lookups ---------------------------------------------------------------------------------
    def taper_weeks(self, goal: GoalKind) -> int:
        """Taper length for ``goal`` (§3): 1 week for 10K and shorter, 2 for longer races."""
        if goal in (GoalKind.ROAD_5K, GoalKind.ROAD_10K):
            return self.taper_weeks_short
        return self.taper_weeks_long if goal.has_race else 0

    def recovery_weeks(self, race_km: float, ultra: bool) -> int:
        """Recovery weeks after race day (§3b): one easy day per 1.6 km raced, 3-4 weeks
        after an ultra; at least one week, at most ``recovery_weeks_max``."""
        if ultra:
            return self.recovery_weeks_ultra
        days = race_km / self.recovery_km_per_easy_day
        return max(1, min(self.recovery_weeks_max, math.ceil(days / 7 - 0.25)))

    def recovery_factor(self, week: int, weeks: int) -> float:
        """The volume of recovery week ``week`` (0-based of ``weeks``), against the last
        loading week: from the low end of ``recovery_volume_range`` up to its high end."""
        low, high = self.recovery_volume_range
        if weeks <= 1:
            return low + (high - low) / 4
        return low + (high - low) * week / (weeks - 1)

    def post_race_rest_days(self, goal: GoalKind) -> int:
        """Days of full rest right after the race (§3 recovery)."""
        if goal in (GoalKind.ROAD_5K, GoalKind.ROAD_10K):
            return self.post_race_rest_days_short
        return self.post_race_rest_days_long

    def peak_factor(self, goal: GoalKind) -> float:
        """The peak week as a multiple of current volume (§3b)."""
        if goal in (GoalKind.ROAD_5K, GoalKind.ROAD_10K):
            return self.peak_factor_short
        if goal is GoalKind.ROAD_HALF:
            return self.peak_factor_half
        if goal is GoalKind.FITNESS:
            return self.peak_factor_fitness
        return self.peak_factor_long

    def peak_minutes_cap(self, goal: GoalKind) -> float:
        """The most weekly minutes a goal's peak asks for (never cuts current volume)."""
        if goal in (GoalKind.ROAD_5K, GoalKind.ROAD_10K):
            return self.peak_minutes_cap_short
        if goal is GoalKind.ROAD_HALF:
            return self.peak_minutes_cap_half
        if goal is GoalKind.FITNESS:
            return self.peak_minutes_cap_fitness
        return self.peak_minutes_cap_long

    def long_peak_weeks_out(self, goal: GoalKind) -> int:
        """Weeks between the long-run peak and race week (§3b)."""
        if goal in (GoalKind.ROAD_MARATHON, GoalKind.TRAIL):
            return self.long_peak_weeks_out_marathon
        if goal is GoalKind.ROAD_HALF:
            return self.long_peak_weeks_out_half
        return self.long_peak_weeks_out_short

    def long_run_cap(self, goal: GoalKind) -> float:
        """The longest long run ``goal`` needs, in minutes (§4)."""
        return {
            GoalKind.ROAD_5K: self.long_run_cap_5k,
            GoalKind.ROAD_10K: self.long_run_cap_10k,
            GoalKind.ROAD_HALF: self.long_run_cap_half,
            GoalKind.ROAD_MARATHON: self.long_run_cap_marathon,
            GoalKind.TRAIL: self.long_run_cap_trail,
            GoalKind.FITNESS: self.long_run_cap_fitness,
        }[goal]

    def long_run_floor(self, goal: GoalKind) -> float:
        """The long run's floor for low-volume athletes (§4: 45-60 min)."""
        if goal in (GoalKind.ROAD_HALF, GoalKind.ROAD_MARATHON, GoalKind.TRAIL):
            return self.long_run_floor_long
        return self.long_run_floor_short

    def trail_band(self, phase: Phase, goal: GoalKind) -> tuple[float, float, float]:
        """The trail share of running time for a phase and goal (§3): (low, target, high).

        The planner aims at the target; the band is what a plan may show over a phase once
        sessions are whole runs. Road racers are never above a third in the build (seed 002).
        """
        trail_race = goal is GoalKind.TRAIL
        if goal is GoalKind.FITNESS:
            share = self.fitness_trail_share
            return (share - 0.05, share, share + 0.05)
        if phase is Phase.BASE:
            share = self.base_trail_share
            return (share - 0.05, share, share + 0.05)
        if phase is Phase.BUILD:
            if trail_race:
                share = self.build_trail_share_trail_race
                return (share - 0.05, share, share + 0.05)
            return (0.20, self.build_trail_share_road_race, self.build_trail_share_road_max)
        if phase in (Phase.COMPETITION, Phase.TAPER):
            low, high = (
                self.competition_trail_share_trail_race
                if trail_race
                else self.competition_trail_share_road_race
            )
            return (low, (low + high) / 2, high)
        return (0.0, self.recovery_trail_share, 1.0)

    def max_hard(self, run_days: int, weekly_km: float) -> int:
        """Hard days allowed a week (§4): 3, or 2 on <= 3 run days or for beginners."""
        if run_days <= self.low_run_days or weekly_km < self.beginner_weekly_km:
            return self.max_hard_days_low
        return self.max_hard_days


RULES = CoachingRules()
"""The rules every module of ``coach/`` coaches with."""
