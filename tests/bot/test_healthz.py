"""Webhook mode: Stride's own server takes Telegram's updates (only with the secret) and
answers a load balancer's GET /healthz with the process, the database and the scheduler."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bot.app import build_application
from bot.deps import Deps, deps_of
from bot.webhook import serve_webhook
from botapi_emulator import BotAPIEmulator, EmulatorRequest
from scheduler.clock import ManualClock

TOKEN = "123456:TEST-token-not-a-secret"
SECRET = "s3cret-token"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def served(
    sqlite_url: str, clock: ManualClock
) -> AsyncIterator[tuple[BotAPIEmulator, Any, str]]:
    emu = BotAPIEmulator(token=TOKEN, clock=clock.now)
    app = build_application(
        token=TOKEN,
        base_url=emu.base_url,
        deps=Deps(database_url=sqlite_url, clock=clock, tick_seconds=3600),
        request=EmulatorRequest(emu),
        rate_limiter=False,
        updater=False,
    )
    port, stop = _free_port(), asyncio.Event()
    task = asyncio.create_task(
        serve_webhook(
            app,
            listen="127.0.0.1",
            port=port,
            url_path="telegram",
            webhook_url="https://coach.example/telegram",
            secret=SECRET,
            allowed_updates=["message"],
            stop=stop,
        )
    )
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=base, timeout=5) as client:
        for _ in range(200):
            try:
                await client.get("/healthz")
                break
            except httpx.TransportError:
                await asyncio.sleep(0.05)
    try:
        yield emu, app, base
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)


async def test_healthz_says_process_database_and_scheduler(
    served: tuple[BotAPIEmulator, Any, str],
) -> None:
    _emu, app, base = served
    async with httpx.AsyncClient(base_url=base, timeout=5) as client:
        response = await client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["process"]["ok"] is True
    assert body["database"] == {"ok": True}
    assert body["scheduler"]["running"] is True
    assert body["scheduler"]["last_tick_age_s"] is None, "no tick yet (every hour here)"

    # A tick finishes: its age is reported.
    scheduler = deps_of(app).scheduler
    assert scheduler is not None
    await scheduler.tick_now()
    async with httpx.AsyncClient(base_url=base, timeout=5) as client:
        body = (await client.get("/healthz")).json()
    assert body["scheduler"]["ticks"] == 1
    assert 0 <= body["scheduler"]["last_tick_age_s"] < 60


async def test_healthz_is_503_when_the_database_is_gone(
    served: tuple[BotAPIEmulator, Any, str],
) -> None:
    _emu, app, base = served
    deps = deps_of(app)
    database = deps.database
    assert database is not None
    deps.database = None  # as if the database had been lost
    try:
        async with httpx.AsyncClient(base_url=base, timeout=5) as client:
            response = await client.get("/healthz")
    finally:
        deps.database = database
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False}
    assert response.json()["ok"] is False


async def test_the_update_route_needs_the_secret(
    served: tuple[BotAPIEmulator, Any, str],
) -> None:
    emu, _app, base = served
    alice = emu.user(1001, "Alice")
    emu.user_message(alice.id, chat=None, text="/start")
    update = json.dumps(emu.pending_updates()[-1])
    headers = {"Content-Type": "application/json"}
    async with httpx.AsyncClient(base_url=base, timeout=5) as client:
        wrong = await client.post(
            "/telegram",
            content=update,
            headers={**headers, "X-Telegram-Bot-Api-Secret-Token": "wrong"},
        )
        assert wrong.status_code == 403
        right = await client.post(
            "/telegram",
            content=update,
            headers={**headers, "X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
        assert right.status_code == 200
    for _ in range(200):
        if alice.messages():
            break
        await asyncio.sleep(0.05)
    assert "Stride" in (alice.messages()[0].text or "")
    [hook] = emu.calls_to("setWebhook")
    assert hook.params["url"] == "https://coach.example/telegram"
