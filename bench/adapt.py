"""Benchmark: today's adjusted session for many athletes (COACHING.md §7; goal < 1 s / 10,000).

Builds one plan per athlete (varied goals, run days, race dates), four to six weeks of logs,
two weeks of check-ins and a few pain flags, all before the clock starts. Then, timed, for
every athlete: readiness (with the morning load ratio) and ``adjust_today`` on today's
planned sessions, the readiness score passed on so nothing is computed twice.
Prints the figures; it never fails on a slow machine.

    .venv/bin/python bench/adapt.py [--athletes 10000] [--seed 7] [--passes 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coach.adaptation import adjust_today
from coach.models import (
    AthleteProfile,
    CheckIn,
    GoalKind,
    PainFlag,
    Plan,
    Readiness,
    ReadinessLevel,
    RunLog,
    RunStatus,
    Session,
)
from coach.planner import build_plan
from coach.readiness import score_readiness

START = date(2026, 11, 2)
TODAY = date(2026, 12, 15)
PLACES = ("calves", "left knee", "hamstrings", "hip", "achilles", "quads")
RUN_DAYS = ((1, 3, 5, 6), (0, 2, 4, 6), (1, 2, 4, 5, 6), (0, 1, 2, 3, 4, 5, 6), (1, 3, 6))


@dataclass(frozen=True, slots=True)
class Athlete:
    profile: AthleteProfile
    plan: Plan
    week: tuple[Session, ...]
    today: tuple[Session, ...]
    checkin: CheckIn | None
    checkins: tuple[CheckIn, ...]
    logs: tuple[RunLog, ...]
    pains: tuple[PainFlag, ...]
    recent: tuple[Readiness, ...]


def _profile(rnd: random.Random) -> AthleteProfile:
    goal = rnd.choice(list(GoalKind))
    days = rnd.choice(RUN_DAYS)
    weeks = rnd.randint(8, 20)
    return AthleteProfile(
        goal=goal,
        race_date=None if goal is GoalKind.FITNESS else START + timedelta(weeks=weeks, days=6),
        trail_distance_km=30.0 if goal is GoalKind.TRAIL else None,
        trail_elevation_m=1200.0 if goal is GoalKind.TRAIL else None,
        run_days=days,
        long_run_day=days[-1],
        weekly_km=rnd.uniform(15, 80),
        longest_run_km=rnd.uniform(8, 25),
        track_access=rnd.random() < 0.7,
        trail_access=rnd.random() < 0.8,
        doubles=len(days) == 7 and rnd.random() < 0.5,
    )


def _checkin(rnd: random.Random, day: date) -> CheckIn:
    """A morning check-in: mostly ordinary, one in six a rough night or sore legs."""
    rough = rnd.random() < 1 / 6
    return CheckIn(
        date=day,
        sleep_hours=round(rnd.uniform(4.0, 6.5) if rough else rnd.gauss(7.4, 0.6), 1),
        sleep_quality=rnd.randint(1, 3) if rough else rnd.randint(3, 5),
        soreness=rnd.randint(3, 5) if rough else rnd.randint(1, 3),
        soreness_where=rnd.choice(PLACES),
        stress=rnd.randint(4, 7) if rough else rnd.randint(1, 4),
    )


def _athlete(rnd: random.Random) -> Athlete:
    profile = _profile(rnd)
    plan = build_plan(profile, START, weeks=8)
    week = plan.week_of(TODAY)
    sessions = week.sessions if week is not None else ()
    logs: list[RunLog] = []
    spike = rnd.random() < 0.1
    for back in range(1, rnd.randint(28, 42)):
        day = TODAY - timedelta(days=back)
        for s in plan.sessions_on(day):
            if s.duration_min <= 0:
                continue
            if rnd.random() < 0.1:
                logs.append(RunLog(date=day, status=RunStatus.SKIPPED, kind=s.kind))
                continue
            factor = 1.8 if spike and back <= 7 else rnd.uniform(0.8, 1.1)
            logs.append(
                RunLog(
                    date=day,
                    duration_min=round(s.duration_min * factor),
                    rpe=max(1, min(10, s.target_rpe + rnd.choice((-2, -1, 0, 0, 1, 2)))),
                    kind=s.kind,
                )
            )
    checkins = tuple(_checkin(rnd, TODAY - timedelta(days=back)) for back in range(1, 15))
    checkin = _checkin(rnd, TODAY) if rnd.random() < 0.9 else None
    pains: tuple[PainFlag, ...] = ()
    if rnd.random() < 0.08:
        pains = (
            PainFlag(
                reported_on=TODAY - timedelta(days=rnd.randint(0, 12)),
                where=rnd.choice(PLACES),
                score=rnd.randint(1, 8),
            ),
        )
    recent = tuple(
        Readiness(
            date=TODAY - timedelta(days=back),
            level=rnd.choices(list(ReadinessLevel), weights=(16, 3, 1))[0],
        )
        for back in range(1, 8)
    )
    return Athlete(
        profile=profile,
        plan=plan,
        week=tuple(sessions),
        today=tuple(s for s in sessions if s.date == TODAY),
        checkin=checkin,
        checkins=(*checkins, checkin) if checkin is not None else checkins,
        logs=tuple(logs),
        pains=pains,
        recent=recent,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    rnd = random.Random(args.seed)

    t0 = time.perf_counter()
    athletes = [_athlete(rnd) for _ in range(args.athletes)]
    built = time.perf_counter() - t0
    print(f"setup: {len(athletes):,} plans, logs and check-ins in {built:.1f} s (not timed)")

    passes = [_timed_pass(athletes) for _ in range(args.passes)]
    best = min(passes, key=lambda p: p.wall)
    n = len(athletes)
    levels = ", ".join(f"{k} {v:,}" for k, v in sorted(best.levels.items()))
    print(f"readiness: {levels}; days changed: {best.changed:,} ({best.changed / n:.0%})")
    print(f"best of {len(passes)} passes (wall clock; cpu = this process's CPU time):")
    for name, seconds in (
        ("readiness (+ ratio)", best.ready),
        ("adjust_today", best.adjust),
        ("total", best.wall),
        ("total, cpu", best.cpu),
    ):
        print(f"  {name:20s} {seconds:6.3f} s  ({seconds / n * 1e6:6.1f} us/athlete)")
    print("  all passes, wall: " + ", ".join(f"{p.wall:.3f} s" for p in passes))
    goal = 1.0 * n / 10_000
    verdict = "within" if best.wall < goal else "over"
    print(f"goal: under {goal:.2f} s for {n:,} athletes -> {verdict} (best wall)")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.2f} (figures are noisy when high)")
    # The interpreter build matters: Debian's python3.11 ran this 15-20 % faster than a
    # plain source build (pyenv's) on the same machine.
    print(f"python: {platform.python_version()} at {sys.executable}")


@dataclass
class _Pass:
    wall: float = 0.0
    cpu: float = 0.0
    ready: float = 0.0
    adjust: float = 0.0
    changed: int = 0
    levels: Counter[str] = field(default_factory=Counter)


def _timed_pass(athletes: list[Athlete]) -> _Pass:
    """One timed morning for every athlete: readiness, then today's adjusted sessions."""
    out = _Pass()
    clock = time.perf_counter
    cpu0 = time.process_time()
    start = clock()
    for a in athletes:
        t1 = clock()
        score = score_readiness(TODAY, a.checkin, a.checkins, a.logs, a.pains, a.plan)
        t2 = clock()
        day = adjust_today(
            TODAY,
            a.today,
            score,
            profile=a.profile,
            paces=a.plan.paces,
            logs=a.logs,
            pains=a.pains,
            recent_readiness=a.recent,
            week_sessions=a.week,
        )
        t3 = clock()
        out.ready += t2 - t1
        out.adjust += t3 - t2
        out.levels[score.level.value] += 1
        out.changed += day.changed
    out.wall = clock() - start
    out.cpu = time.process_time() - cpu0
    return out


if __name__ == "__main__":
    main()
