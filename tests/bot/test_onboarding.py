"""Onboarding as an athlete meets it: /start, a question at a time, by buttons or by typing,
resumed after a restart, and every bad input answered without changing anything."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from botapi_emulator import EmulatedUser, MessageView
from coach.models import GoalKind, Phase, RunLog, RunStatus
from coach.pushtimes import PushKind
from scheduler.clock import ManualClock
from storage.athletes import AthleteRecord
from tests.support.athletes import onboarded_athlete
from tests.support.harness import StrideHarness

# The defaults-and-likely-answers path: 14 taps for a 10K runner on four days.
BUTTON_PATH = (
    "10K",
    "Sun 14 Feb · 12 wk",
    "★ 4",
    "Done (4 days)",
    "★ Sun",
    "Kilometres",
    "30–45 km",
    "Not sure",
    "Yes",
    "Yes",
    "Skip",
    "Paris · Berlin",
    "★ 06:30",
    "★ 20:00",
)


async def _record(h: StrideHarness, athlete_id: int) -> AthleteRecord:
    record = await h.db.athletes.get(athlete_id)
    assert record is not None
    return record


async def _start(h: StrideHarness, user: EmulatedUser) -> MessageView:
    """/start; the open question (the last message)."""
    await h.say(user, "/start")
    return user.last()


async def _press_through(
    h: StrideHarness, user: EmulatedUser, question: MessageView, labels: tuple[str, ...]
) -> MessageView:
    for label in labels:
        question = await h.press(user, question, label)
    return question


async def test_a_complete_onboarding_by_buttons_takes_about_15_taps(
    harness: StrideHarness,
) -> None:
    h = harness
    alice = h.user(1001, "Alice")
    replies = await h.say(alice, "/start")
    assert "Alice" in replies[0].text
    assert "Stride" in replies[0].text
    question = replies[-1]
    assert question.button_texts[:2] == ["5K", "10K"]

    taps = 0
    for label in BUTTON_PATH:
        question = await h.press(alice, question, label)
        taps += 1
    assert taps <= 15

    # Every tap edited the same question message into the next one.
    assert question.edit_count == taps
    assert "That's everything, Alice" in question.text
    assert question.buttons == []
    assert all(a.answered for a in alice.presses())

    record = await _record(h, 1001)
    assert record.onboarded
    assert record.dialog is None
    profile = record.profile()
    assert profile is not None
    assert profile.goal is GoalKind.ROAD_10K
    assert profile.race_date == date(2027, 2, 14)
    assert profile.run_days == (1, 3, 5, 6)
    assert profile.long_run_day == 6
    assert profile.weekly_km == 38.0
    assert profile.longest_run_km == 11.0
    assert profile.track_access
    assert profile.trail_access
    assert not profile.doubles
    assert profile.recent_race is None
    assert record.timezone == "Europe/Berlin"
    assert record.push_time == time(6, 30)
    assert record.reminder_time == time(20, 0)

    # It ends with the outline (phases and dates) and this week's sessions.
    after = [m for m in alice.messages() if m.message_id > question.message_id]
    outline, week = after[0].text, "\n".join(m.text for m in after[1:])
    assert "Your plan: 10K on Sun 14 Feb 2027" in outline
    assert "Build · Sat 21 Nov" in outline
    assert "Taper" in outline
    assert "Race day · Sun 14 Feb" in outline
    assert "Sat 21 Nov" in week
    assert "Sun 22 Nov" in week
    assert all(len(m.text) <= 4096 for m in after)
    plan = await h.db.plans.current(1001)
    assert plan is not None
    assert plan.race_date == date(2027, 2, 14)
    assert (await h.db.deliveries.next_due(1001))[PushKind.MORNING] is not None


async def test_a_complete_onboarding_by_typing(harness: StrideHarness) -> None:
    h = harness
    tom = h.user(1002, "Tom")
    await h.say(tom, "/start")
    answers = [
        ("trail", "How long is the trail race"),
        ("50 km", "climbing"),
        ("2,500 m", "When is the race"),
        ("18 Apr 2027", "How many days"),
        ("mon wed fri sat sun", "long run"),  # the days answer both questions
        ("saturday", "Kilometres or miles"),
        ("km", "normal week"),
        ("5 h", "longest run"),
        ("2h", "track"),
        ("no", "trails"),
        ("yes", "doubles"),
        ("no", "raced"),
        ("10k", "Your time for the 10 km"),
        ("45:00", "time zone"),
        ("Lisbon", "morning session"),
        ("6:15", "remind you"),
    ]
    for text, next_question in answers:
        replies = await h.say(tom, text)
        assert next_question in replies[-1].text, (text, replies[-1].text)
    replies = await h.say(tom, "9pm")
    assert "That's everything, Tom" in replies[0].text
    assert "Your plan: Trail race on Sun 18 Apr 2027" in replies[1].text

    record = await _record(h, 1002)
    profile = record.profile()
    assert record.onboarded
    assert profile is not None
    assert profile.goal is GoalKind.TRAIL
    assert profile.trail_distance_km == 50.0
    assert profile.trail_elevation_m == 2500.0
    assert profile.run_days == (0, 2, 4, 5, 6)
    assert profile.long_run_day == 5
    assert 35 <= profile.weekly_km <= 55  # 5 h at an assumed easy pace
    assert not profile.track_access
    assert profile.trail_access
    assert not profile.doubles
    assert profile.recent_race is not None
    assert profile.recent_race.time_s == 2700
    assert not (await h.db.plans.current(1002)).paces.estimated  # type: ignore[union-attr]
    assert record.timezone == "Europe/Lisbon"
    assert record.push_time == time(6, 15)
    assert record.reminder_time == time(21, 0)
    # A typed answer leaves no live buttons on the question it answered (the only buttons
    # left are the race-readiness review's: 50 km and 2,500 m need more runway, §7b).
    questions = [m for m in tom.messages() if "Before you start" not in m.text]
    assert all(m.buttons == [] for m in questions)
    review = tom.messages()[-1]
    assert "Before you start: is the trail race on Sun 18 Apr in reach?" in review.text
    # The athlete decides: keeping the goal is recorded (and /why shows it).
    await h.press(tom, review, "Keep the trail race")
    assert tom.messages()[-1].text.startswith("✅ Kept: the trail race on Sun 18 Apr.")
    why = (await h.say(tom, "/why"))[-1].text
    assert "you chose to keep the trail race on Sun 18 Apr 2027" in why


async def test_general_fitness_skips_the_race_date(harness: StrideHarness) -> None:
    h = harness
    bo = h.user(1003, "Bo")
    question = await _start(h, bo)
    question = await h.press(bo, question, "General fitness")
    assert "How many days a week" in question.text
    question = await h.press(bo, question, "3")
    assert "Tue, Thu, Sun" in question.text
    question = await h.press(bo, question, "✅ Sun")  # switch Sunday off...
    question = await h.press(bo, question, "Sat")  # ...and Saturday on
    assert "Selected: Tue, Thu, Sat" in question.text
    question = await h.press(bo, question, "Done (3 days)")
    assert "★ Sat" in question.button_texts
    record = await _record(h, 1003)
    assert record.fields["goal"] == "fitness"
    assert record.fields["race_date"] is None
    assert record.fields["run_days"] == "1,3,5"


async def test_doubles_are_asked_only_from_five_days(harness: StrideHarness) -> None:
    h = harness
    cy = h.user(1004, "Cy")
    question = await _start(h, cy)
    question = await _press_through(
        h, cy, question, ("10K", "Sun 14 Feb · 12 wk", "5", "Done (5 days)", "★ Sun")
    )
    question = await _press_through(h, cy, question, ("Kilometres", "45–60 km", "14 km"))
    question = await _press_through(h, cy, question, ("No", "Yes"))
    assert "doubles" in question.text


async def test_a_restart_in_the_middle_resumes_at_the_next_unanswered_question(
    harness: StrideHarness, clock: ManualClock
) -> None:
    h = harness
    alice = h.user(1001, "Alice")
    question = await _start(h, alice)
    question = await _press_through(h, alice, question, ("Half marathon", "Sun 14 Mar · 16 wk"))
    question = await h.press(alice, question, "★ 4")
    question = await h.press(alice, question, "Mon")  # a partial multi-select

    await h.restart()
    clock.advance(timedelta(hours=3))

    record = await _record(h, 1001)
    assert record.fields["goal"] == "road-half"
    assert record.fields["race_date"] == date(2027, 3, 14)
    assert record.dialog is not None
    assert record.dialog["step"] == "days"
    assert record.dialog["data"]["days"] == [0, 1, 3, 5, 6]

    # The open question's buttons still work after the restart...
    question = await h.press(alice, question, "✅ Thu")
    assert "Selected: Mon, Tue, Sat, Sun" in question.text

    # ...and /start asks it again, toggles kept, in a new message.
    replies = await h.say(alice, "/start")
    assert len(replies) == 1
    again = replies[0]
    assert "Welcome back, Alice" in again.text
    assert "Which days?" in again.text
    assert "Selected: Mon, Tue, Sat, Sun" in again.text
    assert question.message_id != again.message_id
    assert alice.messages()[-2].buttons == []  # the old copy lost its buttons

    again = await h.press(alice, again, "Done (4 days)")
    assert "Long run" not in again.text
    assert "long run" in again.text
    record = await _record(h, 1001)
    assert record.fields["run_days"] == "0,1,5,6"
    assert record.fields["goal"] == "road-half"


async def test_start_from_an_onboarded_athlete_offers_settings_or_start_over(
    harness: StrideHarness, clock: ManualClock
) -> None:
    h = harness
    await onboarded_athlete(h.db, 2001, clock.now())
    before = await _record(h, 2001)
    alice = h.user(2001, "Alice")
    replies = await h.say(alice, "/start")
    assert len(replies) == 1
    menu = replies[0]
    assert "all set up" in menu.text
    assert "10K on Sun 18 Apr 2027" in menu.text
    assert menu.button_texts == ["⚙️ Settings", "🏁 Goal or race", "🔄 Start over"]
    after = await _record(h, 2001)
    assert after.fields == before.fields
    assert after.onboarded

    menu = await h.press(alice, menu, "⚙️ Settings")
    assert "Your settings" in menu.text
    assert "⏰ Morning time" in menu.button_texts


async def test_start_over_needs_an_explicit_confirmation_and_keeps_the_logs(
    harness: StrideHarness, clock: ManualClock
) -> None:
    h = harness
    await onboarded_athlete(h.db, 2002, clock.now())
    await h.db.runlogs.add_log(
        2002, RunLog(date=date(2026, 11, 20), status=RunStatus.DONE, rpe=4), clock.now()
    )
    before = await _record(h, 2002)
    alice = h.user(2002, "Alice")

    menu = (await h.say(alice, "/start"))[0]
    confirm = await h.press(alice, menu, "🔄 Start over")
    assert "Start over?" in confirm.text
    assert "logs" in confirm.text
    assert (await _record(h, 2002)).fields == before.fields  # asking wipes nothing
    kept = await h.press(alice, confirm, "No, keep it")
    assert "Nothing changed" in kept.text
    assert (await _record(h, 2002)).fields == before.fields

    menu = (await h.say(alice, "/start"))[0]
    confirm = await h.press(alice, menu, "🔄 Start over")
    fresh = await h.press(alice, confirm, "Yes, start over")
    assert "Fresh start" in fresh.text
    assert "What are you training for?" in fresh.text

    record = await _record(h, 2002)
    assert not record.onboarded
    assert record.fields["goal"] is None
    assert record.fields["run_days"] is None
    assert record.dialog is not None
    assert record.dialog["step"] == "goal"
    assert (await h.db.deliveries.next_due(2002))[PushKind.MORNING] is None
    logs = await h.db.runlogs.logs_between(2002, date(2026, 11, 1), date(2026, 11, 30))
    assert len(logs) == 1

    question = await h.press(alice, fresh, "5K")
    assert "When is the race?" in question.text


async def test_location_answers_the_time_zone_question(harness: StrideHarness) -> None:
    h = harness
    alice = h.user(1001, "Alice")
    question = await _start(h, alice)
    question = await _press_through(h, alice, question, BUTTON_PATH[:11])
    assert "time zone" in question.text
    await alice.send_location(35.68, 139.69)  # Tokyo
    await h.settle()
    assert "Time zone: Asia/Tokyo" in alice.last().text
    assert (await _record(h, 1001)).timezone == "Asia/Tokyo"


# --- bad input: a specific answer, and nothing changes ----------------------------------------


async def _at_race_date(h: StrideHarness) -> tuple[EmulatedUser, MessageView]:
    alice = h.user(1001, "Alice")
    question = await _start(h, alice)
    question = await h.press(alice, question, "10K")
    assert "When is the race?" in question.text
    return alice, question


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-01-01", "already behind us"),
        ("1 Jan 2030", "more than two years away"),
        ("31/02/2027", "doesn't exist"),
        ("-5 km", "couldn't read that as a date"),
        ("rpe 11", "couldn't read that as a date"),
        ("x" * 5000, "long message"),
        ("🏃‍♂️🔥", "Emoji"),
    ],
)
async def test_bad_typed_answers_are_explained_and_change_nothing(
    harness: StrideHarness, text: str, expected: str
) -> None:
    h = harness
    alice, _question = await _at_race_date(h)
    before = await _record(h, 1001)
    replies = await h.say(alice, text)
    assert len(replies) == 1
    assert expected in replies[0].text
    assert await _record(h, 1001) == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-5 km", "can't be negative"),
        ("0 km", "just starting out"),
        ("900 km", "outside what I can plan"),
        ("lots", "couldn't read"),
    ],
)
async def test_bad_volumes_are_explained_and_change_nothing(
    harness: StrideHarness, text: str, expected: str
) -> None:
    h = harness
    alice = h.user(1001, "Alice")
    question = await _start(h, alice)
    question = await _press_through(h, alice, question, BUTTON_PATH[:6])
    assert "normal week" in question.text
    before = await _record(h, 1001)
    replies = await h.say(alice, text)
    assert expected in replies[0].text
    assert "35 km" in replies[0].text
    assert await _record(h, 1001) == before


async def test_a_photo_when_text_is_expected_changes_nothing(harness: StrideHarness) -> None:
    h = harness
    alice, _question = await _at_race_date(h)
    before = await _record(h, 1001)
    await alice.send_photo(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, mime_type="image/png")
    await h.settle()
    assert "typed answer" in alice.last().text
    assert "in 12 weeks" in alice.last().text
    assert await _record(h, 1001) == before


async def test_a_location_when_not_asked_changes_nothing(harness: StrideHarness) -> None:
    h = harness
    alice, _question = await _at_race_date(h)
    before = await _record(h, 1001)
    await alice.send_location(48.85, 2.35)
    await h.settle()
    assert "only use a location to set your time zone" in alice.last().text
    assert await _record(h, 1001) == before


async def test_a_button_from_last_weeks_message_changes_nothing(
    harness: StrideHarness, clock: ManualClock
) -> None:
    h = harness
    alice = h.user(1001, "Alice")
    old = await _start(h, alice)
    await h.press(alice, old, "10K")
    clock.advance(timedelta(days=7))
    await h.say(alice, "/start")  # the question is asked again in a new message
    before = await _record(h, 1001)

    # The old message moved on and lost its keyboard; the athlete's screen may still show
    # the goal buttons (the snapshot taken before the edits): press one of them.
    await h.press(alice, old, "Marathon")
    assert "already answered" in (alice.callback_answers()[-1].text or "")
    assert await _record(h, 1001) == before


async def test_a_button_of_another_athletes_message_is_refused(harness: StrideHarness) -> None:
    h = harness
    _alice, question = await _at_race_date(h)
    bob = h.user(1005, "Bob")
    await _start(h, bob)
    alice_before, bob_before = await _record(h, 1001), await _record(h, 1005)

    await h.press(bob, question, "Sun 14 Feb · 12 wk")
    answer = bob.callback_answers()[-1]
    assert answer.text == "That button isn't for you."
    assert await _record(h, 1001) == alice_before
    assert await _record(h, 1005) == bob_before
    assert "When is the race?" in h.emu.message(question.chat_id, question.message_id).text


async def test_an_onboarded_athlete_pressing_an_old_onboarding_button_changes_nothing(
    harness: StrideHarness,
) -> None:
    h = harness
    alice = h.user(1001, "Alice")
    question = await _start(h, alice)
    first = question
    question = await _press_through(h, alice, question, BUTTON_PATH)
    before = await _record(h, 1001)
    await h.press(alice, first, "Marathon")
    said = alice.callback_answers()[-1].text or ""
    assert "earlier conversation" in said
    assert "/start" not in said, "an athlete already coached is not told to start over"
    assert "/today" in said
    assert await _record(h, 1001) == before


async def test_done_without_days_is_refused_with_a_note(harness: StrideHarness) -> None:
    h = harness
    alice = h.user(1001, "Alice")
    question = await _start(h, alice)
    question = await _press_through(
        h, alice, question, ("General fitness", "2", "✅ Wed", "✅ Sun")
    )
    before = await _record(h, 1001)
    await h.press(alice, question, "Done (0 days)")
    assert alice.callback_answers()[-1].text == "Pick at least one day first."
    assert await _record(h, 1001) == before


async def test_the_plan_outline_lists_phases_with_dates(harness: StrideHarness) -> None:
    h = harness
    alice = h.user(1001, "Alice")
    question = await _start(h, alice)
    path = ("Marathon", "Sun 20 Jun · 30 wk", *BUTTON_PATH[2:])
    question = await _press_through(h, alice, question, path)
    outline = alice.messages()[
        [m.message_id for m in alice.messages()].index(question.message_id) + 1
    ].text
    for phase in (Phase.BASE, Phase.BUILD, Phase.COMPETITION, Phase.TAPER, Phase.RECOVERY):
        assert phase.value.capitalize() in outline
    assert "Race day · Sun 20 Jun" in outline


async def test_nonsense_for_the_number_of_days_changes_nothing(harness: StrideHarness) -> None:
    h = harness
    alice = h.user(1001, "Alice")
    question = await _start(h, alice)
    await _press_through(h, alice, question, ("General fitness",))
    before = await _record(h, 1001)
    for text in ("rpe 11", "9", "-5 km"):
        replies = await h.say(alice, text)
        assert "number of days from 1 to 7" in replies[0].text
    assert await _record(h, 1001) == before
