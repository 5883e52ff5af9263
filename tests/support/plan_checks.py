"""Checks of the COACHING.md rules on a whole plan, shared by the planner's unit and property
tests. Each returns a list of violations (empty when the plan keeps the rule), so a failing
test prints exactly which week broke which rule.

How the trail band is checked (COACHING.md §3, shares by running time): runs are whole, so a
single week rarely lands exactly on its share. The planner aims every week at its target and
carries half of each week's miss into the next one, so the check is per phase, over the
phase's full weeks (the first week counts only when the plan starts on its Monday):

* every week's target is inside the phase's band (road and fitness goals ramp in over their
  first ``RULES.trail_ramp_weeks`` weeks, from ``RULES.trail_ramp_start_share`` up);
* the phase's trail share by time is within 5 percentage points of the time-weighted target,
  plus one run's worth: the mean, over the phase's weeks, of the largest run whose surface
  the planner may choose (an easy run, hill repeats, a fitness long run) as a share of its
  week. That run is what cannot be split; a road racer on three run days must still run
  one easy run a week off-road (§3), even when it is 40 % of the week.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date, timedelta

from coach.models import AthleteProfile, GoalKind, Phase, Plan, Session, SessionKind, Surface, Week
from coach.rules import RULES
from coach.workouts import zone_pace

LOADING = (Phase.BASE, Phase.BUILD, Phase.COMPETITION)


def run_minutes(week: Week, *, until: date | None = None) -> float:
    """Running minutes of the week, the race left out (optionally only up to ``until``)."""
    return sum(
        s.duration_min
        for s in week.sessions
        if s.is_run and s.kind is not SessionKind.RACE and (until is None or s.date <= until)
    )


def is_full(week: Week, start: date) -> bool:
    """All seven days of the week were open to planning (not the first, partial week)."""
    return week.start >= start


def hard_dates(plan: Plan) -> list[date]:
    return sorted({s.date for w in plan.weeks for s in w.sessions if s.hard})


def hard_spacing_violations(plan: Plan) -> list[str]:
    """§4: at least 48 hours between hard days, across week boundaries too."""
    days = hard_dates(plan)
    return [f"hard {a} and {b}" for a, b in itertools.pairwise(days) if (b - a).days < 2]


def rest_day_violations(plan: Plan) -> list[str]:
    """§4: at least one day without running every week (days before the start count)."""
    out = []
    for w in plan.weeks:
        run_days = {s.date for s in w.sessions if s.is_run}
        if len(run_days) >= 7:
            out.append(f"week {w.start}: runs every day")
    return out


def hard_count_violations(plan: Plan, profile: AthleteProfile) -> list[str]:
    """§4: at most 3 hard days a week; 2 on three run days or fewer, or for beginners."""
    most = RULES.max_hard(profile.runs_per_week, profile.weekly_km)
    out = []
    for w in plan.weeks:
        count = len({s.date for s in w.sessions if s.hard})
        if count > min(3, most):
            out.append(f"week {w.start}: {count} hard days (max {most})")
    return out


def access_violations(plan: Plan, profile: AthleteProfile) -> list[str]:
    """No track session without a track, no trail session without trails (the race aside)."""
    out = []
    for w in plan.weeks:
        for s in w.sessions:
            if s.surface is Surface.TRACK and not profile.track_access:
                out.append(f"{s.date}: track without track access")
            if (
                s.surface is Surface.TRAIL
                and not profile.trail_access
                and s.kind is not SessionKind.RACE
            ):
                out.append(f"{s.date}: trail without trail access")
    return out


def volume_violations(plan: Plan, start: date) -> list[str]:
    """§3: a loading week rises at most 10 % over the last full loading, non-deload week;
    a deload week is at least 20 % lighter; taper weeks (before the race) are lighter than
    the peak."""
    out = []
    ref: float | None = None
    peak = 0.0
    for w in plan.weeks:
        minutes = run_minutes(w)
        if w.phase in LOADING:
            if w.deload:
                if ref is not None and minutes > 0.8 * ref + 0.5:
                    out.append(f"week {w.start}: deload {minutes} vs {ref}")
                continue
            if ref is not None and minutes > 1.10 * ref + 0.5:
                out.append(f"week {w.start}: {minutes} min > 110 % of {ref}")
            ref = minutes if is_full(w, start) else None
            if is_full(w, start):
                peak = max(peak, minutes)
        elif w.phase is Phase.TAPER and peak:
            before = run_minutes(w, until=plan.race_date)
            if before >= peak:
                out.append(f"taper week {w.start}: {before} min, peak {peak}")
    return out


def race_violations(plan: Plan, profile: AthleteProfile) -> list[str]:
    """The race-prep plan ends on race day with the race; after it, only easy running."""
    if not profile.goal.has_race or profile.race_date is None:
        races = [s for w in plan.weeks for s in w.sessions if s.kind is SessionKind.RACE]
        return ["a race in a fitness plan"] if races else []
    race_day = profile.race_date
    races = [s for w in plan.weeks for s in w.sessions if s.kind is SessionKind.RACE]
    out = []
    if [s.date for s in races] != [race_day]:
        out.append(f"races on {[s.date for s in races]}, race day {race_day}")
    for w in plan.weeks:
        for s in w.sessions:
            if s.date > race_day and s.hard:
                out.append(f"{s.date}: hard after the race")
        if w.start > race_day and w.phase is not Phase.RECOVERY:
            out.append(f"week {w.start} after the race is {w.phase}")
    race_week = plan.week_of(race_day)
    if race_week is None or race_week.phase is not Phase.TAPER:
        out.append("race week is not a taper week")
    elif not any(w.phase is Phase.RECOVERY for w in plan.weeks):
        out.append("no recovery week after the race")
    buffer = timedelta(days=RULES.race_week_quality_min_days_before)
    before = [s for w in plan.weeks for s in w.sessions if race_day - buffer < s.date < race_day]
    if any(s.hard for s in before):
        out.append("a hard session in the last days before the race")
    return out


def long_run_violations(plan: Plan, profile: AthleteProfile, start: date) -> list[str]:
    """§4, §3b: one long run a week (an ultra's back-to-back partner aside) on the athlete's
    day (unless 48 h spacing moved it), at most ~30 % of the week; more only up to 45 % when
    the race needs it, on three run days or fewer, or for a long run the athlete already
    runs, up to the 45-60 min floor, or to match the week's longest easy run."""
    out = []
    floor = RULES.long_run_floor(profile.goal)
    need = plan.race_need_long_run_min or 0.0
    for w in plan.weeks:
        longs = [s for s in w.sessions if s.kind is SessionKind.LONG and not s.spec.back_to_back]
        if len(longs) > 1:
            out.append(f"week {w.start}: {len(longs)} long runs")
        if not longs or not is_full(w, start):
            continue
        long_run = longs[0]
        if long_run.date.weekday() < profile.long_run_day:
            out.append(f"week {w.start}: long run before the long-run day")
        minutes = run_minutes(w)
        easy = [
            s.duration_min for s in w.sessions if s.kind in (SessionKind.EASY, SessionKind.RECOVERY)
        ]
        share = RULES.long_run_max_share
        # §3b "build the long run from where the athlete is": one they already run may be
        # kept at up to 45 % of the week too.
        habit = profile.longest_run_km * zone_pace(plan.paces, "E") / 60.0
        bends = (
            profile.runs_per_week <= RULES.low_run_days
            or need > share * minutes
            or long_run.duration_min <= habit + RULES.round_to_minutes
        )
        if bends:
            share = RULES.long_run_max_share_low_volume + RULES.trail_share_tolerance
        allowed = max(
            share * minutes,
            min(floor, RULES.long_run_floor_max_share * minutes),
            max(easy, default=0.0) + RULES.round_to_minutes,
        )
        if long_run.duration_min > allowed + 0.01:
            out.append(f"week {w.start}: long run {long_run.duration_min} of {minutes}")
    return out


def _flexible(s: Session, profile: AthleteProfile) -> bool:
    """A run whose surface the planner chooses."""
    if s.kind in (SessionKind.EASY, SessionKind.RECOVERY, SessionKind.HILLS):
        return s.slot is None
    return s.kind is SessionKind.LONG and profile.goal is GoalKind.FITNESS


def trail_band_violations(plan: Plan, profile: AthleteProfile, start: date) -> list[str]:
    """§3 trail shares by time, checked per phase as the module docstring says."""
    if not profile.trail_access:
        bad = [w.start for w in plan.weeks if w.target_trail_share != 0]
        return [f"week {d}: trail target without trail access" for d in bad]
    out = []
    totals: dict[Phase, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0, 0.0])
    for w in plan.weeks:
        low, _target, high = RULES.trail_band(w.phase, profile.goal)
        ramp = profile.goal is not GoalKind.TRAIL and w.index < RULES.trail_ramp_weeks
        lowest = min(low, RULES.trail_ramp_start_share) if ramp else low
        if not lowest - 1e-9 <= w.target_trail_share <= high + 1e-9:
            out.append(f"week {w.start}: target {w.target_trail_share:.2f} outside {low}-{high}")
        if w.phase is Phase.RECOVERY or not is_full(w, start):
            continue
        runs = [s for s in w.sessions if s.is_run and s.kind is not SessionKind.RACE]
        minutes = sum(s.duration_min for s in runs)
        if not minutes:
            continue
        t = totals[w.phase]
        t[0] += minutes
        t[1] += sum(s.duration_min for s in runs if s.surface is Surface.TRAIL)
        t[2] += w.target_trail_share * minutes
        t[3] += max((s.duration_min for s in runs if _flexible(s, profile)), default=0) / minutes
        t[4] += 1
    for phase, (minutes, trail, weighted, flexible, weeks) in totals.items():
        share, aim = trail / minutes, weighted / minutes
        slack = RULES.trail_share_tolerance + flexible / weeks
        if abs(share - aim) > slack + 1e-9:
            out.append(f"{phase}: trail share {share:.3f}, target {aim:.3f} +- {slack:.3f}")
    return out


def easy_trail_violations(plan: Plan, profile: AthleteProfile, start: date) -> list[str]:
    """§3 / seed 002: a road racer with trails runs at least one easy trail run a week (when
    the week has an easy run at all; the race-eve shakeout is a road run)."""
    if profile.goal is GoalKind.TRAIL or not profile.trail_access:
        return []
    out = []
    for w in plan.weeks:
        easy = [
            s
            for s in w.sessions
            if s.kind in (SessionKind.EASY, SessionKind.RECOVERY)
            and not s.slot
            and not (s.spec.note or "").startswith("Shakeout")
        ]
        if easy and is_full(w, start) and not any(s.surface is Surface.TRAIL for s in easy):
            out.append(f"week {w.start}: no easy trail run")
    return out


def all_violations(plan: Plan, profile: AthleteProfile, start: date) -> list[str]:
    """Every rule above at once."""
    return [
        *hard_spacing_violations(plan),
        *rest_day_violations(plan),
        *hard_count_violations(plan, profile),
        *access_violations(plan, profile),
        *volume_violations(plan, start),
        *race_violations(plan, profile),
        *long_run_violations(plan, profile, start),
        *trail_band_violations(plan, profile, start),
        *easy_trail_violations(plan, profile, start),
    ]
