"""The surface proposed for a run file: what the file is sure of, then its climbing, then
the plan (issue 17)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from coach.models import AthleteProfile, GoalKind, Session, SessionKind, Surface, WorkoutSpec
from coach.planner import default_paces
from coach.workouts import build_session
from runfiles import FileFormat, RunFile, Sport, guess_surface

PROFILE = AthleteProfile(goal=GoalKind.ROAD_10K, race_date=date(2027, 3, 7))


def run(climb_per_km: float, *, sport: Sport = Sport.RUN, gps: bool = True) -> RunFile:
    return RunFile(
        format=FileFormat.GPX,
        sport=sport,
        start=datetime(2026, 11, 21, 7, tzinfo=UTC),
        elapsed_s=3000.0,
        moving_s=3000.0,
        distance_m=10_000.0,
        gain_m=climb_per_km * 10.0,
        loss_m=climb_per_km * 10.0,
        avg_hr=None,
        max_hr=None,
        avg_cadence=None,
        max_cadence=None,
        laps=(),
        has_gps=gps,
        sha256="0" * 64,
    )


def planned(surface: Surface) -> Session:
    kind = SessionKind.TRACK if surface is Surface.TRACK else SessionKind.EASY
    spec = WorkoutSpec(kind=kind, surface=surface, duration_min=40.0)
    return build_session(spec, date(2026, 11, 21), default_paces(PROFILE), PROFILE)


@pytest.mark.parametrize(
    ("file", "plan", "expected"),
    [
        (run(3.0), None, Surface.ROAD),
        (run(30.0), None, Surface.TRAIL),  # 300 m D+ in 10 km is trail, whatever was planned
        (run(30.0), Surface.ROAD, Surface.TRAIL),
        (run(3.0), Surface.TRAIL, Surface.TRAIL),  # a flat forest path reads like a road
        (run(3.0), Surface.TRACK, Surface.TRACK),
        (run(15.0), Surface.TRACK, Surface.ROAD),  # a track does not climb 150 m
        (run(0.0, gps=False), Surface.ROAD, Surface.TREADMILL),
        (run(0.0, sport=Sport.TRACK_RUN), None, Surface.TRACK),
        (run(0.0, sport=Sport.TRAIL_RUN), Surface.ROAD, Surface.TRAIL),
    ],
)
def test_surface_guess(file: RunFile, plan: Surface | None, expected: Surface) -> None:
    session = planned(plan) if plan is not None else None
    assert guess_surface(file, session) is expected
