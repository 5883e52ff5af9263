"""The athlete's last word on the plan (COACHING.md §7) as pure decisions: what /skip and
/swap offer, what a typed word or a tapped button means, and what the control service must
be asked to do; or why nothing happens (a stale, forged or expired button, a word that is no
day, the coach's refusal).

Control keeps no dialog: every button carries what it means
(``v1|ctl|<action>|<day>|<reason or other day>|<fingerprint>``, the morning push's
``v1|push|<skip or swap>|<day>``), so a press after a restart means what it meant before,
and the day it carries tells a button of another day's message. A swap button also carries a
fingerprint of the two days (:func:`swap_token`): a list made for a week that has changed
since (another swap, a skip, a rebuild, the same button twice) is refused. The handler turns
a command or a press into a call here, asks the service for the request, and renders the
outcome. Nothing here knows Telegram, the database or the services
(tests/flows/test_control.py).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from coach.calendar import DAY_NAMES, monday_of
from coach.models import WEEKDAY_NAMES, RunLog, Session

Command = Literal["skip", "swap"]

#: Actions of the control buttons (area ``ctl``): ask why / which day, answer, keep.
SKIP_ASK, SKIP, SKIP_KEEP = "skipask", "skip", "skipkeep"
SWAP_ASK, SWAP, SWAP_KEEP = "swapask", "swap", "swapkeep"
#: The command each day-bound action belongs to (for "send /skip for today").
ACTIONS: dict[str, Command] = {SKIP_ASK: "skip", SKIP: "skip", SWAP_ASK: "swap", SWAP: "swap"}
#: Actions of the morning push's buttons this flow answers (area ``push``).
PUSH_ACTIONS: tuple[Command, ...] = ("skip", "swap")

#: Reasons offered as buttons under /skip (code -> the words stored in the log).
SKIP_REASONS: dict[str, str | None] = {
    "tired": "tired",
    "ill": "feeling ill",
    "busy": "no time",
    "sore": "sore or a niggle",
    "weather": "bad weather",
    "other": None,
}
#: Longest typed skip reason kept (the rest is cut).
MAX_REASON_CHARS = 200

ALREADY_RAN_SKIP = (
    "You've already logged a run today, so there is nothing left to skip. "
    "If that log was a mistake, /undo removes it."
)
ALREADY_SKIPPED = "Today's session is already skipped. Rest well!"
REST_DAY_SKIP = "Today is a rest day: there is nothing to skip. Enjoy it!"
ALREADY_RAN_SWAP = (
    "You've already run today, so today's session stays where it is. "
    "Later days can still change: /week shows them."
)
NOTHING_TO_SWAP = "Nothing else is planned this week, so there is nothing to swap."
LAST_DAY = "Today is the last day of the week, so there is no later day to swap with."
OTHER_WEEK = "Swaps stay within this week: pick a day up to Sunday."
LIST_CHANGED = "Your week has changed since that list: send /swap for a fresh one."
BOTH_REST = "Both days are rest days, so there is nothing to swap."


# --- what the service is asked to do ----------------------------------------------------------


@dataclass(frozen=True)
class AskSkip:
    """Offer today's skip reasons (once the service has today's runs, or its refusal)."""


@dataclass(frozen=True)
class Skip:
    """Skip today's run for ``reason`` (None: no reason given)."""

    reason: str | None


@dataclass(frozen=True)
class AskSwap:
    """Offer the later days of the week to swap today with."""


@dataclass(frozen=True)
class Swap:
    """Swap today with ``target``; ``token`` is the fingerprint of the list it was picked
    from (None when the day was typed)."""

    target: date
    token: str | None = None


#: What the control service is asked to do.
Request = AskSkip | Skip | AskSwap | Swap


# --- what else a command or a press comes to --------------------------------------------------


@dataclass(frozen=True)
class Keep:
    """The "keep the session" button under the list of ``command``: nothing changes."""

    command: Command


@dataclass(frozen=True)
class NotRegistered:
    """A press by someone with no onboarded athlete behind it (e.g. after /delete)."""


