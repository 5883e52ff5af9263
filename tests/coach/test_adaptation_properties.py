"""Properties of plan adaptation (COACHING.md §4 and §7), for many athletes and any sequence.

The central one: whatever the readiness, pain, missed days, swaps, skips and take-backs, no two
hard days ever end up within 48 hours of each other.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.adaptation import (
    OverrideRefused,
    adjust_today,
    handle_missed,
    restore_original,
    skip,
    spacing_violations,
    swap_days,
)
from coach.models import (
    Adjustment,
    AthleteProfile,
    GoalKind,
    PainFlag,
    Plan,
    Readiness,
    ReadinessLevel,
    RunLog,
    Session,
    SessionKind,
)
from coach.planner import build_plan
from coach.rules import RULES

START = date(2026, 11, 23)

PROFILES = (
    AthleteProfile(goal=GoalKind.ROAD_10K, race_date=date(2027, 3, 7), weekly_km=35),
    AthleteProfile(
        goal=GoalKind.ROAD_MARATHON,
        race_date=date(2027, 4, 25),
        run_days=(0, 1, 2, 3, 4, 5, 6),
        long_run_day=6,
        weekly_km=70,
        longest_run_km=25,
        doubles=True,
    ),
    AthleteProfile(
        goal=GoalKind.TRAIL,
        race_date=date(2027, 5, 16),
        trail_distance_km=42,
        trail_elevation_m=2200,
        run_days=(1, 2, 4, 5, 6),
        long_run_day=5,
        weekly_km=50,
        track_access=False,
    ),
    AthleteProfile(goal=GoalKind.FITNESS, run_days=(0, 2, 4), long_run_day=4, weekly_km=20),
    AthleteProfile(
        goal=GoalKind.ROAD_HALF,
        race_date=date(2027, 2, 28),
        run_days=(0, 1, 3, 4, 6),
        long_run_day=6,
        weekly_km=45,
        trail_access=False,
    ),
)


@cache
def _plan(index: int) -> Plan:
    return build_plan(PROFILES[index], START)


def _week(index: int, week_index: int) -> list[Session]:
    plan = _plan(index)
    return list(plan.weeks[week_index % len(plan.weeks)].sessions)


def _spike_logs(today: date) -> list[RunLog]:
    return [
        RunLog(date=today - timedelta(days=b), duration_min=150 if b <= 7 else 40, rpe=5)
        for b in range(1, 40)
    ]


LEVELS = st.sampled_from(list(ReadinessLevel))
OPS = st.lists(
    st.tuples(
        st.sampled_from(["adjust", "missed", "swap", "skip", "restore"]),
        st.integers(0, 6),
        st.integers(0, 6),
        LEVELS,
        st.booleans(),
    ),
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(
    profile_index=st.integers(0, len(PROFILES) - 1),
    week_index=st.integers(0, 40),
    ops=OPS,
)
def test_section7_no_two_hard_days_within_48h_after_any_sequence(
    profile_index: int,
    week_index: int,
    ops: list[tuple[str, int, int, ReadinessLevel, bool]],
) -> None:
    """§4/§7: adjustments and overrides never put two hard days within 48 h."""
    profile = PROFILES[profile_index]
    paces = _plan(profile_index).paces
    week = _week(profile_index, week_index)
    monday = min(s.date for s in week) - timedelta(days=min(s.date for s in week).weekday())
    assert spacing_violations(week) == []
    recorded: list[Adjustment] = []
    history: list[Readiness] = []
    for op, a, b, level, flag in ops:
        day_a = monday + timedelta(days=a)
        day_b = monday + timedelta(days=b)
        if op == "adjust":
            readiness = Readiness(date=day_a, level=level, reasons=("test",))
            planned = [s for s in week if s.date == day_a]
            pains = [PainFlag(reported_on=day_a, where="knee", score=5)] if flag else []
            day = adjust_today(
                day_a,
                planned,
                readiness,
                profile=profile,
                paces=paces,
                logs=_spike_logs(day_a) if b % 2 else [],
                pains=pains,
                recent_readiness=history,
                week_sessions=week,
            )
            history.append(readiness)
            assert spacing_violations(day.week_sessions) == []
            assert sum(s.hard for s in day.sessions) <= sum(s.hard for s in planned)
            recorded.extend(x for x in day.adjustments if x.date == day_a)
        elif op == "missed":
            runs = [s for s in week if s.kind not in (SessionKind.REST, SessionKind.RACE)]
            if not runs:
                continue
            missed = runs[a % len(runs)]
            today = missed.date + timedelta(days=b % 3)
            week, adjustments = handle_missed(week, missed, today, [])
            recorded.extend(adjustments)
        elif op == "swap":
            try:
                week, adjustment = swap_days(week, day_a, day_b)
            except OverrideRefused:
                continue
            recorded.append(adjustment)
        elif op == "skip":
            try:
                week, adjustments = skip(week, day_a, reschedule=flag, profile=profile, paces=paces)
            except OverrideRefused:
                continue
            recorded.extend(adjustments)
        elif recorded:
            chosen = recorded[a % len(recorded)]
            try:
                week, adjustments = restore_original(
                    week, chosen, today=monday, profile=profile, paces=paces
                )
            except OverrideRefused:
                continue
            recorded.extend(adjustments)
        assert spacing_violations(week) == [], (op, a, b)


@settings(max_examples=150, deadline=None)
@given(
    profile_index=st.integers(0, len(PROFILES) - 1),
    week_index=st.integers(0, 40),
    weekday=st.integers(0, 6),
    level=LEVELS,
    pain=st.integers(0, 10),
    spike=st.booleans(),
    red_yesterday=st.booleans(),
)
def test_section7_adjusting_never_makes_a_day_harder(
    profile_index: int,
    week_index: int,
    weekday: int,
    level: ReadinessLevel,
    pain: int,
    spike: bool,
    red_yesterday: bool,
) -> None:
    """§7: amber/red/pain/load only take away; pain 4+ and red days carry no intensity."""
    profile = PROFILES[profile_index]
    paces = _plan(profile_index).paces
    week = _week(profile_index, week_index)
    monday = min(s.date for s in week) - timedelta(days=min(s.date for s in week).weekday())
    today = monday + timedelta(days=weekday)
    planned = [s for s in week if s.date == today]
    yesterday = Readiness(
        date=today - timedelta(days=1),
        level=ReadinessLevel.RED if red_yesterday else ReadinessLevel.GREEN,
    )
    day = adjust_today(
        today,
        planned,
        Readiness(date=today, level=level, reasons=("5 h sleep",)),
        profile=profile,
        paces=paces,
        logs=_spike_logs(today) if spike else [],
        pains=[PainFlag(reported_on=today, where="shin", score=pain)] if pain else [],
        recent_readiness=[yesterday],
        week_sessions=week,
    )
    races = [s for s in planned if s.kind is SessionKind.RACE]
    others = [s for s in day.sessions if s.kind is not SessionKind.RACE]
    assert sum(s.load for s in others) <= sum(s.load for s in planned if s not in races)
    if pain >= RULES.pain_no_intensity_score or level is ReadinessLevel.RED:
        assert not any(s.hard for s in others)
        assert all(s.target_rpe <= 3 for s in others)
    for adjustment in day.adjustments:
        assert "\n" not in adjustment.reason
        assert adjustment.reason.endswith(".")
    for later in day.week_sessions:
        if later.date > today:
            before = [s for s in week if s.date == later.date]
            assert later.load <= max((s.load for s in before), default=0.0)
    assert spacing_violations(day.week_sessions) == []
