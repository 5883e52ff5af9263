"""The athlete's journal: check-ins, run logs, pain flags, adjustments and the raw inbox.

Everything here is scoped by athlete id; every method is one short transaction and returns
coach models (or small records), never ORM rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, desc, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from coach.models import (
    Adjustment,
    AdjustmentKind,
    CheckIn,
    PainFlag,
    RunLog,
    Session,
)
from coach.readiness import same_place
from storage.tables import AdjustmentRow, CheckInRow, InboxRow, PainFlagRow, RunLogRow
from storage.unit import SessionSource, scope_of

CHECKIN_FIELDS = (
    "sleep_hours", "sleep_quality", "soreness", "soreness_where", "stress", "mood", "motivation",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class StoredLog:
    """A run log with its row id (for /undo and replace)."""

    id: int
    log: RunLog
    slot: str | None
    raw_text: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StoredAdjustment:
    id: int
    adjustment: Adjustment
    created_at: datetime


def _checkin(row: CheckInRow) -> CheckIn:
    return CheckIn(date=row.local_date, **{f: getattr(row, f) for f in CHECKIN_FIELDS})


def _log(row: RunLogRow) -> StoredLog:
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


def _pain(row: PainFlagRow) -> PainFlag:
    return PainFlag(
        reported_on=row.reported_on,
        where=row.location,
        score=row.score,
        resolved_on=row.resolved_on,
    )


def _session_json(session: Session | None) -> dict[str, Any] | None:
    return session.model_dump(mode="json") if session is not None else None


class JournalRepository:
    """Check-ins, logs, pain flags, adjustments and the inbox of one database."""

    def __init__(self, sessions: SessionSource) -> None:
        self._sessions = scope_of(sessions)

    # --- check-ins -------------------------------------------------------------------
    async def save_checkin(
        self, athlete_id: int, local_date: date, now: datetime, **answers: Any
    ) -> CheckIn:
        """Merge answers into the day's check-in (one row per day; later answers win)."""
        unknown = set(answers) - set(CHECKIN_FIELDS)
        if unknown:
            raise ValueError(f"not check-in fields: {sorted(unknown)}")
        async with self._sessions.begin() as session:
            row = (
                await session.execute(
                    select(CheckInRow)
                    .where(CheckInRow.athlete_id == athlete_id, CheckInRow.local_date == local_date)
                    .with_for_update()
                )
            ).scalar_one_or_none()
            if row is None:
                row = CheckInRow(
                    athlete_id=athlete_id, local_date=local_date, created_at=now, updated_at=now
                )
                session.add(row)
            for key, value in answers.items():
                setattr(row, key, value)
            row.updated_at = now
            await session.flush()
            return _checkin(row)

    async def checkin_on(self, athlete_id: int, local_date: date) -> CheckIn | None:
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(CheckInRow).where(
                        CheckInRow.athlete_id == athlete_id, CheckInRow.local_date == local_date
                    )
                )
            ).scalar_one_or_none()
            return _checkin(row) if row else None

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

    # --- run logs --------------------------------------------------------------------
    async def add_log(
        self,
        athlete_id: int,
        log: RunLog,
        now: datetime,
        *,
        slot: str | None = None,
        raw_text: str | None = None,
        replace_id: int | None = None,
    ) -> StoredLog:
        """Store a log; with ``replace_id`` the earlier log of that session is replaced."""
        async with self._sessions.begin() as session:
            if replace_id is not None:
                await session.execute(
                    delete(RunLogRow).where(
                        RunLogRow.id == replace_id, RunLogRow.athlete_id == athlete_id
                    )
                )
            row = RunLogRow(
                athlete_id=athlete_id,
                local_date=log.date,
                slot=slot,
                status=log.status.value,
                duration_min=log.duration_min,
                distance_km=log.distance_km,
                rpe=log.rpe,
                surface=log.surface.value if log.surface else None,
                kind=log.kind.value if log.kind else None,
                target_rpe=log.target_rpe,
                reps=log.reps,
                pain_where=log.pain_where,
                pain_score=log.pain_score,
                note=log.note,
                raw_text=raw_text,
                created_at=now,
            )
            session.add(row)
            await session.flush()
            return _log(row)

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
            return [_log(r) for r in rows]

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
            return _log(row) if row else None

    async def delete_log(self, athlete_id: int, log_id: int) -> bool:
        async with self._sessions.begin() as session:
            result = await session.execute(
                delete(RunLogRow).where(RunLogRow.id == log_id, RunLogRow.athlete_id == athlete_id)
            )
            return bool(getattr(result, "rowcount", 0))

    # --- pain flags ------------------------------------------------------------------
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
        async with self._sessions() as session:
            stmt = select(PainFlagRow).where(PainFlagRow.athlete_id == athlete_id)
            if open_only:
                stmt = stmt.where(PainFlagRow.resolved_on.is_(None))
            rows = await session.scalars(stmt.order_by(PainFlagRow.reported_on, PainFlagRow.id))
            return [_pain(r) for r in rows]

    async def resolve_pains(self, athlete_id: int, on: date) -> int:
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(PainFlagRow)
                .where(PainFlagRow.athlete_id == athlete_id, PainFlagRow.resolved_on.is_(None))
                .values(resolved_on=on)
            )
            return int(getattr(result, "rowcount", 0))

    # --- adjustments -----------------------------------------------------------------
    async def add_adjustments(
        self, athlete_id: int, adjustments: Sequence[Adjustment], now: datetime
    ) -> None:
        """Record adjustments, once: the same change on the same day is not written twice."""
        await self.record_adjustments({athlete_id: adjustments}, now)

    async def record_adjustments(
        self, by_athlete: Mapping[int, Sequence[Adjustment]], now: datetime
    ) -> None:
        """Several athletes' adjustments in one transaction, each recorded once, as
        :meth:`add_adjustments` does: the morning fan-out records a page's amber and red
        days together instead of committing once per athlete."""
        wanted = {athlete_id: adjs for athlete_id, adjs in by_athlete.items() if adjs}
        if not wanted:
            return
        async with self._sessions.begin() as session:
            days = {a.date for adjs in wanted.values() for a in adjs}
            existing = await session.execute(
                select(
                    AdjustmentRow.athlete_id,
                    AdjustmentRow.local_date,
                    AdjustmentRow.kind,
                    AdjustmentRow.reason,
                ).where(
                    AdjustmentRow.athlete_id.in_(sorted(wanted)),
                    AdjustmentRow.local_date.in_(sorted(days)),
                )
            )
            seen = {tuple(row) for row in existing}
            for athlete_id, adjs in wanted.items():
                for adj in adjs:
                    key = (athlete_id, adj.date, adj.kind.value, adj.reason)
                    if key in seen:
                        continue
                    seen.add(key)
                    session.add(
                        AdjustmentRow(
                            athlete_id=athlete_id,
                            local_date=adj.date,
                            kind=adj.kind.value,
                            reason=adj.reason,
                            before=_session_json(adj.before),
                            after=_session_json(adj.after),
                            created_at=now,
                        )
                    )

    async def adjustments(
        self, athlete_id: int, *, since: date | None = None, limit: int = 50
    ) -> list[StoredAdjustment]:
        """Most recent first."""
        async with self._sessions() as session:
            stmt = select(AdjustmentRow).where(AdjustmentRow.athlete_id == athlete_id)
            if since is not None:
                stmt = stmt.where(AdjustmentRow.local_date >= since)
            rows = await session.scalars(
                stmt.order_by(desc(AdjustmentRow.local_date), desc(AdjustmentRow.id)).limit(limit)
            )
            return [
                StoredAdjustment(
                    r.id,
                    Adjustment(
                        date=r.local_date,
                        kind=AdjustmentKind(r.kind),
                        reason=r.reason,
                        before=Session.model_validate(r.before) if r.before else None,
                        after=Session.model_validate(r.after) if r.after else None,
                    ),
                    r.created_at,
                )
                for r in rows
            ]

    # --- inbox -----------------------------------------------------------------------
    async def record_inbound(
        self, athlete_id: int, update_id: int, text: str | None, now: datetime
    ) -> bool:
        """Keep what the athlete sent; False when this update was already recorded
        (a redelivered update after a crash must not be acted on twice)."""
        values = {
            "athlete_id": athlete_id,
            "update_id": update_id,
            "text": text,
            "received_at": now,
        }
        async with self._sessions.begin() as session:
            dialect = session.bind.dialect.name if session.bind else "sqlite"
            insert_fn = pg_insert if dialect == "postgresql" else sqlite_insert
            stmt = (
                insert_fn(InboxRow)
                .values(**values)
                .on_conflict_do_nothing(index_elements=["athlete_id", "update_id"])
            )
            result = await session.execute(stmt)
            return bool(getattr(result, "rowcount", 0))

    async def set_outcome(self, athlete_id: int, update_id: int, outcome: str) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(InboxRow)
                .where(InboxRow.athlete_id == athlete_id, InboxRow.update_id == update_id)
                .values(outcome=outcome[:24])
            )

    async def inbox(self, athlete_id: int) -> list[tuple[int, str | None, str | None, datetime]]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(InboxRow).where(InboxRow.athlete_id == athlete_id).order_by(InboxRow.id)
            )
            return [(r.update_id, r.text, r.outcome, r.received_at) for r in rows]

    # --- journal service (check-ins, logs, /pain): one log, pain by place ----------------
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
            return _log(row) if row else None

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
            return _pain(row)

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
