"""Buttons under the scheduled pushes: the likely answers, one tap each (COACHING.md §8).

Every button carries the local date it belongs to, so a press on yesterday's push is
recognised as such by the handlers (area ``push`` for the morning, ``log`` for the evening).
A keyboard depends on nothing but that date, and PTB's objects are immutable, so each one is
built once and shared by every athlete of a fan-out.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import day_arg, encode

PUSH_AREA = "push"
LOG_AREA = "log"


@lru_cache(maxsize=64)
def morning(day: date, *, rest_day: bool = False) -> InlineKeyboardMarkup:
    """Check in, done, skip, swap, and the session as a workout file for the watch; a rest
    day only offers the check-in."""
    arg = day_arg(day)
    check_in = InlineKeyboardButton("🌡 Check in", callback_data=encode(PUSH_AREA, "checkin", arg))
    if rest_day:
        return InlineKeyboardMarkup([[check_in]])
    return InlineKeyboardMarkup(
        [
            [
                check_in,
                InlineKeyboardButton("✅ Done", callback_data=encode(PUSH_AREA, "done", arg)),
            ],
            [
                InlineKeyboardButton("⏭ Skip", callback_data=encode(PUSH_AREA, "skip", arg)),
                InlineKeyboardButton("🔀 Swap", callback_data=encode(PUSH_AREA, "swap", arg)),
            ],
            [InlineKeyboardButton("⌚ Watch", callback_data=encode(PUSH_AREA, "watch", arg))],
        ]
    )


@lru_cache(maxsize=32)
def evening_log(day: date) -> InlineKeyboardMarkup:
    """One-tap logging of the day's session: done, partly, skipped."""
    arg = day_arg(day)
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("✅ Done", callback_data=encode(LOG_AREA, "done", arg)),
                InlineKeyboardButton("🌓 Partly", callback_data=encode(LOG_AREA, "partly", arg)),
                InlineKeyboardButton("⏭ Skipped", callback_data=encode(LOG_AREA, "skipped", arg)),
            ]
        ]
    )
