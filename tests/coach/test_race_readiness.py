"""COACHING.md §7b "Race-readiness review": green says nothing, amber and red say what is
missing and offer keep / shorter race / a later date; only what was offered can be chosen."""

from __future__ import annotations

from datetime import date, timedelta

from coach.models import GoalKind, ReadinessLevel
from coach.race_readiness import (
    OptionKind,
    ReadinessFacts,
    WeekDone,
    assess,
    level_in,
    option_from,
    reachable_long_run,
    worse,
)
from coach.rules import RULES

SUNDAY = date(2027, 1, 10)
RACE = SUNDAY + timedelta(weeks=12)


def weeks(*shares: float, planned: float = 300.0, long_min: float = 100.0) -> tuple[WeekDone, ...]:
    first = SUNDAY - timedelta(days=6 + 7 * (len(shares) - 1))
    return tuple(
        WeekDone(first + timedelta(weeks=k), planned, planned * share, long_min)
        for k, share in enumerate(shares)
    )


def facts(**overrides: object) -> ReadinessFacts:
    values: dict[str, object] = {
        "goal": GoalKind.ROAD_MARATHON,
        "race_date": RACE,
        "today": SUNDAY,
        "need_long_min": 165.0,
        "longest_recent_min": 100.0,
        "weeks": weeks(1.0, 0.95, 1.0),
        "vdot": 45.0,
    }
    values.update(overrides)
    return ReadinessFacts(**values)  # type: ignore[arg-type]


def test_on_track_is_green_and_offers_nothing() -> None:
    review = assess(facts())
    assert review is not None
    assert review.level is ReadinessLevel.GREEN
    assert not review.offered
    assert review.reasons == ()
    assert review.options == ()


def test_two_weeks_under_sixty_percent_is_amber_with_the_shares_said() -> None:
    review = assess(facts(weeks=weeks(0.55, 0.9, 0.5)))
    assert review is not None
    assert review.level is ReadinessLevel.AMBER
    assert review.reasons == (
        "you ran 55% and 50% of the planned minutes in 2 of the last 3 weeks",
    )
    kinds = [o.kind for o in review.options]
    assert kinds[:2] == [OptionKind.KEEP, OptionKind.SHORTER]
    assert OptionKind.MOVE in kinds


def test_one_low_week_is_not_a_review() -> None:
    review = assess(facts(weeks=weeks(1.0, 0.4, 1.0)))
    assert review is not None
    assert review.level is ReadinessLevel.GREEN


def test_a_long_run_that_cannot_reach_the_need_is_said_with_its_numbers() -> None:
    review = assess(facts(longest_recent_min=60.0, race_date=SUNDAY + timedelta(weeks=8)))
    assert review is not None
    assert review.level is ReadinessLevel.RED
    assert review.reasons[0].startswith("your longest run in the last 4 weeks was 1 h; ")
    assert "a marathon needs about 2 h 45" in review.reasons[0]
    assert review.reachable_long_min < RULES.readiness_red_long_share * 165.0
    keep = review.option(OptionKind.KEEP)
    assert keep is not None
    assert keep.run_walk


def test_long_run_behind_its_ladder_is_amber() -> None:
    review = assess(facts(longest_recent_min=70.0, weeks=weeks(1, 1, 1, long_min=100.0)))
    assert review is not None
    assert review.level is ReadinessLevel.AMBER
    assert any("behind its ladder: 1 h 10 done against the 1 h 40" in r for r in review.reasons)


def test_amber_keep_gives_a_realistic_time_slower_than_the_paces_predict() -> None:
    review = assess(facts(goal=GoalKind.ROAD_HALF, need_long_min=110.0, weeks=weeks(0.5, 0.5)))
    assert review is not None
    assert review.level is ReadinessLevel.AMBER
    keep = review.option(OptionKind.KEEP)
    assert keep is not None
    assert not keep.run_walk
    assert keep.target_s is not None
    # VDOT 45 runs a half in about 1:41; 5 % slower is about 1:46.
    assert 6200 < keep.target_s < 6500
    assert "realistic target of about 1 h 45" in keep.summary


