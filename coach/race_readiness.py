"""The race-readiness review (COACHING.md §7b): is the athlete on track for race day?

Once a week (the Sunday summary) and at onboarding the coach looks at what the race needs
of the long run (§3b), the longest run done in the last four weeks, the minutes done against
the minutes planned and the weeks left, and says how it stands:

* **green**: on track; nothing extra is said.
* **amber**: something is missing (the long run cannot quite reach the race's need in the
  weeks left, the long run is behind its ladder, or two of the last three weeks were under
  60 % of the plan).
* **red**: the long run will fall well short of the race's need, or it falls short and the
  weeks done say the plan is not being run.

Amber and red come with plain reasons, built from those numbers, and the athlete's choices:
keep the goal (with a realistic target, or run-walk), switch to the shorter race, or move
the race date (a few dates that give the long run the weeks it lacks). The athlete decides;
this module only assesses. It replaces silently shrinking the plan: the weekly rebuild never
goes below its floor (§7b "No downward spiral"), and a plan the athlete cannot run is talked
about, not quietly cut.

Pure: no clock, no I/O; "today" arrives as an argument.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from coach.models import GoalKind, ReadinessLevel
from coach.paces import RACE_DISTANCES_KM, VDOT_MAX, VDOT_MIN, predict_time_s
from coach.rules import RULES
from coach.workouts import minutes_text


class OptionKind(StrEnum):
    """The athlete's choices after an amber or red review (§7b)."""

    KEEP = "keep"  # keep the goal, with a realistic target or run-walk
    SHORTER = "shorter"  # the shorter race on the same day, the plan rebuilt for it
    MOVE = "move"  # the same race on a later date, the plan rebuilt


#: §7b: "switch to the shorter race (marathon -> half, half -> 10K)". A trail race's distance
#: is the athlete's own, and a 5K has nothing shorter: neither is offered one.
SHORTER_RACE: dict[GoalKind, GoalKind] = {
    GoalKind.ROAD_MARATHON: GoalKind.ROAD_HALF,
    GoalKind.ROAD_HALF: GoalKind.ROAD_10K,
    GoalKind.ROAD_10K: GoalKind.ROAD_5K,
}

_RACE_KM: dict[GoalKind, float] = {
    GoalKind.ROAD_5K: RACE_DISTANCES_KM["5k"],
    GoalKind.ROAD_10K: RACE_DISTANCES_KM["10k"],
    GoalKind.ROAD_HALF: RACE_DISTANCES_KM["half"],
    GoalKind.ROAD_MARATHON: RACE_DISTANCES_KM["marathon"],
}

RACE_NAMES: dict[GoalKind, str] = {
    GoalKind.ROAD_5K: "5K",
    GoalKind.ROAD_10K: "10K",
    GoalKind.ROAD_HALF: "half marathon",
    GoalKind.ROAD_MARATHON: "marathon",
    GoalKind.TRAIL: "trail race",
    GoalKind.FITNESS: "general fitness",
}


@dataclass(frozen=True, slots=True)
class WeekDone:
    """One completed training week: minutes planned and run, and the long run it asked."""

    start: date
    planned_min: float
    done_min: float
    planned_long_min: float = 0.0

    @property
    def share(self) -> float | None:
        return self.done_min / self.planned_min if self.planned_min > 0 else None


@dataclass(frozen=True, slots=True)
class ReadinessFacts:
    """What the review is assessed from.

    Attributes:
        goal: The race trained for.
        race_date: Race day.
        today: The day of the review (the Sunday of the summary, or onboarding's day).
        need_long_min: What the race needs of the long run at its peak (§3b), minutes.
        longest_recent_min: The longest run logged in the last four weeks, minutes (at
            onboarding: the athlete's own longest run, as the plan estimated it).
        weeks: The last completed weeks, oldest first (empty at onboarding; the plan's
            partial first week left out by the caller).
        vdot: The working VDOT, for a realistic target time; None when unknown.
        planned_peak_min: At onboarding, the longest long run the plan could build in the
            runway; it replaces the weekly projection from the longest run done.
    """

    goal: GoalKind
    race_date: date
    today: date
    need_long_min: float
    longest_recent_min: float
    weeks: tuple[WeekDone, ...] = ()
    vdot: float | None = None
    planned_peak_min: float | None = None


@dataclass(frozen=True, slots=True)
class Option:
    """One choice offered: what it is, and what it would set.

    Attributes:
        kind: Keep, shorter race or a new date.
        goal: The race after the choice (the shorter one for SHORTER).
        race_date: Race day after the choice (the new date for MOVE).
        target_s: KEEP: a realistic finishing time, when one can be given.
        run_walk: KEEP: run-walk is the realistic way to the finish.
    """

    kind: OptionKind
    goal: GoalKind
    race_date: date
    target_s: float | None = None
    run_walk: bool = False

    @property
    def summary(self) -> str:
        """The choice in a few words, as /why records it."""
        name = RACE_NAMES[self.goal]
        if self.kind is OptionKind.SHORTER:
            return f"switch to the {name} on {self.race_date:%a %d %b %Y}"
        if self.kind is OptionKind.MOVE:
            return f"move the {name} to {self.race_date:%a %d %b %Y}"
        aim = keep_aim(self)
        return f"keep the {name} on {self.race_date:%a %d %b %Y}" + (f" ({aim})" if aim else "")


