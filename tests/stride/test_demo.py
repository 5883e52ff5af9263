"""`stride demo --script`: a scripted first day through the real bot, emulator and scheduler."""

from __future__ import annotations

from pathlib import Path

import pytest

from stride.demo import main

SCRIPT = Path(__file__).parents[2] / "examples" / "demo-first-day.txt"


def test_scripted_first_day_onboards_pushes_checks_in_and_logs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["--script", str(SCRIPT), "--start", "2026-11-20T18:00:00", "--files", str(tmp_path)]
    )
    out = capsys.readouterr().out
    assert code == 0
    # onboarding by numbered buttons, ending with the plan's outline
    assert "What are you training for?" in out
    assert "✓ Goal: 10K" in out
    assert "Your plan: 10K on Sun 14 Mar 2027" in out
    assert "Every morning at 06:30 (Europe/London)" in out
    # /tomorrow moves the clock and the scheduler sends the morning push with its buttons
    assert "[demo] clock moved to Sat 21 Nov 06:30 (Europe/London)" in out
    push = out.split("[demo] clock moved")[1]
    assert "Good morning, Runner! Today's session" in push
    assert "[1] 🌡 Check in" in push
    # the check-in edits one message and ends with readiness and today's session
    assert "stride (edited) >" in push
    assert "Checked in: 5 h sleep, quality 2/5, soreness 4/5 (quads)" in push
    assert "Readiness: 🔴 red" in push
    # a free-text log is confirmed with its load and the comparison with the plan
    assert "Logged for Sat 21 Nov" in push
    assert "Load: 105 (RPE 3 × 35 min)" in push
    assert "[1] ↩️ Undo" in push


def test_a_missing_script_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--script", str(tmp_path / "nope.txt")]) == 2
    assert "cannot read the script" in capsys.readouterr().err
