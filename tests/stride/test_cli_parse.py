"""Issue 16: `stride parse "TEXT" [--today YYYY-MM-DD] [--json]` prints what the coach understood.

Every message of the parse table goes through the command line and must print exactly the
JSON object the table expects; the plain output and bad options are checked too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from stride.cli import main
from tests.support.parse_table import KEYS, ROWS, TODAY


@pytest.mark.parametrize(("text", "expected"), ROWS, ids=[text for text, _ in ROWS])
def test_the_json_is_the_tables(
    capsys: pytest.CaptureFixture[str], text: str, expected: dict[str, Any]
) -> None:
    assert main(["parse", text, "--today", TODAY.isoformat(), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert list(printed) == list(KEYS)
    assert printed == expected


def test_plain_output_names_what_was_understood(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["parse", "8k easy", "--today", "2026-12-05", "--easy-pace", "6:00"]
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines() == [
        "kind: log",
        "date: 2026-12-05",
        "status: done",
        "duration_min: 48.0",
        "distance_km: 8.0",
        "(duration estimated)",
    ]


def test_the_athletes_plan_fills_did_it(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["parse", "did it", "--today", "2026-12-05", "--json", "--planned-min", "47"]
    assert main([*argv, "--planned-surface", "trail"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["duration_min"], printed["surface"]) == (47.0, "trail")


@pytest.mark.parametrize(
    "argv",
    [
        ["parse", "10k", "--today", "5/12/2026"],
        ["parse", "10k", "--easy-pace", "six"],
        ["parse", "10k", "--planned-min", "-3"],
        ["parse"],
    ],
)
def test_bad_options_say_so_on_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("stride parse: ")
    assert err.count("\n") == 1


def test_it_runs_as_a_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "stride.cli", "parse", "😴 5h", "--today", "2026-12-05", "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(done.stdout)["sleep_hours"] == 5.0
