"""Durations as the athlete reads them, in one light module: ``stride plan`` words its long
run like the bot does without importing the bot's services (half a second at start-up)."""

from __future__ import annotations


def minutes(value: float) -> str:
    """45 -> "45 min", 135 -> "2 h 15"."""
    total = round(value)
    if total < 60:
        return f"{total} min"
    hours, mins = divmod(total, 60)
    return f"{hours} h {mins:02d}" if mins else f"{hours} h"
