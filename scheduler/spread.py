"""Arrive by the chosen time: when a minute holds more morning pushes than the rate can
send, start some of them early, so that the last one goes out at that minute, not after it.

Telegram lets a bot send about 30 messages a second: 20,000 athletes who chose 06:30 take
about 12 minutes to reach. Started at 06:30, the last push lands at 06:42 (100,000: 07:25).
So the scheduler looks ahead: for the pushes due in the next ``window`` (45 minutes by
default), counted per due instant, it works out backwards from the latest one when each must
start for all of them to go out by their chosen time at ``rate`` (:func:`plan_releases`),
and claims a push once its start has come. The spread is deterministic (athletes in id order,
the lowest first) and never starts a push earlier than ``window`` before its time.

What the window cannot carry is late, unless the operator opts in to Telegram's paid
broadcasts (``allow_paid_broadcast``: up to 1,000 messages a second, billed 0.1 Telegram
Stars a message): then the overflow goes in that lane, released just before its time, and the
rest at the free rate inside the window.

Only the morning push is spread: the evening reminder and the weekly summary wait for the
day's log, so sending them early would say less. And an early push is never sent before the
athlete's own day has begun (the storage's claim checks it), so last night's late log is
always in the session the push announces. Pure functions: the dispatcher and
``bench/lateness.py`` (simulated time) use the same ones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

#: How far before its chosen time a push may start, by default.
WINDOW = timedelta(minutes=45)
#: Paid broadcasts: Telegram's limit, and what it bills a message (in Telegram Stars).
PAID_RATE = 1000.0
PAID_STARS_PER_MESSAGE = 0.1
#: Paid pushes are released this long before the instant their lane needs, for the claim,
#: the composition and the network.
PAID_MARGIN = timedelta(seconds=20)


@dataclass(frozen=True, slots=True)
class Budget:
    """What the scheduler may send and how far ahead.

    ``rate`` is the free lane of every instance together (Telegram's 30/s, less a margin);
    ``instance_rate`` this instance's share of it (what one claim should hold at most per
    ``lookahead``); ``paid_rate`` the paid lane (0: off).
    """

    rate: float
    instance_rate: float
    window: timedelta = WINDOW
    paid_rate: float = 0.0
    lookahead: timedelta = timedelta(seconds=30)

    def __post_init__(self) -> None:
        if self.rate <= 0 or self.instance_rate <= 0:
            raise ValueError("rates must be positive")
        if self.window < timedelta(0):
            raise ValueError("the window cannot be negative")


@dataclass(frozen=True, slots=True)
class Release:
    """How many of the pushes due at ``due_at`` to claim now, in each lane."""

    due_at: datetime
    free: int
    paid: int


@dataclass(frozen=True, slots=True)
class _Lanes:
    free: int  # pushes of the group carried by the free lane
    free_start: datetime  # when the first of them must start
    paid: int  # the overflow (paid lane, or late without it)


def _lanes(
    groups: Sequence[tuple[datetime, int]], now: datetime, budget: Budget
) -> dict[datetime, _Lanes]:
    # ``now``: when the free lane is next free (the caller adds what it has queued).
    """Backwards from the latest group: each must end by its time and before the next one
    starts; what would have to start before its window (or before ``now``) is the overflow."""
    lanes: dict[datetime, _Lanes] = {}
    finish: datetime | None = None
    per_push = timedelta(seconds=1 / budget.rate)
    for due_at, count in sorted(groups, reverse=True):
        if count <= 0:
            continue
        earliest = max(due_at - budget.window, now)
        # The lane may run a lookahead past the group's time (the tick's granularity: at
        # most that late, inside the chosen minute); that is not overflow.
        last = (
            due_at + budget.lookahead if finish is None else min(due_at + budget.lookahead, finish)
        )
        room = max(0, math.floor((last - earliest) / per_push)) if last > earliest else 0
        free = min(count, room)
        start = last - per_push * free
        lanes[due_at] = _Lanes(free, start, count - free)
        finish = start
    return lanes


def plan_releases(
    groups: Sequence[tuple[datetime, int]],
    now: datetime,
    budget: Budget,
    *,
    busy: timedelta = timedelta(0),
) -> list[Release]:
    """Which of the pushes due after ``now`` (``groups``: due instant, how many not yet
    claimed) to claim now, earliest due first.

    A free push is released once its start (from :func:`_lanes`) is within ``lookahead`` of
    ``now``, never before its window, and only if it must start before its time: the lane is
    planned to end ``lookahead`` after a group's time (so the last pushes of a crowded minute
    are at most that late, and a minute the rate serves within it is not started early);
    the overflow, when the paid lane is on, shortly before its time.

    Recomputed on what is left each time, so releasing is idempotent: what was claimed is no
    longer counted, and the rest starts later. ``busy``: how long the free lane is still
    taken by pushes released before and not sent yet (the plan starts where they end).
    """
    free_at = now + busy
    horizon = now + budget.lookahead
    per_push = timedelta(seconds=1 / budget.rate)
    out: list[Release] = []
    for due_at, lane in sorted(_lanes(groups, free_at, budget).items()):
        if due_at <= now or now < due_at - budget.window:
            continue
        free = 0
        # Early only for what must start before its time: a minute the rate serves within
        # the lookahead goes at its time, as without any spread.
        needed = min(horizon, due_at)
        if lane.free and lane.free_start < needed:
            free = min(lane.free, math.ceil((needed - lane.free_start) / per_push))
        paid = 0
        if lane.paid and budget.paid_rate > 0:
            needs = timedelta(seconds=lane.paid / budget.paid_rate)
            if due_at - needs - PAID_MARGIN <= horizon:
                paid = lane.paid
        if free or paid:
            out.append(Release(due_at, free, paid))
    return out


def overflow(groups: Sequence[tuple[datetime, int]], now: datetime, budget: Budget) -> int:
    """How many pushes the window cannot carry at the free rate (paid, or late)."""
    return sum(lane.paid for lane in _lanes(groups, now, budget).values())
