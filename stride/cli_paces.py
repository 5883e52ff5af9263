"""`stride paces`: VDOT, race predictions and training paces from a race or an easy pace.

Usage::

    stride paces --race 10k --time 45:00 [--json]
    stride paces --easy-pace 5:30 [--json]          # an estimate (COACHING.md §2)
    python -m stride.cli_paces --race half --time 1:35:20

A race result wins over an easy pace when both are given: it is the better source of paces.
Bad input prints one line on stderr and exits with status 2, so scripts can tell it from a
crash. ``--json`` prints a stable schema (see :func:`to_json_dict`), numbers rounded to 0.1.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from coach.models import TrainingPaces
from coach.paces import (
    KM_PER_MILE,
    PREDICTION_KEYS,
    estimate_from_easy_pace,
    format_duration,
    format_pace,
    parse_race_distance,
    parse_race_time,
    per_mile,
    predictions,
    rep_times,
    training_paces,
    vdot_from_race,
)

PACE_KEYS: tuple[str, ...] = (
    "easy_min",
    "easy_max",
    "marathon",
    "threshold",
    "interval",
    "repetition",
)
_PREDICTION_LABELS = {"5k": "5K", "10k": "10K", "half": "Half marathon", "marathon": "Marathon"}
_PACE_RE = re.compile(
    r"(\d{1,2}):([0-5]\d)(?:\s?(?:/|per\s?)\s?(km|k|mi|mile))?", re.ASCII | re.IGNORECASE
)


class _UsageError(Exception):
    """Bad command-line input; reported as one line on stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="stride paces",
        description="VDOT, race predictions and training paces (Daniels-Gilbert).",
    )
    parser.add_argument("--race", help='race distance: "5k", "10 km", "half", "marathon", "5 mi"')
    parser.add_argument("--time", help='finishing time: "45:00", "1:35:20", "45 min", "2h05"')
    parser.add_argument(
        "--easy-pace",
        help='easy pace when there is no race: "5:30" (per km) or "8:50/mi"',
    )
    parser.add_argument("--json", action="store_true", help="print the stable JSON schema")
    return parser


def parse_easy_pace(text: str) -> float:
    """Read an easy pace as seconds per km from "5:30", "5:30/km" or "8:50/mi".

    Raises:
        ValueError: If the text is not a pace.
    """
    match = _PACE_RE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f'could not read the easy pace {text!r}; try "5:30" or "8:50/mi"')
    seconds = float(int(match.group(1)) * 60 + int(match.group(2)))
    unit = (match.group(3) or "km").lower()
    if unit.startswith("mi"):
        seconds = seconds / KM_PER_MILE
    if not 120 <= seconds <= 1200:
        raise ValueError(f"an easy pace of {text!r} is outside 2:00-20:00 per km")
    return seconds


def _r(value: float) -> float:
    return round(value, 1)


def to_json_dict(paces: TrainingPaces) -> dict[str, object]:
    """The stable ``--json`` schema; every number rounded to 0.1."""
    per_km = {key: float(getattr(paces, key)) for key in PACE_KEYS}
    return {
        "vdot": _r(paces.vdot),
        "estimated": paces.estimated,
        "predictions_s": {key: _r(value) for key, value in predictions(paces.vdot).items()},
        "paces_s_per_km": {key: _r(value) for key, value in per_km.items()},
        "paces_s_per_mile": {key: _r(per_mile(value)) for key, value in per_km.items()},
        "rep_times_s": {
            dist: {kind: _r(seconds) for kind, seconds in times.items()}
            for dist, times in rep_times(paces).items()
        },
    }


def _text_report(paces: TrainingPaces, source: str) -> str:
    lines = [f"VDOT {paces.vdot:.1f} ({source})"]
    if paces.estimated:
        lines.append(
            "This is an estimate from your easy pace: a race or time trial will refine it."
        )
    lines += ["", "Race predictions"]
    times = predictions(paces.vdot)
    for key in PREDICTION_KEYS:
        lines.append(f"  {_PREDICTION_LABELS[key]:<15}{format_duration(times[key]):>9}")
    lines += ["", f"  {'Training paces':<17}{'per km':>13}{'per mile':>15}"]

    def both(seconds: float) -> tuple[str, str]:
        return format_pace(seconds), format_pace(per_mile(seconds))

    easy_km = f"{format_pace(paces.easy_min)}-{format_pace(paces.easy_max)}"
    easy_mi = f"{format_pace(per_mile(paces.easy_min))}-{format_pace(per_mile(paces.easy_max))}"
    lines.append(f"  {'Easy (E)':<17}{easy_km:>13}{easy_mi:>15}")
    for label, value in (
        ("Marathon (M)", paces.marathon),
        ("Threshold (T)", paces.threshold),
        ("Interval (I)", paces.interval),
        ("Repetition (R)", paces.repetition),
    ):
        km, mi = both(value)
        lines.append(f"  {label:<17}{km:>13}{mi:>15}")
    reps = rep_times(paces)
    lines += ["", f"  {'Track reps':<17}" + "".join(f"{dist:>9}" for dist in reps)]
    for label, key in (("Threshold (T)", "threshold"), ("Interval (I)", "interval")):
        row = "".join(f"{format_pace(times_[key]):>9}" for times_ in reps.values())
        lines.append(f"  {label:<17}{row}")
    row = "".join(f"{format_pace(times_['repetition']):>9}" for times_ in reps.values())
    lines.append(f"  {'Repetition (R)':<17}{row}")
    return "\n".join(lines)


def _paces_from_args(args: argparse.Namespace) -> tuple[TrainingPaces, str]:
    if args.race is not None or args.time is not None:
        if args.race is None or args.time is None:
            raise _UsageError("--race and --time go together, e.g. --race 10k --time 45:00")
        distance_km = parse_race_distance(args.race)
        time_s = parse_race_time(args.time)
        vdot = vdot_from_race(distance_km, time_s)
        return training_paces(vdot), f"from {args.race.strip()} in {format_duration(time_s)}"
    if args.easy_pace is not None:
        easy = parse_easy_pace(args.easy_pace)
        return estimate_from_easy_pace(
            easy
        ), f"estimated from an easy pace of {format_pace(easy)}/km"
    raise _UsageError("give --race and --time (or --easy-pace), e.g. --race 10k --time 45:00")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``stride paces``; returns the process exit status (0 ok, 2 bad input)."""
    parser = _build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        paces, source = _paces_from_args(args)
    except (_UsageError, ValueError) as exc:
        print(f"stride paces: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(to_json_dict(paces), indent=2))
    else:
        print(_text_report(paces, source))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
