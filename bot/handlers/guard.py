"""The one button guard: every press is checked here once, before any feature sees it.

A press must decode as one of our buttons, sit on a text message Telegram still sends along, be
pressed in the presser's own (private) chat, and that chat must be the presser's athlete's.
Anything else is answered with a clear alert and stops here (no handler acts on it); what
passes is handed on as ``context.press``. Registered in group -1 (bot.handlers).
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop

from bot.callbacks import decode
from bot.context import ButtonPress, Context
from bot.render import common


async def check_press(update: Update, context: Context) -> None:
    """Check the press once; refuse a stale payload or someone else's button."""
    query = update.callback_query
    if query is None:
        return
    callback = decode(query.data)
    message = query.message
    if callback is None or not isinstance(message, Message) or message.text is None:
        # Not ours, too old to decode, or on a photo or document (every button of ours sits
        # on a text message, which its areas edit): forged or stale either way.
        await query.answer(common.stale_button(), show_alert=True)
        raise ApplicationHandlerStop
    if message.chat.id != query.from_user.id:
        # Private chats only: the chat id is the athlete's id. A press on another athlete's
        # message (a forwarded or shared one) must not act on either of them.
        await query.answer(common.not_your_button(), show_alert=True)
        raise ApplicationHandlerStop
    record = await context.deps.services.account.athlete(query.from_user.id)
    if record is not None and record.chat_id != message.chat.id:
        await query.answer(common.not_your_button(), show_alert=True)
        raise ApplicationHandlerStop
    context.press = ButtonPress(query, callback, message, record)
