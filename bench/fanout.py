"""Fan-out benchmark: one morning of pushes for many athletes, through the real code path.

    .venv/bin/python bench/fanout.py                       # 100,000 athletes, SQLite
    .venv/bin/python bench/fanout.py --athletes 20000
    .venv/bin/python bench/fanout.py --postgres postgresql+asyncpg://postgres@127.0.0.1/bench
    .venv/bin/python bench/fanout.py --postgres URL --reuse --instances 2   # two bot processes

Prints figures; asserts nothing (a slow machine is not a failure):

1. **Compose**: every athlete's morning push is due at once; one tick of the real
   :class:`~scheduler.delivery.Dispatcher` finds them (indexed, paged due query), claims
   them, loads each page in bulk, asks the coach for the adjusted day, renders the message
   and its keyboard, and records it as sent. The sender only serialises the message as the
   Bot API would receive it (sending 100,000 messages at 30/s would take an hour).
   Goal: under 60 s for 100,000 athletes; peak memory under 300 MB.
2. **Delivery**: the next morning, a few thousand of them go out for real, over HTTP, to the
   Bot API emulator running in its own process with Telegram's limits enforced (30
   messages/s per bot, 1/s per chat), through PTB and Stride's rate limiter. Goal: at least
   95 % of the 30/s cap, and no 429.

Seeding writes each athlete's plan as :class:`storage.plans.PlanRepository` stores it (a head
row and a row per week; a few distinct plans, copied for every athlete as in production),
their next push instants and, for four athletes in five, a journal as an active athlete
keeps one: six weeks of run logs and two weeks of morning check-ins (the coach reads them
all: load ratio, readiness, the target RPE of the logged quality sessions). ``--no-journal``
seeds plans only, as this bench did before. Seeding is not timed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select, text, update
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.collector import settle_collector
from bot.pushes import PushComposer
from bot.ratelimit import BULK, StrideRateLimiter
from coach.models import AthleteProfile, GoalKind, Plan
from coach.planner import build_plan
from coach.pushtimes import PushKind, first_slot_from, zone
from scheduler.clock import ManualClock
from scheduler.delivery import Dispatcher, OutMessage, TelegramSender
from services.coaching import HISTORY_DAYS
from storage.athletes import profile_columns
from storage.database import Database
from storage.engine import create_engine
from storage.plans import head_values, week_values
from storage.tables import (
    AdjustmentRow,
    AthleteRow,
    CheckInRow,
    DeliveryRow,
    PainFlagRow,
    PlanRow,
    PlanWeekRow,
    RunLogRow,
)

TOKEN = "123456:BENCH-fanout-token"
#: Zones and push times of the seeded athletes: at 08:00 UTC every one of them is due and
#: still inside its catch-up window (the latest is 07:30 in London, the earliest 05:30 in
#: Helsinki, which is 03:30 UTC).
ZONES = ("Europe/Paris", "Europe/London", "Europe/Helsinki", "Europe/Berlin", "Europe/Madrid")
PUSH_TIMES = ("05:30", "06:00", "06:30", "07:00", "07:30")
RUN_DAYS = ((0, 1, 3, 5, 6), (1, 3, 5, 6), (0, 2, 4, 5), (1, 2, 4, 6), (0, 1, 2, 3, 4, 5))
MORNING = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)  # a Tuesday
SEEDED_AT = MORNING - timedelta(hours=20)
#: Athletes seeded per transaction: small enough that the seeding (27 logs an athlete)
#: does not set the peak memory the bench reports for the morning.
SEED_PAGE = 1_000
#: Active athletes (the others are new or quiet: no journal) and what they logged.
ACTIVE_EVERY = 5  # 4 athletes in 5 are active
LOG_DAYS = HISTORY_DAYS  # as far back as the coach reads logs (the chronic load)
#: The Monday six weeks before the morning: every day the coach reads has a planned session.
PLAN_START = MORNING.date() - timedelta(days=MORNING.date().weekday(), weeks=LOG_DAYS // 7)
CHECKIN_DAYS = 14
#: One active athlete in this many carries a niggle (an open pain, 4/10): an amber morning,
#: so the session changes and the change is recorded for /why.
SORE_EVERY = 10


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- seeding -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    profile: AthleteProfile
    head: dict[str, Any]  # the plans row, less the athlete, the version and the id
    weeks: list[dict[str, Any]]  # the plan_weeks rows, less the plan id (serialised once)
    logs: list[dict[str, Any]]  # run_logs rows of an active athlete, less the athlete
    checkins: list[dict[str, Any]]  # checkins rows of an active athlete, less the athlete
    pains: list[dict[str, Any]]  # pain_flags rows (open ones make the day amber)


def niggle() -> list[dict[str, Any]]:
    """A knee at 4/10 reported two days ago and still open: enough on its own for amber."""
    reported = MORNING.date() - timedelta(days=2)
    return [
        {
            "reported_on": reported,
            "location": "knee",
            "score": 4,
            "resolved_on": None,
            "created_at": SEEDED_AT - timedelta(days=1),
        }
    ]


def journal(plan: Plan, n: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What an active athlete has told the coach before this morning: every planned run of
    the last six weeks logged (one in eight skipped; RPE around the target, now and then
    two over it) and a check-in on each of the last 14 mornings (a few rough nights)."""
    today = MORNING.date()
    logs: list[dict[str, Any]] = []
    for back in range(1, LOG_DAYS + 1):
        day = today - timedelta(days=back)
        for s in plan.sessions_on(day):
            if s.surface.value == "rest":
                continue
            skipped = (n + back) % 8 == 0
            logs.append(
                {
                    "local_date": day,
                    "slot": s.slot,
                    "status": "skipped" if skipped else "done",
                    "duration_min": None if skipped else s.duration_min,
                    "distance_km": None if skipped else s.distance_km,
                    "rpe": None if skipped else min(10, s.target_rpe + (2 if back % 5 == 0 else 0)),
                    "surface": s.surface.value,
                    "kind": s.kind.value,
                    "target_rpe": s.target_rpe,  # as the bot records it (revision 0004)
                    "raw_text": "done" if not skipped else "skip",
                    "created_at": SEEDED_AT - timedelta(days=back - 1),
                }
            )
    checkins = [
        {
            "local_date": today - timedelta(days=back),
            "sleep_hours": 5.5 if (n + back) % 9 == 0 else 7.5,
            "sleep_quality": 2 if (n + back) % 9 == 0 else 4,
            "soreness": 2 + (n + back) % 3,
            "soreness_where": "calves",
            "stress": 3,
            "created_at": SEEDED_AT - timedelta(days=back - 1),
            "updated_at": SEEDED_AT - timedelta(days=back - 1),
        }
        for back in range(1, CHECKIN_DAYS + 1)
    ]
    return logs, checkins


