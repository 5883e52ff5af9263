"""The emulator's idle as the bot knows it: with handling tracked, an update fetched stays in
hand until the bot says it is handled, however long the bot is silent meanwhile."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from botapi_emulator import BotAPIEmulator

TOKEN = "123:abc"


async def fetch(emu: BotAPIEmulator, **params: Any) -> list[dict[str, Any]]:
    response = await emu.handle(emu.token, "getUpdates", params, None)
    assert response.status == 200
    result: list[dict[str, Any]] = response.body["result"]
    return result


async def test_an_update_in_hand_is_not_idle_however_quiet() -> None:
    emu = BotAPIEmulator(TOKEN)
    emu.track_handling()
    alice = emu.user(1001, "Alice")
    assert emu.idle
    await alice.send("ran 10k")
    assert not emu.idle, "queued"
    [update] = await fetch(emu)
    await emu.wait_idle(quiet=0.1, timeout=2)  # silence says idle ...
    assert not emu.idle, "... but the bot has not finished with it"
    assert emu.in_hand() == [update["update_id"]]
    with pytest.raises(TimeoutError, match="in hand"):
        await emu.wait_handled(timeout=0.1)

    waiter = asyncio.create_task(emu.wait_handled(timeout=2))
    await asyncio.sleep(0.05)
    assert not waiter.done()
    emu.handled(update["update_id"])
    await waiter
    assert emu.idle
    assert await fetch(emu, offset=update["update_id"] + 1) == []


async def test_without_tracking_idle_means_every_update_fetched() -> None:
    emu = BotAPIEmulator(TOKEN)
    await emu.user(1001, "Alice").send("hi")
    assert not emu.idle
    await fetch(emu)
    assert emu.idle
    await emu.wait_handled(timeout=1)