def keep_aim(option: Option) -> str:
    """How a kept goal is run: run-walk, a realistic time, or nothing to add."""
    if option.run_walk:
        run, walk = RULES.readiness_run_walk_minutes
        return f"run-walk, {run:g} min running and {walk:g} min walking"
    if option.target_s is not None:
        rounded = round(option.target_s / 60 / 5) * 5  # "about": to 5 minutes
        return f"a realistic target of about {minutes_text(rounded)}"
    return ""


@dataclass(frozen=True, slots=True)
class ReadinessReview:
    """The review's verdict: its level, the reasons in plain words, and the choices.

    Attributes:
        level: green, amber or red.
        reasons: One plain sentence each, built from the numbers (empty when green).
        options: The choices offered (empty when green).
        reachable_long_min: The long run the weeks left can build to, minutes.
        need_long_min: What the race needs of it.
        weeks_left: Whole weeks to race day.
    """

    on: date
    goal: GoalKind
    race_date: date
    level: ReadinessLevel
    reasons: tuple[str, ...]
    options: tuple[Option, ...]
    reachable_long_min: float
    need_long_min: float
    weeks_left: int

    @property
    def offered(self) -> bool:
        """Amber and red say something and offer choices; green says nothing extra."""
        return self.level is not ReadinessLevel.GREEN

    @property
    def reason(self) -> str:
        """The review in one line, for /why: its level and what is missing."""
        return f"{REASON_HEAD}({self.level.value}): " + "; ".join(self.reasons)

    def option(self, kind: OptionKind, race_date: date | None = None) -> Option | None:
        """The offered option of ``kind`` (and, for MOVE, of that date), or None."""
        for option in self.options:
            if option.kind is kind and (race_date is None or option.race_date == race_date):
                return option
        return None


REASON_HEAD = "race-readiness review "
_SEVERITY = {ReadinessLevel.GREEN: 0, ReadinessLevel.AMBER: 1, ReadinessLevel.RED: 2}


def level_in(reason: str) -> ReadinessLevel | None:
    """The level a recorded review's reason (:attr:`ReadinessReview.reason`) names."""
    if not reason.startswith(REASON_HEAD + "("):
        return None
    word = reason[len(REASON_HEAD) + 1 :].split(")", 1)[0]
    try:
        return ReadinessLevel(word)
    except ValueError:
        return None


def worse(level: ReadinessLevel, than: ReadinessLevel) -> bool:
    """Whether ``level`` is worse than ``than`` (amber after green, red after amber)."""
    return _SEVERITY[level] > _SEVERITY[than]


def weeks_text(weeks: int) -> str:
    return f"{weeks} week" + ("" if weeks == 1 else "s")


