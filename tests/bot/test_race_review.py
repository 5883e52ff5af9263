"""The race-readiness review's buttons as an athlete meets them (COACHING.md §7b): under the
Sunday summary of a marathoner who ran about 40 % of the plan, each choice (keep, the shorter
race, a later date) is recorded and shown in /why, the plan rebuilt for the last two; a stale
or forged press changes nothing; a restart between the offer and the press changes nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from telegram.constants import ParseMode

from bot.pushes import PushComposer
from bot.render import common
from bot.render.summary import weekly_summary
from botapi_emulator import EmulatedUser, MessageView
from botapi_emulator.views import Button
from coach.models import AdjustmentKind, GoalKind, RunLog, RunStatus, Surface
from coach.pushtimes import PushKind
from scheduler.clock import ManualClock
from services.coaching import CoachingService
from storage.deliveries import Claim
from tests.support.athletes import onboarded_athlete, profile
from tests.support.harness import StrideHarness

ALICE = 1001
START = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)  # a Monday
SUNDAY = date(2026, 11, 22)
RACE = date(2027, 3, 7)


async def _log_share(h: StrideHarness, first: date, days: int, share: float) -> None:
    record = await h.db.athletes.get(ALICE)
    assert record is not None
    plan = await CoachingService(h.db).plan_for(record, h.clock.now())
    assert plan is not None
    for k in range(days):
        day = first + timedelta(days=k)
        for session in plan.sessions_on(day):
            if session.surface in (Surface.REST, Surface.CROSS):
                continue
            log = RunLog(
                date=day,
                status=RunStatus.DONE,
                duration_min=round(session.duration_min * share),
                rpe=max(1, session.target_rpe),
                surface=session.surface,
                kind=session.kind,
            )
            await h.db.runlogs.add_log(ALICE, log, h.clock.now())


@pytest.fixture
async def world(
    sqlite_url: str, clock: ManualClock
) -> AsyncIterator[tuple[StrideHarness, EmulatedUser, MessageView]]:
    """A marathoner three weeks in who ran 40 % of the plan, and their Sunday summary with
    the review's buttons, composed by the weekly push (the plan rebuilt, the review recorded)."""
    clock.set(START)
    async with StrideHarness(sqlite_url, clock, run_scheduler=False) as h:
        marathon = profile(goal=GoalKind.ROAD_MARATHON, race_date=RACE)
        await onboarded_athlete(h.db, ALICE, clock.now(), athlete_profile=marathon)
        await _log_share(h, START.date(), 21, 0.4)
        clock.set(datetime(2026, 11, 22, 18, 0, tzinfo=UTC))
        now = clock.now()
        claim = Claim(1, ALICE, ALICE, PushKind.WEEKLY, SUNDAY, now, now + timedelta(hours=6), 0)
        push = await PushComposer(h.db).weekly_push(claim, now)  # as the scheduler composes it
        summary = push.messages[0]
        assert summary.text is not None
        assert summary.reply_markup is not None
        assert h.app is not None
        alice = h.user(ALICE, "Alice")
        await h.say(alice, "/week")  # the chat is open, as after any message of theirs
        sent = await h.app.bot.send_message(
            ALICE, summary.text, parse_mode=ParseMode.HTML, reply_markup=summary.reply_markup
        )
        await h.settle()
        yield h, alice, h.emu.message(ALICE, sent.message_id)


World = tuple[StrideHarness, EmulatedUser, MessageView]


async def _why(h: StrideHarness, alice: EmulatedUser) -> str:
    return (await h.say(alice, "/why"))[-1].text or ""


async def _choices(h: StrideHarness) -> list[str]:
    stored = await h.db.adjustments.adjustments(ALICE)
    return [s.adjustment.reason for s in stored if s.adjustment.kind is AdjustmentKind.RACE_CHOICE]


async def test_the_summary_says_what_is_missing_and_offers_the_choices(world: World) -> None:
    _, _, summary = world
    assert "Race-readiness check" in summary.text
    assert "You ran 40% and 40% of the planned minutes in each of the last 2 weeks" in summary.text
    labels = [b.text for row in summary.buttons for b in row]
    assert labels[0].startswith("Keep the marathon")
    assert labels[1] == "Switch to the half marathon"
    assert [label for label in labels if label.startswith("Move to ")] != []


async def test_keep_records_the_choice_and_keeps_the_plan(world: World) -> None:
    h, alice, summary = world
    plan_before = await h.db.plans.current(ALICE)
    after = await h.press(alice, summary, summary.buttons[0][0].text)
    assert after.buttons == []  # answered: the buttons go
    reply = alice.messages()[-1].text
    assert reply.startswith("✅ Kept: the marathon on Sun 07 Mar.")
    record = await h.db.athletes.get(ALICE)
    assert record is not None
    assert record.profile().goal is GoalKind.ROAD_MARATHON  # type: ignore[union-attr]
    assert await h.db.plans.current(ALICE) == plan_before
    why = await _why(h, alice)
    assert "you chose to keep the marathon on Sun 07 Mar 2027 (a realistic target" in why
    assert "Race-readiness review (" in why


