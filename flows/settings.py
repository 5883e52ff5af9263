"""/settings, /race and the menu /start shows an athlete who is set up, as pure state
machines: which menu or question an open message shows, what a tap or a typed answer
changes, and when a menu has expired.

The questions are onboarding's (flows.questions), asked again one at a time. A settings
answer is stored at once (``Change``); /race keeps a new goal's answers pending until the
last one, then stores them together and the plan is rebuilt from today (``NewGoal``): a
half-changed goal never reaches the planner. A menu expires :data:`MENU_TTL` after it was
opened or a question picked in it, so a button of an old menu changes nothing (``Stale``).

The handler reads the stored dialog into a state (:func:`read`), calls ``settings_tap``,
``race_tap``, ``typed`` or ``located``, stores what the outcome says and renders it. Nothing
here knows Telegram or the database (tests/flows/test_settings.py).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from coach.models import GoalKind
from flows.answers import AnswerError
from flows.onboarding import FIRST, OnboardingState
from flows.questions import (
    RACE,
    Answer,
    QuestionContext,
    Reading,
    Step,
    Toggle,
    default_long_day,
    from_button,
    from_location,
    from_text,
    next_step,
    question_context,
    run_days_of,
    step_of,
)
from flows.questions import (
    Invalid as Invalid,  # re-exported: the handlers read flow.Invalid
)

#: The dialogs' flow names (bot.dialog).
SETTINGS_FLOW = "settings"
RACE_FLOW = "race"
MENU_TTL = timedelta(hours=2)  # a menu or question older than this has expired
#: The questions /settings asks again (bot.keyboards.settings.MENU has a button for each).
STEPS: frozenset[Step] = frozenset(
    {
        Step.PUSH,
        Step.REMIND,
        Step.TIMEZONE,
        Step.UNITS,
        Step.DAYS,
        Step.LONG_DAY,
        Step.TRACK,
        Step.TRAILS,
        Step.DOUBLES,
    }
)
#: The questions /race asks: a new goal and what it needs, or a new date.
RACE_STEPS: frozenset[Step] = frozenset(RACE)

#: What a settings message shows besides a question: /start's menu for an athlete who is set
#: up, the settings menu, or "start over?".
Screen = Literal["start", "menu", "reset"]
#: What /race changes: the goal (then what it needs), or only the date.
RaceChange = Literal["goal", "date"]
_SCREENS: dict[str, Screen] = {"start": "start", "menu": "menu", "reset": "reset"}


@dataclass(frozen=True)
class SettingsState:
    """An open settings message: ``step`` a screen or a question, opened (or a question
    picked) at ``opened`` (None: unreadable, so expired); ``days`` the run days switched on
    so far, before Done."""

    step: Screen | Step
    opened: datetime | None
    days: tuple[int, ...] | None = None

    def fresh(self, now: datetime) -> bool:
        return _fresh(self.opened, now)

    def context(self, fields: Mapping[str, Any], now: datetime) -> QuestionContext:
        return question_context(fields, now, days=self.days)

    def data(self) -> dict[str, Any]:
        """The dialog's ``data`` for this state, as stored."""
        data = _stamp(self.opened)
        if self.days is not None:
            data["days"] = list(self.days)
        return data


@dataclass(frozen=True)
class RaceState:
    """An open /race message: its menu, or a question of the new goal (``change``), with the
    answers given so far ``pending`` (stored together with the last one)."""

    step: Literal["menu"] | Step
    opened: datetime | None
    change: RaceChange = "date"
    pending: Mapping[str, Any] = field(default_factory=dict)

    def fresh(self, now: datetime) -> bool:
        return _fresh(self.opened, now)

    def context(self, fields: Mapping[str, Any], now: datetime) -> QuestionContext:
        return question_context(fields, now, pending=self.pending)

    def data(self) -> dict[str, Any]:
        """The dialog's ``data`` for this state, as stored."""
        data = _stamp(self.opened)
        if self.step != "menu":
            data.update(order=self.change, pending=dict(self.pending))
        return data


State = SettingsState | RaceState


# --- outcomes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Menu:
    """Show the settings menu (from /start's) or /race's menu, as ``state``."""

    state: State
    ctx: QuestionContext


@dataclass(frozen=True)
class ConfirmReset:
    """Ask whether to start over; nothing is forgotten yet."""

    state: SettingsState


@dataclass(frozen=True)
class StartOver:
    """Confirmed: forget the set-up answers and ask onboarding's ``state`` again."""

    state: OnboardingState = FIRST


@dataclass(frozen=True)
class Closed:
    """Close the menu, nothing changed; ``declined`` when it was "start over?" answered no."""

    declined: bool = False


