"""Adjustments are what /why shows: each change recorded once per day, whoever records it
(one athlete's action, or a page of the morning fan-out at once)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from coach.models import Adjustment, AdjustmentKind
from storage.adjustments import StoredAdjustment
from storage.database import Database

NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
DAY = date(2026, 11, 24)


def change(reason: str, day: date = DAY) -> Adjustment:
    return Adjustment(date=day, kind=AdjustmentKind.REDUCED, reason=reason)


async def test_a_page_of_changes_is_recorded_once_each(db: Database) -> None:
    for athlete_id in (1, 2, 3):
        await db.athletes.register(athlete_id, athlete_id, "Ann", NOW)
    await db.adjustments.add_adjustments(1, [change("short night")], NOW)

    await db.adjustments.record_adjustments(
        {
            1: [change("short night"), change("sore calves")],  # the first one is known
            2: [change("pain 4/10"), change("pain 4/10")],  # listed twice by mistake
            3: [],
        },
        NOW,
    )

    def reasons(stored: list[StoredAdjustment]) -> list[str]:
        return sorted(s.adjustment.reason for s in stored)

    assert reasons(await db.adjustments.adjustments(1)) == ["short night", "sore calves"]
    assert reasons(await db.adjustments.adjustments(2)) == ["pain 4/10"]
    assert await db.adjustments.adjustments(3) == []
    # The same change another day is another change.
    await db.adjustments.record_adjustments({2: [change("pain 4/10", date(2026, 11, 25))]}, NOW)
    assert len(await db.adjustments.adjustments(2)) == 2
