"""The tick: find who is due, claim, compose, send, record. Once per push, in every zone.

One tick does, in order: re-claim retryable deliveries (failed ones whose backoff is over,
claims whose lease ran out), then for morning, evening and weekly pushes pages through the
athletes that are due (see :mod:`storage.deliveries` for the claim and its guarantees).

Claimed pushes flow through a small pipeline so that Telegram's rate limit, not the
database or the coach, is what bounds a big fan-out::

    producer: claim a page -> compose it (batched reads, coach, render) -> queue of pages
    senders (2): page -> chunks -> each message waits for the rate limiter's turn ->
                 mark it "sending" -> call the Bot API -> record the outcome

A few pages are in flight at once (one composing while the next are claimed and read), and
the senders work through chunks meanwhile, so the database, the coach and Telegram's rate
limit overlap and the limiter always has work.

**What a crash can cost.** A delivery becomes ``sending`` only when its Bot API call is
about to leave: the rate limiter calls back (:class:`SendTurn`) once the message's turn has
come, and the mark is written then, in one short transaction with the outcomes of the calls
that just ended (:class:`_Ledger`: a group commit, so a transaction carries whatever is
pending). Everything claimed but not started stays ``claimed``: a graceful stop releases it
at once, a crash leaves it to the lease, which the living owner renews every few seconds
(so it is short: :data:`~storage.deliveries.CLAIM_LEASE`). Only the calls in flight are
ambiguous, and Stride sends those again (at-least-once: see :mod:`storage.deliveries`).

A chunk (about half a second of the sender's pace, :data:`CHUNK_SECONDS`, and never less
than ``chunk_size`` messages) is how many messages a sender hands to the rate limiter at
once; a faster sender (paid broadcasts, a benchmark's sender with no limit) gets bigger
chunks.

What to say is not decided here: a :class:`Composer` turns claims into messages (the bot
package provides it, with the coach and the renderers), and a :class:`Sender` talks to
Telegram (:class:`TelegramSender`, or anything with the same method in tests and benches).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

import httpx
from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from coach.pushtimes import PushKind
from scheduler.clock import Clock
from scheduler.spread import Budget, plan_releases
from storage.database import Database
from storage.deliveries import (
    LEASE_RENEW_EVERY,
    PAGE_SIZE,
    UNCONFIRMED,
    Claim,
    DeliveryRepository,
    DeliveryStatus,
    Outcome,
)

log = logging.getLogger(__name__)

#: Messages a sender hands to the rate limiter at once, at the least (about half a second of
#: Telegram's budget each).
CHUNK_SIZE = 15
#: A faster sender's chunks hold about this much of its sending, up to :data:`MAX_CHUNK`.
CHUNK_SECONDS = 0.5
MAX_CHUNK = 500
SENDERS = 2
#: A failed bookkeeping write (the database briefly away) is tried again this many times.
LEDGER_TRIES = 3
#: Pages claimed and composed ahead of the senders.
PAGES_IN_FLIGHT = 3
#: How often a long tick looks again for retries and claims whose owner died.
RETRY_CHECK_EVERY = 10.0
#: While a crowded morning is being spread, how often the tick plans its next releases.
EARLY_CHECK_EVERY = 2.0
#: How often a tick also schedules onboarded athletes that have no next push (safety net).
SWEEP_EVERY = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class OutMessage:
    """One Bot API message: HTML text, or a photo with an optional HTML caption."""

    text: str | None = None
    photo: bytes | None = None
    caption: str | None = None
    reply_markup: InlineKeyboardMarkup | None = None


@dataclass(frozen=True, slots=True)
class Push:
    """What one claimed delivery sends: messages in order, or a reason to send nothing."""

    messages: tuple[OutMessage, ...] = ()
    skip_reason: str | None = None

    @classmethod
    def skip(cls, reason: str) -> Push:
        return cls((), reason)


class Composer(Protocol):
    """Turns a page of claims into pushes (keyed by delivery id). A claim left out of the
    result is recorded as failed and retried."""

    async def compose(self, claims: Sequence[Claim], now: datetime) -> Mapping[int, Push]: ...


#: Called by a sender right before a message's Bot API call leaves (after any queueing in a
#: rate limiter); raises :class:`Withdrawn` when the message must not be sent after all.
Start = Callable[[], Awaitable[None]]


class Withdrawn(Exception):
    """A message was not sent because its start was refused: the dispatcher is stopping
    (``release``: give the claim back), or the claim is no longer this instance's."""

    def __init__(self, reason: str, *, release: bool) -> None:
        super().__init__(reason)
        self.release = release


