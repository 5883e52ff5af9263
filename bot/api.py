"""The bot: python-telegram-bot's, with what every update costs it and needs not.

- **Answers as JSON.** PTB turns the answer to a sent or edited message into a ``Message``
  (its chat, sender, entities, keyboard, each an object): about 190 us of CPU in isolation,
  two to three times that inside an update, for an answer of which a reply needs only the
  new message's id and an edit nothing (bench/update_cpu.py, issue #15).
  :meth:`StrideBot.post_json` is the same call through the same rate limiter, returning
  Telegram's JSON; bot.messages uses it for replies and edits.
- **Updates as Telegram sent them.** The inbox keeps each message's update until it is
  handled (bot.handlers.inbound), and PTB can only give it back by walking every attribute
  of every object of it (``to_json``). The updates a long poll brings are kept here as
  Telegram sent them, for the inbox to take (:meth:`StrideBot.raw_update`): the inbox then
  holds Telegram's own words, not PTB's reading of them.

Everything else is PTB's.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

from telegram import Update
from telegram.ext import ExtBot

#: Updates kept as sent until the inbox takes them; beyond this the oldest are dropped (an
#: update nobody keeps: a button press, a stranger's message), and the inbox falls back on
#: PTB's ``to_json``.
RAW_KEPT = 1_000


def stride_bot(bot: object) -> StrideBot:
    """The application's bot, as Stride builds it (bot.app.build_application)."""
    if not isinstance(bot, StrideBot):
        raise TypeError(f"Stride runs on bot.api.StrideBot, not {type(bot).__name__}")
    return bot


class StrideBot(ExtBot[None]):
    """PTB's ExtBot, with :meth:`post_json` and :meth:`raw_update`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._raw: OrderedDict[int, dict[str, Any]] = OrderedDict()

    async def post_json(self, endpoint: str, data: dict[str, Any]) -> Any:
        """Call ``endpoint`` with ``data`` (values may be PTB objects: a keyboard), through
        the rate limiter like every other call; Telegram's result as JSON (a dict for a
        message, True for an edit Telegram did not echo)."""
        return await self._post(endpoint, data)

    async def _post(self, endpoint: str, data: Any = None, *args: Any, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, data, *args, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            for raw in result:
                self.keep_raw(raw)
        return result

    def keep_raw(self, raw: Any) -> None:
        """Keep a message's update as Telegram sent it (the long poll's, a webhook's)."""
        if isinstance(raw, dict) and "message" in raw and isinstance(raw.get("update_id"), int):
            self._raw[raw["update_id"]] = raw
            while len(self._raw) > RAW_KEPT:
                self._raw.popitem(last=False)

    def raw_update(self, update: Update) -> str:
        """``update`` as JSON, as Telegram sent it when it was kept (taken: asked once),
        else as PTB writes it."""
        raw = self._raw.pop(update.update_id, None)
        return json.dumps(raw, ensure_ascii=False) if raw is not None else update.to_json()
