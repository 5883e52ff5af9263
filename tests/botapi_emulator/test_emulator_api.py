"""The emulator's Bot API semantics, called directly (no PTB): what Telegram would answer."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from botapi_emulator import BotAPIEmulator, MessageEvent
from botapi_emulator.params import UploadedFile

TOKEN = "123:abc"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000100000000c08060000001f15c489")
KEYBOARD = {"inline_keyboard": [[{"text": "Yes", "callback_data": "y"}]]}


class FakeClock:
    """A settable message clock, so dates and edit dates are exact."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 7, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def emu(clock: FakeClock) -> BotAPIEmulator:
    return BotAPIEmulator(TOKEN, clock=clock)


async def call(
    emu: BotAPIEmulator, method: str, files: dict[str, UploadedFile] | None = None, **params: Any
) -> tuple[int, dict[str, Any]]:
    response = await emu.handle(emu.token, method, params, files)
    return response.status, response.body


async def result(emu: BotAPIEmulator, method: str, **params: Any) -> Any:
    status, body = await call(emu, method, **params)
    assert status == 200, body
    return body["result"]


async def error(emu: BotAPIEmulator, method: str, **params: Any) -> tuple[int, str]:
    status, body = await call(emu, method, **params)
    assert body["ok"] is False
    assert body["error_code"] == status
    return status, body["description"]


# -- transport-level rules ----------------------------------------------------------------------


async def test_get_me_describes_the_bot(emu: BotAPIEmulator) -> None:
    me = await result(emu, "getMe")
    assert me["id"] == 123
    assert me["is_bot"] is True
    assert me["username"] == "stride_bot"


async def test_wrong_token_unknown_method_and_case_insensitive_names(emu: BotAPIEmulator) -> None:
    wrong = await emu.handle("999:zzz", "getMe")
    assert (wrong.status, wrong.body["description"]) == (401, "Unauthorized")
    malformed = await emu.handle("not-a-token", "getMe")
    assert malformed.status == 404
    assert await error(emu, "sendSmokeSignal") == (404, "Not Found")
    assert (await result(emu, "GETME"))["id"] == 123


async def test_form_encoded_string_values_are_coerced(emu: BotAPIEmulator) -> None:
    emu.user(1001, started=True)
    sent = await result(
        emu, "sendMessage", chat_id="1001", text="hi", reply_markup=json.dumps(KEYBOARD)
    )
    assert sent["chat"]["id"] == 1001
    assert sent["reply_markup"] == KEYBOARD
    assert await error(emu, "sendMessage", chat_id="1001", text="x", reply_markup="{oops") == (
        400,
        "Bad Request: can't parse reply keyboard markup JSON object",
    )


# -- getUpdates ---------------------------------------------------------------------------------


async def test_get_updates_offset_confirms_and_limit_caps(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001, "Alice")
    for text in ("one", "two", "three"):
        await alice.send(text)
    first = await result(emu, "getUpdates", limit=2)
    assert [u["message"]["text"] for u in first] == ["one", "two"]
    again = await result(emu, "getUpdates")
    assert [u["update_id"] for u in again] == [u["update_id"] for u in first] + [
        again[2]["update_id"]
    ]
    rest = await result(emu, "getUpdates", offset=first[1]["update_id"] + 1)
    assert [u["message"]["text"] for u in rest] == ["three"]
    assert await result(emu, "getUpdates", offset=rest[0]["update_id"] + 1) == []
    assert emu.pending_updates() == []


async def test_negative_offset_keeps_only_the_last_updates(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001)
    for text in ("a", "b", "c"):
        await alice.send(text)
    updates = await result(emu, "getUpdates", offset=-1)
    assert [u["message"]["text"] for u in updates] == ["c"]


