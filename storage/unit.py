"""Where a repository's statements run, and the unit of work that makes a use case one
transaction.

Outside a unit of work, each repository call is its own short transaction (reads in a
session of their own, writes committed at the end of the call): right for a single read or
write. A use case that writes several things (a log, the pain flag it raises, the plan it
changes) opens ``async with db.unit() as uow:`` and calls the same repositories on ``uow``:
they all share one session and one transaction, committed when the block ends and rolled
back, all of it, when it raises. So a crash between two writes leaves neither.

A repository call that is one function over a connection goes through
:meth:`SessionScope.run`: within an update on SQLite it runs on the held connection's driver
directly (storage.sqlite_direct), the hot path of every message; elsewhere, and always inside
a unit of work, on a session.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from contextvars import ContextVar
from importlib import import_module
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, Protocol, TypeVar

from sqlalchemy import Executable
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from storage.inline_sqlite import InlineConnection, in_transaction
from storage.sqlite_direct import DirectConnection, NotDirect

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


P = ParamSpec("P")
T = TypeVar("T")
R = TypeVar("R")

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


class Statements(Protocol):
    """What a repository's one-call function (:meth:`SessionScope.run`) needs of its
    connection: SQLAlchemy's, or an update's direct one on SQLite (storage.sqlite_direct)."""

    @property
    def dialect(self) -> Dialect: ...

    @property
    def engine(self) -> Engine: ...

    def execute(
        self, statement: Executable, parameters: Mapping[str, Any] | None = None, /
    ) -> Any: ...


def on_connection(
    session: AsyncSession,
    fn: Callable[Concatenate[Connection, P], T],
    *args: P.args,
    **kwargs: P.kwargs,
) -> Awaitable[T]:
    """``fn(connection, *args, **kwargs)`` on the session's connection, in one call into
    the database layer: from async code each call (the connection, then each statement)
    costs a greenlet and its switches, more than a one-row statement itself on SQLite."""
    return session.run_sync(lambda sync: fn(sync.connection(), *args, **kwargs))


def first_row(conn: Statements, statement: Executable, params: Mapping[str, Any]) -> Any:
    """The statement's first row (None: no row)."""
    return conn.execute(statement, params).first()


def rows_changed(conn: Statements, statement: Executable, params: Mapping[str, Any]) -> int:
    """Run a write; how many rows it changed."""
    return int(getattr(conn.execute(statement, params), "rowcount", 0) or 0)


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
    """A session from ``factory``: the update's own (:func:`sharing`) when there is one
    free, else :func:`plain_session` where the database never suspends, SQLAlchemy's
    shielded one otherwise (PostgreSQL)."""
    shared = SHARED.get()
    if shared is not None and shared.free_for(factory):
        return shared.writing() if begin else shared.reading()
    if never_suspends(factory):
        return plain_session(factory, begin=begin)
    return factory.begin() if begin else factory()


