"""`stride plan --athlete FILE.toml --start YYYY-MM-DD [--json]`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from coach.models import Plan, Session, SessionKind, SessionRole
from coach.planner import build_plan
from stride.cli_plan import load_profile, main, plan_to_json, plan_to_text, progression_line

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
    "role",
    "ladder",
}
WEEK_KEYS = {
    "start",
    "phase",
    "deload",
    "run_minutes",
    "long_run_min",
    "trail_share",
    "climb_target_m",
    "sessions",
}
TOP_KEYS = {"athlete", "paces", "peak_long_run_min", "race_need_long_run_min", "warnings", "weeks"}
ROLES = {str(role) for role in SessionRole}


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
    assert set(data) == TOP_KEYS
    assert data["athlete"]["goal"] == "trail"
    assert {"vdot", "easy_min", "threshold", "estimated"} <= set(data["paces"])
    for week in data["weeks"]:
        assert set(week) == WEEK_KEYS
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


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.name)
def test_json_season_keys_agree_with_the_weeks(path: Path) -> None:
    """§3b keys: the peak is the biggest week's long run, a week's long run is its long
    sessions' minutes, roles follow the sessions, and only quality sessions carry a ladder."""
    profile = load_profile(str(path))
    plan = build_plan(profile, date(2026, 11, 23))
    data = json.loads(json.dumps(plan_to_json(profile, plan)))
    assert set(data) == TOP_KEYS
    assert isinstance(data["warnings"], list)
    assert all(isinstance(w, str) and w for w in data["warnings"])
    assert data["warnings"] == list(plan.warnings)
    need = data["race_need_long_run_min"]
    assert need is None or (isinstance(need, int | float) and need > 0)
    if profile.race_date is None:
        assert need is None
    weeks = data["weeks"]
    assert data["peak_long_run_min"] == max(w["long_run_min"] for w in weeks)
    assert data["peak_long_run_min"] > 0
    for week in weeks:
        assert set(week) == WEEK_KEYS
        long_runs = [s for s in week["sessions"] if s["kind"] == "long"]
        assert week["long_run_min"] == pytest.approx(sum(s["duration_min"] for s in long_runs))
        for s in week["sessions"]:
            assert s["role"] in ROLES
            assert s["ladder"] is None or isinstance(s["ladder"], str)
            if s["ladder"] is not None:
                assert s["role"] == "quality"
            if s["kind"] in {"tempo", "intervals", "track", "hills", "technical", "steady"}:
                assert s["role"] == "quality"
            if s["kind"] in {"long", "race", "rest", "time_trial"}:
                assert s["role"] == s["kind"]
            if s["role"] == "medium_long":
                assert s["kind"] == "easy"


def _laddered(plan: Plan, index: int, ladder: str) -> tuple[Plan, Session]:
    """``plan`` with the first quality session of week ``index`` on ``ladder`` (the planner
    may not set ladders yet), and that session as it was."""
    week = plan.weeks[index]
    quality = next(s for s in week.sessions if s.role is SessionRole.QUALITY)
    spec = quality.spec.model_copy(update={"ladder": ladder})
    sessions = tuple(
        s.model_copy(update={"spec": spec}) if s is quality else s for s in week.sessions
    )
    weeks = list(plan.weeks)
    weeks[index] = week.model_copy(update={"sessions": sessions})
    return plan.model_copy(update={"weeks": tuple(weeks)}), quality


def test_json_ladder_is_the_quality_sessions_own() -> None:
    """A ladder set on a quality session reaches the JSON, on that session only."""
    profile = load_profile(str(EXAMPLES / "road-marathon.toml"))
    plan, quality = _laddered(build_plan(profile, date(2026, 11, 23)), 4, "threshold 2/6")
    data = plan_to_json(profile, plan)
    laddered = [
        (s["date"], s["role"], s["ladder"])
        for w in data["weeks"]
        for s in w["sessions"]
        if s["ladder"] == "threshold 2/6"
    ]
    assert laddered == [(quality.date.isoformat(), "quality", "threshold 2/6")]


def test_text_header_shows_the_season_at_a_glance() -> None:
    """§3b: the peak long run, the race's need, the warnings and a line a week, before the
    week-by-week detail."""
    profile = load_profile(str(EXAMPLES / "road-marathon.toml"))
    plan = build_plan(profile, date(2026, 11, 23))
    plan = plan.model_copy(
        update={"race_need_long_run_min": 150.0, "warnings": ("The runway is short.",)}
    )
    text = plan_to_text(profile, plan)
    head, _, detail = text.partition("\nWeek 1 from ")
    assert detail
    assert "Longest run: builds to " in head
    assert "weeks before the race)." in head
    assert "The race needs a long run of about 2 h 30." in head
    assert "Warning: The runway is short." in head
    table = [line for line in head.splitlines() if re.match(r"W[ \d]\d ", line)]
    assert len(table) == len(plan.weeks)
    for line, week in zip(table, plan.weeks, strict=True):
        assert line == progression_line(week)
        assert line.startswith(f"W{week.index + 1:>2} {week.phase.value}")
        assert ("lighter" in line) == week.deload
        if week.long_run_min:
            assert f"long {week.long_run_min:>3.0f} min" in line
    assert any("Race day: marathon" in line for line in table)


def test_progression_line_names_the_ladder_and_the_set() -> None:
    """On a ladder, a session reads as its ladder and rung with the set from its title."""
    profile = load_profile(str(EXAMPLES / "road-marathon.toml"))
    plan, quality = _laddered(build_plan(profile, date(2026, 11, 23)), 4, "threshold 1/6")
    line = progression_line(plan.weeks[4])
    _, _, main_set = quality.title.partition(": ")
    assert f"threshold 1/6 ({main_set})" in line
    assert f"long {plan.weeks[4].long_run_min:>3.0f} min  | " in line


def test_text_output_week_by_week(capsys: pytest.CaptureFixture[str]) -> None:
    """Text: week by week, with phase, lighter-week flag, minutes, km, trail share, sessions."""
    code, out, _ = run(
        capsys, "--athlete", str(EXAMPLES / "road-marathon.toml"), "--start", "2026-11-23"
    )
    assert code == 0
    assert out.startswith("Stride plan: road-marathon, race day 2027-04-18")
    assert "Week 1 from Mon 2026-11-23: base, " in out
    assert "lighter week" in out
    # The athlete's first rep session (track or intervals: which, and its set, are the
    # planner's to choose) reads as its dated title with the pace, then its cues.
    plan = build_plan(load_profile(str(EXAMPLES / "road-marathon.toml")), date(2026, 11, 23))
    reps = next(
        s
        for w in plan.weeks
        for s in w.sessions
        if s.kind in (SessionKind.TRACK, SessionKind.INTERVALS)
    )
    assert re.search(r" at \d+:\d\d/(km|mi)", reps.title), reps.title
    assert f"  {reps.date:%a %d %b}  {reps.title} (" in out
    assert reps.cues
    for cue in reps.cues:
        assert f"      * {cue}" in out
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
    """``python -m stride.cli_plan`` works too."""
    athlete = str(EXAMPLES / "beginner-10k.toml")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "stride.cli_plan",
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
