"""Scheduler fixtures: a database with onboarded athletes, the emulator, a bot and a stage
that ticks the real dispatcher and reads what each athlete received."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert
from telegram.ext import ExtBot

from bot.pushes import PushComposer
from botapi_emulator import BotAPIEmulator, EmulatorRequest, MessageView
from coach.models import AthleteProfile, GoalKind
from coach.planner import build_plan
from coach.pushtimes import PushKind, first_slot_from, zone
from scheduler.clock import ManualClock
from scheduler.delivery import Dispatcher, TelegramSender, TickReport
from storage.athletes import profile_columns
from storage.database import Database
from storage.plans import head_values, week_values
from storage.tables import AthleteRow, PlanRow, PlanWeekRow

TOKEN = "123456:TEST-scheduler-token"


def profile(
    tz: str,
    push: str = "06:30",
    reminder: str = "20:00",
    *,
    run_days: tuple[int, ...] = (0, 1, 2, 3, 4, 5),
    rest_day_notes: bool = True,
) -> AthleteProfile:
    """A general-fitness runner: no race date needed, a session most days."""
    hours, minutes = (int(x) for x in push.split(":"))
    r_hours, r_minutes = (int(x) for x in reminder.split(":"))
    return AthleteProfile(
        goal=GoalKind.FITNESS,
        run_days=run_days,
        long_run_day=run_days[-1],
        weekly_km=30.0,
        longest_run_km=12.0,
        timezone=tz,
        push_time=time(hours, minutes),
        reminder_time=time(r_hours, r_minutes),
        rest_day_notes=rest_day_notes,
    )


def local(instant: datetime, tz: str) -> datetime:
    return instant.astimezone(ZoneInfo(tz))


class Stage:
    """Athletes on one side, the emulator's chats on the other, the dispatcher in between."""

    def __init__(
        self, db: Database, db_url: str, emu: BotAPIEmulator, bot: ExtBot[Any], clock: ManualClock
    ) -> None:
        self.db = db
        self.db_url = db_url
        self.emu = emu
        self.bot = bot
        self.clock = clock
        self._dispatcher: Dispatcher | None = None

    async def athlete(
        self,
        athlete_id: int,
        tz: str,
        push: str = "06:30",
        reminder: str = "20:00",
        *,
        first_name: str = "Ann",
        **kwargs: Any,
    ) -> int:
        """Register and onboard an athlete as the conversation does, and schedule them."""
        now = self.clock.now()
        self.emu.user(athlete_id, first_name, started=True)
        await self.db.athletes.register(athlete_id, athlete_id, first_name, now)
        columns = profile_columns(profile(tz, push, reminder, **kwargs))
        await self.db.athletes.update_fields(athlete_id, now, **columns)
        await self.db.athletes.mark_onboarded(athlete_id, now)
        await self.db.deliveries.reschedule(athlete_id, now)
        return athlete_id

    def dispatcher(self, **kwargs: Any) -> Dispatcher:
        sender = TelegramSender(self.bot)
        return Dispatcher(self.db, PushComposer(self.db), sender, self.clock, **kwargs)

    async def tick(self, at: datetime | None = None, **kwargs: Any) -> TickReport:
        if at is not None:
            self.clock.set(at)
        if self._dispatcher is None or kwargs:
            self._dispatcher = self.dispatcher(**kwargs)
        return await self._dispatcher.tick()

    def received(self, athlete_id: int) -> list[MessageView]:
        """Everything the bot sent to the athlete's chat, oldest first."""
        return self.emu.messages(athlete_id)

    def pushes(self, athlete_id: int, kind: PushKind = PushKind.MORNING) -> list[MessageView]:
        return [m for m in self.received(athlete_id) if kind_of(m) is kind]


def kind_of(message: MessageView) -> PushKind | None:
    """Which push a message is, read the way the athlete reads it."""
    text = message.text or ""
    if text.startswith("Good morning"):
        return PushKind.MORNING
    if text.startswith("Evening,"):
        return PushKind.EVENING
    if text.startswith("Your week") or message.photo is not None:
        return PushKind.WEEKLY
    return None


async def seed_many(
    db: Database,
    ids: Sequence[int],
    *,
    tz: str,
    push: str,
    now: datetime,
    emu: BotAPIEmulator | None = None,
    plan_weeks: int = 4,
) -> None:
    """Onboarded athletes in bulk: one insert, next pushes as ``reschedule`` sets them for a
    new athlete, and one plan (built once, stored per athlete) so the test does not spend its
    time in the planner."""
    athlete = profile(tz, push)
    columns = profile_columns(athlete)
    for kind in PushKind:
        slot = first_slot_from(kind, now, zone(tz), athlete.push_time, athlete.reminder_time)
        columns[f"next_{kind.value}_at"] = slot.due_at
    rows = [
        {
            **columns,
            "id": athlete_id,
            "chat_id": athlete_id,
            "first_name": f"R{athlete_id}",
            "status": "active",
            "onboarded_at": now,
            "created_at": now,
            "updated_at": now,
        }
        for athlete_id in ids
    ]
    plan = build_plan(athlete, now.astimezone(ZoneInfo(tz)).date(), weeks=plan_weeks)
    async with db.sessions.begin() as session:
        await session.execute(insert(AthleteRow), rows)
        plan_ids = await session.scalars(
            insert(PlanRow).returning(PlanRow.id, sort_by_parameter_order=True),
            [{"athlete_id": i, "version": 1, **head_values(plan, now)} for i in ids],
        )
        weeks = [row for plan_id in plan_ids for row in week_values(plan_id, plan)]
        await session.execute(insert(PlanWeekRow), weeks)
    if emu is not None:
        for athlete_id in ids:
            emu.user(athlete_id, f"R{athlete_id}", started=True)


@pytest.fixture
def emu(clock: ManualClock) -> BotAPIEmulator:
    return BotAPIEmulator(token=TOKEN, clock=clock.now)


@pytest.fixture
async def bot(emu: BotAPIEmulator) -> AsyncIterator[ExtBot[Any]]:
    ext = ExtBot(
        TOKEN,
        base_url=emu.base_url,
        base_file_url=emu.base_file_url,
        request=EmulatorRequest(emu),
    )
    async with ext:
        yield ext


@pytest.fixture
def stage(
    db: Database, db_url: str, emu: BotAPIEmulator, bot: ExtBot[Any], clock: ManualClock
) -> Stage:
    return Stage(db, db_url, emu, bot, clock)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def on(day: date, hhmm: str, tz: str) -> datetime:
    """The UTC instant of an unambiguous local wall time (zoneinfo's reading)."""
    hours, minutes = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(hours, minutes), ZoneInfo(tz)).astimezone(UTC)
