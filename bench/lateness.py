"""Lateness benchmark, in simulated time: do crowded mornings arrive by the chosen time?

    .venv/bin/python bench/lateness.py                      # 100,000 athletes
    .venv/bin/python bench/lateness.py --athletes 20000 --spike 5000

A morning of 100,000 athletes with realistic push times: most between 05:30 and 07:30 local
(round times chosen more often), in three zones (London, Paris, Helsinki: UTC+0, +1, +2 in
November), and a spike of 20,000 who all chose 06:30 in Paris. The clock is virtual (the
whole morning takes seconds); the same planner the scheduler runs (:mod:`scheduler.spread`)
decides what to claim every two seconds, the free lane sends at Stride's pace (28.8/s, as
:class:`bot.ratelimit.StrideRateLimiter`) and the paid lane at 960/s, and every send is
checked against the emulator's flood control (:class:`botapi_emulator.ratelimit.RateLimiter`:
30/s, 1/s per chat, 1,000/s paid) on the virtual clock, which counts any 429.

Prints the distribution of arrival minus chosen time for: today's behaviour (each push starts
at its time), the spread (45-minute window), and the spread with the paid lane. Asserts
nothing.
"""

from __future__ import annotations

import argparse
import bisect
import random
import statistics
import sys
from collections import Counter, deque
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.ratelimit import OVERALL_RATE, PAID_RATE
from botapi_emulator.ratelimit import RateLimiter
from scheduler.delivery import EARLY_CHECK_EVERY
from scheduler.spread import PAID_STARS_PER_MESSAGE, WINDOW, Budget, plan_releases

DAY = date(2026, 11, 24)  # a Tuesday
ZONES = ("Europe/London", "Europe/Paris", "Europe/Helsinki")
SPIKE_ZONE = "Europe/Paris"
STEP = EARLY_CHECK_EVERY  # the dispatcher plans again this often while spreading


def population(athletes: int, spike: int, seed: int) -> list[datetime]:
    """Each athlete's chosen time (UTC), sorted."""
    rng = random.Random(seed)
    out = []
    spike_at = datetime.combine(DAY, time(6, 30), ZoneInfo(SPIKE_ZONE)).astimezone(UTC)
    out += [spike_at] * spike
    # Push times on a 5-minute grid; :00 and :30 chosen most, :15 and :45 next.
    grid = [time(h, m) for h in range(5, 10) for m in range(0, 60, 5)]
    weight = {0: 6.0, 30: 6.0, 15: 3.0, 45: 3.0}
    for _ in range(athletes - spike):
        zone = ZoneInfo(rng.choice(ZONES))
        if rng.random() < 0.9:  # most between 05:30 and 07:30
            choices = [t for t in grid if time(5, 30) <= t <= time(7, 30)]
        else:
            choices = grid
        chosen = rng.choices(choices, [weight.get(t.minute, 1.0) for t in choices])[0]
        out.append(datetime.combine(DAY, chosen, zone).astimezone(UTC))
    return sorted(out)


@dataclass
class Result:
    lateness: list[float]  # seconds, arrival minus chosen time
    paid: int
    too_many: int
    earliest_lead: float  # the longest head start any push got, seconds


def simulate(chosen: list[datetime], budget: Budget | None) -> Result:
    """One morning; ``budget=None`` is today's behaviour (claimed at its time)."""
    start = chosen[0] - WINDOW - timedelta(minutes=1)
    epoch = start
    pending: Counter[datetime] = Counter(chosen)  # unclaimed, by chosen time
    instants = sorted(pending)
    free_q: deque[datetime] = deque()
    paid_q: deque[datetime] = deque()
    flood = RateLimiter(30, 1, monotonic=lambda: clock)
    clock = 0.0
    free_rate = OVERALL_RATE
    next_free = next_paid = 0.0
    lane_until: datetime | None = None
    lateness: list[float] = []
    paid = too_many = 0
    earliest_lead = 0.0
    chat = 0
    now = start
    while pending or free_q or paid_q:
        # 1. What is due now is claimed (the normal due query).
        for due in instants[: bisect.bisect_right(instants, now)]:
            if pending[due]:
                free_q.extend([due] * pending.pop(due))
        instants = [i for i in instants if i in pending]
        # 2. The spread: what the plan releases (as Dispatcher._claim_early).
        if budget is not None:
            ahead = [(d, pending[d]) for d in instants if now < d <= now + budget.window]
            queued = now + timedelta(seconds=len(free_q) / budget.instance_rate)
            free_at = max(queued, lane_until or now)
            share = int(budget.instance_rate * budget.lookahead.total_seconds())
            taken = free = 0
            for release in plan_releases(ahead, now, budget, busy=free_at - now):
                n_free = min(release.free, share - taken)
                free_q.extend([release.due_at] * n_free)
                paid_q.extend([release.due_at] * release.paid)
                pending[release.due_at] -= n_free + release.paid
                if not pending[release.due_at]:
                    del pending[release.due_at]
                taken += n_free + release.paid
                free += n_free
                if taken >= share:
                    break
            instants = [i for i in instants if i in pending]
            lane_until = free_at + timedelta(seconds=free / budget.rate)
        # 3. Send for one step: the free lane at Stride's pace, the paid lane on its own.
        step_end = (now - epoch).total_seconds() + STEP
        for queue, lane_paid in ((free_q, False), (paid_q, True)):
            rate = PAID_RATE if lane_paid else free_rate
            at = max(next_paid if lane_paid else next_free, (now - epoch).total_seconds())
            while queue and at < step_end:
                due = queue.popleft()
                clock = at
                chat += 1
                if flood.check("sendMessage", chat, paid=lane_paid) is not None:
                    too_many += 1
                flood.record("sendMessage", chat, paid=lane_paid)
                arrival = epoch + timedelta(seconds=at)
                lateness.append((arrival - due).total_seconds())
                earliest_lead = max(earliest_lead, (due - arrival).total_seconds())
                paid += lane_paid
                at += 1 / rate
            if lane_paid:
                next_paid = at
            else:
                next_free = at
        now += timedelta(seconds=STEP)
    return Result(lateness, paid, too_many, earliest_lead)


