"""Webhook mode: Telegram's updates and the load balancer's health check on one server.

python-telegram-bot's ``run_webhook`` serves the update route only, so Stride runs its own
small server (tornado, which PTB's webhook extra already installs), as PTB's custom-webhook
examples do with the Application's Updater turned off: ``POST /<url_path>`` takes an update
(only with the secret token Telegram was given) and puts it on the Application's queue;
``GET /healthz`` answers :func:`bot.health.health`.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from http import HTTPStatus
from typing import Any

import tornado.httpserver
import tornado.web
from telegram import Update
from telegram.ext import Application

from bot.api import stride_bot
from bot.deps import deps_of
from bot.health import TickWatch, health

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"


class _UpdateRoute(tornado.web.RequestHandler):
    """Telegram's POST of one update."""

    def initialize(self, stride: Application[Any, Any, Any, Any, Any, Any], secret: str) -> None:
        self.app = stride
        self.secret = secret

    async def post(self) -> None:
        token = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(token.encode(), self.secret.encode()):
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        try:
            raw = json.loads(self.request.body)
            stride_bot(self.app.bot).keep_raw(raw)  # for the inbox, as sent (bot.api)
            update = Update.de_json(raw, self.app.bot)
        except (ValueError, TypeError, KeyError) as exc:
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from exc
        await self.app.update_queue.put(update)
        self.set_status(HTTPStatus.OK)

    def log_exception(self, *args: Any) -> None:
        """A refused request (wrong secret, bad JSON) is not a server error worth a trace."""


class _HealthRoute(tornado.web.RequestHandler):
    def initialize(
        self, stride: Application[Any, Any, Any, Any, Any, Any], watch: TickWatch
    ) -> None:
        self.app = stride
        self.watch = watch

    async def get(self) -> None:
        status, body = await health(deps_of(self.app), self.watch)
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(body))


def routes(
    application: Application[Any, Any, Any, Any, Any, Any],
    *,
    url_path: str,
    secret: str,
    watch: TickWatch,
) -> tornado.web.Application:
    """The server's two routes."""
    update_path = "/" + url_path.strip("/")
    return tornado.web.Application(
        [
            (rf"{update_path}/?", _UpdateRoute, {"stride": application, "secret": secret}),
            (HEALTH_PATH, _HealthRoute, {"stride": application, "watch": watch}),
        ],
        log_function=lambda handler: None,  # no access log: it would carry nothing useful
    )


async def serve_webhook(
    application: Application[Any, Any, Any, Any, Any, Any],
    *,
    listen: str,
    port: int,
    url_path: str,
    webhook_url: str,
    secret: str,
    allowed_updates: list[str],
    stop: asyncio.Event | None = None,
) -> None:
    """Run ``application`` behind the webhook server until ``stop`` is set (by default on
    SIGTERM or SIGINT), as ``run_webhook`` would: initialize, post_init, register the
    webhook, serve; then stop the server first, so no update arrives while the rest stops."""
    stop = stop or _stop_on_signals()
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    watch = TickWatch(deps_of(application))
    server = tornado.httpserver.HTTPServer(
        routes(application, url_path=url_path, secret=secret, watch=watch)
    )
    server.listen(port, address=listen)
    try:
        await application.bot.set_webhook(
            url=webhook_url, secret_token=secret, allowed_updates=allowed_updates
        )
        await application.start()
        watch.start()
        log.info("webhook server on %s:%s (health at %s)", listen, port, HEALTH_PATH)
        await stop.wait()
    finally:
        server.stop()
        await watch.stop()
        if application.running:
            await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop
