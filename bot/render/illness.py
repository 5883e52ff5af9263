"""Illness messages (COACHING.md §7b): the neck check, what it allows, the daily check while
ill, and the return in one line. Never a diagnosis."""

from __future__ import annotations

from html import escape

from bot.render.durations import minutes
from bot.render.sessions import long_date, sessions_block, short_date
from coach.illness import Illness
from coach.models import Units
from coach.rules import RULES
from services.coaching import DayPlan
from services.illness import BackOutcome, SickOutcome

CAVEAT = "<i>Not medical advice: if it is severe or not getting better, see a doctor.</i>"


def neck_question(outcome: SickOutcome | None = None) -> str:
    opening = "Sorry you're ill 🤒."
    if outcome is not None and not outcome.new:
        opening = f"You're down as ill since {short_date(outcome.illness.started_on)} 🤒."
    return (
        f"{opening} One question decides what you can do: where are the symptoms?\n"
        "<i>Tap, or type it, e.g. runny nose or fever.</i>"
    )


def _since(illness: Illness) -> str:
    return f"ill since {short_date(illness.started_on)}"


def reported(outcome: SickOutcome) -> str:
    """What the neck check's answer allows, and today as it now is."""
    illness = outcome.illness
    if not illness.may_run:
        return "\n\n".join(
            (
                "🛌 Noted: symptoms below the neck, so no running until you're better. "
                "Running with a fever or chest symptoms can make it worse and last longer.",
                "I won't send sessions while you're ill: each morning I'll just ask how you "
                "feel. Tap <b>Better</b> or send /better when you're well again, and I'll ease "
                "you back in.",
                CAVEAT,
            )
        )
    parts = [
        "🤧 Noted: symptoms above the neck only. Easy running is fine if you feel up to it, "
        "nothing hard; stop if you feel worse. Send /better when it's gone."
    ]
    if outcome.day is not None:
        day = outcome.day
        parts.append("<b>Today</b>\n" + sessions_block(day.sessions, units=day.record.units))
    parts.append(CAVEAT)
    return "\n\n".join(parts)


def morning_check(day: DayPlan) -> str:
    """The morning while ill below the neck: no session, a short check instead."""
    name = escape(day.record.first_name) if day.record.first_name else "there"
    since = f" ({_since(day.illness)})" if day.illness is not None else ""
    rest = (
        "Rest day today"
        if day.illness is not None and day.illness.may_run
        else "No running while you're ill"
    )
    return (
        f"Good morning, {name}. How are you feeling today?{since}\n"
        f"{rest}; tap <b>Better</b> when you're well and I'll ease you back in."
    )


def above_neck_note() -> str:
    """Under the morning session of an athlete ill above the neck."""
    return (
        "🤧 You're ill above the neck: easy running only today, and only if you feel fine. "
        "How are you feeling?"
    )


def today_note(illness: Illness) -> str:
    """/today's first line while ill."""
    if illness.may_run:
        return (
            f"🤧 You're {_since(illness)} (above the neck): easy running only. "
            "/better when it's gone."
        )
    if illness.above_neck is None:
        return (
            f"🤒 You're {_since(illness)}: no running until you tell me where the symptoms "
            "are (/sick)."
        )
    return f"🛌 You're {_since(illness)}: no running today. /better when you're well again."


def still_ill() -> str:
    return "Rest up 🛌. No running today; I'll ask again tomorrow."


def back(outcome: BackOutcome, *, units: Units = Units.KM) -> str:
    """Back from an illness: the next days in one line, and today."""
    days = outcome.days_ill
    ill = f"{days} day{'s' if days != 1 else ''}"
    back_ = outcome.comeback
    if back_ is None:
        line = f"💪 Welcome back after {ill} ill: start easy and build up over a week or two."
    else:
        cap = (
            f", the first long run at most {minutes(back_.long_cap_min)}"
            if back_.long_cap_min is not None
            else ""
        )
        share = round(RULES.illness_return_share * 100)
        line = (
            f"💪 Welcome back after {ill} ill: easy running only until "
            f"{long_date(back_.easy_until)}, from about {share} % "
            f"of your usual volume, building over 1-2 weeks; then intensity returns{cap}."
        )
    parts = [line]
    if outcome.plan is not None:
        today = sessions_block(outcome.today_sessions, units=units)
        parts.append("<b>Today</b>\n" + today)
    return "\n\n".join(parts)


def not_ill() -> str:
    return "Good to hear! You're not down as ill; if you are, send /sick."


def typed_problem() -> str:
    return (
        "Where are the symptoms? Tap a button, or tell me in words, e.g. <i>runny nose</i> "
        "(above the neck) or <i>fever</i> (below)."
    )
