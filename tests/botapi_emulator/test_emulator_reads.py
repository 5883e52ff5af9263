"""Reads cost what they return: the latest message, one chat, one method, one user's presses.

Timing belongs in ``bench/emulator.py``; these tests pin the mechanism instead, so a long test
or a fuzz run cannot quietly go quadratic again: reading the last message builds one view and
deep-copies nothing, a chat's messages build one view each, ``calls_to`` does not go through
the whole call log, and every view stays an independent snapshot.
"""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

import pytest

from botapi_emulator import BotAPIEmulator, MessageView
from botapi_emulator.world import StoredMessage

TOKEN = "123:abc"
KEYBOARD = {"inline_keyboard": [[{"text": "Yes", "callback_data": "y"}]]}


@pytest.fixture
def emu() -> BotAPIEmulator:
    return BotAPIEmulator(TOKEN)


async def result(emu: BotAPIEmulator, method: str, **params: Any) -> Any:
    response = await emu.handle(emu.token, method, params)
    assert response.status == 200, response.body
    return response.body["result"]


async def say(emu: BotAPIEmulator, chat_id: int, text: str, **params: Any) -> int:
    """The bot sends a message; returns its id."""
    sent = await result(emu, "sendMessage", chat_id=chat_id, text=text, **params)
    return int(sent["message_id"])


class Spy:
    """Counts the views built, the messages rendered and the deep copies made."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.views: list[int] = []
        self.rendered: list[int] = []
        self.deep_copies = 0
        build, render, deepcopy = MessageView.of, StoredMessage.to_api, copy.deepcopy

        def counting_build(cls: type[MessageView], message: StoredMessage, bot: Any) -> Any:
            self.views.append(message.message_id)
            return build(message, bot)

        def counting_render(message: StoredMessage, bot: Any, **kwargs: Any) -> Any:
            self.rendered.append(message.message_id)
            return render(message, bot, **kwargs)

        def counting_deepcopy(value: Any, *args: Any) -> Any:
            self.deep_copies += 1
            return deepcopy(value, *args)

        monkeypatch.setattr(MessageView, "of", classmethod(counting_build))
        monkeypatch.setattr(StoredMessage, "to_api", counting_render)
        monkeypatch.setattr(copy, "deepcopy", counting_deepcopy)

    def reset(self) -> None:
        self.views.clear()
        self.rendered.clear()
        self.deep_copies = 0


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Spy:
    return Spy(monkeypatch)


async def long_chat(emu: BotAPIEmulator, replies: int = 60) -> list[int]:
    """A chat where the user and the bot took turns; returns the bot's message ids."""
    alice = emu.user(1001, "Alice")
    ids = []
    for n in range(replies):
        await alice.send(f"question {n}")
        ids.append(
            await say(emu, 1001, f"<b>answer</b> {n}", parse_mode="HTML", reply_markup=KEYBOARD)
        )
    return ids


async def test_last_builds_one_view_and_deep_copies_nothing(emu: BotAPIEmulator, spy: Spy) -> None:
    ids = await long_chat(emu)
    alice = emu.user(1001)
    spy.reset()

    last = alice.last()

    assert (last.message_id, last.text) == (ids[-1], "answer 59")
    assert spy.views == [ids[-1]], "last() must not build a view of any other message"
    assert spy.rendered == [ids[-1]]
    assert spy.deep_copies == 0
    spy.reset()
    assert emu.message(1001, ids[3]).text == "answer 3"
    assert spy.views == [ids[3]]
    assert spy.deep_copies == 0


async def test_messages_build_one_view_per_message_returned(emu: BotAPIEmulator, spy: Spy) -> None:
    ids = await long_chat(emu, replies=20)
    alice = emu.user(1001)
    emu.user(2002, "Bob", started=True)
    await say(emu, 2002, "Bob's own news")
    spy.reset()

    mine = alice.messages()

    assert [m.message_id for m in mine] == ids
    assert spy.views == ids, "only the bot's messages of this chat, each once"
    assert spy.deep_copies == 0
    spy.reset()
    newer = emu.messages(1001, after=ids[-3])
    assert [m.message_id for m in newer] == ids[-2:]
    assert spy.views == ids[-2:], "after= builds views of the newer messages only"
    spy.reset()
    everyone = alice.messages(include_user=True)
    assert len(everyone) == 40
    assert len(spy.views) == 40


