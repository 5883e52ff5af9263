"""The run logs: what the athlete reported after a session, with the row id that /undo and
"replace" need. Scoped by athlete; returns coach models (or StoredLog), never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, delete, desc, insert, select

from coach.models import RunLog, Surface
from storage.tables import RunLogRow
from storage.unit import SessionSource, Statements, scope_of


@dataclass(frozen=True, slots=True)
class StoredLog:
    """A run log with its row id (for /undo and replace)."""

    id: int
    log: RunLog
    slot: str | None
    raw_text: str | None
    created_at: datetime


def stored_log_of(row: RunLogRow) -> StoredLog:
    """The stored log of a row (also read in bulk by storage.fanout)."""
    # Validation turns the stored words into their enums (faster than calling each enum).
    log = RunLog(
        date=row.local_date,
        status=row.status,
        duration_min=row.duration_min,
        distance_km=row.distance_km,
        rpe=row.rpe,
        surface=row.surface or None,
        kind=row.kind or None,
        target_rpe=row.target_rpe,
        reps=row.reps,
        pain_where=row.pain_where,
        pain_score=row.pain_score,
        note=row.note,
    )
    return StoredLog(row.id, log, row.slot, row.raw_text, row.created_at)


_INSERT = insert(RunLogRow).returning(RunLogRow.id)
_DELETE = delete(RunLogRow).where(
    RunLogRow.id == bindparam("log_id"), RunLogRow.athlete_id == bindparam("athlete_id")
)


def _stored(conn: Statements, values: dict[str, Any], replace_id: int | None) -> int:
    """Insert the log (after deleting the one it replaces); its new id."""
    if replace_id is not None:
        conn.execute(_DELETE, {"log_id": replace_id, "athlete_id": values["athlete_id"]})
    return int(conn.execute(_INSERT, values).scalar_one())


class RunlogRepository:
    """The run logs of one database."""

    def __init__(self, sessions: SessionSource) -> None:
        self._sessions = scope_of(sessions)

    async def add_log(
        self,
        athlete_id: int,
        log: RunLog,
        now: datetime,
        *,
        slot: str | None = None,
        raw_text: str | None = None,
        replace_id: int | None = None,
        source_sha256: str | None = None,
    ) -> StoredLog:
        """Store a log; with ``replace_id`` the earlier log of that session is replaced;
        ``source_sha256`` is the key of the watch file it was read from."""
        values = {
            "athlete_id": athlete_id,
            "local_date": log.date,
            "slot": slot,
            "status": log.status.value,
            "duration_min": log.duration_min,
            "distance_km": log.distance_km,
            "rpe": log.rpe,
            "surface": log.surface.value if log.surface else None,
            "kind": log.kind.value if log.kind else None,
            "target_rpe": log.target_rpe,
            "reps": log.reps,
            "pain_where": log.pain_where,
            "pain_score": log.pain_score,
            "note": log.note,
            "raw_text": raw_text,
            "created_at": now,
            "source_sha256": source_sha256,
        }
        # Core statements built once, on the session's connection: an ORM insert and flush
        # cost several times the statement (bench/update_cpu.py). A log never changes the
        # athlete's row, so the record the update has read stays remembered.
        log_id = await self._sessions.run(
            lambda conn: _stored(conn, values, replace_id), write=True, athletes=False
        )
        return StoredLog(log_id, log, slot, raw_text, now)

    async def logs_between(self, athlete_id: int, start: date, end: date) -> list[StoredLog]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(RunLogRow)
                .where(
                    RunLogRow.athlete_id == athlete_id,
                    RunLogRow.local_date >= start,
                    RunLogRow.local_date <= end,
                )
                .order_by(RunLogRow.local_date, RunLogRow.id)
            )
            return [stored_log_of(r) for r in rows]

    async def last_log(self, athlete_id: int) -> StoredLog | None:
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(RunLogRow)
                    .where(RunLogRow.athlete_id == athlete_id)
                    .order_by(desc(RunLogRow.id))
                    .limit(1)
                )
            ).scalar_one_or_none()
            return stored_log_of(row) if row else None

    async def delete_log(self, athlete_id: int, log_id: int) -> bool:
        async with self._sessions.begin() as session:
            result = await session.execute(
                delete(RunLogRow).where(RunLogRow.id == log_id, RunLogRow.athlete_id == athlete_id)
            )
            return bool(getattr(result, "rowcount", 0))

    async def get_log(self, athlete_id: int, log_id: int) -> StoredLog | None:
        """One log of this athlete by id (an undo button names the log it undoes)."""
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(RunLogRow).where(
                        RunLogRow.id == log_id, RunLogRow.athlete_id == athlete_id
                    )
                )
            ).scalar_one_or_none()
            return stored_log_of(row) if row else None

    async def from_file(self, athlete_id: int, source_sha256: str) -> StoredLog | None:
        """The log already read from the file with this key, if any (the same file twice)."""
        async with self._sessions() as session:
            row = (
                await session.scalars(
                    select(RunLogRow)
                    .where(
                        RunLogRow.athlete_id == athlete_id,
                        RunLogRow.source_sha256 == source_sha256,
                    )
                    .limit(1)
                )
            ).first()
            return stored_log_of(row) if row else None

    async def set_answers(
        self,
        athlete_id: int,
        log_id: int,
        *,
        rpe: int | None = None,
        surface: Surface | None = None,
    ) -> StoredLog | None:
        """Set the RPE and/or the surface of a stored log (a file's log, answered by a tap);
        None when the log is gone."""
        async with self._sessions.begin() as session:
            row = await session.get(RunLogRow, log_id)
            if row is None or row.athlete_id != athlete_id:
                return None
            if rpe is not None:
                row.rpe = rpe
            if surface is not None:
                row.surface = surface.value
            await session.flush()
            return stored_log_of(row)
