"""GPX tracks (Strava, phone apps, most watches' exports), decoded with gpxpy.

GPX carries points only: no totals, no laps, and altitudes that are often GPS altitudes, so
everything is computed from the points (:mod:`runfiles.points`), with the elevation
smoothed before the gain is summed. Heart rate and cadence come from the Garmin
TrackPointExtension (``gpxtpx:hr``, ``gpxtpx:cad``) that most exporters write.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import gpxpy
import gpxpy.gpx

from runfiles.errors import BadFileReason, BadRunFile
from runfiles.model import FileFormat, RunFile, Sport
from runfiles.points import Point, on_foot, totals

# Words of <trk><type> as exporters write them (Strava also writes numbers: 9 run, 1 ride).
_TYPE_WORDS: tuple[tuple[str, Sport], ...] = (
    ("trail", Sport.TRAIL_RUN),
    ("treadmill", Sport.TREADMILL),
    ("track", Sport.TRACK_RUN),
    ("run", Sport.RUN),
    ("ride", Sport.CYCLING),
    ("cycl", Sport.CYCLING),
    ("bik", Sport.CYCLING),
    ("hik", Sport.HIKE),
    ("walk", Sport.WALK),
    ("swim", Sport.SWIMMING),
)
_STRAVA_NUMBERS: dict[str, Sport] = {"9": Sport.RUN, "1": Sport.CYCLING, "10": Sport.WALK}


def read_gpx(data: bytes, sha256: str) -> RunFile:
    """Decode a GPX file's tracks into a run file.

    Raises:
        BadRunFile: CORRUPT when the XML does not parse, EMPTY without two timed points,
            NOT_RUNNING when its type (or its speed) says it was not a run.
    """
    try:
        gpx = gpxpy.parse(data.decode("utf-8-sig", errors="replace"))
    except Exception as exc:  # gpxpy raises GPXXMLSyntaxException, GPXException, ...
        raise BadRunFile(BadFileReason.CORRUPT, f"GPX parse failed: {exc}") from exc
    points: list[Point] = []
    kinds: list[str] = []
    for track in gpx.tracks:
        if track.type:
            kinds.append(track.type)
        for segment in track.segments:
            points.extend(_point(p) for p in segment.points if p.time is not None)
    if len(points) < 2:
        raise BadRunFile(BadFileReason.EMPTY, "fewer than two timed track points")
    sums = totals(points)
    if sums.elapsed_s <= 0:
        raise BadRunFile(BadFileReason.EMPTY, "the points span no time")
    sport = _sport(kinds)
    if not kinds and not on_foot(sums):
        sport = Sport.OTHER
    double = 2 if sport.is_run or sport in (Sport.WALK, Sport.HIKE) else 1
    return RunFile(
        format=FileFormat.GPX,
        sport=sport,
        start=sums.start,
        elapsed_s=sums.elapsed_s,
        moving_s=sums.moving_s,
        distance_m=sums.distance_m,
        gain_m=sums.gain_m,
        loss_m=sums.loss_m,
        avg_hr=sums.avg_hr,
        max_hr=sums.max_hr,
        avg_cadence=None if sums.avg_cadence is None else sums.avg_cadence * double,
        max_cadence=None if sums.max_cadence is None else sums.max_cadence * double,
        laps=(),
        has_gps=sums.has_gps,
        sha256=sha256,
    )


def _sport(kinds: list[str]) -> Sport:
    """The sport its tracks name; a GPX that names none is taken for a run."""
    for kind in kinds:
        word = kind.strip().lower()
        if word in _STRAVA_NUMBERS:
            return _STRAVA_NUMBERS[word]
        for part, sport in _TYPE_WORDS:
            if part in word:
                return sport
        return Sport.OTHER
    return Sport.RUN


def _point(p: gpxpy.gpx.GPXTrackPoint) -> Point:
    time = p.time
    assert time is not None
    hr, cadence = _extensions(p.extensions)
    return Point(
        time=_aware(time),
        lat=p.latitude,
        lon=p.longitude,
        altitude=p.elevation,
        hr=hr,
        cadence=cadence,
    )


def _extensions(elements: list[ET.Element]) -> tuple[int | None, int | None]:
    """Heart rate and cadence from a point's extensions, whatever their namespace prefix."""
    hr: int | None = None
    cadence: int | None = None
    for root in elements:
        for element in root.iter():
            tag = element.tag.rsplit("}", 1)[-1].lower()
            text = (element.text or "").strip()
            if not text:
                continue
            try:
                value = round(float(text))
            except ValueError:
                continue
            if tag in ("hr", "heartrate") and hr is None:
                hr = value
            elif tag in ("cad", "cadence", "runcadence") and cadence is None:
                cadence = value
    return hr, cadence


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
