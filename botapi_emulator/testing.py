"""Helpers to run a real PTB ``Application`` against the emulator (tests and the demo).

Starting and stopping polling correctly (``async with app`` + ``updater.start_polling`` +
``app.start`` and the reverse) is easy to get subtly wrong and every emulator-driven test
needs it, so it lives here once.
"""

from __future__ import annotations

import datetime as dtm
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from telegram.ext import Application

A = TypeVar("A", bound="Application[Any, Any, Any, Any, Any, Any]")


@asynccontextmanager
async def running(app: A, *, poll_timeout: float = 1.0) -> AsyncIterator[A]:
    """Initialize ``app``, poll the emulator and process updates; stop cleanly on exit.

    ``poll_timeout`` is getUpdates' long-poll timeout: short keeps shutdown quick over HTTP,
    where a parked poll is only released when PTB closes the connection.
    """
    async with app:
        assert app.updater is not None, "build the Application with an Updater"
        await app.updater.start_polling(
            poll_interval=0.0, timeout=dtm.timedelta(seconds=poll_timeout)
        )
        await app.start()
        try:
            yield app
        finally:
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
