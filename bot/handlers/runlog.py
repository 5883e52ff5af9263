"""Post-run logs: /log with the quick syntax, free text, and the button flow from the morning
push ("Done") and the evening reminder (done / partly / skipped), then /undo.

The button flow (flows/runlog.py) edits one message: RPE, duration (the planned one first),
surface, pain yes/no, where and how much. Its partial answers live in the dialog (database).
A second log for a session already logged asks "replace or add?" and keeps the new log in
the dialog until answered. Log buttons carry their day: yesterday's still logs yesterday (the
evening reminder answered the next morning, which is clearly what the athlete means); older
ones have expired.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any, Literal

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import dialog as dialogs
from bot.deps import Deps, get_deps
from bot.dialog import Dialog
from bot.flows import FREE_TEXT, Context, dialog_text, free_text
from bot.handlers.journal_guard import (
    Press,
    athlete_for_command,
    edit,
    pressed,
    reply,
    route_free,
    send,
    strip_buttons,
)
from bot.keyboards import runlog as keyboards
from bot.render import common
from bot.render import runlog as render
from coach.models import RunStatus, Session
from coach.parser import ParsedMessage, ParsedRun, ParseError, parse_run
from coach.parsing.understand import Context as Reading
from coach.parsing.understand import understand
from flows import runlog as flow
from flows.illness import about_illness
from services.coaching import local_today
from services.runlog import LogResult, LogTarget, ultra_goal
from storage.athletes import AthleteRecord

FLOW = "log"
#: Where the next message goes: edit the pressed one, reply to the athlete, or a new message.
Show = Literal["edit", "reply", "send"]


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This area's handlers, in the order they must be tried."""
    return [
        CommandHandler("log", log_command),
        CommandHandler("undo", undo_command),
        CallbackQueryHandler(push_done, pattern=r"^v1\|push\|done\|"),
        CallbackQueryHandler(log_button, pattern=r"^v1\|log\|"),
    ]


async def log_command(update: Update, context: Context) -> None:
    """Log a run from the quick syntax (/log 45min 8.2km rpe6 trail); alone, ask with buttons."""
    record = await athlete_for_command(update, context)
    message = update.effective_message
    if record is None or message is None:
        return
    deps = get_deps(context)
    if not context.args:
        today = local_today(record, deps.clock.now())
        target = await deps.services.runlog.target(record, deps.clock.now(), today)
        await reply(update, render.start_prompt(target.session, today), keyboards.status(today))
        return
    text = message.text or ""
    try:
        parsed = parse_run(text, record.units)
    except ParseError as error:
        await reply(update, render.parse_problem(error))
        return
    open_ = Dialog.from_json(record.dialog)
    if open_ is not None and open_.flow == FLOW:  # a new log closes the open log question
        await strip_buttons(context, record.chat_id, open_.message_id)
        await dialogs.save(deps, record.id, None)
    await _log_typed(update, context, record, parsed, text)


async def undo_command(update: Update, context: Context) -> None:
    """Remove the last log and say what was removed."""
    record = await athlete_for_command(update, context)
    if record is None:
        return
    removed = await get_deps(context).services.runlog.undo_last(record.id)
    if removed is None:
        await reply(update, render.nothing_to_undo())
    else:
        await reply(update, render.removed(removed, record.units))


async def push_done(update: Update, context: Context) -> None:
    """The morning push's "Done": the log flow, in a new message below the push."""
    press = await pressed(update, context)
    query = update.callback_query
    if press is None or query is None:
        return
    outcome = flow.start(press.today, press.day(), RunStatus.DONE.value)
    if isinstance(outcome, flow.Stale):
        await query.answer(render.expired(), show_alert=True)
        return
    await query.answer()
    await _begin(update, context, press, outcome, show="send")


async def log_button(update: Update, context: Context) -> None:
    """Every button of the log flow: status, answers, replace-or-add, cancel and undo."""
    press = await pressed(update, context)
    query = update.callback_query
    if press is None or query is None:
        return
    action = press.callback.action
    if action == "undo":
        await _undo_button(update, press)
        return
    if action == keyboards.SET_RPE:
        await _rpe_button(update, press)
        return
    if action in flow.STATUSES:
        started = flow.start(press.today, press.day(), action)
        if isinstance(started, flow.Stale):
            await query.answer(render.expired(), show_alert=True)
            return
        await query.answer()
        await _begin(update, context, press, started, show="edit")
        return
    dialog = press.dialog
    state = _state(dialog) if dialog is not None and dialog.message_id == press.message_id else None
    outcome = flow.tap(state, press.today, press.day(), action, press.callback.arg(1))
    if isinstance(outcome, flow.Stale):
        await query.answer(render.expired(), show_alert=True)
    elif isinstance(outcome, flow.AlreadyAnswered):
        await query.answer(render.stale_step())
    elif isinstance(outcome, flow.Cancelled):
        await query.answer()
        await dialogs.save(press.deps, press.record.id, None)
        await edit(update, render.cancelled())
    else:
        await query.answer()
        await _carry_on(update, context, press.record, outcome, show="edit")


