"""Which run logs are time-trial or race results, and what they give (coach/time_trial.py)."""

from __future__ import annotations

from datetime import date

import pytest

from coach.models import (
    RaceResult,
    RunLog,
    RunStatus,
    Session,
    SessionKind,
    Surface,
    WorkoutSpec,
)
from coach.paces import vdot_from_race
from coach.time_trial import (
    MIN_TRIAL_KM,
    ImplausibleResult,
    TrialGap,
    TrialSource,
    read_trial,
    said_kind,
    trial_paces,
)

DAY = date(2026, 12, 8)


def session(
    kind: SessionKind = SessionKind.TIME_TRIAL,
    *,
    surface: Surface = Surface.ROAD,
    minutes: float = 50.0,
    rep_distance_m: float | None = 5000.0,
    rep_duration_min: float | None = None,
) -> Session:
    """A planned session on DAY; a 5 km time trial with warm-up and cool-down by default."""
    spec = WorkoutSpec(
        kind=kind,
        surface=surface,
        duration_min=minutes,
        reps=1,
        rep_distance_m=rep_distance_m,
        rep_duration_min=rep_duration_min,
        target_rpe=9,
    )
    return Session(
        date=DAY,
        kind=kind,
        surface=surface,
        hard=True,
        duration_min=minutes,
        target_rpe=9,
        title=f"{kind.value} test session",
        spec=spec,
    )


def timed_trial() -> Session:
    return session(rep_distance_m=None, rep_duration_min=20.0)


def log(**fields: object) -> RunLog:
    base: dict[str, object] = {"date": DAY, "rpe": 9}
    base.update(fields)
    return RunLog.model_validate(base)


EASY = session(SessionKind.EASY, minutes=40.0, rep_distance_m=None)


# --- the planned time trial ---------------------------------------------------------------


def test_the_planned_trial_logged_with_distance_and_time_gives_its_result() -> None:
    reading = read_trial(log(distance_km=5.0, duration_min=22.5), session())
    assert reading is not None
    assert reading.source is TrialSource.PLANNED
    assert reading.gap is None
    assert reading.result == RaceResult(distance_km=5.0, time_s=1350.0, on=DAY)
    assert reading.planned_km == 5.0


def test_a_gps_distance_a_little_over_the_trial_is_still_the_trial() -> None:
    reading = read_trial(log(distance_km=5.1, duration_min=22.9), session())
    assert reading is not None
    assert reading.result is not None
    assert reading.result.distance_km == 5.1


def test_a_shorter_trial_than_planned_still_gives_paces() -> None:
    reading = read_trial(log(distance_km=3.0, duration_min=13.5), session())
    assert reading is not None
    assert reading.result is not None
    assert reading.result.distance_km == 3.0


def test_the_whole_session_with_warm_up_is_not_read_as_the_trial() -> None:
    reading = read_trial(log(distance_km=9.0, duration_min=45.0), session())
    assert reading is not None
    assert reading.result is None
    assert reading.gap is TrialGap.WHOLE_SESSION


def test_calling_it_a_time_trial_overrides_the_whole_session_guess() -> None:
    reading = read_trial(
        log(distance_km=8.0, duration_min=36.0, note="time trial 8k 36:00"), session()
    )
    assert reading is not None
    assert reading.result is not None
    assert reading.result.distance_km == 8.0


@pytest.mark.parametrize(
    ("fields", "gap"),
    [
        ({"duration_min": 22.5}, TrialGap.DISTANCE),
        ({"duration_min": 50.0}, TrialGap.BOTH),
        ({}, TrialGap.BOTH),
        ({"distance_km": 5.0}, TrialGap.TIME),
    ],
    ids=["trial-time-only", "session-time-only", "nothing", "distance-only"],
)
def test_a_planned_trial_without_its_parts_asks_for_them(
    fields: dict[str, object], gap: TrialGap
) -> None:
    reading = read_trial(log(**fields), session())
    assert reading is not None
    assert reading.result is None
    assert reading.gap is gap


def test_a_duration_filled_in_from_the_plan_is_not_the_trials_time() -> None:
    """ "/log 5k rpe 9" gets the planned 50 minutes as its duration: not 5 km in 50:00."""
    reading = read_trial(log(distance_km=5.0, duration_min=50.0), session(), duration_given=False)
    assert reading is not None
    assert reading.gap is TrialGap.TIME


def test_a_timed_trial_needs_only_the_distance() -> None:
    reading = read_trial(
        log(distance_km=4.6, duration_min=50.0), timed_trial(), duration_given=False
    )
    assert reading is not None
    assert reading.result == RaceResult(distance_km=4.6, time_s=1200.0, on=DAY)
    assert reading.planned_min == 20.0


def test_a_timed_trial_without_a_distance_asks_for_it() -> None:
    reading = read_trial(log(duration_min=50.0), timed_trial())
    assert reading is not None
    assert reading.gap is TrialGap.DISTANCE


def test_a_timed_trial_logged_with_its_minutes_uses_them() -> None:
    reading = read_trial(log(distance_km=4.6, duration_min=20.5), timed_trial())
    assert reading is not None
    assert reading.result is not None
    assert reading.result.time_s == pytest.approx(1230.0)


