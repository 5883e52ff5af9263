"""Where a run was run, guessed from its file and the session planned that day.

The guess is shown to the athlete and confirmed with one tap, so it only needs to be right
most of the time. What the file says for sure wins: no GPS is a treadmill (or an indoor
track: the athlete corrects it), a trail or track sub-sport is what the watch was told.
Then the climbing: :data:`TRAIL_CLIMB_M_PER_KM` and more is trail running whatever was
planned. Otherwise the plan is the best prior (a flat forest path reads like a road), unless
the file contradicts it: a "track" session with real climbing was not run on a track.
"""

from __future__ import annotations

from coach.models import Session, Surface
from runfiles.model import RunFile, Sport

#: Metres of climbing per km from which a run is trail whatever the plan said: a hilly road
#: run rarely passes 15 m/km, while most trail runs climb 25 m/km or more.
TRAIL_CLIMB_M_PER_KM = 25.0
#: More climbing than this (m/km) was not run on a track (a track climbs 0 m; GPS and
#: barometric drift add a little).
TRACK_MAX_CLIMB_M_PER_KM = 8.0

_BY_SPORT: dict[Sport, Surface] = {
    Sport.TREADMILL: Surface.TREADMILL,
    Sport.TRAIL_RUN: Surface.TRAIL,
    Sport.TRACK_RUN: Surface.TRACK,
}


def guess_surface(run: RunFile, planned: Session | None = None) -> Surface:
    """The surface to propose for ``run``'s log.

    Args:
        run: The decoded file.
        planned: The session planned that day, if any: its surface is the prior.

    Returns:
        Road, trail, track or treadmill.
    """
    if run.sport in _BY_SPORT:
        return _BY_SPORT[run.sport]
    if not run.has_gps:
        return Surface.TREADMILL
    climb = run.climb_m_per_km
    if climb is not None and climb >= TRAIL_CLIMB_M_PER_KM:
        return Surface.TRAIL
    prior = planned.surface if planned is not None else None
    if prior is Surface.TRACK:
        return Surface.ROAD if climb is not None and climb > TRACK_MAX_CLIMB_M_PER_KM else prior
    if prior is Surface.TRAIL:
        return prior
    return Surface.ROAD
