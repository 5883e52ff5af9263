"""A session with its cues, and the morning push built around it."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.render.durations import minutes as minutes  # re-exported: the bot words durations here
from coach.adaptation import message
from coach.calendar import DAY_NAMES
from coach.models import ReadinessLevel, Session, Surface, Units
from coach.paces import KM_PER_MILE
from services.coaching import DayPlan

READINESS_LABEL = {
    ReadinessLevel.GREEN: "🟢 green",
    ReadinessLevel.AMBER: "🟠 amber",
    ReadinessLevel.RED: "🔴 red",
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
REST_TITLE = "Rest day"


def text(value: str) -> str:
    """Escape text for Telegram HTML (quotes need no escaping outside attributes)."""
    return escape(value, quote=False)


def distance(km: float, units: Units = Units.KM) -> str:
    """8.24 -> "8.2 km" (or "5.1 mi" for an athlete who counts in miles)."""
    if units is Units.MI:
        return f"{km / KM_PER_MILE:.1f} mi"
    return f"{km:.1f} km"


def long_date(day: date) -> str:
    """Tuesday 1 Dec (locale-independent)."""
    return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def short_date(day: date) -> str:
    """Tue 1 Dec (locale-independent)."""
    return f"{DAY_NAMES[day.weekday()][:3]} {day.day} {MONTHS[day.month - 1]}"


def headline(session: Session) -> str:
    """The title, with the time when the title does not already say it: "Track: 6 x 400 m
    at 1:49 (45 min)", "Easy trail run 35 min"."""
    if session.is_rest:
        return session.title
    time = minutes(session.duration_min)
    return session.title if session.title.endswith(time) else f"{session.title} ({time})"


def session_block(session: Session, *, units: Units = Units.KM) -> str:
    """Title, the essentials, every step, the cues, kit and safety notes."""
    if session.is_rest:
        lines = [f"<b>{text(session.title)}</b>"]
        lines += [f"• {text(step.text)}" for step in session.steps]
        lines += [f"<i>{text(cue)}</i>" for cue in session.cues]
        return "\n".join(lines)
    time = minutes(session.duration_min)
    facts = [] if session.title.endswith(time) else [time]
    if session.target_rpe:
        facts.append(f"RPE {session.target_rpe}")
    if session.distance_km and session.surface is not Surface.TRAIL:
        facts.append(f"~{distance(session.distance_km, units)}")
    # A double's title says "Morning: " or "Evening: " already (coach.workouts).
    lines = [f"<b>{text(session.title)}</b> ({', '.join(facts)})"]
    lines += [f"• {text(step.text)}" for step in session.steps]
    lines += [f"<i>{text(cue)}</i>" for cue in session.cues]
    if session.kit:
        lines.append(f"Kit: {text(session.kit)}")
    if session.safety:
        lines.append(f"⚠️ {text(session.safety)}")
    return "\n".join(lines)


def sessions_block(
    sessions: tuple[Session, ...] | list[Session], *, units: Units = Units.KM
) -> str:
    if not sessions:
        return "Nothing planned today."
    return "\n\n".join(session_block(s, units=units) for s in sessions)


def adjustment_lines(day: DayPlan) -> list[str]:
    """Today's changes in one line each ("Adjusted: ..."), later days' in short, then advice."""
    lines = [f"✏️ {text(message(adj))}" for adj in day.adjusted.adjustments if adj.date == day.today]
    lines += [
        f"📅 {DAY_NAMES[adj.date.weekday()]}: {text(adj.reason)}"
        for adj in day.adjusted.adjustments
        if adj.date != day.today
    ]
    lines += [f"ℹ️ {text(advice)}" for advice in day.adjusted.advice]
    return lines


def readiness_line(day: DayPlan) -> str:
    label = READINESS_LABEL[day.readiness.level]
    reasons = "; ".join(day.readiness.reasons)
    return f"Readiness: {label}" + (f" ({text(reasons)})" if reasons else "")


def _rest_body(sessions: tuple[Session, ...]) -> str:
    """A rest day's cues without repeating "Rest day" under the greeting."""
    lines = []
    for session in sessions:
        if session.title != REST_TITLE:
            lines.append(f"<b>{text(session.title)}</b>")
        lines += [f"• {text(step.text)}" for step in session.steps]
        lines += [f"<i>{text(cue)}</i>" for cue in session.cues]
    return "\n".join(lines)


def today(day: DayPlan) -> str:
    """/today: the adjusted session, why it changed, and the readiness behind it."""
    head = f"<b>{long_date(day.today)}</b>"
    if day.phase:
        head += f" · {day.phase.value} phase"
    parts = [head, sessions_block(day.sessions, units=day.profile.units)]
    extra = adjustment_lines(day)
    if extra:
        parts.append("\n".join(extra))
    if day.checkin is not None:
        parts.append(readiness_line(day))
    return "\n\n".join(parts)


def morning_push(day: DayPlan) -> str:
    """The morning message: greeting, today's session with cues, and the check-in prompt."""
    name = text(day.record.first_name) if day.record.first_name else "there"
    when = long_date(day.today)
    if day.is_rest_day:
        greeting = f"Good morning, {name}. Rest day today ({when})."
        body = _rest_body(day.sessions) if day.profile.rest_day_notes else ""
        return "\n\n".join(p for p in (greeting, body) if p)
    phase = f", {day.phase.value} phase" if day.phase else ""
    parts = [
        f"Good morning, {name}! Today's session ({when}{phase}):",
        sessions_block(day.sessions, units=day.profile.units),
    ]
    extra = adjustment_lines(day)
    if extra:
        parts.append("\n".join(extra))
    parts.append("How did you sleep? Check in and I'll tune the session to how you feel.")
    return "\n\n".join(parts)
