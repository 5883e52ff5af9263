"""Onboarding as use cases: storing each answer with the question that follows it,
finishing (onboarded + plan + push schedule), and starting over.

Which question comes next, and what an answer stores, is the flows' (flows/);
this module only writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from coach.models import Plan
from services.coaching import CoachingService
from storage.athletes import AthleteRecord
from storage.database import Database
from storage.profiles import ProfileRepository


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
