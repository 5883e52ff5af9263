"""Handler registration: one ordered place. Lower groups run first; group -1 holds the
cross-cutting checks that may stop an update before any feature handler sees it.

Each feature module exposes ``handlers()`` (its commands and its button callbacks, whose
patterns match its own callback area) and may register typed-text handlers in bot.flows.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.handlers import (
    account,
    basics,
    checkin,
    control,
    edits,
    errors,
    files,
    guard,
    illness,
    inbound,
    onboarding,
    pain,
    race_review,
    runlog,
    settings,
    text,
    views,
)

#: The group after every other: the inbox records what became of the update.
FINISH_GROUP = 100

# files first: a captioned photo is a typed log once onboarded (it hands the rest to
# onboarding's own photo handler); documents are run files.
FEATURES = (
    files,
    onboarding,
    settings,
    checkin,
    runlog,
    pain,
    illness,
    views,
    control,
    account,
    race_review,
)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    # Cross-cutting: groups and channels get a pointer to the private chat; every message
    # of a known athlete is kept before anything acts on it (and a redelivery is ignored).
    application.add_handler(
        MessageHandler(~filters.ChatType.PRIVATE, basics.refuse_group), group=-2
    )
    # A flood from one user is kept but not acted on past the per-user limit (bot.throttle).
    application.add_handler(MessageHandler(filters.ALL, inbound.limit_messages), group=-3)
    # An edit corrects the last log or check-in, or is noted; it never runs a command.
    application.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE, edits.edited_message), group=-1
    )
    application.add_handler(MessageHandler(filters.ALL, inbound.keep_message), group=-1)
    # Every button press is checked once (ours, decodable, the presser's own chat) and
    # handed on as context.press, or refused with an alert (bot.handlers.guard).
    application.add_handler(CallbackQueryHandler(guard.check_press), group=-1)

    application.add_handler(CommandHandler("help", basics.help_command))
    for feature in FEATURES:
        for handler in feature.handlers():
            application.add_handler(handler)
    if not any(
        isinstance(h, CommandHandler) and "start" in h.commands for h in application.handlers[0]
    ):
        application.add_handler(CommandHandler("start", basics.start_command))

    # Typed text, then anything else that looks like a command, then non-text messages.
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, text.route_text))
    application.add_handler(MessageHandler(filters.COMMAND, basics.unknown_command))
    application.add_handler(
        MessageHandler(~filters.TEXT & ~filters.StatusUpdate.ALL, text.non_text)
    )
    # A button no feature claims: an old version, or from a message that means nothing now.
    application.add_handler(CallbackQueryHandler(basics.stale_button))

    # Last: every handler has finished with a kept message, so the inbox marks it handled
    # (one that dies with the process before this stays in hand, and is handled again).
    application.add_handler(TypeHandler(Update, inbound.finish_message), group=FINISH_GROUP)

    application.add_error_handler(errors.report_error)
