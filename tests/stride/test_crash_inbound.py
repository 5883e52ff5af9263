"""Nothing typed is lost, with a real process and a real kill: `stride run` on PostgreSQL,
against the HTTP emulator. A row lock on the athlete makes the handler of "/pause" wait after
the inbox has kept the message; the process is killed with SIGKILL; the lock goes; the
restarted process handles "/pause" once: the reply is sent and the pause stored.

PostgreSQL only (``FOR NO KEY UPDATE`` holds the athlete's row for writers, while the
inbox's insert, which only checks the row exists, goes through).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from botapi_emulator import BotAPIEmulator, EmulatorHTTPServer
from scheduler.clock import SystemClock
from storage.database import Database
from storage.engine import create_engine
from tests.support.athletes import onboarded_athlete
from tests.support.databases import POSTGRES_URL, reset_postgres

TOKEN = "123:abc"
ALICE = 1001
PAUSED = "Coaching paused"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not POSTGRES_URL, reason="STRIDE_TEST_POSTGRES_URL is not set"),
]


def _start(server: EmulatorHTTPServer, cwd: Path) -> subprocess.Popen[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "DATABASE_URL", "STRIDE_MODE", "WEBHOOK_"))
    }
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=server.base_url,
        DATABASE_URL=POSTGRES_URL,
        LOG_LEVEL="INFO",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "stride.cli", "run"],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


async def _until(check: Callable[[], Any], what: str, timeout: float = 60.0) -> None:  # noqa: ASYNC109
    """Wait until ``check()`` (sync or async) is true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def test_a_message_killed_mid_handling_is_handled_once_after_the_restart(
    tmp_path: Path,
) -> None:
    await reset_postgres(POSTGRES_URL)
    db = await Database.open(POSTGRES_URL)
    try:
        await onboarded_athlete(db, ALICE, SystemClock().now())
    finally:
        await db.close()

    engine = create_engine(POSTGRES_URL, pool_size=0)
    emu = BotAPIEmulator(token=TOKEN)
    alice = emu.user(ALICE, "Alice")

    async def inbox() -> list[tuple[str | None, object, str | None]]:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT text, handled_at, outcome FROM inbox WHERE athlete_id = :a"),
                {"a": ALICE},
            )
            return [(r[0], r[1], r[2]) for r in rows]

    async def paused() -> bool:
        async with engine.connect() as conn:
            status = await conn.execute(
                text("SELECT status FROM athletes WHERE id = :a"), {"a": ALICE}
            )
            return bool(status.scalar_one() == "paused")

    async def kept() -> bool:
        return any(said == "/pause" for said, _, _ in await inbox())

    def replies() -> list[str]:
        return [m.text or "" for m in alice.messages() if PAUSED in (m.text or "")]

    with EmulatorHTTPServer(emu) as server:
        lock = await engine.connect()
        await lock.begin()
        await lock.execute(
            text("SELECT id FROM athletes WHERE id = :a FOR NO KEY UPDATE"), {"a": ALICE}
        )
        proc = _start(server, tmp_path)
        try:
            await _until(lambda: emu.polling, "the bot to poll")
            emu.user_message(ALICE, chat=None, text="/pause")
            await _until(kept, "the inbox to keep /pause")
            await asyncio.sleep(0.5)  # the handler now waits for the athlete's row
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
            await lock.rollback()
            await lock.close()

        assert replies() == [], "killed before it could answer"
        assert not await paused()
        [(said, handled_at, _)] = await inbox()
        assert (said, handled_at) == ("/pause", None), "kept, in hand, never handled"

        proc = _start(server, tmp_path)
        try:
            await _until(replies, "the restarted bot to answer /pause")
            await _until(paused, "the pause to be stored")
            await asyncio.sleep(1.0)  # nothing more is coming
        finally:
            proc.send_signal(signal.SIGTERM)
            output, _ = proc.communicate(timeout=30)
        assert proc.returncode == 0, output

        assert len(replies()) == 1, "handled once"
        [(said, handled_at, outcome)] = await inbox()
        assert (said, outcome) == ("/pause", "handled")
        assert handled_at is not None
    await engine.dispose()