async def test_long_poll_returns_early_when_an_update_arrives(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001)

    async def later() -> None:
        await asyncio.sleep(0.05)
        await alice.send("wake up")

    started = time.monotonic()
    poll, _ = await asyncio.gather(result(emu, "getUpdates", timeout=5), later())
    assert time.monotonic() - started < 1.0
    assert [u["message"]["text"] for u in poll] == ["wake up"]


async def test_long_poll_returns_empty_after_timeout(emu: BotAPIEmulator) -> None:
    started = time.monotonic()
    assert await result(emu, "getUpdates", timeout=0.2) == []
    assert 0.19 <= time.monotonic() - started < 1.0


async def test_long_poll_wakes_across_threads_and_loops(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001)
    polled: list[Any] = []

    def poll_in_other_loop() -> None:
        polled.append(asyncio.run(result(emu, "getUpdates", timeout=5)))

    worker = threading.Thread(target=poll_in_other_loop)
    started = time.monotonic()
    worker.start()
    await emu.wait_for(lambda: emu.polling)
    await alice.send("from the main loop")
    await asyncio.to_thread(worker.join, 5)
    assert time.monotonic() - started < 2.0
    assert polled[0][0]["message"]["text"] == "from the main loop"


async def test_a_second_poller_terminates_the_first_with_409(emu: BotAPIEmulator) -> None:
    first = asyncio.create_task(call(emu, "getUpdates", timeout=5))
    await asyncio.sleep(0.02)
    await result(emu, "getUpdates", timeout=0)
    status, body = await asyncio.wait_for(first, 1)
    assert status == 409
    assert body["description"].startswith("Conflict: terminated by other getUpdates request")


async def test_webhook_blocks_polling_until_deleted(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001)
    await alice.send("queued")
    assert await result(emu, "setWebhook", url="https://example.org/hook") is True
    assert (await result(emu, "getWebhookInfo"))["url"] == "https://example.org/hook"
    status, description = await error(emu, "getUpdates")
    assert status == 409
    assert "webhook is active" in description
    assert await result(emu, "deleteWebhook", drop_pending_updates=True) is True
    assert await result(emu, "getUpdates") == []


# -- sending and its validation -----------------------------------------------------------------


async def test_send_message_rules(emu: BotAPIEmulator) -> None:
    emu.user(1001, started=True)
    emu.user(1002)  # never wrote to the bot
    assert await error(emu, "sendMessage", chat_id=42, text="x") == (
        400,
        "Bad Request: chat not found",
    )
    assert await error(emu, "sendMessage", chat_id=1002, text="x") == (
        403,
        "Forbidden: bot can't initiate conversation with a user",
    )
    assert await error(emu, "sendMessage", chat_id=1001, text="  \n") == (
        400,
        "Bad Request: message text is empty",
    )
    assert await error(emu, "sendMessage", chat_id=1001, text="x" * 4097) == (
        400,
        "Bad Request: message is too long",
    )
    assert await error(emu, "sendMessage", chat_id=1001, text="a<br>b", parse_mode="HTML") == (
        400,
        'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 1',
    )
    assert await error(emu, "sendMessage", chat_id=1001, text="x", parse_mode="BBCode") == (
        400,
        "Bad Request: unsupported parse_mode",
    )
    bad_button = {"inline_keyboard": [[{"text": "x", "callback_data": "d" * 65}]]}
    assert await error(emu, "sendMessage", chat_id=1001, text="x", reply_markup=bad_button) == (
        400,
        "Bad Request: BUTTON_DATA_INVALID",
    )
    assert emu.messages(1001) == []  # nothing above had a side effect
    await result(emu, "sendMessage", chat_id=1001, text="x" * 4096)


async def test_html_message_keeps_source_and_plain_text(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001, started=True)
    sent = await result(
        emu,
        "sendMessage",
        chat_id=1001,
        text="  <b>Tempo</b> run: 5 &lt; 6 km \n",
        parse_mode="HTML",
        reply_markup=KEYBOARD,
    )
    assert sent["text"] == "Tempo run: 5 < 6 km"
    assert sent["entities"] == [{"type": "bold", "offset": 0, "length": 5}]
    view = alice.last()
    assert view.text == "Tempo run: 5 < 6 km"
    assert view.html == "  <b>Tempo</b> run: 5 &lt; 6 km \n"
    assert view.buttons == [[("Yes", "y")]]
    assert view.from_bot