def test_a_timed_trial_logged_as_the_whole_session_asks_for_the_trial() -> None:
    reading = read_trial(log(distance_km=9.0, duration_min=48.0), timed_trial())
    assert reading is not None
    assert reading.gap is TrialGap.WHOLE_SESSION


@pytest.mark.parametrize("status", [RunStatus.SKIPPED, RunStatus.PARTLY])
def test_a_skipped_or_cut_short_trial_gives_nothing(status: RunStatus) -> None:
    assert read_trial(log(status=status, distance_km=5.0, duration_min=22.5), session()) is None


def test_a_trial_day_adjusted_to_an_easy_run_is_an_ordinary_run() -> None:
    """Readiness may turn the trial into an easy run: the log then fulfils the easy run."""
    assert read_trial(log(distance_km=7.0, duration_min=40.0), EASY) is None


def test_a_too_short_effort_sets_no_paces() -> None:
    reading = read_trial(log(distance_km=1.0, duration_min=4.0), session())
    assert reading is not None
    assert reading.gap is TrialGap.TOO_SHORT
    assert MIN_TRIAL_KM > 1.0


# --- said in words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "source"),
    [
        ("time trial 3km in 14:10", TrialSource.SAID),
        ("5k Time-Trial 22:30", TrialSource.SAID),
        ("tt 5k 22:30 rpe 9", TrialSource.SAID),
        ("parkrun 5k 24:10", TrialSource.RACE),
        ("ran a 10k race in 48:00", TrialSource.RACE),
        ("10k at race pace 45 min", None),
        ("race-pace segments 40 min", None),
        ("easy 30 min, race day on sunday", None),
        ("attractive trail loop", None),
        (None, None),
    ],
)
def test_words_that_make_a_log_a_time_trial_or_a_race(
    note: str | None, source: TrialSource | None
) -> None:
    assert said_kind(note) is source


def test_a_time_trial_said_on_an_easy_day_gives_its_result() -> None:
    reading = read_trial(log(distance_km=3.0, duration_min=14 + 10 / 60, note="time trial"), EASY)
    assert reading is not None
    assert reading.source is TrialSource.SAID
    assert reading.result is not None
    assert reading.result.time_s == pytest.approx(850.0)


def test_a_time_trial_said_without_a_time_asks_for_it() -> None:
    reading = read_trial(
        log(distance_km=5.0, duration_min=40.0, note="time trial 5k"), EASY, duration_given=False
    )
    assert reading is not None
    assert reading.gap is TrialGap.TIME


def test_a_race_without_a_result_is_an_ordinary_run() -> None:
    assert read_trial(log(duration_min=30.0, note="raced a friend home"), EASY) is None


def test_a_parkrun_gives_its_result() -> None:
    reading = read_trial(log(distance_km=5.0, duration_min=24.0, note="parkrun"), None)
    assert reading is not None
    assert reading.is_race
    assert reading.result == RaceResult(distance_km=5.0, time_s=1440.0, on=DAY)


def test_a_parkrun_on_a_trail_run_day_is_not_a_trail_race() -> None:
    trail_day = session(SessionKind.EASY, surface=Surface.TRAIL, rep_distance_m=None)
    reading = read_trial(log(distance_km=5.0, duration_min=24.0, note="parkrun"), trail_day)
    assert reading is not None
    assert reading.result is not None


def test_the_planned_race_gives_its_result() -> None:
    race = session(SessionKind.RACE, minutes=50.0, rep_distance_m=None)
    reading = read_trial(log(distance_km=10.0, duration_min=47.2), race)
    assert reading is not None
    assert reading.is_race
    assert reading.result is not None


@pytest.mark.parametrize(
    ("planned", "surface"),
    [
        (session(SessionKind.RACE, surface=Surface.TRAIL, rep_distance_m=None), None),
        (None, Surface.TRAIL),
        (None, Surface.CROSS),
    ],
    ids=["trail-race", "said-on-trail", "bike"],
)
def test_trail_and_cross_training_times_set_no_paces(
    planned: Session | None, surface: Surface | None
) -> None:
    fields = {"distance_km": 21.0, "duration_min": 130.0, "note": "race", "surface": surface}
    assert read_trial(log(**fields), planned) is None


# --- paces --------------------------------------------------------------------------------


def test_trial_paces_come_from_the_result_and_are_not_estimated() -> None:
    paces = trial_paces(RaceResult(distance_km=5.0, time_s=22 * 60 + 30))
    assert paces.estimated is False
    assert paces.vdot == pytest.approx(vdot_from_race(5.0, 1350.0))
    assert paces.interval < paces.threshold < paces.easy_min


@pytest.mark.parametrize(
    ("result", "too_fast"),
    [
        (RaceResult(distance_km=5.0, time_s=4 * 60 + 50), True),
        (RaceResult(distance_km=3.0, time_s=3 * 3600), False),
    ],
    ids=["typo-fast", "a-walk"],
)
def test_an_absurd_result_raises_with_what_to_check(result: RaceResult, too_fast: bool) -> None:
    with pytest.raises(ImplausibleResult, match="check the time and the distance") as raised:
        trial_paces(result)
    assert raised.value.too_fast is too_fast
    assert raised.value.result == result
    assert isinstance(raised.value, ValueError)
