"""Benchmark: a 24-week `stride simulate` (issue 6; goal < 30 s).

Plays one athlete for 24 weeks, day by day, through the real scheduler ticks, storage
(SQLite, migrated fresh), journal and control services and coach, then writes the report
with its four charts. Prints the time of each part, the simulated days per second, and what
a tick costs; it never fails on a slow machine.

    .venv/bin/python bench/simulate.py [--weeks 24] [--athlete examples/road-marathon.toml]
        [--scenario examples/scenarios/tired.toml] [--seed 7] [--out DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import tomllib
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=24)
    parser.add_argument("--athlete", type=Path, default=ROOT / "examples" / "road-marathon.toml")
    parser.add_argument(
        "--scenario", type=Path, default=ROOT / "examples" / "scenarios" / "tired.toml"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="keep the report here (default: a temp folder)")
    args = parser.parse_args()

    started = time.perf_counter()
    from coach.athlete_file import profile_from_mapping
    from simulator.report import write_report
    from simulator.runner import default_start, simulate
    from simulator.scenario import load_scenario

    imported = time.perf_counter() - started
    profile = profile_from_mapping(tomllib.loads(args.athlete.read_text(encoding="utf-8")))
    scenario = load_scenario(args.scenario)
    start = default_start(profile, args.weeks, datetime.now(UTC).date())
    with tempfile.TemporaryDirectory(prefix="stride-bench-") as tmp:
        out = args.out or Path(tmp) / "report"
        t0, c0 = time.perf_counter(), time.process_time()
        sim = asyncio.run(
            simulate(
                profile,
                scenario,
                weeks=args.weeks,
                start=start,
                seed=args.seed,
                database_url=f"sqlite+aiosqlite:///{tmp}/bench.db",
            )
        )
        t1, c1 = time.perf_counter(), time.process_time()
        write_report(sim, out)
        t2, c2 = time.perf_counter(), time.process_time()

    days = len(sim.days)
    ticks = days * 2 + args.weeks  # morning and evening every day, the weekly on Sundays
    total = t2 - t0
    print(f"stride simulate: {args.weeks} weeks of {scenario.name!r} for {args.athlete.name}")
    print(f"  imports           {imported:6.2f} s")
    print(
        f"  simulation        {t1 - t0:6.2f} s wall, {c1 - c0:5.2f} s cpu  "
        f"({days} days, {days / (t1 - t0):.0f} days/s, {(t1 - t0) / days * 1000:.0f} ms a day)"
    )
    print(f"  report + charts   {t2 - t1:6.2f} s wall, {c2 - c1:5.2f} s cpu")
    print(f"  total             {total:6.2f} s   goal < 30 s: {'ok' if total < 30 else 'SLOW'}")
    print(
        f"  recorded: {sum(len(d.logs) for d in sim.days)} logs, {len(sim.adjustments)} "
        f"adjustments, {len(sim.messages)} messages, about {ticks} scheduler ticks"
    )
    if args.out:
        print(f"  report: {args.out / 'report.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
