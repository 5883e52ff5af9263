"""Illness as an athlete meets it (COACHING.md §7b): /sick and the neck check, "flu, fever"
typed at the check-in, the daily check instead of the morning session, "better" and the
graded return, stale buttons, and a restart between the question and its answer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from botapi_emulator import EmulatedUser, MessageView
from coach.illness import Illness
from scheduler.clock import ManualClock
from tests.support.harness import StrideHarness
from tests.support.journal import TRACK_DAY, TRACK_MORNING, track_athlete

ABOVE = "Above the neck only (runny nose, sore throat)"
BELOW = "Below the neck (fever, chest, aches, stomach)"
BETTER = "💪 Better, back to running"
STILL = "🤒 Still ill"


@pytest.fixture
async def alice(harness: StrideHarness, clock: ManualClock) -> EmulatedUser:
    await track_athlete(harness.db, 1001, clock.now())
    clock.set(TRACK_MORNING)
    return harness.user(1001, "Alice")


async def _today(harness: StrideHarness, alice: EmulatedUser) -> str:
    return (await harness.say(alice, "/today"))[0].text


async def _morning_push(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> MessageView:
    """The track day's morning push, as the scheduler sends it."""
    scheduler = harness.deps.scheduler
    assert scheduler is not None
    clock.set(TRACK_MORNING - timedelta(hours=2))
    await scheduler.tick_now()
    clock.set(TRACK_MORNING - timedelta(minutes=89))  # 06:31 in Paris
    await scheduler.tick_now()
    await harness.settle()
    return alice.last()


