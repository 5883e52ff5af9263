"""SQLite calls made on the loop's thread (storage.inline_sqlite): waiting for another
writer's lock must not block the event loop, must succeed once the lock goes, and must give
up with SQLite's own error after the busy timeout."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

import storage.inline_sqlite as inline
from storage.database import Database
from storage.inline_sqlite import inline_connector, is_busy
from tests.support.locks import lock_held_for


def _url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'inline.db'}"


async def _table(url: str) -> None:
    conn = await inline_connector(url)()
    await conn.execute("CREATE TABLE t (x INTEGER)")
    await conn.commit()
    await conn.close()


async def test_a_write_waits_for_another_writer_without_blocking_the_loop(
    tmp_path: Path,
) -> None:
    url = _url(tmp_path)
    await _table(url)
    waiter = await inline_connector(url)()
    # Another writer holds the lock, writes 1 and commits after 50 ms.
    async with lock_held_for(
        tmp_path / "inline.db", 0.05, writing="INSERT INTO t VALUES (1)"
    ) as turns:
        await waiter.execute("INSERT INTO t VALUES (2)")
        await waiter.commit()
        assert turns.count >= 5  # the loop ran other tasks while the write waited
    rows = await (await waiter.execute("SELECT x FROM t ORDER BY x")).fetchall()
    assert [r[0] for r in rows] == [1, 2]
    await waiter.close()


async def test_a_write_gives_up_after_the_busy_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _url(tmp_path)
    await _table(url)
    monkeypatch.setattr(inline, "BUSY_TIMEOUT_S", 0.05)
    holder = sqlite3.connect(str(tmp_path / "inline.db"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    waiter = await inline_connector(url)()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        await waiter.execute("INSERT INTO t VALUES (2)")
    holder.execute("ROLLBACK")
    holder.close()
    await waiter.close()


async def test_the_database_facade_runs_on_inline_connections(tmp_path: Path) -> None:
    """Database.open on SQLite: every call runs where it is awaited (no driver thread)."""
    db = await Database.open(_url(tmp_path))
    try:
        async with db.engine.connect() as conn:
            raw = await conn.get_raw_connection()
            assert isinstance(raw.driver_connection, inline.InlineConnection)
            timeout = (await conn.execute(text("PRAGMA busy_timeout"))).scalar_one()
            assert timeout == 0  # waits are the connection's, off the loop's thread
    finally:
        await db.close()


def test_a_stale_snapshot_is_not_worth_waiting_for() -> None:
    locked = sqlite3.OperationalError("database is locked")
    locked.sqlite_errorcode = 5
    stale = sqlite3.OperationalError("database is locked")
    stale.sqlite_errorcode = 517  # SQLITE_BUSY_SNAPSHOT
    other = sqlite3.OperationalError("no such table: t")
    other.sqlite_errorcode = 1
    assert is_busy(locked)
    assert not is_busy(stale)
    assert not is_busy(other)
