"""Drive the real Stride Application through the Bot API emulator, as an athlete would.

    async with StrideHarness(db_url, clock) as h:
        alice = h.user(1001, "Alice")
        replies = await h.say(alice, "/start")
        await h.restart()          # a new Application on the same database

``settle`` waits until every update has been fetched and fully processed (the emulator is
idle and no handler is running), so tests never sleep.
"""

from __future__ import annotations

import asyncio
from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.app import StrideApp, build_application, polling
from bot.deps import Deps, deps_of
from bot.ratelimit import StrideRateLimiter
from botapi_emulator import (
    BotAPIEmulator,
    EmulatedUser,
    EmulatorHTTPServer,
    EmulatorRequest,
    MessageView,
)
from scheduler.clock import ManualClock
from storage.database import Database

TOKEN = "123456:TEST-token-not-a-secret"


class TrackedApplication(Application[Any, Any, Any, Any, Any, Any]):
    """Counts updates in flight, so a test knows when the bot has finished with one."""

    busy = 0

    async def process_update(self, update: object) -> None:
        type(self).busy += 1
        try:
            await super().process_update(update)
        finally:
            type(self).busy -= 1


class StrideHarness:
    def __init__(
        self,
        db_url: str,
        clock: ManualClock,
        *,
        door: str = "inprocess",
        rate_limiter: StrideRateLimiter | None = None,
        **deps_fields: Any,
    ) -> None:
        self.db_url = db_url
        self.rate_limiter = rate_limiter
        self.clock = clock
        self.door = door
        self.emu = BotAPIEmulator(token=TOKEN, clock=clock.now)
        self.deps_fields = deps_fields
        self.app: StrideApp | None = None
        self._server: EmulatorHTTPServer | None = None
        self._running: AbstractAsyncContextManager[StrideApp] | None = None

    async def __aenter__(self) -> StrideHarness:
        if self.door == "http":
            self._server = EmulatorHTTPServer(self.emu)
            await self._server.__aenter__()
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
        if self._server is not None:
            await self._server.__aexit__(exc_type, exc, tb)

    async def start(self) -> None:
        if self._server is not None:
            base_url, request = self._server.base_url, None
        else:
            base_url, request = self.emu.base_url, EmulatorRequest(self.emu)
        app = build_application(
            token=TOKEN,
            base_url=base_url,
            deps=Deps(database_url=self.db_url, clock=self.clock, **self.deps_fields),
            request=request,
            rate_limiter=self.rate_limiter or False,
            application_class=TrackedApplication,
        )
        self._running = polling(app, poll_timeout=0.5 if self._server else 5.0)
        self.app = await self._running.__aenter__()

    async def stop(self) -> None:
        if self._running is not None:
            await self.settle()
            await self._running.__aexit__(None, None, None)
            self._running = None
            self.app = None

    async def restart(self) -> None:
        """Stop the Application and build a new one on the same database: a process restart."""
        await self.stop()
        await self.start()

    @property
    def db(self) -> Database:
        assert self.app is not None
        return deps_of(self.app).db

    @property
    def deps(self) -> Deps:
        assert self.app is not None
        return deps_of(self.app)

    def user(self, user_id: int, first_name: str = "Alice", **kwargs: Any) -> EmulatedUser:
        return self.emu.user(user_id, first_name, **kwargs)

    async def settle(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            await self.emu.wait_idle(quiet=0.01, timeout=max(deadline - loop.time(), 0.01))
            # Updates are handled concurrently (bot.updates): one taken off the queue may
            # still wait for its chat's turn; PTB marks it done only when it is handled.
            queue_empty = self.app is None or self.app.update_queue._unfinished_tasks == 0
            if queue_empty and TrackedApplication.busy == 0 and not self.emu.pending_updates():
                await asyncio.sleep(0)
                if TrackedApplication.busy == 0:
                    return
            if loop.time() > deadline:
                raise TimeoutError("the bot did not settle")
            await asyncio.sleep(0.005)

    async def say(self, user: EmulatedUser, text: str, **kwargs: Any) -> list[MessageView]:
        """Send ``text`` as ``user``; the bot's messages sent in reply, once it has settled."""
        before = _last_id(user)
        await user.send(text, **kwargs)
        await self.settle()
        return [m for m in user.messages() if m.message_id > before]

    async def press(
        self, user: EmulatedUser, message: MessageView, text: str | None = None, **kwargs: Any
    ) -> MessageView:
        """Press a button of ``message``; returns that message as it is afterwards."""
        await user.press(message, text, **kwargs)
        await self.settle()
        return self.emu.message(message.chat_id, message.message_id)


def _last_id(user: EmulatedUser) -> int:
    messages = user.messages()
    return messages[-1].message_id if messages else 0


__all__ = ["TOKEN", "StrideHarness", "TrackedApplication", "Update"]
