"""TCX files (Garmin Training Center, still exported by Garmin Connect, Polar and others).

Read with the standard library's ElementTree: a TCX is a small, fixed schema, and
tcxreader only reads from a path. The laps carry the device's totals (``TotalTimeSeconds``
is timer time, ``DistanceMeters``, heart rate); TCX has no elevation totals, so the gain is
computed from the smoothed trackpoint altitudes like a GPX's.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from runfiles.errors import BadFileReason, BadRunFile
from runfiles.model import FileFormat, Lap, RunFile, Sport
from runfiles.points import Point, totals

_NS = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"
_SPORTS: dict[str, Sport] = {"running": Sport.RUN, "biking": Sport.CYCLING}


def read_tcx(data: bytes, sha256: str) -> RunFile:
    """Decode the first activity of a TCX file.

    Raises:
        BadRunFile: CORRUPT when the XML does not parse, EMPTY without an activity or time,
            NOT_RUNNING for a ride or "Other".
    """
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise BadRunFile(BadFileReason.CORRUPT, f"TCX parse failed: {exc}") from exc
    activity = root.find(f"{_NS}Activities/{_NS}Activity")
    if activity is None:
        raise BadRunFile(BadFileReason.EMPTY, "no Activity in the TCX file")
    sport = _SPORTS.get((activity.get("Sport") or "").strip().lower(), Sport.OTHER)
    laps: list[Lap] = []
    points: list[Point] = []
    for lap_el in activity.iter(f"{_NS}Lap"):
        lap = _lap(lap_el)
        if lap is not None:
            laps.append(lap)
        for tp in lap_el.iter(f"{_NS}Trackpoint"):
            point = _point(tp)
            if point is not None:
                points.append(point)
    sums = totals(points) if len(points) >= 2 else None
    start = laps[0].start if laps else (sums.start if sums else None)
    moving = sum(lap.moving_s for lap in laps) if laps else (sums.moving_s if sums else 0.0)
    elapsed = sums.elapsed_s if sums else 0.0
    if laps:
        last = laps[-1]
        end = (last.start - laps[0].start).total_seconds() + last.elapsed_s
        elapsed = max(elapsed, end)
    if start is None or moving <= 0 or elapsed <= 0:
        raise BadRunFile(BadFileReason.EMPTY, "no laps or points with time")
    lap_distances = [lap.distance_m for lap in laps if lap.distance_m is not None]
    distance = sum(lap_distances) if lap_distances else (sums.distance_m if sums else None)
    hr_laps = [lap for lap in laps if lap.avg_hr is not None]
    avg_hr = sums.avg_hr if sums else None
    if hr_laps:
        weight = sum(lap.moving_s for lap in hr_laps) or 1.0
        avg_hr = round(sum((lap.avg_hr or 0) * lap.moving_s for lap in hr_laps) / weight)
    max_hrs = [lap.max_hr for lap in laps if lap.max_hr is not None]
    max_hr = max(max_hrs) if max_hrs else (sums.max_hr if sums else None)
    double = 2 if sport.is_run else 1
    avg_cad = sums.avg_cadence if sums else None
    max_cad = sums.max_cadence if sums else None
    return RunFile(
        format=FileFormat.TCX,
        sport=sport,
        start=start,
        elapsed_s=elapsed,
        moving_s=moving,
        distance_m=distance or None,
        gain_m=sums.gain_m if sums else None,
        loss_m=sums.loss_m if sums else None,
        avg_hr=avg_hr,
        max_hr=max_hr,
        avg_cadence=None if avg_cad is None else avg_cad * double,
        max_cadence=None if max_cad is None else max_cad * double,
        laps=tuple(laps),
        has_gps=bool(sums and sums.has_gps),
        sha256=sha256,
    )


def _lap(el: ET.Element) -> Lap | None:
    start = _time(el.get("StartTime"))
    seconds = _float(el.findtext(f"{_NS}TotalTimeSeconds"))
    if start is None or seconds is None:
        return None
    return Lap(
        start=start,
        elapsed_s=seconds,
        moving_s=seconds,
        distance_m=_float(el.findtext(f"{_NS}DistanceMeters")),
        avg_hr=_int(el.findtext(f"{_NS}AverageHeartRateBpm/{_NS}Value")),
        max_hr=_int(el.findtext(f"{_NS}MaximumHeartRateBpm/{_NS}Value")),
    )


def _point(tp: ET.Element) -> Point | None:
    time = _time(tp.findtext(f"{_NS}Time"))
    if time is None:
        return None
    cadence = _int(tp.findtext(f"{_NS}Cadence"))
    for element in tp.iter():
        if element.tag.endswith("}RunCadence") and cadence is None:
            cadence = _int(element.text)
    return Point(
        time=time,
        lat=_float(tp.findtext(f"{_NS}Position/{_NS}LatitudeDegrees")),
        lon=_float(tp.findtext(f"{_NS}Position/{_NS}LongitudeDegrees")),
        altitude=_float(tp.findtext(f"{_NS}AltitudeMeters")),
        distance_m=_float(tp.findtext(f"{_NS}DistanceMeters")),
        hr=_int(tp.findtext(f"{_NS}HeartRateBpm/{_NS}Value")),
        cadence=cadence,
    )


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _int(text: str | None) -> int | None:
    value = _float(text)
    return None if value is None else round(value)
