"""Buttons of the views (area ``view``): paging through the weeks of the plan.

A view button only shows something, so an old one still works: it shows the week it names.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import day_arg, encode
from coach.calendar import monday_of
from services.views import WeekView

AREA = "view"
WEEK = "week"


def week_pages(view: WeekView) -> InlineKeyboardMarkup | None:
    """Previous / this / next week, as far as the plan reaches."""
    row = []
    if view.has_previous:
        row.append(
            InlineKeyboardButton(
                "◀ Previous", callback_data=encode(AREA, WEEK, day_arg(view.start - timedelta(7)))
            )
        )
    this_monday = monday_of(view.today)
    if view.start != this_monday:
        row.append(
            InlineKeyboardButton(
                "This week", callback_data=encode(AREA, WEEK, day_arg(this_monday))
            )
        )
    if view.has_next:
        row.append(
            InlineKeyboardButton(
                "Next ▶", callback_data=encode(AREA, WEEK, day_arg(view.start + timedelta(7)))
            )
        )
    return InlineKeyboardMarkup([row]) if row else None
