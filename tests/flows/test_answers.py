"""Typed answers read into values, and the specific reasons a bad one is refused."""

from __future__ import annotations

from datetime import date, time

import pytest

from coach.models import GoalKind, Units
from flows.answers import (
    AnswerError,
    is_emoji_only,
    parse_clock,
    parse_count,
    parse_elevation_m,
    parse_goal,
    parse_longest_km,
    parse_race_date,
    parse_result_time,
    parse_trail_km,
    parse_weekdays,
    parse_weekly_km,
    parse_yes_no,
)

TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-04-18", date(2027, 4, 18)),
        ("18/04/2027", date(2027, 4, 18)),
        ("18.04.2027", date(2027, 4, 18)),
        ("04/18/2027", date(2027, 4, 18)),  # only month-first makes sense
        ("18/04/27", date(2027, 4, 18)),
        ("18 Apr 2027", date(2027, 4, 18)),
        ("18th of April 2027", date(2027, 4, 18)),
        ("April 18", date(2027, 4, 18)),
        ("Apr 18, 2027", date(2027, 4, 18)),
        ("18 april", date(2027, 4, 18)),
        ("25 dec", date(2026, 12, 25)),  # the next one
        # weeks and months out: the Sunday of that week, as the date buttons offer
        ("in 12 weeks", date(2027, 2, 14)),
        ("12 weeks", date(2027, 2, 14)),
        ("in 20 weeks", date(2027, 4, 11)),
        ("in 2 months", date(2027, 1, 24)),
        ("in three months", date(2027, 2, 21)),
        ("in 10 days", date(2026, 12, 1)),
        ("today", TODAY),
    ],
)
def test_race_dates_in_common_formats(text: str, expected: date) -> None:
    assert parse_race_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2026-11-20", "past"),
        ("1 Jan 2020", "past"),
        ("2029-01-01", "too_far"),
        ("in 3 years", "too_far"),
        ("31/02/2027", "no_such_date"),
        ("-5 km", "date"),
        ("rpe 11", "date"),
        ("soon", "date"),
        ("x" * 5000, "too_long"),
    ],
)
def test_bad_race_dates(text: str, code: str) -> None:
    with pytest.raises(AnswerError) as caught:
        parse_race_date(text, TODAY)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("text", "units", "km"),
    [
        ("35 km", Units.KM, 35.0),
        ("35km", Units.KM, 35.0),
        ("35", Units.KM, 35.0),
        ("about 35 km a week", Units.KM, 35.0),
        ("30-40 km", Units.KM, 35.0),
        ("20 mi", Units.KM, 32.2),
        ("20", Units.MI, 32.2),
        ("8,5 km", Units.KM, 8.5),
    ],
)
def test_weekly_volume_by_distance(text: str, units: Units, km: float) -> None:
    assert parse_weekly_km(text, units) == km


def test_weekly_volume_by_time_uses_an_easy_pace() -> None:
    four_hours = parse_weekly_km("4 h", Units.KM)
    assert 30 < four_hours < 45
    assert parse_weekly_km("240 min", Units.KM) == four_hours
    assert parse_weekly_km("4h", Units.KM) == four_hours


@pytest.mark.parametrize(
    ("text", "code"),
    [("-5 km", "negative"), ("0", "zero"), ("900 km", "range"), ("lots", "unreadable")],
)
def test_bad_volumes(text: str, code: str) -> None:
    with pytest.raises(AnswerError) as caught:
        parse_weekly_km(text, Units.KM)
    assert caught.value.code == code


@pytest.mark.parametrize("text", ["1h45", "1h 45", "1 h 45", "1hr45", "1 hour and 45", "1:45"])
def test_a_duration_as_runners_write_it(text: str) -> None:
    assert parse_longest_km(text, Units.KM, 40) == parse_longest_km("105 min", Units.KM, 40)
    assert parse_weekly_km(text, Units.KM) == parse_weekly_km("105 min", Units.KM)


def test_longest_run_and_trail_distance() -> None:
    assert parse_longest_km("14 km", Units.KM, 40) == 14.0
    assert 12 < parse_longest_km("90 min", Units.KM, 40) < 16
    assert parse_trail_km("50k", Units.KM) == 50.0
    assert parse_trail_km("100 mi", Units.KM) == 160.9
    with pytest.raises(AnswerError):
        parse_trail_km("2 km", Units.KM)  # not a trail race


@pytest.mark.parametrize(
    ("text", "metres"),
    [("1200", 1200), ("1200 m", 1200), ("2,500 m", 2500), ("1.5 km", 1500), ("3281 ft", 1000)],
)
def test_elevation(text: str, metres: float) -> None:
    assert parse_elevation_m(text) == metres


@pytest.mark.parametrize(
    ("text", "evening", "expected"),
    [
        ("6:15", False, time(6, 15)),
        ("06:15", False, time(6, 15)),
        ("7am", False, time(7, 0)),
        ("7 am", False, time(7, 0)),
        ("7:30 pm", False, time(19, 30)),
        ("19h30", False, time(19, 30)),
        ("12am", False, time(0, 0)),
        ("8", True, time(20, 0)),  # an evening question: a bare 8 is the evening
        ("8:30", True, time(20, 30)),
        ("9pm", True, time(21, 0)),
        ("22:00", True, time(22, 0)),
    ],
)
def test_clock_times(text: str, evening: bool, expected: time) -> None:
    assert parse_clock(text, evening=evening) == expected


@pytest.mark.parametrize("text", ["25:00", "7:75", "13pm", "soon", "-6:00"])
def test_bad_clock_times(text: str) -> None:
    with pytest.raises(AnswerError):
        parse_clock(text)


def test_days_counts_and_yes_no() -> None:
    assert parse_weekdays("Mon, Wed & Fri and sunday") == (0, 2, 4, 6)
    assert parse_count("four") == 4
    assert parse_count("5 days") == 5
    assert parse_yes_no("Yep") is True
    assert parse_yes_no("nope") is False
    for bad in ("8", "0", "-3"):
        with pytest.raises(AnswerError):
            parse_count(bad)
    with pytest.raises(AnswerError):
        parse_weekdays("funday")


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("10k", GoalKind.ROAD_10K),
        ("half marathon", GoalKind.ROAD_HALF),
        ("Marathon", GoalKind.ROAD_MARATHON),
        ("5 km race", GoalKind.ROAD_5K),
        ("an ultra trail", GoalKind.TRAIL),
        ("general fitness", GoalKind.FITNESS),
    ],
)
def test_goals(text: str, goal: GoalKind) -> None:
    assert parse_goal(text) is goal


def test_race_results_must_be_plausible() -> None:
    assert parse_result_time("45:00", 10.0) == 2700
    with pytest.raises(AnswerError) as caught:
        parse_result_time("5:00", 10.0)  # a 10K in five minutes
    assert caught.value.code == "implausible_time"


def test_emoji_only() -> None:
    assert is_emoji_only("🏃‍♂️🔥")
    assert is_emoji_only(" 👍 ")
    assert not is_emoji_only("👍 yes")
    assert not is_emoji_only("")
