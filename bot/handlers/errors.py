"""The one error handler: log with the update id, apologise to the athlete."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import Forbidden, NetworkError
from telegram.ext import CallbackContext, ExtBot

from bot.deps import get_deps
from bot.render import common as render
from services.account import FAILED

log = logging.getLogger(__name__)


async def report_error(
    update: object, context: CallbackContext[ExtBot[None], Any, Any, Any]
) -> None:
    """Log the failure (never the token or the payload) and tell the athlete, once."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(error, NetworkError) and update_id is None:
        log.warning("network trouble while polling: %s", type(error).__name__)
        return
    log.error(
        "unhandled error in update %s: %s",
        update_id,
        type(error).__name__,
        exc_info=(type(error), error, error.__traceback__) if error else None,
    )
    if (
        isinstance(update, Update)
        and (update.message or update.edited_message) is not None
        and update.effective_user
    ):
        # The error handler gets a context of its own: the kept message is found by its ids.
        await _record_failure(context, update.effective_user.id, update.update_id)
    if (
        isinstance(update, Update)
        and update.effective_chat is not None
        and not isinstance(error, Forbidden)
    ):
        try:
            await context.bot.send_message(
                update.effective_chat.id, render.apology(), parse_mode=ParseMode.HTML
            )
        except Exception:  # the apology is best effort; the error is already logged
            log.warning("could not send the apology for update %s", update_id)


async def _record_failure(
    context: CallbackContext[ExtBot[None], Any, Any, Any], athlete_id: int, update_id: int
) -> None:
    """The inbox says this message failed (it is not handed to the handlers again: the same
    update would fail the same way); best effort, the error is logged either way."""
    try:
        deps = get_deps(context)
        await deps.services.account.finish_message(athlete_id, update_id, FAILED, deps.clock.now())
    except Exception:
        log.warning("could not record the failure of update %s in the inbox", update_id)
