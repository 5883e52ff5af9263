"""Helpers for the check-in, log and pain tests: a day-independent snapshot of everything
those flows may change, so a bad input can be shown to change nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from coach.models import AthleteProfile, Session, SessionKind
from storage.athletes import AthleteRecord
from storage.database import Database
from tests.support.athletes import onboarded_athlete, profile

#: Tuesday 1 December 2026, 08:00 in Paris: the track athlete's first track day (6 x 400 m).
TRACK_DAY = date(2026, 12, 1)
TRACK_MORNING = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
#: Tuesday 24 November 2026, 08:00 in Paris: a week before the track day (the track
#: athlete's week-2 time trial).
WEEK_BEFORE_MORNING = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
EVER = (date(2020, 1, 1), date(2030, 1, 1))


def track_profile(**overrides: object) -> AthleteProfile:
    """The 10K runner of tests.support.athletes with a February race, so the season starts in
    the build phase and the track ladder's first rung (6 x 400 m at 1:49, 60 min, RPE 8) is on
    TRACK_DAY; an easy pace of 6:30/km (estimated paces: the time trial is the week before)
    and a 10-km longest run (§3b keeps the long run an athlete already runs: a longer one
    would take the minutes the track session's cool-down has)."""
    base: dict[str, object] = {
        "race_date": date(2027, 2, 21),
        "easy_pace_s_per_km": 390.0,
        "longest_run_km": 10.0,
    }
    base.update(overrides)
    return profile(**base)


def first_session(
    sessions: Iterable[Session], kind: SessionKind, *, reps: int | None = None
) -> Session:
    """The first session of ``kind`` (with ``reps`` reps, if given), by date."""
    for session in sorted(sessions, key=lambda s: s.date):
        if session.kind is kind and (reps is None or session.spec.reps == reps):
            return session
    raise AssertionError(f"no {kind} session{f' of {reps} reps' if reps else ''} in the plan")


async def track_athlete(
    db: Database, athlete_id: int, now: datetime, *, first_name: str = "Alice"
) -> AthleteRecord:
    """The athlete whose first track day (6 x 400 m) is TRACK_DAY, onboarded at ``now``."""
    record = await onboarded_athlete(
        db, athlete_id, now, first_name=first_name, athlete_profile=track_profile()
    )
    plan = await db.plans.current(athlete_id)
    assert plan is not None
    track = first_session((s for w in plan.weeks for s in w.sessions), SessionKind.TRACK)
    assert (track.date, track.title, track.duration_min, track.target_rpe) == (
        TRACK_DAY,
        "Track: 6 x 400 m at 1:49",
        60.0,
        8,
    ), "the track athlete's plan no longer starts its track ladder on TRACK_DAY"
    return record


@dataclass(frozen=True)
class JournalState:
    logs: list[Any]
    checkins: list[Any]
    pains: list[Any]
    dialog: dict[str, Any] | None


async def journal_state(db: Database, athlete_id: int) -> JournalState:
    """Logs, check-ins, pain flags and the open dialog of one athlete."""
    record = await db.athletes.get(athlete_id)
    logs = await db.runlogs.logs_between(athlete_id, *EVER)
    return JournalState(
        logs=[(s.id, s.log) for s in logs],
        checkins=await db.checkins.checkins_between(athlete_id, *EVER),
        pains=await db.pains.pains(athlete_id),
        dialog=record.dialog if record else None,
    )
