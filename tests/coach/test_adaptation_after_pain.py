"""§7b after pain, one test per rule: 5/10+ is rest or cross-training only, under 4/10 the
plan stays while the pain settles overnight, and a week of easy running after a pain flag
closes before intensity returns."""

from __future__ import annotations

from datetime import timedelta

from coach.adaptation import NOT_MEDICAL_ADVICE, adjust_today
from coach.models import (
    AdjustmentKind,
    PainFlag,
    Readiness,
    ReadinessLevel,
    SessionKind,
    Surface,
    WorkoutSpec,
)
from coach.rules import RULES
from tests.coach.test_adaptation import (
    LONG,
    PACES,
    PROFILE,
    TEMPO,
    TRACK,
    adjust,
    d,
    easy,
    on,
    ready,
    standard_week,
    week,
)


def test_section7b_pain_5_means_no_running_at_all_only_rest_or_cross_training() -> None:
    """The simulation ran easy runs at 5/10: from 5/10 nothing is a run."""
    sessions = standard_week()
    pain = PainFlag(reported_on=d("mon"), where="left knee", score=RULES.pain_cross_only_score)
    for name in ("tue", "wed", "sun"):
        day = adjust(name, sessions, ready(ReadinessLevel.AMBER, name), pains=[pain])
        assert not any(s.is_run for s in day.sessions), name
        assert all(s.kind is SessionKind.CROSS for s in day.sessions), name
        assert day.no_intensity
        assert day.advice[0].startswith("Pain 5/10 (left knee): no running today. Rest, or")
        assert day.advice[-1] == NOT_MEDICAL_ADVICE
    wed = adjust("wed", sessions, ready(ReadinessLevel.AMBER, "wed"), pains=[pain])
    assert wed.messages == (
        "Adjusted: pain 5/10 (left knee), so 45 min easy became 30 min cross-training.",
    )


def test_section7b_pain_4_still_runs_easy_and_shorter() -> None:
    sessions = standard_week()
    pain = PainFlag(reported_on=d("mon"), where="knee", score=4)
    day = adjust("wed", sessions, ready(ReadinessLevel.AMBER, "wed"), pains=[pain])
    assert [s.kind for s in day.sessions] == [SessionKind.EASY]
    assert day.sessions[0].duration_min == 30


def test_section7b_a_double_on_a_5_10_day_is_one_cross_training_session() -> None:
    sessions = week(wed=easy(45))
    pm = sessions[2].model_copy(update={"slot": "pm"})
    am = sessions[2].model_copy(update={"slot": "am"})
    sessions = [*sessions[:2], am, pm, *sessions[3:]]
    pain = PainFlag(reported_on=d("mon"), where="shin", score=6)
    day = adjust("wed", sessions, ready(ReadinessLevel.AMBER, "wed"), pains=[pain])
    assert [s.kind for s in day.sessions] == [SessionKind.CROSS]
    assert [a.kind for a in day.adjustments] == [AdjustmentKind.REPLACED, AdjustmentKind.DROPPED]


def test_section7b_pain_under_4_that_settled_overnight_keeps_the_plan() -> None:
    """Reported 3/10 after Monday's run, 1/10 on Tuesday morning: settled, the track stays."""
    sessions = standard_week()
    pains = [
        PainFlag(reported_on=d("mon"), where="knee", score=3, resolved_on=d("tue")),
        PainFlag(reported_on=d("mon"), where="knee", score=1),
    ]
    day = adjust("tue", sessions, ready(ReadinessLevel.GREEN), pains=pains)
    assert day.sessions == tuple(on(sessions, "tue"))
    assert not day.no_intensity


def test_section7b_pain_under_4_not_settled_by_the_morning_takes_the_intensity_out() -> None:
    """3/10 after Monday's run and still 3/10 on Tuesday morning: no intensity today."""
    sessions = standard_week()
    pains = [
        PainFlag(reported_on=d("mon"), where="knee", score=3, resolved_on=d("tue")),
        PainFlag(reported_on=d("mon"), where="knee", score=3),
    ]
    day = adjust("tue", sessions, ready(ReadinessLevel.GREEN), pains=pains)
    assert day.no_intensity
    assert not any(s.hard for s in day.sessions)
    assert day.messages == (
        "Adjusted: pain 3/10 (knee) not settled overnight, so 6 x 400 m became 30 min easy.",
    )