async def test_edits_keep_history_and_refuse_no_ops(emu: BotAPIEmulator, clock: FakeClock) -> None:
    alice = emu.user(1001, started=True)
    sent = await result(emu, "sendMessage", chat_id=1001, text="Plan?", reply_markup=KEYBOARD)
    mid = sent["message_id"]
    assert await error(
        emu, "editMessageText", chat_id=1001, message_id=mid, text="Plan?", reply_markup=KEYBOARD
    ) == (
        400,
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message",
    )
    assert await error(emu, "editMessageText", chat_id=1001, message_id=99, text="x") == (
        400,
        "Bad Request: message to edit not found",
    )
    clock.now += timedelta(minutes=5)
    edited = await result(emu, "editMessageText", chat_id=1001, message_id=mid, text="Done")
    assert edited["edit_date"] == int(clock.now.timestamp())
    assert "reply_markup" not in edited  # no reply_markup: Telegram removes the keyboard
    view = alice.last()
    assert (view.text, view.buttons, view.edit_count) == ("Done", [], 1)
    assert view.history[0].text == "Plan?"
    assert await error(emu, "editMessageReplyMarkup", chat_id=1001, message_id=mid) == (
        400,
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message",
    )
    await result(emu, "editMessageReplyMarkup", chat_id=1001, message_id=mid, reply_markup=KEYBOARD)
    assert alice.last().buttons == [[("Yes", "y")]]
    assert alice.last().edit_count == 2


async def test_user_messages_cannot_be_edited_by_the_bot(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001)
    mine = await alice.send("hello")
    assert await error(
        emu, "editMessageText", chat_id=1001, message_id=mine.message_id, text="x"
    ) == (400, "Bad Request: message can't be edited")


async def test_delete_message(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001, started=True)
    sent = await result(emu, "sendMessage", chat_id=1001, text="bye")
    assert await result(emu, "deleteMessage", chat_id=1001, message_id=sent["message_id"])
    assert alice.messages() == []
    assert await error(emu, "deleteMessage", chat_id=1001, message_id=sent["message_id"]) == (
        400,
        "Bad Request: message to delete not found",
    )


# -- the user side ------------------------------------------------------------------------------


async def test_user_updates_look_like_telegrams(emu: BotAPIEmulator, clock: FakeClock) -> None:
    alice = emu.user(1001, "Alice", username="alice", language_code="fr")
    await alice.send_command("plan", "10k")
    await alice.send_location(48.85, 2.35)
    updates = await result(emu, "getUpdates")
    message = updates[0]["message"]
    assert message["text"] == "/plan 10k"
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 5}]
    assert message["from"] == {
        "id": 1001,
        "is_bot": False,
        "first_name": "Alice",
        "username": "alice",
        "language_code": "fr",
    }
    assert message["chat"] == {
        "id": 1001,
        "type": "private",
        "first_name": "Alice",
        "username": "alice",
    }
    assert message["date"] == int(clock.now.timestamp())
    assert updates[1]["message"]["location"] == {"latitude": 48.85, "longitude": 2.35}
    assert updates[1]["message"]["message_id"] == message["message_id"] + 1


async def test_user_edits_reach_the_bot(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001)
    sent = await alice.send("10 km")
    await alice.edit(sent, "12 km")
    updates = await result(emu, "getUpdates")
    assert updates[1]["edited_message"]["text"] == "12 km"
    assert "edit_date" in updates[1]["edited_message"]


