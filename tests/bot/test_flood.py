"""No chat stalls another: chats are handled at the same time, one chat's updates in order,
its replies paced in its own turn; past the per-user limit a flood is kept but not acted on,
with one "slow down" note."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.ratelimit import StrideRateLimiter
from bot.render import common
from bot.throttle import MESSAGES_PER_MINUTE, MessageLimiter, Verdict
from scheduler.clock import ManualClock
from storage.tables import InboxRow
from tests.support.athletes import onboarded_athlete
from tests.support.harness import StrideHarness

ALICE, BOB = 1001, 1002
FLOOD = 100


@pytest.fixture
async def paced(sqlite_url: str, clock: ManualClock) -> AsyncIterator[StrideHarness]:
    """The bot with its reply pacing on (per chat one message per 50 ms instead of one a
    second, so the flood's paced replies take about a second, not twenty)."""
    limiter = StrideRateLimiter(private_chat_interval=0.05)
    async with StrideHarness(sqlite_url, clock, rate_limiter=limiter, run_scheduler=False) as h:
        await onboarded_athlete(h.db, ALICE, clock.now(), first_name="Alice")
        await onboarded_athlete(h.db, BOB, clock.now(), first_name="Bob")
        yield h


async def test_a_flood_from_one_user_does_not_hold_up_another(paced: StrideHarness) -> None:
    alice, bob = paced.user(ALICE, "Alice"), paced.user(BOB, "Bob")
    sent = [await alice.send(f"hello {i}") for i in range(FLOOD)]
    await bob.send("/help")
    await paced.settle(timeout=60)

    # Bob's answer went out before the flood's answers were done.
    replies = [c for c in paced.emu.calls_to("sendMessage") if c.ok]
    order = [int(c.params["chat_id"]) for c in replies]
    assert order.count(BOB) == 1
    assert order.index(BOB) < max(i for i, chat in enumerate(order) if chat == ALICE)
    [bob_reply] = bob.messages()
    assert (bob_reply.text or "").startswith("What I can do")

    # Alice: her first 20 messages answered, in order; then one note; then silence.
    answers = alice.messages()
    assert len(answers) == MESSAGES_PER_MINUTE + 1
    assert all(a.text != common.slow_down() for a in answers[:-1])
    assert answers[-1].text == common.slow_down()

    # Nothing she typed is lost: all 100 are kept; the first 20, in the order she sent
    # them, were acted on, the other 80 are marked throttled.
    async with paced.db.sessions() as session:
        rows = (
            await session.execute(
                select(InboxRow.text, InboxRow.outcome)
                .where(InboxRow.athlete_id == ALICE)
                .order_by(InboxRow.update_id)
            )
        ).all()
    assert [text for text, _ in rows] == [m.text for m in sent]
    assert [outcome for _, outcome in rows] == ["handled"] * MESSAGES_PER_MINUTE + ["throttled"] * (
        FLOOD - MESSAGES_PER_MINUTE
    )


async def test_after_the_minute_the_bot_answers_again(
    paced: StrideHarness, clock: ManualClock
) -> None:
    alice = paced.user(ALICE, "Alice")
    for i in range(MESSAGES_PER_MINUTE + 5):
        await alice.send(f"hello {i}")
    await paced.settle(timeout=60)
    assert len(alice.messages()) == MESSAGES_PER_MINUTE + 1
    clock.advance(timedelta(minutes=1))
    replies = await paced.say(alice, "/help")
    assert [r.text.split("\n")[0] for r in replies if r.text] == ["What I can do"]


def test_the_limiter_warns_once_per_window() -> None:
    limiter = MessageLimiter(limit=3, window=timedelta(minutes=1))
    t0 = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    verdicts = [limiter.count(7, t0 + timedelta(seconds=i)) for i in range(6)]
    assert verdicts == [Verdict.ACT] * 3 + [Verdict.WARN] + [Verdict.SILENT] * 2
    assert limiter.count(8, t0) is Verdict.ACT, "another user has a limit of their own"
    assert limiter.count(7, t0 + timedelta(seconds=60)) is Verdict.ACT
