"""Athlete files (COACHING.md §1): a TOML mapping becomes a profile, or a clear error."""

from __future__ import annotations

import tomllib
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from coach.athlete_file import KEYS, AthleteFileError, profile_from_mapping
from coach.models import GoalKind, Units
from coach.planner import build_plan
from tests.support import plan_checks as checks

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
START = date(2026, 11, 23)


def minimal(**extra: Any) -> dict[str, Any]:
    return {"goal": "road-10k", "race_date": "2027-03-21", **extra}


def test_s1_full_file_maps_every_key() -> None:
    """§1: goal, race, fitness, availability, access, time zone and push times."""
    data = tomllib.loads(
        """
        goal = "trail"
        race_date = 2027-06-12
        trail_distance_km = 50
        trail_elevation_m = 2500
        run_days = ["Mon", "wednesday", "fri", "sat", "sun"]
        long_run_day = "sat"
        weekly_km = 55
        longest_run_km = 25.5
        track_access = false
        trail_access = true
        doubles = true
        easy_pace = "8:00/mi"
        units = "mi"
        timezone = "America/Denver"
        push_time = 06:15:00
        reminder_time = "21:30"
        rest_day_notes = false
        age = 52

        [recent_race]
        distance = "half"
        time = "1:45:00"
        """
    )
    assert set(data) <= set(KEYS)
    p = profile_from_mapping(data)
    assert p.goal is GoalKind.TRAIL
    assert p.race_date == date(2027, 6, 12)
    assert (p.trail_distance_km, p.trail_elevation_m) == (50, 2500)
    assert p.run_days == (0, 2, 4, 5, 6)
    assert p.long_run_day == 5
    assert (p.weekly_km, p.longest_run_km) == (55, 25.5)
    assert (p.track_access, p.trail_access, p.doubles, p.rest_day_notes) == (
        False,
        True,
        True,
        False,
    )
    assert p.units is Units.MI
    assert p.easy_pace_s_per_km == pytest.approx(480 / 1.609344)  # 8:00 per mile
    assert (p.push_time, p.reminder_time) == (time(6, 15), time(21, 30))
    assert p.timezone == "America/Denver"
    assert p.age == 52
    assert p.recent_race is not None
    assert p.recent_race.distance_km == pytest.approx(21.0975)
    assert p.recent_race.time_s == 6300


def test_easy_pace_is_per_km_unless_marked_per_mile() -> None:
    assert profile_from_mapping(minimal(easy_pace="5:45")).easy_pace_s_per_km == 345
    assert profile_from_mapping(minimal(easy_pace="5:45/km")).easy_pace_s_per_km == 345
    miles = profile_from_mapping(minimal(easy_pace="9:15/mi", units="mi"))
    assert miles.easy_pace_s_per_km == pytest.approx(555 / 1.609344)


def test_age_is_optional_whole_years_from_10_to_100() -> None:
    """§3b: an optional age (masters 50+ get 2:1 blocks); left out, the profile has none."""
    assert profile_from_mapping(minimal()).age is None
    assert profile_from_mapping(minimal(age=10)).age == 10
    assert profile_from_mapping(minimal(age=100)).age == 100
    assert profile_from_mapping(tomllib.loads('goal = "fitness"\nage = 61\n')).age == 61


def test_defaults_long_run_day_to_sunday_or_the_last_run_day() -> None:
    assert profile_from_mapping(minimal(run_days=["tue", "sun"])).long_run_day == 6
    assert profile_from_mapping(minimal(run_days=["tue", "thu", "sat"])).long_run_day == 5
    assert profile_from_mapping({"goal": "fitness"}).race_date is None


@pytest.mark.parametrize(
    ("data", "key", "fix"),
    [
        ({}, "goal", "add goal"),
        ({"goal": "road-15k"}, "goal", "road-5k, road-10k"),
        ({"goal": "road-10k"}, "race_date", "add race_date"),
        (minimal(race_date="next spring"), "race_date", "2027-04-18"),
        ({"goal": "fitness", "race_date": "2027-03-21"}, "race_date", "remove race_date"),
        (minimal(run_days="tue"), "run_days", '["tue", "thu", "sun"]'),
        (minimal(run_days=["tue", "funday"]), "run_days", '"mon", "tue"'),
        (minimal(run_days=["tue", "tue"]), "run_days", "once"),
        (minimal(run_days=["tue", "thu"], long_run_day="sun"), "long_run_day", "run days"),
        (minimal(weekly_km="lots"), "weekly_km", "weekly_km = 30"),
        (minimal(weekly_km=0), "weekly_km", "more than 0"),
        (minimal(weekly_km=500), "weekly_km", "at most 300"),
        (minimal(track_access="yes"), "track_access", "true or false"),
        (minimal(easy_pace="fast"), "easy_pace", '"5:45"'),
        (minimal(units="furlongs"), "units", '"km" or "mi"'),
        (minimal(timezone="Mars Base"), "timezone", "Europe/Paris"),
        (minimal(push_time="25:00"), "push_time", "24-hour"),
        (minimal(recent_race="45:00"), "recent_race", "[recent_race]"),
        (minimal(recent_race={"distance": "10k"}), "recent_race.time", "give both"),
        (minimal(recent_race={"distance": "far", "time": "45:00"}), "recent_race.distance", "10k"),
        (minimal(recent_race={"distance": "10k", "time": "4:50"}), "recent_race.time", "check"),
        (minimal(trail_distance_km=50), "trail_distance_km", 'goal = "trail"'),
        (minimal(colour="blue"), "colour", "the keys are"),
        (minimal(age="fifty"), "age", "age = 52"),
        (minimal(age=52.5), "age", "age = 52"),
        (minimal(age=True), "age", "age = 52"),
        (minimal(age=9), "age", "10 to 100"),
        (minimal(age=101), "age", "10 to 100"),
    ],
)
def test_bad_files_name_the_key_and_the_fix(data: dict[str, Any], key: str, fix: str) -> None:
    """A bad value raises a ValueError that starts with the key and says how to fix it."""
    with pytest.raises(AthleteFileError) as info:
        profile_from_mapping(data)
    message = str(info.value)
    assert message.startswith(f"{key}: "), message
    assert fix in message, message
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.name)
def test_example_files_load_and_plan(path: Path) -> None:
    """Every example athlete loads and gets a plan that keeps the rules."""
    with path.open("rb") as fh:
        profile = profile_from_mapping(tomllib.load(fh))
    plan = build_plan(profile, START)
    assert plan.weeks
    assert checks.all_violations(plan, profile, START) == []
    if profile.race_date is not None:
        assert profile.race_date.year == 2027


def test_the_four_examples_exist() -> None:
    names = {p.name for p in EXAMPLES.glob("*.toml")}
    assert names >= {
        "road-marathon.toml",
        "trail-50k.toml",
        "beginner-10k.toml",
        "fitness-no-trails.toml",
    }
    beginner = profile_from_mapping(tomllib.loads((EXAMPLES / "beginner-10k.toml").read_text()))
    assert beginner.runs_per_week == 3
    fitness = profile_from_mapping(tomllib.loads((EXAMPLES / "fitness-no-trails.toml").read_text()))
    assert fitness.goal is GoalKind.FITNESS
    assert not fitness.trail_access