@dataclass(frozen=True, slots=True)
class SendTurn:
    """``rate_limit_args`` of a scheduled send: its priority, the :data:`Start` that a rate
    limiter honouring it (``StrideRateLimiter``) awaits once the message's turn has come, just
    before the call, and whether it goes in the paid-broadcast lane (paced on its own)."""

    priority: int | None
    start: Start | None = None
    paid: bool = False


class Sender(Protocol):
    """Sends one message to a chat; returns Telegram's message id, raises PTB's errors.

    A sender that queues messages (a rate limiter) sets ``calls_start = True`` and accepts
    ``start``, awaiting it right before the call leaves; for any other sender the dispatcher
    awaits ``start`` itself just before calling :meth:`send`.
    """

    async def send(self, chat_id: int, message: OutMessage) -> int: ...


class TelegramSender:
    """Sends through a PTB ``Bot`` (HTML parse mode), at the rate limiter's bulk priority.

    With a rate limiter that honours :class:`SendTurn` (Stride's), a message is marked
    ``sending`` only once the limiter lets it go; with any other limiter, or none, just
    before it is handed over.
    """

    calls_start = True

    def __init__(self, bot: Bot, *, rate_limit_args: Any = None) -> None:
        self._bot = bot
        limiter = getattr(bot, "rate_limiter", None)
        self._limited = limiter is not None
        self._turns = bool(getattr(limiter, "honours_send_turn", False))
        self._priority = rate_limit_args

    def _extra(self, start: Start | None, paid: bool) -> dict[str, Any]:
        # ExtBot refuses rate_limit_args without a limiter; a plain Bot has no such argument.
        extra: dict[str, Any] = {"allow_paid_broadcast": True} if paid else {}
        if not self._limited:
            return extra
        if (start is not None or paid) and self._turns:
            extra["rate_limit_args"] = SendTurn(self._priority, start, paid)
        elif self._priority is not None:
            extra["rate_limit_args"] = self._priority
        return extra

    async def send(
        self,
        chat_id: int,
        message: OutMessage,
        start: Start | None = None,
        *,
        paid: bool = False,
    ) -> int:
        """Send ``message``; ``paid``: in Telegram's paid-broadcast lane (billed)."""
        if start is not None and not self._turns:
            await start()
        extra = self._extra(start, paid)
        if message.photo is not None:
            sent = await self._bot.send_photo(
                chat_id,
                photo=message.photo,
                caption=message.caption,
                parse_mode=ParseMode.HTML,
                reply_markup=message.reply_markup,
                **extra,
            )
        else:
            sent = await self._bot.send_message(
                chat_id,
                message.text or "",
                parse_mode=ParseMode.HTML,
                reply_markup=message.reply_markup,
                **extra,
            )
        return sent.message_id


@dataclass
class TickReport:
    """What one tick did (logged at INFO when it did anything; read by tests and the bench)."""

    due: int = 0
    claimed: int = 0
    retried: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    blocked: int = 0
    stale: int = 0
    dead: int = 0
    lost: int = 0  # claims another instance took over before this one could send them
    released: int = 0
    unconfirmed: int = 0  # calls of unknown outcome (a time-out after the request left)
    early: int = 0  # morning pushes claimed ahead of their time (a crowded minute)
    paid: int = 0  # of those, sent in the paid-broadcast lane
    seconds: float = 0.0
    by_kind: dict[str, int] = field(default_factory=dict)

    def count(self, status: DeliveryStatus) -> None:
        name = status.value
        if hasattr(self, name):
            setattr(self, name, getattr(self, name) + 1)

    @property
    def busy(self) -> bool:
        return any(
            getattr(self, f.name) for f in fields(self) if f.name not in ("seconds", "by_kind")
        )

    def __str__(self) -> str:
        parts = [
            f"{f.name}={getattr(self, f.name)}"
            for f in fields(self)
            if f.name not in ("seconds", "by_kind") and getattr(self, f.name)
        ]
        return " ".join(parts) + f" in {self.seconds:.2f}s"


