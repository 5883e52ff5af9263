"""Benchmark: CPU per update for Stride's common updates, next to a bare python-telegram-bot
echo bot on the same in-process emulator (prints, never fails).

The real Stride Application (tests/support/harness.py), SQLite, ``--athletes`` onboarded 10K
runners on the morning of their first track day. Each athlete goes through one morning:
/today, the check-in by its buttons (two taps that ask the next question, then the last tap,
which shows the day), the check-in again as a typed line, a typed run log ("ran 45 min rpe
6"), /undo, then the log by its buttons ("Done", then the RPE). The echo bot has the same
turns: a typed message answered with a message and a button; a press answered and edited.
Its turns are interleaved with Stride's (two after each athlete), on an emulator of its own
in the same process: the speed of a shared machine drifts by tens of per cent within a
minute, so the two are measured at the same moments and "x echo" is the steady figure.

A turn runs from the user's send (or press) until the bot has settled (every update fetched
and handled, the emulator quiet). It is measured in process CPU time (``time.process_time``:
every thread, so SQLite's worker thread counts too), never wall time, as the machine may be
shared. The emulator's own work (playing Telegram and the user: reading a call's URL and
parameters, answering it, writing the answer's JSON) is metered on its thread and taken off:
"bot" is what a deployment would pay per update; "turn" is everything.

Columns: the median and the 90th percentile of the bot's CPU, how many times the echo bot's
median that is, the whole turn, and SQL statements per update. ``--detail`` adds the CPU
of the database layer (SQLAlchemy's async calls and the statements run on SQLite's driver
directly, storage.sqlite_direct, the driver's work included); it costs a little itself.
``--statements`` prints each kind's SQL once; ``--profile KIND`` runs cProfile (on CPU
time) over that kind's turns.

    .venv/bin/python bench/update_cpu.py [--athletes 30] [--detail] [--profile log-typed]
    .venv/bin/python bench/update_cpu.py --database postgresql+asyncpg://postgres@127.0.0.1/b
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import platform
import pstats
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as clock_time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402
from sqlalchemy.ext.asyncio import engine as sa_async_engine  # noqa: E402
from sqlalchemy.ext.asyncio import result as sa_async_result  # noqa: E402
from sqlalchemy.ext.asyncio import session as sa_async_session  # noqa: E402
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update  # noqa: E402
from telegram.ext import (  # noqa: E402
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bench.support import support_module  # noqa: E402
from bot.app import polling  # noqa: E402
from botapi_emulator import (  # noqa: E402
    BotAPIEmulator,
    EmulatedUser,
    EmulatorRequest,
    MessageView,
    core,
)
from coach.models import AthleteProfile, GoalKind  # noqa: E402
from scheduler.clock import ManualClock  # noqa: E402
from services.coaching import CoachingService  # noqa: E402
from storage.athletes import profile_columns  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.sqlite_direct import DirectConnection, prepared  # noqa: E402

#: Tuesday 1 December 2026, 08:00 in Paris: the athletes' first track day (6 x 400 m).
MORNING = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
ONBOARDED = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
FIRST_ID = 5001

#: The update kinds, in the order printed; "idle" is a turn with no update (the settling).
KINDS = ("checkin-tap", "checkin-last-tap", "checkin-typed", "log-typed", "log-tap", "today")
ECHO_KINDS = ("echo-text", "echo-tap")
IDLE = ("idle", "echo-idle")


def _harness() -> ModuleType:
    """tests/support/harness.py (bench/support.py says why by path)."""
    return support_module("harness")


HARNESS = _harness()


def athlete_profile() -> AthleteProfile:
    """The tests' track athlete (tests/support/journal.py): a 10K in February, four days."""
    return AthleteProfile.model_validate(
        {
            "goal": GoalKind.ROAD_10K,
            "race_date": date(2027, 2, 21),
            "run_days": (1, 3, 5, 6),
            "long_run_day": 6,
            "weekly_km": 40.0,
            "longest_run_km": 10.0,
            "easy_pace_s_per_km": 390.0,
            "track_access": True,
            "trail_access": True,
            "timezone": "Europe/Paris",
            "push_time": clock_time(6, 30),
            "reminder_time": clock_time(20, 0),
        }
    )


async def onboard(db: Database, athlete_id: int, now: datetime) -> None:
    """Register, store the profile, finish onboarding and build the plan (no Telegram)."""
    await db.athletes.register(athlete_id, athlete_id, f"Runner{athlete_id}", now)
    await db.athletes.update_fields(athlete_id, now, **profile_columns(athlete_profile()))
    await db.athletes.mark_onboarded(athlete_id, now)
    record = await db.athletes.get(athlete_id)
    assert record is not None
    await CoachingService(db).rebuild_plan(record, now)


