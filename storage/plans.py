"""The athlete's current plan, stored whole as the coach's JSON and versioned on rebuild."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import desc, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.models import Plan
from storage.tables import PlanRow


class PlanRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def current(self, athlete_id: int) -> Plan | None:
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(PlanRow)
                    .where(PlanRow.athlete_id == athlete_id)
                    .order_by(desc(PlanRow.version))
                    .limit(1)
                )
            ).scalar_one_or_none()
            return Plan.model_validate(row.body) if row else None

    async def save(self, athlete_id: int, plan: Plan, now: datetime, *, keep: int = 3) -> int:
        """Store ``plan`` as the newest version; older versions beyond ``keep`` are pruned."""
        async with self._sessions.begin() as session:
            versions = list(
                await session.scalars(
                    select(PlanRow.version)
                    .where(PlanRow.athlete_id == athlete_id)
                    .order_by(desc(PlanRow.version))
                    .with_for_update()
                )
            )
            version = (versions[0] + 1) if versions else 1
            session.add(
                PlanRow(
                    athlete_id=athlete_id,
                    version=version,
                    start=plan.start,
                    body=plan.model_dump(mode="json"),
                    created_at=now,
                )
            )
            stale = versions[keep - 1 :]
            if stale:
                from sqlalchemy import delete

                await session.execute(
                    delete(PlanRow).where(
                        PlanRow.athlete_id == athlete_id, PlanRow.version.in_(stale)
                    )
                )
            return version
