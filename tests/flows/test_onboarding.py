"""Onboarding's flow, without Telegram: every question by tap and by typing, what each answer
stores, the questions an answer skips, bad answers, stale, forged and double taps, and a
resume from the stored dialog."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from coach.models import GoalKind, Units
from flows import onboarding as flow
from flows.questions import (
    LONGEST_KM,
    LONGEST_MI,
    RACE_DISTANCES,
    TRAIL_ELEV_CHOICES,
    TRAIL_KM_CHOICES,
    WEEKLY_KM,
    WEEKLY_MI,
    Step,
    from_unit,
    race_date_choices,
)

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)  # Saturday
TODAY = NOW.date()
NEW: dict[str, Any] = {"timezone": "UTC", "units": "km"}  # a new athlete's stored fields
RACE_DAY = race_date_choices(GoalKind.ROAD_10K, TODAY)[1][1]  # "Sun 14 Feb · 12 wk"


def button_day(day: date) -> str:
    return day.strftime("%Y%m%d")


def at(step: Step, **fields: Any) -> tuple[flow.OnboardingState, dict[str, Any]]:
    return flow.OnboardingState(step), {**NEW, **fields}


def tap(
    state: flow.OnboardingState, arg: str, fields: dict[str, Any], action: str | None = None
) -> flow.Outcome | flow.Stale | flow.AlreadyAnswered:
    """A tap on the open question's own button carrying ``arg``."""
    return flow.tap(state, action or state.step.value, arg, fields, NOW, on_open_question=True)


def walk(
    answers: list[tuple[str, str]], fields: dict[str, Any] | None = None
) -> tuple[list[Step], dict[str, Any], flow.Outcome]:
    """Answer from the first question on (("tap", value) or ("type", text)), storing each
    answer as the handler does; the questions asked, the stored fields, the last outcome."""
    state, stored = flow.FIRST, dict(fields or NEW)
    asked = [state.step]
    outcome: flow.Outcome | flow.Stale | flow.AlreadyAnswered | None = None
    for how, value in answers:
        if how == "tap":
            outcome = tap(state, value, stored)
        else:
            outcome = flow.typed(state, value, stored, NOW)
        assert isinstance(outcome, flow.Ask | flow.Toggled | flow.Finish), (state, value, outcome)
        if isinstance(outcome, flow.Toggled):
            state = outcome.state
            continue
        stored.update(outcome.store)
        if isinstance(outcome, flow.Finish):
            break
        state = outcome.state
        asked.append(state.step)
    assert isinstance(outcome, flow.Ask | flow.Toggled | flow.Finish)
    return asked, stored, outcome


BUTTONS = [
    ("tap", "road-10k"),
    ("tap", button_day(RACE_DAY)),
    ("tap", "4"),
    ("tap", "done"),
    ("tap", "6"),
    ("tap", "km"),
    ("tap", "38"),
    ("tap", "skip"),
    ("tap", "1"),
    ("tap", "1"),
    ("tap", "skip"),
    ("tap", "Europe/Berlin"),
    ("tap", "0630"),
    ("tap", "2000"),
]


# --- the whole set-up ---------------------------------------------------------------------------


def test_a_set_up_by_buttons_asks_each_question_once_and_finishes() -> None:
    asked, stored, last = walk(BUTTONS)
    assert asked == [
        Step.GOAL,
        Step.RACE_DATE,
        Step.RUNS,
        Step.DAYS,
        Step.LONG_DAY,
        Step.UNITS,
        Step.WEEKLY,
        Step.LONGEST,
        Step.TRACK,
        Step.TRAILS,
        Step.RACE_DIST,
        Step.TIMEZONE,
        Step.PUSH,
        Step.REMIND,
    ]
    assert isinstance(last, flow.Finish)
    assert last.answered is Step.REMIND
    assert last.store == {"reminder_time": "20:00"}
    assert {k: stored[k] for k in ("goal", "race_date", "run_days", "long_run_day")} == {
        "goal": "road-10k",
        "race_date": date(2027, 2, 14),
        "run_days": "1,3,5,6",
        "long_run_day": 6,
    }
    assert stored["weekly_km"] == 38.0
    assert stored["longest_run_km"] == 11.0  # "not sure": about 30 % of the week
    assert stored["track_access"] is True
    assert stored["trail_access"] is True
    assert "doubles" not in stored  # four days: doubles are not asked
    assert stored["recent_race_km"] is None
    assert stored["timezone"] == "Europe/Berlin"
    assert (stored["push_time"], stored["reminder_time"]) == ("06:30", "20:00")


