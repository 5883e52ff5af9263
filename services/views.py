"""What the athlete looks at: today, the week, the plan, paces, the last four weeks, and why.

Each view is a small frozen dataclass that the bot renders. The views are built by pure
functions from the coach's :class:`~services.coaching.DayPlan`, the plan and the logs (so the
rendering tests can build them without a database); :class:`ViewService` loads what they
need through storage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from coach.calendar import DAY_NAMES, monday_of
from coach.load import HISTORY_DAYS as LOAD_HISTORY_DAYS
from coach.load import LoadSummary, acute_chronic
from coach.models import (
    Adjustment,
    AdjustmentKind,
    AthleteProfile,
    Phase,
    Plan,
    RunLog,
    RunStatus,
    Session,
    SessionKind,
    Surface,
    TrainingPaces,
    Units,
    Week,
)
from coach.paces import predictions, rep_time_s
from coach.rules import RULES
from coach.workouts import describe
from services.coaching import CoachingService, DayPlan, local_today
from storage.adjustments import StoredAdjustment
from storage.athletes import AthleteRecord
from storage.database import Database

#: Weeks shown by /stats (this one included).
STATS_WEEKS = 4
#: How far ahead /plan lists the key (hard) sessions, and at most how many.
KEY_SESSION_DAYS = 14
KEY_SESSION_MAX = 6
#: How far back /why looks, and at most how many changes it lists.
WHY_DAYS = 28
#: At most this many characters of a typed skip's words in its /why line.
WHY_NOTE_MAX = 60
WHY_MAX = 10
#: Surfaces of the road/trail/track split; a treadmill counts as road.
SPLIT_SURFACES = (Surface.ROAD, Surface.TRAIL, Surface.TRACK)
#: Changes to the schedule itself (not a readiness overlay), shown on the day they touch.
STRUCTURAL = frozenset(
    {
        AdjustmentKind.SKIPPED,
        AdjustmentKind.SWAPPED,
        AdjustmentKind.MOVED,
        AdjustmentKind.DROPPED,
        AdjustmentKind.RESTORED,
        AdjustmentKind.LIGHTENED,
    }
)


# --- /today ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TodayView:
    """Today's adjusted sessions plus the schedule changes that touch today."""

    day: DayPlan
    changes: tuple[Adjustment, ...] = ()
    paused: bool = False


def today_view(
    day: DayPlan, recorded: Iterable[Adjustment] = (), *, paused: bool = False
) -> TodayView:
    """``recorded``: recent stored adjustments; those that moved something onto or off today
    (a skip, a swap, a move) are kept, readiness ones are already in ``day``."""
    overlay = {a.reason for a in day.adjusted.adjustments}
    changes = tuple(
        a
        for a in recorded
        if a.kind in STRUCTURAL
        and a.reason not in overlay
        and (a.date == day.today or (a.after is not None and a.after.date == day.today))
    )
    return TodayView(day=day, changes=changes, paused=paused)


# --- /week -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekDay:
    """One day of the week view: what is (or was) planned and what was logged."""

    date: date
    sessions: tuple[Session, ...]
    logs: tuple[RunLog, ...]
    is_today: bool
    is_past: bool

    @property
    def runs(self) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if s.is_run)

    @property
    def done(self) -> bool:
        return any(log.ran for log in self.logs)

    @property
    def skipped(self) -> bool:
        return bool(self.logs) and not self.done

    @property
    def missed(self) -> bool:
        """Planned runs on a past day with nothing logged."""
        return self.is_past and bool(self.runs) and not self.logs


@dataclass(frozen=True)
class WeekView:
    """Monday to Sunday: done (from logs) and to come, with today marked."""

    start: date
    today: date
    week: Week | None
    days: tuple[WeekDay, ...]
    units: Units
    plan_start: date | None = None
    plan_end: date | None = None

    @property
    def phase(self) -> Phase | None:
        return self.week.phase if self.week else None

    @property
    def planned_min(self) -> float:
        return sum(s.duration_min for d in self.days for s in d.runs)

    @property
    def done_min(self) -> float:
        return sum(log.duration_min or 0.0 for d in self.days for log in d.logs if log.ran)

    @property
    def has_previous(self) -> bool:
        return self.plan_start is not None and self.start > self.plan_start

    @property
    def has_next(self) -> bool:
        return self.plan_end is not None and self.start + timedelta(days=7) <= self.plan_end


