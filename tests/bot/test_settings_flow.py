"""/settings and /race as an athlete uses them: each change stored and confirmed in a line,
the plan rebuilt when it reads the change, pushes rescheduled when a time or zone changed."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from botapi_emulator import EmulatedUser, MessageView
from coach.models import GoalKind, Plan, Surface
from coach.pushtimes import PushKind
from scheduler.clock import ManualClock
from storage.athletes import AthleteRecord
from tests.support.athletes import onboarded_athlete
from tests.support.harness import StrideHarness

ALICE = 3001


async def _record(h: StrideHarness, athlete_id: int = ALICE) -> AthleteRecord:
    record = await h.db.athletes.get(athlete_id)
    assert record is not None
    return record


async def _plan(h: StrideHarness, athlete_id: int = ALICE) -> Plan:
    plan = await h.db.plans.current(athlete_id)
    assert plan is not None
    return plan


async def _settings(
    h: StrideHarness, clock: ManualClock, pick: str | None = None
) -> tuple[EmulatedUser, MessageView]:
    """An onboarded athlete (10K, Paris, Tue/Thu/Sat/Sun) with /settings open."""
    await onboarded_athlete(h.db, ALICE, clock.now())
    await h.db.deliveries.reschedule(ALICE, clock.now())
    alice = h.user(ALICE, "Alice")
    menu = (await h.say(alice, "/settings"))[0]
    if pick is not None:
        menu = await h.press(alice, menu, pick)
    return alice, menu


async def test_settings_shows_the_current_values_with_a_button_each(
    harness: StrideHarness, clock: ManualClock
) -> None:
    _alice, menu = await _settings(harness, clock)
    assert "Morning session 06:30 · evening reminder 20:00" in menu.text
    assert "Time zone Europe/Paris" in menu.text
    assert "Run days Tue, Thu, Sat, Sun · long run Sunday" in menu.text
    assert "Goal: 10K on Sun 18 Apr 2027" in menu.text
    for label in ("⏰ Morning time", "🌍 Time zone", "📏 Units", "📅 Run days", "🏟 Track"):
        assert label in menu.button_texts


@pytest.mark.parametrize(
    ("typed", "zone"),
    [("Lisbon", "Europe/Lisbon"), ("UTC+5:30", "Asia/Kolkata"), ("+2", "Etc/GMT-2")],
)
async def test_time_zone_by_city_or_offset_reschedules_the_pushes(
    harness: StrideHarness, clock: ManualClock, typed: str, zone: str
) -> None:
    h = harness
    alice, question = await _settings(h, clock, "🌍 Time zone")
    assert "Now: Europe/Paris" in question.text
    due_before = await h.db.deliveries.next_due(ALICE)
    replies = await h.say(alice, typed)
    assert len(replies) == 1
    assert replies[0].text.startswith(f"✓ Time zone: {zone}")
    assert (await _record(h)).timezone == zone
    assert (await h.db.deliveries.next_due(ALICE))[PushKind.MORNING] != due_before[PushKind.MORNING]
    assert h.emu.message(question.chat_id, question.message_id).buttons == []


async def test_time_zone_by_a_shared_location(harness: StrideHarness, clock: ManualClock) -> None:
    h = harness
    alice, _question = await _settings(h, clock, "🌍 Time zone")
    await alice.send_location(35.68, 139.69)  # Tokyo
    await h.settle()
    assert alice.last().text.startswith("✓ Time zone: Asia/Tokyo")
    assert (await _record(h)).timezone == "Asia/Tokyo"
    due = (await h.db.deliveries.next_due(ALICE))[PushKind.MORNING]
    assert due is not None
    assert due.hour == 21
    assert due.minute == 30


async def test_time_zone_by_button_edits_the_question_into_one_line(
    harness: StrideHarness, clock: ManualClock
) -> None:
    h = harness
    alice, question = await _settings(h, clock, "🌍 Time zone")
    done = await h.press(alice, question, "New York")
    assert done.text.startswith("✓ Time zone: America/New_York")
    assert "\n" not in done.text
    assert done.buttons == []
    assert (await _record(h)).timezone == "America/New_York"


async def test_an_unknown_place_is_explained_and_changes_nothing(
    harness: StrideHarness, clock: ManualClock
) -> None:
    h = harness
    alice, _question = await _settings(h, clock, "🌍 Time zone")
    before = await _record(h)
    replies = await h.say(alice, "Atlantis")
    assert "I don't know the place “Atlantis”" in replies[0].text
    assert "Cancel" in replies[0].text
    assert await _record(h) == before


async def test_a_new_push_time_is_stored_and_rescheduled(
    harness: StrideHarness, clock: ManualClock
) -> None:
    h = harness
    alice, _question = await _settings(h, clock, "⏰ Morning time")
    replies = await h.say(alice, "7am")
    assert replies[0].text == "✓ Morning session now at 07:00 (Europe/Paris)."
    assert (await _record(h)).push_time == time(7, 0)
    due = (await h.db.deliveries.next_due(ALICE))[PushKind.MORNING]
    assert due is not None
    assert (due.hour, due.minute) == (6, 0)


async def test_reminder_time_by_button(harness: StrideHarness, clock: ManualClock) -> None:
    h = harness
    alice, question = await _settings(h, clock, "🌙 Reminder time")
    done = await h.press(alice, question, "21:00")
    assert done.text == "✓ Evening reminder now at 21:00 (Europe/Paris)."
    assert (await _record(h)).reminder_time == time(21, 0)


async def test_new_run_days_rebuild_the_plan_and_move_the_long_run(
    harness: StrideHarness, clock: ManualClock
) -> None:
    h = harness
    alice, question = await _settings(h, clock, "📅 Run days")
    question = await h.press(alice, question, "✅ Sun")
    question = await h.press(alice, question, "Mon")
    assert "Selected: Mon, Tue, Thu, Sat" in question.text
    assert (await _record(h)).fields["run_days"] == "1,3,5,6"  # nothing stored before Done
    done = await h.press(alice, question, "Done (4 days)")
    assert done.text == (
        "✓ Run days: Mon, Tue, Thu, Sat; long run Saturday. Plan rebuilt from today."
    )
    record = await _record(h)
    assert record.fields["run_days"] == "0,1,3,5"
    assert record.fields["long_run_day"] == 5
    plan = await _plan(h)
    sundays = [
        s
        for w in plan.weeks
        for s in w.sessions
        if s.date.weekday() == 6 and s.surface is not Surface.REST and s.date < date(2027, 4, 1)
    ]
    assert sundays == []


async def test_track_access_off_rebuilds_the_plan_without_track_sessions(
    harness: StrideHarness, clock: ManualClock
) -> None:
    h = harness
    alice, question = await _settings(h, clock, "🏟 Track")
    assert any(s.surface is Surface.TRACK for w in (await _plan(h)).weeks for s in w.sessions)
    done = await h.press(alice, question, "No")
    assert done.text == "✓ Track: no. Plan rebuilt from today."
    assert (await _record(h)).fields["track_access"] is False
    assert not any(s.surface is Surface.TRACK for w in (await _plan(h)).weeks for s in w.sessions)


async def test_units_change_without_touching_the_plan(
    harness: StrideHarness, clock: ManualClock
) -> None:
    h = harness
    alice, question = await _settings(h, clock, "📏 Units")
    plan_before = await _plan(h)
    done = await h.press(alice, question, "Miles")
    assert done.text == "✓ Units: miles."
    assert (await _record(h)).units.value == "mi"
    assert await _plan(h) == plan_before


async def test_cancel_changes_nothing(harness: StrideHarness, clock: ManualClock) -> None:
    h = harness
    alice, question = await _settings(h, clock, "⏰ Morning time")
    before = await _record(h)
    closed = await h.press(alice, question, "✖ Cancel")
    assert "Nothing changed" in closed.text or "nothing changed" in closed.text
    after = await _record(h)
    assert after.fields == before.fields
    assert after.dialog is None


async def test_a_settings_button_of_last_week_changes_nothing(
    harness: StrideHarness, clock: ManualClock
) -> None:
    h = harness
    alice, menu = await _settings(h, clock)
    clock.advance(timedelta(days=7))
    before = await _record(h)
    await h.press(alice, menu, "🏟 Track")
    assert "expired" in (alice.callback_answers()[-1].text or "")
    assert await _record(h) == before


async def test_another_athletes_settings_button_is_refused(
    harness: StrideHarness, clock: ManualClock
) -> None:
    h = harness
    _alice, question = await _settings(h, clock, "🏟 Track")
    await onboarded_athlete(h.db, 3002, clock.now(), first_name="Bob")
    bob = h.user(3002, "Bob")
    alice_before, bob_before = await _record(h), await _record(h, 3002)
    await h.press(bob, question, "No")
    assert bob.callback_answers()[-1].text == "That button isn't for you."
    assert await _record(h) == alice_before
    assert await _record(h, 3002) == bob_before


async def test_free_text_while_the_menu_is_open_goes_on_to_the_coach(
    harness: StrideHarness, clock: ManualClock
) -> None:
    h = harness
    alice, _menu = await _settings(h, clock)
    replies = await h.say(alice, "hello there")
    assert replies, "the text was not answered"
    assert (await _record(h)).dialog is None


async def test_settings_before_onboarding_points_to_start(harness: StrideHarness) -> None:
    h = harness
    bo = h.user(3003, "Bo")
    await h.say(bo, "/start")
    replies = await h.say(bo, "/settings")
    assert "/start" in replies[0].text


# --- /race -----------------------------------------------------------------------------------


async def _race(
    h: StrideHarness, clock: ManualClock, pick: str
) -> tuple[EmulatedUser, MessageView]:
    await onboarded_athlete(h.db, ALICE, clock.now())
    alice = h.user(ALICE, "Alice")
    menu = (await h.say(alice, "/race"))[0]
    assert "10K on Sun 18 Apr 2027" in menu.text
    return alice, await h.press(alice, menu, pick)


async def test_race_new_date_rebuilds_the_plan_and_shows_the_outline(
    harness: StrideHarness, clock: ManualClock
) -> None:
    h = harness
    alice, question = await _race(h, clock, "📅 New date")
    assert "When is the race?" in question.text
    replies = await h.say(alice, "in 20 weeks")  # the Sunday of that week, not a Saturday
    assert replies[0].text.startswith("✓ New goal: 10K on Sun 11 Apr 2027")
    assert "Plan rebuilt from today" in replies[0].text
    assert "Your plan: 10K on Sun 11 Apr 2027" in replies[1].text
    assert (await _record(h)).fields["race_date"] == date(2027, 4, 11)
    assert (await _plan(h)).race_date == date(2027, 4, 11)


async def test_race_new_goal_then_date_by_buttons(
    harness: StrideHarness, clock: ManualClock
) -> None:
    h = harness
    alice, question = await _race(h, clock, "🎯 New goal")
    question = await h.press(alice, question, "Half marathon")
    assert (await _record(h)).fields["goal"] == "road-10k"  # pending until the date
    done = await h.press(alice, question, "Sun 9 May · 24 wk")
    assert done.text.startswith("✓ New goal: Half marathon on Sun 9 May 2027")
    plan = await _plan(h)
    assert plan.goal is GoalKind.ROAD_HALF
    assert plan.race_date == date(2027, 5, 9)
    assert "Your plan: Half marathon" in alice.last().text


async def test_race_general_fitness_drops_the_date(
    harness: StrideHarness, clock: ManualClock
) -> None:
    h = harness
    alice, question = await _race(h, clock, "🎯 New goal")
    done = await h.press(alice, question, "General fitness")
    assert done.text.startswith("✓ New goal: General fitness")
    record = await _record(h)
    assert record.fields["goal"] == "fitness"
    assert record.fields["race_date"] is None
    assert (await _plan(h)).race_date is None


async def test_race_date_in_the_past_changes_nothing(
    harness: StrideHarness, clock: ManualClock
) -> None:
    h = harness
    alice, _question = await _race(h, clock, "📅 New date")
    before, plan_before = await _record(h), await _plan(h)
    replies = await h.say(alice, "2026-10-01")
    assert "already behind us" in replies[0].text
    assert await _record(h) == before
    assert await _plan(h) == plan_before


async def test_start_menu_leads_to_race(harness: StrideHarness, clock: ManualClock) -> None:
    h = harness
    await onboarded_athlete(h.db, ALICE, clock.now())
    alice = h.user(ALICE, "Alice")
    menu = (await h.say(alice, "/start"))[0]
    race = await h.press(alice, menu, "🏁 Goal or race")
    assert "Your goal" in race.text
    assert "📅 New date" in race.button_texts


async def test_a_whole_run_log_typed_at_a_settings_question_is_logged_and_closes_it(
    harness: StrideHarness, clock: ManualClock
) -> None:
    """Issue 16 "a message that is a complete log is taken as that, whatever question is
    open": at the time-zone question, "ran 10k in 50 min rpe 5" is a run, not a place."""
    h = harness
    alice, question = await _settings(h, clock, "🌍 Time zone")
    replies = await h.say(alice, "ran 10k in 50 min rpe 5")
    texts = " ".join(r.text for r in replies)
    assert "closed the settings question above" in texts
    assert (await _record(h)).timezone == "Europe/Paris"  # nothing changed in the settings
    logs = await h.db.runlogs.logs_between(
        ALICE, clock.now().date() - timedelta(days=1), clock.now().date()
    )
    assert [(s.log.duration_min, s.log.rpe) for s in logs] == [(50.0, 5)]
    assert h.emu.message(question.chat_id, question.message_id).buttons == []
