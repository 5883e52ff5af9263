"""Crash harness: kill `stride run` while it pushes, restart it, count what the athletes got.

    .venv/bin/python bench/crash.py                              # 2,500 athletes, 20 SIGKILLs
    .venv/bin/python bench/crash.py --athletes 500 --kills 5     # a quick look
    .venv/bin/python bench/crash.py --signal TERM                # deploys instead of crashes
    .venv/bin/python bench/crash.py --postgres postgresql+asyncpg://postgres@127.0.0.1/crash \\
        --instances 3                                            # three instances, one database

Seeds N onboarded athletes whose morning push is due now (real time), starts the Bot API
emulator in its own process with Telegram's limits on (30 messages/s per bot, 1/s per chat),
starts `stride run` (the real command, as real subprocesses) against it, and every few
seconds kills one instance at a random moment (SIGKILL, or SIGTERM with ``--signal TERM``) and
starts it again, K times. Then it waits until every push is recorded, stops the instances
with SIGTERM and prints, from the athletes' side (the emulator's chats):

* **lost**: athletes who never got their morning push;
* **duplicated**: extra copies received;
* **ambiguous**: deliveries recorded with an attempt of unknown outcome (``unconfirmed``);
* 429 answers, and how late the pushes went out (sent_at minus due_at, from the database).

Stride's stated policy for ambiguous calls is at-least-once (README, Operations): the check
is lost == 0 and duplicated <= ambiguous; with SIGTERM, both 0. Asserts nothing (a slow
machine is not a failure); prints the check's verdict.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import multiprocessing
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select, text  # noqa: E402

from coach.models import AthleteProfile, GoalKind  # noqa: E402
from coach.planner import build_plan  # noqa: E402
from storage.athletes import profile_columns  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.engine import create_engine  # noqa: E402
from storage.plans import head_values, week_values  # noqa: E402
from storage.tables import AthleteRow, DeliveryRow, PlanRow, PlanWeekRow  # noqa: E402

TOKEN = "123456:BENCH-crash-token"
SEED_PAGE = 1_000


# --- the emulator, in its own process ---------------------------------------------------


def emulator_process(
    port_out: Any, stop: Any, result_out: Any, chats: int, timeouts: float
) -> None:
    """Telegram: its own process, its limits on; at the end, what each chat received."""
    from botapi_emulator import BotAPIEmulator, EmulatorHTTPServer

    async def serve() -> None:
        emu = BotAPIEmulator(token=TOKEN, max_calls=0)
        for chat in range(1, chats + 1):
            emu.user(chat, f"Runner{chat}", started=True)
        emu.enforce_rate_limits(per_bot_per_second=30, per_chat_per_second=1)
        if timeouts:  # time-outs after delivery: the ambiguous case, on purpose
            emu.faults.fail_fraction(timeouts, "timeout_after", "sendMessage", seed=7)
        async with EmulatorHTTPServer(emu, timeout_fault_delay=6.0) as server:
            port_out.put(server.port)
            await asyncio.to_thread(stop.wait)
        received = {chat: len(emu.messages(chat)) for chat in range(1, chats + 1)}
        result_out.put({"received": received, "too_many": emu.stats.too_many_requests})

    asyncio.run(serve())


# --- the database -----------------------------------------------------------------------


async def prepare(url: str, athletes: int, now: datetime) -> None:
    """A fresh schema and ``athletes`` athletes whose morning push is due ten minutes ago."""
    if url.startswith("postgresql"):
        engine = create_engine(url, pool_size=0)
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await engine.dispose()
    db = await Database.open(url, migrate=True)
    try:
        due = (now - timedelta(minutes=10)).replace(second=0, microsecond=0)
        profile = AthleteProfile(
            goal=GoalKind.FITNESS,
            run_days=(0, 1, 2, 3, 4, 5, 6),
            long_run_day=6,
            weekly_km=30.0,
            longest_run_km=12.0,
            timezone="UTC",
            push_time=clock_time(due.hour, due.minute),
            reminder_time=clock_time(due.hour, due.minute),
            rest_day_notes=True,  # a rest day still gets its note: every athlete gets a push
        )
        plan = build_plan(profile, due.date() - timedelta(days=due.weekday()))
        columns = {
            **profile_columns(profile),
            "next_morning_at": due,
            # Only the morning push is counted: the others are not due during the run.
            "next_evening_at": now + timedelta(days=1),
            "next_weekly_at": now + timedelta(days=7),
            "status": "active",
            "onboarded_at": now - timedelta(days=1),
            "created_at": now - timedelta(days=1),
            "updated_at": now - timedelta(days=1),
        }
        for first in range(1, athletes + 1, SEED_PAGE):
            ids = list(range(first, min(first + SEED_PAGE, athletes + 1)))
            async with db.engine.begin() as conn:
                await conn.execute(
                    insert(AthleteRow),
                    [{**columns, "id": i, "chat_id": i, "first_name": f"R{i}"} for i in ids],
                )
                plan_ids = await conn.execute(
                    insert(PlanRow).returning(PlanRow.id, sort_by_parameter_order=True),
                    [{"athlete_id": i, "version": 1, **head_values(plan, now)} for i in ids],
                )
                await conn.execute(
                    insert(PlanWeekRow),
                    [row for (plan_id,) in plan_ids for row in week_values(plan_id, plan)],
                )
        if url.startswith("postgresql"):
            async with db.engine.begin() as conn:
                await conn.execute(text("ANALYZE"))
    finally:
        await db.close()


async def progress(url: str) -> dict[str, int]:
    db = await Database.open(url, migrate=False)
    try:
        async with db.sessions() as session:
            rows = await session.execute(
                select(DeliveryRow.status, func.count()).group_by(DeliveryRow.status)
            )
            return {status: int(n) for status, n in rows.all()}
    finally:
        await db.close()


async def outcome(url: str) -> tuple[int, list[float]]:
    """Ambiguous deliveries, and each sent push's lateness in seconds."""
    db = await Database.open(url, migrate=False)
    try:
        async with db.sessions() as session:
            ambiguous = (
                await session.execute(
                    select(func.count()).where(DeliveryRow.error.like("unconfirmed%"))
                )
            ).scalar_one()
            rows = (
                await session.execute(
                    select(DeliveryRow.due_at, DeliveryRow.sent_at).where(
                        DeliveryRow.sent_at.is_not(None)
                    )
                )
            ).all()
        return int(ambiguous), [(sent - due).total_seconds() for due, sent in rows]
    finally:
        await db.close()


