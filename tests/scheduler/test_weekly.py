"""The evening reminder (only when the day's session is not logged) and the Sunday summary:
numbers from the athlete's real logs, a chart that is a real PNG, and next week rebuilt from
what was actually run."""

from __future__ import annotations

import io
from datetime import date, timedelta

import matplotlib.image
import pytest

from coach.models import RunLog, RunStatus, Surface
from coach.pushtimes import PushKind
from services.coaching import CoachingService
from tests.scheduler.conftest import Stage, local, on, utc

PARIS = "Europe/Paris"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


async def log_planned(stage: Stage, athlete_id: int, days: list[date], share: float) -> float:
    """Log every planned run of ``days`` as done at ``share`` of its planned minutes."""
    record = await stage.db.athletes.get(athlete_id)
    assert record is not None
    plan = await CoachingService(stage.db).plan_for(record, stage.clock.now())
    assert plan is not None
    total = 0.0
    for day in days:
        for session in plan.sessions_on(day):
            if session.surface in (Surface.REST, Surface.CROSS):
                continue
            minutes = round(session.duration_min * share)
            total += minutes
            log = RunLog(
                date=day,
                status=RunStatus.DONE,
                duration_min=minutes,
                rpe=max(1, session.target_rpe),
                surface=session.surface,
                kind=session.kind,
            )
            await stage.db.runlogs.add_log(athlete_id, log, stage.clock.now())
    return total


async def test_evening_reminder_only_when_the_session_is_not_logged(stage: Stage) -> None:
    tuesday = date(2026, 11, 24)
    stage.clock.set(on(tuesday, "05:00", PARIS))
    logged = await stage.athlete(1, PARIS, reminder="20:00")
    forgot = await stage.athlete(2, PARIS, reminder="20:00")
    await log_planned(stage, logged, [tuesday], 1.0)

    await stage.tick(on(tuesday, "19:59", PARIS), kinds=(PushKind.EVENING,))
    assert stage.pushes(forgot, PushKind.EVENING) == []
    await stage.tick(on(tuesday, "20:00", PARIS), kinds=(PushKind.EVENING,))

    assert stage.pushes(logged, PushKind.EVENING) == []
    [reminder] = stage.pushes(forgot, PushKind.EVENING)
    assert local(reminder.date, PARIS).strftime("%H:%M") == "20:00"
    assert "isn't logged yet" in (reminder.text or "")
    assert reminder.button_texts == ["✅ Done", "🌓 Partly", "⏭ Skipped"]
    assert reminder.callback_data[0] == "v1|log|done|20261124"


async def test_no_evening_reminder_on_a_rest_day(stage: Stage) -> None:
    sunday = date(2026, 11, 29)  # run days are Monday to Saturday
    stage.clock.set(on(sunday, "05:00", PARIS))
    await stage.athlete(1, PARIS, reminder="20:00")
    await stage.tick(on(sunday, "20:00", PARIS), kinds=(PushKind.EVENING,))
    assert stage.received(1) == []


@pytest.fixture
def five_weeks_in(stage: Stage) -> Stage:
    """An athlete onboarded on Monday 26 October, a month of training behind them."""
    stage.clock.set(utc(2026, 10, 26, 6, 0))
    return stage


async def test_weekly_summary_with_chart_from_real_logs_and_next_week_rebuilt(
    five_weeks_in: Stage,
) -> None:
    stage = five_weeks_in
    athlete = await stage.athlete(1, PARIS, reminder="20:00")
    start = date(2026, 10, 26)
    await log_planned(stage, athlete, [start + timedelta(days=d) for d in range(21)], 1.0)
    last_week = [date(2026, 11, 16) + timedelta(days=d) for d in range(7)]
    await log_planned(stage, athlete, last_week, 1.0)
    this_week = [date(2026, 11, 23) + timedelta(days=d) for d in range(7)]
    await log_planned(stage, athlete, this_week, 0.5)  # a half week
    plans = CoachingService(stage.db)
    record = await stage.db.athletes.get(athlete)
    assert record is not None
    before = await plans.plan_for(record, stage.clock.now())
    assert before is not None
    old_next = before.week_of(date(2026, 11, 30))
    assert old_next is not None

    sunday = date(2026, 11, 29)
    await stage.tick(on(sunday, "20:59", PARIS), kinds=(PushKind.WEEKLY,))
    assert stage.received(athlete) == []
    await stage.tick(on(sunday, "21:00", PARIS), kinds=(PushKind.WEEKLY,))

    summary, chart = stage.received(athlete)
    text = summary.text or ""
    assert text.startswith("Your week, 23 Nov to 29 Nov")
    assert "Done: " in text
    assert "acute:chronic" in text
    assert "Next week (rebuilt from what you ran)" in text
    assert chart.photo is not None
    png = chart.photo.data
    assert png.startswith(PNG_SIGNATURE)
    pixels = matplotlib.image.imread(io.BytesIO(png), format="png")
    assert pixels.shape[0] > 300
    assert pixels.shape[1] > 300

    # Closed loop: next week now follows the half week that was run, not the plan.
    after = await plans.plan_for(record, stage.clock.now())
    assert after is not None
    new_next = after.week_of(date(2026, 11, 30))
    assert new_next is not None
    assert new_next.run_minutes < old_next.run_minutes

    # A week later the summary comes again, once.
    for hours in (1, 2, 12):
        await stage.tick(on(sunday, "21:00", PARIS) + timedelta(hours=hours))
    assert len(stage.pushes(athlete, PushKind.WEEKLY)) == 2  # text + chart, once
