"""/pain as an athlete meets it: typed or by buttons, what the coach changes, the physio
advice after a week, "it's gone", and bad input that changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from botapi_emulator import EmulatedUser
from scheduler.clock import ManualClock
from tests.support.athletes import onboarded_athlete
from tests.support.harness import StrideHarness
from tests.support.journal import TRACK_DAY, TRACK_MORNING, journal_state, track_athlete


@pytest.fixture
async def alice(harness: StrideHarness, clock: ManualClock) -> EmulatedUser:
    await track_athlete(harness.db, 1001, clock.now())
    clock.set(TRACK_MORNING)
    return harness.user(1001, "Alice")


async def test_typed_pain_takes_the_intensity_out_and_says_so(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    replies = await harness.say(alice, "/pain knee 5/10")
    assert len(replies) == 1
    text = replies[0].text
    assert "Noted: knee 5/10" in text
    # §7b: from 5/10 no running at all, rest or cross-training
    assert "no running today" in text, "what changes, from the coach"
    assert "6 x 400 m became 40 min cross-training" in text, "today's session is replaced"
    assert "not medical advice" in text
    (flag,) = await harness.db.pains.pains(1001, open_only=True)
    assert (flag.where, flag.score, flag.reported_on) == ("knee", 5, TRACK_DAY)


async def test_pain_by_buttons_below_four_keeps_the_plan(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    message = (await harness.say(alice, "/pain"))[0]
    assert "Where does it hurt" in message.text
    message = await harness.press(alice, message, "Achilles")
    assert "How much does the achilles hurt" in message.text
    message = await harness.press(alice, message, "2")
    assert message.edit_count == 2
    assert "Noted: achilles 2/10" in message.text
    assert "Below 4/10 the plan stays as it is" in message.text
    assert "Track: 6 x 400 m" in message.text
    assert "not medical advice" in message.text
    assert [(p.where, p.score) for p in await harness.db.pains.pains(1001)] == [("achilles", 2)]


async def test_free_text_pain_is_recorded(harness: StrideHarness, alice: EmulatedUser) -> None:
    replies = await harness.say(alice, "left knee hurts 6/10")
    assert "Noted: left knee 6/10" in replies[0].text
    assert [(p.where, p.score) for p in await harness.db.pains.pains(1001)] == [("left knee", 6)]


async def test_a_place_without_a_score_asks_how_much(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    question = (await harness.say(alice, "/pain left shin"))[0]
    assert "How much does the left shin hurt" in question.text
    assert await harness.db.pains.pains(1001) == []
    replies = await harness.say(alice, "4")
    assert "Noted: left shin 4/10" in replies[-1].text
    assert [(p.where, p.score) for p in await harness.db.pains.pains(1001)] == [("left shin", 4)]


async def test_pain_lasting_more_than_a_week_suggests_a_physio(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    clock.set(datetime(2026, 11, 21, 9, 0, tzinfo=UTC))
    await harness.say(alice, "/pain knee 5/10")
    clock.set(TRACK_MORNING)  # ten days later, still there
    replies = await harness.say(alice, "/pain knee 3/10")
    assert "physiotherapist or a doctor" in replies[0].text
    pains = await harness.db.pains.pains(1001)
    assert [(p.score, p.resolved_on) for p in pains] == [(5, TRACK_DAY), (3, None)]
    assert pains[-1].reported_on == date(2026, 11, 21), "the pain counts from its first report"


async def test_zero_means_gone_and_all_gone_clears_everything(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    await harness.say(alice, "/pain knee 5/10")
    await harness.say(alice, "/pain hip 2/10")
    replies = await harness.say(alice, "/pain knee 0")
    assert "Glad the knee is better" in replies[0].text
    assert [p.where for p in await harness.db.pains.pains(1001, open_only=True)] == ["hip"]

    message = (await harness.say(alice, "/pain"))[0]
    message = await harness.press(alice, message, "✅ All my pain is gone")
    assert "Marked every pain as gone" in message.text
    assert await harness.db.pains.pains(1001, open_only=True) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/pain knee 11/10", "0 to 10"),
        ("/pain 🦵🦵", "where it hurts"),
        ("/pain " + "knee " * 1000, "too long"),
    ],
    ids=["score-11", "emoji", "5000-chars"],
)
async def test_bad_pain_reports_change_nothing(
    harness: StrideHarness, alice: EmulatedUser, text: str, expected: str
) -> None:
    before = await journal_state(harness.db, 1001)
    replies = await harness.say(alice, text)
    assert expected in replies[0].text
    assert await journal_state(harness.db, 1001) == before


async def test_bad_answers_to_the_pain_questions_change_nothing(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    await harness.say(alice, "/pain knee")
    before = await journal_state(harness.db, 1001)
    assert "0 to 10" in (await harness.say(alice, "12"))[-1].text
    assert "0 to 10" in (await harness.say(alice, "🙈"))[-1].text
    await alice.send_photo(b"not a picture")
    await harness.settle()
    assert await journal_state(harness.db, 1001) == before


async def test_old_or_foreign_pain_buttons_change_nothing(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    await onboarded_athlete(harness.db, 2002, clock.now(), first_name="Bob")
    bob = harness.user(2002, "Bob")
    message = (await harness.say(alice, "/pain"))[0]
    before = await journal_state(harness.db, 1001)
    await bob.press(message, "Knee")
    await harness.settle()
    assert "isn't for you" in (bob.callback_answers()[-1].text or "")

    clock.set(TRACK_MORNING + timedelta(days=7))
    await alice.press(message, "Knee")
    await harness.settle()
    assert "expired" in (alice.callback_answers()[-1].text or "")
    assert await journal_state(harness.db, 1001) == before
