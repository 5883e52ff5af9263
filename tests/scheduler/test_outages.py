"""Downtime and restarts: late pushes are caught up inside their window, stale ones are not
sent, a process that dies between claiming and sending never causes a second push, and one
that dies during a call is resolved by the stated policy: at-least-once, noted."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import cast

from bot.pushes import PushComposer
from coach.pushtimes import PushKind
from scheduler.delivery import (
    Dispatcher,
    OutMessage,
    Push,
    TelegramSender,
    dead_on_this_host,
    default_owner,
)
from storage.database import Database
from storage.deliveries import CLAIM_LEASE, UNCONFIRMED, Claim, DeliveryStatus
from tests.scheduler.conftest import Stage, local, utc

PARIS = "Europe/Paris"
# Monday 23 November 2026: 06:30 in Paris is 05:30 UTC.
PUSH = utc(2026, 11, 23, 5, 30)


async def test_push_is_caught_up_after_a_three_hour_outage(stage: Stage) -> None:
    stage.clock.set(PUSH - timedelta(hours=1))
    await stage.athlete(1, PARIS)
    await stage.tick()  # last tick before the outage: nothing due yet
    assert stage.pushes(1) == []

    await stage.tick(PUSH + timedelta(hours=3))  # back up at 09:30 local, before 11:30
    [push] = stage.pushes(1)
    assert push.date == PUSH + timedelta(hours=3)
    assert "Today's session" in (push.text or "") or "Rest day" in (push.text or "")

    for minutes in (1, 30, 120):  # later ticks the same morning send nothing more
        await stage.tick(PUSH + timedelta(hours=3, minutes=minutes))
    assert len(stage.pushes(1)) == 1


async def test_no_stale_push_after_a_ten_hour_outage(stage: Stage) -> None:
    stage.clock.set(PUSH - timedelta(hours=1))
    await stage.athlete(1, PARIS)
    await stage.tick()

    await stage.tick(PUSH + timedelta(hours=10))  # back at 16:30 local: too late for today
    assert stage.pushes(1) == []
    missed = await stage.db.deliveries.get(1, PushKind.MORNING, local(PUSH, PARIS).date())
    assert missed is not None
    assert missed.status is DeliveryStatus.STALE

    await stage.tick(PUSH + timedelta(days=1))  # the next morning is on time again
    [push] = stage.pushes(1)
    assert local(push.date, PARIS).strftime("%a %H:%M") == "Tue 06:30"


class Hang:
    """A composer or sender that never returns: the process dies while it waits."""

    def __init__(self) -> None:
        self.entered = asyncio.Event()

    async def compose(self, claims: Sequence[Claim], now: datetime) -> Mapping[int, Push]:
        self.entered.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async def send(self, chat_id: int, message: OutMessage) -> int:
        self.entered.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


async def crash_during(
    stage: Stage, *, compose: Hang | None = None, send: Hang | SendThenHang | None = None
) -> None:
    """Run a tick on another Database (another process) and kill it at the hang."""
    other = await Database.open(stage.db_url, migrate=False)
    dispatcher = Dispatcher(
        other,
        compose or PushComposer(other),
        send or TelegramSender(stage.bot),
        stage.clock,
    )
    hang = compose or send
    assert hang is not None
    task = asyncio.create_task(dispatcher.tick())
    await asyncio.wait_for(hang.entered.wait(), 5)
    task.cancel()  # the process is gone: nothing after this point runs
    await asyncio.gather(task, return_exceptions=True)
    await other.close()


async def test_restart_after_claim_before_send_sends_once_after_the_lease(stage: Stage) -> None:
    stage.clock.set(PUSH)
    await stage.athlete(1, PARIS)
    await crash_during(stage, compose=Hang())  # claimed, then the process died

    await stage.tick(PUSH + CLAIM_LEASE / 2)  # restarted: the claim is still leased
    assert stage.pushes(1) == []
    await stage.tick(PUSH + CLAIM_LEASE + timedelta(seconds=1))  # lease over: sent, once
    assert len(stage.pushes(1)) == 1
    for minutes in (1, 10, 60):
        await stage.tick(PUSH + CLAIM_LEASE + timedelta(minutes=minutes + 1))
    assert len(stage.pushes(1)) == 1


class SendThenHang:
    """Telegram gets the message, then the process dies before it hears back."""

    def __init__(self, inner: TelegramSender) -> None:
        self.inner = inner
        self.entered = asyncio.Event()

    async def send(self, chat_id: int, message: OutMessage) -> int:
        await self.inner.send(chat_id, message)
        self.entered.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


async def test_crash_during_a_delivered_call_sends_again_once_and_says_so(
    stage: Stage,
) -> None:
    """At-least-once: Telegram got the message, the process died before hearing back. After
    the lease the push goes again (the athlete may see it twice, never zero times), once,
    and the delivery says its first attempt is unconfirmed."""
    stage.clock.set(PUSH)
    await stage.athlete(1, PARIS)
    await crash_during(stage, send=SendThenHang(TelegramSender(stage.bot)))
    assert len(stage.pushes(1)) == 1  # delivered, but the dead process never recorded it

    await stage.tick(PUSH + CLAIM_LEASE / 2)  # restarted: the call's lease still runs
    assert len(stage.pushes(1)) == 1
    after_lease = PUSH + CLAIM_LEASE + timedelta(seconds=1)
    for minutes in (0, 1, 10, 60, 180):  # the rest of the morning: once more, no more
        await stage.tick(after_lease + timedelta(minutes=minutes))
    assert len(stage.pushes(1)) == 2
    record = await stage.db.deliveries.get(1, PushKind.MORNING, local(PUSH, PARIS).date())
    assert record is not None
    assert record.status is DeliveryStatus.SENT
    assert (record.error or "").startswith(UNCONFIRMED)


async def test_crash_during_an_undelivered_call_still_delivers_it(stage: Stage) -> None:
    """The call left but Telegram never got it: nothing is lost, it arrives once."""
    stage.clock.set(PUSH)
    await stage.athlete(1, PARIS)
    await crash_during(stage, send=Hang())
    assert stage.pushes(1) == []
    await stage.tick(PUSH + CLAIM_LEASE + timedelta(seconds=1))
    assert len(stage.pushes(1)) == 1
    record = await stage.db.deliveries.get(1, PushKind.MORNING, local(PUSH, PARIS).date())
    assert record is not None
    assert (record.status, (record.error or "")[:11]) == (DeliveryStatus.SENT, UNCONFIRMED)


def _dead_owner() -> str:
    """The owner name a process on this host had, that has exited since."""
    child = subprocess.run(["sh", "-c", "echo $$"], capture_output=True, text=True, check=True)
    return f"{socket.gethostname()[:40]}:{int(child.stdout)}:0123abcd"


def test_only_a_gone_process_on_this_host_counts_as_dead() -> None:
    assert dead_on_this_host(_dead_owner())
    assert not dead_on_this_host(default_owner())  # this process
    assert not dead_on_this_host(f"another-host:{os.getpid() + 99999}:0123abcd")
    assert not dead_on_this_host("not an owner")


async def test_a_restart_takes_its_dead_predecessors_claims_at_once(stage: Stage) -> None:
    """A SIGKILLed instance restarted on the same host: what it had claimed goes out at the
    first tick, not after the lease."""
    stage.clock.set(PUSH)
    await stage.athlete(1, PARIS)
    other = await Database.open(stage.db_url, migrate=False)
    dispatcher = Dispatcher(
        other, Hang(), TelegramSender(stage.bot), stage.clock, owner=_dead_owner()
    )
    task = asyncio.create_task(dispatcher.tick())
    await asyncio.wait_for(cast(Hang, dispatcher.composer).entered.wait(), 5)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await other.close()

    await stage.tick(PUSH + timedelta(seconds=5))  # well inside the lease
    assert len(stage.pushes(1)) == 1
