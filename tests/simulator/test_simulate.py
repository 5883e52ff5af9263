"""`stride simulate` (issue 6): twelve weeks of each example scenario through the real bot.

The four simulations run once per module (they are the slow part) and every test reads what
they wrote: the report, its charts and ``simulation.json``. The invariants are checked here
on the raw simulated days, not by trusting the report's own checks (those are compared too).
"""

from __future__ import annotations

import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import matplotlib.image
import pytest

from simulator.analysis import EASY_RPE
from simulator.scenario import (
    SCENARIO_KEYS,
    Behaviour,
    ScenarioError,
    Span,
    load_scenario,
    scenario_from_mapping,
)
from stride.cli_simulate import main

ROOT = Path(__file__).resolve().parents[2]
ATHLETE = ROOT / "examples" / "road-marathon.toml"
SCENARIOS = ("steady", "tired", "injured", "skipper")
WEEKS = 12
SEED = 11
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHARTS = ("weekly-volume.png", "surfaces.png", "load.png", "readiness.png")


def _argv(name: str, folder: Path) -> list[str]:
    return [
        "--athlete", str(ATHLETE),
        "--weeks", str(WEEKS),
        "--scenario", str(ROOT / "examples" / "scenarios" / f"{name}.toml"),
        "--seed", str(SEED),
        "--out", str(folder),
        "--quiet",
    ]  # fmt: skip


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each example scenario, simulated for 12 weeks with one athlete file and one seed.

    The four runs are independent (each has its own database and clock), so they run side
    by side on the machine's cores, each one `main([...])` in a fresh (spawned, not forked:
    nothing of this process's threads or loops leaks in) worker process.
    """
    out = {name: tmp_path_factory.mktemp(f"simulate-{name}") for name in SCENARIOS}
    workers = min(len(SCENARIOS), os.cpu_count() or 1)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        codes = list(pool.map(main, [_argv(name, folder) for name, folder in out.items()]))
    assert codes == [0] * len(SCENARIOS)
    return out


def _data(reports: dict[str, Path], name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((reports[name] / "simulation.json").read_text())
    return data


def _day(raw: dict[str, Any]) -> date:
    return date.fromisoformat(raw["date"])


# --- the report -------------------------------------------------------------------------


@pytest.mark.parametrize("name", SCENARIOS)
def test_report_and_files_exist(reports: dict[str, Path], name: str) -> None:
    folder = reports[name]
    for file in ("report.md", "simulation.json", "days.csv", "messages.md", *CHARTS):
        assert (folder / file).is_file(), file
    report = (folder / "report.md").read_text()
    for chart in CHARTS:
        assert f"]({chart})" in report
    for heading in (
        "## Summary",
        "## Weekly volume",
        "## Road, trail and track",
        "## Load and the acute:chronic ratio",
        "## Readiness by day",
        "## Weeks",
        "## Adjustments",
    ):
        assert heading in report
    assert len((folder / "days.csv").read_text().splitlines()) == 7 * WEEKS + 1


@pytest.mark.parametrize("name", SCENARIOS)
def test_charts_are_valid_pngs(reports: dict[str, Path], name: str) -> None:
    for chart in CHARTS:
        path = reports[name] / chart
        assert path.read_bytes()[:8] == PNG_SIGNATURE
        pixels = matplotlib.image.imread(path)
        height, width, channels = pixels.shape
        assert height > 200
        assert width > 300
        assert channels in (3, 4)
        assert pixels.std() > 0.01  # not a blank canvas


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_adjustment_is_in_the_table_with_its_reason(
    reports: dict[str, Path], name: str
) -> None:
    data = _data(reports, name)
    report = (reports[name] / "report.md").read_text()
    assert f"## Adjustments ({len(data['adjustments'])})" in report
    for adjustment in data["adjustments"]:
        assert adjustment["reason"].replace("|", "\\|") in report


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_athlete_was_coached_every_day(reports: dict[str, Path], name: str) -> None:
    """A morning push every active day, the weekly summary every Sunday, nothing when paused."""
    data = _data(reports, name)
    days = data["days"]
    assert len(days) == 7 * WEEKS
    for raw in days:
        if raw["paused"]:
            assert raw["pushes"] == []
            continue
        assert "morning" in raw["pushes"], raw["date"]
        if _day(raw).weekday() == 6:
            assert "weekly" in raw["pushes"], raw["date"]
    assert sum(1 for raw in days if raw["logs"]) > 10
    assert data["deliveries"].get("failed", 0) == 0


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_volume_chart_carries_the_long_run(reports: dict[str, Path], name: str) -> None:
    """COACHING.md §3b: the weekly-volume chart's data (``charts.volume`` in the JSON, as
    drawn) has the planned long run and the longest run done a week, taken from the days,
    and the race's need of the long run as the plan gave it."""
    data = _data(reports, name)
    volume = data["charts"]["volume"]
    assert volume["weeks"] == list(range(1, WEEKS + 1))
    for key in ("planned_min", "asked_min", "done_min", "planned_long_min", "done_longest_min"):
        assert len(volume[key]) == WEEKS, key
    for index, figures in enumerate(data["week_figures"]):
        days = data["days"][index * 7 : index * 7 + 7]
        planned = sum(b["minutes"] for raw in days for b in raw["planned"] if b["kind"] == "long")
        ran = [log["minutes"] for raw in days for log in raw["logs"] if log["kind"] != "race"]
        assert volume["planned_long_min"][index] == pytest.approx(planned)
        assert volume["done_longest_min"][index] == pytest.approx(max(ran, default=0.0))
        assert figures["planned_long_min"] == volume["planned_long_min"][index]
        assert figures["done_longest_min"] == volume["done_longest_min"][index]
    need = volume["race_need_long_run_min"]
    assert need == data["race_need_long_run_min"]
    assert need is None or need > 0
    assert isinstance(data["plan_warnings"], list)
    assert "| long run (plan / done) |" in (reports[name] / "report.md").read_text()


