"""The athlete's current plan: a versioned head row and one row per week.

A plan is stored in parts because it is read in parts: the morning push needs the day's
week (and the few weeks of the readiness window), never the 20-odd others. Each week is the
coach's JSON of a :class:`~coach.models.Week`, validated straight from the stored text.
A rebuild or an override writes a new version; older versions beyond ``keep`` are pruned
(their weeks go with them: ON DELETE CASCADE).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, desc, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.models import GoalKind, Plan, TrainingPaces, Week
from storage.tables import PlanRow, PlanWeekRow


@dataclass(frozen=True, slots=True)
class PlanHead:
    """What holds for every week of a stored plan version."""

    plan_id: int
    start: date
    goal: GoalKind
    race_date: date | None
    paces: TrainingPaces

    @classmethod
    def of_row(cls, plan_id: int, start: Any, goal: str, race_date: Any, paces: str) -> PlanHead:
        return cls(
            plan_id=plan_id,
            start=as_date(start),
            goal=GoalKind(goal),
            race_date=None if race_date is None else as_date(race_date),
            paces=TrainingPaces.model_validate_json(paces),
        )

    def plan(self, weeks: Iterable[Week]) -> Plan:
        """The plan of these (already validated) weeks, assembled without validating again."""
        return Plan.model_construct(
            goal=self.goal,
            start=self.start,
            race_date=self.race_date,
            paces=self.paces,
            weeks=tuple(weeks),
        )


def as_date(value: Any) -> date:
    """A DATE column's value as a date (drivers hand some back as ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


HEAD_COLUMNS = (PlanRow.id, PlanRow.start, PlanRow.goal, PlanRow.race_date, PlanRow.paces)


def latest_version() -> Any:
    """``plans.version`` is the athlete's newest (for bulk reads across athletes)."""
    newest = PlanRow.__table__.alias("newest")
    return PlanRow.version == (
        select(func.max(newest.c.version))
        .where(newest.c.athlete_id == PlanRow.athlete_id)
        .scalar_subquery()
    )


class PlanRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def current(self, athlete_id: int) -> Plan | None:
        """The newest version, whole."""
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(*HEAD_COLUMNS)
                    .where(PlanRow.athlete_id == athlete_id)
                    .order_by(desc(PlanRow.version))
                    .limit(1)
                )
            ).first()
            if row is None:
                return None
            head = PlanHead.of_row(*row)
            bodies = await session.scalars(
                select(PlanWeekRow.body)
                .where(PlanWeekRow.plan_id == head.plan_id)
                .order_by(PlanWeekRow.start)
            )
            return head.plan(Week.model_validate_json(body) for body in bodies)

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
            plan_id = (
                await session.execute(
                    insert(PlanRow)
                    .values(athlete_id=athlete_id, version=version, **head_values(plan, now))
                    .returning(PlanRow.id)
                )
            ).scalar_one()
            if plan.weeks:
                await session.execute(insert(PlanWeekRow), week_values(plan_id, plan))
            stale = versions[keep - 1 :]
            if stale:
                await session.execute(
                    delete(PlanRow).where(
                        PlanRow.athlete_id == athlete_id, PlanRow.version.in_(stale)
                    )
                )
            return version


def head_values(plan: Plan, now: datetime) -> dict[str, Any]:
    """The ``plans`` columns of ``plan`` (all but the athlete and the version)."""
    return {
        "start": plan.start,
        "goal": plan.goal.value,
        "race_date": plan.race_date,
        "paces": plan.paces.model_dump_json(),
        "created_at": now,
    }


def week_values(plan_id: int, plan: Plan) -> list[dict[str, Any]]:
    """The ``plan_weeks`` rows of ``plan``."""
    return [
        {"plan_id": plan_id, "start": week.start, "body": week.model_dump_json()}
        for week in plan.weeks
    ]