def week_view(
    plan: Plan,
    today: date,
    logs: Iterable[RunLog],
    *,
    units: Units,
    start: date | None = None,
    today_sessions: Sequence[Session] | None = None,
) -> WeekView:
    """The week starting ``start`` (default: this week). ``today_sessions`` are today's
    sessions as adjusted by readiness, shown in place of the planned ones."""
    monday = start or monday_of(today)
    week = plan.week_of(monday)
    by_day: dict[date, list[RunLog]] = {}
    for log in logs:
        by_day.setdefault(log.date, []).append(log)
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        sessions = tuple(s for s in (week.sessions if week else ()) if s.date == day)
        if day == today and today_sessions is not None:
            sessions = tuple(today_sessions)
        days.append(
            WeekDay(
                date=day,
                sessions=sessions,
                logs=tuple(by_day.get(day, ())),
                is_today=day == today,
                is_past=day < today,
            )
        )
    last = plan.weeks[-1].start + timedelta(days=6) if plan.weeks else None
    return WeekView(
        start=monday,
        today=today,
        week=week,
        days=tuple(days),
        units=units,
        plan_start=plan.start,
        plan_end=last,
    )


# --- /plan -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseSpan:
    """Consecutive weeks of one phase."""

    phase: Phase
    start: date
    end: date  # the Sunday of its last week
    weeks: int
    lighter_weeks: int


@dataclass(frozen=True)
class PlanView:
    """The phases to race day, where the athlete is, and the key sessions ahead."""

    plan: Plan
    profile: AthleteProfile
    today: date
    spans: tuple[PhaseSpan, ...]
    current: Week | None
    key_sessions: tuple[Session, ...]

    @property
    def current_span(self) -> PhaseSpan | None:
        return next((s for s in self.spans if s.start <= self.today <= s.end), None)

    @property
    def week_number(self) -> int | None:
        return self.current.index + 1 if self.current else None


def phase_spans(weeks: Sequence[Week]) -> tuple[PhaseSpan, ...]:
    spans: list[PhaseSpan] = []
    for week in weeks:
        end = week.start + timedelta(days=6)
        if spans and spans[-1].phase is week.phase:
            last = spans[-1]
            spans[-1] = PhaseSpan(
                last.phase, last.start, end, last.weeks + 1, last.lighter_weeks + week.deload
            )
        else:
            spans.append(PhaseSpan(week.phase, week.start, end, 1, int(week.deload)))
    return tuple(spans)


def plan_view(
    plan: Plan,
    profile: AthleteProfile,
    today: date,
    *,
    today_sessions: Sequence[Session] | None = None,
) -> PlanView:
    """/plan's view; ``today_sessions``: today as the coach changed it (a session the coach
    took out today, for pain say, is not listed as a key session ahead)."""
    horizon = today + timedelta(days=KEY_SESSION_DAYS)
    ahead = [
        s
        for w in plan.weeks
        for s in w.sessions
        if today <= s.date < horizon
        and (s.hard or s.kind is SessionKind.RACE)
        and not (today_sessions is not None and s.date == today)
    ]
    if today_sessions is not None:
        ahead += [s for s in today_sessions if s.hard or s.kind is SessionKind.RACE]
    return PlanView(
        plan=plan,
        profile=profile,
        today=today,
        spans=phase_spans(plan.weeks),
        current=plan.week_of(today),
        key_sessions=tuple(sorted(ahead, key=lambda s: (s.date, s.slot or ""))[:KEY_SESSION_MAX]),
    )


# --- /paces ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PacesView:
    """Training paces (s/km), 400 m rep times and equivalent race times."""

    paces: TrainingPaces
    units: Units
    rep_400: dict[str, float] = field(default_factory=dict)  # zone -> seconds
    predictions: dict[str, float] = field(default_factory=dict)  # "5k" -> seconds


