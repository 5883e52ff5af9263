"""Typed text that is not a command: an open dialog's answer, a log, a check-in, or a hint."""

from __future__ import annotations

import logging

from telegram import Update

from bot import dialog as dialogs
from bot.deps import get_deps
from bot.dialog import Dialog
from bot.flows import DIALOG_TEXT, FREE_TEXT, Context
from bot.messages import reply_to, strip_buttons
from bot.render import common as render
from bot.render import runlog as runlog_render
from coach.parser import classify
from flows.questions import Step
from flows.runlog import whole_log

log = logging.getLogger(__name__)

MAX_TEXT = 1000  # longer than any log or answer; refused politely, kept in the inbox
#: The open questions a whole run log closes (the log's own flow answers them instead:
#: flows.runlog.WholeLog): the check-in, /pain and /settings (its questions are times, days,
#: places and yes/no). Onboarding and /race may ask for a race time ("10k 48:30"), which
#: reads like a log, so they keep theirs; and before onboarding there is no plan to log to.
CLOSED_BY_A_LOG = frozenset({"checkin", "pain", "settings"})
#: Set-up questions whose answer reads like a run log (a recent race and its time).
RACE_ANSWERS = frozenset({Step.RACE_DIST.value, Step.RACE_TIME.value})


async def route_text(update: Update, context: Context) -> None:
    """Send typed text to the open dialog, else to the coach parser's handlers."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None:
        return
    deps = get_deps(context)
    athlete = await deps.services.account.athlete(user.id)
    if athlete is None:
        await reply_to(message, render.not_registered())
        return
    text = message.text.strip()
    if len(text) > MAX_TEXT:
        await reply_to(message, render.too_long(MAX_TEXT))
        return
    dialog = Dialog.from_json(athlete.dialog)
    closed: str | None = None
    if (
        dialog is not None
        and athlete.onboarded
        and dialog.flow in CLOSED_BY_A_LOG
        and whole_log(text, athlete.units) is not None
    ):
        # A whole run log is a log whatever question is open: the question closes (and the
        # athlete is told), so nothing they sent is misfiled as an answer or lost.
        await strip_buttons(context, athlete.chat_id, dialog.message_id)
        await dialogs.save(deps, athlete.id, None)
        closed, dialog = dialog.flow, None
    if (
        dialog is not None
        and not athlete.onboarded
        and dialog.step not in RACE_ANSWERS
        and whole_log(text, athlete.units) is not None
    ):
        # A run typed during set-up: no plan to log it against yet. Said so, not misread as
        # the answer (the question stays open, and the message is kept in the inbox).
        await reply_to(message, render.log_after_onboarding())
        return
    if dialog is not None and dialog.flow in DIALOG_TEXT:
        await DIALOG_TEXT[dialog.flow](update, context, athlete, dialog, text)
        return
    if not athlete.onboarded:
        await reply_to(message, render.finish_onboarding_first())
        return
    parsed = classify(text, athlete.units)
    handler = FREE_TEXT.get(parsed.kind)
    if handler is None:
        log.debug("no handler for free text of kind %s", parsed.kind)
        await reply_to(message, render.did_not_understand())
        return
    await handler(update, context, athlete, parsed, text)
    if closed is not None:
        await reply_to(message, runlog_render.question_closed_for(closed))


async def non_text(update: Update, context: Context) -> None:
    """Photos, stickers, voice...: say what works instead (the open question stays open)."""
    message, user = update.effective_message, update.effective_user
    if message is None:
        return
    open_question = False
    if user is not None:
        athlete = await get_deps(context).db.athletes.get(user.id)
        open_question = athlete is not None and Dialog.from_json(athlete.dialog) is not None
    html = render.text_please_for_question() if open_question else render.text_please()
    await reply_to(message, html)
