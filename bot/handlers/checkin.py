"""The morning check-in: /checkin, the morning push's "Check in" button, the answers (each
tap edits the same message), typed answers during the check-in and as free text.

Every answer is stored as it arrives; the open question lives in the dialog (database), so a
restart mid-check-in carries on at the next unanswered question. Buttons carry their day:
a check-in button of another day has expired (a check-in is about this morning).
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import dialog as dialogs
from bot.callbacks import day_arg, parse_day_arg
from bot.deps import Deps, get_deps
from bot.dialog import Dialog
from bot.flows import Context, dialog_text, free_text
from bot.handlers.journal_guard import (
    athlete_for_command,
    edit,
    pressed,
    reply,
    route_free,
    send,
    strip_buttons,
)
from bot.handlers.pain import ask_open_pain
from bot.keyboards import checkin as keyboards
from bot.keyboards import push as push_keys
from bot.render import checkin as render
from bot.render import runlog as runlog_render
from coach.models import CheckIn
from coach.parser import ParsedMessage, ParseError, classify, parse_checkin
from coach.parsing.understand import understand
from flows import checkin as flow
from services.coaching import DayPlan, local_today
from storage.athletes import AthleteRecord

FLOW = "checkin"
MY_FLOWS = ("checkin", "log", "pain")


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
    dialog = press.dialog
    state = _state(dialog) if dialog is not None and dialog.message_id == press.message_id else None
    deps = press.deps
    checkin = await deps.services.checkin.checkin(press.record.id, press.today)
    outcome = flow.tap(
        state,
        press.today,
        parse_day_arg(press.callback.arg(0)),
        press.callback.action,
        press.callback.arg(1),
        checkin,
    )
    if isinstance(outcome, flow.Stale):
        await query.answer(render.expired(), show_alert=True)
        return
    if isinstance(outcome, flow.AlreadyAnswered):
        await query.answer(render.already_answered())
        return
    asks = outcome.state is not None and isinstance(outcome.next, flow.Question)
    following = _dialog(outcome.state, press.message_id) if outcome.state is not None else None
    checkin = await deps.services.checkin.answer_tapped(
        press.record.id,
        press.today,
        deps.clock.now(),
        following.to_json() if asks and following is not None else None,
        **outcome.store,
    )
    await query.answer()
    if asks and isinstance(outcome.next, flow.Question):
        step = outcome.next.step
        await edit(update, render.question(step, checkin), keyboards.question(step, press.today))
        return
    day = await deps.services.checkin.day(press.record.id, deps.clock.now())
    if day is not None:
        await edit(update, render.result(day), _keep_original(day))
    await _ask_open_pain(update, context, press.record, deps)


@dialog_text(FLOW)
async def checkin_typed(
    update: Update, context: Context, record: AthleteRecord, dialog: Dialog, text: str
) -> None:
    """A typed answer to the open check-in question ("6.5", "slept 7h, calves sore")."""
    deps = get_deps(context)
    today = local_today(record, deps.clock.now())
    state = _state(dialog)
    if state is None or state.day != today:  # yesterday's check-in, left open
        await strip_buttons(context, record.chat_id, dialog.message_id)
        await dialogs.save(deps, record.id, None)
        await route_free(update, context, record, text)
        return
    outcome = flow.typed(state, text, await deps.services.checkin.checkin(record.id, today))
    if isinstance(outcome, flow.Invalid):
        parsed = classify(text, record.units)
        if parsed.kind in ("run", "pain") or parsed.illness is not None:  # not an answer,
            # but something to act on ("flu, fever": the illness, not a check-in)
            await route_free(update, context, record, text, parsed=parsed)
            return
        await reply(update, render.typed_problem(outcome.step, outcome.error))
        return
    checkin = await deps.services.checkin.answer_checkin(
        record.id, today, deps.clock.now(), **outcome.store
    )
    await strip_buttons(context, record.chat_id, dialog.message_id)
    await _continue(update, context, record, deps, outcome, checkin)


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
    checkin = await deps.services.checkin.checkin(record.id, today)
    dialog = Dialog.from_json(record.dialog)
    if dialog is not None and dialog.flow in MY_FLOWS:
        await strip_buttons(context, record.chat_id, dialog.message_id)
    state = flow.start(today, checkin, _state(dialog) if dialog is not None else None)
    message = await send(
        context,
        record.chat_id,
        render.question(state.step, checkin, redo=flow.is_redo(state, checkin)),
        keyboards.question(state.step, today),
    )
    await dialogs.save(deps, record.id, _dialog(state, message.message_id))


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
    said = understand(text, today) if parsed is not None and parsed.date_ref else None
    if said is not None and said.day is not None and said.day != today:
        # "yesterday slept 6h": that day's check-in, stored as said; today's stays open.
        if said.question is not None:
            await reply(update, runlog_render.clarify(said.question))
            return
        stored, _pain = await deps.services.checkin.typed_checkin(
            record.id, said.day, deps.clock.now(), checkin_parsed
        )
        await reply(update, render.past_day(said.day, stored))
        return
    checkin, _pain = await deps.services.checkin.typed_checkin(
        record.id, today, deps.clock.now(), checkin_parsed
    )
    dialog = Dialog.from_json(record.dialog)
    if dialog is not None and dialog.flow == FLOW:
        await strip_buttons(context, record.chat_id, dialog.message_id)
    await _continue(update, context, record, deps, flow.whole(today, checkin), checkin)


async def _continue(
    update: Update,
    context: Context,
    record: AthleteRecord,
    deps: Deps,
    outcome: flow.Advance,
    checkin: CheckIn | None,
) -> None:
    """After a typed answer: the next question as a new message, or the end of the check-in."""
    if outcome.state is not None and isinstance(outcome.next, flow.Question):
        step, on = outcome.next.step, outcome.state.day
        message = await reply(update, render.question(step, checkin), keyboards.question(step, on))
        message_id = message.message_id if message is not None else None
        await dialogs.save(deps, record.id, _dialog(outcome.state, message_id))
        return
    current = Dialog.from_json(record.dialog)
    if current is not None and current.flow == FLOW:
        await dialogs.save(deps, record.id, None)
    day = await deps.services.checkin.day(record.id, deps.clock.now())
    if day is not None:
        await reply(update, render.result(day), _keep_original(day))
    await _ask_open_pain(update, context, record, deps)


def _keep_original(day: DayPlan) -> InlineKeyboardMarkup | None:
    """ "Keep the original" beside the change the check-in made (§7b)."""
    return push_keys.keep_original(day.today, FLOW) if day.adjusted.changed else None


async def _ask_open_pain(
    update: Update, context: Context, record: AthleteRecord, deps: Deps
) -> None:
    """The check-in's last question while a pain flag is open (§7b): how is it this morning."""
    today = local_today(record, deps.clock.now())
    flag = await deps.services.checkin.pain_to_ask(record.id, today)
    if flag is not None:
        await ask_open_pain(update, context, record, flag)


def _state(dialog: Dialog) -> flow.CheckinState | None:
    """The check-in's open question from the stored dialog (None when it is not one)."""
    if dialog.flow != FLOW or dialog.step not in (*flow.STEPS, "where"):
        return None
    day = parse_day_arg(str(dialog.data.get("day", "")))
    if day is None:
        return None
    return flow.CheckinState(day, dialog.step, bool(dialog.data.get("ask_where")))


def _dialog(state: flow.CheckinState, message_id: int | None) -> Dialog:
    data = {"day": day_arg(state.day), "ask_where": state.ask_where}
    return Dialog(FLOW, state.step, data, message_id)
