"""Handler registration: one ordered place. Lower groups run first; group -1 holds the
cross-cutting checks that may stop an update before any feature handler sees it."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.handlers import basics, errors


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    # Cross-cutting: groups and channels get a pointer to the private chat.
    application.add_handler(
        MessageHandler(~filters.ChatType.PRIVATE, basics.refuse_group), group=-1
    )

    # Commands.
    application.add_handler(CommandHandler("start", basics.start_command))
    application.add_handler(CommandHandler("help", basics.help_command))

    # Anything else that looks like a command.
    application.add_handler(MessageHandler(filters.COMMAND, basics.unknown_command))

    application.add_error_handler(errors.report_error)
