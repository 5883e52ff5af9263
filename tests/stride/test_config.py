"""Settings: defaults, and a wrong value named with its fix."""

from __future__ import annotations

import pytest

from stride.config import ConfigError, load_settings
from stride.logging_setup import RedactSecrets


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    import os

    for key in list(os.environ):
        if key.startswith(("TELEGRAM_", "DATABASE_URL", "STRIDE_MODE", "WEBHOOK_", "LOG_LEVEL")):
            monkeypatch.delenv(key)
    monkeypatch.chdir(str(tmp_path))  # no stray .env


def test_defaults() -> None:
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///./stride.db"
    assert settings.telegram_api_base_url == "https://api.telegram.org/bot"
    assert settings.stride_mode == "polling"
    assert settings.telegram_bot_token is None


def test_token_is_secret_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:ABCdef_secret")
    settings = load_settings()
    assert "ABCdef_secret" not in repr(settings)
    assert settings.require_token() == "123456:ABCdef_secret"


@pytest.mark.parametrize(
    ("env", "value", "named"),
    [
        ("TELEGRAM_BOT_TOKEN", "not a token", "TELEGRAM_BOT_TOKEN"),
        ("DATABASE_URL", "mysql://x", "DATABASE_URL"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL"),
        ("STRIDE_MODE", "carrier-pigeon", "STRIDE_MODE"),
        ("WEBHOOK_PORT", "99999", "WEBHOOK_PORT"),
        ("TELEGRAM_API_BASE_URL", "api.telegram.org", "TELEGRAM_API_BASE_URL"),
    ],
)
def test_a_wrong_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str, named: str
) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert named in str(err.value)


def test_webhook_mode_needs_url_and_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRIDE_MODE", "webhook")
    with pytest.raises(ConfigError, match="WEBHOOK_URL"):
        load_settings()
    monkeypatch.setenv("WEBHOOK_URL", "https://coach.example/telegram")
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET"):
        load_settings()
    monkeypatch.setenv("WEBHOOK_SECRET", "s3cret")
    assert load_settings().stride_mode == "webhook"


def test_plain_postgres_url_gets_the_async_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://stride@db/stride")
    assert load_settings().database_url == "postgresql+asyncpg://stride@db/stride"


def test_log_filter_redacts_the_token() -> None:
    import logging

    record = logging.LogRecord(
        "httpx", logging.INFO, "", 0, "POST %s", ("https://x/bot123:abc/getMe",), None
    )
    RedactSecrets(["123:abc"]).filter(record)
    assert "123:abc" not in record.getMessage()
    assert "[REDACTED]" in record.getMessage()
