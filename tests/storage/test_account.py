"""Whole-account reads and deletion on each backend (SQLite always, PostgreSQL when set):
the export holds every row of one athlete and nobody else's; delete removes exactly those."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from sqlalchemy import text

from coach.models import PainFlag, RunLog, Surface
from services.account import AccountService
from storage.account import AccountStore
from storage.database import Database
from storage.tables import ATHLETE_TABLES, CHILD_TABLES
from tests.support.athletes import onboarded_athlete

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
DAY = date(2026, 11, 21)


async def _athlete(db: Database, athlete_id: int) -> None:
    await onboarded_athlete(db, athlete_id, NOW, first_name=f"A{athlete_id}")
    await db.checkins.save_checkin(athlete_id, DAY, NOW, sleep_hours=7)
    run = RunLog(date=DAY, duration_min=40, rpe=4, surface=Surface.TRAIL, note="ça va ✓")
    await db.runlogs.add_log(athlete_id, run, NOW)
    await db.pains.add_pain(athlete_id, PainFlag(reported_on=DAY, where="calf", score=2), NOW)
    await db.inbox.record_inbound(athlete_id, 1, "/week", NOW)


async def _counts(db: Database, athlete_id: int) -> dict[str, int]:
    out = {}
    async with db.engine.connect() as conn:
        for table in ATHLETE_TABLES:
            query = text(f"SELECT count(*) FROM {table} WHERE athlete_id = :id")
            out[table] = (await conn.execute(query, {"id": athlete_id})).scalar_one()
        query = text("SELECT count(*) FROM athletes WHERE id = :id")
        out["athletes"] = (await conn.execute(query, {"id": athlete_id})).scalar_one()
    return out


async def test_rows_are_one_athletes_and_json_ready(db: Database) -> None:
    await _athlete(db, 1)
    await _athlete(db, 2)
    rows = await AccountStore(db.sessions).rows(1)
    assert set(rows) == {"athletes", *ATHLETE_TABLES, *CHILD_TABLES}
    assert [r["id"] for r in rows["athletes"]] == [1]
    for table in ATHLETE_TABLES:
        assert all(r["athlete_id"] == 1 for r in rows[table])
    assert rows["run_logs"][0]["note"] == "ça va ✓"
    assert rows["run_logs"][0]["local_date"] == "2026-11-21"
    [plan] = rows["plans"]
    assert plan["paces"]["vdot"] > 0
    weeks = rows["plan_weeks"]
    assert weeks
    assert {w["plan_id"] for w in weeks} == {plan["id"]}  # not athlete 2's plan
    assert weeks[0]["body"]["sessions"]
    json.dumps(rows)  # every value is JSON-ready


async def test_export_files_and_delete_on_each_backend(db: Database) -> None:
    await _athlete(db, 1)
    await _athlete(db, 2)
    service = AccountService(db)
    record = await db.athletes.get(1)
    assert record is not None
    bundle = await service.export(record, NOW)
    names = [f.name for f in bundle.files]
    assert names[-1] == "stride-export.json"
    document = json.loads(bundle.files[-1].data.decode("utf-8"))
    assert document["tables"]["pain_flags"][0]["location"] == "calf"
    assert bundle.counts["run_logs"] == 1

    other = await _counts(db, 2)
    assert await service.delete(1)
    assert set((await _counts(db, 1)).values()) == {0}
    assert await _counts(db, 2) == other
    assert not await service.delete(1)


async def test_paused_at_follows_the_status(db: Database) -> None:
    await onboarded_athlete(db, 1, NOW)
    store = AccountStore(db.sessions)
    assert await store.paused_at(1) is None
    await db.athletes.set_status(1, "paused", NOW)
    assert await store.paused_at(1) == NOW
    await db.athletes.set_status(1, "active", NOW)
    assert await store.paused_at(1) is None
    assert await store.paused_at(404) is None
