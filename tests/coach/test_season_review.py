"""What a coach's read of whole seasons found, held by tests (COACHING.md §3, §3b, §9).

Five athletes unlike the examples were planned and read week by week: a 2:45 marathoner on
six days, a 3-day masters runner aiming at a half, a 50K trail runner (2,500 m D+, 45 km a
week), a beginner and a runner who misses sessions. Each test names the finding it guards:
ladders at their top by week 5 and then held for months, a race week at a third of the peak,
a marathon fortnight with no quality, a threshold set held at 2 x 10 min all season, a
back-to-back weekend taking 72 % of the week, and no climbing target for a mountain race.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

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
from coach.workouts import race_minutes, zone_pace
from tests.support import plan_checks as checks
from tests.support.athletes import marathoner_245

START = date(2026, 12, 7)  # a Monday
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


def masters_half() -> AthleteProfile:
    """A 58-year-old on three days (Tue, Thu, Sun), 30 km a week, a half 19 weeks out."""
    return AthleteProfile(
        goal=GoalKind.ROAD_HALF,
        race_date=date(2027, 4, 18),
        run_days=(1, 3, 6),
        long_run_day=6,
        weekly_km=30.0,
        longest_run_km=14.0,
        track_access=True,
        trail_access=True,
        age=58,
        recent_race=RaceResult(distance_km=10.0, time_s=48.5 * 60),
    )


def mountain_50k() -> AthleteProfile:
    """A 50K with 2,500 m of climbing 27 weeks out, 45 km a week on five days, trails."""
    return AthleteProfile(
        goal=GoalKind.TRAIL,
        race_date=date(2027, 6, 12),
        trail_distance_km=50.0,
        trail_elevation_m=2500.0,
        run_days=(1, 2, 3, 5, 6),
        long_run_day=5,
        weekly_km=45.0,
        longest_run_km=22.0,
        track_access=False,
        trail_access=True,
    )


def ultra_80k() -> AthleteProfile:
    """An 80K with 4,000 m of climbing 24 weeks out, 70 km a week on six days, longest run
    30 km (about 2 h 50), trails."""
    return AthleteProfile(
        goal=GoalKind.TRAIL,
        race_date=date(2027, 5, 22),
        trail_distance_km=80.0,
        trail_elevation_m=4000.0,
        run_days=(0, 1, 2, 3, 5, 6),
        long_run_day=5,
        weekly_km=70.0,
        longest_run_km=30.0,
        track_access=False,
        trail_access=True,
    )


def loading_weeks(plan: Plan) -> list[Week]:
    return [w for w in plan.weeks if w.phase in checks.LOADING and not w.deload]


def quality(week: Week) -> list[Session]:
    return [s for s in week.sessions if s.role is SessionRole.QUALITY]


@st.composite
def long_runways(draw: st.DrawFn) -> tuple[AthleteProfile, date]:
    """A road racer 18-30 weeks out, 4-6 days, 35-100 km a week (room for the ladders)."""
    goal = draw(st.sampled_from([g for g in GoalKind if g.has_race and g is not GoalKind.TRAIL]))
    days = tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=4, max_size=6))))
    weekly = draw(st.floats(35.0, 100.0))
    return (
        AthleteProfile(
            goal=goal,
            race_date=START + timedelta(weeks=draw(st.integers(18, 30))),
            run_days=days,
            long_run_day=days[-1],
            weekly_km=weekly,
            longest_run_km=min(30.0, weekly / 3),
            track_access=draw(st.booleans()),
            trail_access=False,
        ),
        START,
    )


@SETTINGS
@given(long_runways())
def test_ladders_reach_their_top_late_in_the_season_not_in_the_first_weeks(
    case: tuple[AthleteProfile, date],
) -> None:
    """§3b ladders over a long runway: the highest rung a ladder reaches is first run in the
    second half of the weeks the ladder is used, not in its first weeks and then held (a
    coach's read: a marathoner's intervals topped out in week 5 and 30 min at T ran eight
    loading weeks running)."""
    profile, start = case
    plan = build_plan(profile, start)
    uses: dict[str, list[tuple[int, int]]] = {}
    sizes: dict[str, int] = {}
    for w in loading_weeks(plan):
        for s in quality(w):
            if s.ladder:
                name, _, rung = s.ladder.rpartition(" ")
                index, _, size = rung.partition("/")
                uses.setdefault(name, []).append((w.index, int(index)))
                sizes[name] = int(size)
    for name, seq in uses.items():
        first, last = seq[0][0], seq[-1][0]
        top = max(r for _, r in seq)
        if last - first < 8 or top < sizes[name]:
            continue  # a short use, or a ladder the athlete's volume holds below its top
        reached = next(i for i, r in seq if r == top)
        assert reached - first >= (last - first) / 2, f"{name}: {seq}"


def test_a_marathon_race_week_keeps_about_half_the_peak_beside_the_race() -> None:
    """§9 taper "week k is 0.75^k of the last loading week, the race not counted": the 2:45
    marathoner's race week ran five 35-min jogs (a third of the peak); its easy runs are now
    half the season's longest long run, at most the recovery cap."""
    plan = build_plan(marathoner_245(), START)
    peak = max(w.run_minutes for w in loading_weeks(plan))
    race_week = next(w for w in plan.weeks if any(s.kind is SessionKind.RACE for s in w.sessions))
    beside = sum(
        s.duration_min for s in race_week.sessions if s.is_run and s.kind is not SessionKind.RACE
    )
    assert beside >= 0.45 * peak, (beside, peak)
    assert all(
        s.duration_min <= RULES.recovery_run_cap_minutes
        for s in race_week.sessions
        if s.kind is SessionKind.EASY
    )


