"""Post-run logs: /log with the quick syntax, free text, and the button flow from the morning
push ("Done") and the evening reminder (done / partly / skipped), then /undo.

The button flow edits one message: RPE, duration (the planned one first), surface, pain
yes/no, where and how much. Its partial answers live in the dialog (database). A second log
for a session already logged asks "replace or add?" and keeps the new log in the dialog until
answered. Log buttons carry their day: yesterday's still logs yesterday (the evening reminder
answered the next morning, which is clearly what the athlete means); older ones have expired.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import dialog as dialogs
from bot.callbacks import day_arg, parse_day_arg
from bot.deps import Deps, get_deps
from bot.dialog import Dialog
from bot.flows import Context, dialog_text, free_text
from bot.handlers.journal_guard import (
    Press,
    athlete_for_command,
    edit,
    journal,
    pressed,
    reply,
    route_free,
    send,
    strip_buttons,
)
from bot.keyboards import logs as keyboards
from bot.render import common
from bot.render import logs as render
from coach.models import RunLog, RunStatus, Surface
from coach.parser import (
    ParsedMessage,
    ParsedRun,
    ParseError,
    classify,
    parse_pain,
    parse_run,
)
from services.coaching import local_today
from services.journal import LOG_BUTTON_DAYS, LogTarget, button_day_ok
from storage.athletes import AthleteRecord

FLOW = "log"
#: The dialog step each flow button answers.
STEP_OF = {
    "rpe": "rpe",
    "dur": "duration",
    "surf": "surface",
    "pain": "pain",
    "pwhere": "pain_where",
    "pscore": "pain_score",
    "replace": "conflict",
    "add": "conflict",
}
_INT_RE = re.compile(r"^\s*(-?\d{1,4})\s*$", re.ASCII)
_WORDS_RE = re.compile(r"^[^\W\d_][\w\s,'&/-]{0,63}$")
_YES = frozenset({"yes", "y", "yeah", "yep", "a bit", "some", "a little"})
_NO = frozenset({"no", "n", "nope", "none", "no pain", "nothing", "all good", "fine"})


def _problem_text(text: str) -> str | None:
    try:
        parse_run(text)
    except ParseError as error:
        return error.problem
    return None


def _unknown_problem(text: str) -> str | None:
    error = classify(text).error
    return error.problem if error is not None else None


#: The parser's answers when there is simply nothing to read (not a specific mistake).
_NOTHING_TO_READ = {_problem_text(""), _unknown_problem("")}


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
        target = await journal(deps).target(record, deps.clock.now(), today)
        await reply(update, render.start_prompt(target.session, today), keyboards.status(today))
        return
    text = message.text or ""
    try:
        parsed = parse_run(text, record.units)
    except ParseError as error:
        await reply(update, render.parse_problem(error))
        return
    await _log_typed(update, context, record, parsed, text)


async def undo_command(update: Update, context: Context) -> None:
    """Remove the last log and say what was removed."""
    record = await athlete_for_command(update, context)
    if record is None:
        return
    removed = await journal(get_deps(context)).undo_last(record.id)
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
    day = press.day()
    if day is None or not button_day_ok(day, press.today, days_back=LOG_BUTTON_DAYS):
        await query.answer(render.expired(), show_alert=True)
        return
    await query.answer()
    await _begin(update, context, press, day, RunStatus.DONE, in_place=False)


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
    day = press.day()
    if day is None or not button_day_ok(day, press.today, days_back=LOG_BUTTON_DAYS):
        await query.answer(render.expired(), show_alert=True)
        return
    if action in ("done", "partly", "skipped"):
        await query.answer()
        await _begin(update, context, press, day, RunStatus(action), in_place=True)
        return
    dialog = press.dialog
    if (
        dialog is None
        or dialog.flow != FLOW
        or dialog.message_id != press.message_id
        or dialog.data.get("day") != press.callback.arg(0)
    ):
        await query.answer(render.expired(), show_alert=True)
        return
    if action == "cancel":
        await query.answer()
        await dialogs.save(press.deps, press.record.id, None)
        await edit(update, render.cancelled())
        return
    if STEP_OF.get(action) != dialog.step:
        await query.answer(render.stale_step())
        return
    if dialog.step == "conflict":
        await query.answer()
        await _resolve_conflict(update, context, press.record, press.deps, dialog, action)
        return
    fields = _button_answer(dialog.step, press.callback.arg(1))
    if fields is None:
        await query.answer(render.expired(), show_alert=True)
        return
    await query.answer()
    await _advance(update, context, press.record, press.deps, dialog, fields, in_place=True)


@dialog_text(FLOW)
async def log_typed(
    update: Update, context: Context, record: AthleteRecord, dialog: Dialog, text: str
) -> None:
    """A typed answer to the open log question ("52 min", "7", "left knee")."""
    deps = get_deps(context)
    today = local_today(record, deps.clock.now())
    day = parse_day_arg(str(dialog.data.get("day", "")))
    if day is None or not button_day_ok(day, today, days_back=LOG_BUTTON_DAYS):
        await strip_buttons(context, record.chat_id, dialog.message_id)
        await dialogs.save(deps, record.id, None)
        await route_free(update, context, record, text)
        return
    if dialog.step == "conflict":
        word = text.strip().lower()
        action = (
            "replace" if word.startswith("replace") else "add" if word.startswith("add") else None
        )
        if action is None:
            parsed = classify(text, record.units)
            if parsed.kind != "unknown":  # a new message, not an answer: the question waits
                await route_free(update, context, record, text, parsed=parsed)
                return
            await reply(update, render.typed_problem("conflict", _specific(parsed.error)))
            return
        await strip_buttons(context, record.chat_id, dialog.message_id)
        await _resolve_conflict(update, context, record, deps, dialog, action, in_place=False)
        return
    fields, error = _typed_answer(dialog.step, text, record)
    if fields is None:
        parsed = classify(text, record.units)
        if error is None and parsed.kind in ("checkin", "pain"):  # not an answer: act on it
            await route_free(update, context, record, text, parsed=parsed)
            return
        await reply(update, render.typed_problem(dialog.step, error))
        return
    await strip_buttons(context, record.chat_id, dialog.message_id)
    await _advance(update, context, record, deps, dialog, fields, in_place=False)


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
        await journal(deps).typed_checkin(record.id, today, deps.clock.now(), parsed.checkin)
    await _log_typed(update, context, record, parsed.run, text)


@free_text("unknown")
async def unknown_free_text(
    update: Update, context: Context, record: AthleteRecord, parsed: ParsedMessage, text: str
) -> None:
    """Free text the coach could not read: the specific mistake when there is one."""
    error = _specific(parsed.error)
    if error is None:
        try:
            parse_run(text, record.units)
        except ParseError as run_error:
            error = _specific(run_error)
    if error is None:
        await reply(update, common.did_not_understand())
        return
    await reply(update, render.parse_problem(error))


def _specific(error: ParseError | None) -> ParseError | None:
    """The error when it names a mistake ("RPE must be 1 to 10"), not "nothing to read"."""
    return None if error is None or error.problem in _NOTHING_TO_READ else error


# --- the flow -----------------------------------------------------------------------------


async def _log_typed(
    update: Update, context: Context, record: AthleteRecord, parsed: ParsedRun, text: str
) -> None:
    """Store a typed log for today, or ask replace-or-add when the session is logged."""
    deps = get_deps(context)
    now = deps.clock.now()
    service = journal(deps)
    target = await service.target(record, now, local_today(record, now))
    log = service.draft(parsed, target)
    raw = text[:1000]
    if target.existing is not None:
        message = await reply(
            update,
            render.conflict(target.existing, log, target.session, record.units),
            keyboards.conflict(target.day),
        )
        await _open_conflict(
            deps, record, target, log, raw, message.message_id if message else None
        )
        return
    result = await service.save_log(record.id, now, log, target, raw_text=raw)
    await reply(update, render.summary(result, record.units), keyboards.undo(result.stored.id))


async def _begin(
    update: Update,
    context: Context,
    press: Press,
    day: date,
    status: RunStatus,
    *,
    in_place: bool,
) -> None:
    """The athlete said done / partly / skipped: skipped is logged at once, else ask RPE."""
    record, deps = press.record, press.deps
    old = press.dialog
    if old is not None and old.flow == FLOW and old.message_id != press.message_id:
        await strip_buttons(context, record.chat_id, old.message_id)
    fields: dict[str, Any] = {"status": status.value}
    dialog = Dialog(FLOW, "rpe", {"day": day_arg(day), "fields": fields}, press.message_id)
    if status is RunStatus.SKIPPED:
        await _finish(update, context, record, deps, dialog, fields, in_place=in_place)
        return
    target = await journal(deps).target(record, deps.clock.now(), day)
    text, markup = render.rpe_question(target.session, status), keyboards.rpe(day)
    if in_place:
        await edit(update, text, markup)
    else:
        message = await send(context, record.chat_id, text, markup)
        dialog = dataclasses.replace(dialog, message_id=message.message_id)
    await dialogs.save(deps, record.id, dialog)


async def _advance(
    update: Update,
    context: Context,
    record: AthleteRecord,
    deps: Deps,
    dialog: Dialog,
    answer: dict[str, Any],
    *,
    in_place: bool,
) -> None:
    """Store the answer in the dialog and ask the next question (or finish)."""
    fields = {**dialog.data.get("fields", {}), **answer}
    day = parse_day_arg(str(dialog.data["day"]))
    assert day is not None
    step = _next_step(dialog.step, fields)
    if step is None:
        await _finish(update, context, record, deps, dialog, fields, in_place=in_place)
        return
    target = await journal(deps).target(record, deps.clock.now(), day)
    text, markup = _question(step, day, target, fields)
    data = {**dialog.data, "fields": fields}
    if in_place:
        await edit(update, text, markup)
        await dialogs.save(deps, record.id, Dialog(FLOW, step, data, dialog.message_id))
    else:
        message = await reply(update, text, markup)
        message_id = message.message_id if message is not None else None
        await dialogs.save(deps, record.id, Dialog(FLOW, step, data, message_id))


def _next_step(step: str, fields: dict[str, Any]) -> str | None:
    if step == "rpe":
        return "duration"
    if step == "duration":
        return "surface"
    if step == "surface":
        return "pain"
    if step == "pain":
        return "pain_where" if fields.get("pain") == "yes" else None
    if step == "pain_where":
        return None if fields.get("pain_score") is not None else "pain_score"
    return None


def _question(step: str, day: date, target: LogTarget, fields: dict[str, Any]) -> tuple[str, Any]:
    if step == "duration":
        return render.duration_question(target.session), keyboards.duration(day, target.session)
    if step == "surface":
        return render.surface_question(), keyboards.surface(day, target.session)
    if step == "pain":
        return render.pain_question(), keyboards.pain(day)
    if step == "pain_where":
        return render.pain_where_question(), keyboards.pain_where(day)
    if step == "pain_score":
        where = str(fields.get("pain_where") or "pain")
        return render.pain_score_question(where), keyboards.pain_score(day)
    status = RunStatus(fields.get("status", RunStatus.DONE.value))
    return render.rpe_question(target.session, status), keyboards.rpe(day)


async def _finish(
    update: Update,
    context: Context,
    record: AthleteRecord,
    deps: Deps,
    dialog: Dialog,
    fields: dict[str, Any],
    *,
    in_place: bool,
) -> None:
    """All answered: store the log, or ask replace-or-add when the session is logged."""
    day = parse_day_arg(str(dialog.data["day"]))
    assert day is not None
    service = journal(deps)
    now = deps.clock.now()
    target = await service.target(record, now, day)
    status = RunStatus(fields.get("status", RunStatus.DONE.value))
    duration = fields.get("duration_min")
    if duration is None and status is not RunStatus.SKIPPED:
        duration = target.planned_minutes
    log = RunLog(
        date=day,
        status=status,
        duration_min=duration,
        rpe=fields.get("rpe"),
        surface=Surface(fields["surface"]) if fields.get("surface") else None,
        kind=target.kind,
        pain_where=fields.get("pain_where"),
        pain_score=fields.get("pain_score"),
    )
    if target.existing is not None:
        text = render.conflict(target.existing, log, target.session, record.units)
        markup = keyboards.conflict(day)
        if in_place:
            await edit(update, text, markup)
            message_id = dialog.message_id
        else:
            message = await reply(update, text, markup)
            message_id = message.message_id if message is not None else None
        await _open_conflict(deps, record, target, log, None, message_id)
        return
    result = await service.save_log(record.id, now, log, target)
    await dialogs.save(deps, record.id, None)
    text, markup = render.summary(result, record.units), keyboards.undo(result.stored.id)
    if in_place:
        await edit(update, text, markup)
    else:
        await reply(update, text, markup)


async def _open_conflict(
    deps: Deps,
    record: AthleteRecord,
    target: LogTarget,
    log: RunLog,
    raw: str | None,
    message_id: int | None,
) -> None:
    """Keep the new log in the dialog until the athlete says replace or add."""
    assert target.existing is not None
    data = {
        "day": day_arg(target.day),
        "log": log.model_dump(mode="json"),
        "raw": raw,
        "replace_id": target.existing.id,
    }
    await dialogs.save(deps, record.id, Dialog(FLOW, "conflict", data, message_id))


async def _resolve_conflict(
    update: Update,
    context: Context,
    record: AthleteRecord,
    deps: Deps,
    dialog: Dialog,
    action: str,
    *,
    in_place: bool = True,
) -> None:
    """Replace the earlier log with the kept one, or add the kept one as another run."""
    service = journal(deps)
    now = deps.clock.now()
    log = RunLog.model_validate(dialog.data["log"])
    target = await service.target(record, now, log.date)
    replace = action == "replace"
    if replace:
        earlier = await deps.db.journal.get_log(record.id, int(dialog.data["replace_id"]))
        target = dataclasses.replace(target, existing=earlier)
        replace = earlier is not None
    raw = dialog.data.get("raw")
    result = await service.save_log(
        record.id, now, log, target, raw_text=str(raw) if raw else None, replace=replace
    )
    await dialogs.save(deps, record.id, None)
    text, markup = render.summary(result, record.units), keyboards.undo(result.stored.id)
    if in_place:
        await edit(update, text, markup)
    else:
        await reply(update, text, markup)


async def _undo_button(update: Update, press: Press) -> None:
    """Undo under a summary: removes that log (while its day's buttons are still valid)."""
    query = update.callback_query
    assert query is not None
    raw_id = press.callback.arg(0)
    stored = (
        await press.deps.db.journal.get_log(press.record.id, int(raw_id))
        if raw_id.isdigit()
        else None
    )
    if stored is None:
        await query.answer(render.already_removed(), show_alert=True)
        await edit(update, render.already_removed())
        return
    if not button_day_ok(stored.log.date, press.today, days_back=LOG_BUTTON_DAYS):
        await query.answer(render.expired(), show_alert=True)
        return
    removed = await journal(press.deps).undo(press.record.id, stored.id)
    await query.answer()
    if removed is None:
        await edit(update, render.already_removed())
    else:
        await edit(update, render.removed(removed, press.record.units))


# --- answers ------------------------------------------------------------------------------


def _button_answer(step: str, value: str) -> dict[str, Any] | None:
    """The fields a tapped answer sets, or None for a value no keyboard offers."""
    if step in ("rpe", "pain_score") and value.isdigit() and 1 <= int(value) <= 10:
        return {"rpe": int(value)} if step == "rpe" else {"pain_score": int(value)}
    if step == "duration" and value.isdigit() and 0 < int(value) <= 24 * 60:
        return {"duration_min": float(value)}
    if step == "surface" and value in {s.value for s in keyboards.SURFACES}:
        return {"surface": value}
    if step == "pain" and value in ("yes", "no"):
        return {"pain": value}
    if step == "pain_where" and value in keyboards.PAIN_PLACES:
        return {"pain_where": value}
    return None


def _typed_answer(
    step: str, text: str, record: AthleteRecord
) -> tuple[dict[str, Any] | None, ParseError | None]:
    """A typed answer to ``step``; None with the reason when it does not answer it."""
    number = _INT_RE.match(text)
    cleaned = " ".join(text.lower().split()).strip(" .!")
    if step in ("rpe", "pain_score"):
        low = 1
        if number is None and step == "rpe":
            try:
                parsed = parse_run(text, record.units)
            except ParseError as error:
                return None, error
            return ({"rpe": parsed.rpe}, None) if parsed.rpe is not None else (None, None)
        if number is None:
            return None, None
        value = int(number.group(1))
        if not low <= value <= 10:
            what = "RPE" if step == "rpe" else "Pain"
            return None, ParseError(f"{what} goes from 1 to 10; {value} is off the scale.")
        return ({"rpe": value} if step == "rpe" else {"pain_score": value}), None
    if step == "duration":
        if number is not None:
            minutes = int(number.group(1))
            if 0 < minutes <= 24 * 60:
                return {"duration_min": float(minutes)}, None
            return None, ParseError(f"{minutes} minutes is not a run I can log.")
        try:
            parsed = parse_run(text, record.units)
        except ParseError as error:
            return None, error
        if parsed.duration_min is None:
            return None, None
        return {"duration_min": parsed.duration_min}, None
    if step == "surface":
        try:  # a surface alone is not a run for the parser: read it as "done on <surface>"
            surface = parse_run(f"done {text}", record.units).surface
        except ParseError:
            surface = None
        if surface in keyboards.SURFACES:
            assert surface is not None
            return {"surface": surface.value}, None
        return None, None
    if step == "pain":
        if cleaned in _YES:
            return {"pain": "yes"}, None
        if cleaned in _NO:
            return {"pain": "no"}, None
        return None, None
    if step == "pain_where":
        try:
            pain = parse_pain(text)
        except ParseError:
            pain = None
        if pain is not None:
            found: dict[str, Any] = {"pain_where": pain.where}
            if pain.score is not None and 1 <= pain.score <= 10:
                found["pain_score"] = pain.score
            return found, None
        if _WORDS_RE.match(cleaned):
            return {"pain_where": cleaned[:64]}, None
        return None, None
    return None, None
