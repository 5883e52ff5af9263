"""Telegram failing the way it fails in production, through the emulator: flood control
(429 + retry_after), gateway errors, time-outs and blocked users. No push is lost, none is
sent twice, and a user who blocked the bot hears nothing more until they come back."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.ext import ExtBot

from bot.ratelimit import StrideRateLimiter
from botapi_emulator import BotAPIEmulator, EmulatorRequest
from coach.pushtimes import PushKind
from scheduler.delivery import TelegramSender, unconfirmed
from storage.deliveries import UNCONFIRMED, DeliveryStatus
from tests.scheduler.conftest import TOKEN, Stage, local, seed_many, utc

PARIS = "Europe/Paris"
PUSH = utc(2026, 11, 23, 5, 30)  # Monday 06:30 in Paris
TODAY = local(PUSH, PARIS).date()


def limited_bot(emu: BotAPIEmulator, **limits: Any) -> ExtBot[Any]:
    """The bot as production builds it: with Stride's rate limiter."""
    return ExtBot(
        TOKEN,
        base_url=emu.base_url,
        base_file_url=emu.base_file_url,
        request=EmulatorRequest(emu),
        rate_limiter=StrideRateLimiter(**limits),
    )


async def test_retry_after_is_honoured_and_the_push_arrives_once(stage: Stage) -> None:
    stage.clock.set(PUSH)
    await stage.athlete(1, PARIS)
    stage.emu.faults.fail_next(1, "429", "sendMessage", retry_after=1)
    async with limited_bot(stage.emu) as bot:
        dispatcher = stage.dispatcher()
        dispatcher.sender = TelegramSender(bot, rate_limit_args=1)
        report = await dispatcher.tick()
    assert report.sent == 1
    assert len(stage.pushes(1)) == 1  # waited a second and retried, within the same tick
    assert stage.emu.stats.too_many_requests == 1


async def test_a_long_retry_after_is_waited_out_between_ticks(stage: Stage) -> None:
    stage.clock.set(PUSH)
    await stage.athlete(1, PARIS)
    stage.emu.faults.fail_next(1, "429", "sendMessage", retry_after=300)
    # 300 s is too long to hold a sender. (A short per-chat interval keeps the test quick.)
    async with limited_bot(stage.emu, private_chat_interval=0.05) as bot:
        dispatcher = stage.dispatcher()
        dispatcher.sender = TelegramSender(bot, rate_limit_args=1)
        await dispatcher.tick()
        assert stage.pushes(1) == []
        for minutes in (1, 2, 4):  # still inside Telegram's retry_after: not tried again
            await dispatcher.tick(PUSH + timedelta(minutes=minutes))
        assert len(stage.emu.calls_to("sendMessage")) == 1
        await dispatcher.tick(PUSH + timedelta(minutes=5, seconds=1))
    assert len(stage.pushes(1)) == 1


async def test_gateway_errors_and_timeouts_lose_nothing_and_duplicate_nothing(
    stage: Stage,
) -> None:
    athletes = list(range(100, 130))
    await seed_many(stage.db, athletes, tz=PARIS, push="06:30", now=PUSH - timedelta(hours=1))
    for athlete in athletes:
        stage.emu.user(athlete, started=True)
    stage.emu.faults.fail_next(2, "5xx", "sendMessage", chat_ids=[100])
    stage.emu.faults.fail_next(2, "timeout", "sendMessage", chat_ids=[101])
    stage.emu.faults.fail_fraction(0.3, "5xx", "sendMessage", seed=7)
    stage.emu.faults.fail_fraction(0.2, "timeout", "sendMessage", seed=8)

    now = PUSH
    for _ in range(12):  # a tick every 30 s, then backoff doubles: well inside the window
        await stage.tick(now)
        now += timedelta(seconds=30)
        if all(stage.pushes(a) for a in athletes):
            break
    stage.emu.faults.clear()
    for minutes in range(0, 180, 15):  # the rest of the morning: nothing more arrives
        await stage.tick(now + timedelta(minutes=minutes))

    assert stage.emu.stats.faults_injected >= 10
    for athlete in athletes:
        assert len(stage.pushes(athlete)) == 1, f"athlete {athlete}"
    counts = await stage.db.deliveries.counts(PushKind.MORNING)
    assert counts == {DeliveryStatus.SENT: 30}