def variants() -> list[Variant]:
    """A few dozen distinct athletes (zone x push time x run days x goal)."""
    out = []
    for n, (tz, push, days) in enumerate(itertools.product(ZONES, PUSH_TIMES, RUN_DAYS)):
        hours, minutes = (int(x) for x in push.split(":"))
        race = n % 3 == 0
        profile = AthleteProfile(
            goal=GoalKind.ROAD_10K if race else GoalKind.FITNESS,
            race_date=date(2027, 1, 24) if race else None,
            run_days=days,
            long_run_day=days[-1],
            weekly_km=20.0 + (n % 7) * 5,
            longest_run_km=8.0 + (n % 5) * 2,
            timezone=tz,
            push_time=clock_time(hours, minutes),
            rest_day_notes=n % 10 != 0,
        )
        plan = build_plan(profile, PLAN_START)
        weeks = [{k: v for k, v in w.items() if k != "plan_id"} for w in week_values(0, plan)]
        logs, checkins = journal(plan, n)
        pains = niggle() if n % SORE_EVERY == 1 else []
        out.append(Variant(profile, head_values(plan, SEEDED_AT), weeks, logs, checkins, pains))
    return out


async def schedule(db: Database, shapes: list[Variant]) -> None:
    """Each athlete's next push instants, as ``reschedule`` computes them at ``SEEDED_AT``
    (one UPDATE per variant instead of one transaction per athlete)."""
    async with db.engine.begin() as conn:
        for index, shape in enumerate(shapes):
            p = shape.profile
            tz = zone(p.timezone)
            values = {
                f"next_{kind.value}_at": first_slot_from(
                    kind, SEEDED_AT, tz, p.push_time, p.reminder_time
                ).due_at
                for kind in PushKind
            }
            await conn.execute(
                update(AthleteRow)
                .where(AthleteRow.id % len(shapes) == index)
                .values(status="active", **values)
            )


