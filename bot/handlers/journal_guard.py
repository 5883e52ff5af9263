"""What the check-in, log and pain handlers share: the journal's reading of a checked press
(the athlete must be set up; the button's day), the athlete sending a command, and where
free text goes. The Telegram plumbing itself is bot.messages (re-exported here)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from telegram import Update

from bot.callbacks import Callback, parse_day_arg
from bot.deps import Deps, get_deps
from bot.dialog import Dialog
from bot.flows import FREE_TEXT, Context
from bot.messages import edit_pressed as edit
from bot.messages import reply, reply_to, send, strip_buttons
from bot.render import common
from coach.parser import ParsedMessage, classify
from services.coaching import local_today
from storage.athletes import AthleteRecord

log = logging.getLogger(__name__)

__all__ = [
    "Press",
    "athlete_for_command",
    "edit",
    "pressed",
    "reply",
    "route_free",
    "send",
    "strip_buttons",
]


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


async def pressed(update: Update, context: Context) -> Press | None:
    """The press the guard let through, for the journal's areas: or None after answering it
    (the presser has no athlete row here, or is not set up yet)."""
    query, press = update.callback_query, context.press
    if query is None or press is None:
        return None
    record = press.record
    if record is None:
        await query.answer(common.not_your_button(), show_alert=True)
        return None
    if not record.onboarded:
        await query.answer(common.stale_button(), show_alert=True)
        return None
    deps = get_deps(context)
    today = local_today(record, deps.clock.now())
    return Press(press.callback, record, press.message.message_id, deps, today)


async def athlete_for_command(update: Update, context: Context) -> AthleteRecord | None:
    """The onboarded athlete sending a command, or None after saying what to do first."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return None
    record = await get_deps(context).db.athletes.get(user.id)
    if record is None:
        await reply_to(message, common.not_registered())
        return None
    if not record.onboarded:
        await reply_to(message, common.finish_onboarding_first())
        return None
    return record


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
