"""Digits are ASCII digits: ``str.isdigit`` also takes "²" and "٣", which ``int()`` refuses
or reads as another script's digit. A typed answer or a button value with one is refused
like any other wrong answer, never an exception."""

from __future__ import annotations

from datetime import date

import pytest

from flows import pain
from flows.answers import AnswerError, parse_count
from flows.questions import button_day

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize("typed", ["²", "4²", "٣", "²²"])
def test_a_superscript_runs_per_week_is_a_wrong_answer(typed: str) -> None:
    with pytest.raises(AnswerError):
        parse_count(typed)


def test_a_superscript_pain_score_is_stale() -> None:
    state = pain.AskScore(pain.PainState(TODAY, "score", "knee")).state
    assert isinstance(pain.tap(state, TODAY, TODAY, "score", "²"), pain.Stale)
    assert pain.tap(state, TODAY, TODAY, "score", "2") == pain.Report("knee", 2)


@pytest.mark.parametrize(
    "value", ["99991231", "00010101", "٢٠٢٦١٢٠١", "2026120١", "20261201x", "2026121", "²0261201"]
)
def test_a_button_day_is_eight_ascii_digits_of_a_near_year(value: str) -> None:
    assert button_day(value) is None


def test_a_button_day_reads_what_the_bot_writes() -> None:
    assert button_day("20261201") == TODAY
