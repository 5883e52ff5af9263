"""Daniels-Gilbert VDOT: race equivalents and training paces (COACHING.md §2).

Road and track sessions carry paces from the athlete's VDOT. A recent race or time trial gives
the VDOT through the Daniels-Gilbert equations (oxygen cost of running at a speed, and the
fraction of VO2max a runner can hold for a given duration). Without a race, the VDOT is
estimated from the athlete's easy pace and flagged as an estimate, so the coach can say so and
refine it when a race is logged.

Everything here is pure arithmetic: deterministic, no clock, no I/O. Distances are kilometres,
times seconds, paces seconds per kilometre unless a name says otherwise.

Validation: the race predictions agree with Daniels' Running Formula (3rd ed., Table 5.1)
within 1 %. The training paces follow Table 5.2 (COACHING.md §3b "Paces"): E (both ends of
the range) within 5 s/km, M, T, I and R within 3 s/km, at VDOT 30-85. They are still derived
from the Daniels-Gilbert equations: each pace is the speed whose oxygen cost is a fitted
fraction of VDOT (M: a fitted share of the predicted marathon's cost), and the fractions are
piecewise linear in VDOT with a handful of anchors, not a lookup table. ``tests/coach/
test_paces.py`` pins the table rows it checks and says where each value comes from.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from itertools import pairwise

from coach.models import TrainingPaces

# --- Tuneable numbers (COACHING.md §2: paces from the athlete's VDOT) -------------------------

#: Race distances the coach knows by name, in km.
RACE_DISTANCES_KM: dict[str, float] = {
    "800m": 0.8,
    "1500m": 1.5,
    "mile": 1.609344,
    "3k": 3.0,
    "2mile": 3.218688,
    "5k": 5.0,
    "8k": 8.0,
    "10k": 10.0,
    "15k": 15.0,
    "10mile": 16.09344,
    "20k": 20.0,
    "half": 21.0975,
    "25k": 25.0,
    "30k": 30.0,
    "marathon": 42.195,
}

#: The four predictions every athlete sees (keys of :func:`predictions`).
PREDICTION_KEYS: tuple[str, ...] = ("5k", "10k", "half", "marathon")

#: Plausible VDOT range. Outside it a "race" is almost certainly a typo (a 10K in 4:50) or
#: a walk, and the Daniels-Gilbert curve was never fitted there.
VDOT_MIN = 10.0
VDOT_MAX = 100.0

#: Range an easy-pace estimate is clamped to: beginners to world class.
ESTIMATE_VDOT_MIN = 20.0
ESTIMATE_VDOT_MAX = 85.0

# Training-pace anchors (COACHING.md §3b "Paces": Daniels' Table 5.2, 3rd ed., E range
# included). Each tuple is (VDOT, value): linear in VDOT between anchors, flat beyond the ends.
# They were fitted (minimax, in units of each pace's tolerance: 5 s/km for E, 3 s/km otherwise)
# to Table 5.2 as read from two public copies: every row, VDOT 30-85, of github
# mrodrigues1/running-planner RunningPlanner.Core/Models/Paces/VdotCalculator.cs
# (TrainingPacesTable: E range, M, T and I per km), and the per-400 m T, I and R cells that the
# project's reference (shared/reference/daniels-paces.md) quotes for VDOT 30, 40, 50, 60, 70.
# With 2-3 anchors over 56 rows, E, M, T and I cannot memorise the table; their largest misses
# on the file's rows are 1.3 s/km (E), 0.9 (M), 1.2 (T) and 2.2 (I, at VDOT 37), and 0.9 s per
# 400 m on the reference's cells (T and I at VDOT 50, where the book's per-km and per-400 m
# cells differ by a second). R had only five book cells to fit, so its anchors sit close to
# them (misses under 0.4 s per 400 m).

#: Easy (E) range as fractions of VDOT: the fast end (``easy_min``) rises from 72.5 % to 74 %
#: of VDOT between VDOT 30 and 85 and the slow end (``easy_max``) eases from 63.4 % to 62.6 %
#: (Daniels' E zone is 59-74 % of VO2max). Fitted to the E column of the running-planner rows.
EASY_FAST_FRACTION: tuple[tuple[float, float], ...] = (
    (30.0, 0.725),
    (85.0, 0.740),
)
EASY_SLOW_FRACTION: tuple[tuple[float, float], ...] = (
    (30.0, 0.634),
    (85.0, 0.626),
)

#: Marathon (M): the share of the predicted marathon's oxygen cost (Table 5.1 time) that M pace
#: costs. From VDOT 45 up Table 5.2's M is the predicted marathon pace (share 1); below, the
#: book slows it: at VDOT 30 M is 7:03/km although Table 5.1's marathon (4:49:17) is 6:51/km.
#: Fitted to the M column of the running-planner rows.
MARATHON_SHARE: tuple[tuple[float, float], ...] = (
    (30.0, 0.967),
    (40.0, 0.989),
    (45.0, 1.000),
)

#: Threshold (T) as a fraction of VDOT: about 88 % at every level (roughly one hour of racing),
#: 87.95 % at VDOT 30 to 88.6 % at 85. Fitted to T per km (running-planner rows) and T per
#: 400 m (reference rows), keeping VDOT 50 at the book's 4:15/km to the displayed second.
THRESHOLD_FRACTION: tuple[tuple[float, float], ...] = (
    (30.0, 0.8795),
    (85.0, 0.886),
)

#: Interval (I) as a fraction of VDOT, near vVO2max: 97.65 % up to VDOT 45, easing to 96.85 %
#: at 85. Fitted to I per km (running-planner rows; the book prints no I per km below VDOT
#: ~37, so those rows of the file are not the book's) and I per 400 m (reference rows, VDOT
#: 30-70), keeping VDOT 50 at the book's 3:55/km to the displayed second.
INTERVAL_FRACTION: tuple[tuple[float, float], ...] = (
    (45.0, 0.9765),
    (85.0, 0.9685),
)

#: Repetition (R) as a fraction of VDOT: about mile race pace, 105-109 % of VDOT, which puts R
#: about 6 s per 400 m faster than I (7-8 s below VDOT 45). Fitted to the book's R per 400 m at
#: VDOT 40, 50, 60 and 70 and R per 200 m at VDOT 30 (the reference rows): the running-planner
#: file's R-per-km column disagrees with those cells by up to 7.5 s/km and was not used. No
#: R value above VDOT 70 was found, so the fraction is held flat from there.
REPETITION_FRACTION: tuple[tuple[float, float], ...] = (
    (30.0, 1.046),
    (40.0, 1.070),
    (50.0, 1.0667),
    (70.0, 1.091),
)

#: Track rep distances shown to the athlete (COACHING.md §2: track reps per 400 m).
REP_DISTANCES_M: tuple[int, ...] = (200, 400, 800)

KM_PER_MILE = 1.609344

# Daniels-Gilbert constants (Oxygen Power, 1979).
_VO2_A = -4.60
_VO2_B = 0.182258
_VO2_C = 0.000104
_PCT_BASE = 0.8
_PCT_K1 = 0.1894393
_PCT_E1 = -0.012778
_PCT_K2 = 0.2989558
_PCT_E2 = -0.1932605

_BISECTION_STEPS = 200


# --- The Daniels-Gilbert equations -----------------------------------------------------------


def oxygen_cost(velocity_m_per_min: float) -> float:
    """VO2 (ml/kg/min) needed to run at ``velocity_m_per_min`` (Daniels-Gilbert)."""
    v = velocity_m_per_min
    return _VO2_A + _VO2_B * v + _VO2_C * v * v


def fraction_of_vo2max(duration_min: float) -> float:
    """Fraction of VO2max a runner can sustain for a race lasting ``duration_min``."""
    t = duration_min
    return _PCT_BASE + _PCT_K1 * math.exp(_PCT_E1 * t) + _PCT_K2 * math.exp(_PCT_E2 * t)


def velocity_for_vo2(vo2: float) -> float:
    """Invert :func:`oxygen_cost`: the speed (m/min) that costs ``vo2`` ml/kg/min.

    The cost curve is a quadratic with positive coefficients, so its positive root is unique.
    """
    c = _VO2_A - vo2
    disc = _VO2_B * _VO2_B - 4.0 * _VO2_C * c
    return (-_VO2_B + math.sqrt(disc)) / (2.0 * _VO2_C)


def _check_finite_positive(name: str, value: float) -> None:
    if not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")


def _vdot_raw(distance_km: float, time_s: float) -> float:
    minutes = time_s / 60.0
    velocity = distance_km * 1000.0 / minutes
    return oxygen_cost(velocity) / fraction_of_vo2max(minutes)


def vdot_from_race(distance_km: float, time_s: float) -> float:
    """The VDOT a race result implies (Daniels-Gilbert).

    Args:
        distance_km: Race distance in km.
        time_s: Finishing time in seconds.

    Returns:
        The VDOT, unrounded.

    Raises:
        ValueError: If an input is not a positive number, or the result falls outside
            ``VDOT_MIN..VDOT_MAX`` (almost always a typo in the time or the distance).
    """
    _check_finite_positive("distance_km", distance_km)
    _check_finite_positive("time_s", time_s)
    vdot = _vdot_raw(distance_km, time_s)
    if not math.isfinite(vdot) or not VDOT_MIN <= vdot <= VDOT_MAX:
        raise ValueError(
            f"{format_duration(time_s)} for {distance_km:g} km gives a VDOT of {vdot:.0f}, "
            f"outside the {VDOT_MIN:.0f}-{VDOT_MAX:.0f} range: check the time and the distance"
        )
    return vdot


def _check_vdot(vdot: float) -> None:
    _check_finite_positive("vdot", vdot)
    if not VDOT_MIN <= vdot <= VDOT_MAX:
        raise ValueError(f"vdot must be {VDOT_MIN:.0f} to {VDOT_MAX:.0f}, got {vdot:g}")


def predict_time_s(vdot: float, distance_km: float) -> float:
    """Equivalent race time (seconds) over ``distance_km`` for a runner of ``vdot``.

    The VDOT equation has no closed-form inverse, so this bisects on the time: for a fixed
    distance the implied VDOT falls strictly as the time grows. Bisection (not Newton) keeps the
    answer deterministic and safe for any input in range.

    Raises:
        ValueError: If ``vdot`` is outside ``VDOT_MIN..VDOT_MAX`` or the distance is not
            positive.
    """
    _check_vdot(vdot)
    _check_finite_positive("distance_km", distance_km)
    # Bracket: 1 min/km is faster than any human; 60 min/km is slower than walking.
    lo = distance_km * 60.0
    hi = distance_km * 3600.0
    for _ in range(_BISECTION_STEPS):
        mid = 0.5 * (lo + hi)
        if _vdot_raw(distance_km, mid) > vdot:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-6:
            break
    return 0.5 * (lo + hi)


def predictions(vdot: float) -> dict[str, float]:
    """Equivalent race times in seconds for "5k", "10k", "half" and "marathon"."""
    return {key: predict_time_s(vdot, RACE_DISTANCES_KM[key]) for key in PREDICTION_KEYS}


# --- Training paces --------------------------------------------------------------------------


def _interpolate(anchors: Sequence[tuple[float, float]], x: float) -> float:
    """Piecewise-linear interpolation through ``anchors``, flat beyond both ends."""
    if x <= anchors[0][0]:
        return anchors[0][1]
    for (x0, y0), (x1, y1) in pairwise(anchors):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return anchors[-1][1]


def _pace_at_fraction(vdot: float, fraction: float) -> float:
    """Seconds per km of the speed that costs ``fraction`` of VDOT."""
    return 60_000.0 / velocity_for_vo2(vdot * fraction)


def _easy_paces(vdot: float) -> tuple[float, float]:
    """The E range (fast end, slow end) in s/km."""
    return (
        _pace_at_fraction(vdot, _interpolate(EASY_FAST_FRACTION, vdot)),
        _pace_at_fraction(vdot, _interpolate(EASY_SLOW_FRACTION, vdot)),
    )


def _marathon_pace(vdot: float) -> float:
    """M pace in s/km: the predicted marathon pace, slowed below VDOT 45 (``MARATHON_SHARE``)."""
    marathon_km = RACE_DISTANCES_KM["marathon"]
    race_pace = predict_time_s(vdot, marathon_km) / marathon_km
    share = _interpolate(MARATHON_SHARE, vdot)
    if share >= 1.0:
        return race_pace
    return 60_000.0 / velocity_for_vo2(oxygen_cost(60_000.0 / race_pace) * share)


def training_paces(vdot: float, estimated: bool = False) -> TrainingPaces:
    """E, M, T, I and R paces (s/km) for ``vdot``, following Daniels' Table 5.2 (3rd ed.).

    E is a range (``easy_min`` is its faster end); E, T, I and R are the speeds that cost the
    fitted fractions of VDOT, and M is the predicted marathon pace, slowed below VDOT 45 as the
    book does (see the constants block for the fractions and what they were fitted to).

    Args:
        vdot: The athlete's VDOT.
        estimated: Carried into the result; True when the VDOT came from an easy pace.

    Raises:
        ValueError: If ``vdot`` is outside ``VDOT_MIN..VDOT_MAX``.
    """
    _check_vdot(vdot)
    easy_fast, easy_slow = _easy_paces(vdot)
    return TrainingPaces(
        vdot=vdot,
        easy_min=easy_fast,
        easy_max=easy_slow,
        marathon=_marathon_pace(vdot),
        threshold=_pace_at_fraction(vdot, _interpolate(THRESHOLD_FRACTION, vdot)),
        interval=_pace_at_fraction(vdot, _interpolate(INTERVAL_FRACTION, vdot)),
        repetition=_pace_at_fraction(vdot, _interpolate(REPETITION_FRACTION, vdot)),
        estimated=estimated,
    )


def paces_from_race(distance_km: float, time_s: float) -> TrainingPaces:
    """Training paces straight from a race result (the preferred source, COACHING.md §2)."""
    return training_paces(vdot_from_race(distance_km, time_s))


def _easy_centre(vdot: float) -> float:
    fast, slow = _easy_paces(vdot)
    return 0.5 * (fast + slow)


def estimate_vdot_from_easy_pace(easy_s_per_km: float) -> float:
    """The VDOT whose E-range centre (as :func:`training_paces` gives it) is ``easy_s_per_km``.

    The centre of Table 5.2's E range at a VDOT maps back to that VDOT. Clamped to 20..85.

    Raises:
        ValueError: If the pace is not a positive number.
    """
    _check_finite_positive("easy_s_per_km", easy_s_per_km)
    lo, hi = ESTIMATE_VDOT_MIN, ESTIMATE_VDOT_MAX
    if easy_s_per_km >= _easy_centre(lo):
        return lo
    if easy_s_per_km <= _easy_centre(hi):
        return hi
    for _ in range(_BISECTION_STEPS):
        mid = 0.5 * (lo + hi)
        if _easy_centre(mid) > easy_s_per_km:
            lo = mid  # too slow: the runner is fitter than mid
        else:
            hi = mid
        if hi - lo < 1e-9:
            break
    return 0.5 * (lo + hi)


def estimate_from_easy_pace(easy_s_per_km: float) -> TrainingPaces:
    """Training paces estimated from an easy pace, flagged ``estimated=True`` (COACHING.md §2).

    Used until the athlete logs a race or time trial; the coach says it is an estimate.
    """
    return training_paces(estimate_vdot_from_easy_pace(easy_s_per_km), estimated=True)


# --- Reps and units --------------------------------------------------------------------------


def rep_time_s(pace_s_per_km: float, distance_m: float) -> float:
    """Time in seconds for one rep of ``distance_m`` at ``pace_s_per_km``."""
    return pace_s_per_km * distance_m / 1000.0


def rep_times(paces: TrainingPaces) -> dict[str, dict[str, float]]:
    """Track rep times (s) per 200/400/800 m at T, I and R pace.

    Returns:
        ``{"200m": {"threshold": .., "interval": .., "repetition": ..}, "400m": .., "800m": ..}``
    """
    return {
        f"{dist}m": {
            "threshold": rep_time_s(paces.threshold, dist),
            "interval": rep_time_s(paces.interval, dist),
            "repetition": rep_time_s(paces.repetition, dist),
        }
        for dist in REP_DISTANCES_M
    }


def per_mile(s_per_km: float) -> float:
    """Convert a pace from seconds per km to seconds per mile."""
    return s_per_km * KM_PER_MILE


def _whole_seconds(s: float) -> int:
    if not isinstance(s, int | float) or not math.isfinite(s) or s < 0:
        raise ValueError(f"a time must be a non-negative number, got {s!r}")
    return math.floor(s + 0.5)


def format_pace(s: float) -> str:
    """Format seconds (a pace or a short rep) as ``m:ss``, e.g. ``255 -> "4:15"``."""
    total = _whole_seconds(s)
    minutes, seconds = divmod(total, 60)
    return f"{minutes}:{seconds:02d}"


def format_duration(s: float) -> str:
    """Format a duration as ``h:mm:ss`` from one hour up, ``m:ss`` below it."""
    total = _whole_seconds(s)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


# --- Parsing race inputs ---------------------------------------------------------------------

_MAX_FIELD_CHARS = 100

_NAMED_DISTANCES: dict[str, float] = {
    "half": RACE_DISTANCES_KM["half"],
    "half marathon": RACE_DISTANCES_KM["half"],
    "halfmarathon": RACE_DISTANCES_KM["half"],
    "half-marathon": RACE_DISTANCES_KM["half"],
    "hm": RACE_DISTANCES_KM["half"],
    "marathon": RACE_DISTANCES_KM["marathon"],
    "full": RACE_DISTANCES_KM["marathon"],
    "full marathon": RACE_DISTANCES_KM["marathon"],
    "fm": RACE_DISTANCES_KM["marathon"],
    "mile": KM_PER_MILE,
    "1 mile": KM_PER_MILE,
    "one mile": KM_PER_MILE,
    "2 mile": 2 * KM_PER_MILE,
    "two mile": 2 * KM_PER_MILE,
}

_DISTANCE_RE = re.compile(
    r"(\d{1,6}(?:[.,]\d{1,4})?)\s?"
    r"(km|kms|k|kilometers?|kilometres?|mi|miles?|m|meters?|metres?)",
    re.ASCII,
)
_DISTANCE_EXAMPLE = '"10k", "10 km", "half", "marathon", "5 mi" or "1500m"'


def parse_race_distance(text: str) -> float:
    """Read a race distance in km from text like "10k", "half", "5 mi" or "1500m".

    Raises:
        ValueError: With a message naming what was not understood and examples that work.
    """
    cleaned = " ".join(str(text).strip().lower().split())
    if len(cleaned) > _MAX_FIELD_CHARS:
        raise ValueError(f"distance is too long; try {_DISTANCE_EXAMPLE}")
    if not cleaned:
        raise ValueError(f"no distance given; try {_DISTANCE_EXAMPLE}")
    if cleaned in _NAMED_DISTANCES:
        return _NAMED_DISTANCES[cleaned]
    match = _DISTANCE_RE.fullmatch(cleaned)
    if match is None:
        if re.fullmatch(r"\d+(?:[.,]\d+)?", cleaned, re.ASCII):
            raise ValueError(f"{cleaned!r} has no unit; try {_DISTANCE_EXAMPLE}")
        raise ValueError(f"could not read the distance {cleaned!r}; try {_DISTANCE_EXAMPLE}")
    value = float(match.group(1).replace(",", "."))
    unit = match.group(2)
    if unit.startswith("mi"):
        km = value * KM_PER_MILE
    elif unit.startswith("k"):
        km = value
    else:
        km = value / 1000.0
    if not 0.1 <= km <= 400.0:
        raise ValueError(f"a race distance must be 100 m to 400 km, got {cleaned!r}")
    return km


_CLOCK_RE = re.compile(r"(\d{1,3})(?::(\d{1,2}))?:(\d{1,2}(?:[.,]\d{1,3})?)", re.ASCII)
_UNITS_RE = re.compile(
    r"(?:(\d{1,3})\s?(?:h|hr|hrs|hours?))?\s?"
    r"(?:(\d{1,4})\s?(?:m|min|mins|minutes?|')?)?\s?"
    r"(?:(\d{1,4}(?:[.,]\d{1,3})?)\s?(?:s|sec|secs|seconds?|\"))?",
    re.ASCII,
)
_TIME_EXAMPLE = '"45:00", "1:35:20", "45 min" or "2h05"'


def parse_race_time(text: str) -> float:
    """Read a finishing time in seconds from "45:00", "1:35:20", "45 min" or "2h05".

    Two-part clock times are minutes and seconds ("45:00" is 45 minutes); write hours with
    three parts ("1:35:20") or an "h" ("2h05").

    Raises:
        ValueError: With a message naming what was not understood and examples that work.
    """
    cleaned = " ".join(str(text).strip().lower().split())
    if len(cleaned) > _MAX_FIELD_CHARS:
        raise ValueError(f"time is too long; try {_TIME_EXAMPLE}")
    if not cleaned:
        raise ValueError(f"no time given; try {_TIME_EXAMPLE}")
    if re.fullmatch(r"\d+(?:[.,]\d+)?", cleaned, re.ASCII):
        raise ValueError(f"{cleaned!r} has no unit (minutes? hours?); try {_TIME_EXAMPLE}")
    seconds: float
    clock = _CLOCK_RE.fullmatch(cleaned)
    if clock is not None:
        first, middle, last = clock.group(1), clock.group(2), clock.group(3)
        secs = float(last.replace(",", "."))
        if secs >= 60 or (middle is not None and int(middle) >= 60):
            raise ValueError(f"{cleaned!r} has more than 59 in a minutes or seconds field")
        if middle is None:
            seconds = int(first) * 60 + secs
        else:
            seconds = int(first) * 3600 + int(middle) * 60 + secs
    else:
        units = _UNITS_RE.fullmatch(cleaned)
        if units is None or not any(units.groups()):
            raise ValueError(f"could not read the time {cleaned!r}; try {_TIME_EXAMPLE}")
        hours = int(units.group(1) or 0)
        minutes = int(units.group(2) or 0)
        secs = float((units.group(3) or "0").replace(",", "."))
        seconds = hours * 3600 + minutes * 60 + secs
    if seconds <= 0:
        raise ValueError(f"the time must be more than zero, got {cleaned!r}")
    return seconds
