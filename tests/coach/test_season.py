"""Example-based tests of COACHING.md §3b "The season": one test per rule, on athletes a
coach would recognise. The properties over generated athletes are in
``test_season_properties.py``."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from coach.models import (
    AthleteProfile,
    GoalKind,
    Phase,
    Plan,
    RaceResult,
    Session,
    SessionKind,
    SessionRole,
    Week,
)
from coach.planner import build_plan
from coach.rules import RULES
from tests.support import plan_checks as checks

START = date(2026, 11, 23)  # a Monday
DAYS5 = (1, 2, 3, 5, 6)  # Tue Wed Thu Sat Sun, long run on Sunday
RACE_10K = RaceResult(distance_km=10.0, time_s=50 * 60.0)


def athlete(goal: GoalKind, weeks: int | None = 24, **kw: object) -> AthleteProfile:
    """A race ``weeks`` weeks out on a Sunday (no race for fitness)."""
    fields: dict[str, object] = dict(
        goal=goal,
        race_date=START + timedelta(weeks=weeks, days=6) if weeks and goal.has_race else None,
        run_days=DAYS5,
        long_run_day=6,
        weekly_km=50.0,
        longest_run_km=18.0,
        recent_race=RACE_10K,
    )
    if goal is GoalKind.TRAIL:
        fields.update(trail_distance_km=50.0, trail_elevation_m=2000.0)
    fields.update(kw)
    return AthleteProfile(**fields)  # type: ignore[arg-type]


def plan_of(profile: AthleteProfile) -> Plan:
    return build_plan(profile, START)


def day_one(week: Week) -> float:
    return max(
        (
            s.duration_min
            for s in week.sessions
            if s.kind is SessionKind.LONG and not s.spec.back_to_back
        ),
        default=0.0,
    )


def sessions(plan: Plan) -> list[Session]:
    return sorted((s for w in plan.weeks for s in w.sessions), key=lambda s: s.date)


def race_week(plan: Plan) -> int:
    return max(w.index for w in plan.weeks if w.phase is Phase.TAPER)


def rung(s: Session) -> int:
    assert s.ladder
    return int(s.ladder.rpartition(" ")[2].split("/")[0])


# 1.
def test_s3b_long_run_builds_from_current_longest_run_by_at_most_15_min() -> None:
    """§3b "Build the long run from where the athlete is": a marathoner with a 12 km longest
    run starts near it, climbs at most 15 min (+5 rounding) a loading week, lighter in a
    deload week, never over the race's need."""
    plan = plan_of(athlete(GoalKind.ROAD_MARATHON, longest_run_km=12.0))
    loading = [w for w in plan.weeks if w.phase in checks.LOADING]
    full = [w for w in loading if not w.deload]
    assert day_one(full[0]) <= 12.0 * plan.paces.easy_max / 60 + 10  # near the habit
    for a, b in itertools.pairwise(full):
        assert day_one(b) <= day_one(a) + RULES.long_step_minutes[1] + RULES.round_to_minutes
    for prev, w in itertools.pairwise(loading):
        if w.deload and not prev.deload:
            assert day_one(w) < day_one(prev)
    assert plan.peak_long_run_min <= (plan.race_need_long_run_min or 0) + RULES.round_to_minutes


# 2.
def test_s3b_long_run_peaks_3_to_4_weeks_before_a_marathon_2_before_a_10k() -> None:
    """§3b "reached 3-4 weeks before a marathon or ultra, ... 2 weeks before 5K/10K"."""
    for goal, (low, high) in ((GoalKind.ROAD_MARATHON, (3, 4)), (GoalKind.ROAD_10K, (2, 2))):
        plan = plan_of(athlete(goal, 20, weekly_km=60.0, longest_run_km=25.0))
        peak = plan.peak_long_run_min
        last = max(w.index for w in plan.weeks if w.long_run_min >= peak - RULES.round_to_minutes)
        assert low <= race_week(plan) - last <= high, (goal, race_week(plan) - last)


# 3.
def test_s3b_long_run_reaches_the_race_need_with_a_comfortable_runway() -> None:
    """§3b "Long-run target by race": a 50 km/week marathoner with 24 weeks reaches the need
    (within 15 min); a half runner too."""
    for goal in (GoalKind.ROAD_MARATHON, GoalKind.ROAD_HALF):
        plan = plan_of(athlete(goal))
        need = plan.race_need_long_run_min
        assert need is not None
        assert plan.peak_long_run_min >= need - RULES.long_step_minutes[1], goal


