"""A time typed into the log buttons' "How long?" question: up to 6 h, or 30 h for an
athlete training for an ultra (a 100-mile race is a run too); beyond, a typo is asked about
and nothing is stored."""

from __future__ import annotations

from datetime import date

import pytest

from botapi_emulator import EmulatedUser, MessageView
from coach.models import GoalKind
from scheduler.clock import ManualClock
from tests.support.athletes import onboarded_athlete, profile
from tests.support.harness import StrideHarness
from tests.support.journal import EVER, TRACK_MORNING, track_athlete

ALICE, UMA = 1001, 1007


@pytest.fixture
async def alice(harness: StrideHarness, clock: ManualClock) -> EmulatedUser:
    await track_athlete(harness.db, ALICE, clock.now())
    clock.set(TRACK_MORNING)
    return harness.user(ALICE, "Alice")


@pytest.fixture
async def uma(harness: StrideHarness, clock: ManualClock) -> EmulatedUser:
    ultra = profile(
        goal=GoalKind.TRAIL,
        trail_distance_km=160.0,
        trail_elevation_m=6000.0,
        race_date=date(2027, 6, 20),
        weekly_km=80.0,
        longest_run_km=50.0,
    )
    await onboarded_athlete(harness.db, UMA, clock.now(), first_name="Uma", athlete_profile=ultra)
    return harness.user(UMA, "Uma")


async def _how_long(harness: StrideHarness, user: EmulatedUser) -> MessageView:
    """/log, Done, RPE 7: the duration question."""
    message = (await harness.say(user, "/log"))[0]
    message = await harness.press(user, message, "✅ Done")
    message = await harness.press(user, message, "7")
    assert "How long" in message.text, message.text
    return message


async def test_an_ultra_runner_types_28_hours(harness: StrideHarness, uma: EmulatedUser) -> None:
    await _how_long(harness, uma)
    [reply] = await harness.say(uma, "28h")
    assert "Where did you run" in reply.text, reply.text
    [reply] = await harness.say(uma, "trail")
    [reply] = await harness.say(uma, "no")
    assert "28 h" in reply.text, reply.text
    [stored] = await harness.db.runlogs.logs_between(UMA, *EVER)
    assert stored.log.duration_min == 28 * 60


async def test_a_10k_runner_typing_20_hours_is_asked_about_a_typo(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    await _how_long(harness, alice)
    [reply] = await harness.say(alice, "20h")
    assert "more than 6 hours: is that a typo?" in reply.text
    assert await harness.db.runlogs.logs_between(ALICE, *EVER) == []
    [reply] = await harness.say(alice, "1h05")  # the question is still open
    assert "Where did you run" in reply.text
