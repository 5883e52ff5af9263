"""The end of a training week: how it went, and the next week rebuilt from it (closed loop).

The weekly summary compares what was planned with what was done, shows the load and the
acute:chronic ratio, the road/trail/track split against the phase's trail target, and the
outline of next week. Next week is rebuilt from the minutes actually run
(:func:`coach.planner.rebuild_from`), so a week of 70 % brings a next week that rises from
70 %, not from the plan; the new plan is saved before the summary is written, so the outline
the athlete reads is the one they will get.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from coach.adaptation import pair_quality_logs
from coach.calendar import monday_of
from coach.load import HISTORY_DAYS, LoadSummary, acute_chronic
from coach.models import (
    Adjustment,
    AdjustmentKind,
    AthleteProfile,
    Plan,
    ReadinessLevel,
    RunLog,
    Session,
    Surface,
    Week,
)
from coach.planner import rebuild_from
from coach.race_readiness import ReadinessReview
from coach.readiness import open_pains, score_readiness
from coach.recalibration import Recalibration, excused_days, recalibrate
from coach.rules import RULES
from services.coaching import CoachingService, History
from services.race_review import RaceReviewService
from storage.athletes import AthleteRecord
from storage.database import Database

#: Weeks shown in the chart (this one included).
CHART_WEEKS = 6
#: How far back the Sunday review looks for quality sessions to judge the paces by (§7b: the
#: last three; a month holds them for a one-session-a-week athlete).
RECALIBRATION_DAYS = 28
SPLIT_SURFACES = (Surface.ROAD, Surface.TRAIL, Surface.TRACK)


@dataclass(frozen=True)
class WeekPoint:
    """One week of the chart: planned and done minutes, load, and the ratio at its end."""

    start: date
    planned_min: float
    done_min: float
    load: float
    ratio: float | None


@dataclass(frozen=True)
class WeekReview:
    """Everything the weekly summary says about one athlete's week."""

    record: AthleteRecord
    profile: AthleteProfile
    week_start: date
    week: Week | None
    planned_sessions: int
    done_sessions: int
    planned_min: float
    done_min: float
    load: LoadSummary
    split_done: dict[Surface, float]
    split_planned: dict[Surface, float]
    trail_target: float | None
    next_week: Week | None
    rebuilt: bool
    points: tuple[WeekPoint, ...]
    extra_runs: int = 0  # runs beyond the day's planned sessions (not in done_sessions)
    recalibration: Recalibration | None = None  # §7b: the paces moved with this review
    ill: bool = False  # §7b: an illness is open: next week is planned when they are better
    # §7b: the race-readiness review (None without a race or a log in four weeks; green
    # says nothing extra, amber and red offer their choices under the summary).
    readiness_review: ReadinessReview | None = None
    readiness_offered: bool = False  # said, with its buttons (not green, no recent choice)

    @property
    def done_share(self) -> float | None:
        return self.done_min / self.planned_min if self.planned_min else None


def _minutes(logs: Sequence[RunLog]) -> float:
    return sum(log.duration_min or 0.0 for log in logs if log.ran)


def _split(items: Sequence[tuple[Surface | None, float]]) -> dict[Surface, float]:
    """Minutes per surface; a treadmill counts as road (it is not trail or track work)."""
    out = dict.fromkeys(SPLIT_SURFACES, 0.0)
    for surface, minutes in items:
        key = Surface.ROAD if surface in (Surface.TREADMILL, None) else surface
        if key in out:
            out[key] += minutes
    return out


def _week_minutes(plan: Plan, start: date) -> float:
    week = plan.week_of(start)
    return week.run_minutes if week else 0.0


