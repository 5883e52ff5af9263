"""New training paces from a time trial or race the athlete logged (COACHING.md §2, §3b).

When paces are only estimated, the plan schedules a time trial in week 2 or 3; whenever a
run log turns out to be a trial or race result (:func:`coach.time_trial.read_trial`), the
coach re-derives the paces from it:

1. the result becomes the profile's ``recent_race`` (distance, time and date), so every later
   rebuild (/settings, /race, onboarding's plan) starts from it too;
2. the plan is rebuilt from tomorrow with the new paces (:func:`coach.planner.rebuild_from`,
   at the level the plan had, as on a resume after no pause): every future session is
   dressed with them, /paces shows them, and the new plan version is in storage.

An absurd result (:class:`~coach.time_trial.ImplausibleResult`) and a trial logged without its
distance or time change nothing; the outcome says which, for the reply. Nothing here knows
about Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.models import Plan, RaceResult, RunLog, Session, TrainingPaces
from coach.planner import rebuild_from
from coach.time_trial import ImplausibleResult, TrialReading, read_trial, trial_paces
from services.coaching import local_today
from services.control import restart_minutes
from storage.database import Database


@dataclass(frozen=True)
class PaceChange:
    """What a logged time trial or race did to the athlete's paces.

    Attributes:
        reading: The log read as a trial or race (its result, or what is missing).
        before: The paces the plan had (None without a plan).
        after: The new paces, when the result set them; None when nothing changed.
        refused: Why a result changed nothing (an absurd time or distance), else None.
    """

    reading: TrialReading
    before: TrainingPaces | None
    after: TrainingPaces | None = None
    refused: ImplausibleResult | None = None

    @property
    def changed(self) -> bool:
        return self.after is not None


class TrialService:
    """Time trials and races of one database, as sources of training paces."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def from_log(
        self,
        athlete_id: int,
        now: datetime,
        log: RunLog,
        session: Session | None,
        *,
        duration_given: bool = True,
    ) -> PaceChange | None:
        """Re-derive the paces when ``log`` is a time-trial or race result.

        Args:
            athlete_id: The athlete.
            now: The current instant.
            log: The run as stored.
            session: The session it fulfils, as the athlete was told it; None without one.
            duration_given: False when the log's duration came from the plan, not the athlete.

        Returns:
            None for an ordinary run; otherwise what changed (or why nothing did).
        """
        reading = read_trial(log, session, duration_given=duration_given)
        if reading is None:
            return None
        plan = await self.db.plans.current(athlete_id)
        before = plan.paces if plan is not None else None
        if reading.result is None:
            return PaceChange(reading, before)
        try:
            paces = trial_paces(reading.result)
        except ImplausibleResult as error:
            return PaceChange(reading, before, refused=error)
        await self.apply(athlete_id, now, reading.result, paces)
        return PaceChange(reading, before, after=paces)

    async def apply(
        self, athlete_id: int, now: datetime, result: RaceResult, paces: TrainingPaces
    ) -> Plan | None:
        """Store ``result`` as the recent race and the plan rebuilt from tomorrow with
        ``paces``; the new plan (None when the athlete has no plan or profile yet)."""
        await self.db.athletes.update_fields(
            athlete_id,
            now,
            recent_race_km=result.distance_km,
            recent_race_s=result.time_s,
            recent_race_on=result.on,
        )
        record = await self.db.athletes.get(athlete_id)
        plan = await self.db.plans.current(athlete_id)
        profile = record.profile() if record is not None else None
        if record is None or plan is None or profile is None:
            return None  # the first plan is built from the profile, race included
        tomorrow = local_today(record, now) + timedelta(days=1)
        # §7b: the sessions before this result were run at the old paces; only later ones
        # are evidence about the new (coach.recalibration).
        since = result.on or local_today(record, now)
        repaced = plan.model_copy(update={"paces": paces.model_copy(update={"since": since})})
        try:
            new_plan = rebuild_from(
                repaced, profile, tomorrow, restart_minutes(plan, tomorrow, 1.0)
            )
        except ValueError:  # a plan the planner cannot continue: keep it, with the new paces
            new_plan = repaced
        await self.db.plans.save(athlete_id, new_plan, now)
        return new_plan


__all__ = ["PaceChange", "TrialService"]
