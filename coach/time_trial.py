"""Time trials and races as a source of training paces (COACHING.md §2 and §3b).

Paces estimated from an easy pace are a guess: the plan schedules a time trial (3 km for
beginners, 5 km or 20 minutes otherwise) in week 2 or 3, and the coach re-derives the paces
from its result. This module decides, from one run log, whether it is such a result and
what :class:`~coach.models.RaceResult` it gives; the caller turns the result into paces
(:func:`trial_paces`), stores it as the profile's ``recent_race`` and re-dresses the plan.

A log is read as a pace result when it is done (not skipped or cut short), not on trail or
cross-training (terrain makes a trail time say nothing about road pace, §2), and either

* fulfils the day's planned **time trial** (the session the athlete was told to run is a
  ``SessionKind.TIME_TRIAL``),
* is called a time trial by the athlete ("time trial 3km in 14:10", "TT 5k 22:30"), or
* is a race: the day's planned race, or a log the athlete calls a race or a parkrun
  ("parkrun 5k 24:10"; "race pace" and the like do not count).

The log's time is its duration. On the planned trial's day the log may be the whole session,
warm-up and cool-down included ("9 km in 45 min" for a 5 km trial): such a log is kept, and
the coach asks for the trial itself instead of deriving paces from it. A 20-minute trial
needs only the distance: its time is 20 minutes by definition.

Which paces a result replaces: every result replaces the paces the plan has, estimated or
from an older race, because it is the newest evidence of the athlete's fitness (a slower
trial lowers them too: training at paces one cannot hold is the greater harm). Absurd
results (outside the VDOT range of :mod:`coach.paces`) change nothing.

Everything here is pure: no clock, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from coach.models import RaceResult, RunLog, RunStatus, Session, SessionKind, Surface, TrainingPaces
from coach.paces import paces_from_race, predict_time_s

# --- Tuneable numbers --------------------------------------------------------------------------

#: A logged distance up to this multiple of the planned trial distance is the trial itself
#: (GPS and rounding; a shorter trial still gives a VDOT). More is the whole session.
DISTANCE_SLACK = 1.15
#: A logged time within this share of a timed trial's minutes is the trial itself.
DURATION_SLACK = 0.15
#: The shortest effort that gives trustworthy paces: Daniels' tables start at 1500 m.
MIN_TRIAL_KM = 1.5
#: Surfaces whose times say nothing about road and track paces.
NO_PACE_SURFACES = (Surface.TRAIL, Surface.CROSS)

_TRIAL_WORDS_RE = re.compile(r"\b(?:time[- ]?trial|tt)\b", re.IGNORECASE)
_RACE_WORDS_RE = re.compile(
    r"\b(?:race|raced|parkrun|park run)\b"
    r"(?![- ]?(?:pace|rhythm|effort|sim|simulation|prep|kit|rehearsal|week|plan|day)\b)",
    re.IGNORECASE,
)


class TrialSource(StrEnum):
    """Why a log is read as a pace result."""

    PLANNED = "planned"  # the day's planned time trial
    SAID = "said"  # the athlete called it a time trial
    RACE = "race"  # the day's planned race, or one the athlete called a race


class TrialGap(StrEnum):
    """Why a time-trial log gives no result yet (the coach asks for what is missing)."""

    DISTANCE = "distance"  # a time but no distance
    TIME = "time"  # a distance but no time of the trial itself
    BOTH = "both"  # neither (e.g. logged with the buttons)
    WHOLE_SESSION = "whole_session"  # the log looks like the whole session, warm-up included
    TOO_SHORT = "too_short"  # under MIN_TRIAL_KM: too short to set paces from


@dataclass(frozen=True)
class TrialReading:
    """What a run log says as a time trial or race.

    Exactly one of ``result`` and ``gap`` is set.

    Attributes:
        source: Why the log is read as one.
        result: The result to derive paces from.
        gap: What is missing when there is no result yet.
        planned_km: The planned trial's distance (a distance trial), for the reply.
        planned_min: The planned trial's minutes (a timed trial), for the reply.
    """

    source: TrialSource
    result: RaceResult | None = None
    gap: TrialGap | None = None
    planned_km: float | None = None
    planned_min: float | None = None

    @property
    def is_race(self) -> bool:
        return self.source is TrialSource.RACE


def said_kind(note: str | None) -> TrialSource | None:
    """Whether the athlete's own words call the run a time trial or a race."""
    if not note:
        return None
    if _TRIAL_WORDS_RE.search(note):
        return TrialSource.SAID
    if _RACE_WORDS_RE.search(note):
        return TrialSource.RACE
    return None