class WeeklyReview:
    """Builds the week's review and, once per week, rebuilds the plan from it."""

    def __init__(self, db: Database, coaching: CoachingService | None = None) -> None:
        self.db = db
        self.coaching = coaching or CoachingService(db)
        self.race = RaceReviewService(db, self.coaching)

    async def review(
        self,
        athlete_id: int,
        day: date,
        now: datetime,
        *,
        rebuild: bool = True,
        weeks: int = CHART_WEEKS,
    ) -> WeekReview | None:
        """The review of the week containing ``day`` (the athlete's local Sunday).

        With ``rebuild`` the plan from the next Monday on is rebuilt from the minutes done and
        saved (the scheduler passes False when retrying a summary whose plan it has already
        rebuilt). A week with no log at all is not rebuilt: silence is not "ran nothing", and
        shrinking the plan of an athlete who runs but does not log would be wrong. None when
        the athlete has no profile yet.
        """
        record = await self.db.athletes.get(athlete_id)
        if record is None:
            return None
        profile = record.profile()
        plan = await self.coaching.plan_for(record, now)
        if profile is None or plan is None:
            return None
        week_start = monday_of(day)
        first_chart_week = week_start - timedelta(weeks=weeks - 1)
        stored = await self.db.runlogs.logs_between(
            athlete_id, first_chart_week - timedelta(days=HISTORY_DAYS), week_start + timedelta(6)
        )
        logs = [s.log for s in stored]
        this_week = [log for log in logs if week_start <= log.date <= day]
        week = plan.week_of(week_start)
        planned = [s for s in week.sessions if s.is_run] if week else []

        next_monday = week_start + timedelta(days=7)
        done_min = _minutes(this_week)
        done_sessions, extra_runs = _sessions_done(planned, this_week)
        new_plan = plan
        rebuilt = False
        recalibration: Recalibration | None = None
        # Nothing logged says nothing about what was run: keep the plan rather than shrink it.
        if rebuild and this_week and plan.week_of(next_monday) is not None:
            # One read of the journal (check-ins, pains) for both judgements of the week.
            history = await self.coaching.history(athlete_id, day + timedelta(days=1))
            recalibration = _recalibration(plan, logs, day, history)
            if recalibration is not None:
                plan = plan.model_copy(update={"paces": recalibration.after})
            longest = max((log.duration_min or 0.0 for log in this_week if log.ran), default=0.0)
            floor = _floor(plan, logs, week_start, day, history)
            new_plan = rebuild_from(
                plan,
                profile,
                next_monday,
                done_min,
                longest_done=longest,
                floor=floor,
                held=_held_ladders(planned, this_week),
            )
            await self.db.plans.save(athlete_id, new_plan, now)
            rebuilt = True
            if recalibration is not None:
                change = Adjustment(
                    date=day, kind=AdjustmentKind.RECALIBRATED, reason=recalibration.reason
                )
                await self.db.adjustments.add_adjustments(athlete_id, [change], now)

        readiness = await self.race.weekly(athlete_id, profile, new_plan, day)
        offered = readiness is not None and await self.race.offer(athlete_id, readiness, now)

        points = []
        for k in range(weeks):
            start = first_chart_week + timedelta(weeks=k)
            end = start + timedelta(days=6)
            in_week = [log for log in logs if start <= log.date <= end]
            points.append(
                WeekPoint(
                    start=start,
                    planned_min=_week_minutes(plan, start),
                    done_min=_minutes(in_week),
                    load=sum(log.load for log in in_week),
                    ratio=acute_chronic(logs, min(end, day)).ratio,
                )
            )
        return WeekReview(
            record=record,
            profile=profile,
            week_start=week_start,
            week=week,
            planned_sessions=len(planned),
            done_sessions=done_sessions,
            extra_runs=extra_runs,
            planned_min=sum(s.duration_min for s in planned),
            done_min=done_min,
            load=acute_chronic(logs, day),
            split_done=_split(
                [(log.surface, log.duration_min or 0.0) for log in this_week if log.ran]
            ),
            split_planned=_split([(s.surface, s.duration_min) for s in planned]),
            trail_target=week.target_trail_share if week else None,
            next_week=new_plan.week_of(next_monday),
            rebuilt=rebuilt,
            points=tuple(points),
            recalibration=recalibration,
            readiness_review=readiness,
            readiness_offered=offered,
            ill=await self.db.illnesses.current(athlete_id) is not None,
        )


