"""Illness buttons (``v1|ill|<action>|<YYYYMMDD>|<answer>``): the neck check, and the daily
check while ill. Each carries its day, so yesterday's buttons are recognised as stale."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import day_arg, encode
from flows.illness import ABOVE, BELOW, BETTER, STILL

AREA = "ill"
NECK, CHECK = "neck", "check"


def _button(label: str, action: str, day: date, value: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(AREA, action, day_arg(day), value))


def neck(day: date) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button("Above the neck only (runny nose, sore throat)", NECK, day, ABOVE)],
            [_button("Below the neck (fever, chest, aches, stomach)", NECK, day, BELOW)],
        ]
    )


@lru_cache(maxsize=32)
def daily_check(day: date) -> InlineKeyboardMarkup:
    """Shared by every ill athlete of a morning fan-out (it depends only on the day)."""
    return InlineKeyboardMarkup(
        [
            [
                _button("💪 Better, back to running", CHECK, day, BETTER),
                _button("🤒 Still ill", CHECK, day, STILL),
            ]
        ]
    )


def with_daily_check(day: date, keyboard: InlineKeyboardMarkup) -> InlineKeyboardMarkup:
    """``keyboard`` with the daily check's row under it (an athlete ill above the neck still
    gets the morning's session buttons)."""
    rows = [*keyboard.inline_keyboard, *daily_check(day).inline_keyboard]
    return InlineKeyboardMarkup(rows)
