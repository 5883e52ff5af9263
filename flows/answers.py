"""Typed answers to onboarding, /settings and /race questions, read into values.

Each reader returns the value or raises :class:`AnswerError` with a short code (``past``,
``negative``, ``unreadable`` ...) that ``bot.render.onboarding.bad_answer`` turns into a
friendly, specific reply. Nothing here writes anything: a bad answer changes no state.
Inputs are bounded before any regex runs, and no regex nests quantifiers.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time, timedelta
from typing import Any

from coach.calendar import on_or_after
from coach.models import GoalKind, Units
from coach.paces import KM_PER_MILE, parse_race_distance, parse_race_time, vdot_from_race
from coach.rules import RULES

MAX_ANSWER_CHARS = 200
MAX_RACE_AHEAD = timedelta(days=730)  # "not more than two years out"
FEET_PER_METRE = 3.28084

WEEKDAY_WORDS: dict[str, int] = {
    "mon": 0, "monday": 0, "mo": 0,
    "tue": 1, "tues": 1, "tuesday": 1, "tu": 1,
    "wed": 2, "weds": 2, "wednesday": 2, "we": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "th": 3,
    "fri": 4, "friday": 4, "fr": 4,
    "sat": 5, "saturday": 5, "sa": 5,
    "sun": 6, "sunday": 6, "su": 6,
}  # fmt: skip
MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
YES = frozenset({"yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "of course", "true"})
NO = frozenset({"no", "n", "nope", "nah", "not really", "false", "never"})
SKIP = frozenset(
    {"skip", "default", "use default", "not sure", "dunno", "don't know", "dont know", "none",
     "no race", "n/a", "na", "-", "pass", "later"}
)  # fmt: skip
FILLER = frozenset({"and", "or", "plus", "also", "days", "day", "on", "the", "every"})


class AnswerError(ValueError):
    """A typed answer that does not fit the question; ``code`` says how, ``info`` the details."""

    def __init__(self, code: str, **info: Any) -> None:
        super().__init__(code)
        self.code = code
        self.info = info


def clean(text: str) -> str:
    """Lower case, single spaces, typographic dashes and quotes made plain."""
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerError("too_long")
    text = text.replace("–", "-").replace("—", "-").replace("−", "-").replace("’", "'")
    return " ".join(text.strip().lower().split())


def is_emoji_only(text: str) -> bool:
    """True for messages with no letter and no digit at all ("🏃‍♂️🔥", "👍")."""
    stripped = text.strip()
    return bool(stripped) and not any(unicodedata.category(c)[0] in ("L", "N") for c in stripped)


def is_skip(text: str) -> bool:
    return clean(text).strip(".!") in SKIP


def parse_yes_no(text: str) -> bool:
    word = clean(text).strip(".!")
    if word in YES:
        return True
    if word in NO:
        return False
    raise AnswerError("yes_no")


def parse_units(text: str) -> Units:
    word = clean(text).strip(".!")
    if word in {"km", "kms", "k", "kilometres", "kilometers", "kilometre", "kilometer", "metric"}:
        return Units.KM
    if word in {"mi", "mile", "miles", "imperial"}:
        return Units.MI
    raise AnswerError("units")


def parse_goal(text: str) -> GoalKind:
    word = clean(text).strip(".!")
    if any(w in word for w in ("trail", "ultra", "mountain", "skyrace")):
        return GoalKind.TRAIL
    if any(w in word for w in ("fitness", "general", "no race", "health", "just run")):
        return GoalKind.FITNESS
    try:
        km = parse_race_distance(word.removesuffix(" race"))
    except ValueError:
        raise AnswerError("goal") from None
    for goal, distance in (
        (GoalKind.ROAD_5K, 5.0),
        (GoalKind.ROAD_10K, 10.0),
        (GoalKind.ROAD_HALF, 21.0975),
        (GoalKind.ROAD_MARATHON, 42.195),
    ):
        if abs(km - distance) < 0.3:
            return goal
    raise AnswerError("goal")


# --- numbers with units ------------------------------------------------------------------------

_THOUSANDS_RE = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")
_FILLER_RE = re.compile(r"\b(?:about|around|roughly|approx|approximately|maybe|per week|a week|"
                        r"weekly|/ ?week|/ ?wk|pw|each week|a wk|total)\b|~")  # fmt: skip
_QTY_RE = re.compile(
    r"(-?)\s?(\d{1,5}(?:\.\d{1,3})?)(?:\s?-\s?(\d{1,5}(?:\.\d{1,3})?))?\s?([a-z']*)"
)
_DURATION_RE = re.compile(
    r"(?:(\d{1,3}(?:\.\d{1,2})?)\s?(?:h|hr|hrs|hour|hours))?\s?"
    r"(?:(\d{1,4})\s?(?:min|mins|minute|minutes|m|'))?"
)
#: Hours then bare minutes, as runners write a duration: "1h45", "1 h 45", "2hr 05".
_HOURS_MINUTES_RE = re.compile(r"(\d{1,2})\s?(?:h|hr|hrs|hour|hours)\s?(?:and )?([0-5]\d)")
_CLOCK_DURATION_RE = re.compile(r"(\d{1,2}):(\d{2})")
_KM_WORDS = {"km", "kms", "k", "kilometre", "kilometres", "kilometer", "kilometers", "kmpw"}
_MI_WORDS = {"mi", "mile", "miles", "mpw"}


def _normalise_number(text: str) -> str:
    text = _THOUSANDS_RE.sub(lambda m: m.group(0).replace(",", ""), text)
    return text.replace(",", ".")


def easy_pace_for(weekly_km: float | None) -> float:
    """The easy pace (s/km) the planner would assume for this volume, to turn time into km."""
    fastest, slowest = RULES.default_easy_pace_bounds
    km = weekly_km if weekly_km else 30.0
    guess = RULES.default_easy_pace_intercept - RULES.default_easy_pace_slope * km
    return min(slowest, max(fastest, guess))


def _duration_minutes(text: str) -> float | None:
    clock = _CLOCK_DURATION_RE.fullmatch(text) or _HOURS_MINUTES_RE.fullmatch(text)
    if clock is not None:
        return int(clock.group(1)) * 60 + int(clock.group(2))
    match = _DURATION_RE.fullmatch(text)
    if match is None or not any(match.groups()):
        return None
    return float(match.group(1) or 0) * 60 + int(match.group(2) or 0)


def parse_amount(
    text: str,
    units: Units,
    *,
    lo: float,
    hi: float,
    time_pace: float | None = None,
    weekly_time: bool = False,
) -> float:
    """Kilometres from "35 km", "20 mi", "35" (in ``units``) or "30-40 km"; and from a time
    ("4 h", "90 min") at ``time_pace`` s/km, or for a weekly volume (``weekly_time``) at the
    easy pace the planner assumes for that volume.

    Raises:
        AnswerError: ``negative``, ``zero``, ``range`` (with ``lo``/``hi``) or ``unreadable``.
    """
    cleaned = _FILLER_RE.sub(" ", _normalise_number(clean(text)))
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        raise AnswerError("unreadable")
    if cleaned.startswith("-") and re.search(r"\d", cleaned):
        raise AnswerError("negative")
    if time_pace is not None or weekly_time:
        minutes = _duration_minutes(cleaned)
        if minutes is not None and not re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
            if minutes <= 0:
                raise AnswerError("zero")
            km = minutes * 60 / (time_pace or easy_pace_for(None))
            if weekly_time:
                for _ in range(6):  # the assumed pace depends on the volume itself
                    km = minutes * 60 / easy_pace_for(km)
            return _in_range(km, lo, hi)
    match = _QTY_RE.fullmatch(cleaned)
    if match is None:
        raise AnswerError("unreadable")
    _negative, first, second, unit = match.groups()
    value = float(first) if second is None else (float(first) + float(second)) / 2
    if unit in _KM_WORDS:
        km = value
    elif unit in _MI_WORDS:
        km = value * KM_PER_MILE
    elif unit == "":
        km = value * KM_PER_MILE if units is Units.MI else value
    else:
        raise AnswerError("unreadable")
    if km <= 0:
        raise AnswerError("zero")
    return _in_range(km, lo, hi)


def _in_range(km: float, lo: float, hi: float) -> float:
    if not lo <= km <= hi:
        raise AnswerError("range", lo=lo, hi=hi)
    return round(km, 1)


def parse_weekly_km(text: str, units: Units) -> float:
    """Weekly volume: "35 km", "20 mi", "30-40", "4 h" (at the planner's assumed easy pace)."""
    return parse_amount(text, units, lo=1, hi=300, weekly_time=True)


def parse_longest_km(text: str, units: Units, weekly_km: float | None) -> float:
    """Longest recent run: "14 km", "8 mi", "90 min" (at their assumed easy pace)."""
    return parse_amount(text, units, lo=1, hi=200, time_pace=easy_pace_for(weekly_km))


def parse_trail_km(text: str, units: Units) -> float:
    """A trail race distance: "35 km", "50k", "100 mi", "42"."""
    return parse_amount(text, units, lo=5, hi=400)


_ELEVATION_RE = re.compile(r"(-?)\s?(\d{1,6}(?:\.\d{1,3})?)\s?(m|metres|meters|km|ft|feet|d\+|\+)?")


def parse_elevation_m(text: str) -> float:
    """Metres of climbing from "1200", "1200 m", "1.2 km", "4000 ft", "2,500 m D+"."""
    cleaned = _FILLER_RE.sub(" ", _normalise_number(clean(text)))
    cleaned = " ".join(cleaned.replace("d+", "").replace("elevation", "").split())
    match = _ELEVATION_RE.fullmatch(cleaned)
    if match is None:
        raise AnswerError("unreadable")
    negative, number, unit = match.groups()
    if negative:
        raise AnswerError("negative")
    value = float(number)
    if unit == "km":
        value *= 1000
    elif unit in ("ft", "feet"):
        value /= FEET_PER_METRE
    if not 0 <= value <= 15000:
        raise AnswerError("range", lo=0, hi=15000)
    return float(round(value))


# --- days --------------------------------------------------------------------------------------


def parse_count(text: str) -> int:
    """Runs per week, 1..7, from "4", "four", "4 days"."""
    words = clean(text).replace("x", " ").split()
    if not words:
        raise AnswerError("count")
    first = words[0]
    if first.startswith("-"):
        raise AnswerError("count")
    value = NUMBER_WORDS.get(first)
    if value is None and first.isascii() and first.isdigit():  # not "²", which int() refuses
        value = int(first)
    if value is None or not 1 <= value <= 7 or any(w not in FILLER | {"runs"} for w in words[1:]):
        raise AnswerError("count")
    return value


def parse_weekdays(text: str) -> tuple[int, ...]:
    """Weekdays from "mon wed fri sun", "Tue, Thu & Sat"; sorted, distinct."""
    tokens = [t for t in re.split(r"[^a-z]+", clean(text)) if t and t not in FILLER]
    if not tokens:
        raise AnswerError("weekdays")
    days: set[int] = set()
    for token in tokens:
        if token not in WEEKDAY_WORDS:
            raise AnswerError("weekdays")
        days.add(WEEKDAY_WORDS[token])
    return tuple(sorted(days))


def parse_weekday(text: str) -> int:
    days = parse_weekdays(text)
    if len(days) != 1:
        raise AnswerError("weekday")
    return days[0]


# --- dates and times ---------------------------------------------------------------------------

_ISO_RE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC_RE = re.compile(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?")
_DAY_MONTH_RE = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?(?: of)?[ -]([a-z]{3,9})\.?,?(?:[ -](\d{4}))?"
)
_MONTH_DAY_RE = re.compile(r"([a-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,?(?: (\d{4}))?")
#: The weekday a race "in N weeks" falls on (0 = Monday): Sunday, as the date buttons offer.
RACE_WEEKDAY = 6
_RELATIVE_RE = re.compile(
    r"(?:in )?(\d{1,3}|a|an|one|two|three|four|five|six|seven) "
    r"(day|days|week|weeks|wk|wks|month|months|year|years)(?: from now| time)?"
)


def _relative(amount: str, unit: str, today: date) -> date:
    n = 1 if amount in ("a", "an") else NUMBER_WORDS.get(amount) or int(amount)
    if unit.startswith("day"):
        return today + timedelta(days=n)
    if unit.startswith(("week", "wk")):
        return today + timedelta(weeks=n)
    months = n * 12 if unit.startswith("year") else n
    year, month = divmod(today.month - 1 + months, 12)
    day = min(today.day, 28)
    return date(today.year + year, month + 1, day)


def _build(year: int | None, month: int, day: int, today: date) -> date:
    if year is not None and year < 100:
        year += 2000
    try:
        if year is None:
            candidate = date(today.year, month, day)
            return candidate if candidate >= today else date(today.year + 1, month, day)
        return date(year, month, day)
    except ValueError:
        raise AnswerError("no_such_date") from None


def read_date(text: str, today: date) -> date:
    """A calendar date from 2027-04-18, 18/04/2027, 18 Apr 2027, "April 18", "in 12 weeks".

    Numeric dates are day first (18/04) unless only month first makes sense (04/18). A date
    without a year is its next occurrence.
    """
    cleaned = clean(text).strip(".!")
    if cleaned in ("today",):
        return today
    if cleaned in ("tomorrow",):
        return today + timedelta(days=1)
    if match := _ISO_RE.fullmatch(cleaned):
        return _build(int(match.group(1)), int(match.group(2)), int(match.group(3)), today)
    if match := _NUMERIC_RE.fullmatch(cleaned):
        first, second = int(match.group(1)), int(match.group(2))
        year = int(match.group(3)) if match.group(3) else None
        day, month = (second, first) if second > 12 >= first else (first, second)
        return _build(year, month, day, today)
    if (match := _DAY_MONTH_RE.fullmatch(cleaned)) and match.group(2) in MONTHS:
        year = int(match.group(3)) if match.group(3) else None
        return _build(year, MONTHS[match.group(2)], int(match.group(1)), today)
    if (match := _MONTH_DAY_RE.fullmatch(cleaned)) and match.group(1) in MONTHS:
        year = int(match.group(3)) if match.group(3) else None
        return _build(year, MONTHS[match.group(1)], int(match.group(2)), today)
    if match := _RELATIVE_RE.fullmatch(cleaned):
        return _relative(match.group(1), match.group(2), today)
    raise AnswerError("date")


def parse_race_date(text: str, today: date) -> date:
    """A race date: readable, not in the past, at most two years out.

    "In 20 weeks" (or months, or years) is the Sunday of the week it lands in, like the
    date buttons ("Sun 14 Feb · 12 wk" is what "in 12 weeks" reads as): most races are on
    a Sunday, and a plan built to a Friday because onboarding happened on one put the race
    on a day the athlete never meant. "In 10 days" is taken to the day.
    """
    cleaned = clean(text).strip(".!")
    if cleaned.startswith("-"):
        raise AnswerError("date")
    day = read_date(text, today)
    relative = _RELATIVE_RE.fullmatch(cleaned)
    if relative is not None and not relative.group(2).startswith("day"):
        day = on_or_after(day, RACE_WEEKDAY)
    check_race_date(day, today)
    return day


def check_race_date(day: date, today: date) -> None:
    if day < today:
        raise AnswerError("past", day=day)
    if day > today + MAX_RACE_AHEAD:
        raise AnswerError("too_far", day=day, latest=today + MAX_RACE_AHEAD)


_CLOCK_RE = re.compile(r"(\d{1,2})(?:[:.h](\d{2}))?\s?(am|pm|a\.m\.|p\.m\.|h)?")


def parse_clock(text: str, *, evening: bool = False) -> time:
    """A time of day from "6:15", "06:15", "7am", "7:30 pm", "19h30"; for an evening question
    a bare "8" or "8:30" means the evening."""
    cleaned = clean(text).replace(" o'clock", "").replace("noon", "12:00pm")
    match = _CLOCK_RE.fullmatch(cleaned)
    if match is None:
        raise AnswerError("clock")
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").replace(".", "")
    if minutes > 59 or hours > 23 or (suffix in ("am", "pm") and not 1 <= hours <= 12):
        raise AnswerError("clock")
    if suffix == "am":
        hours = 0 if hours == 12 else hours
    elif suffix == "pm":
        hours = 12 if hours == 12 else hours + 12
    elif evening and 1 <= hours <= 11:
        hours += 12
    return time(hours, minutes)


def parse_result_time(text: str, distance_km: float) -> float:
    """A recent race or time-trial time in seconds, plausible for ``distance_km``."""
    try:
        seconds = parse_race_time(clean(text))
    except ValueError:
        raise AnswerError("race_time") from None
    try:
        vdot_from_race(distance_km, seconds)
    except ValueError:
        raise AnswerError("implausible_time", seconds=seconds, km=distance_km) from None
    return seconds


def parse_result_distance(text: str) -> float:
    try:
        return parse_race_distance(clean(text))
    except ValueError:
        raise AnswerError("race_distance") from None
