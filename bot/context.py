"""The context every handler receives: python-telegram-bot's CallbackContext with Stride's
dependencies typed, and, for a button press, the press the guard checked.

Registered with ``ContextTypes(context=StrideContext)`` in :mod:`bot.app`. PTB makes one
context per update and hands the same one to every handler group, so the guard (group -1)
can check a press once and the feature handler (group 0) reads ``context.press``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import CallbackQuery, Message
from telegram.ext import Application, CallbackContext, ExtBot

from bot.callbacks import Callback
from bot.deps import Deps, deps_of
from storage.athletes import AthleteRecord


@dataclass(frozen=True)
class ButtonPress:
    """A press the guard let through: a button of ours, decoded, on a message in the
    presser's own chat, with the presser's athlete row (None when they have none, e.g. after
    /delete: each area says what that means for it)."""

    query: CallbackQuery
    callback: Callback
    message: Message
    record: AthleteRecord | None


class StrideContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """CallbackContext with ``deps`` (built once by the composition root) and ``press``."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.press: ButtonPress | None = None
        # The athlete whose inbox holds this update in hand (bot.handlers.inbound): the
        # last handler group records its outcome there.
        self.kept: int | None = None

    @property
    def deps(self) -> Deps:
        """The services, storage and clock every handler shares."""
        return deps_of(self.application)


#: The type every handler's ``context`` parameter has.
Context = StrideContext
