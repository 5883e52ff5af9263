"""Run-file benchmarks: how long decoding takes for an ordinary run, a long run and a
day-long ultra, in each format (they print, never fail).

Run: ``python bench/runfiles.py`` (or ``make bench``). Decoding is CPU work on the event
loop's thread unless the caller moves it off (``asyncio.to_thread``); these figures say
how long a handler would block. The files are written by tests/support/run_files.py.
"""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.support import support_module
from runfiles import read_run_file, workout_fit

ROOT = Path(__file__).resolve().parents[1]


def _support() -> ModuleType:
    """tests/support/run_files.py (bench/support.py says why by path)."""
    return support_module("run_files")


_files = _support()
Activity, fit_activity, gpx_run, tcx_run = (
    _files.Activity,
    _files.fit_activity,
    _files.gpx_run,
    _files.tcx_run,
)

START = datetime(2026, 11, 21, 7, tzinfo=UTC)
RUNS = {
    "1 h": Activity(start=START, km=12.0, moving_min=60.0, climb_m=150.0),
    "3 h": Activity(start=START, km=30.0, moving_min=180.0, climb_m=1500.0),
    "10 h": Activity(start=START, km=80.0, moving_min=600.0, climb_m=4000.0),
}


def _best_ms(call: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        best = min(best, (time.perf_counter() - t0) * 1000.0)
    return best


def main() -> None:
    print(f"runfiles decode, one sample a second (Python {platform.python_version()})")
    print(f"{'run':>5} {'format':>6} {'size':>9} {'decode ms':>10} {'D+ read':>8}")
    for label, activity in RUNS.items():
        files = {
            "fit": fit_activity(activity, session=False, noise_sd=2.0),
            "gpx": gpx_run(activity, noise_sd=3.0),
            "tcx": tcx_run(activity),
        }
        for fmt, data in files.items():
            run = read_run_file(data, f"run.{fmt}")
            ms = _best_ms(lambda d=data, f=fmt: read_run_file(d, f"run.{f}"))
            size = f"{len(data) / 1e6:.1f} MB"
            print(f"{label:>5} {fmt:>6} {size:>9} {ms:>10.0f} {run.gain_m or 0:>7.0f}m")
        print(f"{'':>5} true D+ {activity.climb_m:.0f} m")
    from coach.models import AthleteProfile, GoalKind
    from coach.planner import build_plan

    profile = AthleteProfile(
        goal=GoalKind.ROAD_10K, race_date=datetime(2027, 3, 14).date(), weekly_km=45.0
    )
    plan = build_plan(profile, datetime(2026, 11, 23).date())
    sessions = [s for w in plan.weeks for s in w.sessions if not s.is_rest]
    ms = _best_ms(lambda: [workout_fit(s, plan.paces) for s in sessions])
    print(f"FIT workout: {ms / len(sessions):.2f} ms a session ({len(sessions)} sessions)")


if __name__ == "__main__":
    main()
