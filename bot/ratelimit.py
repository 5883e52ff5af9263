"""Outgoing flood control: stay just under Telegram's limits instead of bouncing off them.

Telegram allows a bot about 30 messages a second overall and about one message a second in
one private chat (20 a minute in a group); going over earns ``429 Too Many Requests``.
PTB's ``AIORateLimiter`` has no per-chat limit for private chats and retries nothing by
default, and its leaky bucket lets a burst of 30 through at once after an idle second, which
a sliding-window counter on Telegram's side can read as 31 in one second. So Stride uses its
own limiter:

* **Overall**: sends are *paced* on a grid, one every ``1 / overall_rate`` seconds; a start
  that comes late (a busy event loop) restarts the grid instead of being made up in a burst
  (see :class:`Pacer`). At 28.8/s that is 96 % of the cap, with room in any one-second
  window for network delays that squeeze requests together.
* **Per chat**: requests to one chat run one at a time, the next one starting a full interval
  after the previous one *finished* (so network delay cannot squeeze two into one second).
* **Priority**: replies to a user (the default) overtake scheduled pushes waiting for their
  turn; the scheduler marks its sends with ``rate_limit_args=BULK``. During a morning
  fan-out an athlete pressing a button still gets an answer at once.
* **RetryAfter** slows only what it must: a 429 for one chat holds that chat for
  ``retry_after`` seconds (its per-chat limit is what was hit; other chats keep going); a
  second 429 for another chat within a few seconds, or one for a request without a chat,
  means the bot's overall budget was hit, and every send waits. The request is retried at
  most ``max_retries`` times and only while the wait is at most ``max_retry_wait`` (a
  longer wait is the scheduler's business: it re-queues the push with the database's
  backoff).

Only sending methods count (``send*``, copies and forwards) for both limits; edits count for
the overall pace only; everything else (``answerCallbackQuery``, ``getMe`` ...) passes
straight through, as with Telegram. ``getUpdates`` never reaches a rate limiter in PTB.

**Paid broadcasts** (``SendTurn(paid=True)``, sent with ``allow_paid_broadcast``) are paced
on a lane of their own, at ``paid_rate`` (Telegram allows 1,000 a second, for 0.1 Stars a
message), outside the overall pace; the per-chat limit still applies.

**Several instances share one budget.** Telegram's 30 messages a second are the bot's, not
an instance's: with N instances on one token (``STRIDE_INSTANCES``), each paces itself at
its share, ``OVERALL_RATE / N`` (:meth:`StrideRateLimiter.shared_by`). The scheduler's
claims split a fan-out between the instances (``FOR UPDATE SKIP LOCKED``), so all of them
work through a big morning at once and the shares add up to the whole budget.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import heapq
import itertools
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from scheduler.delivery import SendTurn

log = logging.getLogger(__name__)

#: ``rate_limit_args`` values: lower goes first.
INTERACTIVE = 0
BULK = 1

#: 96 % of Telegram's 30/s: with the pacer's 10 ms tolerance, a one-second window holds at
#: most 29 starts even when the network delays some requests by up to ~60 ms more than others.
OVERALL_RATE = 28.8
PRIVATE_CHAT_INTERVAL = 1.0
GROUP_CHAT_INTERVAL = 3.0  # 20 a minute
#: Extra spacing after a chat's previous send finished (clock granularity, server skew).
CHAT_MARGIN = 0.02
MAX_RETRIES = 3
MAX_RETRY_WAIT = 30.0
#: The paid-broadcast lane (Telegram: up to 1,000 a second), with the same margin.
PAID_RATE = 960.0
#: 429s for two different chats within this many seconds mean the bot's overall budget.
FLOOD_WINDOW = 3.0

_EDIT_PREFIX = "editmessage"
_SEND_METHODS = frozenset({"copymessage", "copymessages", "forwardmessage", "forwardmessages"})

JSON = bool | dict[str, Any] | list[dict[str, Any]]


def counts_as_send(endpoint: str) -> bool:
    """Whether ``endpoint`` posts a new message (what Telegram's flood limits count)."""
    key = endpoint.lower()
    return key.startswith("send") or key in _SEND_METHODS


def retry_after_seconds(exc: RetryAfter) -> float:
    """How long Telegram asked us to wait, in seconds (int or timedelta, per PTB_TIMEDELTA)."""
    wait = exc.retry_after
    return float(wait) if isinstance(wait, int) else wait.total_seconds()


class Pacer:
    """Releases callers one at a time, on a grid ``interval`` seconds apart, best priority
    first.

    Starts are kept on the grid (a timer that fires a millisecond late does not push every
    later start back, which would cost a few percent of the rate), but a start more than
    ``tolerance`` late begins a new grid: slots missed while the event loop was busy are
    not made up in a burst. Any one-second window therefore holds at most
    ``rate * (1 + tolerance) + 1`` starts.
    """

    def __init__(
        self,
        interval: float,
        *,
        tolerance: float = 0.01,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = interval
        self.tolerance = tolerance
        self._monotonic = monotonic
        self._next = 0.0
        self._granted = False
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()
        self._timer: asyncio.TimerHandle | None = None

    @property
    def waiting(self) -> int:
        return sum(1 for *_, fut in self._waiters if not fut.done())

    def hold(self, seconds: float) -> None:
        """Release nobody for ``seconds`` from now (a RetryAfter)."""
        self._next = max(self._next, self._monotonic() + seconds)

    async def turn(
        self, priority: int = INTERACTIVE, then: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        """Wait until this caller may start its request.

        ``then`` runs once the turn has come and before the slot is taken, with nobody else
        released meanwhile (the scheduler marks the push ``sending`` there): the grid counts
        from when the request really leaves, so a slow ``then`` cannot bunch requests. If it
        raises, no slot is used and the next caller goes.
        """
        now = self._monotonic()
        if not self._granted and not self.waiting and now >= self._next:
            if then is None:
                self._take_slot(now)
                return
            self._granted = True
        else:
            fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            heapq.heappush(self._waiters, (priority, next(self._seq), fut))
            self._arm()
            try:
                await fut
            except asyncio.CancelledError:
                if fut.done() and not fut.cancelled():
                    self._granted = False  # granted, then cancelled before running: pass it on
                    self._arm()
                else:
                    fut.cancel()
                raise
        try:
            if then is not None:
                await then()
        except BaseException:
            self._granted = False
            self._arm()
            raise
        self._granted = False
        self._take_slot(self._monotonic())
        self._arm()

    def _take_slot(self, now: float) -> None:
        slot = self._next if now - self._next <= self.tolerance else now
        self._next = slot + self.interval

    def _arm(self) -> None:
        if self._timer is not None or self._granted:
            return
        while self._waiters and self._waiters[0][2].done():
            heapq.heappop(self._waiters)
        if not self._waiters:
            return
        delay = max(0.0, self._next - self._monotonic())
        self._timer = asyncio.get_running_loop().call_later(delay, self._release)

    def _release(self) -> None:
        self._timer = None
        if self._granted:
            return
        if self._monotonic() < self._next:
            self._arm()
            return
        while self._waiters:
            _, _, fut = heapq.heappop(self._waiters)
            if not fut.done():
                fut.set_result(None)
                self._granted = True
                return


class _ChatGate:
    __slots__ = ("lock", "ready_at", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.ready_at = 0.0
        self.users = 0


class StrideRateLimiter(BaseRateLimiter[int | SendTurn]):
    """Paced overall, one-at-a-time per chat, interactive first; see the module docstring.

    ``rate_limit_args`` is a priority, or a :class:`~scheduler.delivery.SendTurn`: a priority
    and a ``start`` awaited when the request's turn has come, right before it leaves (the
    scheduler marks the push ``sending`` there, so what waits here is never at risk).
    """

    honours_send_turn = True

    def __init__(
        self,
        overall_rate: float = OVERALL_RATE,
        *,
        private_chat_interval: float = PRIVATE_CHAT_INTERVAL,
        group_chat_interval: float = GROUP_CHAT_INTERVAL,
        max_retries: int = MAX_RETRIES,
        max_retry_wait: float = MAX_RETRY_WAIT,
        paid_rate: float = PAID_RATE,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if overall_rate <= 0 or paid_rate <= 0:
            raise ValueError("rates must be positive")
        self.overall_rate = overall_rate
        self.private_chat_interval = private_chat_interval
        self.group_chat_interval = group_chat_interval
        self.max_retries = max_retries
        self.max_retry_wait = max_retry_wait
        self._monotonic = monotonic
        self._pacer = Pacer(1.0 / overall_rate, monotonic=monotonic)
        self._paid_pacer = Pacer(1.0 / paid_rate, monotonic=monotonic)
        self._chats: dict[object, _ChatGate] = {}
        self._refusals: collections.deque[tuple[float, object]] = collections.deque()
        self.retry_afters = 0  # how many 429s this limiter has seen (for the bench and logs)
        self.overall_holds = 0  # how many of them held every send, not just one chat

    @classmethod
    def shared_by(cls, instances: int, **kwargs: Any) -> StrideRateLimiter:
        """The limiter of one of ``instances`` processes on one bot token: each paces at its
        share of :data:`OVERALL_RATE`, so together they stay under Telegram's limit."""
        if instances < 1:
            raise ValueError("instances must be at least 1")
        return cls(OVERALL_RATE / instances, **kwargs)

    def _overall(self, chat_id: object) -> bool:
        """Whether a 429 means the bot's overall budget (hold every send) rather than one
        chat's (hold that chat): no chat, or another chat refused within FLOOD_WINDOW."""
        now = self._monotonic()
        refusals = self._refusals
        while refusals and refusals[0][0] < now - FLOOD_WINDOW:
            refusals.popleft()
        others = any(chat != chat_id for _, chat in refusals)
        refusals.append((now, chat_id))
        return chat_id is None or others

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close: waiters belong to requests that are being cancelled anyway."""

    def _chat_interval(self, chat_id: object) -> float:
        if isinstance(chat_id, str):
            return self.group_chat_interval  # "@channel"
        with contextlib.suppress(TypeError, ValueError):
            if int(chat_id) < 0:  # type: ignore[call-overload]
                return self.group_chat_interval
        return self.private_chat_interval

    @contextlib.asynccontextmanager
    async def _chat_turn(self, chat_id: object) -> AsyncIterator[None]:
        """Hold ``chat_id``'s gate: one request at a time, spaced from the last one's end."""
        gate = self._chats.get(chat_id)
        if gate is None:
            gate = self._chats[chat_id] = _ChatGate()
        gate.users += 1
        try:
            async with gate.lock:
                wait = gate.ready_at - self._monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                try:
                    yield
                finally:
                    gate.ready_at = self._monotonic() + self._chat_interval(chat_id) + CHAT_MARGIN
        finally:
            gate.users -= 1
            if gate.users == 0 and len(self._chats) > 256:
                self._prune()

    def _prune(self) -> None:
        now = self._monotonic()
        for key in [k for k, g in self._chats.items() if g.users == 0 and g.ready_at <= now]:
            del self._chats[key]

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | SendTurn | None,
    ) -> JSON:
        """Run ``callback`` when the limits allow; retry a RetryAfter within bounds."""
        start: Callable[[], Awaitable[None]] | None = None
        pacer = self._pacer
        if isinstance(rate_limit_args, SendTurn):
            start = rate_limit_args.start
            if rate_limit_args.paid:
                pacer = self._paid_pacer  # its own lane, outside the 30 a second
            rate_limit_args = rate_limit_args.priority
        priority = rate_limit_args if rate_limit_args is not None else INTERACTIVE
        sends = counts_as_send(endpoint)
        paced = sends or endpoint.lower().startswith(_EDIT_PREFIX)
        chat_id = data.get("chat_id")
        for attempt in range(self.max_retries + 1):
            then, start = start, None  # the first attempt starts the push; retries follow it
            try:
                if sends and chat_id is not None:
                    async with self._chat_turn(chat_id):
                        await pacer.turn(priority, then)
                        return await callback(*args, **kwargs)
                if paced:
                    await pacer.turn(priority, then)
                elif then is not None:
                    await then()
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                self.retry_afters += 1
                seconds = retry_after_seconds(exc)
                if attempt >= self.max_retries or seconds > self.max_retry_wait:
                    raise
                if self._overall(chat_id):
                    self.overall_holds += 1
                    log.warning("Telegram asked the bot to slow down: all wait %.1f s", seconds)
                    self._pacer.hold(seconds + 0.1)
                else:
                    log.info("chat %s: Telegram asked to wait %.1f s", chat_id, seconds)
                gate = self._chats.get(chat_id)
                if gate is not None:
                    gate.ready_at = max(gate.ready_at, self._monotonic() + seconds + 0.1)
                await asyncio.sleep(seconds + 0.1)
        raise AssertionError("unreachable")
