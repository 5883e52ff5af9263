"""Telegram-like flood control, so fan-out code is tested against the limits it will meet.

Telegram documents roughly 30 messages per second per bot, one message per second per chat
and 20 messages per minute per group; going over earns ``429 Too Many Requests: retry after
N``. The limiter counts *accepted* sends in sliding windows on a real monotonic clock (separate
from the emulator's injectable message clock, because flood control is about wall time).
Edits are exempt unless ``count_edits`` is set: Telegram throttles them far more loosely and
exempting them keeps "edit the message in place" flows deterministic in tests.

**Paid broadcasts.** A send with ``allow_paid_broadcast=True`` is outside the 30 a second (up
to ``paid_per_second``, 1,000, in a window of its own; Telegram charges the bot 0.1 Stars a
message); the per-chat limits still apply.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

SENDING_METHODS = frozenset(
    {
        "sendmessage",
        "sendphoto",
        "senddocument",
        "sendlocation",
        "sendmediagroup",
        "sendvideo",
        "sendaudio",
        "sendvoice",
        "sendanimation",
        "sendsticker",
        "sendvenue",
        "sendcontact",
        "sendpoll",
        "copymessage",
        "forwardmessage",
    }
)
EDIT_METHODS = frozenset({"editmessagetext", "editmessagecaption", "editmessagereplymarkup"})


class _Window:
    """Timestamps of accepted sends inside one sliding window."""

    __slots__ = ("limit", "seconds", "stamps")

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self.stamps: deque[float] = deque()

    def retry_after(self, now: float) -> int | None:
        while self.stamps and self.stamps[0] <= now - self.seconds:
            self.stamps.popleft()
        if len(self.stamps) < self.limit:
            return None
        return max(1, math.ceil(self.stamps[0] + self.seconds - now))


class RateLimiter:
    """Sliding-window limits per bot, per chat and per group chat."""

    def __init__(
        self,
        per_bot_per_second: int = 30,
        per_chat_per_second: int = 1,
        per_group_per_minute: int | None = 20,
        *,
        paid_per_second: int = 1000,
        count_edits: bool = False,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.paid_per_second = paid_per_second
        self._paid = _Window(paid_per_second, 1.0)
        self.per_bot_per_second = per_bot_per_second
        self.per_chat_per_second = per_chat_per_second
        self.per_group_per_minute = per_group_per_minute
        self.count_edits = count_edits
        self._monotonic = monotonic
        self._bot = _Window(per_bot_per_second, 1.0)
        self._chats: dict[object, _Window] = {}
        self._groups: dict[object, _Window] = {}

    def applies_to(self, method: str) -> bool:
        """Whether calls of ``method`` count against the limits."""
        key = method.lower()
        return key in SENDING_METHODS or (self.count_edits and key in EDIT_METHODS)

    def _windows(self, chat_id: object, paid: bool = False) -> list[_Window]:
        windows = [self._paid if paid else self._bot]
        if chat_id is None:
            return windows
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = _Window(self.per_chat_per_second, 1.0)
        windows.append(chat)
        if self.per_group_per_minute is not None and isinstance(chat_id, int) and chat_id < 0:
            group = self._groups.get(chat_id)
            if group is None:
                group = self._groups[chat_id] = _Window(self.per_group_per_minute, 60.0)
            windows.append(group)
        return windows

    def check(self, method: str, chat_id: object, *, paid: bool = False) -> int | None:
        """``retry_after`` seconds if this call would exceed a limit, else None; ``paid``: a
        paid broadcast (its own per-bot window)."""
        if not self.applies_to(method):
            return None
        now = self._monotonic()
        windows = self._windows(chat_id, paid)
        waits = [w for w in (win.retry_after(now) for win in windows) if w]
        return max(waits) if waits else None

    def record(self, method: str, chat_id: object, *, paid: bool = False) -> None:
        """Count an accepted call (rejected calls do not use up the budget)."""
        if not self.applies_to(method):
            return
        now = self._monotonic()
        for window in self._windows(chat_id, paid):
            window.stamps.append(now)
