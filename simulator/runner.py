"""The day-by-day loop of `stride simulate`: one athlete through the real code paths.

Nothing is re-implemented here. The athlete is onboarded by the onboarding service, the
morning push, the evening reminder and the weekly summary (which rebuilds next week from
what was done: the closed loop) are claimed and composed by the real scheduler tick and the
real composer, check-ins, logs and pain reports go through the journal service, skips,
pauses and resumes through the control service, all on a real (throw-away) database, with a
:class:`~scheduler.clock.ManualClock` moved from one moment of the athlete's day to the next.
Only Telegram is replaced, by a sender that keeps the messages.

A simulated day, in the athlete's local time:

* 00:01 a holiday starts (/pause) or ends (/resume); a niggle that ended is reported gone;
  an illness starts (/sick, with the neck check's answer) or ends ("better": the return);
* push time: a scheduler tick (the morning push);
* ten minutes later: a new niggle is reported (/pain), the check-in is answered, and the
  coach's answer (today, adjusted) is what the athlete is asked to do; an athlete who will
  miss the session may /skip it there and then (the plan re-balances);
* two hours before the reminder: the runs are logged (done or cut short), against the
  session each log fulfils;
* reminder time: a tick (the evening reminder, only when something is not logged); a missed
  session is then logged as skipped;
* Sunday after the reminder: a tick (the weekly summary and next week's rebuild).
"""

from __future__ import annotations

import dataclasses
import html
import re
import time as timer
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.pushes import PushComposer
from bot.render.summary import weekly_summary
from coach.calendar import monday_of, on_or_after
from coach.load import acute_chronic
from coach.models import (
    Adjustment,
    AthleteProfile,
    CheckIn,
    GoalKind,
    Plan,
    RunLog,
    Session,
)
from coach.pushtimes import PushKind, weekly_time
from coach.race_readiness import OptionKind, ReadinessReview
from coach.recalibration import Recalibration
from scheduler.clock import ManualClock
from scheduler.delivery import Dispatcher, OutMessage, Push
from scheduler.service import TICK_SECONDS, SchedulerService
from services.checkin import CheckinService
from services.coaching import CoachingService, DayPlan
from services.control import ControlService, OverrideRefused
from services.illness import BackOutcome, IllnessService
from services.onboarding import OnboardingService
from services.pain import PainService
from services.race_review import RaceReviewService
from services.runlog import RunlogService
from services.weekly import CHART_WEEKS, WeeklyReview, WeekReview
from simulator.scenario import Behaviour, Scenario, onboard_offset
from storage.athletes import AthleteRecord, profile_columns
from storage.database import Database
from storage.deliveries import Claim

#: The simulated athlete's Telegram user (and chat) id, and name.
ATHLETE_ID = 7001
ATHLETE_NAME = "Sam"
#: When, in local time, the athlete does what (see the module docstring).
CHECKIN_AFTER_PUSH = timedelta(minutes=10)
RUN_BEFORE_REMINDER = timedelta(hours=2)
SKIP_AFTER_REMINDER = timedelta(minutes=10)
_TAGS = re.compile(r"<[^>]+>")


