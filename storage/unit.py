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

from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

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


#: The athlete records one update has read (see :func:`remembering`); None outside one.
REMEMBERED: ContextVar[dict[int, Any] | None] = ContextVar("stride_remembered", default=None)


@contextmanager
def remembering() -> Iterator[None]:
    """Within the block (one update, bot.updates), an athlete's record is read once: an
    update's checks and handlers each asked for it, and each ask was a query. Any write
    (a repository's write session, a unit of work) forgets what was read, before and
    after it, so a record read after a write is the written one. Outside such a block
    every read goes to the database, as before."""
    token = REMEMBERED.set({})
    try:
        yield
    finally:
        REMEMBERED.reset(token)


def forget_remembered() -> None:
    """A write may change an athlete's row: read it again next time."""
    remembered = REMEMBERED.get()
    if remembered:
        remembered.clear()


@asynccontextmanager
async def _writing(
    session: AbstractAsyncContextManager[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    forget_remembered()
    try:
        async with session as opened:
            yield opened
    finally:
        forget_remembered()


def never_suspends(factory: async_sessionmaker[AsyncSession]) -> bool:
    """The factory's database calls never wait on the event loop: SQLite, whose calls run
    where they are awaited (storage.inline_sqlite)."""
    bind = factory.kw.get("bind")
    return bind is not None and bind.dialect.name == "sqlite"


@asynccontextmanager
async def plain_session(
    factory: async_sessionmaker[AsyncSession], *, begin: bool
) -> AsyncIterator[AsyncSession]:
    """A session (in a transaction committed at the end when ``begin``), closed by a plain
    await. SQLAlchemy's own context managers close a session in a task of its own, shielded
    from cancellation, so that a cancelled caller cannot abandon a close halfway: three
    turns of the event loop and a task per session, a third of a small read's CPU (bench/
    update_cpu.py). A close whose calls never suspend cannot be abandoned halfway, so where
    :func:`never_suspends` holds this is the same guarantee for less."""
    session = factory()
    try:
        if begin:
            async with session.begin():
                yield session
        else:
            yield session
    finally:
        await session.close()


def open_session(
    factory: async_sessionmaker[AsyncSession], *, begin: bool
) -> AbstractAsyncContextManager[AsyncSession]:
    """A session from ``factory``: :func:`plain_session` where the database never suspends,
    SQLAlchemy's shielded one otherwise (PostgreSQL)."""
    if never_suspends(factory):
        return plain_session(factory, begin=begin)
    return factory.begin() if begin else factory()


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
            return open_session(self._factory, begin=False)
        return self._shared()

    def begin(self, *, athletes: bool = True) -> AbstractAsyncContextManager[AsyncSession]:
        """A session to write in: committed at the end of the block, unless bound (the unit
        of work commits). ``athletes=False``: the write never touches an athlete's row, so
        the records an update has read stay remembered (see :func:`remembering`)."""
        if self._factory is not None:
            begun = open_session(self._factory, begin=True)
            return _writing(begun) if athletes else begun
        return _writing(self._shared()) if athletes else self._shared()

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
