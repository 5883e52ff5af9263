"""The one error handler: log with the update id, apologise to the athlete."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import Forbidden, NetworkError
from telegram.ext import CallbackContext, ExtBot

from bot.render import common as render

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
        and update.effective_chat is not None
        and not isinstance(error, Forbidden)
    ):
        try:
            await context.bot.send_message(
                update.effective_chat.id, render.apology(), parse_mode=ParseMode.HTML
            )
        except Exception:  # the apology is best effort; the error is already logged
            log.warning("could not send the apology for update %s", update_id)
