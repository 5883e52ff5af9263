"""The athlete's last word, through the real Application: /skip, /swap, /pause, /resume, and
the Skip and Swap buttons of /today and of the morning push.

The athlete is the 10K runner of tests.support.athletes with a recent race
(``raced_profile``: no time trial), onboarded on Saturday 21 November 2026. The week of
23 November: Mon rest, Tue hill repeats (hard), Wed rest, Thu easy trail, Fri rest, Sat easy
road, Sun long run (hard).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.keyboards import push as push_keys
from bot.render.sessions import morning_push
from botapi_emulator import EmulatedUser, MessageView
from coach.models import AdjustmentKind, RunStatus, SessionKind, Surface
from coach.rules import RULES
from scheduler.clock import ManualClock
from services.coaching import CoachingService
from services.control import resume_factor
from storage.tables import PlanRow
from tests.support.athletes import onboarded_athlete, raced_profile
from tests.support.harness import StrideHarness

ALICE, BOB = 1001, 1002
SATURDAY = date(2026, 11, 21)
TUESDAY = date(2026, 11, 24)


def at(day: date, hour: int = 7) -> datetime:
    """``hour`` UTC on ``day`` (08:00 or 09:00 in Paris)."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


async def plan_versions(h: StrideHarness, athlete_id: int) -> int:
    async with h.db.sessions() as session:
        stmt = select(func.count()).select_from(PlanRow).where(PlanRow.athlete_id == athlete_id)
        return int((await session.execute(stmt)).scalar_one())


async def kinds_on(h: StrideHarness, day: date) -> list[SessionKind]:
    plan = await h.db.plans.current(ALICE)
    assert plan is not None
    return [s.kind for s in plan.sessions_on(day)]


async def state(h: StrideHarness, athlete_id: int = ALICE) -> tuple[object, ...]:
    """Everything a refused request must leave as it was."""
    record = await h.db.athletes.get(athlete_id)
    assert record is not None
    plan = await h.db.plans.current(athlete_id)
    logs = await h.db.runlogs.logs_between(athlete_id, date(2026, 1, 1), date(2027, 12, 31))
    adjustments = await h.db.adjustments.adjustments(athlete_id)
    return (
        record.status,
        plan,
        await plan_versions(h, athlete_id),
        [s.log for s in logs],
        [a.adjustment for a in adjustments],
    )


async def send_push(h: StrideHarness, user: EmulatedUser, now: datetime) -> MessageView:
    """The morning push as the scheduler composes it (text and keyboard), sent by the bot."""
    day = await CoachingService(h.db).day(user.id, now)
    assert day is not None
    assert h.app is not None
    keyboard = push_keys.morning(day.today, rest_day=day.is_rest_day)
    await h.app.bot.send_message(
        user.chat_id, morning_push(day), parse_mode="HTML", reply_markup=keyboard
    )
    await h.settle()
    return user.last()


@pytest.fixture
async def alice(harness: StrideHarness, clock: ManualClock) -> EmulatedUser:
    await onboarded_athlete(harness.db, ALICE, clock.now(), athlete_profile=raced_profile())
    assert await kinds_on(harness, TUESDAY) == [SessionKind.HILLS], "the week the tests assume"
    return harness.user(ALICE, "Alice", started=True)


# --- skip --------------------------------------------------------------------------------------