class RecordingSender:
    """A :class:`~scheduler.delivery.Sender` that keeps every message instead of sending it."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, OutMessage]] = []

    async def send(self, chat_id: int, message: OutMessage) -> int:
        self.sent.append((chat_id, message))
        return len(self.sent)


@dataclass(frozen=True, slots=True)
class Brief:
    """A session as the report needs it."""

    kind: str
    surface: str
    minutes: float
    hard: bool
    target_rpe: int
    title: str

    @classmethod
    def of(cls, session: Session) -> Brief:
        return cls(
            kind=session.kind.value,
            surface=session.surface.value,
            minutes=session.duration_min,
            hard=session.hard,
            target_rpe=session.target_rpe,
            title=session.title,
        )


@dataclass(frozen=True, slots=True)
class Logged:
    """A run log as stored."""

    status: str
    minutes: float
    rpe: int | None
    surface: str | None
    kind: str | None
    load: float
    pain: int | None

    @classmethod
    def of(cls, log: RunLog) -> Logged:
        return cls(
            status=log.status.value,
            minutes=(log.duration_min or 0.0) if log.ran else 0.0,
            rpe=log.rpe,
            surface=log.surface.value if log.surface else None,
            kind=log.kind.value if log.kind else None,
            load=log.load,
            pain=log.pain_score,
        )


@dataclass(frozen=True, slots=True)
class Change:
    """An adjustment as stored by the coach (what /why shows)."""

    date: date
    kind: str
    reason: str
    before: str | None
    after: str | None

    @classmethod
    def of(cls, adjustment: Adjustment) -> Change:
        return cls(
            date=adjustment.date,
            kind=adjustment.kind.value,
            reason=adjustment.reason,
            before=adjustment.before.title if adjustment.before else None,
            after=adjustment.after.title if adjustment.after else None,
        )


@dataclass(frozen=True, slots=True)
class ReviewOption:
    """One choice a race-readiness review offered (§7b)."""

    kind: str  # keep, shorter, move
    goal: str
    race_date: date
    target_min: float | None = None  # keep: a realistic finishing time
    run_walk: bool = False


@dataclass(frozen=True, slots=True)
class RaceReviewRecord:
    """A race-readiness review (§7b): when, its level and reasons, the options it offered,
    and what the simulated athlete chose (None when green: nothing was offered)."""

    date: date
    at: str  # "onboarding" or "weekly"
    level: str
    reasons: tuple[str, ...]
    options: tuple[ReviewOption, ...]
    offered: bool = False  # said with its buttons (amber or red, no recent choice)
    choice: str | None = None
    choice_reason: str | None = None

    @classmethod
    def of(cls, review: ReadinessReview, at: str, *, offered: bool) -> RaceReviewRecord:
        return cls(
            date=review.on,
            at=at,
            offered=offered,
            level=review.level.value,
            reasons=review.reasons,
            options=tuple(
                ReviewOption(
                    kind=o.kind.value,
                    goal=o.goal.value,
                    race_date=o.race_date,
                    target_min=round(o.target_s / 60, 1) if o.target_s is not None else None,
                    run_walk=o.run_walk,
                )
                for o in review.options
            ),
        )


@dataclass(frozen=True, slots=True)
class IllnessPeriod:
    """An illness of the scenario as the coach recorded it (§7b): from the first day ill to
    the first day back (None: still ill when the simulation ended), the neck check's answer,
    and the return planned: easy only until ``easy_until``, the first long run capped."""

    started_on: date
    ended_on: date | None
    above_neck: bool | None
    days_ill: int | None = None
    easy_until: date | None = None
    long_cap_min: float | None = None

    @classmethod
    def of(cls, back: BackOutcome) -> IllnessPeriod:
        comeback = back.comeback
        return cls(
            started_on=back.illness.started_on,
            ended_on=back.illness.ended_on,
            above_neck=back.illness.above_neck,
            days_ill=back.days_ill,
            easy_until=comeback.easy_until if comeback else None,
            long_cap_min=comeback.long_cap_min if comeback else None,
        )


@dataclass(frozen=True, slots=True)
class Message:
    """A message the bot sent: when, which push, and its text without markup."""

    at: datetime  # local time
    push: str
    text: str


@dataclass(frozen=True, slots=True)
class SimDay:
    """One simulated day: what was planned, asked and done, and how the athlete was."""

    date: date
    week: int  # 1-based week of the simulation
    phase: str | None
    trail_target: float | None
    paused: bool
    planned: tuple[Brief, ...]  # today's runs as scheduled (before readiness changes)
    asked: tuple[Brief, ...]  # what the athlete was asked to do, after adjustments
    skipped_ahead: bool  # the athlete used /skip after the check-in
    logs: tuple[Logged, ...]
    readiness: str | None
    reasons: tuple[str, ...]
    checkin: CheckIn | None
    niggle: str | None  # where it hurts, while the scenario's niggle lasts
    pain_score: int | None
    bad_sleep: bool
    no_intensity: bool  # the coach's pain rule was on
    advice: tuple[str, ...]
    adjustments: tuple[Change, ...]  # today's changes, as the athlete read them
    pushes: tuple[str, ...]  # the scheduled pushes delivered that day
    acute: float
    chronic: float
    ratio: float | None
    ill: str | None = None  # "above" or "below" the neck, while the scenario's illness lasts

    @property
    def planned_min(self) -> float:
        return sum(b.minutes for b in self.planned)

    @property
    def asked_min(self) -> float:
        return sum(b.minutes for b in self.asked)

    @property
    def done_min(self) -> float:
        return sum(log.minutes for log in self.logs)

    @property
    def load(self) -> float:
        return sum(log.load for log in self.logs)

    @property
    def asked_hard(self) -> bool:
        return any(b.hard for b in self.asked)


@dataclass(frozen=True)
class Simulation:
    """Everything a simulation produced, for the report."""

    profile: AthleteProfile
    scenario: Scenario
    seed: int
    start: date
    weeks: int
    days: tuple[SimDay, ...]
    adjustments: tuple[Change, ...]  # every adjustment the coach recorded, oldest first
    messages: tuple[Message, ...]
    seconds: float = 0.0
    athlete_source: str = ""
    scenario_source: str = ""
    deliveries: dict[str, int] = field(default_factory=dict)
    # COACHING.md §3b, from the plan built at onboarding (the stored plan does not keep
    # them): what the race needs of the long run, and what the plan could not give.
    race_need_long_run_min: float | None = None
    plan_warnings: tuple[str, ...] = ()
    recalibrations: tuple[Recalibration, ...] = ()  # §7b: the paces' moves, oldest first
    illnesses: tuple[IllnessPeriod, ...] = ()  # §7b: each illness and its return, oldest first
    race_reviews: tuple[RaceReviewRecord, ...] = ()  # §7b: every readiness review, oldest first

    @property
    def end(self) -> date:
        return self.start + timedelta(days=7 * self.weeks - 1)


def default_start(profile: AthleteProfile, weeks: int, today: date) -> date:
    """The first Monday: ``weeks`` weeks that end with the race week, or (general fitness)
    the Monday on or after ``today``."""
    if profile.goal is not GoalKind.FITNESS and profile.race_date is not None:
        return monday_of(profile.race_date) - timedelta(weeks=weeks - 1)
    return on_or_after(today, 0)


def _plain(text: str | None) -> str:
    return html.unescape(_TAGS.sub("", text or "")).strip()


class SimulationComposer(PushComposer):
    """The bot's composer, drawing the weekly summary's chart only when asked.

    The summary's text and next week's rebuild are the real ones either way; the chart is
    a picture for the athlete that the simulation would throw away, and drawing it costs
    more than the rest of a simulated week (``--push-charts`` draws it all the same).
    """

    def __init__(
        self, db: Database, *, coaching: CoachingService | None = None, charts: bool = False
    ) -> None:
        super().__init__(db, coaching=coaching)
        self.charts = charts
        self.weekly = _RecordingReview(db, self.coaching)

    @property
    def recalibrations(self) -> list[Recalibration]:
        """Every pace recalibration the Sunday reviews made, oldest first (§7b)."""
        assert isinstance(self.weekly, _RecordingReview)
        return self.weekly.recalibrations

    @property
    def readiness(self) -> list[tuple[ReadinessReview, bool]]:
        """The race-readiness reviews of the Sunday reviews not yet answered (§7b)."""
        assert isinstance(self.weekly, _RecordingReview)
        return self.weekly.readiness

    async def weekly_push(self, claim: Claim, now: datetime) -> Push:
        if self.charts:
            return await super().weekly_push(claim, now)
        review = await self.weekly.review(
            claim.athlete_id, claim.local_date, now, rebuild=claim.attempts == 0
        )
        if review is None:
            return Push.skip("no profile yet")
        return Push((OutMessage(text=weekly_summary(review)),))


class _RecordingReview(WeeklyReview):
    """The real weekly review, keeping what a season is checked by (§7b recalibrations)."""

    def __init__(self, db: Database, coaching: CoachingService) -> None:
        super().__init__(db, coaching)
        self.recalibrations: list[Recalibration] = []
        # §7b: each Sunday's race-readiness review, and whether it was offered
        self.readiness: list[tuple[ReadinessReview, bool]] = []

    async def review(
        self,
        athlete_id: int,
        day: date,
        now: datetime,
        *,
        rebuild: bool = True,
        weeks: int = CHART_WEEKS,
    ) -> WeekReview | None:
        out = await super().review(athlete_id, day, now, rebuild=rebuild, weeks=weeks)
        if out is not None and out.recalibration is not None:
            self.recalibrations.append(out.recalibration)
        if out is not None and out.readiness_review is not None:
            self.readiness.append((out.readiness_review, out.readiness_offered))
        return out


class _Run:
    """One simulation's state: the database, the clock, the services, what was recorded."""

    def __init__(
        self,
        db: Database,
        profile: AthleteProfile,
        scenario: Scenario,
        start: date,
        seed: int,
        *,
        push_charts: bool = False,
    ) -> None:
        self.db = db
        self.profile = profile
        self.zone = ZoneInfo(profile.timezone)
        self.start = start
        self.behaviour = Behaviour(scenario, start, seed)
        self.clock = ManualClock(self._at(start, time(0, 1)))
        self.coaching = CoachingService(db)
        self.pain = PainService(db, self.coaching)
        self.checkin = CheckinService(db, self.coaching, self.pain)
        self.runlog = RunlogService(db, self.coaching)
        self.control = ControlService(db, self.coaching)
        self.illness = IllnessService(db, self.coaching)
        self.illnesses: list[IllnessPeriod] = []
        self.sender = RecordingSender()
        composer = SimulationComposer(db, coaching=self.coaching, charts=push_charts)
        self.composer = composer
        # One scheduler per push kind, each ticked when its push is due: the simulation knows
        # which push a moment is for, and a tick that claims only that kind does not contend
        # with itself for SQLite's write lock (see _tick).
        self.schedulers = {
            kind: SchedulerService(
                Dispatcher(db, composer, self.sender, self.clock, kinds=(kind,), owner="simulate")
            )
            for kind in PushKind
        }
        self.logs: list[RunLog] = []
        self.messages: list[Message] = []
        self.hard_yesterday = False
        self.record: AthleteRecord | None = None
        self.race_review = RaceReviewService(db, self.coaching)
        self.race_reviews: list[RaceReviewRecord] = []
        self.choice = scenario.race_review.choice

    def _at(self, day: date, wall: time) -> datetime:
        return datetime.combine(day, wall, self.zone).astimezone(UTC)

    def at(self, day: date, wall: time) -> datetime:
        """``wall`` on ``day`` in the athlete's zone, as the simulated clock reads it."""
        return self._at(day, wall)

    def before_onboarding(self, day: date) -> SimDay:
        """A day of the first week before the athlete started: nothing planned or done."""
        return SimDay(
            date=day,
            week=(day - self.start).days // 7 + 1,
            phase=None,
            trail_target=None,
            paused=False,
            planned=(),
            asked=(),
            skipped_ahead=False,
            logs=(),
            readiness=None,
            reasons=(),
            checkin=None,
            niggle=None,
            pain_score=None,
            bad_sleep=False,
            no_intensity=False,
            advice=(),
            adjustments=(),
            pushes=(),
            acute=0.0,
            chronic=0.0,
            ratio=None,
        )

    def _go(self, day: date, wall: time) -> datetime:
        """Move the clock forward to ``wall`` on ``day`` (never backwards)."""
        target = self._at(day, wall)
        if target > self.clock.now():
            self.clock.set(target)
        return self.clock.now()

    async def _record(self, *, fresh: bool = False) -> AthleteRecord:
        """The athlete's record, read again only after a change of status (it carries the
        profile and the status, and nothing else the simulation changes)."""
        if fresh or self.record is None:
            self.record = await self.db.athletes.get(ATHLETE_ID)
        assert self.record is not None
        return self.record

    async def _tick(self, kind: PushKind) -> list[str]:
        """A scheduler tick for ``kind``, and the follow-up tick the real scheduler would run
        half a minute later when this one found a stale push (after a pause the first tick
        retires the paused day's push; the next one sends today's)."""
        before = len(self.sender.sent)
        service = self.schedulers[kind]
        report = await service.tick_now()
        if report.stale:
            self.clock.advance(timedelta(seconds=TICK_SECONDS))
            report = await service.tick_now()
        local = self.clock.now().astimezone(self.zone)
        for _chat, message in self.sender.sent[before:]:
            text = (
                _plain(message.text)
                if message.photo is None
                else "[chart] " + _plain(message.caption)
            )
            self.messages.append(Message(local, kind.value, text))
        return [kind.value] if len(self.sender.sent) > before else []

    async def onboard(self) -> Plan | None:
        """Register and onboard the athlete; the plan built for them, as onboarding built it."""
        now = self.clock.now()
        await self.db.athletes.register(ATHLETE_ID, ATHLETE_ID, ATHLETE_NAME, now)
        finished = await OnboardingService(self.db).finish(
            ATHLETE_ID, now, columns=profile_columns(self.profile), dialog=None
        )
        if finished.plan is not None:
            self.behaviour.meet(finished.plan.paces.vdot)
        # §3b/§7b: a runway too short for the race's long run is reviewed at onboarding.
        review = await self.race_review.onboarding_offer(finished.record, finished.plan, now)
        if review is not None:
            await self._answer_review(review, "onboarding", offered=True)
        return finished.plan

    async def _answer_review(self, review: ReadinessReview, at: str, *, offered: bool) -> None:
        """Record a readiness review and, when it offered choices, the scenario's answer
        (as a press of its button would: through the same service)."""
        entry = RaceReviewRecord.of(review, at, offered=offered)
        if offered:
            kind = OptionKind(self.choice)
            option = review.option(kind)
            if option is None:  # no shorter race (a 5K, a trail race): the goal is kept
                option = review.option(OptionKind.KEEP)
            assert option is not None
            record = await self._record(fresh=True)
            chosen = await self.race_review.choose(
                record, self.clock.now(), review.on, option.kind.value, option.race_date
            )
            if chosen is not None:
                entry = dataclasses.replace(
                    entry, choice=chosen.option.kind.value, choice_reason=chosen.reason
                )
                await self._record(fresh=True)
        self.race_reviews.append(entry)

    async def day(self, day: date) -> SimDay:
        b, p = self.behaviour, self.profile
        events = b.events(day)
        now = self._go(day, time(0, 1))
        record = await self._record()
        if events.pause_starts and record.status != "paused":
            await self.control.pause(record, now)
            record = await self._record(fresh=True)
        if events.resumes and record.status == "paused":
            await self.control.resume(record, now)
            record = await self._record(fresh=True)
        if events.niggle_ended:
            await self.pain.all_pain_gone(ATHLETE_ID, day)
        if events.better:  # "better": the illness ends, the return is planned (§7b)
            back = await self.illness.better(record, now)
            if back is not None:
                self.illnesses.append(IllnessPeriod.of(back))
        if events.sick_starts and events.sick is not None:  # /sick and the neck check
            await self.illness.report(record, now, above_neck=events.sick.above_neck)

        pushes: list[str] = []
        push_at = p.push_time
        self._go(day, push_at)
        pushes += await self._tick(PushKind.MORNING)

        checkin: CheckIn | None = None
        plan_day: DayPlan | None = None
        skipped_ahead = missed = False
        asked: tuple[Session, ...] = ()
        logs: list[RunLog] = []
        if not events.paused:
            now = self._go(day, _plus(push_at, CHECKIN_AFTER_PUSH))
            if events.niggle_starts and events.niggle is not None:
                n = events.niggle
                await self.pain.report_pain(ATHLETE_ID, now, day, n.where, n.score, with_day=False)
            answers = b.checkin(day, after_hard=self.hard_yesterday)
            if answers is not None:
                checkin = await self.checkin.answer_checkin(
                    ATHLETE_ID, day, now, **answers.model_dump(exclude={"date"}, exclude_none=True)
                )
            plan_day = await self.checkin.day(ATHLETE_ID, now)
            asked = tuple(s for s in plan_day.sessions if s.is_run) if plan_day else ()
            missed = bool(asked) and b.misses(asked[0])
            if missed and b.skips_ahead(day):
                try:
                    await self.control.skip_today(await self._record(), now, "no time")
                    skipped_ahead = True
                except OverrideRefused:
                    pass
            if asked and not missed:
                now = self._go(day, _minus(p.reminder_time, RUN_BEFORE_REMINDER))
                logs += await self._log_runs(day, now, len(asked))

        self._go(day, p.reminder_time)
        pushes += await self._tick(PushKind.EVENING)
        if missed and not skipped_ahead:
            now = self._go(day, _plus(p.reminder_time, SKIP_AFTER_REMINDER))
            logs += await self._log_skips(day, now, len(asked))
        if day.weekday() == 6:
            self._go(day, weekly_time(p.reminder_time))
            pushes += await self._tick(PushKind.WEEKLY)
            race_reviews = self.composer.readiness
            while race_reviews:
                self._go(day, _plus(weekly_time(p.reminder_time), CHECKIN_AFTER_PUSH))
                review, offered = race_reviews.pop(0)
                await self._answer_review(review, "weekly", offered=offered)

        self.logs += logs
        load = acute_chronic(self.logs, day)
        self.hard_yesterday = any(s.hard for s in asked) and any(log.ran for log in logs)
        week = plan_day.week if plan_day else None
        readiness = plan_day.readiness if plan_day else None
        today_changes = (
            tuple(Change.of(a) for a in plan_day.adjusted.adjustments if a.date == day)
            if plan_day
            else ()
        )
        return SimDay(
            date=day,
            week=(day - self.start).days // 7 + 1,
            phase=week.phase.value if week else None,
            trail_target=week.target_trail_share if week else None,
            paused=events.paused,
            planned=tuple(Brief.of(s) for s in plan_day.planned if s.is_run) if plan_day else (),
            asked=() if skipped_ahead else tuple(Brief.of(s) for s in asked),
            skipped_ahead=skipped_ahead,
            logs=tuple(Logged.of(log) for log in logs),
            readiness=readiness.level.value if readiness else None,
            reasons=readiness.reasons if readiness else (),
            checkin=checkin,
            niggle=events.niggle.where if events.niggle else None,
            pain_score=events.niggle.score if events.niggle else None,
            bad_sleep=events.bad_sleep is not None,
            no_intensity=plan_day.adjusted.no_intensity if plan_day else False,
            advice=plan_day.adjusted.advice if plan_day else (),
            adjustments=today_changes,
            pushes=tuple(pushes),
            acute=load.acute,
            chronic=load.chronic,
            ratio=load.ratio,
            ill=(None if events.sick is None else ("above" if events.sick.above_neck else "below")),
        )

    async def _log_runs(self, day: date, now: datetime, count: int) -> list[RunLog]:
        """Log each run of the day against the session it fulfils (the bot's log flow)."""
        out: list[RunLog] = []
        record = await self._record()
        plan = await self.coaching.plan_for(record, now)
        vdot = plan.paces.vdot if plan is not None else None
        for index in range(count):
            target = await self.runlog.target(record, now, day)
            if target.session is None or target.existing is not None:
                break
            log = self.behaviour.run(target.session, index, paces_vdot=vdot)
            if target.kind is not None:
                log = log.model_copy(update={"kind": target.kind})
            result = await self.runlog.save_log(ATHLETE_ID, now, log, target)
            out.append(result.stored.log)
        return out

    async def _log_skips(self, day: date, now: datetime, count: int) -> list[RunLog]:
        """Answer the evening reminder with "skipped" for each session not run."""
        out: list[RunLog] = []
        record = await self._record()
        for _ in range(count):
            target = await self.runlog.target(record, now, day)
            if target.session is None or target.existing is not None:
                break
            log = self.behaviour.skipped(target.session)
            if target.kind is not None:
                log = log.model_copy(update={"kind": target.kind})
            result = await self.runlog.save_log(ATHLETE_ID, now, log, target)
            out.append(result.stored.log)
        return out