# 4.
def test_s3b_weekly_volume_peaks_late_not_in_the_first_third() -> None:
    """§3b "peaking in the late build / early competition phase, not in week 3"."""
    plan = plan_of(athlete(GoalKind.ROAD_MARATHON, 20, weekly_km=40.0))
    loading = [w for w in plan.weeks if w.phase in checks.LOADING and not w.deload]
    minutes = [checks.run_minutes(w) for w in loading]
    at = max(i for i, m in enumerate(minutes) if m == max(minutes))
    assert at >= len(loading) * 2 / 3 - 1
    assert max(minutes) > 1.2 * minutes[0]  # it builds


# 5.
def test_s3b_blocks_3_to_1_and_2_to_1_for_masters() -> None:
    """§3b "3:1 blocks; 2:1 for beginners and masters (50+)": after the first block, 3
    loading weeks (2 for a 60-year-old) between deloads."""
    for age, limit in ((35, 3), (60, 2)):
        plan = plan_of(athlete(GoalKind.ROAD_HALF, 24, age=age))
        runs = [
            len(list(g))
            for k, g in itertools.groupby(
                plan.weeks, key=lambda w: w.phase in checks.LOADING and not w.deload
            )
            if k
        ]
        assert all(r <= limit for r in runs[1:]), (age, runs)
        assert any(w.deload for w in plan.weeks)


# 6.
def test_s3b_one_long_run_easy_runs_below_it_and_a_medium_long_run_for_marathoners() -> None:
    """§3b "One long run a week. Other easy runs ... at or under ~60-75 min and well below
    the long run. Marathon ... 5+ days ... one mid-week medium-long run (60-75 %) ... not
    between two hard days"; a 10K plan has none."""
    plan = plan_of(athlete(GoalKind.ROAD_MARATHON, run_days=(0, 1, 3, 4, 6)))
    hard = {s.date for s in sessions(plan) if s.hard}
    low, high = RULES.medium_long_share
    found = 0
    for w in plan.weeks:
        assert sum(1 for s in w.sessions if s.role is SessionRole.LONG) <= 1
        for s in w.sessions:
            if s.role is SessionRole.EASY:
                assert s.duration_min <= RULES.easy_run_cap_high
                if day_one(w):
                    assert s.duration_min < day_one(w)
            if s.role is SessionRole.MEDIUM_LONG:
                found += 1
                assert low * day_one(w) - 5 <= s.duration_min <= high * day_one(w) + 5
                one = timedelta(days=1)
                assert not (s.date - one in hard and s.date + one in hard)
    assert found
    ten = plan_of(athlete(GoalKind.ROAD_10K))
    assert not any(s.role is SessionRole.MEDIUM_LONG for s in sessions(ten))


# 7.
def test_s3b_threshold_ladder_climbs_one_rung_at_a_time_and_never_repeats_4_weeks() -> None:
    """§3b "Every quality session progresses along a ladder, one step at a time; the same
    session never repeats more than 3 loading weeks running"."""
    plan = plan_of(athlete(GoalKind.ROAD_HALF))
    tempo = [s for s in sessions(plan) if s.ladder and s.ladder.startswith("threshold")]
    assert tempo
    assert max(rung(s) for s in tempo) > 2
    for a, b in itertools.pairwise(tempo):
        assert rung(b) <= rung(a) + 1
    keys = [
        (s.spec.reps, s.spec.rep_duration_min)
        for w in plan.weeks
        if w.phase in checks.LOADING and not w.deload
        for s in w.sessions
        if s.ladder and s.ladder.startswith("threshold")
    ]
    assert max(len(list(g)) for _, g in itertools.groupby(keys)) <= RULES.max_same_session_weeks


# 8.
def test_s3b_beginner_gets_4_easy_weeks_and_three_day_runner_one_quality_session() -> None:
    """§3b "Beginners: at least 4 weeks of easy running with strides before the first
    interval session"; "Three-day runners progress too: one quality session ... the ladders
    still climb"."""
    beginner = plan_of(
        athlete(GoalKind.ROAD_10K, 20, weekly_km=15.0, longest_run_km=6.0, recent_race=None)
    )
    banned = (SessionKind.INTERVALS, SessionKind.TRACK, SessionKind.TEMPO, SessionKind.HILLS)
    assert not [s for w in beginner.weeks[:4] for s in w.sessions if s.kind in banned]
    three = plan_of(athlete(GoalKind.ROAD_10K, 24, run_days=(1, 3, 6), long_run_day=6))
    for w in three.weeks:
        assert sum(1 for s in w.sessions if s.role is SessionRole.QUALITY) <= 1
    assert max((rung(s) for s in sessions(three) if s.ladder), default=0) > 1


