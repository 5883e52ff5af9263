"""§7b: the morning check-in asks about an open pain flag until it closes."""

from __future__ import annotations

from datetime import date, timedelta

from coach.models import PainFlag
from flows.checkin import pain_to_ask

TODAY = date(2026, 11, 24)
YESTERDAY = TODAY - timedelta(days=1)


def test_an_open_pain_from_yesterday_is_asked_about_this_morning() -> None:
    knee = PainFlag(reported_on=YESTERDAY, where="knee", score=3)
    assert pain_to_ask([knee], TODAY) == knee


def test_the_strongest_open_pain_is_asked_first() -> None:
    knee = PainFlag(reported_on=YESTERDAY, where="knee", score=3)
    shin = PainFlag(reported_on=YESTERDAY - timedelta(days=2), where="left shin", score=5)
    assert pain_to_ask([knee, shin], TODAY) == shin


def test_a_pain_answered_today_is_not_asked_again() -> None:
    """This morning's answer replaced yesterday's flag (closed today, reopened at 2/10)."""
    before = PainFlag(reported_on=YESTERDAY, where="knee", score=3, resolved_on=TODAY)
    now = PainFlag(reported_on=YESTERDAY, where="knee", score=2)
    assert pain_to_ask([before, now], TODAY) is None
    # ... and tomorrow it is asked again, until it closes.
    assert pain_to_ask([before, now], TODAY + timedelta(days=1)) == now


def test_a_pain_first_told_today_or_closed_is_not_asked() -> None:
    fresh = PainFlag(reported_on=TODAY, where="hip", score=4)
    closed = PainFlag(reported_on=YESTERDAY, where="knee", score=4, resolved_on=TODAY)
    assert pain_to_ask([fresh], TODAY) is None
    assert pain_to_ask([closed], TODAY) is None
    assert pain_to_ask([], TODAY) is None
