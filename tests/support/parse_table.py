"""The parse table (issue 16): messages as runners type them and the `stride parse` JSON.

The rows live in ``tests/coach/parse_table.txt``; ``tests/coach/test_parse_table.py`` reads
them through the coach and ``tests/stride/test_cli_parse.py`` through the command line.
"""

from __future__ import annotations

import shlex
from datetime import date
from pathlib import Path
from typing import Any

TODAY = date(2026, 12, 5)  # a Saturday
TABLE = Path(__file__).parents[1] / "coach" / "parse_table.txt"
KEYS = (
    "kind", "date", "status", "duration_min", "distance_km", "rpe", "surface", "reps_done",
    "sleep_hours", "sleep_quality", "soreness", "where", "pain_score", "question",
)  # fmt: skip
_INTS = {"rpe", "reps_done", "sleep_quality", "soreness", "pain_score"}
_FLOATS = {"duration_min", "distance_km", "sleep_hours"}


def _expected(fields: str) -> dict[str, Any]:
    """The full JSON object a row names (see the table's header for the defaults)."""
    expected: dict[str, Any] = dict.fromkeys(KEYS)
    for item in shlex.split(fields):
        key, _, value = item.partition("=")
        assert key in expected, f"unknown key {key!r}"
        expected[key] = int(value) if key in _INTS else float(value) if key in _FLOATS else value
    if expected["kind"] != "unknown" and expected["date"] is None:
        expected["date"] = TODAY.isoformat()
    if expected["kind"] == "log" and expected["status"] is None:
        expected["status"] = "done"
    return expected


def load_table() -> list[tuple[str, dict[str, Any]]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, _, fields = line.rpartition("  =>  ")
        rows.append((text, _expected(fields)))
    return rows


ROWS = load_table()
