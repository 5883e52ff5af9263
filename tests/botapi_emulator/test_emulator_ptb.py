"""A real PTB Application and Bot against both emulator doors (in-process and HTTP)."""

from __future__ import annotations

import asyncio
import datetime as dtm
import os
import re
import selectors
import signal
import subprocess
import sys
import time
import warnings
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from botapi_emulator import BotAPIEmulator, EmulatorHTTPServer
from botapi_emulator.testing import running
from tests.support.emulator_helpers import DOORS, Door, open_door

TOKEN = "123:abc"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000100000000c08060000001f15c489")
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def emu() -> BotAPIEmulator:
    return BotAPIEmulator(TOKEN)


@pytest.fixture(params=DOORS)
async def door(request: pytest.FixtureRequest, emu: BotAPIEmulator) -> AsyncIterator[Door]:
    async with open_door(emu, request.param) as opened:
        yield opened


# -- a tiny bot ---------------------------------------------------------------------------------


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Easy", callback_data="easy")],
            [InlineKeyboardButton("Hard", callback_data="hard")],
        ]
    )
    await update.effective_message.reply_text(
        "<b>How did it feel?</b>", parse_mode="HTML", reply_markup=keyboard
    )


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer(f"Logged {query.data}")
    await query.edit_message_text(f"Logged: <i>{query.data}</i>", parse_mode="HTML")


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    assert message.document is not None
    file = await message.document.get_file()
    data = await file.download_as_bytearray()
    await message.reply_text(f"got {len(data)} bytes: {bytes(data).decode()}")
    await message.reply_photo(InputFile(PNG, filename="chart.png"), caption="your week")


def stride_like_app(
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any],
) -> Application[Any, Any, Any, Any, Any, Any]:
    app = builder.build()
    app.add_handler(CommandHandler("start", on_start))
    app.add_handler(CallbackQueryHandler(on_press))
    app.add_handler(MessageHandler(filters.Document.ALL, on_document))
    return app


# -- both doors ---------------------------------------------------------------------------------


async def test_start_keyboard_press_edit(door: Door) -> None:
    emu = door.emu
    alice = emu.user(1001, "Alice")
    async with running(stride_like_app(door.builder()), poll_timeout=1):
        await alice.send("/start")
        [question] = await alice.wait_for_messages(1)
        assert question.text == "How did it feel?"
        assert question.html == "<b>How did it feel?</b>"
        assert question.buttons == [[("Easy", "easy")], [("Hard", "hard")]]
        await alice.press(question, "Hard")
        await emu.wait_for(lambda: alice.last().edited)
        await emu.wait_idle()
    final = alice.last()
    assert (final.text, final.buttons, final.edit_count) == ("Logged: hard", [], 1)
    assert [(a.text, a.data) for a in alice.callback_answers()] == [("Logged hard", "hard")]
    assert {c.door for c in emu.calls} == {door.name}
    assert all(c.ok for c in emu.calls), [c for c in emu.calls if not c.ok]
    assert [c.method for c in emu.calls if c.method != "getUpdates"] == [
        "getMe",
        "deleteWebhook",
        "sendMessage",
        "answerCallbackQuery",
        "editMessageText",
    ]


async def test_files_travel_both_ways(door: Door) -> None:
    alice = door.emu.user(1001, "Alice")
    async with running(stride_like_app(door.builder()), poll_timeout=1):
        await alice.send_document(b"<gpx>trail</gpx>", "trail.gpx")
        await alice.wait_for_messages(2)
        await door.emu.wait_idle()
    text, photo = alice.messages()
    assert text.text == "got 16 bytes: <gpx>trail</gpx>"
    assert photo.photo is not None
    assert (photo.photo.data, photo.photo.width, photo.photo.height) == (PNG, 16, 12)
    assert photo.text == "your week"
    upload = door.emu.calls_to("sendPhoto")[0]
    assert upload.files == ("photo",)


async def test_ptb_raises_the_matching_exceptions(door: Door) -> None:
    emu = door.emu
    emu.user(1001, started=True)
    emu.user(1002, started=True)
    emu.block(1002)
    async with door.bot() as bot:
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(42, "x")
        with pytest.raises(BadRequest, match="Can't parse entities: unsupported start tag"):
            await bot.send_message(1001, "1 < 2", parse_mode="HTML")
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(1002, "x")
        emu.faults.fail_next(1, "429", "sendMessage", retry_after=3)
        with pytest.raises(RetryAfter) as flood:
            await bot.send_message(1001, "x")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert flood.value.retry_after in (3, dtm.timedelta(seconds=3))
        emu.faults.fail_next(1, "5xx", "sendMessage")
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(1001, "x")
        sent = await bot.send_message(1001, "same")
        with pytest.raises(BadRequest, match="Message is not modified"):
            await sent.edit_text("same")
    assert [m.text for m in emu.messages(1001)] == ["same"]
    with pytest.raises(InvalidToken, match="rejected by the server"):
        async with door.bot(token="123:wrong"):
            pass


