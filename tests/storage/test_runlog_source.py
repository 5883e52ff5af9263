"""A log read from a watch file keeps the file's key (revision 0009): the same file sent twice
is found, per athlete, and the RPE and surface tapped afterwards are set in place."""

from __future__ import annotations

from datetime import UTC, date, datetime

from coach.models import RunLog, RunStatus, Surface
from storage.database import Database

NOW = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
KEY = "ab" * 16


async def test_a_file_log_is_found_by_its_key_for_its_athlete_only(db: Database) -> None:
    for athlete in (1, 2):
        await db.athletes.register(athlete, athlete, "Ann", NOW)
    log = RunLog(date=date(2026, 12, 1), status=RunStatus.DONE, duration_min=58.2)
    stored = await db.runlogs.add_log(1, log, NOW, source_sha256=KEY)
    await db.runlogs.add_log(1, log, NOW)  # a typed log: no key

    found = await db.runlogs.from_file(1, KEY)
    assert found is not None
    assert found.id == stored.id
    assert await db.runlogs.from_file(2, KEY) is None
    assert await db.runlogs.from_file(1, "cd" * 16) is None


async def test_the_rpe_and_surface_are_set_in_place_by_their_athlete_only(db: Database) -> None:
    for athlete in (1, 2):
        await db.athletes.register(athlete, athlete, "Ann", NOW)
    log = RunLog(date=date(2026, 12, 1), duration_min=58.2, surface=Surface.TRACK)
    stored = await db.runlogs.add_log(1, log, NOW, source_sha256=KEY)

    assert await db.runlogs.set_answers(2, stored.id, rpe=7) is None
    rated = await db.runlogs.set_answers(1, stored.id, rpe=7)
    assert rated is not None
    assert (rated.id, rated.log.rpe, rated.log.surface) == (stored.id, 7, Surface.TRACK)
    moved = await db.runlogs.set_answers(1, stored.id, surface=Surface.ROAD)
    assert moved is not None
    assert (moved.log.rpe, moved.log.surface) == (7, Surface.ROAD)
    assert await db.runlogs.set_answers(1, 10_000, rpe=5) is None
