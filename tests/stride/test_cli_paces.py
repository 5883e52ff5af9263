"""COACHING.md §2: `stride paces` prints VDOT, predictions, paces and rep times."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from stride.cli_paces import main, parse_easy_pace

PACE_KEYS = {"easy_min", "easy_max", "marathon", "threshold", "interval", "repetition"}
REP_KEYS = {"threshold", "interval", "repetition"}


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict[str, object]:
    assert main(argv) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def _numbers_are_rounded(value: object) -> None:
    if isinstance(value, dict):
        for item in value.values():
            _numbers_are_rounded(item)
    elif isinstance(value, float):
        assert round(value, 1) == value


def test_s2_json_schema_is_stable(capsys: pytest.CaptureFixture[str]) -> None:
    """§2: the --json output has exactly the documented keys, numbers rounded to 0.1."""
    data = _json(capsys, ["--race", "10k", "--time", "45:00", "--json"])
    assert set(data) == {
        "vdot",
        "estimated",
        "predictions_s",
        "paces_s_per_km",
        "paces_s_per_mile",
        "rep_times_s",
    }
    assert isinstance(data["vdot"], float)
    assert data["estimated"] is False
    predictions = data["predictions_s"]
    assert isinstance(predictions, dict)
    assert set(predictions) == {"5k", "10k", "half", "marathon"}
    per_km, per_mile = data["paces_s_per_km"], data["paces_s_per_mile"]
    assert isinstance(per_km, dict)
    assert isinstance(per_mile, dict)
    assert set(per_km) == PACE_KEYS
    assert set(per_mile) == PACE_KEYS
    reps = data["rep_times_s"]
    assert isinstance(reps, dict)
    assert set(reps) == {"200m", "400m", "800m"}
    for times in reps.values():
        assert set(times) == REP_KEYS
    _numbers_are_rounded(data)


def test_s2_vdot_50_row_from_a_19_57_5k(capsys: pytest.CaptureFixture[str]) -> None:
    """§2: a 19:57 5K is VDOT 50: T 4:15/km, I 93 s and R 87 s per 400 m (Table 5.2, 3rd ed.).

    Per 400 m within 1.2 s (COACHING.md §3b: 3 s/km); the book's per-400 cells are rounded
    apart from its per-km ones (3:55/km is 94 s per 400 m, the book prints 93).
    """
    data = _json(capsys, ["--race", "5k", "--time", "19:57", "--json"])
    assert data["vdot"] == pytest.approx(50.0, abs=0.1)
    per_km = data["paces_s_per_km"]
    assert isinstance(per_km, dict)
    assert per_km["threshold"] == pytest.approx(255, rel=0.01)
    reps = data["rep_times_s"]
    assert isinstance(reps, dict)
    assert reps["400m"]["interval"] == pytest.approx(93, abs=1.2)
    assert reps["400m"]["repetition"] == pytest.approx(87, abs=1.2)
    predictions = data["predictions_s"]
    assert isinstance(predictions, dict)
    assert predictions["10k"] == pytest.approx(41 * 60 + 21, rel=0.01)
    per_mile = data["paces_s_per_mile"]
    assert isinstance(per_mile, dict)
    assert per_mile["threshold"] == pytest.approx(per_km["threshold"] * 1.609344, abs=0.2)


def test_s2_the_10k_round_trips(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, ["--race", "10 km", "--time", "45:00", "--json"])
    predictions = data["predictions_s"]
    assert isinstance(predictions, dict)
    assert predictions["10k"] == pytest.approx(2700.0, abs=0.5)


def test_s2_easy_pace_gives_an_estimate(capsys: pytest.CaptureFixture[str]) -> None:
    """§2: without a race, paces are estimated from the easy pace and flagged as such."""
    data = _json(capsys, ["--easy-pace", "5:30", "--json"])
    assert data["estimated"] is True
    per_km = data["paces_s_per_km"]
    assert isinstance(per_km, dict)
    centre = (per_km["easy_min"] + per_km["easy_max"]) / 2
    assert centre == pytest.approx(330, abs=0.5)


def test_s2_race_wins_over_easy_pace(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, ["--race", "half", "--time", "1:31:35", "--easy-pace", "7:00", "--json"])
    assert data["estimated"] is False
    assert data["vdot"] == pytest.approx(50.0, abs=0.2)


def test_s2_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    """§2: the text report names VDOT, predictions, E-R paces per km and mile, track reps."""
    assert main(["--race", "5k", "--time", "19:57"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("VDOT 50.0")
    for label in ("5K", "10K", "Half marathon", "Marathon", "Easy (E)", "Marathon (M)",
                  "Threshold (T)", "Interval (I)", "Repetition (R)", "per km", "per mile",
                  "200m", "400m", "800m", "19:57", "41:2", "4:15", "1:27"):  # fmt: skip
        assert label in out, label


def test_s2_text_output_says_estimate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--easy-pace", "8:50/mi"]) == 0
    assert "estimate" in capsys.readouterr().out.lower()


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--race", "10k"],
        ["--time", "45:00"],
        ["--race", "ten", "--time", "45:00"],
        ["--race", "10k", "--time", "soon"],
        ["--race", "10k", "--time", "4:50"],
        ["--race", "10k", "--time", "45"],
        ["--easy-pace", "fast"],
        ["--easy-pace", "0:30"],
        ["--bogus"],
        ["--race", "10k", "--time"],
    ],
)
def test_s2_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    """Bad input: one clear line on stderr, nothing on stdout, exit status 2."""
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("stride paces: ")


def test_s2_help_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    assert "--race" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("5:30", 330.0), ("5:30/km", 330.0), ("8:50/mi", 530 / 1.609344), ("8:50 per mile", 329.3)],
)
def test_parse_easy_pace(text: str, seconds: float) -> None:
    assert parse_easy_pace(text) == pytest.approx(seconds, abs=0.1)


def test_runs_as_a_module() -> None:
    """`python -m stride.cli_paces` works (the lead also wires it into `stride paces`)."""
    done = subprocess.run(
        [sys.executable, "-m", "stride.cli_paces", "--race", "10k", "--time", "45:00", "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["estimated"] is False
