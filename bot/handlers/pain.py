"""/pain: record a pain flag (typed "knee 5/10" or buttons for where and how much) and say
what the coach changes because of it; never a diagnosis, always "not medical advice"."""

from __future__ import annotations

import re
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import dialog as dialogs
from bot.callbacks import day_arg
from bot.deps import Deps, get_deps
from bot.dialog import Dialog
from bot.flows import Context, dialog_text, free_text
from bot.handlers.journal_guard import (
    athlete_for_command,
    edit,
    journal,
    pressed,
    reply,
    route_free,
    strip_buttons,
)
from bot.keyboards import pain as keyboards
from bot.render import pain as render
from coach.parser import ParsedMessage, ParseError, parse_pain
from services.coaching import local_today
from storage.athletes import AthleteRecord

FLOW = "pain"
MY_FLOWS = ("checkin", "log", "pain")
_INT_RE = re.compile(r"^\s*(-?\d{1,3})\s*(?:/\s*10)?\s*$", re.ASCII)
_WORDS_RE = re.compile(r"^[^\W\d_][\w\s,'&/-]{0,63}$")


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This area's handlers, in the order they must be tried."""
    return [
        CommandHandler("pain", pain_command),
        CallbackQueryHandler(pain_button, pattern=r"^v1\|pain\|"),
    ]


async def pain_command(update: Update, context: Context) -> None:
    """Record a pain ("/pain knee 5/10"); alone, ask where and how much with buttons."""
    record = await athlete_for_command(update, context)
    message = update.effective_message
    if record is None or message is None:
        return
    deps = get_deps(context)
    today = local_today(record, deps.clock.now())
    if not context.args:
        await _close_mine(context, record)
        sent = await reply(update, render.where_question(), keyboards.where(today))
        await _open(deps, record, "where", {}, sent.message_id if sent else None)
        return
    try:
        where, score = _read_pain(message.text or "", " ".join(context.args))
    except ParseError as error:
        await reply(update, render.parse_problem(error))
        return
    await _reported_or_ask(update, context, record, where, score)


async def pain_button(update: Update, context: Context) -> None:
    """Where it hurts, how much, or "all gone": each tap edits the same message."""
    press = await pressed(update, context)
    query = update.callback_query
    if press is None or query is None:
        return
    dialog = press.dialog
    if (
        press.day() != press.today
        or dialog is None
        or dialog.flow != FLOW
        or dialog.message_id != press.message_id
        or dialog.data.get("day") != press.callback.arg(0)
    ):
        await query.answer(render.expired(), show_alert=True)
        return
    action, value = press.callback.action, press.callback.arg(1)
    deps, record = press.deps, press.record
    if action == "gone" and dialog.step == "where":
        await query.answer()
        count = await journal(deps).all_pain_gone(record.id, press.today)
        await dialogs.save(deps, record.id, None)
        await edit(update, render.all_gone(count))
        return
    if action == "where" and dialog.step == "where" and value in keyboards.PLACES:
        await query.answer()
        await _open(deps, record, "score", {"where": value}, press.message_id)
        await edit(update, render.score_question(value), keyboards.score(press.today))
        return
    if action == "score" and dialog.step == "score" and value.isdigit() and int(value) <= 10:
        await query.answer()
        result = await journal(deps).report_pain(
            record.id, deps.clock.now(), press.today, str(dialog.data["where"]), int(value)
        )
        await dialogs.save(deps, record.id, None)
        await edit(update, render.reported(result))
        return
    await query.answer(render.expired(), show_alert=True)


@dialog_text(FLOW)
async def pain_typed(
    update: Update, context: Context, record: AthleteRecord, dialog: Dialog, text: str
) -> None:
    """A typed answer to the open /pain question ("left achilles", "knee 5/10", "3")."""
    deps = get_deps(context)
    today = local_today(record, deps.clock.now())
    if dialog.data.get("day") != day_arg(today):
        await strip_buttons(context, record.chat_id, dialog.message_id)
        await dialogs.save(deps, record.id, None)
        await route_free(update, context, record, text)
        return
    if dialog.step == "score":
        number = _INT_RE.match(text)
        if number is None or not 0 <= int(number.group(1)) <= 10:
            await reply(update, render.typed_problem("score"))
            return
        await strip_buttons(context, record.chat_id, dialog.message_id)
        await _reported_or_ask(
            update, context, record, str(dialog.data["where"]), int(number.group(1))
        )
        return
    try:
        where, score = _read_pain(text, text)
    except ParseError:
        await reply(update, render.typed_problem("where"))
        return
    await strip_buttons(context, record.chat_id, dialog.message_id)
    await _reported_or_ask(update, context, record, where, score)


@free_text("pain")
async def pain_free_text(
    update: Update, context: Context, record: AthleteRecord, parsed: ParsedMessage, text: str
) -> None:
    """Pain typed as free text ("knee hurts 5/10"): record it, or ask how much."""
    if parsed.pain is None:
        await route_free(update, context, record, text)
        return
    await _reported_or_ask(update, context, record, parsed.pain.where, parsed.pain.score)


# --- helpers ----------------------------------------------------------------------------


def _read_pain(text: str, words: str) -> tuple[str, int | None]:
    """Where and how much, from "/pain knee 5/10" or, since it is about pain anyway, from a
    place alone ("left shin"). Raises ParseError when neither can be read."""
    try:
        pain = parse_pain(text)
    except ParseError:
        cleaned = " ".join(words.split()).strip(" .!")
        if any(ch.isdigit() for ch in cleaned) or not _WORDS_RE.match(cleaned):
            raise
        try:
            pain = parse_pain(f"{cleaned} hurts")
        except ParseError:
            return cleaned, None
    return pain.where, pain.score


async def _reported_or_ask(
    update: Update, context: Context, record: AthleteRecord, where: str, score: int | None
) -> None:
    deps = get_deps(context)
    today = local_today(record, deps.clock.now())
    if score is None:
        await _close_mine(context, record)
        sent = await reply(update, render.score_question(where), keyboards.score(today))
        await _open(deps, record, "score", {"where": where}, sent.message_id if sent else None)
        return
    result = await journal(deps).report_pain(record.id, deps.clock.now(), today, where, score)
    dialog = Dialog.from_json(record.dialog)
    if dialog is not None and dialog.flow == FLOW:
        await dialogs.save(deps, record.id, None)
    await reply(update, render.reported(result))


async def _open(
    deps: Deps, record: AthleteRecord, step: str, data: dict[str, Any], message_id: int | None
) -> None:
    today = local_today(record, deps.clock.now())
    payload = {"day": day_arg(today), **data}
    await dialogs.save(deps, record.id, Dialog(FLOW, step, payload, message_id))


async def _close_mine(context: Context, record: AthleteRecord) -> None:
    """A new question replaces an open check-in, log or pain question: strip its buttons."""
    dialog = Dialog.from_json(record.dialog)
    if dialog is not None and dialog.flow in MY_FLOWS:
        await strip_buttons(context, record.chat_id, dialog.message_id)
