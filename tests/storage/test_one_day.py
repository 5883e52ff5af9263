"""One athlete's day in one statement (FanoutReader.day) says what the page reader
(FanoutReader.days) and the repositories say, on each database: check-ins, past logs, the
day's logs with their ids, slots, words and instants, pain flags, the originals the athlete
kept that day (the latest first) and the open illness with its neck answer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from coach.models import (
    Adjustment,
    AdjustmentKind,
    AthleteProfile,
    GoalKind,
    PainFlag,
    RunLog,
    RunStatus,
    Session,
    Surface,
)
from coach.planner import build_plan
from storage.database import Database
from storage.fanout import FanoutReader
from storage.plans import plan_cache
from storage.unit import sharing

NOW = datetime(2026, 12, 1, 6, 45, 12, 345678, tzinfo=UTC)
DAY = date(2026, 12, 1)
ANA = 7


def _profile() -> AthleteProfile:
    return AthleteProfile(
        goal=GoalKind.ROAD_HALF, race_date=date(2027, 3, 14), run_days=(1, 3, 5, 6)
    )


def _session(which: int) -> Session:
    """A planned session, as the planner writes them (with its spec, steps and cues)."""
    return build_plan(_profile(), date(2026, 11, 30)).weeks[0].sessions[which]


async def _journal(db: Database) -> None:
    await db.athletes.register(ANA, ANA, "Ana", NOW)
    await db.athletes.register(8, 8, "Bo", NOW)  # another athlete's rows stay theirs
    for back in (1, 3, 40, 50):
        await db.checkins.save_checkin(ANA, DAY - timedelta(days=back), NOW, sleep_hours=7)
    await db.checkins.save_checkin(ANA, DAY, NOW, sleep_hours=5.5, soreness=3)
    await db.checkins.save_checkin(8, DAY, NOW, sleep_hours=9)
    for back, minutes in ((1, 40.0), (2, 55.0), (60, 30.0)):
        log = RunLog(date=DAY - timedelta(days=back), duration_min=minutes, rpe=4)
        await db.runlogs.add_log(ANA, log, NOW)
    await db.runlogs.add_log(
        ANA,
        RunLog(date=DAY, duration_min=30, rpe=3, surface=Surface.TRAIL, note='said "easy"\n'),
        NOW,
        slot="am",
        raw_text='ran 30\' trail, "easy"',
    )
    await db.runlogs.add_log(
        ANA, RunLog(date=DAY, status=RunStatus.SKIPPED), NOW + timedelta(hours=9), slot="pm"
    )
    await db.runlogs.add_log(8, RunLog(date=DAY, duration_min=99), NOW)
    await db.pains.add_pain(
        ANA, PainFlag(reported_on=DAY - timedelta(days=2), where="knee", score=3), NOW
    )
    await db.pains.add_pain(
        ANA,
        PainFlag(reported_on=DAY - timedelta(days=9), where="calf", score=5, resolved_on=DAY),
        NOW,
    )
    kept = [
        Adjustment(date=DAY, kind=AdjustmentKind.RESTORED, reason="first", before=_session(0)),
        Adjustment(date=DAY, kind=AdjustmentKind.RESTORED, reason="second", after=_session(1)),
    ]
    for adjustment in kept:
        await db.adjustments.add_adjustments(ANA, [adjustment], NOW)
    other_day = Adjustment(date=DAY - timedelta(days=1), kind=AdjustmentKind.RESTORED, reason="x")
    await db.adjustments.add_adjustments(ANA, [other_day], NOW)
    await db.illnesses.start(ANA, DAY - timedelta(days=1), NOW)
    await db.illnesses.set_neck(ANA, above_neck=True)


async def test_the_day_in_one_statement_says_what_the_repositories_say(db: Database) -> None:
    await _journal(db)
    record = await db.athletes.get(ANA)
    assert record is not None
    async with db.reading() as reads:
        one = await reads.reader.day(record, DAY, history_days=42, with_plan=False)
        page = (await reads.reader.days({ANA: DAY, 8: DAY}, history_days=42, with_plans=False))[ANA]
    day = one.journal
    assert day.checkins == page.checkins
    assert [c.date for c in day.checkins] == [DAY - timedelta(days=d) for d in (40, 3, 1, 0)]
    assert day.past_logs == page.past_logs
    assert [log.duration_min for log in day.past_logs] == [55.0, 40.0]
    assert day.logs_today == page.logs_today
    assert [(s.slot, s.raw_text, s.created_at) for s in day.logs_today] == [
        ("am", 'ran 30\' trail, "easy"', NOW),
        ("pm", None, NOW + timedelta(hours=9)),
    ]
    assert day.logs_today[0].log.surface is Surface.TRAIL
    assert day.logs_today[0].log.note == 'said "easy"\n'
    assert day.pains == page.pains == await db.pains.pains(ANA)
    assert [a.reason for a in one.kept] == ["second", "first"]  # the latest first
    assert one.kept[0].after == _session(1)
    assert one.kept[1].before == _session(0)
    assert one.illness == await db.illnesses.current(ANA)
    assert one.illness is not None
    assert one.illness.above_neck is True


async def test_an_empty_journal_reads_as_empty(db: Database) -> None:
    await db.athletes.register(ANA, ANA, "Ana", NOW)
    record = await db.athletes.get(ANA)
    assert record is not None
    async with db.reading() as reads:
        one = await reads.reader.day(record, DAY, history_days=42)
    assert one.plan is None
    assert one.kept == []
    assert one.illness is None
    assert (one.journal.checkins, one.journal.past_logs, one.journal.logs_today) == ([], [], [])
    assert one.journal.pains == []


async def test_inside_an_update_the_day_read_on_the_driver_says_the_same(db: Database) -> None:
    """Within an update (on SQLite) the statement runs on the driver directly
    (storage.sqlite_direct): the same journal, kept originals, illness and plan, the plan's
    first read included (a miss of the plan cache)."""
    await _journal(db)
    record = await db.athletes.get(ANA)
    assert record is not None
    await db.plans.save(ANA, build_plan(_profile(), DAY - timedelta(days=1)), NOW)
    async with db.reading() as reads:
        through_sessions = await reads.reader.day(record, DAY, history_days=42)
    plan_cache(db.engine.sync_engine).forget(ANA)
    async with sharing():
        direct = await FanoutReader(db.sessions).day(record, DAY, history_days=42)
        cached = await FanoutReader(db.sessions).day(record, DAY, history_days=42)
    assert direct.journal == through_sessions.journal
    assert direct.kept == through_sessions.kept
    assert direct.illness == through_sessions.illness
    assert direct.plan is not None
    assert through_sessions.plan is not None
    assert direct.plan.head == through_sessions.plan.head
    assert direct.plan.sessions_on(DAY) == through_sessions.plan.sessions_on(DAY)
    assert cached.plan is direct.plan  # the version read once is handed out again
