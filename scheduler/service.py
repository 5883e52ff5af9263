"""APScheduler in the bot's event loop: one recurring tick, nothing else.

Schedules live in the database (``athletes.next_*_at`` and ``deliveries``), not in the
scheduler: there is exactly one job, in memory (no persistent job store: those pickle
callables, use a synchronous engine and cannot be shared between instances), and a restart
or a second instance loses nothing because the next tick reads the database again.

The job only *starts* a tick, and not while the previous one is still running: a big
morning fan-out paced at Telegram's 30 messages a second can take much longer than the
interval, and the running tick already picks up whatever falls due meanwhile (its pages
are read as it goes). So there is never more than one tick per instance and no stream of
"maximum number of running instances reached" warnings; ``max_instances=1`` and
``coalesce=True`` still say so to APScheduler. ``misfire_grace_time`` is set explicitly
(APScheduler's default is one second, so a busy event loop would silently skip ticks).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from scheduler.delivery import Dispatcher, TickReport

log = logging.getLogger(__name__)

TICK_SECONDS = 30.0
#: The first tick after a start comes soon: a restarted instance catches up at once on what
#: it (or a dead instance) released, instead of an interval later.
FIRST_TICK_SECONDS = 2.0
JOB_ID = "stride-tick"


class SchedulerService:
    """Starts and stops the recurring tick with the Application."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        *,
        interval: float = TICK_SECONDS,
        first_tick_after: float | None = None,
    ) -> None:
        self.dispatcher = dispatcher
        self.interval = interval
        self.first_tick_after = (
            min(interval, FIRST_TICK_SECONDS) if first_tick_after is None else first_tick_after
        )
        self._scheduler: AsyncIOScheduler | None = None
        self._current: asyncio.Task[TickReport | None] | None = None
        self.ticks = 0
        self.last_report: TickReport | None = None

    @property
    def running(self) -> bool:
        return self._scheduler is not None and self._scheduler.running

    def start(self) -> None:
        """Start ticking (call from inside the running event loop, e.g. in post_init)."""
        if self.running:
            return
        scheduler = AsyncIOScheduler(timezone=UTC)
        # The trigger runs on the wall clock; each tick reads the injected clock for "now".
        first = datetime.now(UTC) + timedelta(seconds=self.first_tick_after)
        scheduler.add_job(
            self._on_timer,
            IntervalTrigger(seconds=self.interval, timezone=UTC),
            id=JOB_ID,
            next_run_time=first,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=max(1, int(self.interval)),
            replace_existing=True,
        )
        scheduler.start()
        self._scheduler = scheduler
        log.info("scheduler started: a tick every %.0f s", self.interval)

    async def _on_timer(self) -> None:
        if self._current is not None and not self._current.done():
            return  # still delivering the previous tick's work
        self._current = asyncio.create_task(self._tick(), name="stride-tick")

    async def _tick(self, *, reraise: bool = False) -> TickReport | None:
        try:
            report = await self.dispatcher.tick()
        except Exception:
            if reraise:
                raise
            log.exception("scheduler tick failed; the next one retries")
            return None
        self.ticks += 1
        self.last_report = report
        return report

    async def tick_now(self) -> TickReport:
        """Run a tick at once (the demo's "next morning", tests), after any running one."""
        if self._current is not None and not self._current.done():
            with contextlib.suppress(Exception):
                await self._current
        self._current = asyncio.create_task(self._tick(reraise=True), name="stride-tick")
        report = await self._current
        assert report is not None
        return report

    async def stop(self, *, grace: float = 10.0) -> None:
        """Stop ticking and drain (SIGTERM, a deploy): the calls in flight finish and are
        recorded (up to ``grace`` s), everything not started is released for the next tick
        anywhere (see :meth:`Dispatcher.stop`)."""
        if self._scheduler is not None:
            if self._scheduler.running:
                self._scheduler.shutdown(wait=False)
            self._scheduler = None
        current, self._current = self._current, None
        if current is None or current.done():
            return
        self.dispatcher.stop()
        try:
            await asyncio.wait_for(asyncio.shield(current), grace)
        except TimeoutError:
            log.warning("the tick did not finish within %.0f s; cancelling it", grace)
            current.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await current
        except Exception:
            log.debug("the last tick ended with an error", exc_info=True)
        log.info("scheduler stopped")
