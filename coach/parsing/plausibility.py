"""Values a human can do, or one clarifying question (COACHING.md §6).

"20h" after an easy run is a typo for 20 min far more often than a 20-hour run, "300km" is
not a day's running, and "😴 5h" is a night, not a run. A coach who stored those would plan
the next week on them, so a value outside ``RULES.log_*`` is never stored: the athlete gets
one question, with the likely readings as buttons ("20 h or 20 min?"), and the log waits for
the answer.

A :class:`Clarification` is pure data: the question, which field it is about, and the
readings to offer (label and value in the field's unit). The bot renders it; the answer
replaces the field and the log is checked again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from coach.rules import RULES, CoachingRules

Field = Literal["duration_min", "distance_km", "pace", "sleep_hours", "date", "value"]


@dataclass(frozen=True)
class Clarification:
    """One question about one value, and the readings the athlete can pick.

    Attributes:
        field: The value in doubt.
        question: What the bot asks, built only from what the athlete wrote.
        options: (button label, value in the field's unit: minutes, km or hours); empty when
            no reading can be guessed and the athlete should type the value again.
    """

    field: Field
    question: str
    options: tuple[tuple[str, float], ...] = ()


def _number(value: float) -> str:
    """``20.0`` -> "20", ``8.25`` -> "8.25": the number as the athlete would write it."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _duration(minutes: float) -> str:
    """ "1 h 05", "45 min", "4:50" (minutes and seconds, as a watch shows them)."""
    if minutes >= 60:
        hours, rest = divmod(round(minutes), 60)
        return f"{hours} h {rest:02d}" if rest else f"{hours} h"
    if minutes != int(minutes):
        whole, seconds = divmod(round(minutes * 60), 60)
        return f"{whole}:{seconds:02d}"
    return f"{_number(minutes)} min"


def _pace(seconds_per_km: float) -> str:
    minutes, seconds = divmod(round(seconds_per_km), 60)
    return f"{minutes}:{seconds:02d}/km"


def check_duration(
    minutes: float, *, ultra: bool = False, rules: CoachingRules = RULES
) -> Clarification | None:
    """A run's duration against ``rules.log_run_minutes`` (longer for ultra goals).

    Too long reads the number as minutes instead ("20 h or 20 min?"); too short as hours
    ("1 min or 1 h?").
    """
    low, high = rules.log_run_minutes
    if ultra:
        high = rules.log_run_minutes_ultra
    if minutes > high:
        hours = minutes / 60.0
        if minutes % 60 == 0 and hours <= high:  # "20h": the unit is the likely typo
            return Clarification(
                "duration_min",
                f"{_number(hours)} h or {_number(hours)} min?",
                ((f"{_number(hours)} h", minutes), (f"{_number(hours)} min", hours)),
            )
        options: list[tuple[str, float]] = [(_duration(minutes), minutes)]
        if low <= minutes / 10.0 <= high:  # "400 min": a zero too many
            options.append((_duration(minutes / 10.0), minutes / 10.0))
        readings = " or ".join(label for label, _ in options)
        return Clarification("duration_min", f"{readings}?", tuple(options))
    if minutes < low:
        short: list[tuple[str, float]] = [(f"{_number(minutes)} min", minutes)]
        if minutes * 60.0 <= high:
            short.append((f"{_number(minutes)} h", minutes * 60.0))
        readings = " or ".join(label for label, _ in short)
        return Clarification("duration_min", f"{readings}?", tuple(short))
    return None


def check_distance(km: float, *, rules: CoachingRules = RULES) -> Clarification | None:
    """A run's distance against ``rules.log_distance_km_max``: "300 km, 30 km or 300 m?"."""
    if km <= rules.log_distance_km_max:
        return None
    options = [(f"{_number(km)} km", km)]
    if km / 10.0 <= rules.log_distance_km_max:
        options.append((f"{_number(km / 10.0)} km", km / 10.0))
    options.append((f"{_number(km)} m", km / 1000.0))
    readings = ", ".join(label for label, _ in options[:-1]) + f" or {options[-1][0]}"
    return Clarification("distance_km", f"{readings}?", tuple(options))


def check_pace(minutes: float, km: float, *, rules: CoachingRules = RULES) -> Clarification | None:
    """The average pace of a run against ``rules.log_pace_s_per_km``: faster than a world
    record, or slower than walking, means the time or the distance is off."""
    if km <= 0 or minutes <= 0:
        return None
    pace = minutes * 60.0 / km
    fastest, slowest = rules.log_pace_s_per_km
    what = f"{_number(km)} km in {_duration(minutes)}"
    if pace < fastest:
        return Clarification(
            "pace",
            f"{what} is {_pace(pace)}, faster than any world record: "
            "what were the time and the distance?",
        )
    if pace > slowest:
        return Clarification(
            "pace",
            f"{what} is {_pace(pace)}, slower than walking: what were the time and the distance?",
        )
    return None


def check_sleep(hours: float, *, rules: CoachingRules = RULES) -> Clarification | None:
    """A night's sleep against ``rules.log_sleep_hours``."""
    low, high = rules.log_sleep_hours
    if low <= hours <= high:
        return None
    return Clarification(
        "sleep_hours", f"{_number(hours)} h of sleep is more than a night: how long did you sleep?"
    )
