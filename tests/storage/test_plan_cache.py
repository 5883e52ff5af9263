"""A day's read takes the plan from the cache of versions read lately (storage.plans.
PlanCache) only while it is the athlete's newest: a rebuild here, a rebuild by another
process, a deletion and a new athlete with a reused id each give the plan as stored."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import event

from storage.database import Database
from storage.fanout import OneDay
from tests.storage.test_plan_storage import a_plan

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
DAY = date(2026, 12, 1)


async def _athlete(db: Database, athlete_id: int = 7) -> None:
    await db.athletes.register(athlete_id, athlete_id, "Ana", NOW)


async def _day(db: Database, athlete_id: int = 7) -> OneDay:
    record = await db.athletes.get(athlete_id)
    assert record is not None
    async with db.reading() as reads:
        return await reads.reader.day(record, DAY, history_days=42)


def _sessions(day: OneDay) -> list[object]:
    assert day.plan is not None
    return list(day.plan.sessions_on(DAY))


def _plan_reads(db: Database) -> list[int]:
    reads = [0]

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "plan_weeks.body" in statement:
            reads[0] += 1

    event.listen(db.engine.sync_engine, "before_cursor_execute", seen)
    return reads


async def test_a_plan_read_once_is_not_read_again(db: Database) -> None:
    await _athlete(db)
    await db.plans.save(7, a_plan(30.0), NOW)
    reads = _plan_reads(db)
    first, second = await _day(db), await _day(db)
    assert reads[0] == 1
    assert first.plan is second.plan


async def test_a_rebuild_gives_the_new_plan(db: Database) -> None:
    await _athlete(db)
    await db.plans.save(7, a_plan(20.0), NOW)
    assert _sessions(await _day(db)) == a_plan(20.0).sessions_on(DAY)
    await db.plans.save(7, a_plan(60.0), NOW)  # the same instant: only the version differs
    assert _sessions(await _day(db)) == a_plan(60.0).sessions_on(DAY)


async def test_a_rebuild_by_another_process_gives_the_new_plan(db: Database, db_url: str) -> None:
    await _athlete(db)
    await db.plans.save(7, a_plan(20.0), NOW)
    assert _sessions(await _day(db)) == a_plan(20.0).sessions_on(DAY)
    other = await Database.open(db_url, migrate=False)
    try:
        await other.plans.save(7, a_plan(60.0), datetime(2026, 11, 22, tzinfo=UTC))
    finally:
        await other.close()
    assert _sessions(await _day(db)) == a_plan(60.0).sessions_on(DAY)


async def test_a_deleted_athletes_plan_is_never_handed_to_the_next(db: Database) -> None:
    await _athlete(db)
    await db.plans.save(7, a_plan(20.0), NOW)
    assert _sessions(await _day(db)) == a_plan(20.0).sessions_on(DAY)
    await db.athletes.delete(7)
    await _athlete(db)  # the same Telegram id comes back; the plan's id may be reused
    await db.plans.save(7, a_plan(60.0), NOW)
    assert _sessions(await _day(db)) == a_plan(60.0).sessions_on(DAY)
