"""The planner: from an athlete to a season that builds them to the race (COACHING.md §3,
§3b, §4).

One module per concern, so a coach can find a rule by its file name:

- :mod:`~coach.planner.phases`: base, build, competition, taper and recovery, counted back
  from race day; recovery scaled to the race.
- :mod:`~coach.planner.volume`: the weekly volume's climb to a goal-sized peak in the late
  build; 3:1 (2:1) blocks; taper.
- :mod:`~coach.planner.long_run`: what the race needs of the long run, and the ladder that
  builds it from the athlete's current longest run; back-to-back days for long ultras.
- :mod:`~coach.planner.progressions`: a ladder for every quality type, one rung at a time.
- :mod:`~coach.planner.race_specific`: which sessions a week holds, the competition phase's
  race work, the taper's sharpener, the time trial, the trail rehearsals.
- :mod:`~coach.planner.surfaces`: road and trail shares by running time.
- :mod:`~coach.planner.week`: one week's layout (hard days 48 h apart, easy runs, the
  medium-long run, rest) and its cues.
- :mod:`~coach.planner.season`: the whole plan, its rebuild from what was run, and its
  warnings.
- :mod:`~coach.planner.returns`: coming back after illness or a long pause (§7b).
"""

from coach.planner.phases import phase_for, phase_lengths
from coach.planner.season import (
    build_plan,
    default_paces,
    rebuild_from,
    return_to_running,
    week_trail_share,
)

__all__ = [
    "build_plan",
    "default_paces",
    "phase_for",
    "phase_lengths",
    "rebuild_from",
    "return_to_running",
    "week_trail_share",
]
