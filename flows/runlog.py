"""The post-run log's button flow as a pure state machine: done / partly / skipped, then RPE,
duration, surface, pain yes/no, where and how much (COACHING.md §6), "replace or add?"
when the session is logged already, and "20 h or 20 min?" when a typed log holds a value no
human could run (``clarify``: the log waits in the dialog, nothing is stored until a pick).

The handler turns a tap or a typed line into a call here and the outcome into a message:
``Ask`` (keep the state, ask its step), ``Complete`` (every answer is in: :func:`finish`
makes the log, ``Save`` or ``AskConflict``), ``Resolve`` (the answer to "replace or add"),
``Clarified`` (the pick), ``WholeLog`` (a whole log typed while a question was open), or
why not (``Stale``, ``AlreadyAnswered``, ``Invalid``, ``NotAnAnswer``, ``Cancelled``).
What a log fulfils (the planned minutes and kind, the log it would duplicate) is read by
the caller as a :class:`Target`, so it follows the plan as adjusted when the last answer
comes. The state is stored between answers in the shape the handler stored before this
module (:func:`to_dialog`, :func:`from_dialog`), so a question asked before a deploy still
resumes. Nothing here knows Telegram or the database (tests/flows/test_runlog.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Literal, TypeGuard

from pydantic import ValidationError

from coach.models import RunLog, RunStatus, SessionKind, Surface, Units
from coach.parser import ParsedMessage, ParsedRun, ParseError, classify, parse_pain, parse_run
from coach.rules import RULES

Question = Literal["rpe", "duration", "surface", "pain", "pain_where", "pain_score"]
Step = Literal[
    "rpe", "duration", "surface", "pain", "pain_where", "pain_score", "conflict", "clarify"
]
#: The questions, in the order they are asked (where and how much only after a "yes").
QUESTIONS: tuple[Question, ...] = ("rpe", "duration", "surface", "pain", "pain_where", "pain_score")
#: The callback action of each question's buttons (short: callback data has 64 bytes).
ACTION_OF: dict[Question, str] = {
    "rpe": "rpe",
    "duration": "dur",
    "surface": "surf",
    "pain": "pain",
    "pain_where": "pwhere",
    "pain_score": "pscore",
}
REPLACE, ADD, CANCEL, CLARIFY = "replace", "add", "cancel", "clarify"
#: The fields a clarifying question may set, by the name coach.parsing gives them.
CLARIFIABLE = ("duration_min", "distance_km")
#: The open step each answer button belongs to.
STEP_OF: dict[str, Step] = {
    **{action: step for step, action in ACTION_OF.items()},
    REPLACE: "conflict",
    ADD: "conflict",
    CLARIFY: "clarify",
}
#: The buttons that start the flow: done, partly, skipped.
STATUSES: tuple[str, ...] = tuple(status.value for status in RunStatus)
#: RPE and pain score buttons.
SCALE: tuple[int, ...] = tuple(range(1, 11))
SURFACES = (Surface.ROAD, Surface.TRAIL, Surface.TRACK, Surface.TREADMILL)
PAIN_PLACES = ("knee", "achilles", "shin", "calf", "hamstring", "hip", "foot", "back")
#: The pain question's buttons: "no" pain, "yes" something hurts.
PAIN_CHOICES = ("no", "yes")
#: Minutes offered when nothing was planned.
STANDARD_MINUTES = (20, 30, 45, 60, 75, 90)
#: The longest log the flow holds: an ultra runner's 30 h (COACHING.md §6 plausibility);
#: a typed time for anyone else stops at RULES.log_run_minutes' 6 h.
MAX_MINUTES = RULES.log_run_minutes_ultra
#: How many days back a log button still logs its own day (the evening reminder answered the
#: next morning is clearly about the evening's run); older buttons have expired.
BUTTON_DAYS = 1
#: How much of a typed log is kept with it.
RAW_MAX = 1000
PLACE_MAX = 64

_INT_RE = re.compile(r"^\s*(-?\d{1,4})\s*$", re.ASCII)
_WORDS_RE = re.compile(r"^[^\W\d_][\w\s,'&/-]{0,63}$")
_DAY_RE = re.compile(r"^\d{8}$", re.ASCII)
_YES = frozenset({"yes", "y", "yeah", "yep", "a bit", "some", "a little"})
_NO = frozenset({"no", "n", "nope", "none", "no pain", "nothing", "all good", "fine"})
_AFTER: dict[Step, Question] = {"rpe": "duration", "duration": "surface", "surface": "pain"}


@dataclass(frozen=True)
class Answers:
    """The fields answered so far (None: not answered, or not asked: no pain, no place)."""

    status: RunStatus = RunStatus.DONE
    rpe: int | None = None
    duration_min: float | None = None
    surface: Surface | None = None
    pain: bool | None = None
    pain_where: str | None = None
    pain_score: int | None = None


@dataclass(frozen=True)
class Pending:
    """A finished log waiting for "replace or add?": the earlier log it would replace, and the
    text it was typed as (None from the buttons)."""

    log: RunLog
    replace_id: int
    raw: str | None = None


@dataclass(frozen=True)
class Unsure:
    """A typed log with a value no human could run ("20h"), waiting for the athlete to pick
    what they meant (:mod:`coach.parsing.plausibility`): nothing is stored until then.

    Attributes:
        log: The log as typed.
        field: The value in doubt ("duration_min" or "distance_km").
        options: The readings offered, (label, value in minutes or km).
        raw: The text it was typed as.
    """

    log: RunLog
    field: str
    options: tuple[tuple[str, float], ...]
    raw: str | None = None

    def chosen(self, index: int) -> RunLog | None:
        """The log with the ``index``-th reading; None for an index no button offers."""
        if not 0 <= index < len(self.options) or self.field not in CLARIFIABLE:
            return None
        try:
            return self.log.model_copy(update={self.field: self.options[index][1]}, deep=True)
        except ValidationError:
            return None


@dataclass(frozen=True)
class LogState:
    """The open question of a log of ``day``: ``step`` with the answers so far, or, at
    "conflict", the finished log that waits (``pending``)."""

    day: date
    step: Step
    answers: Answers = field(default_factory=Answers)
    pending: Pending | None = None
    unsure: Unsure | None = None


@dataclass(frozen=True)
class Target:
    """What a log of the day fulfils, as far as the flow needs it: the planned minutes (the
    duration when none is answered), the planned kind, and the log of that session already
    stored (a second log asks "replace or add?")."""

    planned_min: float | None = None
    kind: SessionKind | None = None
    existing_id: int | None = None


#: A typed answer read: the answers once it is in, or None with the reason when there is one.
Read = tuple[Answers | None, ParseError | None]


@dataclass(frozen=True)
class Ask:
    """Keep ``state`` and ask its step."""

    state: LogState


@dataclass(frozen=True)
class Complete:
    """Every question is answered: :func:`finish` makes the log of ``day``."""

    day: date
    answers: Answers


@dataclass(frozen=True)
class Save:
    """Store ``log`` (``raw``: the text it was typed as) and end the flow."""

    log: RunLog
    raw: str | None = None


@dataclass(frozen=True)
class AskConflict:
    """The session is logged already: ask "replace or add?" and keep ``state`` until then."""

    state: LogState
    log: RunLog


@dataclass(frozen=True)
class Resolve:
    """Store the waiting ``log``: in place of the log ``replace_id`` (when it is still there),
    or, when None, as another run."""

    log: RunLog
    replace_id: int | None
    raw: str | None = None


@dataclass(frozen=True)
class Clarified:
    """The athlete picked what they meant: ``log`` is the typed log with that value, to be
    stored (or to ask "replace or add?") as any typed log."""

    log: RunLog
    raw: str | None = None


@dataclass(frozen=True)
class Cancelled:
    """The athlete cancelled: nothing is logged."""


@dataclass(frozen=True)
class Stale:
    """A button or an open question that no longer means anything (an older day, another
    message, a forged or garbled value)."""


@dataclass(frozen=True)
class AlreadyAnswered:
    """A button of a question already answered (a double tap)."""


@dataclass(frozen=True)
class Invalid:
    """A typed line that does not answer ``step``; ``error`` says why when it can."""

    step: Step
    error: ParseError | None


@dataclass(frozen=True)
class WholeLog:
    """A whole log typed while a question of the flow is open ("ran 10k in 52 min, felt like
    a 6" after "Done"): it answers this question and the ones after it, so the flow ends and
    ``run`` is logged for the flow's ``day``; what was answered already (the status, the RPE)
    fills what the line leaves out."""

    day: date
    run: ParsedRun


@dataclass(frozen=True)
class NotAnAnswer:
    """A typed message that is no answer but something to act on (a run, a check-in, pain):
    the question waits."""

    parsed: ParsedMessage


def day_ok(day: date | None, today: date) -> bool:
    """Whether a log button (or an open question) of ``day`` still logs that day."""
    return day is not None and today - timedelta(days=BUTTON_DAYS) <= day <= today


def duration_choices(planned: float | None) -> list[int]:
    """Minutes to offer: the planned time first, then a few around it."""
    if planned is None or planned <= 0:
        return list(STANDARD_MINUTES)
    base = round(planned)
    near = 5 * round(planned / 5)
    around = [near - 20, near - 10, near + 10, near + 20]
    return [base] + [m for m in around if m >= 5 and m != base]


def start(today: date, button_day: date | None, status: str) -> Ask | Complete | Stale:
    """Done / partly / skipped on a button of ``button_day``: a skipped run is complete at
    once, else ask the RPE."""
    if button_day is None or not day_ok(button_day, today) or status not in STATUSES:
        return Stale()
    answers = Answers(RunStatus(status))
    if answers.status is RunStatus.SKIPPED:
        return Complete(button_day, answers)
    return Ask(LogState(button_day, "rpe", answers))


def tap(
    state: LogState | None, today: date, button_day: date | None, action: str, value: str
) -> Ask | Complete | Resolve | Clarified | Cancelled | Stale | AlreadyAnswered:
    """A tapped answer (``action`` with ``value``) on a button of ``button_day``; ``state``
    is the open question of the message it was tapped on (None: none open there)."""
    if button_day is None or not day_ok(button_day, today):
        return Stale()
    if state is None or state.day != button_day:
        return Stale()
    if action == CANCEL:
        return Cancelled()
    if STEP_OF.get(action) != state.step:
        return AlreadyAnswered()
    if state.pending is not None:
        return _resolve(state.pending, action)
    if state.unsure is not None:
        index = int(value) if value.isascii() and value.isdigit() else -1
        log = state.unsure.chosen(index)
        return Clarified(log, state.unsure.raw) if log is not None else Stale()
    answers = _tapped(state.step, value, state.answers)
    if answers is None:
        return Stale()  # a value no keyboard offers: a forged or outdated button
    return _advance(state, answers)


def typed(
    state: LogState | None,
    today: date,
    text: str,
    units: Units = Units.KM,
    *,
    ultra: bool = False,
) -> Ask | Complete | Resolve | Invalid | NotAnAnswer | WholeLog | Stale:
    """A typed answer to the open question ("7", "52 min", "trail", "yes", "left knee 3",
    "replace"), or a whole log that answers them all. A typed time goes up to 6 h, or 30 h
    for an athlete with an ultra goal (``ultra``), as a typed log does."""
    if state is None or not day_ok(state.day, today):
        return Stale()
    if state.pending is not None:
        return _typed_choice(state.pending, text, units)
    if state.unsure is not None:
        return Stale()  # a new line instead of a pick: it is read afresh, the question closes
    whole = _whole_log(text, units, state.answers)
    if whole is not None:
        return WholeLog(state.day, whole)
    answers, error = _typed_answer(state.step, text, units, state.answers, ultra=ultra)
    if answers is not None:
        return _advance(state, answers)
    if error is None:
        parsed = classify(text, units)
        if parsed.kind in ("checkin", "pain"):
            return NotAnAnswer(parsed)
    return Invalid(state.step, error)


def finish(complete: Complete, target: Target) -> Save | AskConflict:
    """The log every answer makes (the planned duration when none was answered, unless
    skipped; the planned kind): store it, or ask "replace or add?"."""
    answers = complete.answers
    duration = answers.duration_min
    if duration is None and answers.status is not RunStatus.SKIPPED:
        duration = target.planned_min
    log = RunLog(
        date=complete.day,
        status=answers.status,
        duration_min=duration,
        rpe=answers.rpe,
        surface=answers.surface,
        kind=target.kind,
        pain_where=answers.pain_where,
        pain_score=answers.pain_score,
    )
    return logged(log, target)


def logged(log: RunLog, target: Target, raw: str | None = None) -> Save | AskConflict:
    """A finished log (typed as ``raw``, or from :func:`finish`): store it, or ask "replace or
    add?" when the session it fulfils is logged already."""
    raw = raw[:RAW_MAX] if raw is not None else None
    if target.existing_id is None:
        return Save(log, raw)
    pending = Pending(log, target.existing_id, raw)
    return AskConflict(LogState(log.date, "conflict", pending=pending), log)


def unsure(
    log: RunLog, field: str, options: tuple[tuple[str, float], ...], raw: str | None
) -> LogState | None:
    """The question "20 h or 20 min?" about ``log``'s ``field``, with its readings as buttons;
    None when it cannot be asked with buttons (no readings, or a field they cannot set)."""
    if field not in CLARIFIABLE or not options:
        return None
    raw = raw[:RAW_MAX] if raw is not None else None
    return LogState(log.date, "clarify", unsure=Unsure(log, field, options, raw))


def specific(error: ParseError | None) -> ParseError | None:
    """The error when it names a mistake ("RPE must be 1 to 10"), not "nothing to read"."""
    return None if error is None or error.problem in _NOTHING_TO_READ else error


# --- the stored dialog ------------------------------------------------------------------


def to_dialog(state: LogState) -> tuple[Step, dict[str, Any]]:
    """The dialog's step and data for ``state`` (JSON): ``{"day": "YYYYMMDD", "fields":
    {...}}`` while asking, ``{"day", "log", "raw", "replace_id"}`` at "conflict",
    ``{"day", "log", "raw", "field", "options"}`` at "clarify"."""
    day = f"{state.day:%Y%m%d}"
    if state.unsure is not None:
        unsure = state.unsure
        return "clarify", {
            "day": day,
            "log": unsure.log.model_dump(mode="json"),
            "raw": unsure.raw,
            "field": unsure.field,
            "options": [[label, value] for label, value in unsure.options],
        }
    pending = state.pending
    if pending is not None:
        log = pending.log.model_dump(mode="json")
        return "conflict", {
            "day": day,
            "log": log,
            "raw": pending.raw,
            "replace_id": pending.replace_id,
        }
    return state.step, {"day": day, "fields": _fields(state.answers)}


def from_dialog(step: str, data: dict[str, Any]) -> LogState | None:
    """The state a stored dialog holds (saved by :func:`to_dialog` or by the handler before
    it: the same steps and keys); None when it is garbled."""
    day = _day(data.get("day"))
    if day is None:
        return None
    if step == "conflict":
        pending = _pending(data)
        return LogState(day, "conflict", pending=pending) if pending is not None else None
    if step == "clarify":
        found = _unsure(data)
        return LogState(day, "clarify", unsure=found) if found is not None else None
    question = next((q for q in QUESTIONS if q == step), None)
    answers = _answers(data.get("fields"))
    if question is None or answers is None:
        return None
    return LogState(day, question, answers)


# --- internals ----------------------------------------------------------------------------


def _advance(state: LogState, answers: Answers) -> Ask | Complete:
    step = _next_step(state.step, answers)
    if step is None:
        return Complete(state.day, answers)
    return Ask(LogState(state.day, step, answers))


def _next_step(step: Step, answers: Answers) -> Question | None:
    if step in _AFTER:
        return _AFTER[step]
    if step == "pain":
        return "pain_where" if answers.pain else None
    if step == "pain_where" and answers.pain_score is None:
        return "pain_score"
    return None


def _resolve(pending: Pending, choice: str) -> Resolve:
    replace_id = pending.replace_id if choice == REPLACE else None
    return Resolve(pending.log, replace_id, pending.raw)


def _tapped(step: Step, value: str, answers: Answers) -> Answers | None:
    """The answers once a tapped ``value`` is in; None for a value no keyboard offers."""
    number = int(value) if value.isascii() and value.isdigit() else None
    if step == "rpe" and number in SCALE:
        return replace(answers, rpe=number)
    if step == "pain_score" and number in SCALE:
        return replace(answers, pain_score=number)
    if step == "duration" and number is not None and 0 < number <= MAX_MINUTES:
        return replace(answers, duration_min=float(number))
    surface = next((s for s in SURFACES if s.value == value), None)
    if step == "surface" and surface is not None:
        return replace(answers, surface=surface)
    if step == "pain" and value in PAIN_CHOICES:
        return replace(answers, pain=value == "yes")
    if step == "pain_where" and value in PAIN_PLACES:
        return replace(answers, pain_where=value)
    return None


def whole_log(text: str, units: Units = Units.KM) -> ParsedRun | None:
    """The run in ``text`` when it is a whole log (a time with an RPE or a distance), which
    is taken as a log whatever question is open; None otherwise."""
    return _whole_log(text, units, Answers())


def _whole_log(text: str, units: Units, answers: Answers) -> ParsedRun | None:
    """The run in ``text`` when it is a whole log (a time with an RPE or a distance), filled
    from the answers given so far; None for a plain answer ("7", "52 min")."""
    parsed = classify(text, units)
    run = parsed.run
    if parsed.kind != "run" or run is None or run.duration_min is None:
        return None
    if run.rpe is None and run.distance_km is None:
        return None
    return replace(
        run,
        status=run.status or answers.status,
        rpe=run.rpe if run.rpe is not None else answers.rpe,
        surface=run.surface or answers.surface,
        pain_where=run.pain_where or answers.pain_where,
        pain_score=run.pain_score if run.pain_score is not None else answers.pain_score,
    )


def _typed_answer(
    step: Step, text: str, units: Units, answers: Answers, *, ultra: bool = False
) -> Read:
    """A typed answer to ``step``; None with the reason (when there is one) otherwise."""
    if step == "rpe":
        return _typed_rpe(text, units, answers)
    if step == "pain_score":
        score, error = _typed_scale(text, "Pain")
        return (replace(answers, pain_score=score) if score is not None else None), error
    if step == "duration":
        return _typed_duration(text, units, answers, ultra=ultra)
    if step == "surface":
        return _typed_surface(text, units, answers)
    if step == "pain":
        cleaned = _cleaned(text)
        pain = True if cleaned in _YES else False if cleaned in _NO else None
        return (replace(answers, pain=pain) if pain is not None else None), None
    if step == "pain_where":
        return _typed_place(text, answers), None
    return None, None


def _typed_scale(text: str, what: str) -> tuple[int | None, ParseError | None]:
    """A bare number from 1 to 10; None, with the reason when it is off the scale."""
    number = _INT_RE.match(text)
    if number is None:
        return None, None
    value = int(number.group(1))
    if value not in SCALE:
        return None, ParseError(f"{what} goes from 1 to 10; {value} is off the scale.")
    return value, None


def _typed_rpe(text: str, units: Units, answers: Answers) -> Read:
    """A bare number, or a run sentence that says the RPE ("rpe 7", "felt like a 6")."""
    if _INT_RE.match(text) is not None:
        rpe, error = _typed_scale(text, "RPE")
        return (replace(answers, rpe=rpe) if rpe is not None else None), error
    try:
        parsed = parse_run(text, units)
    except ParseError as error:
        return None, error
    return (replace(answers, rpe=parsed.rpe) if parsed.rpe is not None else None), None


def _typed_duration(text: str, units: Units, answers: Answers, *, ultra: bool = False) -> Read:
    """Bare minutes ("52"), or a duration the parser reads ("52 min", "1h05"), up to 6 h
    (30 h for an ultra goal: a 100-mile race is a run too)."""
    longest = RULES.log_run_minutes_ultra if ultra else RULES.log_run_minutes[1]
    hours = f"{longest / 60:g}"
    number = _INT_RE.match(text)
    if number is not None:
        minutes = int(number.group(1))
        if 0 < minutes <= longest:
            return replace(answers, duration_min=float(minutes)), None
        if minutes <= 0:
            return None, ParseError(f"{minutes} minutes is not a run I can log.")
        return None, ParseError(f"{minutes} minutes is more than {hours} hours: is that a typo?")
    try:
        parsed = parse_run(text, units)
    except ParseError as error:
        return None, error
    if parsed.duration_min is None:
        return None, None
    if not 0 < parsed.duration_min <= longest:
        return None, ParseError(f"{text.strip()!r} is more than {hours} hours: is that a typo?")
    return replace(answers, duration_min=parsed.duration_min), None


def _typed_surface(text: str, units: Units, answers: Answers) -> Read:
    try:  # a surface alone is not a run for the parser: read it as "done on <surface>"
        surface = parse_run(f"done {text}", units).surface
    except ParseError:
        surface = None
    if surface is not None and surface in SURFACES:
        return replace(answers, surface=surface), None
    return None, None


def _typed_place(text: str, answers: Answers) -> Answers | None:
    """Where it hurts, with how much when it says ("left achilles 3/10"), or a place in words."""
    try:
        pain = parse_pain(text)
    except ParseError:
        pain = None
    if pain is not None:
        score = pain.score if pain.score in SCALE else answers.pain_score
        return replace(answers, pain_where=pain.where, pain_score=score)
    cleaned = _cleaned(text)
    if _WORDS_RE.match(cleaned):
        return replace(answers, pain_where=cleaned[:PLACE_MAX])
    return None


def _typed_choice(pending: Pending, text: str, units: Units) -> Resolve | Invalid | NotAnAnswer:
    """ "replace" or "add"; a new message (a run, a check-in) is acted on and the question
    waits."""
    word = text.strip().lower()
    choice = REPLACE if word.startswith(REPLACE) else ADD if word.startswith(ADD) else None
    if choice is not None:
        return _resolve(pending, choice)
    parsed = classify(text, units)
    if parsed.kind != "unknown":
        return NotAnAnswer(parsed)
    return Invalid("conflict", specific(parsed.error))


def _cleaned(text: str) -> str:
    return " ".join(text.lower().split()).strip(" .!")


def _fields(answers: Answers) -> dict[str, Any]:
    """The answers as the dialog keeps them: only those given, in JSON."""
    values = {
        "status": answers.status.value,
        "rpe": answers.rpe,
        "duration_min": answers.duration_min,
        "surface": answers.surface.value if answers.surface is not None else None,
        "pain": None if answers.pain is None else "yes" if answers.pain else "no",
        "pain_where": answers.pain_where,
        "pain_score": answers.pain_score,
    }
    return {key: value for key, value in values.items() if value is not None}


def _answers(fields: object) -> Answers | None:
    """The answers a dialog keeps; None when one of them is no answer (garbled)."""
    if not isinstance(fields, dict):
        return None
    status = fields.get("status", RunStatus.DONE.value)
    rpe, score = fields.get("rpe"), fields.get("pain_score")
    minutes, surface = fields.get("duration_min"), fields.get("surface")
    pain, where = fields.get("pain"), fields.get("pain_where")
    valid = (
        status in STATUSES
        and (rpe is None or _on_scale(rpe))
        and (score is None or _on_scale(score))
        and (minutes is None or _minutes_ok(minutes))
        and (surface is None or surface in {s.value for s in SURFACES})
        and (pain is None or pain in PAIN_CHOICES)
        and (where is None or (isinstance(where, str) and where != ""))
    )
    if not valid:
        return None
    return Answers(
        RunStatus(status),
        rpe=rpe,
        duration_min=float(minutes) if minutes is not None else None,
        surface=Surface(surface) if surface is not None else None,
        pain=None if pain is None else pain == "yes",
        pain_where=where,
        pain_score=score,
    )


def _pending(data: dict[str, Any]) -> Pending | None:
    replace_id, raw = data.get("replace_id"), data.get("raw")
    if not _is_int(replace_id) or not (raw is None or isinstance(raw, str)):
        return None
    try:
        log = RunLog.model_validate(data.get("log"))
    except ValidationError:
        return None
    return Pending(log, replace_id, raw or None)


def _unsure(data: dict[str, Any]) -> Unsure | None:
    raw, name, options = data.get("raw"), data.get("field"), data.get("options")
    if name not in CLARIFIABLE or not isinstance(options, list) or not options:
        return None
    if not (raw is None or isinstance(raw, str)):
        return None
    readings: list[tuple[str, float]] = []
    for option in options:
        if not (isinstance(option, list) and len(option) == 2 and isinstance(option[0], str)):
            return None
        value = option[1]
        if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
            return None
        readings.append((option[0], float(value)))
    try:
        log = RunLog.model_validate(data.get("log"))
    except ValidationError:
        return None
    return Unsure(log, str(name), tuple(readings), raw or None)


def _day(value: object) -> date | None:
    if not isinstance(value, str) or _DAY_RE.match(value) is None:
        return None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return None


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _on_scale(value: object) -> bool:
    return _is_int(value) and value in SCALE


def _minutes_ok(value: object) -> bool:
    return (
        isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= MAX_MINUTES
    )


def _nothing_to_read() -> frozenset[str]:
    """The parser's problems when there is simply nothing to read (not a specific mistake)."""
    problems = set()
    try:
        parse_run("")
    except ParseError as error:
        problems.add(error.problem)
    unknown = classify("").error
    if unknown is not None:
        problems.add(unknown.problem)
    return frozenset(problems)


_NOTHING_TO_READ = _nothing_to_read()
