"""Plans are stored a week per row (revision 0002), each week as JSON Lines of its fields and
its days (revision 0003). Plans saved before that, as one JSON document, come through both
upgrades unchanged, and a downgrade gives the document back. What the planner said of a plan
(the race's long-run need, its warnings) is kept with the plan's head (revision 0006)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    Integer,
    MetaData,
    Table,
    func,
    insert,
    inspect,
    select,
    text,
)

from coach.models import AthleteProfile, Comeback, GoalKind, Plan
from coach.planner import build_plan
from storage.database import Database
from storage.engine import create_engine
from storage.migrate import downgrade_async, upgrade_async
from storage.plans import StoredWeek, week_body
from storage.tables import AthleteRow, PlanRow, PlanWeekRow
from storage.types import UTCDateTime

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def a_plan(weekly_km: float = 30.0) -> Plan:
    profile = AthleteProfile(
        goal=GoalKind.ROAD_HALF,
        race_date=date(2027, 3, 14),
        run_days=(1, 3, 5, 6),
        long_run_day=6,
        weekly_km=weekly_km,
    )
    return build_plan(profile, date(2026, 11, 23))


async def test_plans_stored_whole_survive_the_upgrade_and_the_downgrade(db_url: str) -> None:
    # Revision 0001 predates what the planner says of a plan (its race need and warnings,
    # kept since revision 0006): such a plan comes back without them.
    plan = a_plan().model_copy(update={"race_need_long_run_min": None, "warnings": ()})
    body = plan.model_dump(mode="json", exclude={"race_need_long_run_min", "warnings", "comeback"})
    await upgrade_async(db_url, "0001")
    # As revision 0001 stored them (the athletes table has not changed since).
    old_plans = Table(
        "plans",
        MetaData(),
        Column("athlete_id", BigInteger),
        Column("version", Integer),
        Column("start", Date),
        Column("body", JSON),
        Column("created_at", UTCDateTime()),
    )
    engine = create_engine(db_url, pool_size=0)
    async with engine.begin() as conn:
        await conn.execute(
            insert(AthleteRow),
            [{"id": 7, "chat_id": 7, "status": "active", "created_at": NOW, "updated_at": NOW}],
        )
        await conn.execute(
            insert(old_plans),
            [{"athlete_id": 7, "version": 1, "start": plan.start, "body": body, "created_at": NOW}],
        )
    await engine.dispose()

    db = await Database.open(db_url)  # migrates to the newest revision
    try:
        assert await db.plans.current(7) == plan
        async with db.sessions() as session:
            weeks = await session.scalar(select(func.count()).select_from(PlanWeekRow))
        assert weeks == len(plan.weeks)
    finally:
        await db.close()

    await downgrade_async(db_url, "0001")
    engine = create_engine(db_url, pool_size=0)
    async with engine.connect() as conn:
        stored = (await conn.execute(text("SELECT body FROM plans WHERE athlete_id = 7"))).scalar()
    await engine.dispose()
    back = json.loads(stored) if isinstance(stored, str) else stored
    assert isinstance(back, dict)  # the 0001 body is one JSON document
    back.pop("comeback", None)  # §7b's return after time off is no part of a 0001 body
    assert back == body


async def test_a_new_version_replaces_the_plan_and_old_ones_are_pruned_with_their_weeks(
    db: Database,
) -> None:
    await db.athletes.register(7, 7, "Ann", NOW)
    plans = [a_plan(km) for km in (30.0, 35.0, 40.0, 45.0)]
    for plan in plans:
        await db.plans.save(7, plan, NOW)

    assert await db.plans.current(7) == plans[-1]
    async with db.sessions() as session:
        versions = list(await session.scalars(select(PlanRow.version).order_by(PlanRow.version)))
        weeks = await session.scalar(select(func.count()).select_from(PlanWeekRow))
    assert versions == [2, 3, 4]
    assert weeks == sum(len(p.weeks) for p in plans[1:])


async def test_what_the_planner_said_of_a_plan_is_kept_with_it(db: Database) -> None:
    """/plan shows the race's long-run need and the planner's warnings of the stored plan."""
    await db.athletes.register(7, 7, "Ann", NOW)
    built = a_plan()
    assert built.race_need_long_run_min is not None  # a race: the planner says its need
    warned = built.model_copy(
        update={"warnings": ("The runway is short for the long run.", 'Say "no" \u2014 rest.')}
    )
    silent = built.model_copy(update={"race_need_long_run_min": None, "warnings": ()})
    for plan in (warned, silent, built):
        await db.plans.save(7, plan, NOW)
        got = await db.plans.current(7)
        assert got == plan
        assert got is not None
        assert (got.race_need_long_run_min, got.warnings) == (
            plan.race_need_long_run_min,
            plan.warnings,
        )
    async with db.sessions() as session:
        notes = list(await session.scalars(select(PlanRow.notes).order_by(PlanRow.version)))
    assert notes[1] is None  # the planner said nothing: nothing stored


async def test_a_return_after_time_off_is_kept_with_the_plan(db: Database) -> None:
    """§7b: a return in progress (easy days, a capped long run) survives a restart."""
    await db.athletes.register(8, 8, "Bo", NOW)
    back = Comeback(
        cause="illness",
        start=date(2027, 2, 11),
        easy_until=date(2027, 2, 17),
        long_cap_min=110.0,
    )
    plan = a_plan().model_copy(update={"comeback": back, "warnings": ()})
    await db.plans.save(8, plan, NOW)
    got = await db.plans.current(8)
    assert got is not None
    assert got.comeback == back
    assert got == plan


async def test_plans_saved_before_revision_0006_read_back_without_notes(db_url: str) -> None:
    """Revision 0006 adds ``plans.notes``; older plans keep NULL, and a downgrade drops it."""
    await upgrade_async(db_url, "0005")
    engine = create_engine(db_url, pool_size=0)
    async with engine.begin() as conn:
        await conn.execute(
            insert(AthleteRow),
            [{"id": 7, "chat_id": 7, "status": "active", "created_at": NOW, "updated_at": NOW}],
        )
    await engine.dispose()
    plan = a_plan()
    db = await Database.open(db_url)  # migrates to the newest revision
    try:
        await db.plans.save(7, plan, NOW)
        async with db.sessions.begin() as session:  # as a plan saved before 0006 reads
            await session.execute(text("UPDATE plans SET notes = NULL"))
        got = await db.plans.current(7)
        assert got == plan.model_copy(update={"race_need_long_run_min": None, "warnings": ()})
    finally:
        await db.close()

    await downgrade_async(db_url, "0005")
    engine = create_engine(db_url, pool_size=0)
    async with engine.connect() as conn:
        columns = await conn.run_sync(
            lambda c: {col["name"] for col in inspect(c).get_columns("plans")}
        )
        weeks = await conn.scalar(select(func.count()).select_from(PlanWeekRow))
    await engine.dispose()
    assert "notes" not in columns
    assert weeks == len(plan.weeks)  # the plan itself survives the downgrade


async def test_deleting_the_athlete_removes_every_week_of_their_plans(db: Database) -> None:
    await db.athletes.register(7, 7, "Ann", NOW)
    await db.plans.save(7, a_plan(), NOW)
    async with db.sessions.begin() as session:
        await session.execute(text("DELETE FROM athletes WHERE id = 7"))
    async with db.sessions() as session:
        weeks = await session.scalar(select(func.count()).select_from(PlanWeekRow))
    assert weeks == 0
    assert await db.plans.current(7) is None


def a_plan_with_doubles() -> Plan:
    profile = AthleteProfile(
        goal=GoalKind.ROAD_HALF,
        race_date=date(2027, 5, 9),
        run_days=(1, 2, 3, 5, 6),
        long_run_day=6,
        weekly_km=40.0,
        longest_run_km=14.0,
        doubles=True,
    )
    return build_plan(profile, date(2026, 11, 25))  # a Wednesday: the first week is partial


def test_every_week_reads_back_whole_and_day_by_day() -> None:
    plan = a_plan_with_doubles()
    assert any(s.slot == "pm" for w in plan.weeks for s in w.sessions)  # doubles are kept
    for week in plan.weeks:
        stored = StoredWeek(week_body(week))
        for offset in range(7):
            day = week.start + timedelta(days=offset)
            assert list(stored.sessions_on(day)) == [s for s in week.sessions if s.date == day]
        assert stored.phase is week.phase
        assert stored.week() == week


def test_a_damaged_day_elsewhere_in_the_week_does_not_stop_todays_session() -> None:
    """Days are validated one at a time: the morning push reads only the ones it needs."""
    week = a_plan().weeks[3]
    lines = week_body(week).split("\n")
    lines[4] = '[{"date": "not a date"'  # Thursday (line 0 is the week's own fields)
    stored = StoredWeek("\n".join(lines))
    tuesday = week.start + timedelta(days=1)
    assert list(stored.sessions_on(tuesday)) == [s for s in week.sessions if s.date == tuesday]
    with pytest.raises(ValidationError):
        stored.week()


def test_a_session_dated_outside_its_week_is_refused_before_anything_is_stored() -> None:
    week = a_plan().weeks[2]
    stray = week.sessions[0].model_copy(update={"date": week.start + timedelta(days=7)})
    with pytest.raises(ValueError, match="outside the week"):
        week_body(week.model_copy(update={"sessions": (*week.sessions, stray)}))


async def test_a_days_schedule_reads_as_the_whole_newest_plan(db: Database) -> None:
    """/today, a check-in and a log read the plan a day at a time (``schedule``): every day,
    its week and its phase read as from the whole plan, of the newest version."""
    await db.athletes.register(7, 7, "Ann", NOW)
    assert await db.plans.schedule(7) is None
    await db.plans.save(7, a_plan(30.0), NOW)
    plan = a_plan_with_doubles()
    await db.plans.save(7, plan, NOW)

    schedule = await db.plans.schedule(7)
    assert schedule is not None
    assert schedule.paces == plan.paces
    day, last = plan.weeks[0].start - timedelta(days=7), plan.weeks[-1].start + timedelta(days=14)
    while day <= last:
        assert list(schedule.sessions_on(day)) == plan.sessions_on(day), day
        assert schedule.week_of(day) == plan.week_of(day), day
        assert schedule.phase_on(day) == plan.phase_on(day), day
        day += timedelta(days=1)
    assert schedule.plan() == plan
