"""The athlete repository on every backend: one row per Telegram user, profile round-trips."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from coach.models import AthleteProfile, GoalKind, RaceResult
from storage.athletes import profile_columns
from storage.database import Database

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


async def test_register_creates_one_athlete_and_is_idempotent(db: Database) -> None:
    first, created = await db.athletes.register(1001, 1001, "Alice", NOW)
    again, created_again = await db.athletes.register(1001, 1001, "Alice", NOW)
    assert created is True
    assert created_again is False
    assert first.id == again.id == 1001
    assert await db.athletes.count() == 1
    assert first.status == "active"
    assert first.created_at == NOW


async def test_a_blocked_athlete_who_starts_again_is_reactivated(db: Database) -> None:
    await db.athletes.register(7, 7, "Bo", NOW)
    await db.athletes.set_status(7, "blocked", NOW)
    record, created = await db.athletes.register(7, 7, "Bo", NOW)
    assert not created
    assert record.status == "active"


async def test_profile_round_trips_through_the_columns(db: Database) -> None:
    profile = AthleteProfile(
        goal=GoalKind.TRAIL,
        race_date=date(2027, 6, 12),
        trail_distance_km=50,
        trail_elevation_m=2400,
        run_days=(1, 3, 5, 6),
        long_run_day=5,
        weekly_km=55,
        longest_run_km=24,
        track_access=False,
        trail_access=True,
        doubles=True,
        recent_race=RaceResult(distance_km=10, time_s=2700, on=date(2026, 11, 8)),
        timezone="Europe/Paris",
        push_time=time(6, 15),
        reminder_time=time(19, 45),
    )
    await db.athletes.register(42, 42, "Cleo", NOW)
    await db.athletes.update_fields(42, NOW, **profile_columns(profile))
    record = await db.athletes.get(42)
    assert record is not None
    assert record.profile() == profile
    assert record.timezone == "Europe/Paris"
    assert record.push_time == time(6, 15)


async def test_an_incomplete_profile_reads_as_none(db: Database) -> None:
    await db.athletes.register(5, 5, None, NOW)
    await db.athletes.update_fields(5, NOW, goal="road-10k")
    record = await db.athletes.get(5)
    assert record is not None
    assert record.profile() is None


async def test_dialog_state_survives_a_new_connection(db_url: str) -> None:
    first = await Database.open(db_url)
    await first.athletes.register(9, 9, "Dee", NOW)
    await first.athletes.set_dialog(9, {"flow": "onboarding", "step": "race_date"}, NOW)
    await first.close()
    second = await Database.open(db_url)
    record = await second.athletes.get(9)
    await second.close()
    assert record is not None
    assert record.dialog == {"flow": "onboarding", "step": "race_date"}


async def test_delete_removes_the_athlete_only(db: Database) -> None:
    await db.athletes.register(1, 1, "A", NOW)
    await db.athletes.register(2, 2, "B", NOW)
    assert await db.athletes.delete(1) is True
    assert await db.athletes.get(1) is None
    assert await db.athletes.get(2) is not None
    assert await db.athletes.delete(1) is False
