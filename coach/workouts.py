"""The workout library: turns a :class:`WorkoutSpec` into a fully cued :class:`Session` (§5).

The planner decides *what* a day holds (a spec); this module says *how* to run it: warm-up,
main set, recoveries and cool-down, each with its pace (road and track, from the VDOT paces)
or its effort (trail: time and RPE only, never pace or distance, COACHING.md §2), plus the
cues a careful coach adds (form, fuel, kit, safety). It is deterministic and pure, so the
adaptation can edit a spec (fewer reps, intervals to steady, a shorter long run) and rebuild
a session that is cued as well as a planned one.

Durations: for sessions built from reps (track, intervals, tempo, hills) the main set fixes
the time; the warm-up and cool-down are 15 and 10 minutes, shortened down to 10 and 5 when
``spec.duration_min`` asks for a shorter session (the 30-minute morning run of a double).
``duration_min = 0`` means "the standard structure". Other kinds run for ``duration_min``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from coach.models import (
    AthleteProfile,
    GoalKind,
    Phase,
    Session,
    SessionKind,
    Step,
    Surface,
    TrainingPaces,
    Units,
    WorkoutSpec,
)
from coach.paces import (
    RACE_DISTANCES_KM,
    format_duration,
    format_pace,
    per_mile,
    predict_time_s,
    rep_time_s,
)
from coach.rules import RULES

Slot = Literal["am", "pm"]
StepKind = Literal[
    "warmup", "drills", "main", "recovery", "cooldown", "strides", "strength", "note"
]

#: Kinds that count as hard days (§4: track/intervals, tempo, hills, the long run; a race).
#: Technical downhill practice is counted hard too: downhill running is heavy eccentric load.
HARD_KINDS: frozenset[SessionKind] = frozenset(
    {
        SessionKind.TRACK,
        SessionKind.INTERVALS,
        SessionKind.TEMPO,
        SessionKind.HILLS,
        SessionKind.LONG,
        SessionKind.TECHNICAL,
        SessionKind.RACE,
        SessionKind.TIME_TRIAL,
    }
)

#: Sessions whose main set is reps with recoveries.
REP_KINDS: frozenset[SessionKind] = frozenset(
    {SessionKind.TRACK, SessionKind.INTERVALS, SessionKind.TEMPO, SessionKind.HILLS}
)

#: The RPE each kind is planned at (§2: easy 2-3, steady 4-5, tempo 6-7, intervals 8, reps 8-9).
DEFAULT_RPE: Mapping[SessionKind, int] = {
    SessionKind.REST: 0,
    SessionKind.EASY: 3,
    SessionKind.RECOVERY: 2,
    SessionKind.STEADY: 5,
    SessionKind.LONG: 4,
    SessionKind.TEMPO: 7,
    SessionKind.INTERVALS: 8,
    SessionKind.TRACK: 8,
    SessionKind.HILLS: 8,
    SessionKind.TECHNICAL: 4,
    SessionKind.CROSS: 3,
    SessionKind.RACE: 9,
    SessionKind.TIME_TRIAL: 9,
}

# The RPE band shown for each kind when the target sits in it (§2), e.g. "RPE 6-7".
_RPE_BANDS: Mapping[SessionKind, tuple[int, int]] = {
    SessionKind.EASY: (2, 3),
    SessionKind.RECOVERY: (2, 3),
    SessionKind.STEADY: (5, 6),
    SessionKind.LONG: (3, 4),
    SessionKind.TEMPO: (6, 7),
    SessionKind.INTERVALS: (8, 8),
    SessionKind.TRACK: (8, 9),
    SessionKind.HILLS: (7, 8),
    SessionKind.TECHNICAL: (3, 4),
    SessionKind.CROSS: (2, 3),
    SessionKind.TIME_TRIAL: (8, 9),
}

WARMUP_DRILLS = "leg swings, high knees, A-skips, {n} strides"
FORM_CUE = "If form or breathing breaks down, stop the set early or ease the pace."
ROAD_REPS_CUE = (
    "No track needed: run the reps on a flat, quiet stretch of road or path, measured once "
    "with your watch, or run each rep for its time."
)
HIKE_FIRST_CUE = "New technical trail? Hike it first; run it another day once it feels familiar."
STRENGTH_TEXT = (
    "15 min strength and mobility: calf raises and ankle circles, "
    "single-leg squats and clamshells (hips), side plank and dead bug (core), "
    "bird-dog and glute bridge (lower back)."
)
MOBILITY_TEXT = (
    "Optional: 10-15 min mobility (ankle circles, hip openers, cat-cow, glute bridges) "
    "or an easy walk."
)
KIT_INTERVALS = "Light, breathable kit; your usual trainers are fine."
KIT_VEST = "Hydration vest with water and gels."
KIT_LOADED_VEST = "Loaded vest as on race day: full bottles, race food and the mandatory kit."
KIT_NIGHT = "Headlamp (charged, and a spare light) and a waterproof layer."
SAFETY_HARD = "Sharp or worsening pain: stop and walk home. An easy day beats an injury."
SAFETY_TRAIL = "Tell someone your route and when you'll be back, and carry a phone."
SAFETY_NIGHT = "Run routes you know after dark, be visible, and tell someone your route."
SAFETY_TRACK = "Run with the track's direction and jog recoveries in the outer lanes."
SAFETY_RACE = "Chest pain, dizziness or sharp pain: stop and ask a marshal for help."


@dataclass(frozen=True, slots=True)
class WeekContext:
    """Where a session sits in its week, for the cue text (the planner fills it in).

    Attributes:
        phase: The week's phase.
        trail_share: The week's target share of running time off-road (0..1).
        trail_ordinal: 1-based ordinal of this trail run in the week; 0 when not a trail run.
        trail_runs: How many trail runs the week holds.
        deload: True in the lighter week of a 3:1 block.
        strength: Add the short strength and mobility routine to this session (§4).
        climb_m: The week's climbing target in metres (§3b trail), cued on the long run;
            0 without one.
    """

    phase: Phase
    trail_share: float = 0.0
    trail_ordinal: int = 0
    trail_runs: int = 0
    deload: bool = False
    strength: bool = False
    climb_m: int = 0


@dataclass(frozen=True, slots=True)
class RepStructure:
    """The timing of a rep session, in minutes (seconds for one rep)."""

    warmup: float
    main: float  # reps and the recoveries between them
    cooldown: float
    rep_s: float  # one rep, seconds
    recovery_s: float  # one recovery, seconds
    pace: float | None  # s/km for the reps, None when run by effort

    @property
    def total(self) -> float:
        return self.warmup + self.main + self.cooldown


def is_hard(spec: WorkoutSpec) -> bool:
    """True when the spec counts as a hard day (§4); a short tempo finish does not, nor the
    easy second day of an ultra runner's back-to-back pair (§3b: it is spaced like one)."""
    return spec.kind in HARD_KINDS and not spec.back_to_back


