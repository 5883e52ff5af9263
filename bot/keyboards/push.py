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
def morning(day: date, *, rest_day: bool = False, changed: bool = False) -> InlineKeyboardMarkup:
    """Check in, done, skip, swap, and the session as a workout file for the watch; a rest
    day only offers the check-in. A day the coach changed offers "Keep the original" first
    (§7b: the athlete keeps the last word)."""
    arg = day_arg(day)
    check_in = InlineKeyboardButton("🌡 Check in", callback_data=encode(PUSH_AREA, "checkin", arg))
    keep = [[keep_original_button(day, PUSH_AREA)]] if changed else []
    if rest_day:
        return InlineKeyboardMarkup([*keep, [check_in]])
    return InlineKeyboardMarkup(
        [
            *keep,
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


#: "Keep the original": ``v1|ctl|orig|<day>|<where the button was>`` (bot.handlers.control).
KEEP_AREA, KEEP_ACTION = "ctl", "orig"


def keep_original_button(day: date, source: str) -> InlineKeyboardButton:
    """The button beside a same-day change; ``source`` says which message carries it (the
    morning push keeps its other buttons once it is pressed)."""
    return InlineKeyboardButton(
        "↩️ Keep the original", callback_data=encode(KEEP_AREA, KEEP_ACTION, day_arg(day), source)
    )


def keep_original(day: date, source: str) -> InlineKeyboardMarkup:
    """The check-in's answer or /today, when the day was changed."""
    return InlineKeyboardMarkup([[keep_original_button(day, source)]])


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
