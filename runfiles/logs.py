"""From a decoded run file to the run log the athlete confirms.

A file knows the day, the time, the distance and where it was run (as a guess); it cannot
know how hard it felt. So the log it drafts has everything but the RPE, which the athlete
gives with one tap. Which session it fulfils is the services' business (the same rule as a
typed log, :mod:`coach.journal_match`); this module only says whether the file's day can be
logged at all and what the log holds.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from coach.models import RunLog, RunStatus, SessionKind, Surface
from runfiles.model import RunFile

#: A file whose run is older than this many days is not logged: the week it belongs to has
#: been summarised and the plan rebuilt from it (issue 17: "older than 14 days").
MAX_AGE_DAYS = 14
#: A watch's clock may run a little ahead of the server's: a run that "ends" up to this far in
#: the future is taken as just finished.
CLOCK_SLACK = timedelta(minutes=10)


class DateProblem(StrEnum):
    """Why a file's day cannot be logged."""

    FUTURE = "future"  # it ends after now: a wrong clock on the watch, or not a recording
    TOO_OLD = "too_old"  # more than MAX_AGE_DAYS before today


def date_problem(run: RunFile, zone: ZoneInfo, now: datetime) -> DateProblem | None:
    """Whether ``run`` can be logged ``now`` (aware) by an athlete in ``zone``; None if so."""
    end = run.start + timedelta(seconds=run.elapsed_s)
    if end > now + CLOCK_SLACK:
        return DateProblem.FUTURE
    today = now.astimezone(zone).date()
    if run.local_date(zone) < today - timedelta(days=MAX_AGE_DAYS):
        return DateProblem.TOO_OLD
    return None


def draft_log(
    run: RunFile,
    zone: ZoneInfo,
    *,
    surface: Surface,
    kind: SessionKind | None = None,
    rpe: int | None = None,
) -> RunLog:
    """The log ``run`` makes: its local day, moving minutes and kilometres, the surface
    (the guess, or what the athlete tapped), the planned kind it fulfils, and the RPE once
    given. Minutes are the moving time: the load counts time running, not waiting at lights.
    """
    return RunLog(
        date=run.local_date(zone),
        status=RunStatus.DONE,
        duration_min=round(run.moving_min, 1),
        distance_km=None if run.distance_km is None else round(run.distance_km, 2),
        rpe=rpe,
        surface=surface,
        kind=kind,
    )
