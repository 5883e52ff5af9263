"""The athlete's data: /export (CSV and JSON documents) and /delete (after a confirmation)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import dialog as dialogs
from bot.deps import get_deps
from bot.dialog import Dialog
from bot.flows import Context
from bot.handlers.views import edit, own_press, registered
from bot.keyboards import control as keys
from bot.messages import reply, reply_to
from bot.render import control as render

FLOW = "control"
DELETE_STEP = "delete"


async def export_command(update: Update, context: Context) -> None:
    """Send everything kept about the athlete: a CSV per table and one JSON document."""
    record = await registered(update, context)
    message = update.effective_message
    if record is None or message is None:
        return
    deps = get_deps(context)
    bundle = await deps.services.account.export(record, deps.clock.now())
    await reply(update, render.export_intro(bundle.counts))
    for file in bundle.files:
        await message.reply_document(document=file.data, filename=file.name)


async def delete_command(update: Update, context: Context) -> None:
    """Ask for an explicit confirmation before deleting everything."""
    record = await registered(update, context)
    message = update.effective_message
    if record is None or message is None:
        return
    deps = get_deps(context)
    sent = await reply_to(message, render.delete_ask(), keys.delete_confirm())
    previous = record.dialog
    if previous and previous.get("flow") == FLOW and previous.get("step") == DELETE_STEP:
        previous = previous.get("data", {}).get("previous")
    # The open confirmation lives in the database: only this message's buttons act on it, and
    # Cancel gives back whatever conversation was open before.
    pending = Dialog(FLOW, DELETE_STEP, {"previous": previous}, sent.message_id)
    await dialogs.save(deps, record.id, pending)


async def delete_button(update: Update, context: Context) -> None:
    """Delete everything, or cancel, when the confirmation is the open one."""
    press = await own_press(update, context)
    if press is None:
        return
    record = press.record
    if record is None:
        await press.query.answer(render.nothing_to_delete(), show_alert=True)
        return
    pending = Dialog.from_json(record.dialog)
    message = press.query.message
    is_open = (
        pending is not None
        and pending.flow == FLOW
        and pending.step == DELETE_STEP
        and message is not None
        and pending.message_id == message.message_id
    )
    if not is_open or pending is None:
        await press.query.answer(render.delete_expired(), show_alert=True)
        return
    deps = get_deps(context)
    if press.callback.arg(0) == "yes":
        await deps.services.account.delete(record.id)
        await press.query.answer(render.deleted_toast())
        await edit(press, render.deleted())
        return
    previous = Dialog.from_json(pending.data.get("previous"))
    await dialogs.save(deps, record.id, previous)
    await press.query.answer()
    await edit(press, render.delete_cancelled())


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This area's handlers, in the order they must be tried."""
    return [
        CommandHandler("export", export_command),
        CommandHandler("delete", delete_command),
        CallbackQueryHandler(delete_button, pattern=rf"^v1\|{keys.AREA}\|{keys.DELETE}\|"),
    ]
