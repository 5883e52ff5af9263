"""Every message a known athlete sends, kept before any handler acts on it, and what became of
it: an update is marked handled only when its handlers have finished, so one that died with
the process (a crash, a kill mid-handling) is handled when Telegram redelivers it or when a
running process takes it up again, and one that was handled is never handled twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from typing import Any, cast

from sqlalchemy import and_, bindparam, exists, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased

from storage.athletes import ATHLETE_BY_ID, AthleteRecord
from storage.athletes import _record as athlete_record
from storage.tables import AthleteRow, InboxRow
from storage.unit import REMEMBERED, SessionSource, Statements, rows_changed, scope_of

#: Outcomes a row records once its update is done with.
HANDLED = "handled"
FAILED = "failed"  # a handler raised; the athlete got the apology
THROTTLED = "throttled"  # over the per-athlete limit: kept, not acted on
IGNORED = "ignored"  # e.g. an edit of an old message
SUPERSEDED = "superseded"  # died in hand, and the athlete wrote again since
EXPIRED = "expired"  # died in hand too long ago to act on now


@dataclass(frozen=True)
class Unhandled:
    """An update that was kept but never handled: its process died with it in hand."""

    athlete_id: int
    update_id: int
    payload: str


# The statements of every update, built once (building one costs more than running it).
_IN_HAND = (
    InboxRow.athlete_id == bindparam("row_athlete"),  # not a column's name: those are the
    InboxRow.update_id == bindparam("row_update"),  # values to set
    InboxRow.handled_at.is_(None),
)
#: Take a row kept but never handled (its process died) in hand again.
_RETAKE = update(InboxRow).where(*_IN_HAND)
#: The handlers are done with a row in hand (the values come with the parameters).
_FINISH = update(InboxRow).where(*_IN_HAND)


@lru_cache(maxsize=4)
def _keep(dialect: str) -> Any:
    """Keep an update unless kept already: each database spells the upsert its own way."""
    insert_fn = pg_insert if dialect == "postgresql" else sqlite_insert
    return insert_fn(InboxRow).on_conflict_do_nothing(index_elements=["athlete_id", "update_id"])


def _row(
    athlete_id: int,
    update_id: int,
    text: str | None,
    message_id: int | None,
    now: datetime,
    payload: str | None,
) -> dict[str, Any]:
    """A kept message's row, taken in hand now."""
    return {
        "athlete_id": athlete_id,
        "update_id": update_id,
        "text": text,
        "message_id": message_id,
        "received_at": now,
        "claimed_at": now,
        "payload": payload,
    }


def _kept(conn: Statements, values: dict[str, Any], *, retake: bool) -> bool:
    """Keep the update; True when it is new, or (``retake``) kept but never handled."""
    if rows_changed(conn, _keep(conn.dialect.name), values):
        return True
    if not retake:
        return False
    taken = {
        "row_athlete": values["athlete_id"],
        "row_update": values["update_id"],
        "claimed_at": values["claimed_at"],
    }
    return bool(rows_changed(conn, _RETAKE, taken))


def _kept_for(
    conn: Statements,
    athlete_id: int,
    known: AthleteRecord | None,
    text: str | None,
    now: datetime,
    payload: Callable[[], str],
    update_id: int,
    message_id: int | None,
) -> tuple[AthleteRecord | None, bool]:
    record = known
    if record is None:
        row = conn.execute(ATHLETE_BY_ID, {"athlete_id": athlete_id}).first()
        if row is None:
            return None, False
        record = athlete_record(cast(AthleteRow, row))
    values = _row(athlete_id, update_id, text, message_id, now, payload())
    return record, _kept(conn, values, retake=True)