async def seed(db: Database, athletes: int, shapes: list[Variant], *, journals: bool) -> None:
    started = time.perf_counter()
    for first in range(1, athletes + 1, SEED_PAGE):
        ids = range(first, min(first + SEED_PAGE, athletes + 1))
        rows, plans, shape_of = [], [], []
        for athlete_id in ids:
            index = athlete_id % len(shapes)
            shape = shapes[index]
            rows.append(
                {
                    **profile_columns(shape.profile),
                    "id": athlete_id,
                    "chat_id": athlete_id,
                    "first_name": f"Runner{athlete_id}",
                    "status": "active",
                    "onboarded_at": SEEDED_AT,
                    "created_at": SEEDED_AT,
                    "updated_at": SEEDED_AT,
                }
            )
            plans.append({"athlete_id": athlete_id, "version": 1, **shape.head})
            shape_of.append(shape)
        async with db.engine.begin() as conn:
            await conn.execute(insert(AthleteRow), rows)
            plan_ids = await conn.execute(
                insert(PlanRow).returning(PlanRow.id, sort_by_parameter_order=True), plans
            )
            weeks = [
                {"plan_id": plan_id, **week}
                for (plan_id,), shape in zip(plan_ids, shape_of, strict=True)
                for week in shape.weeks
            ]
            await conn.execute(insert(PlanWeekRow), weeks)
            if journals:
                active = [
                    (a, shape) for a, shape in zip(ids, shape_of, strict=True) if a % ACTIVE_EVERY
                ]
                logs = [{"athlete_id": a, **log} for a, shape in active for log in shape.logs]
                checkins = [{"athlete_id": a, **c} for a, shape in active for c in shape.checkins]
                await conn.execute(insert(RunLogRow), logs)
                await conn.execute(insert(CheckInRow), checkins)
                pains = [{"athlete_id": a, **p} for a, shape in active for p in shape.pains]
                if pains:
                    await conn.execute(insert(PainFlagRow), pains)
        done = ids[-1]
        rate = done / (time.perf_counter() - started)
        if done % 10_000 == 0 or done == athletes:
            print(f"\r  seeded {done:,} athletes ({rate:,.0f}/s)", end="", flush=True)
    print()
    await schedule(db, shapes)
    if db.engine.dialect.name == "postgresql":
        # A production database has statistics (autovacuum keeps them); one bulk-loaded a
        # minute ago has none, and without them PostgreSQL plans the per-page plan reads
        # as parallel scans of every week: a second each instead of a millisecond.
        async with db.engine.begin() as conn:
            await conn.execute(text("ANALYZE"))


async def count_athletes(db: Database) -> int:
    async with db.sessions() as session:
        return int((await session.execute(select(func.count()).select_from(AthleteRow))).scalar())


# --- phase 1: find, adjust, render ----------------------------------------------------------


class SerialisingSender:
    """Builds each message's Bot API payload as JSON, and stops there.

    The keyboard is one shared object per day (see ``bot.keyboards.push``); its JSON is
    built once here. PTB serialises it again for every real request: that is sending work,
    measured in phase 2.
    """

    def __init__(self) -> None:
        self.sent = 0
        self.bytes = 0
        self._keyboards: dict[int, Any] = {}

    async def send(self, chat_id: int, message: OutMessage) -> int:
        payload: dict[str, Any] = {"chat_id": chat_id, "text": message.text, "parse_mode": "HTML"}
        markup = message.reply_markup
        if markup is not None:
            if id(markup) not in self._keyboards:
                self._keyboards[id(markup)] = (markup, markup.to_dict())
            payload["reply_markup"] = self._keyboards[id(markup)][1]
        self.bytes += len(json.dumps(payload, ensure_ascii=False))
        self.sent += 1
        return self.sent


