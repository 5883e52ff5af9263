"""Plan adaptation: today's session from readiness, pain and load; missed days; overrides.

COACHING.md §7 in code. Two kinds of change live here:

* Readiness changes (:func:`adjust_today`) are an overlay. They are recomputed every morning
  from the plan as scheduled (after any moves, swaps or skips) and from what the athlete told
  us, and they never feed back into the plan: a reduced session is never reduced again the
  next day, and the same inputs always give the same day. Adjustments for later days (two red
  days in a row, a high load ratio) are returned as a preview and are re-derived on those
  days from the same facts (red days in ``recent_readiness``, the load ratio in the logs).
* Structural changes (:func:`handle_missed`, :func:`swap_days`, :func:`skip`,
  :func:`restore_original`, :func:`rebalance_week`, :func:`repeat_missed_week`) return a new
  list of the week's sessions for the caller to store as the schedule.

Every change comes with an :class:`~coach.models.Adjustment` whose reason is one line the
athlete reads after "Adjusted: " (see :func:`message`). Hard-day spacing (48 h,
``RULES.min_hours_between_hard``) is checked by day: two hard days must be at least two
calendar days apart, and no structural change here ever breaks that.

Sessions are changed by editing their spec and rebuilding with
:func:`coach.workouts.build_session`, so an adjusted session is cued like a planned one. Only
sessions that change are rebuilt: an unchanged day costs a few microseconds.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Literal

from coach.calendar import DAY_NAMES, monday_of
from coach.models import (
    Adjustment,
    AdjustmentKind,
    AthleteProfile,
    CheckIn,
    PainFlag,
    Readiness,
    ReadinessLevel,
    RunLog,
    RunStatus,
    Session,
    SessionKind,
    Surface,
    TrainingPaces,
    Week,
    WorkoutSpec,
)
from coach.readiness import (
    QUALITY_KINDS,
    ReadinessScore,
    morning_ratios,
    open_pains,
    same_place,
    soreness_streak,
)
from coach.rules import RULES
from coach.schedule import LazySessions
from coach.workouts import DEFAULT_RPE, REP_KINDS, build_session, describe

__all__ = [
    "NOT_MEDICAL_ADVICE",
    "AdjustedDay",
    "OverrideRefused",
    "ProgressionSignal",
    "SwapRefused",
    "adjust_today",
    "allow_volume_step",
    "apply_progression",
    "handle_missed",
    "hard_days",
    "lighten_rest_of_week",
    "message",
    "pair_quality_logs",
    "progression_signal",
    "rebalance_week",
    "reduce_spec",
    "repeat_missed_week",
    "restore_original",
    "skip",
    "spacing_violations",
    "swap_days",
]

ProgressionSignal = Literal["hold", "progress_sooner", "normal"]

NOT_MEDICAL_ADVICE = "This is not medical advice."
#: §7 red, when today's session is already easy and so nothing changed: say how to run it.
RED_EASY_ADVICE = (
    "Red day: keep it truly easy (RPE 2) and on the short side; if you feel worse once "
    "moving, stop and take it as rest with mobility."
)


#: Two hard days must be at least this many calendar days apart (48 h -> 2).
_GAP_DAYS = max(1, math.ceil(RULES.min_hours_between_hard / 24))
_EASY_RPE = DEFAULT_RPE[SessionKind.EASY]
_RED_RPE = RULES.red_easy_rpe[0]
_MOBILITY_NOTE = (
    "Rest today, with 15 min mobility: ankle circles, hip openers, cat-cow, glute bridges."
)


class OverrideRefused(ValueError):
    """An athlete override that would break a hard rule; ``reason`` is the line to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SwapRefused(OverrideRefused):
    """A swap that would put two hard days within 48 h (COACHING.md §4)."""


@dataclass(frozen=True, slots=True)
class AdjustedDay:
    """Today's sessions after adaptation, what changed and why, and any advice.

    Attributes:
        date: the day.
        sessions: today's sessions to push (the planned ones when nothing changed).
        adjustments: every change, today's first, then later days' (a preview).
        advice: lines to add to the message (pain, physio, not-medical-advice).
        alternatives: sessions offered instead (cross-training on a pain day).
        week_sessions: the week with today's and the previewed changes applied (empty when
            no week was given; when no later day changed, the given week is read only
            when this is).
        no_intensity: the pain rule is on: no hard session today.
        progression_allowed: green, no pain, no load or red-week brake: the planner may
            progress (COACHING.md §7, green).
    """

    date: date
    sessions: tuple[Session, ...]
    adjustments: tuple[Adjustment, ...] = ()
    advice: tuple[str, ...] = ()
    alternatives: tuple[Session, ...] = ()
    week_sessions: Sequence[Session] = ()
    no_intensity: bool = False
    progression_allowed: bool = False

    @property
    def changed(self) -> bool:
        """Whether anything about today differs from the plan."""
        return any(a.date == self.date for a in self.adjustments)

    @property
    def messages(self) -> tuple[str, ...]:
        """Today's one-line messages, "Adjusted: ..." (COACHING.md §7)."""
        return tuple(message(a) for a in self.adjustments if a.date == self.date)


def message(adjustment: Adjustment) -> str:
    """The line the athlete reads: "Adjusted: 5.5 h sleep ..., so 6 x 400 m became 4 x 400 m."."""
    return f"Adjusted: {adjustment.reason}"


# --------------------------------------------------------------------------------------------
# Spec edits


def _round_minutes(minutes: float) -> float:
    """Minutes as the athlete reads them: 5-minute steps, never under the shortest run."""
    step = RULES.round_to_minutes
    return max(RULES.min_run_minutes, float(round(minutes / step) * step))


def _minutes(session: Session) -> float:
    """The session's real running time (a spec may say 0 for "the standard structure")."""
    return session.duration_min or session.spec.duration_min


def _steady(spec: WorkoutSpec, minutes: float) -> WorkoutSpec:
    """Intervals or tempo as one steady run of the same time at RPE 5-6 (amber)."""
    surface = Surface.ROAD if spec.surface is Surface.TRACK else spec.surface
    return WorkoutSpec(
        kind=SessionKind.STEADY,
        surface=surface,
        duration_min=_round_minutes(minutes),
        target_rpe=RULES.amber_steady_rpe[0],
    )