def zone_pace(paces: TrainingPaces, zone: str) -> float:
    """Seconds per km for a Daniels zone ("E" is the middle of the easy range)."""
    if zone == "M":
        return paces.marathon
    if zone == "HM":
        return _half_pace(paces)
    if zone == "T":
        return paces.threshold
    if zone == "I":
        return paces.interval
    if zone == "R":
        return paces.repetition
    return (paces.easy_min + paces.easy_max) / 2


def minutes_text(minutes: float) -> str:
    """Human time for prose: "45 min", "1 h", "1 h 40", "2 h 05"."""
    total = round(minutes)
    if total < 60:
        return f"{total} min"
    hours, rest = divmod(total, 60)
    return f"{hours} h" if rest == 0 else f"{hours} h {rest:02d}"


def _seconds_text(seconds: float) -> str:
    """A rep or recovery length: "1:36", or "2 min" when it is a whole number of minutes."""
    whole = round(seconds)
    if whole % 60 == 0:
        return f"{whole // 60} min"
    return format_pace(whole)


def _pace_text(s_per_km: float, units: Units) -> str:
    if units is Units.MI:
        return f"{format_pace(per_mile(s_per_km))}/mi"
    return f"{format_pace(s_per_km)}/km"


def _easy_range_text(paces: TrainingPaces, units: Units) -> str:
    fast, slow = paces.easy_min, paces.easy_max
    if units is Units.MI:
        return f"{format_pace(per_mile(fast))}-{format_pace(per_mile(slow))}/mi"
    return f"{format_pace(fast)}-{format_pace(slow)}/km"


def _rpe_text(kind: SessionKind, rpe: int) -> str:
    band = _RPE_BANDS.get(kind)
    if band is not None and band[0] <= rpe <= band[1] and band[0] != band[1]:
        return f"RPE {band[0]}-{band[1]}"
    return f"RPE {rpe}"


def _default_zone(spec: WorkoutSpec) -> str:
    if spec.intensity is not None:
        return spec.intensity
    if spec.kind is SessionKind.TRACK:
        return "R" if (spec.rep_distance_m or 400) <= 400 else "I"
    if spec.kind is SessionKind.INTERVALS:
        return "I"
    if spec.kind is SessionKind.TEMPO:
        return "T"
    return "E"


_SHARE_NOUNS: tuple[tuple[float, str], ...] = (
    (0.20, "fifth"),
    (0.25, "quarter"),
    (1 / 3, "third"),
    (0.50, "half"),
)


def _share_words(share: float) -> str:
    """A share of time as a runner says it: "a third", "half", or "about 40 %"."""
    for value, noun in _SHARE_NOUNS:
        if abs(share - value) <= 0.035:
            return noun if noun == "half" else f"a {noun}"
    return f"about {round(share * 100)} %"


def _share_cue(share: float, ordinal: int, runs: int) -> str:
    """The week-context cue of a trail run: how it fits the week's time off-road (§3)."""
    if runs <= 1:
        for value, noun in _SHARE_NOUNS:
            if abs(share - value) <= 0.035:
                return f"This run is this week's {noun} of your running off-road."
        return f"This run is your time off-road this week: {_share_words(share)} of it."
    return (
        f"Trail run {ordinal} of {runs} this week: together they make "
        f"{_share_words(share)} of your running off-road."
    )


def rep_structure(spec: WorkoutSpec, paces: TrainingPaces) -> RepStructure:
    """Timing of a rep session: reps, recoveries, and the warm-up/cool-down around them.

    Track and road reps by distance take their time from the zone pace; equal-time jog
    recoveries (§5). Tempo reps are joined by 2-minute jogs, hills by a walk/jog down as long
    as the climb. On trail there is no pace: distance reps are turned into time at the zone
    pace's rep time, and the runner goes by RPE.
    """
    reps = max(1, spec.reps or _default_reps(spec.kind))
    pace: float | None = None
    if spec.kind is SessionKind.HILLS:
        rep_s = 60.0 * (spec.rep_duration_min or RULES.hill_rep_minutes)
        recovery_s = rep_s
        main = reps * (rep_s + recovery_s) / 60.0
    else:
        zone = _default_zone(spec)
        if spec.surface is not Surface.TRAIL:
            pace = zone_pace(paces, zone)
        if spec.rep_distance_m and spec.kind is not SessionKind.TEMPO:
            rep_s = rep_time_s(zone_pace(paces, zone), spec.rep_distance_m)
        else:
            default_min = 10.0 if spec.kind is SessionKind.TEMPO else 3.0
            rep_s = 60.0 * (spec.rep_duration_min or default_min)
        is_tempo = spec.kind is SessionKind.TEMPO
        recovery_s = 60.0 * RULES.tempo_jog_minutes if is_tempo else rep_s
        main = (reps * rep_s + (reps - 1) * recovery_s) / 60.0
    warmup, cooldown = RULES.warmup_minutes, RULES.cooldown_minutes
    wanted = spec.duration_min
    if wanted > 0 and warmup + main + cooldown > wanted:
        short = warmup + main + cooldown - wanted
        cut_cool = min(short, cooldown - RULES.cooldown_minutes_short)
        cooldown -= cut_cool
        warmup -= min(short - cut_cool, warmup - RULES.warmup_minutes_short)
    elif spec.padded and wanted > warmup + main + cooldown:
        # §3b: on few run days the quality day carries some of the week's easy volume, as
        # a longer easy cool-down.
        cooldown = wanted - warmup - main
    return RepStructure(warmup, main, cooldown, rep_s, recovery_s, pace)


def _default_reps(kind: SessionKind) -> int:
    if kind is SessionKind.TRACK:
        return RULES.track_ladder[0][0]
    if kind is SessionKind.INTERVALS:
        return RULES.road_interval_ladder[0][0]
    if kind is SessionKind.TEMPO:
        return RULES.tempo_ladder[0][0]
    return RULES.hill_ladder[0][0]