async def changed_athletes(db: Database) -> int:
    """Athletes whose session the morning changed (the adjustments recorded for /why)."""
    async with db.sessions() as session:
        distinct = func.count(AdjustmentRow.athlete_id.distinct())
        return int((await session.execute(select(distinct))).scalar() or 0)


async def compose_morning(db: Database, athletes: int) -> None:
    sender = SerialisingSender()
    clock = ManualClock(MORNING)
    composer = PushComposer(db)
    dispatcher = Dispatcher(db, composer, sender, clock, owner="bench", kinds=(PushKind.MORNING,))
    rss_before = rss_mb()
    started, cpu, main_cpu = time.perf_counter(), time.process_time(), time.thread_time()
    report = await dispatcher.tick()
    elapsed = time.perf_counter() - started
    cpu, main_cpu = time.process_time() - cpu, time.thread_time() - main_cpu
    rss_after = rss_mb()
    handled = report.sent + report.skipped
    print("\n1. Find, adjust and render one morning (real code path, sender serialises only)")
    print(f"   due athletes found       {report.due:>10,}")
    print(f"   pushes composed          {report.sent:>10,}")
    print(f"   skipped (rest, no notes) {report.skipped:>10,}")
    print(
        f"   sessions changed         {await changed_athletes(db):>10,}    (amber or red: for /why)"
    )
    print(f"   failed                   {report.failed:>10,}")
    print(f"   time                     {elapsed:>10.1f} s   (goal < 60 s for 100,000)")
    print(f"   per athlete              {1000 * elapsed / max(1, handled):>10.3f} ms")
    print(f"   CPU, event loop thread   {main_cpu:>10.1f} s   (the coach, rendering, SQLAlchemy)")
    print(f"   CPU, whole process       {cpu:>10.1f} s   (with any other thread)")
    print(
        f"   machine load (1 min)     {os.getloadavg()[0]:>10.2f}    (2 CPUs: above 2, others"
        " compete for them)"
    )
    print(f"   throughput               {handled / elapsed:>10,.0f} athletes/s")
    print(f"   payload bytes            {sender.bytes / 1e6:>10.1f} MB")
    print(f"   peak RSS                 {rss_after:>10.0f} MB  (goal < 300 MB)")
    print(f"   peak RSS before the tick {rss_before:>10.0f} MB  (imports and seeding)")
    if handled < athletes:
        print(f"   !! only {handled:,} of {athletes:,} handled")


def instance_process(url: str, index: int, ready: Any, go: Any, results: Any) -> None:
    """One more bot instance on the same PostgreSQL database: its own process, event loop and
    Dispatcher, claiming pages with SKIP LOCKED as every instance does in production."""

    async def run() -> None:
        db = await Database.open(url)
        try:
            dispatcher = Dispatcher(
                db,
                PushComposer(db),
                SerialisingSender(),
                ManualClock(MORNING),
                owner=f"bench-{index}",
                kinds=(PushKind.MORNING,),
            )
            settle_collector()  # as the bot does once started
            ready.put(index)
            await asyncio.to_thread(go.wait)
            started, cpu = time.perf_counter(), time.process_time()
            report = await dispatcher.tick()
            results.put(
                {
                    "handled": report.sent + report.skipped,
                    "failed": report.failed,
                    "seconds": time.perf_counter() - started,
                    "cpu": time.process_time() - cpu,
                    "rss": rss_mb(),
                }
            )
        finally:
            await db.close()

    asyncio.run(run())


