"""Fixtures shared by every suite. Helpers live in tests/support/."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from hypothesis import settings

from scheduler.clock import ManualClock
from storage.database import Database
from tests.support.databases import BACKENDS, fresh_url

# Property tests are reproducible by default: the same examples on every run, so `make test`
# (and CI) pass or fail on the code, not on the draw. `HYPOTHESIS_PROFILE=explore make test`
# draws fresh examples on every run, to hunt for new counter-examples before a change lands
# (run it a few times; a failure prints the example to pin with @example).
settings.register_profile("default", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(params=BACKENDS)
async def db_url(request: pytest.FixtureRequest, tmp_path: object) -> str:
    """A fresh, empty database URL on each backend under test."""
    return await fresh_url(request.param, str(tmp_path))


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    """A migrated database on each backend under test."""
    database = await Database.open(db_url)
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture
def sqlite_url(tmp_path: object) -> str:
    return f"sqlite+aiosqlite:///{tmp_path}/stride.db"


@pytest.fixture
def clock() -> ManualClock:
    """Saturday 21 November 2026, 09:00 UTC: moves only when a test says so."""
    return ManualClock(datetime(2026, 11, 21, 9, 0, tzinfo=UTC))