def test_the_marathon_fortnight_keeps_a_threshold_set_beside_the_last_m_finish() -> None:
    """§3 taper "keep short race-pace work": the week whose long run carries the last M
    finish (7-10 days out) also holds a small threshold set, 48 h from the long run."""
    plan = build_plan(marathoner_245(), START)
    race_day = plan.race_date
    assert race_day is not None
    taper = [
        w
        for w in plan.weeks
        if w.phase is Phase.TAPER and not any(s.kind is SessionKind.RACE for s in w.sessions)
    ]
    assert taper
    week = taper[-1]
    long_run = next(s for s in week.sessions if s.kind is SessionKind.LONG)
    assert long_run.spec.finish_at_marathon_min > 0
    tempo = [s for s in week.sessions if s.kind is SessionKind.TEMPO]
    assert len(tempo) == 1
    assert tempo[0].spec.intensity == "T"
    reps, minutes = RULES.taper_threshold_set
    assert (tempo[0].spec.reps, tempo[0].spec.rep_duration_min) == (reps, minutes)
    assert abs((long_run.date - tempo[0].date).days) >= 2


def test_marathon_pace_runs_are_shorter_in_a_lighter_week() -> None:
    """§3 deload "volume down 20-30 %": an M run in a lighter week is a quarter shorter than
    the same rung in a loading week (a coach's read: 1 h 20 at M in a deload week)."""
    plan = build_plan(marathoner_245(), START)

    def m_runs(week: Week) -> list[tuple[str, float]]:
        return [
            (s.ladder or "", s.spec.rep_duration_min or 0.0)
            for s in week.sessions
            if s.kind is SessionKind.TEMPO and s.spec.intensity == "M"
        ]

    loading = {ladder: minutes for w in loading_weeks(plan) for ladder, minutes in m_runs(w)}
    lighter = [run for w in plan.weeks if w.deload for run in m_runs(w)]
    assert lighter, "the marathoner's lighter weeks of the competition phase hold an M run"
    for ladder, minutes in lighter:
        if ladder in loading:
            assert minutes < loading[ladder], (ladder, minutes, loading[ladder])


def test_a_three_day_runners_threshold_grows_with_the_week_under_the_t_cap() -> None:
    """§3b "Three-day runners progress too": a threshold set that Daniels' T cap holds below
    its rung lengthens its reps as the weeks grow (it ran 2 x 10 min all season)."""
    plan = build_plan(masters_half(), START)
    sets = [
        (s.spec.reps or 1) * (s.spec.rep_duration_min or 0.0)
        for w in loading_weeks(plan)
        for s in quality(w)
        if s.kind is SessionKind.TEMPO and s.spec.intensity == "T"
    ]
    assert len(sets) >= 4
    assert max(sets[len(sets) // 2 :]) > sets[0], sets


@st.composite
def ultras(draw: st.DrawFn) -> tuple[AthleteProfile, date]:
    """A trail ultra over 6 h, 16-30 weeks out, 4-7 days, 35-110 km a week."""
    days = tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=4, max_size=7))))
    long_day = draw(st.sampled_from(days))
    return (
        AthleteProfile(
            goal=GoalKind.TRAIL,
            race_date=START + timedelta(weeks=draw(st.integers(16, 30)), days=5),
            trail_distance_km=draw(st.sampled_from([50.0, 80.0, 100.0])),
            trail_elevation_m=draw(st.sampled_from([500.0, 2500.0, 5000.0])),
            run_days=days,
            long_run_day=long_day,
            weekly_km=draw(st.floats(35.0, 110.0)),
            longest_run_km=draw(st.floats(12.0, 30.0)),
            track_access=False,
            trail_access=draw(st.booleans()),
        ),
        START,
    )


