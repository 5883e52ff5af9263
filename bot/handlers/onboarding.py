"""Onboarding (/start): one question at a time, each answer stored as it arrives, the open
question kept in the database so a restart resumes at the next unanswered one.

Also the pieces the /settings and /race flows share: checking that a tap is the athlete's
own, editing a question in place, and the handlers for a shared location (the time-zone
answer) and for photos or stickers while a question waits for words.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import dialog as dialogs
from bot.callbacks import Callback, decode
from bot.deps import Deps, get_deps
from bot.dialog import Dialog
from bot.flows import Context, dialog_text
from bot.handlers import text as text_router
from bot.keyboards import onboarding as keys
from bot.render import common
from bot.render import onboarding as render
from coach.models import Plan
from flows.answers import AnswerError
from flows.questions import (
    Outcome,
    Step,
    context_for,
    from_button,
    from_location,
    from_text,
    next_step,
    step_of,
)
from flows.timezones import zone_at
from services.coaching import local_today
from services.onboarding import OnboardingService
from storage.athletes import AthleteRecord

log = logging.getLogger(__name__)

FLOW = "onboarding"
PATTERN = rf"^v1\|{keys.ONBOARDING_AREA}\|"

# Flows whose open question may be answered by a shared location or typed words; each
# registers how to take an answer that arrived as a message (see ``take_message_answer``).
MessageAnswer = Callable[[Update, Context, AthleteRecord, Dialog, Step, Outcome], Awaitable[None]]
MESSAGE_ANSWERS: dict[str, MessageAnswer] = {}


# --- shared plumbing -------------------------------------------------------------------------


@dataclass(frozen=True)
class Tap:
    """A button press that belongs to the athlete who pressed it."""

    record: AthleteRecord
    dialog: Dialog | None
    callback: Callback
    message: Message


async def open_tap(update: Update, context: Context) -> Tap | None:
    """The press, checked: ours, on the presser's own message, from a known athlete.

    Anything else is answered here (another athlete's button is refused) and None returned.
    """
    query = update.callback_query
    if query is None:
        return None
    callback = decode(query.data)
    message = query.message
    if callback is None or not isinstance(message, Message):
        await query.answer(common.stale_button(), show_alert=True)
        return None
    if message.chat.id != query.from_user.id:
        await query.answer(common.not_your_button(), show_alert=True)
        return None
    record = await get_deps(context).db.athletes.get(query.from_user.id)
    if record is None:
        await query.answer(render.nothing_open(), show_alert=True)
        return None
    return Tap(record, dialogs.Dialog.from_json(record.dialog), callback, message)


async def edit(message: Message, html: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit a question in place (a double tap that changes nothing is fine)."""
    try:
        await message.edit_text(html, parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


async def strip_keyboard(context: Context, chat_id: int, message_id: int | None) -> None:
    """Take the buttons off an earlier question once it was answered by typing."""
    if message_id is None:
        return
    try:
        await context.bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)
    except BadRequest:
        log.debug("could not strip the keyboard of message %s", message_id)


async def reply(message: Message, html: str, markup: InlineKeyboardMarkup | None = None) -> Message:
    return await message.reply_text(html, parse_mode=ParseMode.HTML, reply_markup=markup)


# --- asking ----------------------------------------------------------------------------------


async def ask(
    message: Message, deps: Deps, record: AthleteRecord, dialog: Dialog, *, prefix: str = ""
) -> None:
    """Send the dialog's open question as a new message and remember that message."""
    step = Step(dialog.step)
    ctx = context_for(record.fields, deps.clock.now(), dialog.data)
    html = f"{prefix}\n\n{render.question(step, ctx)}" if prefix else render.question(step, ctx)
    sent = await reply(message, html, keys.question(step, ctx))
    await dialogs.save(deps, record.id, replace(dialog, message_id=sent.message_id))


async def start_command(update: Update, context: Context) -> None:
    """Set up a new athlete, resume an unfinished set-up, or offer settings and a fresh start."""
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    if user is None or chat is None or message is None:
        return
    deps = get_deps(context)
    now = deps.clock.now()
    record, created = await deps.db.athletes.register(user.id, chat.id, user.first_name, now)
    if record.onboarded:
        ctx = context_for(record.fields, now)
        sent = await reply(
            message,
            render.start_menu(record.first_name, ctx.goal, ctx.race_date, ctx.today),
            keys.start_menu(),
        )
        opened = Dialog("settings", "start", {"at": now.isoformat()}, sent.message_id)
        await dialogs.save(deps, record.id, opened)
        return
    if created:
        await reply(message, render.welcome(user.first_name))
        await ask(message, deps, record, Dialog(FLOW, Step.GOAL.value))
        return
    dialog = Dialog.from_json(record.dialog)
    if dialog is None or dialog.flow != FLOW or step_of(dialog.step) is None:
        dialog = Dialog(FLOW, Step.GOAL.value)
    else:
        await strip_keyboard(context, record.chat_id, dialog.message_id)
    await ask(message, deps, record, dialog, prefix=render.resume(record.first_name))


# --- answering -------------------------------------------------------------------------------


async def advance(
    context: Context,
    record: AthleteRecord,
    dialog: Dialog,
    step: Step,
    outcome: Outcome,
    *,
    tapped: Message | None = None,
    typed: Message | None = None,
) -> None:
    """Store the answer with the next question (or finish) and show what comes next:
    a tap edits its question in place, a typed answer gets the next question below it."""
    deps = get_deps(context)
    now = deps.clock.now()
    service = OnboardingService(deps.db)
    if outcome.stay:  # a day switched on or off: same question, new marks
        toggled = replace(dialog, data=outcome.data or {})
        await dialogs.save(deps, record.id, toggled)
        if tapped is not None:
            ctx = context_for(record.fields, now, toggled.data)
            await edit(tapped, render.question(step, ctx), keys.question(step, ctx))
        return
    fields = {**record.fields, **outcome.columns}
    data = outcome.data if outcome.data is not None else dialog.data
    ctx = context_for(fields, now, data)
    done = outcome.through or step
    upcoming = next_step(done, fields)
    if upcoming is None:
        finished = await service.finish(
            record.id, now, columns=outcome.columns, dialog=dialog.to_json()
        )
        closing = f"{render.answered(done, ctx)}\n\n{render.all_set(record.first_name)}"
        if tapped is not None:
            await edit(tapped, closing, None)
            target = tapped
        else:
            assert typed is not None
            await strip_keyboard(context, record.chat_id, dialog.message_id)
            target = await reply(typed, closing)
        await send_plan(target, finished.record, finished.plan, now)
        return
    moved = Dialog(FLOW, upcoming.value, data, tapped.message_id if tapped else None)
    await service.save(record.id, now, columns=outcome.columns, dialog=moved.to_json())
    html = render.answered_then_ask(done, upcoming, ctx)
    if tapped is not None:
        await edit(tapped, html, keys.question(upcoming, ctx))
        return
    assert typed is not None
    await strip_keyboard(context, record.chat_id, dialog.message_id)
    sent = await reply(typed, html, keys.question(upcoming, ctx))
    await dialogs.save(deps, record.id, replace(moved, message_id=sent.message_id))


async def send_plan(
    message: Message, record: AthleteRecord, plan: Plan | None, now: datetime
) -> None:
    """The plan's outline (phases and dates), then this week's sessions."""
    if plan is None:
        await reply(message, render.no_plan())
        return
    today = local_today(record, now)
    await reply(
        message,
        render.plan_outline(
            plan,
            today,
            push_time=record.push_time.strftime("%H:%M"),
            timezone=record.timezone,
        ),
    )
    for html in render.week_sessions(plan, today):
        await reply(message, html)


async def answer_button(update: Update, context: Context) -> None:
    """Take a tapped answer to the open onboarding question, or say why the button is stale."""
    tap = await open_tap(update, context)
    query = update.callback_query
    if tap is None or query is None:
        return
    dialog = tap.dialog
    step = step_of(tap.callback.action)
    if (
        dialog is None
        or dialog.flow != FLOW
        or step is None
        or dialog.step != step.value
        or dialog.message_id != tap.message.message_id
    ):
        open_here = dialog is not None and dialog.flow == FLOW
        await query.answer(
            render.stale_question() if open_here else render.nothing_open(), show_alert=True
        )
        return
    ctx = context_for(tap.record.fields, get_deps(context).clock.now(), dialog.data)
    try:
        outcome = from_button(step, tap.callback.arg(0), ctx)
    except AnswerError as error:
        await query.answer(render.tap_refused(error), show_alert=True)
        return
    await query.answer()
    await advance(context, tap.record, dialog, step, outcome, tapped=tap.message)


@dialog_text(FLOW)
async def answer_text(
    update: Update, context: Context, athlete: AthleteRecord, dialog: Dialog, text: str
) -> None:
    """Take a typed answer to the open onboarding question."""
    message = update.effective_message
    step = step_of(dialog.step)
    if message is None:
        return
    if step is None:
        await reply(message, common.finish_onboarding_first())
        return
    ctx = context_for(athlete.fields, get_deps(context).clock.now(), dialog.data)
    try:
        outcome = from_text(step, text, ctx)
    except AnswerError as error:
        await reply(message, render.bad_answer(step, error, ctx))
        return
    await advance(context, athlete, dialog, step, outcome, typed=message)


async def take_onboarding_message(
    update: Update,
    context: Context,
    athlete: AthleteRecord,
    dialog: Dialog,
    step: Step,
    outcome: Outcome,
) -> None:
    """An onboarding answer that arrived as a message (a shared location)."""
    message = update.effective_message
    if message is not None:
        await advance(context, athlete, dialog, step, outcome, typed=message)


MESSAGE_ANSWERS[FLOW] = take_onboarding_message


# --- locations, photos, stickers -------------------------------------------------------------


async def share_location(update: Update, context: Context) -> None:
    """Use a shared location as the time-zone answer when that question is open."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.location is None:
        return
    deps = get_deps(context)
    athlete = await deps.db.athletes.get(user.id)
    if athlete is None:
        await reply(message, common.not_registered())
        return
    dialog = Dialog.from_json(athlete.dialog)
    taker = MESSAGE_ANSWERS.get(dialog.flow) if dialog else None
    if dialog is None or taker is None or dialog.step != Step.TIMEZONE.value:
        await reply(message, render.location_not_asked())
        return
    ctx = context_for(athlete.fields, deps.clock.now(), dialog.data)
    zone = await asyncio.to_thread(zone_at, message.location.latitude, message.location.longitude)
    try:
        outcome = from_location(zone)
    except AnswerError as error:
        await reply(message, render.bad_answer(Step.TIMEZONE, error, ctx))
        return
    await taker(update, context, athlete, dialog, Step.TIMEZONE, outcome)


async def media_in_dialog(update: Update, context: Context) -> None:
    """A photo or sticker while one of our questions waits for words: say what is needed."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    deps = get_deps(context)
    athlete = await deps.db.athletes.get(user.id)
    dialog = Dialog.from_json(athlete.dialog) if athlete else None
    step = step_of(dialog.step) if dialog else None
    if athlete is None or dialog is None or step is None or dialog.flow not in MESSAGE_ANSWERS:
        await text_router.non_text(update, context)
        return
    ctx = context_for(athlete.fields, deps.clock.now(), dialog.data)
    await reply(message, render.not_now_media(step, ctx))


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This area's handlers, in the order they must be tried."""
    return [
        CommandHandler("start", start_command),
        CallbackQueryHandler(answer_button, pattern=PATTERN),
        MessageHandler(filters.LOCATION, share_location),
        MessageHandler(filters.PHOTO | filters.Sticker.ALL, media_in_dialog),
    ]
