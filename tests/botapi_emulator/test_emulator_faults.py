"""Fault switches and flood control: failures look like Telegram's and have no side effect."""

from __future__ import annotations

from typing import Any

import pytest

from botapi_emulator import BotAPIEmulator
from botapi_emulator.core import ApiResponse

TOKEN = "123:abc"


class FakeMonotonic:
    """A hand-driven monotonic clock for the rate limiter's sliding windows."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def emu() -> BotAPIEmulator:
    emulator = BotAPIEmulator(TOKEN)
    for user_id in range(1, 41):
        emulator.user(user_id, started=True)
    return emulator


async def send(emu: BotAPIEmulator, chat_id: int = 1, text: str = "hi") -> ApiResponse:
    return await emu.handle(TOKEN, "sendMessage", {"chat_id": chat_id, "text": text})


async def call(emu: BotAPIEmulator, method: str, **params: Any) -> ApiResponse:
    return await emu.handle(TOKEN, method, params)


# -- fault kinds --------------------------------------------------------------------------------


async def test_429_carries_retry_after_and_has_no_side_effect(emu: BotAPIEmulator) -> None:
    emu.faults.fail_next(1, "429", {"sendMessage"}, retry_after=7)
    faulted = await send(emu)
    assert faulted.status == 429
    assert faulted.body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
    assert emu.messages(1) == []
    assert (await send(emu)).status == 200
    assert len(emu.messages(1)) == 1


@pytest.mark.parametrize(
    ("kind", "status", "description"),
    [
        ("5xx", 502, "Bad Gateway"),
        ("403", 403, "Forbidden: bot was blocked by the user"),
    ],
)
async def test_error_faults(emu: BotAPIEmulator, kind: str, status: int, description: str) -> None:
    emu.faults.fail_next(2, kind)
    for _ in range(2):
        response = await send(emu)
        assert (response.status, response.body["description"]) == (status, description)
    assert emu.messages(1) == []
    assert (await send(emu)).status == 200
    assert emu.stats.faults_injected == 2


async def test_timeout_fault_has_no_side_effect(emu: BotAPIEmulator) -> None:
    emu.faults.fail_next(1, "timeout", "sendMessage")
    response = await send(emu)
    assert response.timed_out
    assert emu.messages(1) == []
    assert emu.calls[-1].fault == "timeout"
    assert not emu.calls[-1].ok


async def test_timeout_after_delivers_but_the_bot_never_hears_back(emu: BotAPIEmulator) -> None:
    emu.faults.fail_next(1, "timeout_after", "sendMessage")
    response = await send(emu, text="sent twice?")
    assert response.timed_out
    assert [m.text for m in emu.messages(1)] == ["sent twice?"]


async def test_method_and_chat_filters(emu: BotAPIEmulator) -> None:
    emu.faults.fail_next(1, "5xx", {"editMessageText"})
    emu.faults.fail_next(1, "403", chat_ids=[2])
    assert (await call(emu, "getMe")).status == 200
    assert (await send(emu, chat_id=1)).status == 200
    assert (await send(emu, chat_id=2)).status == 403
    assert emu.faults.armed == 1
    edit = await call(emu, "editMessageText", chat_id=1, message_id=1, text="new")
    assert edit.status == 502
    assert emu.faults.armed == 0


async def test_default_methods_exclude_get_updates(emu: BotAPIEmulator) -> None:
    emu.faults.fail_next(1, "5xx")
    assert (await call(emu, "getUpdates")).status == 200
    assert (await call(emu, "getMe")).status == 502
    emu.faults.fail_next(1, "5xx", "getUpdates")
    assert (await call(emu, "getUpdates")).status == 502


async def test_fraction_is_seeded_and_clearable(emu: BotAPIEmulator) -> None:
    async def failures(seed: int) -> list[int]:
        emu.faults.clear()
        emu.faults.fail_fraction(0.3, "5xx", {"getMe"}, seed=seed)
        return [i for i in range(200) if (await call(emu, "getMe")).status == 502]

    first = await failures(42)
    assert first == await failures(42)
    assert first != await failures(43)
    assert 30 <= len(first) <= 90
    emu.faults.clear()
    assert all([(await call(emu, "getMe")).status == 200 for _ in range(20)])
    emu.faults.fail_fraction(1.0, "429", "sendMessage", retry_after=2)
    assert (await send(emu)).body["parameters"] == {"retry_after": 2}
    assert emu.messages(1) == []


def test_bad_fault_arguments_are_rejected(emu: BotAPIEmulator) -> None:
    with pytest.raises(ValueError, match="unknown fault kind"):
        emu.faults.fail_next(1, "418")
    with pytest.raises(ValueError, match="between 0 and 1"):
        emu.faults.fail_fraction(1.5)


# -- flood control ------------------------------------------------------------------------------


async def test_rate_limits_are_off_by_default(emu: BotAPIEmulator) -> None:
    for _ in range(40):
        assert (await send(emu)).status == 200


async def test_burst_of_31_across_chats_hits_the_per_bot_limit(emu: BotAPIEmulator) -> None:
    clock = FakeMonotonic()
    emu.enforce_rate_limits(per_bot_per_second=30, per_chat_per_second=1, monotonic=clock)
    statuses = [(await send(emu, chat_id=i)).status for i in range(1, 32)]
    assert statuses.count(200) == 30
    assert statuses[-1] == 429
    rejected = emu.calls[-1]
    assert rejected.description == "Too Many Requests: retry after 1"
    assert emu.messages(31) == []
    assert (emu.stats.rate_limited, emu.stats.too_many_requests) == (1, 1)
    assert emu.stats.messages_sent == 30
    clock.now += 1.0
    assert (await send(emu, chat_id=31)).status == 200


async def test_per_chat_limit_is_one_per_second(emu: BotAPIEmulator) -> None:
    clock = FakeMonotonic()
    emu.enforce_rate_limits(monotonic=clock)
    assert (await send(emu, chat_id=1)).status == 200
    clock.now += 0.4
    second = await send(emu, chat_id=1)
    assert second.status == 429
    assert second.body["parameters"]["retry_after"] == 1
    assert (await send(emu, chat_id=2)).status == 200  # other chats are unaffected
    clock.now += 0.7
    assert (await send(emu, chat_id=1)).status == 200


async def test_rejected_and_invalid_calls_do_not_use_the_budget(emu: BotAPIEmulator) -> None:
    clock = FakeMonotonic()
    emu.enforce_rate_limits(monotonic=clock)
    assert (await send(emu, chat_id=1, text="")).status == 400
    assert (await send(emu, chat_id=1)).status == 200


async def test_edits_are_exempt_unless_counted(emu: BotAPIEmulator) -> None:
    clock = FakeMonotonic()
    emu.enforce_rate_limits(monotonic=clock)
    assert (await send(emu, chat_id=1, text="v0")).status == 200
    for n in range(1, 4):
        edit = await call(emu, "editMessageText", chat_id=1, message_id=1, text=f"v{n}")
        assert edit.status == 200
    emu.enforce_rate_limits(monotonic=clock, count_edits=True)
    assert (await call(emu, "editMessageText", chat_id=1, message_id=1, text="a")).status == 200
    assert (await call(emu, "editMessageText", chat_id=1, message_id=1, text="b")).status == 429


async def test_groups_are_limited_per_minute(emu: BotAPIEmulator) -> None:
    clock = FakeMonotonic()
    group = emu.group(-100, "Crew")
    emu.enforce_rate_limits(per_chat_per_second=100, per_group_per_minute=20, monotonic=clock)
    statuses = []
    for _ in range(21):
        statuses.append((await send(emu, chat_id=group.id)).status)
        clock.now += 0.1
    assert statuses.count(200) == 20
    last = emu.calls[-1]
    assert last.status == 429
    assert last.description is not None
    assert "retry after 58" in last.description
    emu.disable_rate_limits()
    assert (await send(emu, chat_id=group.id)).status == 200


async def test_paid_broadcasts_have_a_lane_of_their_own(emu: BotAPIEmulator) -> None:
    """allow_paid_broadcast: up to 1,000 a second outside the 30, each counted (it is billed);
    one chat's limit still holds."""
    clock = FakeMonotonic()
    for chat in (*range(100, 1100), 2000):
        emu.user(chat, started=True)
    emu.enforce_rate_limits(per_bot_per_second=30, per_chat_per_second=1, monotonic=clock)
    for chat in range(1, 31):
        assert (await send(emu, chat_id=chat)).status == 200
    assert (await send(emu, chat_id=31)).status == 429  # the free lane is full
    paid = [
        await call(emu, "sendMessage", chat_id=chat, text="hi", allow_paid_broadcast=True)
        for chat in range(100, 1100)
    ]
    assert [r.status for r in paid].count(200) == 1000
    again = await call(emu, "sendMessage", chat_id=2000, text="hi", allow_paid_broadcast=True)
    assert again.status == 429  # the paid lane has its limit too
    same_chat = await call(emu, "sendMessage", chat_id=100, text="hi", allow_paid_broadcast="true")
    assert same_chat.status == 429
    assert emu.stats.paid_messages == 1000
