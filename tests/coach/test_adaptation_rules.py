"""The day's rules one by one (coach.adaptation.today): each reads the day's facts, computed
once, and decides one session or passes it on; PRECEDENCE is their order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from coach.adaptation.today import (
    PRECEDENCE,
    DayFacts,
    after_pain_rule,
    day_facts,
    decide,
    lighter_rule,
    paces_only_rule,
    pain_rule,
    progression_rule,
    red_rule,
)
from coach.models import (
    AdjustmentKind,
    PainFlag,
    Readiness,
    ReadinessLevel,
    RunLog,
    SessionKind,
)
from coach.readiness import ReadinessItem, ReadinessScore
from tests.coach.test_adaptation import PROFILE, d, on, ready, spike_logs, standard_week

WEEK = standard_week()
TRACK_TUE = on(WEEK, "tue")[0]
EASY_WED = on(WEEK, "wed")[0]
LONG_SUN = on(WEEK, "sun")[0]


def facts(
    level: ReadinessLevel,
    day: str = "tue",
    *,
    pains: Sequence[PainFlag] = (),
    logs: Sequence[RunLog] = (),
) -> DayFacts:
    return day_facts(d(day), ready(level, day), profile=PROFILE, logs=logs, pains=pains)


def test_the_rules_in_order_of_precedence() -> None:
    assert (
        pain_rule,
        red_rule,
        after_pain_rule,
        paces_only_rule,
        lighter_rule,
        progression_rule,
    ) == PRECEDENCE


def test_a_green_day_with_nothing_amiss_passes_every_rule() -> None:
    f = facts(ReadinessLevel.GREEN)
    assert all(rule(f, TRACK_TUE) is None for rule in PRECEDENCE)
    assert decide(f, TRACK_TUE) is None


def test_pain_decides_before_red() -> None:
    pain = PainFlag(reported_on=d("mon"), where="knee", score=4)
    f = facts(ReadinessLevel.RED, pains=[pain])
    assert f.pain_rule
    assert f.red
    change = decide(f, TRACK_TUE)
    assert change is not None
    assert change.why == "pain 4/10 (knee)"
    assert change.spec.kind is SessionKind.EASY


def test_red_turns_a_hard_session_into_recovery_and_keeps_a_short_easy_run() -> None:
    f = facts(ReadinessLevel.RED, "tue")
    change = red_rule(f, TRACK_TUE)
    assert change is not None
    assert change.spec.kind is SessionKind.RECOVERY
    assert change.kind is AdjustmentKind.REPLACED
    wed = facts(ReadinessLevel.RED, "wed")
    kept = red_rule(wed, EASY_WED)  # 45 min > 40: capped
    assert kept is not None
    assert kept.spec.duration_min == 40


def test_after_pain_applies_only_in_the_week_after_a_4_10_flag_closed() -> None:
    closed = PainFlag(reported_on=d("mon"), where="knee", score=4, resolved_on=d("mon"))
    assert facts(ReadinessLevel.GREEN, pains=[closed]).after_pain == closed
    old = closed.model_copy(update={"resolved_on": d("mon") - timedelta(days=7)})
    assert facts(ReadinessLevel.GREEN, pains=[old]).after_pain is None
    mild = closed.model_copy(update={"score": 3})
    assert facts(ReadinessLevel.GREEN, pains=[mild]).after_pain is None
    assert after_pain_rule(facts(ReadinessLevel.GREEN, pains=[closed]), EASY_WED) is None


def test_paces_only_keeps_the_long_run_on_an_amber_day_of_quality_rpe_alone() -> None:
    item = ReadinessItem("quality_rpe", 2, "last quality session RPE 10 vs 8")
    score = ReadinessScore(d("sun"), ReadinessLevel.AMBER, 2, (item,), None, None)
    f = day_facts(d("sun"), score, profile=PROFILE, logs=(), pains=())
    assert f.paces_only
    change = paces_only_rule(f, LONG_SUN)
    assert change is not None
    assert change.spec == LONG_SUN.spec
    assert paces_only_rule(f, TRACK_TUE) is None, "the quality session is the lighter rule's"


def test_the_load_brake_lightens_easy_runs_on_a_green_day() -> None:
    f = facts(ReadinessLevel.GREEN, "wed", logs=spike_logs(d("wed")))
    assert f.brake
    change = lighter_rule(f, EASY_WED)
    assert change is not None
    assert change.spec.duration_min == 35
    assert change.why.startswith("a big jump in load (ratio ")


def test_progression_moves_a_quality_session_on_a_green_day_only() -> None:
    held = replace(facts(ReadinessLevel.GREEN), signal="hold")
    change = progression_rule(held, TRACK_TUE)
    assert change is not None
    assert change.kind is AdjustmentKind.HELD
    assert progression_rule(replace(held, signal="progress_sooner"), TRACK_TUE) is not None
    amber = replace(facts(ReadinessLevel.AMBER), signal="progress_sooner")
    assert progression_rule(amber, TRACK_TUE) is None
    assert progression_rule(held, EASY_WED) is None


def test_readiness_without_a_score_still_reads_its_reasons() -> None:
    f = day_facts(
        d("tue"),
        Readiness(date=d("tue"), level=ReadinessLevel.AMBER, reasons=("5 h sleep", "sore")),
        profile=PROFILE,
        logs=(),
        pains=(),
    )
    assert f.because == "5 h sleep and sore"