def _floor(plan: Plan, logs: Sequence[RunLog], first: date, last: date, history: History) -> float:
    """§7b floors by cause: the least share of the goal's week the next week rebuilds
    from. Plain misses keep ``RULES.rebuild_floor``; a week with pain that stopped
    intensity (4/10 or more) or ``RULES.red_days_lighten_week`` red days may go down to
    ``RULES.rebuild_floor_cause``, so a hurt or run-down athlete is not rebuilt to 80 %
    of the plan (illness and pauses have their own return, coach.planner.returns)."""
    days = _days(first, last)
    if any(
        p.score >= RULES.pain_no_intensity_score for d in days for p in open_pains(history.pains, d)
    ):
        return RULES.rebuild_floor_cause
    reds = 0
    for d in days:
        checkin = next((c for c in history.checkins if c.date == d), None)
        if checkin is None:
            continue
        earlier = [c for c in history.checkins if c.date < d]
        past = [log for log in logs if log.date < d]
        score = score_readiness(d, checkin, earlier, past, history.pains, plan)
        reds += score.level is ReadinessLevel.RED
    if reds >= RULES.red_days_lighten_week:
        return RULES.rebuild_floor_cause
    return RULES.rebuild_floor


def _recalibration(
    plan: Plan, logs: Sequence[RunLog], day: date, history: History
) -> Recalibration | None:
    """§7b: new paces when the recent quality sessions say the plan's do not fit (wrong
    paces, told apart from fatigue: days that pain or a bad night explain do not count)."""
    first = day - timedelta(days=RECALIBRATION_DAYS)
    recent = [log for log in logs if first <= log.date <= day]
    if not recent:
        return None
    sessions = [s for log_day in {log.date for log in recent} for s in plan.sessions_on(log_day)]
    pairs = pair_quality_logs(sessions, recent)
    if not pairs:
        return None
    excused = excused_days(history.checkins, history.pains, {log.date for _, log in pairs})
    # Sharper paces only for an athlete who runs the plan (§7b): one at 70 % of it whose
    # sessions felt easy is not fitter than the paces, the plan is light for them.
    asked = sum(s.duration_min for d in _days(first, day) for s in plan.sessions_on(d) if s.is_run)
    done = _minutes(recent)
    may_sharpen = asked > 0 and done >= RULES.recalibrate_sharpen_done_share * asked
    return recalibrate(plan.paces, pairs, day, excused=excused, may_sharpen=may_sharpen)


def _held_ladders(planned: Sequence[Session], logs: Sequence[RunLog]) -> set[str]:
    """§3b "each ladder climbs when the last session of that type was on target (logged RPE
    within 1 of the target, no pain); it holds otherwise": the ladders of this week's quality
    sessions logged harder than that, or with pain."""
    held: set[str] = set()
    for session, log in pair_quality_logs(planned, logs):
        if not session.ladder or log.rpe is None:
            continue
        target = log.target_rpe if log.target_rpe is not None else session.target_rpe
        if log.rpe - target > RULES.ladder_on_target_rpe or (log.pain_score or 0) > 0:
            held.add(session.ladder.rpartition(" ")[0])
    return held


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=k) for k in range((last - first).days + 1)]


def _sessions_done(planned: list[Session], logs: list[RunLog]) -> tuple[int, int]:
    """Planned sessions with a run logged on their day, and the runs beyond them.

    A day's runs fulfil at most that day's planned sessions: a second log of the same run, an
    extra jog or a run on a rest day is an extra run, so the week never reads "7 of 4".
    """
    per_day: dict[date, int] = {}
    for session in planned:
        per_day[session.date] = per_day.get(session.date, 0) + 1
    ran: dict[date, int] = {}
    for log in logs:
        if log.ran:
            ran[log.date] = ran.get(log.date, 0) + 1
    done = sum(min(count, per_day.get(day, 0)) for day, count in ran.items())
    return done, sum(ran.values()) - done
