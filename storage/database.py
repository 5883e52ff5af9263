"""The storage facade handed to the bot and the scheduler: one engine, one repository each,
and units of work (one transaction for a use case that writes several things)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine

from storage.adjustments import AdjustmentRepository
from storage.athletes import AthleteRepository
from storage.checkin import CheckinRepository
from storage.deliveries import DeliveryRepository
from storage.engine import create_engine, session_factory
from storage.illness import IllnessRepository
from storage.inbox import InboxRepository
from storage.migrate import upgrade_async
from storage.pain import PainRepository
from storage.plans import PlanRepository
from storage.runlog import RunlogRepository
from storage.unit import UnitOfWork, close_ready, forget_remembered, open_session


class Database:
    """Owns the engine; repositories share its session factory."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = session_factory(engine)
        self.athletes = AthleteRepository(self.sessions)
        self.checkins = CheckinRepository(self.sessions)
        self.runlogs = RunlogRepository(self.sessions)
        self.pains = PainRepository(self.sessions)
        self.illnesses = IllnessRepository(self.sessions)
        self.adjustments = AdjustmentRepository(self.sessions)
        self.inbox = InboxRepository(self.sessions)
        self.plans = PlanRepository(self.sessions)
        self.deliveries = DeliveryRepository(self.sessions, engine.dialect.name)

    @classmethod
    async def open(cls, url: str, *, migrate: bool = True, pool_size: int = 5) -> Database:
        """Connect, bringing the schema to the latest revision first when ``migrate``."""
        if migrate:
            await upgrade_async(url)
        return cls(create_engine(url, pool_size=pool_size))

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[UnitOfWork]:
        """One transaction: the repositories on the yielded unit share it; committed when
        the block ends, rolled back (all of it) when it raises."""
        forget_remembered()  # the unit may change athlete rows (storage.unit.remembering)
        try:
            async with open_session(self.sessions, begin=True) as session:
                yield UnitOfWork(session, self.engine.dialect.name)
        finally:
            forget_remembered()

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[UnitOfWork]:
        """Several reads in one session: the connection is checked out and reset once
        instead of once per read (with SQLite each of those is a round trip to the driver's
        thread, which cost a day's coaching more than its queries). Nothing written here is
        committed: a use case that writes opens a unit."""
        async with open_session(self.sessions, begin=False) as session:
            yield UnitOfWork(session, self.engine.dialect.name)

    async def close(self) -> None:
        await close_ready(self.sessions)  # the updates' sessions (storage.unit.sharing)
        await self.engine.dispose()
