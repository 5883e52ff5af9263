"""`stride plan`: print a whole training plan for an athlete file.

Usage::

    stride plan --athlete examples/road-marathon.toml --start 2026-11-23 [--json] [--weeks 12]
    python -m stride.cli_plan --athlete examples/trail-50k.toml --start 2026-11-23

The athlete file's keys are documented in :mod:`coach.athlete_file`. Text output starts with
the season at a glance (COACHING.md §3b: how far the long run builds, what the race needs of
it, the planner's warnings, then one line a week with the long run and the quality sessions
on their ladders), then goes week by week (start date, phase, lighter-week flag, planned
minutes and km, trail share by time) and lists every session with its steps and cues.
``--json`` prints a stable schema, see :func:`plan_to_json`. A bad file or argument prints
one line on stderr and exits with 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from datetime import date
from typing import Any, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.render.season import long_run_line, race_need_line
from coach.athlete_file import profile_from_mapping
from coach.models import (
    AthleteProfile,
    Plan,
    Session,
    SessionKind,
    SessionRole,
    Surface,
    Units,
    Week,
)
from coach.paces import KM_PER_MILE, format_pace, per_mile
from coach.planner import build_plan, week_trail_share


class _UsageError(Exception):
    """Bad input; reported as one line on stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="stride plan", description="Print a training plan for an athlete.")
    parser.add_argument("--athlete", required=True, help="athlete file (TOML), see examples/")
    parser.add_argument("--start", required=True, help="first day of the plan, YYYY-MM-DD")
    parser.add_argument("--weeks", type=int, default=12, help="horizon for general fitness")
    parser.add_argument("--json", action="store_true", help="print the plan as JSON")
    return parser


def load_profile(path: str) -> AthleteProfile:
    """Read and check an athlete file.

    Raises:
        ValueError: With one line naming the file, the bad key and the fix.
    """
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except OSError as exc:
        raise ValueError(f"{path}: cannot read it ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML ({exc})") from None
    try:
        profile = profile_from_mapping(data)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None
    try:
        ZoneInfo(profile.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{path}: timezone: {profile.timezone!r} is not a known time zone; "
            'use an IANA name like "Europe/Paris"'
        ) from None
    return profile


def _session_json(s: Session) -> dict[str, Any]:
    return {
        "date": s.date.isoformat(),
        "kind": s.kind.value,
        "surface": s.surface.value,
        "hard": s.hard,
        "duration_min": s.duration_min,
        "distance_km": s.distance_km,
        "target_rpe": s.target_rpe,
        "title": s.title,
        "steps": [step.model_dump(mode="json", exclude_none=True) for step in s.steps],
        "cues": list(s.cues),
        "kit": s.kit,
        "safety": s.safety,
        "slot": s.slot,
        "role": s.role.value,
        # Only a quality session stands on a ladder; null elsewhere, so a reader of the JSON
        # never has to know which kinds the planner happens to tag.
        "ladder": s.ladder if s.role is SessionRole.QUALITY else None,
    }


def plan_to_json(profile: AthleteProfile, plan: Plan) -> dict[str, Any]:
    """The plan as a JSON-ready dict: ``{"athlete", "paces", "peak_long_run_min",
    "race_need_long_run_min", "warnings", "weeks": [...]}``.

    The schema only grows (new keys are added, none renamed or dropped), because scripts read
    it. At the top, the season (COACHING.md §3b): ``peak_long_run_min`` (the biggest week's
    long run), ``race_need_long_run_min`` (what the race needs of it; null without a race)
    and ``warnings`` (what the plan could not give the athlete, one sentence each). Each
    week: ``start``, ``phase``, ``deload``, ``run_minutes``, ``long_run_min`` (0 without a
    long run; back-to-back days count together), ``trail_share`` (share of running time on
    trail, the race left out), ``climb_target_m`` (a trail racer's metres of ascent for the
    week, 0 without a target) and ``sessions``; each session: ``date``, ``kind``,
    ``surface``, ``hard``, ``duration_min``, ``distance_km`` (null on trail and rest days),
    ``target_rpe``, ``title``, ``steps`` (``kind``, ``text`` and the step's numbers),
    ``cues``, ``kit``, ``safety``, ``slot``, ``role`` (long, medium_long, quality, easy,
    recovery, race, time_trial, rest, cross) and ``ladder`` (a quality session's ladder and
    rung, e.g. "threshold 3/6"; null otherwise).
    """
    return {
        "athlete": profile.model_dump(mode="json"),
        "paces": plan.paces.model_dump(mode="json"),
        "peak_long_run_min": plan.peak_long_run_min,
        "race_need_long_run_min": plan.race_need_long_run_min,
        "warnings": list(plan.warnings),
        "weeks": [
            {
                "start": week.start.isoformat(),
                "phase": week.phase.value,
                "deload": week.deload,
                "run_minutes": week.run_minutes,
                "long_run_min": week.long_run_min,
                "trail_share": round(week_trail_share(week), 3),
                "climb_target_m": week.climb_target_m,
                "sessions": [_session_json(s) for s in week.sessions],
            }
            for week in plan.weeks
        ],
    }


