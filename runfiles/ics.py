"""The plan as a calendar file (.ics) the athlete imports into any calendar app.

One all-day event per planned day's session from a given day to race day, with the
session's title as the event's title and its steps and cues as the description; the race
is marked. Each event's UID is the athlete's key and the session's day (and slot, for the
second run of a double), never its content: when the plan changes and the file is sent
again, importing it replaces each day's event instead of adding a second one. Rest days are
events too, so a session moved off a day is replaced by that day's rest.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from coach.models import Plan, Session, SessionKind

PRODID = "-//Stride//Running plan//EN"
UID_DOMAIN = "stride.coach"
#: SEQUENCE counts minutes from this moment, so each file sent carries a higher revision
#: than the last one (calendar apps keep the event with the highest SEQUENCE).
_SEQUENCE_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def plan_ics(plan: Plan, *, start: date, athlete_key: str, stamp: datetime) -> bytes:
    """The plan from ``start`` to race day (or its last week, without a race) as .ics bytes.

    Args:
        plan: The athlete's plan.
        start: The first day to include (usually the athlete's today).
        athlete_key: A stable, opaque key for the athlete (not a name or a chat id in
            clear): it makes the UIDs unique across athletes and stable across sends.
        stamp: When the file is made (aware), for DTSTAMP and SEQUENCE.

    Returns:
        The calendar, UTF-8.
    """
    end = plan.race_date or (plan.weeks[-1].start + timedelta(days=6) if plan.weeks else start)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _calendar_name(plan))
    sequence = max(0, int((stamp - _SEQUENCE_EPOCH).total_seconds() // 60))
    for session in sessions_between(plan, start, end):
        calendar.add_component(_event(session, athlete_key, stamp.astimezone(UTC), sequence))
    return bytes(calendar.to_ical())


def sessions_between(plan: Plan, start: date, end: date) -> list[Session]:
    """The plan's sessions from ``start`` to ``end`` (both included), in date order."""
    return [
        session for week in plan.weeks for session in week.sessions if start <= session.date <= end
    ]


def event_uid(session: Session, athlete_key: str) -> str:
    """The UID of a session's event: the same day and slot always give the same UID."""
    slot = "-2" if session.slot == "pm" else ""
    return f"{athlete_key}-{session.date.isoformat()}{slot}@{UID_DOMAIN}"


def _event(session: Session, athlete_key: str, stamp: datetime, sequence: int) -> Event:
    event = Event()
    race = session.kind is SessionKind.RACE
    event.add("uid", event_uid(session, athlete_key))
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("dtstart", session.date)
    event.add("dtend", session.date + timedelta(days=1))
    event.add("summary", f"🏁 {session.title}" if race else session.title)
    event.add("description", describe(session))
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["Race" if race else "Training", "Stride"])
    if race:
        event.add("priority", 1)
    return event


def describe(session: Session) -> str:
    """The event's description: the steps, then the cues, the kit and the safety note."""
    lines = [f"• {step.text}" for step in session.steps]
    lines.extend(session.cues)
    if session.kit:
        lines.append(f"Kit: {session.kit}")
    if session.safety:
        lines.append(f"⚠️ {session.safety}")
    return "\n".join(lines)


def _calendar_name(plan: Plan) -> str:
    if plan.race_date is None:
        return "Stride: training plan"
    return f"Stride: plan to {plan.race_date.strftime('%d %b %Y')}"
