"""After the coach changed today (pain here), /skip, /swap and /resume name the session as it
is now, and /why lists every change, a skip typed as a log included, newest first.

The athlete is the track athlete of tests.support.journal on their first track day (6 x 400 m);
"/pain knee 5/10" makes today 40 min of cross-training.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from botapi_emulator import EmulatedUser
from scheduler.clock import ManualClock
from tests.support.harness import StrideHarness
from tests.support.journal import TRACK_DAY, TRACK_MORNING, track_athlete

TODAY_NOW = "Cross-training 40 min"
AS_PLANNED = "6 x 400 m at 1:49"


@pytest.fixture
async def alice(harness: StrideHarness, clock: ManualClock) -> EmulatedUser:
    await track_athlete(harness.db, 1001, clock.now())
    clock.set(TRACK_MORNING)
    user = harness.user(1001, "Alice")
    [pain] = await harness.say(user, "/pain knee 5/10")
    assert "6 x 400 m became 40 min cross-training" in pain.text, "the change the tests assume"
    return user


async def test_skip_names_today_as_the_coach_changed_it(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    [ask] = await harness.say(alice, "/skip")
    assert f"Skip today's <b>{TODAY_NOW}" in ask.html
    assert AS_PLANNED not in ask.text
    done = await harness.press(alice, ask, "😴 Tired")
    assert f"Skipped today's <b>{TODAY_NOW}" in done.html
    [log] = await harness.db.runlogs.logs_between(1001, TRACK_DAY, TRACK_DAY)
    assert log.log.status.value == "skipped"


async def test_swap_names_today_as_the_coach_changed_it(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    [ask] = await harness.say(alice, "/swap")
    assert f"Move today's <b>{TODAY_NOW}" in ask.html
    assert AS_PLANNED not in ask.text
    # the 40 min is not a run: only days with a run are offered, and a press still works
    assert ask.button_texts[0].startswith("Thu 3 · Tempo")
    done = await harness.press(alice, ask, ask.button_texts[0])
    assert done.text.startswith("🔀 Done"), done.text
    # today is now the tempo, which the knee also turns into cross-training, as /today says
    [today] = await harness.say(alice, "/today")
    assert "Cross-training" in today.text
    assert "Today (Tue 1 Dec): <b>Cross-training" in done.html


async def test_resume_names_today_as_the_coach_changed_it(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    await harness.say(alice, "/pause")
    [back] = await harness.say(alice, "/resume")
    assert f"Today: <b>{TODAY_NOW}" in back.html
    assert AS_PLANNED not in back.text


async def test_why_lists_a_typed_skip_and_every_change_newest_first(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    clock.advance(timedelta(hours=2))
    [logged] = await harness.say(alice, "skipped today, too tired")
    assert logged.text.startswith("⏭ Logged as skipped")
    [why] = await harness.say(alice, "/why")
    lines = [line for line in why.text.splitlines() if line.startswith("•")]
    assert lines == [
        '• Tue 1 Dec: You skipped Tuesday\'s 6 x 400 m ("skipped today, too tired").',
        "• Tue 1 Dec: Pain 5/10 (knee), so 6 x 400 m became 40 min cross-training.",
    ]
    await harness.say(alice, "/undo")
    [why] = await harness.say(alice, "/why")
    assert "skipped" not in why.text, "an undone skip is no change"
    assert "Pain 5/10" in why.text


async def test_why_lists_a_swap_then_a_skip_newest_first(
    harness: StrideHarness, clock: ManualClock, alice: EmulatedUser
) -> None:
    clock.advance(timedelta(minutes=5))
    await harness.say(alice, "/swap thu")
    clock.advance(timedelta(minutes=5))
    await harness.say(alice, "/skip tired")
    [why] = await harness.say(alice, "/why")
    lines = [line for line in why.text.splitlines() if line.startswith("•")]
    assert [line.split(": ", 1)[1].split(" ")[:2] for line in lines] == [
        ["You", "skipped"],
        ["You", "swapped"],
        ["Pain", "5/10"],
    ]


async def test_plan_and_week_name_today_as_the_coach_changed_it(
    harness: StrideHarness, alice: EmulatedUser
) -> None:
    [week] = await harness.say(alice, "/week")
    assert "👉 Tue 1  Cross-training 40 min" in week.text
    [plan] = await harness.say(alice, "/plan")
    ahead = plan.text.split("Key sessions ahead")[1]
    assert "Tue 1 Dec" not in ahead, "today's track session was taken out"
    assert "Thu 3 Dec  Tempo" in ahead
