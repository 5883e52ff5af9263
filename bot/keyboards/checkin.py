"""The morning check-in's buttons: one keyboard per question, each button carrying its step,
the day it belongs to, and the answer (``v1|ci|<step>|<YYYYMMDD>|<value>``)."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import day_arg, encode
from flows.checkin import SCALE5, WHERE_CHOICES

AREA = "ci"
#: Sleep buttons: label -> hours (the values flows.checkin.SLEEP_CHOICES reads back).
SLEEP = {"≤5": 5.0, "6": 6.0, "7": 7.0, "8": 8.0, "9+": 9.0}


def _button(label: str, step: str, day: date, value: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(AREA, step, day_arg(day), value))


def question(step: str, day: date) -> InlineKeyboardMarkup:
    """The buttons of one check-in question."""
    if step == "sleep":
        row = [_button(label, "sleep", day, f"{hours:g}") for label, hours in SLEEP.items()]
        return InlineKeyboardMarkup([row])
    if step in ("quality", "soreness"):
        return InlineKeyboardMarkup([[_button(v, step, day, v) for v in SCALE5]])
    if step == "where":
        buttons = [_button(w.capitalize(), "where", day, w) for w in WHERE_CHOICES]
        return InlineKeyboardMarkup([buttons[:4], buttons[4:]])
    raise ValueError(f"no check-in step {step!r}")
