"""Nothing typed is lost: a message is marked handled only when its handlers have finished.

A process killed mid-handling (here: the task handling the update is cancelled while a
service call hangs, after the inbox kept the message) leaves the message in hand; the same
update redelivered, or taken up again by a running process once its lease has passed, is
handled exactly once: the reply is sent and the log stored. One that was handled is never
handled twice.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from telegram import Update

from bot.inbox import LEASE, replay_unhandled
from botapi_emulator import EmulatedUser
from coach.models import RunLog
from scheduler.clock import ManualClock
from storage.tables import InboxRow
from tests.support.harness import StrideHarness
from tests.support.journal import TRACK_DAY, TRACK_MORNING, track_athlete

LOG = "ran 35 min easy, felt like a 3"


@pytest.fixture
async def harness(db_url: str, clock: ManualClock) -> AsyncIterator[StrideHarness]:
    """The bot on each backend (SQLite, and PostgreSQL when configured)."""
    async with StrideHarness(db_url, clock) as h:
        yield h


@pytest.fixture
async def alice(harness: StrideHarness, clock: ManualClock) -> EmulatedUser:
    await track_athlete(harness.db, 1001, clock.now())
    clock.set(TRACK_MORNING)
    return harness.user(1001, "Alice")


async def _logs(harness: StrideHarness) -> list[RunLog]:
    return [s.log for s in await harness.db.runlogs.logs_between(1001, TRACK_DAY, TRACK_DAY)]


async def _inbox(harness: StrideHarness) -> list[dict[str, Any]]:
    async with harness.db.sessions() as session:
        rows = await session.execute(
            select(InboxRow.update_id, InboxRow.text, InboxRow.handled_at, InboxRow.outcome)
            .where(InboxRow.athlete_id == 1001)
            .order_by(InboxRow.update_id)
        )
        return [dict(row._mapping) for row in rows]


async def _payload(harness: StrideHarness, update_id: int) -> dict[str, Any]:
    async with harness.db.sessions() as session:
        rows = await session.execute(
            select(InboxRow.payload).where(InboxRow.update_id == update_id)
        )
        payload = rows.scalar_one()
    assert payload is not None, "the update is no longer kept for a retry"
    loaded: dict[str, Any] = json.loads(payload)
    return loaded


async def _killed_mid_handling(harness: StrideHarness, alice: EmulatedUser, text: str) -> int:
    """Send ``text``; kill the handling of it once the inbox has kept it and the log handler
    is under way (its first service call hangs, then the task is cancelled, as SIGKILL ends
    it). The update's id."""
    entered = asyncio.Event()
    holder: list[asyncio.Task[Any]] = []
    runlog = harness.deps.services.runlog
    original: Callable[..., Any] = runlog.target

    async def hang(*args: Any, **kwargs: Any) -> Any:
        task = asyncio.current_task()
        assert task is not None
        holder.append(task)
        entered.set()
        await asyncio.Event().wait()
        return await original(*args, **kwargs)  # pragma: no cover - never reached

    runlog.target = hang  # type: ignore[method-assign]
    await alice.send(text)
    await asyncio.wait_for(entered.wait(), timeout=10)
    [row] = [r for r in await _inbox(harness) if r["text"] == text]
    assert row["handled_at"] is None, "kept, in hand, not handled yet"
    holder[0].cancel()
    await harness.settle()
    runlog.target = original  # type: ignore[method-assign]
    return int(row["update_id"])


def _logged(alice: EmulatedUser) -> int:
    return sum("✅ Logged" in (m.text or "") for m in alice.messages())


