"""Onboarding (/start): one question at a time, each answer stored as it arrives, the open
question kept in the database so a restart resumes at the next unanswered one. The flow
(flows/onboarding.py) decides what an answer stores and what comes next; this module only
translates taps, typed words and locations into it and its outcomes into messages.

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
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import dialog as dialogs
from bot import messages
from bot.callbacks import Callback
from bot.deps import Deps, get_deps
from bot.dialog import Dialog
from bot.flows import Context, dialog_text
from bot.handlers import text as text_router
from bot.keyboards import onboarding as keys
from bot.keyboards import race_review as race_keys
from bot.messages import edit
from bot.messages import reply_to as reply
from bot.messages import strip_buttons as strip_keyboard
from bot.render import common
from bot.render import onboarding as render
from bot.render import race_review as race_render
from coach.models import Plan
from flows import onboarding as flow
from flows import settings as settings_flow
from flows.questions import Step, context_for, step_of
from flows.timezones import zone_at
from services.coaching import local_today
from storage.athletes import AthleteRecord

log = logging.getLogger(__name__)

FLOW = flow.FLOW
PATTERN = rf"^v1\|{keys.ONBOARDING_AREA}\|"

# Flows whose open question may be answered by a shared location or typed words; each
# registers how to take a shared location, resolved to its time zone (None: no zone there).
LocationAnswer = Callable[[Update, Context, AthleteRecord, Dialog, str | None], Awaitable[None]]
MESSAGE_ANSWERS: dict[str, LocationAnswer] = {}


# --- shared plumbing -------------------------------------------------------------------------


@dataclass(frozen=True)
class Tap:
    """A button press that belongs to the athlete who pressed it."""

    record: AthleteRecord
    dialog: Dialog | None
    callback: Callback
    message: Message


async def open_tap(update: Update, context: Context) -> Tap | None:
    """The press the guard let through, from a known athlete (anyone else: "nothing open")."""
    query, press = update.callback_query, context.press
    if query is None or press is None:
        return None
    if press.record is None:
        await query.answer(render.nothing_open(), show_alert=True)
        return None
    record = press.record
    return Tap(record, dialogs.Dialog.from_json(record.dialog), press.callback, press.message)


async def show(
    context: Context,
    record: AthleteRecord,
    dialog: Dialog,
    html: str,
    markup: InlineKeyboardMarkup | None,
    source: Message,
    *,
    tapped: bool,
) -> Message:
    """Show what an answer led to (see :func:`bot.messages.show`)."""
    return await messages.show(
        context, record.chat_id, dialog.message_id, html, markup, source, tapped=tapped
    )


# --- asking ----------------------------------------------------------------------------------


def dialog_of(state: flow.OnboardingState, message_id: int | None) -> Dialog:
    """The stored dialog of an open onboarding question."""
    return Dialog(FLOW, state.step.value, state.data(), message_id)


def _state(dialog: Dialog | None) -> flow.OnboardingState | None:
    """The open onboarding question of the stored dialog (None when it is not one)."""
    if dialog is None or dialog.flow != FLOW:
        return None
    return flow.read(dialog.step, dialog.data)


async def ask(
    message: Message,
    deps: Deps,
    record: AthleteRecord,
    state: flow.OnboardingState,
    *,
    prefix: str = "",
) -> None:
    """Send the open question as a new message and remember that message."""
    ctx = state.context(record.fields, deps.clock.now())
    html = render.question(state.step, ctx)
    sent = await reply(
        message, f"{prefix}\n\n{html}" if prefix else html, keys.question(state.step, ctx)
    )
    await dialogs.save(deps, record.id, dialog_of(state, sent.message_id))


async def start_command(update: Update, context: Context) -> None:
    """Set up a new athlete, resume an unfinished set-up, or offer settings and a fresh start."""
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    if user is None or chat is None or message is None:
        return
    deps = get_deps(context)
    now = deps.clock.now()
    record, created = await deps.services.account.first_contact(
        user.id, chat.id, user.first_name, now
    )
    if record.onboarded:
        ctx = context_for(record.fields, now)
        html = render.start_menu(record.first_name, ctx.goal, ctx.race_date, ctx.today)
        sent = await reply(message, html, keys.start_menu())
        menu = settings_flow.start_menu(now)
        opened = Dialog(settings_flow.SETTINGS_FLOW, menu.step, menu.data(), sent.message_id)
        await dialogs.save(deps, record.id, opened)
        return
    if created:
        await reply(message, render.welcome(user.first_name))
        await ask(message, deps, record, flow.FIRST)
        return
    dialog = Dialog.from_json(record.dialog)
    state = _state(dialog)
    if dialog is not None and state is not None:
        await strip_keyboard(context, record.chat_id, dialog.message_id)
    await ask(message, deps, record, flow.resume(state), prefix=render.resume(record.first_name))


# --- answering -------------------------------------------------------------------------------


async def advance(
    context: Context,
    record: AthleteRecord,
    dialog: Dialog,
    outcome: flow.Ask | flow.Toggled | flow.Finish,
    source: Message,
    *,
    tapped: bool,
) -> None:
    """Store the answer with the next question (or finish) and show what comes next."""
    deps = get_deps(context)
    now = deps.clock.now()
    if isinstance(outcome, flow.Toggled):  # a day switched on or off: same question, new marks
        await dialogs.save(deps, record.id, dialog_of(outcome.state, dialog.message_id))
        if tapped:
            step, ctx = outcome.state.step, outcome.ctx
            await edit(source, render.question(step, ctx), keys.question(step, ctx))
        return
    if isinstance(outcome, flow.Finish):
        await _finish(context, record, dialog, outcome, source, tapped=tapped)
        return
    step = outcome.state.step
    moved = dialog_of(outcome.state, source.message_id if tapped else None)
    service = deps.services.onboarding
    await service.save(record.id, now, columns=outcome.store, dialog=moved.to_json())
    html = render.answered_then_ask(outcome.answered, step, outcome.ctx)
    sent = await show(
        context, record, dialog, html, keys.question(step, outcome.ctx), source, tapped=tapped
    )
    if not tapped:
        await dialogs.save(deps, record.id, replace(moved, message_id=sent.message_id))


async def _finish(
    context: Context,
    record: AthleteRecord,
    dialog: Dialog,
    outcome: flow.Finish,
    source: Message,
    *,
    tapped: bool,
) -> None:
    """The last answer: onboarded, a plan from today, then its outline and this week."""
    deps = get_deps(context)
    now = deps.clock.now()
    finished = await deps.services.onboarding.finish(
        record.id, now, columns=outcome.store, dialog=dialog.to_json()
    )
    done = render.answered(outcome.answered, outcome.ctx)
    closing = f"{done}\n\n{render.all_set(record.first_name)}"
    target = await show(context, record, dialog, closing, None, source, tapped=tapped)
    await send_plan(target, finished.record, finished.plan, now)
    # §3b/§7b: a runway too short for the race's long run is said now, with the choices.
    review = await deps.services.race_review.onboarding_offer(finished.record, finished.plan, now)
    if review is not None:
        await reply(
            target, race_render.review_text(review, onboarding=True), race_keys.choices(review)
        )


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
    outcome = flow.tap(
        _state(dialog),
        tap.callback.action,
        tap.callback.arg(0),
        tap.record.fields,
        get_deps(context).clock.now(),
        on_open_question=dialog is not None and dialog.message_id == tap.message.message_id,
    )
    if dialog is None or isinstance(outcome, flow.Stale):
        await query.answer(render.nothing_open(onboarded=tap.record.onboarded), show_alert=True)
    elif isinstance(outcome, flow.AlreadyAnswered):
        await query.answer(render.stale_question(), show_alert=True)
    elif isinstance(outcome, flow.Invalid):
        await query.answer(render.tap_refused(outcome.error), show_alert=True)
    else:
        await query.answer()
        await advance(context, tap.record, dialog, outcome, tap.message, tapped=True)


@dialog_text(FLOW)
async def answer_text(
    update: Update, context: Context, athlete: AthleteRecord, dialog: Dialog, text: str
) -> None:
    """Take a typed answer to the open onboarding question."""
    message = update.effective_message
    if message is None:
        return
    state = _state(dialog)
    if state is None:
        await reply(message, common.finish_onboarding_first())
        return
    outcome = flow.typed(state, text, athlete.fields, get_deps(context).clock.now())
    if isinstance(outcome, flow.Invalid):
        await reply(message, render.bad_answer(outcome.step, outcome.error, outcome.ctx))
        return
    await advance(context, athlete, dialog, outcome, message, tapped=False)


async def take_onboarding_location(
    update: Update, context: Context, athlete: AthleteRecord, dialog: Dialog, zone: str | None
) -> None:
    """A shared location as the answer to the open time-zone question."""
    message = update.effective_message
    state = _state(dialog)
    if message is None or state is None:
        return
    outcome = flow.located(state, zone, athlete.fields, get_deps(context).clock.now())
    if isinstance(outcome, flow.NotAsked):
        await reply(message, render.location_not_asked())
    elif isinstance(outcome, flow.Invalid):
        await reply(message, render.bad_answer(outcome.step, outcome.error, outcome.ctx))
    else:
        await advance(context, athlete, dialog, outcome, message, tapped=False)


MESSAGE_ANSWERS[FLOW] = take_onboarding_location


# --- locations, photos, stickers -------------------------------------------------------------


async def share_location(update: Update, context: Context) -> None:
    """Use a shared location as the time-zone answer when that question is open."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.location is None:
        return
    deps = get_deps(context)
    athlete = await deps.services.account.athlete(user.id)
    if athlete is None:
        await reply(message, common.not_registered())
        return
    dialog = Dialog.from_json(athlete.dialog)
    taker = MESSAGE_ANSWERS.get(dialog.flow) if dialog else None
    if dialog is None or taker is None or step_of(dialog.step) is not Step.TIMEZONE:
        await reply(message, render.location_not_asked())
        return
    zone = await asyncio.to_thread(zone_at, message.location.latitude, message.location.longitude)
    await taker(update, context, athlete, dialog, zone)


async def media_in_dialog(update: Update, context: Context) -> None:
    """A photo or sticker while one of our questions waits for words: say what is needed."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    deps = get_deps(context)
    athlete = await deps.services.account.athlete(user.id)
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
