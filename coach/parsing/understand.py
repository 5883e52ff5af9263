"""One message in, what the coach understood out (COACHING.md §6; ``stride parse``).

:func:`understand` is what the bot, the simulator and ``stride parse`` agree a message says:
its kind (a log, a check-in, pain, illness), the day it is about, the fields a coach would
write down, and the one question to ask when a value is not one a human could do. Missing
fields are filled the way a coach would, and marked so the athlete is told: a log without a
duration takes it from the distance at the athlete's easy pace, or the planned duration for
"did it"; a log without a surface takes the planned session's.

It never raises: whatever the text, the answer is an :class:`Understood`, "unknown" with the
reader's hint at worst.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from coach.models import RunStatus, Surface, Units
from coach.parser import ParsedCheckIn, ParsedMessage, ParsedRun, classify
from coach.parsing.dates import resolve
from coach.parsing.plausibility import (
    Clarification,
    check_distance,
    check_duration,
    check_pace,
    check_sleep,
)
from coach.rules import RULES, CoachingRules

Kind = Literal["log", "checkin", "pain", "illness", "unknown"]

#: Surfaces a run log shows; cross-training and rest are not where one runs.
_RUN_SURFACES = frozenset({Surface.ROAD, Surface.TRAIL, Surface.TRACK, Surface.TREADMILL})


@dataclass(frozen=True)
class Context:
    """What the coach knows when the message arrives (all optional: ``stride parse`` has none).

    Attributes:
        units: The athlete's units; a bare decimal next to a duration is read in these.
        easy_pace_s_per_km: The athlete's easy pace, to estimate a duration from a distance.
        planned_duration_min: The day's planned session, for "did it" and "half of it".
        planned_surface: The day's planned surface, carried to a log that names none.
        planned_hard: The planned session is hard (track, tempo, a trial): a log of it
            without a time takes the planned duration, not the distance at easy pace.
        ultra: The athlete's goal is an ultra: runs up to ``RULES.log_run_minutes_ultra``.
        planned_reps: The planned session's reps, for "only 4 reps".
        planned_reps_min: The minutes of the planned reps with their recoveries (the main
            set); the rest of the session (warm-up, cool-down) was run in full.
    """

    units: Units = Units.KM
    easy_pace_s_per_km: float | None = None
    planned_duration_min: float | None = None
    planned_surface: Surface | None = None
    planned_hard: bool = False
    ultra: bool = False
    planned_reps: int | None = None
    planned_reps_min: float | None = None


@dataclass(frozen=True)
class Understood:
    """What the coach understood from one message.

    Attributes:
        kind: "log", "checkin", "pain", "illness" or "unknown".
        day: The day the message is about (today unless it says otherwise); None if unknown.
        message: The reader's raw result (every payload it found).
        run: The run log with the coach's fills (estimated duration, planned surface).
        checkin: The check-in, alone or riding on a log; a sore joint in a log is pain
            ("ran 8k but knee sore"), not soreness.
        duration_estimated: The duration was not said but estimated (load marked estimated).
        surface_from_plan: The surface was not said but taken from the planned session.
        question: The one clarifying question to ask before anything is stored, or None.
    """

    kind: Kind
    day: date | None
    message: ParsedMessage
    run: ParsedRun | None = None
    checkin: ParsedCheckIn | None = None
    duration_estimated: bool = False
    surface_from_plan: bool = False
    question: Clarification | None = None

    def to_json(self) -> dict[str, object]:
        """The ``stride parse --json`` object (README: "stride parse"). Keys never change."""
        run, checkin, pain = self.run, self.checkin, self.message.pain
        status: str | None = None
        if run is not None and self.kind in ("log", "illness"):
            status = (run.status or RunStatus.DONE).value
        pain_score = (
            (pain.score if pain is not None else None)
            or (run.pain_score if run is not None else None)
            or (checkin.pain_score if checkin is not None else None)
        )
        pain_where = (
            (pain.where if pain is not None else None)
            or (run.pain_where if run is not None else None)
            or (checkin.pain_where if checkin is not None else None)
        )
        where = pain_where or (checkin.soreness_where if checkin is not None else None)
        surface = run.surface if run is not None and run.surface in _RUN_SURFACES else None
        return {
            "kind": self.kind,
            "date": self.day.isoformat() if self.day is not None else None,
            "status": status,
            "duration_min": _round(run.duration_min if run is not None else None, 2),
            "distance_km": _round(run.distance_km if run is not None else None, 3),
            "rpe": run.rpe if run is not None else None,
            "surface": surface.value if surface is not None else None,
            "reps_done": run.reps_done if run is not None else None,
            "sleep_hours": _round(checkin.sleep_hours if checkin is not None else None, 2),
            "sleep_quality": checkin.sleep_quality if checkin is not None else None,
            "soreness": checkin.soreness if checkin is not None else None,
            "where": where if self.kind != "illness" else None,
            "pain_score": pain_score,
            "question": self.question.question if self.question is not None else None,
        }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)


_KINDS: dict[str, Kind] = {"run": "log", "checkin": "checkin", "pain": "pain"}


def _kind(message: ParsedMessage) -> Kind:
    """Illness wins unless the message is a run that was run ("ran 5k despite a cold")."""
    run = message.run
    ran = (
        run is not None
        and run.status is not RunStatus.SKIPPED
        and (run.duration_min is not None or run.distance_km is not None or run.rpe is not None)
    )
    if message.illness is not None and not ran:
        return "illness"
    return _KINDS.get(message.kind, "unknown")


def _day(
    message: ParsedMessage, kind: Kind, today: date, rules: CoachingRules
) -> tuple[date | None, Clarification | None]:
    ref = message.date_ref
    if kind == "unknown":
        return None, None
    if ref is None:
        return today, None
    day = resolve(ref, today, checkin=kind == "checkin")
    said = ref.text.strip()
    if day is None:
        return today, Clarification("date", f"{said!r} is not a date I know: which day was it?")
    if day > today:
        return day, Clarification("date", f"{day:%a %d %b} is still to come: which day was it?")
    if today - day > timedelta(days=rules.log_days_back):
        return day, Clarification(
            "date",
            f"{day:%a %d %b} is more than {rules.log_days_back} days ago, further back than I "
            "keep: which day was it?",
        )
    return day, None


def fill_run(run: ParsedRun, context: Context) -> tuple[ParsedRun, bool, bool]:
    """The coach's fills for a log: a missing duration from the distance at the easy pace
    (unless a hard planned session was run hard), else the planned duration (the planned share for
    "half of it", the reps run for "only 4 reps"; nothing for a skip or a partly-done session
    that says nothing of its time);
    a missing surface from the plan (not for a skip).

    Returns:
        The run, whether its duration was estimated, whether its surface came from the plan.
    """
    estimated = False
    from_plan = False
    if run.duration_min is None and run.status is not RunStatus.SKIPPED:
        minutes: float | None = None
        easy = context.easy_pace_s_per_km
        # A hard planned session logged hard ("5k rpe 9" on trial day) took its planned
        # time; anything run easy ("3 miles easy, rpe 3") took its distance at easy pace.
        ran_hard = context.planned_hard and (run.rpe is None or run.rpe >= RULES.hard_rpe)
        if run.distance_km is not None and easy is not None and not ran_hard:
            minutes = run.distance_km * easy / 60.0
        elif context.planned_duration_min is not None:
            if run.done_share is not None:
                minutes = context.planned_duration_min * run.done_share
            elif run.status is not RunStatus.PARTLY:
                minutes = context.planned_duration_min
            elif run.reps_done is not None and context.planned_reps:
                minutes = _reps_minutes(run.reps_done, context)
        if minutes is not None:
            run = replace(run, duration_min=round(float(minutes), 1))
            estimated = True
    ran = run.status is not RunStatus.SKIPPED
    if ran and run.surface is None and context.planned_surface in _RUN_SURFACES:
        run = replace(run, surface=context.planned_surface)
        from_plan = True
    return run, estimated, from_plan


def _reps_minutes(reps_done: int, context: Context) -> float | None:
    """The time of a session cut to ``reps_done`` of its planned reps: the warm-up and
    cool-down in full, the main set (reps and recoveries) in proportion, so "only 4 reps"
    of a 60-min 6 x 400 m (a 20-min main set) is about 53 min and its load counts."""
    planned, reps = context.planned_duration_min, context.planned_reps
    if planned is None or not reps:
        return None
    main = context.planned_reps_min if context.planned_reps_min is not None else planned
    share = min(1.0, max(0.0, reps_done / reps))
    return planned - min(main, planned) * (1.0 - share)


def _run_question(
    run: ParsedRun, estimated: bool, context: Context, rules: CoachingRules
) -> Clarification | None:
    if run.status is RunStatus.SKIPPED:
        return None
    said_duration = run.duration_min if not estimated else None
    if said_duration is not None:
        question = check_duration(said_duration, ultra=context.ultra, rules=rules)
        if question is not None:
            return question
    if run.distance_km is not None:
        question = check_distance(run.distance_km, rules=rules)
        if question is not None:
            return question
    if said_duration is not None and run.distance_km is not None:
        return check_pace(said_duration, run.distance_km, rules=rules)
    return None


def understand(
    text: str, today: date, context: Context | None = None, rules: CoachingRules = RULES
) -> Understood:
    """What the coach understands from ``text``, sent on the athlete's local ``today``.

    Args:
        text: The message as typed (a leading command such as ``/log`` is ignored).
        today: The athlete's local date; "yesterday" and "on Tuesday" count back from it.
        context: What is known of the athlete and the day's plan; None: nothing (km, no
            estimates).
        rules: The coaching numbers (plausible ranges, how far back a log may go).

    Returns:
        The reading; ``question`` is set when something must be asked before storing.
    """
    context = context or Context()
    message = classify(text, context.units)
    kind = _kind(message)
    day, question = _day(message, kind, today, rules)
    run = message.run
    estimated = from_plan = False
    if run is not None and kind == "log":
        run, estimated, from_plan = fill_run(run, context)
        question = _run_question(run, estimated, context, rules) or question
    checkin = message.checkin
    if (
        kind == "log"
        and run is not None
        and checkin is not None
        and run.pain_where is not None
        and checkin.soreness_where == run.pain_where
    ):
        checkin = replace(checkin, soreness=None, soreness_where=None)
    if question is None and checkin is not None and checkin.sleep_hours is not None:
        question = check_sleep(checkin.sleep_hours, rules=rules)
    if question is None and kind == "unknown" and message.error is not None:
        problem = message.error.problem
        if problem.endswith("?"):
            question = Clarification("value", problem)
    return Understood(
        kind=kind,
        day=day,
        message=message,
        run=run,
        checkin=checkin,
        duration_estimated=estimated,
        surface_from_plan=from_plan,
        question=question,
    )
