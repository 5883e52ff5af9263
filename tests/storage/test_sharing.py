"""One session per update (storage.unit.sharing): on SQLite an update's repository calls
share one session instead of opening one each, and nothing an athlete or another process
would notice changes: each write is committed when its call ends, a failed write leaves
nothing behind, a row read after a write is the written one, and a task the update started
that outlives it gets sessions of its own."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from coach.models import PainFlag
from storage.database import Database
from storage.unit import SHARED, sharing

NOW = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
DAY = date(2026, 12, 1)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(f"sqlite+aiosqlite:///{tmp_path / 'sharing.db'}")
    await database.athletes.register(1, 1, "Ana", NOW)
    try:
        yield database
    finally:
        await database.close()


def _count_checkouts(db: Database) -> list[int]:
    checkouts = [0]

    def counted(*_args: object) -> None:
        checkouts[0] += 1

    event.listen(db.engine.sync_engine.pool, "checkout", counted)
    return checkouts


async def test_an_updates_calls_share_one_session(db: Database) -> None:
    checkouts = _count_checkouts(db)
    async with sharing():
        for _ in range(4):
            assert await db.athletes.get(1) is not None
            await db.checkins.checkin_on(1, DAY)
    assert checkouts[0] == 1
    checkouts[0] = 0
    for _ in range(4):  # outside an update: a session per call, as before
        await db.athletes.get(1)
    assert checkouts[0] == 4


async def test_a_write_is_committed_when_its_call_ends(db: Database, tmp_path: Path) -> None:
    other = await Database.open(f"sqlite+aiosqlite:///{tmp_path / 'sharing.db'}", migrate=False)
    try:
        async with sharing():
            await db.checkins.save_checkin(1, DAY, NOW, sleep_hours=7.5)
            # Another process sees it at once, while the update goes on.
            seen = await other.checkins.checkin_on(1, DAY)
            assert seen is not None
            assert seen.sleep_hours == 7.5
    finally:
        await other.close()


async def test_a_failed_write_leaves_nothing_and_the_next_call_works(db: Database) -> None:
    async with sharing():
        with pytest.raises(ValueError, match="not check-in fields"):
            await db.checkins.save_checkin(1, DAY, NOW, shoe_size=44)
        with pytest.raises(Exception):  # noqa: B017, PT011 - the database refuses the row
            await db.checkins.save_checkin(99, DAY, NOW, sleep_hours=8)  # no athlete 99
        await db.checkins.save_checkin(1, DAY, NOW, soreness=2)
        stored = await db.checkins.checkin_on(1, DAY)
    assert stored is not None
    assert stored.soreness == 2
    assert await db.checkins.checkin_on(99, DAY) is None


async def test_a_record_read_after_a_write_is_the_written_one(db: Database) -> None:
    async with sharing():
        before = await db.athletes.get(1)
        assert before is not None
        await db.athletes.set_dialog(1, {"flow": "checkin"}, NOW)
        after = await db.athletes.get(1)
        assert after is not None
        assert after.dialog == {"flow": "checkin"}
        await db.athletes.register(1, 1, "Ana Maria", NOW)  # an ORM write
        again = await db.athletes.get(1)
        assert again is not None
        assert again.first_name == "Ana Maria"


async def test_a_task_that_outlives_its_update_gets_sessions_of_its_own(db: Database) -> None:
    started = asyncio.Event()
    finish = asyncio.Event()

    async def later() -> str | None:
        started.set()
        await finish.wait()
        record = await db.athletes.get(1)  # after the update's session has closed
        return record.first_name if record is not None else None

    async with sharing():
        task = asyncio.create_task(later())
        await started.wait()
    shared = SHARED.get()
    assert shared is None
    finish.set()
    assert await task == "Ana"


async def test_a_unit_of_work_is_one_transaction_inside_an_update(db: Database) -> None:
    async def half_way() -> None:
        async with db.unit() as uow:
            await uow.checkins.save_checkin(1, DAY, NOW, sleep_hours=6)
            raise RuntimeError("the use case failed half-way")

    async with sharing():
        with pytest.raises(RuntimeError):
            await half_way()
        assert await db.checkins.checkin_on(1, DAY) is None
        async with db.unit() as uow:
            await uow.checkins.save_checkin(1, DAY, NOW, sleep_hours=6)
            await uow.athletes.set_dialog(1, None, NOW)
        stored = await db.checkins.checkin_on(1, DAY)
    assert stored is not None
    assert stored.sleep_hours == 6


async def test_a_failed_read_leaves_the_next_updates_session_sound(db: Database) -> None:
    async with sharing():
        with pytest.raises(Exception):  # noqa: B017, PT011 - the driver refuses the value
            await db.checkins.checkin_on(1, "not a date")  # type: ignore[arg-type]
    async with sharing():  # the kept session, reset
        await db.checkins.save_checkin(1, DAY, NOW, sleep_hours=8)
        stored = await db.checkins.checkin_on(1, DAY)
    assert stored is not None
    assert stored.sleep_hours == 8


async def test_a_failed_commit_is_not_handed_to_the_next_update(db: Database) -> None:
    """A write whose commit fails (here the database refuses a pain flag of an athlete it
    does not know) leaves the update's session clean: for the update's next calls and, the
    session being kept ready, for the next update's, whichever chat it is from."""
    flag = PainFlag(reported_on=DAY, where="knee", score=3)
    async with sharing():
        with pytest.raises(IntegrityError):
            await db.pains.add_pain(99, flag, NOW)
        assert await db.pains.pains(1) == []
    async with sharing():
        assert await db.runlogs.last_log(1) is None  # a read on the session kept ready
        await db.pains.add_pain(1, flag, NOW)
    assert [p.where for p in await db.pains.pains(1)] == ["knee"]
