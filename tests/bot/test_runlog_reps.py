"""A session cut short by reps ("only 4 reps") is logged partly done with a time estimated
from the plan (warm-up and cool-down in full, the reps run), so its load counts."""

from __future__ import annotations

import pytest

from botapi_emulator import EmulatedUser
from coach.models import RunStatus
from scheduler.clock import ManualClock
from tests.support.harness import StrideHarness
from tests.support.journal import TRACK_DAY, TRACK_MORNING, track_athlete


@pytest.fixture
async def alice(harness: StrideHarness, clock: ManualClock) -> EmulatedUser:
    await track_athlete(harness.db, 1001, clock.now())
    clock.set(TRACK_MORNING)
    return harness.user(1001, "Alice")


async def test_only_four_reps_gets_a_time_and_its_load_counts(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    [reply] = await harness.say(alice, "did the track session but only 4 reps, rpe 8")
    assert reply.text.startswith("✅ Logged for Tue 1 Dec: Track: 6 x 400 m at 1:49")
    assert "partly done · 53 min · RPE 8 · track · 4 reps" in reply.text
    # 15 min warm-up and 25 min cool-down in full, 4 of the 6 reps with their recoveries
    assert "Load: 427 (RPE 8 × 53 min, time estimated" in reply.text
    [log] = await harness.db.runlogs.logs_between(1001, TRACK_DAY, TRACK_DAY)
    assert log.log.status is RunStatus.PARTLY
    assert log.log.duration_min == pytest.approx(53.4)


async def test_only_three_reps_without_an_rpe_asks_it_then_counts(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    [reply] = await harness.say(alice, "only 3 reps")
    assert "partly done · 50 min · track · 3 reps" in reply.text  # half of the main set
    assert "Load: not counted yet. How hard was it? Tap its RPE" in reply.text
    answered = await harness.press(alice, reply, "7")
    assert "Load: 350 (RPE 7 × 50 min, time estimated" in answered.text, answered.text
    [log] = await harness.db.runlogs.logs_between(1001, TRACK_DAY, TRACK_DAY)
    assert (log.log.status, log.log.rpe) == (RunStatus.PARTLY, 7)