@dataclass(frozen=True)
class Ask:
    """Ask ``step``, picked in a menu (``state`` asks it)."""

    step: Step
    state: State
    ctx: QuestionContext


@dataclass(frozen=True)
class Toggled:
    """A run day switched on or off: ``step`` again with new marks; nothing stored."""

    step: Step
    state: SettingsState
    ctx: QuestionContext


@dataclass(frozen=True)
class Next:
    """/race: confirm ``answered`` and ask ``step`` (``state`` asks it); the answers stay
    pending."""

    answered: Step
    step: Step
    state: RaceState
    ctx: QuestionContext


@dataclass(frozen=True)
class Changed:
    """Store ``store`` (the answer to ``step``), close the menu and confirm it in a line."""

    step: Step
    store: dict[str, Any]


@dataclass(frozen=True)
class NewGoal:
    """/race's last answer: store ``store`` (the new goal, and what no longer applies
    cleared), close the menu and rebuild the plan from today."""

    store: dict[str, Any]


@dataclass(frozen=True)
class Stale:
    """A button of an expired or closed menu, or one it does not offer: nothing changes."""


@dataclass(frozen=True)
class NotAnAnswer:
    """Text while a menu (not a question) is open, or an expired one: close the menu and let
    the coach read the text."""


@dataclass(frozen=True)
class NotAsked:
    """A shared location while no time-zone question is open."""


# --- reading the stored dialog ---------------------------------------------------------------


def read(flow: str, step: str, data: Mapping[str, Any]) -> State | None:
    """The state a stored settings or /race dialog holds (``dialog.flow``, ``dialog.step``,
    ``dialog.data``), or None when it is neither or its step names nothing."""
    opened = _opened(data.get("at"))
    question = step_of(step)
    if flow == SETTINGS_FLOW:
        days = data.get("days")
        picked = tuple(sorted(int(d) for d in days)) if days is not None else None
        if step in _SCREENS:
            return SettingsState(_SCREENS[step], opened, picked)
        return SettingsState(question, opened, picked) if question is not None else None
    if flow == RACE_FLOW:
        if step == "menu":
            return RaceState("menu", opened)
        if question is None:
            return None
        change: RaceChange = "goal" if data.get("order") == "goal" else "date"
        return RaceState(question, opened, change, dict(data.get("pending") or {}))
    return None


def start_menu(now: datetime) -> SettingsState:
    """/start for an athlete who is set up: settings, goal or race, or start over."""
    return SettingsState("start", now)


def settings_menu(now: datetime) -> SettingsState:
    """/settings: the settings as they are, with a button for each."""
    return SettingsState("menu", now)


def race_menu(now: datetime) -> RaceState:
    """/race: a new goal or a new date."""
    return RaceState("menu", now)


# --- /settings -------------------------------------------------------------------------------


def settings_tap(
    state: State | None, action: str, arg: str, fields: Mapping[str, Any], now: datetime
) -> Menu | ConfirmReset | StartOver | Closed | Ask | Toggled | Changed | Invalid | Stale:
    """A tap on a settings message (``state`` None when it is not the open one): open the
    menu, ask a question, take its answer, or start over once confirmed."""
    if not isinstance(state, SettingsState) or not state.fresh(now):
        return Stale()
    if action == "open" and state.step == "start":
        return Menu(settings_menu(now), question_context(fields, now))
    if action == "reset" and state.step == "start":
        return ConfirmReset(SettingsState("reset", now))
    if action == "reset_yes" and state.step == "reset":
        return StartOver()
    if action in ("reset_no", "close"):
        return Closed(declined=action == "reset_no")
    picked = step_of(arg)
    if action == "pick" and state.step == "menu" and picked is not None and picked in STEPS:
        days = run_days_of(fields) if picked is Step.DAYS else None
        asked = SettingsState(picked, now, days)
        return Ask(picked, asked, asked.context(fields, now))
    read = _button_answer(state, action, arg, STEPS, fields, now)
    if isinstance(read, Invalid | Stale):
        return read
    return _settings_answer(state, *read, fields, now)


def _button_answer(
    state: SettingsState | RaceState,
    action: str,
    arg: str,
    steps: Collection[Step],
    fields: Mapping[str, Any],
    now: datetime,
) -> tuple[Step, Reading] | Invalid | Stale:
    """A tapped answer to the open question (one of ``steps``) read into its value, or why
    not: a button of another question, or a value its question does not take."""
    step = step_of(action)
    if step is None or step not in steps or step != state.step:
        return Stale()
    ctx = state.context(fields, now)
    try:
        return step, from_button(step, arg, ctx)
    except AnswerError as error:
        return Invalid(step, error, ctx)


