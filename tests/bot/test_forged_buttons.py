"""Forged or out-of-range callback data, of any shape Telegram allows (up to 64 bytes), on any
of the bot's messages (text, the weekly chart's photo, an export document): the press is
answered (no spinner left turning), nothing raises, and nothing the athlete has changes."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from botapi_emulator import EmulatedUser, MessageView
from botapi_emulator.views import Button
from scheduler.clock import ManualClock
from tests.support.harness import StrideHarness
from tests.support.journal import TRACK_MORNING, journal_state, track_athlete

ALICE = 1001
AREAS = ["onb", "set", "race", "ci", "log", "push", "pain", "view", "ctl", "acct", "rr", "x"]
ACTIONS = [
    "open", "close", "pick", "reset", "reset_no", "reset_yes", "undo", "week", "done",
    "partly", "skipped", "checkin", "skip", "swap", "rpe", "score", "where", "sleep",
    "quality", "soreness", "duration", "surface", "pain", "pain_where", "pain_score",
    "replace", "add", "delete", "export", "pause", "resume", "goal", "date", "days", "long",
    "volume", "runs", "units", "tz", "push", "reminder", "confirm", "cancel", "keep", "y",
    "shorter", "move",
]  # fmt: skip
ODD = ["²", "1²", "٣", "9" * 40, "-1", "0", "", " ", "99991231", "00000000", "20261301", "t9"]


def _fits(data: str) -> bool:
    return 0 < len(data.encode()) <= 64


ARBITRARY = st.text(max_size=64).filter(_fits)
ARG = st.one_of(st.sampled_from(ODD), st.text(max_size=10), st.integers().map(str))
SHAPED = st.builds(
    lambda area, action, args: "|".join(["v1", area, action, *args]),
    st.sampled_from(AREAS),
    st.sampled_from(ACTIONS),
    st.lists(ARG, max_size=4),
).filter(_fits)


@pytest.fixture
async def world(
    sqlite_url: str, clock: ManualClock
) -> AsyncIterator[tuple[StrideHarness, EmulatedUser, list[MessageView]]]:
    """Alice, onboarded, with three of the bot's messages: a text, a photo, a document."""
    async with StrideHarness(sqlite_url, clock, run_scheduler=False) as h:
        await track_athlete(h.db, ALICE, clock.now())
        clock.set(TRACK_MORNING)
        alice = h.user(ALICE, "Alice")
        [week, *_] = await h.say(alice, "/week")
        assert h.app is not None
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        photo = await h.app.bot.send_photo(ALICE, photo=png, caption="Your week")
        document = await h.app.bot.send_document(ALICE, document=b"a,b\n", filename="x.csv")
        await h.settle()
        targets = [
            week,
            h.emu.message(ALICE, photo.message_id),
            h.emu.message(ALICE, document.message_id),
        ]
        yield h, alice, targets


async def _press_each(
    world: tuple[StrideHarness, EmulatedUser, list[MessageView]],
    data: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    harness, alice, targets = world
    before = await journal_state(harness.db, ALICE)
    record_before = await _settings(harness)
    for target in targets:
        forged = dataclasses.replace(target, buttons=[[Button("forged", data)]])
        caplog.clear()
        with caplog.at_level(logging.ERROR):
            answer = await alice.press(forged, "forged")
            await harness.settle()
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert errors == [], f"{data!r} on {target.message_id}: {errors[0].getMessage()}"
        assert harness.emu.callback_answer(answer.query_id).answered, f"{data!r}: no answer"
    assert await journal_state(harness.db, ALICE) == before
    assert await _settings(harness) == record_before


async def _settings(harness: StrideHarness) -> Any:
    """The athlete's profile, onboarding and pause: what a settings or control button
    would change."""
    record = await harness.db.athletes.get(ALICE)
    paused = await harness.deps.services.account.store.paused_at(ALICE)
    return None if record is None else (record.profile(), record.onboarded, paused)


SLOW = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SLOW
@given(data=ARBITRARY)
@example(data="²")
async def test_any_string_is_answered_and_changes_nothing(
    world: tuple[StrideHarness, EmulatedUser, list[MessageView]],
    data: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await _press_each(world, data, caplog)


@SLOW
@given(data=SHAPED)
@example(data="v1|log|undo|²")
@example(data="v1|log|rpe|20261201|²")
@example(data="v1|pain|score|20261201|²")
@example(data="v1|log|undo|" + "9" * 40)
@example(data="v1|view|week|99991231")
@example(data="v1|view|week|20261201")
async def test_our_shape_with_odd_arguments_is_answered_and_changes_nothing(
    world: tuple[StrideHarness, EmulatedUser, list[MessageView]],
    data: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await _press_each(world, data, caplog)


async def test_a_superscript_score_on_an_open_pain_question_is_stale(
    world: tuple[StrideHarness, EmulatedUser, list[MessageView]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The pain dialog waits for a score: "²" is a digit to str.isdigit, not to int()."""
    harness, alice, _ = world
    message = (await harness.say(alice, "/pain"))[0]
    message = await harness.press(alice, message, "Achilles")
    assert "How much does the achilles hurt" in (message.text or "")
    [score_button, *_] = [b for row in message.buttons for b in row if b.callback_data]
    assert score_button.callback_data is not None
    forged = score_button.callback_data.rsplit("|", 1)[0] + "|²"
    await _press_each((harness, alice, [message]), forged, caplog)
    assert await harness.db.pains.pains(ALICE) == []
    message = await harness.press(alice, message, "2")
    assert "Noted: achilles 2/10" in (message.text or ""), "the question is still open"
