"""Adjustments are what /why shows: each change recorded once per day, whoever records it
(one athlete's action, or a page of the morning fan-out at once)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from coach.models import Adjustment, AdjustmentKind, Session, SessionKind, Surface, WorkoutSpec
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


async def test_the_same_change_told_again_with_a_new_reason_is_one_row(db: Database) -> None:
    """The morning's reason, then the check-in's, for the same tempo: /why shows one change,
    the latest (a simulation showed one change up to 3 times)."""

    def session(title: str, kind: SessionKind, hard: bool) -> Session:
        spec = WorkoutSpec(kind=kind, surface=Surface.ROAD, duration_min=60, target_rpe=7)
        return Session(
            date=DAY,
            kind=kind,
            surface=Surface.ROAD,
            hard=hard,
            duration_min=60,
            target_rpe=7,
            title=title,
            spec=spec,
        )

    tempo = session("Tempo: 2 x 16 min", SessionKind.TEMPO, True)
    steady = session("Steady run 1 h", SessionKind.STEADY, False)
    await db.athletes.register(1, 1, "Ann", NOW)

    def replaced(reason: str) -> Adjustment:
        return Adjustment(
            date=DAY, kind=AdjustmentKind.REPLACED, reason=reason, before=tempo, after=steady
        )

    await db.adjustments.add_adjustments(1, [replaced("load ratio 1.3")], NOW)
    await db.adjustments.add_adjustments(1, [replaced("6 h sleep and load ratio 1.3")], NOW)
    [stored] = await db.adjustments.adjustments(1)
    assert stored.adjustment.reason == "6 h sleep and load ratio 1.3"
    # The check-in made it red: the same tempo is now rest. One row, the day's last word.
    rest = replaced("red day").model_copy(update={"after": None, "kind": AdjustmentKind.REST})
    await db.adjustments.add_adjustments(1, [rest], NOW)
    [stored] = await db.adjustments.adjustments(1)
    assert (stored.adjustment.kind, stored.adjustment.reason) == (AdjustmentKind.REST, "red day")
    # A skip of that session is a change of its own.
    skipped = rest.model_copy(update={"kind": AdjustmentKind.SKIPPED, "reason": "skipped"})
    await db.adjustments.add_adjustments(1, [skipped], NOW)
    assert len(await db.adjustments.adjustments(1)) == 2
