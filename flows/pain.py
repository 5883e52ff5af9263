"""/pain as a pure state machine: where it hurts, then how much (0-10), or "all my pain is
gone" (COACHING.md §7: a pain flag is recorded and the coach says what it changes; never a
diagnosis).

The handler turns a tap or a typed line into a call here and the outcome into a message:
``Report`` (record the pain), ``AskScore`` (ask how much, buttons), ``AllGone`` (close every
open flag), or why not (``Stale``, ``Invalid``). Nothing here knows Telegram or the
database (tests/flows/test_pain.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from coach.parser import ParseError, parse_pain

Step = Literal["where", "score"]
#: The places the "where" buttons offer.
PLACES = ("knee", "achilles", "shin", "calf", "hamstring", "hip", "foot", "back")
SCORE_MAX = 10

_INT_RE = re.compile(r"^\s*(-?\d{1,3})\s*(?:/\s*10)?\s*$", re.ASCII)
_WORDS_RE = re.compile(r"^[^\W\d_][\w\s,'&/-]{0,63}$")


@dataclass(frozen=True)
class PainState:
    """The open /pain question of ``day``; ``where`` once the place is known."""

    day: date
    step: Step
    where: str | None = None


@dataclass(frozen=True)
class Report:
    """Record the pain at ``where`` at ``score`` /10 (0 = gone) and end the flow."""

    where: str
    score: int


@dataclass(frozen=True)
class AskScore:
    """Ask how much it hurts at the place of ``state``."""

    state: PainState


@dataclass(frozen=True)
class AllGone:
    """Close every open pain flag and end the flow."""


@dataclass(frozen=True)
class Stale:
    """A button whose question is no longer open (another day, another step, a forgery)."""


@dataclass(frozen=True)
class Invalid:
    """A typed line that does not answer ``step``."""

    step: Step


def ask_where(today: date) -> PainState:
    """/pain alone: ask where, with buttons."""
    return PainState(today, "where")


def said(today: date, where: str, score: int | None) -> Report | AskScore:
    """A pain told in words (the command's text, free text): report it, or ask how much."""
    if score is None:
        return AskScore(PainState(today, "score", where))
    return Report(where, score)


def command(today: date, text: str, words: str) -> Report | AskScore:
    """``/pain knee 5/10`` (``text`` whole, ``words`` after the command). Raises
    :class:`ParseError` when neither a place nor a score can be read."""
    where, score = read(text, words)
    return said(today, where, score)


def tap(
    state: PainState | None, today: date, button_day: date | None, action: str, value: str
) -> Report | AskScore | AllGone | Stale:
    """A tapped answer: a place, a score, or "all my pain is gone"."""
    if state is None or button_day != today or state.day != today:
        return Stale()
    if action == "gone" and state.step == "where":
        return AllGone()
    if action == "where" and state.step == "where" and value in PLACES:
        return AskScore(PainState(today, "score", value))
    # ASCII digits only: str.isdigit also takes "²", which int() refuses.
    scored = value.isascii() and value.isdigit() and int(value) <= SCORE_MAX
    if action == "score" and state.step == "score" and state.where is not None and scored:
        return Report(state.where, int(value))
    return Stale()


def typed(state: PainState, text: str) -> Report | AskScore | Invalid:
    """A typed answer to the open question: a score ("3", "3/10") once the place is known,
    else a place, with or without a score ("left achilles", "knee 5/10")."""
    if state.step == "score" and state.where is not None:
        number = _INT_RE.match(text)
        if number is None or not 0 <= int(number.group(1)) <= SCORE_MAX:
            return Invalid("score")
        return Report(state.where, int(number.group(1)))
    try:
        where, score = read(text, text)
    except ParseError:
        return Invalid("where")
    return said(state.day, where, score)


def read(text: str, words: str) -> tuple[str, int | None]:
    """Where and how much, from "/pain knee 5/10" or, since it is about pain anyway, from a
    place alone ("left shin"). Raises ParseError when neither can be read."""
    try:
        pain = parse_pain(text)
    except ParseError:
        cleaned = " ".join(words.split()).strip(" .!")
        if any(ch.isdigit() for ch in cleaned) or not _WORDS_RE.match(cleaned):
            raise
        try:
            pain = parse_pain(f"{cleaned} hurts")
        except ParseError:
            return cleaned, None
    return pain.where, pain.score
