"""The morning check-in as a pure state machine: which question is open, what an answer
stores, and what comes next (COACHING.md §6: sleep, sleep quality, soreness; where it is
sore when soreness is 2 or more).

The handler translates a tap or a typed line into a call here, stores ``Advance.store``
(answers are kept as they arrive, so a restart carries on), and turns ``Advance.next`` into
a message. Nothing here knows Telegram or the database: every path is tested in
milliseconds (tests/flows/test_checkin.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from coach.models import CheckIn, PainFlag
from coach.parser import ParsedCheckIn, ParseError, parse_checkin
from coach.readiness import open_pains, same_place
from coach.rules import RULES

Step = Literal["sleep", "quality", "soreness", "where"]
#: The questions every check-in asks, in order ("where" follows soreness 2+).
STEPS: tuple[Step, ...] = ("sleep", "quality", "soreness")
#: Sleep buttons: the value each carries -> hours.
SLEEP_CHOICES = {"5": 5.0, "6": 6.0, "7": 7.0, "8": 8.0, "9": 9.0}
SCALE5 = ("1", "2", "3", "4", "5")
#: Where it is sore; "none" means nowhere in particular.
WHERE_CHOICES = ("none", "calves", "quads", "hamstrings", "knees", "hips", "feet", "back")
#: Soreness from which the check-in asks where (1 = none, 5 = very sore).
ASK_WHERE_FROM = 2

_NUMBER_RE = re.compile(r"^\s*(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:h|hrs?|hours?)?\s*$", re.ASCII)
_WORDS_RE = re.compile(r"^[^\W\d_][\w\s,'&/-]{0,63}$")
_NOWHERE = frozenset({"none", "nowhere", "no", "nothing", "-"})


@dataclass(frozen=True)
class CheckinState:
    """The open question of ``day``'s check-in; ``ask_where`` once soreness calls for it."""

    day: date
    step: Step
    ask_where: bool = False


@dataclass(frozen=True)
class Question:
    """Ask ``step``; ``redo`` when the day's check-in was complete and starts over."""

    step: Step
    redo: bool = False


@dataclass(frozen=True)
class Done:
    """The check-in is complete: show the day as the coach now sees it."""


@dataclass(frozen=True)
class Advance:
    """Store ``store`` (fields of the day's check-in), then ask ``next`` or end."""

    store: dict[str, Any]
    state: CheckinState | None  # None: the check-in is over
    next: Question | Done
    checkin: CheckIn  # the day's check-in once ``store`` is stored


@dataclass(frozen=True)
class Stale:
    """A button whose question is no longer open (another day, another check-in)."""


@dataclass(frozen=True)
class AlreadyAnswered:
    """A button of a question already answered (a double tap)."""


@dataclass(frozen=True)
class Invalid:
    """A typed line that does not answer ``step``; ``error`` says why when it can."""

    step: Step
    error: ParseError | None


def next_step(checkin: CheckIn | None) -> Step | None:
    """The first check-in question not answered yet, or None when the three are in."""
    if checkin is None or checkin.sleep_hours is None:
        return "sleep"
    if checkin.sleep_quality is None:
        return "quality"
    if checkin.soreness is None:
        return "soreness"
    return None


def answers_of(parsed: ParsedCheckIn) -> dict[str, Any]:
    """The check-in fields a typed check-in carries (only those it actually gives, and the
    place of a soreness it gives, even none)."""
    values = {
        "sleep_hours": parsed.sleep_hours,
        "sleep_quality": parsed.sleep_quality,
        "soreness": parsed.soreness,
        "soreness_where": parsed.soreness_where,
        "stress": parsed.stress,
        "mood": parsed.mood,
        "motivation": parsed.motivation,
    }
    given: dict[str, Any] = {k: v for k, v in values.items() if v is not None}
    if parsed.soreness is not None:
        # A new soreness replaces the place of the old one: "no soreness" after "calves sore"
        # leaves no "(calves)" behind (None when this answer names no place).
        given["soreness_where"] = parsed.soreness_where
    return given


def start(today: date, checkin: CheckIn | None, open_: CheckinState | None) -> CheckinState:
    """The question to ask when the athlete opens the check-in: the one left open today, or
    the first unanswered one (the whole check-in again when it was complete)."""
    if open_ is not None and open_.day == today:
        return open_
    return CheckinState(today, next_step(checkin) or "sleep")


def is_redo(state: CheckinState, checkin: CheckIn | None) -> bool:
    """Whether asking ``state`` starts a complete check-in over."""
    return state.step == "sleep" and checkin is not None and next_step(checkin) is None


def tap(
    state: CheckinState | None,
    today: date,
    button_day: date | None,
    step: str,
    value: str,
    checkin: CheckIn | None,
) -> Advance | Stale | AlreadyAnswered:
    """A tapped answer to ``step`` on a button of ``button_day``; ``checkin`` is the day's
    check-in as stored before it."""
    if state is None or button_day != today or state.day != today:
        return Stale()
    if state.step != step:
        return AlreadyAnswered()
    answers = _button_answers(step, value)
    if answers is None:
        return Stale()  # a value no keyboard offers: a forged or outdated button
    ask_where = state.ask_where
    if step == "soreness":
        ask_where = (answers["soreness"] or 0) >= ASK_WHERE_FROM
    elif step == "where":
        ask_where = False
    return _advance(state.day, checkin, answers, ask_where)


