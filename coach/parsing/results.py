"""What the reader returns (COACHING.md §6): a run log, a check-in, a pain report, what a
free-text message is, and the error that says what was not understood and what would be.
Re-exported by ``coach.parser``, where they have always been imported from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from coach.models import CheckIn, RunLog, RunStatus, SessionKind, Surface
from coach.parsing.dates import DateRef

RUN_EXAMPLE = "45min 8.2km rpe6 trail"
CHECKIN_EXAMPLE = "slept 7h, quality 4, soreness 2 calves"
PAIN_EXAMPLE = "knee hurts 5/10"


class ParseError(ValueError):
    """Text that could not be read, with what went wrong and an input that would work.

    Attributes:
        problem: What was not understood, quoting the offending bit.
        example: An input that would be understood.
    """

    def __init__(self, problem: str, example: str = RUN_EXAMPLE) -> None:
        super().__init__(problem, example)
        self.problem = problem
        self.example = example

    def __str__(self) -> str:
        return f'{self.problem} Try something like: "{self.example}".'


@dataclass(frozen=True)
class ParsedRun:
    """A run log read from text (COACHING.md §6). Distances are always km.

    ``status`` None means the athlete did not say, which the coach reads as done.
    """

    status: RunStatus | None = None
    duration_min: float | None = None
    distance_km: float | None = None
    rpe: int | None = None
    surface: Surface | None = None
    reps: str | None = None  # e.g. "6x400", "5x4min", "400m repeats"
    rep_count: int | None = None
    rep_distance_m: float | None = None
    pain_where: str | None = None
    pain_score: int | None = None
    note: str | None = None
    reps_done: int | None = None  # "only 4 reps", "4 of 6 reps": reps actually run
    done_share: float | None = None  # "half of it": the share of the session that was run

    def to_run_log(
        self,
        on: date,
        planned_duration_min: float | None = None,
        kind: SessionKind | None = None,
    ) -> RunLog:
        """The :class:`RunLog` for ``on``; the duration defaults to the planned one (§6), and
        the reps run are kept ("4 reps") when the set itself was not written."""
        duration = self.duration_min if self.duration_min is not None else planned_duration_min
        return RunLog(
            date=on,
            status=self.status or RunStatus.DONE,
            duration_min=duration,
            distance_km=self.distance_km,
            rpe=self.rpe,
            surface=self.surface,
            kind=kind,
            reps=self.reps or (f"{self.reps_done} reps" if self.reps_done is not None else None),
            pain_where=self.pain_where,
            pain_score=self.pain_score,
            note=self.note,
        )


@dataclass(frozen=True)
class ParsedCheckIn:
    """A morning check-in read from text (COACHING.md §6)."""

    sleep_hours: float | None = None
    sleep_quality: int | None = None
    soreness: int | None = None
    soreness_where: str | None = None
    pain_where: str | None = None
    pain_score: int | None = None
    stress: int | None = None
    mood: int | None = None
    motivation: int | None = None

    def to_checkin(self, on: date) -> CheckIn:
        """The :class:`CheckIn` for ``on`` (pain goes to a PainFlag, not here)."""
        return CheckIn(
            date=on,
            sleep_hours=self.sleep_hours,
            sleep_quality=self.sleep_quality,
            soreness=self.soreness,
            soreness_where=self.soreness_where,
            stress=self.stress,
            mood=self.mood,
            motivation=self.motivation,
        )


@dataclass(frozen=True)
class ParsedPain:
    """A pain report (COACHING.md §7): where, and a 0-10 score when given."""

    where: str
    score: int | None = None


MessageKind = Literal["run", "checkin", "pain", "unknown"]


@dataclass(frozen=True)
class ParsedMessage:
    """What :func:`classify` made of free text.

    ``kind`` says where the bot should route it; the payload of that kind is always set (except
    for "unknown", which carries ``error`` instead). Other payloads are filled too when the same
    message also carries them ("slept badly, ran 5k" is a run with a check-in attached), and
    ``pain`` is filled whenever pain is mentioned, whatever the kind, so a pain flag is never
    lost behind a run log.
    """

    kind: MessageKind
    run: ParsedRun | None = None
    checkin: ParsedCheckIn | None = None
    pain: ParsedPain | None = None
    error: ParseError | None = None
    illness: str | None = None  # "flu", "a cold", "fever": the athlete is ill (§7)
    date_ref: DateRef | None = None  # "yesterday", "on Tuesday": the day it is about
    last_night: bool = False  # "last night": sleep talk, or yesterday evening's run

    @property
    def hint(self) -> str | None:
        """A one-line, runner-readable hint for an unknown message."""
        return str(self.error) if self.error is not None else None
