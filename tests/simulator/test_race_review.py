"""§7b "Race-readiness review", played as a season: the skipper (examples/scenarios/
skipper.toml, a third of the sessions missed) is not quietly sent to a marathon its long run
cannot carry: a Sunday review says what is missing and offers keep / the shorter race / a
later date, and the choice is recorded (simulation.json, /why's adjustments)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stride.cli_simulate import main

ROOT = Path(__file__).resolve().parents[2]
ATHLETE = ROOT / "examples" / "road-marathon.toml"
SKIPPER = ROOT / "examples" / "scenarios" / "skipper.toml"
# Ten weeks out from the athlete's 18 April marathon: by week 5 the missed long runs show.
START = "2027-02-08"
WEEKS = 5


def simulate(scenario: Path, out: Path) -> dict[str, Any]:
    argv = [
        "--athlete", str(ATHLETE),
        "--weeks", str(WEEKS),
        "--start", START,
        "--scenario", str(scenario),
        "--out", str(out),
        "--quiet",
    ]  # fmt: skip
    assert main(argv) == 0
    data: dict[str, Any] = json.loads((out / "simulation.json").read_text())
    return data


@pytest.mark.slow
def test_the_skipper_is_offered_a_review_and_keeps_the_goal(tmp_path: Path) -> None:
    data = simulate(SKIPPER, tmp_path)
    reviews = data["race_reviews"]
    assert len(reviews) == WEEKS  # one each Sunday, green ones included
    offered = [r for r in reviews if r["offered"]]
    assert offered, "a third of the sessions missed: a Sunday review must say so"
    first = offered[0]
    assert first["level"] in ("amber", "red")
    assert any("longest run in the last 4 weeks" in reason for reason in first["reasons"])
    kinds = [o["kind"] for o in first["options"]]
    assert kinds[:2] == ["keep", "shorter"]
    assert first["options"][1]["goal"] == "road-half"
    moves = [o["race_date"] for o in first["options"] if o["kind"] == "move"]
    assert moves
    assert all(day > data["athlete"]["race_date"] for day in moves)
    # The scenario's default answer: keep the goal, with a realistic target, recorded.
    assert first["choice"] == "keep"
    assert "you chose to keep the marathon" in first["choice_reason"]
    choices = [a for a in data["adjustments"] if a["kind"] == "race_choice"]
    assert [c["reason"] for c in choices][:1] == [first["choice_reason"]]
    # The athlete read it under the Sunday summary; and was not asked again the next week
    # at the same level.
    messages = (tmp_path / "messages.md").read_text()
    assert "Race-readiness check: " + first["level"] in messages
    later = [r for r in reviews if r["date"] > first["date"]]
    assert all(not r["offered"] for r in later if r["level"] == first["level"])
    assert "## Race-readiness reviews" in (tmp_path / "report.md").read_text()


@pytest.mark.slow
def test_a_scenario_may_choose_the_shorter_race(tmp_path: Path) -> None:
    scenario = tmp_path / "skipper-shorter.toml"
    scenario.write_text(
        SKIPPER.read_text() + '\n[race_review]\nchoice = "shorter"\n', encoding="utf-8"
    )
    data = simulate(scenario, tmp_path / "out")
    chosen = [r for r in data["race_reviews"] if r["choice"] is not None]
    assert chosen
    assert chosen[0]["choice"] == "shorter"
    assert "switch to the half marathon" in chosen[0]["choice_reason"]
    # The plan was rebuilt for the half: no marathon-pace work after the choice, and the
    # next reviews are about the half (its shorter race is the 10K).
    after = [d for d in data["days"] if d["date"] > chosen[0]["date"]]
    titles = [b["title"] for d in after for b in d["planned"]]
    assert titles
    assert not [t for t in titles if t.endswith(" at M")]
    later = [r for r in data["race_reviews"] if r["date"] > chosen[0]["date"]]
    assert later
    assert all(o["goal"] in ("road-half", "road-10k") for r in later for o in r["options"])