@SETTINGS
@given(ultras())
def test_a_back_to_back_weekend_leaves_the_week_room_for_real_runs(
    case: tuple[AthleteProfile, date],
) -> None:
    """§3b back-to-back long days, §4 the week: the pair together takes at most
    ``RULES.back_to_back_week_share`` of the week, so the midweek runs stay runs (a coach's
    read: 72 % of the week, 20-min runs midweek). Two 5-min steps of slack: the share is
    of the week's target, and a laid-out week rounds its runs a little under it."""
    profile, start = case
    plan = build_plan(profile, start)
    assume(race_minutes(profile, plan.paces) > RULES.back_to_back_from_race_minutes)
    for w in plan.weeks:
        longs = [s for s in w.sessions if s.kind is SessionKind.LONG]
        if not any(s.spec.back_to_back for s in longs):
            continue
        pair = sum(s.duration_min for s in longs)
        limit = RULES.back_to_back_week_share * w.run_minutes + 2 * RULES.round_to_minutes
        easy = [s.duration_min for s in w.sessions if s.kind is SessionKind.EASY]
        full = bool(easy) and min(easy) >= RULES.easy_run_cap_minutes - RULES.round_to_minutes
        # Day two gives its minutes to the easy runs until the pair fits; a week whose easy
        # runs are all at their cap (or that has none) may keep day two at its floor.
        day_two = min(s.duration_min for s in longs)
        assert pair <= limit or full or not easy or day_two <= RULES.long_run_floor_long, (
            w.index,
            pair,
            w.run_minutes,
        )
        assert min(s.duration_min for s in longs) >= RULES.long_run_floor_long


def test_a_mountain_race_gets_a_weekly_climbing_target_that_builds() -> None:
    """§3b "trail: climbing per week building toward the race's gain per week of racing
    time": each week of a mountain 50K carries a climbing target, from about half the race's
    climbing per hour of trail time to all of it by the long run's peak, and the long trail
    run says it."""
    profile = mountain_50k()
    plan = build_plan(profile, START)
    per_hour = 2500.0 / (race_minutes(profile, plan.paces) / 60.0)

    def off_road_hours(w: Week) -> float:
        minutes = sum(
            s.duration_min
            for s in w.sessions
            if s.is_run
            and s.kind is not SessionKind.RACE
            and (s.surface.value == "trail" or s.kind is SessionKind.HILLS)
        )
        return minutes / 60.0

    loading = loading_weeks(plan)
    assert all(w.climb_target_m > 0 for w in loading)
    first, last = loading[0], loading[-1]
    assert first.climb_target_m / off_road_hours(first) < 0.6 * per_hour
    assert last.climb_target_m / off_road_hours(last) > 0.9 * per_hour
    assert max(w.climb_target_m for w in loading) >= 3 * first.climb_target_m
    long_runs = [s for s in last.sessions if s.kind is SessionKind.LONG and not s.spec.back_to_back]
    assert any(f"about {last.climb_target_m} m of ascent" in c for c in long_runs[0].cues)
    assert all(w.climb_target_m == 0 for w in plan.weeks if w.phase is Phase.RECOVERY)


def test_road_races_and_trail_racers_without_trails_get_no_climbing_target() -> None:
    """A climbing target is for a trail racer who can reach trails (a road marathoner's
    plan, or a trail racer training on the road, has none)."""
    assert all(w.climb_target_m == 0 for w in build_plan(marathoner_245(), START).weeks)
    flat = mountain_50k().model_copy(update={"trail_access": False})
    assert all(w.climb_target_m == 0 for w in build_plan(flat, START).weeks)


