"""The post-run log's flow, without Telegram: every step, every bad answer, stale, forged and
double taps, yesterday's and last week's buttons, replace-or-add, and a resume after a restart
(the state rebuilt from the stored dialog, as the handler stored it before this module)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from coach.models import RunLog, RunStatus, SessionKind, Surface
from flows import runlog as flow

TODAY = date(2026, 12, 1)
YESTERDAY = TODAY - timedelta(days=1)
LAST_WEEK = TODAY - timedelta(days=7)
TRACK = flow.Target(planned_min=60.0, kind=SessionKind.TRACK)
LOGGED = flow.Target(planned_min=60.0, kind=SessionKind.TRACK, existing_id=3)


def at(step: flow.Step, day: date = TODAY, **answers: Any) -> flow.LogState:
    return flow.LogState(day, step, flow.Answers(**answers))


def asked(outcome: object) -> flow.LogState:
    """The state an outcome asks the next question of."""
    assert isinstance(outcome, flow.Ask), outcome
    return outcome.state


ACTIONS: dict[str, str] = {step: action for step, action in flow.ACTION_OF.items()}


def tap(state: flow.LogState | None, step: str, value: object) -> object:
    """A tap on today's button answering ``step`` with ``value``."""
    return flow.tap(state, TODAY, TODAY, ACTIONS[step], str(value))


def restarted(state: flow.LogState) -> flow.LogState:
    """``state`` as a restart finds it: stored as JSON in the database, read back."""
    step, data = flow.to_dialog(state)
    rebuilt = flow.from_dialog(step, json.loads(json.dumps(data)))
    assert rebuilt is not None
    return rebuilt


# --- starting -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [RunStatus.DONE, RunStatus.PARTLY])
def test_done_or_partly_asks_the_rpe(status: RunStatus) -> None:
    state = asked(flow.start(TODAY, TODAY, status.value))
    assert state == at("rpe", status=status)


def test_skipped_is_complete_at_once_and_logs_no_duration() -> None:
    outcome = flow.start(TODAY, TODAY, "skipped")
    assert outcome == flow.Complete(TODAY, flow.Answers(RunStatus.SKIPPED))
    assert isinstance(outcome, flow.Complete)
    saved = flow.finish(outcome, TRACK)
    assert isinstance(saved, flow.Save)
    assert saved.log == RunLog(date=TODAY, status=RunStatus.SKIPPED, kind=SessionKind.TRACK)


def test_yesterdays_reminder_still_logs_yesterday() -> None:
    """The evening reminder answered the next morning: clearly about the evening's run."""
    assert asked(flow.start(TODAY, YESTERDAY, "done")).day == YESTERDAY
    assert flow.start(TODAY, YESTERDAY, "skipped") == flow.Complete(
        YESTERDAY, flow.Answers(RunStatus.SKIPPED)
    )


@pytest.mark.parametrize(
    ("button_day", "status"),
    [
        (LAST_WEEK, "done"),  # last week's reminder has expired
        (TODAY - timedelta(days=2), "skipped"),
        (TODAY + timedelta(days=1), "done"),  # a day that has not come (a forgery)
        (None, "done"),  # a garbled day
        (TODAY, "maybe"),  # a status no button offers
    ],
)
def test_old_or_forged_status_buttons_are_stale(button_day: date | None, status: str) -> None:
    assert isinstance(flow.start(TODAY, button_day, status), flow.Stale)


# --- every step by taps --------------------------------------------------------------------


def test_taps_walk_the_questions_in_order_and_nothing_is_logged_before_the_last() -> None:
    state = asked(flow.start(TODAY, TODAY, "done"))
    for step, value, following in (
        ("rpe", 7, "duration"),
        ("duration", 60, "surface"),
        ("surface", "track", "pain"),
    ):
        assert state.step == step
        state = asked(tap(state, step, value))
        assert state.step == following
    outcome = tap(state, "pain", "no")
    assert outcome == flow.Complete(
        TODAY, flow.Answers(rpe=7, duration_min=60.0, surface=Surface.TRACK, pain=False)
    )
    assert isinstance(outcome, flow.Complete)
    saved = flow.finish(outcome, TRACK)
    assert saved == flow.Save(
        RunLog(
            date=TODAY,
            duration_min=60.0,
            rpe=7,
            surface=Surface.TRACK,
            kind=SessionKind.TRACK,
        )
    )


