"""The season at a glance (COACHING.md §3b): how far the long run builds, and what the plan
could not give the athlete.

A plan can keep every weekly rule and still leave the athlete short on race day, so the
onboarding summary, /plan and ``stride plan`` all say where the long run goes. They share
these words so that the three never disagree. The sentences are plain text without user
input (safe in Telegram HTML as they are); the planner's warnings are escaped by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from bot.render.durations import minutes
from coach.models import Plan, Session, SessionKind


@dataclass(frozen=True, slots=True)
class PeakLongRun:
    """The plan's biggest long-run week: its minutes and the long runs that make it up."""

    minutes: float
    runs: tuple[Session, ...]  # one run, or an ultra runner's back-to-back days
    week_number: int  # 1-based

    @property
    def day(self) -> date:
        """The day the peak is complete (the second of back-to-back days)."""
        return self.runs[-1].date


def peak_long_run(plan: Plan) -> PeakLongRun | None:
    """The week the long run peaks, None when the plan has no long run at all.

    When the peak repeats (a plateau), the last such week counts: it is the one closest to
    the race, which is what §3b's "reached 3-4 weeks before" is about.
    """
    peak = plan.peak_long_run_min
    if peak <= 0:
        return None
    week = next(w for w in reversed(plan.weeks) if w.long_run_min == peak)
    runs = tuple(s for s in week.sessions if s.kind is SessionKind.LONG)
    return PeakLongRun(peak, runs, week.index + 1)


def weeks_before(day: date, race: date) -> str:
    """ "3 weeks before the race": rounded, so a Saturday long run before a Sunday race and a
    Sunday one before a Saturday race both count whole weeks."""
    weeks = round((race - day).days / 7)
    if weeks <= 0:
        return "in the race week"
    return f"{weeks} week{'s' if weeks != 1 else ''} before the race"


def _amount(peak: PeakLongRun) -> str:
    if len(peak.runs) > 1:
        parts = " + ".join(minutes(s.duration_min) for s in peak.runs)
        return f"{minutes(peak.minutes)} over back-to-back days ({parts})"
    return minutes(peak.minutes)


def long_run_line(plan: Plan, today: date | None = None) -> str | None:
    """ "Longest run: builds to 2 h 45 (3 weeks before the race)." or None without long runs.

    Past the peak (``today`` after it) the plan has "peaked at" it: /plan is read all season.
    """
    peak = peak_long_run(plan)
    if peak is None:
        return None
    verb = "peaked at" if today is not None and peak.day < today else "builds to"
    when = (
        weeks_before(peak.day, plan.race_date)
        if plan.race_date is not None
        else f"week {peak.week_number}"
    )
    return f"Longest run: {verb} {_amount(peak)} ({when})."


def race_need_line(plan: Plan) -> str | None:
    """ "The race needs a long run of about 2 h 30." or None when the planner did not say
    (no race, or a plan read back from storage, which does not keep it). Whether the plan
    gets there is the planner's to say, in its warnings."""
    need = plan.race_need_long_run_min
    if need is None:
        return None
    return f"The race needs a long run of about {minutes(need)}."


def season_lines(plan: Plan, today: date) -> list[str]:
    """The onboarding summary's and /plan's lines (Telegram HTML): the long run's peak, then
    one short line per planner warning (escaped: the planner's words, not ours to trust)."""
    line = long_run_line(plan, today)
    return ([line] if line else []) + [f"⚠️ {escape(w, quote=False)}" for w in plan.warnings]