def reduce_spec(spec: WorkoutSpec, minutes: float | None = None) -> WorkoutSpec:
    """The amber version of a hard session (COACHING.md §7).

    Fewer reps (``RULES.amber_rep_factor``: 6 x 400 m -> 4 x 400 m; the set's time follows
    from the reps in :func:`~coach.workouts.build_session`); intervals or tempo too short to
    cut (it would leave fewer than ``RULES.adapt_min_reps``) become a steady run of the same time
    at RPE 5-6; a long run is cut by ~20 % (``RULES.amber_long_run_factor``) and loses its
    marathon-pace finish; technical practice is cut by the same share. Hill reps too few to
    cut, races and non-runs are returned unchanged.

    Args:
        spec: the planned spec.
        minutes: the session's time, when ``spec.duration_min`` is 0 ("standard").

    Returns:
        The reduced spec (the same object when there is nothing to reduce).
    """
    kind = spec.kind
    total = minutes if minutes else spec.duration_min
    if kind in (SessionKind.REST, SessionKind.CROSS, SessionKind.RACE):
        return spec
    if kind in REP_KINDS:
        reps = spec.reps or 0
        fewer = max(RULES.adapt_min_reps, round(reps * RULES.amber_rep_factor))
        if reps and fewer < reps:
            # §7: the set's time follows the reps (a padded cool-down does not refill it)
            return spec.model_copy(update={"reps": fewer, "padded": False})
        if kind is SessionKind.HILLS or not total:
            return spec
        return _steady(spec, total)
    if kind in (SessionKind.LONG, SessionKind.TECHNICAL) and total:
        return spec.model_copy(
            update={
                "duration_min": _round_minutes(total * RULES.amber_long_run_factor),
                "finish_at_marathon_min": 0.0,
            }
        )
    return spec


def _lighten_spec(session: Session) -> WorkoutSpec:
    """A lighter day: the amber reduction for a hard session, ~20 % less time for an easy run."""
    spec = session.spec
    if not session.is_run or session.kind is SessionKind.RACE:
        return spec
    if session.hard:
        return reduce_spec(spec, _minutes(session))
    minutes = _minutes(session)
    shorter = _round_minutes(minutes * RULES.lighten_factor)
    if shorter >= minutes:
        return spec
    return spec.model_copy(update={"duration_min": shorter, "tempo_finish_min": 0.0})


def _easy_spec(kind: SessionKind, surface: Surface, minutes: float, rpe: int) -> WorkoutSpec:
    return WorkoutSpec(kind=kind, surface=surface, duration_min=minutes, target_rpe=rpe)


def _rest_spec(note: str = _MOBILITY_NOTE) -> WorkoutSpec:
    return WorkoutSpec(
        kind=SessionKind.REST, surface=Surface.REST, duration_min=0, target_rpe=0, note=note
    )


def _build(
    spec: WorkoutSpec,
    day: date,
    paces: TrainingPaces,
    profile: AthleteProfile,
    slot: Literal["am", "pm"] | None = None,
) -> Session:
    """Build a session; a red-day rest carries its own mobility cue, so no second one."""
    if spec.kind is SessionKind.REST and spec.note == _MOBILITY_NOTE and profile.rest_day_notes:
        profile = profile.model_copy(update={"rest_day_notes": False})
    return build_session(spec, day, paces, profile, slot=slot)


def _ladder(spec: WorkoutSpec) -> list[tuple[int, float | None, str | None]]:
    """The planner's progression ladder for a spec's kind, as (reps, rep size, zone)."""
    if spec.kind is SessionKind.TRACK:
        return [(r, float(d), z) for r, d, z in RULES.track_ladder]
    if spec.kind is SessionKind.INTERVALS:
        return [(r, float(d), z) for r, d, z in RULES.road_interval_ladder]
    if spec.kind is SessionKind.TEMPO:
        return [(r, m, None) for r, m in RULES.tempo_ladder]
    if spec.kind is SessionKind.HILLS:
        return [(r, m, None) for r, m in RULES.hill_ladder]
    return []


def _rung(spec: WorkoutSpec) -> int | None:
    """Where a spec sits on its ladder, or None when it is off the ladder."""
    size = spec.rep_duration_min if spec.kind is SessionKind.TEMPO else spec.rep_distance_m
    if spec.kind is SessionKind.HILLS:
        size = spec.rep_duration_min
    for i, (reps, rep_size, _zone) in enumerate(_ladder(spec)):
        if reps == spec.reps and rep_size == size:
            return i
    return None


def _same_set(a: WorkoutSpec, b: WorkoutSpec) -> bool:
    return (
        a.kind is b.kind
        and a.rep_distance_m == b.rep_distance_m
        and a.rep_duration_min == b.rep_duration_min
    )


def _progressed(spec: WorkoutSpec, previous: WorkoutSpec | None) -> bool:
    """Whether the planner already moved ``spec`` on from ``previous`` (rep or rung)."""
    if previous is None or previous.kind is not spec.kind:
        return False
    if _same_set(spec, previous):
        return (spec.reps or 0) > (previous.reps or 0)
    now, before = _rung(spec), _rung(previous)
    return now is not None and before is not None and now > before


def apply_progression(
    spec: WorkoutSpec,
    signal: ProgressionSignal,
    *,
    previous: WorkoutSpec | None = None,
) -> WorkoutSpec:
    """Apply a progression signal to the next quality session, one change at a time (§5, §7).

    * ``hold``: no progression over the last session of the same set (reps capped at what was
      done last time), then eased by one rep (never under ``RULES.adapt_min_reps``); a session
      without reps is eased by 10 %.
    * ``progress_sooner``: the next rung of the planner's ladder now (one more rep, or the
      step to longer reps at the top, e.g. 10 x 400 m -> 4 x 800 m), one more rep off the
      ladder (capped at ``RULES.max_reps``), or 10 % more time without reps. Nothing more
      when the planner already progressed it over ``previous``.
    * ``normal``: unchanged.

    Args:
        spec: the next quality session's planned spec.
        signal: from :func:`progression_signal`.
        previous: the spec of the last quality session of the same kind, when known.

    Returns:
        The spec to build (``spec`` itself when nothing changes).
    """
    if signal == "normal" or spec.kind not in QUALITY_KINDS:
        return spec
    if signal == "hold":
        if spec.reps:
            reps = spec.reps
            if previous is not None and previous.reps and _same_set(spec, previous):
                reps = min(reps, previous.reps)
            eased = max(RULES.adapt_min_reps, reps - 1)
            return spec.model_copy(update={"reps": eased}) if eased != spec.reps else spec
        if not spec.duration_min:
            return spec
        return spec.model_copy(
            update={
                "duration_min": _round_minutes(spec.duration_min * (1 - RULES.progression_step))
            }
        )
    if _progressed(spec, previous):
        return spec
    if spec.reps:
        ladder = _ladder(spec)
        rung = _rung(spec)
        if rung is not None:
            if rung + 1 >= len(ladder):
                return spec
            reps, size, zone = ladder[rung + 1]
            update: dict[str, object] = {"reps": reps}
            if spec.kind in (SessionKind.TRACK, SessionKind.INTERVALS):
                update["rep_distance_m"] = size
                if spec.intensity is not None and zone is not None:
                    update["intensity"] = zone
            elif spec.kind is SessionKind.TEMPO:
                update["rep_duration_min"] = size
            return spec.model_copy(update=update)
        if spec.reps >= RULES.max_reps:
            return spec
        return spec.model_copy(update={"reps": spec.reps + 1})
    if not spec.duration_min:
        return spec
    return spec.model_copy(
        update={"duration_min": _round_minutes(spec.duration_min * (1 + RULES.progression_step))}
    )


