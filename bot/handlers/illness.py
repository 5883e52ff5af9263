"""/sick and /better (COACHING.md §7b): an illness reported (by command, or in words: "flu,
fever", "I'm sick", in a log or at the check-in), the neck check as buttons, the daily check
while ill, and the graded return when the athlete is better.

Nothing lives in process memory, so a restart between a question and its answer changes
nothing: the buttons (neck check and daily check) carry their day and act only while the
period they ask about is open; a typed neck answer ("runny nose") is read through a stored
dialog (flow ``illness``). Never a diagnosis.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
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
from bot.keyboards import illness as keyboards
from bot.render import common
from bot.render import illness as render
from coach.parser import ParsedMessage, classify
from flows import illness as flow
from services.coaching import local_today
from storage.athletes import AthleteRecord

FLOW = "illness"
NECK_STEP = "neck"
#: The open questions a report of illness replaces (their buttons are stripped). Any other
#: stays open: a log's own question ("which session?") still waits for its answer, and the
#: neck question then works by its buttons alone.
REPLACED = ("checkin", "pain", FLOW)


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This area's handlers, in the order they must be tried."""
    return [
        CommandHandler("sick", sick_command),
        CommandHandler("better", better_command),
        CallbackQueryHandler(illness_button, pattern=rf"^v1\|{keyboards.AREA}\|"),
    ]


async def sick_command(update: Update, context: Context) -> None:
    """/sick (or "/sick fever"): open an illness and ask the neck check, unless the words
    already answer it."""
    record = await athlete_for_command(update, context)
    message = update.effective_message
    if record is None or message is None:
        return
    await _report(update, context, record, " ".join(context.args or ()))


async def better_command(update: Update, context: Context) -> None:
    """/better: the illness is over; the return is planned and told in one line."""
    record = await athlete_for_command(update, context)
    if record is None:
        return
    await _better(update, context, record)


async def illness_button(update: Update, context: Context) -> None:
    """The neck check's answer, or the daily check's (better / still ill)."""
    press = await pressed(update, context)
    query = update.callback_query
    if press is None or query is None:
        return
    deps, record = press.deps, press.record
    button_day = parse_day_arg(press.callback.arg(0))
    value = press.callback.arg(1)
    now = deps.clock.now()
    ill = await deps.services.illness.current(record.id) is not None
    if press.callback.action == keyboards.NECK:
        answer = flow.tap_neck(ill, press.today, button_day, value)
        if isinstance(answer, flow.Stale):
            await query.answer(common.stale_button(), show_alert=True)
            return
        await query.answer()
        outcome = await deps.services.illness.neck(record, now, answer.above)
        dialog = press.dialog
        if dialog is not None and dialog.flow == FLOW:
            await dialogs.save(deps, record.id, None)
        await edit(update, render.reported(outcome))
        return
    choice = (
        flow.tap_check(ill, press.today, button_day, value)
        if press.callback.action == keyboards.CHECK
        else flow.Stale()
    )
    if isinstance(choice, flow.Stale):
        await query.answer(common.stale_button(), show_alert=True)
        return
    await query.answer()
    if isinstance(choice, flow.StillIll):
        await edit(update, render.still_ill())
        return
    back = await deps.services.illness.better(record, now)
    await _close_neck_question(context, deps, record)
    await edit(update, render.back(back, units=record.units) if back else render.not_ill())


@dialog_text(FLOW)
async def neck_typed(
    update: Update, context: Context, record: AthleteRecord, dialog: Dialog, text: str
) -> None:
    """A typed answer to the neck question ("runny nose", "fever"); anything else that the
    coach reads (a log, a check-in, pain) is handled as such and the question stays open."""
    deps = get_deps(context)
    state = _state(dialog)
    if state is None or state.day != local_today(record, deps.clock.now()):
        await strip_buttons(context, record.chat_id, dialog.message_id)
        await dialogs.save(deps, record.id, None)
        await route_free(update, context, record, text)
        return
    if flow.says_better(text):  # better already: the question is moot
        await _better(update, context, record)
        return
    answer = flow.typed_neck(text)
    if isinstance(answer, flow.Invalid):
        parsed = classify(text, record.units)
        if parsed.kind in ("run", "checkin", "pain"):
            await route_free(update, context, record, text, parsed=parsed)
            return
        await reply(update, render.typed_problem())
        return
    await strip_buttons(context, record.chat_id, dialog.message_id)
    await dialogs.save(deps, record.id, None)
    outcome = await deps.services.illness.neck(record, deps.clock.now(), answer.above)
    await reply(update, render.reported(outcome))


@free_text(FLOW)
async def illness_free_text(
    update: Update, context: Context, record: AthleteRecord, parsed: ParsedMessage, text: str
) -> None:
    """Illness said in words ("I'm sick", "flu, fever": a report) or "feeling better"."""
    if parsed.illness is None and flow.says_better(text):
        await _better(update, context, record)
        return
    await _report(update, context, record, text)


# --- helpers ----------------------------------------------------------------------------


async def _report(update: Update, context: Context, record: AthleteRecord, words: str) -> None:
    """Open (or keep) the illness; record the neck check when the words answer it, else ask."""
    deps = get_deps(context)
    now = deps.clock.now()
    above = flow.neck_from_words(words)
    outcome = await deps.services.illness.report(record, now, above_neck=above)
    # Read again: a log in the same message may have just opened a question of its own.
    fresh = await deps.db.athletes.get(record.id) or record
    dialog = Dialog.from_json(fresh.dialog)
    replaced = dialog is None or dialog.flow in REPLACED
    if dialog is not None and replaced:
        await strip_buttons(context, record.chat_id, dialog.message_id)
    if above is not None:
        if dialog is not None and replaced:
            await dialogs.save(deps, record.id, None)
        await reply(update, render.reported(outcome))
        return
    today = local_today(record, now)
    sent = await reply(update, render.neck_question(outcome), keyboards.neck(today))
    if replaced:
        await _save(deps, record, flow.NeckState(today), sent.message_id if sent else None)


async def _better(update: Update, context: Context, record: AthleteRecord) -> None:
    deps = get_deps(context)
    back = await deps.services.illness.better(record, deps.clock.now())
    if back is None:
        await reply(update, render.not_ill())
        return
    await _close_neck_question(context, deps, record)
    await reply(update, render.back(back, units=record.units))


async def _close_neck_question(context: Context, deps: Deps, record: AthleteRecord) -> None:
    """Back to running: a neck question still open means nothing now."""
    dialog = Dialog.from_json(record.dialog)
    if dialog is not None and dialog.flow == FLOW:
        await strip_buttons(context, record.chat_id, dialog.message_id)
        await dialogs.save(deps, record.id, None)


def _state(dialog: Dialog) -> flow.NeckState | None:
    """The open neck question from the stored dialog (None when it is not one)."""
    if dialog.flow != FLOW or dialog.step != NECK_STEP:
        return None
    day = parse_day_arg(str(dialog.data.get("day", "")))
    return flow.NeckState(day) if day is not None else None


async def _save(
    deps: Deps, record: AthleteRecord, state: flow.NeckState, message_id: int | None
) -> None:
    await dialogs.save(
        deps, record.id, Dialog(FLOW, NECK_STEP, {"day": day_arg(state.day)}, message_id)
    )
