"""Run files made by the tests themselves: FIT written with Garmin's FIT SDK encoder, GPX and
TCX written as watches write them, and their zipped and gzipped forms.

Each builder takes the true figures (distance, time, climbing, heart rate) and writes a file
that holds them, so a test can check that decoding gives them back.
"""

from __future__ import annotations

import gzip
import io
import math
import random
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from garmin_fit_sdk import Encoder, Profile

MESG = Profile["mesg_num"]
#: A start near Paris (degrees); tracks run north from here.
LAT0, LON0 = 48.85, 2.35
_METRES_PER_DEG_LAT = 111_195.0
_SEMICIRCLES_PER_DEG = 2**31 / 180.0


@dataclass(frozen=True)
class Activity:
    """The true figures of a synthetic activity."""

    start: datetime
    km: float
    moving_min: float
    pause_min: float = 0.0  # one stop half-way (the timer stopped)
    climb_m: float = 0.0  # total climbing, in hills of equal height (descent equal)
    hills: int = 6
    avg_hr: int | None = 150
    hr_swing: int = 10  # heart rate goes avg ± swing, so max = avg + swing
    cadence: int | None = 85  # strides a minute as FIT records it (170 steps a minute)
    laps_km: float | None = 1.0  # auto-lap every km (None: one lap)
    gps: bool = True
    sport: str = "running"
    sub_sport: str = "generic"

    @property
    def elapsed_s(self) -> float:
        return (self.moving_min + self.pause_min) * 60.0

    @property
    def max_hr(self) -> int | None:
        return None if self.avg_hr is None else self.avg_hr + self.hr_swing


@dataclass(frozen=True)
class Sample:
    time: datetime
    moving_s: float
    metres: float
    altitude: float
    lat: float
    lon: float
    hr: int | None
    cadence: int | None


def samples(a: Activity, *, noise_sd: float = 0.0, seed: int = 1, every_s: int = 1) -> list[Sample]:
    """One sample every ``every_s`` seconds of moving time (none while paused)."""
    rng = random.Random(seed)
    total_s = a.moving_min * 60.0
    metres_total = a.km * 1000.0
    n = int(total_s // every_s)
    amplitude = a.climb_m / a.hills / 2.0 if a.hills else 0.0
    out: list[Sample] = []
    for i in range(n + 1):
        t = float(i * every_s)
        frac = t / total_s
        pause = a.pause_min * 60.0 if t > total_s / 2 else 0.0
        metres = metres_total * frac
        altitude = 200.0 + amplitude * (1 - math.cos(2 * math.pi * a.hills * frac))
        altitude += rng.gauss(0.0, noise_sd) if noise_sd else 0.0
        hr = None
        if a.avg_hr is not None:
            hr = round(a.avg_hr + a.hr_swing * math.sin(2 * math.pi * frac * 3))
        out.append(
            Sample(
                time=a.start + timedelta(seconds=t + pause),
                moving_s=t,
                metres=metres,
                altitude=altitude,
                lat=LAT0 + metres / _METRES_PER_DEG_LAT,
                lon=LON0,
                hr=hr,
                cadence=a.cadence,
            )
        )
    return out


def fit_activity(a: Activity, *, session: bool = True, noise_sd: float = 0.0) -> bytes:
    """A FIT activity file as a watch writes it: records, laps, a session with the device's
    totals (unless ``session`` is False), an activity message."""
    points = samples(a, noise_sd=noise_sd)
    end = points[-1].time
    enc = Encoder()
    enc.on_mesg(
        MESG["FILE_ID"],
        {
            "type": "activity",
            "manufacturer": "development",
            "product": 0,
            "serial_number": 4242,
            "time_created": a.start,
        },
    )
    enc.on_mesg(MESG["EVENT"], {"timestamp": a.start, "event": "timer", "event_type": "start"})
    for p in points:
        record: dict[str, object] = {
            "timestamp": p.time,
            "distance": p.metres,
            "enhanced_altitude": p.altitude,
        }
        if a.gps:
            record["position_lat"] = round(p.lat * _SEMICIRCLES_PER_DEG)
            record["position_long"] = round(p.lon * _SEMICIRCLES_PER_DEG)
        if p.hr is not None:
            record["heart_rate"] = p.hr
        if p.cadence is not None:
            record["cadence"] = p.cadence
        enc.on_mesg(MESG["RECORD"], record)
    for lap in _laps(a, points):
        enc.on_mesg(MESG["LAP"], lap)
    if session:
        totals: dict[str, object] = {
            "timestamp": end,
            "start_time": a.start,
            "sport": a.sport,
            "sub_sport": a.sub_sport,
            "total_elapsed_time": a.elapsed_s,
            "total_timer_time": a.moving_min * 60.0,
            "total_distance": a.km * 1000.0,
            "total_ascent": round(a.climb_m),
            "total_descent": round(a.climb_m),
            "num_laps": len(_laps(a, points)),
        }
        if a.avg_hr is not None:
            totals.update(avg_heart_rate=a.avg_hr, max_heart_rate=a.max_hr)
        if a.cadence is not None:
            totals.update(avg_cadence=a.cadence, max_cadence=a.cadence + 5)
        if a.gps:
            totals["start_position_lat"] = round(LAT0 * _SEMICIRCLES_PER_DEG)
            totals["start_position_long"] = round(LON0 * _SEMICIRCLES_PER_DEG)
        enc.on_mesg(MESG["SESSION"], totals)
    enc.on_mesg(
        MESG["ACTIVITY"],
        {
            "timestamp": end,
            "num_sessions": 1,
            "type": "manual",
            "event": "activity",
            "event_type": "stop",
            "total_timer_time": a.moving_min * 60.0,
        },
    )
    return enc.close()


def _laps(a: Activity, points: list[Sample]) -> list[dict[str, object]]:
    """Auto-laps every ``laps_km`` (the last one shorter), with their own totals."""
    step = (a.laps_km or a.km) * 1000.0
    laps: list[dict[str, object]] = []
    lap_points: list[Sample] = []
    edge = step
    for p in points:
        lap_points.append(p)
        if p.metres >= edge - 1e-6 or p is points[-1]:
            first, last = lap_points[0], lap_points[-1]
            lap: dict[str, object] = {
                "timestamp": last.time,
                "start_time": first.time,
                "total_elapsed_time": (last.time - first.time).total_seconds(),
                "total_timer_time": last.moving_s - first.moving_s,
                "total_distance": last.metres - first.metres,
            }
            hrs = [q.hr for q in lap_points if q.hr is not None]
            if hrs:
                lap.update(avg_heart_rate=round(sum(hrs) / len(hrs)), max_heart_rate=max(hrs))
            laps.append(lap)
            lap_points = [p]
            edge += step
    return laps


def gpx_run(
    a: Activity,
    *,
    noise_sd: float = 0.0,
    seed: int = 1,
    kind: str | None = "running",
    every_s: int = 1,
) -> bytes:
    """A GPX track with heart rate and cadence in Garmin's TrackPointExtension."""
    points = samples(a, noise_sd=noise_sd, seed=seed, every_s=every_s)
    rows = []
    for p in points:
        ext = ""
        if p.hr is not None or p.cadence is not None:
            inner = ""
            if p.hr is not None:
                inner += f"<gpxtpx:hr>{p.hr}</gpxtpx:hr>"
            if p.cadence is not None:
                inner += f"<gpxtpx:cad>{p.cadence}</gpxtpx:cad>"
            tpx = f"<gpxtpx:TrackPointExtension>{inner}</gpxtpx:TrackPointExtension>"
            ext = f"<extensions>{tpx}</extensions>"
        rows.append(
            f'<trkpt lat="{p.lat:.7f}" lon="{p.lon:.7f}"><ele>{p.altitude:.1f}</ele>'
            f"<time>{_iso(p.time)}</time>{ext}</trkpt>"
        )
    kind_xml = f"<type>{kind}</type>" if kind else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="tests" xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><name>Run</name>{kind_xml}<trkseg>{''.join(rows)}</trkseg></trk></gpx>"
    ).encode()


