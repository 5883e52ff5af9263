"""The coach's calendar: Monday-based weeks, the next given weekday, the weekdays' names."""

from __future__ import annotations

from datetime import date, timedelta

from coach.calendar import DAY_NAMES, monday_of, on_or_after


def test_monday_of_every_day_of_a_week_is_its_monday() -> None:
    monday = date(2026, 11, 30)
    for offset in range(7):
        assert monday_of(monday + timedelta(days=offset)) == monday
    assert monday_of(monday - timedelta(days=1)) == monday - timedelta(weeks=1)


def test_on_or_after_includes_the_day_itself() -> None:
    tuesday = date(2026, 12, 1)
    assert on_or_after(tuesday, 1) == tuesday
    assert on_or_after(tuesday, 6) == date(2026, 12, 6)  # Sunday
    assert on_or_after(tuesday, 0) == date(2026, 12, 7)  # next Monday


def test_day_names_follow_date_weekday() -> None:
    assert DAY_NAMES[date(2026, 12, 1).weekday()] == "Tuesday"
    assert len(DAY_NAMES) == 7
