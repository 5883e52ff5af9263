"""The workout library (COACHING.md §2, §4, §5): every spec becomes a fully cued session."""

from __future__ import annotations

from datetime import date

import pytest

from coach.models import (
    AthleteProfile,
    GoalKind,
    Phase,
    Session,
    SessionKind,
    Surface,
    TrainingPaces,
    Units,
    WorkoutSpec,
)
from coach.workouts import (
    FORM_CUE,
    HIKE_FIRST_CUE,
    WeekContext,
    build_session,
    describe,
    session_minutes,
    track_to_road_tempo,
    trail_to_road,
)

DAY = date(2027, 1, 12)
# R pace 4:00/km: a 400 m rep takes 1:36, the example in COACHING.md §5.
PACES = TrainingPaces(
    vdot=45.0,
    easy_min=330.0,
    easy_max=365.0,
    marathon=290.0,
    threshold=272.0,
    interval=252.0,
    repetition=240.0,
)
PROFILE = AthleteProfile(goal=GoalKind.ROAD_10K, race_date=date(2027, 3, 7), weekly_km=40)
TRAIL_PROFILE = AthleteProfile(
    goal=GoalKind.TRAIL, race_date=date(2027, 6, 12), trail_distance_km=50, trail_elevation_m=2500
)


def spec(kind: SessionKind, surface: Surface, minutes: float = 0.0, **kw: object) -> WorkoutSpec:
    return WorkoutSpec.model_validate(
        {"kind": kind, "surface": surface, "duration_min": minutes, **kw}
    )


def build(s: WorkoutSpec, profile: AthleteProfile = PROFILE, **kw: object) -> Session:
    return build_session(s, DAY, PACES, profile, **kw)  # type: ignore[arg-type]


def texts(session: Session) -> str:
    return " | ".join([session.title, *(s.text for s in session.steps), *session.cues])


TRACK_6x400 = spec(
    SessionKind.TRACK, Surface.TRACK, reps=6, rep_distance_m=400, intensity="R", target_rpe=8
)


def test_s5_track_session_is_fully_cued() -> None:
    """§5: warm-up with drills, 6 x 400 m at R shown per 400 m, equal recoveries, cool-down."""
    s = build(TRACK_6x400)
    assert s.title == "Track: 6 x 400 m at 1:36"
    kinds = [step.kind for step in s.steps]
    assert kinds == ["warmup", "main", "recovery", "cooldown"]
    assert s.steps[0].text == "15 min easy + drills (leg swings, high knees, A-skips, 4 strides)"
    main = s.steps[1]
    assert (main.reps, main.distance_m, main.rep_time_s) == (6, 400, 96.0)
    assert "1:36" in main.text
    assert "R pace" in main.text
    assert s.steps[2].text.startswith("Equal-time jog recoveries")
    assert s.steps[3].text == "10 min easy cool-down"
    assert FORM_CUE in s.cues
    assert s.kit is not None
    assert "breathable" in s.kit
    assert s.hard
    assert s.surface is Surface.TRACK
    # 15 + 6 x 1:36 + 5 x 1:36 jog + 10 = 42.6 min, rounded.
    assert s.duration_min == 43
    assert s.distance_km is not None
    assert 6 < s.distance_km < 10


def test_s2_track_reps_over_400_show_the_400_split() -> None:
    """§2: track reps are shown per 400 m, also for 800 m reps at I."""
    s = build(spec(SessionKind.TRACK, Surface.TRACK, reps=5, rep_distance_m=800, intensity="I"))
    assert s.title == "Track: 5 x 800 m at 3:22"
    assert "1:41 per 400 m" in s.steps[1].text


def test_s5_road_intervals_carry_pace_and_rep_time() -> None:
    """§5: road intervals, e.g. 5 x 1000 m at I pace."""
    s = build(spec(SessionKind.INTERVALS, Surface.ROAD, reps=5, rep_distance_m=1000))
    assert s.title == "Intervals: 5 x 1000 m at 4:12/km"
    assert s.steps[1].pace_s_per_km == 252.0
    assert s.steps[1].rep_time_s == 252.0


