"""Readiness (COACHING.md §7): green / amber / red from sleep, soreness, stress, load, pain, RPE."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.models import (
    AthleteProfile,
    CheckIn,
    GoalKind,
    PainFlag,
    ReadinessLevel,
    RunLog,
    RunStatus,
    SessionKind,
)
from coach.planner import build_plan
from coach.readiness import (
    assess_readiness,
    morning_load,
    morning_ratios,
    quality_efforts,
    same_place,
    score_readiness,
    soreness_streak,
)
from coach.rules import RULES

TODAY = date(2026, 11, 24)  # a Tuesday


def _day(back: int) -> date:
    return TODAY - timedelta(days=back)


def _steady_logs(days: int, minutes: float, rpe: int = 5, *, skip_last: int = 0) -> list[RunLog]:
    """One run a day for ``days`` days before today (the last ``skip_last`` days left out)."""
    return [
        RunLog(date=_day(back), duration_min=minutes, rpe=rpe)
        for back in range(skip_last + 1, days + 1)
    ]


def _spike_logs(base_min: float = 40, spike_min: float = 160) -> list[RunLog]:
    """Four quiet weeks, then a week at four times the load: a load ratio well above 1.5."""
    quiet = [RunLog(date=_day(back), duration_min=base_min, rpe=5) for back in range(8, 36)]
    spike = [RunLog(date=_day(back), duration_min=spike_min, rpe=5) for back in range(1, 8)]
    return quiet + spike


def _assess(
    checkin: CheckIn | None = None,
    recent: list[CheckIn] | None = None,
    logs: list[RunLog] | None = None,
    pains: list[PainFlag] | None = None,
) -> tuple[ReadinessLevel, tuple[str, ...]]:
    r = assess_readiness(TODAY, checkin, recent or [], logs or [], pains or [])
    assert r.date == TODAY
    return r.level, r.reasons


def test_section7_green_when_everything_is_fine() -> None:
    level, reasons = _assess(
        CheckIn(date=TODAY, sleep_hours=7.5, sleep_quality=4, soreness=2, stress=3)
    )
    assert level is ReadinessLevel.GREEN
    assert reasons == ()


def test_section7_no_checkin_is_not_a_penalty() -> None:
    assert _assess(None) == (ReadinessLevel.GREEN, ())


@pytest.mark.parametrize(
    ("hours", "points", "label"),
    [
        (6.5, 0, None),
        (6.0, 1, "6 h sleep"),
        (5.5, 1, "5.5 h sleep"),
        (5.0, 2, "5 h sleep"),
        (3.5, 3, "3.5 h sleep"),
    ],
)
def test_section7_sleep_against_7_hours(hours: float, points: int, label: str | None) -> None:
    score = score_readiness(TODAY, CheckIn(date=TODAY, sleep_hours=hours), [], [], [])
    assert score.points == points
    assert [i.reason for i in score.items] == ([label] if label else [])


def test_section7_sleep_against_the_athletes_own_average() -> None:
    # A long sleeper: 7 h is 1.5 h under their usual 8.5 h.
    recent = [CheckIn(date=_day(back), sleep_hours=8.5) for back in range(1, 6)]
    score = score_readiness(TODAY, CheckIn(date=TODAY, sleep_hours=7.0), recent, [], [])
    assert [(i.points, i.reason) for i in score.items] == [(1, "7 h sleep (usual 8.5 h)")]


def test_section7_short_sleepers_baseline_is_floored() -> None:
    # Habitually 5 h: the baseline never drops under 6 h, so 4.5 h still counts.
    recent = [CheckIn(date=_day(back), sleep_hours=5.0) for back in range(1, 6)]
    ok = score_readiness(TODAY, CheckIn(date=TODAY, sleep_hours=5.5), recent, [], [])
    short = score_readiness(TODAY, CheckIn(date=TODAY, sleep_hours=4.5), recent, [], [])
    assert ok.points == 0
    assert short.points == 1


def test_section7_own_average_needs_a_few_nights() -> None:
    recent = [CheckIn(date=_day(1), sleep_hours=9.0)]  # one night is not a habit
    score = score_readiness(TODAY, CheckIn(date=TODAY, sleep_hours=7.0), recent, [], [])
    assert score.points == 0


def test_section7_sleep_quality_and_stress() -> None:
    score = score_readiness(TODAY, CheckIn(date=TODAY, sleep_quality=1, stress=6), [], [], [])
    assert [(i.signal, i.points, i.reason) for i in score.items] == [
        ("sleep_quality", 2, "sleep quality 1/5"),
        ("stress", 2, "stress 6/7"),
    ]
    assert score.level is ReadinessLevel.AMBER


def test_section7_low_mood_and_motivation_add_a_point() -> None:
    score = score_readiness(TODAY, CheckIn(date=TODAY, mood=2, motivation=1), [], [], [])
    assert [(i.points, i.reason) for i in score.items] == [(1, "low mood and motivation")]


def test_section7_five_hours_and_soreness_4_is_amber_with_both_reasons() -> None:
    level, reasons = _assess(
        CheckIn(date=TODAY, sleep_hours=5.0, soreness=4, soreness_where="calves")
    )
    assert level is ReadinessLevel.AMBER
    assert reasons == ("5 h sleep", "soreness 4/5 (calves)")


def test_section7_a_stack_of_bad_signals_is_red() -> None:
    level, reasons = _assess(
        CheckIn(date=TODAY, sleep_hours=3.5, sleep_quality=1, soreness=5, soreness_where="quads")
    )
    assert level is ReadinessLevel.RED
    assert reasons == ("3.5 h sleep", "sleep quality 1/5", "soreness 5/5 (quads)")


def test_section7_levels_follow_the_points_table() -> None:
    assert RULES.amber_points == 2
    assert RULES.red_points == 5
    one = score_readiness(TODAY, CheckIn(date=TODAY, sleep_hours=6.0), [], [], [])
    assert (one.points, one.level) == (1, ReadinessLevel.GREEN)
    four = score_readiness(TODAY, CheckIn(date=TODAY, sleep_hours=5.0, soreness=4), [], [], [])
    assert (four.points, four.level) == (4, ReadinessLevel.AMBER)
    five = score_readiness(TODAY, CheckIn(date=TODAY, sleep_hours=5.0, soreness=5), [], [], [])
    assert (five.points, five.level) == (5, ReadinessLevel.RED)


def test_section7_load_ratio_above_1_5_is_amber_with_the_ratio() -> None:
    logs = _spike_logs()
    ratio = morning_load(logs, TODAY).ratio
    assert ratio is not None
    assert ratio > RULES.acwr_high
    level, reasons = _assess(CheckIn(date=TODAY, sleep_hours=7.5), logs=logs)
    assert level is ReadinessLevel.AMBER
    assert f"load ratio {ratio:.1f}" in reasons


def test_section7_morning_load_counts_up_to_last_night() -> None:
    logs = _spike_logs()
    assert morning_load(logs, TODAY).today == TODAY - timedelta(days=1)


def test_section7_load_ratio_between_1_3_and_1_5_is_one_point() -> None:
    logs = [
        RunLog(date=_day(back), duration_min=90 if back <= 7 else 40, rpe=5)
        for back in range(1, 40)
    ]
    ratio = morning_ratios(logs, TODAY)[0]
    assert ratio is not None
    assert RULES.acwr_target < ratio <= RULES.acwr_high
    score = score_readiness(TODAY, None, [], logs, [])
    acwr = [(i.points, i.reason) for i in score.items if i.signal == "acwr"]
    assert acwr == [(1, f"load ratio {ratio:.1f}")]
    assert score.acwr == ratio


def test_section7_steady_load_scores_nothing() -> None:
    logs = _steady_logs(35, 45)
    score = score_readiness(TODAY, None, [], logs, [])
    assert score.points == 0
    assert score.acwr is not None
    assert 0.8 < score.acwr < 1.3


def test_section7_heavy_last_days_score_a_point() -> None:
    # A steady month, then three big days: the ratio (7-day EWMA) has barely moved yet.
    logs = _steady_logs(35, 40, skip_last=3) + [
        RunLog(date=_day(back), duration_min=110, rpe=6) for back in (1, 2, 3)
    ]
    score = score_readiness(TODAY, None, [], logs, [])
    assert any(
        i.signal == "recent_load" and i.reason.startswith("heavy last 3 days") for i in score.items
    )


def test_section7_recent_load_needs_history() -> None:
    logs = [RunLog(date=_day(back), duration_min=120, rpe=7) for back in (1, 2, 3)]
    score = score_readiness(TODAY, None, [], logs, [])
    assert all(i.signal != "recent_load" for i in score.items)


@pytest.mark.parametrize(
    ("score_10", "points", "level"),
    [
        (2, 1, ReadinessLevel.GREEN),
        (4, 3, ReadinessLevel.AMBER),
        (5, 3, ReadinessLevel.AMBER),
        (8, 5, ReadinessLevel.RED),
    ],
)
def test_section7_open_pain_flags(score_10: int, points: int, level: ReadinessLevel) -> None:
    pain = PainFlag(reported_on=_day(2), where="left knee", score=score_10)
    score = score_readiness(TODAY, None, [], [], [pain])
    assert score.points == points
    assert score.level is level
    assert score.items[0].reason == f"pain {score_10}/10 (left knee)"


def test_section7_resolved_or_future_pain_does_not_count() -> None:
    pains = [
        PainFlag(reported_on=_day(5), where="knee", score=6, resolved_on=_day(1)),
        PainFlag(reported_on=TODAY + timedelta(days=1), where="hip", score=6),
    ]
    assert _assess(None, pains=pains) == (ReadinessLevel.GREEN, ())


def test_section7_soreness_in_the_same_place_three_days_running() -> None:
    recent = [
        CheckIn(date=_day(2), soreness=3, soreness_where="calves"),
        CheckIn(date=_day(1), soreness=3, soreness_where="left calf"),
    ]
    today = CheckIn(date=TODAY, soreness=3, soreness_where="Calves")
    assert soreness_streak(TODAY, today, recent) == "Calves"
    level, reasons = _assess(today, recent)
    assert level is ReadinessLevel.AMBER
    assert reasons == ("Calves sore 3 days running",)


def test_section7_soreness_never_placed_names_no_place() -> None:
    """Issue 16: every message is built from what the athlete said; no place, none named."""
    recent = [CheckIn(date=_day(b), soreness=4) for b in (1, 2)]
    today = CheckIn(date=TODAY, soreness=4)
    assert soreness_streak(TODAY, today, recent) == ""
    _, reasons = _assess(today, recent)
    assert "sore 3 days running" in reasons
    assert all("place" not in reason for reason in reasons)


def test_section7_soreness_in_different_places_is_no_streak() -> None:
    recent = [
        CheckIn(date=_day(2), soreness=3, soreness_where="calves"),
        CheckIn(date=_day(1), soreness=3, soreness_where="hip"),
    ]
    assert (
        soreness_streak(TODAY, CheckIn(date=TODAY, soreness=3, soreness_where="calf"), recent)
        is None
    )


def test_section7_soreness_streak_needs_every_day() -> None:
    recent = [CheckIn(date=_day(2), soreness=4, soreness_where="calves")]  # yesterday missing
    today = CheckIn(date=TODAY, soreness=4, soreness_where="calves")
    assert soreness_streak(TODAY, today, recent) is None


def test_section7_mild_soreness_is_no_streak() -> None:
    recent = [CheckIn(date=_day(b), soreness=2, soreness_where="calves") for b in (1, 2)]
    assert (
        soreness_streak(TODAY, CheckIn(date=TODAY, soreness=2, soreness_where="calves"), recent)
        is None
    )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("calves", "left calf", True),
        ("knee", "hip", False),
        ("Right hamstrings", "hamstring", True),
        (None, "knee", True),
        ("feet", "foot", True),
    ],
)
def test_section7_same_place_matching(a: str | None, b: str, same: bool) -> None:
    assert same_place(a, b) is same


def test_section7_quality_sessions_harder_than_target() -> None:
    logs = [
        RunLog(date=_day(6), duration_min=50, rpe=10, kind=SessionKind.TRACK),
        RunLog(date=_day(2), duration_min=55, rpe=9, kind=SessionKind.TEMPO),
        RunLog(date=_day(1), duration_min=40, rpe=3, kind=SessionKind.EASY),
    ]
    assert quality_efforts(TODAY, logs) == [(10, 8), (9, 7)]
    score = score_readiness(TODAY, None, [], logs, [])
    assert [(i.points, i.reason) for i in score.items] == [
        (2, "last 2 quality sessions felt harder than planned")
    ]


def test_section7_last_quality_session_harder_than_target() -> None:
    logs = [RunLog(date=_day(2), duration_min=50, rpe=10, kind=SessionKind.TRACK)]
    score = score_readiness(TODAY, None, [], logs, [])
    assert [(i.points, i.reason) for i in score.items] == [(1, "last quality session RPE 10 vs 8")]


def test_section7_skipped_quality_sessions_do_not_count() -> None:
    logs = [
        RunLog(date=_day(2), status=RunStatus.SKIPPED, rpe=10, kind=SessionKind.TRACK),
    ]
    assert quality_efforts(TODAY, logs) == []


def test_section7_quality_targets_come_from_the_plan() -> None:
    profile = AthleteProfile(goal=GoalKind.ROAD_10K, race_date=date(2027, 3, 7), weekly_km=35)
    plan = build_plan(profile, date(2026, 11, 16))
    quality = [
        s
        for w in plan.weeks
        for s in w.sessions
        if s.kind in (SessionKind.TRACK, SessionKind.TEMPO) and s.date < TODAY
    ][-2:]
    assert len(quality) == 2
    logs = [
        RunLog(date=s.date, duration_min=s.duration_min, rpe=min(10, s.target_rpe + 2))
        for s in quality
    ]
    assert quality_efforts(TODAY, logs, plan) == [
        (min(10, s.target_rpe + 2), s.target_rpe) for s in quality
    ]
    assert assess_readiness(TODAY, None, [], logs, [], plan).reasons == (
        "last 2 quality sessions felt harder than planned",
    )


class NoPlan:
    """A schedule that fails the test if readiness reads it."""

    paces = None

    def sessions_on(self, day: date) -> list[object]:
        raise AssertionError(f"read the plan on {day}")

    def week_of(self, day: date) -> None:
        raise AssertionError(f"read the week of {day}")

    def phase_on(self, day: date) -> None:
        return None


def test_section7_a_target_recorded_with_the_log_is_used_without_reading_the_plan() -> None:
    """The target is the one planned when the athlete logged the session (since revision
    0004), even if the plan was rebuilt since; the morning then reads no past weeks."""
    logs = [
        RunLog(date=_day(5), duration_min=50, rpe=8, kind=SessionKind.TRACK, target_rpe=6),
        RunLog(date=_day(2), duration_min=45, rpe=9, kind=SessionKind.TEMPO, target_rpe=7),
        RunLog(date=_day(1), duration_min=40, rpe=3, kind=SessionKind.EASY, target_rpe=3),
    ]
    assert quality_efforts(TODAY, logs, NoPlan(), last=2) == [(8, 6), (9, 7)]  # type: ignore[arg-type]
    score = score_readiness(TODAY, None, [], logs, [], NoPlan())  # type: ignore[arg-type]
    assert [i.reason for i in score.items] == ["last 2 quality sessions felt harder than planned"]


@settings(max_examples=60, deadline=None)
@given(
    runs=st.lists(
        st.tuples(
            st.integers(-1, 120),
            st.one_of(st.none(), st.integers(10, 150)),
            st.one_of(st.none(), st.integers(1, 10)),
            st.sampled_from(list(RunStatus)),
        ),
        max_size=80,
    ),
    days=st.integers(1, 15),
)
def test_section7_morning_ratios_match_the_load_module(
    runs: list[tuple[int, int | None, int | None, RunStatus]], days: int
) -> None:
    """§6/§7: the fast ratio path gives exactly coach.load's acute:chronic ratio."""
    logs = [
        RunLog(date=_day(back), duration_min=m, rpe=rpe, status=status)
        for back, m, rpe, status in runs
    ]
    fast = morning_ratios(logs, TODAY, days)
    slow = [morning_load(logs, TODAY - timedelta(days=back)).ratio for back in range(days)]
    assert len(fast) == days
    for f, s in zip(fast, slow, strict=True):
        assert (f is None) == (s is None)
        if f is not None and s is not None:
            assert f == pytest.approx(s, rel=1e-12)