async def test_last_skips_deleted_and_user_messages(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001, "Alice")
    with pytest.raises(AssertionError, match="has not written"):
        alice.last()
    assert emu.last_message(1001) is None
    await alice.send("hi")
    with pytest.raises(AssertionError):
        alice.last()
    first = await say(emu, 1001, "first")
    second = await say(emu, 1001, "second")
    mine = await alice.send("thanks")
    assert alice.last().message_id == second
    last_of_all = emu.last_message(1001, include_user=True)
    assert last_of_all is not None
    assert last_of_all.message_id == mine.message_id
    assert await result(emu, "deleteMessage", chat_id=1001, message_id=second) is True
    assert alice.last().message_id == first
    assert alice.last() == alice.messages()[-1]
    assert await result(emu, "deleteMessage", chat_id=1001, message_id=first) is True
    with pytest.raises(AssertionError):
        alice.last()

    group = emu.group(-100, "Runners", members=[alice])
    with pytest.raises(AssertionError, match="has not written in group"):
        group.last()
    await alice.send("hello all", chat=group)
    in_group = await say(emu, -100, "hello runners")
    assert group.last().message_id == in_group
    assert alice.last(group).message_id == in_group
    with pytest.raises(AssertionError):
        alice.last()  # the group's messages are not in her private chat


async def test_views_are_independent_snapshots(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001, "Alice")
    await alice.send("plan?")
    mid = await say(emu, 1001, "<b>Plan</b> ready", parse_mode="HTML", reply_markup=KEYBOARD)
    before = alice.last()
    raw_before = json.loads(json.dumps(before.raw))

    # The caller scribbles on its copy: the emulator and later reads do not see it.
    before.raw["text"] = "scribbled"
    assert before.reply_markup is not None
    before.reply_markup["inline_keyboard"].append([])
    before.buttons.append([])
    before.entities[0]["length"] = 99
    again = alice.last()
    assert again.raw == raw_before
    assert again.reply_markup == KEYBOARD
    assert again.buttons == [[("Yes", "y")]]
    assert again.entities == ({"type": "bold", "offset": 0, "length": 4},)
    polled = await result(emu, "getUpdates")
    assert polled[0]["message"]["text"] == "plan?"

    # Later edits and sends do not reach a view already taken.
    await result(emu, "editMessageText", chat_id=1001, message_id=mid, text="Plan changed")
    await say(emu, 1001, "and another")
    assert (again.text, again.edit_count, again.buttons) == ("Plan ready", 0, [[("Yes", "y")]])
    assert again.raw["text"] == "Plan ready"
    assert "edit_date" not in again.raw
    edited = emu.message(1001, mid)
    assert (edited.text, edited.edit_count, edited.buttons) == ("Plan changed", 1, [])
    assert edited.history[0].text == "Plan ready"
    assert alice.last().text == "and another"


async def test_calls_to_returns_each_methods_calls_in_order(emu: BotAPIEmulator) -> None:
    emu.user(1001, "Alice", started=True)
    await result(emu, "getMe")
    await say(emu, 1001, "one")
    await result(emu, "GETME")
    await emu.handle(emu.token, "sendSmokeSignal")
    await say(emu, 1001, "two")
    await emu.handle(emu.token, "SENDSMOKESIGNAL")
    await emu.handle(emu.token, "sendMessage", {"chat_id": 999, "text": "nobody"})

    def expected(*names: str) -> list[Any]:
        wanted = {n.lower() for n in names}
        return [c for c in emu.calls if c.method.lower() in wanted]

    assert [c.params.get("text") for c in emu.calls_to("sendMessage")] == ["one", "two", "nobody"]
    assert emu.calls_to("SendMessage", "getme") == expected("sendMessage", "getMe")
    assert emu.calls_to("sendsmokesignal") == expected("sendSmokeSignal")
    assert [c.status for c in emu.calls_to("sendSmokeSignal")] == [404, 404]
    assert emu.calls_to("getMe", "getMe") == expected("getMe")
    assert emu.calls_to("deleteMessage") == []
    assert emu.calls_to() == []