async def compose_with_instances(url: str, instances: int, athletes: int) -> None:
    """Phase 1 with several instances at once (DESIGN.md, Scale): each a process of its own."""
    context = multiprocessing.get_context("spawn")
    ready, results, go = context.Queue(), context.Queue(), context.Event()
    procs = [
        context.Process(target=instance_process, args=(url, i, ready, go, results))
        for i in range(instances)
    ]
    for proc in procs:
        proc.start()
    for _ in procs:
        await asyncio.to_thread(ready.get, True, 120)
    started = time.perf_counter()
    go.set()
    outcomes = [await asyncio.to_thread(results.get, True, 900) for _ in procs]
    elapsed = time.perf_counter() - started
    for proc in procs:
        proc.join(30)
    handled = sum(o["handled"] for o in outcomes)
    print(f"\n1. One morning, {instances} instances on one PostgreSQL (real code path)")
    print(f"   pushes composed          {handled:>10,}  of {athletes:,}")
    print(f"   failed                   {sum(o['failed'] for o in outcomes):>10,}")
    print(f"   time                     {elapsed:>10.1f} s   (goal < 60 s for 100,000)")
    for i, o in enumerate(outcomes):
        print(
            f"   instance {i}: {o['handled']:>7,} pushes, {o['seconds']:5.1f} s, "
            f"CPU {o['cpu']:5.1f} s, peak RSS {o['rss']:4.0f} MB"
        )
    print(f"   machine load (1 min)     {os.getloadavg()[0]:>10.2f}")


# --- phase 2: delivery through the HTTP emulator ----------------------------------------------


def emulator_process(port_out: Any, stop: Any, stats_out: Any, chats: int) -> None:
    """The Bot API emulator in its own process: Telegram is not in our event loop either."""
    from botapi_emulator import BotAPIEmulator, EmulatorHTTPServer

    async def serve() -> None:
        emu = BotAPIEmulator(token=TOKEN)
        for chat in range(1, chats + 1):
            emu.user(chat, f"Runner{chat}", started=True)
        emu.enforce_rate_limits(per_bot_per_second=30, per_chat_per_second=1)
        # The emulator stamps a request when it handles it: a garbage-collection pause in
        # this process would bunch requests that arrived spread out, which is not Telegram.
        gc.freeze()
        gc.disable()
        async with EmulatorHTTPServer(emu) as server:
            port_out.put(server.port)
            await asyncio.to_thread(stop.wait)
        calls = emu.calls_to("sendMessage")
        stats_out.put(
            {
                "sent": emu.stats.messages_sent,
                "too_many_requests": emu.stats.too_many_requests,
                "rate_limited": emu.stats.rate_limited,
                "stamps": [c.started for c in calls if c.ok],
                "refused": [(c.started, c.params.get("chat_id")) for c in calls if c.status == 429],
            }
        )

    asyncio.run(serve())


async def deliver(db: Database, count: int, morning: datetime) -> None:
    # Only `count` athletes take part in this morning: pause the others for the run.
    async with db.engine.begin() as conn:
        await conn.execute(update(AthleteRow).where(AthleteRow.id > count).values(status="paused"))
    context = multiprocessing.get_context("spawn")
    port_q, stats_q, stop = context.Queue(), context.Queue(), context.Event()
    server = context.Process(target=emulator_process, args=(port_q, stop, stats_q, count))
    server.start()
    try:
        port = port_q.get(timeout=60)
        request = HTTPXRequest(connection_pool_size=64, read_timeout=30)
        limiter = StrideRateLimiter()
        async with ExtBot(
            TOKEN, base_url=f"http://127.0.0.1:{port}/bot", request=request, rate_limiter=limiter
        ) as telegram:
            clock = ManualClock(morning)
            dispatcher = Dispatcher(
                db,
                PushComposer(db),
                TelegramSender(telegram, rate_limit_args=BULK),
                clock,
                owner="bench-deliver",
                kinds=(PushKind.MORNING,),
            )
            started = time.perf_counter()
            report = await dispatcher.tick()
            elapsed = time.perf_counter() - started
        stop.set()
        stats = stats_q.get(timeout=60)
    finally:
        stop.set()
        server.join(30)
        async with db.engine.begin() as conn:
            await conn.execute(update(AthleteRow).values(status="active"))
    stamps = sorted(stats["stamps"])
    window = stamps[-1] - stamps[0] if len(stamps) > 1 else float("nan")
    rate = (len(stamps) - 1) / window if len(stamps) > 1 else 0.0
    print("\n2. Delivery over HTTP to the emulator (own process, Telegram's limits enforced)")
    print(f"   messages delivered       {stats['sent']:>10,}")
    print(f"   pushes recorded sent     {report.sent:>10,}  (+{report.skipped:,} skipped)")
    print(f"   first to last message    {window:>10.1f} s   (whole tick {elapsed:.1f} s)")
    share = rate / 30
    print(
        f"   messages per second      {rate:>10.2f}    {share:.1%} of the 30/s cap (goal >= 95 %)"
    )
    print(
        f"   429 answers              {stats['too_many_requests']:>10,}    (goal: 0; limiter saw"
        f" {limiter.retry_afters})"
    )
    print(f"   failed / stale           {report.failed:>10,} / {report.stale:,}")
    for at, chat in stats["refused"]:  # what the server had just accepted when it said 429
        before = sum(1 for t in stamps if at - 1 < t <= at)
        print(f"   429 at +{at - stamps[0]:.2f} s, chat {chat}: {before} sent in the second before")


