"""bot.api.StrideBot: the updates a long poll brings are kept as Telegram sent them for the
inbox (taken once, bounded, PTB's JSON when not kept), and replies and edits keep
Telegram's answer as JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
from telegram import Update
from telegram.ext import ExtBot

import bot.api as api
from bot.api import StrideBot

TOKEN = "123:abc"


def _raw(update_id: int, text: str = "ran 45 min rpe 6") -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_764_572_400,
            "chat": {"id": 7, "type": "private", "first_name": "Ana"},
            "from": {"id": 7, "is_bot": False, "first_name": "Ana", "language_code": "fr"},
            "text": text,
            "entities": [],
        },
    }


def _bot() -> StrideBot:
    return StrideBot(token=TOKEN)


def test_a_kept_update_is_given_as_telegram_sent_it_once() -> None:
    bot = _bot()
    raw = _raw(5, "slept 7h, épuisée")
    bot.keep_raw(raw)
    update = Update.de_json(raw, bot)
    assert json.loads(bot.raw_update(update)) == raw  # every field, PTB's or not
    again = json.loads(bot.raw_update(update))  # taken: now PTB's reading of it
    assert again["update_id"] == 5
    assert again["message"]["text"] == "slept 7h, épuisée"


def test_only_messages_are_kept_and_only_the_latest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "RAW_KEPT", 3)
    bot = _bot()
    bot.keep_raw({"update_id": 1, "callback_query": {"id": "x"}})  # a press: never kept
    bot.keep_raw("not an update")
    for update_id in range(10, 15):
        bot.keep_raw(_raw(update_id))
    assert list(bot._raw) == [12, 13, 14]


async def test_the_long_polls_updates_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    bot = _bot()
    answers = {"getUpdates": [_raw(21), {"update_id": 22, "callback_query": {"id": "y"}}]}

    async def post(self: object, endpoint: str, data: Any = None, *a: Any, **k: Any) -> Any:
        return answers[endpoint]

    monkeypatch.setattr(ExtBot, "_post", post)
    assert await bot._post("getUpdates", {}) == answers["getUpdates"]
    assert list(bot._raw) == [21]
