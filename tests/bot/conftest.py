"""Bot fixtures: the real Application on the emulator, over either door."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from scheduler.clock import ManualClock
from tests.support.harness import StrideHarness


@pytest.fixture
async def harness(sqlite_url: str, clock: ManualClock) -> AsyncIterator[StrideHarness]:
    async with StrideHarness(sqlite_url, clock) as h:
        yield h
