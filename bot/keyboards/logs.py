"""Buttons of the post-run log: status, RPE, duration (planned first), surface, pain, then
replace-or-add and undo. Each carries the day it logs (``v1|log|<action>|<YYYYMMDD>|<value>``);
undo carries the log id (``v1|log|undo|<id>``)."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import day_arg, encode
from bot.render.sessions import minutes
from coach.models import Session, Surface

AREA = "log"
SURFACES = (Surface.ROAD, Surface.TRAIL, Surface.TRACK, Surface.TREADMILL)
PAIN_PLACES = ("knee", "achilles", "shin", "calf", "hamstring", "hip", "foot", "back")
STANDARD_MINUTES = (20, 30, 45, 60, 75, 90)


def _button(label: str, action: str, day: date, *value: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(AREA, action, day_arg(day), *value))


def _cancel(day: date) -> list[InlineKeyboardButton]:
    return [_button("✖ Cancel", "cancel", day)]


def status(day: date) -> InlineKeyboardMarkup:
    """Done, partly, skipped (the same as the evening reminder's)."""
    return InlineKeyboardMarkup(
        [
            [
                _button("✅ Done", "done", day),
                _button("🌓 Partly", "partly", day),
                _button("⏭ Skipped", "skipped", day),
            ]
        ]
    )


def rpe(day: date) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(str(n), "rpe", day, n) for n in range(1, 6)],
            [_button(str(n), "rpe", day, n) for n in range(6, 11)],
            _cancel(day),
        ]
    )


def duration_choices(planned: float | None) -> list[int]:
    """Minutes to offer: the planned time first, then a few around it."""
    if planned is None or planned <= 0:
        return list(STANDARD_MINUTES)
    base = round(planned)
    near = 5 * round(planned / 5)
    around = [near - 20, near - 10, near + 10, near + 20]
    return [base] + [m for m in around if m >= 5 and m != base]


def duration(day: date, session: Session | None) -> InlineKeyboardMarkup:
    planned = session.duration_min if session is not None else None
    choices = duration_choices(planned)
    rows: list[list[InlineKeyboardButton]] = []
    if planned:
        rows.append([_button(f"✓ {minutes(choices[0])} (planned)", "dur", day, choices[0])])
        choices = choices[1:]
    rows.append([_button(minutes(m), "dur", day, m) for m in choices])
    rows.append(_cancel(day))
    return InlineKeyboardMarkup(rows)


def surface(day: date, session: Session | None) -> InlineKeyboardMarkup:
    planned = session.surface if session is not None else None
    buttons = [
        _button(("✓ " if s is planned else "") + s.value.capitalize(), "surf", day, s.value)
        for s in SURFACES
    ]
    return InlineKeyboardMarkup([buttons, _cancel(day)])


def pain(day: date) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button("👍 No pain", "pain", day, "no"),
                _button("🩹 Something hurts", "pain", day, "yes"),
            ],
            _cancel(day),
        ]
    )


def pain_where(day: date) -> InlineKeyboardMarkup:
    buttons = [_button(p.capitalize(), "pwhere", day, p) for p in PAIN_PLACES]
    return InlineKeyboardMarkup([buttons[:4], buttons[4:], _cancel(day)])


def pain_score(day: date) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(str(n), "pscore", day, n) for n in range(1, 6)],
            [_button(str(n), "pscore", day, n) for n in range(6, 11)],
            _cancel(day),
        ]
    )


def conflict(day: date) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button("🔁 Replace it", "replace", day), _button("➕ Add another run", "add", day)]]
    )


def undo(log_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("↩️ Undo", callback_data=encode(AREA, "undo", log_id))]]
    )
