"""Who is talking to the bot: the athlete behind a Telegram user, their first contact, the
open question of their conversation, and every message they send, kept as it arrives.

The adapter calls these instead of the repositories (handlers call services only), so the
rules around them (a message is kept once; a dialog is per athlete) live in one place.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storage.athletes import AthleteRecord
from storage.database import Database
from storage.runlog import StoredLog


class AccountService:
    """The athlete rows, their dialogs and their inbox, over one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

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
        self, athlete_id: int, update_id: int, text: str | None, now: datetime
    ) -> bool:
        """Keep what the athlete sent, before anything acts on it; False when this update
        was kept already (a redelivery, to be ignored)."""
        return await self.db.inbox.record_inbound(athlete_id, update_id, text, now)

    async def log(self, athlete_id: int, log_id: int) -> StoredLog | None:
        """One of the athlete's run logs, by id (None when it is gone or not theirs)."""
        return await self.db.runlogs.get_log(athlete_id, log_id)
