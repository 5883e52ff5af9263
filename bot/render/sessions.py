"""A session with its cues, and the morning push built around it."""

from __future__ import annotations

from html import escape

from coach.models import ReadinessLevel, Session, Surface
from services.coaching import DayPlan

READINESS_LABEL = {
    ReadinessLevel.GREEN: "🟢 green",
    ReadinessLevel.AMBER: "🟠 amber",
    ReadinessLevel.RED: "🔴 red",
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def minutes(value: float) -> str:
    """45 -> "45 min", 135 -> "2 h 15"."""
    total = round(value)
    if total < 60:
        return f"{total} min"
    hours, mins = divmod(total, 60)
    return f"{hours} h {mins:02d}" if mins else f"{hours} h"


def session_block(session: Session) -> str:
    """Title, the essentials, every step, the cues, kit and safety notes."""
    if session.surface is Surface.REST:
        lines = [f"<b>{escape(session.title)}</b>"]
        lines += [f"• {escape(step.text)}" for step in session.steps]
        lines += [f"<i>{escape(cue)}</i>" for cue in session.cues]
        return "\n".join(lines)
    slot = {"am": "Morning: ", "pm": "Evening: "}.get(session.slot or "", "")
    facts = [minutes(session.duration_min)]
    if session.target_rpe:
        facts.append(f"RPE {session.target_rpe}")
    if session.distance_km and session.surface is not Surface.TRAIL:
        facts.append(f"~{session.distance_km:.1f} km")
    lines = [f"<b>{slot}{escape(session.title)}</b> ({', '.join(facts)})"]
    lines += [f"• {escape(step.text)}" for step in session.steps]
    lines += [f"<i>{escape(cue)}</i>" for cue in session.cues]
    if session.kit:
        lines.append(f"Kit: {escape(session.kit)}")
    if session.safety:
        lines.append(f"⚠️ {escape(session.safety)}")
    return "\n".join(lines)


def sessions_block(sessions: tuple[Session, ...] | list[Session]) -> str:
    if not sessions:
        return "Nothing planned today."
    return "\n\n".join(session_block(s) for s in sessions)


def adjustment_lines(day: DayPlan) -> list[str]:
    lines = [f"✏️ {escape(adj.reason)}" for adj in day.adjusted.adjustments]
    lines += [f"ℹ️ {escape(advice)}" for advice in day.adjusted.advice]
    return lines


def readiness_line(day: DayPlan) -> str:
    label = READINESS_LABEL[day.readiness.level]
    reasons = "; ".join(day.readiness.reasons)
    return f"Readiness: {label}" + (f" ({escape(reasons)})" if reasons else "")


def today(day: DayPlan) -> str:
    """/today: the adjusted session, why it changed, and the readiness behind it."""
    head = f"<b>{WEEKDAYS[day.today.weekday()]} {day.today:%d %b}</b>"
    if day.phase:
        head += f" · {day.phase.value} phase"
    parts = [head, sessions_block(day.sessions)]
    extra = adjustment_lines(day)
    if extra:
        parts.append("\n".join(extra))
    if day.checkin is not None:
        parts.append(readiness_line(day))
    return "\n\n".join(parts)


def morning_push(day: DayPlan) -> str:
    """The morning message: greeting, today's session with cues, and the check-in prompt."""
    name = escape(day.record.first_name) if day.record.first_name else "there"
    if day.is_rest_day:
        greeting = f"Good morning, {name}. Rest day today."
        body = sessions_block(day.sessions) if day.profile.rest_day_notes else ""
        return "\n\n".join(p for p in (greeting, body) if p)
    parts = [f"Good morning, {name}! Today's session:", sessions_block(day.sessions)]
    extra = adjustment_lines(day)
    if extra:
        parts.append("\n".join(extra))
    parts.append("How did you sleep? Check in and I'll tune the session to how you feel.")
    return "\n\n".join(parts)