def test_shorter_race_follows_the_ladder_and_none_below_5k_or_for_trail() -> None:
    low = weeks(0.5, 0.5)
    for goal, shorter in (
        (GoalKind.ROAD_MARATHON, GoalKind.ROAD_HALF),
        (GoalKind.ROAD_HALF, GoalKind.ROAD_10K),
        (GoalKind.ROAD_10K, GoalKind.ROAD_5K),
    ):
        review = assess(facts(goal=goal, weeks=low))
        assert review is not None
        option = review.option(OptionKind.SHORTER)
        assert option is not None
        assert option.goal is shorter
        assert option.race_date == RACE
    for goal in (GoalKind.ROAD_5K, GoalKind.TRAIL):
        review = assess(facts(goal=goal, need_long_min=70.0, weeks=low))
        assert review is not None
        assert review.offered
        assert review.option(OptionKind.SHORTER) is None


def test_new_dates_are_later_same_weekday_and_cover_the_missing_weeks() -> None:
    review = assess(facts(longest_recent_min=60.0, race_date=SUNDAY + timedelta(weeks=8)))
    assert review is not None
    dates = [o.race_date for o in review.options if o.kind is OptionKind.MOVE]
    assert len(dates) == 3
    assert dates == sorted(dates)
    race = SUNDAY + timedelta(weeks=8)
    assert all(d.weekday() == race.weekday() and d > race for d in dates)
    # Each date gives the long run at least the need.
    first = ReadinessFacts(
        goal=GoalKind.ROAD_MARATHON,
        race_date=dates[0],
        today=SUNDAY,
        need_long_min=165.0,
        longest_recent_min=60.0,
    )
    assert reachable_long_run(first) >= 165.0 - RULES.long_step_minutes[1]


def test_at_onboarding_the_plans_runway_decides() -> None:
    review = assess(facts(weeks=(), longest_recent_min=60.0, planned_peak_min=130.0))
    assert review is not None
    assert review.level is ReadinessLevel.AMBER
    assert review.reasons == (
        "the 12 weeks to race day build the long run to about 2 h 10, not the 2 h 45 a marathon "
        "needs",
    )


def test_no_review_without_a_race_or_in_race_week() -> None:
    assert assess(facts(goal=GoalKind.FITNESS)) is None
    assert assess(facts(race_date=SUNDAY + timedelta(days=6), weeks=weeks(0.1, 0.1))) is None
    assert assess(facts(race_date=SUNDAY - timedelta(days=1))) is None


def test_only_an_offered_option_can_be_chosen() -> None:
    review = assess(facts(weeks=weeks(0.5, 0.5)))
    assert review is not None
    move = review.option(OptionKind.MOVE)
    assert move is not None
    assert option_from(review, "move", move.race_date) == move
    assert option_from(review, "move", RACE + timedelta(days=1)) is None  # never offered
    assert option_from(review, "keep") == review.option(OptionKind.KEEP)
    assert option_from(review, "drop-everything") is None


def test_a_recorded_reason_names_its_level_and_levels_order() -> None:
    review = assess(facts(weeks=weeks(0.5, 0.5)))
    assert review is not None
    assert level_in(review.reason) is ReadinessLevel.AMBER
    assert level_in("so 6 x 400 m became 4 x 400 m") is None
    assert worse(ReadinessLevel.RED, ReadinessLevel.AMBER)
    assert not worse(ReadinessLevel.AMBER, ReadinessLevel.AMBER)


def test_one_week_left_is_said_in_the_singular() -> None:
    review = assess(facts(longest_recent_min=60.0, race_date=SUNDAY + timedelta(days=8)))
    assert review is not None
    assert "the 1 week left" in review.reasons[0]