# --------------------------------------------------------------------------------------------
# Signals


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


# --------------------------------------------------------------------------------------------
# Reasons


def _red_run_reason(run: tuple[date, date]) -> str:
    """ "two red days in a row (Tuesday and Wednesday)" """
    first, last = run
    if RULES.red_days_lighten_week == 2:
        return f"two red days in a row ({_day(first)} and {_day(last)})"
    return f"{RULES.red_days_lighten_week} red days in a row ({_day(first)} to {_day(last)})"


def _day(d: date) -> str:
    return DAY_NAMES[d.weekday()]


def _because(reasons: Sequence[str], level: ReadinessLevel) -> str:
    """ "5.5 h sleep and soreness 4/5": the readiness reasons, at most three."""
    picked = [r for r in reasons if r][:3]
    if not picked:
        return f"{level.value} readiness"
    if len(picked) == 1:
        return picked[0]
    return ", ".join(picked[:-1]) + " and " + picked[-1]


def _label(spec: WorkoutSpec) -> str:
    if spec.kind is SessionKind.REST:
        return "a rest day with mobility" if spec.note == _MOBILITY_NOTE else "a rest day"
    return describe(spec)


def _became(reason: str, before: WorkoutSpec, after: WorkoutSpec, day: date | None = None) -> str:
    """ "5.5 h sleep and soreness 4/5, so 6 x 400 m became 4 x 400 m." """
    prefix = f"{_day(day)}'s " if day is not None else ""
    return f"{reason}, so {prefix}{describe(before)} became {_label(after)}."


def _pain_label(pain: PainFlag) -> str:
    return f"pain {pain.score}/10 ({pain.where})" if pain.where else f"pain {pain.score}/10"


# --------------------------------------------------------------------------------------------
# Today