def test_something_hurts_asks_where_then_how_much() -> None:
    state = at("pain", status=RunStatus.PARTLY, rpe=5, duration_min=40.0, surface=Surface.ROAD)
    state = asked(tap(state, "pain", "yes"))
    assert state.step == "pain_where"
    state = asked(tap(state, "pain_where", "knee"))
    assert (state.step, state.answers.pain_where) == ("pain_score", "knee")
    outcome = tap(state, "pain_score", 5)
    assert isinstance(outcome, flow.Complete)
    saved = flow.finish(outcome, TRACK)
    assert isinstance(saved, flow.Save)
    log = saved.log
    assert (log.status, log.duration_min, log.rpe, log.surface) == (
        RunStatus.PARTLY,
        40.0,
        5,
        Surface.ROAD,
    )
    assert (log.pain_where, log.pain_score) == ("knee", 5)


def test_without_an_answered_duration_the_planned_one_is_logged() -> None:
    saved = flow.finish(flow.Complete(TODAY, flow.Answers(rpe=6)), TRACK)
    assert isinstance(saved, flow.Save)
    assert saved.log.duration_min == 60.0
    rest_day = flow.finish(flow.Complete(TODAY, flow.Answers(rpe=6)), flow.Target())
    assert isinstance(rest_day, flow.Save)
    assert (rest_day.log.duration_min, rest_day.log.kind) == (None, None)


@pytest.mark.parametrize(
    ("step", "values"),
    [
        ("rpe", flow.SCALE),
        ("pain_score", flow.SCALE),
        ("duration", [*flow.duration_choices(60.0), *flow.duration_choices(None), 1, 1440]),
        ("surface", [s.value for s in flow.SURFACES]),
        ("pain", flow.PAIN_CHOICES),
        ("pain_where", flow.PAIN_PLACES),
    ],
)
def test_every_value_a_keyboard_offers_is_an_answer(step: flow.Question, values: Any) -> None:
    state = at(step, pain=True, pain_where="knee")
    for value in values:
        assert isinstance(tap(state, step, value), flow.Ask | flow.Complete), value


def test_the_button_actions_name_their_steps_both_ways() -> None:
    assert all(flow.STEP_OF[action] == step for step, action in flow.ACTION_OF.items())
    assert set(flow.QUESTIONS) == set(flow.ACTION_OF)
    assert flow.STATUSES == ("done", "partly", "skipped")


# --- stale, forged and double taps ----------------------------------------------------------


def test_a_double_tap_is_already_answered() -> None:
    state = at("duration", rpe=7)
    assert isinstance(tap(state, "rpe", 7), flow.AlreadyAnswered)
    assert isinstance(flow.tap(state, TODAY, TODAY, flow.REPLACE, ""), flow.AlreadyAnswered)
    assert isinstance(flow.tap(state, TODAY, TODAY, "xyz", "1"), flow.AlreadyAnswered)


