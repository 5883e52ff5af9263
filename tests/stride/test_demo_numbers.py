"""A number typed in `stride demo`: it presses the button of that number, except where the
buttons are numbers themselves (days, hours of sleep, scores): there "4" means 4."""

from __future__ import annotations

from pathlib import Path

import pytest

from stride.demo import button_for, main


def test_four_at_the_days_question_is_four_days_not_the_fourth_button(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "days.txt"
    script.write_text("/start\n2\n3\n4\n1\n", encoding="utf-8")
    assert main(["--script", str(script), "--start", "2026-11-20T18:00:00"]) == 0
    out = capsys.readouterr().out
    days = out.split("How many days a week can you run?")[1]
    assert "[4] 5" in days, "the fourth button is 5 days"
    assert "✓ 4 runs a week" in days
    # on the day list (no numbers on the buttons) a number presses its button: 1 is Monday
    assert "Selected: Mon, Tue, Thu, Sat, Sun" in days


@pytest.mark.parametrize(
    ("number", "labels", "index"),
    [
        ("4", ["2", "3", "★ 4", "5", "6", "7"], 3),  # the button that reads 4
        ("1", ["2", "3", "★ 4", "5", "6", "7"], None),  # one day: typed, no button reads it
        ("5", ["≤5", "6", "7", "8", "9+"], 1),  # 5 h of sleep: "≤5"
        ("9", ["≤5", "6", "7", "8", "9+"], 5),
        ("2", ["5K", "10K", "Half", "Marathon"], 2),  # words on the buttons: the second
        ("25", ["Under 15 km", "15–30 km", "30–45 km"], None),  # no button 25: typed
        ("1", [], None),
    ],
)
def test_which_button_a_number_presses(number: str, labels: list[str], index: int | None) -> None:
    assert button_for(number, labels) == index