def test_a_set_up_by_typing_with_the_days_answering_two_questions() -> None:
    asked, stored, last = walk(
        [
            ("type", "trail"),
            ("type", "50 km"),
            ("type", "2,500 m"),
            ("type", "18 Apr 2027"),
            ("type", "mon wed fri sat sun"),
            ("type", "saturday"),
            ("type", "km"),
            ("type", "5 h"),
            ("type", "2h"),
            ("type", "no"),
            ("type", "yes"),
            ("type", "yes"),
            ("type", "10k"),
            ("type", "45:00"),
            ("type", "Lisbon"),
            ("type", "6:15"),
            ("type", "9pm"),
        ]
    )
    assert Step.DAYS not in asked  # "mon wed fri sat sun" answered it with the count
    assert Step.DOUBLES in asked  # five days
    assert Step.RACE_TIME in asked  # after a race distance
    assert isinstance(last, flow.Finish)
    assert stored["goal"] == "trail"
    assert (stored["trail_distance_km"], stored["trail_elevation_m"]) == (50.0, 2500.0)
    assert stored["race_date"] == date(2027, 4, 18)
    assert (stored["run_days"], stored["long_run_day"]) == ("0,2,4,5,6", 5)
    assert 35 <= stored["weekly_km"] <= 55
    assert (stored["track_access"], stored["trail_access"], stored["doubles"]) == (
        False,
        True,
        True,
    )
    assert (stored["recent_race_km"], stored["recent_race_s"]) == (10.0, 2700.0)
    assert stored["timezone"] == "Europe/Lisbon"
    assert (stored["push_time"], stored["reminder_time"]) == ("06:15", "21:00")


def test_the_days_typed_for_the_count_confirm_the_days() -> None:
    state, fields = at(Step.RUNS, goal="fitness")
    outcome = flow.typed(state, "mon wed fri sat sun", fields, NOW)
    assert isinstance(outcome, flow.Ask)
    assert outcome.answered is Step.DAYS
    assert outcome.store == {"run_days": "0,2,4,5,6"}
    assert outcome.state == flow.OnboardingState(Step.LONG_DAY)


@pytest.mark.parametrize(
    ("goal", "next_step"),
    [
        ("fitness", Step.RUNS),  # no race, no date
        ("trail", Step.TRAIL_KM),
        ("road-5k", Step.RACE_DATE),
        ("road-marathon", Step.RACE_DATE),
    ],
)
def test_the_goal_decides_what_is_asked_next(goal: str, next_step: Step) -> None:
    outcome = tap(flow.FIRST, goal, dict(NEW))
    assert isinstance(outcome, flow.Ask)
    assert outcome.store == {"goal": goal}
    assert outcome.state.step is next_step


@pytest.mark.parametrize(("days", "asked"), [("0,2,4,6", False), ("0,1,2,4,6", True)])
def test_doubles_are_asked_only_from_five_days(days: str, asked: bool) -> None:
    state, fields = at(Step.TRAILS, run_days=days)
    outcome = tap(state, "1", fields)
    assert isinstance(outcome, flow.Ask)
    assert (outcome.state.step is Step.DOUBLES) is asked


def test_the_race_time_is_asked_only_after_a_race_distance() -> None:
    state, fields = at(Step.RACE_DIST)
    skipped = tap(state, "skip", fields)
    assert isinstance(skipped, flow.Ask)
    assert skipped.state.step is Step.TIMEZONE
    raced = tap(state, "10", fields)
    assert isinstance(raced, flow.Ask)
    assert raced.store == {"recent_race_km": 10.0, "recent_race_s": None}
    assert raced.state.step is Step.RACE_TIME
    timed = flow.typed(raced.state, "45:00", {**fields, **raced.store}, NOW)
    assert isinstance(timed, flow.Ask)
    assert timed.store == {"recent_race_s": 2700.0}


# --- picking the days ----------------------------------------------------------------------------


def test_the_count_preselects_days_that_can_then_be_switched() -> None:
    state, fields = at(Step.RUNS, goal="fitness")
    chosen = tap(state, "3", fields)
    assert isinstance(chosen, flow.Ask)
    assert chosen.store == {}  # nothing to store before the days are done
    assert chosen.state == flow.OnboardingState(Step.DAYS, runs=3, days=(1, 3, 6))
    assert chosen.ctx.runs == 3
    off = tap(chosen.state, "t6", fields)
    assert isinstance(off, flow.Toggled)
    on = tap(off.state, "t5", fields)
    assert isinstance(on, flow.Toggled)
    assert on.state.days == (1, 3, 5)
    assert on.ctx.days == (1, 3, 5)
    assert on.state.data() == {"runs": 3, "days": [1, 3, 5]}
    done = tap(on.state, "done", fields)
    assert isinstance(done, flow.Ask)
    assert done.answered is Step.DAYS
    assert done.store == {"run_days": "1,3,5"}
    assert done.state == flow.OnboardingState(Step.LONG_DAY)  # the picks are a column now
    assert done.ctx.suggested_long_day == 5


