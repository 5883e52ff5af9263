"""Files from the user to the bot and back, through both doors: what run files in, workouts
and calendars out need (issue 17)."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from telegram import InputFile, Update
from telegram.error import BadRequest
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from botapi_emulator import BotAPIEmulator, EmulatorHTTPServer
from botapi_emulator.methods import MAX_DOWNLOAD
from botapi_emulator.testing import running
from tests.support.emulator_helpers import DOORS, Door, open_door

TOKEN = "123:abc"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000100000000c08060000001f15c489")
FIT = b"\x0e\x20\x00\x00\x10\x00\x00\x00.FIT" + bytes(range(200))


@pytest.fixture
def emu() -> BotAPIEmulator:
    return BotAPIEmulator(TOKEN)


@pytest.fixture(params=DOORS)
async def door(request: pytest.FixtureRequest, emu: BotAPIEmulator) -> AsyncIterator[Door]:
    async with open_door(emu, request.param) as opened:
        yield opened


async def on_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Download what was sent, say what it was, and send a workout file back."""
    message = update.effective_message
    assert message is not None
    media = message.document or (message.photo[-1] if message.photo else None)
    assert media is not None
    try:
        file = await media.get_file()
    except BadRequest as error:
        await message.reply_text(f"cannot download: {error.message.lower()}")
        return
    data = bytes(await file.download_as_bytearray())
    name = message.document.file_name if message.document else "photo"
    await message.reply_text(f"{name}: {len(data)} bytes, caption {message.caption!r}")
    if message.document is not None:
        await message.reply_document(
            InputFile(data[::-1], filename="workout.fit"), caption="for your watch"
        )


def file_app(
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any],
) -> Application[Any, Any, Any, Any, Any, Any]:
    app = builder.build()
    app.add_handler(MessageHandler(filters.Document.ALL | filters.PHOTO, on_file))
    return app


async def test_a_run_file_with_a_caption_is_downloaded_and_a_file_comes_back(door: Door) -> None:
    alice = door.emu.user(1001, "Alice")
    async with running(file_app(door.builder()), poll_timeout=1):
        sent = await alice.send_document(FIT, "Morning_Run.fit", caption="10k 52min rpe 6")
        await alice.wait_for_messages(2)
        await door.emu.wait_idle()
    assert sent.document is not None
    assert (sent.document.file_name, sent.text) == ("Morning_Run.fit", "10k 52min rpe 6")
    said, back = alice.messages()
    assert said.text == f"Morning_Run.fit: {len(FIT)} bytes, caption '10k 52min rpe 6'"
    assert back.document is not None
    assert (back.document.file_name, back.document.data) == ("workout.fit", FIT[::-1])
    assert back.text == "for your watch"
    assert [c.method for c in door.emu.calls if c.method != "getUpdates"][-3:] == [
        "getFile",
        "sendMessage",
        "sendDocument",
    ]


async def test_a_photo_with_a_caption_is_read_and_downloaded(door: Door) -> None:
    alice = door.emu.user(1001, "Alice")
    async with running(file_app(door.builder()), poll_timeout=1):
        await alice.send_photo(PNG, caption="ran 10k in 52 min, rpe 6", mime_type="image/png")
        await alice.wait_for_messages(1)
        await door.emu.wait_idle()
    [said] = alice.messages()
    assert said.text == f"photo: {len(PNG)} bytes, caption 'ran 10k in 52 min, rpe 6'"


async def test_a_file_over_20_mb_cannot_be_downloaded(door: Door) -> None:
    alice = door.emu.user(1001, "Alice")
    async with running(file_app(door.builder()), poll_timeout=1):
        sent = await alice.send_document(b"\0" * (MAX_DOWNLOAD + 1), "huge.fit")
        await alice.wait_for_messages(1)
        await door.emu.wait_idle()
    assert sent.document is not None
    assert sent.document.size == MAX_DOWNLOAD + 1  # the bot sees the size before asking
    assert alice.last().text == "cannot download: file is too big"
    [refused] = door.emu.calls_to("getFile")
    assert (refused.status, refused.description) == (400, "Bad Request: file is too big")


async def test_the_control_api_sends_documents_and_photos_for_another_process(
    emu: BotAPIEmulator,
) -> None:
    async with EmulatorHTTPServer(emu) as server:
        root = server.base_url.removesuffix("/bot")
        async with httpx.AsyncClient(timeout=5) as client:
            doc = await client.post(
                f"{root}/_emulator/users/1001/send_document",
                json={
                    "data_base64": base64.b64encode(FIT).decode(),
                    "filename": "run.fit",
                    "caption": "easy 8k",
                },
            )
            photo = await client.post(
                f"{root}/_emulator/users/1001/send_photo",
                json={"data_base64": base64.b64encode(PNG).decode(), "mime_type": "image/png"},
            )
            bad = await client.post(
                f"{root}/_emulator/users/1001/send_document",
                json={"data_base64": "not base64!", "filename": "x.fit"},
            )
            updates = (await client.get(f"{server.base_url}{TOKEN}/getUpdates")).json()["result"]
    assert doc.json()["result"]["document"]["file_name"] == "run.fit"
    assert doc.json()["result"]["text"] == "easy 8k"
    assert photo.json()["result"]["photo"]["size"] == len(PNG)
    assert bad.status_code == 400
    first, second = (u["message"] for u in updates)
    assert (first["document"]["file_name"], first["caption"]) == ("run.fit", "easy 8k")
    assert first["document"]["file_size"] == len(FIT)
    assert second["photo"][-1]["width"] == 16
    file_id = first["document"]["file_id"]
    assert emu.download(TOKEN, emu.world.files[file_id].file_path) == (200, FIT)