@pytest.mark.parametrize(
    ("state", "button_day", "action", "value"),
    [
        (None, TODAY, "rpe", "7"),  # no log question open on that message
        (at("rpe"), YESTERDAY, "rpe", "7"),  # another day's button
        (at("rpe", YESTERDAY), TODAY, "rpe", "7"),  # yesterday's question, today's button
        (at("rpe", LAST_WEEK), LAST_WEEK, "rpe", "7"),  # last week's flow, left open
        (at("rpe"), None, "rpe", "7"),  # a garbled day
        (at("rpe"), TODAY + timedelta(days=1), "rpe", "7"),
        (at("rpe"), TODAY, "rpe", "11"),  # values no keyboard offers
        (at("rpe"), TODAY, "rpe", "0"),
        (at("rpe"), TODAY, "rpe", "-1"),
        (at("rpe"), TODAY, "rpe", "²"),  # a digit to str.isdigit, not to int()
        (at("rpe"), TODAY, "rpe", ""),
        (at("duration"), TODAY, "dur", "0"),
        (at("duration"), TODAY, "dur", "1801"),  # past the 30 h a log may hold
        (at("duration"), TODAY, "dur", "45.5"),
        (at("surface"), TODAY, "surf", "rest"),
        (at("surface"), TODAY, "surf", "cross"),
        (at("pain"), TODAY, "pain", "maybe"),
        (at("pain_where"), TODAY, "pwhere", "elbow"),
        (at("pain_score"), TODAY, "pscore", "11"),
        (at("rpe", LAST_WEEK), TODAY, "cancel", ""),  # even cancel needs its own question
    ],
)
def test_stale_or_forged_buttons_log_nothing(
    state: flow.LogState | None, button_day: date | None, action: str, value: str
) -> None:
    assert isinstance(flow.tap(state, TODAY, button_day, action, value), flow.Stale)


def test_yesterdays_flow_goes_on_but_last_weeks_has_expired() -> None:
    assert asked(flow.tap(at("rpe", YESTERDAY), TODAY, YESTERDAY, "rpe", "6")).day == YESTERDAY
    assert isinstance(flow.tap(at("rpe", LAST_WEEK), TODAY, LAST_WEEK, "rpe", "6"), flow.Stale)


@pytest.mark.parametrize("step", flow.QUESTIONS)
def test_cancel_works_at_every_question(step: flow.Step) -> None:
    assert isinstance(flow.tap(at(step), TODAY, TODAY, flow.CANCEL, ""), flow.Cancelled)


# --- typed answers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "text", "answered", "following"),
    [
        ("rpe", "7", {"rpe": 7}, "duration"),
        ("rpe", " 10 ", {"rpe": 10}, "duration"),
        ("rpe", "felt like a 6", {"rpe": 6}, "duration"),
        ("rpe", "rpe 4", {"rpe": 4}, "duration"),
        ("duration", "52", {"duration_min": 52.0}, "surface"),
        ("duration", "52 min", {"duration_min": 52.0}, "surface"),
        ("duration", "1h05", {"duration_min": 65.0}, "surface"),
        ("surface", "trail", {"surface": Surface.TRAIL}, "pain"),
        ("surface", "on the track", {"surface": Surface.TRACK}, "pain"),
        ("surface", "Treadmill", {"surface": Surface.TREADMILL}, "pain"),
        ("pain", "yes", {"pain": True}, "pain_where"),
        ("pain", "A bit.", {"pain": True}, "pain_where"),
        ("pain_where", "left achilles", {"pain_where": "left achilles"}, "pain_score"),
        ("pain_where", "Right  Hip!", {"pain_where": "right hip"}, "pain_score"),
    ],
)
def test_a_typed_answer_asks_the_next_question(
    step: flow.Step, text: str, answered: dict[str, Any], following: str
) -> None:
    state = asked(flow.typed(at(step), TODAY, text))
    assert state.step == following
    assert state.answers == flow.Answers(**answered)


@pytest.mark.parametrize(
    ("step", "text", "answered"),
    [
        ("pain", "no", {"pain": False}),
        ("pain", "all good", {"pain": False}),
        ("pain_where", "left achilles 3/10", {"pain_where": "left achilles", "pain_score": 3}),
        ("pain_score", "5", {"pain_score": 5}),
    ],
)
def test_a_typed_last_answer_completes_the_log(
    step: flow.Step, text: str, answered: dict[str, Any]
) -> None:
    assert flow.typed(at(step), TODAY, text) == flow.Complete(TODAY, flow.Answers(**answered))


