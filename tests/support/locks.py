"""Another process holding SQLite's write lock, and a count of the event loop's turns while
a call waits for it: the storage suites show a wait never blocks the loop."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path


class LoopTurns:
    """How many times a 1 ms ticker ran (the loop was free to run other tasks)."""

    def __init__(self) -> None:
        self.count = 0


@asynccontextmanager
async def lock_held_for(
    path: Path, seconds: float, *, writing: str | None = None
) -> AsyncIterator[LoopTurns]:
    """Within the block another connection holds the database's write lock for ``seconds``
    (then runs ``writing``, if given, and commits); the yielded count says how often the
    loop ran a ticker meanwhile."""
    holder = sqlite3.connect(str(path), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    turns = LoopTurns()

    async def tick() -> None:
        while True:
            turns.count += 1
            await asyncio.sleep(0.001)

    async def release() -> None:
        await asyncio.sleep(seconds)
        if writing is not None:
            holder.execute(writing)
        holder.execute("COMMIT")

    ticking = asyncio.create_task(tick())
    releasing = asyncio.create_task(release())
    try:
        yield turns
        await releasing
    finally:
        ticking.cancel()
        releasing.cancel()
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()
