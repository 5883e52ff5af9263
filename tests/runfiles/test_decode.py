"""Run files in: each format decodes to the figures the watch recorded (issue 17)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo

import pytest

from coach.models import Surface
from runfiles import (
    MAX_FILE_BYTES,
    BadFileReason,
    BadRunFile,
    FileFormat,
    RunFile,
    Sport,
    guess_surface,
    read_run_file,
)
from tests.support.run_files import (
    Activity,
    fit_activity,
    gpx_run,
    gzipped,
    samples,
    tcx_run,
    zipped,
)

PARIS = ZoneInfo("Europe/Paris")
# 23:30 UTC on 20 November is 00:30 on the 21st in Paris: the log belongs to the 21st.
START = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
ROAD_10K = Activity(
    start=START, km=10.0, moving_min=50.0, pause_min=1.0, climb_m=40.0, hills=2, avg_hr=150
)
TRAIL = Activity(start=START, km=15.0, moving_min=105.0, climb_m=600.0, sub_sport="trail")
TREADMILL = Activity(start=START, km=8.0, moving_min=45.0, gps=False, sub_sport="treadmill")
BIKE = Activity(start=START, km=30.0, moving_min=60.0, sport="cycling", cadence=90)


@cache
def road_fit() -> bytes:
    return fit_activity(ROAD_10K)


@cache
def trail_gpx(noise_sd: float) -> bytes:
    return gpx_run(TRAIL, noise_sd=noise_sd, seed=7)


def within(value: float | None, expected: float, share: float) -> bool:
    return value is not None and abs(value - expected) <= share * expected


# --- FIT ------------------------------------------------------------------------------


def test_road_10k_fit_reads_the_device_totals_laps_and_heart_rate() -> None:
    run = read_run_file(road_fit(), "Morning_Run.fit")
    assert run.format is FileFormat.FIT
    assert run.sport is Sport.RUN
    assert run.distance_m == 10_000.0
    assert run.moving_s == 3000.0  # timer time: the minute stopped at a crossing is out
    assert run.elapsed_s == 3060.0
    assert run.gain_m == 40.0
    assert run.loss_m == 40.0
    assert (run.avg_hr, run.max_hr) == (150, 160)
    assert run.avg_cadence == 170  # 85 strides a minute is 170 steps
    assert len(run.laps) == 10
    assert all(lap.distance_m == pytest.approx(1000.0) for lap in run.laps)
    assert run.has_gps
    assert run.start == START
    assert run.local_date(PARIS) == date(2026, 11, 21)
    assert run.local_start(PARIS).time() == time(0, 30)
    assert guess_surface(run) is Surface.ROAD


def test_trail_fit_keeps_the_device_climb_of_600_m() -> None:
    run = read_run_file(fit_activity(TRAIL), "trail.fit")
    assert run.sport is Sport.TRAIL_RUN
    assert run.gain_m == 600.0
    assert run.loss_m == 600.0
    assert run.distance_m == 15_000.0
    assert run.moving_s == 105 * 60.0
    assert guess_surface(run) is Surface.TRAIL


def test_treadmill_fit_without_gps_is_a_run_on_the_treadmill() -> None:
    run = read_run_file(fit_activity(TREADMILL), "treadmill.fit")
    assert not run.has_gps
    assert run.sport is Sport.TREADMILL
    assert run.distance_m == 8000.0
    assert run.moving_s == 45 * 60.0
    assert guess_surface(run) is Surface.TREADMILL


def test_a_bike_ride_is_not_a_run_but_comes_back_for_cross_training() -> None:
    with pytest.raises(BadRunFile) as caught:
        read_run_file(fit_activity(BIKE), "ride.fit")
    assert caught.value.reason is BadFileReason.NOT_RUNNING
    ride = caught.value.activity
    assert isinstance(ride, RunFile)
    assert ride.sport is Sport.CYCLING
    assert ride.distance_m == 30_000.0
    assert ride.moving_s == 3600.0
    assert ride.avg_cadence == 90  # revolutions a minute: not doubled on a bike


def test_fit_without_session_totals_falls_back_to_the_records() -> None:
    run = read_run_file(fit_activity(TRAIL, session=False, noise_sd=2.0), "crashed.fit")
    assert run.sport is Sport.RUN
    assert run.distance_m == pytest.approx(15_000.0)
    assert within(run.gain_m, 600.0, 0.10)
    assert run.moving_s == pytest.approx(105 * 60.0, abs=2.0)


# --- GPX and TCX ------------------------------------------------------------------------


def test_noisy_gpx_altitude_is_smoothed_to_within_10_percent_of_the_true_gain() -> None:
    noisy = trail_gpx(3.0)
    altitudes = [s.altitude for s in samples(TRAIL, noise_sd=3.0, seed=7)]
    raw_gain = sum(max(0.0, b - a) for a, b in itertools.pairwise(altitudes))
    assert raw_gain > 3 * 600.0  # the noise is real: summed raw it would triple the gain
    run = read_run_file(noisy, "trail.gpx")
    assert run.format is FileFormat.GPX
    assert within(run.gain_m, 600.0, 0.10)
    assert within(run.loss_m, 600.0, 0.10)
    assert within(run.distance_m, 15_000.0, 0.005)
    assert run.moving_s == pytest.approx(105 * 60.0, abs=2.0)
    assert (run.avg_hr, run.max_hr, run.avg_cadence) == (150, 160, 170)
    assert run.laps == ()
    assert guess_surface(run) is Surface.TRAIL  # 40 m of climbing a km


def test_flat_noisy_gpx_reads_almost_no_climbing() -> None:
    flat = Activity(start=START, km=10.0, moving_min=50.0, climb_m=0.0)
    run = read_run_file(gpx_run(flat, noise_sd=3.0, seed=3), "flat.gpx")
    assert run.gain_m is not None
    assert run.gain_m < 20.0


def test_gpx_every_five_seconds_reads_the_same_run() -> None:
    run = read_run_file(gpx_run(TRAIL, noise_sd=3.0, every_s=5), "sparse.gpx")
    assert within(run.gain_m, 600.0, 0.10)
    assert within(run.distance_m, 15_000.0, 0.005)


def test_gpx_ride_and_untyped_fast_track_are_not_runs() -> None:
    with pytest.raises(BadRunFile) as ride:
        read_run_file(gpx_run(BIKE, kind="Ride"), "ride.gpx")
    assert ride.value.reason is BadFileReason.NOT_RUNNING
    assert ride.value.activity is not None
    assert ride.value.activity.sport is Sport.CYCLING
    with pytest.raises(BadRunFile) as fast:
        read_run_file(gpx_run(BIKE, kind=None), "track.gpx")
    assert fast.value.reason is BadFileReason.NOT_RUNNING


def test_tcx_reads_laps_totals_and_climbing() -> None:
    run = read_run_file(tcx_run(ROAD_10K), "run.tcx")
    assert run.format is FileFormat.TCX
    assert run.sport is Sport.RUN
    assert run.distance_m == pytest.approx(10_000.0)
    assert run.moving_s == pytest.approx(3000.0)
    assert run.elapsed_s == pytest.approx(3060.0)
    assert len(run.laps) == 10
    assert run.avg_hr == pytest.approx(150, abs=1)
    assert run.max_hr == 160
    assert within(run.gain_m, 40.0, 0.10)
    assert run.local_date(PARIS) == date(2026, 11, 21)


def test_tcx_biking_is_not_a_run() -> None:
    with pytest.raises(BadRunFile) as caught:
        read_run_file(tcx_run(BIKE, sport="Biking"), "ride.tcx")
    assert caught.value.reason is BadFileReason.NOT_RUNNING


# --- zipped, gzipped, and the name not saying -------------------------------------------


@pytest.mark.parametrize(
    ("wrap", "name"),
    [
        (lambda d: gzipped(d), "Morning_Run.fit.gz"),
        (lambda d: zipped(d, "12345_ACTIVITY.fit"), "12345.zip"),
        (lambda d: zipped(d, "a.fit", ("readme.txt", b"hello")), "export.zip"),
        (lambda d: zipped(gzipped(d), "a.fit.gz"), "export.zip"),
        (lambda d: d, "document"),
        (lambda d: d, None),
    ],
)
def test_wrapped_and_unnamed_fit_decodes_the_same(wrap: object, name: str | None) -> None:
    assert callable(wrap)
    run = read_run_file(wrap(road_fit()), name)
    plain = read_run_file(road_fit(), "a.fit")
    assert run == plain  # same figures, same digest: the same run sent twice is known


def test_zipped_and_gzipped_gpx_and_tcx_decode() -> None:
    gpx = read_run_file(zipped(trail_gpx(3.0), "trail.gpx"), "trail.zip")
    assert within(gpx.gain_m, 600.0, 0.10)
    tcx = read_run_file(gzipped(tcx_run(ROAD_10K)), "run.tcx.gz")
    assert tcx.distance_m == pytest.approx(10_000.0)


# --- bad files ---------------------------------------------------------------------------


def reason(data: bytes, name: str | None = None) -> BadFileReason:
    with pytest.raises(BadRunFile) as caught:
        read_run_file(data, name)
    return caught.value.reason


def test_empty_files_are_empty() -> None:
    assert reason(b"", "run.fit") is BadFileReason.EMPTY
    no_points = b'<?xml version="1.0"?><gpx version="1.1" creator="x"><trk><trkseg/></trk></gpx>'
    assert reason(no_points, "run.gpx") is BadFileReason.EMPTY
    tcx_empty = (
        b'<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/'
        b'TrainingCenterDatabase/v2"><Activities/></TrainingCenterDatabase>'
    )
    assert reason(tcx_empty, "run.tcx") is BadFileReason.EMPTY
    ten_seconds = Activity(start=START, km=0.03, moving_min=10 / 60)
    assert reason(fit_activity(ten_seconds), "oops.fit") is BadFileReason.EMPTY


def test_truncated_or_damaged_files_are_corrupt() -> None:
    data = road_fit()
    assert reason(data[: len(data) // 2], "run.fit") is BadFileReason.CORRUPT
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0xFF
    assert reason(bytes(flipped), "run.fit") is BadFileReason.CORRUPT
    assert reason(trail_gpx(3.0)[:5000], "run.gpx") is BadFileReason.CORRUPT
    assert reason(gzipped(data)[:-100], "run.fit.gz") is BadFileReason.CORRUPT
    assert reason(b"not really a fit file at all", "run.fit") is BadFileReason.CORRUPT


def test_xml_with_entities_is_refused_before_parsing() -> None:
    laughs = b"".join(b'<!ENTITY l%d "%s">' % (i, (b"&l%d;" % (i - 1)) * 10) for i in range(1, 10))
    bomb = b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY l0 "lol">' + laughs
    bomb += b"]><gpx><trk><name>&l9;</name></trk></gpx>"
    assert reason(bomb, "run.gpx") is BadFileReason.CORRUPT
    secret = (
        b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<gpx version="1.1"><trk><name>&x;</name></trk></gpx>'
    )
    assert reason(secret, "run.gpx") is BadFileReason.CORRUPT


def test_other_files_are_not_run_files() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(200)
    assert reason(png, "photo.png") is BadFileReason.NOT_A_RUN_FILE
    assert reason(b"%PDF-1.7 ...", "plan.pdf") is BadFileReason.NOT_A_RUN_FILE
    assert reason(zipped(b"hello", "notes.txt"), "notes.zip") is BadFileReason.NOT_A_RUN_FILE
    page = b"<!DOCTYPE html><html><body>hi</body></html>"
    assert reason(page, "page.html") is BadFileReason.NOT_A_RUN_FILE


def test_a_file_over_the_download_limit_is_too_big() -> None:
    with pytest.raises(BadRunFile) as caught:
        read_run_file(b"\0" * (MAX_FILE_BYTES + 1), "huge.fit")
    assert caught.value.reason is BadFileReason.TOO_BIG
    assert caught.value.limit_bytes == 20 * 1024 * 1024


def test_a_gzip_that_unpacks_too_large_is_too_big() -> None:
    bomb = gzipped(b"\0" * (65 * 1024 * 1024))
    assert len(bomb) < MAX_FILE_BYTES
    assert reason(bomb, "run.fit.gz") is BadFileReason.TOO_BIG
