"""The views, as an athlete meets them: /today, /week, /plan, /paces, /stats, /why.

The athlete is the 10K runner of tests.support.athletes (Paris; runs Tue/Thu/Sat/Sun, long
run on Sunday), onboarded on Saturday 21 November 2026, so the plan's first week holds only
Saturday and Sunday, and the week of 23 November is: Tue hills, Thu easy trail, Sat easy
road, Sun long run.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from coach.models import RunLog, RunStatus, Surface, Units
from scheduler.clock import ManualClock
from services.coaching import CoachingService
from storage.athletes import profile_columns
from tests.support.athletes import onboarded_athlete, profile
from tests.support.harness import StrideHarness

ALICE = 1001


async def _plan_day(h: StrideHarness, day: date) -> str:
    """The planned title of ``day`` (so the tests follow the planner, not a copy of it)."""
    plan = await h.db.plans.current(ALICE)
    assert plan is not None
    runs = [s for s in plan.sessions_on(day) if s.surface is not Surface.REST]
    return runs[0].title if runs else "Rest"


async def test_today_shows_the_session_with_cues_and_buttons(
    harness: StrideHarness, clock: ManualClock
) -> None:
    await onboarded_athlete(harness.db, ALICE, clock.now())
    alice = harness.user(ALICE, "Alice")
    [reply] = await harness.say(alice, "/today")
    title = await _plan_day(harness, date(2026, 11, 21))
    assert "Saturday 21 Nov" in reply.text
    assert "base phase" in reply.text
    assert title in reply.text
    assert "RPE" in reply.text
    assert reply.button_texts == ["⏭ Skip", "🔀 Swap"]


async def test_today_shows_an_adjustment_with_its_one_line_reason(
    harness: StrideHarness, clock: ManualClock
) -> None:
    await onboarded_athlete(harness.db, ALICE, clock.now())
    clock.set(datetime(2026, 11, 24, 6, 0, tzinfo=UTC))  # Tuesday: hill repeats
    await harness.db.checkins.save_checkin(
        ALICE, date(2026, 11, 24), clock.now(), sleep_hours=4.5, sleep_quality=1, soreness=5
    )
    [reply] = await harness.say(harness.user(ALICE, "Alice"), "/today")
    assert "Adjusted: " in reply.text
    assert "Readiness: 🔴 red" in reply.text or "Readiness: 🟠 amber" in reply.text


async def test_a_stranger_and_a_half_onboarded_athlete_are_pointed_to_start(
    harness: StrideHarness, clock: ManualClock
) -> None:
    stranger = harness.user(2002, "Sam")
    for command in ("/today", "/week", "/plan", "/paces", "/stats", "/why"):
        [reply] = await harness.say(stranger, command)
        assert "/start" in reply.text
    await harness.db.athletes.register(3003, 3003, "Half", clock.now())
    [reply] = await harness.say(harness.user(3003, "Half"), "/week")
    assert "/start" in reply.text
    assert await harness.db.plans.current(3003) is None


async def test_week_shows_done_and_to_come_with_today_marked(
    harness: StrideHarness, clock: ManualClock
) -> None:
    await onboarded_athlete(harness.db, ALICE, clock.now())
    tuesday = date(2026, 11, 24)
    clock.set(datetime(2026, 11, 26, 7, 0, tzinfo=UTC))  # Thursday
    await harness.db.runlogs.add_log(
        ALICE,
        RunLog(date=tuesday, duration_min=62, distance_km=9.4, rpe=8, surface=Surface.ROAD),
        clock.now(),
    )
    alice = harness.user(ALICE, "Alice")
    [reply] = await harness.say(alice, "/week")
    lines = reply.text.splitlines()
    assert lines[0] == "Week of Mon 23 Nov · base phase, week 2"
    tue = next(line for line in lines if "Tue 24" in line)
    assert tue.startswith("✅")
    assert "done: 1 h 02, 9.4 km, RPE 8, road" in tue
    thu = next(line for line in lines if "Thu 26" in line)
    assert thu.startswith("👉")
    assert thu.endswith("· today")
    assert await _plan_day(harness, date(2026, 11, 26)) in thu
    sat = next(line for line in lines if "Sat 28" in line)
    assert sat.startswith("◻️")
    assert await _plan_day(harness, date(2026, 11, 28)) in sat
    assert lines[2] == "▫️ Mon 23  Rest"
    assert "done 1 h 02" in reply.text

    # Paging: next week, then back to this one; the message is edited in place.
    page = await harness.press(alice, reply, "Next ▶")
    assert page.text.startswith("Week of Mon 30 Nov")
    assert "👉" not in page.text
    back = await harness.press(alice, page, "This week")
    assert back.text.startswith("Week of Mon 23 Nov")
    assert back.message_id == reply.message_id


async def test_week_marks_a_missed_session(harness: StrideHarness, clock: ManualClock) -> None:
    await onboarded_athlete(harness.db, ALICE, clock.now())
    clock.set(datetime(2026, 11, 26, 7, 0, tzinfo=UTC))
    [reply] = await harness.say(harness.user(ALICE, "Alice"), "/week")
    tue = next(line for line in reply.text.splitlines() if "Tue 24" in line)
    assert tue.startswith("✖️")
    assert tue.endswith("not logged")


async def test_plan_shows_phases_to_race_day_and_key_sessions(
    harness: StrideHarness, clock: ManualClock
) -> None:
    await onboarded_athlete(harness.db, ALICE, clock.now())
    [reply] = await harness.say(harness.user(ALICE, "Alice"), "/plan")
    text = reply.text
    assert "10K on Sun 18 Apr 2027" in text
    for phase in ("Base", "Build", "Competition", "Taper"):
        assert f"{phase}: " in text
    here = next(line for line in text.splitlines() if "you are here" in line)
    assert here.startswith("👉 Base: Mon 16 Nov")
    assert "week 1" in here
    assert "Key sessions ahead" in text
    assert "Long run" in text
    [longest] = [line for line in text.splitlines() if line.startswith("Longest run: ")]
    assert longest.endswith(" before the race).")


async def test_paces_in_km_say_estimate_and_show_400m_reps(
    harness: StrideHarness, clock: ManualClock
) -> None:
    await onboarded_athlete(harness.db, ALICE, clock.now())
    [reply] = await harness.say(harness.user(ALICE, "Alice"), "/paces")
    text = reply.text
    for zone in ("Easy (E)", "Marathon (M)", "Threshold (T)", "Interval (I)", "Repetition (R)"):
        assert zone in text
    assert "/km" in text
    assert "/mi" not in text
    assert "400 m reps: R " in text
    assert "estimate" in text


async def test_paces_in_miles_from_a_race_are_not_an_estimate(
    harness: StrideHarness, clock: ManualClock
) -> None:
    from coach.models import RaceResult

    miler = profile(units=Units.MI, recent_race=RaceResult(distance_km=10, time_s=45 * 60))
    await onboarded_athlete(harness.db, ALICE, clock.now(), athlete_profile=miler)
    [reply] = await harness.say(harness.user(ALICE, "Alice"), "/paces")
    assert "/mi" in reply.text
    assert "/km" not in reply.text
    assert "from your race result" in reply.text
    assert "estimate" not in reply.text.replace("estimated", "")


async def test_stats_show_four_weeks_load_ratio_and_the_surface_split(
    harness: StrideHarness, clock: ManualClock
) -> None:
    await onboarded_athlete(harness.db, ALICE, clock.now())
    db = harness.db
    today = date(2026, 11, 21)
    # Five weeks of running: 40 min trail on Tuesdays, 30 min track on Thursdays, and 60 min
    # road on Saturdays before this week. The four weeks shown: 3 h road, 2 h 40 trail, 2 h
    # track (39 : 35 : 26 by time).
    for week in range(5):
        monday = today - timedelta(days=today.weekday()) - timedelta(weeks=week)
        for offset, minutes, surface in ((1, 40, Surface.TRAIL), (3, 30, Surface.TRACK)):
            run = RunLog(
                date=monday + timedelta(days=offset), duration_min=minutes, rpe=5, surface=surface
            )
            await db.runlogs.add_log(ALICE, run, clock.now())
        if week:
            road = RunLog(
                date=monday + timedelta(days=5), duration_min=60, rpe=4, surface=Surface.ROAD
            )
            await db.runlogs.add_log(ALICE, road, clock.now())
    await db.runlogs.add_log(
        ALICE, RunLog(date=today, status=RunStatus.SKIPPED, note="tired"), clock.now()
    )
    [reply] = await harness.say(harness.user(ALICE, "Alice"), "/stats")
    text = reply.text
    assert "Your last 4 weeks" in text
    assert "Week of Mon 26 Oct: 2 h 10, 3 runs, load 590" in text
    assert "This week: 1 h 10, 2 runs, load 350 (planned " in text
    assert "Load now: 350 over 7 days · acute:chronic 0.69 (low: room to build)" in text
    assert "road 39% (3 h) · trail 35% (2 h 40) · track 26% (2 h)" in text
    assert "Trail target in the base phase: 30%" in text
    assert "you ran 35% on trail" in text


async def test_why_says_so_when_nothing_changed_then_lists_newest_first(
    harness: StrideHarness, clock: ManualClock
) -> None:
    await onboarded_athlete(harness.db, ALICE, clock.now())
    alice = harness.user(ALICE, "Alice")
    [reply] = await harness.say(alice, "/why")
    assert "No changes to your plan" in reply.text

    await harness.say(alice, "/skip busy day")
    clock.set(datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    await harness.say(alice, "/swap wed")
    [reply] = await harness.say(alice, "/why")
    lines = [line for line in reply.text.splitlines() if line.startswith("• ")]
    assert lines[0].startswith("• Tue 24 Nov: You swapped Tuesday and Wednesday")
    assert lines[1].startswith("• Sat 21 Nov: You skipped Saturday's")


async def test_views_follow_the_athletes_time_zone(
    harness: StrideHarness, clock: ManualClock
) -> None:
    far_east = profile(timezone="Pacific/Auckland")
    await onboarded_athlete(harness.db, ALICE, clock.now(), athlete_profile=far_east)
    clock.set(datetime(2026, 11, 21, 13, 0, tzinfo=UTC))  # already Sunday in Auckland
    [reply] = await harness.say(harness.user(ALICE, "Alice"), "/today")
    assert reply.text.startswith("Sunday 22 Nov")


async def test_week_buttons_of_another_athlete_are_refused(
    harness: StrideHarness, clock: ManualClock
) -> None:
    await onboarded_athlete(harness.db, ALICE, clock.now())
    await onboarded_athlete(harness.db, 1002, clock.now(), first_name="Bob")
    alice, bob = harness.user(ALICE, "Alice"), harness.user(1002, "Bob")
    [reply] = await harness.say(alice, "/week")
    after = await harness.press(bob, reply, "Next ▶")
    assert after.text == reply.text
    assert bob.callback_answers()[-1].text == "That button isn't for you."


async def test_a_profile_change_is_reflected_by_the_views(
    harness: StrideHarness, clock: ManualClock
) -> None:
    """The views read the stored plan: a rebuilt plan (e.g. after /settings) shows at once."""
    await onboarded_athlete(harness.db, ALICE, clock.now())
    columns = profile_columns(profile(units=Units.MI))
    await harness.db.athletes.update_fields(ALICE, clock.now(), units=columns["units"])
    record = await harness.db.athletes.get(ALICE)
    assert record is not None
    await CoachingService(harness.db).rebuild_plan(record, clock.now())
    [reply] = await harness.say(harness.user(ALICE, "Alice"), "/paces")
    assert "/mi" in reply.text