def test_switching_a_day_twice_changes_nothing() -> None:
    picking = flow.OnboardingState(Step.DAYS, runs=2, days=(2, 6))
    once = tap(picking, "t0", NEW)
    assert isinstance(once, flow.Toggled)
    twice = tap(once.state, "t0", NEW)
    assert isinstance(twice, flow.Toggled)
    assert twice.state == picking


def test_done_without_a_day_is_refused() -> None:
    picking = flow.OnboardingState(Step.DAYS, runs=2, days=())
    outcome = tap(picking, "done", NEW)
    assert isinstance(outcome, flow.Invalid)
    assert outcome.error.code == "no_days"


def test_one_day_is_also_the_long_run_day() -> None:
    picking = flow.OnboardingState(Step.DAYS, runs=1, days=(6,))
    outcome = tap(picking, "done", NEW)
    assert isinstance(outcome, flow.Ask)
    assert outcome.store == {"run_days": "6", "long_run_day": 6}
    assert outcome.state.step is Step.UNITS  # no long-run question for one day


def test_the_long_run_goes_on_a_run_day() -> None:
    state, fields = at(Step.LONG_DAY, run_days="1,3,5,6")
    outcome = flow.typed(state, "wednesday", fields, NOW)
    assert isinstance(outcome, flow.Invalid)
    assert outcome.error.code == "not_a_run_day"
    skipped = flow.typed(state, "skip", fields, NOW)
    assert isinstance(skipped, flow.Ask)
    assert skipped.store == {"long_run_day": 6}


# --- bad answers: the reason, and nothing to store ---------------------------------------------


@pytest.mark.parametrize(
    ("step", "text", "code"),
    [
        (Step.RACE_DATE, "2020-01-01", "past"),
        (Step.RACE_DATE, "yesterday", "date"),
        (Step.RACE_DATE, "1 Jan 2030", "too_far"),
        (Step.RACE_DATE, "31/02/2027", "no_such_date"),
        (Step.RACE_DATE, "-5 km", "date"),
        (Step.RACE_DATE, "rpe 11", "date"),
        (Step.RACE_DATE, "x" * 5000, "too_long"),
        (Step.RACE_DATE, "🏃‍♂️🔥", "emoji"),
        (Step.WEEKLY, "0 km", "zero"),
        (Step.WEEKLY, "900 km", "range"),
        (Step.WEEKLY, "-5 km", "negative"),
        (Step.WEEKLY, "lots", "unreadable"),
        (Step.WEEKLY, "35 parsecs", "unreadable"),
        (Step.LONGEST, "0 min", "zero"),
        (Step.TRAIL_KM, "2 km", "range"),
        (Step.TRAIL_ELEV, "-300 m", "negative"),
        (Step.RUNS, "9", "count"),
        (Step.RUNS, "rpe 11", "count"),
        (Step.DAYS, "someday", "weekdays"),
        (Step.LONG_DAY, "sat sun", "weekday"),
        (Step.UNITS, "furlongs", "units"),
        (Step.TRACK, "perhaps", "yes_no"),
        (Step.GOAL, "win", "goal"),
        (Step.RACE_DIST, "far", "race_distance"),
        (Step.TIMEZONE, "Atlantis", "zone"),
        (Step.TIMEZONE, "UTC+25", "zone"),
        (Step.PUSH, "25:00", "clock"),
        (Step.REMIND, "whenever", "clock"),
    ],
)
def test_a_bad_typed_answer_says_why_and_stores_nothing(step: Step, text: str, code: str) -> None:
    state, fields = at(step, goal="road-10k", run_days="1,3,5,6", weekly_km=40.0)
    outcome = flow.typed(state, text, fields, NOW)
    assert isinstance(outcome, flow.Invalid)
    assert outcome.step is step
    assert outcome.error.code == code
    assert outcome.ctx.today == TODAY


