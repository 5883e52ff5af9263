"""§7b "never from a partial first week", played: an athlete onboarded on a Friday who runs
the Saturday and Sunday as asked keeps the plan's second week (it was rebuilt from the two
days once: 2 h 24 instead of 4 h 40, and a chosen run day dropped)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from coach.planner import build_plan
from stride.cli_plan import load_profile
from stride.cli_simulate import main

ROOT = Path(__file__).resolve().parents[2]
ATHLETE = ROOT / "examples" / "road-marathon.toml"
MONDAY = date(2027, 1, 4)
FRIDAY = MONDAY + timedelta(days=4)


@pytest.mark.slow
def test_the_friday_starters_second_week_keeps_the_plans_volume(tmp_path: Path) -> None:
    argv = [
        "--athlete", str(ATHLETE),
        "--weeks", "2",
        "--start", MONDAY.isoformat(),
        "--scenario", str(ROOT / "examples" / "scenarios" / "friday.toml"),
        "--out", str(tmp_path),
        "--quiet",
    ]  # fmt: skip
    assert main(argv) == 0
    days = json.loads((tmp_path / "simulation.json").read_text())["days"]
    before = [d for d in days if date.fromisoformat(d["date"]) < FRIDAY]
    assert all(d["asked_min"] == 0 and d["done_min"] == 0 for d in before)
    second = [d for d in days if d["week"] == 2]
    asked = sum(d["asked_min"] for d in second)
    profile = load_profile(str(ATHLETE))
    plan = build_plan(profile, FRIDAY)
    week = plan.week_of(MONDAY + timedelta(days=7))
    assert week is not None
    assert asked >= 0.9 * week.run_minutes, (asked, week.run_minutes)
    run_days = {date.fromisoformat(d["date"]).weekday() for d in second if d["asked_min"] > 0}
    assert run_days == set(profile.run_days)


def _days(tmp_path: Path, start: date, name: str) -> list[dict[str, object]]:
    argv = [
        "--athlete", str(ATHLETE),
        "--weeks", "3",
        "--start", start.isoformat(),
        "--out", str(tmp_path / name),
        "--quiet",
    ]  # fmt: skip
    assert main(argv) == 0
    days: list[dict[str, object]] = json.loads((tmp_path / name / "simulation.json").read_text())[
        "days"
    ]
    return days


@pytest.mark.slow
def test_an_athlete_who_joins_on_a_tuesday_starts_that_day(tmp_path: Path) -> None:
    """``--start`` on a Tuesday: the athlete joins that day, as real athletes join on any
    day, and the weeks still count from the Monday. Nothing is planned before it, and a
    runner who never runs on Mondays loses nothing by joining on the Tuesday: the season,
    rebuilt each Sunday from what was done, is the Monday joiner's, day for day."""
    tuesday = MONDAY + timedelta(days=1)
    on_tuesday = _days(tmp_path, tuesday, "tuesday")
    on_monday = _days(tmp_path, MONDAY, "monday")
    assert date.fromisoformat(str(on_tuesday[0]["date"])) == MONDAY
    assert on_tuesday[0]["planned_min"] == 0  # not joined yet
    assert float(str(on_tuesday[1]["planned_min"])) > 0  # the plan starts that day
    assert [d["asked_min"] for d in on_tuesday[1:]] == [d["asked_min"] for d in on_monday[1:]]
