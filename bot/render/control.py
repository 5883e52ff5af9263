"""The answers of /skip, /swap, /pause, /resume, /export and /delete."""

from __future__ import annotations

from datetime import date

from bot.render.sessions import headline, long_date, short_date, text
from coach.models import Session
from services.control import (
    KeepOutcome,
    ResumeOutcome,
    SkipChoice,
    SkipOutcome,
    SwapChoice,
    SwapOutcome,
)

#: Telegram shows at most 200 characters in a button's pop-up answer.
ALERT_MAX = 200
#: A nudge after some skip reasons: the command that helps more than a skip.
SKIP_HINTS = {
    "feeling ill": "Ill for more than a day? /pause stops the plan until you're better.",
    "sore or a niggle": "If something hurts, /pain tells me where and I'll plan around it.",
}


def _sentence(reason: str) -> str:
    return reason[:1].upper() + reason[1:]


def _what(sessions: tuple[Session, ...] | list[Session]) -> str:
    runs = [s for s in sessions if not s.is_rest]
    if not runs:
        return "rest day"
    return " + ".join(headline(s) for s in runs)


def refused(reason: str) -> str:
    """The coach's reason for saying no; nothing changed."""
    return f"{text(reason)}"


def plain(reason: str) -> str:
    """A reason as a button's pop-up answer: plain text, at most 200 characters."""
    return reason if len(reason) <= ALERT_MAX else reason[: ALERT_MAX - 1] + "…"


def expired_plain(day: date, command: str) -> str:
    """A day-bound button pressed on another day (pop-up, plain text)."""
    return (
        f"This button is from {long_date(day)}, so it has expired and nothing changed. "
        f"Send /{command} for today."
    )


# --- skip --------------------------------------------------------------------------------------


def skip_ask(choice: SkipChoice) -> str:
    return (
        f"Skip today's <b>{text(_what(choice.sessions))}</b>?\n"
        "Tell me why (it helps me plan), or keep the session. "
        "You can also type it, e.g. <code>/skip tired</code>."
    )


def skip_done(outcome: SkipOutcome) -> str:
    head = f"⏭ Skipped today's <b>{text(_what(outcome.skipped))}</b>."
    if outcome.reason:
        head += f" Reason: {text(outcome.reason)}."
    lines = [head, "Rest today; nothing is piled onto the next days."]
    moved = [a for a in outcome.adjustments if a.date != outcome.today]
    lines += [f"↪️ {text(_sentence(a.reason))}" for a in moved]
    hint = SKIP_HINTS.get(outcome.reason or "")
    if hint:
        lines.append(hint)
    lines.append("/week shows the week as it is now.")
    return "\n".join(lines)


def skip_kept() -> str:
    return "👍 Kept: today's session stays as planned."


# --- swap --------------------------------------------------------------------------------------


def swap_ask(choice: SwapChoice) -> str:
    if any(not s.is_rest for s in choice.sessions):
        return (
            f"Move today's <b>{text(_what(choice.sessions))}</b> to which day?\n"
            "The two days swap. I'll refuse a swap that puts two hard days within 48 hours."
        )
    return (
        "Today is a rest day. Which day's session would you like to do today instead?\n"
        "The two days swap. I'll refuse a swap that puts two hard days within 48 hours."
    )


def swap_done(outcome: SwapOutcome) -> str:
    return (
        f"🔀 Done: {text(outcome.adjustment.reason)}\n"
        f"Today ({short_date(outcome.today)}): <b>{text(_what(_on(outcome, outcome.today)))}</b>\n"
        f"{short_date(outcome.target)}: <b>{text(_what(_on(outcome, outcome.target)))}</b>\n"
        "/week shows the new order."
    )


def _on(outcome: SwapOutcome, day: date) -> list[Session]:
    return [s for s in outcome.week if s.date == day]


