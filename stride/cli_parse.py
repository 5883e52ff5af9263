"""`stride parse`: what the coach understood from one message, for checking and for coaches.

Usage::

    stride parse "yesterday ran 10k in 50 min rpe 5" [--today 2026-12-05] [--json]
    stride parse "8k easy" --easy-pace 6:00          # duration estimated from the distance
    stride parse "did it" --planned-min 47 --planned-surface trail

With no athlete options it assumes km and today, and estimates nothing. ``--json`` prints the
stable object of :meth:`coach.parsing.understand.Understood.to_json` (README: "stride
parse"); without it, one "field: value" line per field that was understood. Bad options print
one line on stderr and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import NoReturn

from coach.models import Surface, Units
from coach.parsing.understand import Context, understand

_PACE_RE = re.compile(r"(\d{1,2}):([0-5]\d)", re.ASCII)


class _UsageError(Exception):
    """Bad command-line input; reported as one line on stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _build_parser() -> _Parser:
    parser = _Parser(prog="stride parse", description="what the coach understood from a message")
    parser.add_argument("text", help="the message, as the athlete would type it")
    parser.add_argument("--today", help="the athlete's date, YYYY-MM-DD (default: today)")
    parser.add_argument("--json", action="store_true", help="print the stable JSON object")
    parser.add_argument("--units", choices=["km", "mi"], default="km", help="athlete's units")
    parser.add_argument("--easy-pace", help="athlete's easy pace per km, M:SS")
    parser.add_argument("--planned-min", type=float, help="the day's planned duration")
    parser.add_argument(
        "--planned-surface",
        choices=["road", "trail", "track", "treadmill"],
        help="the day's planned surface",
    )
    parser.add_argument("--ultra", action="store_true", help="the athlete's goal is an ultra")
    return parser


def _context(args: argparse.Namespace) -> Context:
    easy: float | None = None
    if args.easy_pace is not None:
        m = _PACE_RE.fullmatch(args.easy_pace.strip())
        if m is None:
            raise _UsageError(f"--easy-pace {args.easy_pace!r}: write it as M:SS, e.g. 6:00")
        easy = int(m.group(1)) * 60.0 + int(m.group(2))
    if args.planned_min is not None and not 0 < args.planned_min <= 24 * 60:
        raise _UsageError("--planned-min must be between 0 and 1440 minutes")
    return Context(
        units=Units(args.units),
        easy_pace_s_per_km=easy,
        planned_duration_min=args.planned_min,
        planned_surface=Surface(args.planned_surface) if args.planned_surface else None,
        ultra=args.ultra,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Print what the coach understood from one message; 2 on bad options."""
    try:
        args = _build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
        try:
            today = (
                date.fromisoformat(args.today)
                if args.today
                else datetime.now(UTC).astimezone().date()  # the machine's local date
            )
        except ValueError:
            raise _UsageError(f"--today {args.today!r}: write it as YYYY-MM-DD") from None
        context = _context(args)
    except _UsageError as error:
        print(f"stride parse: {error}", file=sys.stderr)
        return 2
    understood = understand(args.text, today, context)
    result = understood.to_json()
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    for key, value in result.items():
        if value is not None:
            print(f"{key}: {value}")
    if understood.duration_estimated:
        print("(duration estimated)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
