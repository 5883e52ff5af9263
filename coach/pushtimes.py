"""Pure time math for the pushes: when each one is due and until when it may still go out.

Every athlete has an IANA zone and local wall times ("06:30"). A push belongs to a *local
date*: the deliveries table's unique key is (athlete, kind, local date), so whatever the
zone does, one local date gets at most one push of each kind. This module turns a local
date into the UTC instant the push is due and the instant after which it is stale.

Daylight saving, decided once here:

* A wall time that does not exist that day (spring forward, e.g. 02:30 in Paris on the last
  Sunday of March) is due *just after the gap*: the first instant of the new offset (03:00).
* A wall time that happens twice (fall back) is due at its *first* occurrence (``fold=0``);
  the second occurrence is the same local date, so the unique key makes it a no-op.

It lives in ``coach/`` because it is pure (only the standard library: ``zoneinfo``, never
``pytz``; "now" is always an argument) and because both ``storage`` (which computes the next
due instant in the same transaction that claims a push) and ``scheduler`` need it: the lowest
layer is the one place both may import.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coach.calendar import on_or_after

#: The morning push is caught up after downtime until this local time ...
MORNING_CATCH_UP_UNTIL = time(11, 30)
#: ... or until this long after the push time, whichever is later (a 10:00 push keeps 4 h).
MORNING_CATCH_UP_AT_LEAST = timedelta(hours=4)
#: The evening reminder is still useful this long after the reminder time, but never after
#: the local midnight that ends its day (a reminder about "today" is wrong tomorrow).
EVENING_WINDOW = timedelta(hours=3)
#: The weekly summary goes out on this weekday (``date.weekday()``: Sunday is 6) ...
WEEKLY_SUMMARY_WEEKDAY = 6
#: ... this long after the athlete's reminder time, so the day's run can be logged first ...
WEEKLY_SUMMARY_AFTER_REMINDER = timedelta(hours=1)
#: ... but no later than this local time (a summary near midnight reads as noise).
WEEKLY_SUMMARY_LATEST = time(22, 30)
#: A missed weekly summary (bot down on Sunday evening) is still sent until this long after
#: it was due: Monday morning is fine, Monday evening is not.
WEEKLY_WINDOW = timedelta(hours=14)


class PushKind(StrEnum):
    """The three scheduled pushes; the value is stored in ``deliveries.kind``."""

    MORNING = "morning"
    EVENING = "evening"
    WEEKLY = "weekly"


@dataclass(frozen=True, slots=True)
class Slot:
    """One push's place in time: the local date it belongs to, when it is due, when stale."""

    kind: PushKind
    local_date: date
    due_at: datetime
    expires_at: datetime

    def is_stale(self, now: datetime) -> bool:
        return now >= self.expires_at


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    """The zone called ``name``; raises ``ValueError`` for an unknown name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def local_date(instant: datetime, tz: ZoneInfo) -> date:
    """The calendar date on the wall in ``tz`` at ``instant``."""
    return instant.astimezone(tz).date()


@lru_cache(maxsize=16384)
def wall_instant(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """The UTC instant when clocks in ``tz`` show ``wall`` on ``day``.

    Nonexistent times (a DST gap) give the first instant after the gap; ambiguous times (a
    DST overlap) give the first occurrence. Cached: a fan-out asks the same few questions
    (today, this zone, this push time) for thousands of athletes.
    """
    naive = datetime.combine(day, wall.replace(tzinfo=None, fold=0))
    first = naive.replace(tzinfo=tz).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == naive:
        return first
    # In a gap, fold=0 reads the wall time with the offset before the transition (too late an
    # instant) and fold=1 with the offset after it (too early): the transition lies between.
    early = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    return _transition_between(early, first, tz)


def _transition_between(early: datetime, late: datetime, tz: ZoneInfo) -> datetime:
    """The first whole second in (early, late] that uses ``late``'s offset (binary search)."""
    target = late.astimezone(tz).utcoffset()
    lo, hi = 0, int((late - early).total_seconds())
    while lo < hi:
        mid = (lo + hi) // 2
        if (early + timedelta(seconds=mid)).astimezone(tz).utcoffset() == target:
            hi = mid
        else:
            lo = mid + 1
    return early + timedelta(seconds=lo)


