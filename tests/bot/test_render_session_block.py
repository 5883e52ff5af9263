"""A session as the athlete reads it (bot/render/sessions.py)."""

from __future__ import annotations

from datetime import date

from bot.render.sessions import session_block
from coach.models import AthleteProfile, GoalKind, SessionKind, Surface
from coach.paces import paces_from_race
from coach.planner.context import make_spec
from coach.workouts import build_session

PACES = paces_from_race(10.0, 40 * 60)
PROFILE = AthleteProfile(goal=GoalKind.ROAD_MARATHON, race_date=date(2027, 4, 25))


def test_a_double_says_morning_or_evening_once() -> None:
    """A coach's read found "Morning: Morning: Intervals ..." in the plan's doubles."""
    day = date(2027, 2, 2)
    am = build_session(
        make_spec(SessionKind.EASY, Surface.ROAD, 30.0), day, PACES, PROFILE, slot="am"
    )
    pm = build_session(
        make_spec(SessionKind.EASY, Surface.ROAD, 40.0), day, PACES, PROFILE, slot="pm"
    )
    for session, word in ((am, "Morning: "), (pm, "Evening: ")):
        first = session_block(session).splitlines()[0]
        assert first.count(word) == 1, first
