"""A Telegram Bot API emulator, so the real PTB ``Application`` runs with no network.

Tests and ``stride demo`` use it to drive the bot exactly as Telegram would: the bot calls
the Bot API (through one of two doors), users act through a small user-side API, and
everything the bot sent can be read back as a user would see it.

Doors::

    emu = BotAPIEmulator(token="123:abc", clock=lambda: fixed_utc_datetime)

    # 1. in-process (no sockets): PTB's Bot/Application run unchanged
    app = wire_builder(emu, ApplicationBuilder()).build()
    # == ApplicationBuilder().token(emu.token).base_url(emu.base_url)
    #      .base_file_url(emu.base_file_url).request(EmulatorRequest(emu))
    #      .get_updates_request(EmulatorRequest(emu)).build()

    # 2. HTTP on 127.0.0.1 (PTB's default HTTPXRequest; or another process)
    async with EmulatorHTTPServer(emu) as srv:          # in this event loop
        app = ApplicationBuilder().token(emu.token).base_url(srv.base_url)
              .base_file_url(srv.base_file_url).build()
    with EmulatorHTTPServer(emu, port=8081) as srv: ... # background thread
    # CLI: python -m botapi_emulator --port 8081 --token 123:abc

User side::

    alice = emu.user(1001, "Alice", username="alice", language_code="en")
    await alice.send("/start")            # -> MessageView; /commands get bot_command entities
    await alice.send_command("plan", "5k")
    await alice.send_photo(png_bytes, caption="my watch")
    await alice.send_document(gpx_bytes, "run.gpx")
    await alice.send_location(48.85, 2.35)
    await alice.edit(sent, "new text")    # edited_message update
    await alice.press(alice.last(), "Yes")          # by label, or callback_data="yes"
    alice.messages()   # bot messages in her chat: .text (plain), .html (as sent),
                       # .buttons [[(text, data)]], .edit_count, .photo/.document (bytes)
    alice.last(); alice.callback_answers(); await alice.block_bot()
    group = emu.group(-100123, "Runners"); await alice.send("hi", chat=group)

Waiting and inspection::

    await emu.wait_idle(quiet=0.05, timeout=5)   # updates fetched, no call for `quiet` s
    emu.track_handling()                         # fetched updates stay in hand until ...
    emu.handled(update_id)                       # ... the bot reports each one handled;
    await emu.wait_handled(timeout=5); emu.idle  # idle: nothing queued, nothing in hand
    await emu.wait_for(lambda: len(alice.messages()) == 2, timeout=5)
    emu.calls, emu.calls_to("sendMessage"), emu.stats, emu.pending_updates()
    emu.messages(chat_id, include_user=False, after=0), emu.last_message(chat_id)
    emu.message(chat_id, message_id)
    emu.subscribe(listener)                      # MessageEvent on send/edit/delete

Reads cost what they return, not the history: ``alice.last()``, ``emu.message(...)``,
``emu.calls_to(...)`` and a user's presses are indexed (per chat, per method, per user), and
views are built (and their JSON copied) only for the messages returned, so long tests and
fuzz runs keep their pace. Every view is a snapshot of its own: later calls, and changes the
caller makes to it, do not show through.

Failure injection::

    emu.faults.fail_next(2, "429", {"sendMessage"}, retry_after=3)
    emu.faults.fail_fraction(0.1, "5xx", seed=7)   # kinds: 429, 5xx, timeout, timeout_after, 403
    emu.block(user_id); emu.unblock(user_id); emu.faults.clear()
    emu.enforce_rate_limits(per_bot_per_second=30, per_chat_per_second=1)

Faults with ``methods=None`` hit every method except ``getUpdates``. Faulted calls have no
side effect, except ``timeout_after`` (delivered, but the bot sees a time-out).
"""

from __future__ import annotations

from botapi_emulator.core import ApiResponse, BotAPIEmulator, EmulatorStats
from botapi_emulator.errors import ApiError
from botapi_emulator.faults import FaultKind, FaultSwitches
from botapi_emulator.http_server import EmulatorHTTPServer
from botapi_emulator.ratelimit import RateLimiter
from botapi_emulator.request import EmulatorRequest, wire_builder
from botapi_emulator.users import EmulatedGroup, EmulatedUser
from botapi_emulator.views import (
    ApiCall,
    Button,
    CallbackAnswer,
    FileInfo,
    MessageEvent,
    MessageView,
)

__all__ = [
    "ApiCall",
    "ApiError",
    "ApiResponse",
    "BotAPIEmulator",
    "Button",
    "CallbackAnswer",
    "EmulatedGroup",
    "EmulatedUser",
    "EmulatorHTTPServer",
    "EmulatorRequest",
    "EmulatorStats",
    "FaultKind",
    "FaultSwitches",
    "FileInfo",
    "MessageEvent",
    "MessageView",
    "RateLimiter",
    "wire_builder",
]
