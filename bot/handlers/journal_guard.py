"""Checks shared by the check-in, log and pain handlers: whose button is it, is the athlete
set up, is the button's day still valid, and small Telegram helpers (edit, strip buttons)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.callbacks import Callback, decode, parse_day_arg
from bot.deps import Deps, get_deps
from bot.dialog import Dialog
from bot.flows import FREE_TEXT, Context
from bot.render import common
from coach.parser import ParsedMessage, classify
from services.coaching import local_today
from services.journal import JournalService
from storage.athletes import AthleteRecord

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Press:
    """A button press that belongs to the athlete of the chat it was pressed in."""

    callback: Callback
    record: AthleteRecord
    message_id: int
    deps: Deps
    today: date

    @property
    def dialog(self) -> Dialog | None:
        return Dialog.from_json(self.record.dialog)

    def day(self, index: int = 0) -> date | None:
        return parse_day_arg(self.callback.arg(index))


def journal(deps: Deps) -> JournalService:
    return JournalService(deps.db)


async def pressed(update: Update, context: Context) -> Press | None:
    """The press, or None after answering it (not this chat's athlete, not set up, not ours)."""
    query = update.callback_query
    if query is None:
        return None
    deps = get_deps(context)
    record = await deps.db.athletes.get(query.from_user.id)
    message = query.message
    if message is None:  # too old for Telegram to send it along
        await query.answer(common.stale_button(), show_alert=True)
        return None
    if record is None or message.chat.id != record.chat_id:
        await query.answer(common.not_your_button(), show_alert=True)
        return None
    callback = decode(query.data)
    if callback is None or not record.onboarded:
        await query.answer(common.stale_button(), show_alert=True)
        return None
    today = local_today(record, deps.clock.now())
    return Press(callback, record, message.message_id, deps, today)


async def athlete_for_command(update: Update, context: Context) -> AthleteRecord | None:
    """The onboarded athlete sending a command, or None after saying what to do first."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return None
    record = await get_deps(context).db.athletes.get(user.id)
    if record is None:
        await message.reply_text(common.not_registered(), parse_mode=ParseMode.HTML)
        return None
    if not record.onboarded:
        await message.reply_text(common.finish_onboarding_first(), parse_mode=ParseMode.HTML)
        return None
    return record


async def edit(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Turn the pressed message into ``text`` (one message per conversation, COACHING.md §8)."""
    query = update.callback_query
    assert query is not None
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


async def strip_buttons(context: Context, chat_id: int, message_id: int | None) -> None:
    """Best effort: remove the keyboard of a question that is no longer open."""
    if message_id is None:
        return
    try:
        await context.bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)
    except TelegramError:
        log.debug("could not strip the buttons of message %s", message_id)


async def reply(
    update: Update, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    message = update.effective_message
    if message is None:
        return None
    return await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def send(
    context: Context, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message:
    return await context.bot.send_message(
        chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
    )


async def route_free(
    update: Update,
    context: Context,
    record: AthleteRecord,
    text: str,
    *,
    parsed: ParsedMessage | None = None,
) -> None:
    """Handle ``text`` as free text (no dialog): a run, a check-in, pain, or a hint."""
    parsed = parsed or classify(text, record.units)
    handler = FREE_TEXT.get(parsed.kind)
    if handler is None:
        await reply(update, common.did_not_understand())
        return
    await handler(update, context, record, parsed, text)
