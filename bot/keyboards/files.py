"""Buttons under a run logged from its file: the RPE (1-10, until given), the surface with the
current one ticked, replace-the-earlier-log when the session was logged already, undo; and the
cross-training offer for a ride or a swim.

Callbacks (area ``file``): ``rpe|<log id>|<n>``, ``surface|<log id>|<surface>``,
``replace|<log id>|<earlier id>``, ``cross|<YYYYMMDD>|<minutes>|<file key>``. Undo is the run
log's own button (``v1|log|undo|<id>``).
"""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import day_arg, encode
from bot.keyboards.runlog import undo
from coach.models import Surface
from services.files import RUN_SURFACES

AREA = "file"
SCALE = tuple(range(1, 11))


def _button(label: str, action: str, *args: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(AREA, action, *args))


def file_log(
    log_id: int, surface: Surface | None, *, ask_rpe: bool, earlier_id: int | None = None
) -> InlineKeyboardMarkup:
    """RPE rows while it is open, the surface row (current ticked), replace, undo."""
    rows: list[list[InlineKeyboardButton]] = []
    if ask_rpe:
        rows.append([_button(str(n), "rpe", log_id, n) for n in SCALE[:5]])
        rows.append([_button(str(n), "rpe", log_id, n) for n in SCALE[5:]])
    if surface is not None and surface in RUN_SURFACES:
        rows.append(
            [
                _button(("✓ " if s is surface else "") + s.value.capitalize(), "surface", log_id, s)
                for s in RUN_SURFACES
            ]
        )
    if earlier_id is not None:
        rows.append([_button("🔁 Replace my earlier log", "replace", log_id, earlier_id)])
    rows.extend(list(row) for row in undo(log_id).inline_keyboard)
    return InlineKeyboardMarkup(rows)


def cross_offer(day: date, minutes: float, key: str) -> InlineKeyboardMarkup:
    """One tap: log the activity as cross-training."""
    button = _button("🚴 Count it as cross-training", "cross", day_arg(day), round(minutes), key)
    return InlineKeyboardMarkup([[button]])
