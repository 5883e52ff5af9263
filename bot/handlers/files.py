"""Files in and out (issue 17): a run file sent to the bot becomes a run log, a captioned photo
is read as the typed log its caption is, /watch (and the morning push's "Watch") sends the
day's session as a FIT workout, /calendar the plan as an .ics file.

A file's log is stored at once, without the RPE a file cannot know; the message below shows
what was read against the plan, with the RPE buttons and the surface guessed from the file
(ticked). A tap edits that message. The work is the services' (services/files.py).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.deps import get_deps
from bot.dialog import Dialog
from bot.flows import DIALOG_TEXT, Context
from bot.handlers import onboarding
from bot.handlers.journal_guard import Press, athlete_for_command, edit, pressed, reply, route_free
from bot.keyboards import files as keyboards
from bot.render import files as render
from coach.models import Surface
from runfiles import BadFileReason
from services.files import (
    MAX_FILE_BYTES,
    RUN_SURFACES,
    AlreadyLogged,
    CrossOffer,
    FileLogged,
    FileRefused,
    WatchFile,
)
from storage.athletes import AthleteRecord

log = logging.getLogger(__name__)


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This area's handlers; registered before the non-text fallback."""
    return [
        CommandHandler("watch", watch_command),
        CommandHandler("calendar", calendar_command),
        CallbackQueryHandler(push_watch, pattern=r"^v1\|push\|watch\|"),
        CallbackQueryHandler(file_button, pattern=r"^v1\|file\|"),
        MessageHandler(filters.Document.ALL, run_file),
        MessageHandler(filters.PHOTO & filters.CAPTION, captioned_photo),
    ]


async def run_file(update: Update, context: Context) -> None:
    """A document: a run file becomes a log; anything else gets one sentence saying why not."""
    message = update.effective_message
    record = await athlete_for_command(update, context)
    if record is None or message is None or message.document is None:
        return
    document, caption = message.document, message.caption
    if document.file_size is not None and document.file_size > MAX_FILE_BYTES:
        await reply(update, render.refusal(BadFileReason.TOO_BIG, MAX_FILE_BYTES))
        return
    try:
        data = bytes(await (await document.get_file()).download_as_bytearray())
    except BadRequest as error:
        too_big = "too big" in error.message.lower()
        log.info("could not download a document: %s", error.message)
        await reply(
            update,
            render.refusal(BadFileReason.TOO_BIG, MAX_FILE_BYTES)
            if too_big
            else render.download_failed(),
        )
        return
    deps = get_deps(context)
    outcome = await deps.services.files.log_file(
        record, deps.clock.now(), data, document.file_name, caption
    )
    if isinstance(outcome, FileRefused):
        if outcome.reason is BadFileReason.NOT_A_RUN_FILE and caption and caption.strip():
            await _typed(update, context, record, caption.strip())  # a log typed on a file
            return
        await reply(update, render.refusal(outcome.reason, outcome.limit_bytes))
    elif isinstance(outcome, AlreadyLogged):
        await reply(update, render.already_logged(outcome.stored, record.units))
    elif isinstance(outcome, CrossOffer):
        await reply(
            update,
            render.cross_offer(outcome.activity, record.units),
            keyboards.cross_offer(outcome.day, outcome.activity.moving_min, outcome.key),
        )
    else:
        await reply(update, *_logged(outcome, record))


async def captioned_photo(update: Update, context: Context) -> None:
    """A photo with a caption ("10k 52min rpe 6" on a screenshot): the caption as typed text.
    Before onboarding is done, onboarding's own answer for a photo."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    record = await get_deps(context).services.account.athlete(user.id)
    caption = (message.caption or "").strip()
    if record is None or not record.onboarded or not caption:
        await onboarding.media_in_dialog(update, context)
        return
    await _typed(update, context, record, caption)


async def file_button(update: Update, context: Context) -> None:
    """The buttons under a file's log (RPE, surface, replace) and the cross-training offer."""
    press = await pressed(update, context)
    query = update.callback_query
    if press is None or query is None:
        return
    action = press.callback.action
    if action == "cross":
        await _log_cross(update, press)
        return
    raw_id = press.callback.arg(0)
    if not (raw_id.isascii() and raw_id.isdigit()):
        await query.answer(render.log_gone(), show_alert=True)
        return
    log_id, value = int(raw_id), press.callback.arg(1)
    service, now, units = press.deps.services.files, press.deps.clock.now(), press.record.units
    if action == "replace":
        earlier = await service.replace_earlier(
            press.record, log_id, int(value) if value.isascii() and value.isdigit() else -1
        )
        await query.answer()
        if earlier is not None:
            await reply(update, render.replaced(earlier, units))
            await _strip_replace(update, press, log_id)
        return
    rpe = int(value) if action == "rpe" and value.isascii() and value.isdigit() else None
    surface = _surface(value) if action == "surface" else None
    if (rpe is None or not 1 <= rpe <= 10) and surface is None:
        await query.answer(render.log_gone(), show_alert=True)
        return
    answered = await service.answer(press.record, now, log_id, rpe=rpe, surface=surface)
    await query.answer()
    if answered is None:
        await edit(update, render.log_gone())
        return
    head = render.head_of(_message_html(update))
    stored = answered.stored
    text = render.file_log(
        head,
        stored,
        answered.session,
        answered.result.comparison,
        guessed=action != "surface" and stored.log.rpe is None,
        earlier=None,
        units=units,
    )
    markup = keyboards.file_log(stored.id, stored.log.surface, ask_rpe=stored.log.rpe is None)
    await edit(update, text, markup)


