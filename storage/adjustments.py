"""The coach's adjustments to planned sessions, recorded once each so /why can say what
changed and why."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, desc, select

from coach.models import (
    Adjustment,
    AdjustmentKind,
    Session,
)
from storage.tables import AdjustmentRow
from storage.unit import SessionSource, scope_of

#: The kept originals (``RESTORED``) of some athletes (``ids``) on some days (``days``).
RESTORED = (
    select(
        AdjustmentRow.athlete_id,
        AdjustmentRow.local_date,
        AdjustmentRow.reason,
        AdjustmentRow.before,
        AdjustmentRow.after,
    )
    .where(
        AdjustmentRow.athlete_id.in_(bindparam("ids", expanding=True)),
        AdjustmentRow.local_date.in_(bindparam("days", expanding=True)),
        AdjustmentRow.kind == AdjustmentKind.RESTORED.value,
    )
    .order_by(AdjustmentRow.id)
)


def restored_of(rows: Iterable[Any], days: Mapping[int, date]) -> dict[int, list[Adjustment]]:
    """:data:`RESTORED`'s rows by athlete, each athlete's of their own day only."""
    out: dict[int, list[Adjustment]] = {}
    for athlete_id, local_date, reason, before, after in rows:
        if days.get(athlete_id) == local_date:
            out.setdefault(athlete_id, []).append(restored(local_date, reason, before, after))
    return out


def restored(day: date, reason: str, before: Any, after: Any) -> Adjustment:
    """A kept original (``RESTORED``) of ``day`` from its stored reason and JSON sessions."""
    return Adjustment(
        date=day,
        kind=AdjustmentKind.RESTORED,
        reason=reason,
        before=Session.model_validate(before) if before else None,
        after=Session.model_validate(after) if after else None,
    )


@dataclass(frozen=True, slots=True)
class StoredAdjustment:
    id: int
    adjustment: Adjustment
    created_at: datetime


def _session_json(session: Session | None) -> dict[str, Any] | None:
    return session.model_dump(mode="json") if session is not None else None


#: The readiness overlay's kinds (coach.adaptation.today): recomputed through the day, so a
#: session's later version (after the check-in, say) replaces its earlier one.
_OVERLAY = frozenset(
    k.value
    for k in (
        AdjustmentKind.REDUCED,
        AdjustmentKind.REPLACED,
        AdjustmentKind.REST,
        AdjustmentKind.HELD,
        AdjustmentKind.PROGRESSED,
        AdjustmentKind.LIGHTENED,
    )
)


def _change_key(
    athlete_id: int,
    day: date,
    kind: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> tuple[object, ...]:
    """What makes a change the same change, whatever reason tells it: the athlete, the day,
    the kind, and the sessions before and after (their day, slot and title)."""

    def session(s: Mapping[str, Any] | None) -> tuple[object, ...] | None:
        return None if s is None else (s.get("date"), s.get("slot"), s.get("title"))

    if kind in _OVERLAY:  # the day's version of a session: the latest one stands
        return (athlete_id, day, "overlay", session(before))
    return (athlete_id, day, kind, session(before), session(after))


#: The changes told already on an athlete's days (see :meth:`AdjustmentRepository.add_adjustments`).
_TOLD = select(AdjustmentRow.local_date, AdjustmentRow.kind, AdjustmentRow.reason).where(
    AdjustmentRow.athlete_id == bindparam("athlete_id"),
    AdjustmentRow.local_date >= bindparam("first"),
    AdjustmentRow.local_date <= bindparam("last"),
)


class AdjustmentRepository:
    """The recorded adjustments of one database."""

    def __init__(self, sessions: SessionSource) -> None:
        self._sessions = scope_of(sessions)

    async def add_adjustments(
        self, athlete_id: int, adjustments: Sequence[Adjustment], now: datetime
    ) -> None:
        """Record adjustments, once: the same change on the same day is not written twice.

        Usually they are recorded already: the morning's push recorded the day's, and /today
        and each check-in answer show the day again. One read built once tells (within an
        update on SQLite, on the driver directly: storage.sqlite_direct); only a change not
        yet told takes the write."""
        if not adjustments:
            return
        days = {a.date for a in adjustments}
        span = {"athlete_id": athlete_id, "first": min(days), "last": max(days)}
        told = await self._sessions.run(lambda conn: conn.execute(_TOLD, span).all())
        known = {(row.local_date, row.kind, row.reason) for row in told}
        if all((a.date, a.kind.value, a.reason) in known for a in adjustments):
            return
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
            existing = await session.scalars(
                select(AdjustmentRow).where(
                    AdjustmentRow.athlete_id.in_(sorted(wanted)),
                    AdjustmentRow.local_date.in_(sorted(days)),
                )
            )
            seen: set[tuple[object, ...]] = set()
            # The same change told again with another reason (the morning's, then the
            # check-in's), or a session's overlay changed again later in the day, is one
            # change: its row takes the latest version instead of a second row (/why listed
            # one change up to 6 times).
            rows: dict[tuple[object, ...], AdjustmentRow] = {}
            for row in existing:
                seen.add((row.athlete_id, row.local_date, row.kind, row.reason))
                rows[
                    _change_key(row.athlete_id, row.local_date, row.kind, row.before, row.after)
                ] = row
            for athlete_id, adjs in wanted.items():
                for adj in adjs:
                    key = (athlete_id, adj.date, adj.kind.value, adj.reason)
                    if key in seen:
                        continue
                    seen.add(key)
                    before, after = _session_json(adj.before), _session_json(adj.after)
                    change = _change_key(athlete_id, adj.date, adj.kind.value, before, after)
                    same = rows.get(change)
                    if same is not None and before is not None:
                        same.kind, same.reason, same.after = adj.kind.value, adj.reason, after
                        continue
                    row = AdjustmentRow(
                        athlete_id=athlete_id,
                        local_date=adj.date,
                        kind=adj.kind.value,
                        reason=adj.reason,
                        before=before,
                        after=after,
                        created_at=now,
                    )
                    session.add(row)
                    if before is not None:
                        rows[change] = row

    async def restored_on(self, days: Mapping[int, date]) -> dict[int, list[Adjustment]]:
        """Each athlete's ``RESTORED`` adjustments of their day (a kept original), for a page
        of the fan-out, or for one athlete's day on every update that coaches it, in one
        query (a Core statement built once, no ORM rows)."""
        if not days:
            return {}
        async with self._sessions() as session:
            conn = await session.connection()
            rows = await conn.execute(
                RESTORED, {"ids": sorted(days), "days": sorted(set(days.values()))}
            )
            return restored_of(rows, days)

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
