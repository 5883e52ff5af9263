"""The day a message is about: "yesterday", "last night", "on Tuesday", "2026-12-03", "3/12".

Runners log late and check in early: "yesterday ran 10k in 50 min" belongs to yesterday's
session, and "slept 6h last night" is this morning's check-in. The reader (``coach.parser``)
finds the words with :data:`DATE_PATTERNS` and keeps a :class:`DateRef`; :func:`resolve`
turns it into a date once "today" is known, so the same message means the same day whether
it is read at 23:59 or in a test.

Day-month dates are read the European way (d/m) and only where they cannot be a score: after
"on" ("on 3/12"), with a year ("3/12/2026"), or opening the message ("3/12 ran 8k") with a
month other than 5 or 10 (so "6/10 knee" stays a pain score and "4/5" a quality).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

_F = re.ASCII

#: Month names and their usual abbreviations, by number.
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "wen": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
#: Months that a leading "a/b" never means: they are the 1-5 and 0-10 scales' denominators.
_SCALE_DENOMINATORS = frozenset({5, 10})

DateKind = Literal["offset", "last_night", "weekday", "date"]


@dataclass(frozen=True)
class DateRef:
    """A day as the athlete named it, before "today" is known.

    Attributes:
        kind: "offset" (days back: today 0, yesterday 1), "last_night" (yesterday for a run,
            today for a check-in: the night before this morning), "weekday" (the latest such
            day, today included unless ``before``), or "date" (a calendar date).
        offset: Days back, for "offset".
        weekday: 0 = Monday, for "weekday".
        before: "last Tuesday": strictly before today.
        year: For "date"; None when not written (the latest such date not in the future).
        month: For "date".
        day: For "date".
        text: The words it was read from.
    """

    kind: DateKind
    offset: int = 0
    weekday: int = 0
    before: bool = False
    year: int | None = None
    month: int = 0
    day: int = 0
    text: str = ""


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _calendar(m: re.Match[str], day: str, month: str, year: str | None) -> DateRef | None:
    d, mo = int(day), int(month)
    y = None if year is None else (int(year) + 2000 if len(year) == 2 else int(year))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return DateRef("date", year=y, month=mo, day=d, text=m.group(0))


def _iso(m: re.Match[str]) -> DateRef | None:
    return _calendar(m, m.group(3), m.group(2), m.group(1))


def _dmy(m: re.Match[str]) -> DateRef | None:
    return _calendar(m, m.group(1), m.group(2), m.group(3))


def _dm(m: re.Match[str]) -> DateRef | None:
    return _calendar(m, m.group(1), m.group(2), None)


def _lead_dm(m: re.Match[str]) -> DateRef | None:
    if int(m.group(2)) in _SCALE_DENOMINATORS:
        return None
    return _dm(m)


def _day_month_name(m: re.Match[str]) -> DateRef | None:
    return _calendar(m, m.group(1), str(_MONTHS[m.group(2)[:3]]), None)


def _month_name_day(m: re.Match[str]) -> DateRef | None:
    return _calendar(m, m.group(2), str(_MONTHS[m.group(1)[:3]]), None)


def _offset(days: int) -> Callable[[re.Match[str]], DateRef | None]:
    def build(m: re.Match[str]) -> DateRef | None:
        return DateRef("offset", offset=days, text=m.group(0))

    return build


def _days_ago(m: re.Match[str]) -> DateRef | None:
    return DateRef("offset", offset=int(m.group(1)), text=m.group(0))


def _last_night(m: re.Match[str]) -> DateRef | None:
    return DateRef("last_night", text=m.group(0))


def _weekday(m: re.Match[str]) -> DateRef | None:
    before = m.group(1) is not None and m.group(1) != "on"
    return DateRef("weekday", weekday=_WEEKDAYS[m.group(2)], before=before, text=m.group(0))


def _bare_weekday(m: re.Match[str]) -> DateRef | None:
    return DateRef("weekday", weekday=_WEEKDAYS[m.group(1)[:3]], text=m.group(0))


_MONTH_ALT = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_PREFIX = r"(?:(on|last|this past|past)\s)?"

#: (pattern, builder) in the order they are tried; a builder returning None leaves the words
#: where they were (they were not a date after all). Input is lower-case ASCII.
DATE_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], DateRef | None]], ...] = (
    (re.compile(r"(?<![\d-])(20\d\d)-(\d{1,2})-(\d{1,2})(?![\d-])", _F), _iso),
    (re.compile(r"(?<![\d/.,:])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])", _F), _dmy),
    (re.compile(r"\bon\s(?:the\s)?(\d{1,2})/(\d{1,2})(?![\d/.,])", _F), _dm),
    (
        re.compile(
            r"^(\d{1,2})/(\d{1,2})(?![\d/.,])(?=\s|:|$)"
            r"(?!\s?(?:reps?|repeats?|intervals?|sets?|rounds?|efforts?)\b)",
            _F,
        ),
        _lead_dm,
    ),
    (
        re.compile(
            r"\b(?:on\s)?(?:the\s)?(\d{1,2})" + _ORDINAL + r"\s(?:of\s)?" + _MONTH_ALT + r"\b", _F
        ),
        _day_month_name,
    ),
    (
        re.compile(r"\b(?:on\s)?" + _MONTH_ALT + r"\s(\d{1,2})" + _ORDINAL + r"(?![\d:.,])\b", _F),
        _month_name_day,
    ),
    (re.compile(r"\b(?:the\s)?day before yesterday\b", _F), _offset(2)),
    (re.compile(r"\b(?:yesterday|y[ea]?st[ea]?r?d[ae]?y|yday|yest)(?:'s)?\b", _F), _offset(1)),
    (re.compile(r"\b(?:last\snight|lastnight|last\snite)(?:'s)?\b", _F), _last_night),
    (re.compile(r"\b(\d{1,2})\sdays?\sago\b", _F), _days_ago),
    (
        re.compile(
            r"\b(?:(?:earlier\s)?this\s(?:morning|afternoon|evening|lunchtime|am|pm)|tonight|"
            r"(?<!not\s)(?<!not\sfor\s)today(?:'s)?)\b",
            _F,
        ),
        _offset(0),
    ),
    (
        re.compile(
            _PREFIX + r"(mon|tue|wed|wen|thu|fri|sat|sun)[a-z]{0,6}d[ae]?y(?:'s)?"
            r"(?:\s(?:morning|afternoon|evening|night|am|pm))?\b",
            _F,
        ),
        _weekday,
    ),
    (re.compile(r"\b(on|last)\s(mon|tue|wed|thu|fri|sat|sun)[a-z]?\b", _F), _weekday),
    (re.compile(r"\b(tues|weds|thurs)\b", _F), _bare_weekday),
    (re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)(?=[\s:,]|$)", _F), _bare_weekday),
)


def resolve(ref: DateRef, today: date, *, checkin: bool = False) -> date | None:
    """The calendar day ``ref`` names, seen from ``today``.

    Args:
        ref: What the athlete wrote.
        today: The athlete's local date when the message arrived.
        checkin: Whether the message is a morning check-in: then "last night" is this
            morning's check-in (today); for a run it is yesterday evening.

    Returns:
        The day, or None for a date that does not exist (31/2).
    """
    if ref.kind == "offset":
        return today - timedelta(days=ref.offset)
    if ref.kind == "last_night":
        return today if checkin else today - timedelta(days=1)
    if ref.kind == "weekday":
        back = (today.weekday() - ref.weekday) % 7
        if back == 0 and ref.before:
            back = 7
        return today - timedelta(days=back)
    if ref.year is not None:
        return date(ref.year, ref.month, ref.day) if _valid(ref.year, ref.month, ref.day) else None
    for year in (today.year, today.year - 1):  # the latest such day not after today
        if _valid(year, ref.month, ref.day) and date(year, ref.month, ref.day) <= today:
            return date(year, ref.month, ref.day)
    return None
