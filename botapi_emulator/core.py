"""`BotAPIEmulator`: the fake Telegram server both doors (in-process and HTTP) talk to.

One object owns the world, the fault switches, the rate limiter, the call log and the
statistics, all guarded by a single re-entrant lock so that the HTTP door (possibly in a
background thread) and the user side (a test or the demo, possibly in another loop) can act
concurrently. :meth:`BotAPIEmulator.handle` is the single entry point for Bot API calls.
"""

from __future__ import annotations

import collections
import heapq
import itertools
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from urllib.parse import unquote, urlsplit

from botapi_emulator.errors import ApiError
from botapi_emulator.faults import Fault, FaultSwitches
from botapi_emulator.formatting import command_entities
from botapi_emulator.methods import HANDLERS, METHOD_NAMES, Call, image_size
from botapi_emulator.notify import ChangeNotifier
from botapi_emulator.params import UploadedFile, coerce_params
from botapi_emulator.ratelimit import RateLimiter
from botapi_emulator.views import ApiCall, CallbackAnswer, MessageEvent, MessageView
from botapi_emulator.world import (
    CallbackRecord,
    ChatType,
    StoredChat,
    StoredMessage,
    StoredUser,
    World,
    timestamp,
)

if TYPE_CHECKING:
    from botapi_emulator.users import EmulatedGroup, EmulatedUser

T = TypeVar("T")
_LOGGER = logging.getLogger(__name__)

IN_PROCESS_BASE = "http://emulator.invalid"
_TOKEN_RE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{1,100}$")
_API_PATH = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z0-9_]+)/?$")
_FILE_PATH = re.compile(r"/file/bot(?P<token>[^/]+)/(?P<path>.+)$")


@dataclass(frozen=True)
class ApiResponse:
    """What a door sends back: an HTTP status and Telegram's JSON body, or a time-out."""

    status: int
    body: dict[str, Any]
    timed_out: bool = False

    def payload(self) -> bytes:
        """The UTF-8 JSON body."""
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class Route:
    """A parsed Bot API URL: a method call or a file download."""

    kind: Literal["api", "file"]
    token: str
    target: str


def parse_route(url: str) -> Route | None:
    """Split ``.../bot<token>/<method>`` and ``.../file/bot<token>/<path>`` URLs."""
    path = unquote(urlsplit(url).path)
    match = _FILE_PATH.search(path)
    if match:
        return Route("file", match["token"], match["path"])
    match = _API_PATH.search(path)
    if match:
        return Route("api", match["token"], match["method"])
    return None


