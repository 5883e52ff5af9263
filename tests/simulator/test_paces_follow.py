"""§7b "Paces follow the evidence", played as seasons: a runner whose paces are too fast has
them eased and the long run left alone; one whose paces are too easy has them sharpened
(examples/scenarios/overshooter.toml and undershooter.toml, through the real bot)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stride.cli_simulate import main

ROOT = Path(__file__).resolve().parents[2]
ATHLETE = ROOT / "examples" / "road-marathon.toml"
WEEKS = 7


def simulate(name: str, out: Path) -> dict[str, Any]:
    argv = [
        "--athlete", str(ATHLETE),
        "--weeks", str(WEEKS),
        "--scenario", str(ROOT / "examples" / "scenarios" / f"{name}.toml"),
        "--out", str(out),
        "--quiet",
    ]  # fmt: skip
    assert main(argv) == 0
    data: dict[str, Any] = json.loads((out / "simulation.json").read_text())
    return data


@pytest.mark.slow
def test_paces_too_fast_are_eased_and_the_long_run_is_not_cut_for_them(tmp_path: Path) -> None:
    data = simulate("overshooter", tmp_path)
    moves = data["recalibrations"]
    assert moves, "2.5 VDOT too fast: the Sunday review must ease the paces"
    assert all(m["direction"] == "slower" for m in moves)
    vdots = [moves[0]["old_vdot"], *(m["new_vdot"] for m in moves)]
    assert vdots == sorted(vdots, reverse=True)
    assert 1.0 <= vdots[0] - vdots[-1] <= 3.0  # closes the 2.5-point gap, never more
    for m in moves:
        assert all(e["rpe"] - e["target_rpe"] >= 2 for e in m["evidence"])
        assert m["reason"].startswith("your last quality sessions felt harder")
    # The long run was never cut because quality sessions felt hard (it was, every week).
    cut_long = [
        a
        for a in data["adjustments"]
        if "quality sessions felt harder" in a["reason"] and "long run" in a["reason"].lower()
    ]
    assert cut_long == []
    # The summary told the athlete, in one line, with the new paces.
    messages = (tmp_path / "messages.md").read_text()
    assert "the paces were too fast for you, so I've eased them" in messages
    assert f"VDOT {moves[0]['old_vdot']:.1f} -> {moves[0]['new_vdot']:.1f}" in messages


@pytest.mark.slow
def test_paces_too_easy_are_sharpened(tmp_path: Path) -> None:
    data = simulate("undershooter", tmp_path)
    moves = data["recalibrations"]
    assert moves
    assert all(m["direction"] == "faster" for m in moves)
    assert moves[-1]["new_vdot"] > moves[0]["old_vdot"]
    assert (
        "you're fitter than your paces, so I've sharpened them"
        in (tmp_path / "messages.md").read_text()
    )


@pytest.mark.slow
def test_a_steady_athlete_on_target_keeps_the_paces(tmp_path: Path) -> None:
    assert simulate("steady", tmp_path)["recalibrations"] == []