async def watch_command(update: Update, context: Context) -> None:
    """Today's session as a FIT workout for the watch (a rest day: a sentence)."""
    record = await athlete_for_command(update, context)
    if record is None:
        return
    deps = get_deps(context)
    files = await deps.services.files.watch_files(record, deps.clock.now())
    await _send_watch(context, record, files)


async def push_watch(update: Update, context: Context) -> None:
    """The morning push's "Watch": that day's session as a FIT workout, while it is today."""
    press = await pressed(update, context)
    query = update.callback_query
    if press is None or query is None:
        return
    if press.day() != press.today:
        await query.answer(render.watch_expired(), show_alert=True)
        return
    await query.answer()
    files = await press.deps.services.files.watch_files(press.record, press.deps.clock.now())
    await _send_watch(context, press.record, files)


async def calendar_command(update: Update, context: Context) -> None:
    """The plan from today to race day as an .ics file."""
    record = await athlete_for_command(update, context)
    if record is None:
        return
    deps = get_deps(context)
    data = await deps.services.files.calendar(record, deps.clock.now())
    if data is None:
        await reply(update, render.no_plan())
        return
    await context.bot.send_document(
        record.chat_id,
        InputFile(data, filename="stride-plan.ics"),
        caption=render.calendar_caption(),
        parse_mode=ParseMode.HTML,
    )


# --- helpers ----------------------------------------------------------------------------


def _logged(outcome: FileLogged, record: AthleteRecord) -> tuple[str, InlineKeyboardMarkup]:
    """The message and buttons of a run just logged from its file."""
    result, stored = outcome.result, outcome.result.stored
    text = render.file_log(
        render.figures(outcome.run, record.units),
        stored,
        result.target.session,
        result.comparison,
        guessed=outcome.guessed,
        earlier=outcome.earlier,
        units=record.units,
        paces=result.paces,
    )
    earlier_id = outcome.earlier.id if outcome.earlier is not None else None
    markup = keyboards.file_log(
        stored.id, stored.log.surface, ask_rpe=stored.log.rpe is None, earlier_id=earlier_id
    )
    return text, markup


async def _log_cross(update: Update, press: Press) -> None:
    """The cross-training offer accepted: log the minutes, then ask the RPE."""
    query = update.callback_query
    assert query is not None
    day, raw_minutes, key = press.day(), press.callback.arg(1), press.callback.arg(2)
    if day is None or not (raw_minutes.isascii() and raw_minutes.isdigit()) or not key:
        await query.answer(render.cross_declined_expired(), show_alert=True)
        return
    service, units = press.deps.services.files, press.record.units
    outcome = await service.log_cross(
        press.record, press.deps.clock.now(), day, float(raw_minutes), key
    )
    await query.answer()
    if isinstance(outcome, FileRefused):
        await edit(update, render.refusal(outcome.reason))
    elif isinstance(outcome, AlreadyLogged):
        await edit(update, render.already_logged(outcome.stored, units))
    else:
        stored = outcome.stored
        text = render.file_log(
            None,
            stored,
            outcome.target.session,
            outcome.comparison,
            guessed=False,
            earlier=None,
            units=units,
        )
        await edit(update, text, keyboards.file_log(stored.id, None, ask_rpe=True))


async def _strip_replace(update: Update, press: Press, log_id: int) -> None:
    """After a replace, the file's log keeps its other buttons."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    stored = await press.deps.services.account.log(press.record.id, log_id)
    if stored is None:
        return
    markup = keyboards.file_log(stored.id, stored.log.surface, ask_rpe=stored.log.rpe is None)
    try:
        await query.edit_message_reply_markup(reply_markup=markup)
    except BadRequest:
        log.debug("could not update the buttons of a file's log")


async def _send_watch(context: Context, record: AthleteRecord, files: list[WatchFile]) -> None:
    if not files:
        await context.bot.send_message(
            record.chat_id, render.watch_rest_day(), parse_mode=ParseMode.HTML
        )
        return
    for watch in files:
        await context.bot.send_document(
            record.chat_id,
            InputFile(watch.data, filename=watch.filename),
            caption=render.watch_caption(watch.session),
            parse_mode=ParseMode.HTML,
        )


async def _typed(update: Update, context: Context, record: AthleteRecord, text: str) -> None:
    """``text`` (a caption) as if typed: the open question's answer, or free text."""
    dialog = Dialog.from_json(record.dialog)
    if dialog is not None and dialog.flow in DIALOG_TEXT:
        await DIALOG_TEXT[dialog.flow](update, context, record, dialog, text)
        return
    await route_free(update, context, record, text)


def _surface(value: str) -> Surface | None:
    return next((s for s in RUN_SURFACES if s.value == value), None)


def _message_html(update: Update) -> str | None:
    """The pressed message's text as HTML (its figures line is kept on a re-render)."""
    query = update.callback_query
    message = query.message if query is not None else None
    if not isinstance(message, Message) or message.text is None:
        return None
    return message.text_html