class Counters:
    """Running totals the turns read before and after: the emulator's CPU, SQL statements
    and, with ``--detail``, the database layer's CPU."""

    def __init__(self) -> None:
        self.emulator = 0.0
        self.statements = 0
        self.database = 0.0
        self.show_statements = False
        self._depth = 0

    def snapshot(self) -> tuple[float, int, float]:
        return self.emulator, self.statements, self.database

    def meter_emulator(self, emu: BotAPIEmulator) -> None:
        """The emulator's synchronous entry points (Telegram's side and the user's), timed
        on this thread, where it runs; nested calls count once."""
        for name in ("_call", "_record", "user_message", "press"):
            setattr(emu, name, self._metered(getattr(emu, name)))
        core.coerce_params = self._metered(_COERCE)
        # Telegram's side of the door too: reading the URL, writing the answer's JSON.
        core.parse_route = self._metered(_PARSE_ROUTE)
        core.ApiResponse.payload = self._metered(_PAYLOAD)  # type: ignore[method-assign]

    def _metered(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def metered(*args: Any, **kwargs: Any) -> Any:
            if self._depth:
                return function(*args, **kwargs)
            self._depth += 1
            started = time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.emulator += time.thread_time() - started
                self._depth -= 1

        return metered

    def count_statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        """An engine event: one more SQL statement (printed with ``--statements``)."""
        self.statements += 1
        if self.show_statements:
            print("   ", " ".join(statement.split())[:150])

    def count_direct_statements(self) -> None:
        """The statements run on SQLite's driver directly (storage.sqlite_direct), which
        the engine's event does not see: counted and printed the same way ("direct")."""
        counters = self
        execute = DirectConnection.execute

        def counted(conn: DirectConnection, statement: Any, parameters: Any = None) -> Any:
            counters.statements += 1
            if counters.show_statements:
                sql = prepared(statement, tuple(parameters or {}), conn.dialect).sql
                print("    direct:", " ".join(sql.split())[:142])
            return execute(conn, statement, parameters)

        DirectConnection.execute = counted  # type: ignore[method-assign]

    def meter_database(self) -> None:
        """Time SQLAlchemy's async calls (measured across their awaits: exact here, as a turn
        has one update in flight), and the direct ones (storage.sqlite_direct)."""
        counters = self
        depth = [0]

        def timed(spawn: Callable[..., Any]) -> Callable[..., Any]:
            async def spawned(*args: Any, **kwargs: Any) -> Any:
                if depth[0]:
                    return await spawn(*args, **kwargs)
                depth[0] += 1
                started = time.process_time()
                try:
                    return await spawn(*args, **kwargs)
                finally:
                    counters.database += time.process_time() - started
                    depth[0] -= 1

            return spawned

        for module in (sa_async_engine, sa_async_result, sa_async_session):
            module.greenlet_spawn = timed(module.greenlet_spawn)  # type: ignore[attr-defined]
        DirectConnection.run = timed(DirectConnection.run)  # type: ignore[method-assign]


_COERCE = core.coerce_params
_PARSE_ROUTE = core.parse_route
_PAYLOAD = core.ApiResponse.payload
COUNTERS = Counters()


@dataclass
class Samples:
    """Per kind: the bot's CPU, the whole turn's, the database's; statements."""

    bot: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    turn: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    database: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statements: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))


class Timer:
    """Times turns by kind; a turn ends when the bot has settled."""

    def __init__(
        self,
        settle: Callable[[], Awaitable[None]],
        samples: Samples,
        *,
        profile: str | None,
        statements: bool,
    ) -> None:
        self.settle = settle
        self.samples = samples
        self.profile_kind = profile
        # CPU time, not wall time: waiting is free; SQLite's thread is charged to the caller.
        self.profiler = cProfile.Profile(time.process_time) if profile else None
        self.print_statements = statements
        self.shown: set[str] = set()

    async def turn(self, kind: str | None, action: Awaitable[Any]) -> None:
        """Run one user action and wait for the bot; timed under ``kind`` (None: untimed)."""
        profiling = self.profiler is not None and kind == self.profile_kind
        show = self.print_statements and kind is not None and kind not in self.shown
        if show:
            print(f"{kind}:")
            self.shown.add(str(kind))
        COUNTERS.show_statements = show
        emulator, statements, database = COUNTERS.snapshot()
        if profiling and self.profiler is not None:
            self.profiler.enable()
        started = time.process_time()
        await action
        await self.settle()
        spent = time.process_time() - started
        if profiling and self.profiler is not None:
            self.profiler.disable()
        if kind is None:
            return
        s = self.samples
        s.turn[kind].append(spent)
        s.bot[kind].append(spent - (COUNTERS.emulator - emulator))
        s.database[kind].append(COUNTERS.database - database)
        s.statements[kind].append(COUNTERS.statements - statements)


