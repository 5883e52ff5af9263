"""The questions of onboarding, /settings and /race: their order, their defaults, the
choices their buttons offer, and how a tap or a typed answer becomes columns to store.

Pure: nothing here sends or stores anything. A bad answer raises
:class:`flows.answers.AnswerError` and changes nothing. Whether a question is asked depends
only on the answers stored so far, so a restart resumes exactly where the athlete was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from coach.calendar import on_or_after
from coach.models import GoalKind, Units
from coach.paces import KM_PER_MILE
from coach.rules import RULES
from flows import answers
from flows.answers import AnswerError
from flows.timezones import is_zone, zone_from_text


class Step(StrEnum):
    """A question; the value is what its buttons carry in their callback data (short)."""

    GOAL = "goal"
    TRAIL_KM = "tkm"
    TRAIL_ELEV = "telev"
    RACE_DATE = "date"
    RUNS = "runs"
    DAYS = "days"
    LONG_DAY = "long"
    UNITS = "units"
    WEEKLY = "weekly"
    LONGEST = "longest"
    TRACK = "track"
    TRAILS = "trails"
    DOUBLES = "doubles"
    RACE_DIST = "rdist"
    RACE_TIME = "rtime"
    TIMEZONE = "tz"
    PUSH = "push"
    REMIND = "remind"


ONBOARDING: tuple[Step, ...] = (
    Step.GOAL,
    Step.TRAIL_KM,
    Step.TRAIL_ELEV,
    Step.RACE_DATE,
    Step.RUNS,
    Step.DAYS,
    Step.LONG_DAY,
    Step.UNITS,
    Step.WEEKLY,
    Step.LONGEST,
    Step.TRACK,
    Step.TRAILS,
    Step.DOUBLES,
    Step.RACE_DIST,
    Step.RACE_TIME,
    Step.TIMEZONE,
    Step.PUSH,
    Step.REMIND,
)
# /race: a new goal, then what that goal needs.
RACE: tuple[Step, ...] = (Step.GOAL, Step.TRAIL_KM, Step.TRAIL_ELEV, Step.RACE_DATE)


DEFAULT_DAYS: dict[int, tuple[int, ...]] = {
    1: (6,),
    2: (2, 6),
    3: (1, 3, 6),
    4: (1, 3, 5, 6),
    5: (0, 1, 3, 5, 6),
    6: (0, 1, 2, 3, 5, 6),
    7: (0, 1, 2, 3, 4, 5, 6),
}
DEFAULT_PUSH = time(6, 30)
DEFAULT_REMIND = time(20, 0)
GOALS: tuple[GoalKind, ...] = (
    GoalKind.ROAD_5K,
    GoalKind.ROAD_10K,
    GoalKind.ROAD_HALF,
    GoalKind.ROAD_MARATHON,
    GoalKind.TRAIL,
    GoalKind.FITNESS,
)
# Weeks to race day the date buttons offer, per goal (each a Sunday on or after).
RACE_WEEKS: dict[GoalKind, tuple[int, ...]] = {
    GoalKind.ROAD_5K: (8, 10, 12, 16),
    GoalKind.ROAD_10K: (10, 12, 16, 20),
    GoalKind.ROAD_HALF: (12, 16, 20, 24),
    GoalKind.ROAD_MARATHON: (16, 20, 24, 30),
    GoalKind.TRAIL: (12, 16, 24, 32),
}
TRAIL_KM_CHOICES: tuple[float, ...] = (21, 30, 42, 50, 80, 100)
TRAIL_ELEV_CHOICES: tuple[float, ...] = (500, 1000, 1500, 2500, 4000, 6000)
# Weekly volume ranges: (low, high or None, the value stored) in the athlete's unit.
WEEKLY_KM: tuple[tuple[float, float | None, float], ...] = (
    (0, 15, 10),
    (15, 30, 22),
    (30, 45, 38),
    (45, 60, 52),
    (60, 80, 70),
    (80, None, 90),
)
WEEKLY_MI: tuple[tuple[float, float | None, float], ...] = (
    (0, 10, 6),
    (10, 20, 15),
    (20, 30, 25),
    (30, 40, 35),
    (40, 50, 45),
    (50, None, 58),
)
LONGEST_KM: tuple[float, ...] = (5, 8, 10, 14, 18, 21, 25, 30)
LONGEST_MI: tuple[float, ...] = (3, 5, 6, 8, 10, 13, 16, 20)
RACE_DISTANCES: tuple[tuple[str, float], ...] = (
    ("5K", 5.0),
    ("10K", 10.0),
    ("Half", 21.0975),
    ("Marathon", 42.195),
)
PUSH_CHOICES: tuple[time, ...] = (time(5, 30), time(6, 0), time(6, 30), time(7, 0), time(7, 30))
REMIND_CHOICES: tuple[time, ...] = (time(18, 0), time(19, 0), time(20, 0), time(21, 0))


def default_days(count: int) -> tuple[int, ...]:
    return DEFAULT_DAYS[max(1, min(7, count))]


def default_long_day(days: tuple[int, ...]) -> int:
    """The weekend day when there is one (Sunday first), else the last run day."""
    for day in (6, 5):
        if day in days:
            return day
    return days[-1] if days else 6


def default_longest_km(weekly_km: float | None) -> float:
    """About 30 % of the weekly volume, within 5..30 km (COACHING.md §4)."""
    return round(min(30.0, max(5.0, 0.3 * (weekly_km or RULES.default_weekly_km))))


def race_date_choices(goal: GoalKind | None, today: date) -> list[tuple[int, date]]:
    """(weeks, a Sunday about that many weeks out) for the date buttons."""
    weeks = RACE_WEEKS.get(goal or GoalKind.ROAD_10K, RACE_WEEKS[GoalKind.ROAD_10K])
    choices = []
    for count in weeks:
        day = today + timedelta(weeks=count)
        choices.append((count, on_or_after(day, 6)))
    return choices


def to_unit(km: float, units: Units) -> float:
    return km / KM_PER_MILE if units is Units.MI else km


def from_unit(value: float, units: Units) -> float:
    return value * KM_PER_MILE if units is Units.MI else value


def hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def step_of(value: str | None) -> Step | None:
    """The question a stored step name or a button's action names, or None."""
    try:
        return Step(value) if value is not None else None
    except ValueError:
        return None


