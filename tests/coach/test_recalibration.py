"""COACHING.md §7b "Paces follow the evidence": the working VDOT moves about a point when 2 of
the last 3 quality sessions were 2+ RPE off target, told apart from fatigue."""

from __future__ import annotations

from datetime import date, timedelta

from coach.adaptation import adjust_today
from coach.models import (
    AthleteProfile,
    CheckIn,
    GoalKind,
    PainFlag,
    RunLog,
    Session,
    SessionKind,
    Surface,
)
from coach.paces import paces_from_race
from coach.planner.context import make_spec
from coach.readiness import ReadinessItem, ReadinessLevel, ReadinessScore
from coach.recalibration import excused_days, quality_evidence, recalibrate
from coach.rules import RULES
from coach.workouts import build_session

MONDAY = date(2027, 1, 4)
PACES = paces_from_race(10.0, 45 * 60)  # VDOT ~45.3
PROFILE = AthleteProfile(goal=GoalKind.ROAD_10K, race_date=date(2027, 4, 4), weekly_km=40.0)


def tempo(day: date, target: int = 7) -> Session:
    spec = make_spec(
        SessionKind.TEMPO, Surface.ROAD, reps=3, rep_duration_min=10.0, intensity="T"
    ).model_copy(update={"target_rpe": target})
    return build_session(spec, day, PACES, PROFILE)


def pair(offset_days: int, rpe: int, target: int = 7) -> tuple[Session, RunLog]:
    day = MONDAY + timedelta(days=offset_days)
    session = tempo(day, target)
    log = RunLog(date=day, duration_min=60, rpe=rpe, kind=SessionKind.TEMPO)
    return session, log


def test_two_of_three_sessions_two_rpe_over_target_slow_the_paces_by_a_point() -> None:
    pairs = [pair(0, 9), pair(2, 7), pair(4, 10)]
    change = recalibrate(PACES, pairs, MONDAY + timedelta(days=6))
    assert change is not None
    assert change.direction == "slower"
    assert change.after.vdot == PACES.vdot - RULES.recalibrate_vdot_step
    assert change.after.threshold > PACES.threshold  # slower: more seconds per km
    assert 0.015 < change.after.threshold / PACES.threshold - 1 < 0.035  # about 2-3 %
    assert change.after.since == MONDAY + timedelta(days=6)
    assert [e[1] for e in change.evidence] == [9, 10]
    assert "RPE 9 against 7, RPE 10 against 7" in change.reason


def test_two_of_three_sessions_two_rpe_under_target_sharpen_the_paces() -> None:
    pairs = [pair(0, 5), pair(2, 4), pair(4, 7)]
    change = recalibrate(PACES, pairs, MONDAY + timedelta(days=6))
    assert change is not None
    assert change.direction == "faster"
    assert change.after.vdot == PACES.vdot + RULES.recalibrate_vdot_step
    assert change.after.interval < PACES.interval


def test_one_hard_session_or_a_mixed_picture_changes_nothing() -> None:
    assert recalibrate(PACES, [pair(0, 9), pair(2, 7), pair(4, 8)], MONDAY) is None
    assert recalibrate(PACES, [pair(0, 9), pair(2, 5)], MONDAY) is None
    assert recalibrate(PACES, [], MONDAY) is None


def test_only_the_last_three_sessions_count() -> None:
    """Two old overshoots followed by three sessions on target: the paces fit now."""
    pairs = [pair(0, 10), pair(1, 10), pair(3, 7), pair(5, 7), pair(7, 8)]
    assert recalibrate(PACES, pairs, MONDAY + timedelta(days=8)) is None


def test_sessions_before_the_paces_were_set_are_no_evidence() -> None:
    """A race re-derived the paces on day 3: the two hard sessions before it were run at
    the old paces, so they do not move the new ones (no second change on old evidence)."""
    since = PACES.model_copy(update={"since": MONDAY + timedelta(days=3)})
    pairs = [pair(0, 10), pair(2, 10), pair(5, 7)]
    assert recalibrate(since, pairs, MONDAY + timedelta(days=6)) is None
    assert [e[0] for e in quality_evidence(pairs, since.since)] == [MONDAY + timedelta(days=5)]


