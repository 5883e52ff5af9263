"""Telegram plumbing, once: reply, send, edit a question in place, show an answer's outcome
(edit on a tap, reply below a typed answer), strip an old question's buttons. Everything is
HTML (message text is rendered in bot/render/)."""

from __future__ import annotations

import html as html_lib
import logging
import re
from dataclasses import dataclass

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.api import stride_bot
from bot.context import Context

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Sent:
    """A message the bot sent: what a question's dialog keeps of it."""

    chat_id: int
    message_id: int


async def reply(
    update: Update, html: str, markup: InlineKeyboardMarkup | None = None
) -> Sent | None:
    """Answer in the chat the update came from; None when the update has no message.
    Telegram's answer is kept as JSON (bot.api): only the new message's id is used."""
    message = update.effective_message
    if message is None:
        return None
    data = {"chat_id": message.chat_id, "text": html, "parse_mode": ParseMode.HTML}
    result = await stride_bot(message.get_bot()).post_json(
        "sendMessage", {**data, "reply_markup": markup}
    )
    return Sent(message.chat_id, int(result["message_id"]))


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
    conversation (COACHING.md §8). A double tap that changes nothing is not an error.

    A press carries the message as the athlete sees it now, so an edit that would leave it
    as it is (the same week button or "Keep" pressed twice) is not sent at all: Telegram
    answers such an edit with 400 "message is not modified". A ``Message`` may be an older
    copy, so it is edited and that answer is let pass.
    """
    if isinstance(target, CallbackQuery) and unchanged(target.message, html, markup):
        return
    shown = target.message if isinstance(target, CallbackQuery) else target
    try:
        if isinstance(shown, Message):
            # Telegram's answer (the edited message) is not read: kept as JSON (bot.api).
            data = {"chat_id": shown.chat_id, "message_id": shown.message_id, "text": html}
            edited = {**data, "parse_mode": ParseMode.HTML, "reply_markup": markup}
            await stride_bot(target.get_bot()).post_json("editMessageText", edited)
        else:  # a press on a message Telegram no longer sends along
            assert isinstance(target, CallbackQuery)
            await target.edit_message_text(html, parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


_TAG = re.compile(r"<[^>]*>")


def _keyboard(markup: InlineKeyboardMarkup | None) -> tuple[tuple[object, ...], ...]:
    """The buttons of ``markup`` as Telegram compares them (no keyboard = empty)."""
    if markup is None:
        return ()
    return tuple(
        tuple((b.text, b.callback_data, b.url) for b in row) for row in markup.inline_keyboard
    )


def unchanged(shown: object, html: str, markup: InlineKeyboardMarkup | None) -> bool:
    """Whether the message ``shown`` already reads ``html`` with ``markup``'s buttons.

    Compared as the athlete sees it: the plain text (tags dropped, entities unescaped)
    and the buttons. An inaccessible message (too old) is never taken as unchanged.
    """
    if not isinstance(shown, Message) or shown.text is None:
        return False
    plain = html_lib.unescape(_TAG.sub("", html)).strip()
    return shown.text.strip() == plain and _keyboard(shown.reply_markup) == _keyboard(markup)


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
