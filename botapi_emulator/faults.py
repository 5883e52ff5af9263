"""Fault injection: make chosen Bot API calls fail the way Telegram and networks fail.

A bot that survives production handles flood control (429 + ``retry_after``), gateway errors,
time-outs and users who blocked it. Tests switch those on here. Faults are decided before a
method runs, so a faulted call has no side effect (a faulted ``sendMessage`` creates no
message) — except ``timeout_after``, which models the nastier real case where Telegram did
deliver the message but the response never reached the bot.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, get_args

from botapi_emulator.errors import ApiError

FaultKind = Literal["429", "5xx", "timeout", "timeout_after", "403"]
FAULT_KINDS: frozenset[str] = frozenset(get_args(FaultKind))


@dataclass(frozen=True)
class Fault:
    """The failure chosen for one call."""

    kind: FaultKind
    retry_after: int = 3

    @property
    def is_timeout(self) -> bool:
        """The door must make the client time out instead of answering."""
        return self.kind in ("timeout", "timeout_after")

    @property
    def has_side_effect(self) -> bool:
        """Only ``timeout_after`` lets the method run before the failure."""
        return self.kind == "timeout_after"

    def to_error(self) -> ApiError:
        """The Telegram response for non-time-out faults."""
        if self.kind == "429":
            return ApiError.too_many_requests(self.retry_after)
        if self.kind == "403":
            return ApiError.forbidden("bot was blocked by the user")
        return ApiError.bad_gateway()


@dataclass
class _Rule:
    fault: Fault
    methods: frozenset[str] | None
    chat_ids: frozenset[int] | None
    remaining: int | None = None
    probability: float = 0.0
    rng: random.Random | None = None

    def matches(self, method: str, chat_id: object) -> bool:
        if self.methods is None:
            if method == "getupdates":
                return False
        elif method not in self.methods:
            return False
        return self.chat_ids is None or chat_id in self.chat_ids


def _methods(methods: Iterable[str] | str | None) -> frozenset[str] | None:
    if methods is None:
        return None
    if isinstance(methods, str):
        methods = [methods]
    return frozenset(m.lower() for m in methods)


def _kind(kind: str) -> FaultKind:
    if kind not in FAULT_KINDS:
        raise ValueError(f"unknown fault kind {kind!r}; use one of {sorted(FAULT_KINDS)}")
    return kind  # type: ignore[return-value]


class FaultSwitches:
    """``emu.faults``: arm failures for the next N calls or a random fraction of calls.

    ``methods=None`` means every method *except* ``getUpdates``, so a polling loop never
    swallows a fault meant for ``sendMessage``; name ``getUpdates`` explicitly to fault polling.
    ``chat_ids`` narrows a rule to calls whose ``chat_id`` matches.
    """

    def __init__(self, lock: threading.RLock) -> None:
        self._lock = lock
        self._rules: list[_Rule] = []

    def fail_next(
        self,
        n: int = 1,
        kind: FaultKind | str = "5xx",
        methods: Iterable[str] | str | None = None,
        *,
        retry_after: int = 3,
        chat_ids: Iterable[int] | None = None,
    ) -> None:
        """Fail the next ``n`` matching calls with ``kind``."""
        if n < 1:
            raise ValueError("n must be at least 1")
        rule = _Rule(
            fault=Fault(_kind(kind), retry_after),
            methods=_methods(methods),
            chat_ids=frozenset(chat_ids) if chat_ids is not None else None,
            remaining=n,
        )
        with self._lock:
            self._rules.append(rule)

    def fail_fraction(
        self,
        p: float,
        kind: FaultKind | str = "5xx",
        methods: Iterable[str] | str | None = None,
        *,
        seed: int | None = None,
        retry_after: int = 3,
        chat_ids: Iterable[int] | None = None,
    ) -> None:
        """Fail each matching call with probability ``p`` (reproducible with ``seed``)."""
        if not 0.0 <= p <= 1.0:
            raise ValueError("p must be between 0 and 1")
        rule = _Rule(
            fault=Fault(_kind(kind), retry_after),
            methods=_methods(methods),
            chat_ids=frozenset(chat_ids) if chat_ids is not None else None,
            probability=p,
            rng=random.Random(seed),
        )
        with self._lock:
            self._rules.append(rule)

    def clear(self) -> None:
        """Disarm every fault (blocked users stay blocked: see ``emu.unblock``)."""
        with self._lock:
            self._rules.clear()

    @property
    def armed(self) -> int:
        """How many rules are still active."""
        with self._lock:
            return len(self._rules)

    def pick(self, method: str, chat_id: object) -> Fault | None:
        """Decide whether this call fails; consumes next-N budgets. Caller holds the lock."""
        key = method.lower()
        with self._lock:
            for rule in self._rules:
                if rule.remaining is None or not rule.matches(key, chat_id):
                    continue
                rule.remaining -= 1
                if rule.remaining <= 0:
                    self._rules.remove(rule)
                return rule.fault
            for rule in self._rules:
                if rule.remaining is not None or not rule.matches(key, chat_id):
                    continue
                assert rule.rng is not None
                if rule.rng.random() < rule.probability:
                    return rule.fault
        return None
