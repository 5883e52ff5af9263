"""FIT activity files (Garmin, Coros, Suunto, Wahoo, Polar...), decoded with fitdecode.

The device's own session totals are preferred to anything recomputed: ``total_timer_time``
(moving, pauses excluded), ``total_elapsed_time``, ``total_distance`` and above all
``total_ascent``/``total_descent``, which come from the barometric altimeter with the
device's own filtering. The records fill in only what a session message lacks.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import fitdecode

from runfiles.errors import BadFileReason, BadRunFile
from runfiles.model import FileFormat, Lap, RunFile, Sport
from runfiles.points import Point, on_foot, totals

#: FIT positions are semicircles: 2^31 of them make 180 degrees.
_SEMICIRCLE_DEG = 180.0 / 2**31

_SPORTS: dict[str, Sport] = {
    "running": Sport.RUN,
    "walking": Sport.WALK,
    "hiking": Sport.HIKE,
    "cycling": Sport.CYCLING,
    "e_biking": Sport.CYCLING,
    "swimming": Sport.SWIMMING,
}
_RUN_SUB_SPORTS: dict[str, Sport] = {
    "trail": Sport.TRAIL_RUN,
    "track": Sport.TRACK_RUN,
    "treadmill": Sport.TREADMILL,
    "indoor_running": Sport.TREADMILL,
    "virtual_activity": Sport.TREADMILL,
}
#: Sports whose FIT cadence is in strides (cycles) a minute: doubled to steps a minute.
_STRIDE_SPORTS = frozenset(
    {Sport.RUN, Sport.TRAIL_RUN, Sport.TRACK_RUN, Sport.TREADMILL, Sport.WALK, Sport.HIKE}
)


def is_fit(data: bytes) -> bool:
    """Whether ``data`` starts with a FIT file header (".FIT" at bytes 8-11)."""
    return len(data) >= 12 and data[8:12] == b".FIT"


def read_fit(data: bytes, sha256: str) -> RunFile:
    """Decode a FIT activity file.

    Raises:
        BadRunFile: CORRUPT when it does not decode (truncated, bad checksum), NOT_A_RUN_FILE
            for a FIT file that is not an activity (a workout, a course, settings), EMPTY
            when it holds no time, NOT_RUNNING for another sport.
    """
    sessions: list[dict[str, Any]] = []
    laps: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    file_type: Any = None
    sport_msgs: list[dict[str, Any]] = []
    try:
        with fitdecode.FitReader(
            io.BytesIO(data),
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.RAISE,
        ) as reader:
            for frame in reader:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                values = {f.name: f.value for f in frame.fields}
                if frame.name == "session":
                    sessions.append(values)
                elif frame.name == "lap":
                    laps.append(values)
                elif frame.name == "record":
                    records.append(values)
                elif frame.name == "file_id" and file_type is None:
                    file_type = values.get("type")
                elif frame.name == "sport":
                    sport_msgs.append(values)
    except Exception as exc:  # fitdecode raises its own errors, struct errors and more
        raise BadRunFile(BadFileReason.CORRUPT, f"FIT decode failed: {exc}") from exc
    if file_type not in (None, "activity", 4):
        raise BadRunFile(BadFileReason.NOT_A_RUN_FILE, f"a FIT {file_type} file")
    session = _main_session(sessions)
    points = [p for p in (_point(r) for r in records) if p is not None]
    if session is None and len(points) < 2:
        raise BadRunFile(BadFileReason.EMPTY, "no session and fewer than two records")
    from_points = totals(points) if len(points) >= 2 else None
    if session is not None or sport_msgs:
        sport = _sport(session or sport_msgs[0])
    else:  # a recording the watch never closed: no session, no sport; a run if on foot
        assert from_points is not None
        sport = Sport.RUN if on_foot(from_points) else Sport.OTHER
    s = session or {}
    start = _utc(s.get("start_time")) or (from_points.start if from_points else None)
    elapsed = _num(s.get("total_elapsed_time"))
    if elapsed is None and from_points is not None:
        elapsed = from_points.elapsed_s
    moving = _num(s.get("total_timer_time"))
    if moving is None and from_points is not None:
        moving = from_points.moving_s
    if start is None or not elapsed or not moving:
        raise BadRunFile(BadFileReason.EMPTY, "no start or no time in the file")
    distance = _num(s.get("total_distance"))
    if distance is None and from_points is not None:
        distance = from_points.distance_m
    gain, loss = _num(s.get("total_ascent")), _num(s.get("total_descent"))
    if gain is None and from_points is not None:
        gain, loss = from_points.gain_m, from_points.loss_m
    double = 2 if sport in _STRIDE_SPORTS else 1
    avg_cad = _cadence(s, "avg", double)
    max_cad = _cadence(s, "max", double)
    if avg_cad is None and from_points is not None and from_points.avg_cadence:
        avg_cad = from_points.avg_cadence * double
        max_cad = (from_points.max_cadence or 0) * double or None
    avg_hr = _int(s.get("avg_heart_rate")) or (from_points.avg_hr if from_points else None)
    max_hr = _int(s.get("max_heart_rate")) or (from_points.max_hr if from_points else None)
    has_gps = any(p.lat is not None for p in points) or s.get("start_position_lat") is not None
    return RunFile(
        format=FileFormat.FIT,
        sport=sport,
        start=start,
        elapsed_s=elapsed,
        moving_s=moving,
        distance_m=distance if distance else None,
        gain_m=gain,
        loss_m=loss,
        avg_hr=avg_hr,
        max_hr=max_hr,
        avg_cadence=avg_cad,
        max_cadence=max_cad,
        laps=tuple(lap for lap in (_lap(v) for v in laps) if lap is not None),
        has_gps=has_gps,
        sha256=sha256,
    )


def _main_session(sessions: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The session to read: the longest running one (a multisport file has several)."""
    if not sessions:
        return None
    runs = [s for s in sessions if _sport(s).is_run] or sessions
    return max(runs, key=lambda s: _num(s.get("total_timer_time")) or 0.0)


