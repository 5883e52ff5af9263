"""The fan-out's bulk reader gives the coach exactly the weeks of the stored plan it needs,
whatever day of the plan it is, from the athlete's newest plan version."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from coach.models import (
    AthleteProfile,
    GoalKind,
    Plan,
    RunLog,
    RunStatus,
    SessionKind,
    Surface,
)
from coach.planner import build_plan
from services.coaching import HISTORY_DAYS
from storage.athletes import profile_columns
from storage.database import Database
from storage.fanout import FanoutReader

NOW = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)
START = date(2026, 11, 4)  # a Wednesday: the plan's first week is partly empty


def athlete(goal: GoalKind) -> AthleteProfile:
    race = {"race_date": date(2027, 2, 14)} if goal.has_race else {}
    return AthleteProfile(goal=goal, run_days=(1, 3, 5, 6), long_run_day=6, **race)


async def add(db: Database, athlete_id: int, profile: AthleteProfile) -> Plan:
    await db.athletes.register(athlete_id, athlete_id, "Ann", NOW)
    await db.athletes.update_fields(athlete_id, NOW, **profile_columns(profile))
    await db.athletes.mark_onboarded(athlete_id, NOW)
    plan = build_plan(profile, START)
    await db.plans.save(athlete_id, plan, NOW)
    return plan


def expected(plan: Plan, day: date, logged: set[date]) -> list[date]:
    """Week starts the coach needs: the day's week and the past weeks holding a log."""
    monday = day - timedelta(days=day.weekday())
    starts = [w.start for w in plan.weeks]
    wanted = [monday] + [
        monday - timedelta(weeks=b)
        for b in (1, 2, 3)
        if any(0 <= (d - (monday - timedelta(weeks=b))).days < 7 for d in logged)
    ]
    return sorted(s for s in wanted if s in starts)


@pytest.mark.parametrize("goal", [GoalKind.FITNESS, GoalKind.ROAD_HALF])
async def test_the_reader_slices_the_stored_plan_faithfully(db: Database, goal: GoalKind) -> None:
    plan = await add(db, 1, athlete(goal))
    logged = {START + timedelta(days=d) for d in (1, 9, 16)}
    for day in sorted(logged):
        log = RunLog(date=day, status=RunStatus.DONE, duration_min=40, rpe=6)
        await db.runlogs.add_log(1, log, NOW)
    reader = FanoutReader(db.sessions)

    last = plan.weeks[-1].start + timedelta(days=6)
    days = [START, START + timedelta(days=5), START + timedelta(days=20), last, last + timedelta(3)]
    for day in days:
        stored = (await reader.days({1: day}, history_days=HISTORY_DAYS))[1].plan
        assert stored is not None
        # What the coach reads of it, day by day, is what the plan says.
        assert list(stored.sessions_on(day)) == plan.sessions_on(day)
        assert stored.phase_on(day) == plan.phase_on(day)
        assert stored.week_of(day) == plan.week_of(day)
        for logged_day in logged:
            if stored.week_of(logged_day) is not None:
                assert list(stored.sessions_on(logged_day)) == plan.sessions_on(logged_day)
        got = stored.plan()
        assert (got.goal, got.start, got.race_date, got.paces) == (
            plan.goal,
            plan.start,
            plan.race_date,
            plan.paces,
        )
        assert [w.start for w in got.weeks] == expected(plan, day, {d for d in logged if d < day})
        for week in got.weeks:
            assert week == plan.week_of(week.start)


