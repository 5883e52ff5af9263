"""Every message a known athlete sends, kept before any handler acts on it (and a
redelivered update recognised by its id)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.tables import InboxRow
from storage.unit import SessionSource, scope_of


class InboxRepository:
    """The inbox of one database."""

    def __init__(self, sessions: SessionSource) -> None:
        self._sessions = scope_of(sessions)

    async def record_inbound(
        self, athlete_id: int, update_id: int, text: str | None, now: datetime
    ) -> bool:
        """Keep what the athlete sent; False when this update was already recorded
        (a redelivered update after a crash must not be acted on twice)."""
        values = {
            "athlete_id": athlete_id,
            "update_id": update_id,
            "text": text,
            "received_at": now,
        }
        async with self._sessions.begin() as session:
            dialect = session.bind.dialect.name if session.bind else "sqlite"
            insert_fn = pg_insert if dialect == "postgresql" else sqlite_insert
            stmt = (
                insert_fn(InboxRow)
                .values(**values)
                .on_conflict_do_nothing(index_elements=["athlete_id", "update_id"])
            )
            result = await session.execute(stmt)
            return bool(getattr(result, "rowcount", 0))
