"""`stride demo`: chat with the real bot in a terminal, over the Bot API emulator.

The real Application, storage and scheduler run unchanged; only Telegram is replaced by the
in-process emulator and the wall clock by a clock the demo can move (/tomorrow, /wait), so a
morning push can be seen within a minute. ``--script FILE`` plays a file of inputs and prints
the transcript (used by tests and the README).
"""

from __future__ import annotations

import argparse
import asyncio
import mimetypes
import re
import shlex
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import Application

from bot.app import StrideApp, build_application, polling
from bot.deps import Deps, deps_of
from botapi_emulator import BotAPIEmulator, EmulatedUser, EmulatorRequest, MessageEvent, MessageView
from scheduler.clock import ManualClock

DEMO_TOKEN = "424242:demo-token-not-secret"
DEMO_USER_ID = 4242
HINT = (
    "Type /start to meet your coach; press a button by typing its number\n"
    "(where the buttons are numbers, such as days or scores, type the answer: 4 means 4).\n"
    "Demo extras: /tomorrow (next morning's push), /wait 2h (move the clock),\n"
    "/file PATH [caption] and /photo PATH [caption] (send a file, e.g. a .fit), /quit."
)
_WAIT_RE = re.compile(r"^(\d+(?:\.\d+)?)\s*(m|min|h|d)?$")


#: What a button's label may carry around the value it answers ("★ 4", "≤5", "9+").
_LABEL_MARKS = "★≤+ "


def _value(label: str) -> str:
    return label.strip().strip(_LABEL_MARKS)


def button_for(number: str, labels: Sequence[str]) -> int | None:
    """The button (1-based) a typed number presses, or None when it is a typed answer.

    Buttons are numbered so a number presses one, but when the answers on the buttons are
    numbers themselves (how many days, hours of sleep, a 1-5 score) the athlete typing "4"
    means four: it presses the button that reads 4 ("★ 4"), and a number no button reads
    goes to the bot as typed ("1" day is an answer, not the first button). Elsewhere a
    number presses the button of that number, or is typed when there is no such button.
    """
    if not labels:
        return None
    values = [_value(label) for label in labels]
    if sum(value.isdigit() for value in values) * 2 >= len(values):
        matching = [i for i, value in enumerate(values, 1) if value == str(int(number))]
        return matching[0] if matching else None
    index = int(number)
    return index if 1 <= index <= len(labels) else None