def test_section7b_a_week_of_easy_running_after_a_pain_flag_closes() -> None:
    """Knee 5/10 closed on Wednesday: Thursday's tempo (the simulation's case) and every
    hard session for 7 days are easy runs of the same time; then intensity returns."""
    sessions = standard_week()
    closed = d("wed")
    pain = PainFlag(reported_on=d("mon"), where="knee", score=5, resolved_on=closed)
    thu = adjust("thu", sessions, ready(ReadinessLevel.GREEN, "thu"), pains=[pain])
    assert [s.kind for s in thu.sessions] == [SessionKind.EASY]
    assert not thu.sessions[0].hard
    assert abs(thu.sessions[0].duration_min - on(sessions, "thu")[0].duration_min) <= 2.5
    assert thu.no_intensity
    assert not thu.progression_allowed
    assert thu.messages[0].startswith(
        "Adjusted: your knee pain cleared on Wednesday: a week of easy running first, so "
        "3 x 10 min tempo became"
    )
    assert thu.advice[0] == (
        "Easy running only until Wednesday 2 Dec: intensity returns a week after the pain "
        "cleared, if it stays away."
    )
    # Easy runs stay as they are.
    fri = adjust("fri", sessions, ready(ReadinessLevel.GREEN, "fri"), pains=[pain])
    assert fri.sessions == tuple(on(sessions, "fri"))
    # Next week's Tuesday (6 days after) is still easy; Wednesday a week on, intensity is back.
    next_week = [s.model_copy(update={"date": s.date + timedelta(days=7)}) for s in sessions]
    tue = adjust("tue", next_week, ready(ReadinessLevel.GREEN, "tue"), pains=[pain])
    assert not any(s.hard for s in tue.sessions)
    back = closed + timedelta(days=RULES.after_pain_easy_days)
    track = [s.model_copy(update={"date": back}) for s in on(sessions, "tue")]
    again = adjust_today(
        back,
        track,
        Readiness(date=back, level=ReadinessLevel.GREEN),
        profile=PROFILE,
        paces=PACES,
        logs=(),
        pains=[pain],
    )
    assert again.sessions == tuple(track)
    assert not again.no_intensity


def test_section7b_after_pain_the_long_run_is_an_easy_run_a_fifth_shorter() -> None:
    """Nothing hard in the easy week: the long run (a hard day) is an easy run, shorter."""
    long_m = LONG.model_copy(update={"finish_at_marathon_min": 15.0})
    sessions = week(sun=long_m)
    pain = PainFlag(reported_on=d("mon"), where="calf", score=4, resolved_on=d("fri"))
    day = adjust("sun", sessions, ready(ReadinessLevel.GREEN, "sun"), pains=[pain])
    assert [s.kind for s in day.sessions] == [SessionKind.EASY]
    assert not day.sessions[0].hard
    assert day.sessions[0].duration_min == 80
    assert day.messages == (
        "Adjusted: your calf pain cleared on Friday: a week of easy running first, so long "
        "run 1 h 40 with the last 15 min at M became 1 h 20 easy.",
    )


def test_section7b_a_mild_pain_that_closes_brings_no_easy_week() -> None:
    """A 2/10 niggle never took the intensity out, so its closing gives nothing back."""
    sessions = standard_week()
    pain = PainFlag(reported_on=d("mon"), where="knee", score=2, resolved_on=d("mon"))
    day = adjust("tue", sessions, ready(ReadinessLevel.GREEN), pains=[pain])
    assert day.sessions == tuple(on(sessions, "tue"))


def test_section7b_a_change_always_reads_as_one() -> None:
    """Never "20 min easy became 20 min easy": a change that reads the same is not made."""
    short = WorkoutSpec(kind=SessionKind.EASY, surface=Surface.ROAD, duration_min=0, target_rpe=3)
    sessions = week(wed=short, thu=TEMPO, tue=TRACK)
    pain = PainFlag(reported_on=d("mon"), where="knee", score=4)
    day = adjust("wed", sessions, ready(ReadinessLevel.AMBER, "wed"), pains=[pain])
    for line in day.messages:
        before, _, after = line.removesuffix(".").rpartition(", so ")[2].partition(" became ")
        assert before != after, line