@dialog_text(FLOW)
async def log_typed(
    update: Update, context: Context, record: AthleteRecord, dialog: Dialog, text: str
) -> None:
    """A typed answer to the open log question ("52 min", "7", "left knee")."""
    today = local_today(record, get_deps(context).clock.now())
    ultra = ultra_goal(record.profile())  # a typed time goes up to 30 h, else 6 h
    outcome = flow.typed(_state(dialog), today, text, record.units, ultra=ultra)
    if isinstance(outcome, flow.Stale):  # an older day's question, left open
        await strip_buttons(context, record.chat_id, dialog.message_id)
        await dialogs.save(get_deps(context), record.id, None)
        await route_free(update, context, record, text)
    elif isinstance(outcome, flow.NotAnAnswer):  # something to act on: the question waits
        await route_free(update, context, record, text, parsed=outcome.parsed)
    elif isinstance(outcome, flow.WholeLog):  # it answers the open question and the rest
        await strip_buttons(context, record.chat_id, dialog.message_id)
        await dialogs.save(get_deps(context), record.id, None)
        await _log_typed(update, context, record, outcome.run, text, day=outcome.day)
    elif isinstance(outcome, flow.Invalid):
        await reply(update, render.typed_problem(outcome.step, outcome.error))
    else:
        await strip_buttons(context, record.chat_id, dialog.message_id)
        await _carry_on(update, context, record, outcome, show="reply")


@free_text("run")
async def run_free_text(
    update: Update, context: Context, record: AthleteRecord, parsed: ParsedMessage, text: str
) -> None:
    """A run typed as free text ("ran 10k in 52 min, felt like a 6"): log it."""
    if parsed.run is None:
        await reply(update, common.did_not_understand())
        return
    deps = get_deps(context)
    if parsed.checkin is not None:  # "slept badly, ran 5k": keep the check-in part too
        today = local_today(record, deps.clock.now())
        await deps.services.checkin.typed_checkin(
            record.id, today, deps.clock.now(), parsed.checkin
        )
    await _log_typed(update, context, record, parsed.run, text)
    report = FREE_TEXT.get("illness")
    if parsed.illness is not None and report is not None:  # "ran 20 min, got a cold": §7b
        await report(update, context, record, parsed, text)


@free_text("unknown")
async def unknown_free_text(
    update: Update, context: Context, record: AthleteRecord, parsed: ParsedMessage, text: str
) -> None:
    """Free text the coach could not read: illness gets the coach's advice; otherwise the
    specific mistake when there is one."""
    report = FREE_TEXT.get("illness")  # §7b: "flu, fever" or "feeling better"
    if report is not None and about_illness(parsed.illness, text):
        await report(update, context, record, parsed, text)
        return
    if parsed.illness is not None:
        await reply(update, render.illness())
        return
    error = flow.specific(parsed.error)
    if error is None:
        try:
            parse_run(text, record.units)
        except ParseError as run_error:
            error = flow.specific(run_error)
    if error is None:
        await reply(update, common.did_not_understand())
        return
    await reply(update, render.parse_problem(error))


# --- helpers ----------------------------------------------------------------------------


