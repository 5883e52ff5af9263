"""Illness (COACHING.md §7b): what a day asks of an athlete who is ill, by the neck check.

The neck check is the usual field rule: symptoms above the neck only (a runny nose, a sore
throat) allow easy running if the athlete feels fine; anything below the neck (fever, chest,
aches, stomach) means no running at all. Until the athlete has answered it, the coach assumes
the worse: no running. Nothing here reads or writes anything; the period itself is stored by
storage.illness and the return afterwards is the planner's
(:func:`coach.planner.return_to_running`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from coach.models import (
    Adjustment,
    AdjustmentKind,
    AthleteProfile,
    Comeback,
    Session,
    SessionKind,
    Surface,
    TrainingPaces,
)
from coach.planner.context import make_spec
from coach.rules import RULES
from coach.workouts import build_session

__all__ = ["Illness", "ill_day", "return_adjustment"]


@dataclass(frozen=True, slots=True)
class Illness:
    """One illness period: from ``started_on`` until ``ended_on`` (the first day back;
    None while it lasts). ``above_neck`` is None until the neck check is answered."""

    started_on: date
    above_neck: bool | None = None
    ended_on: date | None = None

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    @property
    def may_run(self) -> bool:
        """Easy running allowed: symptoms above the neck only (the answer, not a guess)."""
        return self.above_neck is True

    def days_ill(self, back_on: date) -> int:
        """Days ill when back on ``back_on`` (the first day back not counted), at least 1."""
        return max(1, (back_on - self.started_on).days)


def ill_day(
    sessions: Sequence[Session],
    illness: Illness,
    *,
    paces: TrainingPaces,
    profile: AthleteProfile,
) -> tuple[Session, ...]:
    """The day's sessions while ill: none below the neck (or before the answer); above the
    neck, easy running only: a hard session or a long run becomes an easy run of at most
    ``RULES.return_easy_run_max`` minutes, the same as a return's first days."""
    if not illness.may_run:
        return ()
    out: list[Session] = []
    for s in sessions:
        if s.is_run and (s.hard or s.kind in (SessionKind.LONG, SessionKind.RACE)):
            minutes = min(s.duration_min, RULES.return_easy_run_max)
            surface = Surface.TRAIL if s.surface is Surface.TRAIL else Surface.ROAD
            spec = make_spec(SessionKind.EASY, surface, minutes)
            out.append(build_session(spec, s.date, paces, profile, slot=s.slot))
        else:
            out.append(s)
    return tuple(out)


def return_adjustment(back_on: date, days_ill: int, back: Comeback | None) -> Adjustment:
    """The return after an illness as /why tells it (§7b: every change with its reason)."""
    ill = f"{days_ill} day{'s' if days_ill != 1 else ''} ill"
    if back is None:
        reason = f"Back after {ill}: the plan restarts from about half the volume."
    else:
        easy = (back.easy_until - back_on).days + 1
        cap = (
            f", the first long run at most {round(back.long_cap_min)} min"
            if back.long_cap_min is not None
            else ""
        )
        reason = (
            f"Back after {ill}: easy running only for {easy} day{'s' if easy != 1 else ''}, "
            f"the volume from about {round(RULES.illness_return_share * 100)} %{cap}."
        )
    return Adjustment(date=back_on, kind=AdjustmentKind.LIGHTENED, reason=reason)
