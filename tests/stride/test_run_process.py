"""`stride run` as a real process, against the HTTP emulator: what `make run` does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from botapi_emulator import BotAPIEmulator, EmulatorHTTPServer

TOKEN = "123:abc"


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "DATABASE_URL", "STRIDE_MODE", "WEBHOOK_"))
    }
    env.update(extra)
    return env


def _start(env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    """`stride run` as `make run` starts it, its output captured for the assertions."""
    return subprocess.Popen(
        [sys.executable, "-m", "stride.cli", "run"],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _stop(proc: subprocess.Popen[str]) -> str:
    """SIGTERM, as a service manager stops it; what it printed."""
    proc.send_signal(signal.SIGTERM)
    output, _ = proc.communicate(timeout=30)
    return output


def test_stride_run_answers_start_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    emu = BotAPIEmulator(token=TOKEN)
    with EmulatorHTTPServer(emu) as server:
        env = _env(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=server.base_url,
            DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/run.db",
            LOG_LEVEL="INFO",
        )
        proc = _start(env, tmp_path)
        try:
            deadline = time.monotonic() + 60
            while not emu.polling and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.05)
            assert emu.polling, "the bot never started polling"
            alice = emu.user(1001, "Alice")
            alice_msg = emu.user_message(alice.id, chat=None, text="/start")
            assert alice_msg.text == "/start"
            while not alice.messages() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert alice.messages(), "no reply to /start"
            assert "Stride" in alice.messages()[0].text
        finally:
            output = _stop(proc)
    assert proc.returncode == 0, output
    assert TOKEN not in output
    assert "Traceback" not in output


def test_stride_run_without_a_token_says_how_to_set_it(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "stride.cli", "run"],
        env=_env(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "TELEGRAM_BOT_TOKEN" in lines[0]
    assert "make demo" in lines[0]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _post(url: str, body: bytes, secret: str) -> int:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        url,
        data=body,
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _get(url: str) -> dict[str, object]:
    """A load balancer's health probe: the JSON body (of a 200 or a 503)."""
    import json
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body: dict[str, object] = json.loads(response.read())
    except urllib.error.HTTPError as error:
        body = json.loads(error.read())
    return body


def test_webhook_mode_registers_the_hook_and_answers_only_with_the_secret(tmp_path: Path) -> None:
    import json

    emu = BotAPIEmulator(token=TOKEN)
    port = _free_port()
    with EmulatorHTTPServer(emu) as server:
        env = _env(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=server.base_url,
            DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/hook.db",
            STRIDE_MODE="webhook",
            WEBHOOK_URL="https://coach.example/telegram",
            WEBHOOK_SECRET="s3cret-token",
            WEBHOOK_LISTEN="127.0.0.1",
            WEBHOOK_PORT=str(port),
        )
        proc = _start(env, tmp_path)
        try:
            deadline = time.monotonic() + 60
            while not emu.calls_to("setWebhook") and time.monotonic() < deadline:
                time.sleep(0.05)
            hook = emu.calls_to("setWebhook")
            assert hook, "the bot never registered its webhook"
            assert hook[-1].params["url"] == "https://coach.example/telegram"
            alice = emu.user(1001, "Alice")
            emu.user_message(alice.id, chat=None, text="/start")
            update = json.dumps(emu.pending_updates()[-1]).encode()
            url = f"http://127.0.0.1:{port}/telegram"
            while time.monotonic() < deadline:  # the server may still be starting
                try:
                    status = _post(url, update, "wrong-secret")
                    break
                except OSError:
                    time.sleep(0.1)
            assert status == 403
            time.sleep(0.5)
            assert alice.messages() == []
            assert _post(url, update, "s3cret-token") == 200
            while not alice.messages() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert "Stride" in alice.messages()[0].text
            health = _get(f"http://127.0.0.1:{port}/healthz")
            assert health["ok"] is True, health
            assert health["database"] == {"ok": True}
            assert health["scheduler"]["running"] is True
        finally:
            output = _stop(proc)
    assert proc.returncode == 0, output
    assert "s3cret-token" not in output
    assert TOKEN not in output