def test_s5_tempo_three_by_ten_with_two_minute_jog() -> None:
    """§5: tempo 3 x 10 min at T pace with 2 min jog."""
    s = build(spec(SessionKind.TEMPO, Surface.ROAD, reps=3, rep_duration_min=10, intensity="T"))
    assert s.title == "Tempo: 3 x 10 min at 4:32/km"
    assert any(step.text == "2 min jog between reps" for step in s.steps)
    assert s.duration_min == 15 + 30 + 4 + 10


def test_s5_hill_repeats_by_effort_with_walk_jog_down() -> None:
    """§5: 5-6 x 4 min uphill at RPE 7-8, walk/jog down; by effort, not pace."""
    s = build(spec(SessionKind.HILLS, Surface.TRAIL, reps=6, rep_duration_min=4, target_rpe=8))
    assert s.title == "Trail hill repeats: 6 x 4 min uphill"
    assert "RPE 7-8" in s.steps[1].text
    assert any("Walk/jog down" in step.text for step in s.steps)


def test_s5_road_long_run_finishes_at_marathon_pace() -> None:
    """§5: long run at E pace with the last 15 min at M pace in the competition phase."""
    s = build(spec(SessionKind.LONG, Surface.ROAD, 100, finish_at_marathon_min=15))
    assert s.title == "Long run 1 h 40, last 15 min at M"
    assert [step.duration_min for step in s.steps] == [85, 15]
    assert s.steps[1].pace_s_per_km == PACES.marathon


def test_s5_long_trail_run_by_time_with_fuel_and_vest() -> None:
    """§5, §3b: long trail run by time; a trail racer practises race fuelling (60-90 g of
    carbohydrate and 400-800 ml of fluid an hour); vest as kit."""
    s = build(spec(SessionKind.LONG, Surface.TRAIL, 135, target_rpe=4), TRAIL_PROFILE)
    assert s.title == "Long trail run 2 h 15"
    assert any("60-90 g of carbohydrate and 400-800 ml" in c for c in s.cues)
    assert s.kit is not None
    assert "vest" in s.kit.lower()
    assert s.distance_km is None


def test_s5_technical_trail_says_hike_it_first() -> None:
    """§5: technical downhill practice; new technical trail: hike it first."""
    s = build(spec(SessionKind.TECHNICAL, Surface.TRAIL, 40), TRAIL_PROFILE)
    assert HIKE_FIRST_CUE in s.cues
    assert s.duration_min == 40


def test_s5_night_run_kit_headlamp_and_waterproof_layer() -> None:
    """§5 kit: headlamp and a waterproof layer for night running."""
    s = build(spec(SessionKind.EASY, Surface.TRAIL, 45, night=True), TRAIL_PROFILE)
    assert s.kit is not None
    assert "Headlamp" in s.kit
    assert "waterproof" in s.kit


def test_s2_trail_sessions_never_carry_pace_or_distance() -> None:
    """§2: trail work is by time and RPE, never by pace or distance targets."""
    for kind in SessionKind:
        if kind in (SessionKind.REST, SessionKind.CROSS):
            continue
        s = build(
            spec(kind, Surface.TRAIL, 45, reps=5, rep_distance_m=800, rep_duration_min=4),
            TRAIL_PROFILE,
        )
        assert s.distance_km is None, kind
        for step in s.steps:
            assert step.pace_s_per_km is None, (kind, step)
            assert step.distance_m is None, (kind, step)
        assert "/km" not in texts(s), kind


@pytest.mark.parametrize("kind", list(SessionKind))
@pytest.mark.parametrize(
    "surface", [Surface.ROAD, Surface.TRAIL, Surface.TRACK, Surface.CROSS, Surface.REST]
)
def test_every_kind_and_surface_renders(kind: SessionKind, surface: Surface) -> None:
    """The adaptation may rebuild any spec: every combination gives a sensible session."""
    for extra in ({}, {"reps": 4, "rep_distance_m": 400}, {"reps": 3, "rep_duration_min": 8}):
        s = build(spec(kind, surface, 35, **extra))
        assert s.title
        assert s.duration_min >= 0
        assert s.steps, (kind, surface)
        assert all(step.text for step in s.steps)
        assert s.hard == (
            kind
            in {
                SessionKind.TRACK,
                SessionKind.INTERVALS,
                SessionKind.TEMPO,
                SessionKind.HILLS,
                SessionKind.LONG,
                SessionKind.TECHNICAL,
                SessionKind.RACE,
                SessionKind.TIME_TRIAL,
            }
        )


