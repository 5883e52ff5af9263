"""The run log's use cases: which session a log fulfils, the log a typed line makes, saving it
(with the pain it reports, as one unit of work), undo, and the paces a trial re-derives.

Which session a log fulfils is the coach's rule (:mod:`coach.journal_match`): the session
of its slot, or the first one of that day (as the athlete was told it, i.e. adjusted) that
has no log yet. Its kind is the *planned* kind, so the coach can pair the log with the plan;
its duration is the default when the athlete gives none. When every session of the day is
already logged, the new log is a "second log for the same session": the caller asks whether
to replace the last one or add another run.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from coach.journal_match import loggable, logged_session, unlogged_sessions
from coach.models import (
    AthleteProfile,
    GoalKind,
    PainFlag,
    RunLog,
    RunStatus,
    Session,
    SessionKind,
    Units,
)
from coach.parser import MARATHON_KM, ParsedRun, ParseError, parse_run
from coach.parsing.understand import Context, fill_run
from coach.rules import RULES
from coach.time_trial import said_kind
from services.coaching import CoachingService, DayPlan
from services.trials import PaceChange, TrialService
from storage.athletes import AthleteRecord
from storage.database import Database
from storage.runlog import StoredLog

#: The place recorded when a log gives a pain score without saying where.
PAIN_PLACE_UNSAID = "unspecified"


@dataclass(frozen=True)
class LogTarget:
    """What a log on ``day`` fulfils, and the log it would duplicate."""

    day: date
    session: Session | None  # as the athlete was told it (adjusted); None on a rest day
    kind: SessionKind | None  # the planned kind
    slot: str | None
    existing: StoredLog | None  # set when every session of the day is logged already
    target_rpe: int | None = None  # of the planned session (before the day's adjustment)
    easy_pace_s_per_km: float | None = None  # the middle of the plan's easy range
    ultra: bool = False  # the athlete's race is longer than a marathon

    def context(self, units: Units) -> Context:
        """What the coach knows when it reads a log of this day (:mod:`coach.parsing`)."""
        session = self.session
        return Context(
            units=units,
            easy_pace_s_per_km=self.easy_pace_s_per_km,
            planned_duration_min=self.planned_minutes,
            planned_surface=session.surface if session is not None else None,
            planned_hard=session is not None and session.hard,
            ultra=self.ultra,
            planned_reps=session.spec.reps if session is not None else None,
            planned_reps_min=_main_minutes(session),
        )

    @property
    def planned_minutes(self) -> float | None:
        return self.session.duration_min if self.session is not None else None


@dataclass(frozen=True)
class LogComparison:
    """How a log compares with the session it fulfils."""

    planned: Session | None
    minutes_diff: float | None  # logged minus planned
    on_time: bool
    rpe_diff: int | None  # logged minus target


@dataclass(frozen=True)
class LogResult:
    """A stored log, what it replaced, the pain flag it raised, and, for a time trial or a
    race, what it did to the paces (:mod:`services.trials`)."""

    stored: StoredLog
    target: LogTarget
    replaced: StoredLog | None
    pain: PainFlag | None
    comparison: LogComparison
    paces: PaceChange | None = None
    duration_estimated: bool = False  # the athlete gave no time: from distance or the plan


def compare(log: RunLog, session: Session | None) -> LogComparison:
    """Duration and RPE against the session (skipped runs compare as nothing)."""
    if session is None or not log.ran:
        return LogComparison(session, None, False, None)
    minutes_diff = None
    on_time = False
    if log.duration_min is not None and session.duration_min > 0:
        minutes_diff = log.duration_min - session.duration_min
        on_time = abs(minutes_diff) <= RULES.on_time_tolerance * session.duration_min
    rpe_diff = None
    if log.rpe is not None and session.target_rpe:
        rpe_diff = log.rpe - session.target_rpe
    return LogComparison(session, minutes_diff, on_time, rpe_diff)


class RunlogService:
    """The run logs of one database."""

    def __init__(self, db: Database, coaching: CoachingService | None = None) -> None:
        self.db = db
        self.coaching = coaching or CoachingService(db)
        self.trials = TrialService(db)

    async def target(self, record: AthleteRecord, now: datetime, day: date) -> LogTarget:
        """The session a log on ``day`` fulfils (see the module docstring), with what the
        coach needs to read a log of it: the easy pace and whether the athlete is an ultra
        runner."""
        plan_day = await self.coaching.day_for(record, now, on=day, record_adjustments=False)
        ultra = _ultra(record.profile())
        if plan_day is None:
            logs = await self.db.runlogs.logs_between(record.id, day, day)
            return LogTarget(day, None, None, None, logs[-1] if logs else None, ultra=ultra)
        paces = plan_day.plan.paces
        easy = (paces.easy_min + paces.easy_max) / 2
        return replace(_day_target(plan_day, day), easy_pace_s_per_km=easy, ultra=ultra)

    @staticmethod
    def draft(parsed: ParsedRun, target: LogTarget, units: Units = Units.KM) -> RunLog:
        """The log a typed run makes, filled as a coach would (:func:`fill_run`): no time ->
        the distance at the easy pace, else the planned duration (not for a skipped run or a
        partly-done one that says nothing of its time); no surface -> the planned one; the
        planned kind."""
        context = target.context(units)
        if said_kind(parsed.note) is not None:  # "time trial 3km in 14:10": not the plan's run
            context = replace(context, planned_surface=None)
        filled, _, _ = fill_run(parsed, context)
        skipped = filled.status is RunStatus.SKIPPED
        partly = filled.status is RunStatus.PARTLY
        planned = None if skipped or partly else target.planned_minutes
        return filled.to_run_log(target.day, planned_duration_min=planned, kind=target.kind)

    async def save_log(
        self,
        athlete_id: int,
        now: datetime,
        log: RunLog,
        target: LogTarget,
        *,
        raw_text: str | None = None,
        replace: bool = False,
        source_sha256: str | None = None,
    ) -> LogResult:
        """Store the log (replacing ``target.existing`` when asked); pain 1+ raises a flag.

        The log keeps the target RPE of the planned session it fulfils, for readiness. A
        time-trial or race result re-derives the paces (:meth:`TrialService.from_log`); a
        typed log (``raw_text``) whose duration came from the plan gives no trial time.
        ``source_sha256`` keys a log read from a watch file (:mod:`services.files`).
        """
        if log.target_rpe is None and target.target_rpe is not None:
            log = log.model_copy(update={"target_rpe": target.target_rpe})
        replaced = target.existing if replace else None
        pain = None
        if log.pain_score is not None and log.pain_score >= 1:
            pain = PainFlag(
                reported_on=log.date,
                where=log.pain_where or PAIN_PLACE_UNSAID,
                score=log.pain_score,
            )
        if replaced is None and pain is None:  # the log alone: one write, its own transaction
            stored = await self.db.runlogs.add_log(
                athlete_id,
                log,
                now,
                slot=target.slot,
                raw_text=raw_text,
                source_sha256=source_sha256,
            )
        else:
            async with self.db.unit() as uow:  # the log, what it replaces and its pain
                stored = await uow.runlogs.add_log(
                    athlete_id,
                    log,
                    now,
                    slot=target.slot,
                    raw_text=raw_text,
                    replace_id=replaced.id if replaced is not None else None,
                    source_sha256=source_sha256,
                )
                if replaced is not None:
                    await uow.pains.delete_pain_added_with(athlete_id, replaced)
                if pain is not None:
                    await uow.pains.add_pain(athlete_id, pain, stored.created_at)
        paces = await self.trials.from_log(
            athlete_id, now, log, target.session, duration_given=_duration_said(raw_text)
        )
        return LogResult(stored, target, replaced, pain, compare(log, target.session), paces)

    async def set_rpe(
        self, record: AthleteRecord, now: datetime, stored: StoredLog, rpe: int
    ) -> LogResult:
        """Give a stored log the RPE it was typed without (asked once, with buttons): the log
        is stored again with it, in place, so its load counts (COACHING.md §6)."""
        target = replace(await self.target(record, now, stored.log.date), existing=stored)
        log = stored.log.model_copy(update={"rpe": rpe})
        result = await self.save_log(
            record.id, now, log, target, raw_text=stored.raw_text, replace=True
        )
        # The time filled in by the coach stays marked so once the load counts (§6).
        estimated = log.duration_min is not None and not _duration_said(stored.raw_text)
        return replace(result, replaced=None, duration_estimated=estimated)

    async def undo_last(self, athlete_id: int) -> StoredLog | None:
        """Remove the athlete's last log (and the pain flag it raised); None if none."""
        last = await self.db.runlogs.last_log(athlete_id)
        return await self._remove(athlete_id, last)

    async def undo(self, athlete_id: int, log_id: int) -> StoredLog | None:
        """Remove one log by id; None when it is already gone."""
        stored = await self.db.runlogs.get_log(athlete_id, log_id)
        return await self._remove(athlete_id, stored)

    async def _remove(self, athlete_id: int, stored: StoredLog | None) -> StoredLog | None:
        if stored is None:
            return None
        async with self.db.unit() as uow:  # the log and the pain flag it raised, or neither
            if not await uow.runlogs.delete_log(athlete_id, stored.id):
                return None
            await uow.pains.delete_pain_added_with(athlete_id, stored)
        return stored