#: Transport errors that prove the request never reached Telegram (nothing to be unsure of).
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def unconfirmed(exc: BaseException) -> bool:
    """Whether a failed call may still have delivered its message: a time-out or a broken
    connection after the request left (a read time-out, the emulator's ``timeout_after``).
    A refused connection, a pool time-out and every answer from Telegram are certain."""
    if isinstance(exc, TimedOut):
        return not isinstance(exc.__cause__, _NOT_SENT) and "Pool timeout" not in str(exc)
    if isinstance(exc, NetworkError) and not isinstance(exc, BadRequest):
        cause = exc.__cause__
        return isinstance(cause, httpx.TransportError) and not isinstance(cause, _NOT_SENT)
    return False


def classify(exc: BaseException, now: datetime) -> tuple[DeliveryStatus, datetime | None]:
    """What a send error means for the delivery: (status, earliest retry)."""
    if isinstance(exc, Forbidden):
        return DeliveryStatus.BLOCKED, None  # bot blocked, user deactivated, kicked
    if isinstance(exc, BadRequest):  # a subclass of NetworkError: check it first
        if "chat not found" in str(exc).lower():
            return DeliveryStatus.BLOCKED, None
        return DeliveryStatus.DEAD, None  # the message itself is wrong: retrying cannot help
    if isinstance(exc, RetryAfter):
        wait = exc.retry_after
        seconds = float(wait) if isinstance(wait, int) else wait.total_seconds()
        return DeliveryStatus.FAILED, now + timedelta(seconds=seconds)
    return DeliveryStatus.FAILED, None  # TimedOut, NetworkError (5xx), other TelegramError


