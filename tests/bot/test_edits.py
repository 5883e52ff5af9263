"""Edited messages: an edit of the last log or today's check-in corrects it and says so; any
other edit is kept but only noted; an edit never runs a command."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.render import common
from botapi_emulator import EmulatedUser, MessageView
from scheduler.clock import ManualClock
from tests.support.harness import StrideHarness
from tests.support.journal import TRACK_DAY, TRACK_MORNING, journal_state, track_athlete

ALICE = 1001


@pytest.fixture
async def alice(harness: StrideHarness, clock: ManualClock) -> EmulatedUser:
    await track_athlete(harness.db, ALICE, clock.now())
    clock.set(TRACK_MORNING)
    return harness.user(ALICE, "Alice")


async def _send(harness: StrideHarness, user: EmulatedUser, text: str) -> MessageView:
    sent = await user.send(text)
    await harness.settle()
    return sent


async def _edit(
    harness: StrideHarness, user: EmulatedUser, sent: MessageView, text: str
) -> list[str]:
    """Edit ``sent`` into ``text``; the texts of the bot's messages that followed."""
    before = len(user.messages())
    await user.edit(sent, text)
    await harness.settle()
    return [m.text or "" for m in user.messages()[before:]]


async def test_editing_hello_into_delete_runs_no_command(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    hello = await _send(harness, alice, "hello")
    state = await journal_state(harness.db, ALICE)
    replies = await _edit(harness, alice, hello, "/delete")
    assert replies == [common.edit_not_a_command()]
    assert not any(m.buttons for m in alice.messages()), "no delete confirmation"
    assert await journal_state(harness.db, ALICE) == state
    assert await harness.db.athletes.get(ALICE) is not None


async def test_an_edit_of_the_last_log_corrects_it(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    sent = await _send(harness, alice, "ran 35 min easy, felt like a 3")
    [(_, first)] = (await journal_state(harness.db, ALICE)).logs
    assert (first.duration_min, first.rpe) == (35.0, 3)

    replies = await _edit(harness, alice, sent, "ran 45 min easy, felt like a 4")
    assert len(replies) == 1
    assert replies[0].startswith("✏️ Corrected from your edit")
    assert "Replace" not in replies[0]
    [(_, log)] = (await journal_state(harness.db, ALICE)).logs
    assert (log.date, log.duration_min, log.rpe) == (TRACK_DAY, 45.0, 4)

    # A second edit corrects it again: still one log, never "Replace it?".
    replies = await _edit(harness, alice, sent, "ran 50 min easy, felt like a 4")
    assert len(replies) == 1
    assert replies[0].startswith("✏️ Corrected")
    [(_, log)] = (await journal_state(harness.db, ALICE)).logs
    assert log.duration_min == 50.0


async def test_an_edit_of_an_older_log_is_only_noted(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    older = await _send(harness, alice, "ran 35 min easy, felt like a 3")
    await _send(harness, alice, "yesterday ran 20 min easy, felt like a 2")
    state = await journal_state(harness.db, ALICE)
    assert len(state.logs) == 2
    replies = await _edit(harness, alice, older, "ran 60 min easy, felt like a 5")
    assert replies == [common.edit_ignored()]
    assert await journal_state(harness.db, ALICE) == state


async def test_an_edit_of_todays_checkin_corrects_it(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    sent = await _send(harness, alice, "slept 6h, legs sore")
    checkin = await harness.deps.services.checkin.checkin(ALICE, TRACK_DAY)
    assert checkin is not None
    assert checkin.sleep_hours == 6.0
    replies = await _edit(harness, alice, sent, "slept 8h, legs sore")
    assert len(replies) == 1
    assert replies[0].startswith("✏️ Corrected")
    assert "8 h sleep" in replies[0]
    checkin = await harness.deps.services.checkin.checkin(ALICE, TRACK_DAY)
    assert checkin is not None
    assert checkin.sleep_hours == 8.0


async def test_any_other_edit_is_kept_and_noted(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    hello = await _send(harness, alice, "hello")
    state = await journal_state(harness.db, ALICE)
    assert await _edit(harness, alice, hello, "hello there") == [common.edit_ignored()]
    assert await journal_state(harness.db, ALICE) == state
    export = await harness.deps.services.account.store.rows(ALICE)
    kept = [(r["text"], r["outcome"]) for r in export["inbox"]]
    assert kept == [("hello", "handled"), ("hello there", "ignored")]


async def test_an_edit_of_yesterdays_checkin_line_is_only_noted(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    sent = await _send(harness, alice, "slept 6h, legs sore")
    clock.advance(timedelta(days=1))
    await _send(harness, alice, "slept 7h")
    state = await journal_state(harness.db, ALICE)
    assert await _edit(harness, alice, sent, "slept 9h, legs sore") == [common.edit_ignored()]
    assert await journal_state(harness.db, ALICE) == state