# 9.
def test_s3b_estimated_paces_get_a_time_trial_in_week_2_or_3() -> None:
    """§3b "When paces are only estimated, the plan schedules a time trial in week 2 or 3";
    with a recent race, none."""
    estimated = plan_of(athlete(GoalKind.ROAD_10K, recent_race=None))
    weeks = [
        w.index for w in estimated.weeks for s in w.sessions if s.kind is SessionKind.TIME_TRIAL
    ]
    assert len(weeks) == 1
    assert RULES.time_trial_week[0] <= weeks[0] <= RULES.time_trial_week[1]
    known = plan_of(athlete(GoalKind.ROAD_10K))
    assert not any(s.kind is SessionKind.TIME_TRIAL for s in sessions(known))


# 10.
def test_s3b_competition_phase_holds_race_specific_work_for_each_goal() -> None:
    """§3b "Race-specific work in the competition phase: 5K I and R; 10K I and T; half T and
    HMP long runs; marathon M; trail hills, downhill practice and rehearsals"; no M finish in
    5K/10K long runs."""

    def comp(plan: Plan) -> list[Session]:
        return [
            s
            for w in plan.weeks
            if w.phase is Phase.COMPETITION and not w.deload
            for s in w.sessions
        ]

    def zones(plan: Plan) -> set[str | None]:
        return {s.spec.intensity for s in comp(plan) if s.role is SessionRole.QUALITY}

    assert {"I", "R"} <= zones(plan_of(athlete(GoalKind.ROAD_5K)))
    assert {"I", "T"} <= zones(plan_of(athlete(GoalKind.ROAD_10K)))
    half = plan_of(athlete(GoalKind.ROAD_HALF))
    assert "T" in zones(half)
    assert any(s.spec.finish_zone == "HM" and s.spec.finish_at_marathon_min for s in comp(half))
    marathon = plan_of(athlete(GoalKind.ROAD_MARATHON))
    assert "M" in zones(marathon) or any(
        s.kind is SessionKind.LONG and s.spec.finish_at_marathon_min for s in comp(marathon)
    )
    trail = comp(plan_of(athlete(GoalKind.TRAIL)))
    assert any(s.kind is SessionKind.HILLS for s in trail)
    assert any(s.kind is SessionKind.TECHNICAL or s.spec.vest or s.spec.night for s in trail)
    for goal in (GoalKind.ROAD_5K, GoalKind.ROAD_10K):
        assert not any(s.spec.finish_at_marathon_min for s in sessions(plan_of(athlete(goal))))


# 11.
def test_s3b_last_m_session_of_a_marathon_7_to_10_days_out() -> None:
    """§3b "the last M/HMP/race-pace session 7-10 days out" (marathon, 5 days a week)."""
    profile = athlete(GoalKind.ROAD_MARATHON)
    plan = plan_of(profile)
    assert profile.race_date is not None
    m = [
        s.date
        for s in sessions(plan)
        if s.date < profile.race_date
        and (
            s.spec.intensity == "M"
            or (s.kind is SessionKind.LONG and s.spec.finish_at_marathon_min)
        )
    ]
    assert m
    assert 7 <= (profile.race_date - m[-1]).days <= 10


# 12.
def test_s3b_ultra_runs_at_rpe_4_to_6_with_back_to_back_long_days() -> None:
    """§3b "Ultras: race effort RPE 4-6"; "over ~6 h, back-to-back long days": a 100 km /
    2500 m trail race with a 30 km longest run and 24 weeks."""
    profile = athlete(
        GoalKind.TRAIL,
        trail_distance_km=100.0,
        trail_elevation_m=2500.0,
        weekly_km=70.0,
        longest_run_km=30.0,
        run_days=(1, 2, 3, 5, 6),
        long_run_day=5,
    )
    plan = plan_of(profile)
    race = [s for s in sessions(plan) if s.kind is SessionKind.RACE]
    low, high = RULES.ultra_race_rpe_band
    assert len(race) == 1
    assert low <= race[0].target_rpe <= high
    pairs = [
        (a, b)
        for w in plan.weeks
        for a, b in itertools.pairwise(
            sorted((s for s in w.sessions if s.kind is SessionKind.LONG), key=lambda s: s.date)
        )
        if (b.date - a.date).days == 1 and b.spec.back_to_back and not b.hard
    ]
    assert pairs