@pytest.mark.parametrize(
    ("step", "text", "says"),
    [
        ("rpe", "11", "RPE goes from 1 to 10; 11 is off the scale."),
        ("rpe", "0", "RPE goes from 1 to 10; 0 is off the scale."),
        ("rpe", "-3", "RPE goes from 1 to 10; -3 is off the scale."),
        ("rpe", "rpe 11", "RPE must be 1 to 10"),
        ("rpe", "a lot", "couldn't find a run"),
        ("rpe", "9" * 5000, "too long"),
        ("duration", "-5", "-5 minutes is not a run I can log."),
        ("duration", "0", "0 minutes is not a run I can log."),
        ("duration", "9999", "9999 minutes is more than 6 hours: is that a typo?"),
        ("duration", "-20 min", "can't be negative"),
        ("duration", "30h", "more than 6 hours"),
        ("duration", "20h", "'20h' is more than 6 hours: is that a typo?"),
        ("duration", "400", "400 minutes is more than 6 hours"),
        ("duration", "99999", "minutes, kilometres or miles"),
        ("pain_score", "11", "Pain goes from 1 to 10; 11 is off the scale."),
        ("pain_score", "0", "Pain goes from 1 to 10; 0 is off the scale."),
    ],
)
def test_a_bad_typed_answer_is_refused_with_the_reason(
    step: flow.Step, text: str, says: str
) -> None:
    outcome = flow.typed(at(step), TODAY, text)
    assert isinstance(outcome, flow.Invalid)
    assert outcome.step == step
    assert outcome.error is not None
    assert says in outcome.error.problem


@pytest.mark.parametrize(
    ("text", "minutes"), [("28h", 1680.0), ("1500", 1500.0), ("7 h 30", 450.0), ("30h", 1800.0)]
)
def test_an_ultra_runner_may_type_up_to_30_hours(text: str, minutes: float) -> None:
    state = asked(flow.typed(at("duration"), TODAY, text, ultra=True))
    assert state.answers.duration_min == minutes


def test_an_ultra_runner_past_30_hours_is_asked_about_a_typo() -> None:
    outcome = flow.typed(at("duration"), TODAY, "31h", ultra=True)
    assert isinstance(outcome, flow.Invalid)
    assert outcome.error is not None
    assert "more than 30 hours: is that a typo?" in outcome.error.problem


@pytest.mark.parametrize(
    ("step", "text"),
    [
        ("surface", "grass"),
        ("surface", "qwxz 12345 !!!"),
        ("pain", "maybe"),
        ("pain", "🤷"),
        ("pain", "ran " * 1250),
        ("pain_where", "12345"),
        ("pain_where", "?!"),
        ("pain_where", "x" * 100),
        ("pain_score", "a lot"),
        ("pain_score", "3.5"),
    ],
)
def test_garbled_text_is_no_answer(step: flow.Step, text: str) -> None:
    assert flow.typed(at(step), TODAY, text) == flow.Invalid(step, None)


@pytest.mark.parametrize(
    ("step", "text", "kind"),
    [
        ("pain", "slept 7h, calves sore", "checkin"),
        ("rpe", "slept 7h", "checkin"),
        ("surface", "knee hurts 5/10", "pain"),
    ],
)
def test_a_check_in_or_pain_is_not_an_answer_and_the_question_waits(
    step: flow.Step, text: str, kind: str
) -> None:
    outcome = flow.typed(at(step), TODAY, text)
    assert isinstance(outcome, flow.NotAnAnswer)
    assert outcome.parsed.kind == kind


def test_a_typed_answer_to_last_weeks_question_is_not_one() -> None:
    assert isinstance(flow.typed(at("rpe", LAST_WEEK), TODAY, "7"), flow.Stale)
    assert isinstance(flow.typed(None, TODAY, "7"), flow.Stale)
    assert asked(flow.typed(at("rpe", YESTERDAY), TODAY, "7")).day == YESTERDAY


# --- replace or add -----------------------------------------------------------------------

