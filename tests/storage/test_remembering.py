"""One update reads an athlete's row once (storage.unit.remembering), and never a stale one:
any write that may change it (a repository's write, a unit of work, another athlete's) is
followed by a fresh read; writes that cannot (the inbox, a check-in answer) keep it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import event

from storage.database import Database
from storage.unit import remembering

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def count_reads(db: Database) -> list[str]:
    """The athlete selects the database sees from now on."""
    seen: list[str] = []

    def on_execute(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "FROM athletes" in statement:
            seen.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", on_execute)
    return seen


async def test_an_update_reads_the_athlete_once_and_again_after_a_write(db: Database) -> None:
    await db.athletes.register(7, 7, "Ann", NOW)
    reads = count_reads(db)
    with remembering():
        first = await db.athletes.get(7)
        again = await db.athletes.get(7)
        assert first == again
        assert len(reads) == 1, "the second ask is answered from what was read"

        await db.inbox.record_inbound(7, 1, "hello", NOW)
        await db.checkins.save_checkin(7, date(2026, 11, 21), NOW, sleep_hours=7.0)
        await db.athletes.get(7)
        assert len(reads) == 1, "the inbox and a check-in answer leave the athlete's row alone"

        await db.athletes.set_dialog(7, {"flow": "checkin", "step": "sleep"}, NOW)
        after_dialog = await db.athletes.get(7)
        assert after_dialog is not None
        assert after_dialog.dialog == {"flow": "checkin", "step": "sleep"}

        async with db.unit() as uow:
            await uow.athletes.set_dialog(7, None, NOW)
        after_unit = await db.athletes.get(7)
        assert after_unit is not None
        assert after_unit.dialog is None
    assert len(reads) == 3

    await db.athletes.get(7)
    await db.athletes.get(7)
    assert len(reads) == 5, "outside an update every ask is a read, as before"


async def test_an_unknown_athlete_registered_during_the_update_is_found(db: Database) -> None:
    with remembering():
        assert await db.athletes.get(8) is None
        await db.athletes.register(8, 8, "Bo", NOW)
        found = await db.athletes.get(8)
    assert found is not None
    assert found.first_name == "Bo"
