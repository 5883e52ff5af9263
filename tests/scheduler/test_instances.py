"""Several bot processes on one PostgreSQL database: every push goes out exactly once.

Three dispatchers, each with its own engine (as three processes would have), tick at the
same moment over 500 athletes whose morning push is due; the due rows are claimed with
FOR UPDATE SKIP LOCKED, so the instances split the work instead of repeating it.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from telegram.ext import ExtBot

from bot.pushes import PushComposer
from botapi_emulator import BotAPIEmulator, EmulatorRequest
from coach.pushtimes import PushKind
from scheduler.clock import ManualClock
from scheduler.delivery import Dispatcher, TelegramSender
from storage.database import Database
from storage.deliveries import DeliveryStatus
from tests.scheduler.conftest import TOKEN, kind_of, on, seed_many
from tests.support.databases import POSTGRES_URL, fresh_url

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not POSTGRES_URL, reason="STRIDE_TEST_POSTGRES_URL is not set"),
]
ATHLETES = range(10_000, 10_500)
PARIS = "Europe/Paris"


async def test_three_instances_send_each_morning_push_exactly_once(
    tmp_path: object, clock: ManualClock, emu: BotAPIEmulator
) -> None:
    url = await fresh_url("postgres", str(tmp_path))
    monday = on(clock.now().date() + timedelta(days=2), "06:30", PARIS)  # Monday 23 Nov
    clock.set(monday - timedelta(hours=2))
    seeder = await Database.open(url)
    await seed_many(seeder, list(ATHLETES), tz=PARIS, push="06:30", now=clock.now(), emu=emu)
    await seeder.close()
    clock.set(monday)

    instances: list[tuple[Database, ExtBot[Any], Dispatcher]] = []
    for n in range(3):
        db = await Database.open(url, migrate=False)
        bot = ExtBot(TOKEN, base_url=emu.base_url, request=EmulatorRequest(emu))
        await bot.initialize()
        dispatcher = Dispatcher(
            db,
            PushComposer(db),
            TelegramSender(bot),
            clock,
            owner=f"instance-{n}",
            kinds=(PushKind.MORNING,),
            page_size=50,
        )
        instances.append((db, bot, dispatcher))
    try:
        reports = await asyncio.gather(*(d.tick() for _, _, d in instances))
        again = await asyncio.gather(*(d.tick() for _, _, d in instances))
        counts = await instances[0][0].deliveries.counts(PushKind.MORNING)
    finally:
        for db, bot, _ in instances:
            await bot.shutdown()
            await db.close()

    for athlete in ATHLETES:
        pushes = [m for m in emu.messages(athlete) if kind_of(m) is PushKind.MORNING]
        assert len(pushes) == 1, f"athlete {athlete} got {len(pushes)} pushes"
        assert pushes[0].date == monday
    assert counts == {DeliveryStatus.SENT: len(ATHLETES)}
    claimed = [r.claimed for r in reports]
    assert sum(claimed) == len(ATHLETES)
    assert sum(1 for c in claimed if c) >= 2, f"the work was not shared: {claimed}"
    assert sum(r.claimed for r in again) == 0
