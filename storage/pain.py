"""Pain flags (COACHING.md §7): reported by place and score, one open flag per place,
resolved when the pain is gone; a log's flag goes with the log when it is undone."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import bindparam, delete, select, update

from coach.models import (
    PainFlag,
)
from coach.readiness import same_place
from storage.runlog import StoredLog
from storage.tables import PainFlagRow
from storage.unit import SessionSource, scope_of


def pain_of(row: PainFlagRow) -> PainFlag:
    """The pain flag of a row (also read in bulk by storage.fanout)."""
    return PainFlag(
        reported_on=row.reported_on,
        where=row.location,
        score=row.score,
        resolved_on=row.resolved_on,
    )


_ALL = (
    select(*PainFlagRow.__table__.columns)
    .where(PainFlagRow.athlete_id == bindparam("athlete_id"))
    .order_by(PainFlagRow.reported_on, PainFlagRow.id)
)
_OPEN = _ALL.where(PainFlagRow.resolved_on.is_(None))


class PainRepository:
    """The pain flags of one database."""

    def __init__(self, sessions: SessionSource) -> None:
        self._sessions = scope_of(sessions)

    async def add_pain(self, athlete_id: int, flag: PainFlag, now: datetime) -> None:
        async with self._sessions.begin() as session:
            session.add(
                PainFlagRow(
                    athlete_id=athlete_id,
                    reported_on=flag.reported_on,
                    location=flag.where[:64],
                    score=flag.score,
                    resolved_on=flag.resolved_on,
                    created_at=now,
                )
            )

    async def pains(self, athlete_id: int, *, open_only: bool = False) -> list[PainFlag]:
        """The athlete's pain flags (``open_only``: not resolved), oldest first: read on
        every check-in, so a statement built once (within an update on SQLite, run on the
        driver directly: storage.sqlite_direct)."""
        statement = _OPEN if open_only else _ALL
        key = {"athlete_id": athlete_id}
        rows = await self._sessions.run(lambda conn: conn.execute(statement, key).all())
        return [pain_of(r) for r in rows]

    async def resolve_pains(self, athlete_id: int, on: date) -> int:
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(PainFlagRow)
                .where(PainFlagRow.athlete_id == athlete_id, PainFlagRow.resolved_on.is_(None))
                .values(resolved_on=on)
            )
            return int(getattr(result, "rowcount", 0))

    async def report_pain_at(
        self, athlete_id: int, flag: PainFlag, now: datetime
    ) -> PainFlag | None:
        """A fresh report about one place replaces the open flags at that place.

        The open flags at ``flag.where`` (same body part, see ``coach.readiness.same_place``)
        are resolved on ``flag.reported_on``; a score above 0 opens a new flag that keeps the
        earliest report date, so "pain lasting more than a week" still counts from the first
        report. A score of 0 only resolves. Returns the new open flag, or None.
        """
        async with self._sessions.begin() as session:
            rows = await session.scalars(
                select(PainFlagRow)
                .where(PainFlagRow.athlete_id == athlete_id, PainFlagRow.resolved_on.is_(None))
                .with_for_update()
            )
            first = flag.reported_on
            for row in rows:
                if row.reported_on <= flag.reported_on and same_place(row.location, flag.where):
                    first = min(first, row.reported_on)
                    row.resolved_on = flag.reported_on
            if flag.score <= 0:
                return None
            row = PainFlagRow(
                athlete_id=athlete_id,
                reported_on=first,
                location=flag.where[:64],
                score=flag.score,
                resolved_on=None,
                created_at=now,
            )
            session.add(row)
            await session.flush()
            return pain_of(row)

    async def delete_pain_added_with(self, athlete_id: int, stored: StoredLog) -> int:
        """Remove the pain flag a log added (same day, score and instant): part of its undo."""
        log = stored.log
        if log.pain_score is None:
            return 0
        async with self._sessions.begin() as session:
            rows = await session.scalars(
                select(PainFlagRow).where(
                    PainFlagRow.athlete_id == athlete_id,
                    PainFlagRow.reported_on == log.date,
                    PainFlagRow.score == log.pain_score,
                )
            )
            doomed = [r.id for r in rows if r.created_at == stored.created_at]
            if not doomed:
                return 0
            await session.execute(
                delete(PainFlagRow).where(
                    PainFlagRow.athlete_id == athlete_id, PainFlagRow.id.in_(doomed)
                )
            )
            return len(doomed)
