"""The time math on its own: DST gaps and overlaps, windows, and the next slot after downtime.

Expected instants are written out by hand from the zones' published transitions, not
computed with the code under test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from coach.pushtimes import (
    MORNING_CATCH_UP_UNTIL,
    PushKind,
    first_slot_from,
    next_slot_after,
    slot_on,
    wall_instant,
    weekly_time,
    zone,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("tz", "day", "wall", "expected"),
    [
        # spring forward: the wall time does not exist -> the first instant after the gap
        ("Europe/Paris", date(2026, 3, 29), time(2, 30), utc(2026, 3, 29, 1, 0)),  # 03:00 CEST
        ("America/New_York", date(2026, 3, 8), time(2, 30), utc(2026, 3, 8, 7, 0)),  # 03:00 EDT
        ("Australia/Sydney", date(2026, 10, 4), time(2, 30), utc(2026, 10, 3, 16, 0)),  # 03:00
        ("Pacific/Chatham", date(2026, 9, 27), time(3, 0), utc(2026, 9, 26, 14, 0)),  # 03:45
        # fall back: the wall time happens twice -> the first occurrence
        ("Europe/Paris", date(2026, 10, 25), time(2, 30), utc(2026, 10, 25, 0, 30)),  # CEST
        ("America/New_York", date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30)),  # EDT
        ("Australia/Sydney", date(2026, 4, 5), time(2, 30), utc(2026, 4, 4, 15, 30)),  # AEDT
        ("Pacific/Chatham", date(2026, 4, 5), time(3, 0), utc(2026, 4, 4, 13, 15)),  # +13:45
        # no DST, half- and three-quarter-hour offsets
        ("Asia/Kolkata", date(2026, 3, 29), time(6, 30), utc(2026, 3, 29, 1, 0)),  # +05:30
        ("Pacific/Chatham", date(2026, 7, 1), time(6, 30), utc(2026, 6, 30, 17, 45)),  # +12:45
    ],
)
def test_wall_instant_resolves_gaps_and_overlaps(
    tz: str, day: date, wall: time, expected: datetime
) -> None:
    assert wall_instant(day, wall, zone(tz)) == expected


def test_morning_window_runs_to_late_morning_or_four_hours_after_the_push() -> None:
    paris = zone("Europe/Paris")
    early = slot_on(PushKind.MORNING, date(2026, 11, 23), paris, time(6, 30), time(20, 0))
    assert early is not None
    assert early.expires_at.astimezone(paris).time() == MORNING_CATCH_UP_UNTIL
    late = slot_on(PushKind.MORNING, date(2026, 11, 23), paris, time(9, 0), time(20, 0))
    assert late is not None
    assert late.expires_at - late.due_at == timedelta(hours=4)


def test_evening_window_ends_at_local_midnight() -> None:
    paris = zone("Europe/Paris")
    slot = slot_on(PushKind.EVENING, date(2026, 11, 23), paris, time(6, 30), time(22, 30))
    assert slot is not None
    assert slot.expires_at == utc(2026, 11, 23, 23, 0)  # 00:00 local, not 01:30


def test_weekly_summary_is_on_sunday_evening_after_the_reminder() -> None:
    paris = zone("Europe/Paris")
    assert slot_on(PushKind.WEEKLY, date(2026, 11, 21), paris, time(6), time(20)) is None
    sunday = slot_on(PushKind.WEEKLY, date(2026, 11, 22), paris, time(6), time(20))
    assert sunday is not None
    assert sunday.due_at.astimezone(paris).time() == time(21, 0)
    assert weekly_time(time(23, 0)) == time(22, 30)


def test_after_a_long_outage_the_next_slot_is_the_first_that_can_still_go_out() -> None:
    paris = zone("Europe/Paris")
    now = utc(2026, 11, 25, 9, 0)  # Wednesday 10:00 local: that morning can still go out
    slot = next_slot_after(PushKind.MORNING, date(2026, 11, 1), now, paris, time(6, 30), time(20))
    assert slot.local_date == date(2026, 11, 25)
    later = utc(2026, 11, 25, 12, 0)  # 13:00 local: too late for today
    slot = next_slot_after(PushKind.MORNING, date(2026, 11, 1), later, paris, time(6, 30), time(20))
    assert slot.local_date == date(2026, 11, 26)


def test_a_fresh_schedule_starts_at_the_next_push_time() -> None:
    paris = zone("Europe/Paris")
    before = first_slot_from(
        PushKind.MORNING, utc(2026, 11, 23, 5, 0), paris, time(6, 30), time(20)
    )
    after = first_slot_from(PushKind.MORNING, utc(2026, 11, 23, 6, 0), paris, time(6, 30), time(20))
    assert before.local_date == date(2026, 11, 23)
    assert after.local_date == date(2026, 11, 24)
    weekly = first_slot_from(PushKind.WEEKLY, utc(2026, 11, 23, 6, 0), paris, time(6), time(20))
    assert weekly.local_date == date(2026, 11, 29)


def test_unknown_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        zone("Mars/Olympus_Mons")