def _main_minutes(session: Session | None) -> float | None:
    """The minutes of a session's main set (its reps with their recoveries), if it has one."""
    if session is None:
        return None
    minutes = [s.duration_min for s in session.steps if s.kind == "main" and s.duration_min]
    return sum(minutes) if minutes else None


def _duration_said(raw_text: str | None) -> bool:
    """Whether the athlete gave the log's duration: a typed log may leave it to the plan
    (:meth:`RunlogService.draft`); with the buttons it is always answered."""
    if raw_text is None:
        return True
    try:
        return parse_run(raw_text).duration_min is not None
    except ParseError:
        return True


def _day_target(plan_day: DayPlan, day: date) -> LogTarget:
    """The session of ``plan_day`` a new log fulfils, or the last log it would duplicate."""
    planned = loggable(plan_day.planned)
    today_logs = plan_day.logs_today
    remaining = unlogged_sessions(plan_day.sessions, today_logs)
    if remaining:
        session = remaining[0]
        plan_of = next((p for p in planned if p.slot == session.slot), session)
        return LogTarget(
            day, session, plan_of.kind, session.slot, None, target_rpe=plan_of.target_rpe
        )
    last = today_logs[-1] if today_logs else None
    if last is None:  # a rest day, nothing logged yet
        return LogTarget(day, None, None, None, None)
    logged = logged_session(plan_day.sessions, last)
    if logged is None:
        return LogTarget(day, None, None, None, last)
    plan_of = next((p for p in planned if p.slot == logged.slot), logged)
    return LogTarget(day, logged, plan_of.kind, logged.slot, last, target_rpe=plan_of.target_rpe)


def ultra_goal(profile: AthleteProfile | None) -> bool:
    """An athlete training for a race longer than a marathon may log runs up to 30 h."""
    return _ultra(profile)


def _ultra(profile: AthleteProfile | None) -> bool:
    """An athlete training for a race longer than a marathon may log runs up to 30 h."""
    if profile is None or profile.goal is not GoalKind.TRAIL:
        return False
    return (profile.trail_distance_km or 0.0) > MARATHON_KM
