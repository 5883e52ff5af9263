"""Where a repository's statements run, and the unit of work that makes a use case one
transaction.

Outside a unit of work, each repository call is its own short transaction (reads in a
session of their own, writes committed at the end of the call): right for a single read or
write. A use case that writes several things (a log, the pain flag it raises, the plan it
changes) opens ``async with db.unit() as uow:`` and calls the same repositories on ``uow``:
they all share one session and one transaction, committed when the block ends and rolled
back, all of it, when it raises. So a crash between two writes leaves neither.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

if TYPE_CHECKING:
    from storage.account import AccountStore
    from storage.adjustments import AdjustmentRepository
    from storage.athletes import AthleteRepository
    from storage.checkin import CheckinRepository
    from storage.deliveries import DeliveryRepository
    from storage.fanout import FanoutReader
    from storage.illness import IllnessRepository
    from storage.inbox import InboxRepository
    from storage.pain import PainRepository
    from storage.plans import PlanRepository
    from storage.profiles import ProfileRepository
    from storage.runlog import RunlogRepository


class SessionScope:
    """A repository's sessions: a fresh one per call (``factory``), or the unit of work's
    one session (``bound``), which the unit commits."""

    def __init__(
        self,
        factory: async_sessionmaker[AsyncSession] | None = None,
        *,
        bound: AsyncSession | None = None,
    ) -> None:
        if (factory is None) == (bound is None):
            raise ValueError("a session scope needs a factory or a bound session, not both")
        self._factory = factory
        self._bound = bound

    def __call__(self) -> AbstractAsyncContextManager[AsyncSession]:
        """A session to read in."""
        if self._factory is not None:
            return self._factory()
        return self._shared()

    def begin(self) -> AbstractAsyncContextManager[AsyncSession]:
        """A session to write in: committed at the end of the block, unless bound (the unit
        of work commits)."""
        if self._factory is not None:
            return self._factory.begin()
        return self._shared()

    @asynccontextmanager
    async def _shared(self) -> AsyncIterator[AsyncSession]:
        assert self._bound is not None
        yield self._bound


SessionSource = async_sessionmaker[AsyncSession] | SessionScope


def scope_of(source: SessionSource) -> SessionScope:
    """The scope of what a repository was given (a session factory, or a scope)."""
    return source if isinstance(source, SessionScope) else SessionScope(source)


class UnitOfWork:
    """The repositories of one transaction (see the module docstring)."""

    def __init__(self, session: AsyncSession, dialect: str) -> None:
        from storage.account import AccountStore
        from storage.adjustments import AdjustmentRepository
        from storage.athletes import AthleteRepository
        from storage.checkin import CheckinRepository
        from storage.deliveries import DeliveryRepository
        from storage.fanout import FanoutReader
        from storage.illness import IllnessRepository
        from storage.inbox import InboxRepository
        from storage.pain import PainRepository
        from storage.plans import PlanRepository
        from storage.profiles import ProfileRepository
        from storage.runlog import RunlogRepository

        scope = SessionScope(bound=session)
        self.session = session
        self.athletes: AthleteRepository = AthleteRepository(scope)
        self.checkins: CheckinRepository = CheckinRepository(scope)
        self.runlogs: RunlogRepository = RunlogRepository(scope)
        self.pains: PainRepository = PainRepository(scope)
        self.adjustments: AdjustmentRepository = AdjustmentRepository(scope)
        self.inbox: InboxRepository = InboxRepository(scope)
        self.plans: PlanRepository = PlanRepository(scope)
        self.deliveries: DeliveryRepository = DeliveryRepository(scope, dialect)
        self.profiles: ProfileRepository = ProfileRepository(scope)
        self.account: AccountStore = AccountStore(scope)
        self.illnesses: IllnessRepository = IllnessRepository(scope)
        self.reader: FanoutReader = FanoutReader(scope)
