"""The morning check-in as an athlete meets it: buttons that edit one message, typed answers,
a restart in the middle, and every bad input answered without changing anything."""

from __future__ import annotations

from datetime import timedelta

import pytest

from botapi_emulator import EmulatedUser
from scheduler.clock import ManualClock
from tests.support.athletes import onboarded_athlete
from tests.support.harness import StrideHarness
from tests.support.journal import (
    TRACK_DAY,
    TRACK_MORNING,
    WEEK_BEFORE_MORNING,
    journal_state,
    track_athlete,
)


@pytest.fixture
async def alice(harness: StrideHarness, clock: ManualClock) -> EmulatedUser:
    await track_athlete(harness.db, 1001, clock.now())
    clock.set(TRACK_MORNING)
    return harness.user(1001, "Alice")


async def test_checkin_by_buttons_edits_one_message_and_adjusts_a_hard_session(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    replies = await harness.say(alice, "/checkin")
    assert len(replies) == 1
    message = replies[0]
    assert "How many hours did you sleep" in message.text
    assert message.button_texts == ["≤5", "6", "7", "8", "9+"]
    count = len(alice.messages())

    message = await harness.press(alice, message, "≤5")
    assert message.edit_count == 1
    assert "How well did you sleep" in message.text
    stored = await harness.db.checkins.checkin_on(1001, TRACK_DAY)
    assert stored is not None
    assert stored.sleep_hours == 5.0
    assert stored.sleep_quality is None

    message = await harness.press(alice, message, "3")
    assert "How sore" in message.text
    message = await harness.press(alice, message, "4")
    assert "Where are you sore" in message.text
    message = await harness.press(alice, message, "Quads")

    assert message.edit_count == 4
    assert len(alice.messages()) == count, "every tap edits the same message"
    assert message.button_texts == ["↩️ Keep the original"], "§7b: beside the change"
    assert "Checked in: 5 h sleep, quality 3/5, soreness 4/5 (quads)" in message.text
    assert "Readiness: 🟠 amber" in message.text
    assert "5 h sleep" in message.text
    assert "Track: 4 x 400 m" in message.text, "the hard session is reduced"
    assert "so 6 x 400 m became 4 x 400 m" in message.text, "with its one-line reason"

    checkin = await harness.db.checkins.checkin_on(1001, TRACK_DAY)
    assert checkin is not None
    assert (checkin.sleep_hours, checkin.sleep_quality, checkin.soreness) == (5.0, 3, 4)
    assert checkin.soreness_where == "quads"
    assert (await harness.db.athletes.get(1001)).dialog is None  # type: ignore[union-attr]
    why = await harness.db.adjustments.adjustments(1001)
    assert any("4 x 400 m" in a.adjustment.reason for a in why), "recorded for /why"


async def test_a_fresh_night_keeps_the_plan(harness: StrideHarness, alice: EmulatedUser) -> None:
    message = (await harness.say(alice, "/checkin"))[0]
    for label in ("8", "4", "1"):
        message = await harness.press(alice, message, label)
    assert "Readiness: 🟢 green" in message.text
    assert "Track: 6 x 400 m" in message.text
    assert "Adjusted" not in message.text


async def test_typed_checkin_as_free_text_asks_only_what_is_missing(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    replies = await harness.say(alice, "slept 6h, legs sore")
    checkin = await harness.db.checkins.checkin_on(1001, TRACK_DAY)
    assert checkin is not None
    assert (checkin.sleep_hours, checkin.soreness, checkin.soreness_where) == (6.0, 3, "legs")
    assert len(replies) == 1
    assert "How well did you sleep" in replies[0].text
    assert "6 h sleep" in replies[0].text

    done = await harness.press(alice, replies[0], "4")
    assert "Checked in: 6 h sleep, quality 4/5, soreness 3/5 (legs)" in done.text
    assert "Readiness:" in done.text
    assert (await harness.db.athletes.get(1001)).dialog is None  # type: ignore[union-attr]


async def test_a_complete_typed_checkin_ends_at_once(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    replies = await harness.say(alice, "/checkin slept 5h, quality 3, soreness 4 calves")
    assert len(replies) == 1
    assert "Readiness:" in replies[0].text
    assert "Track: 4 x 400 m" in replies[0].text
    checkin = await harness.db.checkins.checkin_on(1001, TRACK_DAY)
    assert checkin is not None
    assert checkin.soreness_where == "calves"


async def test_typed_answers_during_the_checkin(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    first = (await harness.say(alice, "/checkin"))[0]
    replies = await harness.say(alice, "6.5")
    assert "How well did you sleep" in replies[-1].text
    assert harness.emu.message(first.chat_id, first.message_id).buttons == [], (
        "the answered question loses its buttons"
    )
    replies = await harness.say(alice, "2")
    assert "How sore" in replies[-1].text
    replies = await harness.say(alice, "3")
    assert "Where are you sore" in replies[-1].text
    replies = await harness.say(alice, "left calf")
    assert "Checked in: 6.5 h sleep, quality 2/5, soreness 3/5 (left calf)" in replies[-1].text
    checkin = await harness.db.checkins.checkin_on(1001, TRACK_DAY)
    assert checkin is not None
    assert (checkin.sleep_hours, checkin.sleep_quality, checkin.soreness) == (6.5, 2, 3)


async def test_restart_mid_checkin_resumes_at_the_next_unanswered_question(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    message = (await harness.say(alice, "/checkin"))[0]
    message = await harness.press(alice, message, "7")
    await harness.restart()

    # The open message still works after the restart: the step is in the database.
    message = await harness.press(alice, message, "4")
    assert "How sore" in message.text
    await harness.restart()

    # /checkin after a restart asks the next unanswered question, not the first.
    replies = await harness.say(alice, "/checkin")
    assert len(replies) == 1
    assert "How sore" in replies[0].text
    assert "7 h sleep, quality 4/5" in replies[0].text
    old = harness.emu.message(message.chat_id, message.message_id)
    assert old.buttons == [], "the superseded question loses its buttons"
    done = await harness.press(alice, replies[0], "1")
    assert "Checked in: 7 h sleep, quality 4/5, soreness 1/5" in done.text
    checkin = await harness.db.checkins.checkin_on(1001, TRACK_DAY)
    assert checkin is not None
    assert (checkin.sleep_hours, checkin.sleep_quality, checkin.soreness) == (7.0, 4, 1)


async def test_the_morning_push_check_in_button_starts_the_checkin(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    await harness.say(alice, "/help")  # the athlete has talked to the bot
    clock.set(TRACK_MORNING - timedelta(hours=2))
    scheduler = harness.deps.scheduler
    assert scheduler is not None
    await scheduler.tick_now()
    clock.set(TRACK_MORNING - timedelta(minutes=89))  # 06:31 in Paris
    await scheduler.tick_now()
    await harness.settle()
    push = alice.last()
    assert "Good morning" in push.text

    before = len(alice.messages())
    await harness.press(alice, push, "🌡 Check in")
    question = alice.last()
    assert len(alice.messages()) == before + 1
    assert "How many hours did you sleep" in question.text
    assert harness.emu.message(push.chat_id, push.message_id).text == push.text, (
        "the push keeps its session"
    )


# --- bad input: a friendly answer and no change of state ----------------------------------


async def _open_checkin(harness: StrideHarness, alice: EmulatedUser) -> object:
    message = (await harness.say(alice, "/checkin"))[0]
    return await harness.press(alice, message, "6")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", "goes from 1 to 5"),
        ("😴😴", "For this question I need a number from 1 to 5"),
        ("x" * 5000, "long message"),
        ("slept 30h", "0 to 16 hours"),
    ],
    ids=["quality-7", "emoji-only", "5000-chars", "sleep-30h"],
)
async def test_bad_typed_answers_change_nothing(
    harness: StrideHarness, alice: EmulatedUser, text: str, expected: str
) -> None:
    await _open_checkin(harness, alice)
    before = await journal_state(harness.db, 1001)
    replies = await harness.say(alice, text)
    assert len(replies) == 1
    assert expected in replies[0].text
    assert await journal_state(harness.db, 1001) == before


async def test_a_photo_during_the_checkin_changes_nothing(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    await _open_checkin(harness, alice)
    before = await journal_state(harness.db, 1001)
    await alice.send_photo(b"\x89PNG not really", caption=None)
    await harness.settle()
    assert "question is still open" in alice.last().text
    assert await journal_state(harness.db, 1001) == before


async def test_a_button_from_last_weeks_checkin_has_expired(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    clock.set(WEEK_BEFORE_MORNING)
    old = (await harness.say(alice, "/checkin"))[0]
    clock.set(TRACK_MORNING)  # a week later
    before = await journal_state(harness.db, 1001)
    after = await harness.press(alice, old, "7")
    assert after.text == old.text
    answer = alice.callback_answers()[-1]
    assert answer.show_alert
    assert "expired" in (answer.text or "")
    assert await journal_state(harness.db, 1001) == before


async def test_another_athletes_button_is_refused(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    await onboarded_athlete(harness.db, 2002, clock.now(), first_name="Bob")
    bob = harness.user(2002, "Bob")
    message = (await harness.say(alice, "/checkin"))[0]
    before = await journal_state(harness.db, 1001)
    bob_before = await journal_state(harness.db, 2002)
    await bob.press(message, "7")
    await harness.settle()
    answer = bob.callback_answers()[-1]
    assert "isn't for you" in (answer.text or "")
    assert harness.emu.message(message.chat_id, message.message_id).text == message.text
    assert await journal_state(harness.db, 1001) == before
    assert await journal_state(harness.db, 2002) == bob_before


async def test_an_answered_question_cannot_be_answered_again(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    first = (await harness.say(alice, "/checkin"))[0]
    await harness.press(alice, first, "6")
    before = await journal_state(harness.db, 1001)
    await alice.press(first, "8")  # the sleep keyboard the athlete still sees
    await harness.settle()
    assert "Already answered" in (alice.callback_answers()[-1].text or "")
    assert await journal_state(harness.db, 1001) == before


async def test_checkin_needs_onboarding(harness: StrideHarness) -> None:
    stranger = harness.user(3003, "Cy")
    replies = await harness.say(stranger, "/checkin")
    assert "/start" in replies[0].text