def adjust_today(
    today: date,
    planned: Sequence[Session],
    readiness: Readiness | ReadinessScore,
    *,
    profile: AthleteProfile,
    paces: TrainingPaces,
    logs: Sequence[RunLog],
    pains: Sequence[PainFlag],
    recent_readiness: Sequence[Readiness] = (),
    week_sessions: Sequence[Session] = (),
    checkins: Sequence[CheckIn] = (),
    quality_history: Sequence[tuple[Session, RunLog]] = (),
    overrides: Sequence[Adjustment] = (),
) -> AdjustedDay:
    """Today's sessions adapted to readiness, pain and load (COACHING.md §7).

    In order of precedence:

    1. The athlete took today's original back (a ``RESTORED`` adjustment for today in
       ``overrides``): as planned; advice still given.
    2. Pain ``RULES.pain_no_intensity_score`` (4)/10+ open, or soreness in the same place
       ``RULES.soreness_same_place_days`` (3) days running: no intensity, ~30 % less time
       (``RULES.pain_volume_factor``), cross-training offered; on a red day with strong pain
       (``RULES.rest_pain_score``) or a second red day in a row, rest with mobility.
    3. Red: a hard (or steady) session becomes a recovery run of half its time clamped to
       30-40 min (``RULES.red_easy_minutes``), on trail when the athlete has trails, RPE 2-3;
       an easy run is capped at 40 min; a double becomes one run. The second red day in a
       row (``RULES.red_days_lighten_week``) is rest with mobility, and the rest of the week
       is lightened (returned as a preview, and re-derived on each later day).
    4. Amber: a hard session is reduced (:func:`reduce_spec`). A high load ratio (above
       ``RULES.acwr_high``, until back under ``RULES.acwr_target``) or two red days earlier
       this week also reduce a hard session on a green day and trim easy runs by ~20 %; with a
       high ratio the next days are lightened until the projected ratio is back under 1.3.
    5. Otherwise the session as planned, with the progression signal from
       ``quality_history`` applied to a quality session (``hold`` eases it on any day,
       ``progress_sooner`` moves it one step on a green day only).

    Pain open longer than ``RULES.pain_see_physio_days`` (7) adds advice to see a
    physiotherapist or doctor; any pain advice ends with "This is not medical advice." The
    bot never diagnoses. Races are never adjusted.

    Args:
        today: the athlete's local date.
        planned: today's sessions as scheduled (never previously adjusted ones: adjustments
            are an overlay, recomputed each day).
        readiness: today's readiness; pass the :class:`~coach.readiness.ReadinessScore`
            from :func:`~coach.readiness.score_readiness` when you have it, so the load
            ratio and the soreness streak are not computed a second time.
        profile: the athlete (trail access for red days).
        paces: training paces.
        logs: run logs (load ratio, its hysteresis and projection).
        pains: pain flags; those open today count.
        recent_readiness: earlier days' readiness (red days in a row).
        week_sessions: this week's scheduled sessions, for the preview of later days; a
            :class:`~coach.schedule.LazySessions` is read only when a later day changes.
        checkins: recent check-ins including today's (soreness in the same place); not
            needed with a ``ReadinessScore``.
        quality_history: (quality session, log) pairs for the progression signal
            (:func:`pair_quality_logs`).
        overrides: adjustments the athlete chose (``RESTORED`` for today keeps the plan).

    Returns:
        The adjusted day. When nothing changes, ``sessions`` holds the planned sessions
        themselves and nothing is rebuilt.
    """
    level = readiness.level
    # §7b: quality sessions that felt too hard, and nothing else amiss, say the paces are
    # wrong (the Sunday review recalibrates them), not that the athlete is tired: the
    # quality session is eased, the long run and easy runs stay as planned.
    paces_only = False
    if isinstance(readiness, ReadinessScore):
        reasons = tuple(i.reason for i in readiness.items)
        ratio = readiness.acwr
        sore_place = readiness.sore_place
        paces_only = bool(readiness.items) and all(
            i.signal == "quality_rpe" for i in readiness.items
        )
    else:
        reasons = readiness.reasons
        ratio = _ratio(logs, today)
        sore_place = soreness_streak(today, None, checkins) if checkins else None
    red = level is ReadinessLevel.RED
    amber = level is ReadinessLevel.AMBER

    # Pain and soreness.
    advice: list[str] = []
    pains_open = open_pains(pains, today) if pains else []
    worst = max(pains_open, key=lambda p: p.score, default=None)
    pain_on = worst is not None and worst.score >= RULES.pain_no_intensity_score
    pain_rule = pain_on or sore_place is not None
    pain_label = ""
    if pain_rule:
        if pain_on and worst is not None:
            pain_label = _pain_label(worst)
        else:
            place = sore_place or "the same place"
            pain_label = f"{place} sore {RULES.soreness_same_place_days} days running"
        advice.append(
            f"{pain_label[0].upper()}{pain_label[1:]}: no hard running until it settles and "
            f"about {round((1 - RULES.pain_volume_factor) * 100)} % less time on your feet; "
            "cycling or swimming can replace a run. Stop if it hurts."
        )
    # One line per place, counted from its first report: a log's pain and a /pain report
    # about the same knee are one pain to the athlete.
    places: list[PainFlag] = []
    for p in sorted(pains_open, key=lambda flag: flag.reported_on):
        if p.score > 0 and not any(same_place(q.where, p.where) for q in places):
            places.append(p)
    for p in places:
        days = (today - p.reported_on).days
        if days > RULES.pain_see_physio_days:
            where = f"{p.where} " if p.where else ""
            advice.append(
                f"That {where}pain has been there for {days} days: please see a "
                "physiotherapist or a doctor about it. Stride can't tell what it is."
            )
    if advice:
        advice.append(NOT_MEDICAL_ADVICE)

    # Red days in a row, load ratio, progression.
    reds = {r.date for r in recent_readiness if r.level is ReadinessLevel.RED and r.date < today}
    if red:
        reds.add(today)
    run = _red_run(reds, today)
    second_red = red and run is not None and run[1] == today
    red_week = run is not None and run[1] < today
    week_reason = _red_run_reason(run) if run is not None else ""
    brake = _acwr_brake(logs, today, ratio)
    brake_reason = f"load ratio {ratio:.1f}" if ratio is not None else "a high load ratio"
    if brake and ratio is not None and ratio <= RULES.acwr_high:
        brake_reason += f", easing back under {RULES.acwr_target:g}"
    signal: ProgressionSignal = progression_signal(quality_history) if quality_history else "normal"
    restored = any(a.kind is AdjustmentKind.RESTORED and a.date == today for a in overrides)

    because = _because(reasons, level)
    lo, hi = RULES.red_easy_minutes
    strong_pain = worst is not None and worst.score >= RULES.rest_pain_score

    out: list[Session] = []
    adjustments: list[Adjustment] = []
    alternatives: list[Session] = []
    for s in planned:
        if restored or not s.is_run or s.kind is SessionKind.RACE:
            out.append(s)
            continue
        spec = s.spec
        minutes = _minutes(s)
        new_spec = spec
        kind = AdjustmentKind.REDUCED
        why = because
        intense = s.hard or s.target_rpe > _EASY_RPE
        if pain_rule:
            why = pain_label
            if red and (second_red or strong_pain):
                new_spec, kind = _rest_spec(), AdjustmentKind.REST
                why = f"{pain_label} on a red day"
            else:
                cut = _round_minutes(minutes * RULES.pain_volume_factor)
                if red:
                    cut = min(cut, float(hi))
                if intense:
                    surface = (
                        Surface.TRAIL
                        if s.surface is Surface.TRAIL and profile.trail_access
                        else Surface.ROAD
                    )
                    rpe = _RED_RPE if red else _EASY_RPE
                    new_spec = _easy_spec(SessionKind.EASY, surface, cut, rpe)
                    kind = AdjustmentKind.REPLACED
                else:
                    new_spec = spec.model_copy(
                        update={"duration_min": min(cut, minutes), "tempo_finish_min": 0.0}
                    )
        elif red:
            if second_red:
                new_spec, kind = _rest_spec(), AdjustmentKind.REST
                why = (
                    f"a second red day in a row ({because})"
                    if RULES.red_days_lighten_week == 2
                    else f"{RULES.red_days_lighten_week} red days in a row ({because})"
                )
            elif intense:
                easy = float(min(hi, max(lo, _round_minutes(minutes / 2))))
                surface = Surface.TRAIL if profile.trail_access else Surface.ROAD
                new_spec = _easy_spec(SessionKind.RECOVERY, surface, easy, _RED_RPE)
                kind = AdjustmentKind.REPLACED
            elif minutes > hi:
                new_spec = spec.model_copy(
                    update={"duration_min": float(hi), "tempo_finish_min": 0.0}
                )
        elif amber and paces_only and s.kind not in QUALITY_KINDS and not (brake or red_week):
            pass  # §7b: the paces' problem is the quality session's, not the long run's
        elif amber or brake or red_week:
            if not amber:
                why = week_reason or brake_reason
            if s.hard:
                new_spec = reduce_spec(spec, minutes)
            elif brake or red_week:
                new_spec = _lighten_spec(s)
                why = week_reason or brake_reason
        elif (
            signal != "normal"
            and s.kind in QUALITY_KINDS
            and (signal == "hold" or level is ReadinessLevel.GREEN)
        ):
            new_spec = apply_progression(spec, signal, previous=_previous_spec(quality_history, s))
            if signal == "hold":
                kind = AdjustmentKind.HELD
                why = "your last 2 quality sessions felt harder than planned"
            else:
                kind = AdjustmentKind.PROGRESSED
                why = "your last 2 quality sessions felt easier than planned"
        if new_spec is spec or new_spec == spec:
            out.append(s)
            continue
        if kind is AdjustmentKind.REDUCED and new_spec.kind is not spec.kind:
            kind = AdjustmentKind.REPLACED
        new = _build(new_spec, s.date, paces, profile, s.slot)
        out.append(new)
        adjustments.append(
            Adjustment(
                date=today, kind=kind, reason=_became(why, spec, new_spec), before=s, after=new
            )
        )
        if pain_rule and new.is_run and not alternatives:
            cross = _easy_spec(SessionKind.CROSS, Surface.CROSS, _minutes(new), _EASY_RPE)
            alternatives.append(build_session(cross, today, paces, profile, slot=s.slot))

    if (red or pain_rule) and not restored:
        out, dropped = _one_run_only(out, today, because if red else pain_label)
        adjustments.extend(dropped)

    # Later days: the rest of the week after red days in a row, the next days on a high ratio.
    week_out: Sequence[Session] = ()
    # A lazy week counts as given without being read (it is read only if a day changes).
    if isinstance(week_sessions, LazySessions) or week_sessions:
        week_out, later = _preview_week(
            today,
            week_sessions,
            out,
            week_reason if run is not None else "",
            brake_reason.split(",")[0] if brake else "",
            logs=logs,
            profile=profile,
            paces=paces,
        )
        adjustments.extend(later)

    unchanged_today = not any(a.date == today for a in adjustments)
    if red and not restored and unchanged_today and any(s.is_run for s in out):
        advice.insert(0, RED_EASY_ADVICE)

    return AdjustedDay(
        date=today,
        sessions=tuple(out),
        adjustments=tuple(adjustments),
        advice=tuple(advice),
        alternatives=tuple(alternatives),
        week_sessions=week_out,
        no_intensity=pain_rule,
        progression_allowed=(
            level is ReadinessLevel.GREEN
            and not pain_rule
            and not brake
            and run is None
            and signal != "hold"
        ),
    )