async def test_calls_to_does_not_go_through_the_whole_log(
    emu: BotAPIEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    emu.user(1001, "Alice", started=True)
    for n in range(30):
        await say(emu, 1001, f"n{n}")
    await result(emu, "getMe")

    def whole_log(self: BotAPIEmulator) -> list[Any]:
        raise AssertionError("calls_to copied the whole call log")

    monkeypatch.setattr(BotAPIEmulator, "calls", property(whole_log))
    assert [c.method for c in emu.calls_to("getMe")] == ["getMe"]
    assert len(emu.calls_to("sendMessage")) == 30


async def test_call_log_cap_trims_calls_to_too() -> None:
    emu = BotAPIEmulator(TOKEN, max_calls=4)
    emu.user(1001, "Alice", started=True)
    for n in range(3):
        await say(emu, 1001, f"n{n}")
        await result(emu, "getMe")
    assert [c.method for c in emu.calls] == ["sendMessage", "getMe", "sendMessage", "getMe"]
    assert [c.params["text"] for c in emu.calls_to("sendMessage")] == ["n1", "n2"]
    assert emu.calls_to("getMe", "sendMessage") == emu.calls
    for _ in range(4):
        await result(emu, "getMe")
    assert emu.calls_to("sendMessage") == []
    assert emu.calls_to("getMe") == emu.calls
    assert (len(emu.calls), emu.stats.calls) == (4, 10)

    silent = BotAPIEmulator(TOKEN, max_calls=0)
    await result(silent, "getMe")
    assert silent.calls == []
    assert silent.calls_to("getMe") == []
    assert silent.stats.calls == 1


async def test_callback_answers_per_user_keep_their_order(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001, "Alice")
    bob = emu.user(1002, "Bob")
    await alice.send("hi")
    await bob.send("hi")
    for user in (alice, bob, alice):
        await say(emu, user.id, f"for {user.first_name}", reply_markup=KEYBOARD)
    presses = [await alice.press(alice.last(), "Yes"), await bob.press(bob.last(), "Yes")]
    presses.append(await alice.press(alice.messages()[0], callback_data="y"))
    await result(emu, "answerCallbackQuery", callback_query_id=presses[2].query_id, text="ok")

    assert [p.query_id for p in alice.presses()] == [presses[0].query_id, presses[2].query_id]
    assert [p.query_id for p in bob.presses()] == [presses[1].query_id]
    assert [a.text for a in alice.callback_answers()] == ["ok"]
    assert bob.callback_answers() == []
    assert [a.query_id for a in emu.callback_answers()] == [p.query_id for p in presses]


async def test_ask_and_wait_for_messages_read_only_what_is_new(emu: BotAPIEmulator) -> None:
    alice = emu.user(1001, "Alice")
    await alice.send("old")
    await say(emu, 1001, "old answer")

    async def echo_bot() -> None:
        offset = 0
        while True:
            updates = await result(emu, "getUpdates", offset=offset, timeout=1)
            for update in updates:
                offset = update["update_id"] + 1
                text = update["message"]["text"]
                await say(emu, 1001, f"echo {text}")
                await say(emu, 1001, f"echo {text} again")

    bot = asyncio.create_task(echo_bot())
    try:
        replies = await alice.ask("new", quiet=0.02, timeout=2)
        assert [m.text for m in replies] == [
            "echo old",
            "echo old again",
            "echo new",
            "echo new again",
        ]
        everything = await alice.wait_for_messages(5, timeout=2)
        assert [m.text for m in everything][:1] == ["old answer"]
    finally:
        bot.cancel()
        await asyncio.gather(bot, return_exceptions=True)
