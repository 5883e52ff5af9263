"""§7b after pain, as the athlete meets it: the morning check-in asks about an open pain
until it closes, an answer of 0 starts a week of easy running, a pain under 4/10 that has
not settled overnight takes the intensity out, and 5/10 is no running at all.

Alice is the track athlete of tests.support.journal: Tuesday 1 December 2026 (TRACK_DAY) is
6 x 400 m on the track. Her knee hurt on the Monday evening."""

from __future__ import annotations

from datetime import timedelta

import pytest

from botapi_emulator import EmulatedUser
from coach.models import PainFlag, SessionKind
from scheduler.clock import ManualClock
from services.coaching import CoachingService
from tests.support.harness import StrideHarness
from tests.support.journal import TRACK_DAY, TRACK_MORNING, track_athlete

MONDAY = TRACK_DAY - timedelta(days=1)
CHECKIN = "/checkin slept 7h, quality 4, soreness 2"


@pytest.fixture
async def alice(harness: StrideHarness, clock: ManualClock) -> EmulatedUser:
    await track_athlete(harness.db, 1001, clock.now())
    clock.set(TRACK_MORNING)
    return harness.user(1001, "Alice")


async def knee(harness: StrideHarness, score: int) -> None:
    flag = PainFlag(reported_on=MONDAY, where="knee", score=score)
    await harness.db.pains.report_pain_at(1001, flag, TRACK_MORNING - timedelta(hours=12))


async def test_the_check_in_asks_about_the_knee_and_gone_means_a_week_of_easy_running(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    await knee(harness, 5)
    replies = await harness.say(alice, CHECKIN)
    assert replies[0].text.startswith("✅ Checked in")
    question = replies[-1]
    assert question.text.startswith("🩹 And your knee: it was 5/10. How is it this morning?")
    assert "0" in question.button_texts

    answered = await harness.press(alice, question, "0")
    assert "Glad the knee is better: marked as gone." in answered.text
    assert (
        "your knee pain cleared on Tuesday: a week of easy running first, so 6 x 400 m became"
        in answered.text
    )
    assert "Easy running only until Tuesday 8 Dec" in answered.text
    assert await harness.db.pains.pains(1001, open_only=True) == []

    # The rest of the week has no intensity; a week on, it is back.
    coach = CoachingService(harness.db)
    for days in range(1, 7):
        day = await coach.day(1001, TRACK_MORNING + timedelta(days=days))
        assert day is not None
        assert not any(s.hard for s in day.sessions), day.today
    # The next morning's check-in has nothing left to ask.
    clock.set(TRACK_MORNING + timedelta(days=1))
    replies = await harness.say(alice, CHECKIN)
    assert not any("🩹" in r.text for r in replies)


async def test_a_3_10_knee_not_settled_overnight_takes_the_intensity_out(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    await knee(harness, 3)
    question = (await harness.say(alice, CHECKIN))[-1]
    assert question.text.startswith("🩹 And your knee: it was 3/10.")
    answered = await harness.press(alice, question, "3")
    assert "Noted: knee 3/10." in answered.text
    assert "pain 3/10 (knee) not settled overnight, so 6 x 400 m became" in answered.text


async def test_a_3_10_knee_that_settled_keeps_the_track_session(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    await knee(harness, 3)
    question = (await harness.say(alice, CHECKIN))[-1]
    answered = await harness.press(alice, question, "1")
    assert "Noted: knee 1/10." in answered.text
    assert "Adjusted" not in answered.text
    assert "Track: 6 x 400 m" in answered.text


async def test_at_5_10_there_is_no_easy_run_only_rest_or_cross_training(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    await knee(harness, 5)
    [today] = await harness.say(alice, "/today")
    assert "no running today" in today.text
    day = await CoachingService(harness.db).day(1001, TRACK_MORNING)
    assert day is not None
    assert [s.kind for s in day.sessions] == [SessionKind.CROSS]