@dataclass
class EmulatorStats:
    """Counters for tests and benchmarks (read them under no lock; they only grow)."""

    calls: int = 0
    messages_sent: int = 0
    edits: int = 0
    errors: int = 0
    rate_limited: int = 0
    too_many_requests: int = 0
    paid_messages: int = 0  # sent with allow_paid_broadcast (Telegram bills 0.1 Stars each)
    faults_injected: int = 0
    by_method: collections.Counter[str] = field(default_factory=collections.Counter)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class BotAPIEmulator:
    """An in-memory Telegram Bot API server for one bot (see the package docstring)."""

    def __init__(
        self,
        token: str = "123456:TEST-emulator-token",
        *,
        clock: Callable[[], datetime] | None = None,
        bot_username: str = "stride_bot",
        bot_first_name: str = "Stride",
        max_calls: int = 100_000,
    ) -> None:
        if not _TOKEN_RE.match(token):
            raise ValueError("token must look like a bot token: digits, a colon, then letters")
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self._clock = clock or _utc_now
        self._lock = threading.RLock()
        self._notifier = ChangeNotifier()
        self.world = World(self.bot_id, bot_username, bot_first_name)
        self.faults = FaultSwitches(self._lock)
        self.stats = EmulatorStats()
        self.rate_limiter: RateLimiter | None = None
        self._calls: collections.deque[ApiCall] = collections.deque(maxlen=max_calls)
        # The same calls per lower-cased method, each tagged with its place in the log, so
        # calls_to() visits only the calls it returns; trimmed together with the log.
        self._calls_by_method: dict[str, collections.deque[tuple[int, ApiCall]]] = {}
        self._call_seq = itertools.count()
        self._listeners: list[Callable[[MessageEvent], None]] = []
        self._poll_generation = 0
        self._parked_polls = 0
        self._last_activity = time.monotonic()
        # Updates fetched by a bot that reports when it has handled each (track_handling).
        self._tracking_handling = False
        self._in_hand: set[int] = set()

    # -- URLs ---------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``base_url`` for PTB with :class:`EmulatorRequest` (the host never resolves)."""
        return f"{IN_PROCESS_BASE}/bot"

    @property
    def base_file_url(self) -> str:
        """``base_file_url`` for PTB with :class:`EmulatorRequest`."""
        return f"{IN_PROCESS_BASE}/file/bot"

    # -- time and notification ------------------------------------------------------------------

    def now(self) -> datetime:
        """The message clock (injectable so tests control ``Message.date``)."""
        moment = self._clock()
        if moment.tzinfo is None:
            raise ValueError("the emulator clock must return timezone-aware datetimes")
        return moment

    def _touch(self) -> None:
        self._last_activity = time.monotonic()

    def _changed(self, events: Iterable[MessageEvent] = ()) -> None:
        """Wake waiters and tell listeners; call without holding the lock."""
        self._notifier.notify()
        for event in events:
            for listener in list(self._listeners):
                listener(event)

    def subscribe(self, listener: Callable[[MessageEvent], None]) -> Callable[[], None]:
        """Call ``listener`` whenever the bot sends/edits/deletes a message; returns unsubscribe.

        Listeners run in whichever thread served the Bot API call, so keep them quick.
        """
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    # -- world setup ------------------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        started: bool = False,
    ) -> EmulatedUser:
        """Create (or fetch) a user and their private chat.

        ``started=True`` lets the bot message the user before they ever wrote to it;
        otherwise Telegram's rule applies (403 "bot can't initiate conversation").
        """
        from botapi_emulator.users import EmulatedUser

        with self._lock:
            record = self.world.add_user(
                StoredUser(
                    id=user_id,
                    first_name=first_name or f"User{user_id}",
                    last_name=last_name,
                    username=username,
                    language_code=language_code,
                    started=started,
                )
            )
            if started:
                record.started = True
        return EmulatedUser(self, record)

    def group(
        self,
        chat_id: int,
        title: str = "Group",
        *,
        members: Iterable[EmulatedUser] = (),
        chat_type: ChatType | None = None,
    ) -> EmulatedGroup:
        """Create (or fetch) a group chat the bot is a member of."""
        from botapi_emulator.users import EmulatedGroup

        with self._lock:
            chat = self.world.add_group(chat_id, title, chat_type)
            chat.members.update(member.id for member in members)
        return EmulatedGroup(self, chat)

    def block(self, user_id: int) -> None:
        """The user blocks the bot: calls targeting their chat answer 403 until unblocked.

        Like Telegram, the bot also receives a ``my_chat_member`` update (member -> kicked).
        """
        with self._lock:
            user = self._user_record(user_id)
            if user.blocked:
                return
            user.blocked = True
            self._enqueue_membership(user, "member", "kicked")
        self._changed()

    def unblock(self, user_id: int) -> None:
        """The user unblocks the bot (``my_chat_member`` kicked -> member)."""
        with self._lock:
            user = self._user_record(user_id)
            if not user.blocked:
                return
            user.blocked = False
            self._enqueue_membership(user, "kicked", "member")
        self._changed()

    def _user_record(self, user_id: int) -> StoredUser:
        user = self.world.users.get(user_id)
        if user is None:
            raise KeyError(f"unknown user {user_id}; create it with emu.user({user_id})")
        return user

    def _enqueue_membership(self, user: StoredUser, old: str, new: str) -> None:
        bot = self.world.bot_user
        new_member: dict[str, Any] = {"status": new, "user": bot}
        if new == "kicked":
            new_member["until_date"] = 0
        self.world.enqueue(
            {
                "my_chat_member": {
                    "chat": self.world.chats[user.id].to_api(),
                    "from": user.to_api(),
                    "date": timestamp(self.now()),
                    "old_chat_member": {"status": old, "user": bot},
                    "new_chat_member": new_member,
                }
            }
        )
        self._touch()

    def enforce_rate_limits(
        self,
        per_bot_per_second: int = 30,
        per_chat_per_second: int = 1,
        per_group_per_minute: int | None = 20,
        *,
        count_edits: bool = False,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> RateLimiter:
        """Turn on Telegram-like flood control (off by default); returns the limiter."""
        limiter = RateLimiter(
            per_bot_per_second,
            per_chat_per_second,
            per_group_per_minute,
            count_edits=count_edits,
            monotonic=monotonic,
        )
        with self._lock:
            self.rate_limiter = limiter
        return limiter

    def disable_rate_limits(self) -> None:
        """Turn flood control off again."""
        with self._lock:
            self.rate_limiter = None

    # -- inspection -------------------------------------------------------------------------------

    @property
    def calls(self) -> list[ApiCall]:
        """Every Bot API call so far (oldest first; capped at ``max_calls``)."""
        with self._lock:
            return list(self._calls)

    def calls_to(self, *methods: str) -> list[ApiCall]:
        """The calls of the given methods (case-insensitive), oldest first."""
        with self._lock:
            logs = [
                self._calls_by_method[name]
                for name in {m.lower() for m in methods}
                if name in self._calls_by_method
            ]
            if len(logs) == 1:
                return [call for _, call in logs[0]]
            return [call for _, call in heapq.merge(*logs, key=lambda entry: entry[0])]

    def messages(
        self, chat: int | StoredChat, *, include_user: bool = False, after: int = 0
    ) -> list[MessageView]:
        """Messages of a chat, oldest first: the bot's only, or both sides.

        ``after`` keeps only those with a greater ``message_id`` (newer ones), without
        visiting the older ones.
        """
        chat_id = chat.id if isinstance(chat, StoredChat) else chat
        with self._lock:
            bot = self.world.bot_user
            return [
                MessageView.of(m, bot)
                for m in self.world.chat_messages(chat_id, include_user=include_user, after=after)
            ]

    def last_message(
        self, chat: int | StoredChat, *, include_user: bool = False
    ) -> MessageView | None:
        """The latest message of a chat (the bot's, or either side's), or None if there is none.

        ``messages(chat)[-1]`` without building a view of every other message.
        """
        chat_id = chat.id if isinstance(chat, StoredChat) else chat
        with self._lock:
            found = self.world.last_message(chat_id, include_user=include_user)
            return None if found is None else MessageView.of(found, self.world.bot_user)

    def message(self, chat_id: int, message_id: int) -> MessageView:
        """One message's current state (KeyError if it does not exist)."""
        with self._lock:
            stored = self.world.messages.get((chat_id, message_id))
            if stored is None:
                raise KeyError(f"no message {message_id} in chat {chat_id}")
            return MessageView.of(stored, self.world.bot_user)

    @property
    def polling(self) -> bool:
        """Whether a getUpdates long poll is parked right now (i.e. the bot is listening)."""
        with self._lock:
            return self._parked_polls > 0

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by a getUpdates offset."""
        with self._lock:
            return [u.to_api() for u in self.world.updates]

    def callback_answers(self, user_id: int | None = None) -> list[CallbackAnswer]:
        """All button presses (optionally one user's), with the bot's answers."""
        with self._lock:
            if user_id is None:
                return [CallbackAnswer.of(r) for r in self.world.callbacks.values()]
            return [CallbackAnswer.of(r) for r in self.world.user_callbacks(user_id)]

    # -- waiting ----------------------------------------------------------------------------------

    async def wait_for(
        self,
        predicate: Callable[[], T],
        timeout: float = 5.0,  # noqa: ASYNC109 - the deadline is part of the test-facing API
        *,
        description: str | None = None,
    ) -> T:
        """Wait until ``predicate()`` is truthy and return its value; TimeoutError otherwise.

        Re-checked whenever the emulator's state changes (and at least every 50 ms, so
        predicates may also look at things outside the emulator, e.g. the database).
        """
        deadline = time.monotonic() + timeout
        while True:
            version = self._notifier.version
            with self._lock:
                value = predicate()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                what = description or getattr(predicate, "__name__", "condition")
                raise TimeoutError(f"emulator: {what} not met within {timeout}s")
            await self._notifier.wait(version, min(remaining, 0.05))

    async def wait_idle(
        self,
        quiet: float = 0.05,
        timeout: float = 5.0,  # noqa: ASYNC109 - the deadline is part of the test-facing API
    ) -> None:
        """Wait until every queued update was fetched and no Bot API call came for ``quiet`` s.

        "Idle" is judged from the emulator's side: a handler that computes for longer than
        ``quiet`` without calling the Bot API looks idle. Raises TimeoutError if the bot
        never settles (e.g. nothing is polling).
        """
        deadline = time.monotonic() + timeout
        while True:
            version = self._notifier.version
            with self._lock:
                undelivered = any(not u.delivered for u in self.world.updates)
                idle_for = time.monotonic() - self._last_activity
            if not undelivered and idle_for >= quiet:
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                state = "updates are still queued" if undelivered else "the bot kept calling"
                raise TimeoutError(f"emulator: not idle within {timeout}s ({state})")
            step = remaining if undelivered else min(remaining, quiet - idle_for)
            await self._notifier.wait(version, max(step, 0.001))

    # -- handling: idle as the bot knows it -----------------------------------------------------

    def track_handling(self) -> None:
        """From now on an update the bot fetches is *in hand* until the bot reports it handled
        (:meth:`handled`), so :attr:`idle` and :meth:`wait_handled` need no silence.

        Silence is a guess: a handler that computes (or waits for the CPU on a busy machine)
        for longer than ``wait_idle``'s ``quiet`` looks idle, and a script's next line then
        overtakes the bot's answer. A bot run in-process wraps its update handling to report
        (``stride demo`` does; see ``TrackedApplication`` in the tests for the same idea).
        """
        with self._lock:
            self._tracking_handling = True

    def handled(self, update_id: int) -> None:
        """The bot has finished with update ``update_id`` (its handlers returned or failed)."""
        with self._lock:
            self._in_hand.discard(update_id)
        self._changed()

    def in_hand(self) -> list[int]:
        """The ids of the updates fetched and not yet reported handled (with tracking on)."""
        with self._lock:
            return sorted(self._in_hand)

    @property
    def idle(self) -> bool:
        """No update waits to be fetched, and (with :meth:`track_handling`) none is in hand."""
        with self._lock:
            return self._idle()

    def _idle(self) -> bool:
        return not self._in_hand and all(u.delivered for u in self.world.updates)

    async def wait_handled(
        self,
        timeout: float = 5.0,  # noqa: ASYNC109 - the deadline is part of the test-facing API
    ) -> None:
        """Wait until :attr:`idle`: every update fetched and, with :meth:`track_handling`, every
        one handled. TimeoutError (saying which updates) when the bot does not get there."""
        try:
            await self.wait_for(self._idle, timeout, description="bot idle")
        except TimeoutError:
            with self._lock:
                queued = [u.update_id for u in self.world.updates if not u.delivered]
                held = sorted(self._in_hand)
            raise TimeoutError(
                f"emulator: not idle within {timeout}s (queued {queued}, in hand {held})"
            ) from None

    # -- the Bot API ------------------------------------------------------------------------------

    def _token_error(self, token: str) -> ApiError | None:
        if token == self.token:
            return None
        return ApiError.unauthorized() if _TOKEN_RE.match(token) else ApiError.not_found()

    def _record(
        self,
        method: str,
        params: Mapping[str, Any],
        files: Mapping[str, UploadedFile],
        response: ApiResponse,
        fault: Fault | None,
        door: str,
        started: float,
    ) -> None:
        """Append to the call log and bump counters (caller holds the lock)."""
        body = response.body
        call = ApiCall(
            method=method,
            params=dict(params),
            files=tuple(files),
            status=response.status,
            description=body.get("description"),
            result=body.get("result"),
            fault=fault.kind if fault else None,
            door=door,
            started=started,
            finished=time.monotonic(),
        )
        if self._calls.maxlen:  # max_calls=0 keeps no log at all
            if len(self._calls) == self._calls.maxlen:  # the log drops its oldest call
                evicted = self._calls[0].method.lower()
                by_method = self._calls_by_method[evicted]
                by_method.popleft()
                if not by_method:
                    del self._calls_by_method[evicted]
            self._calls.append(call)
            self._calls_by_method.setdefault(method.lower(), collections.deque()).append(
                (next(self._call_seq), call)
            )
        self.stats.calls += 1
        self.stats.by_method[method] += 1
        if response.status != 200:
            self.stats.errors += 1
        if response.status == 429:
            self.stats.too_many_requests += 1
        if fault is not None:
            self.stats.faults_injected += 1

    async def handle(
        self,
        token: str,
        method: str,
        raw_params: Mapping[str, Any] | None = None,
        files: Mapping[str, UploadedFile] | None = None,
        *,
        door: str = "in-process",
    ) -> ApiResponse:
        """Answer one Bot API call exactly as Telegram would (the doors' single entry point)."""
        started = time.monotonic()
        files = files or {}
        canonical = METHOD_NAMES.get(method.lower(), method)
        token_error = self._token_error(token)
        try:
            if token_error is not None:
                raise token_error
            if method.lower() not in METHOD_NAMES:
                raise ApiError.not_found()
            params = coerce_params(raw_params or {})
        except ApiError as error:
            response = ApiResponse(error.error_code, error.to_json())
            with self._lock:
                self._record(
                    canonical, dict(raw_params or {}), files, response, None, door, started
                )
            self._changed()
            return response
        if canonical == "getUpdates":
            return await self._get_updates(params, door, started)
        return self._call(canonical, params, files, door, started)

    def _call(
        self,
        method: str,
        params: dict[str, Any],
        files: Mapping[str, UploadedFile],
        door: str,
        started: float,
    ) -> ApiResponse:
        call = Call(self.world, params, files, self.now())
        chat_id = params.get("chat_id")
        with self._lock:
            self._touch()
            fault = self.faults.pick(method, chat_id)
            response: ApiResponse
            if fault is not None and not fault.has_side_effect:
                if fault.is_timeout:
                    response = ApiResponse(504, {"ok": False}, timed_out=True)
                else:
                    error = fault.to_error()
                    response = ApiResponse(error.error_code, error.to_json())
            else:
                response = self._run(method, call, chat_id)
                if fault is not None:
                    response = ApiResponse(response.status, response.body, timed_out=True)
            self._record(method, params, files, response, fault, door, started)
            events = self._events(call) if response.status == 200 else []
        self._changed(events)
        return response

    def _events(self, call: Call) -> list[MessageEvent]:
        """Snapshot the call's changes for listeners (caller holds the lock)."""
        if not self._listeners:
            return []
        bot = self.world.bot_user
        return [MessageEvent(kind, MessageView.of(message, bot)) for kind, message in call.changes]

    def _run(self, method: str, call: Call, chat_id: object) -> ApiResponse:
        """Rate limit, then the handler; caller holds the lock."""
        limiter = self.rate_limiter
        paid = call.params.get("allow_paid_broadcast") is True
        if limiter is not None:
            retry_after = limiter.check(method, chat_id, paid=paid)
            if retry_after is not None:
                self.stats.rate_limited += 1
                error = ApiError.too_many_requests(retry_after)
                return ApiResponse(error.error_code, error.to_json())
        try:
            result = HANDLERS[method](call)
        except ApiError as error:
            call.changes.clear()
            return ApiResponse(error.error_code, error.to_json())
        except Exception as exc:  # an emulator bug: answer like a broken server, loudly
            _LOGGER.exception("emulator: %s crashed with %r", method, call.params)
            call.changes.clear()
            crash = ApiError(500, f"Internal Server Error: emulator bug in {method}: {exc!r}")
            return ApiResponse(500, crash.to_json())
        if limiter is not None:
            limiter.record(method, chat_id, paid=paid)
        for kind, _ in call.changes:
            if kind == "sent":
                self.stats.messages_sent += 1
                self.stats.paid_messages += paid
            elif kind == "edited":
                self.stats.edits += 1
        return ApiResponse(200, {"ok": True, "result": result})

    async def _get_updates(self, params: dict[str, Any], door: str, started: float) -> ApiResponse:
        """Long polling with Telegram's offset/limit/timeout semantics.

        A newer getUpdates makes a parked one fail with 409, like Telegram does when two bot
        instances poll at once.
        """
        requested = int(params.get("limit", 100))
        limit = 100 if requested <= 0 else min(requested, 100)
        timeout = max(float(params.get("timeout", 0)), 0.0)
        method = "getUpdates"
        with self._lock:
            fault = self.faults.pick(method, None)
            if fault is not None:
                if fault.is_timeout:
                    response = ApiResponse(504, {"ok": False}, timed_out=True)
                else:
                    error = fault.to_error()
                    response = ApiResponse(error.error_code, error.to_json())
                self._record(method, params, {}, response, fault, door, started)
                return response
            if self.world.webhook is not None:
                error = ApiError.conflict(
                    "can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first"
                )
                response = ApiResponse(error.error_code, error.to_json())
                self._record(method, params, {}, response, None, door, started)
                return response
            self.world.confirm(int(params.get("offset", 0)))
            self._poll_generation += 1
            generation = self._poll_generation
        self._changed()
        deadline = time.monotonic() + timeout
        while True:
            version = self._notifier.version
            with self._lock:
                if self._poll_generation != generation:
                    error = ApiError.conflict(
                        "terminated by other getUpdates request; "
                        "make sure that only one bot instance is running"
                    )
                    response = ApiResponse(error.error_code, error.to_json())
                    self._record(method, params, {}, response, None, door, started)
                    return response
                batch = self.world.updates[:limit]
                if batch or time.monotonic() >= deadline:
                    for update in batch:
                        update.delivered = True
                        if self._tracking_handling:
                            self._in_hand.add(update.update_id)
                    if batch:
                        self._touch()
                    response = ApiResponse(200, {"ok": True, "result": [u.to_api() for u in batch]})
                    self._record(method, params, {}, response, None, door, started)
                    break
            with self._lock:
                self._parked_polls += 1
            try:
                await self._notifier.wait(version, deadline - time.monotonic())
            finally:
                with self._lock:
                    self._parked_polls -= 1
        if batch:
            self._changed()
        return response

    def download(self, token: str, file_path: str) -> tuple[int, bytes]:
        """Serve ``/file/bot<token>/<file_path>`` (status, body)."""
        if self._token_error(token) is not None:
            error = self._token_error(token) or ApiError.unauthorized()
            return error.error_code, ApiResponse(error.error_code, error.to_json()).payload()
        with self._lock:
            record = self.world.file_by_path(file_path)
        if record is None:
            return 404, ApiResponse(404, ApiError.not_found().to_json()).payload()
        return 200, record.data

    async def handle_url(
        self,
        url: str,
        raw_params: Mapping[str, Any] | None = None,
        files: Mapping[str, UploadedFile] | None = None,
        *,
        door: str = "in-process",
    ) -> tuple[int, bytes, bool]:
        """Route a full URL (API call or file download): (status, body, timed_out)."""
        route = parse_route(url)
        if route is None:
            return 404, ApiResponse(404, ApiError.not_found().to_json()).payload(), False
        if route.kind == "file":
            status, body = self.download(route.token, route.target)
            return status, body, False
        response = await self.handle(route.token, route.target, raw_params, files, door=door)
        return response.status, response.payload(), response.timed_out

    # -- the user side (used by EmulatedUser / EmulatedGroup) -------------------------------------

    def _resolve_chat(self, user: StoredUser, chat: object) -> StoredChat:
        if chat is None:
            return self.world.chats[user.id]
        chat_id = getattr(chat, "id", chat)
        if not isinstance(chat_id, int):
            raise TypeError(f"chat must be a group, a user or a chat id, not {chat!r}")
        found = self.world.chats.get(chat_id)
        if found is None:
            raise KeyError(f"unknown chat {chat_id}; create groups with emu.group(...)")
        if found.type != "private":
            found.members.add(user.id)
        elif found.id != user.id:
            raise ValueError("a user can only write in their own private chat with the bot")
        return found

    def user_message(
        self,
        user_id: int,
        *,
        chat: object = None,
        text: str | None = None,
        photo: tuple[bytes, str | None] | None = None,
        document: tuple[bytes, str, str | None] | None = None,
        caption: str | None = None,
        location: tuple[float, float] | None = None,
        reply_to: int | None = None,
    ) -> MessageView:
        """A user writes something; the bot receives a ``message`` update."""
        with self._lock:
            user = self._user_record(user_id)
            target = self._resolve_chat(user, chat)
            if target.type == "private":
                if user.blocked:
                    # Writing to a blocked bot means restarting it first, as in the app.
                    user.blocked = False
                    self._enqueue_membership(user, "kicked", "member")
                user.started = True
            message = StoredMessage(
                chat=target,
                message_id=target.take_message_id(),
                sender=user,
                date=self.now(),
                location=location,
                reply_to=self.world.message(target.id, reply_to) if reply_to else None,
            )
            if text is not None:
                message.text = text
                message.entities = command_entities(text)
            if photo is not None:
                data, mime = photo
                width, height = image_size(data) or (1, 1)
                message.photo = self.world.add_file(
                    "photo", data, mime_type=mime, width=width, height=height
                )
            if document is not None:
                data, name, mime = document
                message.document = self.world.add_file(
                    "document", data, file_name=name, mime_type=mime
                )
            if caption is not None and message.has_media:
                message.caption = caption
                message.entities = command_entities(caption)
            self.world.add_message(message)
            self.world.enqueue({"message": message.to_api(self.world.bot_user)})
            self._touch()
            view = MessageView.of(message, self.world.bot_user)
        self._changed()
        return view

    def user_edit(self, user_id: int, chat_id: int, message_id: int, text: str) -> MessageView:
        """A user edits their own text message; the bot receives ``edited_message``."""
        with self._lock:
            message = self.world.message(chat_id, message_id)
            if message is None or message.sender is None or message.sender.id != user_id:
                raise LookupError(f"user {user_id} has no message {message_id} in chat {chat_id}")
            if message.text is None:
                raise ValueError("only text messages can be edited from the user side")
            message.history.append(message.revision())
            message.text = text
            message.entities = command_entities(text)
            message.edit_date = self.now()
            self.world.enqueue({"edited_message": message.to_api(self.world.bot_user)})
            self._touch()
            view = MessageView.of(message, self.world.bot_user)
        self._changed()
        return view

    def press(
        self,
        user_id: int,
        chat_id: int,
        message_id: int,
        *,
        text: str | None = None,
        callback_data: str | None = None,
        seen: MessageView | None = None,
    ) -> CallbackAnswer:
        """A user taps an inline button; the bot receives a ``callback_query`` update.

        The button is looked up on the message as it is now; failing that, on ``seen`` (a
        snapshot the user still has on screen), which is how stale presses reach real bots.
        """
        if (text is None) == (callback_data is None):
            raise ValueError("press needs exactly one of a button text or callback_data")
        with self._lock:
            user = self._user_record(user_id)
            message = self.world.message(chat_id, message_id)
            if message is None:
                raise LookupError(f"message {message_id} in chat {chat_id} does not exist")
            current = MessageView.of(message, self.world.bot_user)
            button = _find_button(current, text, callback_data)
            if button is None and seen is not None:
                button = _find_button(seen, text, callback_data)
            if button is None:
                wanted = repr(text) if text is not None else f"callback_data={callback_data!r}"
                raise LookupError(
                    f"message {message_id} in chat {chat_id} has no button {wanted}; "
                    f"its buttons are {[[tuple(b) for b in row] for row in current.buttons]}"
                )
            if button.callback_data is None:
                raise ValueError(f"button {button.text!r} has no callback_data (a URL button?)")
            record = CallbackRecord(
                id=self.world.new_callback_id(user.id),
                user_id=user.id,
                chat_id=chat_id,
                message_id=message_id,
                data=button.callback_data,
                created=self.now(),
            )
            self.world.add_callback(record)
            self.world.enqueue(
                {
                    "callback_query": {
                        "id": record.id,
                        "from": user.to_api(),
                        "message": message.to_api(self.world.bot_user),
                        "chat_instance": str(abs(hash((self.bot_id, chat_id))) % 10**18),
                        "data": button.callback_data,
                    }
                }
            )
            self._touch()
            answer = CallbackAnswer.of(record)
        self._changed()
        return answer

    def callback_answer(self, query_id: str) -> CallbackAnswer:
        """The current state of one press (answered yet? with what?)."""
        with self._lock:
            record = self.world.callbacks.get(query_id)
            if record is None:
                raise KeyError(f"no callback query {query_id!r}")
            return CallbackAnswer.of(record)


def _find_button(view: MessageView, text: str | None, data: str | None) -> Any:
    for row in view.buttons:
        for button in row:
            if (text is not None and button.text == text) or (
                data is not None and button.callback_data == data
            ):
                return button
    return None
