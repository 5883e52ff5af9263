"""The journal queries added for check-ins, logs and /pain: one log by id, a pain report that
replaces the open ones at the same place, and the pain flag removed with its log."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from coach.models import PainFlag, RunLog
from storage.database import Database

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
DAY = date(2026, 11, 21)


async def _athlete(db: Database, athlete_id: int) -> None:
    await db.athletes.register(athlete_id, athlete_id, "Alice", NOW)


async def test_get_log_is_scoped_by_athlete(db: Database) -> None:
    await _athlete(db, 1)
    await _athlete(db, 2)
    stored = await db.runlogs.add_log(1, RunLog(date=DAY, duration_min=40, rpe=4), NOW)
    found = await db.runlogs.get_log(1, stored.id)
    assert found is not None
    assert found.log.duration_min == 40
    assert await db.runlogs.get_log(2, stored.id) is None


async def test_a_new_report_replaces_the_open_flags_at_that_place(db: Database) -> None:
    await _athlete(db, 1)
    await db.pains.report_pain_at(1, PainFlag(reported_on=DAY, where="left knee", score=5), NOW)
    await db.pains.report_pain_at(1, PainFlag(reported_on=DAY, where="hip", score=2), NOW)
    later = DAY + timedelta(days=8)
    flag = await db.pains.report_pain_at(
        1, PainFlag(reported_on=later, where="knee", score=3), NOW + timedelta(days=8)
    )
    assert flag is not None
    assert (flag.where, flag.score, flag.reported_on) == ("knee", 3, DAY), "counts from the first"
    open_flags = {(p.where, p.score) for p in await db.pains.pains(1, open_only=True)}
    assert open_flags == {("hip", 2), ("knee", 3)}

    gone = await db.pains.report_pain_at(
        1, PainFlag(reported_on=later, where="knee", score=0), NOW + timedelta(days=8)
    )
    assert gone is None
    assert [p.where for p in await db.pains.pains(1, open_only=True)] == ["hip"]


async def test_the_pain_flag_of_a_log_goes_with_it(db: Database) -> None:
    await _athlete(db, 1)
    log = RunLog(date=DAY, duration_min=30, rpe=5, pain_where="shin", pain_score=4)
    stored = await db.runlogs.add_log(1, log, NOW)
    await db.pains.add_pain(1, PainFlag(reported_on=DAY, where="shin", score=4), NOW)
    await db.pains.add_pain(
        1, PainFlag(reported_on=DAY, where="shin", score=4), NOW + timedelta(hours=1)
    )
    fetched = await db.runlogs.get_log(1, stored.id)
    assert fetched is not None
    assert await db.pains.delete_pain_added_with(1, fetched) == 1
    assert [p.score for p in await db.pains.pains(1)] == [4], "the other report stays"