def _previous_spec(
    history: Sequence[tuple[Session, RunLog]], session: Session
) -> WorkoutSpec | None:
    """The last logged quality session of the same kind before ``session``."""
    best: tuple[date, WorkoutSpec] | None = None
    for s, _log in history:
        if s.kind is session.kind and s.date < session.date and (best is None or s.date > best[0]):
            best = (s.date, s.spec)
    return best[1] if best else None


def _one_run_only(
    sessions: list[Session], today: date, reason: str
) -> tuple[list[Session], list[Adjustment]]:
    """On a red or pain day a double becomes one run: the later run is dropped."""
    runs = [s for s in sessions if s.is_run]
    if len(runs) < 2:
        return sessions, []
    keep = runs[0]
    out: list[Session] = []
    dropped: list[Adjustment] = []
    for s in sessions:
        if s.is_run and s is not keep:
            dropped.append(
                Adjustment(
                    date=today,
                    kind=AdjustmentKind.DROPPED,
                    reason=f"{reason}, so the second run ({describe(s.spec)}) is off today.",
                    before=s,
                )
            )
        else:
            out.append(s)
    return out, dropped


def _with_today(
    week_sessions: Sequence[Session], today: date, today_sessions: Sequence[Session]
) -> tuple[Session, ...]:
    """The week with today's (adjusted) sessions in place of the planned ones."""
    return (
        *(s for s in week_sessions if s.date < today),
        *today_sessions,
        *(s for s in week_sessions if s.date > today),
    )


def _preview_week(
    today: date,
    week_sessions: Sequence[Session],
    today_sessions: Sequence[Session],
    red_reason: str,
    brake_reason: str,
    *,
    logs: Sequence[RunLog],
    profile: AthleteProfile,
    paces: TrainingPaces,
) -> tuple[Sequence[Session], list[Adjustment]]:
    """The week with today's sessions and the lightened later days in place.

    After red days in a row every later day is lightened. On a high load ratio the later
    days are lightened one by one while the ratio, projected from the logs plus the
    (lightened) sessions as if run as planned, is still at or above ``RULES.acwr_target``.
    """
    if not (red_reason or brake_reason):
        # Nothing later changes: the week is only read if someone asks for it (a morning
        # push never does), so a store that loads the week lazily need not load it.
        return LazySessions(lambda: _with_today(week_sessions, today, today_sessions)), []
    before = [s for s in week_sessions if s.date < today]
    later = sorted((s for s in week_sessions if s.date > today), key=_order)
    if not later:
        return (*before, *today_sessions), []
    braking = bool(brake_reason)
    projected: list[RunLog] = list(logs) + _as_logs(today_sessions) if braking else []
    by_day: dict[date, list[Session]] = defaultdict(list)
    for s in later:
        by_day[s.date].append(s)
    adjustments: list[Adjustment] = []
    out_later: list[Session] = []
    for day in sorted(by_day):
        reason = red_reason
        if braking:
            r = _ratio(projected, day)
            if r is None or r < RULES.acwr_target:
                braking = False
            elif not reason:
                reason = brake_reason
        day_out: list[Session] = []
        for s in by_day[day]:
            new_spec = _lighten_spec(s) if reason else s.spec
            if new_spec is s.spec or new_spec == s.spec:
                day_out.append(s)
                continue
            new = build_session(new_spec, s.date, paces, profile, slot=s.slot)
            kind = (
                AdjustmentKind.LIGHTENED
                if new_spec.kind is s.spec.kind
                else AdjustmentKind.REPLACED
            )
            adjustments.append(
                Adjustment(
                    date=day,
                    kind=kind,
                    reason=_became(reason, s.spec, new_spec, day),
                    before=s,
                    after=new,
                )
            )
            day_out.append(new)
        if braking:
            projected.extend(_as_logs(day_out))
        out_later.extend(day_out)
    return (*before, *today_sessions, *out_later), adjustments


def _as_logs(sessions: Iterable[Session]) -> list[RunLog]:
    """Sessions as if run as planned, to project the load ratio forward."""
    return [
        RunLog.model_construct(
            date=s.date,
            status=RunStatus.DONE,
            duration_min=s.duration_min,
            rpe=s.target_rpe,
            kind=s.kind,
        )
        for s in sessions
        if s.is_run and s.target_rpe >= 1
    ]


def lighten_rest_of_week(
    week_sessions: Sequence[Session],
    after: date,
    reason: str,
    *,
    profile: AthleteProfile,
    paces: TrainingPaces,
) -> tuple[list[Session], list[Adjustment]]:
    """Lighten every session after ``after`` in the week (two red days in a row, §7).

    Hard sessions get the amber reduction, easy runs ~20 % less time; rest, cross-training
    and races stay as they are.

    Args:
        week_sessions: the week's scheduled sessions.
        after: the last day left alone (usually today).
        reason: the cause, as it should read before ", so ..." ("two red days in a row").
        profile: the athlete.
        paces: training paces.

    Returns:
        The week with the later days lightened, and one adjustment per changed session.
    """
    out: list[Session] = []
    adjustments: list[Adjustment] = []
    for s in week_sessions:
        if s.date <= after:
            out.append(s)
            continue
        new_spec = _lighten_spec(s)
        if new_spec is s.spec or new_spec == s.spec:
            out.append(s)
            continue
        new = build_session(new_spec, s.date, paces, profile, slot=s.slot)
        adjustments.append(
            Adjustment(
                date=s.date,
                kind=AdjustmentKind.LIGHTENED,
                reason=_became(reason, s.spec, new_spec, s.date),
                before=s,
                after=new,
            )
        )
        out.append(new)
    return out, adjustments


# --------------------------------------------------------------------------------------------
# Hard-day spacing


def hard_days(sessions: Iterable[Session]) -> list[date]:
    """The distinct days with a hard session, in order (a double is one hard day)."""
    return sorted({s.date for s in sessions if s.hard})


def spacing_violations(sessions: Iterable[Session]) -> list[tuple[date, date]]:
    """Pairs of hard days closer than 48 h (consecutive days), earliest first."""
    days = hard_days(sessions)
    return [(a, b) for a, b in pairwise(days) if (b - a).days < _GAP_DAYS]


def _too_close(day: date, others: Iterable[date]) -> date | None:
    for other in others:
        if other != day and abs((other - day).days) < _GAP_DAYS:
            return other
    return None


