"""Illness periods (COACHING.md §7b): at most one open per athlete, opened by /sick, given
the neck check's answer, closed on the first day back; closed periods are kept."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from coach.illness import Illness
from storage.tables import IllnessRow
from storage.unit import SessionSource, scope_of


def illness_of(row: IllnessRow) -> Illness:
    return Illness(started_on=row.started_on, above_neck=row.above_neck, ended_on=row.ended_on)


#: An athlete's open period (the newest, should there be two).
OPEN_ILLNESS = (
    select(IllnessRow.started_on, IllnessRow.above_neck)
    .where(IllnessRow.athlete_id == bindparam("athlete_id"), IllnessRow.ended_on.is_(None))
    .order_by(IllnessRow.id.desc())
    .limit(1)
)


def open_illness_of(row: Any) -> Illness | None:
    """The open period of an :data:`OPEN_ILLNESS` row (None: no row, none open)."""
    return Illness(started_on=row[0], above_neck=row[1], ended_on=None) if row else None


class IllnessRepository:
    """The illness periods of one database."""

    def __init__(self, sessions: SessionSource) -> None:
        self._sessions = scope_of(sessions)

    async def start(self, athlete_id: int, day: date, now: datetime) -> tuple[Illness, bool]:
        """Open an illness on ``day``; an open one is kept as it is (a second /sick does not
        restart the count of days ill). Returns the open period and whether it is new."""
        async with self._sessions.begin() as session:
            row = await self._open_row(session, athlete_id)
            if row is not None:
                return illness_of(row), False
            row = IllnessRow(athlete_id=athlete_id, started_on=day, created_at=now)
            session.add(row)
            await session.flush()
            return illness_of(row), True

    async def set_neck(self, athlete_id: int, above_neck: bool) -> Illness | None:
        """The neck check's answer, on the open period (None when none is open)."""
        async with self._sessions.begin() as session:
            row = await self._open_row(session, athlete_id)
            if row is None:
                return None
            row.above_neck = above_neck
            return illness_of(row)

    async def end(self, athlete_id: int, back_on: date) -> Illness | None:
        """Close the open period, ``back_on`` being the first day back (None: none open)."""
        async with self._sessions.begin() as session:
            row = await self._open_row(session, athlete_id)
            if row is None:
                return None
            row.ended_on = max(back_on, row.started_on)
            return illness_of(row)

    async def current(self, athlete_id: int) -> Illness | None:
        """The open period, if any (read on every update that coaches a day: a Core
        statement built once, no ORM row)."""
        async with self._sessions() as session:
            conn = await session.connection()
            row = (await conn.execute(OPEN_ILLNESS, {"athlete_id": athlete_id})).first()
            return open_illness_of(row)

    async def current_of(self, athlete_ids: Iterable[int]) -> dict[int, Illness]:
        """The open periods of many athletes in one query (a page of morning pushes)."""
        ids = list(set(athlete_ids))
        if not ids:
            return {}
        async with self._sessions() as session:
            rows = await session.scalars(
                select(IllnessRow).where(
                    IllnessRow.athlete_id.in_(ids), IllnessRow.ended_on.is_(None)
                )
            )
            return {r.athlete_id: illness_of(r) for r in rows}

    async def periods(self, athlete_id: int) -> list[Illness]:
        """Every period, oldest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(IllnessRow)
                .where(IllnessRow.athlete_id == athlete_id)
                .order_by(IllnessRow.started_on, IllnessRow.id)
            )
            return [illness_of(r) for r in rows]

    @staticmethod
    async def _open_row(session: AsyncSession, athlete_id: int) -> IllnessRow | None:
        rows = await session.scalars(
            select(IllnessRow)
            .where(IllnessRow.athlete_id == athlete_id, IllnessRow.ended_on.is_(None))
            .order_by(IllnessRow.id.desc())
            .limit(1)
        )
        return rows.first()