async def test_timeout_fault_makes_ptb_time_out(door: Door) -> None:
    door.emu.user(1001, started=True)
    async with door.bot(read_timeout=0.3) as bot:
        door.emu.faults.fail_next(1, "timeout", "sendMessage")
        with pytest.raises(TimedOut):
            await bot.send_message(1001, "lost")
        assert door.emu.messages(1001) == []
        await bot.send_message(1001, "delivered")
    assert [m.text for m in door.emu.messages(1001)] == ["delivered"]


# -- HTTP door specifics ------------------------------------------------------------------------


async def test_server_in_a_background_thread(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001, "Alice")
    with EmulatorHTTPServer(emu) as server:
        builder = (
            ApplicationBuilder()
            .token(TOKEN)
            .base_url(server.base_url)
            .base_file_url(server.base_file_url)
        )
        async with running(stride_like_app(builder), poll_timeout=1):
            await emu.wait_for(lambda: emu.polling)
            await alice.send("/start")  # wakes a poll parked in the server thread's loop
            await alice.wait_for_messages(1, timeout=2)
    assert alice.last().text == "How did it feel?"


async def test_http_accepts_json_form_and_get(emu: BotAPIEmulator) -> None:
    emu.user(1001, started=True)
    async with EmulatorHTTPServer(emu) as server, httpx.AsyncClient() as client:
        base = f"{server.base_url}{TOKEN}"
        as_json = await client.post(f"{base}/sendMessage", json={"chat_id": 1001, "text": "j"})
        as_form = await client.post(f"{base}/sendMessage", data={"chat_id": "1001", "text": "f"})
        as_get = await client.get(f"{base}/getMe")
        unknown = await client.get(f"{base}/nope")
        bad_json = await client.post(
            f"{base}/sendMessage",
            content=b"{",
            headers={"Content-Type": "application/json"},
        )
    assert (as_json.status_code, as_form.status_code, as_get.status_code) == (200, 200, 200)
    assert as_get.json()["result"]["username"] == "stride_bot"
    assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert bad_json.status_code == 400
    assert [m.text for m in emu.messages(1001)] == ["j", "f"]


def _read_line(process: subprocess.Popen[str], timeout: float) -> str:
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise TimeoutError("the emulator CLI printed nothing")
    return process.stdout.readline()


def test_cli_serves_until_sigterm() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "botapi_emulator", "--port", "0", "--token", TOKEN],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = _read_line(process, 20)
        match = re.search(r"base_url=(\S+)", line)
        assert match, line
        base_url = match[1]
        root = base_url.removesuffix("/bot")
        with httpx.Client(timeout=5) as client:
            assert client.get(f"{base_url}{TOKEN}/getMe").json()["result"]["id"] == 123
            sent = client.post(f"{root}/_emulator/users/1001/send", json={"text": "/start"})
            assert sent.json()["result"]["text"] == "/start"
            updates = client.get(f"{base_url}{TOKEN}/getUpdates").json()["result"]
            assert updates[0]["message"]["entities"][0]["type"] == "bot_command"
            client.post(f"{base_url}{TOKEN}/sendMessage", data={"chat_id": 1001, "text": "hi"})
            seen = client.get(f"{root}/_emulator/chats/1001/messages").json()["result"]
            assert [m["text"] for m in seen] == ["hi"]
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


async def test_stopping_the_server_releases_a_parked_poll(emu: BotAPIEmulator) -> None:
    server = EmulatorHTTPServer(emu)
    await server.start()
    async with httpx.AsyncClient(timeout=10) as client:
        poll = asyncio.create_task(
            client.get(f"{server.base_url}{TOKEN}/getUpdates", params={"timeout": 30})
        )
        await emu.wait_for(lambda: emu.polling)
        started = time.monotonic()
        await server.stop()
        with pytest.raises(httpx.HTTPError):
            await poll
    assert time.monotonic() - started < 2.0