async def test_files_round_trip(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001)
    await alice.send_document(b"<gpx/>", "run.gpx", caption="my run")
    await alice.send_photo(PNG)
    updates = await result(emu, "getUpdates")
    document = updates[0]["message"]["document"]
    assert (document["file_name"], document["file_size"]) == ("run.gpx", 6)
    assert updates[0]["message"]["caption"] == "my run"
    photo = updates[1]["message"]["photo"][-1]
    assert (photo["width"], photo["height"]) == (16, 12)
    info = await result(emu, "getFile", file_id=document["file_id"])
    assert emu.download(TOKEN, info["file_path"]) == (200, b"<gpx/>")
    assert emu.download(TOKEN, "documents/nope")[0] == 404
    assert await error(emu, "getFile", file_id="nope") == (400, "Bad Request: invalid file_id")


async def test_bot_uploads_are_kept_with_their_bytes(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001, started=True)
    upload = {"photo": UploadedFile("chart.png", PNG, "image/png")}
    sent = await result_with_files(emu, "sendPhoto", upload, chat_id=1001, caption="<i>week</i>")
    assert sent["photo"][0]["width"] == 16
    doc = {"document": UploadedFile("plan.ics", b"BEGIN:VCALENDAR", None)}
    await result_with_files(emu, "sendDocument", doc, chat_id=1001)
    photo_msg, doc_msg = alice.messages()
    assert photo_msg.photo is not None
    assert photo_msg.photo.data == PNG
    assert photo_msg.text == "<i>week</i>"  # no parse_mode: caption kept literally
    assert doc_msg.document is not None
    assert (doc_msg.document.file_name, doc_msg.document.mime_type) == ("plan.ics", "text/calendar")
    broken = {"photo": UploadedFile("x.png", b"not an image", "image/png")}
    status, body = await call(emu, "sendPhoto", broken, chat_id=1001)
    assert (status, body["description"]) == (400, "Bad Request: IMAGE_PROCESS_FAILED")
    reuse = await result(emu, "sendPhoto", chat_id=1001, photo=sent["photo"][0]["file_id"])
    assert reuse["photo"][0]["file_id"] == sent["photo"][0]["file_id"]


async def result_with_files(
    emu: BotAPIEmulator, method: str, files: dict[str, UploadedFile], **params: Any
) -> Any:
    status, body = await call(emu, method, files, **params)
    assert status == 200, body
    return body["result"]


async def test_presses_callbacks_and_answers(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001, started=True)
    first = await result(emu, "sendMessage", chat_id=1001, text="Q1", reply_markup=KEYBOARD)
    await result(emu, "sendMessage", chat_id=1001, text="Q2")
    old = alice.messages()[0]
    press = await alice.press(old, "Yes")  # an older message's button still works
    update = (await result(emu, "getUpdates"))[-1]["callback_query"]
    assert update["data"] == "y"
    assert update["message"]["message_id"] == first["message_id"]
    assert update["from"]["id"] == 1001
    with pytest.raises(LookupError, match=r"has no button 'Nope'.*\('Yes', 'y'\)"):
        await alice.press(old, "Nope")
    await result(emu, "answerCallbackQuery", callback_query_id=press.query_id, text="Saved")
    assert [(a.data, a.text, a.show_alert) for a in alice.callback_answers()] == [
        ("y", "Saved", False)
    ]
    assert await error(emu, "answerCallbackQuery", callback_query_id=press.query_id) == (
        400,
        "Bad Request: query is too old and response timeout expired or query ID is invalid",
    )


async def test_stale_snapshot_can_still_press_a_removed_button(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001, started=True)
    sent = await result(emu, "sendMessage", chat_id=1001, text="Q", reply_markup=KEYBOARD)
    snapshot = alice.last()
    await result(emu, "editMessageText", chat_id=1001, message_id=sent["message_id"], text="A")
    with pytest.raises(LookupError):
        await alice.press(sent["message_id"], "Yes")  # the message as it is now has no button
    press = await alice.press(snapshot, callback_data="y")  # the user's screen was stale
    assert press.data == "y"
    update = (await result(emu, "getUpdates"))[-1]["callback_query"]
    assert update["message"]["text"] == "A"  # Telegram sends the current message


