"""The tick: find who is due, claim, compose, send, record. Once per push, in every zone.

One tick does, in order: re-claim retryable deliveries (failed ones whose backoff is over,
claims whose lease ran out), then for morning, evening and weekly pushes pages through the
athletes that are due (see :mod:`storage.deliveries` for the claim and its guarantees).

Claimed pushes flow through a small pipeline so that Telegram's rate limit, not the
database or the coach, is what bounds a big fan-out::

    producer: claim a page -> compose it (batched reads, coach, render) -> queue of pages
    senders (2): page -> chunks: mark "sending" -> send each message -> record the outcomes

A few pages are in flight at once (one composing while the next are claimed and read), and
the senders work through chunks meanwhile, so the database, the coach and Telegram's rate
limit overlap and the limiter always has work.

A chunk is about half a second of the sender's pace (:data:`CHUNK_SECONDS`), and never less
than ``chunk_size`` messages: that is what a crash can leave unsent (never duplicated). At
Telegram's 30 messages a second that is ``chunk_size`` (15) per sender; a faster sender
(Telegram's paid broadcasts allow 1,000 a second, a benchmark's sender has no limit) gets
bigger chunks, so its bookkeeping stays a few transactions a second instead of dozens.

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
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any, Protocol

from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from coach.pushtimes import PushKind
from scheduler.clock import Clock
from storage.database import Database
from storage.deliveries import PAGE_SIZE, Claim, DeliveryStatus, Outcome

log = logging.getLogger(__name__)

#: Messages a sender marks ``sending`` and hands to the limiter at once, at the least (about
#: half a second of Telegram's budget each): the most a crash can leave unsent, per sender.
CHUNK_SIZE = 15
#: A faster sender's chunks hold about this much of its sending, up to :data:`MAX_CHUNK`.
CHUNK_SECONDS = 0.5
MAX_CHUNK = 500
SENDERS = 2
#: Outcomes are written in batches of this many, or after this many seconds. A crash before
#: the write leaves those deliveries in "sending": sent ones are then simply not marked,
#: failed ones are not retried (the same at-most-once window, about a second longer).
RECORD_BATCH = 200
RECORD_EVERY = 1.0
#: Pages claimed and composed ahead of the senders.
PAGES_IN_FLIGHT = 3
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


class Sender(Protocol):
    """Sends one message to a chat; returns Telegram's message id, raises PTB's errors."""

    async def send(self, chat_id: int, message: OutMessage) -> int: ...


class TelegramSender:
    """Sends through a PTB ``Bot`` (HTML parse mode), at the rate limiter's bulk priority."""

    def __init__(self, bot: Bot, *, rate_limit_args: Any = None) -> None:
        self._bot = bot
        limiter = getattr(bot, "rate_limiter", None)
        # ExtBot refuses rate_limit_args without a limiter; a plain Bot has no such argument.
        self._extra: dict[str, Any] = (
            {"rate_limit_args": rate_limit_args} if limiter and rate_limit_args else {}
        )

    async def send(self, chat_id: int, message: OutMessage) -> int:
        if message.photo is not None:
            sent = await self._bot.send_photo(
                chat_id,
                photo=message.photo,
                caption=message.caption,
                parse_mode=ParseMode.HTML,
                reply_markup=message.reply_markup,
                **self._extra,
            )
        else:
            sent = await self._bot.send_message(
                chat_id,
                message.text or "",
                parse_mode=ParseMode.HTML,
                reply_markup=message.reply_markup,
                **self._extra,
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
        self._stopping = False
        self._last_sweep: datetime | None = None
        self._outcomes: list[Outcome] = []
        self._recorded_at = time.monotonic()

    def stop(self) -> None:
        """Finish the chunks being sent, release the rest, claim nothing more."""
        self._stopping = True

    async def tick(self, now: datetime | None = None) -> TickReport:
        """Deliver everything due at ``now``.

        Without ``now`` the clock is read again for every page, so a long fan-out also takes
        in the pushes that fall due while it runs (in due order, after the earlier ones).
        """
        started = time.perf_counter()
        fixed = now
        now = now or self.clock.now()
        report = TickReport()
        if self._last_sweep is None or now - self._last_sweep >= SWEEP_EVERY:
            self._last_sweep = now
            await self.db.deliveries.schedule_missing(now)
        # One composed page waits for the senders; more would only hold claims longer.
        queue: asyncio.Queue[list[tuple[Claim, Push]] | None] = asyncio.Queue(maxsize=1)
        consumers = [asyncio.create_task(self._consume(queue, report)) for _ in range(self.senders)]
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
            for task in consumers:  # cancelled (shutdown, a dying process): stop sending too
                task.cancel()
            await asyncio.gather(*consumers, return_exceptions=True)
            try:
                await self._record([], force=True)
            except Exception:
                log.exception("recording the last outcomes failed; they stay 'sending'")
        if error is not None:
            raise error
        report.seconds = time.perf_counter() - started
        if report.busy:
            log.info("tick: %s", report)
        return report

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
        while not self._stopping:
            now = fixed or self.clock.now()
            claims = await deliveries.claim_retries(now, self.owner, limit=self.page_size)
            report.retried += len(claims)
            await submit(claims, now)
            if len(claims) < self.page_size:
                break
        for kind in self.kinds:
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
            await queue.put(ready)

    # --- sending -------------------------------------------------------------------------

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
                        claims = [c for c, _ in (*chunk, *page)]
                        page = []
                        await self.db.deliveries.release(claims, self.owner, self.clock.now())
                        report.released += len(claims)
                    else:
                        started = time.monotonic()
                        await self._send_chunk(chunk, report)
                        pace.observe(len(chunk), time.monotonic() - started)
                except Exception:
                    # Claims stay "claimed" (retried after the lease) or "sending" (not resent).
                    log.exception("handling a chunk of %d pushes failed", len(chunk))

    async def _send_chunk(self, chunk: list[tuple[Claim, Push]], report: TickReport) -> None:
        pushes = {claim.id: push for claim, push in chunk}
        mine = await self.db.deliveries.start_sending(
            [c for c, _ in chunk], self.owner, self.clock.now()
        )
        report.lost += len(chunk) - len(mine)
        outcomes = await asyncio.gather(*(self._send_one(c, pushes[c.id]) for c in mine))
        for outcome in outcomes:
            report.count(outcome.status)
        await self._record(outcomes)

    async def _record(self, outcomes: Sequence[Outcome], *, force: bool = False) -> None:
        """Write outcomes in batches (one statement for many deliveries)."""
        self._outcomes.extend(outcomes)
        due = time.monotonic() - self._recorded_at >= RECORD_EVERY
        if not self._outcomes or not (force or due or len(self._outcomes) >= RECORD_BATCH):
            return
        batch, self._outcomes = self._outcomes, []
        self._recorded_at = time.monotonic()
        await self.db.deliveries.finish(batch, self.clock.now())

    async def _send_one(self, claim: Claim, push: Push) -> Outcome:
        first_id: int | None = None
        for index, message in enumerate(push.messages):
            try:
                message_id = await self.sender.send(claim.chat_id, message)
            except Exception as exc:
                if index > 0:
                    # The push is out; a retry would send its first message twice.
                    log.warning("push %s: message %d failed: %r", claim.id, index + 1, exc)
                    return Outcome(claim, DeliveryStatus.SENT, first_id, error=f"partly: {exc!r}")
                status, retry_at = classify(exc, self.clock.now())
                if not isinstance(exc, TelegramError):
                    log.exception("push %s to athlete %s failed", claim.id, claim.athlete_id)
                elif status is not DeliveryStatus.BLOCKED:
                    log.warning("push %s: %r (attempt %d)", claim.id, exc, claim.attempts)
                return Outcome(claim, status, error=repr(exc), retry_at=retry_at)
            if first_id is None:
                first_id = message_id
        return Outcome(claim, DeliveryStatus.SENT, first_id)
