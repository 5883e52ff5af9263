"""Buttons of /skip, /swap and /delete (area ``ctl``), and of /today's shortcuts.

Buttons that act on a day carry that day (``YYYYMMDD``): a press on another day's message
is recognised as expired and changes nothing. Swap buttons also carry a short fingerprint
of the two days, so a list that no longer matches the week is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import day_arg, encode
from bot.keyboards.push import keep_original_button
from bot.render.sessions import short_date
from coach.models import Session
from flows.control import (
    SKIP,
    SKIP_ASK,
    SKIP_KEEP,
    SKIP_REASONS,
    SWAP,
    SWAP_ASK,
    SWAP_KEEP,
    SwapOption,
)

AREA = "ctl"
DELETE = "delete"

#: The label of each skip reason flows.control.SKIP_REASONS offers.
SKIP_LABELS: dict[str, str] = {
    "tired": "😴 Tired",
    "ill": "🤒 Ill",
    "busy": "⏰ No time",
    "sore": "🦵 Sore / niggle",
    "weather": "🌧 Weather",
    "other": "🤷 Other",
}
KEEP_SESSION = "↩️ Keep the session"
DELETE_YES = "Delete everything"
DELETE_NO = "Cancel"


def _button(label: str, action: str, *args: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(AREA, action, *args))


#: Where a "Keep the original" sits when it is under /today.
TODAY_SOURCE = "today"


def today_actions(day: date, *, run_day: bool, changed: bool = False) -> InlineKeyboardMarkup:
    """Under /today: skip (a run day only) and swap; "Keep the original" first on a day the
    coach changed (§7b)."""
    arg = day_arg(day)
    row = [_button("🔀 Swap", SWAP_ASK, arg)]
    if run_day:
        row.insert(0, _button("⏭ Skip", SKIP_ASK, arg))
    keep = [[keep_original_button(day, TODAY_SOURCE)]] if changed else []
    return InlineKeyboardMarkup([*keep, row])


def skip_reasons(day: date) -> InlineKeyboardMarkup:
    """Why skip? Two reasons a row, then "keep the session"."""
    arg = day_arg(day)
    buttons = [_button(SKIP_LABELS[code], SKIP, arg, code) for code in SKIP_REASONS]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(KEEP_SESSION, SKIP_KEEP, arg)])
    return InlineKeyboardMarkup(rows)


def _option_label(day: date, sessions: tuple[Session, ...]) -> str:
    runs = [s for s in sessions if not s.is_rest]
    what = " + ".join(s.title for s in runs) if runs else "Rest"
    label = f"{short_date(day)[:-4]} · {what}"
    return label if len(label) <= 40 else label[:39] + "…"


def swap_days(today: date, options: Sequence[SwapOption]) -> InlineKeyboardMarkup:
    """One button per later day of the week; each carries the pair's fingerprint."""
    arg = day_arg(today)
    rows = [
        [_button(_option_label(o.day, o.sessions), SWAP, arg, day_arg(o.day), o.token)]
        for o in options
    ]
    rows.append([_button(KEEP_SESSION, SWAP_KEEP, arg)])
    return InlineKeyboardMarkup(rows)


def delete_confirm() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(f"🗑 {DELETE_YES}", DELETE, "yes"), _button(DELETE_NO, DELETE, "no")]]
    )