async def test_group_chats_are_separate_from_private_ones(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001, "Alice")
    group = emu.group(-1001234567890, "Trail crew")
    await alice.send("/start@stride_bot", chat=group)
    message = (await result(emu, "getUpdates"))[0]["message"]
    assert message["chat"] == {"id": -1001234567890, "type": "supergroup", "title": "Trail crew"}
    assert message["entities"][0]["length"] == len("/start@stride_bot")
    await result(emu, "sendMessage", chat_id=group.id, text="Talk to me in private")
    assert group.last().text == "Talk to me in private"
    assert alice.messages() == []
    assert alice.messages(group)[0].text == "Talk to me in private"


async def test_blocking_the_bot(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001)
    await alice.send("/start")
    await alice.block_bot()
    assert await error(emu, "sendMessage", chat_id=1001, text="hi") == (
        403,
        "Forbidden: bot was blocked by the user",
    )
    updates = await result(emu, "getUpdates")
    member = updates[-1]["my_chat_member"]
    assert (member["old_chat_member"]["status"], member["new_chat_member"]["status"]) == (
        "member",
        "kicked",
    )
    await alice.send("/start")  # restarting the bot unblocks it
    assert not alice.blocked_bot
    await result(emu, "sendMessage", chat_id=1001, text="welcome back")


async def test_commands_per_scope_and_language(emu: BotAPIEmulator) -> None:
    commands = [{"command": "plan", "description": "This week's plan"}]
    assert await result(emu, "setMyCommands", commands=commands) is True
    assert await result(emu, "setMyCommands", commands=[], language_code="fr") is True
    assert await result(emu, "getMyCommands") == commands
    assert await result(emu, "getMyCommands", language_code="fr") == []
    bad = [{"command": "Plan!", "description": "x"}]
    assert await error(emu, "setMyCommands", commands=bad) == (
        400,
        "Bad Request: BOT_COMMAND_INVALID",
    )


# -- observation --------------------------------------------------------------------------------


async def test_call_log_stats_and_listeners(emu: BotAPIEmulator) -> None:
    events: list[MessageEvent] = []
    unsubscribe = emu.subscribe(events.append)
    emu.user(1001, started=True)
    sent = await result(emu, "sendMessage", chat_id=1001, text="a")
    await result(emu, "editMessageText", chat_id=1001, message_id=sent["message_id"], text="b")
    await call(emu, "sendMessage", chat_id=7, text="x")
    unsubscribe()
    await result(emu, "sendMessage", chat_id=1001, text="c")
    assert [(e.kind, e.message.text) for e in events] == [("sent", "a"), ("edited", "b")]
    assert [(c.method, c.status) for c in emu.calls] == [
        ("sendMessage", 200),
        ("editMessageText", 200),
        ("sendMessage", 400),
        ("sendMessage", 200),
    ]
    assert emu.calls[2].description == "Bad Request: chat not found"
    assert emu.calls[0].params == {"chat_id": 1001, "text": "a"}
    assert (emu.stats.messages_sent, emu.stats.edits, emu.stats.errors) == (2, 1, 1)


async def test_wait_for_and_wait_idle(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001)
    with pytest.raises(TimeoutError, match="never"):
        await emu.wait_for(lambda: False, timeout=0.05, description="never")
    await emu.wait_idle(quiet=0.01)  # nothing queued
    await alice.send("hi")
    with pytest.raises(TimeoutError, match="updates are still queued"):
        await emu.wait_idle(quiet=0.01, timeout=0.05)
    await result(emu, "getUpdates")
    await emu.wait_idle(quiet=0.01, timeout=1)
    assert await emu.wait_for(lambda: len(emu.calls), timeout=1) == 1
