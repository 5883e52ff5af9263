"""Progression ladders for every quality type (COACHING.md §3b, §5, seed 004).

Each ladder climbs one rung after a loading week that ran its rung in full; a lighter week
holds it, and so does a week whose volume could not hold the rung (the set is sized down to
Daniels' caps on fast running: R 5 %, I 8 %, T 10 % of the week). The same session never
repeats more than ``RULES.max_same_session_weeks`` loading weeks running (counted over the
ladder's uses, so a one-session athlete alternating two ladders is held to it too): a ladder
held at its top (or held down by volume) alternates with a neighbouring rung, or runs the
same work in reps half as long for a week. Beginners start on shorter reps
(``RULES.beginner_*_ladder``) before the ladders every athlete climbs.

Ladders: threshold, intervals (I on the road), track (R, then I), reps (R on the road, for
athletes without a track), hills, marathon pace (the long run's M finish, then M runs),
half-marathon pace (the long run's HMP finish).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from coach.models import GoalKind, Intensity, SessionKind, Surface, WorkoutSpec
from coach.planner.context import PlanContext, SeasonState, make_spec, round5
from coach.rules import RULES
from coach.workouts import zone_pace

THRESHOLD = "threshold"
INTERVALS = "intervals"
TRACK = "track"
HILLS = "hills"
MARATHON_PACE = "marathon pace"
HALF_PACE = "half pace"
REPS = "reps"
DOUBLE = "double"  # §4 doubles: the morning's short road intervals
HALF_REPS = "half pace reps"  # §3b half: reps at half-marathon pace (competition)

# A rung as the planner reads it: (reps, size, zone), size in metres for distance reps,
# minutes for timed reps, km for an M run; zone None for efforts by RPE.
Rung = tuple[int, float, Intensity | None]


def rungs(ctx: PlanContext, name: str) -> tuple[Rung, ...]:
    """The ladder ``name`` for this athlete (beginners start lower on T and I)."""
    if name == THRESHOLD:
        start = RULES.beginner_tempo_ladder if ctx.beginner else ()
        return tuple((r, m, "T") for r, m in (*start, *RULES.tempo_ladder))
    if name == INTERVALS:
        first = RULES.beginner_interval_ladder if ctx.beginner else ()
        return tuple((r, float(d), z) for r, d, z in (*first, *RULES.road_interval_ladder))
    if name == TRACK:
        return tuple((r, float(d), z) for r, d, z in RULES.track_ladder)
    if name == REPS:
        return tuple((r, float(d), z) for r, d, z in RULES.road_rep_ladder)
    if name == HILLS:
        climbs = RULES.trail_climb_ladder if ctx.profile.goal is GoalKind.TRAIL else ()
        return tuple((r, m, None) for r, m in (*RULES.hill_ladder, *climbs))
    if name == MARATHON_PACE:
        return tuple(
            (1 if kind == "run" else 0, size, "M") for kind, size in RULES.marathon_pace_ladder
        )
    if name == HALF_PACE:
        return tuple((0, m, None) for m in RULES.half_pace_finish_ladder)
    if name == DOUBLE:
        return tuple((r, m, "I") for r, m in RULES.doubles_am_ladder)
    if name == HALF_REPS:
        return tuple((r, m, "HM") for r, m in RULES.half_pace_rep_ladder)
    raise ValueError(f"no ladder named {name!r}")


def label(ctx: PlanContext, name: str, index: int) -> str:
    """ "threshold 3/7": the ladder and the rung, as ``stride plan --json`` shows it."""
    return f"{name} {index + 1}/{len(rungs(ctx, name))}"


def sized(reps: int, zone: str, rep_s: float, week_minutes: float, deload: bool) -> int:
    """Reps for a set: the rung's count, a quarter fewer in a deload week, and no more fast
    running than ``RULES.fast_work_share`` of the week allows (never under ``min_reps``)."""
    if deload:
        reps = math.floor(reps * RULES.deload_factor + 0.5)
    share = RULES.fast_work_share.get(zone, RULES.fast_work_share["I"])
    floor = RULES.fast_work_floor_minutes.get(zone, RULES.fast_work_floor_minutes["I"])
    most = math.floor(max(share * week_minutes, floor) * 60.0 / rep_s)
    return max(min(reps, RULES.min_reps.get(zone, 3)), min(reps, most))


def _rep_seconds(ctx: PlanContext, name: str, rung: Rung) -> float:
    _reps, size, zone = rung
    if name in (THRESHOLD, HILLS, DOUBLE, HALF_REPS):
        return 60.0 * size
    return zone_pace(ctx.paces, zone or "I") * size / 1000.0


def rung_index(ctx: PlanContext, state: SeasonState, name: str) -> int:
    """The rung the athlete stands on for ``name`` (their step, at most the top)."""
    return min(state.steps.get(name, 0), len(rungs(ctx, name)) - 1)


def _key(spec: WorkoutSpec, index: int, size: float) -> tuple[object, ...]:
    return (index, spec.reps, spec.rep_distance_m, spec.rep_duration_min, size)


def _repeated_too_often(state: SeasonState, name: str, key: tuple[object, ...]) -> bool:
    last = state.repeats.get(name)
    return last is not None and last[0][1:] == key[1:] and last[1] >= RULES.max_same_session_weeks


def rep_spec(
    ctx: PlanContext,
    state: SeasonState,
    name: str,
    week_minutes: float,
    deload: bool,
    *,
    surface: Surface,
    kind: SessionKind,
    top: int | None = None,
) -> tuple[WorkoutSpec, int]:
    """The spec of a rep session on ladder ``name`` (threshold, intervals, track, reps,
    hills), at most at rung ``top`` when given (e.g. the track ladder's last R rung).

    The athlete's rung, sized to the week. After three loading weeks of the same session
    (§3b) a variation that is not a climb: the rung below when it gives a different set,
    else the rung above when the week's volume caps it too (the same work in longer reps),
    else the same work in reps half as long. The rungs used stay one step apart, also on
    the way back, and a variation never climbs the athlete past a rung they did not run.
    """
    ladder = rungs(ctx, name)
    step = rung_index(ctx, state, name)
    if top is not None:
        step = min(step, top)
    options = [i for i in (step, step - 1, step + 1) if 0 <= i < len(ladder)]
    if top is not None:
        options = [i for i in options if i <= top]
    last = state.repeats.get(name)
    if last is not None:
        # One step at a time from the rung last run, also after a variation below it.
        ceiling = int(str(last[0][0])) + 1
        options = [i for i in options if i <= ceiling] or options[:1]
    first: tuple[WorkoutSpec, int] | None = None
    for index in options:
        spec = _rung_spec(ctx, name, index, week_minutes, deload, surface, kind)
        if first is None:
            first = (spec, index)
        if deload:
            return spec, index
        if index > step and (spec.reps is None or spec.reps >= ladder[index][0]):
            continue  # the rung above in full would be a climb, not a variation
        if not _repeated_too_often(state, name, _key(spec, index, ladder[index][1])):
            return spec, index
    assert first is not None
    spec, index = first
    return _split(spec), index


def _split(spec: WorkoutSpec) -> WorkoutSpec:
    """The same work in reps half as long (6 x 800 m -> 12 x 400 m, 2 x 10 min -> 4 x 5 min):
    one change, for a week when every neighbouring rung is the same set (§3b, seed 004)."""
    reps = spec.reps or 1
    distance, duration = spec.rep_distance_m, spec.rep_duration_min
    if distance:
        half = max(RULES.split_rep_min_m, round(distance / 2 / 100.0) * 100.0)
        reps, distance = round(reps * distance / half), half
    elif duration:
        half = max(1.0, float(math.floor(duration / 2)))
        reps, duration = round(reps * duration / half), half
    return make_spec(
        spec.kind,
        spec.surface,
        reps=reps,
        rep_distance_m=distance,
        rep_duration_min=duration,
        intensity=spec.intensity,
        ladder=spec.ladder,
    )


def _held_rep_minutes(count: int, reps: int, size: float, week_minutes: float) -> float:
    """Threshold reps of a set that Daniels' T cap cut from ``reps`` to ``count``: as long as
    the cap allows, in ``RULES.held_tempo_step_minutes`` steps, never longer than the rung's
    whole set shared by ``count``.

    A 3-day runner's week holds 2 x 10 min where the rung asks 3 x 10; as their volume
    builds, the reps grow (2 x 12, 2 x 14) instead of the same 2 x 10 all season (§3b:
    three-day runners progress too).
    """
    if count >= reps:
        return size
    step = RULES.held_tempo_step_minutes
    allowed = max(RULES.fast_work_share["T"] * week_minutes, RULES.fast_work_floor_minutes["T"])
    longest = min(size * reps / count, allowed / count)
    return max(size, step * math.floor(longest / step + 1e-9))


def _rung_spec(
    ctx: PlanContext,
    name: str,
    index: int,
    week_minutes: float,
    deload: bool,
    surface: Surface,
    kind: SessionKind,
) -> WorkoutSpec:
    rung = rungs(ctx, name)[index]
    reps, size, zone = rung
    cap_zone = "T" if zone == "HM" else zone or "I"  # HMP is held to the T cap (it is slower)
    count = sized(reps, cap_zone, _rep_seconds(ctx, name, rung), week_minutes, deload)
    tag = label(ctx, name, index)
    if name == HALF_REPS:
        return make_spec(
            SessionKind.TEMPO,
            Surface.ROAD,
            reps=count,
            rep_duration_min=size,
            intensity="HM",
            ladder=tag,
            target_rpe=RULES.race_pace_rpe["HM"] + 1,
        )
    if name == HILLS:
        rpe = RULES.sustained_climb_rpe if size >= RULES.sustained_climb_minutes else None
        return make_spec(
            kind, surface, reps=count, rep_duration_min=size, ladder=tag, target_rpe=rpe
        )
    if name == THRESHOLD:
        effort = surface is Surface.TRAIL
        return make_spec(
            kind,
            surface,
            reps=count,
            rep_duration_min=_held_rep_minutes(count, reps, size, week_minutes),
            intensity=None if effort else "T",
            ladder=tag,
        )
    return make_spec(kind, surface, reps=count, rep_distance_m=size, intensity=zone, ladder=tag)


def marathon_pace(ctx: PlanContext, state: SeasonState) -> tuple[str, float, str]:
    """The next marathon-pace rung: ("finish", minutes) for a long run's M finish or
    ("run", minutes) for an M run, and its label."""
    index = rung_index(ctx, state, MARATHON_PACE)
    kind, size = RULES.marathon_pace_ladder[index]
    minutes = size if kind == "finish" else round5(size * ctx.paces.marathon / 60.0)
    return kind, minutes, label(ctx, MARATHON_PACE, index)


def half_pace(ctx: PlanContext, state: SeasonState) -> tuple[float, str]:
    """The next half-marathon-pace finish for a long run, and its label."""
    index = rung_index(ctx, state, HALF_PACE)
    return RULES.half_pace_finish_ladder[index], label(ctx, HALF_PACE, index)


def ladder_of(spec: WorkoutSpec) -> tuple[str, int] | None:
    """(ladder name, rung index) from a spec's label, None off the ladders."""
    if not spec.ladder:
        return None
    name, _, rung = spec.ladder.rpartition(" ")
    index = int(rung.split("/")[0]) - 1
    return name, index


def due_rung(ctx: PlanContext, state: SeasonState, name: str, index: int) -> int:
    """The rung the ladder ``name`` is due to stand on in plan week ``index``.

    §3b "one step at a time" climbs a 7-rung ladder in 7 loading weeks; over a 20-week
    runway the athlete would reach the top in week 8 and run it for three months. The climb
    is spread instead from the ladder's first week to the last week before the taper, so the
    top comes late in the build and the competition phase. The ladder still climbs at most
    one rung a week, and catches up a week at a time after a lighter week held it.
    """
    first = state.first_use.get(name, index)
    last = ctx.taper_index - 1
    top = len(rungs(ctx, name)) - 1
    if last <= first:
        return top
    return min(top, math.ceil((index - first) * top / (last - first)))


def advance(ctx: PlanContext, state: SeasonState, specs: Iterable[WorkoutSpec], week: int) -> None:
    """After a loading, non-deload week (plan week ``week``): each ladder that ran its rung
    in full climbs one rung when the next rung is due by next week (:func:`due_rung`); the
    run of identical sessions on each ladder is counted for the three-weeks rule (over the
    ladder's uses: a week without the ladder neither breaks nor extends it)."""
    seen: set[str] = set()
    for spec in specs:
        found = ladder_of(spec)
        if found is None:
            continue
        name, index = found
        if name in seen:
            continue
        seen.add(name)
        state.first_use.setdefault(name, week)
        reps, size, _zone = rungs(ctx, name)[index]
        full = reps == 0 or spec.reps is None or spec.reps >= reps
        if name not in (MARATHON_PACE, HALF_PACE):
            # A rung's set, not a variation of it (reps half as long do not climb).
            full = full and size in (spec.rep_distance_m, spec.rep_duration_min)
        if full and index + 1 <= due_rung(ctx, state, name, week + 1):
            state.steps[name] = max(state.steps.get(name, 0), index + 1)
        key = _key(spec, index, size)
        last = state.repeats.get(name)
        # The same session is the same set whichever rung it was sized down from (a rung
        # held by volume reads as the one below it), and the run goes on across the weeks
        # that used another ladder: a one-session athlete alternating threshold and
        # intervals would otherwise run the same 6 x 400 m in every interval week.
        count = last[1] + 1 if last is not None and last[0][1:] == key[1:] else 1
        state.repeats[name] = (key, count)