def weeks_left(today: date, race_date: date) -> int:
    """Whole weeks from ``today`` to race day."""
    return max(0, (race_date - today).days // 7)


def reachable_long_run(facts: ReadinessFacts) -> float:
    """The long run the weeks left can build to (§3b: +10-15 min a loading week, one week
    in four lighter, the peak a few weeks before race day), from the longest run done."""
    if facts.planned_peak_min is not None:
        return facts.planned_peak_min
    build_weeks = max(0, weeks_left(facts.today, facts.race_date) - _peak_weeks_out(facts.goal))
    loading = build_weeks * (RULES.deload_every_weeks - 1) / RULES.deload_every_weeks
    return facts.longest_recent_min + loading * RULES.long_step_minutes[1]


def _peak_weeks_out(goal: GoalKind) -> int:
    if goal in (GoalKind.ROAD_MARATHON, GoalKind.TRAIL):
        return RULES.long_peak_weeks_out_marathon
    if goal is GoalKind.ROAD_HALF:
        return RULES.long_peak_weeks_out_half
    return RULES.long_peak_weeks_out_short


def assess(facts: ReadinessFacts) -> ReadinessReview | None:
    """The race-readiness review (§7b), or None when there is no race to review (general
    fitness, a race already run, or race week, when nothing can change any more)."""
    if not facts.goal.has_race or facts.need_long_min <= 0:
        return None
    if (facts.race_date - facts.today).days < RULES.readiness_min_days_left:
        return None
    left = weeks_left(facts.today, facts.race_date)
    reachable = reachable_long_run(facts)
    need = facts.need_long_min
    name = RACE_NAMES[facts.goal]
    reasons: list[str] = []

    # The long run against what the race needs of it.
    long_short = reachable < need - RULES.long_step_minutes[1]
    long_severe = reachable < RULES.readiness_red_long_share * need
    if long_short:
        if facts.planned_peak_min is not None:
            reasons.append(
                f"the {weeks_text(left)} to race day build the long run to about "
                f"{minutes_text(reachable)}, not the {minutes_text(need)} a {name} needs"
            )
        else:
            reasons.append(
                f"your longest run in the last {RULES.readiness_window_weeks} weeks was "
                f"{minutes_text(facts.longest_recent_min)}; a {name} needs about "
                f"{minutes_text(need)}, and the {weeks_text(left)} left build it to about "
                f"{minutes_text(reachable)}"
            )

    # The long run against its ladder: what the plan asked in the same weeks.
    asked_long = max((w.planned_long_min for w in facts.weeks), default=0.0)
    behind = asked_long > 0 and facts.longest_recent_min < RULES.readiness_ladder_share * (
        asked_long
    )
    if behind:
        reasons.append(
            f"the long run is behind its ladder: {minutes_text(facts.longest_recent_min)} done "
            f"against the {minutes_text(asked_long)} planned"
        )

    # Minutes done against minutes planned, the last few weeks.
    recent = facts.weeks[-RULES.readiness_volume_weeks :]
    low = [w for w in recent if w.share is not None and w.share < RULES.readiness_low_share]
    low_volume = len(low) >= RULES.readiness_low_weeks
    if low_volume:
        shares = " and ".join(f"{w.share:.0%}" for w in low if w.share is not None)
        weeks_said = (
            f"each of the last {len(recent)} weeks"
            if len(low) == len(recent)
            else f"{len(low)} of the last {len(recent)} weeks"
        )
        reasons.append(f"you ran {shares} of the planned minutes in {weeks_said}")

    if not reasons:
        level = ReadinessLevel.GREEN
    elif long_severe or (long_short and (behind or low_volume)):
        level = ReadinessLevel.RED
    else:
        level = ReadinessLevel.AMBER
    options = () if level is ReadinessLevel.GREEN else _options(facts, level, reachable)
    return ReadinessReview(
        on=facts.today,
        goal=facts.goal,
        race_date=facts.race_date,
        level=level,
        reasons=tuple(reasons),
        options=options,
        reachable_long_min=reachable,
        need_long_min=need,
        weeks_left=left,
    )


def _options(facts: ReadinessFacts, level: ReadinessLevel, reachable: float) -> tuple[Option, ...]:
    options = [_keep(facts, level, reachable)]
    shorter = SHORTER_RACE.get(facts.goal)
    if shorter is not None:
        options.append(Option(OptionKind.SHORTER, shorter, facts.race_date))
    options += [Option(OptionKind.MOVE, facts.goal, day) for day in move_dates(facts, reachable)]
    return tuple(options)


def _keep(facts: ReadinessFacts, level: ReadinessLevel, reachable: float) -> Option:
    """Keep the goal: run-walk when the long run will fall well short of a long race, else
    a finishing time the paces predict, slowed for what is missing."""
    long_race = _RACE_KM.get(facts.goal, RULES.readiness_run_walk_from_km) >= (
        RULES.readiness_run_walk_from_km
    )
    severe = reachable < RULES.readiness_red_long_share * facts.need_long_min
    if long_race and level is ReadinessLevel.RED and severe:
        return Option(OptionKind.KEEP, facts.goal, facts.race_date, run_walk=True)
    km = _RACE_KM.get(facts.goal)
    target = None
    if km is not None and facts.vdot is not None and VDOT_MIN <= facts.vdot <= VDOT_MAX:
        slower = (
            RULES.readiness_keep_slower_red
            if level is ReadinessLevel.RED
            else RULES.readiness_keep_slower_amber
        )
        target = predict_time_s(facts.vdot, km) * (1 + slower)
    return Option(OptionKind.KEEP, facts.goal, facts.race_date, target_s=target)


def move_dates(facts: ReadinessFacts, reachable: float) -> tuple[date, ...]:
    """A few later race days (same weekday) that give the long run the weeks it lacks:
    the weeks the missing minutes take to build, at least a few, then two and four more."""
    per_week = (
        RULES.long_step_minutes[1] * (RULES.deload_every_weeks - 1) / RULES.deload_every_weeks
    )
    missing = max(0.0, facts.need_long_min - reachable)
    first = max(RULES.readiness_move_min_weeks, math.ceil(missing / per_week))
    weeks = [first + step for step in RULES.readiness_move_steps]
    return tuple(
        facts.race_date + timedelta(weeks=w) for w in weeks if w <= RULES.readiness_move_max_weeks
    )


def option_from(review: ReadinessReview, kind: str, race_date: date | None = None) -> Option | None:
    """The offered option a button names, or None when it names none (a forged or an old
    button): only what the review offered can be chosen."""
    try:
        option_kind = OptionKind(kind)
    except ValueError:
        return None
    return review.option(option_kind, race_date if option_kind is OptionKind.MOVE else None)
