"""Engine and session factories: the only place that knows which database we talk to."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

from storage.inline_sqlite import inline_connector


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def create_engine(url: str, *, echo: bool = False, pool_size: int = 5) -> AsyncEngine:
    """An async engine with the per-connection settings each backend needs.

    SQLite: calls run on the loop's thread (storage.inline_sqlite: a thread hand-over cost
    more than the statement), WAL (readers never wait on the writer), foreign keys on (ON
    DELETE CASCADE is how an athlete's data is deleted); two writers queue, waiting without
    blocking the loop.
    """
    if is_sqlite(url):
        engine = create_async_engine(url, echo=echo, async_creator=inline_connector(url))
        _install_sqlite_pragmas(engine)
        return engine
    kwargs: dict[str, Any] = {
        "pool_size": pool_size,
        "max_overflow": pool_size,
        "pool_pre_ping": True,
    }
    if pool_size == 0:
        kwargs = {"poolclass": NullPool}
    return create_async_engine(url, echo=echo, **kwargs)


def _install_sqlite_pragmas(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=0")  # waits are storage.inline_sqlite's
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded values after commit, so nothing lazy-loads across an await."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
