"""Totals from a series of track points, for the formats that carry no device totals.

GPX has no totals at all and TCX has no elevation totals, so distance, moving time,
climbing, heart rate and cadence are computed here from the points, the same way for both.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from runfiles.elevation import gain_loss

#: Mean Earth radius (m), for the haversine distance between two GPS points.
EARTH_RADIUS_M = 6_371_008.8
#: Slower than this between two points (m/s, i.e. 1.8 km/h) counts as stopped: slower than
#: the slowest hike up a steep climb, faster than GPS drift while standing at a crossing.
MOVING_SPEED_M_S = 0.5
#: Faster than this on average while moving (km/h) is not on foot: even the road 5K world
#: record is under 23 km/h. Used only for files that do not say their sport.
FOOT_SPEED_LIMIT_KMH = 25.0


@dataclass(frozen=True, slots=True)
class Point:
    """One recorded sample; every field but the time may be missing."""

    time: datetime
    lat: float | None = None
    lon: float | None = None
    altitude: float | None = None
    distance_m: float | None = None  # the device's cumulative distance (TCX), if any
    hr: int | None = None
    cadence: int | None = None


@dataclass(frozen=True, slots=True)
class Totals:
    """What the points add up to."""

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
    has_gps: bool


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, a)))


def totals(points: Sequence[Point]) -> Totals:
    """Distance, times, climbing, heart rate and cadence of ``points`` (in time order).

    The device's cumulative distance wins over GPS distance when every point has one; a
    stretch counts as moving when it is covered at :data:`MOVING_SPEED_M_S` or faster.
    """
    ordered = sorted(points, key=lambda p: p.time)
    first, last = ordered[0], ordered[-1]
    steps = _step_distances(ordered)
    moving = 0.0
    for prev, cur, step in zip(ordered, ordered[1:], steps, strict=False):
        dt = (cur.time - prev.time).total_seconds()
        if dt > 0 and step is not None and step / dt >= MOVING_SPEED_M_S:
            moving += dt
    known = [s for s in steps if s is not None]
    distance = sum(known) if known else None
    altitudes = [p.altitude for p in ordered if p.altitude is not None]
    gain: float | None = None
    loss: float | None = None
    if len(altitudes) >= 2:
        gain, loss = gain_loss(altitudes)
    hrs = [p.hr for p in ordered if p.hr]
    cads = [p.cadence for p in ordered if p.cadence]
    elapsed = (last.time - first.time).total_seconds()
    return Totals(
        start=first.time,
        elapsed_s=elapsed,
        moving_s=moving if distance is not None else elapsed,
        distance_m=distance,
        gain_m=gain,
        loss_m=loss,
        avg_hr=round(sum(hrs) / len(hrs)) if hrs else None,
        max_hr=max(hrs) if hrs else None,
        avg_cadence=round(sum(cads) / len(cads)) if cads else None,
        max_cadence=max(cads) if cads else None,
        has_gps=any(p.lat is not None and p.lon is not None for p in ordered),
    )


def _step_distances(points: Sequence[Point]) -> list[float | None]:
    """Metres between consecutive points: from the device's distance, else from GPS."""
    if points and all(p.distance_m is not None for p in points):
        return [
            max(0.0, (b.distance_m or 0.0) - (a.distance_m or 0.0))
            for a, b in itertools.pairwise(points)
        ]
    out: list[float | None] = []
    for a, b in itertools.pairwise(points):
        if None in (a.lat, a.lon, b.lat, b.lon):
            out.append(None)
        else:
            out.append(haversine_m(a.lat or 0.0, a.lon or 0.0, b.lat or 0.0, b.lon or 0.0))
    return out


def on_foot(sums: Totals) -> bool:
    """Whether an activity of unknown sport was slow enough to be a run (or a walk)."""
    if not sums.distance_m or sums.moving_s <= 0:
        return True
    return sums.distance_m / sums.moving_s * 3.6 <= FOOT_SPEED_LIMIT_KMH
