"""`stride simulate`: play an athlete day by day through the real bot, and report on it.

    stride simulate --athlete examples/road-marathon.toml --weeks 12 \\
        --scenario examples/scenarios/tired.toml --seed 7 --out sim-out

The athlete file is the one `stride plan` reads; the scenario (see
:data:`simulator.scenario.SCENARIO_KEYS`) says how the athlete sleeps, feels, runs and
misses. Everything runs on a throw-away SQLite database (kept with ``--keep-db``) and a
simulated clock, so 12 weeks take seconds. The report lands in ``--out`` (default
``./simulation-<scenario>``).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
import tempfile
import tomllib
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coach.athlete_file import profile_from_mapping
from coach.models import AthleteProfile
from simulator.scenario import Scenario, ScenarioError, load_scenario

if TYPE_CHECKING:
    from simulator.runner import SimDay, Simulation

MAX_WEEKS = 104
DEFAULT_SCENARIO = Scenario(name="steady", description="The default scenario: a steady athlete.")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stride simulate",
        description="Play an athlete day by day through the real scheduler, storage and "
        "coach, and write a report (Markdown with charts).",
    )
    parser.add_argument("--athlete", required=True, type=Path, help="athlete file (TOML)")
    parser.add_argument("--weeks", required=True, type=int, help=f"weeks to play (1-{MAX_WEEKS})")
    parser.add_argument("--scenario", type=Path, help="scenario file (TOML); default: steady")
    parser.add_argument("--seed", type=int, help="random seed (default: the scenario's)")
    parser.add_argument("--out", type=Path, help="report folder (default: ./simulation-<name>)")
    parser.add_argument(
        "--start",
        type=date.fromisoformat,
        help="the day the athlete joins, YYYY-MM-DD (the weeks count from its Monday); "
        "default: the Monday of the weeks that end with the race week, or next Monday for "
        "general fitness",
    )
    parser.add_argument(
        "--keep-db", action="store_true", help="keep the simulation's SQLite database in --out"
    )
    parser.add_argument(
        "--push-charts",
        action="store_true",
        help="also draw the chart of every weekly summary, as the bot does (slower)",
    )
    parser.add_argument("--quiet", action="store_true", help="print only where the report is")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if not 1 <= args.weeks <= MAX_WEEKS:
        print(f"--weeks must be 1 to {MAX_WEEKS}, not {args.weeks}", file=sys.stderr)
        return 2
    try:
        profile = profile_from_mapping(tomllib.loads(args.athlete.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValueError) as exc:
        print(f"{args.athlete}: {exc}", file=sys.stderr)
        return 2
    try:
        scenario = load_scenario(args.scenario) if args.scenario else DEFAULT_SCENARIO
    except ScenarioError as exc:
        print(exc, file=sys.stderr)
        return 2
    out: Path = args.out or Path(f"simulation-{scenario.name}")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="stride-simulate-") as tmp:
        db_path = (out if args.keep_db else Path(tmp)) / "simulation.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        sim = asyncio.run(_simulate(args, profile, scenario, f"sqlite+aiosqlite:///{db_path}"))
    # Drawing is synchronous work: done after the event loop, not inside it.
    from simulator.report import write_report

    sim = dataclasses.replace(
        sim, athlete_source=str(args.athlete), scenario_source=str(args.scenario or "")
    )
    print(f"report: {write_report(sim, out)}")
    return 0


async def _simulate(
    args: argparse.Namespace, profile: AthleteProfile, scenario: Scenario, database_url: str
) -> Simulation:
    from simulator.runner import default_start, simulate

    start: date = args.start or default_start(profile, args.weeks, datetime.now(UTC).date())
    week: list[SimDay] = []

    def progress(day: SimDay) -> None:
        week.append(day)
        if day.date.weekday() != 6:
            return
        if not args.quiet:
            asked = sum(d.asked_min for d in week)
            done = sum(d.done_min for d in week)
            phase = next((d.phase for d in week if d.phase), "paused")
            print(f"  week {day.week:>3}  {phase:<12} asked {asked:5.0f} min, done {done:5.0f}")
        week.clear()

    if not args.quiet:
        print(
            f"simulating {args.weeks} weeks of {scenario.name!r} for {args.athlete}, "
            f"from {start:%a %d %b %Y}"
        )
    return await simulate(
        profile,
        scenario,
        weeks=args.weeks,
        start=start,
        seed=args.seed,
        database_url=database_url,
        push_charts=args.push_charts,
        progress=progress,
    )


if __name__ == "__main__":
    raise SystemExit(main())
