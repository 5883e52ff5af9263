"""§7b illness, played as a season (examples/scenarios/sick.toml through the real bot): ten
days of fever mid-build get a daily check instead of sessions, then a graded return with no
hard session in its first days and no big jump in load."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from stride.cli_simulate import main

ROOT = Path(__file__).resolve().parents[2]
ATHLETE = ROOT / "examples" / "road-marathon.toml"
START = "2027-01-04"  # mid-build for the April marathon: sick from Wed 20 Jan, back Sat 30
WEEKS = 6
RATIO_MAX = 1.5


@pytest.fixture(scope="module")
def season(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("simulate-sick")
    argv = [
        "--athlete", str(ATHLETE),
        "--weeks", str(WEEKS),
        "--start", START,
        "--scenario", str(ROOT / "examples" / "scenarios" / "sick.toml"),
        "--out", str(out),
        "--quiet",
    ]  # fmt: skip
    assert main(argv) == 0
    data: dict[str, Any] = json.loads((out / "simulation.json").read_text())
    data["messages_md"] = (out / "messages.md").read_text()
    return data


def _days(data: dict[str, Any], first: date, last: date) -> list[dict[str, Any]]:
    return [d for d in data["days"] if first <= date.fromisoformat(d["date"]) <= last]


@pytest.mark.slow
def test_the_illness_is_recorded_with_its_return(season: dict[str, Any]) -> None:
    (period,) = season["illnesses"]
    assert (period["started_on"], period["ended_on"]) == ("2027-01-20", "2027-01-30")
    assert period["above_neck"] is False
    assert period["days_ill"] == 10
    assert period["easy_until"] == "2027-02-05", "easy only for 7 days (10 ill, at most 7)"
    assert period["long_cap_min"] is not None


@pytest.mark.slow
def test_no_session_while_ill_only_a_daily_check(season: dict[str, Any]) -> None:
    ill = _days(season, date(2027, 1, 20), date(2027, 1, 29))
    assert len(ill) == 10
    assert all(d["ill"] == "below" for d in ill)
    assert all(d["asked"] == [] and d["logs"] == [] for d in ill)
    assert all("morning" in d["pushes"] for d in ill), "a daily check every morning"
    assert season["messages_md"].count("How are you feeling today?") == 10


@pytest.mark.slow
def test_no_hard_session_in_the_first_days_back(season: dict[str, Any]) -> None:
    back = _days(season, date(2027, 1, 30), date(2027, 2, 5))
    assert not any(d["asked_hard"] for d in back)
    asked = sum(sum(a["minutes"] for a in d["asked"]) for d in back)
    before = sum(
        sum(a["minutes"] for a in d["asked"])
        for d in _days(season, date(2027, 1, 11), date(2027, 1, 17))
    )
    assert asked <= 0.7 * before, "the first week back starts from about half the volume"


@pytest.mark.slow
def test_the_load_ratio_stays_under_one_and_a_half_after_the_return(
    season: dict[str, Any],
) -> None:
    after = _days(season, date(2027, 1, 30), date(2027, 1, 30) + timedelta(days=15))
    ratios = [(d["date"], round(d["ratio"], 2)) for d in after if d["ratio"] is not None]
    assert [r for r in ratios if r[1] >= RATIO_MAX] == []