_DEFAULT_MINUTES: Mapping[SessionKind, float] = {
    SessionKind.EASY: 40.0,
    SessionKind.RECOVERY: 30.0,
    SessionKind.STEADY: 40.0,
    SessionKind.LONG: 90.0,
    SessionKind.TECHNICAL: RULES.technical_minutes,
    SessionKind.CROSS: 40.0,
}


def race_distance_km(profile: AthleteProfile) -> float:
    """The goal race's distance in km (a trail race without a distance counts as 25 km)."""
    named = {
        GoalKind.ROAD_5K: RACE_DISTANCES_KM["5k"],
        GoalKind.ROAD_10K: RACE_DISTANCES_KM["10k"],
        GoalKind.ROAD_HALF: RACE_DISTANCES_KM["half"],
        GoalKind.ROAD_MARATHON: RACE_DISTANCES_KM["marathon"],
    }
    if profile.goal in named:
        return named[profile.goal]
    return profile.trail_distance_km or 25.0


def race_minutes(profile: AthleteProfile, paces: TrainingPaces) -> float:
    """Predicted race time in minutes: VDOT equivalent on road; effort-km on trail.

    Trail: every 100 m of climbing counts as about a kilometre of flat running, run at the
    fast end of the easy range (a long trail race is an aerobic day).
    """
    distance = race_distance_km(profile)
    if profile.goal is GoalKind.TRAIL:
        gain_km = (profile.trail_elevation_m or 0.0) / 100.0 * RULES.trail_minutes_per_100m_gain_km
        return (distance + gain_km) * paces.easy_min / 60.0
    return predict_time_s(paces.vdot, distance) / 60.0


def session_minutes(spec: WorkoutSpec, paces: TrainingPaces, profile: AthleteProfile) -> float:
    """The planned minutes :func:`build_session` will give ``spec`` (the planner's volume)."""
    if spec.kind is SessionKind.REST:
        return 0.0
    if spec.kind is SessionKind.RACE:
        return float(round(race_minutes(profile, paces)))
    if spec.kind in REP_KINDS:
        return float(round(rep_structure(spec, paces).total))
    if spec.kind is SessionKind.TIME_TRIAL:
        return float(round(_trial_parts(spec, paces)[3]))
    return spec.duration_min or _DEFAULT_MINUTES.get(spec.kind, 40.0)


@lru_cache(maxsize=1024)
def _step(
    kind: StepKind,
    text: str,
    minutes: float | None,
    reps: int | None,
    distance_m: float | None,
    pace: float | None,
    rep_time: float | None,
    rpe: int | None,
) -> Step:
    """A step; warm-ups, cool-downs and notes repeat all plan long, so each is made once."""
    return Step(
        kind=kind,
        text=text,
        duration_min=minutes,
        reps=reps,
        distance_m=distance_m,
        pace_s_per_km=pace,
        rep_time_s=rep_time,
        rpe=rpe,
    )


class _Draft:
    """The parts of a session while it is written."""

    __slots__ = ("cues", "distance_m", "kit", "safety", "steps", "title")

    def __init__(self, title: str) -> None:
        self.title = title
        self.steps: list[Step] = []
        self.cues: list[str] = []
        self.kit: str | None = None
        self.safety: str | None = None
        self.distance_m = 0.0

    def step(
        self,
        kind: StepKind,
        text: str,
        *,
        minutes: float | None = None,
        pace: float | None = None,
        reps: int | None = None,
        distance_m: float | None = None,
        rep_time: float | None = None,
        rpe: int | None = None,
    ) -> None:
        self.steps.append(
            _step(
                kind,
                text,
                None if minutes is None else round(minutes, 1),
                reps,
                distance_m,
                None if pace is None else round(pace, 1),
                None if rep_time is None else round(rep_time, 1),
                rpe,
            )
        )

    def run(self, minutes: float, pace: float) -> None:
        """Account ``minutes`` of running at ``pace`` s/km in the distance estimate."""
        self.distance_m += minutes * 60.0 / pace * 1000.0


def build_session(
    spec: WorkoutSpec,
    day: date,
    paces: TrainingPaces,
    profile: AthleteProfile,
    *,
    slot: Slot | None = None,
    week_context: WeekContext | None = None,
) -> Session:
    """Dress ``spec`` as a fully cued session on ``day``.

    Deterministic: the same inputs give the same session, so an adjusted spec is cued exactly
    as a planned one would be.

    Args:
        spec: What the session is (kind, surface, reps or minutes, zone or RPE).
        day: The date it is planned on.
        paces: The athlete's training paces (road and track targets come from here).
        profile: The athlete (units for paces, goal for race day, rest-day notes).
        slot: "am" or "pm" for the two runs of a double, else None.
        week_context: Where the session sits in its week, for the trail-share cue and the
            strength routine; None when rebuilding a single session.

    Returns:
        The session, with steps, cues, kit and safety notes. ``distance_km`` is an estimate
        for road and track sessions and None on trail, cross-training and rest days.
    """
    writer = _WRITERS[spec.kind]
    draft, minutes = writer(spec, paces, profile)
    track_or_road = spec.surface in (Surface.ROAD, Surface.TRACK, Surface.TREADMILL)
    if spec.note and spec.kind is not SessionKind.REST:
        draft.step("note", spec.note)
    if week_context is not None:
        _context_cues(draft, spec, week_context)
    if spec.night:
        draft.title = f"Night run: {draft.title}"
        draft.kit = _join(draft.kit, KIT_NIGHT)
        draft.safety = SAFETY_NIGHT
        draft.cues.append(
            "Night run: rehearse with the headlamp you will race with; shorten your stride "
            "on rough ground."
        )
    if spec.vest and spec.kind is not SessionKind.LONG:
        draft.kit = _join(draft.kit, KIT_LOADED_VEST)
    if slot == "am":
        draft.title = f"Morning: {draft.title}"
        draft.cues.append("Second run this evening: keep this one crisp and short.")
    elif slot == "pm":
        draft.title = f"Evening: {draft.title}"
        draft.cues.append("This morning's run was the work; this one is truly easy.")
    if paces.estimated and any(s.pace_s_per_km is not None for s in draft.steps):
        draft.cues.append(
            "Paces are estimated from your easy pace; a race or time trial will sharpen them."
        )
    distance: float | None = None
    if track_or_road and spec.kind not in (SessionKind.REST, SessionKind.CROSS):
        distance = round(draft.distance_m / 1000.0, 1)
    return Session(
        date=day,
        kind=spec.kind,
        surface=spec.surface,
        hard=is_hard(spec),
        duration_min=float(round(minutes)),
        distance_km=distance,
        target_rpe=0 if spec.kind is SessionKind.REST else spec.target_rpe,
        title=draft.title,
        steps=tuple(draft.steps),
        cues=tuple(draft.cues),
        kit=draft.kit,
        safety=draft.safety,
        slot=slot,
        spec=spec,
    )


