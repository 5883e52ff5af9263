"""The morning check-in's messages: one question at a time, then readiness and the session."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.render.sessions import adjustment_lines, readiness_line, sessions_block
from coach.models import CheckIn
from coach.parser import CHECKIN_EXAMPLE, ParseError
from services.coaching import DayPlan

QUESTIONS = {
    "sleep": "How many hours did you sleep last night?",
    "quality": "How well did you sleep? <i>1 = awful, 5 = great</i>",
    "soreness": "How sore are you? <i>1 = fresh, 5 = very sore</i>",
    "where": "Where are you sore? Tap one, or type it (e.g. <i>left calf</i>).",
}


def hours(value: float) -> str:
    """6.0 -> "6 h", 6.5 -> "6.5 h"."""
    return f"{value:g} h"


def answers_line(checkin: CheckIn | None) -> str:
    """What the athlete answered so far: "6 h sleep, quality 3/5, soreness 4/5 (quads)"."""
    if checkin is None:
        return ""
    parts = []
    if checkin.sleep_hours is not None:
        parts.append(f"{hours(checkin.sleep_hours)} sleep")
    if checkin.sleep_quality is not None:
        parts.append(f"quality {checkin.sleep_quality}/5")
    if checkin.soreness is not None:
        where = f" ({escape(checkin.soreness_where)})" if checkin.soreness_where else ""
        parts.append(f"soreness {checkin.soreness}/5{where}")
    return ", ".join(parts)


def question(step: str, checkin: CheckIn | None, *, redo: bool = False) -> str:
    """One check-in question, with the answers so far above it."""
    lines = ["<b>Morning check-in</b>"]
    if redo:
        lines.append("You checked in already today: new answers replace the old ones.")
    so_far = answers_line(checkin)
    if so_far:
        lines.append(f"So far: {so_far}.")
    lines.append(QUESTIONS[step])
    if step == "sleep" and not so_far:
        lines.append(f"<i>Or type it all, e.g. {escape(CHECKIN_EXAMPLE)}</i>")
    return "\n".join(lines)


def result(day: DayPlan) -> str:
    """The end of the check-in: what was said, readiness with its reasons, today's session
    (adjusted), and the one-line reason when it changed."""
    parts = [f"✅ Checked in: {answers_line(day.checkin) or 'thanks'}.", readiness_line(day)]
    parts.append("<b>Today</b>\n" + sessions_block(day.sessions, units=day.record.units))
    extra = adjustment_lines(day)
    if extra:
        parts.append("\n".join(extra))
    return "\n\n".join(parts)


def past_day(day: date, checkin: CheckIn | None) -> str:
    """A check-in typed for an earlier day ("yesterday slept 6h"): stored for that day."""
    return f"✅ Checked in for {day:%a} {day.day} {day:%b}: {answers_line(checkin) or 'thanks'}."


def expired() -> str:
    return "This check-in has expired. Send /checkin for today's."


def already_answered() -> str:
    return "Already answered. Carry on with the question below it."


def typed_problem(step: str, error: ParseError | None = None) -> str:
    """A typed answer that could not be read: say what was expected; nothing changed."""
    expected = {
        "sleep": "the hours you slept, e.g. <i>6.5</i> or <i>slept 7h</i>",
        "quality": "a number from 1 to 5, e.g. <i>4</i>",
        "soreness": "a number from 1 to 5, e.g. <i>2</i>, or <i>calves a bit sore</i>",
        "where": "a place in words, e.g. <i>calves</i> or <i>left knee</i>",
    }[step]
    head = f"{escape(error.problem)}\n" if error is not None else "I couldn't read that. "
    return f"{head}For this question I need {expected}. Or tap a button above."