async def test_the_reader_reads_each_athletes_newest_plan(db: Database) -> None:
    """A skip or a rebuild saves a new version: the morning push must not show the old one."""
    first = await add(db, 1, athlete(GoalKind.FITNESS))
    other = await add(db, 2, athlete(GoalKind.ROAD_HALF))
    rebuilt = build_plan(athlete(GoalKind.FITNESS).model_copy(update={"weekly_km": 60}), START)
    await db.plans.save(1, rebuilt, NOW)
    # A day the two versions differ on (an easy run by time can be the same in both).
    day = next(
        START + timedelta(days=d)
        for d in range(1, 28)
        if rebuilt.sessions_on(START + timedelta(days=d))
        != first.sessions_on(START + timedelta(days=d))
    )

    got = await FanoutReader(db.sessions).days({1: day, 2: day}, history_days=HISTORY_DAYS)

    assert got[1].plan is not None
    assert got[1].plan.sessions_on(day) == rebuilt.sessions_on(day)
    assert got[2].plan is not None
    assert got[2].plan.sessions_on(day) == other.sessions_on(day)
    assert await db.plans.current(1) == rebuilt


async def test_an_athlete_without_a_plan_gets_none(db: Database) -> None:
    await db.athletes.register(3, 3, "Cy", NOW)
    got = await FanoutReader(db.sessions).days({3: START}, history_days=HISTORY_DAYS)
    assert got[3].plan is None


async def test_logs_that_carry_their_target_need_no_past_week(db: Database) -> None:
    """A log records its planned target RPE (revision 0004): the morning reads only the
    day's week; older logs without one still bring their week along."""
    plan = await add(db, 1, athlete(GoalKind.ROAD_HALF))
    day = START + timedelta(days=19)
    monday = day - timedelta(days=day.weekday())
    for back in (3, 10):
        log = RunLog(
            date=day - timedelta(days=back),
            duration_min=50,
            rpe=8,
            kind=SessionKind.TRACK,
            target_rpe=7,
        )
        await db.runlogs.add_log(1, log, NOW)
    reader = FanoutReader(db.sessions)

    stored = (await reader.days({1: day}, history_days=HISTORY_DAYS))[1].plan
    assert stored is not None
    assert [w.start for w in stored.plan().weeks] == [monday]
    assert list(stored.sessions_on(day)) == plan.sessions_on(day)

    old = day - timedelta(days=10)
    await db.runlogs.add_log(1, RunLog(date=old, duration_min=50, rpe=8), NOW)  # no target
    stored = (await reader.days({1: day}, history_days=HISTORY_DAYS))[1].plan
    assert stored is not None
    assert [w.start for w in stored.plan().weeks] == [
        old - timedelta(days=old.weekday()),
        monday,
    ]


NOTE = 'felt "heavy" \\ legs; 2nd rep\nwindy ☔ — côte, 100 % effort'


