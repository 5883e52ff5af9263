"""§7b "Keep the original", through the real Application: the button beside a same-day
change (morning push, /today), the press, a stale press, and a restart in between.

Alice is the 10K runner of tests.support.athletes (``raced_profile``); Tuesday 24 November
2026 is hill repeats (hard). A 5 h night, sleep quality 2 and soreness 4/5 make the day
amber, so the coach cuts the set; Alice keeps the original.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.pushes import morning
from botapi_emulator import EmulatedUser, MessageView
from coach.models import AdjustmentKind, SessionKind
from scheduler.clock import ManualClock
from services.coaching import CoachingService
from tests.support.athletes import onboarded_athlete, raced_profile
from tests.support.harness import StrideHarness

ALICE = 1001
TUESDAY = date(2026, 11, 24)
KEEP = "↩️ Keep the original"


def at(day: date, hour: int = 7) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
async def alice(harness: StrideHarness, clock: ManualClock) -> EmulatedUser:
    await onboarded_athlete(harness.db, ALICE, clock.now(), athlete_profile=raced_profile())
    clock.set(at(TUESDAY))
    await harness.db.checkins.save_checkin(
        ALICE, TUESDAY, clock.now(), sleep_hours=5.0, sleep_quality=2, soreness=4
    )
    return harness.user(ALICE, "Alice", started=True)


async def send_push(h: StrideHarness, user: EmulatedUser, now: datetime) -> MessageView:
    """The morning push as the scheduler composes it, sent by the bot."""
    day = await CoachingService(h.db).day(user.id, now)
    assert day is not None
    [message] = morning(day).messages
    assert h.app is not None
    await h.app.bot.send_message(
        user.chat_id, message.text, parse_mode="HTML", reply_markup=message.reply_markup
    )
    await h.settle()
    return user.last()


async def kinds(h: StrideHarness) -> list[AdjustmentKind]:
    return [a.adjustment.kind for a in await h.db.adjustments.adjustments(ALICE)]


async def test_the_original_kept_from_the_morning_push_stays_all_day(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    push = await send_push(harness, alice, clock.now())
    assert "Adjusted: " in push.text
    assert push.button_texts[0] == KEEP, "beside the change, first"
    assert "🌡 Check in" in push.button_texts

    pressed = await harness.press(alice, push, KEEP)
    assert alice.callback_answers()[-1].text == "Original kept"
    kept = alice.last()
    assert kept.text.startswith("↩️ Kept the original: Hill")
    assert "noted in /why" in kept.text
    assert KEEP not in pressed.button_texts, "the push keeps its other buttons"
    assert "🌡 Check in" in pressed.button_texts
    assert (await kinds(harness)).count(AdjustmentKind.RESTORED) == 1

    # The day is as planned from now on: /today shows the hills, no change, no button.
    [today] = await harness.say(alice, "/today")
    assert KEEP not in today.button_texts
    day = await CoachingService(harness.db).day(ALICE, clock.now())
    assert day is not None
    assert [s.kind for s in day.sessions] == [SessionKind.HILLS]
    assert day.sessions == day.planned
    [why] = await harness.say(alice, "/why")
    assert "You took back Tuesday's 5 x 4 min hills." in why.text


async def test_a_second_press_on_the_stale_push_changes_nothing(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    push = await send_push(harness, alice, clock.now())
    await harness.press(alice, push, KEEP)
    before = [a.adjustment for a in await harness.db.adjustments.adjustments(ALICE)]
    await harness.press(alice, push, KEEP)  # the snapshot the athlete still sees
    assert alice.callback_answers()[-1].text == (
        "Today is already as planned: there is no change to take back."
    )
    assert [a.adjustment for a in await harness.db.adjustments.adjustments(ALICE)] == before


async def test_yesterdays_keep_the_original_has_expired(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    push = await send_push(harness, alice, clock.now())
    clock.set(at(date(2026, 11, 25)))
    await harness.press(alice, push, KEEP)
    assert alice.callback_answers()[-1].text == (
        "That change was for another day; today's plan is what /today shows."
    )
    assert AdjustmentKind.RESTORED not in await kinds(harness)


async def test_a_restart_between_the_change_and_the_press(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    [today] = await harness.say(alice, "/today")
    assert today.button_texts[0] == KEEP
    await harness.restart()
    await harness.press(alice, today, KEEP)
    assert alice.last().text.startswith("↩️ Kept the original: Hill")
    assert (await kinds(harness)).count(AdjustmentKind.RESTORED) == 1
    [again] = await harness.say(alice, "/today")
    assert KEEP not in again.button_texts


async def test_keep_the_original_beside_a_pain_report_change(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    [reported] = await harness.say(alice, "/pain knee 4/10")
    assert "Adjusted: pain 4/10 (knee)" in reported.text
    assert reported.button_texts == [KEEP]
    pressed = await harness.press(alice, reported, KEEP)
    assert pressed.buttons == []
    assert alice.last().text.startswith("↩️ Kept the original: Hill")
    assert (await kinds(harness)).count(AdjustmentKind.RESTORED) == 1