def swap_which_day(words: str) -> str:
    return (
        f"I didn't catch a day in <code>{text(words[:30])}</code>. "
        "Try <code>/swap thu</code>, or just /swap for a button per day."
    )


def swap_refused(reason: str) -> str:
    return f"🙅 {text(reason)}\nYour week stays as it was."


def swap_kept() -> str:
    return "👍 Kept: your week stays as it was."


# --- pause / resume ----------------------------------------------------------------------------


def paused() -> str:
    return (
        "⏸ Coaching paused. No morning sessions or reminders until you send /resume.\n"
        "Rest up or enjoy the break; when you're back, I'll rebuild the plan from that day."
    )


def already_paused() -> str:
    return "Coaching is already paused. Send /resume when you're ready to run again."


def not_paused() -> str:
    return (
        "Coaching isn't paused, so there's nothing to resume. "
        "/pause stops the morning messages for a while (holiday, illness)."
    )


def resumed(outcome: ResumeOutcome) -> str:
    days = outcome.days_paused
    if outcome.rebuilt:
        rebuilt = (
            f"You were away {days} day{'s' if days != 1 else ''}, so I've rebuilt your plan "
            f"from today, {short_date(outcome.today)}."
        )
    else:
        rebuilt = "You didn't miss a day, so your plan carries on as it was."
    lines = ["▶️ Welcome back! Coaching is on again.", rebuilt]
    if outcome.factor < 1.0:
        lines.append(
            f"It restarts at about {outcome.factor:.0%} of your earlier volume and builds "
            "back up from there."
        )
    today_sessions = outcome.today_sessions
    if today_sessions:
        what = _what(today_sessions)
        lines.append(f"Today: <b>{text(what)}</b>. Send /today for the cues.")
    lines.append("/week shows the week, /plan the road to race day.")
    return "\n".join(lines)


# --- export / delete ---------------------------------------------------------------------------


def export_intro(counts: dict[str, int]) -> str:
    logs = counts.get("run_logs", 0)
    checkins = counts.get("checkins", 0)
    return (
        "📦 Here is everything I keep about you: a CSV file each for your check-ins, logs, "
        "pain reports, plan changes and messages, and one JSON file with all of it, your "
        f"profile and plan included ({logs} log{'s' if logs != 1 else ''}, "
        f"{checkins} check-in{'s' if checkins != 1 else ''})."
    )


def delete_ask() -> str:
    return (
        "⚠️ <b>Delete everything?</b>\n"
        "This removes your profile, plan, check-ins, logs, pain reports and messages from "
        "Stride. It can't be undone. Send /export first if you want a copy."
    )


def deleted() -> str:
    return (
        "🗑 Done: everything I knew about you is deleted. I won't message you again.\n"
        "If you ever want a coach again, send /start and we'll begin fresh."
    )


def delete_cancelled() -> str:
    return "👍 Cancelled: nothing was deleted."


def delete_expired() -> str:
    return (
        "That confirmation is no longer open, so nothing was deleted. "
        "Send /delete if you want to start again."
    )


def nothing_to_delete() -> str:
    return "There's nothing to delete: I don't keep any data about you."


def skipped_toast() -> str:
    return "Skipped"


def swapped_toast() -> str:
    return "Swapped"


def deleted_toast() -> str:
    return "Deleted"


# --- keep the original (§7b) -------------------------------------------------------------------


def kept_original(outcome: KeepOutcome) -> str:
    """The original is back: what today is now, and what the week eased around it."""
    lines = [f"↩️ Kept the original: {text(_what(outcome.sessions))}, as planned."]
    lines += [f"📅 {text(_sentence(a.reason))}" for a in outcome.eased]
    lines.append("Your call, noted in /why. Listen to your body and ease off if it says so.")
    return "\n".join(lines)


def kept_toast() -> str:
    return "Original kept"


def keep_expired() -> str:
    """A "Keep the original" of another day's message."""
    return "That change was for another day; today's plan is what /today shows."