def test_a_beginners_fitness_plan_builds_toward_150_minutes_a_week() -> None:
    """§3b "Weekly volume builds": a beginner on 12 km a week (85 min, 3 days) with no race
    ran 85-105 min and 40-45 min long runs for 12 weeks (a 20 % "gentle climb"); general
    fitness now builds toward ``RULES.fitness_peak_floor_minutes`` (health guidance's 150
    min a week), at most 10 % a loading week, and the long run with it."""
    profile = AthleteProfile(
        goal=GoalKind.FITNESS,
        run_days=(1, 3, 5),
        long_run_day=5,
        weekly_km=12.0,
        longest_run_km=5.0,
    )
    plan = build_plan(profile, START)
    loading = loading_weeks(plan)
    first, best = loading[0].run_minutes, max(w.run_minutes for w in loading)
    assert best >= 1.5 * first, [w.run_minutes for w in loading]
    assert best <= RULES.fitness_peak_floor_minutes
    for a, b in itertools.pairwise(loading):
        assert b.run_minutes <= a.run_minutes * 1.1 + RULES.round_to_minutes
    assert max(w.long_run_min for w in plan.weeks) >= 55


@SETTINGS
@given(long_runways())
def test_a_lighter_week_holds_one_quality_session_not_more_than_a_loading_week(
    case: tuple[AthleteProfile, date],
) -> None:
    """§3 a lighter week: at most ``RULES.deload_quality_sessions`` quality session besides
    the long run (a coach's read: 50K and 80K deload weeks carried more intensity than the
    loading weeks around them)."""
    profile, start = case
    plan = build_plan(profile, start)
    for w in plan.weeks:
        if w.deload:
            assert len(quality(w)) <= RULES.deload_quality_sessions, w.index


def test_the_long_run_starts_from_the_one_the_athlete_already_runs() -> None:
    """§3b "build the long run from where the athlete is": an 80K runner on 70 km a week
    whose longest run is 30 km (about 2 h 50) started at 1 h 55, cut to 30 % of the week,
    and took 16 weeks to get back. The first long run is now their own, and says why."""
    profile = ultra_80k()
    plan = build_plan(profile, START)
    habit = 30.0 * zone_pace(plan.paces, "E") / 60.0
    first = next(s for s in plan.weeks[0].sessions if s.kind is SessionKind.LONG)
    assert first.duration_min >= min(habit, RULES.back_to_back_first_max) - 10
    assert any("you already run this long" in step.text for step in first.steps)


@SETTINGS
@given(ultras())
def test_day_two_of_a_back_to_back_weekend_grows_a_step_at_a_time(
    case: tuple[AthleteProfile, date],
) -> None:
    """§3b back-to-back days: day two joins at the long-run floor and grows by steps, one
    long-run step (15 min) a loading week or two when the runway needs them (the weekend
    jumped by 1 h 45 in one week)."""
    profile, start = case
    plan = build_plan(profile, start)
    last = 0.0
    for w in plan.weeks:
        if w.phase not in checks.LOADING or w.deload:
            continue
        two = [s.duration_min for s in w.sessions if s.spec.back_to_back]
        if two:
            step = 2 * RULES.long_step_minutes[1]
            assert two[0] <= max(RULES.long_run_floor_long, last + step), (w.index, two, last)
            last = two[0]


def test_a_marathoners_competition_long_runs_alternate_easy_and_marathon_pace() -> None:
    """§3b "marathon M-pace long runs": every other competition week carries its M work in
    the long run, and that week has no midweek M run (a coach's read: seven plain long runs
    at E while all M work was a midweek run cued as a tempo)."""
    plan = build_plan(marathoner_245(), START)
    competition = [w for w in loading_weeks(plan) if w.phase is Phase.COMPETITION]
    with_m = []
    for w in competition:
        long_run = next(s for s in w.sessions if s.kind is SessionKind.LONG)
        m_runs = [s for s in w.sessions if s.kind is SessionKind.TEMPO and s.spec.intensity == "M"]
        if long_run.spec.finish_at_marathon_min >= 30:
            with_m.append(w.index)
            assert not m_runs, w.index
    assert len(with_m) >= 2
    assert len(with_m) < len(competition)
    m_run = next(
        s
        for w in competition
        for s in w.sessions
        if s.kind is SessionKind.TEMPO and s.spec.intensity == "M"
    )
    assert m_run.title.startswith("Marathon-pace run")
    assert not any("comfortably hard" in c for c in m_run.cues)