async def stride(
    athletes: int,
    samples: Samples,
    echo_turns: EchoTurns | None = None,
    database: str | None = None,
    **timing: Any,
) -> Timer:
    """Each athlete's morning on the real Application; after each athlete, the echo bot's
    turns (``echo_turns``), so that both are measured on the same machine at the same time
    (a shared machine's speed drifts by tens of per cent within a minute)."""
    clock = ManualClock(ONBOARDED)
    with tempfile.TemporaryDirectory() as tmp:
        url = database or f"sqlite+aiosqlite:///{tmp}/bench.db"
        async with HARNESS.StrideHarness(url, clock, run_scheduler=False) as h:
            for n in range(athletes):
                await onboard(h.db, FIRST_ID + n, clock.now())
            clock.set(MORNING)
            COUNTERS.meter_emulator(h.emu)
            event.listen(h.db.engine.sync_engine, "before_cursor_execute", COUNTERS.count_statement)
            COUNTERS.count_direct_statements()
            timer = Timer(h.settle, samples, **timing)

            async def say(kind: str | None, user: EmulatedUser, text: str) -> MessageView:
                await timer.turn(kind, user.send(text))
                return user.last()

            async def press(kind: str | None, user: EmulatedUser, label: str) -> MessageView:
                message = user.last()
                await timer.turn(kind, user.press(message, label))
                return h.emu.message(message.chat_id, message.message_id)

            for n in range(athletes):
                user = h.user(FIRST_ID + n, f"Runner{n}")
                await timer.turn("idle", asyncio.sleep(0))
                _expect(await say("today", user, "/today"), "Track: 6 x 400 m")
                _expect(await say(None, user, "/checkin"), "How many hours did you sleep")
                _expect(await press("checkin-tap", user, "8"), "How well did you sleep")
                _expect(await press("checkin-tap", user, "4"), "How sore")
                _expect(await press("checkin-last-tap", user, "1"), "Readiness")
                typed = await say("checkin-typed", user, "slept 7h, quality 4, soreness 2")
                _expect(typed, "Readiness")
                _expect(await say("log-typed", user, "ran 45 min rpe 6"), "45 min")
                await say(None, user, "/undo")
                await say(None, user, "/log")
                _expect(await press("log-tap", user, "✅ Done"), "How hard")
                await press("log-tap", user, "7")
                if echo_turns is not None:
                    await echo_turns(2)
    return timer


def _expect(message: MessageView, text: str) -> None:
    """The bench drives the right flow: each answer says what a test would look for."""
    if text not in message.text:
        raise AssertionError(f"expected {text!r} in the bot's answer, got {message.text!r}")


async def echo_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echo a message with one button."""
    message = update.effective_message
    assert message is not None
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Again", callback_data="again")]])
    text = f"<b>echo</b> {message.text}"
    await message.reply_text(text, parse_mode="HTML", reply_markup=keyboard)


async def echo_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a press and edit its message."""
    query = update.callback_query
    assert query is not None
    await query.answer("ok")
    await query.edit_message_text("pressed")


EchoTurns = Callable[[int], Awaitable[None]]


@asynccontextmanager
async def echo(samples: Samples, **timing: Any) -> AsyncIterator[tuple[EchoTurns, Timer]]:
    """A bare python-telegram-bot bot on an emulator of its own, the same turns: yields a
    function that runs ``n`` of them (a message, then a press) for ``n`` new users."""
    emu = BotAPIEmulator(token=HARNESS.TOKEN)
    app = (
        ApplicationBuilder()
        .token(HARNESS.TOKEN)
        .base_url(emu.base_url)
        .request(EmulatorRequest(emu))
        .get_updates_request(EmulatorRequest(emu))
        .application_class(HARNESS.TrackedApplication)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo_text))
    app.add_handler(CallbackQueryHandler(echo_press))

    async def settle() -> None:
        await emu.wait_idle(quiet=0.01, timeout=10.0)
        while HARNESS.TrackedApplication.busy or app.update_queue.qsize():  # noqa: ASYNC110
            await asyncio.sleep(0.005)  # as the harness's settle: nothing to wait on

    timer = Timer(settle, samples, **timing)
    users = iter(range(FIRST_ID, FIRST_ID + 1_000_000))

    async def turns(n: int) -> None:
        for _ in range(n):
            user = emu.user(next(users), "Runner")
            await timer.turn("echo-idle", asyncio.sleep(0))
            await timer.turn("echo-text", user.send("hello"))
            await timer.turn("echo-tap", user.press(user.last(), "Again"))

    async with polling(app, poll_timeout=5.0):
        COUNTERS.meter_emulator(emu)
        yield turns, timer


