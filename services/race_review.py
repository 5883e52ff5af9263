"""The race-readiness review's use cases (COACHING.md §7b): assess it from the journal, offer
it (recorded, so /why shows it and a button press after a restart can be checked against it),
and apply the athlete's choice: keep the goal, switch to the shorter race, or move the date,
the plan rebuilt for the last two.

What a review offered lives in the database, never in memory: the offer is an adjustment of
kind ``race_review`` on the review's day, the choice one of kind ``race_choice``. A press is
honoured only for the latest review, within a week of it, before anything was chosen, and
only for a choice that review could offer; anything else is stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from coach.calendar import monday_of
from coach.models import (
    Adjustment,
    AdjustmentKind,
    AthleteProfile,
    Plan,
    RunLog,
    Surface,
)
from coach.planner import build_plan
from coach.race_readiness import (
    SHORTER_RACE,
    Option,
    OptionKind,
    ReadinessFacts,
    ReadinessReview,
    WeekDone,
    assess,
    level_in,
    worse,
)
from coach.rules import RULES
from services.coaching import CoachingService, local_today
from storage.athletes import AthleteRecord
from storage.database import Database

#: A review's buttons are good until the next weekly review.
OFFER_DAYS = 7
REVIEW_KINDS = (AdjustmentKind.RACE_REVIEW, AdjustmentKind.RACE_CHOICE)


@dataclass(frozen=True)
class Chosen:
    """What the athlete chose, and the plan rebuilt for it (None when the goal was kept)."""

    record: AthleteRecord
    option: Option
    plan: Plan | None
    reason: str


def _running(logs: list[RunLog]) -> list[RunLog]:
    return [log for log in logs if log.ran and log.surface is not Surface.CROSS]


def _easy_minutes(plan: Plan, km: float) -> float:
    pace = (plan.paces.easy_min + plan.paces.easy_max) / 2
    return km * pace / 60.0


class RaceReviewService:
    """Assesses, offers and applies race-readiness reviews (see the module docstring)."""

    def __init__(self, db: Database, coaching: CoachingService | None = None) -> None:
        self.db = db
        self.coaching = coaching or CoachingService(db)

    # --- assessing ------------------------------------------------------------------------

    async def weekly(
        self, athlete_id: int, profile: AthleteProfile, plan: Plan, day: date
    ) -> ReadinessReview | None:
        """The review on ``day`` (a Sunday): the longest run of the last four weeks, done
        against planned over the last weeks (the plan's partial first week left out) and the
        weeks left. None without a race, or with nothing logged in the four weeks (silence
        says nothing about what was run)."""
        if not profile.goal.has_race or profile.race_date is None:
            return None
        need = plan.race_need_long_run_min
        if need is None:
            return None
        first = day - timedelta(weeks=RULES.readiness_window_weeks) + timedelta(days=1)
        stored = await self.db.runlogs.logs_between(athlete_id, first, day)
        runs = _running([s.log for s in stored])
        if not runs:
            return None
        weeks: list[WeekDone] = []
        monday = monday_of(day)
        first_week = plan.weeks[0].start if plan.weeks else monday
        for k in reversed(range(RULES.readiness_volume_weeks)):
            start = monday - timedelta(weeks=k)
            week = plan.week_of(start)
            if week is None or start <= first_week:
                continue
            planned = [s for s in week.sessions if s.is_run and s.date <= day]
            done = [log for log in runs if start <= log.date <= start + timedelta(days=6)]
            weeks.append(
                WeekDone(
                    start=start,
                    planned_min=sum(s.duration_min for s in planned),
                    done_min=sum(log.duration_min or 0.0 for log in done),
                    planned_long_min=week.long_run_min,
                )
            )
        longest = max(log.duration_min or 0.0 for log in runs)
        if day - plan.start < timedelta(weeks=RULES.readiness_window_weeks):
            # Fewer than four weeks of this plan: the long run the athlete told us they ran
            # counts too (a first week's missed long run is not their longest in a month).
            longest = max(longest, _easy_minutes(plan, profile.longest_run_km))
        facts = ReadinessFacts(
            goal=profile.goal,
            race_date=profile.race_date,
            today=day,
            need_long_min=need,
            longest_recent_min=longest,
            weeks=tuple(weeks),
            vdot=plan.paces.vdot,
        )
        return assess(facts)

    def at_onboarding(
        self, profile: AthleteProfile, plan: Plan, today: date
    ) -> ReadinessReview | None:
        """§3b/§7b: at onboarding, when the runway cannot build the long run the race needs,
        the coach says so and offers the same choices."""
        if not profile.goal.has_race or profile.race_date is None:
            return None
        need = plan.race_need_long_run_min
        if need is None:
            return None
        facts = ReadinessFacts(
            goal=profile.goal,
            race_date=profile.race_date,
            today=today,
            need_long_min=need,
            longest_recent_min=_easy_minutes(plan, profile.longest_run_km),
            vdot=plan.paces.vdot,
            planned_peak_min=plan.peak_long_run_min,
        )
        return assess(facts)

    async def onboarding_offer(
        self, record: AthleteRecord, plan: Plan | None, now: datetime
    ) -> ReadinessReview | None:
        """The onboarding review, recorded when it offers choices (None when green)."""
        profile = record.profile()
        if profile is None or plan is None:
            return None
        review = self.at_onboarding(profile, plan, local_today(record, now))
        if review is None or not await self.offer(record.id, review, now):
            return None
        return review

    async def offer(self, athlete_id: int, review: ReadinessReview, now: datetime) -> bool:
        """Record an amber or red review (once a day), so /why shows it and its buttons can
        be checked against the database after a restart; whether it is offered.

        Not after a recent choice (the athlete decided, with these facts, a few weeks ago):
        for ``RULES.readiness_quiet_weeks`` after a choice, only a worse level (amber after
        green, red after amber) is offered again."""
        if not review.offered or await self._quiet(athlete_id, review):
            return False
        change = Adjustment(date=review.on, kind=AdjustmentKind.RACE_REVIEW, reason=review.reason)
        await self.db.adjustments.add_adjustments(athlete_id, [change], now)
        return True

    async def _quiet(self, athlete_id: int, review: ReadinessReview) -> bool:
        since = review.on - timedelta(weeks=RULES.readiness_quiet_weeks)
        stored = await self.db.adjustments.adjustments(athlete_id, since=since, limit=200)
        mine = sorted((s for s in stored if s.adjustment.kind in REVIEW_KINDS), key=lambda s: s.id)
        chosen = [k for k, s in enumerate(mine) if s.adjustment.kind is AdjustmentKind.RACE_CHOICE]
        if not chosen or mine[chosen[-1]].adjustment.date <= since:
            return False
        answered = [
            level_in(s.adjustment.reason)
            for s in mine[: chosen[-1]]
            if s.adjustment.kind is AdjustmentKind.RACE_REVIEW
        ]
        before = answered[-1] if answered else None
        return before is not None and not worse(review.level, before)

    # --- choosing -------------------------------------------------------------------------

    async def open_review(self, record: AthleteRecord, day: date, now: datetime) -> bool:
        """Whether the review of ``day`` still waits for the athlete's choice: it is the
        latest one recorded, nothing was chosen after it, and it is less than a week old."""
        today = local_today(record, now)
        if not day <= today < day + timedelta(days=OFFER_DAYS):
            return False
        stored = await self.db.adjustments.adjustments(record.id, since=day, limit=200)
        mine = sorted((s for s in stored if s.adjustment.kind in REVIEW_KINDS), key=lambda s: s.id)
        if not mine:
            return False
        last = mine[-1].adjustment
        return last.kind is AdjustmentKind.RACE_REVIEW and last.date == day

    async def choose(
        self,
        record: AthleteRecord,
        now: datetime,
        day: date,
        kind: str,
        race_date: date | None = None,
    ) -> Chosen | None:
        """Apply the athlete's choice after the review of ``day``; None when the button is
        stale or names nothing the review could offer (nothing changes then)."""
        profile = record.profile()
        if profile is None or profile.race_date is None or not profile.goal.has_race:
            return None
        if not await self.open_review(record, day, now):
            return None
        option = self._option(profile, kind, race_date)
        if option is None:
            return None
        plan = await self.coaching.plan_for(record, now)
        if option.kind is OptionKind.KEEP:
            option = await self._keep(record.id, profile, plan, day) or option
        new_plan: Plan | None = None
        fresh = record
        if option.kind is not OptionKind.KEEP:
            await self.db.athletes.update_fields(
                record.id, now, goal=option.goal.value, race_date=option.race_date
            )
            got = await self.db.athletes.get(record.id)
            new_profile = got.profile() if got is not None else None
            if got is None or new_profile is None:
                return None
            fresh = got
            paces = plan.paces if plan is not None else None
            new_plan = build_plan(new_profile, local_today(fresh, now), paces=paces)
            await self.db.plans.save(record.id, new_plan, now)
        reason = f"after the race-readiness review of {day:%a %d %b}, you chose to {option.summary}"
        change = Adjustment(
            date=local_today(record, now), kind=AdjustmentKind.RACE_CHOICE, reason=reason
        )
        await self.db.adjustments.add_adjustments(record.id, [change], now)
        return Chosen(fresh, option, new_plan, reason)

    def _option(self, profile: AthleteProfile, kind: str, race_date: date | None) -> Option | None:
        """The option a button names, checked against what a review of this goal offers:
        the shorter race of this goal, or a later date on the race's weekday within reach."""
        race = profile.race_date
        if race is None:
            return None
        if kind == OptionKind.KEEP.value:
            return Option(OptionKind.KEEP, profile.goal, race)
        if kind == OptionKind.SHORTER.value:
            shorter = SHORTER_RACE.get(profile.goal)
            return None if shorter is None else Option(OptionKind.SHORTER, shorter, race)
        if kind == OptionKind.MOVE.value and race_date is not None:
            later = (race_date - race).days
            if later <= 0 or later % 7 or later > 7 * RULES.readiness_move_max_weeks:
                return None
            return Option(OptionKind.MOVE, profile.goal, race_date)
        return None

    async def _keep(
        self, athlete_id: int, profile: AthleteProfile, plan: Plan | None, day: date
    ) -> Option | None:
        """Keep the goal, with the realistic target (or run-walk) the review gives."""
        if plan is None:
            return None
        review = await self.weekly(athlete_id, profile, plan, day)
        if review is None or not review.offered:
            review = self.at_onboarding(profile, plan, day)
        if review is None:
            return None
        return review.option(OptionKind.KEEP)