async def test_an_update_killed_mid_handling_is_handled_at_the_restart(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    """Polling: Telegram counts the update delivered once the next batch is fetched, and
    one process polls at a time, so the restarted process takes up what died in hand."""
    update_id = await _killed_mid_handling(harness, alice, LOG)
    assert await _logs(harness) == []
    assert _logged(alice) == 0
    await harness.restart()
    await harness.settle()
    assert _logged(alice) == 1
    [log] = await _logs(harness)
    assert log.duration_min == 35.0
    [row] = await _inbox(harness)
    assert row["outcome"] == "handled"

    # Sent again after that (a late redelivery): nothing acts on it.
    before = len(alice.messages())
    assert harness.app is not None
    payload = await _payload_of_handled(harness, update_id)
    await harness.app.update_queue.put(Update.de_json(payload, harness.app.bot))
    await harness.settle()
    assert len(alice.messages()) == before
    assert len(await _logs(harness)) == 1


async def test_an_update_killed_mid_handling_and_redelivered_is_handled_once(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    update_id = await _killed_mid_handling(harness, alice, LOG)
    assert await _logs(harness) == []
    assert _logged(alice) == 0
    payload = await _payload(harness, update_id)

    # Telegram sends the update again (a webhook retry, a poll the process died before
    # confirming; here to the same process): it is handled now, once.
    assert harness.app is not None
    await harness.app.update_queue.put(Update.de_json(payload, harness.app.bot))
    await harness.settle()
    replies = [m.text or "" for m in alice.messages()]
    assert sum("✅ Logged" in r for r in replies) == 1
    [log] = await _logs(harness)
    assert log.duration_min == 35.0
    [row] = await _inbox(harness)
    assert row["outcome"] == "handled"
    assert row["handled_at"] is not None

    # ... and once more: it was handled, so nothing acts on it again.
    await harness.app.update_queue.put(Update.de_json(payload, harness.app.bot))
    await harness.settle()
    assert [m.text or "" for m in alice.messages()] == replies
    assert len(await _logs(harness)) == 1


async def test_an_update_that_died_in_hand_is_taken_up_after_its_lease(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    """Webhook mode, several instances: one that is running takes up what another died
    holding, once that has been in hand for longer than the lease."""
    update_id = await _killed_mid_handling(harness, alice, LOG)
    assert harness.app is not None
    assert await replay_unhandled(harness.app) == 0, "within the lease: maybe still in hand"
    clock.advance(LEASE + timedelta(seconds=1))
    assert await replay_unhandled(harness.app) == 1
    await harness.settle()
    assert sum("✅ Logged" in (m.text or "") for m in alice.messages()) == 1
    assert len(await _logs(harness)) == 1
    assert await replay_unhandled(harness.app) == 0

    # A late redelivery of the same update after that changes nothing.
    before = len(alice.messages())
    payload = await _payload_of_handled(harness, update_id)
    await harness.app.update_queue.put(Update.de_json(payload, harness.app.bot))
    await harness.settle()
    assert len(alice.messages()) == before
    assert len(await _logs(harness)) == 1


async def _payload_of_handled(harness: StrideHarness, update_id: int) -> dict[str, Any]:
    """The update as Telegram would send it again (the inbox drops its copy once handled)."""
    [call] = [
        c
        for c in harness.emu.calls_to("getUpdates")
        if c.ok and any(u["update_id"] == update_id for u in c.result)
    ]
    [update] = [u for u in call.result if u["update_id"] == update_id]
    loaded: dict[str, Any] = update
    return loaded


async def test_an_update_the_athlete_has_moved_on_from_is_not_taken_up(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    """Answering a lost message after a newer one would answer a question no longer open."""
    await _killed_mid_handling(harness, alice, LOG)
    await harness.say(alice, "/help")
    clock.advance(LEASE + timedelta(seconds=1))
    assert harness.app is not None
    assert await replay_unhandled(harness.app) == 0
    assert await _logs(harness) == []
    outcomes = [r["outcome"] for r in await _inbox(harness)]
    assert outcomes == ["superseded", "handled"]


async def test_a_handler_that_fails_is_recorded_and_not_retried(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    async def fail(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    harness.deps.services.runlog.target = fail  # type: ignore[method-assign]
    replies = await harness.say(alice, LOG)
    assert [r.text for r in replies] == [
        "Sorry, something went wrong on my side. Nothing you sent is lost; "
        "please try again in a moment."
    ]
    [row] = await _inbox(harness)
    assert (row["text"], row["outcome"]) == (LOG, "failed")
    clock.advance(LEASE + timedelta(seconds=1))
    assert harness.app is not None
    assert await replay_unhandled(harness.app) == 0
