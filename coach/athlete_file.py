"""Athlete files: a plain mapping (from TOML) to an :class:`AthleteProfile`, with clear errors.

The command line reads the file (``stride plan --athlete FILE.toml``); this module only turns
the parsed mapping into a profile, so it stays pure and testable. Every error names the key
that is wrong and says how to fix it, because the person reading it is editing a text file.

Athlete file keys (all optional except ``goal``, and ``race_date`` for a race goal)::

    goal              = "road-half"      # road-5k, road-10k, road-half, road-marathon,
                                         # trail, fitness (general fitness, no race)
    race_date         = 2027-04-18       # a TOML date, or "2027-04-18"; not for fitness
    trail_distance_km = 50               # trail goals: race distance in km
    trail_elevation_m = 2500             # trail goals: total climb in metres
    run_days          = ["tue", "thu", "sat", "sun"]   # weekdays you can run (mon..sun)
    long_run_day      = "sun"            # one of run_days (default: sun if you run then,
                                         # else your last run day of the week)
    weekly_km         = 35               # what you run now, km a week
    longest_run_km    = 14               # your longest recent run, km
    track_access      = true             # a running track you can use
    trail_access      = true             # trails you can reach
    doubles           = false            # two runs on one day are fine (5+ run days)
    easy_pace         = "5:45"           # your easy pace per km ("9:15/mi" for per mile)
    units             = "km"             # km or mi
    timezone          = "Europe/Paris"   # IANA time zone name
    push_time         = "06:30"          # morning session message, local time
    reminder_time     = "20:00"          # evening log reminder, local time
    rest_day_notes    = true             # mobility suggestions on rest days
    age               = 52               # optional, whole years (10-100): masters (50+)
                                         # get 2:1 blocks (two loading weeks, one lighter)

    [recent_race]                        # optional: the best source of paces
    distance = "10k"                     # "5k", "10k", "half", "marathon", "15 km", "5 mi"
    time     = "45:00"                   # "45:00", "1:35:20", "2h05"
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, time
from typing import Any

from pydantic import ValidationError

from coach.models import WEEKDAY_NAMES, AthleteProfile, GoalKind, RaceResult, Units
from coach.paces import KM_PER_MILE, parse_race_distance, parse_race_time, vdot_from_race

KEYS: tuple[str, ...] = (
    "goal",
    "race_date",
    "trail_distance_km",
    "trail_elevation_m",
    "run_days",
    "long_run_day",
    "weekly_km",
    "longest_run_km",
    "track_access",
    "trail_access",
    "doubles",
    "recent_race",
    "easy_pace",
    "units",
    "timezone",
    "push_time",
    "reminder_time",
    "rest_day_notes",
    "age",
)

_GOALS = ", ".join(g.value for g in GoalKind)
_TZ_RE = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*")
_CLOCK_RE = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
_PACE_RE = re.compile(r"(\d{1,2}):([0-5]\d)\s*(?:/\s*(km|mi))?", re.IGNORECASE)


class AthleteFileError(ValueError):
    """A bad athlete file: the message names the key and the fix."""


def _fail(key: str, problem: str, fix: str) -> AthleteFileError:
    return AthleteFileError(f"{key}: {problem}; {fix}")


def _weekday(key: str, value: object) -> int:
    if isinstance(value, str):
        name = value.strip().lower()[:3]
        if name in WEEKDAY_NAMES and value.strip().lower() in _DAY_SPELLINGS[name]:
            return WEEKDAY_NAMES.index(name)
    raise _fail(key, f"{value!r} is not a weekday", 'use "mon", "tue", ... "sun"')


_DAY_SPELLINGS: dict[str, tuple[str, ...]] = {
    "mon": ("mon", "monday"),
    "tue": ("tue", "tues", "tuesday"),
    "wed": ("wed", "wednesday"),
    "thu": ("thu", "thur", "thurs", "thursday"),
    "fri": ("fri", "friday"),
    "sat": ("sat", "saturday"),
    "sun": ("sun", "sunday"),
}


def _number(key: str, value: object, *, low: float, high: float, unit: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(key, f"{value!r} is not a number", f"write a number of {unit}, e.g. {key} = 30")
    if not low < value <= high:
        raise _fail(
            key, f"{value:g} is out of range", f"use more than {low:g} and at most {high:g}"
        )
    return float(value)


def _age(value: object) -> int:
    """Whole years, 10 to 100: the planner only asks whether the athlete is 50 or over
    (COACHING.md §3b), so a fractional or absurd age is a typo worth pointing out."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail("age", f"{value!r} is not a whole number of years", "write age = 52")
    if not 10 <= value <= 100:
        raise _fail("age", f"{value} is out of range", "use 10 to 100 years, or leave it out")
    return value