NEW = RunLog(date=TODAY, duration_min=50.0, rpe=7, kind=SessionKind.TRACK)
CONFLICT = flow.LogState(TODAY, "conflict", pending=flow.Pending(NEW, 3, "/log 50min rpe7"))


def test_a_second_log_of_a_logged_session_asks_replace_or_add() -> None:
    outcome = flow.finish(flow.Complete(TODAY, flow.Answers(rpe=7, duration_min=50.0)), LOGGED)
    assert outcome == flow.AskConflict(
        flow.LogState(TODAY, "conflict", pending=flow.Pending(NEW, 3)), NEW
    )


def test_a_typed_log_keeps_its_text_for_the_question() -> None:
    outcome = flow.logged(NEW, LOGGED, raw="/log 50min rpe7")
    assert outcome == flow.AskConflict(CONFLICT, NEW)
    assert flow.logged(NEW, TRACK, raw="x" * 5000) == flow.Save(NEW, "x" * flow.RAW_MAX)


def test_replace_and_add_by_button() -> None:
    replaced = flow.tap(CONFLICT, TODAY, TODAY, flow.REPLACE, "")
    assert replaced == flow.Resolve(NEW, 3, "/log 50min rpe7")
    assert flow.tap(CONFLICT, TODAY, TODAY, flow.ADD, "") == flow.Resolve(
        NEW, None, "/log 50min rpe7"
    )


def test_an_answer_button_is_no_answer_to_replace_or_add_but_cancel_is() -> None:
    assert isinstance(tap(CONFLICT, "rpe", 7), flow.AlreadyAnswered)
    assert isinstance(flow.tap(CONFLICT, TODAY, TODAY, flow.CANCEL, ""), flow.Cancelled)
    assert isinstance(flow.tap(CONFLICT, TODAY, YESTERDAY, flow.REPLACE, ""), flow.Stale)


@pytest.mark.parametrize(
    ("text", "replace_id"), [("replace", 3), ("Replace it!", 3), ("add", None)]
)
def test_replace_or_add_typed(text: str, replace_id: int | None) -> None:
    assert flow.typed(CONFLICT, TODAY, text) == flow.Resolve(NEW, replace_id, "/log 50min rpe7")


def test_a_new_run_typed_at_replace_or_add_is_acted_on() -> None:
    outcome = flow.typed(CONFLICT, TODAY, "ran 5k")
    assert isinstance(outcome, flow.NotAnAnswer)
    assert outcome.parsed.kind == "run"


@pytest.mark.parametrize(
    ("text", "says"),
    [("maybe", None), ("🤷", None), ("rpe 11", "RPE must be 1 to 10"), ("ran " * 1250, "too long")],
)
def test_no_answer_to_replace_or_add(text: str, says: str | None) -> None:
    outcome = flow.typed(CONFLICT, TODAY, text)
    assert isinstance(outcome, flow.Invalid)
    assert outcome.step == "conflict"
    if says is None:
        assert outcome.error is None, "nothing to read is no specific mistake"
    else:
        assert outcome.error is not None
        assert says in outcome.error.problem


# --- a resume after a restart -------------------------------------------------------------


def test_a_restart_between_every_tap_ends_in_the_same_log() -> None:
    state = restarted(asked(flow.start(TODAY, TODAY, "partly")))
    for step, value in (("rpe", 5), ("duration", 40), ("surface", "road"), ("pain", "yes")):
        state = restarted(asked(tap(state, step, value)))
    state = restarted(asked(flow.typed(state, TODAY, "left knee")))
    outcome = tap(state, "pain_score", 4)
    assert outcome == flow.Complete(
        TODAY,
        flow.Answers(
            RunStatus.PARTLY,
            rpe=5,
            duration_min=40.0,
            surface=Surface.ROAD,
            pain=True,
            pain_where="left knee",
            pain_score=4,
        ),
    )


def test_replace_or_add_survives_a_restart() -> None:
    assert restarted(CONFLICT) == CONFLICT


