"""/pain buttons: where, then how much (``v1|pain|<action>|<YYYYMMDD>|<value>``)."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import day_arg, encode
from flows.pain import PLACES

AREA = "pain"


def _button(label: str, action: str, day: date, *value: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(AREA, action, day_arg(day), *value))


def where(day: date) -> InlineKeyboardMarkup:
    buttons = [_button(p.capitalize(), "where", day, p) for p in PLACES]
    return InlineKeyboardMarkup(
        [buttons[:4], buttons[4:], [_button("✅ All my pain is gone", "gone", day)]]
    )


def score(day: date) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(str(n), "score", day, n) for n in range(0, 6)],
            [_button(str(n), "score", day, n) for n in range(6, 11)],
        ]
    )