def _join(first: str | None, second: str) -> str:
    return second if not first else f"{first} {second}"


def context_key(spec: WorkoutSpec, ctx: WeekContext | None) -> tuple[object, ...]:
    """The parts of ``ctx`` that change how ``spec`` is cued (kept next to the cue code).

    Two sessions with equal specs and equal keys read the same but for their date, so a
    planner can dress one and copy it.
    """
    if ctx is None:
        return ()
    trail = spec.surface is Surface.TRAIL and ctx.trail_share > 0 and ctx.trail_ordinal > 0
    return (
        (_share_words(ctx.trail_share), ctx.trail_ordinal, ctx.trail_runs) if trail else None,
        ctx.deload and spec.kind is SessionKind.LONG,
        ctx.phase is Phase.TAPER and spec.kind in REP_KINDS,
        ctx.strength,
        ctx.climb_m if _carries_climb(spec, ctx) else 0,
    )


def _carries_climb(spec: WorkoutSpec, ctx: WeekContext) -> bool:
    """The week's climbing target is cued on its long trail run (day one of a pair)."""
    return (
        ctx.climb_m > 0
        and spec.kind is SessionKind.LONG
        and spec.surface is Surface.TRAIL
        and not spec.back_to_back
    )


def _context_cues(draft: _Draft, spec: WorkoutSpec, ctx: WeekContext) -> None:
    if spec.surface is Surface.TRAIL and ctx.trail_share > 0 and ctx.trail_ordinal > 0:
        draft.cues.append(_share_cue(ctx.trail_share, ctx.trail_ordinal, ctx.trail_runs))
    if _carries_climb(spec, ctx):
        draft.cues.append(
            f"Climbing this week: about {ctx.climb_m} m of ascent in all, most of it on this "
            "run. Pick hilly routes and hike what is steep, as you will on race day."
        )
    if ctx.deload and spec.kind is SessionKind.LONG:
        draft.cues.append("Lighter week: shorter long run so the training can sink in.")
    if ctx.phase is Phase.TAPER and spec.kind in REP_KINDS:
        draft.cues.append("Taper: less volume, same sharpness. Finish feeling you had more.")
    if ctx.strength and spec.kind in (SessionKind.EASY, SessionKind.RECOVERY, SessionKind.CROSS):
        draft.step("strength", f"After the run: {STRENGTH_TEXT}", minutes=15.0)
    elif ctx.strength and spec.kind is SessionKind.REST:
        draft.steps = [s for s in draft.steps if s.kind != "strength"]
        draft.step("strength", f"Today: {STRENGTH_TEXT}", minutes=15.0)


# --- writers, one per kind ------------------------------------------------------------------


def _warmup(draft: _Draft, minutes: float, paces: TrainingPaces, on_trail: bool) -> None:
    drills = WARMUP_DRILLS.format(n=RULES.strides)
    where = " on trail" if on_trail else ""
    text = f"{minutes_text(minutes)} easy{where} + drills ({drills})"
    draft.step("warmup", text, minutes=minutes)
    if not on_trail:
        draft.run(minutes, zone_pace(paces, "E"))


def _cooldown(draft: _Draft, minutes: float, paces: TrainingPaces, on_trail: bool) -> None:
    draft.step("cooldown", f"{minutes_text(minutes)} easy cool-down", minutes=minutes)
    if not on_trail:
        draft.run(minutes, zone_pace(paces, "E"))


def _reps_label(spec: WorkoutSpec, st: RepStructure) -> str:
    reps = max(1, spec.reps or _default_reps(spec.kind))
    if spec.rep_distance_m and spec.kind is not SessionKind.TEMPO:
        if spec.surface is Surface.TRAIL:
            return f"{reps} x {_seconds_text(st.rep_s)}"
        return f"{reps} x {int(spec.rep_distance_m)} m"
    if reps == 1:  # §3b: a continuous tempo or an M run reads as one block of time
        return minutes_text(st.rep_s / 60.0)
    return f"{reps} x {minutes_text(st.rep_s / 60.0)}"


