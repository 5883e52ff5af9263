"""The morning check-in: /checkin, the morning push's "Check in" button, the answers (each
tap edits the same message), typed answers during the check-in and as free text.

Every answer is stored as it arrives; the open question lives in the dialog (database), so a
restart mid-check-in carries on at the next unanswered question. Buttons carry their day:
a check-in button of another day has expired (a check-in is about this morning).
"""

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
    send,
    strip_buttons,
)
from bot.keyboards import checkin as keyboards
from bot.render import checkin as render
from coach.models import CheckIn
from coach.parser import ParsedMessage, ParseError, classify, parse_checkin
from services.coaching import local_today
from services.journal import checkin_answers, next_checkin_step
from storage.athletes import AthleteRecord

FLOW = "checkin"
MY_FLOWS = ("checkin", "log", "pain")
_NUMBER_RE = re.compile(r"^\s*(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:h|hrs?|hours?)?\s*$", re.ASCII)
_WORDS_RE = re.compile(r"^[^\W\d_][\w\s,'&/-]{0,63}$")
_NOWHERE = frozenset({"none", "nowhere", "no", "nothing", "-"})


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This area's handlers, in the order they must be tried."""
    return [
        CommandHandler("checkin", checkin_command),
        CallbackQueryHandler(push_checkin, pattern=r"^v1\|push\|checkin\|"),
        CallbackQueryHandler(checkin_answer, pattern=r"^v1\|ci\|"),
    ]


async def checkin_command(update: Update, context: Context) -> None:
    """Start or resume today's check-in; text after the command is a typed check-in."""
    record = await athlete_for_command(update, context)
    if record is None or update.effective_message is None:
        return
    if context.args:
        await _typed_checkin(update, context, record, update.effective_message.text or "")
        return
    await _ask_next(context, record, get_deps(context))


async def push_checkin(update: Update, context: Context) -> None:
    """The morning push's "Check in": today's check-in, in a message below the push."""
    press = await pressed(update, context)
    query = update.callback_query
    if press is None or query is None:
        return
    if press.day() != press.today:
        await query.answer(render.expired(), show_alert=True)
        return
    await query.answer()
    await _ask_next(context, press.record, press.deps)


async def checkin_answer(update: Update, context: Context) -> None:
    """A tapped answer: store it, then edit the same message into the next question."""
    press = await pressed(update, context)
    query = update.callback_query
    if press is None or query is None:
        return
    step, value = press.callback.action, press.callback.arg(1)
    dialog = press.dialog
    if (
        press.day() != press.today
        or dialog is None
        or dialog.flow != FLOW
        or dialog.data.get("day") != press.callback.arg(0)
        or dialog.message_id != press.message_id
    ):
        await query.answer(render.expired(), show_alert=True)
        return
    if dialog.step != step:
        await query.answer(render.already_answered())
        return
    answers = _button_answers(step, value)
    if answers is None:
        await query.answer(render.expired(), show_alert=True)
        return
    deps = press.deps
    checkin = await journal(deps).answer_checkin(
        press.record.id, press.today, deps.clock.now(), **answers
    )
    ask_where = bool(dialog.data.get("ask_where"))
    if step == "soreness":
        ask_where = (checkin.soreness or 0) >= 2
    elif step == "where":
        ask_where = False
    await query.answer()
    next_step = next_checkin_step(checkin) or ("where" if ask_where else None)
    if next_step is not None:
        data = {"day": day_arg(press.today), "ask_where": ask_where}
        await dialogs.save(deps, press.record.id, Dialog(FLOW, next_step, data, press.message_id))
        await edit(
            update,
            render.question(next_step, checkin),
            keyboards.question(next_step, press.today),
        )
        return
    await dialogs.save(deps, press.record.id, None)
    day = await journal(deps).day(press.record.id, deps.clock.now())
    if day is not None:
        await edit(update, render.result(day))


@dialog_text(FLOW)
async def checkin_typed(
    update: Update, context: Context, record: AthleteRecord, dialog: Dialog, text: str
) -> None:
    """A typed answer to the open check-in question ("6.5", "slept 7h, calves sore")."""
    deps = get_deps(context)
    today = local_today(record, deps.clock.now())
    if dialog.data.get("day") != day_arg(today):  # yesterday's check-in, left open
        await strip_buttons(context, record.chat_id, dialog.message_id)
        await dialogs.save(deps, record.id, None)
        await route_free(update, context, record, text)
        return
    answers, error = _typed_answers(dialog.step, text)
    if answers is None:
        parsed = classify(text, record.units)
        if parsed.kind in ("run", "pain"):  # not an answer, but something to act on
            await route_free(update, context, record, text, parsed=parsed)
            return
        await reply(update, render.typed_problem(dialog.step, error))
        return
    checkin = await journal(deps).answer_checkin(record.id, today, deps.clock.now(), **answers)
    ask_where = bool(dialog.data.get("ask_where"))
    if "soreness" in answers:
        ask_where = (checkin.soreness or 0) >= 2 and not checkin.soreness_where
    if "soreness_where" in answers:
        ask_where = False
    await strip_buttons(context, record.chat_id, dialog.message_id)
    await _continue(update, context, record, deps, checkin, ask_where)


@free_text("checkin")
async def checkin_free_text(
    update: Update, context: Context, record: AthleteRecord, parsed: ParsedMessage, text: str
) -> None:
    """A check-in typed as free text: store it, then ask what is missing or show the day."""
    await _typed_checkin(update, context, record, text, parsed=parsed)