def read_trial(
    log: RunLog, session: Session | None, *, duration_given: bool = True
) -> TrialReading | None:
    """The time-trial or race reading of ``log``, or None when it is an ordinary run.

    Args:
        log: The run as logged.
        session: The session the log fulfils, as the athlete was told it (adjusted), or None.
        duration_given: False when the log's duration was not said by the athlete but filled
            in from the plan (a typed log without a time): it is then not the trial's time.

    Returns:
        A reading with a result or with what is missing (only for time trials: a race logged
        without a distance or a time is an ordinary run), or None.
    """
    if log.status is not RunStatus.DONE:
        return None
    said = said_kind(log.note)
    if session is not None and session.kind is SessionKind.TIME_TRIAL:
        if log.surface in NO_PACE_SURFACES:
            return None
        return _planned_reading(log, session, said is TrialSource.SAID, duration_given)
    race_day = session is not None and session.kind is SessionKind.RACE
    source = said or (TrialSource.RACE if race_day else None)
    if source is None:
        return None
    # Where it was run: as logged; the planned race, unless said otherwise, where planned
    # (a trail race is run on trail).
    surface = log.surface
    if surface is None and race_day and session is not None:
        surface = session.surface
    if surface in NO_PACE_SURFACES:
        return None
    seconds = log.duration_min * 60.0 if log.duration_min and duration_given else None
    distance = log.distance_km or None
    if distance is not None and seconds is not None:
        return _result_or_too_short(source, distance, seconds, log.date)
    if source is TrialSource.RACE:
        return None
    return TrialReading(source, gap=_gap(distance, seconds))


def _planned_reading(
    log: RunLog, planned: Session, said: bool, duration_given: bool
) -> TrialReading:
    spec = planned.spec
    planned_km = (spec.rep_distance_m or 0.0) / 1000.0 or None
    planned_min = None if planned_km is not None else spec.rep_duration_min
    reading = TrialReading(TrialSource.PLANNED, planned_km=planned_km, planned_min=planned_min)
    distance = log.distance_km or None
    minutes = log.duration_min if log.duration_min and duration_given else None
    if distance is None:
        # A timed trial's time is known; otherwise a time is the trial's only when it is
        # clearly shorter than the whole session (not the planned minutes, tapped or filled).
        trial_time = minutes is not None and minutes < (1 - DURATION_SLACK) * planned.duration_min
        gap = TrialGap.DISTANCE if planned_min is not None or trial_time else TrialGap.BOTH
        return _with(reading, gap=gap)
    if planned_min is not None:  # a timed trial: the distance covered in its minutes
        if minutes is None:
            minutes = planned_min
        elif abs(minutes - planned_min) > DURATION_SLACK * planned_min and not said:
            return _with(reading, gap=TrialGap.WHOLE_SESSION)
    else:
        if planned_km is not None and distance > DISTANCE_SLACK * planned_km and not said:
            return _with(reading, gap=TrialGap.WHOLE_SESSION)
        if minutes is None:
            return _with(reading, gap=TrialGap.TIME)
    found = _result_or_too_short(TrialSource.PLANNED, distance, minutes * 60.0, log.date)
    return _with(reading, result=found.result, gap=found.gap)


def _result_or_too_short(
    source: TrialSource, distance: float, seconds: float, on: date
) -> TrialReading:
    if distance < MIN_TRIAL_KM:
        return TrialReading(source, gap=TrialGap.TOO_SHORT)
    return TrialReading(source, result=RaceResult(distance_km=distance, time_s=seconds, on=on))


def _with(
    reading: TrialReading, *, result: RaceResult | None = None, gap: TrialGap | None = None
) -> TrialReading:
    return TrialReading(
        reading.source,
        result=result,
        gap=gap,
        planned_km=reading.planned_km,
        planned_min=reading.planned_min,
    )


def _gap(distance: float | None, seconds: float | None) -> TrialGap:
    if distance is None and seconds is None:
        return TrialGap.BOTH
    return TrialGap.DISTANCE if distance is None else TrialGap.TIME


class ImplausibleResult(ValueError):
    """A result no paces can come from: faster than any runner alive, or slower than a walk
    (a VDOT outside the range :mod:`coach.paces` trusts; almost always a typo).

    Attributes:
        result: The result.
        too_fast: True when it is too fast, False when too slow.
    """

    def __init__(self, result: RaceResult, too_fast: bool, reason: str) -> None:
        super().__init__(reason)
        self.result = result
        self.too_fast = too_fast


#: A VDOT in the middle of the trusted range: a result faster than its prediction is "too
#: fast" when it is out of range, a slower one "too slow".
_MID_VDOT = 50.0


def trial_paces(result: RaceResult) -> TrainingPaces:
    """The training paces a time-trial or race result gives (not estimated).

    Raises:
        ImplausibleResult: For an absurd result; its message says what to check.
    """
    try:
        return paces_from_race(result.distance_km, result.time_s)
    except ValueError as error:
        too_fast = result.time_s < predict_time_s(_MID_VDOT, result.distance_km)
        raise ImplausibleResult(result, too_fast, str(error)) from error


__all__ = [
    "DISTANCE_SLACK",
    "DURATION_SLACK",
    "MIN_TRIAL_KM",
    "ImplausibleResult",
    "TrialGap",
    "TrialReading",
    "TrialSource",
    "read_trial",
    "said_kind",
    "trial_paces",
]
