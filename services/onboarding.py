"""Onboarding as use cases: which question comes next, storing each answer with the step
that follows it, finishing (onboarded + plan + push schedule), and starting over.

The order of the questions lives here (``ONBOARDING``); whether a question applies depends
only on the answers stored so far, so a restart resumes exactly where the athlete was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from coach.models import GoalKind, Plan
from services.coaching import CoachingService
from storage.athletes import AthleteRecord
from storage.database import Database
from storage.profiles import ProfileRepository

ONBOARDING_FLOW = "onboarding"


class Step(StrEnum):
    """A question; the value is what its buttons carry in their callback data (short)."""

    GOAL = "goal"
    TRAIL_KM = "tkm"
    TRAIL_ELEV = "telev"
    RACE_DATE = "date"
    RUNS = "runs"
    DAYS = "days"
    LONG_DAY = "long"
    UNITS = "units"
    WEEKLY = "weekly"
    LONGEST = "longest"
    TRACK = "track"
    TRAILS = "trails"
    DOUBLES = "doubles"
    RACE_DIST = "rdist"
    RACE_TIME = "rtime"
    TIMEZONE = "tz"
    PUSH = "push"
    REMIND = "remind"


ONBOARDING: tuple[Step, ...] = (
    Step.GOAL,
    Step.TRAIL_KM,
    Step.TRAIL_ELEV,
    Step.RACE_DATE,
    Step.RUNS,
    Step.DAYS,
    Step.LONG_DAY,
    Step.UNITS,
    Step.WEEKLY,
    Step.LONGEST,
    Step.TRACK,
    Step.TRAILS,
    Step.DOUBLES,
    Step.RACE_DIST,
    Step.RACE_TIME,
    Step.TIMEZONE,
    Step.PUSH,
    Step.REMIND,
)
# /race: a new goal, then what that goal needs.
RACE: tuple[Step, ...] = (Step.GOAL, Step.TRAIL_KM, Step.TRAIL_ELEV, Step.RACE_DATE)

DOUBLES_FROM_DAYS = 5  # doubles are only offered to athletes who run this many days or more


def run_days_of(fields: Mapping[str, Any]) -> tuple[int, ...]:
    raw = fields.get("run_days")
    if not raw:
        return ()
    return tuple(int(d) for d in str(raw).split(",") if d != "")


def applies(step: Step, fields: Mapping[str, Any]) -> bool:
    """Whether ``step`` is asked, given the answers so far."""
    goal = fields.get("goal")
    if step in (Step.TRAIL_KM, Step.TRAIL_ELEV):
        return goal == GoalKind.TRAIL.value
    if step is Step.RACE_DATE:
        return goal != GoalKind.FITNESS.value
    if step is Step.LONG_DAY:
        return len(run_days_of(fields)) > 1
    if step is Step.DOUBLES:
        return len(run_days_of(fields)) >= DOUBLES_FROM_DAYS
    if step is Step.RACE_TIME:
        return bool(fields.get("recent_race_km"))
    return True


def next_step(
    after: Step | None, fields: Mapping[str, Any], order: Sequence[Step] = ONBOARDING
) -> Step | None:
    """The first question after ``after`` (from the start when None) that applies."""
    start = 0 if after is None else order.index(after) + 1
    for step in order[start:]:
        if applies(step, fields):
            return step
    return None


@dataclass(frozen=True)
class Finished:
    record: AthleteRecord
    plan: Plan | None


class OnboardingService:
    """Onboarding's writes; every answer is stored as it arrives."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.profiles = ProfileRepository(db.sessions)

    async def save(
        self,
        athlete_id: int,
        now: datetime,
        *,
        columns: Mapping[str, Any],
        dialog: dict[str, Any] | None,
    ) -> None:
        """Store the answer's columns and the next open question together."""
        await self.profiles.save_answer(athlete_id, now, dialog=dialog, columns=dict(columns))

    async def finish(
        self,
        athlete_id: int,
        now: datetime,
        *,
        columns: Mapping[str, Any],
        dialog: dict[str, Any] | None,
    ) -> Finished:
        """The last answer: onboarded, a plan from today, and the pushes scheduled.

        The last answer is stored with its question still open, so a crash before the
        athlete is marked onboarded re-asks it rather than losing the set-up.
        """
        await self.profiles.save_answer(athlete_id, now, dialog=dialog, columns=dict(columns))
        await self.db.athletes.mark_onboarded(athlete_id, now)
        record = await self.db.athletes.get(athlete_id)
        if record is None:
            raise LookupError(f"athlete {athlete_id} vanished while onboarding")
        plan = await CoachingService(self.db).rebuild_plan(record, now)
        await self.db.deliveries.reschedule(athlete_id, now)
        return Finished(record, plan)

    async def start_over(self, athlete_id: int, now: datetime, *, dialog: dict[str, Any]) -> None:
        """Forget the profile answers and ask again from the first question; the journal
        (logs, check-ins, pains) stays, and no push goes out until onboarding is finished."""
        await self.profiles.reset(athlete_id, now, dialog=dialog)
        await self.db.deliveries.reschedule(athlete_id, now)
