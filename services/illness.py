"""Illness (COACHING.md §7b): "/sick" opens a period, the neck check says what it allows,
"better" closes it and plans the graded return.

While the period is open the coach's day (:meth:`services.coaching.CoachingService.day_for`)
holds no running below the neck and easy running only above it, so /today, the morning push
and the evening reminder all agree. The return itself is the planner's
(:func:`coach.planner.return_to_running`): easy only for as many days as ill (at most 7),
the volume from about half, the first long run capped at the longest run of the four weeks
before. Writes are ordered so that repeating a half-done "better" is safe: the plan is saved
before the period is closed, and a second rebuild from the goal gives the same return.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from coach.illness import Illness, return_adjustment
from coach.models import Comeback, Plan, Session
from coach.planner import return_to_running
from services.coaching import CoachingService, DayPlan, local_today
from storage.athletes import AthleteRecord
from storage.database import Database

__all__ = ["LONGEST_BEFORE_DAYS", "BackOutcome", "IllnessService", "SickOutcome"]

#: How far before the illness the longest run is looked for, to cap the first long run back.
LONGEST_BEFORE_DAYS = 28


@dataclass(frozen=True)
class SickOutcome:
    """An illness reported: the open period (``new`` when this report opened it) and, once
    the neck check is answered, the day as the coach now sees it."""

    illness: Illness
    new: bool
    day: DayPlan | None


@dataclass(frozen=True)
class BackOutcome:
    """Back from an illness: the closed period, the days ill, and the return planned."""

    illness: Illness
    today: date
    days_ill: int
    plan: Plan | None  # None: no profile or plan yet (the period is closed all the same)

    @property
    def comeback(self) -> Comeback | None:
        return self.plan.comeback if self.plan is not None else None

    @property
    def today_sessions(self) -> list[Session]:
        return self.plan.sessions_on(self.today) if self.plan is not None else []


class IllnessService:
    """The illness periods of one database, and the return after one."""

    def __init__(self, db: Database, coaching: CoachingService | None = None) -> None:
        self.db = db
        self.coaching = coaching or CoachingService(db)

    async def current(self, athlete_id: int) -> Illness | None:
        return await self.db.illnesses.current(athlete_id)

    async def periods(self, athlete_id: int) -> list[Illness]:
        return await self.db.illnesses.periods(athlete_id)

    async def report(
        self, record: AthleteRecord, now: datetime, *, above_neck: bool | None = None
    ) -> SickOutcome:
        """Open an illness today (an open one is kept, so the days ill count from the first
        report); ``above_neck`` when the answer is already known."""
        today = local_today(record, now)
        illness, new = await self.db.illnesses.start(record.id, today, now)
        if above_neck is None:
            return SickOutcome(illness, new, None)
        return await self.neck(record, now, above_neck, new=new)

    async def neck(
        self, record: AthleteRecord, now: datetime, above_neck: bool, *, new: bool = False
    ) -> SickOutcome:
        """The neck check's answer on the open period (one is opened today if none is)."""
        illness = await self.db.illnesses.set_neck(record.id, above_neck)
        if illness is None:
            illness, new = await self.db.illnesses.start(record.id, local_today(record, now), now)
            illness = await self.db.illnesses.set_neck(record.id, above_neck) or illness
        day = await self.coaching.day_for(record, now)
        return SickOutcome(illness, new, day)

    async def better(self, record: AthleteRecord, now: datetime) -> BackOutcome | None:
        """Close the open period (today is the first day back) and plan the return; None
        when the athlete was not ill."""
        illness = await self.db.illnesses.current(record.id)
        if illness is None:
            return None
        today = local_today(record, now)
        days = illness.days_ill(today)
        profile = record.profile()
        plan = await self.coaching.plan_for(record, now)
        new_plan: Plan | None = None
        if profile is not None and plan is not None:
            before = await self.db.runlogs.logs_between(
                record.id,
                illness.started_on - timedelta(days=LONGEST_BEFORE_DAYS),
                illness.started_on - timedelta(days=1),
            )
            longest = max((s.log.duration_min or 0.0 for s in before if s.log.ran), default=0.0)
            new_plan = return_to_running(
                plan,
                profile,
                today,
                cause="illness",
                days_off=days,
                longest_before=longest or None,
            )
            await self.db.plans.save(record.id, new_plan, now)
            note = return_adjustment(today, days, new_plan.comeback)
            await self.db.adjustments.add_adjustments(record.id, [note], now)  # for /why
        closed = await self.db.illnesses.end(record.id, today) or illness
        return BackOutcome(illness=closed, today=today, days_ill=days, plan=new_plan)