@dataclass(frozen=True)
class Stale:
    """A button that means nothing: a garbled day, a reason or action no keyboard offers."""


@dataclass(frozen=True)
class Expired:
    """A button of ``day``'s message pressed on another day: /``command`` is for today."""

    day: date
    command: Command


@dataclass(frozen=True)
class UnknownDay:
    """``/swap <words>`` where the words name no day."""

    words: str


@dataclass(frozen=True)
class Refused:
    """The coach says no, with the reason to show; nothing changes."""

    reason: str


#: A press that changes nothing, and why.
NoAction = NotRegistered | Stale | Expired


# --- the choices offered ----------------------------------------------------------------------


@dataclass(frozen=True)
class SkipChoice:
    """What /skip would skip today."""

    today: date
    sessions: tuple[Session, ...]


@dataclass(frozen=True)
class SwapOption:
    """A later day of the week, what is planned on it, and the fingerprint of the pair."""

    day: date
    sessions: tuple[Session, ...]
    token: str


@dataclass(frozen=True)
class SwapChoice:
    """Today's sessions and the days left this week they can swap with."""

    today: date
    sessions: tuple[Session, ...]
    options: tuple[SwapOption, ...]


@dataclass(frozen=True)
class Button:
    """A pressed control or push button, decoded by the handler: its action, the day it
    belongs to, and what it carries after that day (a skip reason's code; a swap's other day
    and the list's fingerprint). A garbled day is None."""

    action: str
    day: date | None
    reason: str = ""
    target: date | None = None
    token: str = ""


# --- typed commands ---------------------------------------------------------------------------


def skip_command(words: str) -> Skip | AskSkip:
    """``/skip legs feel like lead`` skips at once with the words as the reason; ``/skip``
    alone asks why."""
    reason = reason_of(words)
    return AskSkip() if reason is None else Skip(reason)


def swap_command(words: str, today: date) -> Swap | AskSwap | UnknownDay:
    """``/swap thu`` swaps with that day of this week; ``/swap`` alone offers the days."""
    words = words.strip()
    if not words:
        return AskSwap()
    target = parse_day(words, today)
    return UnknownDay(words) if target is None else Swap(target)


def reason_of(words: str | None) -> str | None:
    """A typed skip reason as it is kept: trimmed and cut to MAX_REASON_CHARS; None if blank."""
    reason = (words or "").strip()
    return reason[:MAX_REASON_CHARS] or None


def parse_day(words: str, today: date) -> date | None:
    """A day of this week from "thu", "Thursday", "tomorrow" or "today"; None otherwise."""
    word = words.strip().lower()
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    if len(word) >= 3:
        for index, name in enumerate(WEEKDAY_NAMES):
            if word.startswith(name):
                return monday_of(today) + timedelta(days=index)
    return None


# --- taps ----------------------------------------------------------------------------------


def tap(button: Button, today: date | None) -> Request | Keep | NoAction:
    """A control button (area ``ctl``): /today's skip and swap, a skip reason, a day to swap
    with, or keep. ``today`` is the athlete's local date, None without an onboarded athlete.
    "Keep" answers on any day; every other button acts only on the day it belongs to."""
    if button.action == SKIP_KEEP:
        return Keep("skip")
    if button.action == SWAP_KEEP:
        return Keep("swap")
    command = ACTIONS.get(button.action)
    if command is None:
        return Stale()
    not_now = _not_today(button, command, today)
    if not_now is not None:
        return not_now
    if button.action == SKIP_ASK:
        return AskSkip()
    if button.action == SWAP_ASK:
        return AskSwap()
    if button.action == SKIP:
        if button.reason not in SKIP_REASONS:
            return Stale()
        return Skip(SKIP_REASONS[button.reason])
    if button.target is None:
        return Stale()
    return Swap(button.target, button.token or None)


