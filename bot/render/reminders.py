"""The evening reminder: the day's session is not logged yet; one tap logs it."""

from __future__ import annotations

from html import escape

from bot.render.sessions import minutes
from coach.models import Session


def evening_reminder(first_name: str | None, unlogged: list[Session]) -> str:
    name = escape(first_name) if first_name else "there"
    items = ", ".join(f"<b>{escape(s.title)}</b> ({minutes(s.duration_min)})" for s in unlogged)
    return f"Evening, {name}. Today's {items} isn't logged yet. How did it go?"
