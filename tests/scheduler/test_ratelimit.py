"""The outgoing rate limiter against the emulator's flood control: under the per-bot and
per-chat limits with no 429, replies to users ahead of scheduled pushes."""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

from telegram.ext import ExtBot

from bot.ratelimit import BULK, StrideRateLimiter
from botapi_emulator import BotAPIEmulator, EmulatorRequest
from tests.scheduler.conftest import TOKEN


def bot_for(emu: BotAPIEmulator, limiter: StrideRateLimiter) -> ExtBot[Any]:
    return ExtBot(
        TOKEN,
        base_url=emu.base_url,
        base_file_url=emu.base_file_url,
        request=EmulatorRequest(emu),
        rate_limiter=limiter,
    )


async def test_stays_under_the_bot_and_chat_limits_without_a_single_429(
    emu: BotAPIEmulator,
) -> None:
    emu.enforce_rate_limits(per_bot_per_second=20, per_chat_per_second=1)
    for chat in range(1, 21):
        emu.user(chat, started=True)
    started = time.monotonic()
    async with bot_for(emu, StrideRateLimiter(overall_rate=19)) as bot:
        sends = [bot.send_message(chat, f"hello {chat}") for chat in range(1, 21)]
        sends.append(bot.send_message(7, "and one more"))  # a second message for chat 7
        await asyncio.gather(*sends)
    elapsed = time.monotonic() - started

    assert emu.stats.rate_limited == 0
    assert emu.stats.too_many_requests == 0
    assert len(emu.messages(7)) == 2
    assert all(len(emu.messages(chat)) == 1 for chat in range(1, 21) if chat != 7)
    stamps = [c.started for c in emu.calls_to("sendMessage") if c.params["chat_id"] == 7]
    assert all(b - a >= 1.0 for a, b in itertools.pairwise(stamps))
    assert elapsed >= 1.0  # two messages in one chat are a full second apart


async def test_a_reply_to_a_user_overtakes_queued_pushes(emu: BotAPIEmulator) -> None:
    for chat in range(1, 32):
        emu.user(chat, started=True)
    async with bot_for(emu, StrideRateLimiter(overall_rate=60)) as bot:
        bulk = [
            asyncio.create_task(bot.send_message(chat, "push", rate_limit_args=BULK))
            for chat in range(1, 31)
        ]
        await asyncio.sleep(0.1)  # the fan-out is queued in the limiter
        await bot.send_message(31, "your answer")
        await asyncio.gather(*bulk)
    order = [c.params["chat_id"] for c in emu.calls_to("sendMessage")]
    # Right after the few pushes already released (about 6 in 0.1 s), not after all 30.
    assert order.index(31) <= 10


async def test_a_429_for_one_chat_holds_that_chat_only(emu: BotAPIEmulator) -> None:
    """One chat over its limit must not stall a morning: the other chat's message goes at
    once, the refused one after Telegram's retry_after."""
    for chat in (1, 2):
        emu.user(chat, started=True)
    emu.faults.fail_next(1, "429", "sendMessage", chat_ids=[1], retry_after=1)
    limiter = StrideRateLimiter()
    async with bot_for(emu, limiter) as bot:
        started = time.monotonic()
        first = asyncio.create_task(bot.send_message(1, "to the refused chat"))
        await asyncio.sleep(0.05)  # the 429 has come back
        await bot.send_message(2, "to another chat")
        other = time.monotonic() - started
        await first
        refused = time.monotonic() - started
    assert other < 0.5
    assert refused >= 1.0
    assert limiter.overall_holds == 0
    assert [len(emu.messages(c)) for c in (1, 2)] == [1, 1]


async def test_429s_for_two_chats_hold_every_send(emu: BotAPIEmulator) -> None:
    """Refusals for different chats at once: the bot's own budget was hit; everyone waits."""
    for chat in (1, 2, 3):
        emu.user(chat, started=True)
    emu.faults.fail_next(2, "429", "sendMessage", chat_ids=[1, 2], retry_after=1)
    limiter = StrideRateLimiter()
    async with bot_for(emu, limiter) as bot:
        refused = asyncio.gather(bot.send_message(1, "a"), bot.send_message(2, "b"))
        await asyncio.sleep(0.1)  # both 429s are back
        started = time.monotonic()
        await bot.send_message(3, "c")
        waited = time.monotonic() - started
        await refused
    assert limiter.overall_holds == 1
    assert waited >= 0.8  # held with everyone else


def test_instances_share_telegrams_budget() -> None:
    limiters = [StrideRateLimiter.shared_by(3) for _ in range(3)]
    assert sum(limiter.overall_rate for limiter in limiters) <= 30
    assert StrideRateLimiter.shared_by(1).overall_rate == StrideRateLimiter().overall_rate
