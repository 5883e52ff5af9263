"""No chat stalls another: updates of different chats are handled at the same time, the
updates of one chat one after the other, in the order Telegram sent them.

python-telegram-bot handles one update at a time unless told otherwise, so one chat's slow
update (a reply paced at one a second per chat, a database wait) held up every other chat:
a user sending 100 messages in a burst delayed another user's /help answer by 100 s (issue
#15). ``ApplicationBuilder.concurrent_updates`` takes an update processor; this one gives
each chat a turn (a FIFO lock, so a dialog's answers still arrive in order) and caps how
many updates run at once *after* the chat's turn comes, so a chat's queue waits without
holding a slot another chat could use. A chat's reply pacing (bot.ratelimit) then only
ever waits inside that chat's own turn.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from storage.unit import remembering, sharing

#: Updates running at once (their chats' turns have come). A few dozen keep the database pool
#: and the event loop busy without queueing on them.
MAX_RUNNING = 32
#: Updates in hand at once, waiting for their chat's turn included (PTB's own cap).
MAX_IN_HAND = 10_000


class _Turn:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


def chat_key(update: object) -> int | None:
    """The chat whose order an update must keep (None: it keeps none)."""
    if not isinstance(update, Update):
        return None
    chat = update.effective_chat
    if chat is not None:
        return chat.id
    user = update.effective_user
    return user.id if user is not None else None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Concurrent across chats, in order within one (see the module docstring)."""

    def __init__(self, max_running: int = MAX_RUNNING, max_in_hand: int = MAX_IN_HAND) -> None:
        super().__init__(max_in_hand)
        self._running = asyncio.Semaphore(max_running)
        self._turns: dict[int, _Turn] = {}

    @property
    def chats_waiting(self) -> int:
        """Chats with an update in hand (for logs and tests)."""
        return len(self._turns)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:
            async with self._running, sharing():  # one session per update (storage.unit)
                with remembering():  # an athlete's row read once per update (storage.unit)
                    await coroutine
            return
        turn = self._turns.get(key)
        if turn is None:
            turn = self._turns[key] = _Turn()
        turn.users += 1
        try:
            async with turn.lock, self._running, sharing():
                with remembering():
                    await coroutine
        finally:
            turn.users -= 1
            if turn.users == 0:
                del self._turns[key]

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""
