"""Issue 16: the Sunday summary counts sessions done against sessions planned, never "7 of 4".

A day's runs fulfil at most that day's planned sessions; a second log of the same run, an
extra jog or a run on a rest day is said as an extra run.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from coach.models import RunLog, RunStatus, Surface
from coach.pushtimes import PushKind
from services.coaching import CoachingService
from tests.scheduler.conftest import Stage, on
from tests.scheduler.test_weekly import PARIS

MONDAY = date(2026, 11, 23)
SUNDAY = MONDAY + timedelta(days=6)


async def test_extra_runs_are_not_counted_as_sessions_done(stage: Stage) -> None:
    stage.clock.set(on(MONDAY, "05:00", PARIS))
    athlete = await stage.athlete(1, PARIS, reminder="20:00")
    record = await stage.db.athletes.get(athlete)
    assert record is not None
    plan = await CoachingService(stage.db).plan_for(record, stage.clock.now())
    assert plan is not None
    week = plan.week_of(MONDAY)
    assert week is not None
    planned = [s for s in week.sessions if s.is_run]
    run_days = sorted({s.date for s in planned})
    rest_days = [MONDAY + timedelta(days=d) for d in range(7)]
    rest_days = [d for d in rest_days if d not in run_days]
    # Every planned session logged twice (the same run sent twice), and a jog on a rest day.
    logs = [(s.date, s.duration_min) for s in planned] * 2 + [(rest_days[0], 20.0)]
    for day, minutes in logs:
        log = RunLog(
            date=day, status=RunStatus.DONE, duration_min=minutes, rpe=3, surface=Surface.ROAD
        )
        await stage.db.runlogs.add_log(athlete, log, stage.clock.now())

    await stage.tick(on(SUNDAY, "21:00", PARIS), kinds=(PushKind.WEEKLY,))

    summary = stage.received(athlete)[0].text or ""
    done = re.search(r"Done: (\d+) of (\d+) sessions( \(\+(\d+) extra runs?\))?", summary)
    assert done is not None, summary
    assert int(done.group(1)) == int(done.group(2)) == len(planned)
    assert done.group(4) == str(len(planned) + 1)