def run_days_of(fields: Mapping[str, Any]) -> tuple[int, ...]:
    raw = fields.get("run_days")
    if not raw:
        return ()
    return tuple(int(d) for d in str(raw).split(",") if d != "")


def applies(step: Step, fields: Mapping[str, Any]) -> bool:
    """Whether ``step`` is asked, given the answers so far."""
    goal = fields.get("goal")
    if step in (Step.TRAIL_KM, Step.TRAIL_ELEV):
        return goal == GoalKind.TRAIL.value
    if step is Step.RACE_DATE:
        return goal != GoalKind.FITNESS.value
    if step is Step.LONG_DAY:
        return len(run_days_of(fields)) > 1
    if step is Step.DOUBLES:
        return len(run_days_of(fields)) >= RULES.doubles_min_run_days
    if step is Step.RACE_TIME:
        return bool(fields.get("recent_race_km"))
    return True


def next_step(
    after: Step | None, fields: Mapping[str, Any], order: Sequence[Step] = ONBOARDING
) -> Step | None:
    """The first question after ``after`` (from the start when None) that applies."""
    start = 0 if after is None else order.index(after) + 1
    for step in order[start:]:
        if applies(step, fields):
            return step
    return None


#: The years a date button can carry: the bot writes only days near today, and a forged day
#: at the calendar's edge (9999-12-31) must not reach date arithmetic that overflows.
BUTTON_YEARS = range(2000, 2200)


def button_day(value: str) -> date | None:
    """The day a date button carries (``YYYYMMDD``, bot.callbacks.day_arg), or None for
    anything else: exactly eight ASCII digits (``int`` also reads "²" and "٣"), a real date,
    a year in :data:`BUTTON_YEARS`."""
    if len(value) != 8 or not (value.isascii() and value.isdigit()):
        return None
    try:
        day = date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return None
    return day if day.year in BUTTON_YEARS else None


