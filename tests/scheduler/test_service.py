"""The scheduler lives and dies with the Application: started in post_init, ticking on its
own, stopped cleanly on shutdown; a stop in the middle of a fan-out loses nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from bot.app import build_application, polling
from bot.deps import Deps, deps_of
from bot.ratelimit import BULK
from botapi_emulator import BotAPIEmulator, EmulatorRequest
from coach.pushtimes import PushKind
from scheduler.clock import ManualClock
from scheduler.delivery import OutMessage, TelegramSender
from storage.deliveries import CLAIM_LEASE, UNCONFIRMED, DeliveryStatus
from tests.scheduler.conftest import TOKEN, Stage, seed_many, utc
from tests.scheduler.test_faults import limited_bot

PARIS = "Europe/Paris"
PUSH = utc(2026, 11, 23, 5, 30)  # Monday 06:30 in Paris


async def test_the_application_runs_the_scheduler_and_pushes_arrive_on_their_own(
    stage: Stage, emu: BotAPIEmulator, clock: ManualClock
) -> None:
    clock.set(PUSH - timedelta(minutes=10))
    await stage.athlete(1, PARIS)
    clock.set(PUSH)
    app = build_application(
        token=TOKEN,
        base_url=emu.base_url,
        deps=Deps(database_url=stage.db_url, clock=clock, tick_seconds=0.2),
        request=EmulatorRequest(emu),
    )
    async with polling(app, poll_timeout=0.2):
        scheduler = deps_of(app).scheduler
        assert scheduler is not None
        assert scheduler.running
        await emu.wait_for(lambda: len(stage.pushes(1)) == 1, timeout=10)
        [push] = stage.pushes(1)
        assert push.date == PUSH
    assert deps_of(app).scheduler is None
    assert not scheduler.running
    assert len(stage.pushes(1)) == 1


class SlowSender:
    """Telegram at a crawl, so a stop lands in the middle of the fan-out."""

    def __init__(self, inner: TelegramSender, *, stop_after: int) -> None:
        self.inner = inner
        self.sent = 0
        self.stop_after = stop_after
        self.reached = asyncio.Event()

    async def send(self, chat_id: int, message: OutMessage) -> int:
        await asyncio.sleep(0.02)
        self.sent += 1
        if self.sent >= self.stop_after:
            self.reached.set()
        return await self.inner.send(chat_id, message)


async def test_a_stop_mid_fanout_releases_the_rest_for_the_next_instance(stage: Stage) -> None:
    athletes = list(range(200, 240))
    await seed_many(stage.db, athletes, tz=PARIS, push="06:30", now=PUSH - timedelta(hours=1))
    for athlete in athletes:
        stage.emu.user(athlete, started=True)
    stage.clock.set(PUSH)
    slow = SlowSender(TelegramSender(stage.bot), stop_after=5)
    first = stage.dispatcher(chunk_size=5, senders=1, page_size=10)
    first.sender = slow
    tick = asyncio.create_task(first.tick())
    await asyncio.wait_for(slow.reached.wait(), 10)
    first.stop()  # shutting down: finish the chunk in flight, give the rest back
    report = await tick
    assert report.released > 0
    assert 0 < report.sent < 40

    # Another instance (or this one restarted) takes over at once: no lease to wait for.
    await stage.tick(PUSH + timedelta(seconds=30))
    for athlete in athletes:
        assert len(stage.pushes(athlete, PushKind.MORNING)) == 1, f"athlete {athlete}"


class ClockedSender:
    """Each message takes ten seconds of the (manual) clock: a long fan-out."""

    def __init__(self, inner: TelegramSender, clock: ManualClock) -> None:
        self.inner = inner
        self.clock = clock

    async def send(self, chat_id: int, message: OutMessage) -> int:
        self.clock.advance(timedelta(seconds=10))
        return await self.inner.send(chat_id, message)


async def test_a_long_fanout_takes_in_the_pushes_that_fall_due_meanwhile(stage: Stage) -> None:
    early = list(range(300, 360))
    await seed_many(stage.db, early, tz=PARIS, push="06:30", now=PUSH - timedelta(hours=1))
    stage.clock.set(PUSH - timedelta(hours=1))
    await stage.athlete(400, PARIS, "06:31")  # due a minute into a ten-minute fan-out
    for athlete in early:
        stage.emu.user(athlete, started=True)
    stage.clock.set(PUSH)
    dispatcher = stage.dispatcher(page_size=10, chunk_size=5, senders=1)
    dispatcher.sender = ClockedSender(TelegramSender(stage.bot), stage.clock)
    report = await dispatcher.tick()
    assert report.sent == 61
    [late] = stage.pushes(400)
    assert late.date > max(m.date for a in early for m in stage.pushes(a))


async def _seed(stage: Stage, athletes: list[int]) -> None:
    await seed_many(stage.db, athletes, tz=PARIS, push="06:30", now=PUSH - timedelta(hours=1))
    for athlete in athletes:
        stage.emu.user(athlete, started=True)
    stage.clock.set(PUSH)


async def test_a_crash_leaves_sending_only_the_calls_that_had_started(stage: Stage) -> None:
    """Pushes waiting for the rate limiter's turn are not at risk: killed mid-fan-out, only
    the calls that had left are 'sending'; after the lease every athlete gets the push."""
    athletes = list(range(500, 530))
    await _seed(stage, athletes)
    async with limited_bot(stage.emu, overall_rate=20.0) as bot:
        dispatcher = stage.dispatcher(senders=2, chunk_size=15, page_size=100)
        dispatcher.sender = TelegramSender(bot, rate_limit_args=BULK)
        tick = asyncio.create_task(dispatcher.tick())
        await stage.emu.wait_for(lambda: len(stage.emu.calls_to("sendMessage")) >= 8, timeout=10)
        tick.cancel()  # the process is killed: nothing after this runs
        await asyncio.gather(tick, return_exceptions=True)
    calls = len(stage.emu.calls_to("sendMessage"))
    counts = await stage.db.deliveries.counts(PushKind.MORNING)
    assert counts.get(DeliveryStatus.SENT, 0) + counts.get(DeliveryStatus.SENDING, 0) <= calls + 1
    assert counts[DeliveryStatus.CLAIMED] >= 30 - calls - 1  # waited in the limiter: safe

    await stage.tick(PUSH + CLAIM_LEASE + timedelta(seconds=1))
    for athlete in athletes:
        assert 1 <= len(stage.pushes(athlete)) <= 2, f"athlete {athlete}"
    twice = sum(len(stage.pushes(a)) - 1 for a in athletes)
    unconfirmed = [
        r
        for a in athletes
        for r in await stage.db.deliveries.for_athlete(a)
        if (r.error or "").startswith(UNCONFIRMED)
    ]
    assert twice <= len(unconfirmed) <= 2  # at most the calls in flight are ambiguous


async def test_stop_drains_the_calls_in_flight_and_releases_the_queue(stage: Stage) -> None:
    """A deploy's SIGTERM: the calls that left finish and are recorded, the pushes waiting
    in the rate limiter are given back at once; the next instance sends those. 0 lost,
    0 duplicated."""
    athletes = list(range(600, 640))
    await _seed(stage, athletes)
    async with limited_bot(stage.emu, overall_rate=20.0) as bot:
        dispatcher = stage.dispatcher(senders=2, chunk_size=15, page_size=20)
        dispatcher.sender = TelegramSender(bot, rate_limit_args=BULK)
        tick = asyncio.create_task(dispatcher.tick())
        await stage.emu.wait_for(lambda: len(stage.emu.calls_to("sendMessage")) >= 5, timeout=10)
        dispatcher.stop()
        report = await asyncio.wait_for(tick, 5)
    counts = await stage.db.deliveries.counts(PushKind.MORNING)
    assert DeliveryStatus.SENDING not in counts  # every call that left is recorded
    assert counts[DeliveryStatus.SENT] == report.sent == len(stage.emu.calls_to("sendMessage"))
    assert report.released == counts[DeliveryStatus.CLAIMED] > 0

    await stage.tick(PUSH + timedelta(seconds=30))  # no lease to wait for
    for athlete in athletes:
        assert len(stage.pushes(athlete)) == 1, f"athlete {athlete}"


async def test_a_fast_sender_writes_its_bookkeeping_in_few_transactions(stage: Stage) -> None:
    """A sender with no rate limit (a benchmark's) does not pay two transactions a
    message: marks and outcomes pending together are written together."""
    athletes = list(range(700, 1000))
    await _seed(stage, athletes)
    writes = 0
    advance = stage.db.deliveries.advance

    async def spy(*args: Any) -> Any:
        nonlocal writes
        writes += 1
        return await advance(*args)

    stage.db.deliveries.advance = spy  # type: ignore[method-assign]
    report = await stage.tick(PUSH, chunk_size=5, senders=1, page_size=100)
    assert report.sent == len(athletes)
    assert writes < len(athletes) / 3
