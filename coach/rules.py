"""The coaching numbers, in one small table a coach can read and tune (COACHING.md).

Every number the planner, the workout library and the adaptation coach with lives here, next
to the COACHING.md section it comes from. They are defaults, not laws of physics: change one
here and every plan follows. Code elsewhere in ``coach/`` reads ``RULES`` and never repeats a
number.
"""

from __future__ import annotations

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
    recovery_weeks_short: int = 1  # §3: 1-2 weeks after a race; 1 after 10K and shorter
    recovery_weeks_long: int = 2  # §3: 2 after a half, a marathon or a trail race
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
    taper_factor: float = 0.75  # §3 taper: volume down 20-30 % a week; -25 % a week
    recovery_factors: tuple[float, ...] = (0.5, 0.7)  # §3 recovery: easy, well below the peak
    peak_growth_max: float = 1.5  # §3: peak at most this x the athlete's current volume
    # §3: the peak weekly minutes each goal needs; never cuts an athlete's current volume.
    peak_minutes_5k: float = 330.0
    peak_minutes_10k: float = 390.0
    peak_minutes_half: float = 450.0
    peak_minutes_marathon: float = 570.0
    peak_minutes_trail: float = 600.0
    peak_minutes_fitness: float = 300.0

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
    long_run_cap_5k: float = 80.0  # §4: the longest long run each goal needs, minutes
    long_run_cap_10k: float = 95.0
    long_run_cap_half: float = 120.0
    long_run_cap_marathon: float = 180.0
    long_run_cap_trail: float = 210.0
    long_run_cap_fitness: float = 90.0
    min_run_minutes: float = 20.0  # §4: shorter than this is not worth the shoes
    # §3/§7 closed loop: the next week builds on what was done, but one short week (missed
    # days, or minutes the coach itself cut for amber, red or pain) repeats at reduced
    # volume instead of becoming the new baseline; sustained shortfalls drift down slowly.
    rebuild_floor: float = 0.8
    easy_run_cap_minutes: float = 60.0  # §4: an easy run is at most an hour...
    easy_run_cap_of_long: float = 1.0  # §4: ...or as long as the long run, so few-day weeks grow
    round_to_minutes: float = 5.0  # §5: durations the athlete reads are in 5-minute steps
    race_week_quality_min_days_before: int = 4  # §3 taper: short race-pace work, early in week
    strength_per_week: int = 2  # §4: strength and mobility twice a week
    doubles_min_run_days: int = 5  # §4: doubles only for athletes on 5+ run days
    doubles_am_minutes: float = 30.0  # §4: "morning 30 min road intervals"
    doubles_pm_minutes: float = 40.0  # §4: "evening 40 min easy trail jog"
    post_race_rest_days_short: int = 1  # §3 recovery: rest the day after a 5K/10K
    post_race_rest_days_long: int = 2  # §3 recovery: two days after a half, marathon, trail
    post_race_run_minutes: float = 25.0  # §3 recovery: short recovery jogs after that
    recovery_run_cap_minutes: float = 50.0  # §3 recovery weeks: easy runs stay short

    # --- §5 workouts ---------------------------------------------------------------------------
    warmup_minutes: float = 15.0  # §5: 15 min easy + drills
    cooldown_minutes: float = 10.0  # §5: 10 min easy cool-down
    warmup_minutes_short: float = 10.0  # §4 doubles: the short version for a 30-min session
    cooldown_minutes_short: float = 5.0
    strides: int = 4  # §5: 4 strides in the warm-up
    # §5 / seed 004: start 6 x 400 m at R, one more rep per step, cap at 10, then 800 m and
    # 1000 m reps at I. One thing changes per step; a deload week holds the rung.
    track_ladder: tuple[Rung, ...] = (
        (6, 400, "R"),
        (7, 400, "R"),
        (8, 400, "R"),
        (9, 400, "R"),
        (10, 400, "R"),
        (4, 800, "I"),
        (5, 800, "I"),
        (6, 800, "I"),
        (4, 1000, "I"),
        (5, 1000, "I"),
        (6, 1000, "I"),
    )
    # §5: road intervals when there is no track ("5 x 1000 m at I"), one rep per step.
    road_interval_ladder: tuple[Rung, ...] = ((4, 1000, "I"), (5, 1000, "I"), (6, 1000, "I"))
    tempo_ladder: tuple[tuple[int, float], ...] = ((2, 10.0), (3, 10.0), (2, 15.0))  # §5 T reps
    # §5 + Daniels: fast running a session may hold, as a share of the week's minutes
    # (R 5 %, I 8 %, T 10 %), and the fewest reps worth a warm-up.
    fast_work_share: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"R": 0.05, "I": 0.08, "T": 0.10})
    )
    min_reps: Mapping[str, int] = field(
        default_factory=lambda: MappingProxyType({"R": 4, "I": 3, "T": 2})
    )
    tempo_jog_minutes: float = 2.0  # §5: "3 x 10 min at T pace with 2 min jog"
    hill_ladder: tuple[int, ...] = (5, 6)  # §5: 5-6 x 4 min uphill
    hill_rep_minutes: float = 4.0  # §5: 4 min uphill at RPE 7-8, walk/jog down
    technical_minutes: float = 40.0  # §5: technical downhill practice
    tempo_segment_minutes: float = 8.0  # §5: "a short controlled tempo segment"
    tempo_segment_every: int = 2  # §5: every second or third road run after a track block
    long_finish_marathon_minutes: float = 15.0  # §5: last 15 min at M in competition
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
    acwr_high: float = 1.5  # §7: above this, reduce the next days' load
    acwr_target: float = 1.3  # §7: ... until back under this
    acwr_low: float = 0.8  # §7: below this for two weeks with green readiness: next 10 % step
    acwr_low_weeks: int = 2  # §7: "for two weeks"
    rpe_off_target: int = 2  # §7: logged RPE 2+ above/below target
    rpe_off_target_sessions: int = 2  # §7: on two quality sessions
    sleep_target_hours: float = 7.0  # §7: last night's sleep against 7 h

    # --- lookups ---------------------------------------------------------------------------------
    def taper_weeks(self, goal: GoalKind) -> int:
        """Taper length for ``goal`` (§3): 1 week for 10K and shorter, 2 for longer races."""
        if goal in (GoalKind.ROAD_5K, GoalKind.ROAD_10K):
            return self.taper_weeks_short
        return self.taper_weeks_long if goal.has_race else 0

    def recovery_weeks(self, goal: GoalKind) -> int:
        """Recovery weeks appended after race day (§3), longer after longer races."""
        if goal in (GoalKind.ROAD_5K, GoalKind.ROAD_10K):
            return self.recovery_weeks_short
        return self.recovery_weeks_long if goal.has_race else 0

    def post_race_rest_days(self, goal: GoalKind) -> int:
        """Days of full rest right after the race (§3 recovery)."""
        if goal in (GoalKind.ROAD_5K, GoalKind.ROAD_10K):
            return self.post_race_rest_days_short
        return self.post_race_rest_days_long

    def peak_minutes(self, goal: GoalKind) -> float:
        """The weekly running minutes a goal needs at its peak (§3)."""
        return {
            GoalKind.ROAD_5K: self.peak_minutes_5k,
            GoalKind.ROAD_10K: self.peak_minutes_10k,
            GoalKind.ROAD_HALF: self.peak_minutes_half,
            GoalKind.ROAD_MARATHON: self.peak_minutes_marathon,
            GoalKind.TRAIL: self.peak_minutes_trail,
            GoalKind.FITNESS: self.peak_minutes_fitness,
        }[goal]

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