# 13.
def test_s3b_recovery_scales_with_the_race() -> None:
    """§3b "Recovery after the race scales with it": 1 week after a 5K or 10K, more after a
    marathon than after a 10K, 4 after an ultra; no hard session in recovery weeks."""

    def recovery(profile: AthleteProfile) -> list[Week]:
        return [w for w in plan_of(profile).weeks if w.phase is Phase.RECOVERY]

    five, ten = recovery(athlete(GoalKind.ROAD_5K)), recovery(athlete(GoalKind.ROAD_10K))
    marathon = recovery(athlete(GoalKind.ROAD_MARATHON))
    ultra = recovery(athlete(GoalKind.TRAIL, trail_distance_km=80.0))
    assert len(five) == 1
    assert len(ten) == 1
    assert len(marathon) > len(ten)
    assert len(ultra) == RULES.recovery_weeks_ultra == 4
    for weeks in (five, ten, marathon, ultra):
        assert not any(s.hard for w in weeks for s in w.sessions)


# 14.
def test_s3b_short_runway_warns_about_the_long_run_and_a_comfortable_one_does_not() -> None:
    """§3b "If the runway cannot reach the target, the coach says so": a marathon 4 weeks out
    from a 10 km longest run warns about the long run; a marathon 24 weeks out on 50 km a
    week with a 30 km longest run does not."""
    short = plan_of(athlete(GoalKind.ROAD_MARATHON, 4, longest_run_km=10.0))
    assert any("long run" in w for w in short.warnings), short.warnings
    comfy = plan_of(athlete(GoalKind.ROAD_MARATHON, 24, weekly_km=50.0, longest_run_km=30.0))
    assert not any("long run" in w for w in comfy.warnings), comfy.warnings


def _loading_minutes(plan: Plan) -> list[float]:
    return [checks.run_minutes(w) for w in plan.weeks if w.phase in checks.LOADING and not w.deload]


def test_s3b_a_low_volume_marathoners_season_builds_whatever_day_the_plan_starts() -> None:
    """§3 and §3b: a 15-km-a-week runner with a marathon 10 to 20 weeks out (the coach warns
    the runway is short) still gets a season that builds from where they are. It used to
    shrink to 45 min a week: a week that could not hold its target at 5-min steps came out
    as one long run and one easy run, and each next week's reference fell with it."""
    for days, offset, weeks in itertools.product(
        ((1, 3, 5, 6), (0, 2, 4, 6), (1, 2, 4, 6), (1, 3, 6)), range(7), (10, 20)
    ):
        start = START + timedelta(days=offset)
        profile = AthleteProfile(
            goal=GoalKind.ROAD_MARATHON,
            race_date=start + timedelta(weeks=weeks),
            run_days=days,
            long_run_day=days[-1],
            weekly_km=15.0,
            longest_run_km=8.0,
            recent_race=RaceResult(distance_km=10.0, time_s=35 * 60.0),
        )
        plan = build_plan(profile, start)
        minutes = _loading_minutes(plan)
        case = (days, start.strftime("%a"), weeks, minutes)
        # No whole loading week falls under the first whole one, and the season ends higher.
        assert min(minutes[1:]) >= minutes[0] - RULES.round_to_minutes, case
        assert max(minutes) > minutes[0], case
        longs = [w.long_run_min for w in plan.weeks if w.phase in checks.LOADING and not w.deload]
        assert longs[-1] > longs[0], case  # the long run climbs too
        assert plan.warnings, case  # and the coach says the runway is short


def test_s3_a_first_week_that_lost_no_run_day_is_a_whole_week() -> None:
    """A plan that starts on a Tuesday for a runner who never runs on Mondays loses nothing
    of its first week: the second week grows from what the first holds (§3: 10 % over the
    last week), as it does for a plan that starts on the Monday."""
    profile = athlete(GoalKind.ROAD_HALF, weeks=16, run_days=(1, 3, 6), weekly_km=25.0)
    from_monday = build_plan(profile, START)
    from_tuesday = build_plan(profile, START + timedelta(days=1))
    assert [checks.run_minutes(w) for w in from_tuesday.weeks[:3]] == [
        checks.run_minutes(w) for w in from_monday.weeks[:3]
    ]
