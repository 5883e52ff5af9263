"""Greeting, help, and the answers for what the bot does not understand."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.context import Context
from bot.deps import get_deps
from bot.messages import reply, reply_to
from bot.render import common as render


async def start_command(update: Update, context: Context) -> None:
    """Register the athlete (once) and say what comes next."""
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    if user is None or chat is None or message is None:
        return
    deps = get_deps(context)
    _record, created = await deps.services.account.first_contact(
        user.id, chat.id, user.first_name, deps.clock.now()
    )
    await reply_to(message, render.welcome(user.first_name, returning=not created))


async def help_command(update: Update, context: Context) -> None:
    """List every command with a line each."""
    await reply(update, render.help_text())


async def unknown_command(update: Update, context: Context) -> None:
    """Point an unknown /command at /help."""
    message = update.effective_message
    if message and message.text:
        await reply_to(message, render.unknown_command(message.text.split()[0]))


async def refuse_group(update: Update, context: Context) -> None:
    """Coach in private chats only: the athlete's data is not for a group."""
    message = update.effective_message
    if message is not None and message.text and message.text.startswith("/"):
        await reply_to(message, render.private_only())
    raise ApplicationHandlerStop


async def stale_button(update: Update, context: Context) -> None:
    """A button nobody claims any more: say so instead of failing silently."""
    query = update.callback_query
    if query is not None:
        await query.answer(render.stale_button(), show_alert=True)
