"""Profile answers written together with the dialog step they close, and the reset behind
"start over". Each method is one short transaction, so an answer and the step that follows
it are never stored apart (a restart resumes exactly at the next unanswered question)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update

from storage.athletes import PROFILE_COLUMNS
from storage.tables import AthleteRow
from storage.unit import SessionSource, scope_of

# What "start over" puts back: no answers, and the defaults of the columns that have one.
EMPTY_PROFILE: dict[str, Any] = {
    "goal": None,
    "race_date": None,
    "trail_distance_km": None,
    "trail_elevation_m": None,
    "run_days": None,
    "long_run_day": None,
    "weekly_km": None,
    "longest_run_km": None,
    "track_access": None,
    "trail_access": None,
    "doubles": None,
    "recent_race_km": None,
    "recent_race_s": None,
    "recent_race_on": None,
    "easy_pace_s_per_km": None,
    "timezone": "UTC",
    "push_time": "06:30",
    "reminder_time": "20:00",
    "units": "km",
    "rest_day_notes": True,
}


class ProfileRepository:
    """Writes to the athlete row that must happen together."""

    def __init__(self, sessions: SessionSource) -> None:
        self._sessions = scope_of(sessions)

    async def save_answer(
        self,
        athlete_id: int,
        now: datetime,
        *,
        dialog: dict[str, Any] | None,
        columns: dict[str, Any],
    ) -> None:
        """Store answered profile columns and the next dialog step in one transaction."""
        unknown = set(columns) - PROFILE_COLUMNS
        if unknown:
            raise ValueError(f"not profile columns: {sorted(unknown)}")
        async with self._sessions.begin() as session:
            await session.execute(
                update(AthleteRow)
                .where(AthleteRow.id == athlete_id)
                .values(dialog=dialog, updated_at=now, **columns)
            )

    async def reset(self, athlete_id: int, now: datetime, *, dialog: dict[str, Any]) -> None:
        """Forget the profile answers and open onboarding again; logs and history stay.

        The athlete is no longer onboarded, so no push is scheduled until they finish again.
        """
        async with self._sessions.begin() as session:
            await session.execute(
                update(AthleteRow)
                .where(AthleteRow.id == athlete_id)
                .values(
                    dialog=dialog,
                    onboarded_at=None,
                    next_morning_at=None,
                    next_evening_at=None,
                    next_weekly_at=None,
                    updated_at=now,
                    **EMPTY_PROFILE,
                )
            )