def test_s7_fewer_reps_give_a_shorter_session() -> None:
    """§7 amber: 6 x 400 -> 4 x 400; the structure, not the old duration, sets the time."""
    six = build(TRACK_6x400.model_copy(update={"duration_min": 43.0}))
    four = build(TRACK_6x400.model_copy(update={"reps": 4, "duration_min": 37.0}))
    assert four.title == "Track: 4 x 400 m at 1:36"
    assert four.duration_min < six.duration_min
    # duration_min 0: the standard structure, 15 + 4 x 1:36 + 3 x 1:36 + 10 = 36.2 min.
    assert build(TRACK_6x400.model_copy(update={"reps": 4})).duration_min == 36


def test_s7_intervals_to_steady_reads_as_steady_effort() -> None:
    """§7 amber: intervals become a steady run at RPE 5-6."""
    s = build(spec(SessionKind.STEADY, Surface.ROAD, 45, target_rpe=5))
    assert s.title == "Steady run 45 min"
    assert "RPE 5-6" in s.steps[0].text
    assert not s.hard


def test_s7_red_day_easy_trail_at_rpe_two_to_three() -> None:
    """§7 red: the hard session becomes 30-40 min easy, trail when available, RPE 2-3."""
    s = build(spec(SessionKind.EASY, Surface.TRAIL, 35, target_rpe=3), TRAIL_PROFILE)
    assert s.title == "Easy trail run 35 min"
    assert "RPE 2-3" in s.steps[0].text
    assert not s.hard


def test_s4_rest_day_with_and_without_mobility_notes() -> None:
    """§4 + §7: rest with mobility when the athlete wants rest-day notes."""
    rest = spec(SessionKind.REST, Surface.REST)
    with_notes = build(rest)
    assert with_notes.title == "Rest day"
    assert with_notes.duration_min == 0
    assert any(step.kind == "strength" for step in with_notes.steps)
    quiet = build(rest, PROFILE.model_copy(update={"rest_day_notes": False}))
    assert all(step.kind != "strength" for step in quiet.steps)


def test_s4_cross_training_replaces_an_easy_run() -> None:
    """§4: cycling or swimming may replace an easy run."""
    s = build(spec(SessionKind.CROSS, Surface.CROSS, 40))
    assert "cycling or swimming" in s.title
    assert s.distance_km is None
    assert not s.hard


def test_s4_strength_routine_on_easy_days() -> None:
    """§4: strength and mobility (ankles, hips, core, lower back) twice a week."""
    ctx = WeekContext(phase=Phase.BASE, strength=True)
    s = build(spec(SessionKind.EASY, Surface.ROAD, 40), week_context=ctx)
    strength = [step for step in s.steps if step.kind == "strength"]
    assert len(strength) == 1
    for word in ("ankle", "hips", "core", "lower back"):
        assert word in strength[0].text


def test_s3_week_context_cue_tells_the_trail_share() -> None:
    """§3: the cue says how the trail run fits the week's time off-road."""
    ctx = WeekContext(phase=Phase.BASE, trail_share=1 / 3, trail_ordinal=1, trail_runs=1)
    s = build(spec(SessionKind.EASY, Surface.TRAIL, 40), week_context=ctx)
    assert "This run is this week's third of your running off-road." in s.cues
    two = WeekContext(phase=Phase.BUILD, trail_share=0.5, trail_ordinal=2, trail_runs=2)
    s = build(spec(SessionKind.EASY, Surface.TRAIL, 40), week_context=two)
    assert any(c.startswith("Trail run 2 of 2 this week") and "half" in c for c in s.cues)


def test_s2_estimated_paces_are_flagged() -> None:
    """§2: paces estimated from an easy pace say so."""
    estimated = PACES.model_copy(update={"estimated": True})
    s = build_session(TRACK_6x400, DAY, estimated, PROFILE)
    assert any("estimated" in c for c in s.cues)
    assert not any("estimated" in c for c in build(TRACK_6x400).cues)


def test_paces_in_miles_for_athletes_in_miles() -> None:
    """§1: units only matter when rendering."""
    miler = PROFILE.model_copy(update={"units": Units.MI})
    s = build(spec(SessionKind.TEMPO, Surface.ROAD, reps=2, rep_duration_min=10), miler)
    assert "/mi" in s.title
    assert "/km" not in texts(s)