async def test_blocked_bot_marks_the_athlete_blocked_and_stops_pushes(stage: Stage) -> None:
    stage.clock.set(PUSH - timedelta(minutes=5))
    await stage.athlete(1, PARIS)
    await stage.athlete(2, PARIS)
    stage.emu.block(1)

    await stage.tick(PUSH)
    assert stage.pushes(1) == []
    assert len(stage.pushes(2)) == 1
    record = await stage.db.athletes.get(1)
    assert record is not None
    assert record.status == "blocked"

    for day in range(1, 4):  # three more mornings and evenings: not even an attempt
        await stage.tick(PUSH + timedelta(days=day))
        await stage.tick(PUSH + timedelta(days=day, hours=13, minutes=30))
    attempts = [c for c in stage.emu.calls_to("sendMessage") if c.params.get("chat_id") == 1]
    assert len(attempts) == 1
    assert len(stage.pushes(2)) == 4


async def test_start_after_unblocking_brings_the_pushes_back(stage: Stage) -> None:
    stage.clock.set(PUSH - timedelta(minutes=5))
    await stage.athlete(1, PARIS)
    stage.emu.block(1)
    await stage.tick(PUSH)
    await stage.tick(PUSH + timedelta(days=1))

    # Two days later, in the afternoon, they unblock the bot and send /start.
    stage.emu.unblock(1)
    back = PUSH + timedelta(days=3, hours=8)
    await stage.db.athletes.register(1, 1, "Ann", back)  # what /start does
    await stage.tick(back)
    assert stage.pushes(1) == []  # that morning's push is long stale: not sent late
    await stage.tick(PUSH + timedelta(days=4))
    [push] = stage.pushes(1)
    assert local(push.date, PARIS).strftime("%a %H:%M") == "Fri 06:30"


async def _tick_until_sent(stage: Stage) -> None:
    now = PUSH
    for _ in range(8):  # a tick, then the backoff: 30 s, 1 min ...
        await stage.tick(now)
        now += timedelta(minutes=1)
    for minutes in range(0, 180, 30):  # the rest of the morning: nothing more arrives
        await stage.tick(now + timedelta(minutes=minutes))


async def test_a_time_out_after_delivery_is_sent_again_and_noted(stage: Stage) -> None:
    """The stated policy for an ambiguous outcome, at-least-once: Telegram delivered the
    message but the answer never came back; the push goes again (the athlete sees it twice,
    never zero times) and the delivery says so, so the count of possible doubles is exact."""
    stage.clock.set(PUSH - timedelta(minutes=5))
    await stage.athlete(1, PARIS)
    await stage.athlete(2, PARIS)
    stage.emu.faults.fail_next(1, "timeout_after", "sendMessage", chat_ids=[1])
    await _tick_until_sent(stage)
    assert len(stage.pushes(1)) == 2
    assert len(stage.pushes(2)) == 1
    first = await stage.db.deliveries.get(1, PushKind.MORNING, TODAY)
    other = await stage.db.deliveries.get(2, PushKind.MORNING, TODAY)
    assert first is not None
    assert other is not None
    assert first.status is DeliveryStatus.SENT
    assert (first.error or "").startswith(UNCONFIRMED)
    assert other.error is None


async def test_a_time_out_before_delivery_arrives_once_and_is_noted(stage: Stage) -> None:
    """The same time-out, but Telegram never got the message: the bot cannot tell the two
    apart, so the same policy holds; here it costs nothing and the push arrives once."""
    stage.clock.set(PUSH - timedelta(minutes=5))
    await stage.athlete(1, PARIS)
    stage.emu.faults.fail_next(1, "timeout", "sendMessage", chat_ids=[1])
    await _tick_until_sent(stage)
    assert len(stage.pushes(1)) == 1
    record = await stage.db.deliveries.get(1, PushKind.MORNING, TODAY)
    assert record is not None
    assert record.status is DeliveryStatus.SENT
    assert (record.error or "").startswith(UNCONFIRMED)


async def test_a_refused_connection_is_certain_and_not_noted() -> None:
    """Only a call that may have left is ambiguous: a refused connection or a pool time-out
    never reached Telegram; a 5xx is Telegram's own answer."""

    def raised(exc: Exception, cause: Exception | None) -> Exception:
        exc.__cause__ = cause
        return exc

    assert unconfirmed(raised(TimedOut(), httpx.ReadTimeout("read")))
    assert unconfirmed(raised(TimedOut(), None))  # the emulator's in-process time-out
    assert unconfirmed(raised(NetworkError("x"), httpx.RemoteProtocolError("gone")))
    assert not unconfirmed(raised(TimedOut(), httpx.ConnectTimeout("connect")))
    assert not unconfirmed(raised(NetworkError("x"), httpx.ConnectError("refused")))
    assert not unconfirmed(NetworkError("Bad Gateway"))
