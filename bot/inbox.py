"""Updates that died with the process are handled again.

The inbox keeps each message of a known athlete before any handler acts on it and marks it
handled only when the handlers have finished (bot.handlers.inbound). Telegram considers an
update delivered as soon as the bot has fetched it (polling confirms it with the next
getUpdates; a webhook with the 200 answer), so a process killed mid-handling leaves the row
in hand and Telegram never sends the update again. A running process therefore takes such
rows up: a row in hand for longer than :data:`LEASE` (its process died; a live one finishes
an update in seconds) is put back on the application's update queue, as if redelivered,
unless the athlete has written since (answering it now would answer a question that is no
longer open) or it is older than :data:`WINDOW`. Each process looks at start and every
:data:`EVERY`; with several instances, one takes each row.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.deps import deps_of

log = logging.getLogger(__name__)

#: How long a process may hold an update before it is taken for dead.
LEASE = timedelta(seconds=60)
#: Older than this, an update that died in hand is closed as expired, not acted on.
WINDOW = timedelta(days=1)
#: How often a running process looks for updates that died in hand.
EVERY = 30.0


async def replay_unhandled(
    application: Application[Any, Any, Any, Any, Any, Any], lease: timedelta = LEASE
) -> int:
    """Put the updates that died in another (or an earlier) process's hands (in hand for
    longer than ``lease``) back on the update queue; how many."""
    deps = deps_of(application)
    rows = await deps.services.account.take_unhandled(deps.clock.now(), lease=lease, window=WINDOW)
    count = 0
    for row in rows:
        try:
            update = Update.de_json(json.loads(row.payload), application.bot)
        except (ValueError, TypeError, KeyError):
            log.warning("inbox row of update %s does not decode; left as it is", row.update_id)
            continue
        await application.update_queue.put(update)
        count += 1
    if count:
        log.info("handing %s update(s) that died in hand to the handlers again", count)
    return count


class Replayer:
    """Looks for updates that died in hand, at start and every :data:`EVERY` seconds.

    At the start of a polling process nothing waits out the lease: Telegram lets one process
    poll a bot at a time, so whatever is in hand belongs to the process this one replaces
    (an athlete's answer is handled at the restart, not a minute later). In webhook mode
    other instances may be alive, so the lease always applies.
    """

    def __init__(
        self, application: Application[Any, Any, Any, Any, Any, Any], every: float = EVERY
    ) -> None:
        self.application = application
        self.every = every
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """The first look (before the process fetches updates of its own, so none of those
        is mistaken for a dead one), then one every :data:`EVERY` seconds."""
        if self._task is not None:
            return
        lease = timedelta(0) if self.application.updater is not None else LEASE
        await self._look(lease)
        self._task = asyncio.get_running_loop().create_task(self._run(), name="inbox-replay")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _look(self, lease: timedelta) -> None:
        try:
            await replay_unhandled(self.application, lease)
        except Exception:  # a database hiccup: the next look tries again
            log.exception("could not look for updates that died in hand")

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            await self._look(LEASE)
