"""The coaching use cases over one database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from coach.adaptation import AdjustedDay, adjust_today
from coach.illness import Illness, ill_day
from coach.models import (
    Adjustment,
    AthleteProfile,
    CheckIn,
    PainFlag,
    Phase,
    Plan,
    Readiness,
    RunLog,
    Session,
    Week,
)
from coach.planner import build_plan
from coach.readiness import score_readiness
from coach.schedule import LazySessions, Schedule
from storage.adjustments import AdjustmentRepository
from storage.athletes import AthleteRecord
from storage.database import Database
from storage.fanout import AthleteDay, FanoutReader
from storage.runlog import StoredLog
from storage.unit import UnitOfWork

HISTORY_DAYS = 42  # enough for the 28-day chronic load to settle


def _week_sessions(plan: Schedule, day: date) -> Sequence[Session]:
    week = plan.week_of(day)
    return week.sessions if week is not None else ()


def todays(adjusted: AdjustedDay) -> list[Adjustment]:
    """The changes to record for /why: today's only. A later day's change is a preview,
    re-derived (and recorded) on its own day, so it is recorded once, with that day's
    figures, rather than once per morning that previewed it."""
    return [a for a in adjusted.adjustments if a.date == adjusted.date]


def local_now(record: AthleteRecord, now: datetime) -> datetime:
    return now.astimezone(ZoneInfo(record.timezone))


def local_today(record: AthleteRecord, now: datetime) -> date:
    return local_now(record, now).date()


@dataclass(frozen=True)
class DayPlan:
    """One athlete's day as the coach sees it: planned, adjusted, and why."""

    record: AthleteRecord
    profile: AthleteProfile
    plan: Schedule
    today: date
    planned: tuple[Session, ...]
    sessions: tuple[Session, ...]
    readiness: Readiness
    adjusted: AdjustedDay
    checkin: CheckIn | None
    logs_today: tuple[StoredLog, ...]
    # §7b: the athlete is ill (an open period): ``sessions`` already says what that allows.
    illness: Illness | None = None

    @cached_property
    def week(self) -> Week | None:
        """Today's week, read on first use (a morning push needs only its phase)."""
        return self.plan.week_of(self.today)

    @property
    def phase(self) -> Phase | None:
        return self.plan.phase_on(self.today)

    @property
    def is_rest_day(self) -> bool:
        return all(s.is_rest for s in self.sessions)


@dataclass(frozen=True)
class History:
    """An athlete's journal around a day, as the coach reads it.

    Logs before the day are the coach's facts (load, quality efforts, spacing) and need no
    row ids; the day's own logs keep theirs (the evening reminder matches slots, /undo ids).
    Both are read by :mod:`storage.fanout`, the journal's one reader for the coach.
    """

    checkins: list[CheckIn]
    past_logs: list[RunLog]  # before the day, oldest first
    logs_today: list[StoredLog]  # on the day, in the order they were logged
    pains: list[PainFlag]
    illness: Illness | None = None  # the open illness period, if any (§7b)

    @classmethod
    def of(cls, journal: AthleteDay | None, illness: Illness | None) -> History:
        """The history of a journal as storage read it (None: no journal)."""
        if journal is None:
            return cls(checkins=[], past_logs=[], logs_today=[], pains=[], illness=illness)
        return cls(
            checkins=journal.checkins,
            past_logs=journal.past_logs,
            logs_today=journal.logs_today,
            pains=journal.pains,
            illness=illness,
        )


