"""COACHING.md §7b, the neck check: below the neck (or before the answer) no running; above
it, easy running only, the week's hard sessions and long run turned into easy runs."""

from __future__ import annotations

from datetime import date, timedelta

from coach.illness import Illness, ill_day
from coach.models import SessionKind
from coach.planner import build_plan
from coach.rules import RULES
from tests.support.athletes import marathoner_70k as marathoner

START = date(2026, 12, 7)


def test_the_neck_check_decides_what_a_day_allows() -> None:
    profile = marathoner()
    plan = build_plan(profile, START)
    days = [START + timedelta(days=i) for i in range(14)]
    week = [s for d in days for s in plan.sessions_on(d)]
    assert any(s.hard for s in week)
    assert any(s.kind is SessionKind.LONG for s in week)

    for neck in (False, None):  # below the neck, or not answered yet: no running
        ill = Illness(START, above_neck=neck)
        assert ill_day(week, ill, paces=plan.paces, profile=profile) == ()

    easy = ill_day(week, Illness(START, above_neck=True), paces=plan.paces, profile=profile)
    runs = [s for s in easy if s.is_run]
    assert len(runs) == len([s for s in week if s.is_run]), "every run day keeps a run"
    assert not any(s.hard for s in runs)
    assert not any(s.kind is SessionKind.LONG for s in runs)
    assert max(s.duration_min for s in runs) <= RULES.return_easy_run_max


def test_days_ill_count_from_the_first_report() -> None:
    ill = Illness(date(2026, 11, 21))
    assert ill.days_ill(date(2026, 12, 1)) == 10
    assert ill.days_ill(date(2026, 11, 21)) == 1, "better on the same day: one day"


def test_the_return_is_told_with_its_days_and_cap() -> None:
    from coach.illness import return_adjustment
    from coach.models import Comeback

    back = Comeback(
        cause="illness",
        start=date(2026, 12, 1),
        easy_until=date(2026, 12, 7),
        long_cap_min=122.0,
    )
    note = return_adjustment(date(2026, 12, 1), 10, back)
    assert note.reason == (
        "Back after 10 days ill: easy running only for 7 days, the volume from about 55 %, "
        "the first long run at most 122 min."
    )
