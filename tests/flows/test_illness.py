"""The illness conversation, pure (COACHING.md §7b): reading illness and "better" in words,
the neck check's answers, and which buttons still mean something."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from flows import illness as flow

DAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "above"),
    [("flu, fever", False), ("covid", False), ("stomach bug", False), ("I'm sick", None),
     ("a cold", None), ("runny nose", None)],
)  # fmt: skip
def test_only_symptoms_below_the_neck_answer_the_neck_check_at_once(
    text: str, above: bool | None
) -> None:
    assert flow.neck_from_words(text) is above


@pytest.mark.parametrize(
    "text", ["feeling better", "I'm better", "much better now", "recovered!", "Better"]
)
def test_better_in_words(text: str) -> None:
    assert flow.says_better(text)
    assert flow.about_illness(None, text)


@pytest.mark.parametrize("text", ["better pace today", "ran 5k, felt better", "cold weather run"])
def test_other_lines_are_not_about_illness(text: str) -> None:
    assert not flow.says_better(text)
    assert not flow.about_illness(None, text)


def test_cold_alone_is_about_illness() -> None:
    assert flow.about_illness(None, "cold")
    assert flow.about_illness(None, "got a cold")


def test_typed_neck_answers() -> None:
    assert flow.typed_neck("just a runny nose") == flow.Neck(True)
    assert flow.typed_neck("fever and aches") == flow.Neck(False)
    assert flow.typed_neck("below") == flow.Neck(False)
    assert flow.typed_neck("🙈") == flow.Invalid()


def test_neck_buttons_act_only_on_todays_open_question() -> None:
    assert flow.tap_neck(True, DAY, DAY, flow.ABOVE) == flow.Neck(True)
    assert flow.tap_neck(True, DAY, DAY, flow.BELOW) == flow.Neck(False)
    assert flow.tap_neck(False, DAY, DAY, flow.BELOW) == flow.Stale(), "no illness open"
    assert flow.tap_neck(True, DAY + timedelta(days=1), DAY, flow.BELOW) == flow.Stale()
    assert flow.tap_neck(True, DAY, None, flow.BELOW) == flow.Stale()
    assert flow.tap_neck(True, DAY, DAY, "sideways") == flow.Stale()


def test_the_daily_check_acts_only_today_and_while_ill() -> None:
    assert flow.tap_check(True, DAY, DAY, flow.BETTER) == flow.Better()
    assert flow.tap_check(True, DAY, DAY, flow.STILL) == flow.StillIll()
    assert flow.tap_check(False, DAY, DAY, flow.BETTER) == flow.Stale()
    assert flow.tap_check(True, DAY, DAY - timedelta(days=1), flow.BETTER) == flow.Stale()
    assert flow.tap_check(True, DAY, None, flow.BETTER) == flow.Stale()
