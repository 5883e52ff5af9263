"""The morning check-ins (COACHING.md §6): one row per athlete and local day, answers merged
as they arrive. Scoped by athlete; returns coach models, never ORM rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import bindparam, insert, select, update

from coach.models import (
    CheckIn,
)
from storage.athletes import set_dialog_on
from storage.tables import CheckInRow
from storage.unit import SessionSource, Statements, first_row, scope_of

CHECKIN_FIELDS = (
    "sleep_hours", "sleep_quality", "soreness", "soreness_where", "stress", "mood", "motivation",
)  # fmt: skip


def _checkin(row: CheckInRow) -> CheckIn:
    return CheckIn(date=row.local_date, **{f: getattr(row, f) for f in CHECKIN_FIELDS})


#: The day's check-in (built once: read on every check-in answer and coached day).
_ONE = select(
    CheckInRow.id, CheckInRow.local_date, *(getattr(CheckInRow, f) for f in CHECKIN_FIELDS)
).where(
    CheckInRow.athlete_id == bindparam("athlete_id"),
    CheckInRow.local_date == bindparam("local_date"),
)
_LOCKED = _ONE.with_for_update()
_INSERT = insert(CheckInRow)
#: Set the answers given with the parameters on one row.
_UPDATE = update(CheckInRow).where(CheckInRow.id == bindparam("row_id"))


def _merge(
    conn: Statements, key: dict[str, Any], answers: dict[str, Any], now: datetime
) -> dict[str, Any]:
    """The day's row locked, then the answers inserted or set; the merged answers."""
    row = conn.execute(_LOCKED, key).first()
    if row is None:
        conn.execute(_INSERT, {**key, **answers, "created_at": now, "updated_at": now})
        return dict(answers)
    conn.execute(_UPDATE, {"row_id": row.id, **answers, "updated_at": now})
    return {f: getattr(row, f) for f in CHECKIN_FIELDS} | answers


class CheckinRepository:
    """The check-ins of one database."""

    def __init__(self, sessions: SessionSource) -> None:
        self._sessions = scope_of(sessions)

    async def save_checkin(
        self, athlete_id: int, local_date: date, now: datetime, **answers: Any
    ) -> CheckIn:
        """Merge answers into the day's check-in (one row per day; later answers win)."""
        # The check-in never touches the athlete's row (storage.unit.remembering). A locked
        # read, then an insert or an update: Core statements built once (an ORM row and
        # flush, or a statement built per call, cost several times the statements).
        return await self._save(athlete_id, local_date, now, answers, with_dialog=False)

    async def answer_with_dialog(
        self,
        athlete_id: int,
        local_date: date,
        now: datetime,
        dialog: dict[str, Any] | None,
        **answers: Any,
    ) -> CheckIn:
        """:meth:`save_checkin` and the conversation's next open question (``dialog``, on the
        athlete's row) in one transaction: the answer is never stored with the question it
        answered still open. One function over one connection, so within an update on
        SQLite it runs on the driver directly (storage.sqlite_direct)."""
        return await self._save(
            athlete_id, local_date, now, answers, with_dialog=True, dialog=dialog
        )

    async def _save(
        self,
        athlete_id: int,
        local_date: date,
        now: datetime,
        answers: dict[str, Any],
        *,
        with_dialog: bool,
        dialog: dict[str, Any] | None = None,
    ) -> CheckIn:
        unknown = set(answers) - set(CHECKIN_FIELDS)
        if unknown:
            raise ValueError(f"not check-in fields: {sorted(unknown)}")
        key = {"athlete_id": athlete_id, "local_date": local_date}

        def save(conn: Statements) -> dict[str, Any]:
            merged = _merge(conn, key, answers, now)
            if with_dialog:
                set_dialog_on(conn, athlete_id, dialog, now)
            return merged

        # Only the dialog touches the athlete's row (storage.unit.remembering).
        merged = await self._sessions.run(save, write=True, athletes=with_dialog)
        return CheckIn(date=local_date, **{f: merged.get(f) for f in CHECKIN_FIELDS})

    async def checkin_on(self, athlete_id: int, local_date: date) -> CheckIn | None:
        key = {"athlete_id": athlete_id, "local_date": local_date}
        row = await self._sessions.run(lambda conn: first_row(conn, _ONE, key))
        return _checkin(cast(CheckInRow, row)) if row else None

    async def checkins_between(self, athlete_id: int, start: date, end: date) -> list[CheckIn]:
        """Check-ins with start <= date <= end, oldest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(CheckInRow)
                .where(
                    CheckInRow.athlete_id == athlete_id,
                    CheckInRow.local_date >= start,
                    CheckInRow.local_date <= end,
                )
                .order_by(CheckInRow.local_date)
            )
            return [_checkin(r) for r in rows]
