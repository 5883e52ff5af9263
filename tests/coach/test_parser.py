"""COACHING.md §6: quick-log commands and free text become structured logs and check-ins.

Every case is something a runner might actually type after a session or first thing in the
morning; expected values are what a coach reading the message would write down.
"""

from __future__ import annotations

import contextlib
import math
import time
from datetime import date
from typing import Any

import pytest

from coach.models import RunStatus, Surface, Units
from coach.parser import (
    MAX_INPUT_CHARS,
    ParsedCheckIn,
    ParsedPain,
    ParsedRun,
    ParseError,
    classify,
    parse_checkin,
    parse_pain,
    parse_run,
)

MI = 1.609344

# text -> the fields that must be set (everything not named must be None)
RUNS: list[tuple[str, dict[str, Any]]] = [
    ("45min 8.2km rpe6 trail",
     {"duration_min": 45, "distance_km": 8.2, "rpe": 6, "surface": Surface.TRAIL}),
    ("/log 45min 8.2km rpe6 trail",
     {"duration_min": 45, "distance_km": 8.2, "rpe": 6, "surface": Surface.TRAIL}),
    ("/log@StrideBot 45min 8.2km rpe6 trail",
     {"duration_min": 45, "distance_km": 8.2, "rpe": 6, "surface": Surface.TRAIL}),
    ("skipped", {"status": RunStatus.SKIPPED}),
    ("Skipped, knee sore", {"status": RunStatus.SKIPPED, "pain_where": "knee"}),
    ("6x400 rpe 8", {"rpe": 8, "reps": "6x400", "rep_count": 6, "rep_distance_m": 400}),
    ("ran 10k in 52 min, felt like a 6", {"distance_km": 10, "duration_min": 52, "rpe": 6}),
    ("1:05:30 half marathon rpe 7 road",
     {"duration_min": 65.5, "distance_km": 21.0975, "rpe": 7, "surface": Surface.ROAD}),
    ("1h05 12k", {"duration_min": 65, "distance_km": 12}),
    ("5 mi 40 minutes 6/10", {"distance_km": 5 * MI, "duration_min": 40, "rpe": 6}),
    ("400m repeats", {"reps": "400m repeats", "rep_distance_m": 400}),
    ("easy 30' treadmill",
     {"duration_min": 30, "surface": Surface.TREADMILL, "note": "easy 30' treadmill"}),
    ("did it", {"status": RunStatus.DONE}),
    ("partly, 30 min", {"status": RunStatus.PARTLY, "duration_min": 30}),
    ("RPE: 7", {"rpe": 7}),
    ("felt like a 9 out of 10", {"rpe": 9}),
    ("8k", {"distance_km": 8}),
    ("10 km", {"distance_km": 10}),
    ("3.5 miles", {"distance_km": 3.5 * MI}),
    ("run 10k 52:10", {"distance_km": 10, "duration_min": 52 + 10 / 60}),
    ("10K", {"distance_km": 10}),
    ("1 mile", {"distance_km": MI}),
    ("marathon 3:45:10", {"distance_km": 42.195, "duration_min": 225 + 10 / 60}),
    ("45 mins rpe 4 road", {"duration_min": 45, "rpe": 4, "surface": Surface.ROAD}),
    ("2h trail run rpe 5", {"duration_min": 120, "rpe": 5, "surface": Surface.TRAIL}),
    ("1.5 hours easy", {"duration_min": 90, "note": "1.5 hours easy"}),
    ("6 x 1k at rpe 8 on the track",
     {"reps": "6x1k", "rep_count": 6, "rep_distance_m": 1000, "rpe": 8, "surface": Surface.TRACK}),
    ("5x4min hills rpe 7", {"reps": "5x4min", "rep_count": 5, "rpe": 7,
                            "note": "5x4min hills rpe 7"}),
    ("10 x 400m, rpe 9", {"reps": "10x400", "rep_count": 10, "rep_distance_m": 400, "rpe": 9}),
    ("8.2 km 45 min", {"distance_km": 8.2, "duration_min": 45}),
    ("8,2 km 45 min", {"distance_km": 8.2, "duration_min": 45}),
    ("10k @ 4:30/km, 45 min", {"distance_km": 10, "duration_min": 45}),
    ("ran 12k at 5:10 pace rpe 5", {"distance_km": 12, "rpe": 5}),
    ("done, 40 min, rpe 3", {"status": RunStatus.DONE, "duration_min": 40, "rpe": 3}),
    ("missed it, work ran late", {"status": RunStatus.SKIPPED, "note": "missed it, work ran late"}),
    ("cut short after 25 min, calf tight",
     {"status": RunStatus.PARTLY, "duration_min": 25,
      "note": "cut short after 25 min, calf tight"}),
    ("ran 8k, knee hurts 4/10", {"distance_km": 8, "pain_where": "knee", "pain_score": 4}),
    ("45 min rpe 6, left achilles pain 3",
     {"duration_min": 45, "rpe": 6, "pain_where": "left achilles", "pain_score": 3}),
    ("RPE 6.5 40min", {"rpe": 7, "duration_min": 40}),
    ("1:05 easy jog", {"duration_min": 65, "note": "1:05 easy jog"}),
    ("45m 5k", {"duration_min": 45, "distance_km": 5}),
    ("parkrun 24:30", {"duration_min": 24.5, "note": "parkrun 24:30"}),
    ("30 min treadmill, effort 5", {"duration_min": 30, "surface": Surface.TREADMILL, "rpe": 5}),
    ("45'30\" 8k", {"duration_min": 45.5, "distance_km": 8}),
    ("LONG RUN 28K 2:45:00 RPE 6",
     {"distance_km": 28, "duration_min": 165, "rpe": 6, "note": "LONG RUN 28K 2:45:00 RPE 6"}),
    ("did it \u2013 felt like an 8", {"status": RunStatus.DONE, "rpe": 8}),
    ("13.1 mi 1:45:00", {"distance_km": 13.1 * MI, "duration_min": 105}),
    ("tempo 3x10min rpe 7",
     {"reps": "3x10min", "rep_count": 3, "rpe": 7, "note": "tempo 3x10min rpe 7"}),
    ("8k trails, 7 rpe", {"distance_km": 8, "surface": Surface.TRAIL, "rpe": 7}),
    ("45 min, calves sore", {"duration_min": 45, "note": "45 min, calves sore"}),
    ("rpe seven, 40 min", {"rpe": 7, "duration_min": 40}),
    ("90 min bike", {"duration_min": 90, "surface": Surface.CROSS}),
    ("bailed after 2k, calf tight", {"status": RunStatus.PARTLY, "distance_km": 2,
                                     "note": "bailed after 2k, calf tight"}),
    ("out at 6:30am, 10k 50 min", {"distance_km": 10, "duration_min": 50}),
    ("ran out and back 10k, my back hurts 3/10",
     {"distance_km": 10, "pain_where": "back", "pain_score": 3,
      "note": "ran out and back 10k, my back hurts 3/10"}),
]  # fmt: skip