class Transcript:
    """Prints the chat as it happens: the athlete's lines, the bot's messages and edits."""

    def __init__(self, out: TextIO, files_dir: Path, *, color: bool) -> None:
        self.out = out
        self.files_dir = files_dir
        self.color = color
        self.buttons: list[tuple[MessageView, str]] = []

    @property
    def labels(self) -> list[str]:
        """The labels of the latest message's buttons, in their numbered order."""
        return [label for _, label in self.buttons]

    def _style(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.color else text

    def athlete(self, text: str) -> None:
        print(self._style(f"you > {text}", "36"), file=self.out, flush=True)

    def note(self, text: str) -> None:
        print(self._style(f"[demo] {text}", "2"), file=self.out, flush=True)

    def bot_message(self, view: MessageView, *, edited: bool) -> None:
        head = "stride (edited) >" if edited else "stride >"
        lines = [self._style(head, "1;32")]
        body = view.text or ""
        lines += [f"  {line}" for line in body.splitlines()]
        for info, kind in ((view.photo, "photo"), (view.document, "document")):
            if info is not None:
                path = self._save(info, view, kind)
                lines.append(f"  [{kind} saved to {path}]")
        self.buttons = []
        for row in view.buttons:
            cells = []
            for button in row:
                self.buttons.append((view, button.text))
                cells.append(f"[{len(self.buttons)}] {button.text}")
            lines.append("  " + "   ".join(cells))
        print("\n".join(lines), file=self.out, flush=True)

    def _save(self, info: Any, view: MessageView, kind: str) -> Path:
        self.files_dir.mkdir(parents=True, exist_ok=True)
        name = getattr(info, "file_name", None) or f"{kind}-{view.message_id}.png"
        path = self.files_dir / Path(str(name)).name
        path.write_bytes(info.data)
        return path


def reporting_application(emu: BotAPIEmulator) -> type[StrideApp]:
    """An Application class that tells ``emu`` when it has handled each update, so the
    demo waits for the bot to be idle (:meth:`BotAPIEmulator.wait_handled`), not for a
    silence that a busy machine breaks."""

    class ReportingApplication(Application[Any, Any, Any, Any, Any, Any]):
        async def process_update(self, update: object) -> None:
            try:
                await super().process_update(update)
            finally:
                if isinstance(update, Update):
                    emu.handled(update.update_id)

    return ReportingApplication


class Demo:
    """The running demo: emulator, Application, athlete and clock."""

    def __init__(self, db_url: str, transcript: Transcript, start: datetime) -> None:
        self.clock = ManualClock(start)
        self.emu = BotAPIEmulator(token=DEMO_TOKEN, clock=self.clock.now)
        self.transcript = transcript
        self.db_url = db_url
        self.athlete: EmulatedUser = self.emu.user(DEMO_USER_ID, "Runner", username="runner")
        self.app: StrideApp | None = None
        self._seen: dict[int, int] = {}
        self.emu.subscribe(self._on_event)
        self.emu.track_handling()

    def _on_event(self, event: MessageEvent) -> None:
        view = getattr(event, "message", None)
        if view is None or not view.from_bot or view.chat_id != self.athlete.chat_id:
            return
        edits = self._seen.get(view.message_id)
        if edits is not None and edits == view.edit_count:
            return
        self._seen[view.message_id] = view.edit_count
        self.transcript.bot_message(view, edited=edits is not None)

    async def settle(self, timeout: float = 120.0) -> None:  # noqa: ASYNC109
        """Wait until the bot is idle: every update the athlete sent fetched and handled, as
        the bot reports it to the emulator (:func:`reporting_application`).

        Not "no Bot API call for 50 ms": on a busy machine a handler can be off the CPU for
        longer than that, and the next scripted line then overtook the bot's answer.
        """
        await self.emu.wait_handled(timeout=timeout)

    async def handle(self, line: str) -> bool:
        """One input line; False when the demo should end."""
        line = line.rstrip("\n")
        if not line.strip():
            return True
        self.transcript.athlete(line)
        command = line.strip()
        if command in {"/quit", "/exit"}:
            return False
        if command == "/tomorrow":
            await self.move_to_next_morning()
        elif command.startswith("/wait"):
            await self.wait(command.removeprefix("/wait").strip())
        elif command.split(" ", 1)[0] in ("/file", "/photo"):
            await self.send_file(command)
        elif command.isdigit() and (index := button_for(command, self.transcript.labels)):
            await self.press(index)
        else:
            await self.athlete.send(line)
        await self.settle()
        return True

    async def send_file(self, command: str) -> None:
        """``/file PATH [caption]`` sends a document, ``/photo PATH [caption]`` a photo, as
        the athlete would from the paperclip menu."""
        verb, _, rest = command.partition(" ")
        try:
            words = shlex.split(rest)
        except ValueError:
            words = []
        if not words:
            self.transcript.note(f"try {verb} PATH [caption], e.g. {verb} ~/Morning_Run.fit")
            return
        caption = " ".join(words[1:]) or None
        path, data = await asyncio.to_thread(_read_file, words[0])
        if isinstance(data, str):
            self.transcript.note(f"cannot read {path}: {data}")
            return
        if verb == "/photo":
            mime = mimetypes.guess_type(path.name)[0] or "image/jpeg"
            await self.athlete.send_photo(data, caption=caption, mime_type=mime)
        else:
            await self.athlete.send_document(data, path.name, caption=caption)
        self.transcript.note(f"sent {path.name} ({len(data):,} bytes)")

    async def press(self, number: int) -> None:
        if not 1 <= number <= len(self.transcript.buttons):
            self.transcript.note(f"there is no button {number}")
            return
        view, label = self.transcript.buttons[number - 1]
        await self.athlete.press(view, label)

    async def _athlete_zone_and_push(self) -> tuple[ZoneInfo, int, int]:
        assert self.app is not None
        record = await deps_of(self.app).db.athletes.get(DEMO_USER_ID)
        if record is None:
            return ZoneInfo("UTC"), 6, 30
        return ZoneInfo(record.timezone), record.push_time.hour, record.push_time.minute

    async def move_to_next_morning(self) -> None:
        zone, hour, minute = await self._athlete_zone_and_push()
        local = self.clock.now().astimezone(zone)
        target = (local + timedelta(days=1)).replace(
            hour=hour, minute=minute, second=0, microsecond=0
        )
        self.clock.set(target.astimezone(UTC))
        self.transcript.note(f"clock moved to {target:%a %d %b %H:%M} ({zone.key})")
        await self.tick()

    async def wait(self, amount: str) -> None:
        match = _WAIT_RE.match(amount.replace(" ", ""))
        if not match:
            self.transcript.note("try /wait 2h, /wait 30m or /wait 1d")
            return
        value, unit = float(match.group(1)), match.group(2) or "h"
        delta = {"m": timedelta(minutes=value), "min": timedelta(minutes=value)}.get(
            unit, timedelta(days=value) if unit == "d" else timedelta(hours=value)
        )
        # Step in 15-minute ticks so every push due on the way goes out at its time.
        end = self.clock.now() + delta
        while self.clock.now() < end:
            self.clock.set(min(end, self.clock.now() + timedelta(minutes=15)))
            await self.tick()
        self.transcript.note(f"clock is now {self.clock.now():%a %d %b %H:%M} UTC")

    async def tick(self) -> None:
        """Run the scheduler's tick now, as its timer would at this moment."""
        assert self.app is not None
        service = deps_of(self.app).scheduler
        if service is not None:
            await service.tick_now()
        await self.settle()

    async def run(self, lines: Iterable[str] | None, reader: Callable[[], str] | None) -> None:
        app = build_application(
            token=DEMO_TOKEN,
            base_url=self.emu.base_url,
            deps=Deps(database_url=self.db_url, clock=self.clock, scheduler_timer=False),
            request=EmulatorRequest(self.emu),
            rate_limiter=False,
            application_class=reporting_application(self.emu),
        )
        async with polling(app, poll_timeout=1.0):
            self.app = app
            if lines is not None:
                for line in lines:
                    if not await self.handle(line):
                        break
            elif reader is not None:
                loop = asyncio.get_running_loop()
                while True:
                    line = await loop.run_in_executor(None, reader)
                    if line == "" or not await self.handle(line):
                        break
            await self.settle()
        self.app = None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="stride demo", description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="SQLite file to keep (default: a throw-away database)")
    parser.add_argument("--script", type=Path, help="a file of inputs, one per line")
    parser.add_argument("--files", type=Path, default=Path("demo-files"), help="where photos go")
    parser.add_argument("--start", help="demo clock start, ISO UTC (default: now)")
    args = parser.parse_args(argv)

    import logging

    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="stride-demo-") as tmp:
        db_path = Path(args.db) if args.db else Path(tmp) / "demo.db"
        db_url = f"sqlite+aiosqlite:///{db_path}"
        start = datetime.fromisoformat(args.start) if args.start else datetime.now(UTC)
        if start.tzinfo is None:
            start = start.replace(tzinfo=UTC)
        transcript = Transcript(
            sys.stdout, args.files, color=sys.stdout.isatty() and not args.script
        )
        demo = Demo(db_url, transcript, start)
        if args.script:
            try:
                lines = args.script.read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                print(f"cannot read the script: {exc}", file=sys.stderr)
                return 2
            script_lines = [line for line in lines if not line.lstrip().startswith("#")]
            asyncio.run(demo.run(script_lines, None))
        else:
            print(HINT, flush=True)
            asyncio.run(demo.run(None, _prompt))
    return 0


def _read_file(text: str) -> tuple[Path, bytes | str]:
    """The file a /file line names, and its bytes or why they cannot be read."""
    path = Path(text).expanduser()
    try:
        return path, path.read_bytes()
    except OSError as error:
        return path, error.strerror or str(error)


def _prompt() -> str:
    try:
        return input() + "\n"
    except EOFError:
        return ""


if __name__ == "__main__":
    raise SystemExit(main())