def _plus(wall: time, delta: timedelta) -> time:
    minutes = min(wall.hour * 60 + wall.minute + int(delta.total_seconds() // 60), 23 * 60 + 59)
    return time(minutes // 60, minutes % 60)


def _minus(wall: time, delta: timedelta) -> time:
    minutes = max(wall.hour * 60 + wall.minute - int(delta.total_seconds() // 60), 0)
    return time(minutes // 60, minutes % 60)


async def simulate(
    profile: AthleteProfile,
    scenario: Scenario,
    *,
    weeks: int,
    start: date,
    database_url: str,
    seed: int | None = None,
    push_charts: bool = False,
    progress: Callable[[SimDay], None] | None = None,
) -> Simulation:
    """Play ``weeks`` weeks of ``scenario`` from the week of ``start`` on a fresh database.

    Args:
        profile: the athlete (from an athlete file).
        scenario: how the athlete behaves.
        weeks: how many weeks to play.
        start: the day the athlete joins (the scenario's ``onboard`` day may be later);
            the weeks count from its Monday, and the days before it are played as days
            before onboarding. Real athletes join on any day of the week.
        database_url: an empty database to use (migrated here); SQLite is the usual choice.
        seed: the random seed (default: the scenario's).
        push_charts: draw the weekly summary's chart too (slower; see SimulationComposer).
        progress: called after every simulated day.

    Returns:
        The simulated days, every adjustment the coach recorded, and every message sent.
    """
    started = timer.perf_counter()
    joins = start
    start = monday_of(start)
    seed = scenario.seed if seed is None else seed
    db = await Database.open(database_url)
    try:
        run = _Run(db, profile, scenario, start, seed, push_charts=push_charts)
        first = max(joins, start + timedelta(days=onboard_offset(scenario)))
        run.clock.set(run.at(first, time(0, 1)))  # a Friday start onboards on the Friday
        plan = await run.onboard()
        days: list[SimDay] = []
        for offset in range(7 * weeks):
            day = start + timedelta(days=offset)
            if day < first:
                days.append(run.before_onboarding(day))
                continue
            simulated = await run.day(day)
            days.append(simulated)
            if progress is not None:
                progress(simulated)
        stored = await db.adjustments.adjustments(ATHLETE_ID, limit=100_000)
        still_ill = [  # an illness the simulation ended in
            IllnessPeriod(i.started_on, None, i.above_neck)
            for i in await db.illnesses.periods(ATHLETE_ID)
            if i.is_open
        ]
        counts = await db.deliveries.counts()
    finally:
        await db.close()
    return Simulation(
        profile=profile,
        scenario=scenario,
        seed=seed,
        start=start,
        weeks=weeks,
        days=tuple(days),
        adjustments=tuple(Change.of(s.adjustment) for s in reversed(stored)),
        messages=tuple(run.messages),
        seconds=timer.perf_counter() - started,
        deliveries={status.value: n for status, n in counts.items()},
        race_need_long_run_min=plan.race_need_long_run_min if plan else None,
        plan_warnings=plan.warnings if plan else (),
        recalibrations=tuple(run.composer.recalibrations),
        illnesses=tuple(run.illnesses) + tuple(still_ill),
        race_reviews=tuple(run.race_reviews),
    )


__all__: Sequence[str] = (
    "ATHLETE_ID",
    "Brief",
    "Change",
    "IllnessPeriod",
    "Logged",
    "Message",
    "RaceReviewRecord",
    "RecordingSender",
    "SimDay",
    "Simulation",
    "default_start",
    "simulate",
)
