"""Deliveries: the bookkeeping that makes every scheduled push go out exactly once.

Each athlete row carries the UTC instant its next morning push, evening reminder and weekly
summary are due (``next_morning_at`` ...), indexed with ``status``. A tick asks for due
athletes a page at a time (keyset pagination on ``(next_*_at, id)``: nothing loads every
athlete) and *claims* each one in one short transaction:

1. insert a ``deliveries`` row for (athlete, kind, local date) with ON CONFLICT DO NOTHING on
   that unique key: a second claim of the same push, by this instance or another, inserts
   nothing and sends nothing;
2. move the athlete's ``next_*_at`` to the following slot, in the same transaction.

On PostgreSQL the due athletes are selected ``FOR UPDATE SKIP LOCKED``, so instances that tick
at the same moment split the page instead of queueing on each other. On SQLite (one process)
the transaction takes the write lock first, so its reads cannot go stale under it.

A delivery's states::

    claimed --start_sending--> sending --finish--> sent
       |  ^                       |
       |  |  (lease expired:      +--> failed --(next_attempt_at)--> claimed  (retry)
       |  |   re-claimed)         +--> blocked   (403: the athlete is marked blocked too)
       +--+                       +--> dead      (400, or too many attempts)
       +--> skipped  (nothing to send: run already logged, rest day without notes ...)
       +--> stale    (its window passed before it could go out)

* ``claimed``: owned by ``claimed_by`` since ``claimed_at``; nothing has reached Telegram. The
  owner renews the lease of its open rows while it lives (:meth:`DeliveryRepository.renew`,
  every few seconds); if it dies, the lease (:data:`CLAIM_LEASE`, half a minute) runs
  out and any instance re-claims the row: nothing is lost, and little is late.
  An instance that stops gracefully *releases* its unsent claims instead (lease backdated),
  so the next tick anywhere takes them at once.
* ``sending``: set, conditionally, for one message at a time, when its Bot API call is about
  to leave (after the rate limiter's wait), in the same transaction as the outcomes of the
  calls that just ended. So only calls actually in flight are ever ``sending``.

**Ambiguous outcomes: at-least-once.** Telegram has no idempotency key, so a call that may or
may not have delivered (the process died during it: a ``sending`` row whose lease ran out; a
time-out after the request left) cannot be told apart from one that did not. Stride sends
such a push again, and notes it: its ``error`` starts with :data:`UNCONFIRMED` (kept once the
push is sent), so "pushes possibly received twice" is one count. A lost morning push is a
day without the session; a second copy is a message to ignore. The window is the calls in
flight (a few per instance at Telegram's pace) and the outcomes not yet written (one short
transaction): see the README's operations section.
* ``failed``: a retryable error (network, 5xx, time-out, a long RetryAfter); retried after
  ``next_attempt_at`` with exponential backoff, at most :data:`MAX_ATTEMPTS` times and never
  after ``expires_at``.

Everything the tick needs is one statement per page or per chunk, not per athlete.

The time math (slots, windows, daylight saving) is :mod:`coach.pushtimes`, a module of
pure functions on the standard library: the claim computes the next slot inside its own
transaction, and :meth:`DeliveryRepository.reschedule` is what the conversation calls.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, and_, bindparam, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from coach.pushtimes import (
    PushKind,
    Slot,
    first_slot_from,
    local_date,
    next_slot_after,
    slot_at,
    slot_on,
    zone,
)
from storage.tables import AthleteRow, DeliveryRow
from storage.unit import SessionSource, scope_of

log = logging.getLogger(__name__)

#: A claimed (or sending) delivery whose owner has not renewed it for this long belongs to
#: nobody any more: its owner died. Owners renew every :data:`LEASE_RENEW_EVERY`.
CLAIM_LEASE = timedelta(seconds=30)
LEASE_RENEW_EVERY = timedelta(seconds=5)
#: How ``error`` starts for a delivery with an attempt of unknown outcome (see the docstring).
UNCONFIRMED = "unconfirmed"
#: Send attempts before a delivery is given up (``dead``).
MAX_ATTEMPTS = 6
BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_MAX = timedelta(minutes=15)
PAGE_SIZE = 500

_NEXT: dict[PushKind, InstrumentedAttribute[datetime | None]] = {
    PushKind.MORNING: AthleteRow.next_morning_at,
    PushKind.EVENING: AthleteRow.next_evening_at,
    PushKind.WEEKLY: AthleteRow.next_weekly_at,
}
_T = cast(Table, DeliveryRow.__table__)
_A = cast(Table, AthleteRow.__table__)


class DeliveryStatus(StrEnum):
    """The states of a delivery; see the module docstring for the transitions."""

    CLAIMED = "claimed"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    STALE = "stale"
    BLOCKED = "blocked"
    SKIPPED = "skipped"
    DEAD = "dead"


FINAL = frozenset(
    {
        DeliveryStatus.SENT,
        DeliveryStatus.STALE,
        DeliveryStatus.BLOCKED,
        DeliveryStatus.SKIPPED,
        DeliveryStatus.DEAD,
    }
)


def backoff(attempts: int) -> timedelta:
    """The wait before the next try after ``attempts`` failed ones: 30 s, 1 min, 2 min ..."""
    return min(BACKOFF_FIRST * (1 << max(0, attempts - 1)), BACKOFF_MAX)


@dataclass(frozen=True, slots=True)
class Claim:
    """A delivery this instance owns and is to render and send."""

    id: int
    athlete_id: int
    chat_id: int
    kind: PushKind
    local_date: date
    due_at: datetime
    expires_at: datetime
    attempts: int
    #: An earlier attempt may have reached the athlete (at-least-once: sent again, noted).
    unconfirmed: bool = False
    #: Sent in Telegram's paid-broadcast lane (the spread's overflow; not stored).
    paid: bool = False


@dataclass(frozen=True, slots=True)
class ClaimPage:
    """One page of the due query: what was claimed, and where the next page starts."""

    claims: list[Claim]
    seen: int
    stale: int
    cursor: tuple[datetime, int] | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to a claimed delivery (see :meth:`DeliveryRepository.finish`)."""

    claim: Claim
    status: DeliveryStatus
    message_id: int | None = None
    error: str | None = None
    retry_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    """A delivery row as the rest of the code sees it."""

    id: int
    athlete_id: int
    kind: PushKind
    local_date: date
    status: DeliveryStatus
    attempts: int
    due_at: datetime
    expires_at: datetime
    claimed_by: str | None
    next_attempt_at: datetime | None
    sent_at: datetime | None
    message_id: int | None
    error: str | None