def _write_reps(
    spec: WorkoutSpec, paces: TrainingPaces, profile: AthleteProfile
) -> tuple[_Draft, float]:
    """Track, intervals and tempo: warm-up, reps at a pace (or RPE on trail), cool-down."""
    st = rep_structure(spec, paces)
    on_trail = spec.surface is Surface.TRAIL
    reps = max(1, spec.reps or _default_reps(spec.kind))
    label = _reps_label(spec, st)
    zone = _default_zone(spec)
    rpe = _rpe_text(spec.kind, spec.target_rpe)
    race_pace = spec.kind is SessionKind.TEMPO and zone in ("M", "HM") and not on_trail
    if race_pace:
        # Marathon or half-marathon pace is steadier than a tempo (§2: M is RPE 5-6): a
        # coach's read found "1 h at M (RPE 6-7)" cued as "comfortably hard", i.e. as T.
        low = min(RULES.race_pace_rpe[zone], spec.target_rpe)
        rpe = f"RPE {low}-{low + 1}"
    by_distance = bool(spec.rep_distance_m) and spec.kind is not SessionKind.TEMPO
    on_track = spec.surface is Surface.TRACK
    if race_pace:
        name = "Marathon-pace run" if zone == "M" else "Half-marathon-pace run"
    elif spec.kind is SessionKind.TEMPO:
        name = "Trail tempo" if on_trail else "Tempo"
    elif on_track:
        name = "Track"
    else:
        name = "Trail intervals" if on_trail else "Intervals"
    if st.pace is None:
        draft = _Draft(f"{name}: {label} at {rpe}")
        main = f"{label} at {rpe}, by effort: on trail the terrain sets the pace, not the watch"
        draft.step("main", main, minutes=st.main, reps=reps, rpe=spec.target_rpe)
    else:
        pace_txt = _pace_text(st.pace, profile.units)
        if by_distance and on_track:
            per400 = rep_time_s(st.pace, 400)
            headline = format_pace(st.rep_s)
            draft = _Draft(f"{name}: {label} at {headline}")
            detail = f"{zone} pace, {pace_txt}"
            if (spec.rep_distance_m or 400) != 400:
                detail = f"{format_pace(per400)} per 400 m, {detail}"
            main = f"{label} at {headline} each ({detail})"
        elif by_distance:
            draft = _Draft(f"{name}: {label} at {pace_txt}")
            main = f"{label} at {pace_txt} ({zone} pace, {format_pace(st.rep_s)} each)"
        else:
            draft = _Draft(f"{name}: {label} at {pace_txt}")
            zone_name = "half-marathon pace" if zone == "HM" else f"{zone} pace"
            main = f"{label} at {pace_txt} ({zone_name}, {rpe})"
        draft.step(
            "main",
            main,
            minutes=st.main,
            reps=reps,
            distance_m=spec.rep_distance_m if by_distance else None,
            pace=st.pace,
            rep_time=st.rep_s,
            rpe=spec.target_rpe,
        )
    _warmup_first(draft, st, paces, on_trail)
    if reps > 1:
        if spec.kind is SessionKind.TEMPO:
            text = f"{minutes_text(st.recovery_s / 60.0)} jog between reps"
        else:
            text = f"Equal-time jog recoveries ({_seconds_text(st.recovery_s)} easy jog)"
        draft.step("recovery", text, minutes=(reps - 1) * st.recovery_s / 60.0)
    if st.pace is not None:
        reps_time = reps * st.rep_s / 60.0
        draft.run(reps_time, st.pace)
        draft.run((reps - 1) * st.recovery_s / 60.0, paces.easy_max)
    _cooldown(draft, st.cooldown, paces, on_trail)
    draft.cues.append(FORM_CUE)
    if race_pace:
        draft.cues.append(
            "Race rhythm, not a tempo: steady and controlled, the pace you will race at; you "
            "could speak in short sentences."
        )
    elif spec.kind is SessionKind.TEMPO:
        draft.cues.append("Tempo is comfortably hard: you could speak a few words, not chat.")
    else:
        draft.cues.append("Even reps beat one fast rep: the last should match the first.")
    if zone == "R" and by_distance and not on_track and not on_trail:
        draft.cues.append(ROAD_REPS_CUE)
    draft.kit = KIT_INTERVALS
    draft.safety = SAFETY_TRAIL if on_trail else (SAFETY_TRACK if on_track else SAFETY_HARD)
    return draft, st.total


def _warmup_first(draft: _Draft, st: RepStructure, paces: TrainingPaces, on_trail: bool) -> None:
    """Put the warm-up before the main set already written."""
    main = draft.steps[:]
    draft.steps.clear()
    _warmup(draft, st.warmup, paces, on_trail)
    draft.steps.extend(main)


def _write_hills(
    spec: WorkoutSpec, paces: TrainingPaces, profile: AthleteProfile
) -> tuple[_Draft, float]:
    """Hill repeats (§5): N x 4 min uphill at RPE 7-8, walk/jog down, by effort everywhere."""
    st = rep_structure(spec, paces)
    on_trail = spec.surface is Surface.TRAIL
    reps = max(1, spec.reps or _default_reps(spec.kind))
    climb = minutes_text(st.rep_s / 60.0)
    rpe = _rpe_text(spec.kind, spec.target_rpe)
    sustained = (spec.rep_duration_min or 0.0) >= RULES.sustained_climb_minutes
    name = "Trail hill repeats" if on_trail else "Hill repeats"
    if sustained:
        name = "Sustained climbs"
        rpe = f"RPE {spec.target_rpe}-{spec.target_rpe + 1}"
    draft = _Draft(f"{name}: {reps} x {climb} uphill")
    _warmup(draft, st.warmup, paces, on_trail)
    how = (
        "race effort: run what is runnable, power-hike the steep parts, hands on the thighs"
        if sustained
        else "drive the arms, short quick steps, tall posture"
    )
    draft.step(
        "main",
        f"{reps} x {climb} uphill at {rpe}: {how}",
        minutes=reps * st.rep_s / 60.0,
        reps=reps,
        rep_time=st.rep_s,
        rpe=spec.target_rpe,
    )
    draft.step("recovery", "Walk/jog down after each climb", minutes=reps * st.recovery_s / 60.0)
    if not on_trail:
        draft.run(st.main, zone_pace(paces, "E"))
    _cooldown(draft, st.cooldown, paces, on_trail)
    draft.cues.append(FORM_CUE)
    draft.cues.append("Hills are strength work in disguise: the effort, not the speed, counts.")
    if not on_trail:
        draft.cues.append("No hill nearby? A long ramp, a bridge or a parking-garage ramp works.")
    draft.kit = KIT_INTERVALS
    draft.safety = SAFETY_TRAIL if on_trail else SAFETY_HARD
    return draft, st.total