def tcx_run(a: Activity, *, sport: str = "Running") -> bytes:
    """A TCX activity with a lap a km, trackpoints with altitude, distance and heart rate."""
    points = samples(a)
    laps = _laps(a, points)
    lap_xml = []
    i = 0
    for lap in laps:
        start = lap["start_time"]
        assert isinstance(start, datetime)
        end = lap["timestamp"]
        tps = []
        while i < len(points) and points[i].time <= end:  # type: ignore[operator]
            p = points[i]
            hr = f"<HeartRateBpm><Value>{p.hr}</Value></HeartRateBpm>" if p.hr else ""
            tps.append(
                f"<Trackpoint><Time>{_iso(p.time)}</Time><Position><LatitudeDegrees>{p.lat:.7f}"
                f"</LatitudeDegrees><LongitudeDegrees>{p.lon:.7f}</LongitudeDegrees></Position>"
                f"<AltitudeMeters>{p.altitude:.1f}</AltitudeMeters>"
                f"<DistanceMeters>{p.metres:.1f}</DistanceMeters>{hr}"
                f"<Cadence>{p.cadence}</Cadence></Trackpoint>"
            )
            i += 1
        hr_xml = ""
        if "avg_heart_rate" in lap:
            hr_xml = (
                f"<AverageHeartRateBpm><Value>{lap['avg_heart_rate']}</Value></AverageHeartRateBpm>"
                f"<MaximumHeartRateBpm><Value>{lap['max_heart_rate']}</Value></MaximumHeartRateBpm>"
            )
        lap_xml.append(
            f'<Lap StartTime="{_iso(start)}"><TotalTimeSeconds>{lap["total_timer_time"]}'
            f"</TotalTimeSeconds><DistanceMeters>{lap['total_distance']}</DistanceMeters>"
            f"{hr_xml}<Intensity>Active</Intensity><TriggerMethod>Distance</TriggerMethod>"
            f"<Track>{''.join(tps)}</Track></Lap>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="{sport}"><Id>{_iso(a.start)}</Id>{"".join(lap_xml)}'
        "</Activity></Activities></TrainingCenterDatabase>"
    ).encode()


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def zipped(data: bytes, name: str, *extra: tuple[str, bytes]) -> bytes:
    """A zip holding ``data`` as ``name`` (and any ``extra`` members), as Garmin exports."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in extra:
            archive.writestr(member, content)
        archive.writestr(name, data)
    return buffer.getvalue()


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
