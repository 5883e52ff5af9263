"""`stride demo`: a run file sent with /file is answered before the next scripted line (its
decoding runs off the event loop, where the emulator alone would take the bot for quiet)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from stride.demo import main
from tests.support.run_files import Activity, fit_activity

FIRST_DAY = Path(__file__).parents[2] / "examples" / "demo-first-day.txt"


def test_a_run_file_is_logged_and_its_rpe_tapped_in_a_script(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = tmp_path / "Evening_Run.fit"
    start = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
    run.write_bytes(fit_activity(Activity(start=start, km=6.2, moving_min=36.5, avg_hr=142)))
    onboarding = [line for line in FIRST_DAY.read_text().splitlines() if not line[:1].isalpha()]
    script = tmp_path / "script.txt"
    script.write_text("\n".join([*onboarding, "/wait 10h", f"/file {run}", "3", "/watch", ""]))
    code = main(
        ["--script", str(script), "--start", "2026-11-20T18:00:00", "--files", str(tmp_path)]
    )
    out = capsys.readouterr().out
    assert code == 0
    after_file = out.split(f"you > /file {run}")[1]
    answer, tapped = after_file.split("you > 3", 1)
    assert "📂 6.2 km · 36:30 moving · avg HR 142" in answer
    assert "How hard did it feel overall" in answer
    assert "Load: 110 (RPE 3 × 36 min)" in tapped.split("you > /watch")[0]
    assert (tmp_path / "stride-2026-11-21.fit").read_bytes()[8:12] == b".FIT"
