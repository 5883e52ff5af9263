"""Where typed text goes. A module that owns a dialog registers the function that takes the
athlete's typed answer for it; the coach parser's kinds ("run", "checkin", "pain") register
the function that handles free text of that kind. The router in bot.handlers.text looks them
up; nothing here holds conversation state (that is in the database, see bot.dialog)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update

from bot.context import Context
from bot.dialog import Dialog
from storage.athletes import AthleteRecord

__all__ = ["DIALOG_TEXT", "FREE_TEXT", "Context", "dialog_text", "free_text"]
DialogText = Callable[[Update, Context, AthleteRecord, Dialog, str], Awaitable[None]]
FreeText = Callable[[Update, Context, AthleteRecord, Any, str], Awaitable[None]]

DIALOG_TEXT: dict[str, DialogText] = {}
FREE_TEXT: dict[str, FreeText] = {}


def dialog_text(flow: str) -> Callable[[DialogText], DialogText]:
    """Register the handler of typed answers while ``flow``'s dialog is open."""

    def register(func: DialogText) -> DialogText:
        DIALOG_TEXT[flow] = func
        return func

    return register


def free_text(kind: str) -> Callable[[FreeText], FreeText]:
    """Register the handler of free text the coach parser classified as ``kind``; it receives
    the parsed payload."""

    def register(func: FreeText) -> FreeText:
        FREE_TEXT[kind] = func
        return func

    return register
