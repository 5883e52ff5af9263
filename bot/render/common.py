"""Every message the bot sends is worded here, as HTML. User-provided strings are escaped."""

from __future__ import annotations

from html import escape

from bot.commands import COMMANDS


def welcome(first_name: str | None, *, returning: bool) -> str:
    name = escape(first_name) if first_name else "there"
    if returning:
        return f"Welcome back, {name}! Your coach is still here.\nSend /help to see what I can do."
    return (
        f"Hi {name}, I'm <b>Stride</b>, your running coach.\n\n"
        "Next I'll ask a few quick questions (your goal, race date, the days you can run, "
        "your usual volume and time zone) and build a plan around them. "
        "Every morning I'll send the day's session; after a run, tell me how it went.\n\n"
        "Send /help to see every command."
    )


def help_text() -> str:
    lines = ["<b>What I can do</b>"]
    lines += [f"/{c.name} - {escape(c.description)}" for c in COMMANDS]
    lines.append("\nYou can also just write to me, e.g. <i>ran 10k in 52 min, felt like a 6</i>.")
    return "\n".join(lines)


def unknown_command(command: str) -> str:
    return (
        f"I don't know the command <code>{escape(command[:40])}</code>. "
        "Send /help for the list of things I can do."
    )


def apology() -> str:
    return (
        "Sorry, something went wrong on my side. Nothing you sent is lost; "
        "please try again in a moment."
    )


def private_only() -> str:
    return "Let's talk in a private chat: open a chat with me and send /start."


def not_registered() -> str:
    return "Hi! Send /start and I'll set up your coaching."


def finish_onboarding_first() -> str:
    return "Let's finish setting you up first: send /start to pick up where we left off."


def log_after_onboarding() -> str:
    return (
        "That looks like a run: I'll log your runs as soon as your plan is set up. "
        "For now, the question above still needs its answer."
    )


def too_long(limit: int) -> str:
    return (
        f"That's a long message: I read up to {limit} characters. "
        "Send a short line, e.g. <i>ran 10k in 52 min, felt like a 6</i>."
    )


def did_not_understand() -> str:
    return (
        "I didn't get that. Two things that work:\n"
        "• <i>ran 10k in 52 min, felt like a 6</i>\n"
        "• <i>slept 6h, legs sore</i>\n"
        "Or send /help for every command."
    )


def text_please() -> str:
    return (
        "I can only read text for now. Tell me in words, e.g. <i>45 min easy, rpe 3</i>, "
        "or send /help."
    )


def text_please_for_question() -> str:
    return (
        "I can only read text for now, and your question is still open: tap one of its "
        "buttons above, or answer in a few words."
    )


def stale_button() -> str:
    return "This button has expired. Send /today for the current session."


def not_your_button() -> str:
    return "That button isn't for you."


def slow_down() -> str:
    return (
        "That's a lot of messages at once, so I'm taking a breather: I've kept everything "
        "you sent, and I'll answer again in a minute."
    )


def corrected(what: str) -> str:
    return f"✏️ Corrected from your edit:\n{what}"


def edit_ignored() -> str:
    return (
        "I saw your edit, but I only act on edits of your last log or today's check-in: "
        "send anything else as a new message."
    )


def edit_not_a_command() -> str:
    return "Edits don't run commands: send the command as a new message."


def edit_unreadable(what: str) -> str:
    return f"I couldn't read your edit as a {what}, so I kept it as it was."