class _UpdateSession:
    """The session of one update's repository calls (see :func:`sharing`)."""

    __slots__ = ("busy", "closed", "connection", "direct", "factory", "session")

    def __init__(self) -> None:
        self.factory: async_sessionmaker[AsyncSession] | None = None
        self.connection: AsyncConnection | None = None
        self.session: AsyncSession | None = None
        self.direct: DirectConnection | None = None
        self.busy = False
        self.closed = False

    def free_for(self, factory: async_sessionmaker[AsyncSession]) -> bool:
        """Whether a call on ``factory`` may use this session now: the update's database
        (the first one asked for), on SQLite, and nobody inside it (a call made within
        another's block, or by a task the update started, gets a session of its own)."""
        if self.closed or self.busy or not never_suspends(factory):
            return False
        if self.factory is None:
            self.factory = factory
        return self.factory is factory

    async def _session(self) -> AsyncSession:
        """The session, on a connection held for the update: a session of its own would
        give its connection back to the pool at each commit and take one again for the
        next call. Each write still begins and commits a transaction of its own. An earlier
        update's session, left ready (:func:`_leave_ready`), is taken first: making a
        connection and a session cost as much as an update's first read."""
        if self.session is None:
            assert self.factory is not None
            ready = _READY.get(self.factory)
            if ready:
                self.connection, self.session = ready.pop()
            else:
                self.connection = await self.factory.kw["bind"].connect()
                self.session = self.factory(
                    bind=self.connection, join_transaction_mode="control_fully"
                )
        return self.session

    def reading(self) -> AbstractAsyncContextManager[AsyncSession]:
        return self._lent(commit=False)

    async def run(self, fn: Callable[[Statements], T], write: bool) -> T | _NotHere:
        """``fn`` on the held connection's driver (storage.sqlite_direct); :data:`NOT_HERE`
        when that connection is not in a state to lend (broken, or inside a transaction
        SQLAlchemy began): the caller takes the session's way."""
        self.busy = True
        try:
            if self.direct is None or self.connection is None or self.connection.invalidated:
                # First use, or the connection was replaced (invalidated): look again.
                await self._session()
                self.direct = _direct_of(self.connection)
            direct = self.direct
            if direct is None or direct.in_transaction:
                return NOT_HERE
            try:
                return await direct.run(fn, write)
            except NotDirect:
                return NOT_HERE  # a statement that needs SQLAlchemy: the session's way
        finally:
            self.busy = False

    def writing(self) -> AbstractAsyncContextManager[AsyncSession]:
        """The write is its own transaction, as with a session of its own: committed when
        the block ends, rolled back when it raises."""
        return self._lent(commit=True)

    @asynccontextmanager
    async def _lent(self, *, commit: bool) -> AsyncIterator[AsyncSession]:
        self.busy = True
        try:
            session = await self._session()
        except BaseException:
            self.busy = False
            raise
        try:
            yield session
        except BaseException:
            # A write is undone; after a failed read too, nothing of its state is kept for
            # the next call (or the next update: the session is kept ready).
            await session.rollback()
            raise
        else:
            if commit:
                try:
                    await session.commit()
                except BaseException:
                    # A commit that failed (a flush's constraint, a lock not had in time)
                    # leaves the session wanting a rollback: never handed on so, to this
                    # update's next call or, kept ready, to another chat's update.
                    await session.rollback()
                    raise
            elif session.in_transaction():
                # A read leaves nothing begun: the next caller may begin its own
                # (storage.account's export does), and the update's next calls may run on
                # the driver directly (storage.sqlite_direct), where SQLAlchemy's
                # bookkeeping would otherwise carry over a transaction SQLite never had.
                await session.rollback()
        finally:
            session.expunge_all()  # no ORM row outlives its call, as with a session of its own
            self.busy = False

    async def close(self) -> None:
        self.closed = True
        self.direct = None
        if self.session is None or self.connection is None or self.factory is None:
            return
        await _leave_ready(self.factory, self.connection, self.session)


class _NotHere:
    """The update's connection could not run a function directly (see
    :meth:`_UpdateSession.run`)."""


NOT_HERE = _NotHere()


def _direct_of(connection: AsyncConnection | None) -> DirectConnection | None:
    """The held connection's SQLite driver, to run statements on directly; None when it
    is not one or not in a state to lend (invalidated, closed)."""
    if connection is None or connection.invalidated or connection.closed:
        return None
    sync = connection.sync_connection
    if sync is None:
        return None
    driver = sync.connection.driver_connection
    if not isinstance(driver, InlineConnection) or driver.raw is None:
        return None
    return DirectConnection(driver.raw, sync.engine)


#: Sessions (each on its held connection) that updates have finished with, per factory, for
#: the next updates; at most one per update that can run at once (bot.updates).
_READY: dict[async_sessionmaker[AsyncSession], list[tuple[AsyncConnection, AsyncSession]]] = {}
MAX_READY = 32


async def _leave_ready(
    factory: async_sessionmaker[AsyncSession], connection: AsyncConnection, session: AsyncSession
) -> None:
    """Reset an update's session (nothing open, nothing remembered) and keep it for the
    next update; closed instead when enough are kept or its connection broke."""
    try:
        # A read's call ends what SQLAlchemy began, and a write's call commits or rolls
        # back: usually nothing is left to roll back, and a rollback would cost a round of
        # the database layer per update. Anything left (SQLite's or SQLAlchemy's) is.
        if (
            session.in_transaction()
            or not session.is_active
            or connection.sync_connection is None
            or in_transaction(connection.sync_connection.connection.driver_connection)
        ):
            await session.rollback()
        session.expunge_all()
    except Exception:  # a connection that broke is dropped below
        pass
    ready = _READY.setdefault(factory, [])
    if connection.invalidated or connection.closed or len(ready) >= MAX_READY:
        await session.close()
        await connection.close()
        return
    ready.append((connection, session))


async def close_ready(factory: async_sessionmaker[AsyncSession]) -> None:
    """Close the sessions kept for ``factory`` (before its engine is disposed)."""
    for connection, session in _READY.pop(factory, []):
        await session.close()
        await connection.close()