async def test_sick_below_the_neck_means_no_running(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    question = (await harness.say(alice, "/sick"))[0]
    assert "where are the symptoms" in question.text
    assert await harness.db.illnesses.current(1001) == Illness(TRACK_DAY), "recorded at once"
    answered = await harness.press(alice, question, BELOW)
    assert "no running until you're better" in answered.text
    assert answered.buttons == []
    assert await harness.db.illnesses.current(1001) == Illness(TRACK_DAY, above_neck=False)
    today = await _today(harness, alice)
    assert "no running today" in today
    assert "6 x 400" not in today, "no session while ill below the neck"


async def test_sick_above_the_neck_allows_easy_running_only(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    question = (await harness.say(alice, "/sick"))[0]
    answered = await harness.press(alice, question, ABOVE)
    assert "Easy running is fine if you feel up to it" in answered.text
    assert "6 x 400" not in answered.text, "the track session is not on today"
    assert "Easy run" in answered.text
    today = await _today(harness, alice)
    assert "easy running only" in today
    assert "Track" not in today


async def test_flu_and_fever_typed_at_the_check_in_answer_the_neck_check(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    checkin = (await harness.say(alice, "/checkin"))[0]
    replies = await harness.say(alice, "flu, fever")
    assert len(replies) == 1
    assert "no running until you're better" in replies[0].text
    assert await harness.db.illnesses.current(1001) == Illness(TRACK_DAY, above_neck=False)
    old = harness.emu.message(checkin.chat_id, checkin.message_id)
    assert old.buttons == [], "the check-in question is closed"
    assert await harness.db.checkins.checkin_on(1001, TRACK_DAY) is None, "not a check-in"


@pytest.mark.parametrize("text", ["I'm sick", "cold", "got a cold"])
async def test_illness_words_alone_ask_the_neck_check(
    harness: StrideHarness, alice: EmulatedUser, text: str
) -> None:
    replies = await harness.say(alice, text)
    assert "where are the symptoms" in replies[0].text
    assert [b.text for row in replies[0].buttons for b in row] == [ABOVE, BELOW]
    answered = (await harness.say(alice, "just a runny nose"))[-1]
    assert "symptoms above the neck only" in answered.text
    assert await harness.db.illnesses.current(1001) == Illness(TRACK_DAY, above_neck=True)


async def test_no_session_is_pushed_while_ill_only_a_daily_check(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    clock.set(TRACK_MORNING - timedelta(hours=12))  # Monday evening
    await harness.say(alice, "/sick fever")
    push = await _morning_push(harness, alice, clock)
    assert "How are you feeling today?" in push.text
    assert "6 x 400" not in push.text
    assert "Track" not in push.text
    assert [b.text for row in push.buttons for b in row] == [BETTER, STILL]
    still = await harness.press(alice, push, STILL)
    assert "Rest up" in still.text
    assert await harness.db.illnesses.current(1001) is not None


async def test_better_ends_it_and_plans_the_graded_return(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    clock.set(datetime(2026, 11, 21, 9, 0, tzinfo=UTC))  # ten days before the track day
    await harness.say(alice, "/sick flu")
    clock.set(TRACK_MORNING)
    replies = await harness.say(alice, "feeling better")
    text = replies[0].text
    assert "Welcome back after 10 days ill" in text
    assert "easy running only until Monday 7 Dec" in text, "as many days as ill, at most 7"
    assert "6 x 400" not in text
    assert await harness.db.illnesses.current(1001) is None
    (period,) = await harness.db.illnesses.periods(1001)
    assert period == Illness(date(2026, 11, 21), above_neck=False, ended_on=TRACK_DAY)
    plan = await harness.db.plans.current(1001)
    assert plan is not None
    assert plan.comeback is not None
    assert (plan.comeback.cause, plan.comeback.easy_until) == ("illness", date(2026, 12, 7))
    hard = [
        s
        for w in plan.weeks
        for s in w.sessions
        if TRACK_DAY <= s.date <= date(2026, 12, 7) and s.hard
    ]
    assert hard == [], "no hard session in the first days back"
    assert "Track" not in await _today(harness, alice)
    why = (await harness.say(alice, "/why"))[0].text
    assert "Back after 10 days ill: easy running only for 7 days" in why


async def test_the_daily_check_better_button_plans_the_return(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    clock.set(TRACK_MORNING - timedelta(days=3))
    await harness.say(alice, "/sick fever")
    push = await _morning_push(harness, alice, clock)
    back = await harness.press(alice, push, BETTER)
    assert "Welcome back after 3 days ill" in back.text
    assert "easy running only until Thursday 3 Dec" in back.text
    assert await harness.db.illnesses.current(1001) is None


async def test_better_when_not_ill_changes_nothing(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    before = await harness.db.plans.current(1001)
    replies = await harness.say(alice, "/better")
    assert "You're not down as ill" in replies[0].text
    assert await harness.db.plans.current(1001) == before
    assert await harness.db.illnesses.periods(1001) == []


async def test_stale_illness_buttons_change_nothing(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    question = (await harness.say(alice, "/sick"))[0]
    await harness.press(alice, question, BELOW)
    clock.set(TRACK_MORNING + timedelta(days=1))
    await harness.say(alice, "/sick")  # a second question: the first one is stale anyway
    await alice.press(question, ABOVE)
    await harness.settle()
    assert "expired" in (alice.callback_answers()[-1].text or "")
    assert await harness.db.illnesses.current(1001) == Illness(TRACK_DAY, above_neck=False)

    await harness.say(alice, "/better")
    forged = (await harness.say(alice, "/sick"))[0]
    await harness.say(alice, "/better")
    await alice.press(forged, BELOW)  # the period it asked about is over
    await harness.settle()
    assert "expired" in (alice.callback_answers()[-1].text or "")
    assert await harness.db.illnesses.current(1001) is None


async def test_yesterdays_daily_check_is_stale(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    clock.set(TRACK_MORNING - timedelta(hours=12))
    await harness.say(alice, "/sick fever")
    push = await _morning_push(harness, alice, clock)
    clock.set(TRACK_MORNING + timedelta(days=1))
    await alice.press(push, BETTER)
    await harness.settle()
    assert "expired" in (alice.callback_answers()[-1].text or "")
    assert await harness.db.illnesses.current(1001) is not None


async def test_a_restart_between_the_neck_question_and_its_answer(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    question = (await harness.say(alice, "/sick"))[0]
    await harness.restart()
    answered = await harness.press(alice, question, ABOVE)
    assert "symptoms above the neck only" in answered.text
    assert await harness.db.illnesses.current(1001) == Illness(TRACK_DAY, above_neck=True)


async def test_a_gibberish_answer_to_the_neck_question_changes_nothing(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    await harness.say(alice, "/sick")
    replies = await harness.say(alice, "🙈")
    assert "Where are the symptoms?" in replies[-1].text
    assert await harness.db.illnesses.current(1001) == Illness(TRACK_DAY)


async def test_a_log_that_mentions_a_cold_is_logged_and_asks_the_neck_check(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    replies = await harness.say(alice, "ran 30 min easy, got a cold")
    assert len(replies) == 2
    assert "where are the symptoms" in replies[-1].text
    logs = await harness.db.runlogs.logs_between(1001, TRACK_DAY, TRACK_DAY)
    assert [s.log.duration_min for s in logs] == [30.0], "nothing the athlete sent is lost"
    assert await harness.db.illnesses.current(1001) == Illness(TRACK_DAY)


async def test_a_log_waiting_for_its_own_answer_keeps_it_beside_the_neck_check(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    """Nothing the athlete sent is lost: the log's question and the neck check both work."""
    clarify, neck = await harness.say(alice, "ran 20h rpe 4, got a cold")
    assert "20 h or 20 min?" in clarify.text
    assert "where are the symptoms" in neck.text
    answered = await harness.press(alice, neck, BELOW)
    assert "no running until you're better" in answered.text
    logged = await harness.press(alice, clarify, "20 min")
    assert "Logged for Tue 1 Dec" in logged.text
    (stored,) = await harness.db.runlogs.logs_between(1001, TRACK_DAY, TRACK_DAY)
    assert stored.log.duration_min == 20.0
    assert await harness.db.illnesses.current(1001) == Illness(TRACK_DAY, above_neck=False)


async def test_the_sunday_summary_while_ill_plans_no_week_until_better(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    """§7b: while ill, the Sunday summary no longer lists next week's intervals and tempo;
    the way back is planned when the athlete says they are better."""
    from bot.render.summary import weekly_summary
    from coach.models import RunLog, RunStatus

    await harness.db.runlogs.add_log(
        1001, RunLog(date=TRACK_DAY, status=RunStatus.DONE, duration_min=30, rpe=3), clock.now()
    )
    question = (await harness.say(alice, "/sick"))[0]
    await harness.press(alice, question, BELOW)
    sunday = TRACK_DAY + timedelta(days=5)
    review = await harness.deps.services.weekly.review(1001, sunday, clock.now())
    assert review is not None
    assert review.ill
    text = weekly_summary(review)
    assert "rest until you feel better" in text
    assert "Intervals" not in text
    assert "Tempo" not in text
