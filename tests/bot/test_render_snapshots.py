"""Snapshots of the main messages, so a change of wording is always a deliberate one.

Each test renders a message from a fixed profile, a fixed hand-built plan and a fixed date (no
database, no clock, and not the planner's volume choices: the sessions are dressed from fixed
specs by :func:`coach.workouts.build_session`) and compares it, with its buttons, to
``tests/bot/snapshots/<name>.txt``. After a deliberate change, rewrite the files and review
the diff::

    STRIDE_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/bot/test_render_snapshots.py
"""

from __future__ import annotations

import difflib
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from telegram import InlineKeyboardMarkup

from bot.keyboards import push as push_keys
from bot.keyboards import views as view_keys
from bot.render import views as render_views
from bot.render.sessions import morning_push
from coach.models import (
    AthleteProfile,
    CheckIn,
    GoalKind,
    Phase,
    Plan,
    RaceResult,
    RunLog,
    Session,
    SessionKind,
    Surface,
    Units,
    Week,
    WorkoutSpec,
)
from coach.paces import training_paces
from coach.workouts import WeekContext, build_session
from services.coaching import CoachingService, DayPlan, History
from services.views import paces_view, plan_view, week_view
from storage.athletes import AthleteRecord, profile_columns
from tests.support.athletes import profile

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("STRIDE_UPDATE_SNAPSHOTS") == "1"
NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
FIRST_MONDAY = date(2026, 11, 16)
RACE_DAY = date(2027, 1, 10)
PACES = training_paces(42.0)


def assert_snapshot(name: str, actual: str) -> None:
    """Compare with the stored snapshot, or (re)write it when STRIDE_UPDATE_SNAPSHOTS=1."""
    path = SNAPSHOTS / f"{name}.txt"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"no snapshot {path.name}: run with STRIDE_UPDATE_SNAPSHOTS=1 to write it")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "\n".join(
            difflib.unified_diff(
                expected.splitlines(), actual.splitlines(), "snapshot", "now", lineterm=""
            )
        )
        pytest.fail(f"{path.name} differs (STRIDE_UPDATE_SNAPSHOTS=1 to accept):\n{diff}")


def message(html: str, keyboard: InlineKeyboardMarkup | None = None) -> str:
    """The message as sent: its HTML, then each row of buttons with their callback data."""
    lines = [html]
    if keyboard is not None:
        lines.append("\n--- buttons ---")
        for row in keyboard.inline_keyboard:
            lines.append("  ".join(f"[{b.text} → {b.callback_data}]" for b in row))
    return "\n".join(lines) + "\n"


def record_for(athlete: AthleteProfile, first_name: str = "Alice") -> AthleteRecord:
    return AthleteRecord(
        id=1001,
        chat_id=1001,
        first_name=first_name,
        status="active",
        timezone=athlete.timezone,
        push_time=athlete.push_time,
        reminder_time=athlete.reminder_time,
        units=athlete.units,
        fields=profile_columns(athlete),
        dialog=None,
        onboarded_at=NOW,
        created_at=NOW,
    )


def ten_k_runner() -> AthleteProfile:
    """Tue/Thu/Sat/Sun, long run on Sunday, track and trails, racing 10K on 10 January."""
    return profile(race_date=RACE_DAY)


def trail_runner() -> AthleteProfile:
    return profile(
        goal=GoalKind.TRAIL,
        race_date=date(2027, 6, 12),
        trail_distance_km=50,
        trail_elevation_m=2500,
        long_run_day=5,
    )


def spec(kind: SessionKind, surface: Surface, minutes: float = 0, **extra: object) -> WorkoutSpec:
    values: dict[str, object] = {"kind": kind, "surface": surface, "duration_min": minutes}
    values.update(extra)
    return WorkoutSpec.model_validate(values)


REST = spec(SessionKind.REST, Surface.REST)
QUALITY = {
    Phase.BASE: spec(SessionKind.HILLS, Surface.TRAIL, reps=5, rep_duration_min=4, target_rpe=8),
    Phase.BUILD: spec(
        SessionKind.TRACK, Surface.TRACK, reps=6, rep_distance_m=400, intensity="R", target_rpe=8
    ),
    Phase.COMPETITION: spec(
        SessionKind.TEMPO, Surface.ROAD, reps=3, rep_duration_min=10, intensity="T", target_rpe=7
    ),
    Phase.TAPER: spec(
        SessionKind.TRACK, Surface.TRACK, reps=4, rep_distance_m=400, intensity="R", target_rpe=8
    ),
}
PHASES = (
    (Phase.BASE, False),
    (Phase.BASE, False),
    (Phase.BUILD, False),
    (Phase.BUILD, False),
    (Phase.BUILD, True),
    (Phase.COMPETITION, False),
    (Phase.COMPETITION, False),
    (Phase.TAPER, False),
)


