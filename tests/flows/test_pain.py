"""/pain's flow, without Telegram: where, how much, all gone; stale and forged buttons."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.parser import ParseError
from flows import pain as flow

TODAY = date(2026, 12, 4)
YESTERDAY = TODAY - timedelta(days=1)
WHERE = flow.PainState(TODAY, "where")
SCORE = flow.PainState(TODAY, "score", "knee")


def test_pain_alone_asks_where() -> None:
    assert flow.ask_where(TODAY) == WHERE


def test_a_place_and_a_score_in_the_command_are_reported_at_once() -> None:
    assert flow.command(TODAY, "/pain knee 5/10", "knee 5/10") == flow.Report("knee", 5)


def test_a_place_alone_asks_how_much() -> None:
    outcome = flow.command(TODAY, "/pain left shin", "left shin")
    assert isinstance(outcome, flow.AskScore)
    assert outcome.state.step == "score"
    assert outcome.state.where is not None
    assert "shin" in outcome.state.where


def test_digits_without_a_place_cannot_be_read() -> None:
    with pytest.raises(ParseError):
        flow.command(TODAY, "/pain 12345", "12345")


def test_tapping_a_place_then_a_score_reports_it() -> None:
    asked = flow.tap(WHERE, TODAY, TODAY, "where", "achilles")
    assert asked == flow.AskScore(flow.PainState(TODAY, "score", "achilles"))
    assert isinstance(asked, flow.AskScore)
    assert flow.tap(asked.state, TODAY, TODAY, "score", "4") == flow.Report("achilles", 4)


def test_zero_is_a_score_pain_gone_at_that_place() -> None:
    assert flow.tap(SCORE, TODAY, TODAY, "score", "0") == flow.Report("knee", 0)


def test_all_gone_closes_every_flag() -> None:
    assert isinstance(flow.tap(WHERE, TODAY, TODAY, "gone", ""), flow.AllGone)


@pytest.mark.parametrize(
    ("state", "button_day", "action", "value"),
    [
        (None, TODAY, "where", "knee"),  # nothing open
        (WHERE, YESTERDAY, "where", "knee"),  # yesterday's button
        (flow.PainState(YESTERDAY, "where"), TODAY, "where", "knee"),  # left open
        (WHERE, None, "where", "knee"),  # a garbled day
        (WHERE, TODAY, "where", "elbow"),  # a place no button offers
        (WHERE, TODAY, "score", "5"),  # a score before the place
        (SCORE, TODAY, "score", "11"),  # off the scale
        (SCORE, TODAY, "score", "-1"),
        (SCORE, TODAY, "gone", ""),  # "all gone" belongs to the first question
        (SCORE, TODAY, "where", "hip"),  # the place was already answered
    ],
)
def test_stale_or_forged_buttons_report_nothing(
    state: flow.PainState | None, button_day: date | None, action: str, value: str
) -> None:
    assert isinstance(flow.tap(state, TODAY, button_day, action, value), flow.Stale)


@pytest.mark.parametrize(("text", "score"), [("3", 3), ("3/10", 3), (" 10 ", 10), ("0", 0)])
def test_a_typed_score(text: str, score: int) -> None:
    assert flow.typed(SCORE, text) == flow.Report("knee", score)


@pytest.mark.parametrize("text", ["11", "-2", "a lot", "3.5", "🤷"])
def test_a_typed_score_off_the_scale_is_refused(text: str) -> None:
    assert flow.typed(SCORE, text) == flow.Invalid("score")


def test_a_typed_place_with_its_score_is_reported() -> None:
    assert flow.typed(WHERE, "knee 5/10") == flow.Report("knee", 5)


def test_a_typed_place_alone_asks_how_much() -> None:
    outcome = flow.typed(WHERE, "left achilles")
    assert isinstance(outcome, flow.AskScore)
    assert outcome.state.where is not None
    assert "achilles" in outcome.state.where


@pytest.mark.parametrize("text", ["12345", "?!", ""])
def test_a_typed_place_that_is_not_words_is_refused(text: str) -> None:
    assert flow.typed(WHERE, text) == flow.Invalid("where")


def test_free_text_pain_without_a_score_asks_how_much() -> None:
    assert flow.said(TODAY, "hip", None) == flow.AskScore(flow.PainState(TODAY, "score", "hip"))
    assert flow.said(TODAY, "hip", 2) == flow.Report("hip", 2)