def test_the_steady_athlete_builds_the_long_run(reports: dict[str, Path]) -> None:
    """§3b: run as asked, the long run climbs from where the athlete is, the longest run done
    follows it, and (unless the plan warned it could not) it reaches what the race needs."""
    data = _data(reports, "steady")
    planned = data["charts"]["volume"]["planned_long_min"]
    done = data["charts"]["volume"]["done_longest_min"]
    peak = max(planned)
    assert planned[0] < peak
    assert planned.index(peak) >= WEEKS // 2  # it builds: the peak is not at the start
    assert max(done) >= 0.9 * peak
    need = data["race_need_long_run_min"]
    if need is not None and not data["plan_warnings"]:
        assert peak >= 0.9 * need


# --- the invariants ---------------------------------------------------------------------


@pytest.mark.parametrize("name", SCENARIOS)
def test_no_two_hard_days_in_a_row(reports: dict[str, Path], name: str) -> None:
    """COACHING.md §4, in what the athlete was asked to do after every adjustment."""
    data = _data(reports, name)
    hard = {_day(raw) for raw in data["days"] if any(s["hard"] for s in raw["asked"])}
    assert len(hard) >= 5  # the rule was really put to the test
    in_a_row = sorted(day for day in hard if day + timedelta(days=1) in hard)
    assert in_a_row == []
    check = next(c for c in data["checks"] if c["name"] == "no two hard days in a row")
    assert check["passed"]


def test_niggle_means_no_intensity_while_it_lasts(reports: dict[str, Path]) -> None:
    """COACHING.md §7: pain 4/10 or more, no intensity; more than a week: see a physio."""
    data = _data(reports, "injured")
    niggle = [raw for raw in data["days"] if raw["niggle"] is not None]
    assert len(niggle) == 9
    assert _day(niggle[0]) == date.fromisoformat(data["start"]) + timedelta(weeks=4, days=1)
    for raw in niggle:
        assert raw["no_intensity"], raw["date"]
        for session in raw["asked"]:
            assert not session["hard"], raw["date"]
            assert session["target_rpe"] <= EASY_RPE, raw["date"]
    # The niggle changed sessions that would have been hard, and it ends: intensity returns.
    assert any(s["hard"] for raw in niggle for s in raw["planned"])
    after = [raw for raw in data["days"] if _day(raw) > _day(niggle[-1])]
    assert any(s["hard"] for raw in after for s in raw["asked"])
    assert any("physiotherapist" in line for raw in niggle for line in raw["advice"])
    reasons = " ".join(a["reason"] for a in data["adjustments"])
    assert "left knee" in reasons


