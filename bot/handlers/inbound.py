"""Keep every message a known athlete sends, before any handler acts on it."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.deps import get_deps
from bot.flows import Context


async def keep_message(update: Update, context: Context) -> None:
    """Record the message; stop here if this update was already handled (a redelivery)."""
    message, user = update.message, update.effective_user
    if message is None or user is None:
        return
    deps = get_deps(context)
    if await deps.services.account.athlete(user.id) is None:
        return
    text = message.text or message.caption or _describe(update)
    fresh = await deps.services.account.keep_message(
        user.id, update.update_id, text, deps.clock.now()
    )
    if not fresh:
        raise ApplicationHandlerStop


def _describe(update: Update) -> str | None:
    message = update.message
    if message is None:
        return None
    if message.location is not None:
        return f"[location {message.location.latitude:.4f},{message.location.longitude:.4f}]"
    for kind in ("photo", "document", "sticker", "voice", "video", "audio"):
        if getattr(message, kind, None):
            return f"[{kind}]"
    return None