def test_a_bad_night_or_an_open_pain_explains_a_hard_session_fatigue_not_paces() -> None:
    """§7b "Hold progression is for fatigue; recalibration is for wrong paces": sessions
    after a 5-hour night or with a sore knee do not count against the paces."""
    pairs = [pair(0, 9), pair(2, 9), pair(4, 7)]
    nights = [CheckIn(date=MONDAY, sleep_hours=5.0, sleep_quality=2)]
    knee = [
        PainFlag(
            where="knee",
            score=3,
            reported_on=MONDAY + timedelta(days=2),
            resolved_on=MONDAY + timedelta(days=3),
        )
    ]
    days = {log.date for _, log in pairs}
    excused = excused_days(nights, knee, days)
    assert excused == {MONDAY, MONDAY + timedelta(days=2)}
    assert recalibrate(PACES, pairs, MONDAY + timedelta(days=6), excused=excused) is None
    assert recalibrate(PACES, pairs, MONDAY + timedelta(days=6)) is not None


def test_a_pace_only_amber_day_eases_the_quality_session_and_keeps_the_long_run() -> None:
    """§7b: "quality sessions felt harder" alone turns a day amber, but that is the paces'
    problem: the long run, logged on target, is no longer cut for it (it was, seven times)."""
    sunday = MONDAY + timedelta(days=6)
    long_run = build_session(
        make_spec(SessionKind.LONG, Surface.ROAD, 100.0), sunday, PACES, PROFILE
    )
    score = ReadinessScore(
        sunday,
        ReadinessLevel.AMBER,
        2,
        (ReadinessItem("quality_rpe", 2, "last 2 quality sessions felt harder than planned"),),
        None,
        None,
    )
    day = adjust_today(sunday, [long_run], score, profile=PROFILE, paces=PACES, logs=[], pains=[])
    assert day.sessions == (long_run,)
    assert not day.adjustments
    session = tempo(sunday)
    day = adjust_today(sunday, [session], score, profile=PROFILE, paces=PACES, logs=[], pains=[])
    assert day.adjustments
    assert (day.sessions[0].spec.reps or 0) < (session.spec.reps or 0)
    # With a real fatigue signal beside it, the long run is cut as §7 amber says.
    tired = ReadinessScore(
        sunday,
        ReadinessLevel.AMBER,
        4,
        (
            ReadinessItem("sleep", 2, "5 h sleep"),
            ReadinessItem("quality_rpe", 2, "last 2 quality sessions felt harder than planned"),
        ),
        None,
        None,
    )
    day = adjust_today(sunday, [long_run], tired, profile=PROFILE, paces=PACES, logs=[], pains=[])
    assert day.sessions[0].duration_min < long_run.duration_min


def test_a_session_the_coach_changed_that_day_is_no_evidence_about_the_paces() -> None:
    """A skipper's tempos were turned into steady runs (target RPE 5) and logged at RPE 4-5:
    measured against the planned tempo (7) they read as "2+ easier" and the paces were
    sharpened three weeks before a marathon. The log carries what was asked: no evidence."""
    steady = [
        (
            s,
            log.model_copy(update={"kind": SessionKind.STEADY, "target_rpe": 5, "rpe": 4}),
        )
        for s, log in (pair(0, 4), pair(2, 5), pair(4, 5))
    ]
    assert recalibrate(PACES, steady, MONDAY + timedelta(days=6)) is None
    eased = [
        (s, log.model_copy(update={"target_rpe": 5, "rpe": 4}))
        for s, log in (pair(0, 4), pair(2, 5), pair(4, 5))
    ]
    assert recalibrate(PACES, eased, MONDAY + timedelta(days=6)) is None


def test_paces_are_not_sharpened_for_an_athlete_who_does_not_run_the_plan() -> None:
    pairs = [pair(0, 5), pair(2, 4), pair(4, 4)]
    assert recalibrate(PACES, pairs, MONDAY, may_sharpen=False) is None
    # Too-fast paces are eased whatever the volume: that is the safe direction.
    hard = [pair(0, 9), pair(2, 10)]
    assert recalibrate(PACES, hard, MONDAY, may_sharpen=False) is not None
