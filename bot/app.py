"""The composition root's factory for python-telegram-bot's Application."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from telegram import BotCommand
from telegram.ext import Application, ApplicationBuilder, ContextTypes
from telegram.request import BaseRequest, HTTPXRequest

from bot.api import StrideBot
from bot.collector import settle_collector
from bot.commands import COMMANDS
from bot.context import StrideContext
from bot.deps import DEPS_KEY, Deps, deps_of
from bot.handlers import register
from bot.inbox import Replayer
from bot.ratelimit import BULK, StrideRateLimiter
from bot.updates import ChatOrderedProcessor
from scheduler.delivery import Dispatcher, TelegramSender
from scheduler.service import SchedulerService
from storage.database import Database

log = logging.getLogger(__name__)

StrideApp = Application[Any, Any, Any, Any, Any, Any]
REPLAYER_KEY = "stride.inbox-replayer"
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]


def file_url_for(base_url: str) -> str:
    """Telegram serves files under /file/bot<token>/ beside /bot<token>/."""
    if base_url.endswith("/bot"):
        return base_url[: -len("bot")] + "file/bot"
    return base_url.rstrip("/") + "/file/bot"


def build_application(
    *,
    token: str,
    base_url: str,
    deps: Deps,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    rate_limiter: bool | StrideRateLimiter = True,
    updater: bool = True,
    application_class: type[StrideApp] | None = None,
) -> StrideApp:
    """An Application with Stride's handlers; the database opens in post_init.

    ``request`` lets tests and the demo plug in the emulator's in-process transport;
    ``rate_limiter`` a limiter of their own (True: the default one; False: none).
    """
    limiter: StrideRateLimiter | None = None
    if rate_limiter:
        # Under Telegram's ~30 msg/s per bot and ~1 msg/s per chat; retries on RetryAfter.
        limiter = rate_limiter if isinstance(rate_limiter, StrideRateLimiter) else None
        limiter = limiter or StrideRateLimiter()
    bot = StrideBot(
        token=token,
        base_url=base_url,
        base_file_url=file_url_for(base_url),
        # PTB's own defaults when none is given: a pool of 256 connections for calls, one
        # for the long poll.
        request=request or HTTPXRequest(connection_pool_size=256),
        get_updates_request=get_updates_request or request or HTTPXRequest(connection_pool_size=1),
        rate_limiter=limiter,
    )
    builder = (
        ApplicationBuilder()
        .bot(bot)
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
        .context_types(ContextTypes(context=StrideContext))
        # Chats are handled at the same time, each chat's updates in order (bot.updates).
        .concurrent_updates(ChatOrderedProcessor())
    )
    if not updater:
        builder = builder.updater(None)
    if application_class is not None:
        builder = builder.application_class(application_class)
    application = builder.build()
    application.bot_data[DEPS_KEY] = deps
    register(application)
    return application


async def _post_init(application: StrideApp) -> None:
    deps = deps_of(application)
    if deps.database is None:
        deps.database = await Database.open(deps.database_url, migrate=deps.migrate)
    await application.bot.set_my_commands([BotCommand(c.name, c.description) for c in COMMANDS])
    if deps.run_scheduler and deps.scheduler is None:
        deps.scheduler = _scheduler(application, deps)
        if deps.scheduler_timer:
            deps.scheduler.start()
    # Updates an earlier (or another) process died holding are handled again (bot.inbox).
    replayer = application.bot_data[REPLAYER_KEY] = Replayer(application)
    await replayer.start()
    # Everything loaded so far lives as long as the process: out of the collector's sight,
    # and collections spaced out for the fan-out's millions of short-lived objects.
    settle_collector()
    log.info("Stride is up as @%s", application.bot.username)


def _scheduler(application: StrideApp, deps: Deps) -> SchedulerService:
    """The pushes' scheduler, sending through the application's bot at bulk priority."""
    from bot.pushes import PushComposer  # the coach and matplotlib load only when needed

    sender = TelegramSender(application.bot, rate_limit_args=BULK)
    dispatcher = Dispatcher(
        deps.db, PushComposer(deps.db), sender, deps.clock, budget=deps.push_budget
    )
    return SchedulerService(dispatcher, interval=deps.tick_seconds)


async def _post_stop(application: StrideApp) -> None:
    """Stop the scheduler while the bot can still send (it finishes the chunk in flight)."""
    replayer = application.bot_data.pop(REPLAYER_KEY, None)
    if isinstance(replayer, Replayer):
        await replayer.stop()
    deps = deps_of(application)
    if deps.scheduler is not None:
        await deps.scheduler.stop()
        deps.scheduler = None


async def _post_shutdown(application: StrideApp) -> None:
    replayer = application.bot_data.pop(REPLAYER_KEY, None)
    if isinstance(replayer, Replayer):
        await replayer.stop()
    deps = deps_of(application)
    if deps.scheduler is not None:
        await deps.scheduler.stop()
        deps.scheduler = None
    if deps.database is not None:
        await deps.database.close()
        deps.database = None


@asynccontextmanager
async def polling(
    application: StrideApp, *, poll_timeout: float = 10.0
) -> AsyncIterator[StrideApp]:
    """Run ``application`` inside an existing event loop, as ``run_polling`` would.

    ``run_polling`` owns the loop and the signals; tests and the demo already have a loop,
    so they use this instead: initialize, post_init, poll, and the reverse on exit.
    """
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    assert application.updater is not None, "polling needs an Updater"
    await application.updater.start_polling(
        poll_interval=0.0, timeout=timedelta(seconds=poll_timeout), allowed_updates=ALLOWED_UPDATES
    )
    await application.start()
    try:
        yield application
    finally:
        if application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
