"""Which planned session a log fulfils (COACHING.md §6), for every layer that asks.

The journal asks it to pair a new log with its session (the planned kind, the default
duration, the target RPE); the evening reminder asks it to know whether a session of the day
is still waiting for its log. Both must give the same answer, or the reminder nags about a
session the journal already counted.

The rule: a day's sessions that a log may fulfil are every session but rest (cross-training
the coach asked for is logged like a run). Logs are taken in the order they were made; each
fulfils the open session of its slot ("am"/"pm" on a double) when there is one, otherwise the
first open session. A log on a day with nothing open fulfils nothing new (an extra run, or a
second log for the same session).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from coach.models import Session

__all__ = ["Slotted", "loggable", "logged_session", "unlogged_sessions"]


class Slotted(Protocol):
    """A log as stored: which slot of the day it was made for ("am"/"pm", None)."""

    @property
    def slot(self) -> str | None: ...


def loggable(sessions: Iterable[Session]) -> list[Session]:
    """The sessions a log may fulfil, in order: all but rest (see :attr:`Session.is_rest`)."""
    return [s for s in sessions if not s.is_rest]


def unlogged_sessions(sessions: Iterable[Session], logs: Iterable[Slotted]) -> list[Session]:
    """The day's sessions no log fulfils yet, in order (see the module docstring).

    Args:
        sessions: the day's sessions, as the athlete was told them; rest is left out here.
        logs: the day's logs, in the order they were made.

    Returns:
        The loggable sessions still open: the first is the one the next log fulfils.
    """
    remaining = loggable(sessions)
    for log in logs:
        if not remaining:
            break
        match = next((s for s in remaining if s.slot == log.slot), remaining[0])
        remaining.remove(match)
    return remaining


def logged_session(sessions: Sequence[Session], log: Slotted) -> Session | None:
    """The session ``log`` counts for on a day whose sessions are all logged: the one of its
    slot, otherwise the last loggable one; None on a day with nothing to log."""
    done = loggable(sessions)
    return next((s for s in done if s.slot == log.slot), done[-1] if done else None)
