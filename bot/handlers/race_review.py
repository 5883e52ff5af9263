"""The race-readiness review's buttons (COACHING.md §7b): keep the goal, switch to the
shorter race, or move the race date; the plan is rebuilt for the last two.

Nothing about an offered review lives in memory: the service checks each press against the
review recorded in the database (the latest, unanswered, under a week old), so a press after
a restart works and a press on an answered, replaced or forged button changes nothing and
gets the stale-button answer.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.flows import Context
from bot.handlers.journal_guard import pressed, strip_buttons
from bot.handlers.onboarding import send_plan
from bot.keyboards.race_review import AREA
from bot.messages import reply_to
from bot.render import common
from bot.render import race_review as render
from coach.race_readiness import OptionKind


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This area's handlers."""
    return [CallbackQueryHandler(choice_button, pattern=rf"^v1\|{AREA}\|")]


async def choice_button(update: Update, context: Context) -> None:
    """The athlete's choice: recorded (and shown in /why), the plan rebuilt when the race
    changed; a stale or forged press changes nothing."""
    press = await pressed(update, context)
    query = update.callback_query
    if press is None or query is None:
        return
    day = press.day(0)
    new_date = press.day(1) if press.callback.action == OptionKind.MOVE.value else None
    result = None
    if day is not None:
        result = await press.deps.services.race_review.choose(
            press.record, press.deps.clock.now(), day, press.callback.action, new_date
        )
    if result is None:
        await query.answer(common.stale_button(), show_alert=True)
        return
    await query.answer()
    await strip_buttons(context, press.record.chat_id, press.message_id)
    # The plan follows below the answer, so the answer is kept as a Message to reply to.
    shown = update.effective_message
    message = await reply_to(shown, render.chosen(result)) if shown is not None else None
    if result.plan is not None and message is not None:
        await send_plan(message, result.record, result.plan, press.deps.clock.now())
