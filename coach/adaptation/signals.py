"""The signals adaptation reads: progression from quality RPE, the load-ratio brake, red runs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from coach.adaptation.specs import (
    ProgressionSignal,
)
from coach.calendar import monday_of
from coach.models import (
    PainFlag,
    Readiness,
    ReadinessLevel,
    RunLog,
    Session,
)
from coach.readiness import (
    QUALITY_KINDS,
    morning_ratios,
    open_pains,
)
from coach.rules import RULES


def pair_quality_logs(
    sessions: Iterable[Session], logs: Iterable[RunLog]
) -> list[tuple[Session, RunLog]]:
    """Match logged runs to the quality sessions planned on their day, oldest first.

    A log fulfils a quality session on the same date when it was done or partly done, has an
    RPE and, if it names a kind, names the session's kind.
    """
    by_day: dict[date, list[Session]] = defaultdict(list)
    for s in sessions:
        if s.kind in QUALITY_KINDS:
            by_day[s.date].append(s)
    pairs: list[tuple[Session, RunLog]] = []
    for log in logs:
        if log.rpe is None or not log.ran:
            continue
        for s in by_day.get(log.date, ()):
            if log.kind is None or log.kind is s.kind:
                pairs.append((s, log))
                break
    pairs.sort(key=lambda p: p[1].date)
    return pairs


def progression_signal(quality_logs: Sequence[tuple[Session, RunLog]]) -> ProgressionSignal:
    """How the last two quality sessions felt against their target RPE (COACHING.md §7).

    Args:
        quality_logs: (planned quality session, its log) pairs, any order; see
            :func:`pair_quality_logs`.

    Returns:
        ``hold`` when both of the last two were logged ``RULES.rpe_off_target`` (2)+ above
        target (hold progression and ease the next one), ``progress_sooner`` when both were
        2+ below, ``normal`` otherwise (including fewer than two sessions).
    """
    diffs = sorted(
        (log.date, log.rpe - s.target_rpe)
        for s, log in quality_logs
        if log.rpe is not None and log.ran and s.kind in QUALITY_KINDS
    )[-2:]
    if len(diffs) < 2:
        return "normal"
    off = RULES.rpe_off_target
    if all(d >= off for _, d in diffs):
        return "hold"
    if all(d <= -off for _, d in diffs):
        return "progress_sooner"
    return "normal"


def _ratio(logs: Sequence[RunLog], day: date) -> float | None:
    """The morning load ratio on ``day`` (load up to the day before)."""
    return morning_ratios(logs, day)[0] if logs else None


def _acwr_brake(logs: Sequence[RunLog], today: date, ratio: float | None) -> bool:
    """Whether the high-ratio reduction is on: above 1.5, or still easing back under 1.3.

    Hysteresis without stored state: between ``acwr_target`` and ``acwr_high`` the brake is on
    only if, walking back day by day, the ratio went above ``acwr_high`` before it was last
    under ``acwr_target``.
    """
    if ratio is None or ratio < RULES.acwr_target:
        return False
    if ratio > RULES.acwr_high:
        return True
    for r in morning_ratios(logs, today, RULES.acwr_lookback_days + 1)[1:]:
        if r is None or r < RULES.acwr_target:
            return False
        if r > RULES.acwr_high:
            return True
    return False


def allow_volume_step(
    today: date,
    logs: Sequence[RunLog],
    recent_readiness: Sequence[Readiness],
    pains: Sequence[PainFlag] = (),
) -> bool:
    """Whether the planner may take the next 10 % volume step (COACHING.md §7).

    True when the acute:chronic ratio stayed under ``RULES.acwr_low`` (0.8) on every day of
    the last two weeks, every readiness recorded in that time (at least one) was green, and
    no pain is open. Meant for the weekly planning pass, not the morning hot path (it
    computes the ratio for each of the 14 days).
    """
    days = RULES.acwr_low_weeks * 7
    start = today - timedelta(days=days - 1)
    window = [r for r in recent_readiness if start <= r.date <= today]
    if not window or any(r.level is not ReadinessLevel.GREEN for r in window):
        return False
    if open_pains(pains, today):
        return False
    return all(r is not None and r < RULES.acwr_low for r in morning_ratios(logs, today, days))


def _red_run(reds: set[date], today: date) -> tuple[date, date] | None:
    """The first ``RULES.red_days_lighten_week`` red days in a row this week, up to today.

    A run that started at the end of last week and reaches into this one counts.

    Returns:
        The run's first and last day, or None.
    """
    need = RULES.red_days_lighten_week
    if len(reds) < need:
        return None
    week_start = monday_of(today)
    day = week_start - timedelta(days=need - 1)
    while day + timedelta(days=need - 1) <= today:
        last = day + timedelta(days=need - 1)
        if last >= week_start and all(day + timedelta(days=i) in reds for i in range(need)):
            return day, last
        day += timedelta(days=1)
    return None