def _plus(wall: time, delta: timedelta) -> time:
    """``wall + delta`` on the clock face, clamped to the same day."""
    minutes = wall.hour * 60 + wall.minute + int(delta.total_seconds() // 60)
    minutes = max(0, min(minutes, 23 * 60 + 59))
    return time(minutes // 60, minutes % 60)


def weekly_time(reminder: time) -> time:
    """The local time of the weekly summary for an athlete with this reminder time."""
    return min(_plus(reminder, WEEKLY_SUMMARY_AFTER_REMINDER), WEEKLY_SUMMARY_LATEST)


def slot_on(
    kind: PushKind, day: date, tz: ZoneInfo, push_time: time, reminder_time: time
) -> Slot | None:
    """The push of ``kind`` that belongs to local date ``day`` (None: no such push that day)."""
    if kind is PushKind.MORNING:
        due = wall_instant(day, push_time, tz)
        until = max(wall_instant(day, MORNING_CATCH_UP_UNTIL, tz), due + MORNING_CATCH_UP_AT_LEAST)
        return Slot(kind, day, due, until)
    if kind is PushKind.EVENING:
        due = wall_instant(day, reminder_time, tz)
        midnight = wall_instant(day + timedelta(days=1), time(0, 0), tz)
        return Slot(kind, day, due, max(due, min(due + EVENING_WINDOW, midnight)))
    if day.weekday() != WEEKLY_SUMMARY_WEEKDAY:
        return None
    due = wall_instant(day, weekly_time(reminder_time), tz)
    return Slot(kind, day, due, due + WEEKLY_WINDOW)


def _slots_from(
    kind: PushKind, start: date, tz: ZoneInfo, push_time: time, reminder_time: time
) -> Iterator[Slot]:
    """The slots of the local dates from ``start`` on, lazily, for ever."""
    day = start
    if kind is PushKind.WEEKLY:  # jump straight to the summary weekday
        day = on_or_after(day, WEEKLY_SUMMARY_WEEKDAY)
    step = timedelta(days=7 if kind is PushKind.WEEKLY else 1)
    while True:
        slot = slot_on(kind, day, tz, push_time, reminder_time)
        if slot is not None:
            yield slot
        day += step


def next_slot_after(
    kind: PushKind,
    day: date,
    now: datetime,
    tz: ZoneInfo,
    push_time: time,
    reminder_time: time,
) -> Slot:
    """The first slot of a local date after ``day`` that is not already stale at ``now``.

    Used when the push of ``day`` has been handled: normally the next day's (next Sunday's)
    slot; after a long outage or a long block it jumps straight to the first slot that can
    still be sent, instead of walking through every missed day.
    """
    start = max(day + timedelta(days=1), local_date(now, tz) - timedelta(days=1))
    return next(
        s for s in _slots_from(kind, start, tz, push_time, reminder_time) if not s.is_stale(now)
    )


def first_slot_from(
    kind: PushKind, now: datetime, tz: ZoneInfo, push_time: time, reminder_time: time
) -> Slot:
    """The first slot due at or after ``now`` (a fresh schedule: onboarding, new times)."""
    start = local_date(now, tz) - timedelta(days=1)
    return next(
        s for s in _slots_from(kind, start, tz, push_time, reminder_time) if s.due_at >= now
    )


def slot_at(
    kind: PushKind, due_at: datetime, tz: ZoneInfo, push_time: time, reminder_time: time
) -> Slot:
    """The slot a stored ``next_*_at`` instant stands for (its local date in ``tz``).

    The stored instant stays the due time even if the athlete's times changed since; the
    window is recomputed from the local date, and a weekly instant that no longer falls on
    the summary weekday (a zone change) is treated as already stale.
    """
    day = local_date(due_at, tz)
    slot = slot_on(kind, day, tz, push_time, reminder_time)
    if slot is None:
        return Slot(kind, day, due_at, due_at)
    return Slot(kind, day, due_at, max(slot.expires_at, due_at))