FIELDS = (
    "status",
    "duration_min",
    "distance_km",
    "rpe",
    "surface",
    "reps",
    "rep_count",
    "rep_distance_m",
    "pain_where",
    "pain_score",
    "note",
)


def _check_fields(result: object, expected: dict[str, Any], fields: tuple[str, ...]) -> None:
    for name in fields:
        got = getattr(result, name)
        want = expected.get(name)
        if isinstance(want, float | int) and not isinstance(want, bool) and got is not None:
            assert math.isclose(got, want, rel_tol=1e-9), (name, got, want)
        else:
            assert got == want, (name, got, want)


@pytest.mark.parametrize(("text", "expected"), RUNS, ids=[t for t, _ in RUNS])
def test_s6_parse_run(text: str, expected: dict[str, Any]) -> None:
    """§6: quick-log commands and free text become a run log."""
    run = parse_run(text)
    _check_fields(run, expected, FIELDS)
    assert run.distance_km is None or run.distance_km > 0


# text -> a fragment the ParseError problem must contain
RUN_ERRORS: list[tuple[str, str]] = [
    ("rpe 11", "RPE must be 1 to 10"),
    ("45 min rpe 0", "RPE must be 1 to 10"),
    ("felt like a 12", "RPE must be 1 to 10"),
    ("10k rpe -3", "RPE must be 1 to 10"),
    ("-5 km", "negative"),
    ("-45 min 5k", "negative"),
    ("31h", "30 hours"),
    ("1900 min", "30 hours"),
    ("500 km", "distance"),
    ("0 min", "duration"),
    ("0 km", "distance"),
    ("hello", "couldn't find a run"),
    ("\U0001f3c3\u200d\u2642\ufe0f\U0001f525", "couldn't find a run"),
    ("", "couldn't find a run"),
    ("   ", "couldn't find a run"),
    ("45", "not sure what '45' is"),
    ("rpe 5 45", "not sure what '45' is"),
    ("x" * (MAX_INPUT_CHARS + 1), "too long"),
    ("100x400m", "reps"),
]


@pytest.mark.parametrize(("text", "fragment"), RUN_ERRORS, ids=[t[:30] for t, _ in RUN_ERRORS])
def test_s6_parse_run_rejects(text: str, fragment: str) -> None:
    """§6: nonsense is refused with a problem that quotes it and an example that works."""
    with pytest.raises(ParseError) as info:
        parse_run(text)
    assert fragment in info.value.problem
    assert info.value.example
    assert info.value.example in str(info.value)