BUCKETS = (
    ("more than 30 min early", float("-inf"), -1800),
    ("10-30 min early", -1800, -600),
    ("1-10 min early", -600, -60),
    ("within the minute before", -60, 0),
    ("0-30 s late", 0, 30),
    ("30-60 s late", 30, 60),
    ("1-5 min late", 60, 300),
    ("5-15 min late", 300, 900),
    ("15-30 min late", 900, 1800),
    ("more than 30 min late", 1800, float("inf")),
)


def report(name: str, result: Result) -> None:
    late = sorted(result.lateness)
    n = len(late)
    print(f"\n{name}")
    for label, low, high in BUCKETS:
        count = sum(1 for x in late if low < x <= high)
        if count:
            print(f"   {label:<26} {count:>8,}  {count / n:6.1%}")
    pick = [late[int(q * (n - 1))] for q in (0.5, 0.9, 0.99)]
    print(
        f"   arrival - chosen: median {statistics.median(late):+.0f} s, p90 {pick[1]:+.0f} s, "
        f"p99 {pick[2]:+.0f} s, max {late[-1]:+.0f} s; min {late[0]:+.0f} s "
        f"(window {WINDOW.total_seconds() / 60:.0f} min)"
    )
    print(
        f"   after the chosen minute (> 60 s late): {sum(1 for x in late if x > 60):,}; "
        f"429 answers: {result.too_many}; paid broadcasts: {result.paid:,} "
        f"(~{result.paid * PAID_STARS_PER_MESSAGE:,.0f} Stars)"
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--athletes", type=int, default=100_000)
    parser.add_argument("--spike", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-worst", dest="worst", action="store_false", help="skip the all-at-06:30 case"
    )
    args = parser.parse_args(argv)
    chosen = population(args.athletes, args.spike, args.seed)
    by_minute = Counter(chosen)
    busiest = by_minute.most_common(3)
    print(
        f"Lateness bench (simulated time): {len(chosen):,} athletes, zones {', '.join(ZONES)}; "
        f"a spike of {args.spike:,} at 06:30 {SPIKE_ZONE}.\n"
        f"Busiest instants (UTC): "
        + ", ".join(f"{d:%H:%M} x {n:,}" for d, n in busiest)
        + f"; free lane {OVERALL_RATE}/s, paid lane {PAID_RATE:.0f}/s"
    )
    free = Budget(rate=OVERALL_RATE, instance_rate=OVERALL_RATE)
    paid = Budget(rate=OVERALL_RATE, instance_rate=OVERALL_RATE, paid_rate=PAID_RATE)
    report("1. Each push starts at its time (before this change)", simulate(chosen, None))
    report("2. Spread over up to 45 minutes before (the default)", simulate(chosen, free))
    report("3. Spread, and the paid-broadcast lane for the overflow", simulate(chosen, paid))
    if args.worst:
        # The worst case: every athlete chose 06:30 in one zone (~58 min of sending).
        crowd = population(args.athletes, args.athletes, args.seed)
        print(f"\nWorst case: all {len(crowd):,} athletes at 06:30 {SPIKE_ZONE}")
        report("4. Each push starts at its time", simulate(crowd, None))
        report("5. Spread over 45 minutes", simulate(crowd, free))
        report(
            "6. Spread, and the paid lane for what 45 minutes cannot carry", simulate(crowd, paid)
        )


if __name__ == "__main__":
    main(sys.argv[1:])
