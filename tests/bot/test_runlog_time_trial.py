"""A time trial logged after the run re-derives the athlete's paces (COACHING.md §2, §3b), as
the athlete meets it: the reply says the new paces, /paces and the plan's sessions carry
them, and they survive a restart; an absurd result or a trial without its time changes
nothing and says why."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.render.runlog import pace_change
from botapi_emulator import EmulatedUser, MessageView
from coach.models import (
    Plan,
    RaceResult,
    Session,
    SessionKind,
    Surface,
    TrainingPaces,
    Units,
    WorkoutSpec,
)
from coach.paces import format_pace, per_mile, vdot_from_race
from coach.time_trial import TrialReading, TrialSource, trial_paces
from coach.workouts import zone_pace
from scheduler.clock import ManualClock
from services.trials import PaceChange
from tests.support.athletes import onboarded_athlete, profile
from tests.support.harness import StrideHarness
from tests.support.journal import TRACK_DAY, TRACK_MORNING

ATHLETE = 1001
#: The planned trial: 5 km with 15 min warm-up and 10 min cool-down on the track.
TRIAL_MINUTES = 50.0


def trial_session() -> Session:
    """The week-2 time trial the planner schedules for estimated paces (§3b), on TRACK_DAY."""
    spec = WorkoutSpec(
        kind=SessionKind.TIME_TRIAL,
        surface=Surface.TRACK,
        duration_min=TRIAL_MINUTES,
        reps=1,
        rep_distance_m=5000.0,
        target_rpe=9,
    )
    return Session(
        date=TRACK_DAY,
        kind=SessionKind.TIME_TRIAL,
        surface=Surface.TRACK,
        hard=True,
        duration_min=TRIAL_MINUTES,
        distance_km=8.0,
        target_rpe=9,
        title="Time trial: 5 km",
        spec=spec,
    )


def with_trial(plan: Plan) -> Plan:
    """``plan`` with TRACK_DAY's sessions replaced by the time trial."""
    weeks = tuple(
        w.model_copy(
            update={
                "sessions": tuple(
                    sorted(
                        [s for s in w.sessions if s.date != TRACK_DAY] + [trial_session()],
                        key=lambda s: s.date,
                    )
                )
            }
        )
        if w.start <= TRACK_DAY < w.start + timedelta(days=7)
        else w
        for w in plan.weeks
    )
    return plan.model_copy(update={"weeks": weeks})


async def _plan(harness: StrideHarness) -> Plan:
    plan = await harness.db.plans.current(ATHLETE)
    assert plan is not None
    return plan


async def _paces(harness: StrideHarness) -> TrainingPaces:
    return (await _plan(harness)).paces


async def _recent_race(harness: StrideHarness) -> RaceResult | None:
    record = await harness.db.athletes.get(ATHLETE)
    assert record is not None
    profile_now = record.profile()
    assert profile_now is not None
    return profile_now.recent_race


async def _athlete_with_trial(
    harness: StrideHarness, clock: ManualClock, **overrides: object
) -> EmulatedUser:
    await onboarded_athlete(harness.db, ATHLETE, clock.now(), athlete_profile=profile(**overrides))
    plan = await _plan(harness)
    await harness.db.plans.save(ATHLETE, with_trial(plan), clock.now())
    clock.set(TRACK_MORNING)
    return harness.user(ATHLETE, "Alice")


@pytest.fixture
async def alice(harness: StrideHarness, clock: ManualClock) -> EmulatedUser:
    """An athlete whose paces are estimated, with the time trial planned on TRACK_DAY."""
    user = await _athlete_with_trial(harness, clock)
    assert (await _paces(harness)).estimated
    return user


def text_of(message: MessageView) -> str:
    """A message's plain text (every message of these tests has one)."""
    assert message.text is not None
    return message.text


def _step_paces(sessions: list[Session]) -> set[float]:
    return {
        round(step.pace_s_per_km, 1)
        for s in sessions
        for step in s.steps
        if step.pace_s_per_km is not None
    }


def _zone_paces(paces: TrainingPaces) -> set[float]:
    return {round(zone_pace(paces, zone), 1) for zone in "EMTIR"}


# --- the trial sets the paces ---------------------------------------------------------------


