"""Issue 16: check-ins and illness as runners type them. "no soreness" leaves no sore place
behind, a sleep emoji is sleep, a night longer than any night is asked about, never stored,
and "sick" gets the coach's advice."""

from __future__ import annotations

from datetime import timedelta

import pytest

from botapi_emulator import EmulatedUser
from scheduler.clock import ManualClock
from tests.support.harness import StrideHarness
from tests.support.journal import TRACK_DAY, TRACK_MORNING, journal_state, track_athlete

ATHLETE = 1001


@pytest.fixture
async def alice(harness: StrideHarness, clock: ManualClock) -> EmulatedUser:
    await track_athlete(harness.db, ATHLETE, clock.now())
    clock.set(TRACK_MORNING)
    return harness.user(ATHLETE, "Alice")


async def test_no_soreness_leaves_no_sore_place_behind(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    await harness.say(alice, "slept 7h quality 4, calves sore 3")
    stored = await harness.db.checkins.checkin_on(ATHLETE, TRACK_DAY)
    assert stored is not None
    assert (stored.soreness, stored.soreness_where) == (3, "calves")

    replies = await harness.say(alice, "no soreness")

    stored = await harness.db.checkins.checkin_on(ATHLETE, TRACK_DAY)
    assert stored is not None
    assert (stored.soreness, stored.soreness_where) == (1, None)
    assert all("calves" not in r.text for r in replies)


@pytest.mark.parametrize("text", ["slept 20h", "😴 17h"])
async def test_a_night_longer_than_a_night_is_asked_about(
    harness: StrideHarness, alice: EmulatedUser, text: str
) -> None:
    before = await journal_state(harness.db, ATHLETE)
    (reply,) = await harness.say(alice, text)
    assert "how long did you sleep?" in reply.text
    assert await journal_state(harness.db, ATHLETE) == before


async def test_a_sleep_emoji_answers_the_sleep_question(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    message = (await harness.say(alice, "/checkin"))[0]
    assert "How many hours did you sleep" in message.text
    await harness.say(alice, "😴 6.5h")
    stored = await harness.db.checkins.checkin_on(ATHLETE, TRACK_DAY)
    assert stored is not None
    assert stored.sleep_hours == 6.5
    assert await harness.db.runlogs.logs_between(ATHLETE, TRACK_DAY, TRACK_DAY) == []


@pytest.mark.parametrize(
    ("text", "above_neck"),
    [("sick", None), ("got the flu", False), ("I have a cold", None), ("covid", False)],
)
async def test_illness_opens_an_illness_and_logs_nothing(
    harness: StrideHarness, alice: EmulatedUser, text: str, above_neck: bool | None
) -> None:
    """§7b: the illness is recorded; the neck check is asked unless the words answer it
    (flu, covid: below the neck). Nothing is logged as a run, a check-in or pain."""
    before = await journal_state(harness.db, ATHLETE)
    (reply,) = await harness.say(alice, text)
    expected = "where are the symptoms" if above_neck is None else "no running until"
    assert expected in reply.text
    illness = await harness.db.illnesses.current(ATHLETE)
    assert illness is not None
    assert illness.above_neck is above_neck
    after = await journal_state(harness.db, ATHLETE)
    assert (after.logs, after.checkins, after.pains) == (before.logs, before.checkins, before.pains)


async def test_a_check_in_for_yesterday_is_stored_for_yesterday(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    (reply,) = await harness.say(alice, "yesterday slept 5h, legs toast")
    assert "Checked in for Mon 30 Nov" in reply.text
    yesterday = await harness.db.checkins.checkin_on(ATHLETE, TRACK_DAY - timedelta(days=1))
    assert yesterday is not None
    assert (yesterday.sleep_hours, yesterday.soreness) == (5.0, 5)
    assert await harness.db.checkins.checkin_on(ATHLETE, TRACK_DAY) is None


async def test_last_night_is_this_mornings_check_in(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    await harness.say(alice, "6h last night")
    stored = await harness.db.checkins.checkin_on(ATHLETE, TRACK_DAY)
    assert stored is not None
    assert stored.sleep_hours == 6.0