def test_a_dialog_stored_before_this_module_resumes() -> None:
    """The handler used to store these itself: a question asked before a deploy still works."""
    data = {
        "day": "20261201",
        "fields": {"status": "partly", "rpe": 5, "duration_min": 40.0, "surface": "road"},
    }
    state = flow.from_dialog("pain", data)
    assert state == at(
        "pain", status=RunStatus.PARTLY, rpe=5, duration_min=40.0, surface=Surface.ROAD
    )
    assert flow.to_dialog(state) == ("pain", data), "stored the same way"
    step, after = flow.to_dialog(asked(tap(state, "pain", "yes")))
    assert (step, after["fields"]["pain"]) == ("pain_where", "yes")

    old = {
        "day": "20261201",
        "log": NEW.model_dump(mode="json"),
        "raw": "/log 50min rpe7",
        "replace_id": 3,
    }
    assert flow.from_dialog("conflict", old) == CONFLICT
    assert flow.to_dialog(CONFLICT) == ("conflict", old)


@pytest.mark.parametrize(
    ("step", "data"),
    [
        ("rpe", {}),
        ("rpe", {"day": "2026-12-01", "fields": {}}),
        ("rpe", {"day": "20261341", "fields": {}}),
        ("rpe", {"day": 20261201, "fields": {}}),
        ("pain_where", {"day": "20261201"}),
        ("finish", {"day": "20261201", "fields": {}}),  # a step this version does not know
        ("duration", {"day": "20261201", "fields": {"status": "walked"}}),
        ("duration", {"day": "20261201", "fields": {"rpe": 11}}),
        ("duration", {"day": "20261201", "fields": {"rpe": True}}),
        ("pain", {"day": "20261201", "fields": {"duration_min": -5}}),
        ("pain", {"day": "20261201", "fields": {"surface": "lava"}}),
        ("pain_where", {"day": "20261201", "fields": {"pain": "maybe"}}),
        ("pain_score", {"day": "20261201", "fields": {"pain_where": 7}}),
        ("conflict", {"day": "20261201", "replace_id": 3}),
        ("conflict", {"day": "20261201", "log": {"date": "x"}, "replace_id": 3}),
        ("conflict", {"day": "20261201", "log": NEW.model_dump(mode="json"), "replace_id": "3"}),
    ],
)
def test_a_garbled_dialog_is_no_state(step: str, data: dict[str, Any]) -> None:
    assert flow.from_dialog(step, data) is None


# --- issue 16: "20 h or 20 min?" --------------------------------------------------------------


def _unsure_state() -> flow.LogState:
    log = RunLog(date=TODAY, duration_min=1200.0, rpe=4)
    state = flow.unsure(log, "duration_min", (("20 h", 1200.0), ("20 min", 20.0)), "20h rpe 4")
    assert state is not None
    return state


def test_a_picked_reading_sets_the_field_and_nothing_else() -> None:
    outcome = flow.tap(_unsure_state(), TODAY, TODAY, flow.CLARIFY, "1")
    assert isinstance(outcome, flow.Clarified)
    assert (outcome.log.duration_min, outcome.log.rpe) == (20.0, 4)
    assert outcome.raw == "20h rpe 4"


@pytest.mark.parametrize("value", ["2", "-1", "x", ""])
def test_a_reading_no_button_offers_is_stale(value: str) -> None:
    assert isinstance(flow.tap(_unsure_state(), TODAY, TODAY, flow.CLARIFY, value), flow.Stale)


def test_the_question_survives_the_dialog_and_garbled_data_does_not() -> None:
    state = _unsure_state()
    step, data = flow.to_dialog(state)
    assert flow.from_dialog(step, data) == state
    for broken in ({"options": []}, {"options": [["20 h", "x"]]}, {"field": "rpe"}, {"log": 3}):
        assert flow.from_dialog(step, {**data, **broken}) is None


def test_a_question_without_readings_is_not_asked_with_buttons() -> None:
    log = RunLog(date=TODAY, duration_min=10.0, distance_km=10.0)
    assert flow.unsure(log, "pace", (), "10k in 10 min") is None
