"""A run file's day: logged when it is recent, refused when it is in the future or more than
two weeks old; the log it drafts (issue 17)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from coach.models import RunStatus, SessionKind, Surface
from runfiles import FileFormat, RunFile, Sport
from runfiles.logs import DateProblem, date_problem, draft_log

TOKYO = ZoneInfo("Asia/Tokyo")
START = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)  # 00:30 on 21 November in Tokyo


def run(start: datetime = START) -> RunFile:
    return RunFile(
        format=FileFormat.FIT,
        sport=Sport.RUN,
        start=start,
        elapsed_s=3100.0,
        moving_s=3012.0,
        distance_m=10_437.0,
        gain_m=12.0,
        loss_m=12.0,
        avg_hr=148,
        max_hr=171,
        avg_cadence=172,
        max_cadence=180,
        laps=(),
        has_gps=True,
        sha256="0" * 64,
    )


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (START + timedelta(hours=1), None),  # sent just after the run
        (START + timedelta(minutes=45), None),  # 6 min before its end: the watch runs fast
        (START + timedelta(minutes=30), DateProblem.FUTURE),  # not finished yet
        (START - timedelta(days=1), DateProblem.FUTURE),
        (datetime(2026, 12, 5, 12, tzinfo=UTC), None),  # 14 days later in Tokyo
        (datetime(2026, 12, 6, 12, tzinfo=UTC), DateProblem.TOO_OLD),  # 15 days
    ],
)
def test_only_recent_runs_are_logged(now: datetime, expected: DateProblem | None) -> None:
    assert date_problem(run(), TOKYO, now) is expected


def test_the_draft_log_has_the_local_day_the_moving_time_and_no_rpe_yet() -> None:
    log = draft_log(run(), TOKYO, surface=Surface.ROAD, kind=SessionKind.EASY)
    assert log.date == date(2026, 11, 21)
    assert log.status is RunStatus.DONE
    assert (log.duration_min, log.distance_km) == (50.2, 10.44)
    assert (log.surface, log.kind, log.rpe) == (Surface.ROAD, SessionKind.EASY, None)
    assert log.load == 0.0  # no RPE, no load: the one tap the athlete gives counts it
    rated = draft_log(run(), TOKYO, surface=Surface.TRAIL, rpe=6)
    assert rated.load == pytest.approx(6 * 50.2)
