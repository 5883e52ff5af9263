"""Greeting, help, and the answers for what the bot does not understand."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ApplicationHandlerStop, CallbackContext, ExtBot

from bot.deps import get_deps
from bot.render import common as render

Context = CallbackContext[ExtBot[None], Any, Any, Any]


async def start_command(update: Update, context: Context) -> None:
    """Register the athlete (once) and say what comes next."""
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    if user is None or chat is None or message is None:
        return
    deps = get_deps(context)
    _record, created = await deps.db.athletes.register(
        user.id, chat.id, user.first_name, deps.clock.now()
    )
    await message.reply_text(
        render.welcome(user.first_name, returning=not created), parse_mode=ParseMode.HTML
    )


async def help_command(update: Update, context: Context) -> None:
    """List every command with a line each."""
    if update.effective_message:
        await update.effective_message.reply_text(render.help_text(), parse_mode=ParseMode.HTML)


async def unknown_command(update: Update, context: Context) -> None:
    """Point an unknown /command at /help."""
    message = update.effective_message
    if message and message.text:
        await message.reply_text(
            render.unknown_command(message.text.split()[0]), parse_mode=ParseMode.HTML
        )


async def refuse_group(update: Update, context: Context) -> None:
    """Coach in private chats only: the athlete's data is not for a group."""
    message = update.effective_message
    if message is not None and message.text and message.text.startswith("/"):
        await message.reply_text(render.private_only(), parse_mode=ParseMode.HTML)
    raise ApplicationHandlerStop


async def stale_button(update: Update, context: Context) -> None:
    """A button nobody claims any more: say so instead of failing silently."""
    query = update.callback_query
    if query is not None:
        await query.answer(render.stale_button(), show_alert=True)