async def _log_typed(
    update: Update,
    context: Context,
    record: AthleteRecord,
    parsed: ParsedRun,
    text: str,
    *,
    day: date | None = None,
) -> None:
    """Store a typed log for the day it names ("yesterday", "on Tuesday"...; else ``day``,
    else today), or ask replace-or-add when that session is logged; a value no human could
    run, or a day too far back, is asked about and nothing is stored. ``day`` is set when the
    log answers an open question of that day, and the reply says it closed the question."""
    deps = get_deps(context)
    now = deps.clock.now()
    service = deps.services.runlog
    today = local_today(record, now)
    understood = understand(text, today, Reading(units=record.units))
    if understood.question is not None and understood.question.field == "date":
        await reply(update, render.clarify(understood.question))
        return
    on = day or today
    if understood.message.date_ref is not None and understood.day is not None:
        on = understood.day  # the day the athlete named
    target = await service.target(record, now, on)
    understood = understand(text, today, target.context(record.units))
    log = service.draft(parsed, target, record.units)  # the coach's fills happen here
    question = understood.question
    if question is not None:
        unsure = flow.unsure(log, question.field, question.options, text)
        markup = keyboards.clarify(target.day, question.options) if unsure else None
        message = await reply(update, render.clarify(question), markup)
        if unsure is not None:
            message_id = message.message_id if message is not None else None
            await dialogs.save(deps, record.id, _dialog(unsure, message_id))
        return
    estimated = parsed.duration_min is None and log.duration_min is not None
    outcome = flow.logged(log, _target(target), raw=text)
    if isinstance(outcome, flow.AskConflict):
        await _ask_conflict(update, context, record, deps, outcome, target, show="reply")
        return
    result = await service.save_log(record.id, now, outcome.log, target, raw_text=outcome.raw)
    result = dataclasses.replace(result, duration_estimated=estimated)
    summary = render.summary(result, record.units)
    if day is not None:
        summary = f"{summary}\n{render.question_closed()}"
    await reply(update, summary, _after_log(result))


async def _begin(
    update: Update, context: Context, press: Press, outcome: flow.Ask | flow.Complete, *, show: Show
) -> None:
    """The athlete said done / partly / skipped: skipped is logged at once, else ask RPE."""
    old = press.dialog
    if old is not None and old.flow == FLOW and old.message_id != press.message_id:
        await strip_buttons(context, press.record.chat_id, old.message_id)
    await _carry_on(update, context, press.record, outcome, show=show)


async def _carry_on(
    update: Update,
    context: Context,
    record: AthleteRecord,
    outcome: flow.Ask | flow.Complete | flow.Resolve | flow.Clarified,
    *,
    show: Show,
) -> None:
    """After an answer: the next question, or the log stored (or replace-or-add asked)."""
    deps = get_deps(context)
    if isinstance(outcome, flow.Resolve):
        result = await _resolve(deps, record, outcome)
    elif isinstance(outcome, flow.Clarified):
        service, now = deps.services.runlog, deps.clock.now()
        target = await service.target(record, now, outcome.log.date)
        logged = flow.logged(outcome.log, _target(target), raw=outcome.raw)
        if isinstance(logged, flow.AskConflict):
            await _ask_conflict(update, context, record, deps, logged, target, show=show)
            return
        result = await service.save_log(record.id, now, logged.log, target, raw_text=logged.raw)
    else:
        service, now = deps.services.runlog, deps.clock.now()
        day = outcome.state.day if isinstance(outcome, flow.Ask) else outcome.day
        target = await service.target(record, now, day)
        if isinstance(outcome, flow.Ask):
            text, markup = _question(outcome.state, target.session)
            message_id = await _show(update, context, record, text, markup, show)
            await dialogs.save(deps, record.id, _dialog(outcome.state, message_id))
            return
        finished = flow.finish(outcome, _target(target))
        if isinstance(finished, flow.AskConflict):
            await _ask_conflict(update, context, record, deps, finished, target, show=show)
            return
        result = await service.save_log(record.id, now, finished.log, target)
    await dialogs.save(deps, record.id, None)
    summary = render.summary(result, record.units)
    await _show(update, context, record, summary, _after_log(result), show)


async def _ask_conflict(
    update: Update,
    context: Context,
    record: AthleteRecord,
    deps: Deps,
    outcome: flow.AskConflict,
    target: LogTarget,
    *,
    show: Show,
) -> None:
    """Ask "replace or add?"; the new log waits in the dialog until answered."""
    assert target.existing is not None
    text = render.conflict(target.existing, outcome.log, target.session, record.units)
    message_id = await _show(update, context, record, text, keyboards.conflict(target.day), show)
    await dialogs.save(deps, record.id, _dialog(outcome.state, message_id))


async def _resolve(deps: Deps, record: AthleteRecord, outcome: flow.Resolve) -> LogResult:
    """Store the kept log in place of the earlier one (when it is still there), or as another
    run."""
    service = deps.services.runlog
    now = deps.clock.now()
    target = await service.target(record, now, outcome.log.date)
    replace = False
    if outcome.replace_id is not None:
        earlier = await deps.services.account.log(record.id, outcome.replace_id)
        target = dataclasses.replace(target, existing=earlier)
        replace = earlier is not None
    return await service.save_log(
        record.id, now, outcome.log, target, raw_text=outcome.raw, replace=replace
    )