def _effective_hard_days(
    sessions: Iterable[Session], logs: Iterable[RunLog], today: date
) -> set[date]:
    """Hard days for spacing: planned ones (unless logged as skipped) and logged hard runs."""
    days = {s.date for s in sessions if s.hard}
    logged: dict[date, list[RunLog]] = defaultdict(list)
    for log in logs:
        logged[log.date].append(log)
    for d in list(days):
        day_logs = logged.get(d)
        if d < today and day_logs and not any(x.ran for x in day_logs):
            days.discard(d)
    for d, day_logs in logged.items():
        if any(x.ran and x.rpe is not None and x.rpe >= RULES.hard_rpe for x in day_logs):
            days.add(d)
    return days


def _rest_session(
    day: date, note: str, profile: AthleteProfile | None, paces: TrainingPaces | None
) -> Session:
    """A rest day to fill a day emptied by a skip or a move, cued when possible."""
    spec = _rest_spec(note)
    if profile is not None and paces is not None:
        return build_session(spec, day, paces, profile)
    return Session(
        date=day,
        kind=SessionKind.REST,
        surface=Surface.REST,
        hard=False,
        duration_min=0,
        target_rpe=0,
        title="Rest",
        spec=spec,
    )


def _move_hard(
    week: list[Session],
    session: Session,
    earliest: date,
    hard: set[date],
    logs: Sequence[RunLog],
) -> date | None:
    """The first day from ``earliest`` on that can take ``session`` under the §4 rules.

    A day qualifies when it has a session planned, none of them hard, rest or a race; nothing
    was logged on it yet; and it is at least 48 h from every other hard day.
    """
    logged = {x.date for x in logs if x.ran}
    by_day: dict[date, list[Session]] = defaultdict(list)
    for s in week:
        by_day[s.date].append(s)
    for day in sorted(by_day):
        if day < earliest or day in logged:
            continue
        sessions = by_day[day]
        if any(s.hard or s.kind is SessionKind.RACE or not s.is_run for s in sessions):
            continue
        if _too_close(day, hard) is not None:
            continue
        return day
    return None


def handle_missed(
    plan_sessions_of_week: Sequence[Session],
    missed: Session,
    today: date,
    logs: Sequence[RunLog],
    *,
    profile: AthleteProfile | None = None,
    paces: TrainingPaces | None = None,
) -> tuple[list[Session], list[Adjustment]]:
    """Re-plan the week around a missed session (COACHING.md §7).

    A missed hard session moves to the first later day this week (today at the earliest)
    that has an easy run planned and nothing logged yet, and is at least 48 h from every
    other hard day, planned or logged; the easy run on that day makes way. Never onto a hard
    day, a rest day or a race. If no day qualifies it is dropped. A missed long run follows
    the same rule and is never doubled up: it is never added onto another run, and the next
    long run is not lengthened. A missed easy run is simply not made up.

    Args:
        plan_sessions_of_week: the week's scheduled sessions (``missed`` among them).
        missed: the session that did not happen.
        today: the athlete's local date.
        logs: recent run logs (logged hard efforts count for spacing; a logged day is taken).
        profile: with ``paces``, used to cue the rest day left where ``missed`` was.
        paces: see ``profile``.

    Returns:
        The week without ``missed`` (a rest day in its place) with the moved session, if any,
        and the adjustments (``MOVED`` or ``DROPPED``).
    """
    week = [s for s in plan_sessions_of_week if s is not missed and s != missed]
    label = describe(missed.spec)
    src = _day(missed.date)
    placeholder = (
        [
            _rest_session(
                missed.date, "Missed session: rest today; the week goes on.", profile, paces
            )
        ]
        if not any(s.date == missed.date for s in week)
        else []
    )
    if not missed.hard:
        return sorted([*week, *placeholder], key=_order), [
            Adjustment(
                date=missed.date,
                kind=AdjustmentKind.DROPPED,
                reason=f"{src}'s {label} was missed; easy runs aren't made up, the week goes on.",
                before=missed,
            )
        ]
    hard = _effective_hard_days(week, logs, today)
    hard.discard(missed.date)
    earliest = max(missed.date + timedelta(days=1), today)
    target = _move_hard(week, missed, earliest, hard, logs)
    if target is None:
        extra = " A missed long run is never doubled up." if missed.kind is SessionKind.LONG else ""
        return sorted([*week, *placeholder], key=_order), [
            Adjustment(
                date=missed.date,
                kind=AdjustmentKind.DROPPED,
                reason=(
                    f"{src}'s {label} was dropped: no later day this week keeps 48 h between "
                    f"hard days.{extra}"
                ),
                before=missed,
            )
        ]
    replaced = [s for s in week if s.date == target]
    moved = missed.model_copy(update={"date": target, "slot": None})
    new_week = [s for s in week if s.date != target] + [moved] + placeholder
    instead = " and ".join(describe(s.spec) for s in replaced)
    return sorted(new_week, key=_order), [
        Adjustment(
            date=target,
            kind=AdjustmentKind.MOVED,
            reason=(
                f"{src}'s {label} moved to {_day(target)} in place of {instead}: "
                "48 h from the other hard days still holds."
            ),
            before=missed,
            after=moved,
        )
    ]


def _order(s: Session) -> tuple[date, int]:
    return s.date, 0 if s.slot in (None, "am") else 1


def repeat_missed_week(
    week: Week,
    factor: float = RULES.missed_week_factor,
    *,
    profile: AthleteProfile,
    paces: TrainingPaces,
    start: date | None = None,
) -> Week:
    """A missed week, repeated at reduced volume (COACHING.md §7).

    Each run keeps its kind and day of the week; time scales by ``factor`` (reps by the same
    share, never under ``RULES.adapt_min_reps``); rest, cross-training and races stay. The caller
    puts the returned week in place of the next one and shifts the plan.

    Args:
        week: the week that was missed.
        factor: share of the volume to keep (default 0.8).
        profile: the athlete, to cue the rebuilt sessions.
        paces: training paces.
        start: the Monday the repeat starts (default the Monday after ``week``).

    Returns:
        The repeated week, indexed right after ``week``.
    """
    new_start = start if start is not None else week.start + timedelta(days=7)
    shift = new_start - week.start
    sessions: list[Session] = []
    for s in week.sessions:
        spec = s.spec
        if s.is_run and s.kind is not SessionKind.RACE:
            if spec.kind in REP_KINDS and spec.reps:
                reps = min(spec.reps, max(RULES.adapt_min_reps, round(spec.reps * factor)))
                spec = spec.model_copy(update={"reps": reps})
            else:
                spec = spec.model_copy(
                    update={
                        "duration_min": _round_minutes(_minutes(s) * factor),
                        "finish_at_marathon_min": spec.finish_at_marathon_min * factor,
                        "tempo_finish_min": spec.tempo_finish_min * factor,
                    }
                )
        sessions.append(build_session(spec, s.date + shift, paces, profile, slot=s.slot))
    return week.model_copy(
        update={"start": new_start, "index": week.index + 1, "sessions": tuple(sessions)}
    )