# --- helpers ----------------------------------------------------------------------------


async def _ask_next(context: Context, record: AthleteRecord, deps: Deps) -> None:
    """Send the open (or next unanswered) question of today's check-in as a new message."""
    today = local_today(record, deps.clock.now())
    checkin = await journal(deps).checkin(record.id, today)
    dialog = Dialog.from_json(record.dialog)
    redo = False
    ask_where = False
    if dialog is not None and dialog.flow in MY_FLOWS:
        await strip_buttons(context, record.chat_id, dialog.message_id)
    if dialog is not None and dialog.flow == FLOW and dialog.data.get("day") == day_arg(today):
        step = dialog.step
        ask_where = bool(dialog.data.get("ask_where"))
    else:
        step = next_checkin_step(checkin) or "sleep"
        redo = checkin is not None and next_checkin_step(checkin) is None
    message = await send(
        context,
        record.chat_id,
        render.question(step, checkin, redo=redo),
        keyboards.question(step, today),
    )
    data = {"day": day_arg(today), "ask_where": ask_where}
    await dialogs.save(deps, record.id, Dialog(FLOW, step, data, message.message_id))


async def _typed_checkin(
    update: Update,
    context: Context,
    record: AthleteRecord,
    text: str,
    *,
    parsed: ParsedMessage | None = None,
) -> None:
    """Store a whole typed check-in; ask the missing questions with buttons, or end it."""
    deps = get_deps(context)
    checkin_parsed = parsed.checkin if parsed is not None else None
    if checkin_parsed is None:
        try:
            checkin_parsed = parse_checkin(text)
        except ParseError as error:
            await reply(update, render.typed_problem("sleep", error))
            return
    today = local_today(record, deps.clock.now())
    checkin, _pain = await journal(deps).typed_checkin(
        record.id, today, deps.clock.now(), checkin_parsed
    )
    dialog = Dialog.from_json(record.dialog)
    if dialog is not None and dialog.flow == FLOW:
        await strip_buttons(context, record.chat_id, dialog.message_id)
    await _continue(update, context, record, deps, checkin, ask_where=False)


async def _continue(
    update: Update,
    context: Context,
    record: AthleteRecord,
    deps: Deps,
    checkin: CheckIn | None,
    ask_where: bool,
) -> None:
    """After a typed answer: the next question as a new message, or the end of the check-in."""
    today = local_today(record, deps.clock.now())
    step = next_checkin_step(checkin) or ("where" if ask_where else None)
    if step is not None:
        message = await reply(
            update, render.question(step, checkin), keyboards.question(step, today)
        )
        data = {"day": day_arg(today), "ask_where": ask_where}
        message_id = message.message_id if message is not None else None
        await dialogs.save(deps, record.id, Dialog(FLOW, step, data, message_id))
        return
    current = Dialog.from_json(record.dialog)
    if current is not None and current.flow == FLOW:
        await dialogs.save(deps, record.id, None)
    day = await journal(deps).day(record.id, deps.clock.now())
    if day is not None:
        await reply(update, render.result(day))


def _button_answers(step: str, value: str) -> dict[str, Any] | None:
    """The stored fields of a tapped answer, or None for a value no keyboard offers."""
    if step == "sleep" and value in keyboards.SLEEP_ARGS:
        return {"sleep_hours": keyboards.SLEEP_ARGS[value]}
    if step == "quality" and value in keyboards.SCALE5:
        return {"sleep_quality": int(value)}
    if step == "soreness" and value in keyboards.SCALE5:
        return {"soreness": int(value), "soreness_where": None}
    if step == "where" and value in keyboards.WHERE:
        return {"soreness_where": None if value == "none" else value}
    return None


def _typed_answers(step: str, text: str) -> tuple[dict[str, Any] | None, ParseError | None]:
    """A typed answer to ``step``: a bare number for the question asked, a place, or any
    check-in sentence. Returns the fields, or None with the reason."""
    number = _NUMBER_RE.match(text)
    if number is not None and step in ("sleep", "quality", "soreness"):
        value = float(number.group(1).replace(",", "."))
        if step == "sleep":
            if 0 < value <= 24:
                return {"sleep_hours": value}, None
            return None, ParseError(f"{value:g} hours of sleep? Sleep is 0 to 24 hours.")
        if value.is_integer() and 1 <= value <= 5:
            field = "sleep_quality" if step == "quality" else "soreness"
            return {field: int(value)}, None
        what = "Sleep quality" if step == "quality" else "Soreness"
        return None, ParseError(f"{what} goes from 1 to 5; {value:g} is off the scale.")
    if step == "where":
        return _typed_place(text)
    try:
        parsed = parse_checkin(text)
    except ParseError as error:
        return None, error
    answers = checkin_answers(parsed)
    return (answers, None) if answers else (None, None)


def _typed_place(text: str) -> tuple[dict[str, Any] | None, ParseError | None]:
    cleaned = " ".join(text.split()).strip(" .!")
    if cleaned.lower() in _NOWHERE:
        return {"soreness_where": None}, None
    for attempt in (cleaned, f"sore {cleaned}"):
        try:
            parsed = parse_checkin(attempt)
        except ParseError:
            continue
        if parsed.soreness_where:
            return {"soreness_where": parsed.soreness_where}, None
    if _WORDS_RE.match(cleaned):
        return {"soreness_where": cleaned[:64]}, None
    return None, None
