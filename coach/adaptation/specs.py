"""Spec edits: the amber, red and lighter versions of a session, and progression."""

from __future__ import annotations

import math
from datetime import date
from typing import Literal

from coach.adaptation.wording import (
    MOBILITY_NOTE,
)
from coach.models import (
    AthleteProfile,
    Session,
    SessionKind,
    Surface,
    TrainingPaces,
    WorkoutSpec,
)
from coach.readiness import (
    QUALITY_KINDS,
)
from coach.rules import RULES
from coach.workouts import DEFAULT_RPE, REP_KINDS, build_session

ProgressionSignal = Literal["hold", "progress_sooner", "normal"]

_GAP_DAYS = max(1, math.ceil(RULES.min_hours_between_hard / 24))
_EASY_RPE = DEFAULT_RPE[SessionKind.EASY]
_RED_RPE = RULES.red_easy_rpe[0]


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


def _rest_spec(note: str = MOBILITY_NOTE) -> WorkoutSpec:
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
    if spec.kind is SessionKind.REST and spec.note == MOBILITY_NOTE and profile.rest_day_notes:
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


def _order(s: Session) -> tuple[date, int]:
    return s.date, 0 if s.slot in (None, "am") else 1