async def pending_due(url: str, now: datetime) -> int:
    """Athletes whose morning push is still unclaimed (before anyone claimed it)."""
    db = await Database.open(url, migrate=False)
    try:
        async with db.sessions() as session:
            return int(
                (
                    await session.execute(
                        select(func.count()).where(AthleteRow.next_morning_at <= now)
                    )
                ).scalar_one()
            )
    finally:
        await db.close()


# --- the instances ----------------------------------------------------------------------


class Instance:
    """One `stride run` process; killed and started again by the harness."""

    def __init__(self, index: int, env: dict[str, str], logs: Path) -> None:
        self.index = index
        self.env = env
        self.logs = logs
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        log = open(self.logs / f"instance{self.index}-{self.starts}.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            # `stride run`, from this tree (PYTHONPATH) even when it is a snapshot.
            [
                sys.executable,
                "-c",
                "import sys; from stride.cli import main; sys.exit(main(['run']))",
            ],
            env=self.env,
            cwd=self.logs,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def signal(self, signum: int, *, wait: float = 30.0) -> None:
        assert self.proc is not None
        with contextlib.suppress(ProcessLookupError):
            self.proc.send_signal(signum)
        try:
            self.proc.wait(wait)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def run(args: argparse.Namespace, url: str, logs: Path) -> None:
    now = datetime.now(UTC)
    print(
        f"Crash harness: {args.athletes:,} athletes due now, {args.instances} instance(s) on "
        f"{'PostgreSQL' if args.postgres else 'SQLite'}, {args.kills} x SIG{args.signal}"
        + (f", {args.timeouts:.0%} time-outs after delivery" if args.timeouts else "")
    )
    asyncio.run(prepare(url, args.athletes, now))
    context = multiprocessing.get_context("spawn")
    port_q, result_q, stop = context.Queue(), context.Queue(), context.Event()
    server = context.Process(
        target=emulator_process, args=(port_q, stop, result_q, args.athletes, args.timeouts)
    )
    server.start()
    port = port_q.get(timeout=120)
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{port}/bot",
        "DATABASE_URL": url,
        "LOG_LEVEL": "WARNING",
        "STRIDE_INSTANCES": str(args.instances),
        "PYTHONPATH": str(ROOT),
    }
    instances = [Instance(i, env, logs) for i in range(args.instances)]
    rng = random.Random(args.seed)
    kill = signal.SIGKILL if args.signal == "KILL" else signal.SIGTERM
    started = time.monotonic()
    try:
        for instance in instances:
            instance.start()
        for n in range(args.kills):
            time.sleep(rng.uniform(args.min_gap, args.max_gap))  # a random moment
            victim = rng.choice(instances)
            victim.signal(kill)
            counts = asyncio.run(progress(url))
            print(
                f"  {n + 1:>2}. SIG{args.signal} instance {victim.index} at "
                f"+{time.monotonic() - started:5.1f} s: "
                + " ".join(f"{k}={v}" for k, v in sorted(counts.items())),
                flush=True,
            )
            victim.start()
        deadline = time.monotonic() + args.settle
        while time.monotonic() < deadline:  # until every push is recorded
            counts = asyncio.run(progress(url))
            open_ = sum(counts.get(s, 0) for s in ("claimed", "sending", "failed"))
            if not open_ and not asyncio.run(pending_due(url, datetime.now(UTC))):
                break
            time.sleep(2)
        elapsed = time.monotonic() - started
        for instance in instances:
            instance.signal(signal.SIGTERM)
    finally:
        for instance in instances:
            if instance.proc is not None and instance.proc.poll() is None:
                instance.proc.kill()
        stop.set()
    result = result_q.get(timeout=300)
    server.join(60)
    received: dict[int, int] = result["received"]
    lost = sum(1 for n in received.values() if n == 0)
    duplicated = sum(n - 1 for n in received.values() if n > 1)
    ambiguous, lateness = asyncio.run(outcome(url))
    counts = asyncio.run(progress(url))
    print(f"  deliveries at the end: {' '.join(f'{k}={v}' for k, v in sorted(counts.items()))}")
    print(f"  first start to all recorded: {elapsed:.0f} s")
    print(f"  lost        {lost:>6,}")
    print(f"  duplicated  {duplicated:>6,}")
    print(f"  ambiguous   {ambiguous:>6,}   (deliveries noted 'unconfirmed')")
    print(f"  429 answers {result['too_many']:>6,}")
    if lateness:
        late = sorted(lateness)
        print(
            f"  sent after due: median {statistics.median(late):.0f} s, "
            f"p95 {late[int(0.95 * (len(late) - 1))]:.0f} s, max {late[-1]:.0f} s "
            "(the push was due 10 min before the start)"
        )
    ok = lost == 0 and duplicated <= ambiguous
    if args.signal == "TERM":
        ok = ok and duplicated == 0
    print(f"  policy (at-least-once: lost 0, duplicated <= ambiguous): {'OK' if ok else 'BROKEN'}")
    histogram = collections.Counter(received.values())
    print(f"  pushes per athlete: {dict(sorted(histogram.items()))}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--athletes", type=int, default=2_500)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--signal", choices=("KILL", "TERM"), default="KILL")
    parser.add_argument("--instances", type=int, default=1)
    parser.add_argument("--postgres", metavar="URL", help="this PostgreSQL database (emptied)")
    parser.add_argument("--timeouts", type=float, default=0.0, help="time-outs after delivery")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--min-gap", type=float, default=4.0, help="seconds between kills, least")
    parser.add_argument("--max-gap", type=float, default=12.0, help="seconds between kills, most")
    parser.add_argument("--settle", type=float, default=900.0, help="longest wait at the end")
    args = parser.parse_args(argv)
    if args.instances > 1 and not args.postgres:
        parser.error("--instances needs --postgres: SQLite serves one process")
    with tempfile.TemporaryDirectory(prefix="stride-crash-") as tmp:
        url = args.postgres or f"sqlite+aiosqlite:///{tmp}/crash.db"
        run(args, url, Path(tmp))


if __name__ == "__main__":
    main(sys.argv[1:])
