"""The spread of a crowded minute: pure planning, in simulated time."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from bot.ratelimit import BULK
from coach.pushtimes import PushKind
from scheduler.delivery import OutMessage, TelegramSender
from scheduler.spread import WINDOW, Budget, overflow, plan_releases
from tests.scheduler.conftest import Stage, seed_many
from tests.scheduler.test_faults import limited_bot

SIX_THIRTY = datetime(2026, 11, 23, 6, 30, tzinfo=UTC)
BUDGET = Budget(rate=10.0, instance_rate=10.0, lookahead=timedelta(seconds=10))


def simulate(
    groups: dict[datetime, int], budget: Budget, start: datetime
) -> tuple[list[tuple[datetime, datetime]], int]:
    """Release by the plan every ``lookahead``; send at the free rate, paid at once.
    Returns (due, sent) per push and the pushes sent paid."""
    left = dict(groups)
    queue: list[datetime] = []
    sent: list[tuple[datetime, datetime]] = []
    paid = 0
    now, lane_free_at = start, start
    step = budget.lookahead
    while any(left.values()) or queue:
        for release in plan_releases(sorted(left.items()), now, budget):
            left[release.due_at] -= release.free + release.paid
            queue += [release.due_at] * release.free
            paid += release.paid
            sent += [(release.due_at, now)] * release.paid
        for due in [d for d, n in left.items() if n and d <= now]:  # due now: claimed
            queue += [due] * left[due]
            left[due] = 0
        until = now + step
        while queue and lane_free_at < until:
            lane_free_at = max(lane_free_at, now)
            sent.append((queue.pop(0), lane_free_at))
            lane_free_at += timedelta(seconds=1 / budget.rate)
        now = until
    return sent, paid


def test_a_minute_the_rate_can_serve_is_not_started_early() -> None:
    assert plan_releases([(SIX_THIRTY, 5)], SIX_THIRTY - timedelta(minutes=5), BUDGET) == []
    sent, _ = simulate({SIX_THIRTY: 5}, BUDGET, SIX_THIRTY - timedelta(hours=1))
    assert all(due <= at <= due + timedelta(seconds=1) for due, at in sent)


def test_a_crowded_minute_starts_early_enough_to_arrive_on_time() -> None:
    crowd = 10 * 60 * 20  # 20 minutes of sending at 10/s
    sent, paid = simulate({SIX_THIRTY: crowd}, BUDGET, SIX_THIRTY - timedelta(hours=1))
    assert paid == 0
    assert len(sent) == crowd
    # On time, but for the last lookahead's worth (at most that late: inside the minute).
    assert max(at for _, at in sent) <= SIX_THIRTY + BUDGET.lookahead
    assert sum(at > SIX_THIRTY for _, at in sent) <= 10 * BUDGET.lookahead.total_seconds()
    assert min(at for _, at in sent) >= SIX_THIRTY - timedelta(minutes=21)  # not needlessly early


def test_never_earlier_than_the_window_and_the_rest_is_late_without_the_paid_lane() -> None:
    crowd = 10 * 60 * 60  # an hour of sending at 10/s, into a 45-minute window
    sent, paid = simulate({SIX_THIRTY: crowd}, BUDGET, SIX_THIRTY - timedelta(hours=2))
    assert paid == 0
    assert min(at for _, at in sent) >= SIX_THIRTY - WINDOW
    late = [at for _, at in sent if at > SIX_THIRTY]
    assert 0 < len(late) <= crowd - 10 * 60 * 45 + 10 * BUDGET.lookahead.total_seconds()
    expected = overflow([(SIX_THIRTY, crowd)], SIX_THIRTY - timedelta(hours=2), BUDGET)
    assert abs(expected - len(late)) <= 10 * BUDGET.lookahead.total_seconds()


def test_the_paid_lane_carries_the_overflow_just_before_its_time() -> None:
    crowd = 10 * 60 * 60
    budget = Budget(rate=10.0, instance_rate=10.0, paid_rate=1000.0, lookahead=BUDGET.lookahead)
    sent, paid = simulate({SIX_THIRTY: crowd}, budget, SIX_THIRTY - timedelta(hours=2))
    assert 0.9 * 10 * 60 * 15 <= paid <= 10 * 60 * 15  # the 15 minutes past the window
    assert all(at <= SIX_THIRTY + budget.lookahead for _, at in sent)
    assert min(at for _, at in sent) >= SIX_THIRTY - WINDOW


def test_minutes_in_a_row_share_the_lane() -> None:
    """06:30 and 06:31, each 5 minutes of sending: 06:30's must end before 06:31's start."""
    groups = {SIX_THIRTY: 3000, SIX_THIRTY + timedelta(minutes=1): 3000}
    sent, _ = simulate(groups, BUDGET, SIX_THIRTY - timedelta(hours=1))
    assert all(at <= due + BUDGET.lookahead for due, at in sent)
    assert sum(at > due for due, at in sent) <= 2 * 10 * BUDGET.lookahead.total_seconds()


# --- through the dispatcher and the database ---------------------------------------------

PARIS = "Europe/Paris"
MONDAY = datetime(2026, 11, 23, 5, 30, tzinfo=UTC)  # 06:30 in Paris
SLOW = Budget(rate=1.0, instance_rate=1.0, lookahead=timedelta(seconds=30))
MORNING_ONLY = {"budget": SLOW, "kinds": (PushKind.MORNING,)}  # no weekly summaries here


async def test_a_crowded_minute_goes_out_early_lowest_ids_first(stage: Stage) -> None:
    """120 athletes at 06:30 and one message a second: two minutes of sending, so the first
    go at about 06:28; nobody's push before then, none before the window."""
    athletes = list(range(1, 121))
    await seed_many(stage.db, athletes, tz=PARIS, push="06:30", now=MONDAY - timedelta(hours=2))
    for athlete in athletes:
        stage.emu.user(athlete, started=True)
    report = await stage.tick(MONDAY - timedelta(minutes=20), **MORNING_ONLY)
    assert report.early == 0  # two minutes of sending need no head start of twenty
    report = await stage.tick(MONDAY - timedelta(seconds=110), **MORNING_ONLY)
    assert 0 < report.early <= 40
    early = [a for a in athletes if stage.pushes(a)]
    assert early == athletes[: len(early)]  # deterministic: the lowest ids
    for athlete in early:
        [push] = stage.pushes(athlete)
        assert push.date == MONDAY - timedelta(seconds=110)
    await stage.tick(MONDAY, **MORNING_ONLY)
    assert all(len(stage.pushes(a)) == 1 for a in athletes)


