"""Benchmark: one user floods the bot; how long does another user wait? (prints, never fails)

The real Stride Application on the in-process emulator with its real rate limiter (one
message a second per chat). Alice sends ``--messages`` in a burst, then Bob sends /help.
Issue #15 measured 101.6 s for Bob's answer behind a flood of 100 when updates were handled
one at a time and each chat's replies paced inside that; now chats run concurrently and a
flood past the per-user limit is kept but not acted on.

Prints Bob's wait, and how long Alice's answers take (her chat's own pacing) and how many
she got.

    .venv/bin/python bench/flood.py [--messages 100]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.app import build_application, polling  # noqa: E402
from bot.deps import Deps, deps_of  # noqa: E402
from botapi_emulator import BotAPIEmulator, EmulatorRequest  # noqa: E402
from coach.models import AthleteProfile, GoalKind  # noqa: E402
from scheduler.clock import ManualClock  # noqa: E402
from services.coaching import CoachingService  # noqa: E402
from storage.athletes import profile_columns  # noqa: E402
from storage.database import Database  # noqa: E402

TOKEN = "123456:bench-flood"
ALICE, BOB = 1001, 1002


async def onboarded_athlete(db: Database, athlete_id: int, now: datetime, first_name: str) -> None:
    """A 10K runner on four days, onboarded with a plan."""
    profile = AthleteProfile.model_validate(
        {
            "goal": GoalKind.ROAD_10K,
            "race_date": date(2027, 4, 18),
            "run_days": (1, 3, 5, 6),
            "long_run_day": 6,
            "weekly_km": 40.0,
            "longest_run_km": 14.0,
            "timezone": "Europe/Paris",
        }
    )
    await db.athletes.register(athlete_id, athlete_id, first_name, now)
    await db.athletes.update_fields(athlete_id, now, **profile_columns(profile))
    await db.athletes.mark_onboarded(athlete_id, now)
    record = await db.athletes.get(athlete_id)
    assert record is not None
    await CoachingService(db).rebuild_plan(record, now)


async def main(messages: int) -> None:
    clock = ManualClock(datetime(2026, 12, 1, 7, 0, tzinfo=UTC))
    with tempfile.TemporaryDirectory() as tmp:
        emu = BotAPIEmulator(token=TOKEN, clock=clock.now)
        app = build_application(
            token=TOKEN,
            base_url=emu.base_url,
            deps=Deps(database_url=f"sqlite+aiosqlite:///{tmp}/flood.db", clock=clock),
            request=EmulatorRequest(emu),
            rate_limiter=True,
        )
        async with polling(app, poll_timeout=1.0):
            db = deps_of(app).db
            await onboarded_athlete(db, ALICE, clock.now(), first_name="Alice")
            await onboarded_athlete(db, BOB, clock.now(), first_name="Bob")
            alice, bob = emu.user(ALICE, "Alice"), emu.user(BOB, "Bob")
            start = time.monotonic()
            for i in range(messages):
                await alice.send(f"hello {i}")
            flood_sent = time.monotonic() - start
            answered = asyncio.Event()
            loop = asyncio.get_running_loop()

            def on_event(event: object) -> None:
                view = getattr(event, "message", None)
                if view is not None and view.from_bot and view.chat_id == BOB:
                    loop.call_soon_threadsafe(answered.set)

            emu.subscribe(on_event)
            asked = time.monotonic()
            await bob.send("/help")
            await asyncio.wait_for(answered.wait(), timeout=300)
            bob_wait = time.monotonic() - asked
            last_count, quiet_since = -1, time.monotonic()
            while time.monotonic() - quiet_since < 3.0:  # Alice's chat: until 3 s of silence
                count = len(alice.messages())
                if count != last_count:
                    last_count, quiet_since = count, time.monotonic()
                await asyncio.sleep(0.02)
            alice_done = quiet_since - start
    print(f"flood: {messages} messages from Alice sent in {flood_sent:.2f} s")
    print(f"Bob's /help answered after {bob_wait * 1000:.0f} ms (issue #15 before: 101.6 s)")
    print(f"Alice got {last_count} answers; the last after {alice_done:.1f} s (1 a second)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100)
    asyncio.run(main(parser.parse_args().messages))
