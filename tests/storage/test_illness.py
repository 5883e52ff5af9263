"""Illness periods (§7b): one open per athlete, a second report keeps the first day, the neck
check's answer on the open one, closed on the first day back, a page's open ones at once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from coach.illness import Illness
from storage.database import Database

NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
DAY = date(2026, 11, 24)


async def test_an_illness_from_report_to_return(db: Database) -> None:
    for athlete_id in (1, 2):
        await db.athletes.register(athlete_id, athlete_id, "Ann", NOW)
    assert await db.illnesses.set_neck(1, above_neck=True) is None, "nothing open to answer"

    first, new = await db.illnesses.start(1, DAY, NOW)
    assert (first, new) == (Illness(DAY), True)
    again, new = await db.illnesses.start(1, DAY + timedelta(days=2), NOW)
    assert (again, new) == (Illness(DAY), False), "the days ill count from the first report"
    assert await db.illnesses.set_neck(1, above_neck=False) == Illness(DAY, above_neck=False)
    assert await db.illnesses.current_of([1, 2, 3]) == {1: Illness(DAY, above_neck=False)}

    back = DAY + timedelta(days=10)
    assert await db.illnesses.end(1, back) == Illness(DAY, above_neck=False, ended_on=back)
    assert await db.illnesses.current(1) is None
    assert await db.illnesses.end(1, back) is None
    assert await db.illnesses.current_of([1]) == {}
    await db.illnesses.start(1, back + timedelta(days=30), NOW)
    assert [i.started_on for i in await db.illnesses.periods(1)] == [DAY, back + timedelta(days=30)]
    assert await db.illnesses.periods(2) == []


async def test_deleting_the_athlete_deletes_the_illnesses(db: Database) -> None:
    await db.athletes.register(1, 1, "Ann", NOW)
    await db.illnesses.start(1, DAY, NOW)
    await db.athletes.delete(1)
    assert await db.illnesses.periods(1) == []
