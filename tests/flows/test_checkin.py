"""The morning check-in's flow, without Telegram: every step, every bad answer, a resume."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.models import CheckIn
from coach.parser import parse_checkin
from flows import checkin as flow

TODAY = date(2026, 12, 4)
YESTERDAY = TODAY - timedelta(days=1)


def stored(**answers: object) -> CheckIn:
    return CheckIn(date=TODAY, **answers)  # type: ignore[arg-type]


def asked(outcome: object) -> str | None:
    """The question an outcome asks next (None when the check-in is over)."""
    assert isinstance(outcome, flow.Advance)
    return outcome.next.step if isinstance(outcome.next, flow.Question) else None


# --- starting ---------------------------------------------------------------------------


def test_a_new_check_in_starts_with_sleep() -> None:
    state = flow.start(TODAY, None, None)
    assert state == flow.CheckinState(TODAY, "sleep")
    assert not flow.is_redo(state, None)


def test_a_half_answered_check_in_resumes_at_the_first_unanswered_question() -> None:
    checkin = stored(sleep_hours=7.0)
    assert flow.start(TODAY, checkin, None).step == "quality"


def test_the_question_left_open_is_asked_again_after_a_restart() -> None:
    """The open question is stored (the dialog), so a restart asks it again, "where" too."""
    open_ = flow.CheckinState(TODAY, "where", ask_where=True)
    checkin = stored(sleep_hours=7.0, sleep_quality=3, soreness=4)
    assert flow.start(TODAY, checkin, open_) == open_


def test_yesterdays_open_question_is_not_today_s() -> None:
    open_ = flow.CheckinState(YESTERDAY, "quality")
    assert flow.start(TODAY, None, open_) == flow.CheckinState(TODAY, "sleep")


def test_a_complete_check_in_starts_over_and_says_so() -> None:
    checkin = stored(sleep_hours=7.0, sleep_quality=3, soreness=1)
    state = flow.start(TODAY, checkin, None)
    assert state.step == "sleep"
    assert flow.is_redo(state, checkin)


# --- taps -------------------------------------------------------------------------------


def test_three_taps_answer_the_check_in_in_order() -> None:
    state: flow.CheckinState | None = flow.start(TODAY, None, None)
    checkin = None
    for step, value, stored_as in (
        ("sleep", "7", {"sleep_hours": 7.0}),
        ("quality", "4", {"sleep_quality": 4}),
        ("soreness", "1", {"soreness": 1, "soreness_where": None}),
    ):
        outcome = flow.tap(state, TODAY, TODAY, step, value, checkin)
        assert isinstance(outcome, flow.Advance)
        assert outcome.store == stored_as
        state, checkin = outcome.state, outcome.checkin
    assert state is None
    assert isinstance(outcome.next, flow.Done)


def test_soreness_two_or_more_asks_where_and_a_place_ends_it() -> None:
    checkin = stored(sleep_hours=7.0, sleep_quality=3)
    outcome = flow.tap(flow.CheckinState(TODAY, "soreness"), TODAY, TODAY, "soreness", "3", checkin)
    assert asked(outcome) == "where"
    assert isinstance(outcome, flow.Advance)
    assert outcome.state is not None
    assert outcome.state.ask_where
    where = flow.tap(outcome.state, TODAY, TODAY, "where", "calves", outcome.checkin)
    assert isinstance(where, flow.Advance)
    assert where.store == {"soreness_where": "calves"}
    assert isinstance(where.next, flow.Done)


def test_where_none_stores_no_place() -> None:
    state = flow.CheckinState(TODAY, "where", ask_where=True)
    checkin = stored(sleep_hours=7.0, sleep_quality=3, soreness=3)
    outcome = flow.tap(state, TODAY, TODAY, "where", "none", checkin)
    assert isinstance(outcome, flow.Advance)
    assert outcome.store == {"soreness_where": None}


def test_a_double_tap_is_already_answered() -> None:
    state = flow.CheckinState(TODAY, "quality")
    assert isinstance(flow.tap(state, TODAY, TODAY, "sleep", "7", None), flow.AlreadyAnswered)


@pytest.mark.parametrize(
    ("state", "button_day", "step", "value"),
    [
        (None, TODAY, "sleep", "7"),  # no check-in open
        (flow.CheckinState(TODAY, "sleep"), YESTERDAY, "sleep", "7"),  # yesterday's button
        (flow.CheckinState(YESTERDAY, "sleep"), TODAY, "sleep", "7"),  # left open since then
        (flow.CheckinState(TODAY, "sleep"), None, "sleep", "7"),  # a garbled day
        (flow.CheckinState(TODAY, "sleep"), TODAY, "sleep", "12"),  # a value no button offers
        (flow.CheckinState(TODAY, "quality"), TODAY, "quality", "6"),
        (flow.CheckinState(TODAY, "where"), TODAY, "where", "elbow"),
    ],
)
def test_stale_or_forged_buttons_store_nothing(
    state: flow.CheckinState | None, button_day: date | None, step: str, value: str
) -> None:
    assert isinstance(flow.tap(state, TODAY, button_day, step, value, None), flow.Stale)


# --- typed answers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "text", "store"),
    [
        ("sleep", "6.5", {"sleep_hours": 6.5}),
        ("sleep", "7h", {"sleep_hours": 7.0}),
        ("sleep", "6,5 hours", {"sleep_hours": 6.5}),
        ("quality", "4", {"sleep_quality": 4}),
        ("soreness", "2", {"soreness": 2}),
    ],
)
def test_a_bare_number_answers_the_question_asked(step: str, text: str, store: dict) -> None:
    state = flow.CheckinState(TODAY, step)  # type: ignore[arg-type]
    outcome = flow.typed(state, text, None)
    assert isinstance(outcome, flow.Advance)
    assert outcome.store == store


@pytest.mark.parametrize(
    ("step", "text", "says"),
    [
        ("sleep", "30", "0 to 16 hours"),
        ("quality", "9", "off the scale"),
        ("soreness", "0", "off the scale"),
        ("quality", "3.5", "off the scale"),
    ],
)
def test_a_number_off_the_scale_is_refused_with_the_reason(step: str, text: str, says: str) -> None:
    outcome = flow.typed(flow.CheckinState(TODAY, step), text, None)  # type: ignore[arg-type]
    assert isinstance(outcome, flow.Invalid)
    assert outcome.error is not None
    assert says in str(outcome.error)


def test_gibberish_is_not_an_answer() -> None:
    outcome = flow.typed(flow.CheckinState(TODAY, "sleep"), "qwxz 12345 !!!", None)
    assert isinstance(outcome, flow.Invalid)
    assert outcome.step == "sleep"


def test_a_sentence_answers_several_questions_at_once() -> None:
    outcome = flow.typed(flow.CheckinState(TODAY, "sleep"), "slept 7h, calves sore", None)
    assert isinstance(outcome, flow.Advance)
    assert outcome.store["sleep_hours"] == 7.0
    assert outcome.store["soreness_where"] == "calves"
    assert asked(outcome) == "quality"


def test_typed_soreness_with_its_place_does_not_ask_where() -> None:
    checkin = stored(sleep_hours=7.0, sleep_quality=3)
    outcome = flow.typed(flow.CheckinState(TODAY, "soreness"), "sore calves 3", checkin)
    assert isinstance(outcome, flow.Advance)
    assert isinstance(outcome.next, flow.Done), outcome


def test_typed_soreness_without_a_place_asks_where() -> None:
    checkin = stored(sleep_hours=7.0, sleep_quality=3)
    outcome = flow.typed(flow.CheckinState(TODAY, "soreness"), "4", checkin)
    assert asked(outcome) == "where"


@pytest.mark.parametrize(
    ("text", "where"),
    [("nowhere", None), ("calves", "calves"), ("left achilles", "left achilles")],
)
def test_a_typed_place(text: str, where: str | None) -> None:
    state = flow.CheckinState(TODAY, "where", ask_where=True)
    checkin = stored(sleep_hours=7.0, sleep_quality=3, soreness=3)
    outcome = flow.typed(state, text, checkin)
    assert isinstance(outcome, flow.Advance)
    assert outcome.store == {"soreness_where": where}
    assert isinstance(outcome.next, flow.Done)


def test_a_place_that_is_not_words_is_not_an_answer() -> None:
    state = flow.CheckinState(TODAY, "where", ask_where=True)
    assert isinstance(flow.typed(state, "12345", None), flow.Invalid)


# --- a whole check-in in one line --------------------------------------------------------


def test_a_whole_typed_check_in_asks_only_what_is_missing() -> None:
    parsed = parse_checkin("slept 6h, legs fine")
    checkin = stored(**flow.answers_of(parsed))
    outcome = flow.whole(TODAY, checkin)
    assert outcome.store == {}  # the journal service stored it (and its pain)
    assert asked(outcome) == next(s for s in flow.STEPS if getattr(checkin, _FIELD[s]) is None)


def test_a_complete_typed_check_in_ends_it() -> None:
    checkin = stored(sleep_hours=8.0, sleep_quality=4, soreness=1)
    assert isinstance(flow.whole(TODAY, checkin).next, flow.Done)


_FIELD = {"sleep": "sleep_hours", "quality": "sleep_quality", "soreness": "soreness"}


def test_no_soreness_typed_to_the_soreness_question_clears_the_old_place() -> None:
    """Issue 16: "no soreness" after "calves" leaves no "(calves)" behind."""
    before = stored(sleep_hours=7.0, sleep_quality=4, soreness=3, soreness_where="calves")
    outcome = flow.typed(flow.CheckinState(TODAY, "soreness"), "no soreness", before)
    assert isinstance(outcome, flow.Advance)
    assert outcome.store == {"soreness": 1, "soreness_where": None}