def _flag(key: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise _fail(key, f"{value!r} is not true or false", f"write {key} = true or false")
    return value


def _date(key: str, value: object) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _fail(key, f"{value!r} is not a date", f"write {key} = 2027-04-18 (year-month-day)")


def _clock(key: str, value: object) -> time:
    if isinstance(value, time):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        match = _CLOCK_RE.fullmatch(value.strip())
        if match:
            return time(int(match.group(1)), int(match.group(2)))
    raise _fail(key, f"{value!r} is not a time of day", f'write {key} = "06:30" (24-hour clock)')


def _run_days(value: object) -> tuple[int, ...]:
    if not isinstance(value, list | tuple) or not value:
        raise _fail(
            "run_days", f"{value!r} is not a list of weekdays", 'write ["tue", "thu", "sun"]'
        )
    days = [_weekday("run_days", v) for v in value]
    if len(set(days)) != len(days):
        raise _fail("run_days", "a weekday appears twice", "list each weekday once")
    return tuple(sorted(days))


def _recent_race(value: object) -> RaceResult:
    if not isinstance(value, Mapping):
        raise _fail(
            "recent_race",
            "must be a table",
            'write [recent_race] with distance = "10k" and time = "45:00"',
        )
    unknown = set(value) - {"distance", "time", "on"}
    if unknown:
        name = sorted(unknown)[0]
        raise _fail(f"recent_race.{name}", "unknown key", "use distance, time and (optional) on")
    if "distance" not in value or "time" not in value:
        missing = "distance" if "distance" not in value else "time"
        raise _fail(
            f"recent_race.{missing}", "missing", 'give both distance = "10k", time = "45:00"'
        )
    try:
        distance_km = parse_race_distance(str(value["distance"]))
    except ValueError as exc:
        raise _fail("recent_race.distance", str(exc), 'e.g. distance = "10k"') from exc
    try:
        time_s = parse_race_time(str(value["time"]))
    except ValueError as exc:
        raise _fail("recent_race.time", str(exc), 'e.g. time = "45:00"') from exc
    try:
        vdot_from_race(distance_km, time_s)
    except ValueError as exc:
        raise _fail("recent_race.time", str(exc), "check the time and the distance") from exc
    on = _date("recent_race.on", value["on"]) if "on" in value else None
    return RaceResult(distance_km=distance_km, time_s=time_s, on=on)


def _easy_pace(value: object) -> float:
    match = _PACE_RE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise _fail("easy_pace", f"{value!r} is not a pace", 'write "5:45" (per km) or "9:15/mi"')
    seconds = int(match.group(1)) * 60 + int(match.group(2))
    per_mile = (match.group(3) or "km").lower() == "mi"
    per_km = seconds / KM_PER_MILE if per_mile else float(seconds)
    if not 120 < per_km < 1200:
        raise _fail("easy_pace", f"{value} is not a running pace", "check the number")
    return per_km


def profile_from_mapping(data: Mapping[str, Any]) -> AthleteProfile:
    """Build an athlete profile from an athlete file's mapping (see the module docstring).

    Args:
        data: The parsed file, e.g. from ``tomllib.load``.

    Returns:
        The validated profile.

    Raises:
        AthleteFileError: (a ``ValueError``) naming the bad key and how to fix it.
    """
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise _fail(unknown[0], "unknown key", f"the keys are: {', '.join(KEYS)}")
    if "goal" not in data:
        raise _fail("goal", "missing", f"add goal = one of {_GOALS}")
    try:
        goal = GoalKind(str(data["goal"]).strip().lower())
    except ValueError:
        raise _fail("goal", f"{data['goal']!r} is not a goal", f"use one of {_GOALS}") from None

    fields: dict[str, Any] = {"goal": goal}
    if goal.has_race:
        if "race_date" not in data:
            raise _fail("race_date", f"a {goal.value} goal needs a race date", "add race_date")
        fields["race_date"] = _date("race_date", data["race_date"])
    elif "race_date" in data:
        raise _fail(
            "race_date", "general fitness has no race", "remove race_date or pick a race goal"
        )
    for key in ("trail_distance_km", "trail_elevation_m"):
        if key in data:
            if goal is not GoalKind.TRAIL:
                raise _fail(key, "only for trail goals", 'remove it or set goal = "trail"')
            high = 400.0 if key == "trail_distance_km" else 20000.0
            unit = "km" if key == "trail_distance_km" else "metres"
            low = 0.0 if key == "trail_distance_km" else -0.001
            fields[key] = _number(key, data[key], low=low, high=high, unit=unit)
    run_days = _run_days(data["run_days"]) if "run_days" in data else (1, 3, 5, 6)
    fields["run_days"] = run_days
    if "long_run_day" in data:
        long_day = _weekday("long_run_day", data["long_run_day"])
        if long_day not in run_days:
            raise _fail(
                "long_run_day",
                f"{WEEKDAY_NAMES[long_day]} is not one of run_days",
                "pick one of your run days",
            )
    else:
        long_day = 6 if 6 in run_days else run_days[-1]
    fields["long_run_day"] = long_day
    if "weekly_km" in data:
        fields["weekly_km"] = _number("weekly_km", data["weekly_km"], low=0, high=300, unit="km")
    if "longest_run_km" in data:
        fields["longest_run_km"] = _number(
            "longest_run_km", data["longest_run_km"], low=0, high=200, unit="km"
        )
    for key in ("track_access", "trail_access", "doubles", "rest_day_notes"):
        if key in data:
            fields[key] = _flag(key, data[key])
    units = Units.KM
    if "units" in data:
        try:
            units = Units(str(data["units"]).strip().lower())
        except ValueError:
            raise _fail("units", f"{data['units']!r} is not a unit", 'use "km" or "mi"') from None
    fields["units"] = units
    if "easy_pace" in data:
        fields["easy_pace_s_per_km"] = _easy_pace(data["easy_pace"])
    if "recent_race" in data:
        fields["recent_race"] = _recent_race(data["recent_race"])
    if "timezone" in data:
        zone = data["timezone"]
        if not isinstance(zone, str) or not _TZ_RE.fullmatch(zone.strip()):
            raise _fail("timezone", f"{zone!r} is not a time zone name", 'e.g. "Europe/Paris"')
        fields["timezone"] = zone.strip()
    for key in ("push_time", "reminder_time"):
        if key in data:
            fields[key] = _clock(key, data[key])
    if "age" in data:
        fields["age"] = _age(data["age"])
    try:
        return AthleteProfile(**fields)
    except ValidationError as exc:  # the checks above should catch everything first
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "athlete file"
        raise _fail(where, first["msg"], "check this value") from None
