"""Benchmark: the Bot API emulator's cost per update as its history grows (prints, never fails).

An echo bot made of raw Bot API calls runs in-process for N updates, first all in one chat,
then spread over many chats. Each update is one turn: the user writes, the bot fetches it
(``getUpdates``) and echoes it (``sendMessage``, HTML, an inline keyboard); on every tenth
turn the user also presses the button, which the bot answers (``answerCallbackQuery``,
``editMessageReplyMarkup``). After each turn the "test" reads back what it would assert on:
``user.last()``, ``emu.message(...)``, after a press ``emu.callback_answer(...)``.

Prints updates per second over the first and the last thousand (the median of their chunks of
100, as the machine may be shared): with reads that cost what they return, the two stay about
equal however long the run. A run that exceeds ``--budget`` seconds stops early and reports
the thousand it last finished. Then it times the reads that return a whole history
(``user.messages()``, ``user.callback_answers()``, ``emu.calls_to(...)``), which should cost
about the same per item returned in both runs.

    .venv/bin/python bench/emulator.py [--updates 20000] [--chats 1000] [--budget 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from botapi_emulator import BotAPIEmulator, EmulatedUser

TOKEN = "123456:bench-emulator"
KEYBOARD = json.dumps({"inline_keyboard": [[{"text": "Again", "callback_data": "again"}]]})
WINDOW = 1000
CHUNK = 100


class EchoBot:
    """A bot with no library: raw Bot API calls through the emulator's in-process entry."""

    def __init__(self, emu: BotAPIEmulator) -> None:
        self.emu = emu
        self.offset = 0
        self.api = f"{emu.base_url}{emu.token}/"

    async def call(self, method: str, **params: Any) -> Any:
        # Strings, as PTB's RequestData.json_parameters carries them; the reply is JSON bytes.
        raw = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
        status, body, _ = await self.emu.handle_url(self.api + method, raw)
        answer = json.loads(body)
        if status != 200:
            raise RuntimeError(f"{method}: {answer.get('description')}")
        return answer["result"]

    async def poll(self) -> int:
        """Fetch pending updates and answer each; returns how many were handled."""
        updates = await self.call("getUpdates", offset=self.offset, timeout=0)
        for update in updates:
            self.offset = update["update_id"] + 1
            if "message" in update:
                message = update["message"]
                await self.call(
                    "sendMessage",
                    chat_id=message["chat"]["id"],
                    text=f"<b>echo</b> {message['text']}",
                    parse_mode="HTML",
                    reply_markup=KEYBOARD,
                )
            elif "callback_query" in update:
                query = update["callback_query"]
                await self.call("answerCallbackQuery", callback_query_id=query["id"], text="ok")
                await self.call(
                    "editMessageReplyMarkup",
                    chat_id=query["message"]["chat"]["id"],
                    message_id=query["message"]["message_id"],
                )
        return len(updates)


async def one_update(bot: EchoBot, user: EmulatedUser, step: int) -> None:
    """The user writes (every tenth time also presses), the bot answers, the test reads back."""
    emu = bot.emu
    text = f"hello {step}"
    await user.send(text)
    await bot.poll()
    last = user.last()
    assert last.text == f"echo {text}", last
    assert emu.message(last.chat_id, last.message_id).buttons == last.buttons
    if step % 10 == 9:
        press = await user.press(last, "Again")
        await bot.poll()
        answer = emu.callback_answer(press.query_id)
        assert answer.text == "ok", answer
        assert user.last().buttons == [], "the pressed message loses its keyboard"


def timed(read: Callable[[], list[Any]]) -> str:
    """One call of a read returning a list: its length and the time per item."""
    started = time.perf_counter()
    items = read()
    elapsed = time.perf_counter() - started
    each_us = elapsed / max(len(items), 1) * 1e6
    return f"{len(items):,} in {elapsed * 1000:.1f} ms ({each_us:.1f} us each)"


async def scenario(updates: int, chats: int, budget: float) -> tuple[list[float], list[str]]:
    """Run ``updates`` updates over ``chats`` users: end time of each, then whole-history reads."""
    emu = BotAPIEmulator(TOKEN)
    bot = EchoBot(emu)
    users = [emu.user(1000 + n, f"Runner{n}") for n in range(chats)]
    stamps = [time.perf_counter()]
    for step in range(updates):
        await one_update(bot, users[step % chats], step)
        stamps.append(time.perf_counter())
        if stamps[-1] - stamps[0] > budget and step % CHUNK == CHUNK - 1:
            break
    alice = users[min(9, chats - 1)]  # in turn order, one who presses the button
    reads = [
        f"{alice.first_name}'s messages() {timed(alice.messages)}",
        f"her callback_answers() {timed(alice.callback_answers)}",
        f"calls_to(edits) {timed(lambda: emu.calls_to('editMessageReplyMarkup'))}",
    ]
    return stamps, reads


async def warm_up() -> None:
    """A few hundred updates first, so the first timed thousand is not paying for start-up."""
    await scenario(300, 3, budget=60.0)


def rate(stamps: list[float], first: int, last: int) -> float:
    """Updates per second from update ``first`` to ``last``: the median over chunks of 100.

    The median keeps a pause of the machine (another process, a full garbage collection)
    from deciding the figure; a slowdown that grows with the history moves every chunk.
    """
    step = min(CHUNK, last - first)
    chunks = [
        (stamps[end] - stamps[end - step]) / step for end in range(first + step, last + 1, step)
    ]
    seconds = statistics.median(chunks)
    return 1.0 / seconds if seconds > 0 else float("inf")


def report(label: str, stamps: list[float], reads: list[str], updates: int) -> None:
    """Print one run's rates, first thousand against last, and its whole-history reads."""
    done = len(stamps) - 1
    window = min(WINDOW, max(1, done // 2))
    first = rate(stamps, 0, window)
    last = rate(stamps, done - window, done)
    total = stamps[-1] - stamps[0]
    stopped = "" if done == updates else f" (stopped by --budget after {done:,})"
    print(
        f"{label}: {done:,} updates in {total:.1f} s{stopped}; "
        f"first {window:,}: {first:,.0f} updates/s, last {window:,}: {last:,.0f} updates/s "
        f"(last/first {last / first:.2f})"
    )
    print("  then one read each: " + "; ".join(reads))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=20_000)
    parser.add_argument("--chats", type=int, default=1_000, help="chats in the second run")
    parser.add_argument(
        "--budget", type=float, default=300.0, help="seconds per run before it stops early"
    )
    args = parser.parse_args()
    asyncio.run(warm_up())
    for label, chats in (("one chat", 1), (f"{args.chats:,} chats", args.chats)):
        stamps, reads = asyncio.run(scenario(args.updates, chats, args.budget))
        report(label, stamps, reads, args.updates)
    print(f"python: {platform.python_version()} at {sys.executable}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
