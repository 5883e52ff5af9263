"""Post-run logs as an athlete meets them: the quick syntax, free text, the button flow from the
evening reminder and the morning push, replace-or-add, undo, a full day, and bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from botapi_emulator import EmulatedUser, MessageView
from coach.models import RunLog, RunStatus, SessionKind, Surface
from scheduler.clock import ManualClock
from tests.support.athletes import onboarded_athlete
from tests.support.harness import StrideHarness
from tests.support.journal import TRACK_DAY, TRACK_MORNING, journal_state, track_athlete

EVENING = datetime(2026, 12, 1, 19, 1, tzinfo=UTC)  # 20:01 in Paris, after the reminder time


@pytest.fixture
async def alice(harness: StrideHarness, clock: ManualClock) -> EmulatedUser:
    await track_athlete(harness.db, 1001, clock.now())
    clock.set(TRACK_MORNING)
    return harness.user(1001, "Alice")


async def _logs(harness: StrideHarness) -> list[RunLog]:
    return [s.log for s in await harness.db.runlogs.logs_between(1001, TRACK_DAY, TRACK_DAY)]


async def _tick(harness: StrideHarness, clock: ManualClock, at: datetime) -> None:
    """Run the scheduler as it would run at ``at`` (the first tick schedules the athlete)."""
    scheduler = harness.deps.scheduler
    assert scheduler is not None
    clock.set(at - timedelta(minutes=1))
    await scheduler.tick_now()
    clock.set(at)
    await scheduler.tick_now()
    await harness.settle()


# --- quick syntax and free text -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "shown"),
    [
        (
            "/log 60min 8.2km rpe6 trail",
            {
                "status": RunStatus.DONE,
                "duration_min": 60.0,
                "distance_km": 8.2,
                "rpe": 6,
                "surface": Surface.TRAIL,
                "load": 360.0,
            },
            ["Load: 360 (RPE 6 × 1 h)", "on the planned time (1 h)", "RPE 2 below"],
        ),
        (
            "/log skipped",
            {"status": RunStatus.SKIPPED, "duration_min": None, "rpe": None, "load": 0.0},
            ["Logged as skipped", "Track: 6 x 400 m"],
        ),
        (
            "/log 6x400 rpe 8",
            {
                "status": RunStatus.DONE,
                "duration_min": 60.0,  # the planned duration, as none was given
                "reps": "6x400",
                "rpe": 8,
                "kind": SessionKind.TRACK,
                "load": 480.0,
            },
            # issue 16: the planned duration fills the time, and the summary says so
            ["Load: 480 (RPE 8 × 1 h, time estimated: you gave none)", "on the target effort"],
        ),
        (
            "ran 10k in 67 min, felt like a 6",
            {"duration_min": 67.0, "distance_km": 10.0, "rpe": 6, "load": 402.0},
            ["10.0 km", "Load: 402", "7 min longer than the planned 1 h"],
        ),
    ],
    ids=["quick", "skipped", "reps-default-duration", "free-text"],
)
async def test_typed_logs_are_stored_with_the_right_values(
    harness: StrideHarness,
    alice: EmulatedUser,
    text: str,
    expected: dict[str, object],
    shown: list[str],
) -> None:
    replies = await harness.say(alice, text)
    assert len(replies) == 1
    (stored,) = await harness.db.runlogs.logs_between(1001, TRACK_DAY, TRACK_DAY)
    log = stored.log
    for field, value in expected.items():
        assert getattr(log, field) == value, field
    assert log.kind is SessionKind.TRACK, "the planned kind it fulfils"
    assert stored.raw_text == text
    for bit in shown:
        assert bit in replies[0].text
    assert replies[0].button_texts == ["↩️ Undo"]


async def test_a_log_keeps_the_target_rpe_of_the_planned_session(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    """The morning readiness compares logged RPE with this target; kept with the log, it
    needs no old week of the plan (and a later rebuild does not rewrite it)."""
    record = await harness.db.athletes.get(1001)
    assert record is not None
    plan = await harness.db.plans.current(1001)
    assert plan is not None
    [track] = [s for s in plan.sessions_on(TRACK_DAY) if s.kind is SessionKind.TRACK]
    await harness.say(alice, "/log 50min rpe 9")
    [log] = await _logs(harness)
    assert log.rpe == 9
    assert log.target_rpe == track.target_rpe


async def test_a_log_with_pain_raises_a_pain_flag(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    replies = await harness.say(alice, "/log 40 min rpe 5, knee hurts 5/10")
    (log,) = await _logs(harness)
    assert (log.pain_where, log.pain_score) == ("knee", 5)
    (flag,) = await harness.db.pains.pains(1001, open_only=True)
    assert (flag.where, flag.score, flag.reported_on) == ("knee", 5, TRACK_DAY)
    assert "not medical advice" in replies[0].text


# --- the button flow ------------------------------------------------------------------------


async def test_evening_reminder_button_flow_defaults_to_the_planned_duration(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    await harness.say(alice, "/help")
    await _tick(harness, clock, EVENING)
    reminder = alice.last()
    assert "isn't logged yet" in reminder.text
    count = len(alice.messages())

    message = await harness.press(alice, reminder, "✅ Done")
    assert "How hard was" in message.text
    assert "target RPE 8" in message.text
    message = await harness.press(alice, message, "7")
    assert "Planned: 1 h" in message.text
    assert message.button_texts[0] == "✓ 1 h (planned)"
    assert await _logs(harness) == [], "nothing is stored before the last answer"
    message = await harness.press(alice, message, "✓ 1 h (planned)")
    assert "Where did you run" in message.text
    assert "✓ Track" in message.button_texts
    message = await harness.press(alice, message, "✓ Track")
    message = await harness.press(alice, message, "👍 No pain")

    assert len(alice.messages()) == count, "the flow edits the reminder"
    assert message.edit_count == 5
    assert "Logged for Tue 1 Dec" in message.text
    assert "Load: 420 (RPE 7 × 1 h)" in message.text
    assert message.button_texts == ["↩️ Undo"]
    (log,) = await _logs(harness)
    assert log.status is RunStatus.DONE
    assert (log.duration_min, log.rpe, log.surface) == (60.0, 7, Surface.TRACK)
    assert (await harness.db.athletes.get(1001)).dialog is None  # type: ignore[union-attr]


async def test_log_alone_starts_the_buttons_and_pain_is_asked_where_and_how_much(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    message = (await harness.say(alice, "/log"))[0]
    assert message.button_texts == ["✅ Done", "🌓 Partly", "⏭ Skipped"]
    message = await harness.press(alice, message, "🌓 Partly")
    message = await harness.press(alice, message, "5")
    message = await harness.press(alice, message, "40 min")
    message = await harness.press(alice, message, "Road")
    message = await harness.press(alice, message, "🩹 Something hurts")
    message = await harness.press(alice, message, "Knee")
    assert "How much does the knee hurt" in message.text
    message = await harness.press(alice, message, "5")
    assert "Pain noted: knee 5/10" in message.text
    (log,) = await _logs(harness)
    assert log.status is RunStatus.PARTLY
    assert (log.duration_min, log.rpe, log.surface) == (40.0, 5, Surface.ROAD)
    assert (log.pain_where, log.pain_score) == ("knee", 5)
    assert [(p.where, p.score) for p in await harness.db.pains.pains(1001)] == [("knee", 5)]

    # Undo removes the log and the pain flag it raised.
    message = await harness.press(alice, message, "↩️ Undo")
    assert "Removed your log of Tue 1 Dec" in message.text
    assert await _logs(harness) == []
    assert await harness.db.pains.pains(1001) == []


async def test_typed_answers_in_the_button_flow(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    message = (await harness.say(alice, "/log"))[0]
    await harness.press(alice, message, "✅ Done")
    assert "How long" in (await harness.say(alice, "6"))[-1].text
    assert "Where did you run" in (await harness.say(alice, "52 min"))[-1].text
    assert "Any pain" in (await harness.say(alice, "trail"))[-1].text
    assert "Where does it hurt" in (await harness.say(alice, "yes"))[-1].text
    summary = (await harness.say(alice, "left achilles 3/10"))[-1]
    assert "Pain noted: left achilles 3/10" in summary.text
    (log,) = await _logs(harness)
    assert (log.duration_min, log.rpe, log.surface) == (52.0, 6, Surface.TRAIL)


async def test_skipped_from_the_reminder_is_logged_at_once(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    await harness.say(alice, "/help")
    await _tick(harness, clock, EVENING)
    message = await harness.press(alice, alice.last(), "⏭ Skipped")
    assert "Logged as skipped" in message.text
    (log,) = await _logs(harness)
    assert log.status is RunStatus.SKIPPED
    assert log.load == 0


async def test_cancel_leaves_nothing(harness: StrideHarness, alice: EmulatedUser) -> None:
    message = (await harness.say(alice, "/log"))[0]
    message = await harness.press(alice, message, "✅ Done")
    message = await harness.press(alice, message, "✖ Cancel")
    assert "nothing logged" in message.text
    assert await _logs(harness) == []
    assert (await harness.db.athletes.get(1001)).dialog is None  # type: ignore[union-attr]


# --- replace or add, undo --------------------------------------------------------------------


async def test_a_second_log_for_the_same_session_asks_replace_or_add(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    await harness.say(alice, "/log 45min rpe6")
    question = (await harness.say(alice, "/log 50min rpe7"))[0]
    assert "You already logged" in question.text
    assert question.button_texts == ["🔁 Replace it", "➕ Add another run"]
    assert [log.duration_min for log in await _logs(harness)] == [45.0]
    dialog = (await harness.db.athletes.get(1001)).dialog  # type: ignore[union-attr]
    assert dialog is not None
    assert dialog["data"]["log"]["duration_min"] == 50.0, "the new log waits in the dialog"

    await harness.restart()  # the question survives a restart
    replaced = await harness.press(alice, question, "🔁 Replace it")
    # the planned session's surface (track) carries to both logs (issue 16)
    assert "It replaces your earlier log (45 min · RPE 6 · track)" in replaced.text
    assert [(log.duration_min, log.rpe) for log in await _logs(harness)] == [(50.0, 7)]

    question = (await harness.say(alice, "/log 20min rpe2"))[0]
    added = await harness.press(alice, question, "➕ Add another run")
    assert "Logged for Tue 1 Dec" in added.text
    assert [log.duration_min for log in await _logs(harness)] == [50.0, 20.0]


async def test_undo_by_button_and_by_command(harness: StrideHarness, alice: EmulatedUser) -> None:
    assert "Nothing to undo" in (await harness.say(alice, "/undo"))[0].text

    summary = (await harness.say(alice, "/log 45min rpe6"))[0]
    undone = await harness.press(alice, summary, "↩️ Undo")
    assert "Removed your log of Tue 1 Dec: 45 min · RPE 6" in undone.text
    assert undone.buttons == []
    assert await _logs(harness) == []
    await alice.press(summary, "↩️ Undo")  # the button the athlete still sees
    await harness.settle()
    assert "already gone" in (alice.callback_answers()[-1].text or "")

    await harness.say(alice, "/log 45min rpe6")
    question = (await harness.say(alice, "ran 5k"))[0]
    await harness.press(alice, question, "➕ Add another run")
    question = (await harness.say(alice, "/undo"))[0]
    assert question.text.startswith("↩️ Removed your log of Tue 1 Dec")
    assert "5.0 km" in question.text
    assert [log.duration_min for log in await _logs(harness)] == [45.0]


# --- a full day -----------------------------------------------------------------------------


async def test_a_full_day_push_checkin_log_undo(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    await harness.say(alice, "/help")
    await _tick(harness, clock, TRACK_MORNING - timedelta(minutes=89))  # 06:31 in Paris
    push = alice.last()
    assert "Good morning, Alice" in push.text
    assert "6 x 400 m" in push.text

    await harness.press(alice, push, "🌡 Check in")
    checkin = alice.last()
    for label in ("≤5", "3", "4", "Calves"):
        checkin = await harness.press(alice, checkin, label)
    assert "Track: 4 x 400 m" in checkin.text
    assert "so 6 x 400 m became 4 x 400 m" in checkin.text

    clock.set(datetime(2026, 12, 1, 17, 0, tzinfo=UTC))
    await harness.press(alice, push, "✅ Done")
    flow = alice.last()
    assert "Track: 4 x 400 m" in flow.text
    flow = await harness.press(alice, flow, "8")
    assert flow.button_texts[0] == "✓ 38 min (planned)", "the session as adjusted"
    for label in ("✓ 38 min (planned)", "✓ Track", "👍 No pain"):
        flow = await harness.press(alice, flow, label)
    assert "Load: 304 (RPE 8 × 38 min)" in flow.text
    assert "on the planned time (38 min)" in flow.text
    (log,) = await _logs(harness)
    assert log.kind is SessionKind.TRACK

    # No reminder in the evening: the session is logged.
    await _tick(harness, clock, EVENING)
    assert alice.last().message_id == flow.message_id

    undone = await harness.press(alice, flow, "↩️ Undo")
    assert "Removed" in undone.text
    assert await _logs(harness) == []


# --- bad input: a friendly answer and no change of state ----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/log rpe 11", "RPE must be 1 to 10"),
        ("rpe 11", "RPE must be 1 to 10"),
        ("/log -5 km", "can't be negative"),
        ("-5 km", "can't be negative"),
        ("/log " + "9" * 5000, "too long"),
        ("ran " * 1250, "long message"),
        ("/log 🏃‍♀️🏃‍♀️", "couldn't find a run"),
        ("🏃‍♀️🏃‍♀️", "I didn't get that"),
        ("/log 45", "minutes, kilometres or miles"),
    ],
    ids=[
        "log-rpe-11",
        "text-rpe-11",
        "log-minus-5km",
        "text-minus-5km",
        "log-5000-chars",
        "text-5000-chars",
        "log-emoji",
        "text-emoji",
        "log-bare-number",
    ],
)
async def test_bad_logs_get_a_specific_answer_and_change_nothing(
    harness: StrideHarness, alice: EmulatedUser, text: str, expected: str
) -> None:
    before = await journal_state(harness.db, 1001)
    replies = await harness.say(alice, text)
    assert len(replies) == 1
    assert expected in replies[0].text
    assert await journal_state(harness.db, 1001) == before


async def _flow_at_rpe(harness: StrideHarness, alice: EmulatedUser) -> MessageView:
    message = (await harness.say(alice, "/log"))[0]
    return await harness.press(alice, message, "✅ Done")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("11", "RPE goes from 1 to 10"), ("rpe 11", "RPE must be 1 to 10"), ("🤷", "1 to 10")],
)
async def test_bad_answers_in_the_flow_change_nothing(
    harness: StrideHarness, alice: EmulatedUser, text: str, expected: str
) -> None:
    await _flow_at_rpe(harness, alice)
    before = await journal_state(harness.db, 1001)
    replies = await harness.say(alice, text)
    assert expected in replies[-1].text
    assert await journal_state(harness.db, 1001) == before


async def test_a_photo_in_the_flow_changes_nothing(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    await _flow_at_rpe(harness, alice)
    before = await journal_state(harness.db, 1001)
    await alice.send_photo(b"not a picture")
    await harness.settle()
    assert "text" in alice.last().text
    assert await journal_state(harness.db, 1001) == before


async def test_last_weeks_reminder_has_expired_but_yesterdays_logs_yesterday(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    await harness.say(alice, "/help")
    await _tick(harness, clock, EVENING)
    reminder = alice.last()

    clock.set(EVENING + timedelta(days=7))
    before = await journal_state(harness.db, 1001)
    after = await harness.press(alice, reminder, "⏭ Skipped")
    assert after.text == reminder.text
    assert "expired" in (alice.callback_answers()[-1].text or "")
    assert await journal_state(harness.db, 1001) == before

    clock.set(EVENING + timedelta(hours=12))  # the next morning
    logged = await harness.press(alice, reminder, "⏭ Skipped")
    assert "Logged as skipped" in logged.text
    assert "Tue 1 Dec" in logged.text
    (log,) = await _logs(harness)
    assert log.date == TRACK_DAY


async def test_another_athletes_buttons_are_refused(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    await onboarded_athlete(harness.db, 2002, clock.now(), first_name="Bob")
    bob = harness.user(2002, "Bob")
    summary = (await harness.say(alice, "/log 45min rpe6"))[0]
    start = (await harness.say(alice, "/log"))[0]
    before = await journal_state(harness.db, 1001)
    bob_before = await journal_state(harness.db, 2002)
    for message, label in ((summary, "↩️ Undo"), (start, "✅ Done")):
        await bob.press(message, label)
        await harness.settle()
        assert "isn't for you" in (bob.callback_answers()[-1].text or "")
    assert await journal_state(harness.db, 1001) == before
    assert await journal_state(harness.db, 2002) == bob_before