def _write_easy(
    spec: WorkoutSpec, paces: TrainingPaces, profile: AthleteProfile
) -> tuple[_Draft, float]:
    """Easy, recovery and steady runs: by pace on road, by time and RPE on trail."""
    minutes = spec.duration_min or _DEFAULT_MINUTES[spec.kind]
    on_trail = spec.surface is Surface.TRAIL
    rpe = _rpe_text(spec.kind, spec.target_rpe)
    label = {
        SessionKind.EASY: "easy",
        SessionKind.RECOVERY: "recovery",
        SessionKind.STEADY: "steady",
    }[spec.kind]
    finish = min(spec.tempo_finish_min, minutes / 2) if not on_trail else 0.0
    title = f"{label.capitalize()} {'trail ' if on_trail else ''}run {minutes_text(minutes)}"
    if spec.medium_long:
        title = f"Medium-long {'trail ' if on_trail else ''}run {minutes_text(minutes)}"
    if finish > 0:
        title += f" with {minutes_text(finish)} tempo"
    draft = _Draft(title)
    if on_trail:
        draft.step(
            "main",
            f"{minutes_text(minutes)} {label} trail run at {rpe}: by time and effort, not pace",
            minutes=minutes,
            rpe=spec.target_rpe,
        )
        draft.safety = SAFETY_TRAIL
    else:
        if spec.kind is SessionKind.STEADY:
            pace = (paces.marathon + zone_pace(paces, "E")) / 2
            target = f"around {_pace_text(pace, profile.units)}"
        elif spec.kind is SessionKind.RECOVERY:
            pace = paces.easy_max
            target = f"{_pace_text(pace, profile.units)} or slower"
        else:
            pace = zone_pace(paces, "E")
            target = f"{_easy_range_text(paces, profile.units)} (E pace)"
        draft.step(
            "main",
            f"{minutes_text(minutes - finish)} {label} at {target}, {rpe}",
            minutes=minutes - finish,
            pace=pace,
            rpe=spec.target_rpe,
        )
        draft.run(minutes - finish, pace)
        if finish > 0:
            draft.step(
                "main",
                f"Then {minutes_text(finish)} controlled tempo at "
                f"{_pace_text(paces.threshold, profile.units)} (T pace, RPE 6-7)",
                minutes=finish,
                pace=paces.threshold,
                rpe=7,
            )
            draft.run(finish, paces.threshold)
            draft.cues.append(
                "The tempo finish keeps the speed from the track: controlled, not a race."
            )
    if spec.medium_long:
        draft.cues.append(
            "Medium-long run: the week's second key run. Easy all the way; it builds the "
            "endurance the long run needs without a second long day."
        )
    if spec.kind is SessionKind.RECOVERY:
        draft.cues.append("Slower than you think: this run is for blood flow, not fitness.")
    elif spec.kind is SessionKind.STEADY:
        draft.cues.append("Steady, not hard: you should finish feeling you could go on.")
    else:
        draft.cues.append("Conversational pace: you can talk in full sentences.")
    return draft, minutes


def _write_long(
    spec: WorkoutSpec, paces: TrainingPaces, profile: AthleteProfile
) -> tuple[_Draft, float]:
    """Long run (§5): road at E pace (last 15 min at M in competition); trail by time + fuel."""
    minutes = spec.duration_min or _DEFAULT_MINUTES[SessionKind.LONG]
    on_trail = spec.surface is Surface.TRAIL
    rpe = _rpe_text(spec.kind, spec.target_rpe)
    if on_trail:
        draft = _Draft(f"Long trail run {minutes_text(minutes)}")
        draft.step(
            "main",
            f"{minutes_text(minutes)} on trail at {rpe}, by time: hike the steep climbs, "
            "run the flats and downhills relaxed",
            minutes=minutes,
            rpe=spec.target_rpe,
        )
        draft.safety = SAFETY_TRAIL
        if spec.vest:
            draft.title += " with the loaded vest"
            draft.kit = KIT_LOADED_VEST
            draft.cues.append("Race-kit rehearsal: run with the vest loaded as on race day.")
        elif minutes >= RULES.vest_from_minutes:
            draft.kit = KIT_VEST
    else:
        finish = min(spec.finish_at_marathon_min, minutes / 3)
        easy = minutes - finish
        half = spec.finish_zone == "HM"
        zone_name = "half-marathon pace" if half else "M pace"
        finish_pace = _half_pace(paces) if half else paces.marathon
        title = f"Long run {minutes_text(minutes)}"
        if spec.back_to_back:
            title = f"Back-to-back long run {minutes_text(minutes)}"
        if finish > 0:
            title += f", last {minutes_text(finish)} at {'HMP' if half else 'M'}"
        draft = _Draft(title)
        draft.step(
            "main",
            f"{minutes_text(easy)} at {_easy_range_text(paces, profile.units)} (E pace), {rpe}",
            minutes=easy,
            pace=zone_pace(paces, "E"),
            rpe=spec.target_rpe,
        )
        draft.run(easy, zone_pace(paces, "E"))
        if finish > 0:
            draft.step(
                "main",
                f"Last {minutes_text(finish)} at {_pace_text(finish_pace, profile.units)} "
                f"({zone_name}): race rhythm on tired legs",
                minutes=finish,
                pace=finish_pace,
                rpe=6 if not half else 7,
            )
            draft.run(finish, finish_pace)
    if spec.back_to_back:
        if on_trail:
            draft.title = f"Back-to-back {draft.title[0].lower()}{draft.title[1:]}"
        draft.cues.append(
            "Day two of a back-to-back: yesterday's long run in your legs is the point. "
            "Easy effort, walk the climbs, practise eating on tired legs."
        )
    else:
        draft.cues.append("Start slower than you think; the long run is built on patience.")
    if minutes >= RULES.fuel_from_minutes:
        draft.cues.append(_fuel_cue(profile))
    return draft, minutes


def _half_pace(paces: TrainingPaces) -> float:
    """Half-marathon race pace from the VDOT (s/km)."""
    km = RACE_DISTANCES_KM["half"]
    return predict_time_s(paces.vdot, km) / km


def _fuel_cue(profile: AthleteProfile) -> str:
    """Fuelling in long runs: race fuelling practice for marathon and trail goals (§3b)."""
    if profile.goal in (GoalKind.TRAIL, GoalKind.ROAD_MARATHON):
        low, high = RULES.fuel_carbs_g_per_hour
        f_low, f_high = RULES.fuel_fluid_ml_per_hour
        return (
            f"Practise race fuelling: {low}-{high} g of carbohydrate and {f_low}-{f_high} ml "
            "of fluid an hour, from the first 30 min, with salt in the heat."
        )
    return (
        f"Drink {RULES.water_ml_per_hour} ml/h water; past an hour and a half, a gel every "
        f"{RULES.gel_every_minutes} min."
    )


def _trial_parts(spec: WorkoutSpec, paces: TrainingPaces) -> tuple[float, float, float, float]:
    """(warm-up, trial, cool-down, total) minutes of a time trial; the trial's time is the
    VDOT's prediction for its distance."""
    km = (spec.rep_distance_m or RULES.time_trial_km * 1000.0) / 1000.0
    trial = predict_time_s(paces.vdot, km) / 60.0
    warm, cool = RULES.warmup_minutes, RULES.cooldown_minutes
    return warm, trial, cool, warm + trial + cool


