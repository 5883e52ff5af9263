"""/settings and /race: the current settings, one-line confirmations of a change, and the
goal and race menu."""

from __future__ import annotations

from datetime import datetime
from html import escape

from bot.render.onboarding import DAY_LONG, days_label, goal_line
from coach.models import Units
from flows.questions import QuestionContext, Step
from flows.timezones import local_clock

REBUILT = "Plan rebuilt from today."


def _yes(value: object) -> str:
    return "yes" if value else "no"


def menu(ctx: QuestionContext) -> str:
    """The settings as they are, and the invitation to change one."""
    f = ctx.fields
    long_day = f.get("long_run_day")
    long_text = f" · long run {DAY_LONG[int(long_day)]}" if long_day is not None else ""
    units = "kilometres" if ctx.units is Units.KM else "miles"
    return (
        "<b>Your settings</b>\n"
        f"Morning session {ctx.push_time:%H:%M} · evening reminder {ctx.reminder_time:%H:%M}\n"
        f"Time zone {escape(ctx.timezone)} · {units}\n"
        f"Run days {days_label(ctx.days)}{long_text}\n"
        f"Track {_yes(f.get('track_access'))} · trails {_yes(f.get('trail_access'))} · "
        f"doubles {_yes(f.get('doubles'))}\n"
        f"Goal: {goal_line(ctx.goal, ctx.race_date, ctx.today)}\n\n"
        "What would you like to change?"
    )


def question(html: str, step: Step, ctx: QuestionContext) -> str:
    """An onboarding question asked from /settings, with the current value."""
    now = _current(step, ctx)
    return f"{html}\nNow: {now}" if now else html


def _current(step: Step, ctx: QuestionContext) -> str:
    f = ctx.fields
    if step is Step.PUSH:
        return f"{ctx.push_time:%H:%M}"
    if step is Step.REMIND:
        return f"{ctx.reminder_time:%H:%M}"
    if step is Step.TIMEZONE:
        return escape(ctx.timezone)
    if step is Step.UNITS:
        return "kilometres" if ctx.units is Units.KM else "miles"
    if step is Step.LONG_DAY and f.get("long_run_day") is not None:
        return DAY_LONG[int(f["long_run_day"])]
    if step is Step.TRACK:
        return _yes(f.get("track_access"))
    if step is Step.TRAILS:
        return _yes(f.get("trail_access"))
    if step is Step.DOUBLES:
        return _yes(f.get("doubles"))
    return ""


def changed(step: Step, ctx: QuestionContext, *, rebuilt: bool, now: datetime) -> str:
    """One line: what is set now, and what followed from it."""
    f = ctx.fields
    zone = escape(ctx.timezone)
    if step is Step.PUSH:
        line = f"Morning session now at {ctx.push_time:%H:%M} ({zone})."
    elif step is Step.REMIND:
        line = f"Evening reminder now at {ctx.reminder_time:%H:%M} ({zone})."
    elif step is Step.TIMEZONE:
        line = (
            f"Time zone: {zone} (it's {local_clock(ctx.timezone, now)} there now); "
            "your sessions and reminders follow it."
        )
    elif step is Step.UNITS:
        line = "Units: kilometres." if ctx.units is Units.KM else "Units: miles."
    elif step is Step.DAYS:
        long_day = f.get("long_run_day")
        long_text = f"; long run {DAY_LONG[int(long_day)]}" if long_day is not None else ""
        line = f"Run days: {days_label(ctx.days)}{long_text}."
    elif step is Step.LONG_DAY:
        line = f"Long run on {DAY_LONG[int(f['long_run_day'])]}."
    elif step is Step.TRACK:
        line = f"Track: {_yes(f.get('track_access'))}."
    elif step is Step.TRAILS:
        line = f"Trails: {_yes(f.get('trail_access'))}."
    elif step is Step.DOUBLES:
        line = f"Doubles: {_yes(f.get('doubles'))}."
    else:
        line = "Saved."
    if rebuilt:
        line += f" {REBUILT}"
    return f"✓ {line}"


def closed() -> str:
    return "Settings closed; nothing changed. Send /settings any time."


def cancelled_question() -> str:
    return "Nothing changed. Send /settings any time."


def bad_answer_footer() -> str:
    return "\n(Or tap Cancel under the question.)"


def race_menu(ctx: QuestionContext) -> str:
    return (
        f"<b>Your goal</b>: {goal_line(ctx.goal, ctx.race_date, ctx.today)}.\n"
        "What would you like to change? The plan is rebuilt from today."
    )


def race_changed(ctx: QuestionContext) -> str:
    return f"✓ New goal: {goal_line(ctx.goal, ctx.race_date, ctx.today)}. {REBUILT}"


def race_closed() -> str:
    return "Nothing changed: your goal and plan stay as they are."
