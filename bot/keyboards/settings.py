"""Buttons of /settings and /race: the menu of what can change, and the onboarding questions
asked again under the ``set`` and ``race`` areas, each with a Cancel button."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import encode
from bot.keyboards.onboarding import question_rows
from coach.models import GoalKind
from flows.questions import QuestionContext, Step

SETTINGS_AREA = "set"
RACE_AREA = "race"

# What /settings can change: (label, the question it opens).
MENU: tuple[tuple[tuple[str, Step], ...], ...] = (
    (("⏰ Morning time", Step.PUSH), ("🌙 Reminder time", Step.REMIND)),
    (("🌍 Time zone", Step.TIMEZONE), ("📏 Units", Step.UNITS)),
    (("📅 Run days", Step.DAYS), ("🏃 Long-run day", Step.LONG_DAY)),
    (("🏟 Track", Step.TRACK), ("⛰ Trails", Step.TRAILS), ("➗ Doubles", Step.DOUBLES)),
)
MENU_STEPS = frozenset(step for row in MENU for _label, step in row)


def menu() -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(label, callback_data=encode(SETTINGS_AREA, "pick", step.value))
            for label, step in row
        ]
        for row in MENU
    ]
    rows.append(
        [
            InlineKeyboardButton("🏁 Goal or race", callback_data=encode(RACE_AREA, "open")),
            InlineKeyboardButton("✖ Close", callback_data=encode(SETTINGS_AREA, "close")),
        ]
    )
    return InlineKeyboardMarkup(rows)


def question(step: Step, ctx: QuestionContext, area: str = SETTINGS_AREA) -> InlineKeyboardMarkup:
    """An onboarding question asked again from /settings or /race, with Cancel."""
    rows = question_rows(step, ctx, area)
    rows.append([InlineKeyboardButton("✖ Cancel", callback_data=encode(area, "close"))])
    return InlineKeyboardMarkup(rows)


def race_menu(goal: GoalKind | None) -> InlineKeyboardMarkup:
    first = [InlineKeyboardButton("🎯 New goal", callback_data=encode(RACE_AREA, "pick", "goal"))]
    if goal is not None and goal.has_race:
        first.append(
            InlineKeyboardButton("📅 New date", callback_data=encode(RACE_AREA, "pick", "date"))
        )
    return InlineKeyboardMarkup(
        [first, [InlineKeyboardButton("✖ Cancel", callback_data=encode(RACE_AREA, "close"))]]
    )
