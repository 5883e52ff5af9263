"""What a simulation says: weekly figures and the coaching rules checked on what happened.

Pure functions over :class:`~simulator.runner.SimDay` records. The checks look at what
the athlete was *asked* to do (the sessions after every adjustment, as the check-in showed
them), because that is what the coach is answerable for; what the athlete then did is the
scenario's doing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from coach.models import GoalKind, Phase, SessionKind
from coach.rules import RULES
from coach.workouts import DEFAULT_RPE

if TYPE_CHECKING:
    from simulator.runner import SimDay, Simulation

#: Surfaces of the split, in the order the charts stack them; a treadmill counts as road. A
#: race is left out of the split, as the planner leaves it out of the trail share.
SURFACES = ("trail", "road", "track")
#: The highest target RPE that is not "intensity" (an easy run, COACHING.md §2).
EASY_RPE = DEFAULT_RPE[SessionKind.EASY]


@dataclass(frozen=True)
class WeekFigures:
    """One simulated week."""

    week: int
    start: date
    phase: str | None
    trail_target: float | None
    trail_band: tuple[float, float] | None
    paused_days: int
    planned_min: float
    asked_min: float
    done_min: float
    # COACHING.md §3b: the long run as planned each morning (back-to-back days together, as
    # Week.long_run_min counts them) and the longest single run logged (the race left out:
    # it is what the long run prepares, not a step of it), to see it climb.
    planned_long_min: float
    done_longest_min: float
    done_by_surface: dict[str, float]
    planned_by_surface: dict[str, float]
    load: float
    ratio_end: float | None
    hard_days: int
    asked: int
    done: int
    partly: int
    skipped: int
    readiness: dict[str, int] = field(default_factory=dict)

    def share(self, surface: str) -> float | None:
        total = sum(self.done_by_surface.values())
        return self.done_by_surface[surface] / total if total else None

    def planned_share(self, surface: str) -> float | None:
        total = sum(self.planned_by_surface.values())
        return self.planned_by_surface[surface] / total if total else None


def _surface(name: str | None) -> str | None:
    if name in (None, "treadmill"):
        return "road"
    return name if name in SURFACES else None


def band(phase: str | None, goal: GoalKind) -> tuple[float, float] | None:
    """The trail share a phase may show (COACHING.md §3), as (low, high)."""
    if phase is None:
        return None
    low, _target, high = RULES.trail_band(Phase(phase), goal)
    return (low, high)


def weeks(sim: Simulation) -> list[WeekFigures]:
    """The simulation's weeks, Monday to Sunday."""
    out: list[WeekFigures] = []
    for index in range(sim.weeks):
        days = sim.days[index * 7 : index * 7 + 7]
        if not days:
            break
        done_by = dict.fromkeys(SURFACES, 0.0)
        planned_by = dict.fromkeys(SURFACES, 0.0)
        statuses: Counter[str] = Counter()
        for day in days:
            for log in day.logs:
                statuses[log.status] += 1
                key = _surface(log.surface)
                if key is not None and log.kind != "race":
                    done_by[key] += log.minutes
            for brief in day.planned:
                key = _surface(brief.surface)
                if key is not None and brief.kind != "race":
                    planned_by[key] += brief.minutes
        active = [d for d in days if not d.paused]
        phase = next((d.phase for d in active if d.phase), None)
        target = next((d.trail_target for d in active if d.trail_target is not None), None)
        out.append(
            WeekFigures(
                week=index + 1,
                start=days[0].date,
                phase=phase,
                trail_target=target,
                trail_band=band(phase, sim.profile.goal),
                paused_days=len(days) - len(active),
                planned_min=sum(d.planned_min for d in days),
                asked_min=sum(d.asked_min for d in days),
                done_min=sum(d.done_min for d in days),
                planned_long_min=sum(
                    b.minutes for d in days for b in d.planned if b.kind == SessionKind.LONG
                ),
                done_longest_min=max(
                    (log.minutes for d in days for log in d.logs if log.kind != "race"),
                    default=0.0,
                ),
                done_by_surface=done_by,
                planned_by_surface=planned_by,
                load=sum(d.load for d in days),
                ratio_end=days[-1].ratio,
                hard_days=sum(1 for d in days if d.asked_hard),
                asked=sum(len(d.asked) for d in days) + sum(1 for d in days if d.skipped_ahead),
                done=statuses["done"],
                partly=statuses["partly"],
                skipped=statuses["skipped"] + sum(1 for d in days if d.skipped_ahead),
                readiness=dict(Counter(d.readiness or "none" for d in active)),
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# Checks


@dataclass(frozen=True)
class Check:
    """One rule checked on the simulated days: passed, what it says, and the offending days."""

    name: str
    rule: str  # the COACHING.md section
    passed: bool
    detail: str
    days: tuple[date, ...] = ()
    applies: bool = True  # False when the scenario never put the rule to the test


def hard_days_in_a_row(days: Sequence[SimDay]) -> list[tuple[date, date]]:
    """Consecutive days on which the athlete was asked to do a hard session both times."""
    asked = {d.date for d in days if d.asked_hard}
    return [(day, day + timedelta(days=1)) for day in sorted(asked) if day + timedelta(1) in asked]


def intensity_during_niggle(days: Sequence[SimDay]) -> list[date]:
    """Days of a niggle on which a hard session, or anything above easy effort, was asked."""
    return [
        d.date
        for d in days
        if d.niggle is not None
        and (d.pain_score or 0) >= RULES.pain_no_intensity_score
        and any(b.hard or b.target_rpe > EASY_RPE for b in d.asked if b.kind != "race")
    ]


def pushes_while_paused(days: Sequence[SimDay]) -> list[date]:
    return [d.date for d in days if d.paused and d.pushes]


def physio_advice_days(days: Sequence[SimDay]) -> list[date]:
    return [d.date for d in days if any("physiotherapist" in a for a in d.advice)]


def checks(sim: Simulation) -> list[Check]:
    """The coaching rules the simulation can show, checked on its days."""
    days = sim.days
    out: list[Check] = []

    pairs = hard_days_in_a_row(days)
    hard = sum(1 for d in days if d.asked_hard)
    out.append(
        Check(
            "no two hard days in a row",
            "§4",
            not pairs,
            f"{hard} hard days asked, "
            + (
                "never two in a row."
                if not pairs
                else f"{len(pairs)} pairs in a row: "
                + ", ".join(f"{a:%a %d %b}-{b:%a %d %b}" for a, b in pairs)
            ),
            tuple(d for pair in pairs for d in pair),
        )
    )

    niggle_days = [d for d in days if d.niggle is not None and not d.paused]
    bad = intensity_during_niggle(days)
    if niggle_days:
        first, last = niggle_days[0].date, niggle_days[-1].date
        detail = f"{len(niggle_days)} days of pain ({first:%d %b} to {last:%d %b}): " + (
            "no intensity asked." if not bad else f"intensity asked on {len(bad)} of them."
        )
    else:
        detail = "the scenario has no niggle."
    out.append(
        Check(
            "no intensity while a niggle lasts",
            "§7",
            not bad,
            detail,
            tuple(bad),
            applies=bool(niggle_days),
        )
    )

    longest = _longest_run([d.date for d in niggle_days])
    if longest > RULES.pain_see_physio_days:
        advised = physio_advice_days(days)
        out.append(
            Check(
                "pain for more than a week: see a physiotherapist",
                "§7",
                bool(advised),
                f"pain for {longest} days; advice given on {_days(len(advised))}."
                if advised
                else f"pain for {longest} days, and no advice to see a physiotherapist.",
                tuple(advised),
            )
        )

    paused = [d for d in days if d.paused]
    loud = pushes_while_paused(days)
    out.append(
        Check(
            "no pushes while paused",
            "/pause",
            not loud,
            f"{len(paused)} days paused, "
            + ("no push sent." if not loud else f"pushes sent on {len(loud)} of them."),
            tuple(loud),
            applies=bool(paused),
        )
    )
    return out


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _longest_run(dates: Sequence[date]) -> int:
    best = current = 0
    previous: date | None = None
    for day in sorted(dates):
        current = current + 1 if previous is not None and day - previous == timedelta(1) else 1
        best = max(best, current)
        previous = day
    return best


@dataclass(frozen=True)
class Totals:
    """The whole simulation in a few numbers."""

    planned_min: float
    asked_min: float
    done_min: float
    # COACHING.md §3b: the biggest long run planned in a week, the longest run done.
    peak_planned_long_min: float
    longest_done_min: float
    asked: int
    done: int
    partly: int
    skipped: int
    hard_days: int
    readiness: dict[str, int]
    adjustments: dict[str, int]
    pushes: dict[str, int]
    acute_end: float
    chronic_end: float
    ratio_end: float | None
    ratio_peak: tuple[float, date] | None
    load_last_4_weeks: float
    paused_days: int


def totals(sim: Simulation, figures: Sequence[WeekFigures] | None = None) -> Totals:
    figures = list(figures) if figures is not None else weeks(sim)
    days = sim.days
    ratios = [(d.ratio, d.date) for d in days if d.ratio is not None]
    pushes: Counter[str] = Counter(p for d in days for p in d.pushes)
    last = days[-1] if days else None
    return Totals(
        planned_min=sum(w.planned_min for w in figures),
        asked_min=sum(w.asked_min for w in figures),
        done_min=sum(w.done_min for w in figures),
        peak_planned_long_min=max((w.planned_long_min for w in figures), default=0.0),
        longest_done_min=max((w.done_longest_min for w in figures), default=0.0),
        asked=sum(w.asked for w in figures),
        done=sum(w.done for w in figures),
        partly=sum(w.partly for w in figures),
        skipped=sum(w.skipped for w in figures),
        hard_days=sum(w.hard_days for w in figures),
        readiness=dict(Counter(d.readiness or "none" for d in days if not d.paused)),
        adjustments=dict(Counter(a.kind for a in sim.adjustments)),
        pushes=dict(pushes),
        acute_end=last.acute if last else 0.0,
        chronic_end=last.chronic if last else 0.0,
        ratio_end=last.ratio if last else None,
        ratio_peak=max(ratios) if ratios else None,
        load_last_4_weeks=sum(d.load for d in days[-28:]),
        paused_days=sum(1 for d in days if d.paused),
    )