def paces_view(paces: TrainingPaces, units: Units) -> PacesView:
    reps = {
        "R": rep_time_s(paces.repetition, 400),
        "I": rep_time_s(paces.interval, 400),
        "T": rep_time_s(paces.threshold, 400),
    }
    try:
        predicted = predictions(paces.vdot)
    except ValueError:  # a VDOT outside the formula's range: no predictions, paces still hold
        predicted = {}
    return PacesView(paces=paces, units=units, rep_400=reps, predictions=predicted)


# --- /stats ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekStat:
    """One Monday-to-Sunday week of logs against its plan."""

    start: date
    minutes: float
    km: float
    load: float
    runs: int
    planned_min: float


@dataclass(frozen=True)
class StatsView:
    """The last weeks in numbers: volume, load, the load ratio, and the surface split."""

    today: date
    units: Units
    weeks: tuple[WeekStat, ...]  # oldest first, this (partial) week last
    load: LoadSummary
    split: dict[Surface, float]  # minutes run per surface over the weeks shown
    phase: Phase | None
    week_trail_target: float | None  # the share this week's plan aims at
    phase_trail_target: float | None  # the phase's target share (COACHING.md §3)

    @property
    def total_min(self) -> float:
        return sum(self.split.values())

    def share(self, surface: Surface) -> float | None:
        total = self.total_min
        return self.split[surface] / total if total else None


def _split(logs: Iterable[RunLog]) -> dict[Surface, float]:
    out = dict.fromkeys(SPLIT_SURFACES, 0.0)
    for log in logs:
        if not log.ran:
            continue
        surface = Surface.ROAD if log.surface in (Surface.TREADMILL, None) else log.surface
        if surface in out:
            out[surface] += log.duration_min or 0.0
    return out


def stats_view(
    plan: Plan | None,
    profile: AthleteProfile,
    today: date,
    logs: Sequence[RunLog],
    *,
    weeks: int = STATS_WEEKS,
) -> StatsView:
    """``logs`` should reach back ``coach.load.HISTORY_DAYS`` for a settled load ratio."""
    this_monday = monday_of(today)
    first = this_monday - timedelta(weeks=weeks - 1)
    stats = []
    for k in range(weeks):
        start = first + timedelta(weeks=k)
        end = min(start + timedelta(days=6), today)
        in_week = [log for log in logs if start <= log.date <= end]
        planned = plan.week_of(start) if plan else None
        stats.append(
            WeekStat(
                start=start,
                minutes=sum(log.duration_min or 0.0 for log in in_week if log.ran),
                km=sum(log.distance_km or 0.0 for log in in_week if log.ran),
                load=sum(log.load for log in in_week),
                runs=sum(1 for log in in_week if log.ran),
                planned_min=planned.run_minutes if planned else 0.0,
            )
        )
    week = plan.week_of(today) if plan else None
    phase = week.phase if week else None
    return StatsView(
        today=today,
        units=profile.units,
        weeks=tuple(stats),
        load=acute_chronic(logs, today),
        split=_split(log for log in logs if first <= log.date <= today),
        phase=phase,
        week_trail_target=week.target_trail_share if week else None,
        phase_trail_target=RULES.trail_band(phase, profile.goal)[1] if phase else None,
    )


# --- /why --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WhyView:
    today: date
    changes: tuple[StoredAdjustment, ...]  # newest first


# --- loading -----------------------------------------------------------------------------------


