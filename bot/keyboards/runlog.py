"""Buttons of the post-run log: status, RPE, duration (planned first), surface, pain, then
replace-or-add and undo. Each carries the day it logs (``v1|log|<action>|<YYYYMMDD>|<value>``);
undo carries the log id (``v1|log|undo|<id>``). The actions and the values the buttons offer
are the flow's (flows/runlog.py), which reads them back."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import day_arg, encode
from bot.render.sessions import minutes
from coach.models import RunStatus, Session
from flows.runlog import (
    ACTION_OF,
    ADD,
    CANCEL,
    CLARIFY,
    PAIN_PLACES,
    REPLACE,
    SCALE,
    SURFACES,
    Question,
    duration_choices,
)

AREA = "log"


def _button(label: str, action: str, day: date, *value: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(AREA, action, day_arg(day), *value))


def _answer(label: str, step: Question, day: date, value: object) -> InlineKeyboardButton:
    return _button(label, ACTION_OF[step], day, value)


def _cancel(day: date) -> list[InlineKeyboardButton]:
    return [_button("✖ Cancel", CANCEL, day)]


def _scale(step: Question, day: date) -> InlineKeyboardMarkup:
    """1 to 10 on two rows."""
    return InlineKeyboardMarkup(
        [
            [_answer(str(n), step, day, n) for n in SCALE[:5]],
            [_answer(str(n), step, day, n) for n in SCALE[5:]],
            _cancel(day),
        ]
    )


def status(day: date) -> InlineKeyboardMarkup:
    """Done, partly, skipped (the same as the evening reminder's)."""
    return InlineKeyboardMarkup(
        [
            [
                _button("✅ Done", RunStatus.DONE.value, day),
                _button("🌓 Partly", RunStatus.PARTLY.value, day),
                _button("⏭ Skipped", RunStatus.SKIPPED.value, day),
            ]
        ]
    )


def rpe(day: date) -> InlineKeyboardMarkup:
    return _scale("rpe", day)


def duration(day: date, session: Session | None) -> InlineKeyboardMarkup:
    planned = session.duration_min if session is not None else None
    choices = duration_choices(planned)
    rows: list[list[InlineKeyboardButton]] = []
    if planned:
        rows.append([_answer(f"✓ {minutes(choices[0])} (planned)", "duration", day, choices[0])])
        choices = choices[1:]
    rows.append([_answer(minutes(m), "duration", day, m) for m in choices])
    rows.append(_cancel(day))
    return InlineKeyboardMarkup(rows)


def surface(day: date, session: Session | None) -> InlineKeyboardMarkup:
    planned = session.surface if session is not None else None
    buttons = [
        _answer(("✓ " if s is planned else "") + s.value.capitalize(), "surface", day, s.value)
        for s in SURFACES
    ]
    return InlineKeyboardMarkup([buttons, _cancel(day)])


def pain(day: date) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _answer("👍 No pain", "pain", day, "no"),
                _answer("🩹 Something hurts", "pain", day, "yes"),
            ],
            _cancel(day),
        ]
    )


def pain_where(day: date) -> InlineKeyboardMarkup:
    buttons = [_answer(p.capitalize(), "pain_where", day, p) for p in PAIN_PLACES]
    return InlineKeyboardMarkup([buttons[:4], buttons[4:], _cancel(day)])


def pain_score(day: date) -> InlineKeyboardMarkup:
    return _scale("pain_score", day)


def conflict(day: date) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button("🔁 Replace it", REPLACE, day), _button("➕ Add another run", ADD, day)]]
    )


def clarify(day: date, options: tuple[tuple[str, float], ...]) -> InlineKeyboardMarkup:
    """ "20 h or 20 min?": one button a reading (its index), and cancel."""
    return InlineKeyboardMarkup(
        [
            [_button(label, CLARIFY, day, index) for index, (label, _) in enumerate(options)],
            _cancel(day),
        ]
    )


#: The action of the RPE buttons under a stored log that has none ("v1|log|setrpe|<id>|<n>").
SET_RPE = "setrpe"


def undo_or_rpe(log_id: int) -> InlineKeyboardMarkup:
    """Under a log typed without an RPE: 1-10 to give it (asked once), and undo."""

    def rpe_button(n: int) -> InlineKeyboardButton:
        return InlineKeyboardButton(str(n), callback_data=encode(AREA, SET_RPE, log_id, n))

    return InlineKeyboardMarkup(
        [
            [rpe_button(n) for n in SCALE[:5]],
            [rpe_button(n) for n in SCALE[5:]],
            [InlineKeyboardButton("↩️ Undo", callback_data=encode(AREA, "undo", log_id))],
        ]
    )


def undo(log_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("↩️ Undo", callback_data=encode(AREA, "undo", log_id))]]
    )
