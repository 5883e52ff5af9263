"""Changing an onboarded athlete's settings and race: store, then rebuild the plan when the
change affects it, and reschedule the pushes when a time or the time zone changed."""

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

# Columns the planner reads: a change rebuilds the plan from today.
PLAN_COLUMNS = frozenset(
    {
        "goal",
        "race_date",
        "trail_distance_km",
        "trail_elevation_m",
        "run_days",
        "long_run_day",
        "track_access",
        "trail_access",
        "doubles",
    }
)
# Columns the push schedule reads: a change reschedules the next pushes.
SCHEDULE_COLUMNS = frozenset({"timezone", "push_time", "reminder_time"})


@dataclass(frozen=True)
class Changed:
    record: AthleteRecord
    plan: Plan | None  # the rebuilt plan, None when the plan did not need rebuilding
    rescheduled: bool


class SettingsService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.profiles = ProfileRepository(db.sessions)

    async def change(
        self,
        record: AthleteRecord,
        now: datetime,
        columns: Mapping[str, Any],
        *,
        dialog: dict[str, Any] | None = None,
        force_rebuild: bool = False,
    ) -> Changed:
        """Store ``columns`` (closing or moving the dialog with them) and apply their effects.

        The plan is rebuilt only when a column it reads actually changed (or
        ``force_rebuild``: /race always starts the plan again from today).
        """
        changed = {k for k, v in columns.items() if _current(record, k) != v}
        await self.profiles.save_answer(record.id, now, dialog=dialog, columns=dict(columns))
        fresh = await self.db.athletes.get(record.id)
        if fresh is None:
            raise LookupError(f"athlete {record.id} vanished")
        plan = None
        if force_rebuild or changed & PLAN_COLUMNS:
            plan = await CoachingService(self.db).rebuild_plan(fresh, now)
        rescheduled = bool(changed & SCHEDULE_COLUMNS)
        if rescheduled:
            await self.db.deliveries.reschedule(record.id, now)
        return Changed(fresh, plan, rescheduled)


def _current(record: AthleteRecord, column: str) -> Any:
    if column == "timezone":
        return record.timezone
    if column == "push_time":
        return record.push_time.strftime("%H:%M")
    if column == "reminder_time":
        return record.reminder_time.strftime("%H:%M")
    if column == "units":
        return record.units.value
    return record.fields.get(column)
