"""Morning pushes arrive at the athlete's local push time, once per local date, in five zones,
on the day before, the day of and the day after both daylight-saving changes.

Each zone has two athletes: one at 06:30 and one whose push time falls in the hour the
clocks skip or repeat. The clock is ticked a minute before each expected push (nothing may
arrive yet), at the push (it arrives, stamped with that instant) and, on fall-back days, at
the repeated hour (nothing new arrives). Expected instants for the skipped and repeated hours
are written out by hand from the zones' rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from coach.pushtimes import PushKind
from tests.scheduler.conftest import Stage, local, on, utc


@dataclass(frozen=True)
class Change:
    day: date
    odd_time: str  # a push time in the hour that is skipped (spring) or repeated (fall)
    odd_due: datetime | None  # when that push is due on the change day (None: no DST)
    repeated: bool  # fall back: the odd time happens twice


ZONES: dict[str, tuple[Change, Change]] = {
    "Europe/Paris": (
        Change(date(2026, 3, 29), "02:30", utc(2026, 3, 29, 1, 0), False),  # -> 03:00 CEST
        Change(date(2026, 10, 25), "02:30", utc(2026, 10, 25, 0, 30), True),  # 02:30 CEST
    ),
    "America/New_York": (
        Change(date(2026, 3, 8), "02:30", utc(2026, 3, 8, 7, 0), False),  # -> 03:00 EDT
        Change(date(2026, 11, 1), "01:30", utc(2026, 11, 1, 5, 30), True),  # 01:30 EDT
    ),
    "Australia/Sydney": (
        Change(date(2026, 4, 5), "02:30", utc(2026, 4, 4, 15, 30), True),  # 02:30 AEDT
        Change(date(2026, 10, 4), "02:30", utc(2026, 10, 3, 16, 0), False),  # -> 03:00 AEDT
    ),
    "Pacific/Chatham": (
        Change(date(2026, 4, 5), "03:00", utc(2026, 4, 4, 13, 15), True),  # 03:00 +13:45
        Change(date(2026, 9, 27), "03:00", utc(2026, 9, 26, 14, 0), False),  # -> 03:45 +13:45
    ),
    "Asia/Kolkata": (  # +05:30 all year: the same days, nothing moves
        Change(date(2026, 3, 29), "02:30", None, False),
        Change(date(2026, 10, 25), "02:30", None, False),
    ),
}
REGULAR, ODD = 1, 2


def expected_pushes(tz: str, change: Change) -> dict[int, list[datetime]]:
    """athlete -> the instants their morning pushes are due, the change day +- 1."""
    days = [change.day + timedelta(days=k) for k in (-1, 0, 1)]
    odd = [
        change.odd_due if (d == change.day and change.odd_due) else on(d, change.odd_time, tz)
        for d in days
    ]
    return {REGULAR: [on(d, "06:30", tz) for d in days], ODD: odd}


@pytest.mark.parametrize("tz", list(ZONES))
async def test_each_push_once_at_local_push_time_across_dst_changes(stage: Stage, tz: str) -> None:
    first_change = ZONES[tz][0]
    stage.clock.set(min(expected_pushes(tz, first_change)[ODD]) - timedelta(hours=6))
    await stage.athlete(REGULAR, tz, "06:30", first_name="Reg")
    await stage.athlete(ODD, tz, first_change.odd_time, first_name="Odd")

    arrived: dict[int, list[datetime]] = {REGULAR: [], ODD: []}
    for change in ZONES[tz]:
        due = expected_pushes(tz, change)
        # As /settings would: the odd athlete moves their push into this change's odd hour.
        stage.clock.set(min(due[ODD]) - timedelta(hours=6))
        await stage.db.athletes.update_fields(ODD, stage.clock.now(), push_time=change.odd_time)
        await stage.db.deliveries.reschedule(ODD, stage.clock.now())
        ticks = sorted(
            {t - timedelta(minutes=1) for ts in due.values() for t in ts}
            | {t for ts in due.values() for t in ts}
            | (
                {change.odd_due + timedelta(hours=1)}
                if change.repeated and change.odd_due
                else set()
            )
        )
        for instant in ticks:
            await stage.tick(instant, kinds=(PushKind.MORNING,))
            for athlete, expected in due.items():
                got = [m.date for m in stage.pushes(athlete)]
                should = arrived[athlete] + [t for t in expected if t <= instant]
                assert got == should, f"{tz} athlete {athlete} at {instant}: {got} != {should}"
        for athlete, expected in due.items():
            arrived[athlete] += expected

    # Seen from the athlete: one push per local date, at the push time on the wall clock
    # (03:00 / 03:45 on the day the odd time does not exist).
    for athlete in (REGULAR, ODD):
        pushes = stage.pushes(athlete)
        local_days = [local(m.date, tz).date() for m in pushes]
        assert len(local_days) == len(set(local_days)) == 6
    assert {local(m.date, tz).strftime("%H:%M") for m in stage.pushes(REGULAR)} == {"06:30"}
    odd_walls = [local(m.date, tz).strftime("%H:%M") for m in stage.pushes(ODD)]
    for change, wall in zip(ZONES[tz], (odd_walls[1], odd_walls[4]), strict=True):
        skipped = change.odd_due is not None and not change.repeated
        if skipped:
            assert wall == local(change.odd_due, tz).strftime("%H:%M") != change.odd_time
        else:
            assert wall == change.odd_time
