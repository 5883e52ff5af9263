"""Workouts out: a session as a FIT workout file round-trips through fitdecode and through
Garmin's own decoder with the session's steps and targets (issue 17)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import fitdecode
import pytest
from garmin_fit_sdk import Decoder, Stream

from coach.models import (
    AthleteProfile,
    GoalKind,
    Session,
    SessionKind,
    Surface,
    TrainingPaces,
    WorkoutSpec,
)
from coach.planner import build_plan
from coach.workouts import build_session
from runfiles import NoWatchWorkout, watch_workout, workout_fit
from runfiles.workout import PACE_BAND, WatchRepeat, WatchStep, speed_m_s

DAY = date(2027, 1, 12)
PACES = TrainingPaces(
    vdot=45.0,
    easy_min=330.0,
    easy_max=365.0,
    marathon=290.0,
    threshold=272.0,
    interval=252.0,
    repetition=240.0,
)
PROFILE = AthleteProfile(goal=GoalKind.ROAD_10K, race_date=date(2027, 3, 7), weekly_km=40)

Decoded = tuple[Any, ...]


def session(kind: SessionKind, surface: Surface, minutes: float = 0.0, **kw: object) -> Session:
    spec = WorkoutSpec.model_validate(
        {"kind": kind, "surface": surface, "duration_min": minutes, **kw}
    )
    return build_session(spec, DAY, PACES, PROFILE)


def band(pace: float) -> tuple[float, float]:
    """The speed range (m/s, low then high) of a pace target."""
    return (speed_m_s(pace * (1 + PACE_BAND)), speed_m_s(pace * (1 - PACE_BAND)))


EASY_SPEEDS = (speed_m_s(PACES.easy_max), speed_m_s(PACES.easy_min))


# --- two independent decoders, one shape ---------------------------------------------------


def _shape(m: dict[str, Any]) -> Decoded:
    """A decoded workout_step as (duration, target, name, intensity), whatever the decoder."""
    kind = m["duration_type"]
    if kind == "repeat_until_steps_cmplt":
        return ("repeat", m["duration_step"], m["repeat_steps"])
    if kind == "time":
        duration: Decoded = ("time", round(m["duration_time"], 3))
    elif kind == "distance":
        duration = ("distance", round(m["duration_distance"], 2))
    else:
        duration = (kind,)
    if m["target_type"] == "speed":
        target: Decoded = (
            "speed",
            round(m["custom_target_speed_low"], 3),
            round(m["custom_target_speed_high"], 3),
        )
    else:
        target = (m["target_type"],)
    return (duration, target, m.get("wkt_step_name"), m.get("intensity"))


def with_fitdecode(data: bytes) -> tuple[dict[str, Any], list[Decoded]]:
    workout: dict[str, Any] = {}
    steps: list[Decoded] = []
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            values = {f.name: f.value for f in frame.fields}
            if frame.name == "workout":
                workout = values
            elif frame.name == "workout_step":
                steps.append(_shape(values))
    return workout, steps


def with_garmin_sdk(data: bytes) -> tuple[dict[str, Any], list[Decoded]]:
    checker = Decoder(Stream.from_byte_array(bytearray(data)))
    assert checker.is_fit()
    assert checker.check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    steps = [_shape(m) for m in messages["workout_step_mesgs"]]
    return messages["workout_mesgs"][0], steps


DECODERS = pytest.mark.parametrize("decode", [with_fitdecode, with_garmin_sdk])


def time_step(seconds: float, name: str, intensity: str, speeds: Any = None) -> Decoded:
    target: Decoded = ("open",) if speeds is None else ("speed", *(round(v, 3) for v in speeds))
    return (("time", float(seconds)), target, name, intensity)


# --- the session's steps and targets, read back ------------------------------------------


@DECODERS
def test_track_reps_are_a_repeat_block_with_the_r_pace_range(decode: Any) -> None:
    track = session(
        SessionKind.TRACK, Surface.TRACK, reps=6, rep_distance_m=400, intensity="R", target_rpe=8
    )
    workout, steps = decode(workout_fit(track, PACES))
    assert workout["wkt_name"] == track.title
    assert (workout["sport"], workout["sub_sport"]) == ("running", "track")
    warm, main, _, cool = track.steps
    low, high = (round(v, 3) for v in band(PACES.repetition))
    assert steps == [
        time_step((warm.duration_min or 0) * 60, "Warm-up", "warmup"),
        (("distance", 400.0), ("speed", low, high), "Rep 400 m", "active"),
        time_step(main.rep_time_s or 0, "Recovery jog", "recovery"),
        ("repeat", 1, 6),
        time_step((cool.duration_min or 0) * 60, "Cool-down", "cooldown"),
    ]
    assert low < speed_m_s(PACES.repetition) < high


@DECODERS
def test_trail_intervals_carry_time_and_rpe_never_a_pace(decode: Any) -> None:
    trail = session(
        SessionKind.INTERVALS, Surface.TRAIL, reps=5, rep_duration_min=3.0, target_rpe=8
    )
    workout, steps = decode(workout_fit(trail, PACES))
    assert workout["sub_sport"] == "trail"
    assert all(step[1] == ("open",) for step in steps if step[0] != "repeat")
    assert steps[1] == (("time", 180.0), ("open",), "Interval 3 min RPE 8", "active")
    assert steps[2] == (("time", 180.0), ("open",), "Recovery jog", "recovery")
    assert steps[3] == ("repeat", 1, 5)


@DECODERS
def test_road_tempo_reps_and_their_jogs(decode: Any) -> None:
    tempo = session(
        SessionKind.TEMPO, Surface.ROAD, reps=3, rep_duration_min=10.0, intensity="T", target_rpe=7
    )
    _, steps = decode(workout_fit(tempo, PACES))
    low, high = (round(v, 3) for v in band(PACES.threshold))
    assert steps[1] == (("time", 600.0), ("speed", low, high), "Tempo 10 min", "active")
    assert steps[2][3] == "recovery"
    assert steps[2][0] == ("time", 120.0)
    assert steps[3] == ("repeat", 1, 3)


@DECODERS
def test_hills_are_run_by_effort_with_a_walk_down_after_each_climb(decode: Any) -> None:
    hills = session(SessionKind.HILLS, Surface.ROAD, reps=8, rep_duration_min=1.0, target_rpe=8)
    _, steps = decode(workout_fit(hills, PACES))
    assert steps[1] == (("time", 60.0), ("open",), "Uphill 1 min RPE 8", "active")
    assert steps[2] == (("time", 60.0), ("open",), "Walk/jog down", "recovery")
    assert steps[3] == ("repeat", 1, 8)


@DECODERS
def test_easy_road_run_targets_the_whole_easy_range(decode: Any) -> None:
    easy = session(SessionKind.EASY, Surface.ROAD, 45.0, target_rpe=3)
    _, steps = decode(workout_fit(easy, PACES))
    assert steps == [time_step(45 * 60, "Easy", "active", EASY_SPEEDS)]


@DECODERS
def test_long_run_with_a_marathon_pace_finish(decode: Any) -> None:
    long_run = session(
        SessionKind.LONG, Surface.ROAD, 100.0, finish_at_marathon_min=20.0, target_rpe=4
    )
    _, steps = decode(workout_fit(long_run, PACES))
    low, high = (round(v, 3) for v in band(PACES.marathon))
    assert steps == [
        time_step(80 * 60, "Long run", "active", EASY_SPEEDS),
        (("time", 1200.0), ("speed", low, high), "Long run", "active"),
    ]


@DECODERS
def test_road_race_is_its_distance_at_race_pace(decode: Any) -> None:
    race = session(SessionKind.RACE, Surface.ROAD, target_rpe=9)
    _, steps = decode(workout_fit(race, PACES))
    main = next(s for s in race.steps if s.kind == "main")
    assert main.pace_s_per_km is not None
    low, high = (round(v, 3) for v in band(main.pace_s_per_km))
    assert steps[1] == (("distance", 10_000.0), ("speed", low, high), "Race", "active")


def test_a_rest_day_has_no_workout() -> None:
    rest = session(SessionKind.REST, Surface.REST)
    with pytest.raises(NoWatchWorkout):
        workout_fit(rest, PACES)


def test_the_same_session_writes_the_same_bytes() -> None:
    easy = session(SessionKind.EASY, Surface.ROAD, 45.0)
    assert workout_fit(easy, PACES) == workout_fit(easy, PACES)


# --- every session of a season, through both decoders ------------------------------------


def _expected(items: tuple[WatchStep | WatchRepeat, ...]) -> list[Decoded]:
    """What the steps must decode to, from the watch steps built for the session."""
    out: list[Decoded] = []
    for item in items:
        block = item.steps if isinstance(item, WatchRepeat) else (item,)
        first = len(out)
        for step in block:
            if step.seconds is not None:
                duration: Decoded = ("time", float(step.seconds))
            elif step.metres is not None:
                duration = ("distance", round(step.metres, 2))
            else:
                duration = ("open",)
            target: Decoded = ("open",)
            if step.pace is not None:
                fast, slow = step.pace
                target = ("speed", round(speed_m_s(slow), 3), round(speed_m_s(fast), 3))
            out.append((duration, target, step.name, step.intensity))
        if isinstance(item, WatchRepeat):
            out.append(("repeat", first, item.times))
    return out


def test_every_session_of_a_trail_and_road_season_round_trips() -> None:
    profile = AthleteProfile(
        goal=GoalKind.ROAD_10K,
        race_date=date(2027, 3, 14),
        run_days=(1, 2, 3, 5, 6),
        weekly_km=45.0,
        longest_run_km=14.0,
    )
    plan = build_plan(profile, date(2026, 11, 23))
    sessions = [s for w in plan.weeks for s in w.sessions if not s.is_rest]
    assert {s.surface for s in sessions} >= {Surface.ROAD, Surface.TRAIL, Surface.TRACK}
    for planned in sessions:
        watch = watch_workout(planned, plan.paces)
        data = workout_fit(planned, plan.paces)
        expected = _expected(watch.items)
        for decode in (with_fitdecode, with_garmin_sdk):
            _, steps = decode(data)
            assert steps == expected, planned.title
        main = [s for s in planned.steps if s.kind == "main"]
        reps = [item.times for item in watch.items if isinstance(item, WatchRepeat)]
        assert reps == [s.reps for s in main if (s.reps or 1) > 1], planned.title
        paced = [st for st in watch.flat if st.pace is not None]
        if planned.surface is Surface.TRAIL:
            assert paced == [], planned.title  # COACHING.md §2: no pace off-road
        for step in main:
            if step.pace_s_per_km is not None:
                assert any(
                    st.pace[0] <= step.pace_s_per_km <= st.pace[1]
                    for st in paced
                    if st.pace is not None
                ), planned.title