async def _rpe_button(update: Update, press: Press) -> None:
    """The RPE a typed log was stored without, tapped under its summary: the load counts."""
    query = update.callback_query
    assert query is not None
    raw_id, raw_rpe = press.callback.arg(0), press.callback.arg(1)
    stored = (
        await press.deps.services.account.log(press.record.id, int(raw_id))
        if raw_id.isascii() and raw_id.isdigit()
        else None
    )
    rpe = int(raw_rpe) if raw_rpe.isascii() and raw_rpe.isdigit() else None
    if stored is None:
        await query.answer(render.already_removed(), show_alert=True)
        await edit(update, render.already_removed())
        return
    if rpe not in flow.SCALE or not flow.day_ok(stored.log.date, press.today):
        await query.answer(render.expired(), show_alert=True)
        return
    if stored.log.rpe is not None:  # a double tap: the first one counted
        await query.answer(render.stale_step())
        return
    result = await press.deps.services.runlog.set_rpe(
        press.record, press.deps.clock.now(), stored, rpe
    )
    await query.answer()
    await edit(update, render.summary(result, press.record.units), keyboards.undo(result.stored.id))


async def _undo_button(update: Update, press: Press) -> None:
    """Undo under a summary: removes that log (while its day's buttons are still valid)."""
    query = update.callback_query
    assert query is not None
    raw_id = press.callback.arg(0)
    stored = (
        await press.deps.services.account.log(press.record.id, int(raw_id))
        if raw_id.isascii() and raw_id.isdigit()
        else None
    )
    if stored is None:
        await query.answer(render.already_removed(), show_alert=True)
        await edit(update, render.already_removed())
        return
    if not flow.day_ok(stored.log.date, press.today):
        await query.answer(render.expired(), show_alert=True)
        return
    removed = await press.deps.services.runlog.undo(press.record.id, stored.id)
    await query.answer()
    if removed is None:
        await edit(update, render.already_removed())
    else:
        await edit(update, render.removed(removed, press.record.units))


async def _show(
    update: Update,
    context: Context,
    record: AthleteRecord,
    text: str,
    markup: InlineKeyboardMarkup,
    show: Show,
) -> int | None:
    """Show ``text`` where ``show`` says; the id of the message that shows it."""
    if show == "edit":
        await edit(update, text, markup)
        query = update.callback_query
        return query.message.message_id if query is not None and query.message else None
    if show == "send":
        return (await send(context, record.chat_id, text, markup)).message_id
    message = await reply(update, text, markup)
    return message.message_id if message is not None else None


def _question(state: flow.LogState, session: Session | None) -> tuple[str, InlineKeyboardMarkup]:
    """The open question's text and buttons (the session as the athlete was told it)."""
    day, answers = state.day, state.answers
    if state.step == "duration":
        return render.duration_question(session), keyboards.duration(day, session)
    if state.step == "surface":
        return render.surface_question(), keyboards.surface(day, session)
    if state.step == "pain":
        return render.pain_question(), keyboards.pain(day)
    if state.step == "pain_where":
        return render.pain_where_question(), keyboards.pain_where(day)
    if state.step == "pain_score":
        where = answers.pain_where or "pain"
        return render.pain_score_question(where), keyboards.pain_score(day)
    return render.rpe_question(session, answers.status), keyboards.rpe(day)


def _after_log(result: LogResult) -> InlineKeyboardMarkup:
    """Undo under a stored log, and the RPE buttons when it was run without one (asked once:
    the buttons go with the first tap)."""
    log = result.stored.log
    if log.rpe is None and log.ran:
        return keyboards.undo_or_rpe(result.stored.id)
    return keyboards.undo(result.stored.id)


def _target(target: LogTarget) -> flow.Target:
    """What the flow needs to know of the session a log fulfils."""
    existing = target.existing.id if target.existing is not None else None
    return flow.Target(target.planned_minutes, target.kind, existing)


def _state(dialog: Dialog) -> flow.LogState | None:
    """The log's open question from the stored dialog (None when it is not one)."""
    return flow.from_dialog(dialog.step, dialog.data) if dialog.flow == FLOW else None


def _dialog(state: flow.LogState, message_id: int | None) -> Dialog:
    step, data = flow.to_dialog(state)
    return Dialog(FLOW, step, data, message_id)
