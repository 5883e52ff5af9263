"""/pain's use cases (COACHING.md §7): a report recorded by place (it replaces the open
flags there; 0/10 means gone), today recomputed so the answer can say what changes, and
"all my pain is gone"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from coach.models import PainFlag
from services.coaching import CoachingService, DayPlan
from storage.database import Database


@dataclass(frozen=True)
class PainResult:
    """A pain report and the day as the coach now sees it."""

    where: str
    score: int
    flag: PainFlag | None  # None when the report said it is gone (0/10)
    day: DayPlan | None


class PainService:
    """The pain reports of one database."""

    def __init__(self, db: Database, coaching: CoachingService | None = None) -> None:
        self.db = db
        self.coaching = coaching or CoachingService(db)

    async def report_pain(
        self,
        athlete_id: int,
        now: datetime,
        day: date,
        where: str,
        score: int,
        *,
        with_day: bool = True,
    ) -> PainResult:
        """Record a pain report (it replaces the open ones at the same place; 0/10 = gone)
        and recompute today, so the answer can say what changes."""
        flag = await self.db.pains.report_pain_at(
            athlete_id, PainFlag(reported_on=day, where=where, score=score), now
        )
        plan_day = await self.coaching.day(athlete_id, now) if with_day else None
        return PainResult(where, score, flag, plan_day)

    async def open_pains(self, athlete_id: int) -> list[PainFlag]:
        return await self.db.pains.pains(athlete_id, open_only=True)

    async def all_pain_gone(self, athlete_id: int, day: date) -> int:
        """Every open pain flag resolved today; how many there were."""
        return await self.db.pains.resolve_pains(athlete_id, day)
