"""Helpers for the check-in, log and pain tests: a day-independent snapshot of everything
those flows may change, so a bad input can be shown to change nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from storage.database import Database

#: Tuesday 1 December 2026, 08:00 in Paris: a track day (6 x 400 m) in the test athlete's plan.
TRACK_DAY = date(2026, 12, 1)
TRACK_MORNING = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
#: Tuesday 24 November 2026, 08:00 in Paris: a hill-repeats day.
HILLS_MORNING = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
EVER = (date(2020, 1, 1), date(2030, 1, 1))


@dataclass(frozen=True)
class JournalState:
    logs: list[Any]
    checkins: list[Any]
    pains: list[Any]
    dialog: dict[str, Any] | None


async def journal_state(db: Database, athlete_id: int) -> JournalState:
    """Logs, check-ins, pain flags and the open dialog of one athlete."""
    record = await db.athletes.get(athlete_id)
    logs = await db.journal.logs_between(athlete_id, *EVER)
    return JournalState(
        logs=[(s.id, s.log) for s in logs],
        checkins=await db.journal.checkins_between(athlete_id, *EVER),
        pains=await db.journal.pains(athlete_id),
        dialog=record.dialog if record else None,
    )
