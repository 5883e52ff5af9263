"""The unit of work: a use case that writes several things writes all of them or none."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from coach.models import PainFlag, RunLog
from storage.database import Database
from storage.unit import SessionScope

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
DAY = date(2026, 11, 21)
EVER = (date(2020, 1, 1), date(2030, 1, 1))


class Crash(Exception):
    """The process failing half-way through a use case."""


async def test_the_writes_of_a_unit_are_all_kept(db: Database) -> None:
    await db.athletes.register(1, 1, "Alice", NOW)
    async with db.unit() as uow:
        stored = await uow.runlogs.add_log(1, RunLog(date=DAY, duration_min=40, rpe=4), NOW)
        await uow.pains.add_pain(1, PainFlag(reported_on=DAY, where="knee", score=3), NOW)
        # Inside the unit, its own writes are visible to its own reads.
        assert [s.id for s in await uow.runlogs.logs_between(1, *EVER)] == [stored.id]
    assert [s.id for s in await db.runlogs.logs_between(1, *EVER)] == [stored.id]
    assert [p.where for p in await db.pains.pains(1)] == ["knee"]


async def test_a_failure_half_way_keeps_none_of_the_unit(db: Database) -> None:
    """A log saved and then a crash before its pain flag: neither is stored (a log without
    the pain it reported would let the coach plan intensity on a sore knee)."""
    await db.athletes.register(1, 1, "Alice", NOW)

    async def log_then_crash() -> None:
        async with db.unit() as uow:
            await uow.runlogs.add_log(1, RunLog(date=DAY, duration_min=40, pain_score=5), NOW)
            raise Crash

    with pytest.raises(Crash):
        await log_then_crash()
    assert await db.runlogs.logs_between(1, *EVER) == []
    assert await db.pains.pains(1) == []


async def test_outside_a_unit_each_call_is_its_own_transaction(db: Database) -> None:
    await db.athletes.register(1, 1, "Alice", NOW)
    await db.runlogs.add_log(1, RunLog(date=DAY, duration_min=40, rpe=4), NOW)
    with pytest.raises(Crash):
        async with db.unit():
            raise Crash  # a later failing unit does not take the committed log with it
    assert len(await db.runlogs.logs_between(1, *EVER)) == 1


def test_a_scope_is_a_factory_or_a_session_not_both() -> None:
    with pytest.raises(ValueError, match="not both"):
        SessionScope()
