"""The bot never edits a message into what it already is: Telegram answers such an edit with
400 "message is not modified" (the emulator too). A button pressed twice (two taps on a slow
phone, or the same button of a copy the athlete still sees) leaves the message as it is and
calls no edit."""

from __future__ import annotations

import pytest

from botapi_emulator import EmulatedUser
from scheduler.clock import ManualClock
from tests.support.harness import StrideHarness
from tests.support.journal import TRACK_MORNING, track_athlete


@pytest.fixture
async def alice(harness: StrideHarness, clock: ManualClock) -> EmulatedUser:
    await track_athlete(harness.db, 1001, clock.now())
    clock.set(TRACK_MORNING)
    return harness.user(1001, "Alice")


def refused_edits(harness: StrideHarness) -> list[str]:
    """The descriptions of every edit Telegram would have refused."""
    calls = harness.emu.calls_to("editMessageText", "editMessageReplyMarkup")
    return [str(call.description) for call in calls if call.status != 200]


async def test_the_same_week_button_twice_edits_once(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    [week] = await harness.say(alice, "/week")
    edits = len(harness.emu.calls_to("editMessageText"))
    page = await harness.press(alice, week, "Next ▶")
    assert page.text.startswith("Week of Mon 7 Dec")
    [data] = [b[1] for row in week.buttons for b in row if b[0] == "Next ▶"]
    # the same button again, from the copy the athlete still sees (a double tap)
    again = await harness.press(alice, week, callback_data=data)
    assert again.text == page.text
    assert again.edit_count == 1
    assert len(harness.emu.calls_to("editMessageText")) == edits + 1
    assert refused_edits(harness) == []
    assert alice.callback_answers()[-1].show_alert is False, "answered quietly"


async def test_keep_pressed_twice_edits_once(harness: StrideHarness, alice: EmulatedUser) -> None:
    [ask] = await harness.say(alice, "/skip")
    kept = await harness.press(alice, ask, "↩️ Keep the session")
    assert kept.text.startswith("👍 Kept")
    again = await harness.press(alice, ask, "↩️ Keep the session")
    assert again.text == kept.text
    assert again.edit_count == 1
    assert refused_edits(harness) == []