def default_owner() -> str:
    """A claim owner unique to this process: host, pid and a random suffix (<= 64 chars)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def dead_on_this_host(owner: str) -> bool:
    """Whether ``owner`` (see :func:`default_owner`) was a process on this host that is gone:
    a restarted instance need not wait out its predecessor's lease. Anything unsure (another
    host, a pid now in use, whatever its process) counts as alive: the lease decides."""
    parts = owner.rsplit(":", 2)
    if len(parts) != 3 or parts[0] != socket.gethostname()[:40] or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False
    return False


_DONE = None


class _Pace:
    """How many messages a sender hands over at once: about :data:`CHUNK_SECONDS` of its
    recent pace, between ``least`` and :data:`MAX_CHUNK`."""

    def __init__(self, least: int) -> None:
        self.least = least
        self.chunk = least
        self._rate: float | None = None  # messages a second, smoothed

    def observe(self, messages: int, seconds: float) -> None:
        rate = messages / max(seconds, 1e-6)
        self._rate = rate if self._rate is None else 0.5 * self._rate + 0.5 * rate
        self.chunk = max(self.least, min(MAX_CHUNK, int(self._rate * CHUNK_SECONDS)))


class Dispatcher:
    """Runs ticks for one database, one composer and one sender."""

    def __init__(
        self,
        db: Database,
        composer: Composer,
        sender: Sender,
        clock: Clock,
        *,
        owner: str | None = None,
        kinds: Sequence[PushKind] = tuple(PushKind),
        page_size: int = PAGE_SIZE,
        chunk_size: int = CHUNK_SIZE,
        senders: int = SENDERS,
        budget: Budget | None = None,
    ) -> None:
        self.db = db
        self.composer = composer
        self.sender = sender
        self.clock = clock
        self.owner = owner or default_owner()
        self.kinds = tuple(kinds)
        self.page_size = page_size
        self.chunk_size = chunk_size
        self.senders = senders
        #: Spread crowded mornings (scheduler.spread); None: every push starts at its time.
        self.budget = budget
        self._queued = 0  # composed pushes handed to the senders and not yet sent
        self._lane_until: datetime | None = None  # the spread's free lane, as released
        self._stopping = False
        self._last_sweep: datetime | None = None
        self._ledger = _Ledger(db.deliveries, self.owner, clock)
        #: Sends whose call has not started (waiting for the rate limiter): a stop cancels them.
        self._waiting: dict[int, asyncio.Task[Outcome]] = {}

    def stop(self) -> None:
        """Drain: let the calls in flight finish (and record them), give back everything not
        started (cancelled in the rate limiter's queue, released), claim nothing more."""
        self._stopping = True
        for task in list(self._waiting.values()):
            task.cancel()
        self._waiting.clear()

    async def tick(self, now: datetime | None = None) -> TickReport:
        """Deliver everything due at ``now``.

        Without ``now`` the clock is read again for every page, so a long fan-out also takes
        in the pushes that fall due while it runs (in due order, after the earlier ones).
        """
        started = time.perf_counter()
        fixed = now
        now = now or self.clock.now()
        report = TickReport()
        self._queued = 0  # nothing of an earlier tick is still queued
        if self._last_sweep is None or now - self._last_sweep >= SWEEP_EVERY:
            self._last_sweep = now
            await self.db.deliveries.schedule_missing(now)
            await self._expire_the_dead(now)
        # One composed page waits for the senders; more would only hold claims longer.
        queue: asyncio.Queue[list[tuple[Claim, Push]] | None] = asyncio.Queue(maxsize=1)
        consumers = [asyncio.create_task(self._consume(queue, report)) for _ in range(self.senders)]
        renewer = asyncio.create_task(self._renew_leases())
        error: Exception | None = None
        try:
            try:
                await self._produce(fixed, queue, report)
            except Exception as exc:
                error = exc  # still send what is already composed and queued
            for _ in consumers:
                await queue.put(_DONE)
            await asyncio.gather(*consumers)
        finally:
            for task in (*consumers, renewer):  # cancelled (shutdown, a dying process)
                task.cancel()
            await asyncio.gather(*consumers, renewer, return_exceptions=True)
            await self._ledger.drain()
        if error is not None:
            raise error
        report.seconds = time.perf_counter() - started
        if report.busy:
            log.info("tick: %s", report)
        return report

    async def _expire_the_dead(self, now: datetime) -> None:
        """A restart on the same host: the dead predecessor's claims are taken at once
        instead of after their lease (its calls in flight are sent again: at-least-once)."""
        for owner in await self.db.deliveries.open_owners():
            if owner != self.owner and dead_on_this_host(owner):
                expired = await self.db.deliveries.expire(owner, now)
                log.warning("took over %d pushes of %s, which is gone", expired, owner)

    # --- producing -----------------------------------------------------------------------

    async def _produce(
        self,
        fixed: datetime | None,
        queue: asyncio.Queue[list[tuple[Claim, Push]] | None],
        report: TickReport,
    ) -> None:
        # Pages in flight: while one is being composed (CPU: the coach, the renderers), the
        # next ones are claimed and read (the database, in its own thread or server).
        inflight: list[asyncio.Task[None]] = []

        async def submit(claims: list[Claim], now: datetime) -> None:
            inflight.append(
                asyncio.create_task(self._compose_and_queue(claims, now, queue, report))
            )
            if len(inflight) >= PAGES_IN_FLIGHT:
                await inflight.pop(0)

        try:
            await self._claim_pages(fixed, report, submit)
            while inflight:
                await inflight.pop(0)
        finally:
            for task in inflight:
                task.cancel()
            await asyncio.gather(*inflight, return_exceptions=True)

    async def _claim_pages(
        self,
        fixed: datetime | None,
        report: TickReport,
        submit: Callable[[list[Claim], datetime], Awaitable[None]],
    ) -> None:
        deliveries = self.db.deliveries
        checked = 0.0

        async def retries() -> None:
            nonlocal checked
            checked = time.monotonic()
            while not self._stopping:
                now = fixed or self.clock.now()
                claims = await deliveries.claim_retries(now, self.owner, limit=self.page_size)
                report.retried += len(claims)
                await submit(claims, now)
                if len(claims) < self.page_size:
                    break

        await retries()
        while True:
            for kind in self.kinds:
                await self._claim_kind(kind, fixed, report, submit)
                if time.monotonic() - checked >= RETRY_CHECK_EVERY:
                    await retries()  # a dead instance's claims, during a long fan-out
            released = await self._claim_early(fixed, report, submit)
            if self._stopping or self.budget is None or (not released and not self._queued):
                return
            # A crowded morning is being spread: plan again as the sending moves on.
            await asyncio.sleep(EARLY_CHECK_EVERY)

    async def _claim_kind(
        self,
        kind: PushKind,
        fixed: datetime | None,
        report: TickReport,
        submit: Callable[[list[Claim], datetime], Awaitable[None]],
    ) -> None:
        deliveries = self.db.deliveries
        cursor = None
        while not self._stopping:
            now = fixed or self.clock.now()
            page = await deliveries.claim_due(
                kind, now, self.owner, limit=self.page_size, after=cursor
            )
            report.due += page.seen
            report.claimed += len(page.claims)
            report.stale += page.stale
            report.by_kind[kind.value] = report.by_kind.get(kind.value, 0) + len(page.claims)
            await submit(page.claims, now)
            if page.cursor is None:  # an empty page: nothing more is due
                break
            # Not "a short page ends it": a stale slot moves its athlete to the first
            # slot that can still go out, which may be due now and later in this scan.
            cursor = page.cursor

    async def _claim_early(
        self,
        fixed: datetime | None,
        report: TickReport,
        submit: Callable[[list[Claim], datetime], Awaitable[None]],
    ) -> int:
        """Claim the morning pushes of crowded minutes whose start has come (see
        :mod:`scheduler.spread`); returns how many."""
        budget = self.budget
        if budget is None or PushKind.MORNING not in self.kinds or self._stopping:
            return 0
        kind = PushKind.MORNING
        now = fixed or self.clock.now()
        groups = await self.db.deliveries.due_counts(kind, now, now + budget.window)
        if not groups:
            return 0
        # The free lane's next seconds are taken by what this instance has queued, and by
        # what it released before (however fast it went out): plan from where they end.
        queued = now + timedelta(seconds=self._queued / budget.instance_rate)
        free_at = max(queued, self._lane_until or now)
        share = max(1, int(budget.instance_rate * budget.lookahead.total_seconds()))
        claimed = free = 0
        for release in plan_releases(groups, now, budget, busy=free_at - now):
            for count, paid in ((min(release.free, share - claimed), False), (release.paid, True)):
                while count > 0 and not self._stopping:
                    page = await self.db.deliveries.claim_due(
                        kind,
                        now,
                        self.owner,
                        limit=min(count, self.page_size),
                        early=release.due_at,
                    )
                    if not page.claims:
                        break
                    claims = [replace(c, paid=True) for c in page.claims] if paid else page.claims
                    count -= len(claims)
                    claimed += len(claims)
                    report.claimed += len(claims)
                    report.early += len(claims)
                    report.paid += len(claims) if paid else 0
                    free += 0 if paid else len(claims)
                    report.by_kind[kind.value] = report.by_kind.get(kind.value, 0) + len(claims)
                    await submit(claims, now)
            if claimed >= share:
                break
        self._lane_until = free_at + timedelta(seconds=free / budget.rate)
        return claimed

    async def _compose_and_queue(
        self,
        claims: list[Claim],
        now: datetime,
        queue: asyncio.Queue[list[tuple[Claim, Push]] | None],
        report: TickReport,
    ) -> None:
        if not claims:
            return
        try:
            pushes: Mapping[int, Push] = await self.composer.compose(claims, now)
        except Exception as exc:
            log.exception("composing %d pushes failed", len(claims))
            pushes = {}
            error = f"compose: {exc!r}"
        else:
            error = "compose: no push for this claim"
        ready: list[tuple[Claim, Push]] = []
        done: list[Outcome] = []
        for claim in claims:
            push = pushes.get(claim.id)
            if push is None:
                done.append(Outcome(claim, DeliveryStatus.FAILED, error=error))
            elif not push.messages:
                done.append(Outcome(claim, DeliveryStatus.SKIPPED, error=push.skip_reason))
            else:
                ready.append((claim, push))
        if done:
            await self.db.deliveries.finish(done, self.clock.now())
            for outcome in done:
                report.count(outcome.status)
        if ready:
            self._queued += len(ready)
            await queue.put(ready)

    # --- sending -------------------------------------------------------------------------

    async def _renew_leases(self) -> None:
        """Keep this instance's claims its own while it lives (see ``CLAIM_LEASE``)."""
        while True:
            await asyncio.sleep(LEASE_RENEW_EVERY.total_seconds())
            try:
                await self.db.deliveries.renew(self.owner, self.clock.now())
            except Exception:
                log.exception("renewing the claims' lease failed; trying again shortly")

    async def _consume(
        self, queue: asyncio.Queue[list[tuple[Claim, Push]] | None], report: TickReport
    ) -> None:
        pace = _Pace(self.chunk_size)
        while True:
            page = await queue.get()
            if page is _DONE:
                return
            while page:
                chunk, page = page[: pace.chunk], page[pace.chunk :]
                try:
                    if self._stopping:
                        rest = [c for c, _ in (*chunk, *page)]
                        page = []
                        self._queued -= len(rest)
                        await self._release(rest, report)
                    else:
                        started = time.monotonic()
                        self._queued -= len(chunk)
                        await self._send_chunk(chunk, report)
                        pace.observe(len(chunk), time.monotonic() - started)
                except Exception:
                    # Claims stay "claimed" (re-claimed after the lease).
                    log.exception("handling a chunk of %d pushes failed", len(chunk))

    async def _release(self, claims: Sequence[Claim], report: TickReport) -> None:
        if claims:
            await self.db.deliveries.release(claims, self.owner, self.clock.now())
            report.released += len(claims)

    async def _send_chunk(self, chunk: list[tuple[Claim, Push]], report: TickReport) -> None:
        tasks = {
            claim.id: asyncio.create_task(self._send_one(claim, push)) for claim, push in chunk
        }
        self._waiting.update(tasks)
        results = await asyncio.gather(*tasks.values(), return_exceptions=True)
        give_back: list[Claim] = []
        for (claim, _), result in zip(chunk, results, strict=True):
            self._waiting.pop(claim.id, None)
            if isinstance(result, Outcome):
                report.count(result.status)
                if result.error and result.error.startswith(UNCONFIRMED):
                    report.unconfirmed += 1
            elif isinstance(result, asyncio.CancelledError) or (
                isinstance(result, Withdrawn) and result.release
            ):
                give_back.append(claim)  # never started: any instance may take it now
            elif isinstance(result, Withdrawn):
                report.lost += 1
            else:
                log.error("push %s: %r", claim.id, result)
        await self._release(give_back, report)

    async def _send_one(self, claim: Claim, push: Push) -> Outcome:
        """Send the push's messages; the first one's call marks the delivery ``sending`` as it
        leaves. Raises :class:`Withdrawn` (or is cancelled) if it never started."""
        started = False

        async def start() -> None:
            nonlocal started
            self._waiting.pop(claim.id, None)  # from here on a stop lets it finish
            if self._stopping:
                raise Withdrawn("stopping", release=True)
            if not await self._ledger.start(claim):
                raise Withdrawn("claim taken over by another instance", release=False)
            started = True

        first_id: int | None = None
        attempt = replace(claim, attempts=claim.attempts + 1)
        for index, message in enumerate(push.messages):
            try:
                if getattr(self.sender, "calls_start", False):
                    message_id = await self.sender.send(  # type: ignore[call-arg]
                        claim.chat_id, message, start if index == 0 else None, paid=claim.paid
                    )
                else:
                    if index == 0:
                        await start()
                    message_id = await self.sender.send(claim.chat_id, message)
            except Withdrawn:
                if started:  # a sender that raises it itself: treat as any failure below
                    raise AssertionError("withdrawn after the start") from None
                raise
            except Exception as exc:
                if not started:
                    raise
                outcome = self._failed(attempt, index, first_id, exc)
                self._ledger.record(outcome)
                return outcome
            if first_id is None:
                first_id = message_id
        outcome = Outcome(attempt, DeliveryStatus.SENT, first_id)
        self._ledger.record(outcome)
        return outcome

    def _failed(self, claim: Claim, index: int, first_id: int | None, exc: Exception) -> Outcome:
        if index > 0:
            # The push is out; a retry would send its first message twice.
            log.warning("push %s: message %d failed: %r", claim.id, index + 1, exc)
            return Outcome(claim, DeliveryStatus.SENT, first_id, error=f"partly: {exc!r}")
        status, retry_at = classify(exc, self.clock.now())
        if not isinstance(exc, TelegramError):
            log.exception("push %s to athlete %s failed", claim.id, claim.athlete_id)
        elif status is not DeliveryStatus.BLOCKED:
            log.warning("push %s: %r (attempt %d)", claim.id, exc, claim.attempts)
        error = repr(exc)
        if unconfirmed(exc):
            # It may have arrived: sent again after the backoff (at-least-once), and noted.
            error = f"{UNCONFIRMED}: {error}"
        return Outcome(claim, status, error=error, retry_at=retry_at)


class _Ledger:
    """A sender's bookkeeping as a group commit: marks of calls about to leave and outcomes of
    calls that ended are written together, in one short transaction, whenever any are pending
    (so at Telegram's pace about one row a transaction, at a faster pace many).

    :meth:`start` returns once the delivery is ``sending`` (True) or found not to be this
    instance's any more (False); :meth:`record` returns at once.
    """

    def __init__(self, deliveries: DeliveryRepository, owner: str, clock: Clock) -> None:
        self._deliveries = deliveries
        self._owner = owner
        self._clock = clock
        self._starts: list[tuple[Claim, asyncio.Future[bool]]] = []
        self._outcomes: list[Outcome] = []
        self._writer: asyncio.Task[None] | None = None

    async def start(self, claim: Claim) -> bool:
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._starts.append((claim, future))
        self._kick()
        return await future

    def record(self, outcome: Outcome) -> None:
        self._outcomes.append(outcome)
        self._kick()

    async def drain(self) -> None:
        """Wait until everything pending is written (the end of a tick, a stop)."""
        while self._writer is not None and not self._writer.done():
            await asyncio.shield(self._writer)

    def _kick(self) -> None:
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())

    async def _write(self) -> None:
        tries = 0
        while self._starts or self._outcomes:
            starts, self._starts = self._starts, []
            outcomes, self._outcomes = self._outcomes, []
            try:
                ours = await self._deliveries.advance(
                    [c for c, _ in starts], outcomes, self._owner, self._clock.now()
                )
            except Exception as exc:
                tries += 1
                log.exception("writing %d outcomes failed (try %d)", len(outcomes), tries)
                for _, future in starts:  # not marked: not sent; re-claimed after the lease
                    if not future.done():
                        future.set_exception(
                            Withdrawn(f"bookkeeping failed: {exc!r}", release=True)
                        )
                if tries < LEDGER_TRIES:
                    self._outcomes[:0] = outcomes
                    await asyncio.sleep(0.5 * tries)
                continue
            tries = 0
            for claim, future in starts:
                if not future.done():
                    future.set_result(claim.id in ours)
