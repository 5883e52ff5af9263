"""Files in and out as an athlete meets them (issue 17): a run sent as the watch's file is logged
against the plan and asks only its RPE; bad files get one sentence and store nothing; the same
file twice is said; a caption is read as a typed log; /watch and the push's button send the
day's workout, /calendar the plan."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import fitdecode
import pytest
from icalendar import Calendar

from botapi_emulator import EmulatedUser, MessageView
from coach.models import RunLog, SessionKind, Surface
from scheduler.clock import ManualClock
from tests.bot.test_runlog_time_trial import with_trial
from tests.support.athletes import onboarded_athlete, profile
from tests.support.harness import StrideHarness
from tests.support.journal import TRACK_DAY, TRACK_MORNING, journal_state, track_athlete
from tests.support.run_files import Activity, fit_activity, gpx_run, gzipped, zipped

#: 18:00 in Paris on the track day: the run below (16:00-16:58 Paris) is over.
EVENING = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
RUN_START = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
ROAD_10K = Activity(start=RUN_START, km=10.4, moving_min=58.2, avg_hr=148, climb_m=0.0)
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000100000000c08060000001f15c489")


@pytest.fixture
async def alice(harness: StrideHarness, clock: ManualClock) -> EmulatedUser:
    await track_athlete(harness.db, 1001, clock.now())
    clock.set(EVENING)
    return harness.user(1001, "Alice")


async def _send(
    harness: StrideHarness,
    user: EmulatedUser,
    data: bytes,
    name: str,
    caption: str | None = None,
) -> list[MessageView]:
    """Send a document as ``user``; the bot's messages sent in reply, once it has settled."""
    before = _last_id(user)
    await user.send_document(data, name, caption=caption)
    await harness.settle()
    return [m for m in user.messages() if m.message_id > before]


async def _say(harness: StrideHarness, user: EmulatedUser, text: str) -> list[MessageView]:
    return await harness.say(user, text)


def _last_id(user: EmulatedUser) -> int:
    messages = user.messages()
    return messages[-1].message_id if messages else 0


async def _logs(harness: StrideHarness, day: date = TRACK_DAY) -> list[RunLog]:
    return [s.log for s in await harness.db.runlogs.logs_between(1001, day, day)]


# --- a run file in ---------------------------------------------------------------------------


