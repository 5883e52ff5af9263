"""Training load: session-RPE, EWMA acute:chronic ratio, monotony and strain (COACHING.md §6).

Session load is Foster's session-RPE: RPE x minutes. The acute:chronic workload ratio compares
a 7-day and a 28-day exponentially weighted moving average of daily load (Williams et al. 2017,
lambda = 2 / (N + 1)), which readiness and adaptation read (COACHING.md §7: above 1.5 reduce,
below 0.8 for two weeks allow a step). Foster's monotony (mean / sd of the week's daily loads)
and strain (weekly load x monotony) flag weeks that are hard every day.

Pure functions: "today" is always an argument; logs dated after it are ignored.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coach.models import RunLog

# --- Tuneable numbers (COACHING.md §6 load, §7 acute:chronic thresholds) ----------------------

ACUTE_SPAN_DAYS = 7
CHRONIC_SPAN_DAYS = 28
#: Days of history fed into the EWMAs. Weights older than 3 chronic spans are below 0.3 %.
HISTORY_DAYS = 3 * CHRONIC_SPAN_DAYS
#: With less logged history than this, the ratio is not meaningful (the chronic average has
#: not settled), so it is reported as None rather than scaring a new athlete off training.
MIN_HISTORY_DAYS = 14
#: A chronic load below this (RPE-minutes per day) counts as "no chronic load": ratio is None.
CHRONIC_EPSILON = 1.0
#: Standard deviations below this count as zero: monotony (and strain) are None.
SD_EPSILON = 1e-9
MONOTONY_DAYS = 7


@dataclass(frozen=True)
class LoadSummary:
    """Load figures as of ``today`` (inclusive), all in RPE-minutes.

    Attributes:
        today: The last day included.
        acute: 7-day EWMA of daily load.
        chronic: 28-day EWMA of daily load.
        ratio: acute / chronic; None when chronic is ~0 or the history is shorter than
            ``MIN_HISTORY_DAYS``.
        monotony: mean / population sd of the last 7 daily loads; None when the sd is 0.
        strain: weekly_load x monotony; None when monotony is None.
        weekly_load: Sum of the last 7 daily loads (today included).
        history_days: Days from the first log in the window to today, inclusive (0 if none).
    """

    today: date
    acute: float
    chronic: float
    ratio: float | None
    monotony: float | None
    strain: float | None
    weekly_load: float
    history_days: int


def session_load(rpe: float, minutes: float) -> float:
    """Foster's session-RPE load: ``rpe`` (0-10) x ``minutes``.

    Raises:
        ValueError: If RPE is outside 0..10 or minutes is negative or not finite.
    """
    if not math.isfinite(rpe) or not 0 <= rpe <= 10:
        raise ValueError(f"RPE must be 0 to 10, got {rpe!r}")
    if not math.isfinite(minutes) or minutes < 0:
        raise ValueError(f"minutes must be zero or more, got {minutes!r}")
    return float(rpe) * float(minutes)


def _days(start: date, end: date) -> int:
    return (end - start).days + 1


def daily_loads(logs: Iterable[RunLog], start: date, end: date) -> list[float]:
    """One load per day from ``start`` to ``end`` inclusive; days without a run are 0.

    Two runs on one day (a double) add up. Skipped runs and runs without an RPE or a duration
    count 0 (see :attr:`RunLog.load`). Logs outside the range are ignored.

    Raises:
        ValueError: If ``end`` is before ``start``.
    """
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    loads = [0.0] * _days(start, end)
    for log in logs:
        if start <= log.date <= end:
            loads[(log.date - start).days] += log.load
    return loads


def _lambda(span_days: int) -> float:
    if span_days < 1:
        raise ValueError(f"span_days must be at least 1, got {span_days}")
    return 2.0 / (span_days + 1)


def ewma_series(loads: Sequence[float], span_days: int) -> list[float]:
    """The EWMA after each day: ``e_t = lam * load_t + (1 - lam) * e_{t-1}``, lam = 2/(N+1).

    The series is seeded with the mean of the first ``span_days`` loads (or all of them when
    fewer), so a steady athlete starts near their true average instead of ramping up from zero;
    a zero seed would inflate the acute:chronic ratio for every new athlete.

    Raises:
        ValueError: If ``span_days`` is below 1.
    """
    lam = _lambda(span_days)
    if not loads:
        return []
    seed_window = loads[:span_days]
    value = sum(seed_window) / len(seed_window)
    series: list[float] = []
    for load in loads:
        value = lam * load + (1.0 - lam) * value
        series.append(value)
    return series


def ewma(loads: Sequence[float], span_days: int) -> float:
    """The last value of :func:`ewma_series` (0.0 for no loads)."""
    series = ewma_series(loads, span_days)
    return series[-1] if series else 0.0


def monotony(loads: Sequence[float]) -> float | None:
    """Foster's monotony: mean / population sd of ``loads``; None when the sd is ~0."""
    if len(loads) < 2:
        return None
    sd = statistics.pstdev(loads)
    if sd < SD_EPSILON:
        return None
    return statistics.fmean(loads) / sd


def acute_chronic(logs: Iterable[RunLog], today: date) -> LoadSummary:
    """Acute (7-day) and chronic (28-day) EWMA load, their ratio, monotony and strain.

    The EWMAs run over at most ``HISTORY_DAYS`` ending ``today``, starting at the first logged
    day in that window (days before an athlete's first log are unknown, not zero).
    """
    window_start = today - timedelta(days=HISTORY_DAYS - 1)
    relevant = [log for log in logs if window_start <= log.date <= today]
    week = daily_loads(relevant, today - timedelta(days=MONOTONY_DAYS - 1), today)
    weekly_load = sum(week)
    week_monotony = monotony(week)
    strain = weekly_load * week_monotony if week_monotony is not None else None
    if not relevant:
        return LoadSummary(
            today=today,
            acute=0.0,
            chronic=0.0,
            ratio=None,
            monotony=week_monotony,
            strain=strain,
            weekly_load=weekly_load,
            history_days=0,
        )
    first = min(log.date for log in relevant)
    loads = daily_loads(relevant, first, today)
    acute = ewma(loads, ACUTE_SPAN_DAYS)
    chronic = ewma(loads, CHRONIC_SPAN_DAYS)
    history_days = len(loads)
    ratio: float | None = None
    if chronic >= CHRONIC_EPSILON and history_days >= MIN_HISTORY_DAYS:
        ratio = acute / chronic
    return LoadSummary(
        today=today,
        acute=acute,
        chronic=chronic,
        ratio=ratio,
        monotony=week_monotony,
        strain=strain,
        weekly_load=weekly_load,
        history_days=history_days,
    )


def weekly_loads(logs: Iterable[RunLog], week_starts: Iterable[date]) -> list[float]:
    """Total load for each 7-day week starting on each of ``week_starts``."""
    all_logs = list(logs)
    totals: list[float] = []
    for start in week_starts:
        end = start + timedelta(days=6)
        totals.append(sum(log.load for log in all_logs if start <= log.date <= end))
    return totals
