"""`stride plan --athlete FILE.toml --start YYYY-MM-DD [--json]`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli_plan import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

SESSION_KEYS = {
    "date",
    "kind",
    "surface",
    "hard",
    "duration_min",
    "distance_km",
    "target_rpe",
    "title",
    "steps",
    "cues",
    "kit",
    "safety",
    "slot",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """``--json`` prints exactly the documented schema."""
    code, out, err = run(
        capsys, "--athlete", str(EXAMPLES / "trail-50k.toml"), "--start", "2026-11-23", "--json"
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert set(data) == {"athlete", "paces", "weeks"}
    assert data["athlete"]["goal"] == "trail"
    assert {"vdot", "easy_min", "threshold", "estimated"} <= set(data["paces"])
    for week in data["weeks"]:
        assert set(week) == {"start", "phase", "deload", "run_minutes", "trail_share", "sessions"}
        assert week["phase"] in {"base", "build", "competition", "taper", "recovery"}
        assert isinstance(week["deload"], bool)
        assert 0 <= week["trail_share"] <= 1
        for s in week["sessions"]:
            assert set(s) == SESSION_KEYS
            assert s["surface"] in {"road", "trail", "track", "cross", "rest"}
            assert s["slot"] in {None, "am", "pm"}
            assert all({"kind", "text"} <= set(step) for step in s["steps"])
            if s["surface"] == "trail":
                assert s["distance_km"] is None
    last = [s for w in data["weeks"] for s in w["sessions"] if s["kind"] == "race"]
    assert [s["date"] for s in last] == ["2027-06-12"]


def test_text_output_week_by_week(capsys: pytest.CaptureFixture[str]) -> None:
    """Text: week by week, with phase, lighter-week flag, minutes, km, trail share, sessions."""
    code, out, _ = run(
        capsys, "--athlete", str(EXAMPLES / "road-marathon.toml"), "--start", "2026-11-23"
    )
    assert code == 0
    assert out.startswith("Stride plan: road-marathon, race day 2027-04-18")
    assert "Week 1 from Mon 2026-11-23: base, " in out
    assert "lighter week" in out
    assert "Track: 6 x 400 m at" in out
    assert "15 min easy + drills (leg swings, high knees, A-skips, 4 strides)" in out
    assert "Race day: marathon" in out
    assert "trail " in out


def test_miles_athlete_reads_miles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "--athlete", str(EXAMPLES / "fitness-no-trails.toml"), "--start", "2026-11-23"
    )
    assert code == 0
    assert "/mi" in out
    assert " mi on road and track" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('goal = "road-10k"\n', "race_date"),
        ('goal = "road-10k"\nrace_date = 2027-03-21\nrun_days = ["xyz"]\n', "run_days"),
        ("goal = \n", "not valid TOML"),
        ('goal = "fitness"\ntimezone = "Mars/Olympus"\n', "timezone"),
        ('goal = "road-10k"\nrace_date = 2026-01-01\n', "race_date"),
    ],
)
def test_bad_file_one_line_on_stderr_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expected: str
) -> None:
    """A bad file: one clear line on stderr naming the problem, exit status 2."""
    path = tmp_path / "athlete.toml"
    path.write_text(content)
    code, out, err = run(capsys, "--athlete", str(path), "--start", "2026-11-23")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert expected in err


def test_bad_arguments_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    athlete = str(EXAMPLES / "beginner-10k.toml")
    for argv in (
        ["--athlete", athlete, "--start", "tomorrow"],
        ["--athlete", str(tmp_path / "missing.toml"), "--start", "2026-11-23"],
        ["--start", "2026-11-23"],
    ):
        code, _, err = run(capsys, *argv)
        assert code == 2
        assert err.count("\n") == 1, err


def test_runs_as_a_module() -> None:
    """``python -m bot.cli_plan`` works too."""
    athlete = str(EXAMPLES / "beginner-10k.toml")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cli_plan",
            "--athlete",
            athlete,
            "--start",
            "2026-11-23",
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["athlete"]["goal"] == "road-10k"
