"""COACHING.md §6: session-RPE load, EWMA acute:chronic ratio, monotony and strain."""

from __future__ import annotations

import math
import statistics
from datetime import date, timedelta

import pytest

from coach.load import (
    ACUTE_SPAN_DAYS,
    CHRONIC_SPAN_DAYS,
    HISTORY_DAYS,
    MIN_HISTORY_DAYS,
    LoadSummary,
    acute_chronic,
    daily_loads,
    ewma,
    ewma_series,
    monotony,
    session_load,
    weekly_loads,
)
from coach.models import RunLog, RunStatus

TODAY = date(2025, 3, 31)


def _log(
    day: date,
    rpe: int | None = 5,
    minutes: float | None = 60.0,
    status: RunStatus = RunStatus.DONE,
) -> RunLog:
    return RunLog(date=day, rpe=rpe, duration_min=minutes, status=status)


def _steady(days: int, rpe: int = 5, minutes: float = 60.0, end: date = TODAY) -> list[RunLog]:
    return [_log(end - timedelta(days=i), rpe, minutes) for i in range(days)]


def test_s6_session_load_is_rpe_times_minutes() -> None:
    """§6: Foster's session-RPE."""
    assert session_load(6, 45) == 270.0
    assert session_load(0, 30) == 0.0


@pytest.mark.parametrize(("rpe", "minutes"), [(11, 30), (-1, 30), (5, -1), (math.nan, 3)])
def test_s6_session_load_rejects_nonsense(rpe: float, minutes: float) -> None:
    with pytest.raises(ValueError, match=r"."):
        session_load(rpe, minutes)


def test_s6_daily_loads_fill_gaps_with_zero_and_sum_doubles() -> None:
    """§6: one value per day; a double (two runs a day) adds up; skipped is 0."""
    start = date(2025, 3, 1)
    logs = [
        _log(start, 5, 30),
        _log(start, 3, 40),
        _log(start + timedelta(days=2), 8, 50),
        _log(start + timedelta(days=3), 8, 50, status=RunStatus.SKIPPED),
        _log(start + timedelta(days=4), None, 50),
        _log(start + timedelta(days=10), 9, 50),  # outside the range
    ]
    assert daily_loads(logs, start, start + timedelta(days=4)) == [270.0, 0.0, 400.0, 0.0, 0.0]


def test_s6_daily_loads_rejects_reversed_range() -> None:
    with pytest.raises(ValueError, match="before"):
        daily_loads([], TODAY, TODAY - timedelta(days=1))


def test_s6_ewma_uses_williams_lambda() -> None:
    """§6: lambda = 2 / (N + 1); one step from the seed is exact."""
    loads = [100.0, 0.0]
    lam = 2 / (7 + 1)
    seed = 50.0  # mean of the first min(7, len) loads
    first = lam * 100.0 + (1 - lam) * seed
    second = lam * 0.0 + (1 - lam) * first
    assert ewma_series(loads, 7) == pytest.approx([first, second])
    assert ewma(loads, 7) == pytest.approx(second)


def test_s6_ewma_of_constant_load_is_that_load() -> None:
    assert ewma([300.0] * 50, 28) == pytest.approx(300.0)
    assert ewma([], 7) == 0.0


def test_s6_ewma_rejects_bad_span() -> None:
    with pytest.raises(ValueError, match="span"):
        ewma([1.0], 0)


def test_s6_steady_training_gives_ratio_near_one() -> None:
    """§6/§7: a steady athlete sits at ~1.0, not flagged either way."""
    summary = acute_chronic(_steady(60), TODAY)
    assert summary.ratio == pytest.approx(1.0)
    assert summary.acute == pytest.approx(300.0)
    assert summary.chronic == pytest.approx(300.0)
    assert summary.weekly_load == pytest.approx(2100.0)


def test_s6_a_spike_week_raises_the_ratio_above_1_5() -> None:
    """§7: a sudden jump in load is what the 1.5 rule is for."""
    logs = _steady(60, rpe=4, minutes=40, end=TODAY - timedelta(days=7))
    logs += _steady(7, rpe=8, minutes=90)
    summary = acute_chronic(logs, TODAY)
    assert summary.ratio is not None
    assert summary.ratio > 1.5


def test_s6_a_layoff_drops_the_ratio_below_0_8() -> None:
    logs = _steady(60, end=TODAY - timedelta(days=10))
    summary = acute_chronic(logs, TODAY)
    assert summary.ratio is not None
    assert summary.ratio < 0.8


def test_s6_ratio_is_none_without_chronic_load() -> None:
    summary = acute_chronic([_log(TODAY - timedelta(days=i), status=RunStatus.SKIPPED)
                             for i in range(30)], TODAY)  # fmt: skip
    assert summary.chronic == 0.0
    assert summary.ratio is None


def test_s6_ratio_is_none_with_too_little_history() -> None:
    """New athletes: a few days of logs say nothing about chronic load."""
    summary = acute_chronic(_steady(MIN_HISTORY_DAYS - 1), TODAY)
    assert summary.history_days == MIN_HISTORY_DAYS - 1
    assert summary.ratio is None
    assert acute_chronic(_steady(MIN_HISTORY_DAYS), TODAY).ratio is not None


def test_s6_no_logs_gives_zeros() -> None:
    summary = acute_chronic([], TODAY)
    assert summary == LoadSummary(
        today=TODAY,
        acute=0.0,
        chronic=0.0,
        ratio=None,
        monotony=None,
        strain=None,
        weekly_load=0.0,
        history_days=0,
    )


def test_s6_future_and_ancient_logs_are_ignored() -> None:
    base = _steady(40)
    noisy = [
        *base,
        _log(TODAY + timedelta(days=1), 10, 300),
        _log(TODAY - timedelta(days=HISTORY_DAYS + 5), 10, 300),
    ]
    assert acute_chronic(noisy, TODAY) == acute_chronic(base, TODAY)


def test_s6_monotony_and_strain_follow_foster() -> None:
    """§6: monotony = mean / sd of the week's daily loads; strain = weekly load x monotony."""
    week = [300.0, 0.0, 450.0, 200.0, 0.0, 600.0, 300.0]
    logs = [_log(TODAY - timedelta(days=6 - i), 5, load / 5) for i, load in enumerate(week) if load]
    summary = acute_chronic(logs, TODAY)
    expected = statistics.fmean(week) / statistics.pstdev(week)
    assert summary.monotony == pytest.approx(expected)
    assert summary.strain == pytest.approx(sum(week) * expected)
    assert summary.weekly_load == pytest.approx(sum(week))


def test_s6_identical_days_have_no_monotony() -> None:
    """Zero spread: monotony is undefined, reported as None (not infinity)."""
    assert monotony([300.0] * 7) is None
    summary = acute_chronic(_steady(7), TODAY)
    assert summary.monotony is None
    assert summary.strain is None


def test_s6_weekly_loads() -> None:
    monday = date(2025, 3, 3)
    logs = [_log(monday, 5, 60), _log(monday + timedelta(days=6), 4, 50),
            _log(monday + timedelta(days=7), 6, 30)]  # fmt: skip
    assert weekly_loads(logs, [monday, monday + timedelta(days=7), monday + timedelta(days=14)]) \
        == [500.0, 180.0, 0.0]  # fmt: skip


def test_s6_spans_are_7_and_28_days() -> None:
    assert (ACUTE_SPAN_DAYS, CHRONIC_SPAN_DAYS) == (7, 28)
