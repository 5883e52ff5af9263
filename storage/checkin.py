"""The morning check-ins (COACHING.md §6): one row per athlete and local day, answers merged
as they arrive. Scoped by athlete; returns coach models, never ORM rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from coach.models import (
    CheckIn,
)
from storage.tables import CheckInRow
from storage.unit import SessionSource, scope_of

CHECKIN_FIELDS = (
    "sleep_hours", "sleep_quality", "soreness", "soreness_where", "stress", "mood", "motivation",
)  # fmt: skip


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
        # The check-in never touches the athlete's row (storage.unit.remembering). A locked
        # read and an ORM write: an upsert returning the row is one statement, but costs
        # more CPU to build (measured with bench/update_cpu.py).
        async with self._sessions.begin(athletes=False) as session:
            row = (
                await session.execute(
                    select(CheckInRow)
                    .where(CheckInRow.athlete_id == athlete_id, CheckInRow.local_date == local_date)
                    .with_for_update()
                )
            ).scalar_one_or_none()
            if row is None:
                row = CheckInRow(
                    athlete_id=athlete_id, local_date=local_date, created_at=now, updated_at=now
                )
                session.add(row)
            for key, value in answers.items():
                setattr(row, key, value)
            row.updated_at = now
            await session.flush()
            return _checkin(row)

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
