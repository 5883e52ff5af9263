"""`stride run`: settings, migrations, then the bot in polling or webhook mode until SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import sys
from datetime import timedelta

from bot.app import ALLOWED_UPDATES, build_application
from bot.deps import Deps
from bot.ratelimit import OVERALL_RATE, PAID_RATE, StrideRateLimiter
from bot.webhook import serve_webhook
from scheduler.spread import Budget
from storage.migrate import upgrade
from stride.config import ConfigError, Settings, load_settings
from stride.logging_setup import configure_logging

log = logging.getLogger(__name__)


def push_budget(settings: Settings) -> Budget:
    """How the scheduler may spread a crowded morning: the whole bot's free rate, this
    instance's share of it, the window, and the paid lane if the operator opted in."""
    return Budget(
        rate=OVERALL_RATE,
        instance_rate=OVERALL_RATE / settings.stride_instances,
        window=timedelta(minutes=settings.stride_push_spread_minutes),
        paid_rate=PAID_RATE if settings.stride_allow_paid_broadcast else 0.0,
    )


def run(argv: list[str]) -> int:
    """Start the bot; returns the process exit code."""
    try:
        settings = load_settings()
        token = settings.require_token()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    secrets = [token]
    if settings.webhook_secret is not None:
        secrets.append(settings.webhook_secret.get_secret_value())
    configure_logging(settings.log_level, secrets)

    # Migrate before the event loop starts: Alembic's async env.py runs its own loop.
    upgrade(settings.database_url)
    webhook = settings.stride_mode == "webhook"
    application = build_application(
        token=token,
        base_url=settings.telegram_api_base_url,
        deps=Deps(
            database_url=settings.database_url, migrate=False, push_budget=push_budget(settings)
        ),
        # Telegram's budget is the bot's: each of N instances takes its share of it.
        rate_limiter=StrideRateLimiter.shared_by(settings.stride_instances),
        updater=not webhook,
    )
    # Both stop cleanly on SIGINT and SIGTERM. Webhook mode runs Stride's own server, which
    # also answers a load balancer's GET /healthz (bot.webhook).
    if webhook:
        assert settings.webhook_url is not None
        assert settings.webhook_secret is not None
        asyncio.run(
            serve_webhook(
                application,
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path="telegram",
                webhook_url=settings.webhook_url,
                secret=settings.webhook_secret.get_secret_value(),
                allowed_updates=ALLOWED_UPDATES,
            )
        )
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
    log.info("Stride stopped")
    return 0