async def test_skip_with_a_typed_reason_records_a_skipped_log_and_an_adjustment(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    versions = await plan_versions(harness, ALICE)
    [reply] = await harness.say(alice, "/skip legs feel like lead")
    assert reply.text.startswith("⏭ Skipped today's")
    assert "Reason: legs feel like lead." in reply.text

    [log] = await harness.db.runlogs.logs_between(ALICE, SATURDAY, SATURDAY)
    assert log.log.status is RunStatus.SKIPPED
    assert log.log.note == "legs feel like lead"
    assert log.raw_text == "/skip legs feel like lead"
    [adjustment] = await harness.db.adjustments.adjustments(ALICE)
    assert adjustment.adjustment.kind is AdjustmentKind.SKIPPED
    assert await plan_versions(harness, ALICE) == versions + 1
    assert await kinds_on(harness, SATURDAY) == [SessionKind.REST]

    [week] = await harness.say(alice, "/week")
    assert "⏭ Sat 21  Skipped (legs feel like lead)" in week.text
    [today] = await harness.say(alice, "/today")
    assert "Adjusted: you skipped Saturday's" in today.text


async def test_skip_by_buttons_and_a_second_press_changes_nothing(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    [ask] = await harness.say(alice, "/skip")
    assert ask.text.startswith("Skip today's")
    assert "🤒 Ill" in ask.button_texts
    assert "↩️ Keep the session" in ask.button_texts
    done = await harness.press(alice, ask, "🤒 Ill")
    assert done.text.startswith("⏭ Skipped today's")
    assert "Reason: feeling ill." in done.text
    assert "/pause" in done.text
    assert done.buttons == []
    before = await state(harness)

    await harness.press(alice, ask, "😴 Tired")  # the stale list the athlete still sees
    assert alice.callback_answers()[-1].text == "Today's session is already skipped. Rest well!"
    assert await state(harness) == before
    [again] = await harness.say(alice, "/skip tired")
    assert "already skipped" in again.text
    assert await state(harness) == before


async def test_keep_the_session_changes_nothing(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    before = await state(harness)
    [ask] = await harness.say(alice, "/skip")
    kept = await harness.press(alice, ask, "↩️ Keep the session")
    assert kept.text.startswith("👍 Kept")
    assert await state(harness) == before


async def test_skip_on_a_rest_day_is_refused_kindly(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    clock.set(at(date(2026, 11, 23)))  # Monday: rest
    before = await state(harness)
    [reply] = await harness.say(alice, "/skip")
    assert reply.text == "Today is a rest day: there is nothing to skip. Enjoy it!"
    [reply] = await harness.say(alice, "/skip tired")
    assert "rest day" in reply.text
    assert await state(harness) == before


async def test_skipping_a_hard_session_reschedules_it_when_48h_allows(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    clock.set(at(TUESDAY))
    [reply] = await harness.say(alice, "/skip busy")
    assert await kinds_on(harness, TUESDAY) == [SessionKind.REST]
    kinds = [a.adjustment.kind for a in await harness.db.adjustments.adjustments(ALICE)]
    assert AdjustmentKind.SKIPPED in kinds
    plan = await harness.db.plans.current(ALICE)
    assert plan is not None
    week = plan.week_of(TUESDAY)
    assert week is not None
    hills = [s for s in week.sessions if s.kind is SessionKind.HILLS]
    if AdjustmentKind.MOVED in kinds:  # moved to a later easy day, never onto Wednesday
        assert len(hills) == 1
        assert hills[0].date > TUESDAY + timedelta(days=1)
        assert "↪️" in reply.text
    else:
        assert hills == []


# --- swap --------------------------------------------------------------------------------------


async def test_swap_is_refused_when_it_breaks_48h_and_accepted_otherwise(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    clock.set(at(TUESDAY))
    [ask] = await harness.say(alice, "/swap")
    assert ask.text.startswith("Move today's")
    labels = ask.button_texts
    assert labels[0].startswith("Wed 25")
    assert labels[-2].startswith("Sun 29")
    before = await state(harness)

    # Hills on Saturday would sit right before Sunday's long run: refused, nothing changes.
    saturday = next(label for label in labels if label.startswith("Sat 28"))
    replies_before = len(alice.messages())
    await harness.press(alice, ask, saturday)
    refusal = alice.messages()[replies_before:]
    assert len(refusal) == 1
    assert refusal[0].text.startswith("🙅 Can't swap Tuesday and Saturday")
    assert "within 48 h of" in refusal[0].text
    assert await state(harness) == before

    # Wednesday is a rest day three days after Sunday's long run: accepted.
    versions = await plan_versions(harness, ALICE)
    done = await harness.press(alice, ask, "Wed 25 · Rest")
    assert done.text.startswith("🔀 Done: you swapped Tuesday and Wednesday")
    assert await plan_versions(harness, ALICE) == versions + 1
    assert await kinds_on(harness, TUESDAY) == [SessionKind.REST]
    assert await kinds_on(harness, date(2026, 11, 25)) == [SessionKind.HILLS]
    [adjustment, *_] = await harness.db.adjustments.adjustments(ALICE)
    assert adjustment.adjustment.kind is AdjustmentKind.SWAPPED

    [week] = await harness.say(alice, "/week")
    lines = week.text.splitlines()
    assert "👉 Tue 24  Rest · today" in lines
    assert any(line.startswith("◻️ Wed 25  Hill repeats") for line in lines)

    # The old list no longer matches the week: a second choice from it is refused.
    after = await state(harness)
    await harness.press(alice, ask, "Fri 27 · Rest")
    assert "changed since that list" in alice.last().text
    assert await state(harness) == after


async def test_swap_by_a_typed_day_and_to_a_day_that_has_passed(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    clock.set(at(date(2026, 11, 26)))  # Thursday
    before = await state(harness)
    [reply] = await harness.say(alice, "/swap tue")
    assert "Tuesday has passed" in reply.text
    [reply] = await harness.say(alice, "/swap someday")
    assert "/swap thu" in reply.text
    assert await state(harness) == before

    [reply] = await harness.say(alice, "/swap fri")  # easy trail run onto a rest day
    assert reply.text.startswith("🔀 Done")
    assert await kinds_on(harness, date(2026, 11, 27)) == [SessionKind.EASY]


async def test_swap_on_sunday_has_no_day_left(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    clock.set(at(date(2026, 11, 29)))
    [reply] = await harness.say(alice, "/swap")
    assert "last day of the week" in reply.text
    assert reply.buttons == []


async def test_buttons_from_last_weeks_message_have_expired(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    [swap_list] = await harness.say(alice, "/swap")
    [skip_list] = await harness.say(alice, "/skip")
    [today] = await harness.say(alice, "/today")
    before = await state(harness)
    clock.set(at(date(2026, 11, 28)))  # a week later, on Saturday again
    await harness.press(alice, swap_list, swap_list.button_texts[0])
    await harness.press(alice, skip_list, "😴 Tired")
    await harness.press(alice, today, "⏭ Skip")
    answers = alice.callback_answers()[-3:]
    assert all(
        a.show_alert and a.text and "from Saturday 21 Nov" in a.text and "expired" in a.text
        for a in answers
    )
    assert await state(harness) == before


async def test_buttons_of_another_athletes_message_are_refused(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    await onboarded_athlete(harness.db, BOB, clock.now(), first_name="Bob")
    bob = harness.user(BOB, "Bob", started=True)
    push = await send_push(harness, alice, clock.now())
    [skip_list] = await harness.say(alice, "/skip")
    before_alice, before_bob = await state(harness, ALICE), await state(harness, BOB)
    await harness.press(bob, push, "⏭ Skip")
    await harness.press(bob, skip_list, "😴 Tired")
    answers = bob.callback_answers()
    assert [a.text for a in answers] == ["That button isn't for you."] * 2
    assert await state(harness, ALICE) == before_alice
    assert await state(harness, BOB) == before_bob
    assert len(bob.messages()) == 0


# --- the morning push's buttons -----------------------------------------------------------------


async def test_push_skip_asks_why_then_skips(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    push = await send_push(harness, alice, clock.now())
    count = len(alice.messages())
    await harness.press(alice, push, "⏭ Skip")
    [ask] = alice.messages()[count:]
    assert ask.text.startswith("Skip today's")
    done = await harness.press(alice, ask, "⏰ No time")
    assert "Reason: no time." in done.text
    [log] = await harness.db.runlogs.logs_between(ALICE, SATURDAY, SATURDAY)
    assert log.log.status is RunStatus.SKIPPED
    assert log.log.note == "no time"
    assert alice.last().message_id == ask.message_id  # the push itself is left as it was
    assert harness.emu.message(push.chat_id, push.message_id).text == push.text


async def test_push_swap_offers_the_days_left(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    clock.set(at(TUESDAY))
    push = await send_push(harness, alice, clock.now())
    count = len(alice.messages())
    await harness.press(alice, push, "🔀 Swap")
    [ask] = alice.messages()[count:]
    assert ask.text.startswith("Move today's")
    thursday = next(label for label in ask.button_texts if label.startswith("Thu 26 · Easy"))
    done = await harness.press(alice, ask, thursday)
    assert done.text.startswith("🔀 Done")
    assert await kinds_on(harness, date(2026, 11, 26)) == [SessionKind.HILLS]


async def test_a_push_button_from_a_past_day_says_it_expired(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    clock.set(at(TUESDAY))
    push = await send_push(harness, alice, clock.now())
    clock.set(at(date(2026, 11, 25)))
    before = await state(harness)
    count = len(alice.messages())
    await harness.press(alice, push, "⏭ Skip")
    await harness.press(alice, push, "🔀 Swap")
    for answer in alice.callback_answers()[-2:]:
        assert answer.show_alert
        assert answer.text is not None
        assert answer.text.startswith("This button is from Tuesday 24 Nov")
    assert len(alice.messages()) == count
    assert await state(harness) == before


# --- pause / resume ------------------------------------------------------------------------------


async def test_pause_and_resume_the_same_day_keeps_the_plan(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    clock.set(at(TUESDAY))
    await harness.say(alice, "/swap wed")
    [reply] = await harness.say(alice, "/pause")
    assert reply.text.startswith("⏸ Coaching paused")
    assert await harness.db.athletes.count("paused") == 1
    [reply] = await harness.say(alice, "/pause")
    assert "already paused" in reply.text
    [today] = await harness.say(alice, "/today")
    assert "Coaching is paused" in today.text
    assert today.buttons == []

    versions = await plan_versions(harness, ALICE)
    clock.advance(timedelta(hours=3))
    [reply] = await harness.say(alice, "/resume")
    assert "didn't miss a day" in reply.text
    assert await harness.db.athletes.count("active") == 1
    assert await plan_versions(harness, ALICE) == versions
    assert await kinds_on(harness, date(2026, 11, 25)) == [SessionKind.HILLS]  # swap kept


async def test_resume_after_two_weeks_rebuilds_the_plan_from_today_and_lower(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    clock.set(at(TUESDAY))
    old = await harness.db.plans.current(ALICE)
    assert old is not None
    await harness.say(alice, "/pause")
    back = date(2026, 12, 9)  # a Wednesday, 15 days later
    clock.set(at(back))
    [reply] = await harness.say(alice, "/resume")
    assert "You were away 15 days, so I've rebuilt your plan from today, Wed 9 Dec" in reply.text
    assert f"about {resume_factor(15):.0%} of your earlier volume" in reply.text
    assert await harness.db.athletes.count("active") == 1

    new = await harness.db.plans.current(ALICE)
    assert new is not None
    assert new != old
    next_monday = date(2026, 12, 14)
    old_week, new_week = old.week_of(next_monday), new.week_of(next_monday)
    assert old_week is not None
    assert new_week is not None
    assert new_week.run_minutes < old_week.run_minutes
    assert new.race_date == old.race_date  # the race stays where it is
    # Days before the resume keep what was planned (history is not rewritten).
    assert new.sessions_on(date(2026, 12, 8)) == old.sessions_on(date(2026, 12, 8))

    [reply] = await harness.say(alice, "/resume")
    assert "isn't paused" in reply.text


async def test_the_first_days_back_from_a_long_pause_are_easy(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    """§9, §7b: back from a holiday, the first days hold no hard session and the first long
    run is capped (a simulated holiday ended in a 2 h 35 long run with M work)."""
    clock.set(at(TUESDAY))
    old = await harness.db.plans.current(ALICE)
    assert old is not None
    await harness.say(alice, "/pause")

    def window(first: date) -> list[date]:
        return [first + timedelta(days=k) for k in range(RULES.pause_easy_days)]

    # Back 9+ days later, on a day whose next days the plan had hard work on.
    back = next(
        d
        for d in (date(2026, 12, 3) + timedelta(days=k) for k in range(14))
        if any(s.hard for day in window(d) for s in old.sessions_on(day))
    )
    clock.set(at(back))
    await harness.say(alice, "/resume")
    new = await harness.db.plans.current(ALICE)
    assert new is not None
    assert new.comeback is not None
    days = window(back)
    first_days = [s for d in days for s in new.sessions_on(d) if s.is_run]
    assert first_days
    assert not any(s.hard for s in first_days), [s.title for s in first_days]
    [today] = await harness.say(alice, "/today")
    assert "Tempo" not in today.text
    assert "Intervals" not in today.text


async def test_no_morning_push_while_paused_and_pushes_again_after_resume(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    from bot.pushes import PushComposer
    from scheduler.delivery import Dispatcher, TelegramSender

    assert harness.app is not None
    await harness.db.deliveries.reschedule(ALICE, clock.now())
    dispatcher = Dispatcher(
        harness.db, PushComposer(harness.db), TelegramSender(harness.app.bot), clock
    )
    await harness.say(alice, "/pause")
    count = len(alice.messages())
    clock.set(datetime(2026, 11, 22, 5, 31, tzinfo=UTC))  # Sunday 06:31 in Paris
    await dispatcher.tick()
    await harness.settle()
    assert len(alice.messages()) == count

    clock.set(datetime(2026, 11, 22, 16, 0, tzinfo=UTC))
    [reply] = await harness.say(alice, "/resume")
    assert "You were away 1 day" in reply.text
    count = len(alice.messages())
    clock.set(datetime(2026, 11, 23, 5, 31, tzinfo=UTC))  # Monday 06:31 in Paris
    await dispatcher.tick()
    await harness.settle()
    texts = [m.text or "" for m in alice.messages()[count:]]
    assert any(t.startswith("Good morning, Alice. Rest day today (Monday 23 Nov)") for t in texts)


async def test_control_commands_need_an_onboarded_athlete(
    harness: StrideHarness, clock: ManualClock
) -> None:
    stranger = harness.user(2002, "Sam")
    for command in ("/skip", "/swap", "/pause", "/resume"):
        [reply] = await harness.say(stranger, command)
        assert "/start" in reply.text
    assert await harness.db.athletes.get(2002) is None


def test_resume_factor_follows_the_missed_week_rule() -> None:
    assert resume_factor(0) == resume_factor(6) == 1.0
    assert resume_factor(7) == pytest.approx(0.8)
    assert resume_factor(14) == pytest.approx(0.64)
    assert resume_factor(60) == 0.5


async def test_a_skipped_rest_placeholder_surface_is_rest(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    """After a skip the day is a rest day in the plan: the push says rest, not the run."""
    await harness.say(alice, "/skip")
    await harness.say(alice, "/skip tired")
    plan = await harness.db.plans.current(ALICE)
    assert plan is not None
    assert [s.surface for s in plan.sessions_on(SATURDAY)] == [Surface.REST]
