"""Plan benchmarks: mean times of the coaching core's hot paths (they print, never fail).

Run: ``python bench/plan.py`` (or ``make bench``). Each measurement is one function returning
its figure in milliseconds; add new ones (e.g. the adaptation) to ``MEASUREMENTS``.
"""

from __future__ import annotations

import platform
import statistics
import sys
import timeit
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coach.models import AthleteProfile, GoalKind
from coach.planner import build_plan

START = date(2026, 11, 23)  # a Monday
GOAL_MS = 10.0  # issue #12: the season planner stays under ~10 ms for a 24-week plan


def athlete_24_weeks() -> AthleteProfile:
    """A half-marathoner on five days with doubles, track and trails: race 24 weeks out."""
    return AthleteProfile(
        goal=GoalKind.ROAD_HALF,
        race_date=START + timedelta(weeks=23, days=6),
        run_days=(1, 2, 3, 5, 6),
        long_run_day=6,
        weekly_km=40.0,
        longest_run_km=14.0,
        doubles=True,
    )


def _mean_ms(call: Callable[[], object], number: int = 20, repeat: int = 15) -> tuple[float, float]:
    """(mean, best) milliseconds per call over ``repeat`` runs of ``number`` calls."""
    runs = [t / number * 1000.0 for t in timeit.repeat(call, number=number, repeat=repeat)]
    return statistics.mean(runs), min(runs)


def measure_build_plan() -> float:
    """Build a 24-week plan (plus its recovery weeks) from scratch."""
    profile = athlete_24_weeks()
    plan = build_plan(profile, START)
    weeks = sum(1 for w in plan.weeks if w.start <= (profile.race_date or START))
    mean, best = _mean_ms(lambda: build_plan(profile, START))
    print(
        f"build_plan, {weeks}-week plan ({len(plan.weeks)} with recovery): mean {mean:.2f} ms, "
        f"best {best:.2f} ms (goal < {GOAL_MS:.0f} ms)"
    )
    return mean


MEASUREMENTS: list[Callable[[], float]] = [measure_build_plan]


def main() -> int:
    for measure in MEASUREMENTS:
        measure()
    # The interpreter build matters: Debian's python3.11 ran this 15-20 % faster than a
    # plain source build (pyenv's) on the same machine.
    print(f"python: {platform.python_version()} at {sys.executable}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