def test_an_unknown_place_keeps_what_was_typed_for_the_reply() -> None:
    outcome = flow.typed(flow.OnboardingState(Step.TIMEZONE), "Atlantis", NEW, NOW)
    assert isinstance(outcome, flow.Invalid)
    assert outcome.error.info == {"text": "Atlantis"}


def test_a_race_time_that_is_not_humanly_possible_is_refused() -> None:
    state, fields = at(Step.RACE_TIME, recent_race_km=10.0)
    outcome = flow.typed(state, "5:00", fields, NOW)
    assert isinstance(outcome, flow.Invalid)
    assert outcome.error.code == "implausible_time"


def test_a_race_date_today_is_fine_and_two_years_out_is_the_limit() -> None:
    state, fields = at(Step.RACE_DATE, goal="road-10k")
    assert isinstance(flow.typed(state, "today", fields, NOW), flow.Ask)
    assert isinstance(flow.typed(state, "2028-11-20", fields, NOW), flow.Ask)
    late = flow.typed(state, "2028-11-22", fields, NOW)
    assert isinstance(late, flow.Invalid)
    assert late.error.info["latest"] == date(2028, 11, 20)


# --- taps that mean nothing now -------------------------------------------------------------------


def test_a_button_with_nothing_open_is_stale() -> None:
    outcome = flow.tap(None, "goal", "road-10k", NEW, NOW, on_open_question=True)
    assert isinstance(outcome, flow.Stale)


def test_a_double_tap_on_an_answered_question_is_already_answered() -> None:
    answered = tap(flow.FIRST, "road-10k", dict(NEW))
    assert isinstance(answered, flow.Ask)
    again = flow.tap(answered.state, "goal", "road-marathon", NEW, NOW, on_open_question=True)
    assert isinstance(again, flow.AlreadyAnswered)


def test_a_button_of_an_older_message_is_already_answered() -> None:
    """The same question asked again (/start resumes in a new message): the old copy's
    buttons are not the open ones."""
    outcome = flow.tap(flow.FIRST, "goal", "road-10k", NEW, NOW, on_open_question=False)
    assert isinstance(outcome, flow.AlreadyAnswered)


@pytest.mark.parametrize(
    ("step", "arg", "code"),
    [
        (Step.GOAL, "ultra-unicorn", "bad_button"),
        (Step.RACE_DATE, "garbage", "bad_button"),
        (Step.RACE_DATE, button_day(date(2026, 1, 4)), "past"),  # an old date button
        (Step.RACE_DATE, button_day(date(2030, 1, 5)), "too_far"),
        (Step.RUNS, "9", "count"),
        (Step.RUNS, "two", "bad_button"),
        (Step.DAYS, "t9", "bad_button"),
        (Step.DAYS, "tx", "bad_button"),
        (Step.LONG_DAY, "2", "not_a_run_day"),
        (Step.UNITS, "furlongs", "bad_button"),
        (Step.WEEKLY, "lots", "bad_button"),
        (Step.WEEKLY, "nan", "bad_button"),
        (Step.WEEKLY, "1e9", "bad_button"),
        (Step.WEEKLY, "0", "bad_button"),
        (Step.LONGEST, "-3", "bad_button"),
        (Step.TRAIL_KM, "inf", "bad_button"),
        (Step.TRAIL_ELEV, "-100", "bad_button"),
        (Step.RACE_DIST, "0", "bad_button"),
        (Step.RACE_DIST, "nan", "bad_button"),
        (Step.TRACK, "maybe", "bad_button"),
        (Step.RACE_TIME, "45:00", "bad_button"),  # the only button is Skip
        (Step.TIMEZONE, "Mars/Olympus_Mons", "bad_button"),
        (Step.PUSH, "2599", "bad_button"),
        (Step.PUSH, "", "bad_button"),
    ],
)
def test_a_forged_or_outdated_button_value_is_refused(step: Step, arg: str, code: str) -> None:
    state, fields = at(step, goal="road-10k", run_days="1,3,5,6")
    outcome = tap(state, arg, fields)
    assert isinstance(outcome, flow.Invalid)
    assert outcome.error.code == code


