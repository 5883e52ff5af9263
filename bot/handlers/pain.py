"""/pain: record a pain flag (typed "knee 5/10" or buttons for where and how much) and say
what the coach changes because of it; never a diagnosis, always "not medical advice"."""

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
    strip_buttons,
)
from bot.keyboards import pain as keyboards
from bot.keyboards import push as push_keys
from bot.render import pain as render
from coach.models import PainFlag
from coach.parser import ParsedMessage, ParseError
from flows import pain as flow
from services.coaching import local_today
from services.pain import PainResult
from storage.athletes import AthleteRecord

FLOW = "pain"
MY_FLOWS = ("checkin", "log", "pain")


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
        await _save(deps, record, flow.ask_where(today), sent.message_id if sent else None)
        return
    try:
        outcome = flow.command(today, message.text or "", " ".join(context.args))
    except ParseError as error:
        await reply(update, render.parse_problem(error))
        return
    await _reported_or_ask(update, context, record, outcome)


async def pain_button(update: Update, context: Context) -> None:
    """Where it hurts, how much, or "all gone": each tap edits the same message."""
    press = await pressed(update, context)
    query = update.callback_query
    if press is None or query is None:
        return
    dialog = press.dialog
    state = _state(dialog) if dialog is not None and dialog.message_id == press.message_id else None
    outcome = flow.tap(
        state,
        press.today,
        parse_day_arg(press.callback.arg(0)),
        press.callback.action,
        press.callback.arg(1),
    )
    deps, record = press.deps, press.record
    if isinstance(outcome, flow.Stale):
        await query.answer(render.expired(), show_alert=True)
        return
    await query.answer()
    if isinstance(outcome, flow.AllGone):
        count = await deps.services.pain.all_pain_gone(record.id, press.today)
        await dialogs.save(deps, record.id, None)
        await edit(update, render.all_gone(count))
    elif isinstance(outcome, flow.AskScore):
        await _save(deps, record, outcome.state, press.message_id)
        where = outcome.state.where or ""
        await edit(update, render.score_question(where), keyboards.score(press.today))
    else:
        result = await deps.services.pain.report_pain(
            record.id, deps.clock.now(), press.today, outcome.where, outcome.score
        )
        await dialogs.save(deps, record.id, None)
        await edit(update, render.reported(result), _keep_original(result))


@dialog_text(FLOW)
async def pain_typed(
    update: Update, context: Context, record: AthleteRecord, dialog: Dialog, text: str
) -> None:
    """A typed answer to the open /pain question ("left achilles", "knee 5/10", "3")."""
    deps = get_deps(context)
    today = local_today(record, deps.clock.now())
    state = _state(dialog)
    if state is None or state.day != today:
        await strip_buttons(context, record.chat_id, dialog.message_id)
        await dialogs.save(deps, record.id, None)
        await route_free(update, context, record, text)
        return
    outcome = flow.typed(state, text)
    if isinstance(outcome, flow.Invalid):
        await reply(update, render.typed_problem(outcome.step))
        return
    await strip_buttons(context, record.chat_id, dialog.message_id)
    await _reported_or_ask(update, context, record, outcome)


@free_text("pain")
async def pain_free_text(
    update: Update, context: Context, record: AthleteRecord, parsed: ParsedMessage, text: str
) -> None:
    """Pain typed as free text ("knee hurts 5/10"): record it, or ask how much."""
    if parsed.pain is None:
        await route_free(update, context, record, text)
        return
    today = local_today(record, get_deps(context).clock.now())
    outcome = flow.said(today, parsed.pain.where, parsed.pain.score)
    await _reported_or_ask(update, context, record, outcome)


async def ask_open_pain(
    update: Update, context: Context, record: AthleteRecord, flag: PainFlag
) -> None:
    """The check-in's last question (§7b): how an open pain is this morning, with the score
    buttons of /pain, so the answer is a pain report like any other (0 closes it)."""
    deps = get_deps(context)
    today = local_today(record, deps.clock.now())
    state = flow.PainState(today, "score", flag.where)
    sent = await reply(update, render.morning_question(flag), keyboards.score(today))
    await _save(deps, record, state, sent.message_id if sent else None)


# --- helpers ----------------------------------------------------------------------------


async def _reported_or_ask(
    update: Update,
    context: Context,
    record: AthleteRecord,
    outcome: flow.Report | flow.AskScore,
) -> None:
    deps = get_deps(context)
    today = local_today(record, deps.clock.now())
    if isinstance(outcome, flow.AskScore):
        await _close_mine(context, record)
        where = outcome.state.where or ""
        sent = await reply(update, render.score_question(where), keyboards.score(today))
        await _save(deps, record, outcome.state, sent.message_id if sent else None)
        return
    result = await deps.services.pain.report_pain(
        record.id, deps.clock.now(), today, outcome.where, outcome.score
    )
    dialog = Dialog.from_json(record.dialog)
    if dialog is not None and dialog.flow == FLOW:
        await dialogs.save(deps, record.id, None)
    await reply(update, render.reported(result), _keep_original(result))


def _keep_original(result: PainResult) -> InlineKeyboardMarkup | None:
    """ "Keep the original" beside the change the report made today (§7b: the athlete keeps
    the last word, the coach has said what it advises)."""
    day = result.day
    if day is None or not day.adjusted.changed:
        return None
    return push_keys.keep_original(day.today, FLOW)


def _state(dialog: Dialog) -> flow.PainState | None:
    """The open /pain question from the stored dialog (None when it is not one)."""
    day = parse_day_arg(str(dialog.data.get("day", "")))
    if dialog.flow != FLOW or day is None:
        return None
    where = dialog.data.get("where")
    if dialog.step == "where":
        return flow.PainState(day, "where")
    if dialog.step == "score" and where is not None:
        return flow.PainState(day, "score", str(where))
    return None


async def _save(
    deps: Deps, record: AthleteRecord, state: flow.PainState, message_id: int | None
) -> None:
    data: dict[str, Any] = {"day": day_arg(state.day)}
    if state.where is not None:
        data["where"] = state.where
    await dialogs.save(deps, record.id, Dialog(FLOW, state.step, data, message_id))


async def _close_mine(context: Context, record: AthleteRecord) -> None:
    """A new question replaces an open check-in, log or pain question: strip its buttons."""
    dialog = Dialog.from_json(record.dialog)
    if dialog is not None and dialog.flow in MY_FLOWS:
        await strip_buttons(context, record.chat_id, dialog.message_id)