@dataclass(frozen=True)
class QuestionContext:
    """What a question needs to be asked and answered: the answers so far and today."""

    now: datetime
    today: date
    units: Units
    timezone: str
    goal: GoalKind | None
    race_date: date | None
    days: tuple[int, ...]
    runs: int | None
    long_day: int | None
    weekly_km: float | None
    race_km: float | None
    push_time: time
    reminder_time: time
    fields: Mapping[str, Any] = field(default_factory=dict)

    @property
    def suggested_long_day(self) -> int:
        return default_long_day(self.days)


@dataclass(frozen=True)
class Invalid:
    """An answer that does not fit ``step``; ``error`` says how. Nothing changes."""

    step: Step
    error: AnswerError
    ctx: QuestionContext


def _clock(value: Any, default: time) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str) and ":" in value:
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))
    return default


def context_for(
    fields: Mapping[str, Any], now: datetime, data: Mapping[str, Any] | None = None
) -> QuestionContext:
    """The context from stored answers (``AthleteRecord.fields``), overlaid with a dialog's
    data as stored: its pending answers (``data["pending"]``), its toggled days
    (``data["days"]``) and the count of runs just chosen (``data["runs"]``)."""
    data = data or {}
    selected = data.get("days")
    runs = data.get("runs")
    return question_context(
        fields,
        now,
        pending=data.get("pending"),
        days=tuple(int(d) for d in selected) if selected is not None else None,
        runs=int(runs) if runs is not None else None,
    )


def question_context(
    fields: Mapping[str, Any],
    now: datetime,
    *,
    pending: Mapping[str, Any] | None = None,
    days: Sequence[int] | None = None,
    runs: int | None = None,
) -> QuestionContext:
    """The context from stored answers overlaid with answers not stored yet (``pending``),
    the days switched on so far (``days``) and the count of runs just chosen (``runs``)."""
    merged = {**fields, **dict(pending or {})}
    goal_raw = merged.get("goal")
    race_date = merged.get("race_date")
    if isinstance(race_date, str):
        race_date = date.fromisoformat(race_date)
    zone = str(merged.get("timezone") or "UTC")
    return QuestionContext(
        now=now,
        today=now.astimezone(ZoneInfo(zone)).date(),
        units=Units(merged.get("units") or Units.KM.value),
        timezone=zone,
        goal=GoalKind(goal_raw) if goal_raw else None,
        race_date=race_date,
        days=tuple(sorted(days)) if days is not None else run_days_of(merged),
        runs=runs,
        long_day=merged.get("long_run_day"),
        weekly_km=merged.get("weekly_km"),
        race_km=merged.get("recent_race_km"),
        push_time=_clock(merged.get("push_time"), DEFAULT_PUSH),
        reminder_time=_clock(merged.get("reminder_time"), DEFAULT_REMIND),
        fields=merged,
    )


@dataclass(frozen=True)
class Answer:
    """Columns to store; ``through`` names a later question the answer also answered (the
    days typed as the number of runs)."""

    columns: dict[str, Any]
    through: Step | None = None


@dataclass(frozen=True)
class Runs:
    """How many days a week: the days question follows with ``days`` switched on."""

    count: int
    days: tuple[int, ...]


@dataclass(frozen=True)
class Toggle:
    """A day switched on or off: the days question stays open with ``days`` switched on."""

    days: tuple[int, ...]


#: What a tap or a typed answer means; a bad one raises AnswerError instead.
Reading = Answer | Runs | Toggle


def _days_columns(days: tuple[int, ...]) -> dict[str, Any]:
    if not days:
        raise AnswerError("no_days")
    columns: dict[str, Any] = {"run_days": ",".join(str(d) for d in sorted(days))}
    if len(days) == 1:
        columns["long_run_day"] = days[0]
    return columns


def _runs(count: int) -> Runs:
    return Runs(count, default_days(count))