#: Where own time goes, by the file a function lives in (first match wins).
AREAS = (
    ("SQLAlchemy", "/sqlalchemy/"),
    ("aiosqlite", "/aiosqlite/"),
    ("pydantic", "/pydantic"),
    ("python-telegram-bot", "/telegram/"),
    ("emulator", "/botapi_emulator/"),
    ("asyncio", "/asyncio/"),
    ("json", "/json/"),
    ("logging", "/logging/"),
    ("stride coach/", f"{ROOT}/coach/"),
    ("stride storage/", f"{ROOT}/storage/"),
    ("stride services/", f"{ROOT}/services/"),
    ("stride bot/", f"{ROOT}/bot/"),
    ("stride flows/", f"{ROOT}/flows/"),
)


def print_profile(profiler: cProfile.Profile) -> None:
    """Own CPU time by library, then Stride's functions and everything by cumulative time."""
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    totals: dict[str, float] = defaultdict(float)
    raw: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    for (filename, _line, _name), row in raw.items():
        area = next((a for a, key in AREAS if key in filename), None)
        totals[area or ("C builtins" if filename == "~" else "other")] += row[2]
    whole = sum(totals.values()) or 1.0
    print("own CPU by library (profiled: inflated, but evenly):")
    for area, own in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"  {area:<22} {own / whole:6.1%}")
    stats.sort_stats("cumulative").print_stats(rf"{ROOT}/(bot|services|storage|coach|flows)/", 40)
    stats.sort_stats("tottime").print_stats(30)
    print(out.getvalue())


def _q(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def report(samples: Samples, detail: bool) -> None:
    base = statistics.median(samples.bot["echo-text"] + samples.bot["echo-tap"]) * 1000
    head = f"{'update':<17} {'n':>4} {'bot median':>10} {'p90':>6} {'x echo':>6} {'turn':>6}"
    head += f" {'SQL':>4}" + (f" {'db':>6}" if detail else "")
    print(head + "   (ms of CPU per update)")
    for kind in (*KINDS, *ECHO_KINDS, *IDLE):
        bot = samples.bot.get(kind)
        if not bot:
            continue
        median = statistics.median(bot) * 1000
        line = (
            f"{kind:<17} {len(bot):>4} {median:>10.2f} {_q(bot, 0.9) * 1000:>6.2f}"
            f" {median / base:>6.1f} {statistics.median(samples.turn[kind]) * 1000:>6.2f}"
            f" {statistics.median(samples.statements[kind]):>4.0f}"
        )
        if detail:
            line += f" {statistics.median(samples.database[kind]) * 1000:>6.2f}"
        print(line)


async def main(args: argparse.Namespace) -> None:
    print(
        f"Python {platform.python_version()}, {args.athletes} athletes, "
        f"{'PostgreSQL' if args.database and 'postgres' in args.database else 'SQLite'}; "
        "CPU per update (process_time, the emulator's own work taken off)"
    )
    if args.detail:
        COUNTERS.meter_database()
    samples = Samples()
    ours = args.profile if args.profile in KINDS else None
    theirs = args.profile if args.profile in ECHO_KINDS else None
    async with echo(samples, profile=theirs, statements=False) as (echo_turns, echo_timer):
        timer = await stride(
            args.athletes,
            samples,
            echo_turns,
            args.database,
            profile=ours,
            statements=args.statements,
        )
    for profiler in (timer.profiler, echo_timer.profiler):
        if profiler is not None:
            print_profile(profiler)
    report(samples, args.detail)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=30)
    parser.add_argument("--detail", action="store_true", help="database CPU and round trips")
    parser.add_argument(
        "--database", default=None, help="an empty database's URL (default: SQLite, temporary)"
    )
    parser.add_argument("--statements", action="store_true", help="each kind's SQL, once")
    parser.add_argument("--profile", choices=(*KINDS, *ECHO_KINDS), default=None)
    asyncio.run(main(parser.parse_args()))