@pytest.mark.parametrize("units", ["km", "mi"])
def test_every_number_a_keyboard_offers_is_taken(units: str) -> None:
    """The values bot.keyboards.onboarding puts on its buttons, built the same way."""
    weekly = WEEKLY_MI if units == "mi" else WEEKLY_KM
    longest = LONGEST_MI if units == "mi" else LONGEST_KM
    offered = [
        *((Step.WEEKLY, round(from_unit(v, Units(units)), 1)) for _lo, _hi, v in weekly),
        *((Step.LONGEST, round(from_unit(v, Units(units)), 1)) for v in longest),
        *((Step.TRAIL_KM, v) for v in TRAIL_KM_CHOICES),
        *((Step.TRAIL_ELEV, v) for v in TRAIL_ELEV_CHOICES),
        *((Step.RACE_DIST, km) for _label, km in RACE_DISTANCES),
    ]
    for step, value in offered:
        state, fields = at(step, goal="trail", units=units)
        outcome = tap(state, f"{value:.4f}".rstrip("0").rstrip("."), fields)
        assert isinstance(outcome, flow.Ask), (step, value, outcome)


# --- a shared location --------------------------------------------------------------------------


def test_a_location_answers_the_time_zone_question() -> None:
    outcome = flow.located(flow.OnboardingState(Step.TIMEZONE), "Asia/Tokyo", NEW, NOW)
    assert isinstance(outcome, flow.Ask)
    assert outcome.store == {"timezone": "Asia/Tokyo"}
    assert outcome.state.step is Step.PUSH
    assert outcome.ctx.timezone == "Asia/Tokyo"


def test_a_location_with_no_zone_is_refused() -> None:
    outcome = flow.located(flow.OnboardingState(Step.TIMEZONE), None, NEW, NOW)
    assert isinstance(outcome, flow.Invalid)
    assert outcome.error.code == "location_zone"


def test_a_location_answers_nothing_else() -> None:
    outcome = flow.located(flow.OnboardingState(Step.RACE_DATE), "Asia/Tokyo", NEW, NOW)
    assert isinstance(outcome, flow.NotAsked)


# --- a restart: the state comes back from the stored dialog --------------------------------------


def test_start_asks_the_first_question_or_the_open_one() -> None:
    assert flow.resume(None) == flow.FIRST == flow.OnboardingState(Step.GOAL)
    open_ = flow.OnboardingState(Step.WEEKLY)
    assert flow.resume(open_) == open_


@pytest.mark.parametrize(
    "state",
    [
        flow.FIRST,
        flow.OnboardingState(Step.TIMEZONE),
        flow.OnboardingState(Step.DAYS, runs=4, days=(0, 1, 3, 5, 6)),
        flow.OnboardingState(Step.DAYS, runs=None, days=()),
    ],
)
def test_every_state_survives_being_stored(state: flow.OnboardingState) -> None:
    assert flow.read(state.step.value, state.data()) == state


def test_a_dialog_stored_by_the_old_handler_resumes_mid_pick() -> None:
    """The dialog JSON as the handler stored it before the flow existed: step "days", the
    count and the toggles in data; the buttons keep working after the restart."""
    step, data = "days", {"runs": 4, "days": [0, 1, 3, 5, 6]}  # as stored in athletes.dialog
    state = flow.read(step, data)
    assert state == flow.OnboardingState(Step.DAYS, runs=4, days=(0, 1, 3, 5, 6))
    fields = {**NEW, "goal": "road-half", "race_date": date(2027, 3, 14)}
    toggled = tap(state, "t3", fields)
    assert isinstance(toggled, flow.Toggled)
    assert toggled.state.data() == {"runs": 4, "days": [0, 1, 5, 6]}
    done = tap(toggled.state, "done", fields)
    assert isinstance(done, flow.Ask)
    assert done.store == {"run_days": "0,1,5,6"}


@pytest.mark.parametrize(
    ("step", "data"),
    [("goal", {}), ("tz", {}), ("weekly", {"runs": None}), ("long", {})],
)
def test_old_dialogs_without_picks_resume_at_their_question(
    step: str, data: dict[str, Any]
) -> None:
    state = flow.read(step, data)
    assert state is not None
    assert state.step.value == step
    assert state.days is None
    assert state.data() == {}


def test_a_dialog_naming_no_question_is_not_resumed() -> None:
    assert flow.read("menu", {}) is None
    assert flow.read("", {}) is None
    assert flow.resume(flow.read("nonsense", {})) == flow.FIRST


def test_a_half_done_set_up_carries_on_from_the_stored_answers() -> None:
    """Only the stored answers decide what comes next: a restart between two answers asks
    the question after the last stored one."""
    _asked, stored, _last = walk(BUTTONS[:6])  # up to the units
    resumed = flow.read("weekly", {})
    assert resumed is not None
    outcome = tap(resumed, "52", stored)
    assert isinstance(outcome, flow.Ask)
    assert outcome.state.step is Step.LONGEST
    assert outcome.ctx.weekly_km == 52.0