class CoachingService:
    """Loads, asks the coach, records. One instance per database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @cached_property
    def reader(self) -> FanoutReader:
        """The journal's one reader (storage.fanout), for one athlete or a page of them."""
        return FanoutReader(self.db.sessions)

    async def plan_for(self, record: AthleteRecord, now: datetime) -> Plan | None:
        """The athlete's plan, built and saved on first need."""
        profile = record.profile()
        if profile is None:
            return None
        plan = await self.db.plans.current(record.id)
        if plan is None:
            plan = build_plan(profile, local_today(record, now))
            await self.db.plans.save(record.id, plan, now)
        return plan

    async def schedule_for(self, record: AthleteRecord, now: datetime) -> Schedule | None:
        """The athlete's plan as the day's coaching reads it: a day validated only when
        read (storage.plans.StoredPlan); built and saved on first need, as ``plan_for``."""
        if record.profile() is None:
            return None
        stored = await self.db.plans.schedule(record.id)
        return stored if stored is not None else await self.plan_for(record, now)

    async def rebuild_plan(self, record: AthleteRecord, now: datetime) -> Plan | None:
        """A new plan from today (after onboarding, /race, /settings or a resume)."""
        profile = record.profile()
        if profile is None:
            return None
        plan = build_plan(profile, local_today(record, now))
        await self.db.plans.save(record.id, plan, now)
        return plan

    async def history(self, athlete_id: int, today: date, days: int = HISTORY_DAYS) -> History:
        """The journal the coach reads around ``today``, through the same reader as the
        morning fan-out (one reader, so a push and /today cannot disagree)."""
        async with self.db.reading() as reads:
            return await _history(reads, athlete_id, today, days)

    async def overrides(self, athlete_id: int, today: date) -> list[Adjustment]:
        """The athlete's choices about ``today``: an original kept (``RESTORED``)."""
        return await _overrides(self.db.adjustments, athlete_id, today)

    async def day(
        self,
        athlete_id: int,
        now: datetime,
        *,
        on: date | None = None,
        record_adjustments: bool = True,
    ) -> DayPlan | None:
        """Today's sessions for the athlete, adjusted by the latest answers, with reasons.

        Adjustments are recorded (once each) so /why can show them later.
        """
        # The record, then everything the day reads in one statement (storage.fanout).
        record = await self.db.athletes.get(athlete_id)
        if record is None:
            return None
        if record.profile() is None:
            return None  # not onboarded: no plan, no day
        today = on or local_today(record, now)
        plan, history, overrides = await _read_day(self.reader, record, today)
        return await self._adjusted(
            record, now, today, plan, history, overrides, record_adjustments=record_adjustments
        )

    async def day_for(
        self,
        record: AthleteRecord,
        now: datetime,
        *,
        on: date | None = None,
        record_adjustments: bool = True,
        plan: Schedule | None = None,
        history: History | None = None,
        overrides: Sequence[Adjustment] = (),
    ) -> DayPlan | None:
        """The day, adjusted. ``plan`` and ``history`` spare the loads when the caller has
        them (the fan-out reads them in bulk, and its plan validates a day only when read:
        on most mornings only today's sessions and those of recently logged days); with
        ``history`` the caller also gives the athlete's own word on the day (``overrides``,
        a kept original), read in bulk too."""
        today = on or local_today(record, now)
        overrides = list(overrides)
        if history is None and record.profile() is not None:
            # The athlete's own word on the day ("Keep the original") is read with the
            # rest, in one statement (storage.fanout).
            plan, history, overrides = await _read_day(self.reader, record, today, plan)
        return await self._adjusted(
            record, now, today, plan, history, overrides, record_adjustments=record_adjustments
        )

    async def _adjusted(
        self,
        record: AthleteRecord,
        now: datetime,
        today: date,
        plan: Schedule | None,
        history: History | None,
        overrides: list[Adjustment],
        *,
        record_adjustments: bool,
    ) -> DayPlan | None:
        """The coach's day from what was read; a plan is built and saved on first need."""
        profile = record.profile()
        if plan is None:
            plan = await self.schedule_for(record, now)
        if profile is None or plan is None:
            return None
        history = history or await self.history(record.id, today)
        checkin = next((c for c in history.checkins if c.date == today), None)
        recent = [c for c in history.checkins if c.date < today]
        past_logs = history.past_logs
        # The score, not just the level: adjust_today reuses its load ratio and soreness
        # streak instead of computing them again.
        score = score_readiness(today, checkin, recent, past_logs, history.pains, plan)
        planned = plan.sessions_on(today)
        schedule = plan
        adjusted = adjust_today(
            today,
            planned,
            score,
            profile=profile,
            paces=plan.paces,
            logs=past_logs,
            pains=history.pains,
            week_sessions=LazySessions(lambda: _week_sessions(schedule, today)),
            overrides=overrides,
        )
        if record_adjustments and adjusted.adjustments:
            await self.db.adjustments.add_adjustments(record.id, todays(adjusted), now)
        sessions = tuple(adjusted.sessions)
        illness = history.illness
        if illness is not None and illness.started_on > today:
            illness = None  # a day before the illness (a past day's view)
        if illness is not None:  # §7b: no running below the neck, easy only above it
            sessions = ill_day(sessions, illness, paces=plan.paces, profile=profile)
        return DayPlan(
            record=record,
            profile=profile,
            plan=plan,
            today=today,
            planned=tuple(planned),
            sessions=sessions,
            readiness=score.to_readiness(),
            adjusted=adjusted,
            checkin=checkin,
            logs_today=tuple(history.logs_today),
            illness=illness,
        )


async def _read_day(
    reader: FanoutReader, record: AthleteRecord, today: date, plan: Schedule | None = None
) -> tuple[Schedule | None, History, list[Adjustment]]:
    """What a day's coaching reads, in one call to the database (storage.fanout's
    ``FanoutReader.day``): the plan (unless given; None when none is stored yet), the
    journal and the athlete's word on the day."""
    day = await reader.day(record, today, history_days=HISTORY_DAYS, with_plan=plan is None)
    history = History.of(day.journal, day.illness)
    return (plan if plan is not None else day.plan), history, day.kept


async def _history(
    reads: UnitOfWork,
    athlete_id: int,
    today: date,
    days: int,
    record: AthleteRecord | None = None,
) -> History:
    read = await reads.reader.days(
        {athlete_id: today},
        history_days=days,
        with_plans=False,
        records={athlete_id: record} if record is not None else None,
    )
    return History.of(read.get(athlete_id), await reads.illnesses.current(athlete_id))


async def _overrides(
    adjustments: AdjustmentRepository, athlete_id: int, today: date
) -> list[Adjustment]:
    """The athlete's own word on the day: the originals they kept ("Keep the original"),
    the latest first."""
    kept = (await adjustments.restored_on({athlete_id: today})).get(athlete_id, [])
    return kept[::-1]