def from_button(step: Step, arg: str, ctx: QuestionContext) -> Reading:
    """What tapping the button that carries ``arg`` under ``step``'s question means.

    Raises:
        AnswerError: the button's value is not one its question offers (``bad_button``) or
            no longer fits (a race date now in the past, Done with no day switched on).
    """
    try:
        return _from_button(step, arg, ctx)
    except (ValueError, KeyError) as error:
        if isinstance(error, AnswerError):
            raise
        raise AnswerError("bad_button") from None


def _from_button(step: Step, arg: str, ctx: QuestionContext) -> Reading:
    if step is Step.GOAL:
        return Answer({"goal": GoalKind(arg).value})
    if step is Step.TRAIL_KM:
        return Answer({"trail_distance_km": _button_number(arg, _TRAIL_KM_RANGE)})
    if step is Step.TRAIL_ELEV:
        return Answer({"trail_elevation_m": _button_number(arg, _TRAIL_ELEV_RANGE)})
    if step is Step.RACE_DATE:
        race_day = button_day(arg)
        if race_day is None:
            raise AnswerError("bad_button")
        answers.check_race_date(race_day, ctx.today)
        return Answer({"race_date": race_day})
    if step is Step.RUNS:
        count = int(arg)
        if not 1 <= count <= 7:
            raise AnswerError("count")
        return _runs(count)
    if step is Step.DAYS:
        if arg == "done":
            return Answer(_days_columns(ctx.days))
        day = int(arg.removeprefix("t"))
        if not 0 <= day <= 6:
            raise AnswerError("bad_button")
        return Toggle(tuple(sorted(set(ctx.days) ^ {day})))
    if step is Step.LONG_DAY:
        return _long_day(int(arg), ctx)
    if step is Step.UNITS:
        return Answer({"units": Units(arg).value})
    if step is Step.WEEKLY:
        km = RULES.default_weekly_km if arg == "skip" else _button_number(arg, _WEEKLY_RANGE)
        return Answer({"weekly_km": round(km, 1)})
    if step is Step.LONGEST:
        if arg == "skip":
            km = default_longest_km(ctx.weekly_km)
        else:
            km = _button_number(arg, _LONGEST_RANGE)
        return Answer({"longest_run_km": round(km, 1)})
    if step in (Step.TRACK, Step.TRAILS, Step.DOUBLES):
        if arg not in ("1", "0"):
            raise AnswerError("bad_button")
        return Answer({_BOOL_COLUMN[step]: arg == "1"})
    if step is Step.RACE_DIST:
        if arg == "skip":
            return Answer({"recent_race_km": None, "recent_race_s": None})
        km = _button_number(arg, _RACE_DIST_RANGE)
        return Answer({"recent_race_km": km, "recent_race_s": None})
    if step is Step.RACE_TIME:
        if arg != "skip":
            raise AnswerError("bad_button")
        return Answer({"recent_race_km": None, "recent_race_s": None})
    if step is Step.TIMEZONE:
        if not is_zone(arg):
            raise AnswerError("bad_button")
        return Answer({"timezone": arg})
    if step in (Step.PUSH, Step.REMIND):
        value = time(int(arg[:2]), int(arg[2:4]))
        return Answer({_TIME_COLUMN[step]: hhmm(value)})
    raise AnswerError("bad_button")


# What a number on a button may be (the typed answers' ranges): a value no keyboard offers,
# such as "nan" or "-3", is a forged or broken button.
_TRAIL_KM_RANGE = (5.0, 400.0)
_TRAIL_ELEV_RANGE = (0.0, 15000.0)
_WEEKLY_RANGE = (1.0, 300.0)
_LONGEST_RANGE = (1.0, 200.0)
_RACE_DIST_RANGE = (1.0, 400.0)


def _button_number(arg: str, bounds: tuple[float, float]) -> float:
    value = float(arg)
    if not bounds[0] <= value <= bounds[1]:  # also refuses nan
        raise AnswerError("bad_button")
    return value