async def empty_postgres(url: str) -> None:
    engine = create_engine(url, pool_size=0)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


def cli(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--athletes", type=int, default=100_000)
    parser.add_argument(
        "--postgres", metavar="URL", help="use this PostgreSQL database (it is emptied first)"
    )
    parser.add_argument(
        "--deliver", type=int, default=3_000, help="messages for phase 2 (0 skips it)"
    )
    parser.add_argument("--db", help="SQLite file (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="reuse a seeded --db as is")
    parser.add_argument("--only-deliver", action="store_true", help="skip phase 1")
    parser.add_argument(
        "--no-journal", action="store_true", help="seed no logs or check-ins (plans only)"
    )
    parser.add_argument(
        "--instances",
        type=int,
        default=1,
        help="bot instances composing the morning at once (PostgreSQL only)",
    )
    args = parser.parse_args(argv)
    if args.instances > 1 and not args.postgres:
        parser.error("--instances needs --postgres: SQLite serves one process")
    if args.postgres:
        asyncio.run(main(args, args.postgres))
        return
    with tempfile.TemporaryDirectory(prefix="stride-bench-") as tmp:
        path = Path(args.db or os.path.join(tmp, "fanout.db"))
        if not args.reuse:
            path.unlink(missing_ok=True)
        asyncio.run(main(args, f"sqlite+aiosqlite:///{path}"))


async def main(args: argparse.Namespace, url: str) -> None:
    if args.postgres and not args.reuse:
        await empty_postgres(url)
    print(
        f"Stride fan-out bench: {args.athletes:,} athletes on "
        f"{'PostgreSQL' if args.postgres else 'SQLite'}; {os.cpu_count()} CPUs"
    )
    db = await Database.open(url)
    try:
        shapes = variants()
        if args.reuse:
            async with db.engine.begin() as conn:
                await conn.execute(DeliveryRow.__table__.delete())
                await conn.execute(AdjustmentRow.__table__.delete())  # recorded afresh
            await schedule(db, shapes)
        else:
            journals = (
                "no journals"
                if args.no_journal
                else (
                    f"journals for {ACTIVE_EVERY - 1} in {ACTIVE_EVERY} (about "
                    f"{sum(len(v.logs) for v in shapes) // len(shapes)} logs and "
                    f"{CHECKIN_DAYS} check-ins each; an open pain for 1 in {SORE_EVERY})"
                )
            )
            print(f"Seeding (not timed): plans, {journals} ...")
            started = time.perf_counter()
            await seed(db, args.athletes, shapes, journals=not args.no_journal)
            print(f"  done in {time.perf_counter() - started:.0f} s")
        athletes = await count_athletes(db)
        settle_collector()  # as the bot does once started (see bot.app._post_init)
        morning = MORNING
        if not args.only_deliver:
            if args.instances > 1:
                await compose_with_instances(url, args.instances, athletes)
            else:
                await compose_morning(db, athletes)
            morning += timedelta(days=1)
        if args.deliver:
            # Some athletes have a rest day without notes: take enough for the messages.
            await deliver(db, min(args.deliver * 6 // 5, athletes), morning)
    finally:
        await db.close()


if __name__ == "__main__":
    cli(sys.argv[1:])
