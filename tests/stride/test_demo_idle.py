"""`stride demo --script` waits for the bot to be idle, as the bot reports it to the emulator
(every update fetched and handled), not for 50 ms without a Bot API call: a handler slowed
down (a busy machine, a slow database) still answers each line before the next is sent, and
the `make demo` scripts of examples/ keep their order beside a CPU burner."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.onboarding import OnboardingService
from stride.demo import main

EXAMPLES = Path(__file__).parents[2] / "examples"
SCRIPTS = sorted(EXAMPLES.glob("demo-*.txt"))
START = "2026-11-20T18:00:00"
BURN = "while True: pass"


def _run(script: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    files = tmp_path / f"files-{len(list(tmp_path.iterdir()))}"
    assert main(["--script", str(script), "--start", START, "--files", str(files)]) == 0
    return capsys.readouterr().out


def _turns(transcript: str) -> list[tuple[str, str]]:
    """(what the athlete typed, everything printed until the next line typed)."""
    parts = re.split(r"^you > (.*)$", transcript, flags=re.MULTILINE)
    return list(zip(parts[1::2], parts[2::2], strict=True))


@pytest.fixture
def cpu_burners() -> Iterator[None]:
    """A busy loop on every core, beside the test, for as long as it runs."""
    burners = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(os.cpu_count() or 2)]
    try:
        yield
    finally:
        for burner in burners:
            burner.kill()
        for burner in burners:
            burner.wait()


async def test_a_slow_handler_is_waited_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    save = OnboardingService.save

    async def slow_save(self: OnboardingService, *args: Any, **kwargs: Any) -> None:
        await asyncio.sleep(0.3)  # six times the old 50 ms of silence, no Bot API call
        await save(self, *args, **kwargs)

    monkeypatch.setattr(OnboardingService, "save", slow_save)
    script = tmp_path / "slow.txt"
    script.write_text("/start\n2\n3\n", encoding="utf-8")
    out = await asyncio.to_thread(_run, script, tmp_path, capsys)
    turns = _turns(out)
    assert [typed for typed, _ in turns] == ["/start", "2", "3"]
    assert "What are you training for?" in turns[0][1]
    assert "✓ Goal: 10K" in turns[1][1], "the answer to 2 came before 3 was typed"
    assert "When is the race?" in turns[1][1]
    assert "✓ Race day" in turns[2][1]
    assert "How many days a week" in turns[2][1]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_the_example_scripts_keep_their_order_under_load(
    script: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], cpu_burners: None
) -> None:
    first = _run(script, tmp_path, capsys)
    again = _run(script, tmp_path, capsys)
    assert first == again, "the same script gives the same transcript, line for line"
    for typed, answer in _turns(first):
        assert "stride" in answer or answer.lstrip().startswith("[demo]"), (
            f"nothing answered {typed!r} before the next line"
        )