_BOOL_COLUMN = {Step.TRACK: "track_access", Step.TRAILS: "trail_access", Step.DOUBLES: "doubles"}
_TIME_COLUMN = {Step.PUSH: "push_time", Step.REMIND: "reminder_time"}


def _long_day(day: int, ctx: QuestionContext) -> Answer:
    if day not in ctx.days:
        raise AnswerError("not_a_run_day", day=day)
    return Answer({"long_run_day": day})


def from_text(step: Step, text: str, ctx: QuestionContext) -> Reading:
    """What a typed answer to ``step``'s question means.

    Raises:
        AnswerError: the answer does not fit the question; its code says how.
    """
    if answers.is_emoji_only(text):
        raise AnswerError("emoji")
    skip = answers.is_skip(text)
    if step is Step.GOAL:
        return Answer({"goal": answers.parse_goal(text).value})
    if step is Step.TRAIL_KM:
        return Answer({"trail_distance_km": answers.parse_trail_km(text, ctx.units)})
    if step is Step.TRAIL_ELEV:
        return Answer({"trail_elevation_m": answers.parse_elevation_m(text)})
    if step is Step.RACE_DATE:
        return Answer({"race_date": answers.parse_race_date(text, ctx.today)})
    if step is Step.RUNS:
        if skip:
            return _runs(RULES.default_runs_per_week)
        try:
            return _runs(answers.parse_count(text))
        except AnswerError:
            pass
        try:
            days = answers.parse_weekdays(text)  # "mon wed fri sun" answers both questions
        except AnswerError:
            raise AnswerError("count") from None
        return Answer(_days_columns(days), through=Step.DAYS)
    if step is Step.DAYS:
        if answers.clean(text).strip(".!") in ("done", "ok", "okay", "yes", "fine"):
            return Answer(_days_columns(ctx.days))
        return Answer(_days_columns(answers.parse_weekdays(text)))
    if step is Step.LONG_DAY:
        if skip:
            return _long_day(ctx.suggested_long_day, ctx)
        return _long_day(answers.parse_weekday(text), ctx)
    if step is Step.UNITS:
        return Answer({"units": answers.parse_units(text).value})
    if step is Step.WEEKLY:
        km = RULES.default_weekly_km if skip else answers.parse_weekly_km(text, ctx.units)
        return Answer({"weekly_km": km})
    if step is Step.LONGEST:
        if skip:
            return Answer({"longest_run_km": default_longest_km(ctx.weekly_km)})
        return Answer({"longest_run_km": answers.parse_longest_km(text, ctx.units, ctx.weekly_km)})
    if step in (Step.TRACK, Step.TRAILS, Step.DOUBLES):
        if skip and step is Step.DOUBLES:
            return Answer({"doubles": False})
        return Answer({_BOOL_COLUMN[step]: answers.parse_yes_no(text)})
    if step is Step.RACE_DIST:
        if skip or answers.clean(text) in answers.NO:
            return Answer({"recent_race_km": None, "recent_race_s": None})
        return Answer(
            {"recent_race_km": answers.parse_result_distance(text), "recent_race_s": None}
        )
    if step is Step.RACE_TIME:
        if skip:
            return Answer({"recent_race_km": None, "recent_race_s": None})
        if not ctx.race_km:
            raise AnswerError("race_distance")
        return Answer({"recent_race_s": answers.parse_result_time(text, ctx.race_km)})
    if step is Step.TIMEZONE:
        zone = zone_from_text(text)
        if zone is None:
            raise AnswerError("zone", text=text)
        return Answer({"timezone": zone})
    if step is Step.PUSH:
        value = DEFAULT_PUSH if skip else answers.parse_clock(text)
        return Answer({"push_time": hhmm(value)})
    if step is Step.REMIND:
        value = DEFAULT_REMIND if skip else answers.parse_clock(text, evening=True)
        return Answer({"reminder_time": hhmm(value)})
    raise AnswerError("unreadable")


def from_location(zone: str | None) -> Answer:
    """A shared location, already resolved to a zone, as the time-zone answer."""
    if zone is None:
        raise AnswerError("location_zone")
    return Answer({"timezone": zone})