async def test_shorter_race_rebuilds_the_plan_for_it(world: World) -> None:
    h, alice, summary = world
    await h.press(alice, summary, "Switch to the half marathon")
    texts = [m.text for m in alice.messages()[-4:]]
    assert any(t.startswith("✅ Switched to the half marathon on Sun 07 Mar") for t in texts)
    record = await h.db.athletes.get(ALICE)
    assert record is not None
    new_profile = record.profile()
    assert new_profile is not None
    assert (new_profile.goal, new_profile.race_date) == (GoalKind.ROAD_HALF, RACE)
    plan = await h.db.plans.current(ALICE)
    assert plan is not None
    assert (plan.goal, plan.race_date) == (GoalKind.ROAD_HALF, RACE)
    assert "switch to the half marathon" in await _why(h, alice)


async def test_a_new_date_moves_the_race_and_rebuilds_the_plan(world: World) -> None:
    h, alice, summary = world
    label = next(b.text for row in summary.buttons for b in row if b.text.startswith("Move to"))
    new_day = datetime.strptime(label.removeprefix("Move to "), "%d %b %Y").date()
    await h.press(alice, summary, label)
    record = await h.db.athletes.get(ALICE)
    assert record is not None
    assert record.profile().race_date == new_day  # type: ignore[union-attr]
    assert new_day > RACE
    assert new_day.weekday() == RACE.weekday()
    plan = await h.db.plans.current(ALICE)
    assert plan is not None
    assert plan.race_date == new_day
    assert any(m.text.startswith("✅ Moved: the marathon") for m in alice.messages()[-4:])
    assert f"move the marathon to {new_day:%a %d %b %Y}" in await _why(h, alice)


async def test_a_second_press_is_stale_and_changes_nothing(world: World) -> None:
    h, alice, summary = world
    await h.press(alice, summary, summary.buttons[0][0].text)
    chosen = await _choices(h)
    # The athlete still sees the old keyboard and taps "switch" on it.
    answer = await alice.press(summary, "Switch to the half marathon")
    await h.settle()
    got = h.emu.callback_answer(answer.query_id)
    assert got.text == common.stale_button()
    assert got.show_alert
    record = await h.db.athletes.get(ALICE)
    assert record is not None
    assert record.profile().goal is GoalKind.ROAD_MARATHON  # type: ignore[union-attr]
    assert await _choices(h) == chosen


@pytest.mark.parametrize(
    "data",
    [
        "v1|rr|move|20261122|20991231",  # a date never offered, years away
        "v1|rr|move|20261122|20270308",  # not the race's weekday
        "v1|rr|shorter|20261115",  # a review that was never held
        "v1|rr|keep|garbage",
        "v1|rr|upgrade|20261122",
    ],
)
async def test_forged_data_gets_the_stale_answer_and_changes_nothing(
    world: World, data: str
) -> None:
    h, alice, summary = world
    forged = dataclasses.replace(summary, buttons=[[Button("forged", data)]])
    answer = await alice.press(forged, "forged")
    await h.settle()
    assert h.emu.callback_answer(answer.query_id).text == common.stale_button()
    record = await h.db.athletes.get(ALICE)
    assert record is not None
    assert record.profile().race_date == RACE  # type: ignore[union-attr]
    assert await _choices(h) == []


async def test_a_restart_between_offer_and_press_keeps_the_buttons_working(world: World) -> None:
    h, alice, summary = world
    await h.restart()
    await h.press(alice, summary, "Switch to the half marathon")
    record = await h.db.athletes.get(ALICE)
    assert record is not None
    assert record.profile().goal is GoalKind.ROAD_HALF  # type: ignore[union-attr]
    assert len(await _choices(h)) == 1


async def test_a_week_old_review_is_stale(world: World) -> None:
    h, alice, summary = world
    h.clock.set(datetime(2026, 11, 29, 18, 0, tzinfo=UTC))
    answer = await alice.press(summary, "Switch to the half marathon")
    await h.settle()
    assert h.emu.callback_answer(answer.query_id).text == common.stale_button()
    assert await _choices(h) == []


async def test_after_a_choice_the_same_level_is_not_offered_again_next_week(world: World) -> None:
    h, alice, summary = world
    await h.press(alice, summary, summary.buttons[0][0].text)  # keep
    await _log_share(h, date(2026, 11, 23), 7, 0.4)
    h.clock.set(datetime(2026, 11, 29, 18, 0, tzinfo=UTC))
    review = await h.deps.services.weekly.review(ALICE, date(2026, 11, 29), h.clock.now())
    assert review is not None
    assert review.readiness_review is not None
    assert review.readiness_review.offered  # still amber or red...
    assert not review.readiness_offered  # ...but the athlete decided a week ago
    assert "Race-readiness check" not in weekly_summary(review)
