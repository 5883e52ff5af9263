"""``python -m botapi_emulator``: serve the Bot API emulator over HTTP until SIGINT/SIGTERM.

Point a bot at it with ``TELEGRAM_API_BASE_URL=http://127.0.0.1:<port>/bot`` and the same
token; drive users through the ``/_emulator/`` control API. The first stdout line names the
URLs (useful with ``--port 0``), e.g.::

    BOT_API_EMULATOR base_url=http://127.0.0.1:8081/bot file_url=... token=123:abc
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys

from botapi_emulator.core import BotAPIEmulator
from botapi_emulator.http_server import EmulatorHTTPServer


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m botapi_emulator", description="Serve a fake Telegram Bot API locally."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8081, help="port (0 picks a free one)")
    parser.add_argument("--token", default="123456:TEST-emulator-token", help="the bot token")
    parser.add_argument("--bot-username", default="stride_bot", help="the bot's @username")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    return parser


async def _serve(args: argparse.Namespace) -> None:
    emulator = BotAPIEmulator(args.token, bot_username=args.bot_username)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # not available on Windows
            loop.add_signal_handler(signum, stop.set)
    async with EmulatorHTTPServer(emulator, host=args.host, port=args.port) as server:
        print(
            f"BOT_API_EMULATOR base_url={server.base_url} file_url={server.base_file_url} "
            f"token={emulator.token}",
            flush=True,
        )
        await stop.wait()
    print("BOT_API_EMULATOR stopped", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING)
    try:
        asyncio.run(_serve(args))
    except OSError as error:
        print(f"botapi_emulator: cannot serve on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