# --------------------------------------------------------------------------------------------
# The athlete's last word


def swap_days(
    week_sessions: Sequence[Session],
    day_a: date,
    day_b: date,
    *,
    today: date | None = None,
    context: Sequence[Session] = (),
) -> tuple[list[Session], Adjustment]:
    """Swap everything planned on two days, unless it would put hard days within 48 h.

    Args:
        week_sessions: the week's scheduled sessions.
        day_a: one day.
        day_b: the other day.
        today: when given, days before it cannot be swapped (they are history).
        context: sessions around the week (last Sunday, next Monday) for the spacing check.

    Returns:
        The week with the two days swapped, and a ``SWAPPED`` adjustment.

    Raises:
        SwapRefused: with the reason to show, when the swap would break the 48-hour rule,
            touches a past day, or has nothing to swap.
    """
    if day_a == day_b:
        raise SwapRefused("Those are the same day, so there is nothing to swap.")
    if today is not None and min(day_a, day_b) < today:
        raise SwapRefused(f"{_day(min(day_a, day_b))} has passed, so it can't be swapped.")
    on_a = [s for s in week_sessions if s.date == day_a]
    on_b = [s for s in week_sessions if s.date == day_b]
    if not on_a and not on_b:
        raise SwapRefused(f"Nothing is planned on {_day(day_a)} or {_day(day_b)}.")
    if any(s.kind is SessionKind.RACE for s in (*on_a, *on_b)):
        raise SwapRefused("Race day stays where it is.")
    moved_a = [s.model_copy(update={"date": day_b}) for s in on_a]
    moved_b = [s.model_copy(update={"date": day_a}) for s in on_b]
    rest = [s for s in week_sessions if s.date not in (day_a, day_b)]
    new_week = sorted([*rest, *moved_a, *moved_b], key=_order)
    days = set(hard_days([*new_week, *context]))
    for moved_day, moved in ((day_b, moved_a), (day_a, moved_b)):
        if not any(s.hard for s in moved):
            continue
        clash = _too_close(moved_day, days)
        if clash is not None:
            what = describe(next(s for s in moved if s.hard).spec)
            other = next((s for s in (*new_week, *context) if s.date == clash and s.hard), None)
            other_label = describe(other.spec) if other is not None else "another hard session"
            raise SwapRefused(
                f"Can't swap {_day(day_a)} and {_day(day_b)}: {what} on {_day(moved_day)} "
                f"would be within 48 h of {other_label} on {_day(clash)}."
            )
    first = (on_a or on_b)[0]
    after = (moved_a or moved_b)[0]
    label_a = " + ".join(describe(s.spec) for s in on_a) or "rest"
    label_b = " + ".join(describe(s.spec) for s in on_b) or "rest"
    reason = (
        f"you swapped {_day(day_a)} and {_day(day_b)}: {label_a} is now on {_day(day_b)}, "
        f"{label_b} on {_day(day_a)}."
    )
    return new_week, Adjustment(
        date=day_a, kind=AdjustmentKind.SWAPPED, reason=reason, before=first, after=after
    )


def skip(
    week_sessions: Sequence[Session],
    day: date,
    *,
    today: date | None = None,
    logs: Sequence[RunLog] = (),
    reschedule: bool = False,
    profile: AthleteProfile | None = None,
    paces: TrainingPaces | None = None,
) -> tuple[list[Session], list[Adjustment]]:
    """The athlete skips a day; the week re-balances without piling anything up.

    The day becomes rest. A skipped hard session is never put onto the next day or added onto
    another run. With ``reschedule`` it may move later in the week under the missed-session
    rule (:func:`handle_missed`), but not to the day right after the skip.

    Args:
        week_sessions: the week's scheduled sessions.
        day: the day skipped.
        today: when given, a past day cannot be skipped.
        logs: recent logs (for the spacing check when rescheduling).
        reschedule: try to move a skipped hard session later in the week.
        profile: with ``paces``, to cue the rest day.
        paces: see ``profile``.

    Returns:
        The week with the day skipped, and the adjustments (``SKIPPED``, maybe ``MOVED``).

    Raises:
        OverrideRefused: a past day, a day with nothing to skip, or race day.
    """
    if today is not None and day < today:
        raise OverrideRefused(f"{_day(day)} has passed, so it can't be skipped.")
    on_day = [s for s in week_sessions if s.date == day and s.is_run]
    if not on_day:
        raise OverrideRefused(f"There is no run to skip on {_day(day)}.")
    if any(s.kind is SessionKind.RACE for s in on_day):
        raise OverrideRefused("Race day can't be skipped here; tell us if you're not racing.")
    rest_of_week = [s for s in week_sessions if s.date != day]
    new_week = sorted(
        [
            *rest_of_week,
            _rest_session(
                day, "Skipped: rest today. Nothing is piled onto the next days.", profile, paces
            ),
        ],
        key=_order,
    )
    label = " + ".join(describe(s.spec) for s in on_day)
    adjustments = [
        Adjustment(
            date=day,
            kind=AdjustmentKind.SKIPPED,
            reason=f"you skipped {_day(day)}'s {label}; nothing is piled onto the next days.",
            before=on_day[0],
        )
    ]
    hard = next((s for s in on_day if s.hard), None)
    if reschedule and hard is not None:
        days = _effective_hard_days(new_week, logs, today or day)
        earliest = max(day + timedelta(days=2), today or day)
        target = _move_hard(new_week, hard, earliest, days, logs)
        if target is not None:
            replaced = [s for s in new_week if s.date == target]
            moved = hard.model_copy(update={"date": target, "slot": None})
            new_week = sorted([s for s in new_week if s.date != target] + [moved], key=_order)
            instead = " and ".join(describe(s.spec) for s in replaced)
            adjustments.append(
                Adjustment(
                    date=target,
                    kind=AdjustmentKind.MOVED,
                    reason=(
                        f"{describe(hard.spec)} moved to {_day(target)} in place of {instead}: "
                        "48 h from the other hard days still holds."
                    ),
                    before=hard,
                    after=moved,
                )
            )
    return new_week, adjustments


