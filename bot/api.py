"""The bot: python-telegram-bot's, with the two calls of every update made without reading
Telegram's answer into objects nobody reads.

python-telegram-bot turns the answer to a sent or edited message into a ``Message`` (its
chat, sender, entities, keyboard, each an object): about 190 us of CPU in isolation, and two
to three times that inside an update, for an answer of which a reply needs only the new
message's id and an edit nothing at all (bench/update_cpu.py, issue #15). :class:`StrideBot`
adds :meth:`~StrideBot.post_json`, the same call through the same rate limiter, returning
Telegram's JSON; bot.messages uses it for replies and edits. Everything else is PTB's.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import ExtBot


class StrideBot(ExtBot[None]):
    """PTB's ExtBot, and :meth:`post_json`."""

    async def post_json(self, endpoint: str, data: dict[str, Any]) -> Any:
        """Call ``endpoint`` with ``data`` (values may be PTB objects: a keyboard), through
        the rate limiter like every other call; Telegram's result as JSON (a dict for a
        message, True for an edit Telegram did not echo)."""
        return await self._post(endpoint, data)