def _pace(s_per_km: float, units: Units) -> str:
    if units is Units.MI:
        return f"{format_pace(per_mile(s_per_km))}/mi"
    return f"{format_pace(s_per_km)}/km"


def _distance(km: float, units: Units) -> str:
    if units is Units.MI:
        return f"{km / KM_PER_MILE:.1f} mi"
    return f"{km:.1f} km"


#: The sessions a week's progression line names, besides the long run (§3b's key sessions).
_KEY_ROLES = (
    SessionRole.QUALITY,
    SessionRole.MEDIUM_LONG,
    SessionRole.TIME_TRIAL,
    SessionRole.RACE,
)


def _key_session(s: Session) -> str:
    """A key session in a few words: on a ladder, the ladder and rung with the set (the title
    without its "Tempo: " prefix, which the ladder's name repeats); otherwise its title."""
    if s.role is SessionRole.MEDIUM_LONG:
        return f"medium-long {s.duration_min:.0f} min"
    if s.role is SessionRole.QUALITY and s.ladder:
        _, sep, rest = s.title.partition(": ")
        return f"{s.ladder} ({rest if sep else s.title})"
    return s.title


def progression_line(week: Week) -> str:
    """One week of the progression table: the long run and the key sessions, in order, e.g.
    ``W 5 build              long 110 min  | threshold 3/6 (2 x 15 min at 4:45/km)``."""
    flag = "lighter" if week.deload else ""
    long_run = f"long {week.long_run_min:>3.0f} min" if week.long_run_min else f"{'-':<12}"
    keys = ", ".join(_key_session(s) for s in week.sessions if s.role in _KEY_ROLES)
    if week.climb_target_m:
        keys = f"{keys or '-'}; climb {week.climb_target_m} m"
    return f"W{week.index + 1:>2} {week.phase.value:<11} {flag:<7}  {long_run}  | {keys or '-'}"


def season_lines(plan: Plan) -> list[str]:
    """The season at a glance (§3b): the long run's peak, the race's need, the planner's
    warnings, then the progression table, so a coach reviewing a plan sees whether the long
    run and the ladders climb before reading 20 weeks of detail."""
    lines = [line for line in (long_run_line(plan), race_need_line(plan)) if line]
    lines += [f"Warning: {w}" for w in plan.warnings]
    lines.append("")
    lines.append("Progression (long run | key sessions):")
    lines += [progression_line(week) for week in plan.weeks]
    return lines


def plan_to_text(profile: AthleteProfile, plan: Plan) -> str:
    """The plan as text for a terminal: a header with the season at a glance, then week by
    week, session by session."""
    p, units = plan.paces, profile.units
    source = "estimated" if p.estimated else "from your race"
    race = f", race day {plan.race_date.isoformat()}" if plan.race_date else ""
    lines = [
        f"Stride plan: {plan.goal.value}{race}",
        f"VDOT {p.vdot:.1f} ({source}). Paces: E {_pace(p.easy_min, units).split('/')[0]}-"
        f"{_pace(p.easy_max, units)}, M {_pace(p.marathon, units)}, "
        f"T {_pace(p.threshold, units)}, I {_pace(p.interval, units)}, "
        f"R {_pace(p.repetition, units)}",
        *season_lines(plan),
    ]
    for week in plan.weeks:
        flag = ", lighter week" if week.deload else ""
        lines.append("")
        lines.append(
            f"Week {week.index + 1} from {week.start:%a %Y-%m-%d}: {week.phase.value}{flag}, "
            f"{week.run_minutes:.0f} min, {_distance(week.km, units)} on road and track, "
            f"trail {week_trail_share(week):.0%} of the time"
        )
        for s in week.sessions:
            if s.kind is SessionKind.REST:
                lines.append(f"  {s.date:%a %d %b}  {s.title}")
                continue
            what = [f"{s.duration_min:.0f} min"]
            if s.distance_km is not None:
                what.append(f"~{_distance(s.distance_km, units)}")
            what.append(f"RPE {s.target_rpe}")
            if s.hard:
                what.append("hard")
            if s.surface is not Surface.ROAD:
                what.append(s.surface.value)
            lines.append(f"  {s.date:%a %d %b}  {s.title} ({', '.join(what)})")
            lines.extend(f"      - {step.text}" for step in s.steps)
            lines.extend(f"      * {cue}" for cue in s.cues)
            if s.kit:
                lines.append(f"      kit: {s.kit}")
            if s.safety:
                lines.append(f"      safety: {s.safety}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``stride plan``; returns the exit status (2 on bad input)."""
    try:
        args = _build_parser().parse_args(sys.argv[1:] if argv is None else argv)
        try:
            start = date.fromisoformat(args.start)
        except ValueError:
            raise _UsageError(f"--start: {args.start!r} is not a date; use YYYY-MM-DD") from None
        if args.weeks < 1:
            raise _UsageError("--weeks must be at least 1")
        profile = load_profile(args.athlete)
        plan = build_plan(profile, start, weeks=args.weeks)
    except (_UsageError, ValueError) as exc:
        print(f"stride plan: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(plan_to_json(profile, plan), indent=2))
    else:
        print(plan_to_text(profile, plan))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
