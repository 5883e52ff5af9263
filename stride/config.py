"""Runtime configuration, read once by the composition root from the environment and `.env`.

Every field maps to an upper-case environment variable of the same name. A wrong value stops
start-up with a message naming the variable and the fix (see :func:`load_settings`).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TELEGRAM_API = "https://api.telegram.org/bot"
_TOKEN_RE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{1,100}$")


class ConfigError(Exception):
    """Start-up configuration is wrong; the message says which variable and how to fix it."""


class Settings(BaseSettings):
    """Stride's settings. Documented, with examples, in `.env.example`."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = TELEGRAM_API
    database_url: str = "sqlite+aiosqlite:///./stride.db"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    stride_mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    # Processes sharing this bot token: each sends at its share of Telegram's 30 msg/s.
    stride_instances: int = Field(default=1, ge=1, le=100)
    # A crowded morning minute starts up to this long before it (0: never early).
    stride_push_spread_minutes: int = Field(default=45, ge=0, le=180)
    # Telegram's paid broadcasts carry what the spread cannot (billed: 0.1 Stars a message).
    stride_allow_paid_broadcast: bool = False

    @field_validator("log_level", "stride_mode", mode="before")
    @classmethod
    def _normalise_case(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        return (
            value.upper()
            if value.lower() in {"debug", "info", "warning", "error"}
            else value.lower()
        )

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TOKEN_RE.match(value.get_secret_value()):
            raise ValueError("does not look like a bot token (digits, a colon, then letters)")
        return value

    @field_validator("telegram_api_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(
                "must start with http:// or https://, e.g. https://api.telegram.org/bot"
            )
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        for plain, driver in (
            ("postgresql://", "postgresql+asyncpg://"),
            ("postgres://", "postgresql+asyncpg://"),
            ("sqlite://", "sqlite+aiosqlite://"),
        ):
            if value.startswith(plain):
                value = driver + value[len(plain) :]
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(
                "must be sqlite+aiosqlite:///path.db or postgresql+asyncpg://user@host/db"
            )
        return value

    @model_validator(mode="after")
    def _webhook_needs_url(self) -> Settings:
        if self.stride_mode == "webhook":
            if not self.webhook_url or not self.webhook_url.startswith("https://"):
                raise ValueError(
                    "WEBHOOK_URL: webhook mode needs the public https:// address "
                    "Telegram will post to"
                )
            if self.webhook_secret is None or not self.webhook_secret.get_secret_value():
                raise ValueError(
                    "WEBHOOK_SECRET: webhook mode needs a secret (1-256 of A-Z a-z 0-9 _ -)"
                )
        return self

    def require_token(self) -> str:
        """The bot token, or a ConfigError that says how to set it."""
        if self.telegram_bot_token is None:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set: put it in .env or the environment "
                "(get one from @BotFather); `make demo` runs Stride without one."
            )
        return self.telegram_bot_token.get_secret_value()


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, or a ConfigError naming each bad variable and its fix."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]).upper() or "configuration"
            msg = err["msg"].removeprefix("Value error, ")
            problems.append(f"{field}: {msg}" if not msg.startswith(field) else msg)
        raise ConfigError("Configuration error: " + "; ".join(problems)) from None