class InboxRepository:
    """The inbox of one database."""

    def __init__(self, sessions: SessionSource) -> None:
        self._sessions = scope_of(sessions)

    async def record_inbound(
        self,
        athlete_id: int,
        update_id: int,
        text: str | None,
        now: datetime,
        payload: str | None = None,
        *,
        outcome: str | None = None,
        message_id: int | None = None,
    ) -> bool:
        """Keep what the athlete sent and take it in hand; False when this update was handled
        already (a redelivery to ignore). True for a new update and for a redelivered one
        that was kept but never handled (its process died): handle it now.

        ``payload`` is the update as Telegram sent it, kept until the update is handled so a
        later process can hand it to the handlers again. With ``outcome`` the message is
        kept as done with already (nothing will act on it: e.g. throttled).
        """
        values = _row(athlete_id, update_id, text, message_id, now, payload)
        if outcome is not None:
            values.update(handled_at=now, outcome=outcome, payload=None)
        retake = outcome is None
        return await self._sessions.run(
            lambda conn: _kept(conn, values, retake=retake), write=True, athletes=False
        )

    async def keep_if_athlete(
        self,
        athlete_id: int,
        update_id: int,
        text: str | None,
        now: datetime,
        payload: Callable[[], str],
        *,
        message_id: int | None = None,
    ) -> tuple[AthleteRecord | None, bool]:
        """The athlete's record and, when there is one, the message kept as
        :meth:`record_inbound` keeps it (its answer second; ``payload`` is made only then).
        Every message an athlete sends starts with both: one call into the database
        instead of two, and the record is remembered for the update like a read of it."""
        remembered = REMEMBERED.get()
        known = remembered.get(athlete_id) if remembered is not None else None
        payload = cache(payload)  # made once: the call may be tried again (a locked database)
        record, fresh = await self._sessions.run(
            lambda conn: _kept_for(
                conn, athlete_id, known, text, now, payload, update_id, message_id
            ),
            write=True,
            athletes=False,
        )
        if remembered is not None:
            remembered[athlete_id] = record
        return record, fresh

    async def message_text(
        self, athlete_id: int, message_id: int, before_update: int
    ) -> str | None:
        """What a message said last (as first sent, or as last edited) before update
        ``before_update``; None when the inbox has no row of it."""
        async with self._sessions() as session:
            text: str | None = (
                await session.execute(
                    select(InboxRow.text)
                    .where(
                        InboxRow.athlete_id == athlete_id,
                        InboxRow.message_id == message_id,
                        InboxRow.update_id < before_update,
                    )
                    .order_by(InboxRow.update_id.desc())
                    .limit(1)
                )
            ).scalar_one_or_none()
            return text

    async def finish(self, athlete_id: int, update_id: int, outcome: str, now: datetime) -> bool:
        """Record that the handlers are done with this update (``outcome`` says how); the
        first outcome stands (a failure recorded by the error handler is not overwritten by
        the end of the update). False when there was no row in hand."""
        done = {
            "row_athlete": athlete_id,
            "row_update": update_id,
            "handled_at": now,
            "outcome": outcome,
            "payload": None,
        }
        changed = await self._sessions.run(
            lambda conn: rows_changed(conn, _FINISH, done), write=True, athletes=False
        )
        return bool(changed)

    async def take_unhandled(
        self, now: datetime, *, lease_before: datetime, since: datetime, limit: int = 100
    ) -> list[Unhandled]:
        """Updates a dead process left in hand (taken at ``lease_before`` or earlier, never
        handled),
        oldest first, now taken in hand by the caller (one process wins each row).

        One the athlete has written after is marked superseded instead (acting on it now
        would answer a question that is no longer open), and one received before ``since``
        expired (too old to act on).
        """
        async with self._sessions.begin() as session:
            await session.execute(
                update(InboxRow)
                .where(InboxRow.handled_at.is_(None), InboxRow.received_at < since)
                .values(handled_at=now, outcome=EXPIRED, payload=None)
            )
            later = aliased(InboxRow)
            moved_on = exists().where(
                and_(later.athlete_id == InboxRow.athlete_id, later.update_id > InboxRow.update_id)
            )
            await session.execute(
                update(InboxRow)
                .where(
                    InboxRow.handled_at.is_(None),
                    InboxRow.claimed_at <= lease_before,
                    moved_on,
                )
                .values(handled_at=now, outcome=SUPERSEDED, payload=None)
                .execution_options(synchronize_session=False)
            )
            rows = (
                await session.execute(
                    select(
                        InboxRow.id,
                        InboxRow.athlete_id,
                        InboxRow.update_id,
                        InboxRow.payload,
                        InboxRow.claimed_at,
                    )
                    .where(
                        InboxRow.handled_at.is_(None),
                        InboxRow.claimed_at <= lease_before,
                        InboxRow.payload.is_not(None),
                    )
                    .order_by(InboxRow.received_at, InboxRow.id)
                    .limit(limit)
                )
            ).all()
            taken: list[Unhandled] = []
            for row_id, athlete_id, update_id, payload, claimed_at in rows:
                won = await session.execute(
                    update(InboxRow)
                    .where(InboxRow.id == row_id, InboxRow.claimed_at == claimed_at)
                    .values(claimed_at=now)
                )
                if getattr(won, "rowcount", 0) and payload is not None:
                    taken.append(Unhandled(athlete_id, update_id, payload))
            return taken
