"""The coach's calendar: plans run Monday to Sunday, weekdays are ``date.weekday()`` numbers.

One home for the date arithmetic every layer used to write for itself (the planner, the
views, the weekly review, the fan-out reader): which Monday a day's week starts on, the
next given weekday, and the weekdays' names as the athlete reads them.
"""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["DAY_NAMES", "monday_of", "on_or_after"]

#: The weekdays as the athlete reads them, indexed by ``date.weekday()`` (0 = Monday).
DAY_NAMES: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)


def monday_of(day: date) -> date:
    """The Monday of ``day``'s week (plans, weeks and the week views are Monday-based)."""
    return day - timedelta(days=day.weekday())


def on_or_after(day: date, weekday: int) -> date:
    """The first date from ``day`` on (``day`` itself included) that falls on ``weekday``."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)
