"""The coaching facts the models answer once for every layer: is this a run, a rest, a run done."""

from __future__ import annotations

from datetime import date

import pytest

from coach.models import RunLog, RunStatus, Session, SessionKind, Surface, WorkoutSpec

DAY = date(2026, 12, 1)


def session(kind: SessionKind, surface: Surface, minutes: float = 40.0) -> Session:
    spec = WorkoutSpec(kind=kind, surface=surface, duration_min=minutes)
    return Session(
        date=DAY,
        kind=kind,
        surface=surface,
        hard=False,
        duration_min=minutes,
        target_rpe=0 if kind is SessionKind.REST else 3,
        title=kind.value,
        spec=spec,
    )


@pytest.mark.parametrize(
    ("kind", "surface", "minutes", "is_run", "is_rest"),
    [
        (SessionKind.EASY, Surface.ROAD, 40.0, True, False),
        (SessionKind.LONG, Surface.TRAIL, 90.0, True, False),
        (SessionKind.TRACK, Surface.TRACK, 60.0, True, False),
        (SessionKind.RACE, Surface.ROAD, 45.0, True, False),  # a race is a run
        (SessionKind.REST, Surface.REST, 0.0, False, True),
        (SessionKind.CROSS, Surface.CROSS, 40.0, False, False),  # logged, but not running
        # Either kind or surface saying "not a run" is enough:
        (SessionKind.EASY, Surface.CROSS, 40.0, False, False),
        (SessionKind.CROSS, Surface.ROAD, 40.0, False, False),
        (SessionKind.EASY, Surface.REST, 0.0, False, True),
        (SessionKind.REST, Surface.ROAD, 0.0, False, True),
        # A session of no time asks nothing of the legs.
        (SessionKind.EASY, Surface.ROAD, 0.0, False, False),
    ],
)
def test_is_run_and_is_rest_read_kind_surface_and_time(
    kind: SessionKind, surface: Surface, minutes: float, is_run: bool, is_rest: bool
) -> None:
    s = session(kind, surface, minutes)
    assert s.is_run is is_run
    assert s.is_rest is is_rest


@pytest.mark.parametrize(
    ("status", "ran"),
    [(RunStatus.DONE, True), (RunStatus.PARTLY, True), (RunStatus.SKIPPED, False)],
)
def test_a_log_ran_unless_skipped(status: RunStatus, ran: bool) -> None:
    log = RunLog(date=DAY, status=status, duration_min=30.0, rpe=4)
    assert log.ran is ran
    assert log.load == (120.0 if ran else 0.0)