def push_tap(button: Button, today: date | None) -> AskSkip | AskSwap | NoAction:
    """Skip or Swap under the morning push: today's push asks why or which day; another
    day's push has expired."""
    if button.action not in PUSH_ACTIONS:
        return Stale()
    command: Command = "skip" if button.action == "skip" else "swap"
    not_now = _not_today(button, command, today)
    if not_now is not None:
        return not_now
    return AskSkip() if command == "skip" else AskSwap()


def _not_today(button: Button, command: Command, today: date | None) -> NoAction | None:
    """Why a day-bound button cannot act now, or None when it is today's."""
    if today is None:
        return NotRegistered()
    if button.day is None:
        return Stale()
    if button.day != today:
        return Expired(button.day, command)
    return None


# --- the choices, and the coach's refusals -------------------------------------------------------


def skip_choice(
    today: date, planned: Sequence[Session], logged: Sequence[RunLog]
) -> SkipChoice | Refused:
    """Today's runs to skip, given what is ``planned`` and ``logged`` today; or why there is
    nothing to skip (already run, already skipped, a rest day)."""
    if any(log.ran for log in logged):
        return Refused(ALREADY_RAN_SKIP)
    # Cross-training counts: a run the coach turned into a ride today is still skippable.
    runs = tuple(s for s in planned if not s.is_rest)
    if not runs and logged:
        return Refused(ALREADY_SKIPPED)
    if not runs:
        return Refused(REST_DAY_SKIP)
    return SkipChoice(today=today, sessions=runs)


def swap_choice(
    today: date, week: Mapping[date, Sequence[Session]], logged: Sequence[RunLog]
) -> SwapChoice | Refused:
    """The days after today in this week (``week``: what is planned on each of its days)
    that today can swap with: every one when today has a run, else those with a run; or why
    there is none (already run today, nothing planned, Sunday)."""
    if any(log.ran for log in logged):
        return Refused(ALREADY_RAN_SWAP)
    sessions = tuple(week.get(today, ()))
    today_runs = any(x.is_run for x in sessions)
    sunday = monday_of(today) + timedelta(days=6)
    options = []
    day = today + timedelta(days=1)
    while day <= sunday:
        other = tuple(week.get(day, ()))
        if today_runs or any(x.is_run for x in other):
            options.append(SwapOption(day, other, swap_token(sessions, other)))
        day += timedelta(days=1)
    if not options:
        return Refused(NOTHING_TO_SWAP if today < sunday else LAST_DAY)
    return SwapChoice(today=today, sessions=sessions, options=tuple(options))


def swap_refusal(
    today: date,
    target: date,
    token: str | None,
    week: Mapping[date, Sequence[Session]],
    logged: Sequence[RunLog],
) -> Refused | None:
    """Why today cannot swap with ``target`` (picked from a list of fingerprint ``token``,
    or typed when None), or None when it may: a day that has passed, a day of another week,
    nothing to swap (see :func:`swap_choice`), a list the week no longer matches, two rest
    days."""
    if target < today:
        return Refused(f"{DAY_NAMES[target.weekday()]} has passed, so it can't be swapped.")
    if monday_of(target) != monday_of(today):
        return Refused(OTHER_WEEK)
    choice = swap_choice(today, week, logged)
    if isinstance(choice, Refused):
        return choice
    on_today, on_target = week.get(today, ()), week.get(target, ())
    if token is not None and token != swap_token(on_today, on_target):
        return Refused(LIST_CHANGED)
    if target > today and not any(x.is_run for x in (*on_today, *on_target)):
        return Refused(BOTH_REST)
    return None


def swap_token(today: Sequence[Session], other: Sequence[Session]) -> str:
    """A short fingerprint of two days' sessions: a swap list made for a week that has
    changed since (another swap, a skip, a rebuild) no longer matches it."""
    words = "|".join(f"{s.date}:{s.kind.value}:{s.duration_min:g}" for s in (*today, *other))
    return f"{zlib.crc32(words.encode()):08x}"


def week_days(today: date) -> tuple[date, ...]:
    """Monday to Sunday of ``today``'s week."""
    monday = monday_of(today)
    return tuple(monday + timedelta(days=i) for i in range(7))
