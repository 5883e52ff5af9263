"""An update's statements on SQLite's driver directly (storage.sqlite_direct): within an
update the hot repository calls skip SQLAlchemy's execution, and nothing an athlete or
another process would notice changes. What is written directly reads back the same through
SQLAlchemy (datetimes in UTC, dates, JSON, floats, words), and the other way round; a write
is one transaction, undone whole when it fails; a locked database is waited for without
blocking the loop, and given up on after the busy timeout; a unit of work stays one
transaction; a statement that needs SQLAlchemy at execution is refused, not run wrong."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import bindparam, event, insert, select

import storage.inbox as inbox_module
import storage.sqlite_direct as direct
from coach.models import RunLog, RunStatus, Surface
from storage.athletes import ATHLETE_BY_ID
from storage.database import Database
from storage.sqlite_direct import NotDirect, prepared
from storage.tables import AthleteRow, CheckInRow, InboxRow
from storage.unit import SHARED, Statements, sharing
from tests.support.locks import lock_held_for

NOW = datetime(2026, 12, 1, 7, 0, 5, 123456, tzinfo=UTC)
DAY = date(2026, 12, 1)
ANA = 1
DIALOG = {"flow": "checkin", "step": "soreness", "message_id": 42, "notes": ["é", None, 1.5]}


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(f"sqlite+aiosqlite:///{tmp_path / 'direct.db'}")
    await database.athletes.register(ANA, ANA, "Ana", NOW)
    try:
        yield database
    finally:
        await database.close()


def _count_statements(db: Database) -> list[int]:
    """Statements SQLAlchemy executes (the direct ones never reach its events)."""
    seen = [0]

    def counted(*_args: object) -> None:
        seen[0] += 1

    event.listen(db.engine.sync_engine, "before_cursor_execute", counted)
    return seen


async def test_what_an_update_writes_directly_reads_back_the_same(db: Database) -> None:
    through_sqlalchemy = _count_statements(db)
    log = RunLog(
        date=DAY, status=RunStatus.DONE, duration_min=45.5, distance_km=9.25, rpe=6,
        surface=Surface.TRAIL, note='felt "good"\n',
    )  # fmt: skip
    async with sharing():
        record, fresh = await db.inbox.keep_if_athlete(
            ANA, 900, "ran 45 min rpe 6 ✓", NOW, lambda: '{"update_id": 900}', message_id=7
        )
        stored = await db.runlogs.add_log(ANA, log, NOW, slot="am", raw_text="ran 45 min")
        await db.athletes.set_dialog(ANA, DIALOG, NOW)
        checkin = await db.checkins.save_checkin(ANA, DAY, NOW, sleep_hours=7.5, soreness=2)
        finished = await db.inbox.finish(ANA, 900, "handled", NOW)
        read_inside = await db.athletes.get(ANA)
    assert through_sqlalchemy[0] == 0  # all of it went straight to the driver
    assert record is not None
    assert fresh
    assert finished

    # Read back through SQLAlchemy (outside an update), as every other reader does.
    again = await db.athletes.get(ANA)
    assert again is not None
    assert read_inside == again
    assert again.dialog == DIALOG
    [back] = await db.runlogs.logs_between(ANA, DAY, DAY)
    assert back == stored
    assert back.log.surface is Surface.TRAIL
    assert back.created_at == NOW
    assert await db.checkins.checkin_on(ANA, DAY) == checkin
    async with db.sessions() as session:
        row = (
            await session.execute(select(InboxRow).where(InboxRow.update_id == 900))
        ).scalar_one()
        assert (row.text, row.message_id, row.outcome, row.payload) == (
            "ran 45 min rpe 6 ✓", 7, "handled", None,
        )  # fmt: skip
        assert row.received_at == NOW
        assert row.handled_at == NOW


async def test_what_sqlalchemy_wrote_reads_the_same_directly(db: Database) -> None:
    await db.athletes.set_dialog(ANA, DIALOG, NOW)
    await db.checkins.save_checkin(ANA, DAY, NOW, sleep_quality=4, soreness_where="calves")
    outside = await db.athletes.get(ANA), await db.checkins.checkin_on(ANA, DAY)
    through_sqlalchemy = _count_statements(db)
    async with sharing():
        inside = await db.athletes.get(ANA), await db.checkins.checkin_on(ANA, DAY)
    assert through_sqlalchemy[0] == 0
    assert inside == outside
    assert inside[0] is not None
    assert inside[0].created_at == NOW


async def test_a_failed_write_leaves_nothing_and_the_next_one_works(db: Database) -> None:
    async with sharing():
        with pytest.raises(sqlite3.IntegrityError):  # no athlete 99: the database refuses
            await db.checkins.answer_with_dialog(99, DAY, NOW, DIALOG, sleep_hours=8)
        # A function that raises after its first statement: that statement is undone too.
        with pytest.raises(RuntimeError, match="halfway"):
            await db.checkins._sessions.run(_insert_then_fail, write=True)
        await db.checkins.answer_with_dialog(ANA, DAY, NOW, DIALOG, soreness=1)
    assert await db.checkins.checkin_on(99, DAY) is None
    stored = await db.checkins.checkin_on(ANA, DAY)
    assert stored is not None
    assert (stored.sleep_hours, stored.soreness) == (None, 1)
    record = await db.athletes.get(ANA)
    assert record is not None
    assert record.dialog == DIALOG  # the answer and its next question, together


def _insert_then_fail(conn: Statements) -> None:
    values = {"athlete_id": ANA, "local_date": DAY, "sleep_hours": 3.0}
    conn.execute(insert(CheckInRow), {**values, "created_at": NOW, "updated_at": NOW})
    raise RuntimeError("halfway")


async def test_a_unit_of_work_inside_an_update_stays_one_transaction(db: Database) -> None:
    async with sharing():
        with pytest.raises(RuntimeError, match="use case failed"):
            await _failing_use_case(db)
        assert await db.checkins.checkin_on(ANA, DAY) is None
    record = await db.athletes.get(ANA)
    assert record is not None
    assert record.dialog is None


async def _failing_use_case(db: Database) -> None:
    async with db.unit() as uow:
        await uow.checkins.save_checkin(ANA, DAY, NOW, sleep_hours=6)
        await uow.athletes.set_dialog(ANA, DIALOG, NOW)
        raise RuntimeError("the use case failed")


async def test_a_write_waits_for_another_writer_without_blocking_the_loop(
    db: Database, tmp_path: Path
) -> None:
    async with lock_held_for(tmp_path / "direct.db", 0.05) as turns, sharing():
        await db.checkins.save_checkin(ANA, DAY, NOW, sleep_hours=7)
        assert turns.count >= 5  # the loop ran other tasks while the write waited
    stored = await db.checkins.checkin_on(ANA, DAY)
    assert stored is not None
    assert stored.sleep_hours == 7


async def test_a_write_gives_up_after_the_busy_timeout(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(direct, "BUSY_TIMEOUT_S", 0.05)
    holder = sqlite3.connect(str(tmp_path / "direct.db"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        async with sharing():
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                await db.checkins.save_checkin(ANA, DAY, NOW, sleep_hours=7)
            # Reads never wait on a writer (WAL): the update goes on.
            assert await db.athletes.get(ANA) is not None
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert await db.checkins.checkin_on(ANA, DAY) is None


def test_a_statement_that_needs_sqlalchemy_at_execution_is_refused(db: Database) -> None:
    dialect = db.engine.dialect
    # An athlete's insert without its status: the column's default is made in Python.
    with pytest.raises(NotDirect, match="needs SQLAlchemy"):
        prepared(insert(AthleteRow), ("id", "chat_id", "created_at", "updated_at"), dialect)
    # A list expanded into the SQL on each execution.
    expanding = select(AthleteRow.id).where(AthleteRow.id.in_(bindparam("ids", expanding=True)))
    with pytest.raises(NotDirect):
        prepared(expanding, ("ids",), dialect)
    # A parameter the statement needs and the call does not give.
    with pytest.raises(NotDirect, match="athlete_id"):
        prepared(ATHLETE_BY_ID, (), dialect)


def test_a_statement_is_compiled_once_per_set_of_values(db: Database) -> None:
    dialect = db.engine.dialect
    first: Any = prepared(ATHLETE_BY_ID, ("athlete_id",), dialect)
    assert prepared(ATHLETE_BY_ID, ("athlete_id",), dialect) is first
    assert first.sql.startswith("SELECT athletes.id")


async def test_a_statement_refused_takes_the_sessions_way_inside_an_update(db: Database) -> None:
    """An insert that needs SQLAlchemy (the athlete's status is a Python-side default) is
    not run wrong on the driver: the call runs on a session instead, defaults and all."""
    values = {"id": 2, "chat_id": 2, "created_at": NOW, "updated_at": NOW}

    def add_athlete(conn: Statements) -> int:
        return int(conn.execute(insert(AthleteRow), values).rowcount)

    async with sharing():
        assert await db.athletes._sessions.run(add_athlete, write=True) == 1
        record = await db.athletes.get(2)
    assert record is not None
    assert record.status == "active"


async def test_the_update_goes_on_after_its_connection_is_invalidated(db: Database) -> None:
    async with sharing():
        assert await db.athletes.get(ANA) is not None
        shared = SHARED.get()
        assert shared is not None
        assert shared.connection is not None
        await shared.connection.invalidate()  # as SQLAlchemy does after some failures
        await db.checkins.save_checkin(ANA, DAY, NOW, sleep_hours=6.5)
        stored = await db.checkins.checkin_on(ANA, DAY)
    assert stored is not None
    assert stored.sleep_hours == 6.5


async def test_a_keep_tried_again_stores_the_update_as_first_made(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that meets a locked database is tried again from the start; what it needs
    besides the database (the update's JSON, taken once from the bot) is made once."""
    kept = inbox_module._kept
    tries = 0

    def locked_once(conn: Statements, values: dict[str, Any], *, retake: bool) -> bool:
        nonlocal tries
        tries += 1
        fresh = kept(conn, values, retake=retake)
        if tries == 1:  # the row went in, then the database said it was locked
            error = sqlite3.OperationalError("database is locked")
            error.sqlite_errorcode = 5  # type: ignore[attr-defined]
            raise error
        return fresh

    monkeypatch.setattr(inbox_module, "_kept", locked_once)
    made: list[str] = []

    def payload() -> str:
        made.append(f'{{"update_id": 901, "made": {len(made) + 1}}}')
        return made[-1]

    async with sharing():
        _, fresh = await db.inbox.keep_if_athlete(ANA, 901, "hi", NOW, payload, message_id=8)
    assert tries == 2
    assert fresh  # the first try left nothing behind: the second kept it as new
    assert made == ['{"update_id": 901, "made": 1}']
    async with db.sessions() as session:
        stored = (
            await session.execute(select(InboxRow.payload).where(InboxRow.update_id == 901))
        ).scalar_one()
    assert stored == made[0]