def test_s6_parse_error_reads_well() -> None:
    with pytest.raises(ParseError) as info:
        parse_run("rpe 11")
    message = str(info.value)
    assert "'rpe 11'" in message
    assert message.endswith('".')
    assert "Try something like" in message
    assert isinstance(info.value, ValueError)


def test_s6_miles_are_converted_and_units_read_bare_decimals() -> None:
    """§6: ParsedRun is always km; the athlete's units only apply to a bare decimal."""
    assert parse_run("45min 5.0", units=Units.MI).distance_km == pytest.approx(5 * MI)
    assert parse_run("45min 5.0").distance_km == pytest.approx(5.0)
    assert parse_run("10k", units=Units.MI).distance_km == pytest.approx(10.0)


def test_s6_to_run_log_defaults_to_the_planned_duration() -> None:
    """§6: duration defaults to the planned one; an unspecified status means done."""
    log = parse_run("rpe 6").to_run_log(date(2025, 5, 1), planned_duration_min=50)
    assert log.status is RunStatus.DONE
    assert log.duration_min == 50
    assert log.load == 300
    assert parse_run("skipped").to_run_log(date(2025, 5, 1), 50).load == 0


def test_s6_long_input_is_rejected_fast() -> None:
    """A 5000-character message costs nothing: it is refused before any regex runs."""
    start = time.perf_counter()
    for text in ("1" * 5000, "a" * 5000, "9x" * 2500, "rpe " * 1250):
        with pytest.raises(ParseError, match="too long"):
            parse_run(text)
    assert time.perf_counter() - start < 0.1


@pytest.mark.parametrize(
    "text",
    [
        "1" * 1000,
        "1." * 500,
        "1:" * 500,
        "9x" * 500,
        "1 " * 500,
        "-1" * 500,
        "rpe" * 333,
        "knee " * 200,
        "1h" * 500,
        "1k " * 333,
        "sore " * 200,
        "a" * 999 + "!",
        ("12" + " " * 10) * 80,
    ],
)
def test_s6_worst_case_inputs_stay_fast(text: str) -> None:
    """Regexes are linear per start position: pathological 1000-char inputs stay quick."""
    start = time.perf_counter()
    for parse in (parse_run, parse_checkin, parse_pain):
        with contextlib.suppress(ParseError):
            parse(text)
    classify(text)
    assert time.perf_counter() - start < 0.5


# --- Check-ins --------------------------------------------------------------------------------

CHECKINS: list[tuple[str, dict[str, Any]]] = [
    ("slept 6.5h", {"sleep_hours": 6.5}),
    ("5 hours, badly", {"sleep_hours": 5, "sleep_quality": 2}),
    ("slept 7h quality 4 soreness 2", {"sleep_hours": 7, "sleep_quality": 4, "soreness": 2}),
    ("legs toast", {"soreness": 5, "soreness_where": "legs"}),
    ("sore 4 calves", {"soreness": 4, "soreness_where": "calves"}),
    ("calves a bit sore", {"soreness": 2, "soreness_where": "calves"}),
    ("knee hurts 5/10", {"pain_where": "knee", "pain_score": 5}),
    ("slept 5h, legs toast", {"sleep_hours": 5, "soreness": 5, "soreness_where": "legs"}),
    ("8h sleep, fresh", {"sleep_hours": 8, "soreness": 1}),
    ("slept well, 7.5 hrs", {"sleep_hours": 7.5, "sleep_quality": 4}),
    ("slept poorly", {"sleep_quality": 2}),
    ("terrible night, 4h", {"sleep_hours": 4, "sleep_quality": 2}),
    ("slept ok 6h30", {"sleep_hours": 6.5, "sleep_quality": 3}),
    ("slept great, 8 hours, fresh", {"sleep_hours": 8, "sleep_quality": 5, "soreness": 1}),
    ("sleep 7", {"sleep_hours": 7}),
    ("soreness 3/5 quads", {"soreness": 3, "soreness_where": "quads"}),
    ("hamstrings very sore", {"soreness": 4, "soreness_where": "hamstrings"}),
    ("stress 5 mood 3 motivation 6", {"stress": 5, "mood": 3, "motivation": 6}),
    ("7h, quality 3, stress 2/7", {"sleep_hours": 7, "sleep_quality": 3, "stress": 2}),
    ("slept 6h, left knee hurts 3/10",
     {"sleep_hours": 6, "pain_where": "left knee", "pain_score": 3}),
    ("slept 11pm to 6am", {"sleep_hours": 7}),
    ("slept 10:30pm-6:15am, like a log", {"sleep_hours": 7.75, "sleep_quality": 5}),
    ("Slept 7h. Calves tight", {"sleep_hours": 7, "soreness": 2, "soreness_where": "calves"}),
]  # fmt: skip