def ten_k_plan(athlete: AthleteProfile) -> Plan:
    """Eight fixed weeks to race day: rest Mon/Wed/Fri, quality Tue, easy trail Thu, easy
    road Sat, long run Sun (the race on the last Sunday is left out)."""
    weeks = []
    for index, (phase, deload) in enumerate(PHASES):
        monday = FIRST_MONDAY + timedelta(weeks=index)
        scale = 0.75 if deload else 1.0
        context = WeekContext(phase=phase, trail_share=0.25, trail_runs=1, deload=deload)
        days = (
            REST,
            QUALITY[phase],
            REST,
            spec(SessionKind.EASY, Surface.TRAIL, 40 * scale, target_rpe=3),
            REST,
            spec(SessionKind.EASY, Surface.ROAD, 50 * scale, target_rpe=3),
            spec(SessionKind.LONG, Surface.ROAD, (80 + 5 * index) * scale, target_rpe=4),
        )
        sessions = []
        for offset, day_spec in enumerate(days):
            day = monday + timedelta(days=offset)
            if day < NOW.date() or day >= RACE_DAY:
                continue
            trail = day_spec.surface is Surface.TRAIL
            week_context = context
            if trail or offset == 1:
                week_context = WeekContext(
                    phase=phase,
                    trail_share=0.25,
                    trail_ordinal=1 if trail else 0,
                    trail_runs=1,
                    deload=deload,
                    strength=trail,
                )
            sessions.append(build_session(day_spec, day, PACES, athlete, week_context=week_context))
        weeks.append(
            Week(
                start=monday,
                index=index,
                phase=phase,
                deload=deload,
                target_trail_share=0.25,
                sessions=tuple(sessions),
            )
        )
    return Plan(
        goal=athlete.goal, start=FIRST_MONDAY, race_date=RACE_DAY, paces=PACES, weeks=tuple(weeks)
    )


def trail_plan(athlete: AthleteProfile) -> Plan:
    """One base week of a trail racer whose Saturday is a long trail run."""
    monday = date(2026, 11, 30)
    long_trail = spec(SessionKind.LONG, Surface.TRAIL, 135, target_rpe=4)
    context = WeekContext(phase=Phase.BASE, trail_share=0.5, trail_ordinal=1, trail_runs=1)
    session: Session = build_session(
        long_trail, monday + timedelta(days=5), PACES, athlete, week_context=context
    )
    week = Week(
        start=monday, index=2, phase=Phase.BASE, target_trail_share=0.5, sessions=(session,)
    )
    return Plan(
        goal=athlete.goal,
        start=monday,
        race_date=athlete.race_date,
        paces=PACES,
        weeks=(week,),
    )


async def day_of(
    athlete: AthleteProfile, plan: Plan, on: date, *, checkins: list[CheckIn] | None = None
) -> DayPlan:
    """The coach's day without a database: a fixed plan, a fixed history."""
    coaching = CoachingService(None)  # type: ignore[arg-type]  # no storage is touched
    day = await coaching.day_for(
        record_for(athlete),
        NOW,
        on=on,
        plan=plan,
        history=History(checkins or [], [], [], []),
        record_adjustments=False,
    )
    assert day is not None
    return day


def push(day: DayPlan) -> str:
    return message(morning_push(day), push_keys.morning(day.today, rest_day=day.is_rest_day))


# --- the morning push ---------------------------------------------------------------------------

TRACK_DAY = date(2026, 12, 1)


async def test_morning_push_of_a_track_day() -> None:
    athlete = ten_k_runner()
    day = await day_of(athlete, ten_k_plan(athlete), TRACK_DAY)
    assert [s.kind for s in day.sessions] == [SessionKind.TRACK]
    assert_snapshot("morning_push_track", push(day))


async def test_morning_push_of_a_track_day_adjusted_by_a_poor_night() -> None:
    athlete = ten_k_runner()
    poor = CheckIn(date=TRACK_DAY, sleep_hours=5.5, sleep_quality=2, soreness=4)
    day = await day_of(athlete, ten_k_plan(athlete), TRACK_DAY, checkins=[poor])
    assert day.adjusted.changed
    assert_snapshot("morning_push_track_adjusted", push(day))


async def test_morning_push_of_a_trail_day() -> None:
    athlete = trail_runner()
    day = await day_of(athlete, trail_plan(athlete), date(2026, 12, 5))
    [session] = day.sessions
    assert (session.kind, session.surface) == (SessionKind.LONG, Surface.TRAIL)
    assert_snapshot("morning_push_trail", push(day))


async def test_morning_push_of_a_rest_day() -> None:
    athlete = ten_k_runner()
    day = await day_of(athlete, ten_k_plan(athlete), date(2026, 11, 23))
    assert day.is_rest_day
    assert_snapshot("morning_push_rest", push(day))


# --- the weekly plan, the plan and the paces -----------------------------------------------------


async def test_week_view_mid_week() -> None:
    athlete = ten_k_runner()
    plan = ten_k_plan(athlete)
    thursday = date(2026, 11, 26)
    day = await day_of(athlete, plan, thursday)
    logs = [
        RunLog(date=date(2026, 11, 24), duration_min=62, distance_km=9.4, rpe=8,
               surface=Surface.TRAIL),
    ]  # fmt: skip
    view = week_view(plan, thursday, logs, units=athlete.units, today_sessions=day.sessions)
    assert_snapshot("week_view", message(render_views.week(view), view_keys.week_pages(view)))


async def test_plan_view() -> None:
    athlete = ten_k_runner()
    view = plan_view(ten_k_plan(athlete), athlete, date(2026, 11, 26))
    assert_snapshot("plan_view", message(render_views.plan(view)))


async def test_paces_view_in_miles() -> None:
    athlete = profile(units=Units.MI, recent_race=RaceResult(distance_km=10, time_s=45 * 60))
    view = paces_view(training_paces(45.3), athlete.units)
    assert_snapshot("paces_view_miles", message(render_views.paces(view)))
