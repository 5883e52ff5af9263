"""Phases of a season (COACHING.md §3, §3b, §9): counted back from race day.

Taper (1 week for 10K and shorter, 2 for longer races), competition (4-6), build (6-10) and
base (the rest); a short runway shortens the base first, then the build, then the
competition; the taper is never cut. Recovery weeks after the race scale with the race
(§3b: one easy day per 1.6 km raced, 3-4 weeks after an ultra). General fitness repeats
4-week blocks, base and build alternating.
"""

from __future__ import annotations

from datetime import date, timedelta

from coach.calendar import monday_of as monday_of  # re-exported: the planner reads it here
from coach.models import AthleteProfile, GoalKind, Phase, Plan
from coach.rules import RULES
from coach.workouts import race_distance_km


def is_ultra(profile: AthleteProfile) -> bool:
    """A trail race longer than a marathon (§3b: ultra effort, fuelling and recovery)."""
    return profile.goal is GoalKind.TRAIL and race_distance_km(profile) > RULES.ultra_km


def recovery_weeks(profile: AthleteProfile) -> int:
    """Recovery weeks after this athlete's race (§3b), 0 without a race."""
    if not profile.goal.has_race:
        return 0
    return RULES.recovery_weeks(race_distance_km(profile), is_ultra(profile))


def phase_lengths(goal: GoalKind, weeks: int) -> tuple[int, int, int, int]:
    """Weeks of (base, build, competition, taper) for ``weeks`` up to and incl. race week (§3).

    Long runway: build and competition at their longest, the base takes the rest. Short
    runway: the base goes first, then the build shrinks to its minimum, then the competition
    to its minimum, then the build, then the competition. The taper is never skipped.
    """
    taper = min(weeks, RULES.taper_weeks(goal))
    left = weeks - taper
    (b_min, b_max), (c_min, c_max) = RULES.build_weeks, RULES.competition_weeks
    if left >= b_max + c_max:
        return left - b_max - c_max, b_max, c_max, taper
    build, comp, excess = b_max, c_max, b_max + c_max - left
    cut = min(excess, build - b_min)  # the build down to its minimum first...
    build, excess = build - cut, excess - cut
    cut = min(excess, comp - c_min)  # ...then the competition to its minimum...
    comp, excess = comp - cut, excess - cut
    cut = min(excess, build)  # ...then the rest of the build, then the competition
    build, comp = build - cut, comp - (excess - cut)
    return 0, build, comp, taper


def race_phases(profile: AthleteProfile, weeks: int) -> list[Phase]:
    """The phase of every week from the first to the last recovery week."""
    base, build, comp, taper = phase_lengths(profile.goal, weeks)
    return (
        [Phase.BASE] * base
        + [Phase.BUILD] * build
        + [Phase.COMPETITION] * comp
        + [Phase.TAPER] * taper
        + [Phase.RECOVERY] * recovery_weeks(profile)
    )


def fitness_phase(index: int) -> Phase:
    """General fitness (§3): 4-week blocks, base and build alternating."""
    block = index // RULES.fitness_block_weeks
    return Phase.BASE if block % 2 == 0 else Phase.BUILD


def season_phases(profile: AthleteProfile, first_monday: date, fitness_weeks: int) -> list[Phase]:
    """The phases of a plan starting on ``first_monday`` (``fitness_weeks`` without a race)."""
    if profile.race_date is None or not profile.goal.has_race:
        return [fitness_phase(i) for i in range(fitness_weeks)]
    weeks = (monday_of(profile.race_date) - first_monday).days // 7 + 1
    return race_phases(profile, weeks)


def race_week_index(phases: list[Phase]) -> int | None:
    """Index of race week (the last taper week), None for general fitness."""
    tapers = [i for i, p in enumerate(phases) if p is Phase.TAPER]
    return tapers[-1] if tapers else None


def phase_for(
    source: Plan | AthleteProfile, day: date, *, start: date | None = None
) -> Phase | None:
    """The phase ``day`` falls in.

    Args:
        source: A plan (its week's phase) or a profile (phases counted back from its race
            day; with ``start``, as a plan starting then would have them).
        day: The day asked about.
        start: For a profile: the plan's start. Without it a race plan is assumed to have a
            long runway (base until the build), and general fitness starts its blocks on
            ``day``'s week.

    Returns:
        The phase, or None when a plan does not cover ``day`` or the day is past a race's
        recovery weeks.
    """
    if isinstance(source, Plan):
        week = source.week_of(day)
        return None if week is None else week.phase
    profile = source
    if profile.race_date is None or not profile.goal.has_race:
        first = monday_of(start or day)
        index = (monday_of(day) - first).days // 7
        return fitness_phase(index) if index >= 0 else None
    race_monday = monday_of(profile.race_date)
    first = monday_of(start) if start is not None else race_monday - timedelta(weeks=520)
    phases = race_phases(profile, (race_monday - first).days // 7 + 1)
    index = (monday_of(day) - first).days // 7
    return phases[index] if 0 <= index < len(phases) else None
