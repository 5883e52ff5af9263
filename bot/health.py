"""What a load balancer asks of an instance in webhook mode (``GET /healthz``): is the process
up, does the database answer, and when did the scheduler last tick.

The answer is JSON, with 200 when the instance can serve updates (the database answers and
the scheduler, if this instance runs one, has not stopped) and 503 otherwise, so a balancer
takes an instance whose database is gone out of rotation. The scheduler's last tick is
reported, not judged: a morning fan-out legitimately keeps one tick busy for many minutes.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from bot.deps import Deps

#: How long the database may take to answer ``SELECT 1`` before it counts as down.
DATABASE_TIMEOUT = 2.0


@dataclass
class TickWatch:
    """When the scheduler's tick count last moved (checked every ``every`` seconds), so
    /healthz can say how long ago the last tick finished without reaching into it."""

    deps: Deps
    every: float = 1.0
    started: float = field(default_factory=time.monotonic)
    last_tick: float | None = None
    _seen: int = 0
    _task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="tick-watch")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def look(self) -> None:
        """Note a tick that finished since the last look."""
        scheduler = self.deps.scheduler
        if scheduler is not None and scheduler.ticks != self._seen:
            self._seen = scheduler.ticks
            self.last_tick = time.monotonic()

    async def _run(self) -> None:
        while True:
            self.look()
            await asyncio.sleep(self.every)


async def health(deps: Deps, watch: TickWatch) -> tuple[int, dict[str, Any]]:
    """The HTTP status and the JSON body of ``GET /healthz``."""
    now = time.monotonic()
    body: dict[str, Any] = {"process": {"ok": True, "uptime_s": round(now - watch.started, 1)}}
    database_ok = await _database_answers(deps)
    body["database"] = {"ok": database_ok}
    scheduler = deps.scheduler
    scheduler_ok = True
    if not deps.run_scheduler:
        body["scheduler"] = {"ok": True, "running": False, "note": "off on this instance"}
    else:
        watch.look()
        running = scheduler is not None and scheduler.running
        scheduler_ok = running or not deps.scheduler_timer
        age = None if watch.last_tick is None else round(now - watch.last_tick, 1)
        body["scheduler"] = {
            "ok": scheduler_ok,
            "running": running,
            "ticks": scheduler.ticks if scheduler is not None else 0,
            "last_tick_age_s": age,
            "interval_s": deps.tick_seconds,
        }
    ok = database_ok and scheduler_ok
    body["ok"] = ok
    return (200 if ok else 503), body


async def _database_answers(deps: Deps) -> bool:
    database = deps.database
    if database is None:
        return False
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT), database.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception:
        return False
    return True
