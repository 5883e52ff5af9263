"""/settings, /race and /start's menu for a set-up athlete, without Telegram: every screen and
question, what each answer stores, expired, forged and double taps, typed text that is not
an answer, shared locations, and a resume from the stored dialog."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from coach.models import GoalKind
from flows import settings as flow
from flows.onboarding import FIRST
from flows.questions import Step, race_date_choices

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
# A set-up athlete: 10K on 18 Apr 2027, Tue/Thu/Sat/Sun with the long run on Sunday, Paris.
FIELDS: dict[str, Any] = {
    "goal": "road-10k",
    "race_date": date(2027, 4, 18),
    "trail_distance_km": None,
    "trail_elevation_m": None,
    "run_days": "1,3,5,6",
    "long_run_day": 6,
    "weekly_km": 40.0,
    "track_access": True,
    "trail_access": True,
    "doubles": False,
    "timezone": "Europe/Paris",
    "push_time": "06:30",
    "reminder_time": "20:00",
    "units": "km",
}
MENU = flow.settings_menu(NOW)
START = flow.start_menu(NOW)


def asking(step: Step, **kwargs: Any) -> flow.SettingsState:
    return flow.SettingsState(step, NOW, **kwargs)


def settings_tap(
    state: flow.State | None, action: str, arg: str = "", *, later: timedelta = timedelta(0)
) -> object:
    return flow.settings_tap(state, action, arg, FIELDS, NOW + later)


def race_tap(
    state: flow.State | None, action: str, arg: str = "", *, later: timedelta = timedelta(0)
) -> object:
    return flow.race_tap(state, action, arg, FIELDS, NOW + later)


# --- the menus ---------------------------------------------------------------------------------


def test_the_menus_are_stored_as_before() -> None:
    at = NOW.isoformat()
    assert START.data() == {"at": at}
    assert MENU.data() == {"at": at}
    assert flow.race_menu(NOW).data() == {"at": at}
    assert (START.step, MENU.step, flow.race_menu(NOW).step) == ("start", "menu", "menu")


def test_start_menu_opens_the_settings() -> None:
    outcome = settings_tap(START, "open")
    assert isinstance(outcome, flow.Menu)
    assert outcome.state == MENU
    assert outcome.ctx.timezone == "Europe/Paris"


@pytest.mark.parametrize("step", sorted(flow.STEPS))
def test_each_setting_opens_its_question(step: Step) -> None:
    outcome = settings_tap(MENU, "pick", step.value)
    assert isinstance(outcome, flow.Ask)
    assert outcome.step is step
    assert outcome.state.step is step
    assert outcome.state.opened == NOW


def test_the_run_days_question_starts_from_the_days_as_they_are() -> None:
    outcome = settings_tap(MENU, "pick", "days")
    assert isinstance(outcome, flow.Ask)
    assert outcome.state == asking(Step.DAYS, days=(1, 3, 5, 6))
    assert outcome.state.data() == {"at": NOW.isoformat(), "days": [1, 3, 5, 6]}


@pytest.mark.parametrize("arg", ["goal", "runs", "weekly", "nonsense", ""])
def test_settings_cannot_open_what_it_does_not_change(arg: str) -> None:
    assert isinstance(settings_tap(MENU, "pick", arg), flow.Stale)


def test_a_question_is_picked_from_the_menu_only() -> None:
    assert isinstance(settings_tap(START, "pick", "push"), flow.Stale)
    assert isinstance(settings_tap(asking(Step.PUSH), "pick", "remind"), flow.Stale)


def test_close_and_cancel_close_any_settings_message() -> None:
    for state in (START, MENU, asking(Step.TRACK), flow.SettingsState("reset", NOW)):
        assert settings_tap(state, "close") == flow.Closed()


# --- answers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "arg", "store"),
    [
        (Step.PUSH, "0700", {"push_time": "07:00"}),
        (Step.REMIND, "2100", {"reminder_time": "21:00"}),
        (Step.TIMEZONE, "America/New_York", {"timezone": "America/New_York"}),
        (Step.UNITS, "mi", {"units": "mi"}),
        (Step.LONG_DAY, "5", {"long_run_day": 5}),
        (Step.TRACK, "0", {"track_access": False}),
        (Step.TRAILS, "1", {"trail_access": True}),
        (Step.DOUBLES, "1", {"doubles": True}),
    ],
)
def test_a_tapped_answer_is_a_change(step: Step, arg: str, store: dict[str, Any]) -> None:
    assert settings_tap(asking(step), step.value, arg) == flow.Changed(step, store)


@pytest.mark.parametrize(
    ("step", "text", "store"),
    [
        (Step.PUSH, "7am", {"push_time": "07:00"}),
        (Step.REMIND, "9", {"reminder_time": "21:00"}),  # an evening question
        (Step.TIMEZONE, "Lisbon", {"timezone": "Europe/Lisbon"}),
        (Step.TIMEZONE, "UTC+5:30", {"timezone": "Asia/Kolkata"}),
        (Step.TIMEZONE, "+2", {"timezone": "Etc/GMT-2"}),
        (Step.UNITS, "miles", {"units": "mi"}),
        (Step.LONG_DAY, "saturday", {"long_run_day": 5}),
        (Step.TRACK, "no", {"track_access": False}),
        (Step.DOUBLES, "skip", {"doubles": False}),
    ],
)
def test_a_typed_answer_is_a_change(step: Step, text: str, store: dict[str, Any]) -> None:
    assert flow.typed(asking(step), text, FIELDS, NOW) == flow.Changed(step, store)


def test_new_run_days_move_the_long_run_onto_one_of_them() -> None:
    picking = asking(Step.DAYS, days=(1, 3, 5, 6))
    off = settings_tap(picking, "days", "t6")
    assert isinstance(off, flow.Toggled)
    on = settings_tap(off.state, "days", "t0")
    assert isinstance(on, flow.Toggled)
    assert on.state.days == (0, 1, 3, 5)
    assert on.ctx.days == (0, 1, 3, 5)
    assert on.state.opened == NOW  # toggling keeps the question's time
    done = settings_tap(on.state, "days", "done")
    assert done == flow.Changed(Step.DAYS, {"run_days": "0,1,3,5", "long_run_day": 5})


def test_new_run_days_keep_a_long_run_day_that_is_still_one() -> None:
    outcome = flow.typed(asking(Step.DAYS), "mon tue sun", FIELDS, NOW)
    assert outcome == flow.Changed(Step.DAYS, {"run_days": "0,1,6"})


def test_run_days_done_with_none_left_is_refused() -> None:
    outcome = settings_tap(asking(Step.DAYS, days=()), "days", "done")
    assert isinstance(outcome, flow.Invalid)
    assert outcome.error.code == "no_days"


@pytest.mark.parametrize(
    ("step", "text", "code"),
    [
        (Step.TIMEZONE, "Atlantis", "zone"),
        (Step.TIMEZONE, "x" * 5000, "too_long"),
        (Step.PUSH, "half past never", "clock"),
        (Step.LONG_DAY, "wednesday", "not_a_run_day"),
        (Step.DAYS, "👍", "emoji"),
        (Step.TRACK, "it depends", "yes_no"),
    ],
)
def test_a_bad_typed_answer_says_why_and_changes_nothing(step: Step, text: str, code: str) -> None:
    outcome = flow.typed(asking(step), text, FIELDS, NOW)
    assert isinstance(outcome, flow.Invalid)
    assert (outcome.step, outcome.error.code) == (step, code)


# --- stale, forged and double taps ---------------------------------------------------------------


@pytest.mark.parametrize(
    "later",
    [timedelta(hours=2, seconds=1), timedelta(days=7), timedelta(minutes=-1)],  # or a skew
)
def test_an_expired_menu_changes_nothing(later: timedelta) -> None:
    assert isinstance(settings_tap(MENU, "pick", "track", later=later), flow.Stale)
    assert isinstance(settings_tap(asking(Step.TRACK), "track", "0", later=later), flow.Stale)
    assert isinstance(settings_tap(MENU, "close", later=later), flow.Stale)
    assert isinstance(race_tap(MENU, "open", later=later), flow.Stale)


def test_a_menu_lives_for_two_hours() -> None:
    outcome = settings_tap(asking(Step.TRACK), "track", "0", later=flow.MENU_TTL)
    assert outcome == flow.Changed(Step.TRACK, {"track_access": False})


def test_a_tap_on_a_message_that_is_not_the_open_one_changes_nothing() -> None:
    assert isinstance(settings_tap(None, "track", "0"), flow.Stale)
    assert isinstance(race_tap(None, "open"), flow.Stale)
    assert isinstance(race_tap(None, "close"), flow.Stale)


def test_a_double_tap_after_the_question_moved_on_changes_nothing() -> None:
    assert isinstance(settings_tap(MENU, "push", "0700"), flow.Stale)  # back at the menu
    assert isinstance(settings_tap(asking(Step.PUSH), "remind", "2100"), flow.Stale)


@pytest.mark.parametrize(
    ("step", "arg"),
    [
        (Step.TRACK, "2"),
        (Step.TIMEZONE, "Nowhere/Land"),
        (Step.PUSH, "9999"),
        (Step.UNITS, "cubits"),
        (Step.LONG_DAY, "2"),  # Wednesday is not a run day
        (Step.DAYS, "t8"),
    ],
)
def test_a_forged_answer_is_refused(step: Step, arg: str) -> None:
    assert isinstance(settings_tap(asking(step), step.value, arg), flow.Invalid)


def test_the_other_menus_buttons_mean_nothing_here() -> None:
    race = flow.race_menu(NOW)
    assert isinstance(settings_tap(race, "pick", "push"), flow.Stale)
    assert isinstance(settings_tap(race, "close"), flow.Stale)
    assert isinstance(race_tap(MENU, "close"), flow.Stale)
    assert isinstance(race_tap(MENU, "pick", "goal"), flow.Stale)


# --- starting over -------------------------------------------------------------------------------


def test_start_over_asks_first_and_forgets_only_when_confirmed() -> None:
    confirm = settings_tap(START, "reset")
    assert isinstance(confirm, flow.ConfirmReset)
    assert confirm.state == flow.SettingsState("reset", NOW)
    assert settings_tap(confirm.state, "reset_yes") == flow.StartOver(FIRST)
    assert settings_tap(confirm.state, "reset_no") == flow.Closed(declined=True)


def test_start_over_needs_its_confirmation() -> None:
    assert isinstance(settings_tap(START, "reset_yes"), flow.Stale)
    assert isinstance(settings_tap(MENU, "reset"), flow.Stale)
    later = settings_tap(flow.SettingsState("reset", NOW), "reset_yes", later=timedelta(hours=3))
    assert isinstance(later, flow.Stale)


# --- typed text and shared locations -------------------------------------------------------------


@pytest.mark.parametrize(
    "state",
    [START, MENU, flow.SettingsState("reset", NOW), flow.race_menu(NOW)],
)
def test_text_while_a_menu_is_open_is_not_an_answer(state: flow.State) -> None:
    assert isinstance(flow.typed(state, "hello there", FIELDS, NOW), flow.NotAnAnswer)


def test_text_after_the_question_expired_is_not_an_answer() -> None:
    outcome = flow.typed(asking(Step.PUSH), "7am", FIELDS, NOW + timedelta(hours=3))
    assert isinstance(outcome, flow.NotAnAnswer)


def test_a_location_answers_the_time_zone_question() -> None:
    outcome = flow.located(asking(Step.TIMEZONE), "Asia/Tokyo", FIELDS, NOW)
    assert outcome == flow.Changed(Step.TIMEZONE, {"timezone": "Asia/Tokyo"})


def test_a_location_with_no_zone_is_refused_even_late() -> None:
    for when in (NOW, NOW + timedelta(days=1)):
        outcome = flow.located(asking(Step.TIMEZONE), None, FIELDS, when)
        assert isinstance(outcome, flow.Invalid)
        assert outcome.error.code == "location_zone"


@pytest.mark.parametrize(
    ("state", "when"),
    [
        (flow.SettingsState(Step.TIMEZONE, NOW), NOW + timedelta(hours=3)),  # expired
        (flow.SettingsState(Step.PUSH, NOW), NOW),  # another question
        (MENU, NOW),
        (flow.RaceState(Step.RACE_DATE, NOW, "date", {}), NOW),  # /race asks no zone
    ],
)
def test_a_location_nobody_asked_for_changes_nothing(state: flow.State, when: datetime) -> None:
    assert isinstance(flow.located(state, "Asia/Tokyo", FIELDS, when), flow.NotAsked)


# --- /race ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("menu", [START, MENU])
def test_race_opens_from_start_or_settings(menu: flow.SettingsState) -> None:
    outcome = race_tap(menu, "open")
    assert isinstance(outcome, flow.Menu)
    assert outcome.state == flow.race_menu(NOW)
    assert outcome.ctx.goal is GoalKind.ROAD_10K


def test_race_does_not_open_from_a_question_or_from_itself() -> None:
    assert isinstance(race_tap(asking(Step.PUSH), "open"), flow.Stale)
    assert isinstance(race_tap(flow.SettingsState("reset", NOW), "open"), flow.Stale)
    assert isinstance(race_tap(flow.race_menu(NOW), "open"), flow.Stale)


def test_a_new_date_is_stored_at_once_and_rebuilds() -> None:
    asked = race_tap(flow.race_menu(NOW), "pick", "date")
    assert isinstance(asked, flow.Ask)
    assert asked.step is Step.RACE_DATE
    assert asked.state.data() == {"at": NOW.isoformat(), "order": "date", "pending": {}}
    outcome = flow.typed(asked.state, "in 20 weeks", FIELDS, NOW)
    # the Sunday of the week 20 weeks out, as the date buttons offer (flows.answers)
    assert outcome == flow.NewGoal({"race_date": date(2027, 4, 11)})


def test_a_new_road_goal_waits_for_its_date_then_stores_both() -> None:
    asked = race_tap(flow.race_menu(NOW), "pick", "goal")
    assert isinstance(asked, flow.Ask)
    assert asked.step is Step.GOAL
    half = race_tap(asked.state, "goal", "road-half")
    assert isinstance(half, flow.Next)
    assert (half.answered, half.step) == (Step.GOAL, Step.RACE_DATE)
    assert half.state.pending == {"goal": "road-half"}
    assert half.ctx.goal is GoalKind.ROAD_HALF  # the pending goal words the date question
    day = race_date_choices(GoalKind.ROAD_HALF, TODAY)[3][1]  # "Sun 9 May · 24 wk"
    done = race_tap(half.state, "date", day.strftime("%Y%m%d"))
    assert done == flow.NewGoal(
        {
            "goal": "road-half",
            "race_date": date(2027, 5, 9),
            "trail_distance_km": None,
            "trail_elevation_m": None,
        }
    )


def test_general_fitness_clears_the_date_at_once() -> None:
    asked = race_tap(flow.race_menu(NOW), "pick", "goal")
    assert isinstance(asked, flow.Ask)
    outcome = flow.typed(asked.state, "general fitness", FIELDS, NOW)
    assert outcome == flow.NewGoal(
        {"goal": "fitness", "trail_distance_km": None, "trail_elevation_m": None, "race_date": None}
    )


def test_a_trail_goal_asks_distance_climbing_and_date() -> None:
    step, state = Step.GOAL, flow.RaceState(Step.GOAL, NOW, "goal", {})
    steps = []
    for arg in ("trail", "50", "2500"):
        outcome = race_tap(state, step.value, arg)
        assert isinstance(outcome, flow.Next)
        step, state = outcome.step, outcome.state
        steps.append(step)
    assert steps == [Step.TRAIL_KM, Step.TRAIL_ELEV, Step.RACE_DATE]
    outcome = flow.typed(state, "18 Apr 2027", FIELDS, NOW)
    assert outcome == flow.NewGoal(
        {
            "goal": "trail",
            "trail_distance_km": 50.0,
            "trail_elevation_m": 2500.0,
            "race_date": date(2027, 4, 18),
        }
    )


@pytest.mark.parametrize(("text", "code"), [("2026-10-01", "past"), ("soon", "date")])
def test_a_bad_race_date_changes_nothing(text: str, code: str) -> None:
    outcome = flow.typed(flow.RaceState(Step.RACE_DATE, NOW, "date", {}), text, FIELDS, NOW)
    assert isinstance(outcome, flow.Invalid)
    assert outcome.error.code == code


def test_race_close_and_stale_buttons() -> None:
    menu = flow.race_menu(NOW)
    assert race_tap(menu, "close") == flow.Closed()
    assert race_tap(flow.RaceState(Step.GOAL, NOW, "goal", {}), "close") == flow.Closed()
    assert isinstance(race_tap(menu, "pick", "weekly"), flow.Stale)
    assert isinstance(race_tap(menu, "goal", "road-5k"), flow.Stale)  # no question open
    date_only = flow.RaceState(Step.RACE_DATE, NOW, "date", {})
    assert isinstance(race_tap(date_only, "goal", "road-5k"), flow.Stale)  # a double tap
    assert isinstance(race_tap(menu, "close", later=timedelta(hours=3)), flow.Stale)
    forged = race_tap(flow.RaceState(Step.GOAL, NOW, "goal", {}), "goal", "road-1k")
    assert isinstance(forged, flow.Invalid)


# --- a restart: the state comes back from the stored dialog --------------------------------------


@pytest.mark.parametrize(
    "state",
    [
        START,
        MENU,
        flow.SettingsState("reset", NOW),
        flow.SettingsState(Step.DAYS, NOW, (0, 2, 4)),
        flow.SettingsState(Step.TIMEZONE, NOW),
        flow.race_menu(NOW),
        flow.RaceState(Step.TRAIL_ELEV, NOW, "goal", {"goal": "trail", "trail_distance_km": 50.0}),
        flow.RaceState(Step.RACE_DATE, NOW, "date", {}),
    ],
)
def test_every_state_survives_being_stored(state: flow.State) -> None:
    name = flow.SETTINGS_FLOW if isinstance(state, flow.SettingsState) else flow.RACE_FLOW
    assert flow.read(name, str(state.step), state.data()) == state


def test_dialogs_stored_by_the_old_handler_resume() -> None:
    at = NOW.isoformat()
    toggled = {"at": at, "days": [0, 1, 3, 5], "runs": None}  # a toggle also stored "runs"
    picking = flow.read("settings", "days", toggled)
    assert picking == flow.SettingsState(Step.DAYS, NOW, (0, 1, 3, 5))
    done = settings_tap(picking, "days", "done", later=timedelta(minutes=5))
    assert done == flow.Changed(Step.DAYS, {"run_days": "0,1,3,5", "long_run_day": 5})

    pending = {"at": at, "order": "goal", "pending": {"goal": "trail"}}
    trail = flow.read("race", "tkm", pending)
    assert trail == flow.RaceState(Step.TRAIL_KM, NOW, "goal", {"goal": "trail"})
    outcome = race_tap(trail, "tkm", "42")
    assert isinstance(outcome, flow.Next)
    assert outcome.state.pending == {"goal": "trail", "trail_distance_km": 42.0}


def test_dialogs_that_are_not_a_menu_are_not_read_as_one() -> None:
    assert flow.read("onboarding", "goal", {}) is None
    assert flow.read("checkin", "sleep", {"day": "20261121"}) is None
    assert flow.read("settings", "bogus", {"at": NOW.isoformat()}) is None
    assert flow.read("race", "start", {"at": NOW.isoformat()}) is None


def test_a_menu_with_an_unreadable_time_has_expired() -> None:
    state = flow.read("settings", "menu", {"at": "yesterday-ish"})
    assert state == flow.SettingsState("menu", None)
    assert isinstance(settings_tap(state, "pick", "push"), flow.Stale)
    missing = flow.read("race", "menu", {})
    assert missing is not None
    assert not missing.fresh(NOW)
