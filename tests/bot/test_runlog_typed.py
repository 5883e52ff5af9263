"""Issue 16: what runners actually type, through the real bot on the Bot API emulator.

A whole log typed while a log question is open answers it; "yesterday" logs yesterday's
session; a value no human could run is asked about and nothing is stored; the planned
surface carries to its log; a log without a time is estimated and says so; a sleep emoji is
sleep, not a run.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from botapi_emulator import EmulatedUser
from coach.models import RunLog, RunStatus, SessionKind, Surface
from scheduler.clock import ManualClock
from tests.support.harness import StrideHarness
from tests.support.journal import (
    EVER,
    TRACK_DAY,
    TRACK_MORNING,
    journal_state,
    track_athlete,
)

ATHLETE = 1001
EASY_DAY = TRACK_DAY + timedelta(days=2)  # Thursday 3 Dec: "Easy trail run 45 min"


@pytest.fixture
async def alice(harness: StrideHarness, clock: ManualClock) -> EmulatedUser:
    await track_athlete(harness.db, ATHLETE, clock.now())
    clock.set(TRACK_MORNING)
    return harness.user(ATHLETE, "Alice")


async def _logs(harness: StrideHarness) -> list[RunLog]:
    return [s.log for s in await harness.db.runlogs.logs_between(ATHLETE, *EVER)]


async def test_a_whole_log_typed_at_the_rpe_question_is_logged_and_closes_it(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    question = (await harness.say(alice, "/log"))[0]
    question = await harness.press(alice, question, "✅ Done")
    assert "How hard was" in question.text

    (reply,) = await harness.say(alice, "ran 10k in 52 min, felt like a 6")

    assert "How long" not in reply.text
    assert "Logged for Tue 1 Dec" in reply.text
    assert "closed them" in reply.text, "the athlete is told the open question is closed"
    (log,) = await _logs(harness)
    assert (log.duration_min, log.distance_km, log.rpe) == (52.0, 10.0, 6)
    assert log.kind is SessionKind.TRACK
    assert (await harness.db.athletes.get(ATHLETE)).dialog is None  # type: ignore[union-attr]
    [shown] = [m for m in alice.messages() if m.message_id == question.message_id]
    assert shown.button_texts == [], "the question's buttons are gone"


async def test_a_whole_log_at_the_duration_question_keeps_the_rpe_already_given(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    question = (await harness.say(alice, "/log"))[0]
    question = await harness.press(alice, question, "🌓 Partly")
    question = await harness.press(alice, question, "7")
    assert "How long" in question.text

    await harness.say(alice, "40 min 6k on the track")

    (log,) = await _logs(harness)
    assert log.status is RunStatus.PARTLY
    assert (log.duration_min, log.distance_km, log.rpe) == (40.0, 6.0, 7)
    assert log.surface is Surface.TRACK


async def test_a_plain_answer_still_answers_only_its_question(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    question = (await harness.say(alice, "/log"))[0]
    await harness.press(alice, question, "✅ Done")
    assert "How long" in (await harness.say(alice, "6"))[-1].text
    assert "Where did you run" in (await harness.say(alice, "52 min"))[-1].text
    assert await _logs(harness) == []


async def test_yesterdays_log_fulfils_yesterdays_session(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    clock.set(TRACK_MORNING + timedelta(days=1))  # Wednesday morning
    (reply,) = await harness.say(alice, "yesterday ran 6x400, 1h, rpe 8")
    assert "Logged for Tue 1 Dec" in reply.text
    assert "Track: 6 x 400 m" in reply.text
    (stored,) = await harness.db.runlogs.logs_between(ATHLETE, *EVER)
    assert stored.log.date == TRACK_DAY
    assert stored.log.kind is SessionKind.TRACK, "the session of that day, not an extra run"
    assert stored.log.surface is Surface.TRACK


async def test_a_weekday_name_logs_that_day(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    clock.set(TRACK_MORNING + timedelta(days=3))  # Friday
    (reply,) = await harness.say(alice, "on Thursday 45 min easy rpe 3")
    assert "Logged for Thu 3 Dec" in reply.text
    (log,) = await _logs(harness)
    assert log.date == EASY_DAY
    plan = await harness.db.plans.current(ATHLETE)
    assert plan is not None
    [planned] = [s for s in plan.sessions_on(EASY_DAY) if s.is_run]
    assert log.kind is planned.kind, "Thursday's session, not an extra run"
    assert log.surface is planned.surface, "the planned surface carries"


@pytest.mark.parametrize(
    ("text", "asked", "buttons"),
    [
        ("20h", "20 h or 20 min?", ["20 h", "20 min"]),
        ("/log 300km", "300 km, 30 km or 300 m?", ["300 km", "30 km", "300 m"]),
        ("ran 10k in 10 min", "faster than any world record", []),
        ("2026-11-03 ran 8k 45 min rpe 4", "more than 14 days ago", []),
    ],
)
async def test_an_absurd_value_is_asked_about_and_nothing_is_stored(
    harness: StrideHarness, alice: EmulatedUser, text: str, asked: str, buttons: list[str]
) -> None:
    before = await journal_state(harness.db, ATHLETE)
    (reply,) = await harness.say(alice, text)
    assert asked in reply.text
    assert "Nothing is logged yet" in reply.text
    assert reply.button_texts == ([*buttons, "✖ Cancel"] if buttons else [])
    after = await journal_state(harness.db, ATHLETE)
    assert (after.logs, after.checkins, after.pains) == (before.logs, before.checkins, before.pains)


async def test_the_picked_reading_is_logged_even_after_a_restart(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    (question,) = await harness.say(alice, "ran 20h rpe 4")
    assert await _logs(harness) == []

    await harness.restart()  # the question and the log it holds survive a restart
    answered = await harness.press(alice, question, "20 min")

    assert "Logged for Tue 1 Dec" in answered.text
    assert answered.button_texts == ["↩️ Undo"]
    (log,) = await _logs(harness)
    assert (log.duration_min, log.rpe) == (20.0, 4)
    assert (await harness.db.athletes.get(ATHLETE)).dialog is None  # type: ignore[union-attr]


async def test_a_new_line_instead_of_a_pick_is_read_afresh(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    for first, again in (("/log 300km", "ran 30km in 3h rpe 6"), ("20h", "/log 20min rpe 3")):
        (question,) = await harness.say(alice, first)
        replies = await harness.say(alice, again)
        assert "Logged for Tue 1 Dec" in replies[-1].text
        [shown] = [m for m in alice.messages() if m.message_id == question.message_id]
        assert shown.button_texts == [], "the question closed"
        assert (await harness.db.athletes.get(ATHLETE)).dialog is None  # type: ignore[union-attr]
        await harness.say(alice, "/undo")


async def test_cancel_at_the_question_logs_nothing(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    (question,) = await harness.say(alice, "20h")
    cancelled = await harness.press(alice, question, "✖ Cancel")
    assert "nothing logged" in cancelled.text
    assert await _logs(harness) == []


async def test_a_sleep_emoji_is_a_check_in_not_a_run(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    await harness.say(alice, "😴 5h")
    assert await _logs(harness) == []
    [checkin] = await harness.db.checkins.checkins_between(ATHLETE, *EVER)
    assert checkin.sleep_hours == 5.0


async def test_the_planned_surface_carries_unless_the_athlete_says(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    await harness.say(alice, "/log 60min rpe 8")
    await harness.say(alice, "/undo")
    await harness.say(alice, "/log 60min rpe 8 road")
    (log,) = await _logs(harness)
    assert log.surface is Surface.ROAD
    await harness.say(alice, "/undo")
    await harness.say(alice, "/log 60min rpe 8")
    (log,) = await _logs(harness)
    assert log.surface is Surface.TRACK


async def test_a_log_without_a_time_is_estimated_from_the_distance_and_says_so(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    clock.set(datetime(2026, 12, 3, 17, 0, tzinfo=UTC))  # the easy day
    (reply,) = await harness.say(alice, "ran 8k easy, rpe 3")
    (log,) = await _logs(harness)
    assert log.duration_min is not None
    assert log.duration_min != 45.0, "from the distance at the easy pace, not the plan"
    assert 8 * 5 < log.duration_min < 8 * 9
    assert log.load == log.duration_min * 3
    assert "time estimated" in reply.text
    assert "not counted" not in reply.text


async def test_a_log_without_an_rpe_asks_for_it_once_with_buttons(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    (reply,) = await harness.say(alice, "ran 10k in 55 min")
    assert "How hard was it?" in reply.text
    assert reply.button_texts == [*map(str, range(1, 11)), "↩️ Undo"]
    (log,) = await _logs(harness)
    assert log.rpe is None

    answered = await harness.press(alice, reply, "6")

    assert "Load: 330 (RPE 6 × 55 min)" in answered.text
    assert answered.button_texts == ["↩️ Undo"], "asked once"
    assert "replaces" not in answered.text
    (log,) = await _logs(harness)
    assert (log.rpe, log.duration_min, log.distance_km) == (6, 55.0, 10.0)
    undone = await harness.press(alice, answered, "↩️ Undo")
    assert "Removed" in undone.text
    assert await _logs(harness) == []


@pytest.mark.parametrize(
    ("command", "flow", "told"),
    [("/checkin", "checkin", "/checkin finishes it"), ("/pain", "pain", "/pain reports it")],
)
async def test_a_whole_log_typed_at_another_question_is_logged_and_closes_it(
    harness: StrideHarness, alice: EmulatedUser, command: str, flow: str, told: str
) -> None:
    question = (await harness.say(alice, command))[-1]
    dialog = (await harness.db.athletes.get(ATHLETE)).dialog  # type: ignore[union-attr]
    assert dialog is not None
    assert dialog["flow"] == flow

    replies = await harness.say(alice, "ran 10k in 52 min, felt like a 6")

    (log,) = await _logs(harness)
    assert (log.duration_min, log.distance_km, log.rpe) == (52.0, 10.0, 6)
    assert "Logged for Tue 1 Dec" in replies[0].text
    assert "closed" in replies[-1].text
    assert told in replies[-1].text
    assert (await harness.db.athletes.get(ATHLETE)).dialog is None  # type: ignore[union-attr]
    [shown] = [m for m in alice.messages() if m.message_id == question.message_id]
    assert shown.button_texts == []
    assert await harness.db.checkins.checkins_between(ATHLETE, *EVER) == []
    assert await harness.db.pains.pains(ATHLETE) == []


async def test_a_partly_done_session_is_logged_with_what_was_done(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    (reply,) = await harness.say(alice, "did the track session but only 4 reps, rpe 8")
    assert "Track: 6 x 400 m" in reply.text, "against the day's session"
    (log,) = await _logs(harness)
    assert log.status is RunStatus.PARTLY
    assert (log.reps, log.rpe, log.kind) == ("4 reps", 8, SessionKind.TRACK)
    # not the whole session: warm-up and cool-down, and 4 of the 6 reps (tests/bot/test_runlog_reps)
    assert log.duration_min == pytest.approx(53.4)


async def test_half_of_it_takes_half_the_planned_time(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    (reply,) = await harness.say(alice, "half of it, rpe 7")
    (log,) = await _logs(harness)
    assert log.status is RunStatus.PARTLY
    assert (log.duration_min, log.rpe) == (30.0, 7)  # the track session is 1 h
    assert "time estimated" in reply.text


async def test_an_easy_run_on_a_hard_day_is_estimated_from_its_distance(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    """The track day's 1 h is not the time of 3 easy miles (issue 16's own example)."""
    (reply,) = await harness.say(alice, "ran 3 miles easy, rpe 3")
    (log,) = await _logs(harness)
    assert log.duration_min is not None
    assert 3 * 1.609 * 5 < log.duration_min < 3 * 1.609 * 9
    assert "time estimated" in reply.text
    assert "not counted" not in reply.text