def restore_original(
    week_sessions: Sequence[Session],
    adjustment: Adjustment,
    *,
    today: date | None = None,
    profile: AthleteProfile | None = None,
    paces: TrainingPaces | None = None,
) -> tuple[list[Session], list[Adjustment]]:
    """Take the original session back (COACHING.md §7: the athlete has the last word).

    ``adjustment.before`` goes back on its day in place of ``adjustment.after`` (a swap is
    swapped back). If that puts a hard session within 48 h of another one, the week is
    re-balanced around the athlete's choice (:func:`rebalance_week`: the other session, if
    it lies ahead and is neither a long run nor a race, becomes an easy run); when that is
    not possible the restore is refused.

    For a readiness adjustment (an overlay), record the returned ``RESTORED`` adjustment and
    pass it to :func:`adjust_today` in ``overrides`` so that the day is not adjusted again.

    Args:
        week_sessions: the week's scheduled sessions.
        adjustment: the change to undo.
        today: the athlete's local date; a past day is not restored.
        profile: with ``paces``, needed to ease a clashing session.
        paces: see ``profile``.

    Returns:
        The week with the original back, and the adjustments (``RESTORED``, maybe ``REPLACED``).

    Raises:
        OverrideRefused: no original to restore, a past day, or a clash that can't be eased.
    """
    original = adjustment.before
    if original is None:
        raise OverrideRefused("There is no original session to take back.")
    after = adjustment.after
    if adjustment.kind is AdjustmentKind.SWAPPED and after is not None:
        week, swap = swap_days(week_sessions, after.date, original.date, today=today)
        restored = Adjustment(
            date=original.date,
            kind=AdjustmentKind.RESTORED,
            reason=swap.reason.replace("you swapped", "you swapped back", 1),
            before=after,
            after=original,
        )
        return week, [restored]
    if today is not None and original.date < today:
        raise OverrideRefused(f"{_day(original.date)} has passed, so it can't be taken back.")

    def moved_copy(s: Session) -> bool:
        """A copy of ``original`` moved to another day (a rescheduled skip or miss)."""
        return (
            s.date != original.date
            and s.hard
            and s.spec == original.spec
            and s.model_copy(update={"date": original.date, "slot": original.slot}) == original
        )

    week = [
        s
        for s in week_sessions
        if s != original
        and not (after is not None and s == after)
        and not moved_copy(s)
        and not (s.date == original.date and (s.slot == original.slot or not s.is_run))
    ]
    week.append(original)
    freed = {after.date} if after is not None else set()
    freed |= {s.date for s in week_sessions if moved_copy(s)}
    for day in sorted(freed - {original.date}):
        if not any(s.date == day for s in week):
            # The day the session had moved to is left free: a rest day.
            week.append(_rest_session(day, "Rest today.", profile, paces))
    adjustments = [
        Adjustment(
            date=original.date,
            kind=AdjustmentKind.RESTORED,
            reason=f"you took back {_day(original.date)}'s {describe(original.spec)}.",
            before=after,
            after=original,
        )
    ]
    week.sort(key=_order)
    if not original.hard:
        return week, adjustments

    def clash() -> date | None:
        others = {s.date for s in week if s.hard and s.date != original.date}
        return _too_close(original.date, others)

    other = clash()
    if other is None:
        return week, adjustments
    if profile is not None and paces is not None:
        week, eased = rebalance_week(
            week, today=today or original.date, profile=profile, paces=paces, keep=original
        )
        other = clash()
        if other is None:
            return week, adjustments + eased
    blocker = next(s for s in week if s.date == other and s.hard)
    raise OverrideRefused(
        f"Can't take back {describe(original.spec)} on {_day(original.date)}: it would be "
        f"within 48 h of {describe(blocker.spec)} on {_day(other)}."
    )


def _ease_sessions(
    week: list[Session],
    targets: Sequence[Session],
    profile: AthleteProfile,
    paces: TrainingPaces,
    why: str,
) -> tuple[list[Session], list[Adjustment]]:
    """Hard sessions made easy runs of the same time; ``why`` reads before ", so ..."."""
    out = list(week)
    adjustments: list[Adjustment] = []
    for s in targets:
        surface = Surface.TRAIL if s.surface is Surface.TRAIL else Surface.ROAD
        spec = _easy_spec(SessionKind.EASY, surface, s.duration_min, _EASY_RPE)
        new = build_session(spec, s.date, paces, profile, slot=s.slot)
        out = [new if x is s else x for x in out]
        adjustments.append(
            Adjustment(
                date=s.date,
                kind=AdjustmentKind.REPLACED,
                reason=_became(why, s.spec, spec, s.date),
                before=s,
                after=new,
            )
        )
    return out, adjustments


def rebalance_week(
    week_sessions: Sequence[Session],
    *,
    today: date,
    profile: AthleteProfile,
    paces: TrainingPaces,
    keep: Session | None = None,
) -> tuple[list[Session], list[Adjustment]]:
    """Bring a week back within the hard-day rules after changes (COACHING.md §4, §7).

    Works forward through the hard days: one within 48 h of the previous hard day, or beyond
    ``RULES.max_hard`` in the week, is eased to an easy run of the same time. Past days,
    races, long runs and ``keep`` (the athlete's choice) are never eased; when a clash can
    only be solved by easing one of those, the other session of the pair gives way if it
    can, and the clash stays otherwise (callers check :func:`spacing_violations`).

    Args:
        week_sessions: the week's sessions.
        today: the athlete's local date; earlier days are history.
        profile: the athlete.
        paces: training paces.
        keep: a session the athlete chose, which stays as it is.

    Returns:
        The balanced week and one ``REPLACED`` adjustment per eased session.
    """
    week = sorted(week_sessions, key=_order)
    adjustments: list[Adjustment] = []
    why = "to keep 48 h between hard days"

    def fixed(sessions: Sequence[Session]) -> bool:
        return any(
            s.date < today
            or s.kind in (SessionKind.LONG, SessionKind.RACE)
            or (keep is not None and s == keep)
            for s in sessions
        )

    max_hard = RULES.max_hard(profile.runs_per_week, profile.weekly_km)
    kept: list[date] = []
    for day in hard_days(week):
        on_day = [s for s in week if s.date == day and s.hard]
        too_close = bool(kept) and (day - kept[-1]).days < _GAP_DAYS
        too_many = len(kept) >= max_hard
        if not (too_close or too_many):
            kept.append(day)
            continue
        if not fixed(on_day):
            reason = why if too_close else f"at most {max_hard} hard days a week"
            week, eased = _ease_sessions(week, on_day, profile, paces, reason)
            adjustments.extend(eased)
            continue
        # This day can't give way: an earlier kept day does, if one can.
        candidates = [kept[-1]] if too_close else list(reversed(kept))
        for earlier in candidates:
            prev = [s for s in week if s.date == earlier and s.hard]
            if prev and not fixed(prev):
                reason = why if too_close else f"at most {max_hard} hard days a week"
                week, eased = _ease_sessions(week, prev, profile, paces, reason)
                adjustments.extend(eased)
                kept.remove(earlier)
                break
        kept.append(day)
    return sorted(week, key=_order), adjustments
