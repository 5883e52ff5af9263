"""The HTTP door: a real Bot API server on 127.0.0.1, for PTB's default HTTPXRequest.

It exercises what the in-process door skips (httpx, form/multipart encoding, real time-outs)
and lets a separate process (``stride run`` with ``TELEGRAM_API_BASE_URL``) talk to the
emulator. Built on tornado, which PTB's webhook extra already installs. Run it in the current
event loop (``async with EmulatorHTTPServer(emu) as srv``) or in a background thread with its
own loop (``with EmulatorHTTPServer(emu) as srv``).

Besides ``/bot<token>/<method>`` and ``/file/bot<token>/<path>`` it serves a small JSON control
API under ``/_emulator/`` so another process can play the user (see :class:`_ControlHandler`).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
import socket
import threading
from collections.abc import Awaitable
from types import TracebackType
from typing import Any

import tornado.web
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from botapi_emulator.core import ApiResponse, BotAPIEmulator
from botapi_emulator.errors import ApiError
from botapi_emulator.params import UploadedFile

_LOGGER = logging.getLogger(__name__)


def _quiet_log(handler: tornado.web.RequestHandler) -> None:
    """Access log at DEBUG: long polling would otherwise flood test output."""
    request = handler.request
    _LOGGER.debug(
        "%s %s -> %s (%.1f ms)",
        request.method,
        request.path,
        handler.get_status(),
        1000 * request.request_time(),
    )


class _Handler(tornado.web.RequestHandler):
    """Shared plumbing: JSON replies and cancelling work when the client goes away."""

    srv: EmulatorHTTPServer
    _work: asyncio.Future[Any] | None = None
    _gone = False

    def initialize(self, srv: EmulatorHTTPServer) -> None:
        self.srv = srv

    def on_connection_close(self) -> None:
        # PTB cancelling a long poll closes the connection: stop waiting for it server-side.
        self._gone = True
        if self._work is not None:
            self._work.cancel()

    def _reply(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        if self._gone:
            return
        self.set_status(status)
        self.set_header("Content-Type", content_type)
        self.finish(body)

    async def _run(self, coro: Awaitable[Any]) -> tuple[bool, Any]:
        """Run ``coro`` as a cancellable task tied to this connection and to server shutdown."""
        self._work = asyncio.ensure_future(coro)
        self.srv._track(self._work)
        try:
            return True, await self._work
        except asyncio.CancelledError:
            return False, None


class _ApiHandler(_Handler):
    """``GET|POST /bot<token>/<method>`` with query, JSON, form or multipart parameters."""

    def _params(self) -> dict[str, Any]:
        params: dict[str, Any] = {
            name: values[-1].decode("utf-8", "replace")
            for name, values in self.request.query_arguments.items()
        }
        content_type = self.request.headers.get("Content-Type", "")
        if content_type.startswith("application/json"):
            if self.request.body:
                try:
                    body = json.loads(self.request.body)
                except ValueError:
                    raise ApiError.bad_request("can't parse JSON object") from None
                if not isinstance(body, dict):
                    raise ApiError.bad_request("can't parse JSON object")
                params.update(body)
        else:
            params.update(
                {
                    name: values[-1].decode("utf-8", "replace")
                    for name, values in self.request.body_arguments.items()
                }
            )
        return params

    def _files(self) -> dict[str, UploadedFile]:
        return {
            name: UploadedFile(
                filename=parts[-1].filename or name,
                data=bytes(parts[-1].body),
                mime_type=parts[-1].content_type or None,
            )
            for name, parts in self.request.files.items()
            if parts
        }

    async def _serve(self, token: str, method: str) -> None:
        try:
            params = self._params()
        except ApiError as error:
            self._reply(error.error_code, ApiResponse(error.error_code, error.to_json()).payload())
            return
        emulator = self.srv.emulator
        done, response = await self._run(
            emulator.handle(token, method, params, self._files(), door="http")
        )
        if not done:
            return
        assert isinstance(response, ApiResponse)
        if response.timed_out:
            # Hold the response past any sane client read timeout, then give up.
            finished, _ = await self._run(self.srv._stall())
            if finished:
                gateway = ApiError(504, "Gateway Timeout")
                self._reply(504, ApiResponse(504, gateway.to_json()).payload())
            return
        self._reply(response.status, response.payload())

    async def get(self, token: str, method: str) -> None:
        await self._serve(token, method)

    async def post(self, token: str, method: str) -> None:
        await self._serve(token, method)


class _FileHandler(_Handler):
    """``GET /file/bot<token>/<file_path>``: the bytes of a file from ``getFile``."""

    async def get(self, token: str, file_path: str) -> None:
        status, body = self.srv.emulator.download(token, file_path)
        content_type = "application/octet-stream" if status == 200 else "application/json"
        self._reply(status, body, content_type)


class _ControlHandler(_Handler):
    """A JSON control API so another process can act as users (used with ``stride run``).

    * ``POST /_emulator/users/<id>/send`` ``{"text", "first_name"?, "username"?, "chat_id"?}``
    * ``POST /_emulator/users/<id>/press`` ``{"message_id", "text"? | "callback_data"?}``
    * ``POST /_emulator/users/<id>/send_document``
      ``{"data_base64", "filename", "mime_type"?, "caption"?, "chat_id"?}``
    * ``POST /_emulator/users/<id>/send_photo``
      ``{"data_base64", "mime_type"?, "caption"?, "chat_id"?}``
    * ``GET  /_emulator/chats/<id>/messages[?include_user=1]``
    * ``GET  /_emulator/calls``
    * ``POST /_emulator/idle`` ``{"quiet"?, "timeout"?}``
    """

    def _body(self) -> dict[str, Any]:
        if not self.request.body:
            return {}
        body = json.loads(self.request.body)
        if not isinstance(body, dict):
            raise ValueError("expected a JSON object")
        return body

    def _ok(self, result: Any) -> None:
        self._reply(200, json.dumps({"ok": True, "result": result}).encode())

    def _fail(self, status: int, description: str) -> None:
        payload = {"ok": False, "error_code": status, "description": description}
        self._reply(status, json.dumps(payload).encode())

    async def get(self, action: str) -> None:
        emulator = self.srv.emulator
        parts = action.strip("/").split("/")
        if parts == ["calls"]:
            self._ok(
                [
                    {
                        "method": c.method,
                        "status": c.status,
                        "description": c.description,
                        "fault": c.fault,
                    }
                    for c in emulator.calls
                ]
            )
        elif len(parts) == 3 and parts[0] == "chats" and parts[2] == "messages":
            include_user = self.get_query_argument("include_user", "0") in ("1", "true")
            views = emulator.messages(int(parts[1]), include_user=include_user)
            self._ok([v.to_json() for v in views])
        else:
            self._fail(404, "Not Found")

    async def post(self, action: str) -> None:
        emulator = self.srv.emulator
        parts = action.strip("/").split("/")
        try:
            body = self._body()
            if len(parts) == 3 and parts[0] == "users" and parts[2] in _USER_ACTIONS:
                user = emulator.user(
                    int(parts[1]),
                    body.get("first_name"),
                    username=body.get("username"),
                    language_code=body.get("language_code", "en"),
                )
                if parts[2] == "send":
                    view = await user.send(str(body["text"]), chat=body.get("chat_id"))
                    self._ok(view.to_json())
                elif parts[2] == "send_document":
                    view = await user.send_document(
                        _decoded(body),
                        str(body["filename"]),
                        mime_type=body.get("mime_type"),
                        caption=body.get("caption"),
                        chat=body.get("chat_id"),
                    )
                    self._ok(view.to_json())
                elif parts[2] == "send_photo":
                    view = await user.send_photo(
                        _decoded(body),
                        mime_type=str(body.get("mime_type") or "image/jpeg"),
                        caption=body.get("caption"),
                        chat=body.get("chat_id"),
                    )
                    self._ok(view.to_json())
                else:
                    press = await user.press(
                        int(body["message_id"]),
                        body.get("text"),
                        callback_data=body.get("callback_data"),
                        chat=body.get("chat_id"),
                    )
                    self._ok({"query_id": press.query_id, "data": press.data})
            elif parts == ["idle"]:
                await emulator.wait_idle(
                    quiet=float(body.get("quiet", 0.05)), timeout=float(body.get("timeout", 5.0))
                )
                self._ok(True)
            else:
                self._fail(404, "Not Found")
        except TimeoutError as error:
            self._fail(504, str(error))
        except (KeyError, LookupError, ValueError, TypeError) as error:
            self._fail(400, f"{type(error).__name__}: {error}")


_USER_ACTIONS = ("send", "press", "send_document", "send_photo")


def _decoded(body: dict[str, Any]) -> bytes:
    """The file bytes a control call carries as base64 (JSON cannot carry bytes)."""
    try:
        return base64.b64decode(str(body["data_base64"]), validate=True)
    except binascii.Error as error:
        raise ValueError(f"data_base64 is not base64: {error}") from error


class EmulatorHTTPServer:
    """Serve a :class:`BotAPIEmulator` over HTTP on ``host:port`` (port 0 = any free port).

    ``timeout_fault_delay`` is how long a ``timeout`` fault withholds the response; clients
    with a shorter read timeout (PTB's HTTPXRequest defaults to 5 s) time out first.
    """

    def __init__(
        self,
        emulator: BotAPIEmulator,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        timeout_fault_delay: float = 30.0,
    ) -> None:
        self.emulator = emulator
        self.host = host
        self._requested_port = port
        self.timeout_fault_delay = timeout_fault_delay
        self._port: int | None = None
        self._server: HTTPServer | None = None
        self._closing: asyncio.Event | None = None
        self._tasks: set[asyncio.Future[Any]] = set()
        self._thread: threading.Thread | None = None
        self._thread_loop: asyncio.AbstractEventLoop | None = None
        self._thread_stop: asyncio.Event | None = None

    # -- addresses ------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The bound port (after start)."""
        if self._port is None:
            raise RuntimeError("the emulator HTTP server is not running")
        return self._port

    @property
    def url(self) -> str:
        """``http://host:port``."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """PTB ``base_url`` / ``TELEGRAM_API_BASE_URL``: ``http://host:port/bot``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """PTB ``base_file_url``: ``http://host:port/file/bot``."""
        return f"{self.url}/file/bot"

    # -- lifecycle in the current loop --------------------------------------------------------

    async def start(self) -> None:
        """Bind and serve in the running event loop."""
        if self._server is not None:
            raise RuntimeError("already started")
        self._closing = asyncio.Event()
        app = tornado.web.Application(
            [
                (r"/file/bot([^/]+)/(.+)", _FileHandler, {"srv": self}),
                (r"/bot([^/]+)/([A-Za-z0-9_]+)/?", _ApiHandler, {"srv": self}),
                (r"/_emulator/(.+)", _ControlHandler, {"srv": self}),
            ],
            log_function=_quiet_log,
        )
        sockets = bind_sockets(self._requested_port, self.host, family=socket.AF_INET)
        server = HTTPServer(app)
        server.add_sockets(sockets)
        self._server = server
        self._port = int(sockets[0].getsockname()[1])

    async def stop(self) -> None:
        """Stop listening, abort parked long polls and stalled responses, close connections."""
        server = self._server
        if server is None:
            return
        self._server = None
        server.stop()
        if self._closing is not None:
            self._closing.set()
        for task in list(self._tasks):
            task.cancel()
        await server.close_all_connections()
        self._port = None

    async def __aenter__(self) -> EmulatorHTTPServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    def _track(self, task: asyncio.Future[Any]) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _stall(self) -> None:
        assert self._closing is not None
        try:
            await asyncio.wait_for(self._closing.wait(), self.timeout_fault_delay)
        except TimeoutError:
            return
        raise asyncio.CancelledError  # shutting down: do not answer at all

    # -- lifecycle in a background thread ---------------------------------------------------------

    def start_in_thread(self, timeout: float = 10.0) -> EmulatorHTTPServer:
        """Serve from a daemon thread with its own event loop; returns once bound."""
        if self._thread is not None:
            raise RuntimeError("already running in a thread")
        ready = threading.Event()
        failure: list[BaseException] = []

        async def serve() -> None:
            self._thread_loop = asyncio.get_running_loop()
            self._thread_stop = asyncio.Event()
            try:
                await self.start()
            except BaseException as exc:
                failure.append(exc)
                ready.set()
                return
            ready.set()
            try:
                await self._thread_stop.wait()
            finally:
                await self.stop()

        self._thread = threading.Thread(
            target=asyncio.run, args=(serve(),), name="bot-api-emulator", daemon=True
        )
        self._thread.start()
        if not ready.wait(timeout):
            raise RuntimeError("the emulator HTTP server did not start in time")
        if failure:
            self._thread.join(timeout)
            self._thread = None
            raise failure[0]
        return self

    def stop_thread(self, timeout: float = 10.0) -> None:
        """Stop a server started with :meth:`start_in_thread` and join its thread."""
        thread, loop, stop = self._thread, self._thread_loop, self._thread_stop
        if thread is None or loop is None or stop is None:
            return
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout)
        self._thread = None

    def __enter__(self) -> EmulatorHTTPServer:
        return self.start_in_thread()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop_thread()
