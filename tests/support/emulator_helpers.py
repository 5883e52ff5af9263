"""Reach the Bot API emulator through either door, so a test can run on both.

``open_door(emu, "in-process")`` wires PTB straight to the emulator (fast, no sockets);
``open_door(emu, "http")`` serves it on 127.0.0.1 and uses PTB's default HTTPXRequest, which
also exercises httpx, form/multipart encoding and real time-outs. Parametrize a fixture with
``DOORS`` to run the same test through both.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Literal

from telegram import Bot
from telegram.ext import ApplicationBuilder
from telegram.request import HTTPXRequest

from botapi_emulator import BotAPIEmulator, EmulatorHTTPServer, EmulatorRequest, wire_builder

DoorName = Literal["in-process", "http"]
DOORS: tuple[DoorName, ...] = ("in-process", "http")


class Door:
    """Builds Applications and Bots connected to one emulator through one door."""

    def __init__(
        self, name: DoorName, emu: BotAPIEmulator, server: EmulatorHTTPServer | None
    ) -> None:
        self.name = name
        self.emu = emu
        self.server = server

    @property
    def base_url(self) -> str:
        """The Bot API base URL PTB should use (``TELEGRAM_API_BASE_URL``)."""
        return self.server.base_url if self.server else self.emu.base_url

    @property
    def base_file_url(self) -> str:
        """The file download base URL PTB should use."""
        return self.server.base_file_url if self.server else self.emu.base_file_url

    def builder(self) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
        """An ApplicationBuilder already pointed at the emulator (add handlers, then build)."""
        if self.server is None:
            return wire_builder(self.emu, ApplicationBuilder())
        return (
            ApplicationBuilder()
            .token(self.emu.token)
            .base_url(self.base_url)
            .base_file_url(self.base_file_url)
        )

    def bot(self, token: str | None = None, *, read_timeout: float = 5.0) -> Bot:
        """A bare ``Bot`` (use ``async with``); a short ``read_timeout`` suits time-out faults."""
        token = token or self.emu.token
        if self.server is None:
            request = EmulatorRequest(self.emu, read_timeout=read_timeout)
            return Bot(token, self.base_url, self.base_file_url, request, request)
        return Bot(
            token,
            self.base_url,
            self.base_file_url,
            request=HTTPXRequest(read_timeout=read_timeout),
        )


@asynccontextmanager
async def open_door(emu: BotAPIEmulator, name: DoorName) -> AsyncIterator[Door]:
    """Yield a :class:`Door`; the HTTP server (if any) stops when the block exits."""
    if name == "in-process":
        yield Door(name, emu, None)
        return
    async with EmulatorHTTPServer(emu) as server:
        yield Door(name, emu, server)
