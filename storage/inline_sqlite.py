"""SQLite calls made on the event loop's thread, for SQLAlchemy's aiosqlite dialect.

aiosqlite runs every call of a connection on a thread of its own and hands the result back
through the event loop. For the small statements of one update (a row by its key, an insert)
that hand-over is what costs: measured here, about 56 us of CPU per call, and SQLAlchemy makes
four or five of them per statement (open a cursor, execute, fetch, close; commit or rollback),
against about 9 us for the statement itself (bench/update_cpu.py, DESIGN.md "Scale"). An
update's dozen statements spent more in hand-overs than Telegram's whole update.

So the connection here keeps aiosqlite's interface (SQLAlchemy's dialect drives it
unchanged) but runs each call where it is awaited. What the thread bought, and what stands in
for it:

- **Waiting on another writer never blocks the loop.** The busy timeout is 0: a call that
  finds the database locked raises at once, and is retried here after an asynchronous sleep
  (1 ms, doubling to 50 ms) until :data:`BUSY_TIMEOUT_S` has passed, the same patience as the
  old ``busy_timeout``; meanwhile the other tasks, the lock's holder among them, run. A call
  that met the lock did nothing, so retrying it is safe. A stale snapshot (a read transaction
  that cannot become a write one) is not retried: SQLite says no wait can help it.
- **A long statement blocks the loop while it runs.** Stride's statements are short: an
  update's are tens of microseconds each, a fan-out page a few milliseconds
  (bench/fanout.py). WAL with ``synchronous=NORMAL`` does not sync on commit; only a
  checkpoint syncs, every 1,000 pages of log.

PostgreSQL (asyncpg) is untouched: its calls are socket I/O on the loop already.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.engine import make_url

#: How long a call waits for another connection's write lock before it gives up.
BUSY_TIMEOUT_S = 5.0
#: The first and the longest sleep between two tries at a locked database.
FIRST_RETRY_S = 0.001
LONGEST_RETRY_S = 0.05

#: SQLITE_BUSY, and the one busy code no waiting can cure (SQLITE_BUSY_SNAPSHOT).
_SQLITE_BUSY = 5
_SQLITE_BUSY_SNAPSHOT = 517


def is_busy(error: sqlite3.OperationalError) -> bool:
    """The database was locked by another connection, and waiting may cure it."""
    code: int | None = getattr(error, "sqlite_errorcode", None)
    if code is None:  # a build without error codes: go by the message
        return "database is locked" in str(error)
    return code & 0xFF == _SQLITE_BUSY and code != _SQLITE_BUSY_SNAPSHOT


class _Here:
    """Stands in for aiosqlite's queue to its thread: what is put runs at once, here."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as error:
            if future is not None and not future.done():
                future.set_exception(error)
            return
        if future is not None and not future.done():
            future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    """An aiosqlite connection whose calls run on the caller's thread (module docstring)."""

    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._tx = _Here()  # type: ignore[assignment]

    @property
    def raw(self) -> sqlite3.Connection | None:
        """The driver's connection (None once closed), for storage.sqlite_direct."""
        return self._connection

    def __await__(self) -> Any:
        # aiosqlite starts its thread here; there is none to start.
        return self._connect().__await__()

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        function = partial(fn, *args, **kwargs)
        deadline: float | None = None
        pause = FIRST_RETRY_S
        while True:
            try:
                return function()
            except sqlite3.OperationalError as error:
                if not is_busy(error):
                    raise
                now = time.monotonic()
                if deadline is None:
                    deadline = now + BUSY_TIMEOUT_S
                if now >= deadline:
                    raise
            await asyncio.sleep(pause)
            pause = min(pause * 2, LONGEST_RETRY_S)


def in_transaction(driver_connection: Any) -> bool:
    """Whether SQLite holds a transaction open on this connection (True when unsure)."""
    if not isinstance(driver_connection, InlineConnection):
        return True
    connection = driver_connection._connection
    return connection is None or connection.in_transaction


def inline_connector(url: str) -> Callable[[], InlineConnection]:
    """SQLAlchemy's ``async_creator`` for an SQLite URL: the dialect's own connect arguments,
    with SQLite's busy timeout off (waiting is done here, without blocking the loop) and the
    connection usable from whichever thread the loop runs on."""
    args, kwargs = SQLiteDialect_aiosqlite().create_connect_args(make_url(url))
    kwargs = {**kwargs, "timeout": 0, "check_same_thread": False}
    connect = partial(sqlite3.connect, *args, **kwargs)
    return partial(InlineConnection, connect)
