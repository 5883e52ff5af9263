"""Test databases: a fresh SQLite file always, PostgreSQL when STRIDE_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from storage.engine import create_engine

POSTGRES_URL = os.environ.get("STRIDE_TEST_POSTGRES_URL", "")

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgres",
        id="postgres",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not POSTGRES_URL, reason="STRIDE_TEST_POSTGRES_URL is not set"),
        ],
    ),
]


async def reset_postgres(url: str) -> None:
    """Empty the test database: every test starts from nothing, as on a new server."""
    engine = create_engine(url, pool_size=0)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


async def fresh_url(backend: str, tmp_dir: str) -> str:
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_dir}/stride-test.db"
    await reset_postgres(POSTGRES_URL)
    return POSTGRES_URL
