"""The athlete's account: who is talking to the bot (the athlete behind a Telegram user,
their first contact, the open question of their conversation, every message they send, kept
as it arrives), and their data: /export (a CSV per journal table and one JSON document with
everything) and /delete.

The adapter calls these instead of the repositories (handlers call services only), so the
rules around them (a message is kept once; a dialog is per athlete) live in one place.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from storage.account import AccountStore
from storage.athletes import AthleteRecord
from storage.database import Database
from storage.inbox import FAILED, HANDLED, IGNORED, THROTTLED, Unhandled
from storage.runlog import StoredLog

#: Tables exported as CSV, and their file names; the JSON document has every table.
EXPORT_CSV: dict[str, str] = {
    "checkins": "stride-checkins.csv",
    "run_logs": "stride-logs.csv",
    "pain_flags": "stride-pain-flags.csv",
    "adjustments": "stride-adjustments.csv",
    "inbox": "stride-messages.csv",
}
EXPORT_JSON = "stride-export.json"
EXPORT_FORMAT = "stride-export/1"
#: Row ids fit in a signed 64-bit integer (PostgreSQL BIGINT, SQLite INTEGER).
MAX_ROW_ID = 2**63 - 1

#: What became of a kept message (the inbox's outcome), for the adapter to record.
__all__ = ["FAILED", "HANDLED", "IGNORED", "THROTTLED", "AccountService", "Unhandled"]


@dataclass(frozen=True)
class ExportFile:
    name: str
    data: bytes


@dataclass(frozen=True)
class ExportBundle:
    files: tuple[ExportFile, ...]
    counts: dict[str, int]  # rows per exported table


class AccountService:
    """The athlete rows, their dialogs and their inbox, over one database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.store = AccountStore(db.sessions)

    async def athlete(self, user_id: int) -> AthleteRecord | None:
        """The athlete of this Telegram user (the user id is the athlete id), if any."""
        return await self.db.athletes.get(user_id)

    async def first_contact(
        self, user_id: int, chat_id: int, first_name: str | None, now: datetime
    ) -> tuple[AthleteRecord, bool]:
        """The athlete for this user, registered on first contact; (record, created)."""
        return await self.db.athletes.register(user_id, chat_id, first_name, now)

    async def save_dialog(
        self, athlete_id: int, dialog: dict[str, Any] | None, now: datetime
    ) -> None:
        """Store the open question of the athlete's conversation (None: nothing open)."""
        await self.db.athletes.set_dialog(athlete_id, dialog, now)

    async def keep_message(
        self,
        athlete_id: int,
        update_id: int,
        text: str | None,
        now: datetime,
        payload: str | None = None,
        outcome: str | None = None,
        message_id: int | None = None,
    ) -> bool:
        """Keep what the athlete sent, before anything acts on it; False when this update
        was handled already (a redelivery, to be ignored). A redelivered update that was
        kept but never handled (its process died) is to be handled now: True. With
        ``outcome``, the message is kept as already done with (e.g. throttled)."""
        return await self.db.inbox.record_inbound(
            athlete_id, update_id, text, now, payload, outcome=outcome, message_id=message_id
        )

    async def keep_from_athlete(
        self,
        user_id: int,
        update_id: int,
        text: str | None,
        now: datetime,
        payload: Callable[[], str],
        *,
        message_id: int | None = None,
    ) -> tuple[AthleteRecord | None, bool]:
        """The athlete of this user and, when there is one, their message kept as
        :meth:`keep_message` keeps it (its answer second), in one call."""
        return await self.db.inbox.keep_if_athlete(
            user_id, update_id, text, now, payload, message_id=message_id
        )

    async def message_text(
        self, athlete_id: int, message_id: int, before_update: int
    ) -> str | None:
        """What one of the athlete's messages said before this update (an edit's "before")."""
        return await self.db.inbox.message_text(athlete_id, message_id, before_update)

    async def last_log(self, athlete_id: int) -> StoredLog | None:
        """The athlete's most recent run log (the only one an edited message may correct)."""
        return await self.db.runlogs.last_log(athlete_id)

    async def finish_message(
        self, athlete_id: int, update_id: int, outcome: str, now: datetime
    ) -> bool:
        """The handlers are done with this kept update (``outcome``: handled, failed,
        throttled, ignored); the first outcome recorded stands."""
        return await self.db.inbox.finish(athlete_id, update_id, outcome, now)

    async def take_unhandled(
        self, now: datetime, *, lease: timedelta, window: timedelta, limit: int = 100
    ) -> list[Unhandled]:
        """Kept updates whose process died with them in hand (taken more than ``lease``
        ago), taken in hand again to be handled, oldest first; one the athlete has written
        after, or older than ``window``, is closed instead (nothing acts on it)."""
        return await self.db.inbox.take_unhandled(
            now, lease_before=now - lease, since=now - window, limit=limit
        )

    async def log(self, athlete_id: int, log_id: int) -> StoredLog | None:
        """One of the athlete's run logs, by id (None when it is gone or not theirs, or
        the id is one no row can have: a forged button's 40-digit id would overflow the
        database driver instead of finding nothing)."""
        if not 0 < log_id <= MAX_ROW_ID:
            return None
        return await self.db.runlogs.get_log(athlete_id, log_id)

    # --- export / delete -------------------------------------------------------------------
    async def export(self, record: AthleteRecord, now: datetime) -> ExportBundle:
        """Every row of the athlete: a CSV per journal table and one JSON document."""
        tables = await self.store.rows(record.id)
        profile = record.profile()
        plan = await self.db.plans.current(record.id)
        files = [
            ExportFile(name, _csv(self.store.columns(table), tables.get(table, [])))
            for table, name in EXPORT_CSV.items()
        ]
        document: dict[str, Any] = {
            "format": EXPORT_FORMAT,
            "exported_at": now.isoformat(),
            "athlete_id": record.id,
            "profile": profile.model_dump(mode="json") if profile else None,
            "plan": plan.model_dump(mode="json") if plan else None,
            "tables": tables,
        }
        body = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True)
        files.append(ExportFile(EXPORT_JSON, body.encode("utf-8")))
        counts = {table: len(rows) for table, rows in tables.items()}
        return ExportBundle(files=tuple(files), counts=counts)

    async def delete(self, athlete_id: int) -> bool:
        """Remove every row of the athlete; False when there was nothing to remove."""
        return await self.db.athletes.delete(athlete_id)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> bytes:
    """UTF-8 CSV with a header row; JSON columns as JSON text, nulls as empty cells."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue().encode("utf-8")
