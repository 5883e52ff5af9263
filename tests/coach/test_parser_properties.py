"""COACHING.md §6: whatever an athlete types, the parser answers or explains, never crashes.

Property: for any string, ``parse_run``, ``parse_checkin`` and ``parse_pain`` return a result or
raise ``ParseError`` (nothing else), and ``classify`` never raises. Strategies mix plain random
text with the vocabulary the parser actually reacts to (numbers, units, clocks, RPE, body
parts, soreness words, separators), because random text alone rarely reaches the interesting
branches.
"""

from __future__ import annotations

import math
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.models import Units
from coach.parser import (
    MAX_DISTANCE_KM,
    MAX_DURATION_MIN,
    MAX_INPUT_CHARS,
    ParsedRun,
    ParseError,
    classify,
    parse_checkin,
    parse_pain,
    parse_run,
)

WORDS = [
    "ran", "run", "skipped", "partly", "did it", "done", "rpe", "RPE:", "felt like a", "out of",
    "/10", "/5", "x", "km", "k", "mi", "miles", "m", "min", "mins", "'", '"', "h", "hours", "hrs",
    "sec", "@", "pace", "/km", "half marathon", "marathon", "trail", "road", "track", "treadmill",
    "knee", "left", "right", "achilles", "calves", "legs", "my back", "hurts", "pain", "sore",
    "a bit sore", "toast", "fresh", "slept", "sleep", "quality", "soreness", "stress", "mood",
    "motivation", "badly", "well", "great", "ok", "no pain", "repeats", "400s", "-", ",", ".",
    ";", ":", "/", " and ", "/log", "/log@bot", "\n", "\u00d7", "\u2013", "\U0001f3c3", "\u0663",
    "\ud7ff", "\x00", "\u0130",
]  # fmt: skip

NUMBERS = st.one_of(
    st.integers(min_value=-50, max_value=100_000).map(str),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False).map(
        lambda f: f"{f:.2f}"
    ),
    st.tuples(st.integers(0, 99), st.integers(0, 99)).map(lambda t: f"{t[0]}:{t[1]:02d}"),
    st.tuples(st.integers(0, 30), st.integers(0, 99), st.integers(0, 99)).map(
        lambda t: f"{t[0]}:{t[1]:02d}:{t[2]:02d}"
    ),
    st.just("9" * 40),
)

TOKENS = st.one_of(st.sampled_from(WORDS), NUMBERS, st.text(max_size=4))
RUNNERISH = st.lists(TOKENS, max_size=25).flatmap(
    lambda toks: st.lists(st.sampled_from(["", " ", "  ", ","]), min_size=len(toks),
                          max_size=len(toks)).map(
        lambda seps: "".join(t + s for t, s in zip(toks, seps, strict=True))
    )
)  # fmt: skip
ANY_TEXT = st.one_of(st.text(max_size=200), RUNNERISH, st.text(max_size=MAX_INPUT_CHARS + 50))

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _only_parse_errors(text: str) -> None:
    errors: list[ParseError] = []
    for parse in (parse_checkin, parse_pain):
        try:
            parse(text)
        except ParseError as error:
            errors.append(error)
    for units in (Units.KM, Units.MI):
        try:
            run = parse_run(text, units)
        except ParseError as error:
            errors.append(error)
        else:
            _check_run_invariants(run)
    for error in errors:
        assert error.problem
        assert error.example
        assert str(error)


def _check_run_invariants(run: ParsedRun) -> None:
    """A parsed run is always loggable: values inside the RunLog model's ranges."""
    if run.duration_min is not None:
        assert 0 < run.duration_min <= MAX_DURATION_MIN
    if run.distance_km is not None:
        assert 0 < run.distance_km <= MAX_DISTANCE_KM
        assert math.isfinite(run.distance_km)
    if run.rpe is not None:
        assert 1 <= run.rpe <= 10
    if run.pain_score is not None:
        assert 0 <= run.pain_score <= 10


@FAST
@given(ANY_TEXT)
def test_s6_any_text_raises_only_parse_error(text: str) -> None:
    """§6: arbitrary text never crashes the parsers."""
    _only_parse_errors(text)


@FAST
@given(RUNNERISH)
def test_s6_runnerish_text_raises_only_parse_error(text: str) -> None:
    """§6: text built from the parser's own vocabulary never crashes it either."""
    _only_parse_errors(text)


@FAST
@given(ANY_TEXT)
def test_s6_classify_never_raises(text: str) -> None:
    """§6: routing free text always gives an answer, with a hint when it is unknown."""
    message = classify(text)
    if message.kind == "unknown":
        assert message.error is not None
        assert message.hint
    elif message.kind == "run":
        assert message.run is not None
        _check_run_invariants(message.run)
    elif message.kind == "checkin":
        assert message.checkin is not None
    else:
        assert message.pain is not None


@FAST
@given(st.integers(1, 10), st.integers(1, 600), st.integers(1, 100))
def test_s6_generated_quick_logs_round_trip(rpe: int, minutes: int, tenths_km: int) -> None:
    """§6: a well-formed quick log always parses back to its numbers."""
    km = tenths_km / 10
    run = parse_run(f"/log {minutes}min {km}km rpe{rpe} trail")
    assert run.duration_min == minutes
    assert run.distance_km == km
    assert run.rpe == rpe


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=3), st.integers(300, MAX_INPUT_CHARS))
def test_s6_long_repetitive_input_stays_fast(unit: str, length: int) -> None:
    """No regex blows up on long repetitive input (bounded length, linear patterns)."""
    text = (unit * length)[:length]
    start = time.perf_counter()
    classify(text)
    assert time.perf_counter() - start < 0.25
