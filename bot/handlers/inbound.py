"""Keep every message a known athlete sends, before any handler acts on it, and record what
became of it once the handlers are done (nothing typed is lost: an update that dies with the
process stays in hand in the inbox and is handled again, see bot.inbox)."""

from __future__ import annotations

from functools import partial

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop

from bot.api import stride_bot
from bot.deps import get_deps
from bot.flows import Context
from bot.messages import reply_to
from bot.render import common as render
from bot.throttle import Verdict
from services.account import HANDLED, THROTTLED


async def limit_messages(update: Update, context: Context) -> None:
    """Past the per-user limit (bot.throttle): keep the message, act on none, say so once."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or update.callback_query is not None:
        return
    deps = get_deps(context)
    verdict = deps.limiter.count(user.id, deps.clock.now())
    if verdict is Verdict.ACT:
        return
    if await deps.services.account.athlete(user.id) is not None:
        await deps.services.account.keep_message(
            user.id, update.update_id, _text(update), deps.clock.now(), outcome=THROTTLED
        )
    if verdict is Verdict.WARN:
        await reply_to(message, render.slow_down())
    raise ApplicationHandlerStop


async def keep_message(update: Update, context: Context) -> None:
    """Record the message; stop here if this update was already handled (a redelivery)."""
    message, user = update.message, update.effective_user
    if message is None or user is None:
        return
    deps = get_deps(context)
    record, fresh = await deps.services.account.keep_from_athlete(
        user.id,
        update.update_id,
        _text(update),
        deps.clock.now(),
        partial(_payload, update, context),
        message_id=message.message_id,
    )
    if record is None:
        return
    if not fresh:
        raise ApplicationHandlerStop
    context.kept = user.id


async def finish_message(update: Update, context: Context) -> None:
    """The last group: every handler has finished with this update, so it is handled (the
    error handler has recorded a failure first, if there was one)."""
    if context.kept is None:
        return
    deps = get_deps(context)
    await deps.services.account.finish_message(
        context.kept, update.update_id, HANDLED, deps.clock.now()
    )


def _payload(update: Update, context: Context) -> str:
    """The update as the inbox keeps it: as Telegram sent it when the bot kept it so."""
    return stride_bot(context.bot).raw_update(update)


def _text(update: Update) -> str | None:
    message = update.effective_message
    if message is None:
        return None
    return message.text or message.caption or _describe(message)


def _describe(message: Message) -> str | None:
    if message.location is not None:
        return f"[location {message.location.latitude:.4f},{message.location.longitude:.4f}]"
    for kind in ("photo", "document", "sticker", "voice", "video", "audio"):
        if getattr(message, kind, None):
            return f"[{kind}]"
    return None