def _write_time_trial(
    spec: WorkoutSpec, paces: TrainingPaces, profile: AthleteProfile
) -> tuple[_Draft, float]:
    """Time trial (§3b): an even, hard effort over 3 or 5 km whose result sets the paces."""
    warm, trial, cool, total = _trial_parts(spec, paces)
    km = (spec.rep_distance_m or RULES.time_trial_km * 1000.0) / 1000.0
    measured = spec.surface in (Surface.ROAD, Surface.TRACK)  # §2: no distances off-road
    where = "on the track" if spec.surface is Surface.TRACK else "on a flat, quiet road"
    draft = _Draft(f"Time trial: {km:g} km")
    _warmup(draft, warm, paces, False)
    draft.step(
        "main",
        f"{km:g} km {where} as fast as you can hold evenly, at "
        f"{_rpe_text(spec.kind, spec.target_rpe)}: about {format_duration(trial * 60.0)} "
        "on today's estimate",
        minutes=trial,
        distance_m=km * 1000.0 if measured else None,
        rpe=spec.target_rpe,
    )
    if measured:
        draft.distance_m += km * 1000.0
    _cooldown(draft, cool, paces, False)
    draft.cues.append(
        "Log your time and distance afterwards (e.g. /log 5k 24:10): I'll set your paces from "
        "it instead of the estimate."
    )
    draft.cues.append("Start at a pace you can hold; the last kilometre is where it counts.")
    draft.kit = KIT_INTERVALS
    draft.safety = SAFETY_HARD
    return draft, total


def _write_technical(
    spec: WorkoutSpec, paces: TrainingPaces, profile: AthleteProfile
) -> tuple[_Draft, float]:
    """Technical downhill practice (§5): skill, not speed."""
    minutes = spec.duration_min or _DEFAULT_MINUTES[SessionKind.TECHNICAL]
    on_trail = spec.surface is Surface.TRAIL
    warm = min(RULES.warmup_minutes, minutes / 3)
    cool = min(RULES.cooldown_minutes, minutes / 4)
    main = minutes - warm - cool
    draft = _Draft(f"Technical downhill practice {minutes_text(minutes)}")
    where = "on an easy trail" if on_trail else "on flat ground"
    draft.step("warmup", f"{minutes_text(warm)} easy {where}", minutes=warm)
    ground = "technical downhill" if on_trail else "a gentle descent"
    draft.step(
        "main",
        f"{minutes_text(main)} of 1-2 min controlled runs down {ground} at "
        f"{_rpe_text(spec.kind, spec.target_rpe)}, walking back up: short quick steps, eyes "
        "3-4 m ahead, arms wide for balance",
        minutes=main,
        rpe=spec.target_rpe,
    )
    draft.step("cooldown", f"{minutes_text(cool)} easy cool-down", minutes=cool)
    if not on_trail:
        draft.run(minutes, zone_pace(paces, "E"))
    draft.cues.append("Slow down before you need to: control first, speed comes with practice.")
    draft.cues.append(HIKE_FIRST_CUE)
    draft.safety = (
        "Go with a friend or tell someone your route; turn back when it's wet and slick "
        "beyond your skill."
    )
    return draft, minutes


def _write_cross(
    spec: WorkoutSpec, paces: TrainingPaces, profile: AthleteProfile
) -> tuple[_Draft, float]:
    """Cross-training (§4): cycling or swimming in place of an easy run."""
    minutes = spec.duration_min or _DEFAULT_MINUTES[SessionKind.CROSS]
    draft = _Draft(f"Cross-training {minutes_text(minutes)}: cycling or swimming")
    draft.step(
        "main",
        f"{minutes_text(minutes)} easy cycling or swimming at "
        f"{_rpe_text(spec.kind, spec.target_rpe)}, instead of an easy run",
        minutes=minutes,
        rpe=spec.target_rpe,
    )
    draft.cues.append("Keep it conversational: this replaces an easy run, not a workout.")
    return draft, minutes


def _write_rest(
    spec: WorkoutSpec, paces: TrainingPaces, profile: AthleteProfile
) -> tuple[_Draft, float]:
    """Rest day (§4), with optional mobility when the athlete wants rest-day notes."""
    draft = _Draft("Rest day")
    draft.step("note", spec.note or "No running today: recovery is where fitness is made.")
    if profile.rest_day_notes:
        draft.step("strength", MOBILITY_TEXT, minutes=15.0)
    return draft, 0.0


def _write_race(
    spec: WorkoutSpec, paces: TrainingPaces, profile: AthleteProfile
) -> tuple[_Draft, float]:
    """Race day: warm-up, pacing plan and fuel for the goal race."""
    minutes = race_minutes(profile, paces)
    distance = race_distance_km(profile)
    goal = profile.goal
    if goal is GoalKind.TRAIL or spec.surface is Surface.TRAIL:
        gain = profile.trail_elevation_m
        name = f"trail {distance:g} km" + (f", {gain:.0f} m D+" if gain else "")
        draft = _Draft(f"Race day: {name}")
        draft.step("warmup", "5-10 min easy walk/jog and a few leg swings", minutes=8.0)
        if minutes > RULES.long_race_minutes:
            low, high = RULES.ultra_race_rpe_band
            effort = f"RPE {low}-{high} all day, never 9 for hours"
        else:
            effort = f"first hour at RPE 5, then {_rpe_text(spec.kind, spec.target_rpe)}"
        draft.step(
            "main",
            f"Race {name}, about {minutes_text(minutes)}: {effort}; hike the steep climbs from "
            "the start, save the legs for the last third",
            minutes=minutes,
            rpe=spec.target_rpe,
        )
        c_low, c_high = RULES.fuel_carbs_g_per_hour
        f_low, f_high = RULES.fuel_fluid_ml_per_hour
        draft.cues.append(
            f"Fuel from the start: {c_low}-{c_high} g of carbohydrate and {f_low}-{f_high} ml "
            "of fluid an hour, with salt in the heat; eat at aid stations before you are hungry."
        )
        draft.kit = "Race vest with the mandatory kit; headlamp if you may finish after dark."
    else:
        label = {
            GoalKind.ROAD_5K: "5K",
            GoalKind.ROAD_10K: "10K",
            GoalKind.ROAD_HALF: "half marathon",
            GoalKind.ROAD_MARATHON: "marathon",
        }.get(goal, f"{distance:g} km")
        pace = minutes * 60.0 / distance
        draft = _Draft(f"Race day: {label}")
        if distance <= 10.5:
            warm_text = f"15 min easy + drills ({WARMUP_DRILLS.format(n=RULES.strides)})"
            warm = 15.0
        elif distance <= 22:
            warm_text = "10 min easy jog + 3 strides"
            warm = 10.0
        else:
            warm_text = "5-10 min walk and easy jog; save the legs"
            warm = 8.0
        draft.step("warmup", warm_text, minutes=warm)
        draft.step(
            "main",
            f"Race {label} at {_pace_text(pace, profile.units)} (about "
            f"{format_duration(minutes * 60.0)}): first km no faster than "
            f"{_pace_text(pace + 5, profile.units)}, settle, then push the last "
            f"{'km' if distance <= 10.5 else '5 km'}",
            minutes=minutes,
            pace=pace,
            distance_m=distance * 1000.0,
            rpe=spec.target_rpe,
        )
        draft.distance_m += distance * 1000.0
        if distance > 22:
            low, high = RULES.fuel_carbs_g_per_hour
            draft.cues.append(  # the fuelling the long runs practised (§3b)
                f"Fuel as you practised: {low}-{high} g of carbohydrate an hour from the first "
                "30 min (a gel is about 25 g), and drink at every station."
            )
        elif distance > 10.5:
            draft.cues.append("A gel around 45-60 min if you use them; sip water at stations.")
        draft.cues.append("Even pacing wins: the first kilometre should feel too easy.")
    draft.step("cooldown", "10 min walk, then easy jogging only if the legs say yes", minutes=10.0)
    draft.safety = SAFETY_RACE
    draft.cues.append("Nothing new on race day: shoes, breakfast and gels you have tried.")
    return draft, minutes


