"""Coming back after time off: illness and long pauses (COACHING.md §7b, §9).

A simulated athlete back from an 8-day holiday began with a 2 h 35 long run and 45 min at
marathon pace (a load ratio of 1.85); one back from 10 days sick met a tempo on the first
day. A return is planned instead:

- **Illness**: easy running only for as many days as the athlete was ill (at most
  ``RULES.illness_easy_days_max``), from ``RULES.illness_return_share`` of the planned volume,
  building back through the weekly rebuilds (§7b "50-60 % ... building over 1-2 weeks"); the
  first long run after that is at most the last long run done before the illness.
- **A long pause** (``RULES.resume_reduce_after_days`` or more): the volume of §9's resume
  rule (0.8 per week missed, never below 0.5), the first ``RULES.pause_easy_days`` days
  easy, and the first long run at most ``RULES.pause_long_share`` of the last one done.

The return is kept on the plan (:class:`~coach.models.Comeback`), so the Sunday rebuild
that replans next week keeps to it too (:func:`keep_comeback`).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Literal

from coach.models import AthleteProfile, Comeback, Plan, Session, SessionKind, Surface
from coach.planner.context import floor5, make_spec
from coach.rules import RULES
from coach.workouts import build_session

Cause = Literal["illness", "pause", "pain"]


def volume_share(cause: Cause, days_off: int) -> float:
    """The share of the goal's volume the first week back is rebuilt from (§7b, §9)."""
    if cause == "illness":
        return RULES.illness_return_share
    if days_off < RULES.resume_reduce_after_days:
        return 1.0
    return max(RULES.resume_min_factor, RULES.missed_week_factor ** (days_off // 7))


def comeback(
    cause: Cause, first_day: date, days_off: int, longest_before: float | None
) -> Comeback | None:
    """The return after ``days_off`` days away, from ``first_day`` (None: nothing to keep to,
    a pause too short to matter)."""
    if cause == "illness":
        easy = min(max(1, days_off), RULES.illness_easy_days_max)
        cap = longest_before
    else:
        if days_off < RULES.resume_reduce_after_days:
            return None
        easy = RULES.pause_easy_days
        cap = None if longest_before is None else floor5(RULES.pause_long_share * longest_before)
    return Comeback(
        cause=cause,
        start=first_day,
        easy_until=first_day + timedelta(days=easy - 1),
        long_cap_min=None if cap is None else max(RULES.min_run_minutes, cap),
        build_until=first_day + timedelta(days=RULES.return_build_days - 1),
        floor=volume_share(cause, days_off),
    )


def keep_comeback(plan: Plan, profile: AthleteProfile) -> Plan:
    """``plan`` with its return kept: no hard session from the return's start to its last
    easy day (each becomes an easy run of at most ``RULES.return_easy_run_max`` minutes), the
    first long run after it capped. The return is dropped once its long run is past."""
    back = plan.comeback
    if back is None:
        return plan
    long_runs = [
        s
        for w in plan.weeks
        for s in w.sessions
        if s.kind is SessionKind.LONG and s.date > back.easy_until and not s.spec.back_to_back
    ]
    capped_on = long_runs[0].date if long_runs and back.long_cap_min is not None else None
    weeks = []
    changed = False
    for week in plan.weeks:
        sessions = []
        for s in week.sessions:
            new = _kept(s, back, capped_on, plan, profile)
            changed = changed or new is not s
            sessions.append(new)
        weeks.append(week.model_copy(update={"sessions": tuple(sessions)}) if changed else week)
    return plan.model_copy(update={"weeks": tuple(weeks)}) if changed else plan


def _kept(
    s: Session, back: Comeback, capped_on: date | None, plan: Plan, profile: AthleteProfile
) -> Session:
    if s.date < back.start or not s.is_run or s.kind is SessionKind.RACE:
        return s
    if s.date <= back.easy_until and (s.hard or s.kind is SessionKind.LONG):
        return _easy(s, plan, profile)
    building = back.build_until is not None and back.easy_until < s.date <= back.build_until
    if building and s.hard and s.kind is not SessionKind.LONG:
        if back.cause == "illness":
            # §7b: after an illness, "intensity and the long run return after" the volume has
            # built back: a quality session is an easy run till then (intervals two days
            # after the first long run back lifted the load ratio to 1.67).
            return _easy(s, plan, profile)
        reps = s.spec.reps or 0
        least = RULES.min_reps.get(s.spec.intensity or "I", 3)
        fewer = max(least, math.floor(reps * RULES.deload_factor))
        if 0 < fewer < reps:  # after a pause, intensity comes back as a lighter week's set
            spec = s.spec.model_copy(update={"reps": fewer})
            return build_session(spec, s.date, plan.paces, profile, slot=s.slot)
    cap = back.long_cap_min
    if s.date == capped_on and cap is not None and s.duration_min > cap:
        spec = s.spec.model_copy(update={"duration_min": cap, "finish_at_marathon_min": 0.0})
        return build_session(spec, s.date, plan.paces, profile, slot=s.slot)
    return s


def _easy(s: Session, plan: Plan, profile: AthleteProfile) -> Session:
    """``s`` as an easy run of at most ``RULES.return_easy_run_max`` minutes."""
    minutes = min(s.duration_min, RULES.return_easy_run_max)
    surface = Surface.TRAIL if s.surface is Surface.TRAIL else Surface.ROAD
    spec = make_spec(SessionKind.EASY, surface, minutes)
    return build_session(spec, s.date, plan.paces, profile, slot=s.slot)


def over(back: Comeback, plan: Plan, today: date) -> bool:
    """Whether the return is behind the athlete on ``today``: its easy days are past, and so
    is the long run it caps (or it caps none)."""
    if today <= back.easy_until or (back.build_until is not None and today <= back.build_until):
        return False
    if back.long_cap_min is None:
        return True
    first = min(
        (
            s.date
            for w in plan.weeks
            for s in w.sessions
            if s.kind is SessionKind.LONG and s.date > back.easy_until
        ),
        default=None,
    )
    return first is None or first < today


__all__ = ["Cause", "comeback", "keep_comeback", "over", "volume_share"]
