"""The athlete's last word (COACHING.md §7): skip, swap, pause, resume.

Skips and swaps go through the coach (:func:`coach.adaptation.skip`,
:func:`coach.adaptation.swap_days`), which refuses what would break the hard-day rules with a
reason to show; an accepted change is saved as a new plan version together with the
:class:`~coach.models.Adjustment` that explains it (shown by /why). Writes are ordered so that
repeating a half-done request is safe: the adjustments are de-duplicated by the journal, the
skip's log is written once, and the plan is saved last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from coach.adaptation import OverrideRefused, SwapRefused, restore_original, skip, swap_days
from coach.calendar import monday_of
from coach.models import (
    Adjustment,
    AdjustmentKind,
    Phase,
    Plan,
    RunLog,
    RunStatus,
    Session,
    SessionKind,
    Week,
)
from coach.planner import rebuild_from, return_to_running
from coach.rules import RULES
from flows import control as flow
from flows.control import SkipChoice, SwapChoice, SwapOption
from services.coaching import CoachingService, local_today
from storage.account import AccountStore
from storage.athletes import AthleteRecord
from storage.database import Database

__all__ = [
    "ControlService",
    "KeepOutcome",
    "OverrideRefused",
    "ResumeOutcome",
    "SkipChoice",
    "SkipOutcome",
    "SwapChoice",
    "SwapOption",
    "SwapOutcome",
    "SwapRefused",
    "resume_factor",
]

_LOADING = (Phase.BASE, Phase.BUILD, Phase.COMPETITION)
#: How far before a pause the longest run is looked for, to cap the first long run back.
LONGEST_BEFORE_DAYS = 28


def resume_factor(days_paused: int) -> float:
    """The share of the pre-pause volume the plan restarts from after ``days_paused``
    (COACHING.md §7/§9): after ``RULES.resume_reduce_after_days`` or more,
    ``RULES.missed_week_factor`` per week missed, never below ``RULES.resume_min_factor``."""
    if days_paused < RULES.resume_reduce_after_days:
        return 1.0
    weeks = days_paused // 7
    return max(RULES.resume_min_factor, RULES.missed_week_factor**weeks)


def with_week(plan: Plan, monday: date, sessions: Sequence[Session]) -> Plan:
    """``plan`` with the sessions of the week starting ``monday`` replaced."""
    weeks = tuple(
        w.model_copy(update={"sessions": tuple(sessions)}) if w.start == monday else w
        for w in plan.weeks
    )
    return plan.model_copy(update={"weeks": weeks})


def restart_minutes(plan: Plan, today: date, factor: float) -> float:
    """The "minutes done last week" to rebuild from on resume (see
    :func:`coach.planner.rebuild_from`), so that this week lands at ``factor`` of what the
    plan had for it (after a loading week), or ``factor`` of the lighter week before."""
    last = plan.week_of(monday_of(today) - timedelta(days=7))
    if last is None:
        return 0.0  # the plan starts this week: it is rebuilt from the profile
    if last.phase in _LOADING and not last.deload:
        current = plan.week_of(today)
        level = _runs_minutes(current) if current is not None else _runs_minutes(last)
        return level * factor / (1 + RULES.max_weekly_increase)
    return _runs_minutes(last) * factor


def _runs_minutes(week: Week) -> float:
    return sum(s.duration_min for s in week.sessions if s.is_run and s.kind is not SessionKind.RACE)


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SkipOutcome:
    today: date
    skipped: tuple[Session, ...]
    adjustments: tuple[Adjustment, ...]
    reason: str | None


@dataclass(frozen=True)
class SwapOutcome:
    today: date
    target: date
    adjustment: Adjustment
    week: tuple[Session, ...]


@dataclass(frozen=True)
class KeepOutcome:
    """The original kept: what was taken back, what the week eased around it, today."""

    today: date
    restored: tuple[Adjustment, ...]
    eased: tuple[Adjustment, ...]
    sessions: tuple[Session, ...]


NOTHING_TO_KEEP = "Today is already as planned: there is no change to take back."


@dataclass(frozen=True)
class ResumeOutcome:
    today: date
    days_paused: int
    factor: float
    plan: Plan
    rebuilt: bool
    #: Today's sessions as /today shows them (today's changes applied to ``plan``).
    today_now: tuple[Session, ...] = ()

    @property
    def today_sessions(self) -> list[Session]:
        return list(self.today_now) if self.today_now else self.plan.sessions_on(self.today)


# --- the service -------------------------------------------------------------------------------


class ControlService:
    """Skip, swap, pause, resume, export and delete for one database."""

    def __init__(self, db: Database, coaching: CoachingService | None = None) -> None:
        self.db = db
        self.coaching = coaching or CoachingService(db)
        self.account = AccountStore(db.sessions)  # when the pause began

    async def _plan(self, record: AthleteRecord, now: datetime) -> Plan:
        plan = await self.coaching.plan_for(record, now)
        if plan is None:
            raise OverrideRefused("Your plan isn't set up yet: send /start to finish setting up.")
        return plan

    async def _logged_today(self, record: AthleteRecord, today: date) -> list[RunLog]:
        return [s.log for s in await self.db.runlogs.logs_between(record.id, today, today)]

    async def _today_now(self, record: AthleteRecord, now: datetime, plan: Plan) -> list[Session]:
        """Today's sessions as the athlete sees them now: the plan with today's changes (a
        pain report, a red check-in, an illness) applied, as /today and the push show it.

        The stored plan keeps the session as planned; naming that one after /pain made today
        an easy 40 min would ask the athlete to skip a session they no longer have.
        """
        day = await self.coaching.day_for(record, now, record_adjustments=False, plan=plan)
        today = local_today(record, now)
        return list(day.sessions) if day is not None else plan.sessions_on(today)

    async def _this_week(
        self, record: AthleteRecord, now: datetime, plan: Plan
    ) -> dict[date, list[Session]]:
        """The week's days with what is planned on each, today as it is now."""
        today = local_today(record, now)
        week = {day: plan.sessions_on(day) for day in flow.week_days(today)}
        week[today] = await self._today_now(record, now, plan)
        return week

    # --- skip ------------------------------------------------------------------------------
    async def skip_choice(self, record: AthleteRecord, now: datetime) -> SkipChoice:
        """Today's runs, or OverrideRefused (rest day, already logged) with the reason."""
        plan = await self._plan(record, now)
        today = local_today(record, now)
        logged = await self._logged_today(record, today)
        choice = flow.skip_choice(today, await self._today_now(record, now, plan), logged)
        if isinstance(choice, flow.Refused):
            raise OverrideRefused(choice.reason)
        return choice

    async def skip_today(
        self,
        record: AthleteRecord,
        now: datetime,
        reason: str | None,
        *,
        raw_text: str | None = None,
    ) -> SkipOutcome:
        """Skip today's run: a skipped log, the re-balanced week, and the adjustments."""
        choice = await self.skip_choice(record, now)
        today = choice.today
        profile = record.profile()
        plan = await self._plan(record, now)
        week = plan.week_of(today)
        assert week is not None  # today has runs, so it is in a week of the plan
        history = await self.coaching.history(record.id, today)
        past = history.past_logs
        new_week, adjustments = skip(
            week.sessions,
            today,
            today=today,
            logs=past,
            reschedule=True,
            profile=profile,
            paces=plan.paces,
        )
        why = flow.reason_of(reason)
        logged = await self._logged_today(record, today)
        async with self.db.unit() as uow:  # the skip, its log and the re-balanced week, or none
            await uow.adjustments.add_adjustments(record.id, adjustments, now)
            if not logged:
                first = choice.sessions[0]
                log = RunLog(date=today, status=RunStatus.SKIPPED, kind=first.kind, note=why)
                await uow.runlogs.add_log(record.id, log, now, slot=first.slot, raw_text=raw_text)
            await uow.plans.save(record.id, with_week(plan, week.start, new_week), now)
        return SkipOutcome(
            today=today, skipped=choice.sessions, adjustments=tuple(adjustments), reason=why
        )

    # --- swap ------------------------------------------------------------------------------
    async def swap_choice(self, record: AthleteRecord, now: datetime) -> SwapChoice:
        """The days after today in this week, with what is planned on each."""
        plan = await self._plan(record, now)
        today = local_today(record, now)
        logged = await self._logged_today(record, today)
        choice = flow.swap_choice(today, await self._this_week(record, now, plan), logged)
        if isinstance(choice, flow.Refused):
            raise SwapRefused(choice.reason)
        return choice

    async def swap(
        self, record: AthleteRecord, now: datetime, target: date, *, token: str | None = None
    ) -> SwapOutcome:
        """Swap today with ``target`` (a later day this week), or SwapRefused with the reason.

        ``token`` is the fingerprint the choice was made on (:func:`flows.control.swap_token`);
        a swap list that no longer matches the week is refused rather than acted on.
        """
        plan = await self._plan(record, now)
        today = local_today(record, now)
        logged = await self._logged_today(record, today)
        this_week = await self._this_week(record, now, plan)
        refusal = flow.swap_refusal(today, target, token, this_week, logged)
        if refusal is not None:
            raise SwapRefused(refusal.reason)
        week = plan.week_of(today)
        if week is None:
            raise SwapRefused("Nothing is planned this week.")
        context = [
            *plan.sessions_on(week.start - timedelta(days=1)),
            *plan.sessions_on(week.start + timedelta(days=7)),
        ]
        new_week, adjustment = swap_days(week.sessions, today, target, today=today, context=context)
        await self.db.adjustments.add_adjustments(record.id, [adjustment], now)
        new_plan = with_week(plan, week.start, new_week)
        await self.db.plans.save(record.id, new_plan, now)
        # Today as the athlete will see it: the session swapped in, with today's changes.
        shown = [s for s in new_week if s.date != today]
        shown += await self._today_now(record, now, new_plan)
        return SwapOutcome(today=today, target=target, adjustment=adjustment, week=tuple(shown))

    # --- keep the original (§7b) --------------------------------------------------------
    async def keep_original(self, record: AthleteRecord, now: datetime) -> KeepOutcome:
        """Take back today's planned sessions in place of the coach's same-day changes.

        Each change is undone through :func:`coach.adaptation.restore_original`; its
        ``RESTORED`` adjustment is recorded (shown by /why, and read back as an override so
        the day stays as planned), and a week eased around the choice (48 h between hard
        days) is saved. A second press finds nothing left to take back (OverrideRefused).
        """
        day = await self.coaching.day_for(record, now, record_adjustments=False)
        if day is None:
            raise OverrideRefused("Your plan isn't set up yet: send /start to finish setting up.")
        today = day.today
        changes = [a for a in day.adjusted.adjustments if a.date == today and a.before]
        if not changes:
            raise OverrideRefused(NOTHING_TO_KEEP)
        plan = await self._plan(record, now)
        week = plan.week_of(today)
        if week is None:
            raise OverrideRefused(NOTHING_TO_KEEP)
        sessions: list[Session] = list(week.sessions)
        made: list[Adjustment] = []
        for change in changes:
            sessions, undone = restore_original(
                sessions, change, today=today, profile=day.profile, paces=plan.paces
            )
            made.extend(undone)
        restored = tuple(a for a in made if a.kind is AdjustmentKind.RESTORED)
        eased = tuple(a for a in made if a.kind is not AdjustmentKind.RESTORED)
        async with self.db.unit() as uow:  # the choice and the week eased around it, or none
            await uow.adjustments.add_adjustments(record.id, list(made), now)
            if eased:
                await uow.plans.save(record.id, with_week(plan, week.start, sessions), now)
        kept = tuple(s for s in sessions if s.date == today)
        return KeepOutcome(today=today, restored=restored, eased=eased, sessions=kept)

    # --- pause / resume --------------------------------------------------------------------
    async def pause(self, record: AthleteRecord, now: datetime) -> bool:
        """Pause coaching (no pushes); False when already paused."""
        if record.status == "paused":
            return False
        await self.db.athletes.set_status(record.id, "paused", now)
        return True

    async def resume(self, record: AthleteRecord, now: datetime) -> ResumeOutcome | None:
        """Resume coaching: the plan is rebuilt from today, lower after a long pause.

        A pause ended on the day it began missed nothing: the plan (with any swap or skip of
        the week) stays. None when the athlete was not paused (nothing changes then).
        """
        if record.status != "paused":
            return None
        profile = record.profile()
        plan = await self._plan(record, now)
        today = local_today(record, now)
        paused_at = await self.account.paused_at(record.id)
        since = local_today(record, paused_at) if paused_at is not None else today
        days = max(0, (today - since).days)
        factor = resume_factor(days)
        new_plan = plan
        if profile is not None and days > 0:
            done = restart_minutes(plan, today, factor)
            floor = min(RULES.rebuild_floor, factor)  # §7b: a long pause is a cause
            new_plan = rebuild_from(plan, profile, today, done, floor=floor)
            if days >= RULES.resume_reduce_after_days:
                # §9, §7b: the first days back easy and the first long run capped (a holiday
                # ended in a 2 h 35 long run with marathon-pace work on the first day).
                before = await self.db.runlogs.logs_between(
                    record.id, since - timedelta(days=LONGEST_BEFORE_DAYS), since
                )
                longest = max((s.log.duration_min or 0.0 for s in before if s.log.ran), default=0.0)
                new_plan = return_to_running(
                    plan,
                    profile,
                    today,
                    cause="pause",
                    days_off=days,
                    longest_before=longest or None,
                )
            await self.db.plans.save(record.id, new_plan, now)
        await self.db.athletes.set_status(record.id, "active", now)
        await self.db.deliveries.reschedule(record.id, now)  # next pushes from now on
        return ResumeOutcome(
            today=today,
            days_paused=days,
            factor=factor,
            plan=new_plan,
            rebuilt=new_plan is not plan,
            today_now=tuple(await self._today_now(record, now, new_plan)),
        )