_Writer = Callable[[WorkoutSpec, TrainingPaces, AthleteProfile], tuple[_Draft, float]]
_WRITERS: Mapping[SessionKind, _Writer] = {
    SessionKind.REST: _write_rest,
    SessionKind.EASY: _write_easy,
    SessionKind.RECOVERY: _write_easy,
    SessionKind.STEADY: _write_easy,
    SessionKind.LONG: _write_long,
    SessionKind.TEMPO: _write_reps,
    SessionKind.INTERVALS: _write_reps,
    SessionKind.TRACK: _write_reps,
    SessionKind.HILLS: _write_hills,
    SessionKind.TECHNICAL: _write_technical,
    SessionKind.CROSS: _write_cross,
    SessionKind.RACE: _write_race,
    SessionKind.TIME_TRIAL: _write_time_trial,
}


# --- labels and substitutions ---------------------------------------------------------------


def describe(spec: WorkoutSpec) -> str:
    """A short label for reasons and summaries: "6 x 400 m", "long run 1 h 40", "45 min easy"."""
    kind = spec.kind
    trail = " trail" if spec.surface is Surface.TRAIL else ""
    if kind is SessionKind.REST:
        return "rest day"
    if kind is SessionKind.RACE:
        return "race"
    if kind is SessionKind.TIME_TRIAL:
        return f"{(spec.rep_distance_m or RULES.time_trial_km * 1000.0) / 1000.0:g} km time trial"
    if kind in REP_KINDS:
        reps = max(1, spec.reps or _default_reps(kind))
        if kind is SessionKind.HILLS:
            return f"{reps} x {minutes_text(spec.rep_duration_min or RULES.hill_rep_minutes)} hills"
        if spec.rep_distance_m and kind is not SessionKind.TEMPO:
            return f"{reps} x {int(spec.rep_distance_m)} m"
        rep = spec.rep_duration_min or (10.0 if kind is SessionKind.TEMPO else 3.0)
        what = " tempo" if kind is SessionKind.TEMPO else ""
        return f"{reps} x {minutes_text(rep)}{what}"
    minutes = spec.duration_min or _DEFAULT_MINUTES.get(kind, 40.0)
    if kind is SessionKind.LONG:
        return f"long{trail} run {minutes_text(minutes)}"
    if kind is SessionKind.TECHNICAL:
        return f"{minutes_text(minutes)} technical downhill"
    if kind is SessionKind.CROSS:
        return f"{minutes_text(minutes)} cross-training"
    return f"{minutes_text(minutes)} {kind.value}{trail}"


def track_to_road_tempo(spec: WorkoutSpec) -> WorkoutSpec:
    """A road tempo of the same effort for a track session (§5: no track or bad weather).

    The tempo's size follows the metres of fast running in the track set: up to 3 km of reps
    is 2 x 8 min at T, up to 4 km 2 x 10 min, up to 5 km 3 x 8 min, more is 3 x 10 min, all
    with 2-minute jogs. Specs that are not on the track come back unchanged.
    """
    if spec.kind is not SessionKind.TRACK and spec.surface is not Surface.TRACK:
        return spec
    reps = max(1, spec.reps or _default_reps(SessionKind.TRACK))
    metres = reps * (spec.rep_distance_m or 400.0)
    if metres <= 3000:
        tempo = (2, 8.0)
    elif metres <= 4000:
        tempo = (2, 10.0)
    elif metres <= 5000:
        tempo = (3, 8.0)
    else:
        tempo = (3, 10.0)
    return spec.model_copy(
        update={
            "kind": SessionKind.TEMPO,
            "surface": Surface.ROAD,
            "duration_min": 0.0,
            "reps": tempo[0],
            "rep_distance_m": None,
            "rep_duration_min": tempo[1],
            "intensity": "T",
            "target_rpe": DEFAULT_RPE[SessionKind.TEMPO],
        }
    )


def trail_to_road(spec: WorkoutSpec) -> WorkoutSpec:
    """The road version of a trail session (no trail access today).

    Same kind and time, paced from the VDOT again: easy at E, tempo at T, hill repeats on a
    road hill. Technical downhill practice has no road form and becomes an easy run of the
    same length. Specs that are not on trail come back unchanged.
    """
    if spec.surface is not Surface.TRAIL:
        return spec
    update: dict[str, object] = {"surface": Surface.ROAD}
    if spec.kind is SessionKind.TECHNICAL:
        update.update(
            kind=SessionKind.EASY,
            target_rpe=DEFAULT_RPE[SessionKind.EASY],
            duration_min=spec.duration_min or RULES.technical_minutes,
        )
    return spec.model_copy(update=update)
