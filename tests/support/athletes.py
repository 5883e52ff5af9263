"""Athletes ready for tests that are not about onboarding."""

from __future__ import annotations

from datetime import date, datetime, time

from coach.models import AthleteProfile, GoalKind, RaceResult
from services.coaching import CoachingService
from storage.athletes import AthleteRecord, profile_columns
from storage.database import Database


def profile(**overrides: object) -> AthleteProfile:
    """A 10K runner on four days with track and trails, in Paris."""
    base: dict[str, object] = {
        "goal": GoalKind.ROAD_10K,
        "race_date": date(2027, 4, 18),
        "run_days": (1, 3, 5, 6),
        "long_run_day": 6,
        "weekly_km": 40.0,
        "longest_run_km": 14.0,
        "track_access": True,
        "trail_access": True,
        "timezone": "Europe/Paris",
        "push_time": time(6, 30),
        "reminder_time": time(20, 0),
    }
    base.update(overrides)
    return AthleteProfile.model_validate(base)


def raced_profile(**overrides: object) -> AthleteProfile:
    """The same runner with a recent 10K (50:00 in October 2026): paces from a race, so the
    plan schedules no time trial and the base phase's week of 23 November is Mon rest, Tue
    hill repeats, Wed rest, Thu easy trail, Fri rest, Sat easy road, Sun long run."""
    race = RaceResult(distance_km=10.0, time_s=3000.0, on=date(2026, 10, 4))
    return profile(**{"recent_race": race, **overrides})


async def onboarded_athlete(
    db: Database,
    athlete_id: int,
    now: datetime,
    *,
    first_name: str = "Alice",
    athlete_profile: AthleteProfile | None = None,
) -> AthleteRecord:
    """Register, store a complete profile, finish onboarding and build the plan."""
    await db.athletes.register(athlete_id, athlete_id, first_name, now)
    columns = profile_columns(athlete_profile or profile())
    await db.athletes.update_fields(athlete_id, now, **columns)
    await db.athletes.mark_onboarded(athlete_id, now)
    record = await db.athletes.get(athlete_id)
    assert record is not None
    await CoachingService(db).rebuild_plan(record, now)
    return record


def marathoner_245() -> AthleteProfile:
    """A 2:45 marathoner (1:18:30 half) on six days, 95 km a week, 20 weeks out from a
    Sunday marathon: the coach's read of this season (and its simulated long run stalling
    at 130 of 145 min) is held by tests in tests/coach."""
    return AthleteProfile(
        goal=GoalKind.ROAD_MARATHON,
        race_date=date(2027, 4, 25),
        run_days=(0, 1, 2, 3, 4, 6),
        long_run_day=6,
        weekly_km=95.0,
        longest_run_km=30.0,
        track_access=True,
        trail_access=False,
        recent_race=RaceResult(distance_km=21.0975, time_s=78.5 * 60),
    )


def marathoner_70k() -> AthleteProfile:
    """A 3-hour marathoner (1:30 half), six days, 70 km a week, a Sunday marathon in April:
    the athlete of the illness and return tests."""
    return AthleteProfile(
        goal=GoalKind.ROAD_MARATHON,
        race_date=date(2027, 4, 25),
        run_days=(0, 1, 2, 3, 4, 6),
        long_run_day=6,
        weekly_km=70.0,
        longest_run_km=25.0,
        track_access=True,
        trail_access=False,
        recent_race=RaceResult(distance_km=21.0975, time_s=90 * 60),
    )