async def test_never_before_the_athletes_own_day_has_begun(stage: Stage) -> None:
    """A crowd at 00:05: the spread would start before midnight, when the day's session is
    not decided yet (last night's late log); it waits for the day."""
    athletes = list(range(1, 301))
    midnight = datetime(2026, 11, 22, 23, 0, tzinfo=UTC)  # 00:00 in Paris, Monday
    await seed_many(stage.db, athletes, tz=PARIS, push="00:05", now=midnight - timedelta(hours=3))
    for athlete in athletes:
        stage.emu.user(athlete, started=True)
    report = await stage.tick(midnight - timedelta(seconds=10), **MORNING_ONLY)
    assert report.early == 0
    assert not any(stage.pushes(a) for a in athletes)
    report = await stage.tick(midnight + timedelta(seconds=10), **MORNING_ONLY)
    assert report.early > 0


async def test_the_overflow_goes_in_the_paid_lane_when_allowed(stage: Stage) -> None:
    """A one-minute window at one message a second cannot carry 150 athletes: with paid
    broadcasts allowed, the overflow goes out with allow_paid_broadcast, just before 06:30,
    and Telegram (the emulator) counts each one it will bill."""
    athletes = list(range(1, 151))
    await seed_many(stage.db, athletes, tz=PARIS, push="06:30", now=MONDAY - timedelta(hours=2))
    for athlete in athletes:
        stage.emu.user(athlete, started=True)
    budget = Budget(
        rate=1.0,
        instance_rate=1.0,
        window=timedelta(minutes=1),
        paid_rate=1000.0,
        lookahead=timedelta(seconds=30),
    )
    only = {"budget": budget, "kinds": (PushKind.MORNING,)}
    report = await stage.tick(MONDAY - timedelta(seconds=60), **only)  # the window opens
    assert (report.early, report.paid) == (30, 0)  # the free lane's next 30 s
    report = await stage.tick(MONDAY - timedelta(seconds=25), **only)
    # The window and the lookahead past 06:30 carry 90 at 1/s: the rest is paid.
    assert 55 <= report.paid <= 70
    assert stage.emu.stats.paid_messages == report.paid
    await stage.tick(MONDAY, **only)
    assert all(len(stage.pushes(a)) == 1 for a in athletes)


async def test_paid_sends_are_paced_outside_the_free_rate(stage: Stage) -> None:
    """Forty paid pushes through a limiter whose free lane allows two a second: they go
    at once, with no 429 from a Telegram that enforces 30 a second."""
    stage.emu.enforce_rate_limits(per_bot_per_second=30, per_chat_per_second=1)
    for chat in range(1, 41):
        stage.emu.user(chat, started=True)
    async with limited_bot(stage.emu, overall_rate=2.0) as bot:
        sender = TelegramSender(bot, rate_limit_args=BULK)
        started = time.monotonic()
        await asyncio.gather(
            *(sender.send(c, OutMessage(text="hi"), paid=True) for c in range(1, 41))
        )
        elapsed = time.monotonic() - started
    assert elapsed < 2.0  # 40 at the free lane's 2/s would take 20 s
    assert stage.emu.stats.paid_messages == 40
    assert stage.emu.stats.too_many_requests == 0
