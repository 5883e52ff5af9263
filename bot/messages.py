"""Telegram plumbing, once: reply, send, edit a question in place, show an answer's outcome
(edit on a tap, reply below a typed answer), strip an old question's buttons. Everything is
HTML (message text is rendered in bot/render/)."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.context import Context

log = logging.getLogger(__name__)


async def reply(
    update: Update, html: str, markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Answer in the chat the update came from; None when the update has no message."""
    message = update.effective_message
    if message is None:
        return None
    return await message.reply_text(html, parse_mode=ParseMode.HTML, reply_markup=markup)


async def reply_to(
    message: Message, html: str, markup: InlineKeyboardMarkup | None = None
) -> Message:
    """Answer below ``message``."""
    return await message.reply_text(html, parse_mode=ParseMode.HTML, reply_markup=markup)


async def send(
    context: Context, chat_id: int, html: str, markup: InlineKeyboardMarkup | None = None
) -> Message:
    """A new message in ``chat_id`` (a question asked from a button press or a push)."""
    return await context.bot.send_message(
        chat_id, html, parse_mode=ParseMode.HTML, reply_markup=markup
    )


async def edit(
    target: CallbackQuery | Message, html: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Turn the pressed message (or ``target`` message) into ``html``: one message per
    conversation (COACHING.md §8). A double tap that changes nothing is not an error."""
    try:
        if isinstance(target, CallbackQuery):
            await target.edit_message_text(html, parse_mode=ParseMode.HTML, reply_markup=markup)
        else:
            await target.edit_text(html, parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


async def edit_pressed(
    update: Update, html: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """:func:`edit` the message whose button was pressed."""
    query = update.callback_query
    assert query is not None, "edit_pressed is for button presses"
    await edit(query, html, markup)


async def strip_buttons(context: Context, chat_id: int, message_id: int | None) -> None:
    """Best effort: take the buttons off a question that is no longer open."""
    if message_id is None:
        return
    try:
        await context.bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)
    except TelegramError:
        log.debug("could not strip the buttons of message %s", message_id)


async def show(
    context: Context,
    chat_id: int,
    open_message_id: int | None,
    html: str,
    markup: InlineKeyboardMarkup | None,
    source: Message,
    *,
    tapped: bool,
) -> Message:
    """Show what an answer led to: a tap edits its question (``source``) in place; a typed
    answer gets it below, and the question it answered (``open_message_id``) loses its
    buttons."""
    if tapped:
        await edit(source, html, markup)
        return source
    await strip_buttons(context, chat_id, open_message_id)
    return await reply_to(source, html, markup)