async def test_an_estimated_athlete_logs_the_time_trial_and_gets_new_paces(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    old = await _paces(harness)
    replies = await harness.say(alice, "/log 5k 22:30 rpe9")

    assert len(replies) == 1
    text = text_of(replies[0])
    vdot = vdot_from_race(5.0, 22.5 * 60)
    assert f"New paces from your 5 km time trial (22:30): VDOT {vdot:.1f}" in text
    assert f"(was {old.vdot:.1f}, estimated)" in text
    assert "per 400 m" in text
    assert replies[0].button_texts == ["↩️ Undo"]

    new = await _paces(harness)
    assert not new.estimated
    assert new.vdot == pytest.approx(vdot)
    assert await _recent_race(harness) == RaceResult(distance_km=5.0, time_s=1350.0, on=TRACK_DAY)
    (stored,) = await harness.db.runlogs.logs_between(ATHLETE, TRACK_DAY, TRACK_DAY)
    assert stored.log.kind is SessionKind.TIME_TRIAL
    assert stored.log.distance_km == 5.0

    # The plan's sessions from tomorrow on are dressed with the new paces, not the old ones.
    plan = await _plan(harness)
    later = [s for w in plan.weeks for s in w.sessions if s.date > TRACK_DAY]
    used = _step_paces(later)
    assert used, "the rebuilt plan has paced road or track work"
    assert used & _zone_paces(new)
    assert not used & _zone_paces(old)
    # The day of the trial itself is as it was.
    assert [s.kind for s in plan.sessions_on(TRACK_DAY)] == [SessionKind.TIME_TRIAL]


async def test_new_paces_show_in_paces_and_survive_a_restart(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    await harness.say(alice, "/log 5k 22:30 rpe9")
    vdot = vdot_from_race(5.0, 22.5 * 60)

    await harness.restart()
    (reply,) = await harness.say(alice, "/paces")
    assert f"VDOT {vdot:.1f}" in text_of(reply)
    assert "estimate" not in text_of(reply)
    assert (await _paces(harness)).vdot == pytest.approx(vdot)


async def test_a_time_trial_said_in_free_text_on_another_day_sets_paces(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    """Not the planned trial's day: the athlete's words make it one."""
    clock.set(TRACK_MORNING + timedelta(days=2))
    (reply,) = await harness.say(alice, "time trial 3km in 14:10")
    vdot = vdot_from_race(3.0, 14 * 60 + 10)
    assert f"New paces from your 3 km time trial (14:10): VDOT {vdot:.1f}" in text_of(reply)
    assert (await _paces(harness)).vdot == pytest.approx(vdot)
    race = await _recent_race(harness)
    assert race is not None
    assert race.on == TRACK_DAY + timedelta(days=2)


async def test_paces_from_a_race_are_re_derived_by_a_newer_time_trial(
    harness: StrideHarness, clock: ManualClock
) -> None:
    user = await _athlete_with_trial(
        harness, clock, recent_race=RaceResult(distance_km=10.0, time_s=50 * 60)
    )
    old = await _paces(harness)
    assert not old.estimated
    (reply,) = await harness.say(user, "/log 5k 22:30 rpe9")
    assert f"VDOT {vdot_from_race(5.0, 1350.0):.1f} (was {old.vdot:.1f})." in text_of(reply)
    assert (await _paces(harness)).vdot == pytest.approx(vdot_from_race(5.0, 1350.0))


async def test_a_plan_the_planner_cannot_continue_still_gets_the_new_paces(
    harness: StrideHarness, alice: EmulatedUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> Plan:
        raise ValueError("no plan from here")

    monkeypatch.setattr("services.trials.rebuild_from", refuse)
    before = await _plan(harness)
    await harness.say(alice, "/log 5k 22:30 rpe9")
    after = await _plan(harness)
    assert after.paces.vdot == pytest.approx(vdot_from_race(5.0, 1350.0))
    assert after.weeks == before.weeks


# --- nothing changes, and the reply says why -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("/log 5k 4:50 rpe9", "5 km in 4:50 is 0:58/km, faster than any world record"),
        ("/log 5k 3h rpe9", "5 km in 3 h is 36:00/km, slower than walking"),
    ],
    ids=["typo-too-fast", "too-slow"],
)
async def test_an_absurd_time_trial_changes_nothing_and_says_why(
    harness: StrideHarness, alice: EmulatedUser, text: str, why: str
) -> None:
    """Issue 16: a pace no human runs is asked about, and nothing is stored until then."""
    before = await _plan(harness)
    (reply,) = await harness.say(alice, text)
    assert why in text_of(reply)
    assert "Nothing is logged yet" in text_of(reply)
    assert await _plan(harness) == before
    assert await _recent_race(harness) is None
    assert await harness.db.runlogs.logs_between(ATHLETE, TRACK_DAY, TRACK_DAY) == []


async def test_a_time_trial_without_a_time_asks_for_it_then_sets_paces(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    before = await _plan(harness)
    (reply,) = await harness.say(alice, "/log 5k rpe 9")
    assert "To set your paces from it I need its time" in text_of(reply)
    assert "Until then your paces stay estimated." in text_of(reply)
    assert "e.g. /log 5k " in text_of(reply)
    assert await _plan(harness) == before
    (stored,) = await harness.db.runlogs.logs_between(ATHLETE, TRACK_DAY, TRACK_DAY)
    assert stored.log.duration_min == TRIAL_MINUTES, "kept as a log, the planned time"

    # The athlete sends the trial: replace the first log with it, and the paces follow.
    (question,) = await harness.say(alice, "/log 5k 22:30 rpe 9")
    replaced = await harness.press(alice, question, "🔁 Replace it")
    assert "New paces from your 5 km time trial (22:30)" in text_of(replaced)
    assert not (await _paces(harness)).estimated


async def test_the_whole_session_logged_asks_for_the_trial_itself(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    before = await _plan(harness)
    (reply,) = await harness.say(alice, "/log 9km 50min rpe 8")
    assert "That looks like the whole session, warm-up included" in text_of(reply)
    assert await _plan(harness) == before


async def test_a_time_trial_logged_with_the_buttons_asks_for_distance_and_time(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    (prompt,) = await harness.say(alice, "/log")
    question = await harness.press(alice, prompt, "✅ Done")
    question = await harness.press(alice, question, "9")
    question = await harness.press(alice, question, f"✓ {TRIAL_MINUTES:.0f} min (planned)")
    question = await harness.press(alice, question, "✓ Track")
    summary = await harness.press(alice, question, "👍 No pain")
    assert "I need its distance and time" in text_of(summary)
    assert (await _paces(harness)).estimated


# --- the reply, rendered ------------------------------------------------------------------


def test_new_paces_are_said_in_the_athletes_units() -> None:
    result = RaceResult(distance_km=5.0, time_s=1350.0, on=TRACK_DAY)
    after = trial_paces(result)
    change = PaceChange(TrialReading(TrialSource.SAID, result=result), before=None, after=after)
    line = pace_change(change, Units.MI)
    assert line.startswith("📈 New paces from your 3.1 mi time trial (22:30): VDOT ")
    assert f"T {format_pace(per_mile(after.threshold))}/mi" in line
    assert f"R {format_pace(after.repetition * 0.4)} per 400 m" in line
    assert "\n" not in line
