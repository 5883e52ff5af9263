"""Plan adaptation (COACHING.md §7): readiness, pain, load ratio, missed days, overrides."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import pytest

from coach.adaptation import (
    NOT_MEDICAL_ADVICE,
    RED_EASY_ADVICE,
    AdjustedDay,
    OverrideRefused,
    SwapRefused,
    adjust_today,
    allow_volume_step,
    apply_progression,
    handle_missed,
    hard_days,
    message,
    pair_quality_logs,
    progression_signal,
    rebalance_week,
    reduce_spec,
    repeat_missed_week,
    restore_original,
    skip,
    spacing_violations,
    swap_days,
)
from coach.models import (
    Adjustment,
    AdjustmentKind,
    AthleteProfile,
    CheckIn,
    GoalKind,
    PainFlag,
    Phase,
    Readiness,
    ReadinessLevel,
    RunLog,
    Session,
    SessionKind,
    Surface,
    Week,
    WorkoutSpec,
)
from coach.paces import training_paces
from coach.readiness import assess_readiness, morning_load
from coach.rules import RULES
from coach.schedule import LazySessions
from coach.workouts import build_session

PROFILE = AthleteProfile(
    goal=GoalKind.ROAD_10K,
    race_date=date(2027, 3, 7),
    run_days=(1, 2, 3, 4, 5, 6),
    long_run_day=6,
    weekly_km=45,
)
ROAD_ONLY = PROFILE.model_copy(update={"trail_access": False})
PACES = training_paces(45.0)
MON = date(2026, 11, 23)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

TRACK = WorkoutSpec(
    kind=SessionKind.TRACK,
    surface=Surface.TRACK,
    duration_min=0,
    reps=6,
    rep_distance_m=400.0,
    intensity="R",
    target_rpe=8,
)
TEMPO = WorkoutSpec(
    kind=SessionKind.TEMPO,
    surface=Surface.ROAD,
    duration_min=0,
    reps=3,
    rep_duration_min=10.0,
    intensity="T",
    target_rpe=7,
)
LONG = WorkoutSpec(kind=SessionKind.LONG, surface=Surface.ROAD, duration_min=100, target_rpe=4)
REST = WorkoutSpec(kind=SessionKind.REST, surface=Surface.REST, duration_min=0, target_rpe=0)


def easy(minutes: float, surface: Surface = Surface.ROAD) -> WorkoutSpec:
    return WorkoutSpec(kind=SessionKind.EASY, surface=surface, duration_min=minutes, target_rpe=3)


def d(name: str) -> date:
    return MON + timedelta(days=DAYS.index(name))


def week(profile: AthleteProfile = PROFILE, **specs: WorkoutSpec) -> list[Session]:
    """A Monday-to-Sunday week; days not named are rest days."""
    return [build_session(specs.get(name, REST), d(name), PACES, profile) for name in DAYS]


def standard_week() -> list[Session]:
    """Track Tuesday, tempo Thursday, long run Sunday; easy runs between; Monday rest."""
    return week(
        tue=TRACK,
        wed=easy(45),
        thu=TEMPO,
        fri=easy(40),
        sat=easy(50, Surface.TRAIL),
        sun=LONG,
    )


def on(sessions: Sequence[Session], name: str) -> list[Session]:
    return [s for s in sessions if s.date == d(name)]


def ready(level: ReadinessLevel, day: str = "tue", *reasons: str) -> Readiness:
    return Readiness(date=d(day), level=level, reasons=reasons)


def adjust(
    day: str,
    sessions: Sequence[Session],
    readiness: Readiness,
    profile: AthleteProfile = PROFILE,
    *,
    logs: Sequence[RunLog] = (),
    pains: Sequence[PainFlag] = (),
    **kw: Any,
) -> AdjustedDay:
    today = d(day)
    return adjust_today(
        today,
        [s for s in sessions if s.date == today],
        readiness,
        profile=profile,
        paces=PACES,
        logs=logs,
        pains=pains,
        **{"week_sessions": sessions, **kw},
    )


def spike_logs(today: date, *, since: int = 1) -> list[RunLog]:
    """Four quiet weeks, then seven days at four times the load, ending ``since`` days ago."""
    logs = []
    for back in range(1, 40):
        spike = since <= back < since + 7
        logs.append(
            RunLog(date=today - timedelta(days=back), duration_min=160 if spike else 40, rpe=5)
        )
    return logs


# --- §7 green / amber / red -------------------------------------------------------------------


def test_section7_amber_5h_sleep_and_soreness_on_track_day_reduces_the_set() -> None:
    sessions = standard_week()
    checkin = CheckIn(date=d("tue"), sleep_hours=5.0, soreness=4, soreness_where="calves")
    readiness = assess_readiness(d("tue"), checkin, [], [], [])
    assert readiness.level is ReadinessLevel.AMBER

    day = adjust("tue", sessions, readiness)

    (track,) = day.sessions
    assert track.kind is SessionKind.TRACK
    assert track.spec.reps == 4
    assert track.duration_min < on(sessions, "tue")[0].duration_min
    assert any("4 x 400 m" in step.text for step in track.steps)  # cued like a planned one
    assert day.messages == (
        "Adjusted: 5 h sleep and soreness 4/5 (calves), so 6 x 400 m became 4 x 400 m.",
    )
    (adj,) = day.adjustments
    assert adj.kind is AdjustmentKind.REDUCED
    assert adj.before == on(sessions, "tue")[0]
    assert adj.after == track
    assert not day.progression_allowed


def test_section7_the_example_message_reads_as_written() -> None:
    day = adjust(
        "tue", standard_week(), ready(ReadinessLevel.AMBER, "tue", "5.5 h sleep", "soreness 4/5")
    )
    assert day.messages == (
        "Adjusted: 5.5 h sleep and soreness 4/5, so 6 x 400 m became 4 x 400 m.",
    )
    assert message(day.adjustments[0]) == day.messages[0]


def test_section7_amber_long_run_is_cut_by_about_20_percent() -> None:
    sessions = week(sun=LONG.model_copy(update={"finish_at_marathon_min": 15.0}))
    day = adjust("sun", sessions, ready(ReadinessLevel.AMBER, "sun", "6 h sleep", "stress 6/7"))
    (long_run,) = day.sessions
    assert long_run.kind is SessionKind.LONG
    assert long_run.duration_min == 80
    assert long_run.spec.finish_at_marathon_min == 0
    assert day.messages == (
        "Adjusted: 6 h sleep and stress 6/7, so long run 1 h 40 with the last 15 min at M "
        "became long run 1 h 20.",
    )


def test_section7_amber_intervals_too_short_to_cut_become_a_steady_run() -> None:
    sessions = week(thu=TEMPO.model_copy(update={"reps": 2}))
    planned = on(sessions, "thu")[0]
    day = adjust("thu", sessions, ready(ReadinessLevel.AMBER, "thu", "stress 6/7"))
    (steady,) = day.sessions
    assert steady.kind is SessionKind.STEADY
    assert not steady.hard
    assert steady.target_rpe in range(RULES.amber_steady_rpe[0], RULES.amber_steady_rpe[1] + 1)
    assert abs(steady.duration_min - planned.duration_min) <= 5
    assert day.adjustments[0].kind is AdjustmentKind.REPLACED


def test_section7_amber_leaves_easy_runs_alone() -> None:
    sessions = standard_week()
    day = adjust("wed", sessions, ready(ReadinessLevel.AMBER, "wed", "5 h sleep"))
    assert day.sessions == tuple(on(sessions, "wed"))
    assert day.adjustments == ()


def test_section7_green_is_as_planned_and_progression_allowed() -> None:
    sessions = standard_week()
    day = adjust("tue", sessions, ready(ReadinessLevel.GREEN))
    assert day.sessions[0] is on(sessions, "tue")[0]
    assert day.adjustments == ()
    assert day.advice == ()
    assert day.progression_allowed
    assert not day.changed


@pytest.mark.parametrize(
    ("profile", "surface"), [(PROFILE, Surface.TRAIL), (ROAD_ONLY, Surface.ROAD)]
)
def test_section7_red_hard_session_becomes_30_to_40_min_easy(
    profile: AthleteProfile, surface: Surface
) -> None:
    sessions = week(profile, tue=TRACK, sun=LONG)
    lo, hi = RULES.red_easy_minutes
    for name in ("tue", "sun"):
        day = adjust(name, sessions, ready(ReadinessLevel.RED, name, "4 h sleep"), profile)
        (run,) = day.sessions
        assert run.kind is SessionKind.RECOVERY
        assert not run.hard
        assert lo <= run.duration_min <= hi
        assert run.surface is surface
        assert run.target_rpe in range(RULES.red_easy_rpe[0], RULES.red_easy_rpe[1] + 1)
        assert day.adjustments[0].kind is AdjustmentKind.REPLACED
        assert day.messages[0].startswith("Adjusted: 4 h sleep, so ")


def test_section7_red_caps_an_easy_run_at_40_min() -> None:
    sessions = week(wed=easy(60), fri=easy(30))
    long_day = adjust("wed", sessions, ready(ReadinessLevel.RED, "wed"))
    assert long_day.sessions[0].duration_min == RULES.red_easy_minutes[1]
    short_day = adjust("fri", sessions, ready(ReadinessLevel.RED, "fri"))
    assert short_day.sessions == tuple(on(sessions, "fri"))


def test_section7_red_on_an_easy_day_says_how_to_run_it() -> None:
    """§7/§8: red with nothing to change still gets one line of advice, not silence."""
    sessions = week(wed=easy(35))
    day = adjust("wed", sessions, ready(ReadinessLevel.RED, "wed", "5 h sleep"))
    assert day.adjustments == ()
    assert day.advice[0] == RED_EASY_ADVICE
    green = adjust("wed", sessions, ready(ReadinessLevel.GREEN, "wed"))
    assert RED_EASY_ADVICE not in green.advice
    rest = adjust("mon", sessions, ready(ReadinessLevel.RED, "mon", "5 h sleep"))
    assert RED_EASY_ADVICE not in rest.advice


def test_section7_red_double_day_becomes_one_run() -> None:
    am = build_session(
        WorkoutSpec(
            kind=SessionKind.INTERVALS,
            surface=Surface.ROAD,
            duration_min=30,
            reps=4,
            rep_duration_min=2.0,
            intensity="I",
            target_rpe=8,
        ),
        d("tue"),
        PACES,
        PROFILE,
        slot="am",
    )
    pm = build_session(easy(40, Surface.TRAIL), d("tue"), PACES, PROFILE, slot="pm")
    day = adjust_today(
        d("tue"),
        [am, pm],
        ready(ReadinessLevel.RED),
        profile=PROFILE,
        paces=PACES,
        logs=[],
        pains=[],
    )
    runs = [s for s in day.sessions if s.kind is not SessionKind.REST]
    assert len(runs) == 1
    assert not runs[0].hard
    assert [a.kind for a in day.adjustments] == [AdjustmentKind.REPLACED, AdjustmentKind.DROPPED]


def test_section7_two_red_days_in_a_row_lighten_the_rest_of_the_week() -> None:
    sessions = standard_week()
    monday_red = ready(ReadinessLevel.RED, "mon", "4 h sleep")
    day = adjust(
        "tue",
        sessions,
        ready(ReadinessLevel.RED, "tue", "4 h sleep", "soreness 5/5"),
        recent_readiness=[monday_red],
    )
    # The second red day is rest with mobility.
    (rest,) = day.sessions
    assert rest.kind is SessionKind.REST
    assert day.adjustments[0].kind is AdjustmentKind.REST
    assert "mobility" in day.messages[0]
    assert day.messages[0] == (
        "Adjusted: a second red day in a row (4 h sleep and soreness 5/5), "
        "so 6 x 400 m became a rest day with mobility."
    )
    # Every later day is lighter, with its own one-line reason.
    later = [a for a in day.adjustments if a.date > d("tue")]
    assert {a.date for a in later} == {d("wed"), d("thu"), d("fri"), d("sat"), d("sun")}
    for a in later:
        assert a.before is not None
        assert a.after is not None
        assert (
            a.after.duration_min < a.before.duration_min or a.after.spec.reps != a.before.spec.reps
        )
        assert a.reason.startswith("two red days in a row (Monday and Tuesday), so ")
    thu = next(a for a in later if a.date == d("thu"))
    assert thu.reason == (
        "two red days in a row (Monday and Tuesday), so Thursday's 3 x 10 min tempo "
        "became 2 x 10 min tempo."
    )
    assert spacing_violations(day.week_sessions) == []
    assert not day.progression_allowed


def test_section7_after_two_red_days_later_days_stay_lighter_when_rederived() -> None:
    sessions = standard_week()
    reds = [ready(ReadinessLevel.RED, "mon"), ready(ReadinessLevel.RED, "tue")]
    day = adjust("thu", sessions, ready(ReadinessLevel.GREEN, "thu"), recent_readiness=reds)
    assert day.sessions[0].spec.reps == 2
    assert day.messages == (
        "Adjusted: two red days in a row (Monday and Tuesday), so 3 x 10 min tempo "
        "became 2 x 10 min tempo.",
    )
    # ... and it matches what the Tuesday preview promised.
    preview = adjust("tue", sessions, ready(ReadinessLevel.RED, "tue"), recent_readiness=reds[:1])
    assert on(preview.week_sessions, "thu")[0].spec == day.sessions[0].spec


def test_section7_one_red_day_does_not_touch_the_rest_of_the_week() -> None:
    sessions = standard_week()
    day = adjust(
        "tue",
        sessions,
        ready(ReadinessLevel.RED),
        recent_readiness=[ready(ReadinessLevel.RED, "sat"), ready(ReadinessLevel.AMBER, "mon")],
    )
    assert all(a.date == d("tue") for a in day.adjustments)
    assert [s for s in day.week_sessions if s.date > d("tue")] == [
        s for s in sessions if s.date > d("tue")
    ]


# --- §7 pain and soreness -----------------------------------------------------------------------


def test_section7_pain_4_means_no_intensity_for_the_next_days() -> None:
    sessions = standard_week()
    pain = PainFlag(reported_on=d("mon"), where="knee", score=4)
    for name in DAYS[1:]:
        today = d(name)
        readiness = assess_readiness(today, None, [], [], [pain])
        day = adjust(name, sessions, readiness, pains=[pain])
        planned = on(sessions, name)
        assert day.no_intensity
        assert not any(s.hard for s in day.sessions), name
        assert all(s.target_rpe <= 3 for s in day.sessions), name
        for before, after in zip(planned, day.sessions, strict=True):
            if before.kind is not SessionKind.REST:
                # volume down ~30 % (rounded to 5 minutes)
                assert after.duration_min <= before.duration_min * RULES.pain_volume_factor + 2.5
                assert day.alternatives[0].kind is SessionKind.CROSS
        assert day.advice[0].startswith("Pain 4/10 (knee): no hard running")
        assert day.advice[-1] == NOT_MEDICAL_ADVICE
    tue = adjust("tue", sessions, ready(ReadinessLevel.AMBER), pains=[pain])
    assert tue.messages == ("Adjusted: pain 4/10 (knee), so 6 x 400 m became 30 min easy.",)


def test_section7_pain_over_a_week_advises_a_physio_never_a_diagnosis() -> None:
    sessions = standard_week()
    pain = PainFlag(reported_on=d("mon") - timedelta(days=7), where="achilles", score=3)
    day = adjust("tue", sessions, ready(ReadinessLevel.GREEN), pains=[pain])
    assert day.advice == (
        "That achilles pain has been there for 8 days: please see a physiotherapist or a "
        "doctor about it. Stride can't tell what it is.",
        NOT_MEDICAL_ADVICE,
    )
    week_old = pain.model_copy(update={"reported_on": d("tue") - timedelta(days=7)})
    assert adjust("tue", sessions, ready(ReadinessLevel.GREEN), pains=[week_old]).advice == ()


def test_section7_one_physio_line_per_place_counted_from_the_first_report() -> None:
    """A pain reported twice (by /pain, then in a log) is one pain: one line, oldest date."""
    sessions = standard_week()
    first = PainFlag(reported_on=d("mon") - timedelta(days=9), where="left knee", score=3)
    again = PainFlag(reported_on=d("mon") - timedelta(days=2), where="knee", score=3)
    other = PainFlag(reported_on=d("mon") - timedelta(days=8), where="achilles", score=2)
    day = adjust("tue", sessions, ready(ReadinessLevel.GREEN), pains=[again, first, other])
    physio = [line for line in day.advice if "physiotherapist" in line]
    assert len(physio) == 2
    assert "left knee pain has been there for 10 days" in physio[0]
    assert "achilles" in physio[1]


def test_section7_mild_or_resolved_pain_keeps_the_session() -> None:
    sessions = standard_week()
    pains = [
        PainFlag(reported_on=d("mon"), where="knee", score=3),
        # closed more than a week ago (§7b: the easy week after it is over)
        PainFlag(
            reported_on=d("mon") - timedelta(days=10),
            where="hip",
            score=6,
            resolved_on=d("mon") - timedelta(days=RULES.after_pain_easy_days),
        ),
    ]
    day = adjust("tue", sessions, ready(ReadinessLevel.GREEN), pains=pains)
    assert day.sessions == tuple(on(sessions, "tue"))
    assert not day.no_intensity


def test_section7_soreness_in_the_same_place_three_days_running_means_no_intensity() -> None:
    sessions = standard_week()
    checkins = [
        CheckIn(date=d(name), soreness=3, soreness_where="left calf")
        for name in ("sun", "mon", "tue")
    ]
    checkins[0] = checkins[0].model_copy(update={"date": d("mon") - timedelta(days=1)})
    day = adjust("tue", sessions, ready(ReadinessLevel.AMBER), checkins=checkins)
    assert day.no_intensity
    assert not day.sessions[0].hard
    assert day.messages == (
        "Adjusted: left calf sore 3 days running, so 6 x 400 m became 30 min easy.",
    )
    assert day.alternatives
    assert day.advice[-1] == NOT_MEDICAL_ADVICE


def test_section7_strong_pain_on_a_red_day_is_rest() -> None:
    sessions = standard_week()
    pain = PainFlag(reported_on=d("mon"), where="foot", score=8)
    day = adjust(
        "wed", sessions, ready(ReadinessLevel.RED, "wed", "pain 8/10 (foot)"), pains=[pain]
    )
    assert day.sessions[0].kind is SessionKind.REST
    assert day.adjustments[0].kind is AdjustmentKind.REST


# --- §7 load ratio -------------------------------------------------------------------------------


def test_section7_load_ratio_above_1_5_makes_the_next_days_lighter() -> None:
    sessions = standard_week()
    logs = spike_logs(d("tue"))
    ratio = morning_load(logs, d("tue")).ratio
    assert ratio is not None
    assert ratio > RULES.acwr_high
    # Even on a green morning the ratio alone reduces today ...
    day = adjust("tue", sessions, ready(ReadinessLevel.GREEN), logs=logs)
    assert day.sessions[0].spec.reps == 4
    assert day.messages == (
        f"Adjusted: a big jump in load (ratio {ratio:.1f}), so 6 x 400 m became 4 x 400 m.",
    )
    # ... and the next days are lighter until the projected ratio is back under 1.3.
    later = [a for a in day.adjustments if a.date > d("tue")]
    assert later
    assert later[0].date == d("wed")
    assert (
        later[0].reason
        == f"a big jump in load (ratio {ratio:.1f}), so Wednesday's 45 min easy became 35 min easy."
    )
    for a in later:
        assert a.before is not None
        assert a.after is not None
        assert a.after.load < a.before.load
    assert sum(s.load for s in day.week_sessions) < sum(s.load for s in sessions)
    assert not day.progression_allowed


def test_section7_load_ratio_brake_holds_until_back_under_1_3() -> None:
    sessions = standard_week()
    # Yesterday's ratio was above 1.5; this morning it is 1.4: still easing back.
    logs = spike_logs(d("wed"), since=2)
    ratio = morning_load(logs, d("wed")).ratio
    assert ratio is not None
    assert RULES.acwr_target <= ratio <= RULES.acwr_high
    day = adjust("wed", sessions, ready(ReadinessLevel.GREEN, "wed"), logs=logs)
    assert day.sessions[0].duration_min < on(sessions, "wed")[0].duration_min
    assert "easing back under 1.3" in day.messages[0]


def test_section7_a_ratio_of_1_4_without_a_spike_does_not_brake() -> None:
    sessions = standard_week()
    today = d("wed")
    logs = [
        RunLog(date=today - timedelta(days=back), duration_min=90 if back <= 7 else 40, rpe=5)
        for back in range(1, 40)
    ]
    ratio = morning_load(logs, today).ratio
    assert ratio is not None
    assert RULES.acwr_target <= ratio <= RULES.acwr_high
    day = adjust("wed", sessions, ready(ReadinessLevel.GREEN, "wed"), logs=logs)
    assert day.adjustments == ()


def test_section7_low_ratio_for_two_weeks_with_green_readiness_allows_the_next_step() -> None:
    today = d("mon")
    logs = [
        RunLog(date=today - timedelta(days=back), duration_min=15 if back <= 16 else 60, rpe=4)
        for back in range(1, 60)
    ]
    assert all(
        (r := morning_load(logs, today - timedelta(days=b)).ratio) is not None
        and r < RULES.acwr_low
        for b in range(14)
    )
    greens = [
        Readiness(date=today - timedelta(days=b), level=ReadinessLevel.GREEN) for b in range(14)
    ]
    assert allow_volume_step(today, logs, greens)
    one_amber = [*greens[1:], Readiness(date=today, level=ReadinessLevel.AMBER)]
    assert not allow_volume_step(today, logs, one_amber)
    assert not allow_volume_step(today, logs, [])
    pain = PainFlag(reported_on=today - timedelta(days=2), where="knee", score=2)
    assert not allow_volume_step(today, logs, greens, [pain])
    steady = [RunLog(date=today - timedelta(days=b), duration_min=45, rpe=4) for b in range(1, 60)]
    assert not allow_volume_step(today, steady, greens)


# --- §7 progression from logged RPE ------------------------------------------------------------


def _history(diffs: Sequence[int]) -> list[tuple[Session, RunLog]]:
    """Quality sessions of the week before, each logged ``diff`` RPE off its target."""
    specs = [TRACK, TEMPO, TRACK, TEMPO]
    out = []
    for i, diff in enumerate(diffs):
        day = MON - timedelta(days=14) + timedelta(days=2 * i + 1)
        s = build_session(specs[i % 4], day, PACES, PROFILE)
        out.append((s, RunLog(date=day, duration_min=s.duration_min, rpe=s.target_rpe + diff)))
    return out


@pytest.mark.parametrize(
    ("diffs", "signal"),
    [
        ((2, 2), "hold"),
        ((2, 3), "hold"),
        ((-2, -2), "progress_sooner"),
        ((-2, -3), "progress_sooner"),
        ((2, 1), "normal"),
        ((-2, 0), "normal"),
        ((-2,), "normal"),
        ((2, 2, 0), "normal"),  # the last two count
        ((0, -2, -2), "progress_sooner"),
    ],
)
def test_section7_progression_signal(diffs: Sequence[int], signal: str) -> None:
    assert progression_signal(_history(diffs)) == signal
    assert progression_signal(list(reversed(_history(diffs)))) == signal  # any order


def test_section7_two_quality_sessions_2_rpe_under_target_progress_sooner() -> None:
    sessions = standard_week()
    history = _history([-2, -2])
    day = adjust("tue", sessions, ready(ReadinessLevel.GREEN), quality_history=history)
    (track,) = day.sessions
    assert (track.spec.reps, track.spec.rep_distance_m) == (7, 400.0)  # one more rep, now
    assert day.adjustments[0].kind is AdjustmentKind.PROGRESSED
    assert day.messages == (
        "Adjusted: your last 2 quality sessions felt easier than planned, so 6 x 400 m "
        "became 7 x 400 m.",
    )
    # Not on an amber day: the readiness reduction wins.
    amber = adjust(
        "tue", sessions, ready(ReadinessLevel.AMBER, "tue", "5 h sleep"), quality_history=history
    )
    assert amber.sessions[0].spec.reps == 4


def test_section7_two_quality_sessions_2_rpe_over_target_hold_and_ease() -> None:
    sessions = standard_week()
    day = adjust("tue", sessions, ready(ReadinessLevel.GREEN), quality_history=_history([2, 2]))
    assert day.sessions[0].spec.reps == 5
    assert day.adjustments[0].kind is AdjustmentKind.HELD
    assert not day.progression_allowed


def test_section7_progression_is_one_change_at_a_time() -> None:
    # The planner already added a rep since the last session: nothing more.
    previous = TRACK
    planned = TRACK.model_copy(update={"reps": 7})
    assert apply_progression(planned, "progress_sooner", previous=previous) is planned
    # Hold: no progression over the last session, then one rep fewer.
    assert apply_progression(planned, "hold", previous=previous).reps == 5
    # At the top of the 400 m ladder (12 reps, §3b) the next rung is longer reps, not a 13th.
    top = TRACK.model_copy(update={"reps": 12})
    nxt = apply_progression(top, "progress_sooner")
    assert (nxt.reps, nxt.rep_distance_m, nxt.intensity) == (5, 800.0, "I")
    assert apply_progression(top, "normal") is top
    assert apply_progression(easy(40), "progress_sooner") == easy(40)


def test_section7_pair_quality_logs_matches_logs_to_quality_sessions() -> None:
    sessions = standard_week()
    logs = [
        RunLog(date=d("tue"), duration_min=45, rpe=6),
        RunLog(date=d("wed"), duration_min=45, rpe=3),
        RunLog(date=d("thu"), duration_min=50, rpe=5, kind=SessionKind.TEMPO),
    ]
    pairs = pair_quality_logs(sessions, logs)
    assert [(s.kind, log.rpe) for s, log in pairs] == [
        (SessionKind.TRACK, 6),
        (SessionKind.TEMPO, 5),
    ]
    assert progression_signal(pairs) == "progress_sooner"


# --- §7 missed sessions ------------------------------------------------------------------------


def test_section7_missed_tuesday_track_moves_where_48h_spacing_holds() -> None:
    sessions = week(tue=TRACK, wed=easy(45), thu=easy(40), sat=easy(50), sun=LONG)
    missed = on(sessions, "tue")[0]
    # Wednesday is already run (logged), so Thursday is the first free day; Sunday is 3 days on.
    logs = [RunLog(date=d("wed"), duration_min=45, rpe=3)]
    new_week, (adj,) = handle_missed(sessions, missed, d("wed"), logs)
    assert adj.kind is AdjustmentKind.MOVED
    assert adj.date == d("thu")
    assert adj.reason == (
        "Tuesday's 6 x 400 m moved to Thursday in place of 40 min easy: "
        "48 h from the other hard days still holds."
    )
    (thu,) = on(new_week, "thu")
    assert thu.kind is SessionKind.TRACK
    assert thu.spec == missed.spec
    assert hard_days(new_week) == [d("thu"), d("sun")]
    assert spacing_violations(new_week) == []
    assert on(new_week, "tue")[0].kind is SessionKind.REST


def test_section7_missed_tuesday_track_is_dropped_when_48h_spacing_cannot_hold() -> None:
    sessions = standard_week()  # tempo Thursday, long run Sunday
    missed = on(sessions, "tue")[0]
    new_week, (adj,) = handle_missed(sessions, missed, d("wed"), [])
    # Wednesday and Friday touch Thursday's tempo, Saturday touches Sunday's long run.
    assert adj.kind is AdjustmentKind.DROPPED
    assert adj.reason == (
        "Tuesday's 6 x 400 m was dropped: no later day this week keeps 48 h between hard days."
    )
    assert hard_days(new_week) == [d("thu"), d("sun")]
    assert [s.spec for s in new_week if s.date != d("tue")] == [
        s.spec for s in sessions if s.date != d("tue")
    ]


def test_section7_missed_session_counts_logged_hard_efforts() -> None:
    sessions = week(tue=TRACK, wed=easy(45), thu=easy(40), sat=easy(50), sun=LONG)
    missed = on(sessions, "tue")[0]
    # The athlete ran hard on Wednesday instead: Thursday would be too close.
    logs = [RunLog(date=d("wed"), duration_min=50, rpe=8)]
    _, (adj,) = handle_missed(sessions, missed, d("thu"), logs)
    assert adj.kind is AdjustmentKind.DROPPED


def test_section7_missed_session_never_goes_onto_a_rest_day() -> None:
    sessions = week(tue=TRACK, sun=LONG)  # only rest days in between
    _, (adj,) = handle_missed(sessions, on(sessions, "tue")[0], d("wed"), [])
    assert adj.kind is AdjustmentKind.DROPPED


def test_section7_missed_long_run_is_never_doubled_up() -> None:
    sessions = week(tue=TRACK, thu=TEMPO, sat=LONG, sun=easy(40))
    missed = on(sessions, "sat")[0]
    new_week, (adj,) = handle_missed(sessions, missed, d("sun"), [])
    # It takes Sunday's place; it is not added onto Sunday's run, nor lengthened.
    assert adj.kind is AdjustmentKind.MOVED
    (sun,) = on(new_week, "sun")
    assert sun.kind is SessionKind.LONG
    assert sun.duration_min == missed.duration_min
    assert sum(s.duration_min for s in new_week) <= sum(s.duration_min for s in sessions)
    # Missed on Sunday, there is no later day: dropped, never added to another run.
    missed_sunday = on(standard_week(), "sun")[0]
    after, (drop,) = handle_missed(standard_week(), missed_sunday, d("sun"), [])
    assert drop.kind is AdjustmentKind.DROPPED
    assert "never doubled up" in drop.reason
    assert all(s.kind is not SessionKind.LONG for s in after)


def test_section7_missed_easy_run_is_not_made_up() -> None:
    sessions = standard_week()
    new_week, (adj,) = handle_missed(sessions, on(sessions, "wed")[0], d("thu"), [])
    assert adj.kind is AdjustmentKind.DROPPED
    assert [s.spec for s in new_week if s.date != d("wed")] == [
        s.spec for s in sessions if s.date != d("wed")
    ]


def test_section7_missed_week_repeats_at_reduced_volume() -> None:
    sessions = standard_week()
    missed = Week(
        start=MON, index=3, phase=Phase.BUILD, target_trail_share=0.3, sessions=tuple(sessions)
    )
    again = repeat_missed_week(missed, 0.8, profile=PROFILE, paces=PACES)
    assert again.start == MON + timedelta(days=7)
    assert again.index == 4
    assert [s.date.weekday() for s in again.sessions] == [s.date.weekday() for s in sessions]
    assert [s.kind for s in again.sessions] == [s.kind for s in sessions]
    assert again.run_minutes < missed.run_minutes
    assert again.run_minutes <= 0.8 * missed.run_minutes + 15
    assert [s.spec.reps for s in again.sessions if s.kind is SessionKind.TRACK] == [5]
    assert spacing_violations(again.sessions) == []


# --- §7 the athlete's last word --------------------------------------------------------------


def test_section7_swap_refused_when_it_breaks_the_48h_rule() -> None:
    sessions = standard_week()
    with pytest.raises(SwapRefused) as refused:
        swap_days(sessions, d("wed"), d("thu"))  # tempo to Wednesday, next to Tuesday's track
    assert refused.value.reason == (
        "Can't swap Wednesday and Thursday: 3 x 10 min tempo on Wednesday would be within "
        "48 h of 6 x 400 m on Tuesday."
    )
    assert isinstance(refused.value, ValueError)
    with pytest.raises(SwapRefused):
        swap_days(sessions, d("thu"), d("sat"))  # tempo to Saturday, next to Sunday's long run


def test_section7_swap_accepted_when_the_spacing_holds() -> None:
    sessions = standard_week()
    new_week, adj = swap_days(sessions, d("thu"), d("fri"))
    assert adj.kind is AdjustmentKind.SWAPPED
    assert adj.reason == (
        "you swapped Thursday and Friday: 3 x 10 min tempo is now on Friday, "
        "40 min easy on Thursday."
    )
    assert on(new_week, "fri")[0].kind is SessionKind.TEMPO
    assert on(new_week, "thu")[0].kind is SessionKind.EASY
    assert spacing_violations(new_week) == []
    # ... and swapping back restores the week.
    back, _ = restore_original(new_week, adj)
    assert [s.spec for s in back] == [s.spec for s in sessions]


def test_section7_swap_refuses_the_past() -> None:
    with pytest.raises(SwapRefused, match="has passed"):
        swap_days(standard_week(), d("mon"), d("wed"), today=d("tue"))


def test_section7_skip_hard_session_is_not_piled_onto_the_next_day() -> None:
    sessions = week(tue=TRACK, wed=easy(45), thu=easy(40), sat=easy(50), sun=LONG)
    new_week, adjustments = skip(sessions, d("tue"), today=d("tue"))
    assert [a.kind for a in adjustments] == [AdjustmentKind.SKIPPED]
    assert on(new_week, "tue")[0].kind is SessionKind.REST
    assert on(new_week, "wed") == on(sessions, "wed")  # nothing piled on
    assert hard_days(new_week) == [d("sun")]
    # Asked to reschedule, it never lands on the next day: Thursday at the earliest.
    moved_week, moved = skip(sessions, d("tue"), today=d("tue"), reschedule=True)
    assert [a.kind for a in moved] == [AdjustmentKind.SKIPPED, AdjustmentKind.MOVED]
    assert moved[1].date == d("thu")
    assert on(moved_week, "wed") == on(sessions, "wed")
    assert spacing_violations(moved_week) == []


def test_section7_skip_refuses_the_past_and_rest_days() -> None:
    sessions = standard_week()
    with pytest.raises(OverrideRefused):
        skip(sessions, d("mon"), today=d("mon"))  # a rest day
    with pytest.raises(OverrideRefused, match="has passed"):
        skip(sessions, d("tue"), today=d("wed"))


def test_section7_take_the_original_back() -> None:
    sessions = standard_week()
    day = adjust("tue", sessions, ready(ReadinessLevel.AMBER, "tue", "5 h sleep"))
    adj = day.adjustments[0]
    new_week, (restored,) = restore_original(sessions, adj, today=d("tue"))
    assert restored.kind is AdjustmentKind.RESTORED
    assert restored.reason == "you took back Tuesday's 6 x 400 m."
    assert on(new_week, "tue") == on(sessions, "tue")
    # Recorded as an override, the day is not adjusted again.
    again = adjust(
        "tue", sessions, ready(ReadinessLevel.AMBER, "tue", "5 h sleep"), overrides=[restored]
    )
    assert again.sessions == tuple(on(sessions, "tue"))
    assert again.adjustments == ()


def test_section7_take_back_rebalances_the_week_around_the_choice() -> None:
    sessions = week(tue=build_session(easy(30), d("tue"), PACES, PROFILE).spec, wed=TEMPO, sun=LONG)
    original = build_session(TRACK, d("tue"), PACES, PROFILE)
    adj = Adjustment(
        date=d("tue"),
        kind=AdjustmentKind.REPLACED,
        reason="test",
        before=original,
        after=on(sessions, "tue")[0],
    )
    new_week, adjustments = restore_original(
        sessions, adj, today=d("tue"), profile=PROFILE, paces=PACES
    )
    assert [a.kind for a in adjustments] == [AdjustmentKind.RESTORED, AdjustmentKind.REPLACED]
    assert on(new_week, "tue")[0].kind is SessionKind.TRACK
    assert on(new_week, "wed")[0].kind is SessionKind.EASY
    assert adjustments[1].reason.startswith("to keep 48 h between hard days, so Wednesday's ")
    assert spacing_violations(new_week) == []


def test_section7_take_back_refused_next_to_a_long_run() -> None:
    sessions = week(sat=easy(30), sun=LONG)
    original = build_session(TEMPO, d("sat"), PACES, PROFILE)
    adj = Adjustment(
        date=d("sat"),
        kind=AdjustmentKind.REPLACED,
        reason="test",
        before=original,
        after=on(sessions, "sat")[0],
    )
    with pytest.raises(OverrideRefused, match="within 48 h of long run 1 h 40 on Sunday"):
        restore_original(sessions, adj, today=d("fri"), profile=PROFILE, paces=PACES)


def test_section7_rebalance_week_eases_clashing_and_surplus_hard_days() -> None:
    sessions = week(tue=TRACK, wed=TEMPO, fri=TEMPO, sun=LONG)
    balanced, adjustments = rebalance_week(sessions, today=d("mon"), profile=PROFILE, paces=PACES)
    assert spacing_violations(balanced) == []
    assert hard_days(balanced) == [d("tue"), d("fri"), d("sun")]
    assert [a.date for a in adjustments] == [d("wed")]
    four = week(mon=TEMPO, wed=TRACK, fri=TEMPO, sun=LONG)
    balanced, _ = rebalance_week(four, today=d("mon"), profile=PROFILE, paces=PACES)
    assert len(hard_days(balanced)) == RULES.max_hard(PROFILE.runs_per_week, PROFILE.weekly_km)
    assert d("sun") in hard_days(balanced)  # the long run stays


def test_section7_reduce_spec_leaves_races_and_rest_alone() -> None:
    race = WorkoutSpec(kind=SessionKind.RACE, surface=Surface.ROAD, duration_min=0, target_rpe=9)
    assert reduce_spec(race) is race
    assert reduce_spec(REST) is REST


def test_section7_races_are_never_adjusted() -> None:
    race = WorkoutSpec(kind=SessionKind.RACE, surface=Surface.ROAD, duration_min=0, target_rpe=9)
    sessions = week(sun=race)
    day = adjust("sun", sessions, ready(ReadinessLevel.RED, "sun", "4 h sleep"))
    assert day.sessions == tuple(on(sessions, "sun"))


def test_section7_every_reason_is_one_line() -> None:
    sessions = standard_week()
    day = adjust(
        "tue",
        sessions,
        ready(ReadinessLevel.RED, "tue", "4 h sleep"),
        recent_readiness=[ready(ReadinessLevel.RED, "mon")],
        logs=spike_logs(d("tue")),
    )
    assert day.adjustments
    for a in day.adjustments:
        assert "\n" not in a.reason
        assert a.reason.endswith(".")


class CountingWeek:
    """The week as a store that validates it on demand: counts how often it is read."""

    def __init__(self, sessions: Sequence[Session]) -> None:
        self.sessions = tuple(sessions)
        self.reads = 0

    def load(self) -> Sequence[Session]:
        self.reads += 1
        return self.sessions

    def lazy(self) -> LazySessions:
        return LazySessions(self.load)


def test_a_green_morning_never_reads_the_rest_of_the_week() -> None:
    """The morning fan-out validates a stored week only when a later day may change."""
    week = CountingWeek(standard_week())
    today = d("tue")
    day = adjust_today(
        today,
        on(week.sessions, "tue"),
        ready(ReadinessLevel.GREEN),
        profile=PROFILE,
        paces=PACES,
        logs=[],
        pains=[],
        week_sessions=week.lazy(),
    )
    assert day.sessions == tuple(on(week.sessions, "tue"))
    assert week.reads == 0
    # Asked for, the week is there, today's sessions in place, read once however often.
    assert list(day.week_sessions) == list(week.sessions)
    assert len(day.week_sessions) == len(week.sessions)
    assert week.reads == 1


def test_section7_a_second_red_day_reads_the_lazy_week_and_lightens_it_as_a_whole_one() -> None:
    sessions = standard_week()
    week = CountingWeek(sessions)
    reds = [ready(ReadinessLevel.RED, "mon", "4 h sleep")]
    today = ready(ReadinessLevel.RED, "tue", "4 h sleep", "soreness 5/5")
    lazy = adjust("tue", sessions, today, recent_readiness=reds, week_sessions=week.lazy())
    whole = adjust("tue", sessions, today, recent_readiness=reds)
    assert week.reads == 1
    assert lazy.adjustments == whole.adjustments
    assert list(lazy.week_sessions) == list(whole.week_sessions)
    assert any(a.date > d("tue") for a in lazy.adjustments)
