"""Onboarding (/start) as a pure state machine: the open question, what an answer stores,
and what comes next, down to the answer that finishes the set-up and builds the plan.

The handler reads the stored dialog into an :class:`OnboardingState` (:func:`read`), turns a
tap, a typed line or a shared location into a call here, stores ``store`` with the next
question (every answer is kept as it arrives, so a restart resumes at the next unanswered
question) and renders the outcome: ``Ask`` (the next question), ``Toggled`` (the days
question with new marks), ``Finish`` (mark onboarded, build the plan), or why not
(``Invalid``, ``Stale``, ``AlreadyAnswered``, ``NotAsked``). Nothing here knows Telegram or
the database (tests/flows/test_onboarding.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from flows.answers import AnswerError
from flows.questions import (
    Invalid as Invalid,  # re-exported: the handlers read flow.Invalid
)
from flows.questions import (
    QuestionContext,
    Reading,
    Runs,
    Step,
    Toggle,
    from_button,
    from_location,
    from_text,
    next_step,
    question_context,
    step_of,
)

#: The dialog's flow name (bot.dialog): a dialog of this name is onboarding's.
FLOW = "onboarding"


@dataclass(frozen=True)
class OnboardingState:
    """The open question; while the days are being picked, the count of runs just chosen
    and the days switched on so far (stored in the dialog, not yet in a column)."""

    step: Step
    runs: int | None = None
    days: tuple[int, ...] | None = None

    def context(self, fields: Mapping[str, Any], now: datetime) -> QuestionContext:
        """What the open question needs to be asked and answered."""
        return question_context(fields, now, days=self.days, runs=self.runs)

    def data(self) -> dict[str, Any]:
        """The dialog's ``data`` for this state, as stored (``{"runs": 4, "days": [...]}``)."""
        if self.days is None:
            return {}
        return {"runs": self.runs, "days": list(self.days)}


#: The first question.
FIRST = OnboardingState(Step.GOAL)


@dataclass(frozen=True)
class Ask:
    """Store ``store`` with ``state`` as the open question, confirm ``answered`` and ask
    ``state.step``; ``ctx`` holds the answers with ``store`` in."""

    store: dict[str, Any]
    answered: Step
    state: OnboardingState
    ctx: QuestionContext


@dataclass(frozen=True)
class Toggled:
    """A day switched on or off: the days question again with new marks; nothing stored."""

    state: OnboardingState
    ctx: QuestionContext


@dataclass(frozen=True)
class Finish:
    """The last answer: store ``store``, mark the athlete onboarded, build the plan and
    schedule the pushes; confirm ``answered`` (``ctx`` holds the answers with ``store`` in)."""

    store: dict[str, Any]
    answered: Step
    ctx: QuestionContext


@dataclass(frozen=True)
class Stale:
    """A button of an earlier conversation: no onboarding question is open."""


@dataclass(frozen=True)
class NotAsked:
    """A shared location while the open question is not the time zone."""


@dataclass(frozen=True)
class AlreadyAnswered:
    """A button of a question already answered (the open question is on another message)."""


Outcome = Ask | Toggled | Finish | Invalid


def read(step: str, data: Mapping[str, Any]) -> OnboardingState | None:
    """The state a stored onboarding dialog holds (``dialog.step``, ``dialog.data``), or
    None when its step names no question."""
    question = step_of(step)
    if question is None:
        return None
    days, runs = data.get("days"), data.get("runs")
    return OnboardingState(
        question,
        runs=int(runs) if runs is not None else None,
        days=tuple(sorted(int(d) for d in days)) if days is not None else None,
    )


def resume(state: OnboardingState | None) -> OnboardingState:
    """The question /start asks: the open one, or the first when none is open."""
    return state if state is not None else FIRST


def tap(
    state: OnboardingState | None,
    action: str,
    arg: str,
    fields: Mapping[str, Any],
    now: datetime,
    *,
    on_open_question: bool,
) -> Outcome | Stale | AlreadyAnswered:
    """A tapped answer: the button of question ``action`` carrying ``arg``;
    ``on_open_question`` when it is on the message that asks the open question."""
    if state is None:
        return Stale()
    if not on_open_question or action != state.step.value:
        return AlreadyAnswered()
    ctx = state.context(fields, now)
    try:
        reading = from_button(state.step, arg, ctx)
    except AnswerError as error:
        return Invalid(state.step, error, ctx)
    return _advance(state, reading, fields, now)


def typed(state: OnboardingState, text: str, fields: Mapping[str, Any], now: datetime) -> Outcome:
    """A typed answer to the open question."""
    ctx = state.context(fields, now)
    try:
        reading = from_text(state.step, text, ctx)
    except AnswerError as error:
        return Invalid(state.step, error, ctx)
    return _advance(state, reading, fields, now)


def located(
    state: OnboardingState, zone: str | None, fields: Mapping[str, Any], now: datetime
) -> Outcome | NotAsked:
    """A shared location, resolved to ``zone`` (None: no zone there), as the answer to the
    time-zone question."""
    if state.step is not Step.TIMEZONE:
        return NotAsked()
    try:
        reading = from_location(zone)
    except AnswerError as error:
        return Invalid(state.step, error, state.context(fields, now))
    return _advance(state, reading, fields, now)


def _advance(
    state: OnboardingState, reading: Reading, fields: Mapping[str, Any], now: datetime
) -> Outcome:
    if isinstance(reading, Toggle):
        toggled = replace(state, days=reading.days)
        return Toggled(toggled, toggled.context(fields, now))
    if isinstance(reading, Runs):
        store: dict[str, Any] = {}
        answered = state.step
        kept = OnboardingState(state.step, reading.count, reading.days)
    else:
        store = reading.columns
        answered = reading.through or state.step
        picked = Step.DAYS in (state.step, reading.through)  # the days are in a column now
        kept = OnboardingState(state.step) if picked else state
    merged = {**fields, **store}
    ctx = kept.context(merged, now)
    upcoming = next_step(answered, merged)
    if upcoming is None:
        return Finish(store, answered, ctx)
    return Ask(store, answered, replace(kept, step=upcoming), ctx)
