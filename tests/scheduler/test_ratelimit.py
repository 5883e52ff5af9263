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
