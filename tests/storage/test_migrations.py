"""Alembic owns the schema: migrations build it from nothing on every backend and match the
tables the code maps."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from storage.engine import create_engine
from storage.migrate import downgrade_async, upgrade_async
from storage.tables import Base

EXPECTED_TABLES = {
    "athletes", "plans", "plan_weeks", "checkins", "run_logs", "pain_flags", "adjustments",
    "inbox", "deliveries", "illnesses",
}  # fmt: skip


async def _tables(url: str) -> set[str]:
    engine = create_engine(url, pool_size=0)
    async with engine.connect() as conn:
        names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    await engine.dispose()
    return names


async def test_upgrade_builds_every_table_on_an_empty_database(db_url: str) -> None:
    assert await _tables(db_url) == set()
    await upgrade_async(db_url)
    assert EXPECTED_TABLES | {"alembic_version"} == await _tables(db_url)


async def test_upgrade_twice_is_harmless_and_downgrade_empties(db_url: str) -> None:
    await upgrade_async(db_url)
    await upgrade_async(db_url)
    await downgrade_async(db_url, "base")
    assert await _tables(db_url) <= {"alembic_version"}


@pytest.mark.parametrize("target", ["0004", "0005"])
async def test_a_downgrade_keeps_the_athletes_rows(db_url: str, target: str) -> None:
    """Dropping a column must not drop its table: on SQLite a batch-mode copy would, and with
    foreign keys on the old table's drop cascades into the athlete's plans and logs."""
    from datetime import UTC, date, datetime

    from sqlalchemy import text

    from coach.models import RunLog, RunStatus
    from storage.database import Database

    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    db = await Database.open(db_url)
    try:
        await db.athletes.register(7, 7, "Ann", now)
        await db.runlogs.add_log(
            7, RunLog(date=date(2026, 11, 22), status=RunStatus.DONE, duration_min=40), now
        )
    finally:
        await db.close()

    await downgrade_async(db_url, target)
    engine = create_engine(db_url, pool_size=0)
    async with engine.connect() as conn:
        counts = [
            (await conn.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()
            for table in ("athletes", "run_logs")
        ]
    await engine.dispose()
    assert counts == [1, 1]


async def test_migrations_match_the_mapped_tables(db_url: str) -> None:
    """A column added to storage/tables.py without a revision fails here."""
    await upgrade_async(db_url)
    engine = create_engine(db_url, pool_size=0)

    def diff(conn: Connection) -> list[object]:
        ctx = MigrationContext.configure(conn, opts={"compare_type": False})
        return list(compare_metadata(ctx, Base.metadata))

    async with engine.connect() as conn:
        changes = await conn.run_sync(diff)
    await engine.dispose()
    assert changes == []


@pytest.mark.parametrize(("pragma", "expected"), [("journal_mode", "wal"), ("foreign_keys", 1)])
async def test_sqlite_connections_use_wal_and_foreign_keys(
    sqlite_url: str, pragma: str, expected: object
) -> None:
    from sqlalchemy import text

    engine = create_engine(sqlite_url)
    async with engine.connect() as conn:
        value = (await conn.execute(text(f"PRAGMA {pragma}"))).scalar_one()
    await engine.dispose()
    assert value == expected
