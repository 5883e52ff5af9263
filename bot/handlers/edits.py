"""Edited messages. An edit of the message that made the athlete's last log or today's
check-in corrects it, and says so; an edit of anything else is kept but only noted; an edit
never runs a command (editing an old "hello" into "/delete" must not open the delete
confirmation). Registered first in group -1, so no feature handler ever sees an edit."""

from __future__ import annotations

import dataclasses

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop

from bot.deps import Deps, get_deps
from bot.flows import Context
from bot.keyboards import runlog as runlog_keys
from bot.messages import reply_to
from bot.render import checkin as checkin_render
from bot.render import common
from bot.render import runlog as runlog_render
from coach.parser import classify
from services.account import HANDLED, IGNORED
from services.coaching import local_today
from storage.athletes import AthleteRecord


async def edited_message(update: Update, context: Context) -> None:
    """Keep the edit; correct the last log or check-in it rewrites, else say it is ignored."""
    message, user = update.edited_message, update.effective_user
    if message is None or user is None:
        raise ApplicationHandlerStop
    deps = get_deps(context)
    record = await deps.services.account.athlete(user.id)
    if record is None:
        raise ApplicationHandlerStop
    account, now = deps.services.account, deps.clock.now()
    text = (message.text or message.caption or "").strip()
    before = await account.message_text(user.id, message.message_id, update.update_id)
    fresh = await account.keep_message(
        user.id,
        update.update_id,
        text,
        now,
        payload=update.to_json(),
        message_id=message.message_id,
    )
    if not fresh:
        raise ApplicationHandlerStop
    corrected = await _correct(message, deps, record, (before or "").strip(), text)
    await account.finish_message(user.id, update.update_id, HANDLED if corrected else IGNORED, now)
    raise ApplicationHandlerStop


async def _correct(
    message: Message, deps: Deps, record: AthleteRecord, before: str, after: str
) -> bool:
    """Correct what ``before`` recorded with ``after``; False (after a note) when the edit
    is not one of the last log or check-in, or does not read as one."""
    if after.startswith("/"):
        await reply_to(message, common.edit_not_a_command())
        return False
    if not before or before.startswith("/") or not record.onboarded:
        await reply_to(message, common.edit_ignored())
        return False
    kind = classify(before, record.units).kind
    if kind == "run":
        return await _correct_log(message, deps, record, before, after)
    if kind == "checkin":
        return await _correct_checkin(message, deps, record, after)
    await reply_to(message, common.edit_ignored())
    return False


async def _correct_log(
    message: Message, deps: Deps, record: AthleteRecord, before: str, after: str
) -> bool:
    last = await deps.services.account.last_log(record.id)
    if last is None or (last.raw_text or "").strip() != before:
        await reply_to(message, common.edit_ignored())
        return False
    parsed = classify(after, record.units)
    if parsed.kind != "run" or parsed.run is None:
        await reply_to(message, common.edit_unreadable("run"))
        return False
    service, now = deps.services.runlog, deps.clock.now()
    target = await service.target(record, now, last.log.date)
    target = dataclasses.replace(target, existing=last)
    log = service.draft(parsed.run, target, record.units)
    result = await service.save_log(record.id, now, log, target, raw_text=after, replace=True)
    summary = runlog_render.summary(result, record.units)
    await reply_to(message, common.corrected(summary), runlog_keys.undo(result.stored.id))
    return True


async def _correct_checkin(message: Message, deps: Deps, record: AthleteRecord, after: str) -> bool:
    now = deps.clock.now()
    today = local_today(record, now)
    # An edited message keeps the date it was first sent: a check-in line of an earlier
    # day is not today's check-in.
    sent_on = local_today(record, message.date)
    if sent_on != today or await deps.services.checkin.checkin(record.id, today) is None:
        await reply_to(message, common.edit_ignored())
        return False
    parsed = classify(after, record.units)
    if parsed.checkin is None:
        await reply_to(message, common.edit_unreadable("check-in"))
        return False
    checkin, _pain = await deps.services.checkin.typed_checkin(
        record.id, today, now, parsed.checkin
    )
    await reply_to(message, common.corrected(checkin_render.answers_line(checkin)))
    return True