def test_s4_doubles_are_titled_by_slot() -> None:
    """§4 doubles: a morning and an evening run on the same day."""
    am = build(spec(SessionKind.INTERVALS, Surface.ROAD, 30, reps=4, rep_duration_min=2), slot="am")
    pm = build(spec(SessionKind.EASY, Surface.TRAIL, 40), slot="pm")
    assert am.title.startswith("Morning: Intervals: 4 x 2 min")
    assert am.slot == "am"
    assert am.duration_min == 30  # the short warm-up and cool-down of a 30-minute double
    assert pm.title.startswith("Evening: Easy trail run")
    assert not pm.hard


def test_race_day_road_and_trail() -> None:
    """Race day: warm-up, pacing, fuel; on race_date whatever the goal."""
    road = build(spec(SessionKind.RACE, Surface.ROAD, target_rpe=9))
    assert road.title == "Race day: 10K"
    assert road.hard
    assert road.distance_km == 10.0
    assert any("first km" in step.text for step in road.steps)
    trail = build(spec(SessionKind.RACE, Surface.TRAIL, target_rpe=9), TRAIL_PROFILE)
    assert trail.title == "Race day: trail 50 km, 2500 m D+"
    assert trail.distance_km is None
    assert any("60-90 g of carbohydrate" in c for c in trail.cues)  # §3b ultra fuelling
    assert any("RPE 4-6 all day" in step.text for step in trail.steps)  # §3b ultra effort
    assert session_minutes(spec(SessionKind.RACE, Surface.TRAIL), PACES, TRAIL_PROFILE) > 300


def test_s5_track_unavailable_becomes_same_effort_road_tempo() -> None:
    """§5: track unavailable or bad weather: a road tempo of the same effort."""
    tempo = track_to_road_tempo(TRACK_6x400)
    assert (tempo.kind, tempo.surface, tempo.intensity) == (
        SessionKind.TEMPO,
        Surface.ROAD,
        "T",
    )
    assert (tempo.reps, tempo.rep_duration_min) == (2, 8.0)
    assert build(tempo).title == "Tempo: 2 x 8 min at 4:32/km"
    easy = spec(SessionKind.EASY, Surface.ROAD, 40)
    assert track_to_road_tempo(easy) is easy


def test_trail_to_road_keeps_the_kind_and_time() -> None:
    """No trail access today: the road version of the session."""
    hills = spec(SessionKind.HILLS, Surface.TRAIL, reps=5, rep_duration_min=4)
    assert trail_to_road(hills).surface is Surface.ROAD
    assert trail_to_road(hills).kind is SessionKind.HILLS
    technical = trail_to_road(spec(SessionKind.TECHNICAL, Surface.TRAIL, 40))
    assert (technical.kind, technical.surface, technical.duration_min) == (
        SessionKind.EASY,
        Surface.ROAD,
        40,
    )
    road = spec(SessionKind.EASY, Surface.ROAD, 40)
    assert trail_to_road(road) is road
    assert build(trail_to_road(spec(SessionKind.LONG, Surface.TRAIL, 100))).distance_km


def test_describe_short_labels() -> None:
    """Labels used in adjustment reasons ("6 x 400 m became 4 x 400 m")."""
    assert describe(TRACK_6x400) == "6 x 400 m"
    assert describe(spec(SessionKind.LONG, Surface.ROAD, 100)) == "long run 1 h 40"
    assert describe(spec(SessionKind.EASY, Surface.ROAD, 45)) == "45 min easy"
    assert describe(spec(SessionKind.EASY, Surface.TRAIL, 35)) == "35 min easy trail"
    assert describe(spec(SessionKind.TEMPO, Surface.ROAD, reps=3, rep_duration_min=10)) == (
        "3 x 10 min tempo"
    )
    assert describe(spec(SessionKind.HILLS, Surface.TRAIL, reps=5)) == "5 x 4 min hills"
    assert describe(spec(SessionKind.REST, Surface.REST)) == "rest day"


def test_build_session_is_deterministic() -> None:
    """Same inputs, same session: adjusted specs are cued exactly like planned ones."""
    ctx = WeekContext(phase=Phase.TAPER, trail_share=0.3, trail_ordinal=1, trail_runs=2)
    assert build(TRACK_6x400, week_context=ctx) == build(TRACK_6x400, week_context=ctx)