class ViewService:
    """Loads what each view needs, through storage and the coaching service."""

    def __init__(self, db: Database, coaching: CoachingService | None = None) -> None:
        self.db = db
        self.coaching = coaching or CoachingService(db)

    async def today(self, record: AthleteRecord, now: datetime) -> TodayView | None:
        """Today as the morning push would show it, with today's schedule changes."""
        day = await self.coaching.day_for(record, now)
        if day is None:
            return None
        recorded = await self.db.adjustments.adjustments(
            record.id, since=day.today - timedelta(days=7), limit=50
        )
        return today_view(day, [s.adjustment for s in recorded], paused=record.status == "paused")

    async def week(
        self, record: AthleteRecord, now: datetime, *, start: date | None = None
    ) -> WeekView | None:
        """This week (or the week starting ``start``), today's sessions adjusted."""
        profile = record.profile()
        if profile is None:
            return None
        today = local_today(record, now)
        monday = monday_of(start or today)
        plan = await self.coaching.plan_for(record, now)
        if plan is None:
            return None
        today_sessions = None
        if monday == monday_of(today):
            day = await self.coaching.day_for(record, now, record_adjustments=False, plan=plan)
            if day is None:
                return None
            today_sessions = day.sessions
        stored = await self.db.runlogs.logs_between(record.id, monday, monday + timedelta(days=6))
        return week_view(
            plan,
            today,
            [s.log for s in stored],
            units=profile.units,
            start=monday,
            today_sessions=today_sessions,
        )

    async def plan(self, record: AthleteRecord, now: datetime) -> PlanView | None:
        profile = record.profile()
        plan = await self.coaching.plan_for(record, now)
        if profile is None or plan is None:
            return None
        day = await self.coaching.day_for(record, now, record_adjustments=False, plan=plan)
        today_sessions = day.sessions if day is not None else None
        return plan_view(plan, profile, local_today(record, now), today_sessions=today_sessions)

    async def paces(self, record: AthleteRecord, now: datetime) -> PacesView | None:
        plan = await self.coaching.plan_for(record, now)
        if plan is None:
            return None
        return paces_view(plan.paces, record.units)

    async def stats(self, record: AthleteRecord, now: datetime) -> StatsView | None:
        profile = record.profile()
        if profile is None:
            return None
        plan = await self.coaching.plan_for(record, now)
        today = local_today(record, now)
        stored = await self.db.runlogs.logs_between(
            record.id, today - timedelta(days=LOAD_HISTORY_DAYS), today
        )
        return stats_view(plan, profile, today, [s.log for s in stored])

    async def why(self, record: AthleteRecord, now: datetime) -> WhyView:
        """The latest changes, newest made first (today's readiness changes included)."""
        await self.coaching.day_for(record, now)  # records today's changes, once
        today = local_today(record, now)
        stored = await self.db.adjustments.adjustments(
            record.id, since=today - timedelta(days=WHY_DAYS), limit=WHY_MAX * 5
        )
        stored += await self._typed_skips(record, now, today - timedelta(days=WHY_DAYS), stored)
        # Newest made first; the changes made together read in the order of their days.
        newest = sorted(stored, key=lambda s: (-s.created_at.timestamp(), s.adjustment.date, s.id))
        return WhyView(today=today, changes=tuple(newest[:WHY_MAX]))

    async def _typed_skips(
        self,
        record: AthleteRecord,
        now: datetime,
        since: date,
        recorded: Sequence[StoredAdjustment],
    ) -> list[StoredAdjustment]:
        """A skip typed as a log ("skipped today, too tired") as a change /why lists.

        /skip records its change; a typed skip is only a log, so /why stayed empty although
        its own empty text promises skips. Read from the journal (an undone log drops out),
        and not twice for a day /skip already recorded.
        """
        logs = await self.db.runlogs.logs_between(record.id, since, local_today(record, now))
        skipped_days = {
            a.adjustment.date for a in recorded if a.adjustment.kind is AdjustmentKind.SKIPPED
        }
        skips = [
            s for s in logs if s.log.status is RunStatus.SKIPPED and s.log.date not in skipped_days
        ]
        if not skips:
            return []
        plan = await self.coaching.plan_for(record, now)
        changes = []
        for stored in skips:
            day = stored.log.date
            planned = [x for x in plan.sessions_on(day) if not x.is_rest] if plan else []
            label = " + ".join(describe(x.spec) for x in planned) or "session"
            reason = f"you skipped {DAY_NAMES[day.weekday()]}'s {label}"
            note = stored.log.note
            if note:  # the athlete's words, short: /why is a list, not the journal
                reason += (
                    f' ("{note if len(note) <= WHY_NOTE_MAX else note[: WHY_NOTE_MAX - 1] + "…"}")'
                )

            change = Adjustment(
                date=day,
                kind=AdjustmentKind.SKIPPED,
                reason=reason + ".",
                before=planned[0] if planned else None,
            )
            # A negative id: not a row of the adjustments table, never mistaken for one.
            changes.append(StoredAdjustment(-stored.id, change, stored.created_at))
        return changes
