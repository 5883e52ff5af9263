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
