"""The race-readiness review's buttons (§7b): keep the goal, the shorter race, a later date.

Each button carries the review's day (``v1|rr|<choice>|YYYYMMDD[|YYYYMMDD]``, the second day
a new race date), so a press is checked against the review recorded in the database: it keeps
working after a restart, and a press on an old or answered review is recognised as stale.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import day_arg, encode
from bot.render.race_review import button_label
from coach.race_readiness import Option, OptionKind, ReadinessReview

AREA = "rr"


def callback(review: ReadinessReview, option: Option) -> str:
    if option.kind is OptionKind.MOVE:
        return encode(AREA, option.kind.value, day_arg(review.on), day_arg(option.race_date))
    return encode(AREA, option.kind.value, day_arg(review.on))


def choices(review: ReadinessReview) -> InlineKeyboardMarkup:
    """One row for keep and the shorter race, one for the later dates."""
    first = [o for o in review.options if o.kind is not OptionKind.MOVE]
    moves = [o for o in review.options if o.kind is OptionKind.MOVE]
    rows = [
        [InlineKeyboardButton(button_label(o), callback_data=callback(review, o))] for o in first
    ]
    if moves:
        rows.append(
            [
                InlineKeyboardButton(button_label(o), callback_data=callback(review, o))
                for o in moves
            ]
        )
    return InlineKeyboardMarkup(rows)