async def test_the_journal_reads_back_as_the_repository_stores_it(db: Database) -> None:
    """The fan-out reads journals as one JSON document per athlete, built by the database:
    every field, quotes, backslashes, new lines and accents in the words, doubles on one
    day and logs entered out of order come back as the repository reads them, each
    athlete's own and within their window."""
    day = date(2026, 11, 24)
    await add(db, 1, athlete(GoalKind.ROAD_HALF))
    await add(db, 2, athlete(GoalKind.FITNESS))
    await db.athletes.register(3, 3, "Cy", NOW)  # no journal at all
    full = RunLog(
        date=day - timedelta(days=2),
        status=RunStatus.DONE,
        duration_min=52.5,
        distance_km=10.55,
        rpe=8,
        surface=Surface.TRACK,
        kind=SessionKind.INTERVALS,
        target_rpe=7,
        reps="6x400",
        pain_where="left calf",
        pain_score=2,
        note=NOTE,
    )
    await db.runlogs.add_log(1, full, NOW, slot="b", raw_text=f"/log 52.5min {NOTE}")
    # Entered after, dated before: the morning sees them in date order.
    await db.runlogs.add_log(1, RunLog(date=day - timedelta(days=2), duration_min=20), NOW)
    await db.runlogs.add_log(1, RunLog(date=day - timedelta(days=9), status=RunStatus.SKIPPED), NOW)
    await db.runlogs.add_log(1, RunLog(date=day - timedelta(days=50), duration_min=30), NOW)
    await db.runlogs.add_log(1, RunLog(date=day, duration_min=45, rpe=3), NOW)
    await db.runlogs.add_log(2, RunLog(date=day - timedelta(days=3), duration_min=60, rpe=4), NOW)
    await db.runlogs.add_log(2, RunLog(date=day - timedelta(days=1), duration_min=5), NOW)
    await db.checkins.save_checkin(
        1, day - timedelta(days=1), NOW, sleep_hours=6.25, soreness=4, soreness_where=NOTE
    )
    await db.checkins.save_checkin(1, day - timedelta(days=3), NOW, sleep_hours=7.0, mood=2)
    await db.checkins.save_checkin(1, day - timedelta(days=20), NOW, sleep_hours=8.0)
    await db.checkins.save_checkin(
        1, day, NOW, sleep_hours=8, sleep_quality=5, stress=1, motivation=7
    )
    await db.checkins.save_checkin(2, day - timedelta(days=1), NOW, sleep_quality=1)

    got = await FanoutReader(db.sessions).days(
        {1: day, 2: day - timedelta(days=1), 3: day}, history_days=HISTORY_DAYS, checkin_days=14
    )

    for athlete_id, on in ((1, day), (2, day - timedelta(days=1)), (3, day)):
        logs = await db.runlogs.logs_between(athlete_id, on - timedelta(days=HISTORY_DAYS), on)
        checkins = await db.checkins.checkins_between(athlete_id, on - timedelta(days=14), on)
        assert got[athlete_id].past_logs == [s.log for s in logs if s.log.date < on]
        assert got[athlete_id].logs_today == [s for s in logs if s.log.date == on]
        assert got[athlete_id].checkins == checkins
    # Oldest first; a double in the order it was logged; the 50-day-old log is out of reach.
    assert got[1].past_logs == [
        RunLog(date=day - timedelta(days=9), status=RunStatus.SKIPPED),
        full,
        RunLog(date=day - timedelta(days=2), duration_min=20),
    ]
    (today,) = got[1].logs_today
    assert today.log == RunLog(date=day, duration_min=45, rpe=3)
    assert today.created_at == NOW
    assert today.created_at.tzinfo is UTC
    assert [c.date for c in got[1].checkins] == [day - timedelta(days=d) for d in (3, 1, 0)]
    assert got[1].checkins[1].soreness_where == NOTE
    # Athlete 2's day is the day before: their log of that day is the day's, not a past one.
    assert got[2].past_logs == [RunLog(date=day - timedelta(days=3), duration_min=60, rpe=4)]
    assert [s.log.duration_min for s in got[2].logs_today] == [5]
    assert got[2].checkins[0].sleep_quality == 1
    assert got[3].past_logs == []
    assert got[3].logs_today == []
    assert got[3].checkins == []


async def test_the_days_logs_keep_their_slots_and_words(db: Database) -> None:
    """The evening reminder matches the day's logs to its sessions by slot, /undo by id:
    the day's own logs come whole, with what the athlete wrote."""
    day = date(2026, 11, 24)
    await add(db, 1, athlete(GoalKind.ROAD_HALF))
    late = datetime(2026, 11, 24, 19, 4, 5, 123456, tzinfo=UTC)
    first = await db.runlogs.add_log(1, RunLog(date=day, duration_min=30), NOW, slot="a")
    second = await db.runlogs.add_log(
        1, RunLog(date=day, duration_min=25, rpe=4, note=NOTE), late, slot="b", raw_text=NOTE
    )

    got = await FanoutReader(db.sessions).days({1: day}, history_days=HISTORY_DAYS)

    assert got[1].logs_today == [first, second]
    assert [(s.slot, s.raw_text) for s in got[1].logs_today] == [("a", None), ("b", NOTE)]
    assert got[1].logs_today[1].created_at == late
    assert got[1].past_logs == []
