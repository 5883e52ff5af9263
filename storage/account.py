"""An athlete's account as a whole: every row they own (for /export) and when they paused.

Read-only and scoped by athlete, like every repository. The export walks the schema rather
than a hand-kept list, so a table added later (with its ``athlete_id``) is exported too.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, select

from storage.tables import ATHLETE_TABLES, CHILD_TABLES, AthleteRow, Base
from storage.unit import SessionSource, scope_of

Row = dict[str, Any]


def _plain(value: Any) -> Any:
    """A value JSON can hold: dates and datetimes as ISO 8601 text, the rest unchanged."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _rows(table: Table, result: Any) -> list[Row]:
    decoders = {c.key: c.info["decode"] for c in table.c if "decode" in c.info}
    return [
        {
            key: decoders[key](value) if key in decoders and value is not None else _plain(value)
            for key, value in row.items()
        }
        for row in result.mappings()
    ]


class AccountStore:
    """Whole-account reads over one database's session factory."""

    def __init__(self, sessions: SessionSource) -> None:
        self._sessions = scope_of(sessions)

    @staticmethod
    def columns(table: str) -> list[str]:
        """The column names of ``table``, in schema order (a CSV header)."""
        return list(Base.metadata.tables[table].c.keys())

    async def paused_at(self, athlete_id: int) -> datetime | None:
        """When the athlete paused coaching (None when not paused or unknown)."""
        async with self._sessions() as session:
            stmt = select(AthleteRow.paused_at).where(AthleteRow.id == athlete_id)
            value: datetime | None = (await session.execute(stmt)).scalar_one_or_none()
            return value

    async def rows(self, athlete_id: int) -> dict[str, list[Row]]:
        """Every row of this athlete, table by table (``athletes`` first), in id order.

        Rows that belong to one of those rows (a plan's weeks) come under their own table's
        name. Values are JSON-ready: dates and datetimes become ISO 8601 strings, JSON stays
        nested. One read transaction, so the tables agree with each other.
        """
        tables: dict[str, Table] = {
            name: table for name, table in Base.metadata.tables.items() if name in ATHLETE_TABLES
        }
        athletes = Base.metadata.tables[AthleteRow.__tablename__]
        async with self._sessions() as session, session.begin():
            out = {
                "athletes": _rows(
                    athletes,
                    await session.execute(select(athletes).where(athletes.c.id == athlete_id)),
                )
            }
            for name in sorted(tables):
                table = tables[name]
                stmt = select(table).where(table.c.athlete_id == athlete_id)
                if "id" in table.c:
                    stmt = stmt.order_by(table.c.id)
                out[name] = _rows(table, await session.execute(stmt))
            for name, link in sorted(CHILD_TABLES.items()):
                child = Base.metadata.tables[name]
                parent = next(iter(link.foreign_keys)).column
                owned = select(parent).where(parent.table.c.athlete_id == athlete_id)
                stmt = select(child).where(link.in_(owned)).order_by(*child.primary_key.columns)
                out[name] = _rows(child, await session.execute(stmt))
            return out