def test_tired_athlete_ends_with_less_load_than_the_steady_one(reports: dict[str, Path]) -> None:
    steady, tired = _data(reports, "steady"), _data(reports, "tired")
    assert tired["totals"]["load_last_4_weeks"] < steady["totals"]["load_last_4_weeks"]
    assert tired["totals"]["chronic_end"] < steady["totals"]["chronic_end"]
    # ... because the coach saw it and adjusted, not only because the athlete did less.
    readiness = tired["totals"]["readiness"]
    assert readiness.get("amber", 0) + readiness.get("red", 0) > 20
    assert len(tired["adjustments"]) > len(steady["adjustments"])


def test_skipper_misses_pauses_and_resumes(reports: dict[str, Path]) -> None:
    data = _data(reports, "skipper")
    days = data["days"]
    paused = [raw for raw in days if raw["paused"]]
    assert len(paused) == 8
    assert all(raw["pushes"] == [] for raw in paused)
    resumed = next(raw for raw in days if _day(raw) == _day(paused[-1]) + timedelta(days=1))
    assert "morning" in resumed["pushes"]
    assert data["totals"]["skipped"] >= 5
    assert any(raw["skipped_ahead"] for raw in days)  # /skip in the morning
    assert any(  # ... and "skipped" after the evening reminder
        "evening" in raw["pushes"] and any(log["status"] == "skipped" for log in raw["logs"])
        for raw in days
    )


# --- scenarios and the command line -----------------------------------------------------


def test_example_scenarios_load() -> None:
    for name in SCENARIOS:
        scenario = load_scenario(ROOT / "examples" / "scenarios" / f"{name}.toml")
        assert scenario.name == name
        assert scenario.description


def test_the_documented_keys_are_a_valid_scenario() -> None:
    import tomllib

    scenario = scenario_from_mapping(tomllib.loads(SCENARIO_KEYS))
    assert scenario.niggle[0].where == "left knee"
    assert scenario.pause[0].days == 8


def test_scenario_errors_name_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[sleep]\nhourz = 7\n[[niggle]]\nweek = 2\nday = "someday"\n')
    with pytest.raises(ScenarioError) as error:
        load_scenario(bad)
    assert "sleep.hourz" in str(error.value)
    assert "niggle.0" in str(error.value)


def test_spans_by_week_or_by_date() -> None:
    start = date(2027, 1, 4)  # a Monday
    by_week = Span(week=2, day="wed", days=3)
    assert by_week.first_day(start) == date(2027, 1, 13)
    assert by_week.covers(start, date(2027, 1, 15))
    assert not by_week.covers(start, date(2027, 1, 16))
    by_date = Span.model_validate({"date": "2027-02-01", "days": 2})
    assert by_date.first_day(start) == date(2027, 2, 1)
    with pytest.raises(ValueError, match="either"):
        Span(week=1, on=date(2027, 1, 4))


def test_draws_are_deterministic_and_shared_between_scenarios() -> None:
    """Same seed, same nights; a scenario change moves the numbers, not the luck."""
    start = date(2027, 1, 4)
    steady = scenario_from_mapping({"sleep": {"hours": 7.5, "sd": 0.6}, "runs": {"checkin": 1}})
    tired = scenario_from_mapping({"sleep": {"hours": 6.0, "sd": 0.6}, "runs": {"checkin": 1}})
    day = date(2027, 1, 20)
    a = Behaviour(steady, start, seed=3).checkin(day, after_hard=False)
    b = Behaviour(steady, start, seed=3).checkin(day, after_hard=False)
    c = Behaviour(tired, start, seed=3).checkin(day, after_hard=False)
    assert a == b
    assert a is not None
    assert c is not None
    assert a.sleep_hours is not None
    assert c.sleep_hours is not None
    assert a.sleep_hours - c.sleep_hours == pytest.approx(1.5, abs=0.5)


def test_command_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--athlete", str(ATHLETE), "--weeks", "0", "--out", str(tmp_path)]) == 2
    assert "--weeks" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text("seed = 'x'\n")
    args = ["--athlete", str(ATHLETE), "--weeks", "1", "--scenario", str(bad)]
    assert main([*args, "--out", str(tmp_path)]) == 2
    assert "seed" in capsys.readouterr().err
    missing = tmp_path / "nobody.toml"
    assert main(["--athlete", str(missing), "--weeks", "1", "--out", str(tmp_path)]) == 2
