"""Buttons of the onboarding questions (also asked by /settings and /race under their own
callback area). Every button carries its question's step and its value:
``v1|<area>|<step>|<value>``; a ★ marks the suggested answer."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import day_arg, encode
from bot.render.onboarding import DAY_SHORT, GOAL_LABELS, short_day
from coach.models import Units
from coach.rules import RULES
from flows.questions import (
    DEFAULT_PUSH,
    DEFAULT_REMIND,
    GOALS,
    LONGEST_KM,
    LONGEST_MI,
    PUSH_CHOICES,
    RACE_DISTANCES,
    REMIND_CHOICES,
    TRAIL_ELEV_CHOICES,
    TRAIL_KM_CHOICES,
    WEEKLY_KM,
    WEEKLY_MI,
    QuestionContext,
    Step,
    from_unit,
    race_date_choices,
)
from flows.timezones import COMMON_ZONES

ONBOARDING_AREA = "onb"
STAR = "★ "

Rows = list[list[InlineKeyboardButton]]


def _rows(buttons: list[InlineKeyboardButton], per_row: int) -> Rows:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def _number(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def question_rows(step: Step, ctx: QuestionContext, area: str) -> Rows:
    """The buttons of ``step``'s question, for the callback ``area``."""

    def button(label: str, value: object) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=encode(area, step.value, value))

    unit = ctx.units.value
    if step is Step.GOAL:
        return _rows([button(GOAL_LABELS[g], g.value) for g in GOALS], 2)
    if step is Step.TRAIL_KM:
        return _rows([button(f"{v:g} km", _number(v)) for v in TRAIL_KM_CHOICES], 3)
    if step is Step.TRAIL_ELEV:
        return _rows([button(f"{v:g} m", _number(v)) for v in TRAIL_ELEV_CHOICES], 3)
    if step is Step.RACE_DATE:
        return _rows(
            [
                button(f"{short_day(day)} · {weeks} wk", day_arg(day))
                for weeks, day in race_date_choices(ctx.goal, ctx.today)
            ],
            2,
        )
    if step is Step.RUNS:
        runs = RULES.default_runs_per_week
        return _rows([button(f"{STAR if n == runs else ''}{n}", n) for n in range(2, 8)], 3)
    if step is Step.DAYS:
        toggles = [
            button(f"{'✅ ' if d in ctx.days else ''}{DAY_SHORT[d]}", f"t{d}") for d in range(7)
        ]
        count = len(ctx.days)
        done = button(f"Done ({count} day{'s' if count != 1 else ''})", "done")
        return [*_rows(toggles, 4), [done]]
    if step is Step.LONG_DAY:
        suggested = ctx.suggested_long_day
        return _rows(
            [button(f"{STAR if d == suggested else ''}{DAY_SHORT[d]}", d) for d in ctx.days], 4
        )
    if step is Step.UNITS:
        return [[button("Kilometres", Units.KM.value), button("Miles", Units.MI.value)]]
    if step is Step.WEEKLY:
        ranges = WEEKLY_MI if ctx.units is Units.MI else WEEKLY_KM
        buttons = []
        for low, high, value in ranges:
            if low == 0:
                label = f"Under {high:g} {unit}"
            elif high is None:
                label = f"{low:g}+ {unit}"
            else:
                label = f"{low:g}–{high:g} {unit}"
            buttons.append(button(label, _number(round(from_unit(value, ctx.units), 1))))
        return [*_rows(buttons, 3), [button("Not sure", "skip")]]
    if step is Step.LONGEST:
        values = LONGEST_MI if ctx.units is Units.MI else LONGEST_KM
        buttons = [
            button(f"{v:g} {unit}", _number(round(from_unit(v, ctx.units), 1))) for v in values
        ]
        return [*_rows(buttons, 4), [button("Not sure", "skip")]]
    if step in (Step.TRACK, Step.TRAILS, Step.DOUBLES):
        return [[button("Yes", 1), button("No", 0)]]
    if step is Step.RACE_DIST:
        buttons = [button(label, _number(km)) for label, km in RACE_DISTANCES]
        return [*_rows(buttons, 4), [button("Skip", "skip")]]
    if step is Step.RACE_TIME:
        return [[button("Skip", "skip")]]
    if step is Step.TIMEZONE:
        buttons = [button(label, zone) for label, zone in COMMON_ZONES]
        return [*_rows(buttons, 3), [button("UTC", "UTC")]]
    if step in (Step.PUSH, Step.REMIND):
        choices, default = (
            (PUSH_CHOICES, DEFAULT_PUSH) if step is Step.PUSH else (REMIND_CHOICES, DEFAULT_REMIND)
        )
        return _rows(
            [button(f"{STAR if t == default else ''}{t:%H:%M}", f"{t:%H%M}") for t in choices],
            3,
        )
    raise ValueError(f"no buttons for {step}")


def question(step: Step, ctx: QuestionContext) -> InlineKeyboardMarkup:
    """An onboarding question's keyboard."""
    return InlineKeyboardMarkup(question_rows(step, ctx, ONBOARDING_AREA))


def start_menu() -> InlineKeyboardMarkup:
    """/start for an athlete who is set up: settings, race, or a fresh start."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("⚙️ Settings", callback_data=encode("set", "open")),
                InlineKeyboardButton("🏁 Goal or race", callback_data=encode("race", "open")),
            ],
            [InlineKeyboardButton("🔄 Start over", callback_data=encode("set", "reset"))],
        ]
    )


def reset_confirm() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes, start over", callback_data=encode("set", "reset_yes")),
                InlineKeyboardButton("No, keep it", callback_data=encode("set", "reset_no")),
            ]
        ]
    )