def test_recovery_after_an_ultra_scales_with_the_hours_raced() -> None:
    """§3b "Recovery after the race scales with it; never the same week after a 5K and after
    80 km": after 10-11 h of racing, a week without running, then a 20-30 min run, and the
    weeks after rising by at most RULES.post_race_weekly_rise_minutes (a coach's read: two
    days' rest and five runs the same week after an 80K)."""
    profile = ultra_80k()
    plan = build_plan(profile, START)
    race = next(s for w in plan.weeks for s in w.sessions if s.kind is SessionKind.RACE)
    after = sorted(
        (s for w in plan.weeks for s in w.sessions if s.is_run and s.date > race.date),
        key=lambda s: s.date,
    )
    first = after[0]
    assert (first.date - race.date).days > RULES.post_race_rest_max_days - 1
    assert first.duration_min <= RULES.post_race_first_run_max
    recovery = [w for w in plan.weeks if w.phase is Phase.RECOVERY]
    for a, b in itertools.pairwise(recovery):
        assert b.run_minutes <= a.run_minutes + RULES.post_race_weekly_rise_minutes
    # A 10K's first run comes back after a day.
    ten_k = AthleteProfile(goal=GoalKind.ROAD_10K, race_date=date(2027, 3, 21), weekly_km=40.0)
    plan = build_plan(ten_k, START)
    race = next(s for w in plan.weeks for s in w.sessions if s.kind is SessionKind.RACE)
    back = min(s.date for w in plan.weeks for s in w.sessions if s.is_run and s.date > race.date)
    assert (back - race.date).days <= RULES.post_race_rest_days(GoalKind.ROAD_10K) + 2


def test_a_mountain_race_climbs_longer_in_the_competition_phase() -> None:
    """§3b "trail race-terrain" work: past the hill ladder's 4 x 6 min, a trail racer's
    climbs lengthen to sustained climbs at race effort (the same 4 x 6 min ran nine weeks
    of a 50K's competition phase); road runners keep the hill ladder's short repeats."""
    plan = build_plan(mountain_50k(), START)
    climbs = [
        s
        for w in plan.weeks
        if w.phase is Phase.COMPETITION
        for s in w.sessions
        if s.kind is SessionKind.HILLS
    ]
    long_climbs = [s for s in climbs if (s.spec.rep_duration_min or 0) >= 10]
    assert long_climbs
    assert all(s.title.startswith("Sustained climbs") for s in long_climbs)
    assert all(s.target_rpe == RULES.sustained_climb_rpe for s in long_climbs)
    assert any("power-hike" in step.text for step in long_climbs[0].steps)
    road = build_plan(marathoner_245(), START)
    assert all(
        (s.spec.rep_duration_min or 0) < 10
        for w in road.weeks
        for s in w.sessions
        if s.kind is SessionKind.HILLS
    )


def test_a_half_marathoners_competition_phase_holds_half_marathon_pace_sessions() -> None:
    """§3b "half: T and long runs with half-marathon-pace segments": HMP sessions in the
    competition phase, on two days a week and on three (the last hard session of a half's
    build was 5 x 800 m at I, and HMP came only as long-run finishes)."""
    for profile in (
        masters_half(),
        masters_half().model_copy(update={"run_days": (0, 1, 3, 5, 6), "age": None}),
    ):
        plan = build_plan(profile, START)
        hmp = [
            s
            for w in plan.weeks
            if w.phase is Phase.COMPETITION
            for s in w.sessions
            if s.kind is SessionKind.TEMPO and s.spec.intensity == "HM"
        ]
        assert hmp, profile.run_days
        assert all(s.title.startswith("Half-marathon-pace run") for s in hmp)


def test_a_trail_runs_cue_says_the_weeks_actual_share_off_road() -> None:
    """The cue "this run is this week's quarter of your running off-road" said the phase's
    target, not the week (a coach's read found it on weeks 40-50 % off-road)."""
    nouns = {"fifth": 0.2, "quarter": 0.25, "third": 1 / 3, "half": 0.5}
    for profile in (masters_half(), mountain_50k()):
        plan = build_plan(profile, START)
        for w in plan.weeks:
            runs = [s for s in w.sessions if s.is_run and s.kind is not SessionKind.RACE]
            total = sum(s.duration_min for s in runs)
            off_road = sum(s.duration_min for s in runs if s.surface.value == "trail")
            if not total:
                continue
            for s in runs:
                for cue in s.cues:
                    if "off-road" not in cue:
                        continue
                    said = [v for k, v in nouns.items() if f" {k} " in cue or f"{k} of" in cue]
                    percent = [int(p) for p in re.findall(r"(\d+) %", cue)]
                    if said:
                        assert abs(said[0] - off_road / total) <= 0.05, (w.index, cue)
                    elif percent:
                        assert abs(percent[0] / 100 - off_road / total) <= 0.05, (w.index, cue)