def _record(row: DeliveryRow) -> DeliveryRecord:
    return DeliveryRecord(
        id=row.id,
        athlete_id=row.athlete_id,
        kind=PushKind(row.kind),
        local_date=row.local_date,
        status=DeliveryStatus(row.status),
        attempts=row.attempts,
        due_at=row.due_at,
        expires_at=row.expires_at,
        claimed_by=row.claimed_by,
        next_attempt_at=row.next_attempt_at,
        sent_at=row.sent_at,
        message_id=row.message_id,
        error=row.error,
    )


def _hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _zone_or_utc(name: str, athlete_id: int) -> ZoneInfo:
    try:
        return zone(name)
    except ValueError:
        log.warning("athlete %s has an unknown time zone %r; using UTC", athlete_id, name)
        return zone("UTC")


class DeliveryRepository:
    """Claims, state changes and schedules of pushes. Each method is one short transaction."""

    def __init__(self, sessions: SessionSource, dialect: str) -> None:
        self._sessions = scope_of(sessions)
        self._postgres = dialect == "postgresql"

    async def _write_lock(self, session: AsyncSession) -> None:
        """SQLite: take the write lock before reading, so the reads cannot go stale.

        pysqlite starts a transaction only at the first write; a write that touches nothing
        is enough (the same as BEGIN IMMEDIATE, and it waits on ``busy_timeout``).
        """
        if not self._postgres:
            await session.execute(text("UPDATE deliveries SET id = id WHERE 1 = 0"))

    def _insert(self) -> Any:
        return pg_insert(_T) if self._postgres else sqlite_insert(_T)

    # --- claiming ------------------------------------------------------------------------

    async def claim_due(
        self,
        kind: PushKind,
        now: datetime,
        owner: str,
        *,
        limit: int = PAGE_SIZE,
        after: tuple[datetime, int] | None = None,
        early: datetime | None = None,
    ) -> ClaimPage:
        """Claim up to ``limit`` athletes whose ``kind`` push is due at ``now``.

        Athletes come in ``(next_*_at, id)`` order after ``after``; pass the returned
        ``cursor`` to get the next page. A push whose window has already passed is recorded
        as ``stale`` and not returned; one already recorded (the unique key) is skipped.
        Either way the athlete's next slot is scheduled.

        ``early``: claim instead pushes due at exactly that later instant, ahead of time (the
        spread of a crowded minute, :mod:`scheduler.spread`), lowest ids first, and only for
        athletes whose own day has begun: the session is decided by then (last night's late
        log is in), so the push says what it would have said at its time.
        """
        column = _NEXT[kind]
        async with self._sessions.begin() as session:
            await self._write_lock(session)
            stmt = select(
                AthleteRow.id,
                AthleteRow.chat_id,
                AthleteRow.timezone,
                AthleteRow.push_time,
                AthleteRow.reminder_time,
                column,
            ).where(
                AthleteRow.status == "active",
                AthleteRow.onboarded_at.is_not(None),
                column <= now if early is None else column == early,
            )
            if after is not None:
                stmt = stmt.where(
                    or_(column > after[0], and_(column == after[0], AthleteRow.id > after[1]))
                )
            stmt = stmt.order_by(column, AthleteRow.id).limit(limit)
            if self._postgres:
                stmt = stmt.with_for_update(skip_locked=True, of=AthleteRow)
            rows = (await session.execute(stmt)).all()
            if not rows:
                return ClaimPage([], 0, 0, None)

            values: list[dict[str, Any]] = []
            moves: list[dict[str, Any]] = []
            slots: dict[int, tuple[Slot, int]] = {}
            for athlete_id, chat_id, tz_name, push, reminder, due in rows:
                assert due is not None  # selected with next_*_at <= now
                tz = _zone_or_utc(tz_name, athlete_id)
                push_time, reminder_time = _hhmm(push), _hhmm(reminder)
                slot = slot_at(kind, due, tz, push_time, reminder_time)
                if early is not None and local_date(now, tz) != slot.local_date:
                    continue  # the athlete's day has not begun: not decided yet
                following = next_slot_after(
                    kind, slot.local_date, now, tz, push_time, reminder_time
                )
                stale = slot.is_stale(now)
                values.append(
                    {
                        "athlete_id": athlete_id,
                        "kind": kind.value,
                        "local_date": slot.local_date,
                        "status": (DeliveryStatus.STALE if stale else DeliveryStatus.CLAIMED).value,
                        "attempts": 0,
                        "due_at": slot.due_at,
                        "expires_at": slot.expires_at,
                        "claimed_by": owner,
                        "claimed_at": now,
                        "error": "window passed before it could be sent" if stale else None,
                    }
                )
                moves.append({"b_id": athlete_id, "b_next": following.due_at})
                slots[athlete_id] = (slot, chat_id)

            if not values:  # early, and nobody's day has begun yet
                return ClaimPage([], len(rows), 0, None)
            # executemany ("insertmanyvalues"): one compiled statement, rows sent in batches;
            # a conflicting row (already claimed or recorded) returns nothing.
            inserted = (
                await session.execute(
                    self._insert()
                    .on_conflict_do_nothing(index_elements=["athlete_id", "kind", "local_date"])
                    .returning(_T.c.id, _T.c.athlete_id, _T.c.status),
                    values,
                )
            ).all()
            await session.execute(
                update(_A)
                .where(_A.c.id == bindparam("b_id"))
                .values({column.key: bindparam("b_next", type_=_A.c[column.key].type)}),
                moves,
            )
        claims: list[Claim] = []
        stale_count = 0
        for delivery_id, athlete_id, status in inserted:
            if status != DeliveryStatus.CLAIMED:
                stale_count += 1
                continue
            slot, chat_id = slots[athlete_id]
            claims.append(
                Claim(
                    id=delivery_id,
                    athlete_id=athlete_id,
                    chat_id=chat_id,
                    kind=kind,
                    local_date=slot.local_date,
                    due_at=slot.due_at,
                    expires_at=slot.expires_at,
                    attempts=0,
                )
            )
        claims.sort(key=lambda c: (c.due_at, c.athlete_id))
        last_id, last_due = rows[-1][0], rows[-1][5]
        assert last_due is not None
        return ClaimPage(claims, len(rows), stale_count, (last_due, last_id))

    async def due_counts(
        self, kind: PushKind, after: datetime, until: datetime
    ) -> list[tuple[datetime, int]]:
        """How many active athletes' ``kind`` push is due at each instant in (after, until]:
        what the spread plans with (one indexed, grouped read)."""
        column = _NEXT[kind]
        async with self._sessions() as session:
            rows = await session.execute(
                select(column, func.count())
                .where(
                    AthleteRow.status == "active",
                    AthleteRow.onboarded_at.is_not(None),
                    column > after,
                    column <= until,
                )
                .group_by(column)
            )
            return [(due, int(n)) for due, n in rows.all() if due is not None]

    async def claim_retries(
        self, now: datetime, owner: str, *, limit: int = PAGE_SIZE
    ) -> list[Claim]:
        """Re-claim failed deliveries whose backoff is over and claims whose lease ran out.

        Those whose window has passed become ``stale``; those of an athlete who is no longer
        active (paused, blocked) become ``skipped``.
        """
        async with self._sessions.begin() as session:
            await self._write_lock(session)
            stmt = (
                select(DeliveryRow, AthleteRow.chat_id, AthleteRow.status)
                .join(AthleteRow, AthleteRow.id == DeliveryRow.athlete_id)
                .where(
                    or_(
                        and_(
                            DeliveryRow.status == DeliveryStatus.FAILED.value,
                            DeliveryRow.next_attempt_at <= now,
                        ),
                        and_(
                            or_(
                                DeliveryRow.status == DeliveryStatus.CLAIMED.value,
                                DeliveryRow.status == DeliveryStatus.SENDING.value,
                            ),
                            DeliveryRow.claimed_at < now - CLAIM_LEASE,
                        ),
                    )
                )
                .order_by(DeliveryRow.id)
                .limit(limit)
            )
            if self._postgres:
                stmt = stmt.with_for_update(skip_locked=True, of=DeliveryRow)
            rows = (await session.execute(stmt)).all()
            changes: list[dict[str, Any]] = []
            claims: list[Claim] = []
            for row, chat_id, athlete_status in rows:
                unconfirmed = bool(row.error and row.error.startswith(UNCONFIRMED))
                error = row.error
                if row.status == DeliveryStatus.SENDING.value:
                    # Its owner died during the call: it may have arrived (see the docstring).
                    unconfirmed = True
                    error = f"{UNCONFIRMED}: the sending process stopped during the call"
                change: dict[str, Any] = {
                    "b_id": row.id,
                    "b_status": DeliveryStatus.CLAIMED.value,
                    "b_owner": owner,
                    "b_error": error,
                }
                if now >= row.expires_at:
                    change["b_status"] = DeliveryStatus.STALE.value
                    change["b_error"] = (
                        error
                        if unconfirmed  # keep the note: it may have arrived
                        else f"window passed before it could be sent ({row.error})"
                    )
                elif athlete_status != "active":
                    change["b_status"] = DeliveryStatus.SKIPPED.value
                    change["b_error"] = f"athlete {athlete_status}"
                else:
                    claims.append(
                        Claim(
                            id=row.id,
                            athlete_id=row.athlete_id,
                            chat_id=chat_id,
                            kind=PushKind(row.kind),
                            local_date=row.local_date,
                            due_at=row.due_at,
                            expires_at=row.expires_at,
                            attempts=row.attempts,
                            unconfirmed=unconfirmed,
                        )
                    )
                changes.append(change)
            if changes:
                await session.execute(
                    update(_T)
                    .where(_T.c.id == bindparam("b_id"))
                    .values(
                        status=bindparam("b_status"),
                        claimed_by=bindparam("b_owner"),
                        claimed_at=now,
                        error=bindparam("b_error"),
                        next_attempt_at=None,
                    ),
                    changes,
                )
            return claims

    # --- state changes -------------------------------------------------------------------

    async def start_sending(
        self, claims: Sequence[Claim], owner: str, now: datetime
    ) -> list[Claim]:
        """claimed -> sending for those still ours; returns them (only those may be sent)."""
        if not claims:
            return []
        async with self._sessions.begin() as session:
            ours = await self._start_in(session, claims, owner, now)
        return [replace(c, attempts=c.attempts + 1) for c in claims if c.id in ours]

    async def advance(
        self,
        starting: Sequence[Claim],
        outcomes: Sequence[Outcome],
        owner: str,
        now: datetime,
    ) -> set[int]:
        """One transaction for a sender's bookkeeping: record ``outcomes`` (as
        :meth:`finish`) and mark ``starting`` sending (as :meth:`start_sending`); returns the
        ids of ``starting`` that are still ours and now ``sending``."""
        if not starting and not outcomes:
            return set()
        async with self._sessions.begin() as session:
            await self._finish_in(session, outcomes, now)
            return await self._start_in(session, starting, owner, now) if starting else set()

    async def renew(self, owner: str, now: datetime) -> int:
        """Renew the lease of every open delivery ``owner`` holds (it is alive); returns how
        many. Call at least every :data:`LEASE_RENEW_EVERY`."""
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(_T)
                .where(
                    _T.c.claimed_by == owner,
                    or_(
                        _T.c.status == DeliveryStatus.CLAIMED.value,
                        _T.c.status == DeliveryStatus.SENDING.value,
                    ),
                )
                .values(claimed_at=now)
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def open_owners(self) -> set[str]:
        """The owners of claimed or sending deliveries (to find one that died)."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(DeliveryRow.claimed_by)
                .where(
                    or_(
                        DeliveryRow.status == DeliveryStatus.CLAIMED.value,
                        DeliveryRow.status == DeliveryStatus.SENDING.value,
                    ),
                    DeliveryRow.claimed_by.is_not(None),
                )
                .distinct()
            )
            return {owner for (owner,) in rows if owner}

    async def expire(self, owner: str, now: datetime) -> int:
        """End the lease of every open delivery of ``owner``, a process known to be dead, so
        the next :meth:`claim_retries` takes them at once; returns how many."""
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(_T)
                .where(
                    _T.c.claimed_by == owner,
                    or_(
                        _T.c.status == DeliveryStatus.CLAIMED.value,
                        _T.c.status == DeliveryStatus.SENDING.value,
                    ),
                )
                .values(claimed_at=now - CLAIM_LEASE - timedelta(seconds=1))
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def _start_in(
        self, session: AsyncSession, claims: Sequence[Claim], owner: str, now: datetime
    ) -> set[int]:
        result = await session.execute(
            update(_T)
            .where(
                _T.c.id.in_([c.id for c in claims]),
                _T.c.status == DeliveryStatus.CLAIMED.value,
                _T.c.claimed_by == owner,
            )
            .values(
                status=DeliveryStatus.SENDING.value,
                attempts=_T.c.attempts + 1,
                claimed_at=now,
            )
            .returning(_T.c.id)
        )
        return {row[0] for row in result}

    async def release(self, claims: Sequence[Claim], owner: str, now: datetime) -> None:
        """Give back claims this instance will not send (it is stopping): any instance may
        take them at its next tick instead of waiting for the lease to run out."""
        if not claims:
            return
        async with self._sessions.begin() as session:
            await session.execute(
                update(DeliveryRow)
                .where(
                    DeliveryRow.id.in_([c.id for c in claims]),
                    DeliveryRow.status == DeliveryStatus.CLAIMED.value,
                    DeliveryRow.claimed_by == owner,
                )
                .values(claimed_by=None, claimed_at=now - CLAIM_LEASE - timedelta(seconds=1))
                .execution_options(synchronize_session=False)
            )

    async def finish(self, outcomes: Iterable[Outcome], now: datetime) -> None:
        """Record what happened to claimed or sending deliveries, in one transaction.

        A ``failed`` outcome past :data:`MAX_ATTEMPTS` becomes ``dead``, one whose next try
        would come after its window becomes ``stale``. A ``blocked`` outcome also marks the
        athlete blocked, which stops their pushes until they send /start again.
        """
        outcomes = list(outcomes)
        if not outcomes:
            return
        async with self._sessions.begin() as session:
            await self._finish_in(session, outcomes, now)

    async def _finish_in(
        self, session: AsyncSession, outcomes: Iterable[Outcome], now: datetime
    ) -> None:
        params: list[dict[str, Any]] = []
        sent: list[dict[str, Any]] = []
        blocked: set[int] = set()
        for outcome in outcomes:
            claim, status = outcome.claim, outcome.status
            if status is DeliveryStatus.SENT and outcome.error is None and not claim.unconfirmed:
                sent.append({"b_id": claim.id, "b_message_id": outcome.message_id})
                continue
            retry_at: datetime | None = None
            error = outcome.error[:500] if outcome.error else None
            if claim.unconfirmed and not (error or "").startswith(UNCONFIRMED):
                # Keep the note that an earlier attempt may have arrived (at-least-once).
                error = f"{UNCONFIRMED}: an earlier attempt may have arrived; then {error or 'ok'}"
                error = error[:500]
            if status is DeliveryStatus.FAILED:
                retry_at = max(outcome.retry_at or now, now + backoff(claim.attempts))
                if claim.attempts >= MAX_ATTEMPTS:
                    status = DeliveryStatus.DEAD
                    retry_at = None
                elif retry_at >= claim.expires_at:
                    status = DeliveryStatus.STALE
                    retry_at = None
            if status is DeliveryStatus.BLOCKED:
                blocked.add(claim.athlete_id)
            params.append(
                {
                    "b_id": claim.id,
                    "b_status": status.value,
                    "b_sent_at": now if status is DeliveryStatus.SENT else None,
                    "b_message_id": outcome.message_id,
                    "b_error": error,
                    "b_retry": retry_at,
                }
            )
        if not params and not sent:
            return
        open_ = or_(  # not IN (...): expanding parameters cannot be used in executemany
            _T.c.status == DeliveryStatus.CLAIMED.value,
            _T.c.status == DeliveryStatus.SENDING.value,
        )
        if sent:  # the common case, with the fewest parameters per row
            await session.execute(
                update(_T)
                .where(_T.c.id == bindparam("b_id"), open_)
                .values(
                    status=DeliveryStatus.SENT.value,
                    sent_at=now,
                    message_id=bindparam("b_message_id", type_=_T.c.message_id.type),
                    error=None,
                    next_attempt_at=None,
                ),
                sent,
            )
        if params:
            await session.execute(
                update(_T)
                .where(_T.c.id == bindparam("b_id"), open_)
                .values(
                    status=bindparam("b_status"),
                    sent_at=bindparam("b_sent_at", type_=_T.c.sent_at.type),
                    message_id=bindparam("b_message_id", type_=_T.c.message_id.type),
                    error=bindparam("b_error"),
                    next_attempt_at=bindparam("b_retry", type_=_T.c.next_attempt_at.type),
                ),
                params,
            )
        if blocked:
            await session.execute(
                update(AthleteRow)
                .where(AthleteRow.id.in_(sorted(blocked)), AthleteRow.status == "active")
                .values(status="blocked", updated_at=now)
                .execution_options(synchronize_session=False)
            )

    # --- schedules -----------------------------------------------------------------------

    async def reschedule(self, athlete_id: int, now: datetime) -> None:
        """Recompute the athlete's next push instants from their zone and times.

        Call after onboarding, a change of time zone or push/reminder time, and a resume. A
        push due but not yet claimed keeps its local date if it can still go out (so a
        settings change at 06:35 does not lose the 06:30 push); otherwise the first slot at
        or after ``now``. The unique key keeps a local date that was already pushed from
        getting a second push, whatever the new times.
        """
        async with self._sessions.begin() as session:
            await self._write_lock(session)
            row = await session.get(AthleteRow, athlete_id, with_for_update=True)
            if row is None:
                return
            for kind in PushKind:
                setattr(row, _NEXT[kind].key, _next_due(row, kind, now))

    async def schedule_missing(self, now: datetime, *, limit: int = PAGE_SIZE) -> int:
        """Schedule onboarded, active athletes that have no next push yet (a safety net for
        a flow that forgot :meth:`reschedule`); returns how many were scheduled."""
        async with self._sessions() as session:
            ids = list(
                await session.scalars(
                    select(AthleteRow.id)
                    .where(
                        AthleteRow.status == "active",
                        AthleteRow.next_morning_at.is_(None),
                        AthleteRow.onboarded_at.is_not(None),
                    )
                    .order_by(AthleteRow.id)
                    .limit(limit)
                )
            )
        for athlete_id in ids:
            await self.reschedule(athlete_id, now)
        return len(ids)

    async def next_due(self, athlete_id: int) -> dict[PushKind, datetime | None]:
        """When each of the athlete's pushes is next due (UTC), for /settings and tests."""
        async with self._sessions() as session:
            row = await session.get(AthleteRow, athlete_id)
            if row is None:
                return {}
            return {kind: getattr(row, _NEXT[kind].key) for kind in PushKind}

    # --- reading -------------------------------------------------------------------------

    async def get(self, athlete_id: int, kind: PushKind, day: date) -> DeliveryRecord | None:
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(DeliveryRow).where(
                        DeliveryRow.athlete_id == athlete_id,
                        DeliveryRow.kind == kind.value,
                        DeliveryRow.local_date == day,
                    )
                )
            ).scalar_one_or_none()
            return _record(row) if row else None

    async def for_athlete(self, athlete_id: int) -> list[DeliveryRecord]:
        """The athlete's deliveries, oldest first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(DeliveryRow)
                .where(DeliveryRow.athlete_id == athlete_id)
                .order_by(DeliveryRow.due_at, DeliveryRow.id)
            )
            return [_record(r) for r in rows]

    async def counts(self, kind: PushKind | None = None) -> dict[DeliveryStatus, int]:
        """How many deliveries are in each state (monitoring, the bench, tests)."""
        async with self._sessions() as session:
            stmt = select(DeliveryRow.status, func.count()).group_by(DeliveryRow.status)
            if kind is not None:
                stmt = stmt.where(DeliveryRow.kind == kind.value)
            return {DeliveryStatus(s): int(n) for s, n in (await session.execute(stmt)).all()}


def _next_due(row: AthleteRow, kind: PushKind, now: datetime) -> datetime | None:
    if row.onboarded_at is None:
        return None
    tz = _zone_or_utc(row.timezone, row.id)
    push_time, reminder_time = _hhmm(row.push_time), _hhmm(row.reminder_time)
    fresh = first_slot_from(kind, now, tz, push_time, reminder_time)
    current: datetime | None = getattr(row, _NEXT[kind].key)
    if current is not None and current <= now:
        pending = slot_on(kind, local_date(current, tz), tz, push_time, reminder_time)
        if (
            pending is not None
            and not pending.is_stale(now)
            and pending.local_date < fresh.local_date
        ):
            return pending.due_at
    return fresh.due_at
