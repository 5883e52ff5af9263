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

The package: :mod:`~coach.adaptation.today` (the overlay: the day's facts once, one
function per precedence rule), :mod:`~coach.adaptation.week` (structural changes),
:mod:`~coach.adaptation.specs` (spec edits and progression),
:mod:`~coach.adaptation.signals` (progression, load-ratio brake, red runs) and
:mod:`~coach.adaptation.wording` (every word said, in one place).

Sessions are changed by editing their spec and rebuilding with
:func:`coach.workouts.build_session`, so an adjusted session is cued like a planned one. Only
sessions that change are rebuilt: an unchanged day costs a few microseconds.
"""

from coach.adaptation.signals import (
    allow_volume_step,
    pair_quality_logs,
    progression_signal,
)
from coach.adaptation.specs import ProgressionSignal, apply_progression, reduce_spec
from coach.adaptation.today import AdjustedDay, adjust_today, lighten_rest_of_week
from coach.adaptation.week import (
    OverrideRefused,
    SwapRefused,
    handle_missed,
    hard_days,
    rebalance_week,
    repeat_missed_week,
    restore_original,
    skip,
    spacing_violations,
    swap_days,
)
from coach.adaptation.wording import NOT_MEDICAL_ADVICE, RED_EASY_ADVICE, message

__all__ = [
    "NOT_MEDICAL_ADVICE",
    "RED_EASY_ADVICE",
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
