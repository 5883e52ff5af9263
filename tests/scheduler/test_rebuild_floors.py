"""§7b "floors by cause": a week cut short by pain is rebuilt from less than a week of
plain misses (the 0.8 floor is for plain misses; pain, illness and red streaks go lower)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from coach.models import PainFlag, RunLog, RunStatus
from coach.rules import RULES
from services.weekly import WeeklyReview
from storage.database import Database
from tests.support.athletes import onboarded_athlete

START = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # a Monday


async def _week_asked(db: Database, athlete_id: int, pain: bool) -> tuple[float, float]:
    await onboarded_athlete(db, athlete_id, START)
    plan = await db.plans.current(athlete_id)
    assert plan is not None
    monday = date(2026, 11, 30)
    week = plan.week_of(monday)
    assert week is not None
    now = START + timedelta(days=7)
    if pain:
        flag = PainFlag(where="knee", score=5, reported_on=monday)
        await db.pains.add_pain(athlete_id, flag, now)
    # A fifth of the week run (one easy run), whatever the cause.
    await db.runlogs.add_log(
        athlete_id,
        RunLog(date=monday + timedelta(days=1), status=RunStatus.DONE, duration_min=30, rpe=3),
        now,
    )
    sunday = monday + timedelta(days=6)
    review = await WeeklyReview(db).review(athlete_id, sunday, now + timedelta(days=6))
    assert review is not None
    assert review.next_week is not None
    goal = plan.week_of(monday + timedelta(days=7))
    assert goal is not None
    return review.next_week.run_minutes, goal.run_minutes


async def test_a_week_cut_by_pain_rebuilds_from_less_than_plain_misses(db: Database) -> None:
    plain, goal = await _week_asked(db, 1, pain=False)
    hurt, _ = await _week_asked(db, 2, pain=True)
    assert plain >= 0.95 * RULES.rebuild_floor * goal
    assert hurt < plain
    assert hurt >= 0.95 * RULES.rebuild_floor_cause * goal
