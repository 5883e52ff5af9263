"""The morning check-ins (COACHING.md §6): one row per athlete and local day, answers merged
as they arrive. Scoped by athlete; returns coach models, never ORM rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from coach.models import (
    CheckIn,
)
from storage.tables import CheckInRow
from storage.unit import SessionSource, scope_of

CHECKIN_FIELDS = (
    "sleep_hours", "sleep_quality", "soreness", "soreness_where", "stress", "mood", "motivation",
)  # fmt: skip


_FIELD_COLUMNS = tuple(getattr(CheckInRow, f) for f in CHECKIN_FIELDS)


def _checkin(row: CheckInRow) -> CheckIn:
    return CheckIn(date=row.local_date, **{f: getattr(row, f) for f in CHECKIN_FIELDS})


class CheckinRepository:
    """The check-ins of one database."""

    def __init__(self, sessions: SessionSource) -> None:
        self._sessions = scope_of(sessions)

    async def save_checkin(
        self, athlete_id: int, local_date: date, now: datetime, **answers: Any
    ) -> CheckIn:
        """Merge answers into the day's check-in (one row per day; later answers win)."""
        unknown = set(answers) - set(CHECKIN_FIELDS)
        if unknown:
            raise ValueError(f"not check-in fields: {sorted(unknown)}")
        async with self._sessions.begin(athletes=False) as session:
            # One statement (an upsert returning the merged row), not a locked read and a
            # write: each statement is a few round trips to SQLite's thread, and a tap of
            # the check-in stores one answer.
            dialect = session.bind.dialect.name if session.bind else "sqlite"
            insert_fn = pg_insert if dialect == "postgresql" else sqlite_insert
            stmt = insert_fn(CheckInRow).values(
                athlete_id=athlete_id,
                local_date=local_date,
                created_at=now,
                updated_at=now,
                **answers,
            )
            merged = {key: stmt.excluded[key] for key in (*answers, "updated_at")}
            row = (
                await session.execute(
                    stmt.on_conflict_do_update(
                        index_elements=["athlete_id", "local_date"], set_=merged
                    ).returning(CheckInRow.local_date, *_FIELD_COLUMNS)
                )
            ).one()
            return CheckIn(date=row[0], **dict(zip(CHECKIN_FIELDS, row[1:], strict=True)))

    async def checkin_on(self, athlete_id: int, local_date: date) -> CheckIn | None:
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(CheckInRow).where(
                        CheckInRow.athlete_id == athlete_id, CheckInRow.local_date == local_date
                    )
                )
            ).scalar_one_or_none()
            return _checkin(row) if row else None

    async def checkins_between(self, athlete_id: int, start: date, end: date) -> list[CheckIn]:
        """Check-ins with start <= date <= end, oldest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(CheckInRow)
                .where(
                    CheckInRow.athlete_id == athlete_id,
                    CheckInRow.local_date >= start,
                    CheckInRow.local_date <= end,
                )
                .order_by(CheckInRow.local_date)
            )
            return [_checkin(r) for r in rows]
