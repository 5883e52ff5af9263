"""Illness as a pure conversation (COACHING.md §7b): the neck check, the daily check while
ill, and reading "flu, fever" or "feeling better" in words.

The handler turns a tap or a typed line into a call here and the outcome into a message:
``Neck`` (the neck check's answer), ``Better`` (back to running), ``StillIll``, or why not
(``Stale``, ``Invalid``). Nothing here knows Telegram or the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

#: The neck check's answers, as the buttons carry them.
ABOVE, BELOW = "above", "below"
#: The daily check's answers.
BETTER, STILL = "better", "still"

# Symptoms below the neck: no running (§7b). Said with the report, they answer the neck
# check at once; a cold or "sick" alone does not say where, so the question is asked.
_BELOW_RE = re.compile(
    r"\b(fever\w*|temperature|flu|influenza|covid\w*|chest\w*|aches?|aching|achy|stomach\w*"
    r"|vomit\w*|diarrh\w*|nause\w*|body ?aches?|chills|below)\b",
    re.IGNORECASE,
)
_ABOVE_RE = re.compile(
    r"\b(above|runny|nose|sniffl\w*|sneez\w*|sore throat|throat|stuffy|blocked|congest\w*"
    r"|head cold|just a cold)\b",
    re.IGNORECASE,
)
# What the parser leaves out, as it is weather as often as illness ("ran in the cold"):
# alone, it is the athlete saying they are ill.
_BARE_RE = re.compile(
    r"^\s*(?:i\s+have\s+|i'?ve\s+got\s+|got\s+)?(?:a\s+)?(?:cold|runny\s+nose|sniffles"
    r"|head\s+cold)\s*[.!]*\s*$",
    re.IGNORECASE,
)
_BETTER_RE = re.compile(
    r"^\s*(?:i'?m\s+|i\s+am\s+|im\s+)?(?:feeling\s+|feel\s+)?(?:much\s+|a\s+lot\s+|way\s+)?"
    r"(?:better|recovered|well\s+again|no\s+longer\s+(?:ill|sick)|not\s+(?:ill|sick)\s+anymore)"
    r"(?:\s+now)?(?:\s*,?\s*back\s+to\s+running)?\s*[.!]*\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NeckState:
    """The open neck question, asked on ``day``."""

    day: date


@dataclass(frozen=True)
class Neck:
    """The neck check's answer: symptoms above the neck only (easy running if they feel
    fine), or below it (no running)."""

    above: bool


@dataclass(frozen=True)
class Better:
    """The athlete is better: close the period and plan the return."""


@dataclass(frozen=True)
class StillIll:
    """Still ill: nothing changes; asked again tomorrow."""


@dataclass(frozen=True)
class Stale:
    """A button whose question is no longer open (another day, a closed period, a forgery)."""


@dataclass(frozen=True)
class Invalid:
    """A typed line that does not answer the neck question."""


def neck_from_words(text: str) -> bool | None:
    """What the report itself says about the neck check: False when it names a symptom
    below the neck ("flu, fever"), else None (asked). Symptoms above the neck alone are not
    taken as the answer: whether the athlete feels fine enough to run is theirs to say."""
    return False if _BELOW_RE.search(text) else None


def says_better(text: str) -> bool:
    """ "feeling better", "I'm better", "recovered": the athlete says the illness is over."""
    return _BETTER_RE.match(text) is not None


def about_illness(illness: str | None, text: str) -> bool:
    """Whether free text the coach could not otherwise read is about illness: a word the
    parser took as illness (``illness``), "cold" alone, or "feeling better"."""
    return illness is not None or _BARE_RE.match(text) is not None or says_better(text)


def tap_neck(ill: bool, today: date, button_day: date | None, value: str) -> Neck | Stale:
    """A tap on the neck question: only today's, only while the illness it asks about is
    open, only its two answers. (It needs no open dialog: a question asked after a log
    that is still waiting for its own answer keeps that one open and works by its buttons.)"""
    if not ill or button_day != today:
        return Stale()
    if value == ABOVE:
        return Neck(True)
    if value == BELOW:
        return Neck(False)
    return Stale()


def tap_check(
    ill: bool, today: date, button_day: date | None, value: str
) -> Better | StillIll | Stale:
    """A tap on the daily check: only today's, only while ill."""
    if not ill or button_day != today:
        return Stale()
    if value == BETTER:
        return Better()
    if value == STILL:
        return StillIll()
    return Stale()


def typed_neck(text: str) -> Neck | Invalid:
    """A typed answer to the neck question: "above", "runny nose", "fever", "below"..."""
    if _BELOW_RE.search(text):
        return Neck(False)
    if _ABOVE_RE.search(text):
        return Neck(True)
    return Invalid()
