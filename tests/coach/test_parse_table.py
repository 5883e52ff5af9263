"""COACHING.md §6 and issue 16: what runners actually type, and what the coach understands.

The table (``parse_table.txt``, one message a line) is written as runners write: typos, emoji,
units, any order, dates, partial sessions, sleep, soreness, pain and illness. Each row is the
whole ``stride parse --json`` object for that message, with nulls left out. A second, small
table gives the coach some context (easy pace, the planned session, an ultra goal) and checks
the fills a coach would make. A property test: no string makes :func:`understand` raise.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.models import Surface
from coach.parsing.understand import Context, understand
from coach.rules import RULES
from tests.support.parse_table import KEYS, ROWS, TODAY


def test_the_table_is_big_and_varied() -> None:
    kinds = {expected["kind"] for _, expected in ROWS}
    assert len(ROWS) >= 300
    assert len({text for text, _ in ROWS}) == len(ROWS), "a message is in the table twice"
    assert kinds == {"log", "checkin", "pain", "illness", "unknown"}
    assert sum(1 for _, e in ROWS if e["date"] not in (None, TODAY.isoformat())) >= 40
    assert sum(1 for _, e in ROWS if e["question"] is not None) >= 15
    assert sum(1 for _, e in ROWS if e["status"] == "partly") >= 15


@pytest.mark.parametrize(("text", "expected"), ROWS, ids=[text for text, _ in ROWS])
def test_a_message_reads_as_a_coach_would(text: str, expected: dict[str, Any]) -> None:
    assert understand(text, TODAY).to_json() == expected


# text, context, the fields that differ from the reading without context, estimated
WITH_CONTEXT: list[tuple[str, Context, dict[str, Any], bool]] = [
    # No duration: from the distance at the athlete's easy pace (6:00/km), marked estimated.
    ("8k easy", Context(easy_pace_s_per_km=360), {"duration_min": 48.0}, True),
    ("ran 3 miles easy, rpe 3", Context(easy_pace_s_per_km=360), {"duration_min": 29.0}, True),
    # "did it": the planned duration; the planned surface carries unless the athlete says.
    (
        "did it",
        Context(planned_duration_min=47, planned_surface=Surface.TRAIL),
        {"duration_min": 47.0, "surface": "trail"},
        True,
    ),
    (
        "did it, road",
        Context(planned_duration_min=47, planned_surface=Surface.TRAIL),
        {"duration_min": 47.0, "surface": "road"},
        True,
    ),
    ("half of it", Context(planned_duration_min=60), {"duration_min": 30.0}, True),
    # A said duration is never replaced, and a skip has none.
    ("45 min rpe 4", Context(planned_duration_min=60, easy_pace_s_per_km=360), {}, False),
    ("skipped", Context(planned_duration_min=60, planned_surface=Surface.ROAD), {}, False),
    # "only 4 reps" without a time: without the planned reps, how long is not guessed ...
    ("only 4 reps", Context(planned_duration_min=60), {}, False),
    # ... with them, warm-up and cool-down in full and 4/6 of a 20-min main set, estimated.
    (
        "only 4 reps",
        Context(planned_duration_min=60, planned_reps=6, planned_reps_min=20),
        {"duration_min": 53.3},
        True,
    ),
    # more reps than planned: the whole session, never more
    (
        "only 8 reps",
        Context(planned_duration_min=60, planned_reps=6, planned_reps_min=20),
        {"duration_min": 60.0},
        True,
    ),
    # Ultra goals may log up to 30 h; others are asked about anything over 6 h.
    ("100 mile ultra 28h", Context(ultra=True), {"question": None}, False),
    ("ran 7h", Context(), {"question": "7 h or 7 min?"}, False),
    ("ran 7h", Context(ultra=True), {"question": None}, False),
]


@pytest.mark.parametrize(("text", "context", "changes", "estimated"), WITH_CONTEXT)
def test_missing_fields_are_filled_as_a_coach_would(
    text: str, context: Context, changes: dict[str, Any], estimated: bool
) -> None:
    plain = understand(text, TODAY).to_json()
    understood = understand(text, TODAY, context)
    assert understood.to_json() == {**plain, **changes}
    assert understood.duration_estimated is estimated


def test_a_clarifying_question_offers_the_readings_as_buttons() -> None:
    question = understand("20h", TODAY).question
    assert question is not None
    assert question.options == (("20 h", 1200.0), ("20 min", 20.0))
    question = understand("/log 300km", TODAY).question
    assert question is not None
    assert [value for _, value in question.options] == [300.0, 30.0, 0.3]


def test_last_night_is_this_mornings_check_in_but_yesterdays_run() -> None:
    assert understand("slept 6h last night", TODAY).day == TODAY
    assert understand("ran 10k last night", TODAY).day == date(2026, 12, 4)


WORDS = [
    "ran", "slept", "yesterday", "last night", "on", "tuesday", "tue", "sun", "2026-12-03",
    "3/12", "/", "only", "reps", "of", "half", "cut it short", "at", "sick", "a cold", "flu",
    "no soreness", "sore", "knee", "hurts", "10", "km", "h", "min", "rpe", "\U0001f634",
    "\U0001f3c3", "did the", "session", "ago", "days", "fifty", "two", "-", ",", " ", "31/2",
    "29/2/2027", "\u00b2", "\x00", "dec", "1st",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=200),
        st.lists(
            st.one_of(st.sampled_from(WORDS), st.integers(-99, 99_999).map(str)), max_size=25
        ).map(" ".join),
    ),
    st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31)),
)
def test_no_string_makes_it_raise(text: str, today: date) -> None:
    result = understand(text, today).to_json()
    assert tuple(result) == KEYS
    assert result["kind"] in ("log", "checkin", "pain", "illness", "unknown")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["ran", "km", "k", "mi", "min", "h", "hours", "m", "rpe 5", ":", " "]),
            st.integers(0, 9_999).map(str),
            st.floats(0, 999, allow_nan=False).map(lambda f: f"{f:.1f}"),
        ),
        min_size=1,
        max_size=8,
    ).map(" ".join)
)
def test_nothing_outside_a_human_range_is_understood_without_a_question(text: str) -> None:
    """RULES.log_*: a log the coach would store (no question) is one a human could run."""
    understood = understand(text, TODAY)
    run = understood.run
    if understood.kind != "log" or understood.question is not None or run is None:
        return
    low, high = RULES.log_run_minutes
    if run.duration_min is not None:
        assert low <= run.duration_min <= high
    if run.distance_km is not None:
        assert run.distance_km <= RULES.log_distance_km_max
    if run.duration_min is not None and run.distance_km:
        fastest, slowest = RULES.log_pace_s_per_km
        assert fastest <= run.duration_min * 60 / run.distance_km <= slowest
