"""The scheduler lives and dies with the Application: started in post_init, ticking on its
own, stopped cleanly on shutdown; a stop in the middle of a fan-out loses nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from bot.app import build_application, polling
from bot.deps import Deps, deps_of
from botapi_emulator import BotAPIEmulator, EmulatorRequest
from coach.pushtimes import PushKind
from scheduler.clock import ManualClock
from scheduler.delivery import OutMessage, TelegramSender
from tests.scheduler.conftest import TOKEN, Stage, seed_many, utc

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


class PacedSender:
    """One message every ``seconds``, however many are sent at once, as Telegram's rate
    limiter paces them (30/s is about 0.033 s)."""

    def __init__(self, inner: TelegramSender, seconds: float) -> None:
        self.inner = inner
        self.seconds = seconds
        self._turn = asyncio.Lock()

    async def send(self, chat_id: int, message: OutMessage) -> int:
        if self.seconds:
            async with self._turn:
                await asyncio.sleep(self.seconds)
        return await self.inner.send(chat_id, message)


async def _chunks_marked_sending(stage: Stage, athletes: list[int], seconds: float) -> list[int]:
    """Push to ``athletes`` through one sender; the sizes of the chunks marked 'sending'."""
    await seed_many(stage.db, athletes, tz=PARIS, push="06:30", now=PUSH - timedelta(hours=1))
    for athlete in athletes:
        stage.emu.user(athlete, started=True)
    stage.clock.set(PUSH)
    sizes: list[int] = []
    deliveries = stage.db.deliveries
    start_sending = deliveries.start_sending

    async def spy(claims: Any, owner: str, now: Any) -> Any:
        sizes.append(len(claims))
        return await start_sending(claims, owner, now)

    deliveries.start_sending = spy  # type: ignore[method-assign]
    dispatcher = stage.dispatcher(chunk_size=5, senders=1, page_size=100)
    dispatcher.sender = PacedSender(TelegramSender(stage.bot), seconds)
    report = await dispatcher.tick()
    assert report.sent == len(athletes)
    for athlete in athletes:
        assert len(stage.pushes(athlete)) == 1
    return sizes


async def test_a_telegram_paced_sender_risks_at_most_a_chunk_on_a_crash(stage: Stage) -> None:
    """At 20 messages a second half a second is 10 messages, so the floor of 5 is exceeded
    but a crash can never leave more than about half a second of sending unsent."""
    sizes = await _chunks_marked_sending(stage, list(range(500, 530)), seconds=0.05)
    assert max(sizes) <= 0.5 / 0.05 + 1
    assert sizes[0] == 5  # before it knows the pace, the least


async def test_a_fast_sender_marks_sending_in_few_big_chunks(stage: Stage) -> None:
    """A sender with no rate limit (paid broadcasts, a benchmark) does not pay a
    transaction per five messages: the chunks grow with its pace."""
    sizes = await _chunks_marked_sending(stage, list(range(600, 900)), seconds=0)
    assert sizes[0] == 5
    assert max(sizes) > 50
    assert len(sizes) < 300 / 5 / 2