def _settings_answer(
    state: SettingsState, step: Step, reading: Reading, fields: Mapping[str, Any], now: datetime
) -> Toggled | Changed | Stale:
    if isinstance(reading, Toggle):
        toggled = replace(state, days=reading.days)
        return Toggled(step, toggled, toggled.context(fields, now))
    if not isinstance(reading, Answer):
        return Stale()  # the number of runs: /settings never asks it
    columns = dict(reading.columns)
    if step is Step.DAYS:  # the long run stays on a run day
        days = run_days_of(columns)
        if fields.get("long_run_day") not in days:
            columns["long_run_day"] = default_long_day(days)
    return Changed(step, columns)


# --- /race -----------------------------------------------------------------------------------


def race_tap(
    state: State | None, action: str, arg: str, fields: Mapping[str, Any], now: datetime
) -> Menu | Closed | Ask | Next | NewGoal | Invalid | Stale:
    """A tap on a /race message, or on the settings menu's "goal or race" (``state`` None
    when it is not the open message)."""
    if action == "open":
        if not isinstance(state, SettingsState) or not state.fresh(now):
            return Stale()
        if state.step not in ("start", "menu"):
            return Stale()
        return Menu(race_menu(now), question_context(fields, now))
    if not isinstance(state, RaceState) or not state.fresh(now):
        return Stale()
    if action == "close":
        return Closed()
    if action == "pick" and state.step == "menu" and arg in ("goal", "date"):
        change: RaceChange = "goal" if arg == "goal" else "date"
        first = Step.GOAL if change == "goal" else Step.RACE_DATE
        asked = RaceState(first, now, change, {})
        return Ask(first, asked, asked.context(fields, now))
    read = _button_answer(state, action, arg, RACE_STEPS, fields, now)
    if isinstance(read, Invalid | Stale):
        return read
    return _race_answer(state, *read, fields, now)


def _race_answer(
    state: RaceState, step: Step, reading: Reading, fields: Mapping[str, Any], now: datetime
) -> Next | NewGoal | Stale:
    if not isinstance(reading, Answer):
        return Stale()  # /race asks neither runs nor days
    pending = {**state.pending, **reading.columns}
    order = RACE if state.change == "goal" else (Step.RACE_DATE,)
    upcoming = next_step(step, {**fields, **pending}, order)
    if upcoming is None:
        return NewGoal(race_columns(pending))
    moved = replace(state, step=upcoming, pending=pending)
    return Next(step, upcoming, moved, moved.context(fields, now))


def race_columns(columns: Mapping[str, Any]) -> dict[str, Any]:
    """A new goal clears what no longer applies: trail details, a date for fitness."""
    store = dict(columns)
    goal_raw = store.get("goal")
    if goal_raw is None:
        return store
    goal = GoalKind(goal_raw)
    if goal is not GoalKind.TRAIL:
        store.update(trail_distance_km=None, trail_elevation_m=None)
    if not goal.has_race:
        store["race_date"] = None
    return store


# --- typed answers and shared locations --------------------------------------------------------


def typed(
    state: State, text: str, fields: Mapping[str, Any], now: datetime
) -> Toggled | Changed | Next | NewGoal | Invalid | Stale | NotAnAnswer:
    """A typed answer to the question a settings or /race message asks; text while a menu
    is open (or an old one) is not an answer."""
    step = state.step if isinstance(state.step, Step) else None
    steps = STEPS if isinstance(state, SettingsState) else RACE_STEPS
    if step is None or step not in steps or not state.fresh(now):
        return NotAnAnswer()
    ctx = state.context(fields, now)
    try:
        reading = from_text(step, text, ctx)
    except AnswerError as error:
        return Invalid(step, error, ctx)
    if isinstance(state, SettingsState):
        return _settings_answer(state, step, reading, fields, now)
    return _race_answer(state, step, reading, fields, now)


def located(
    state: State, zone: str | None, fields: Mapping[str, Any], now: datetime
) -> Changed | Invalid | NotAsked | Stale:
    """A shared location, resolved to ``zone`` (None: no zone there), while a settings
    message asks the time zone; /race asks nothing a location answers."""
    if not isinstance(state, SettingsState) or state.step is not Step.TIMEZONE:
        return NotAsked()
    try:
        reading = from_location(zone)
    except AnswerError as error:
        return Invalid(Step.TIMEZONE, error, state.context(fields, now))
    if not state.fresh(now):
        return NotAsked()
    return Changed(Step.TIMEZONE, dict(reading.columns))


# --- internals ---------------------------------------------------------------------------------


def _opened(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _fresh(opened: datetime | None, now: datetime) -> bool:
    return opened is not None and timedelta(0) <= now - opened <= MENU_TTL


def _stamp(opened: datetime | None) -> dict[str, Any]:
    return {"at": opened.isoformat()} if opened is not None else {}