def typed(state: CheckinState, text: str, checkin: CheckIn | None) -> Advance | Invalid:
    """A typed answer to the open question ("6.5", "slept 7h, calves sore")."""
    answers, error = _typed_answers(state.step, text)
    if answers is None:
        return Invalid(state.step, error)
    merged = _merged(state.day, checkin, answers)
    ask_where = state.ask_where
    if "soreness" in answers:
        ask_where = (merged.soreness or 0) >= ASK_WHERE_FROM and not merged.soreness_where
    if "soreness_where" in answers:
        ask_where = False
    return _advance(state.day, checkin, answers, ask_where)


def whole(today: date, stored: CheckIn | None) -> Advance:
    """After a whole check-in typed in one line (stored with the pain it mentions, by the
    journal service): ask what is missing, or end."""
    return _advance(today, stored, {}, ask_where=False)


# --- internals ----------------------------------------------------------------------------


def _merged(day: date, checkin: CheckIn | None, answers: dict[str, Any]) -> CheckIn:
    """The check-in once ``answers`` are stored (later answers win, as storage merges)."""
    return (checkin or CheckIn(date=day)).model_copy(update=answers)


def _advance(
    day: date, checkin: CheckIn | None, answers: dict[str, Any], ask_where: bool
) -> Advance:
    merged = _merged(day, checkin, answers)
    step: Step | None = next_step(merged) or ("where" if ask_where else None)
    if step is None:
        return Advance(answers, None, Done(), merged)
    return Advance(answers, CheckinState(day, step, ask_where), Question(step), merged)


def _button_answers(step: str, value: str) -> dict[str, Any] | None:
    """The stored fields of a tapped answer, or None for a value no keyboard offers."""
    if step == "sleep" and value in SLEEP_CHOICES:
        return {"sleep_hours": SLEEP_CHOICES[value]}
    if step == "quality" and value in SCALE5:
        return {"sleep_quality": int(value)}
    if step == "soreness" and value in SCALE5:
        return {"soreness": int(value), "soreness_where": None}
    if step == "where" and value in WHERE_CHOICES:
        return {"soreness_where": None if value == "none" else value}
    return None


def _typed_answers(step: Step, text: str) -> tuple[dict[str, Any] | None, ParseError | None]:
    """A typed answer to ``step``: a bare number for the question asked, a place, or any
    check-in sentence. Returns the fields, or None with the reason."""
    number = _NUMBER_RE.match(text)
    if number is not None and step in ("sleep", "quality", "soreness"):
        value = float(number.group(1).replace(",", "."))
        if step == "sleep":
            low, high = RULES.log_sleep_hours
            if low < value <= high:
                return {"sleep_hours": value}, None
            return None, ParseError(
                f"{value:g} hours of sleep? A night is 0 to {high:g} hours: how long did you sleep?"
            )
        if value.is_integer() and 1 <= value <= 5:
            name = "sleep_quality" if step == "quality" else "soreness"
            return {name: int(value)}, None
        what = "Sleep quality" if step == "quality" else "Soreness"
        return None, ParseError(f"{what} goes from 1 to 5; {value:g} is off the scale.")
    if step == "where":
        return _typed_place(text)
    try:
        parsed = parse_checkin(text)
    except ParseError as error:
        return None, error
    answers = answers_of(parsed)
    return (answers, None) if answers else (None, None)


def _typed_place(text: str) -> tuple[dict[str, Any] | None, ParseError | None]:
    cleaned = " ".join(text.split()).strip(" .!")
    if cleaned.lower() in _NOWHERE:
        return {"soreness_where": None}, None
    for attempt in (cleaned, f"sore {cleaned}"):
        try:
            parsed = parse_checkin(attempt)
        except ParseError:
            continue
        if parsed.soreness_where:
            return {"soreness_where": parsed.soreness_where}, None
    if _WORDS_RE.match(cleaned):
        return {"soreness_where": cleaned[:64]}, None
    return None, None


# --- the open pain (§7b) --------------------------------------------------------------------


def pain_to_ask(pains: Sequence[PainFlag], today: date) -> PainFlag | None:
    """The open pain the morning check-in asks about, until it closes (§7b): the strongest
    open flag not yet reported today (a flag opened today, or one whose earlier report was
    replaced today, has its answer). None when nothing is open or all is answered."""
    answered = [p for p in pains if p.reported_on == today or p.resolved_on == today]
    waiting = [
        p
        for p in open_pains(pains, today)
        if p.score > 0
        and p.reported_on < today
        and not any(q is not p and same_place(q.where, p.where) for q in answered)
    ]
    return max(waiting, key=lambda p: p.score, default=None)