#: The session of the update being handled (see :func:`sharing`); None outside one.
SHARED: ContextVar[_UpdateSession | None] = ContextVar("stride_shared_session", default=None)


@asynccontextmanager
async def sharing() -> AsyncIterator[None]:
    """Within the block (one update, bot.updates), the repository calls made outside a unit
    of work share one session, opened on first use and closed at the end, instead of one
    each: an update made four or five, and a session's checkout, reset and close cost more
    than its one-row read (bench/update_cpu.py). Each write is still its own transaction,
    committed at the end of its call. SQLite only: there a session's calls never suspend,
    so nothing of another update's can run inside one, and holding a connection for an
    update costs a file handle; PostgreSQL keeps a short session per call, as a held one
    would sit idle in a transaction while the update waits on Telegram."""
    shared = _UpdateSession()
    token = SHARED.set(shared)
    try:
        yield
    finally:
        SHARED.reset(token)
        await shared.close()


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

    async def run(
        self, fn: Callable[[Statements], T], *, write: bool = False, athletes: bool = True
    ) -> T:
        """``fn(connection)``: a repository call that is one function over a connection, in
        one call into the database layer (``write``: one transaction, committed at the end;
        ``athletes`` as :meth:`begin` says). Within an update on SQLite the function runs on
        the held connection's driver directly (storage.sqlite_direct); elsewhere on a
        session, as :meth:`begin` or a read opens it."""
        if self._factory is not None:
            shared = SHARED.get()
            if shared is not None and shared.free_for(self._factory):
                forgets = write and athletes
                if forgets:
                    forget_remembered()
                try:
                    done = await shared.run(fn, write)
                finally:
                    if forgets:
                        forget_remembered()
                if not isinstance(done, _NotHere):
                    return done
        opened = self.begin(athletes=athletes) if write else self()
        async with opened as session:
            return await on_connection(session, fn)

    @asynccontextmanager
    async def _shared(self) -> AsyncIterator[AsyncSession]:
        assert self._bound is not None
        yield self._bound


SessionSource = async_sessionmaker[AsyncSession] | SessionScope


def scope_of(source: SessionSource) -> SessionScope:
    """The scope of what a repository was given (a session factory, or a scope)."""
    return source if isinstance(source, SessionScope) else SessionScope(source)


class _Made(Generic[R]):
    """A unit's repository, made on first use (a unit or a read session asks for one or
    two of the dozen) from ``module``'s class ``name`` over the unit's scope; imported
    then, as the repositories import this module."""

    def __init__(self, module: str, name: str, *, with_dialect: bool = False) -> None:
        self._module, self._name, self._with_dialect = module, name, with_dialect
        self._attribute = ""

    def __set_name__(self, owner: type, attribute: str) -> None:
        self._attribute = attribute

    def __get__(self, unit: UnitOfWork, owner: type | None = None) -> R:
        cls = getattr(import_module(self._module), self._name)
        made: R = cls(unit._scope, unit._dialect) if self._with_dialect else cls(unit._scope)
        unit.__dict__[self._attribute] = made  # found there from now on
        return made


class UnitOfWork:
    """The repositories of one transaction (see the module docstring)."""

    athletes: _Made[AthleteRepository] = _Made("storage.athletes", "AthleteRepository")
    checkins: _Made[CheckinRepository] = _Made("storage.checkin", "CheckinRepository")
    runlogs: _Made[RunlogRepository] = _Made("storage.runlog", "RunlogRepository")
    pains: _Made[PainRepository] = _Made("storage.pain", "PainRepository")
    adjustments: _Made[AdjustmentRepository] = _Made("storage.adjustments", "AdjustmentRepository")
    inbox: _Made[InboxRepository] = _Made("storage.inbox", "InboxRepository")
    plans: _Made[PlanRepository] = _Made("storage.plans", "PlanRepository")
    deliveries: _Made[DeliveryRepository] = _Made(
        "storage.deliveries", "DeliveryRepository", with_dialect=True
    )
    profiles: _Made[ProfileRepository] = _Made("storage.profiles", "ProfileRepository")
    account: _Made[AccountStore] = _Made("storage.account", "AccountStore")
    illnesses: _Made[IllnessRepository] = _Made("storage.illness", "IllnessRepository")
    reader: _Made[FanoutReader] = _Made("storage.fanout", "FanoutReader")

    def __init__(self, session: AsyncSession, dialect: str) -> None:
        self.session = session
        self._scope = SessionScope(bound=session)
        self._dialect = dialect