async def test_a_run_file_is_logged_against_the_plan_and_the_rpe_tap_counts_the_load(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    [reply] = await _send(harness, alice, fit_activity(ROAD_10K), "Evening_Run.fit")
    lines = reply.text.splitlines() if reply.text else []
    assert lines[0] == "📂 10.4 km · 58:12 moving · avg HR 148"
    assert "Logged for Tue 1 Dec: Track: 6 x 400 m at 1:49" in reply.text
    assert "Against the plan: on the planned time (1 h)." in reply.text
    assert "How hard did it feel overall (target RPE 8)?" in reply.text
    assert reply.button_texts[:10] == [str(n) for n in range(1, 11)]
    # A track session planned, no climbing: the guess is the track, ticked, one tap to change.
    assert reply.button_texts[10:14] == ["Road", "Trail", "✓ Track", "Treadmill"]
    assert reply.button_texts[-1] == "↩️ Undo"

    [log] = await _logs(harness)  # stored at once: nothing lost if the RPE never comes
    assert (log.duration_min, log.distance_km, log.rpe, log.load) == (58.2, 10.4, None, 0.0)
    assert (log.kind, log.surface, log.target_rpe) == (SessionKind.TRACK, Surface.TRACK, 8)

    after = await harness.press(alice, reply, "7")
    [log] = await _logs(harness)
    assert (log.rpe, log.load) == (7, pytest.approx(7 * 58.2))
    assert after.text is not None
    assert after.text.splitlines()[0] == lines[0], "what the file said stays on the message"
    assert "Load: 407 (RPE 7 × 58 min)" in after.text
    assert "close to the target effort (RPE 7 for 8)" in after.text
    assert after.button_texts == ["Road", "Trail", "✓ Track", "Treadmill", "↩️ Undo"]

    after = await harness.press(alice, after, "Road")
    [log] = await _logs(harness)
    assert (log.surface, log.rpe) == (Surface.ROAD, 7)
    assert "Surface: road." in (after.text or "")
    assert after.button_texts[:4] == ["✓ Road", "Trail", "Track", "Treadmill"]


async def test_a_hilly_gpx_sent_zipped_is_a_trail_run_with_its_climbing(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    hilly = Activity(start=RUN_START, km=12.0, moving_min=75.0, climb_m=600.0, avg_hr=None)
    data = zipped(gpx_run(hilly, every_s=5), "activity_123.gpx")
    [reply] = await _send(harness, alice, data, "activity_123.zip")
    assert reply.text is not None
    assert reply.text.startswith("📂 12.0 km · 1:15:00 moving · ")
    assert " m D+" in reply.text
    assert "Surface: trail, my guess from the file" in reply.text
    assert "✓ Trail" in reply.button_texts
    [log] = await _logs(harness)
    assert log.surface is Surface.TRAIL


async def test_a_treadmill_run_without_gps_on_a_rest_day_is_an_extra_run(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    plan = await harness.db.plans.current(1001)
    assert plan is not None
    rest = next(
        s.date
        for w in plan.weeks
        for s in w.sessions
        if s.date > TRACK_DAY and all(x.is_rest for x in plan.sessions_on(s.date))
    )
    clock.set(datetime.combine(rest, EVENING.time(), tzinfo=UTC))
    start = datetime.combine(rest, RUN_START.time(), tzinfo=UTC)
    indoor = Activity(start=start, km=8.0, moving_min=45.0, gps=False)
    [reply] = await _send(harness, alice, fit_activity(indoor), "treadmill.fit")
    assert reply.text is not None
    assert "an extra run (nothing was planned)" in reply.text
    assert "Nothing was planned" not in reply.text, "said once"
    assert "✓ Treadmill" in reply.button_texts
    [log] = await _logs(harness, rest)
    assert (log.surface, log.kind, log.duration_min) == (Surface.TREADMILL, None, 45.0)


@pytest.mark.parametrize("door", ["inprocess", "http"])
async def test_a_file_in_and_a_workout_out_through_either_door(
    sqlite_url: str, clock: ManualClock, door: str
) -> None:
    async with StrideHarness(sqlite_url, clock, door=door) as h:
        await track_athlete(h.db, 1001, clock.now())
        clock.set(EVENING)
        alice = h.user(1001, "Alice")
        [reply] = await _send(h, alice, fit_activity(ROAD_10K), "run.fit")
        await h.press(alice, reply, "6")
        [log] = [s.log for s in await h.db.runlogs.logs_between(1001, TRACK_DAY, TRACK_DAY)]
        assert (log.rpe, log.duration_min) == (6, 58.2)
        [sent] = await h.say(alice, "/watch")
        assert sent.document is not None
        assert sent.document.data[8:12] == b".FIT"


async def test_a_file_of_the_whole_time_trial_session_asks_for_the_trial_itself(
    harness: StrideHarness, clock: ManualClock
) -> None:
    """A file times the whole session, warm-up included: not the trial's time, so the paces
    stay and the athlete is asked for the trial's distance and time."""
    await onboarded_athlete(harness.db, 1001, clock.now(), athlete_profile=profile())
    plan = await harness.db.plans.current(1001)
    assert plan is not None
    await harness.db.plans.save(1001, with_trial(plan), clock.now())
    clock.set(EVENING)
    alice = harness.user(1001, "Alice")
    session = Activity(start=RUN_START, km=8.6, moving_min=50.0)
    [reply] = await _send(harness, alice, fit_activity(session), "trial.fit")
    assert reply.text is not None
    assert "Logged for Tue 1 Dec: Time trial: 5 km" in reply.text
    assert "That looks like the whole session, warm-up included" in reply.text
    after = await harness.db.plans.current(1001)
    assert after is not None
    assert after.paces == with_trial(plan).paces


async def test_the_same_file_twice_is_said_not_logged_twice(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    data = fit_activity(ROAD_10K)
    await _send(harness, alice, data, "run.fit")
    [again] = await _send(harness, alice, gzipped(data), "run.fit.gz")  # the same run, gzipped
    assert again.text is not None
    assert again.text.startswith("Already logged from this file (Tue 1 Dec: 58 min · 10.4 km")
    assert again.button_texts == []
    assert len(await _logs(harness)) == 1


async def test_a_caption_with_an_rpe_spares_the_question_and_the_file_times_win(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    [reply] = await _send(
        harness, alice, fit_activity(ROAD_10K), "run.fit", caption="10k 52min rpe 6 road"
    )
    [log] = await _logs(harness)
    assert (log.duration_min, log.distance_km, log.rpe) == (58.2, 10.4, 6)
    assert log.surface is Surface.ROAD, "the caption's surface beats the guess"
    assert reply.text is not None
    assert "Load: 349 (RPE 6 × 58 min)" in reply.text
    assert "How hard" not in reply.text
    assert reply.button_texts == ["✓ Road", "Trail", "Track", "Treadmill", "↩️ Undo"]
    [stored] = await harness.db.runlogs.logs_between(1001, TRACK_DAY, TRACK_DAY)
    assert stored.raw_text == "10k 52min rpe 6 road"


async def test_a_file_for_a_session_already_logged_is_kept_and_can_replace_it(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    await _say(harness, alice, "ran 55 min rpe 7")
    [reply] = await _send(harness, alice, fit_activity(ROAD_10K), "run.fit")
    assert "You had logged this session already (55 min · RPE 7" in (reply.text or "")
    assert len(await _logs(harness)) == 2
    await harness.press(alice, reply, "🔁 Replace my earlier log")
    [log] = await _logs(harness)
    assert log.duration_min == 58.2
    assert (
        "🔁 Replace my earlier log"
        not in harness.emu.message(reply.chat_id, reply.message_id).button_texts
    )


async def test_a_captioned_photo_is_read_as_a_typed_log(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    before = _last_id(alice)
    await alice.send_photo(PNG, caption="ran 10k in 52 min, rpe 6", mime_type="image/png")
    await harness.settle()
    [reply] = [m for m in alice.messages() if m.message_id > before]
    assert "Load: 312 (RPE 6 × 52 min)" in (reply.text or "")
    [log] = await _logs(harness)
    assert (log.duration_min, log.distance_km, log.rpe) == (52.0, 10.0, 6)


async def test_a_caption_on_a_file_that_is_not_a_run_file_is_read_as_typed(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    """A screenshot sent as a file, captioned with the log: the caption is not lost."""
    [reply] = await _send(harness, alice, PNG, "watch.png", caption="ran 10k in 52 min, rpe 6")
    assert "Load: 312 (RPE 6 × 52 min)" in (reply.text or "")
    [log] = await _logs(harness)
    assert (log.duration_min, log.rpe) == (52.0, 6)


# --- bad files: one sentence each, nothing stored ---------------------------------------------

BIKE = Activity(start=RUN_START, km=30.0, moving_min=70.0, sport="cycling", sub_sport="road")


@pytest.mark.parametrize(
    ("data", "name", "said"),
    [
        (b"%PDF-1.4 a training plan", "plan.pdf", "I can't read that file as a run"),
        (fit_activity(ROAD_10K)[:200], "run.fit", "That run file is damaged"),
        (b"", "run.gpx", "That file holds no run"),
        (
            fit_activity(Activity(start=RUN_START + timedelta(days=1), km=5, moving_min=30)),
            "tomorrow.fit",
            "That run ends in the future",
        ),
        (
            fit_activity(Activity(start=RUN_START - timedelta(days=15), km=5, moving_min=30)),
            "old.fit",
            "That run is more than 14 days old",
        ),
        (
            gpx_run(
                Activity(start=EVENING - timedelta(hours=32), km=160.0, moving_min=31 * 60),
                every_s=60,
            ),
            "multi-day.gpx",
            "That activity is longer than a run log holds",
        ),
    ],
    ids=["not-a-run-file", "corrupt", "empty", "future", "older-than-14-days", "over-30-h"],
)
async def test_a_bad_file_gets_one_sentence_and_changes_nothing(
    harness: StrideHarness, alice: EmulatedUser, data: bytes, name: str, said: str
) -> None:
    before = await journal_state(harness.db, 1001)
    [reply] = await _send(harness, alice, data, name)
    assert reply.text is not None
    assert reply.text.startswith(said)
    assert reply.button_texts == []
    assert await journal_state(harness.db, 1001) == before


async def test_a_file_over_20_mb_is_refused_before_it_is_downloaded(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    before = await journal_state(harness.db, 1001)
    [reply] = await _send(harness, alice, b"\0" * (20 * 1024 * 1024 + 1), "huge.fit")
    assert (reply.text or "").startswith("That file is too big for me (over 20 MB)")
    assert harness.emu.calls_to("getFile") == []
    assert await journal_state(harness.db, 1001) == before


async def test_a_bike_ride_is_offered_as_cross_training_and_logged_on_a_tap(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    before = await journal_state(harness.db, 1001)
    [offer] = await _send(harness, alice, fit_activity(BIKE), "ride.fit")
    assert offer.text is not None
    assert offer.text.startswith("That file is a bike ride (1 h 10 · 30.0 km), not a run")
    assert await journal_state(harness.db, 1001) == before, "an offer stores nothing"
    answered = await harness.press(alice, offer, "🚴 Count it as cross-training")
    [log] = await _logs(harness)
    assert (log.kind, log.surface, log.duration_min, log.distance_km, log.rpe) == (
        SessionKind.CROSS,
        Surface.CROSS,
        70.0,
        None,
        None,
    )
    assert "cross-training, 1 h 10" in (answered.text or "")
    answered = await harness.press(alice, answered, "5")
    [log] = await _logs(harness)
    assert log.load == 350.0
    assert "Load: 350 (RPE 5 × 1 h 10)" in (answered.text or "")
    [again] = await _send(harness, alice, fit_activity(BIKE), "ride.fit")
    assert (again.text or "").startswith("Already logged from this file")


# --- files out -------------------------------------------------------------------------------


async def test_watch_sends_the_day_as_a_fit_workout(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    clock.set(TRACK_MORNING)
    [sent] = await _say(harness, alice, "/watch")
    assert sent.document is not None
    assert sent.document.file_name == "stride-2026-12-01.fit"
    assert (sent.text or "").startswith("⌚ Tue 1 Dec: Track: 6 x 400 m at 1:49")
    assert "GARMIN/NewFiles" in (sent.text or "")
    with fitdecode.FitReader(sent.document.data) as fit:
        names = [
            frame.get_value("wkt_step_name")
            for frame in fit
            if isinstance(frame, fitdecode.FitDataMessage)
            and frame.name == "workout_step"
            and frame.has_field("wkt_step_name")
        ]
    assert names[0].startswith("Warm-up")
    assert any(name.startswith("Rep") for name in names)


async def test_watch_on_a_rest_day_is_a_sentence(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    plan = await harness.db.plans.current(1001)
    assert plan is not None
    rest = next(
        s.date
        for w in plan.weeks
        for s in w.sessions
        if s.date > TRACK_DAY and all(x.is_rest for x in plan.sessions_on(s.date))
    )
    clock.set(datetime.combine(rest, TRACK_MORNING.time(), tzinfo=UTC))
    [sent] = await _say(harness, alice, "/watch")
    assert sent.document is None
    assert sent.text == "Today is a rest day: nothing to put on your watch. Enjoy it."


async def test_the_morning_push_has_a_watch_button(
    harness: StrideHarness, alice: EmulatedUser, clock: ManualClock
) -> None:
    await _say(harness, alice, "/help")
    scheduler = harness.deps.scheduler
    assert scheduler is not None
    push_time = TRACK_MORNING - timedelta(minutes=89)  # 06:31 in Paris
    clock.set(push_time - timedelta(minutes=1))
    await scheduler.tick_now()
    clock.set(push_time)
    await scheduler.tick_now()
    await harness.settle()
    push = alice.last()
    assert "Good morning, Alice" in (push.text or "")
    assert "⌚ Watch" in push.button_texts
    before = _last_id(alice)
    await harness.press(alice, push, "⌚ Watch")
    [sent] = [m for m in alice.messages() if m.message_id > before]
    assert sent.document is not None
    assert sent.document.file_name == "stride-2026-12-01.fit"

    clock.set(push_time + timedelta(days=1))  # the next day, yesterday's push: not its session
    count = len(alice.messages())
    await harness.press(alice, push, "⌚ Watch")
    assert len(alice.messages()) == count
    answer = alice.callback_answers()[-1]
    assert answer.text == "That push is from an earlier day: send /watch for today's session."


async def test_calendar_sends_the_plan_to_race_day(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    [sent] = await _say(harness, alice, "/calendar")
    assert sent.document is not None
    assert sent.document.file_name == "stride-plan.ics"
    calendar = Calendar.from_ical(sent.document.data)
    events = [c for c in calendar.walk("VEVENT")]
    plan = await harness.db.plans.current(1001)
    assert plan is not None
    planned = [
        s for w in plan.weeks for s in w.sessions if TRACK_DAY <= s.date <= date(2027, 2, 21)
    ]
    assert len(events) == len(planned)
    by_day = {e.decoded("dtstart"): str(e.get("summary")) for e in events}
    assert by_day[TRACK_DAY] == "Track: 6 x 400 m at 1:49"
    assert any("Race" in title for title in by_day.values())
    [again] = await _say(harness, alice, "/calendar")
    assert again.document is not None
    uids = {str(e.get("uid")) for e in Calendar.from_ical(again.document.data).walk("VEVENT")}
    assert uids == {str(e.get("uid")) for e in events}, "a new file replaces the events"