def _sport(values: dict[str, Any]) -> Sport:
    sport = _SPORTS.get(str(values.get("sport")), Sport.OTHER)
    if sport is Sport.RUN:
        return _RUN_SUB_SPORTS.get(str(values.get("sub_sport")), Sport.RUN)
    return sport


def _cadence(session: dict[str, Any], which: str, double: int) -> int | None:
    value = _num(session.get(f"{which}_running_cadence")) or _num(session.get(f"{which}_cadence"))
    if not value:
        return None
    fraction = _num(session.get(f"{which}_fractional_cadence")) or 0.0
    return round((value + fraction) * double)


def _point(values: dict[str, Any]) -> Point | None:
    time = _utc(values.get("timestamp"))
    if time is None:
        return None
    lat, lon = _num(values.get("position_lat")), _num(values.get("position_long"))
    altitude = _num(values.get("enhanced_altitude"))
    if altitude is None:
        altitude = _num(values.get("altitude"))
    return Point(
        time=time,
        lat=None if lat is None else lat * _SEMICIRCLE_DEG,
        lon=None if lon is None else lon * _SEMICIRCLE_DEG,
        altitude=altitude,
        distance_m=_num(values.get("distance")),
        hr=_int(values.get("heart_rate")),
        cadence=_int(values.get("cadence")),
    )


def _lap(values: dict[str, Any]) -> Lap | None:
    start = _utc(values.get("start_time"))
    elapsed = _num(values.get("total_elapsed_time"))
    if start is None or elapsed is None:
        return None
    return Lap(
        start=start,
        elapsed_s=elapsed,
        moving_s=_num(values.get("total_timer_time")) or elapsed,
        distance_m=_num(values.get("total_distance")),
        avg_hr=_int(values.get("avg_heart_rate")),
        max_hr=_int(values.get("max_heart_rate")),
    )


def _utc(value: Any) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _int(value: Any) -> int | None:
    number = _num(value)
    return None if number is None else round(number)
