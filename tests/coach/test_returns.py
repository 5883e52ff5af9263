"""COACHING.md §7b illness and §9 resume: a return after time off is planned, and holds
through the weekly rebuild (a simulation found a tempo on the first day back from 10 days
sick, and a 2 h 35 long run with M work on the first day back from a holiday)."""

from __future__ import annotations

from datetime import date, timedelta

from coach.models import Plan, SessionKind
from coach.planner import build_plan, rebuild_from, return_to_running
from coach.rules import RULES
from tests.support.athletes import marathoner_70k as marathoner

START = date(2026, 12, 7)


def sessions_between(plan: Plan, first: date, last: date) -> list:  # type: ignore[type-arg]
    return [s for w in plan.weeks for s in w.sessions if first <= s.date <= last and s.is_run]


def test_back_from_ten_days_sick_easy_only_for_seven_days_then_a_capped_long_run() -> None:
    profile = marathoner()
    plan = build_plan(profile, START)
    back = date(2027, 2, 11)  # a Thursday, mid-build
    last_long = 120.0
    goal_week = plan.week_of(back + timedelta(days=4))
    assert goal_week is not None
    out = return_to_running(
        plan, profile, back, cause="illness", days_off=10, longest_before=last_long
    )
    easy_days = sessions_between(out, back, back + timedelta(days=RULES.illness_easy_days_max - 1))
    assert easy_days
    assert not any(s.hard for s in easy_days), [s.title for s in easy_days if s.hard]
    assert all(s.duration_min <= RULES.return_easy_run_max for s in easy_days)
    first_long = next(
        s
        for w in out.weeks
        for s in w.sessions
        if s.kind is SessionKind.LONG and s.date > back + timedelta(days=6)
    )
    assert first_long.duration_min <= last_long
    # The first full week back is about 55 % of what the goal needed.
    monday = back + timedelta(days=4)
    week = out.week_of(monday)
    assert week is not None
    assert week.run_minutes <= 0.75 * goal_week.run_minutes
    assert out.comeback is not None
    assert out.comeback.cause == "illness"


def test_the_sunday_rebuild_keeps_a_return_in_progress() -> None:
    """The return's easy days run past Sunday: the rebuild that replans next week keeps
    them easy (it would otherwise bring back the plan's tempo on Tuesday)."""
    profile = marathoner()
    plan = build_plan(profile, START)
    back = date(2027, 2, 11)
    out = return_to_running(plan, profile, back, cause="illness", days_off=10, longest_before=110.0)
    monday = date(2027, 2, 15)
    rebuilt = rebuild_from(out, profile, monday, 200.0, floor=RULES.illness_return_share)
    assert rebuilt.comeback is not None
    week = sessions_between(rebuilt, monday, back + timedelta(days=6))
    assert week
    assert not any(s.hard for s in week)
    # Once its days and its long run are past, the return is over and the plan is itself.
    later = rebuild_from(rebuilt, profile, monday + timedelta(weeks=2), 400.0)
    assert later.comeback is None


def test_back_from_a_holiday_three_easy_days_and_a_long_run_at_three_quarters() -> None:
    profile = marathoner()
    plan = build_plan(profile, START)
    back = date(2027, 2, 13)  # a Saturday after 8 days away
    out = return_to_running(plan, profile, back, cause="pause", days_off=8, longest_before=155.0)
    first_days = sessions_between(out, back, back + timedelta(days=RULES.pause_easy_days - 1))
    assert first_days
    assert not any(s.hard for s in first_days)
    first_long = next(
        s
        for w in out.weeks
        for s in w.sessions
        if s.kind is SessionKind.LONG and s.date >= back + timedelta(days=RULES.pause_easy_days)
    )
    assert first_long.duration_min <= RULES.pause_long_share * 155.0
    assert first_long.spec.finish_at_marathon_min == 0


def test_a_short_pause_changes_nothing() -> None:
    profile = marathoner()
    plan = build_plan(profile, START)
    back = date(2027, 2, 13)
    out = return_to_running(plan, profile, back, cause="pause", days_off=3, longest_before=155.0)
    assert out.comeback is None


def test_after_an_illness_intensity_waits_for_the_volume_to_build_back() -> None:
    """§7b "intensity and the long run return after that": in the two weeks the volume
    builds back, only the (capped) long run is hard (a simulated return met intervals two
    days after its first long run, and a load ratio of 1.67)."""
    profile = marathoner()
    plan = build_plan(profile, START)
    back = date(2027, 2, 11)
    out = return_to_running(plan, profile, back, cause="illness", days_off=10, longest_before=120.0)
    assert out.comeback is not None
    assert out.comeback.build_until is not None
    days = sessions_between(out, back, out.comeback.build_until)
    assert not any(s.hard and s.kind is not SessionKind.LONG for s in days), [
        s.title for s in days if s.hard
    ]
    # The Sunday rebuild inside the two weeks builds from what was done, under 0.8.
    monday = date(2027, 2, 15)
    rebuilt = rebuild_from(out, profile, monday, 120.0)
    goal = plan.week_of(monday)
    week = rebuilt.week_of(monday)
    assert goal is not None
    assert week is not None
    assert week.run_minutes < RULES.rebuild_floor * goal.run_minutes