CHECKIN_FIELDS = (
    "sleep_hours",
    "sleep_quality",
    "soreness",
    "soreness_where",
    "pain_where",
    "pain_score",
    "stress",
    "mood",
    "motivation",
)


@pytest.mark.parametrize(("text", "expected"), CHECKINS, ids=[t for t, _ in CHECKINS])
def test_s6_parse_checkin(text: str, expected: dict[str, Any]) -> None:
    """§6: the morning check-in in the athlete's own words."""
    _check_fields(parse_checkin(text), expected, CHECKIN_FIELDS)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("hello", "couldn't find sleep"),
        ("", "couldn't find sleep"),
        ("\U0001f634", "couldn't find sleep"),
        ("slept 30h", "0 to 16 hours"),
        ("quality 9", "sleep quality is 1 to 5"),
        ("soreness 7", "soreness is 1 to 5"),
        ("stress 9", "1-7 scale"),
        ("knee hurts 14/10", "pain score must be 0 to 10"),
        ("y" * 2000, "too long"),
    ],
)
def test_s6_parse_checkin_rejects(text: str, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_checkin(text)
    assert fragment in info.value.problem


def test_s6_checkin_becomes_a_model() -> None:
    checkin = parse_checkin("slept 5h, legs toast").to_checkin(date(2025, 5, 2))
    assert (checkin.sleep_hours, checkin.soreness, checkin.soreness_where) == (5.0, 5, "legs")


# --- Pain -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "score"),
    [
        ("knee hurts 5/10", "knee", 5),
        ("left achilles 3", "left achilles", 3),
        ("pain 6 in my hip", "hip", 6),
        ("right shin pain", "right shin", None),
        ("my back aches 4 out of 10", "back", 4),
        ("Sharp pain in the left foot, 7/10", "left foot", 7),
        ("hip flexor niggle 2", "hip flexor", 2),
        ("knee pain 0", "knee", 0),
    ],
)
def test_s7_parse_pain(text: str, where: str, score: int | None) -> None:
    """§7: pain is recorded with where and how bad, to open a pain flag."""
    assert parse_pain(text) == ParsedPain(where=where, score=score)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("pain 6", "Where does it hurt"),
        ("hello", "couldn't find where"),
        ("knee hurts 11/10", "0 to 10"),
    ],
)
def test_s7_parse_pain_rejects(text: str, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_pain(text)
    assert fragment in info.value.problem


def test_s7_no_pain_is_not_pain() -> None:
    with pytest.raises(ParseError):
        parse_pain("no pain today")
    assert parse_run("10k, pain free").pain_where is None


# --- Routing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ran 10k in 52 min, felt like a 6", "run"),
        ("/log 45min 8.2km rpe6 trail", "run"),
        ("skipped, knee sore", "run"),
        ("did it", "run"),
        ("45 min", "run"),
        ("slept 5h, legs toast", "checkin"),
        ("5 hours, badly", "checkin"),
        ("8h sleep, fresh", "checkin"),
        ("calves a bit sore", "checkin"),
        ("stress 4", "checkin"),
        ("knee hurts 5/10", "pain"),
        ("left achilles 3", "pain"),
        ("hello", "unknown"),
        ("", "unknown"),
        ("45", "unknown"),
        ("rpe 11", "unknown"),
        ("z" * 5000, "unknown"),
    ],
)
def test_s6_classify_routes(text: str, kind: str) -> None:
    """§6: free text goes to a log, a check-in or pain, or comes back with a hint."""
    message = classify(text)
    assert message.kind == kind
    if kind == "run":
        assert isinstance(message.run, ParsedRun)
    elif kind == "checkin":
        assert isinstance(message.checkin, ParsedCheckIn)
    elif kind == "pain":
        assert isinstance(message.pain, ParsedPain)
    else:
        assert message.error is not None
        assert message.hint == str(message.error)


def test_s6_classify_keeps_pain_with_a_run() -> None:
    """Precedence: a run wins, but the pain rides along so the flag is never lost."""
    message = classify("ran 8k, knee hurts 4/10")
    assert message.kind == "run"
    assert message.run is not None
    assert message.run.pain_score == 4
    assert message.pain == ParsedPain(where="knee", score=4)


def test_s6_classify_keeps_pain_with_a_checkin() -> None:
    message = classify("slept 6h, knee hurts 5/10")
    assert message.kind == "checkin"
    assert message.checkin is not None
    assert message.checkin.sleep_hours == 6
    assert message.pain == ParsedPain(where="knee", score=5)


def test_s6_classify_keeps_a_checkin_riding_on_a_run() -> None:
    message = classify("slept badly, ran 5k")
    assert message.kind == "run"
    assert message.checkin is not None
    assert message.checkin.sleep_quality == 2


def test_s6_classify_hint_for_unknown_rpe() -> None:
    message = classify("rpe 11")
    assert message.hint is not None
    assert "RPE must be 1 to 10" in message.hint
