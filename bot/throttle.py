"""A per-athlete message limit, so one flood never costs the others.

A person types a few messages a minute; a script or a stuck key sends hundreds. Past
:data:`MESSAGES_PER_MINUTE` typed messages (and edits) in a minute from one Telegram user,
the bot keeps each further message in the inbox (nothing is lost) but acts on none of them,
says once that it is taking a breather, and is silent until the minute has passed. Button
presses do not count: they answer questions the bot asked.

The count lives in the process: with several instances each counts what it receives.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta
from enum import Enum

#: Typed messages one user may send in :data:`WINDOW` before the bot stops acting on them.
#: Onboarding's fastest typist sends about one every 3 s; 20 leaves room for a burst of
#: corrections, and a flood of 100 costs 20 answers, not 100.
MESSAGES_PER_MINUTE = 20
WINDOW = timedelta(minutes=1)


class Verdict(Enum):
    ACT = "act"  # within the limit
    WARN = "warn"  # the first over it: say "slow down" once
    SILENT = "silent"  # over it, already told


class MessageLimiter:
    """A sliding window of message times per user, on the injected clock."""

    def __init__(self, limit: int = MESSAGES_PER_MINUTE, window: timedelta = WINDOW) -> None:
        self.limit = limit
        self.window = window
        self._seen: dict[int, deque[datetime]] = {}
        self._warned: dict[int, datetime] = {}

    def count(self, user_id: int, now: datetime) -> Verdict:
        """Count one message of ``user_id`` at ``now``; what to do with it."""
        seen = self._seen.setdefault(user_id, deque())
        while seen and now - seen[0] >= self.window:
            seen.popleft()
        if len(seen) < self.limit:
            seen.append(now)
            self._warned.pop(user_id, None)
            if len(self._seen) > 4096:
                self._prune(now)
            return Verdict.ACT
        warned = self._warned.get(user_id)
        if warned is not None and now - warned < self.window:
            return Verdict.SILENT
        self._warned[user_id] = now
        return Verdict.WARN

    def _prune(self, now: datetime) -> None:
        for user_id in [u for u, s in self._seen.items() if not s or now - s[-1] >= self.window]:
            del self._seen[user_id]
            self._warned.pop(user_id, None)
