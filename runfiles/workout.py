"""A session as a structured FIT workout the athlete loads on the watch.

The session's own steps are the source: warm-up, the main set (one block of time or
distance, or reps with their recoveries as a repeat block), cool-down. Targets follow the
coaching rules (COACHING.md §2): road and track steps carry a pace range from the athlete's
paces, trail steps carry none, only their time and the RPE in the step's name and notes.
Drills, strides, strength and notes are not watch steps: they stay in the message.

The FIT file is written with Garmin's FIT SDK encoder. It is deterministic: the same
session gives the same bytes (its creation time is the session's day, not the clock).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any, Literal

from garmin_fit_sdk import Encoder, Profile

from coach.models import Session, SessionKind, Step, Surface, TrainingPaces
from coach.workouts import minutes_text

#: A pace target is the planned pace plus and minus this share (2.5 %, about ±6 s/km at
#: 4:00/km): tight enough to hold the zone, wide enough that GPS jitter does not set the
#: watch beeping every few seconds. Easy running gets the athlete's whole easy range.
PACE_BAND = 0.025
#: Longest step name and notes written (bytes of UTF-8): watches show a short line, and a
#: FIT string field holds at most 255 bytes.
NAME_BYTES = 32
NOTES_BYTES = 200

Intensity = Literal["warmup", "active", "recovery", "cooldown"]

_MESG = Profile["mesg_num"]
_SUB_SPORT: dict[Surface, str] = {
    Surface.TRAIL: "trail",
    Surface.TRACK: "track",
    Surface.TREADMILL: "treadmill",
}
_MAIN_NAMES: dict[SessionKind, str] = {
    SessionKind.EASY: "Easy",
    SessionKind.RECOVERY: "Recovery run",
    SessionKind.STEADY: "Steady",
    SessionKind.LONG: "Long run",
    SessionKind.TEMPO: "Tempo",
    SessionKind.INTERVALS: "Interval",
    SessionKind.TRACK: "Rep",
    SessionKind.HILLS: "Uphill",
    SessionKind.TECHNICAL: "Downhill skills",
    SessionKind.CROSS: "Cross-training",
    SessionKind.RACE: "Race",
    SessionKind.TIME_TRIAL: "Time trial",
}


class NoWatchWorkout(ValueError):
    """The session has nothing to run (a rest day)."""


@dataclass(frozen=True, slots=True)
class WatchStep:
    """One step on the watch.

    Attributes:
        name: What the watch shows for the step.
        intensity: Warm-up, active, recovery or cool-down.
        seconds: Lasts this long (None when by distance or open).
        metres: Lasts this far (None when by time or open).
        pace: Target pace range (fast, slow) in s/km; None for no pace target.
        rpe: The effort to run it at, when the session sets one.
        notes: The session's full cue for the step.
    """

    name: str
    intensity: Intensity
    seconds: float | None = None
    metres: float | None = None
    pace: tuple[float, float] | None = None
    rpe: int | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class WatchRepeat:
    """Steps run ``times`` times in a row (reps and their recoveries)."""

    times: int
    steps: tuple[WatchStep, ...]


WatchItem = WatchStep | WatchRepeat


@dataclass(frozen=True, slots=True)
class WatchWorkout:
    """A session as watch steps, before it is written as FIT."""

    name: str
    sport: Literal["running", "generic"]
    sub_sport: str
    items: tuple[WatchItem, ...]

    @property
    def flat(self) -> tuple[WatchStep, ...]:
        """Every step once, in order, repeat blocks unrolled once."""
        out: list[WatchStep] = []
        for item in self.items:
            out.extend(item.steps if isinstance(item, WatchRepeat) else (item,))
        return tuple(out)


def watch_workout(session: Session, paces: TrainingPaces) -> WatchWorkout:
    """The session's watch steps.

    Args:
        session: The planned (or adjusted) session.
        paces: The athlete's training paces, for the easy range.

    Raises:
        NoWatchWorkout: On a rest day.
    """
    if session.is_rest:
        raise NoWatchWorkout("a rest day has no workout")
    recovery = next((s for s in session.steps if s.kind == "recovery"), None)
    items: list[WatchItem] = []
    for step in session.steps:
        if step.kind == "warmup":
            items.append(_timed("Warm-up", "warmup", step, paces))
        elif step.kind == "cooldown":
            items.append(_timed("Cool-down", "cooldown", step, paces))
        elif step.kind == "main":
            items.append(_main(session, step, recovery, paces))
    sport: Literal["running", "generic"] = (
        "generic" if session.kind is SessionKind.CROSS else "running"
    )
    return WatchWorkout(
        name=_clip(session.title, NAME_BYTES),
        sport=sport,
        sub_sport=_SUB_SPORT.get(session.surface, "generic"),
        items=tuple(items),
    )


def workout_fit(session: Session, paces: TrainingPaces) -> bytes:
    """The session as a FIT workout file, ready to load on a watch.

    Raises:
        NoWatchWorkout: On a rest day.
    """
    return encode_workout(watch_workout(session, paces), _created(session))


def encode_workout(workout: WatchWorkout, created: datetime) -> bytes:
    """Write ``workout`` as a FIT workout file (file_id, workout, workout_step messages)."""
    messages = _step_messages(workout.items)
    encoder = Encoder()
    encoder.on_mesg(
        _MESG["FILE_ID"],
        {
            "type": "workout",
            "manufacturer": "development",
            "product": 0,
            "serial_number": int(created.timestamp()) & 0x7FFFFFFF,
            "time_created": created,
        },
    )
    encoder.on_mesg(
        _MESG["WORKOUT"],
        {
            "wkt_name": workout.name,
            "sport": workout.sport,
            "sub_sport": workout.sub_sport,
            "num_valid_steps": len(messages),
        },
    )
    for message in messages:
        encoder.on_mesg(_MESG["WORKOUT_STEP"], message)
    return encoder.close()


def speed_m_s(pace_s_per_km: float) -> float:
    """Metres a second for a pace in seconds a kilometre (what FIT targets are written in)."""
    return 1000.0 / pace_s_per_km


def _created(session: Session) -> datetime:
    hour = 12 if session.slot == "pm" else 0
    return datetime.combine(session.date, time(hour), tzinfo=UTC)


def _step_messages(items: tuple[WatchItem, ...]) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, WatchRepeat):
            first = len(messages)
            for step in item.steps:
                messages.append(_step_message(step, len(messages)))
            messages.append(
                {
                    "message_index": len(messages),
                    "duration_type": "repeat_until_steps_cmplt",
                    "duration_value": first,
                    "target_type": "open",
                    "target_value": item.times,
                }
            )
        else:
            messages.append(_step_message(item, len(messages)))
    return messages


def _step_message(step: WatchStep, index: int) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_index": index,
        "wkt_step_name": _clip(step.name, NAME_BYTES),
        "intensity": step.intensity,
    }
    if step.seconds is not None:
        message.update(duration_type="time", duration_value=round(step.seconds * 1000))
    elif step.metres is not None:
        message.update(duration_type="distance", duration_value=round(step.metres * 100))
    else:
        message.update(duration_type="open")
    if step.pace is not None:
        fast, slow = step.pace
        message.update(
            target_type="speed",
            target_value=0,
            custom_target_value_low=round(speed_m_s(slow) * 1000),
            custom_target_value_high=round(speed_m_s(fast) * 1000),
        )
    else:
        message.update(target_type="open", target_value=0)
    if step.notes:
        message["notes"] = _clip(step.notes, NOTES_BYTES)
    return message


def _timed(name: str, intensity: Intensity, step: Step, paces: TrainingPaces) -> WatchStep:
    return WatchStep(
        name=name,
        intensity=intensity,
        seconds=None if step.duration_min is None else round(step.duration_min * 60.0),
        pace=_range(step.pace_s_per_km, paces),
        rpe=step.rpe,
        notes=step.text,
    )


def _main(session: Session, step: Step, recovery: Step | None, paces: TrainingPaces) -> WatchItem:
    """The main set: a repeat block for reps, one step for a block of time or distance."""
    reps = step.reps or 1
    name = _MAIN_NAMES.get(session.kind, "Run")
    pace = _range(step.pace_s_per_km, paces)
    if reps > 1:
        hills = session.kind is SessionKind.HILLS
        recoveries = reps if hills else reps - 1
        recovery_s = (
            round((recovery.duration_min or 0.0) * 60.0 / recoveries)
            if recovery is not None and recoveries > 0
            else 0
        )
        rep_s = step.rep_time_s
        if rep_s is None and step.duration_min is not None:
            main_s = step.duration_min * 60.0
            rep_s = main_s / reps if hills else (main_s - (reps - 1) * recovery_s) / reps
        metres = step.distance_m if step.distance_m and pace is not None else None
        seconds = None if metres is not None else (None if rep_s is None else round(rep_s))
        length = f"{metres:g} m" if metres is not None else minutes_text((seconds or 0) / 60.0)
        rep = WatchStep(
            name=_with_rpe(f"{name} {length}", pace, step.rpe),
            intensity="active",
            seconds=seconds,
            metres=metres,
            pace=pace,
            rpe=step.rpe,
            notes=step.text,
        )
        if recovery is None or recovery_s <= 0:
            return WatchRepeat(times=reps, steps=(rep,))
        rest = WatchStep(
            name="Walk/jog down" if hills else "Recovery jog",
            intensity="recovery",
            seconds=recovery_s,
            notes=recovery.text,
        )
        return WatchRepeat(times=reps, steps=(rep, rest))
    by_distance = step.distance_m is not None and (
        session.kind is SessionKind.RACE or session.kind is SessionKind.TIME_TRIAL
    )
    open_ended = session.kind is SessionKind.RACE and not by_distance
    return WatchStep(
        name=_with_rpe(name, pace, step.rpe),
        intensity="active",
        seconds=None
        if by_distance or open_ended or step.duration_min is None
        else round(step.duration_min * 60.0),
        metres=step.distance_m if by_distance else None,
        pace=pace,
        rpe=step.rpe,
        notes=step.text,
    )


def _range(pace: float | None, paces: TrainingPaces) -> tuple[float, float] | None:
    """The pace range of a step: the easy range for easy running, else pace ± the band."""
    if pace is None:
        return None
    if paces.easy_min - 0.5 <= pace <= paces.easy_max + 0.5:
        return (paces.easy_min, paces.easy_max)
    return (pace * (1 - PACE_BAND), pace * (1 + PACE_BAND))


def _with_rpe(name: str, pace: tuple[float, float] | None, rpe: int | None) -> str:
    """Steps without a pace carry their effort in the name: the watch shows no other target."""
    return name if pace is not None or rpe is None else f"{name} RPE {rpe}"


def _clip(text: str, limit: int) -> str:
    raw = text.encode("utf-8")
    if len(raw) <= limit:
        return text
    return raw[: limit - 3].decode("utf-8", errors="ignore").rstrip() + "..."
