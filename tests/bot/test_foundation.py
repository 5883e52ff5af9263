"""The foundation, as an athlete meets it: /start, /help, unknown commands, errors, restarts."""

from __future__ import annotations

import logging

import pytest
from telegram import Update
from telegram.ext import CommandHandler

from scheduler.clock import ManualClock
from tests.support.harness import TOKEN, StrideHarness


@pytest.mark.parametrize("door", ["inprocess", "http"])
async def test_start_creates_one_athlete_and_replies(
    sqlite_url: str, clock: ManualClock, door: str
) -> None:
    async with StrideHarness(sqlite_url, clock, door=door) as h:
        alice = h.user(1001, "Alice")
        replies = await h.say(alice, "/start")
        assert len(replies) >= 1
        assert "Alice" in replies[0].text
        assert "Stride" in replies[0].text
        assert await h.db.athletes.count() == 1

        await h.say(alice, "/start")
        assert await h.db.athletes.count() == 1
        record = await h.db.athletes.get(1001)
        assert record is not None
        assert record.chat_id == 1001


async def test_restart_on_the_same_database_keeps_the_athlete(
    sqlite_url: str, clock: ManualClock
) -> None:
    async with StrideHarness(sqlite_url, clock) as h:
        alice = h.user(1001, "Alice")
        await h.say(alice, "/start")
        await h.restart()
        assert await h.db.athletes.get(1001) is not None
        replies = await h.say(alice, "/start")
        assert "Welcome back" in replies[-1].text
        assert await h.db.athletes.count() == 1


async def test_help_lists_commands(harness: StrideHarness) -> None:
    replies = await harness.say(harness.user(5, "Bo"), "/help")
    assert "/start" in replies[0].text
    assert "/help" in replies[0].text


async def test_unknown_command_gets_a_helpful_answer(harness: StrideHarness) -> None:
    replies = await harness.say(harness.user(5, "Bo"), "/frobnicate now")
    assert len(replies) == 1
    assert "/frobnicate" in replies[0].text
    assert "/help" in replies[0].text


async def test_a_failing_handler_apologises_and_logs_the_update_id(
    harness: StrideHarness, caplog: pytest.LogCaptureFixture
) -> None:
    async def explode(update: Update, context: object) -> None:
        raise RuntimeError("boom")

    assert harness.app is not None
    harness.app.add_handler(CommandHandler("explode", explode), group=-5)
    with caplog.at_level(logging.ERROR):
        replies = await harness.say(harness.user(9, "Cy"), "/explode")
    assert any("Sorry, something went wrong" in m.text for m in replies)
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors, "the error was not logged"
    assert any("update" in r.getMessage() and "RuntimeError" in r.getMessage() for r in errors)
    assert all(TOKEN not in r.getMessage() for r in caplog.records)


async def test_group_chats_are_pointed_to_a_private_chat(harness: StrideHarness) -> None:
    alice = harness.user(1001, "Alice")
    group = harness.emu.group(-100500, "Club")
    await alice.send("/start", chat=group)
    await harness.settle()
    assert "private chat" in group.last().text
    assert await harness.db.athletes.count() == 0


async def test_commands_are_registered_with_telegram(harness: StrideHarness) -> None:
    calls = harness.emu.calls_to("setMyCommands")
    assert calls, "setMyCommands was not called"


async def test_a_photo_with_no_open_question_says_what_works(harness: StrideHarness) -> None:
    from tests.support.athletes import onboarded_athlete

    await onboarded_athlete(harness.db, 1001, harness.clock.now())
    alice = harness.user(1001, "Alice")
    await alice.send_photo(b"\x89PNG not really")
    await harness.settle()
    answer = alice.last().text or ""
    assert "I can only read text" in answer
    assert "still open" not in answer
