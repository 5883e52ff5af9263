"""What a run file says, once decoded: the figures a coach reads off a watch.

A :class:`RunFile` is the same whatever the format it came in (FIT, GPX or TCX, zipped or
not): the services turn it into a run log, the bot shows it against the plan. Times are
aware UTC datetimes; the athlete's local date is computed with their zone, because a run at
00:30 in Tokyo belongs to a different day than the UTC clock says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo


class FileFormat(StrEnum):
    """The format a run file was written in (after any zip or gzip around it)."""

    FIT = "fit"
    GPX = "gpx"
    TCX = "tcx"


class Sport(StrEnum):
    """The activity a file records, as precise as the file says it."""

    RUN = "run"
    TRAIL_RUN = "trail_run"
    TRACK_RUN = "track_run"
    TREADMILL = "treadmill"
    WALK = "walk"
    HIKE = "hike"
    CYCLING = "cycling"
    SWIMMING = "swimming"
    OTHER = "other"

    @property
    def is_run(self) -> bool:
        """Running of any kind: what becomes a run log (the rest is offered as cross-training)."""
        return self in _RUNS


_RUNS = frozenset({Sport.RUN, Sport.TRAIL_RUN, Sport.TRACK_RUN, Sport.TREADMILL})


@dataclass(frozen=True, slots=True)
class Lap:
    """One lap as the device split it (a press of the lap button or an auto-lap)."""

    start: datetime
    elapsed_s: float
    moving_s: float
    distance_m: float | None = None
    avg_hr: int | None = None
    max_hr: int | None = None


@dataclass(frozen=True, slots=True)
class RunFile:
    """A decoded activity file.

    Attributes:
        format: The format it was written in.
        sport: What the file says was done.
        start: Start time, aware, in UTC.
        elapsed_s: From start to finish, pauses included.
        moving_s: Time moving: the device's timer time when it has one (pauses excluded),
            otherwise the time spent faster than a slow walk.
        distance_m: Distance in metres (None when the file has none, e.g. a treadmill run
            recorded without a foot pod).
        gain_m: Elevation gain (D+), None without altitudes.
        loss_m: Elevation loss (D-), None without altitudes.
        avg_hr: Average heart rate (bpm), when recorded.
        max_hr: Maximum heart rate (bpm), when recorded.
        avg_cadence: Average cadence: steps a minute for running and walking, revolutions a
            minute on a bike.
        max_cadence: Maximum cadence, same units.
        laps: The device's laps (none for GPX, which has no laps).
        has_gps: Whether the file holds positions (no GPS: a treadmill or an indoor run).
        sha256: Digest of the decoded file, so the same file sent twice is recognised.
    """

    format: FileFormat
    sport: Sport
    start: datetime
    elapsed_s: float
    moving_s: float
    distance_m: float | None
    gain_m: float | None
    loss_m: float | None
    avg_hr: int | None
    max_hr: int | None
    avg_cadence: int | None
    max_cadence: int | None
    laps: tuple[Lap, ...]
    has_gps: bool
    sha256: str

    @property
    def distance_km(self) -> float | None:
        return None if self.distance_m is None else self.distance_m / 1000.0

    @property
    def moving_min(self) -> float:
        return self.moving_s / 60.0

    @property
    def climb_m_per_km(self) -> float | None:
        """Elevation gain per kilometre: how hilly the run was (None without both figures)."""
        if self.gain_m is None or not self.distance_m:
            return None
        return self.gain_m / (self.distance_m / 1000.0)

    def local_start(self, zone: ZoneInfo) -> datetime:
        """The start in the athlete's zone."""
        return self.start.astimezone(zone)

    def local_date(self, zone: ZoneInfo) -> date:
        """The athlete's calendar day the run started on: the day its log belongs to."""
        return self.local_start(zone).date()
