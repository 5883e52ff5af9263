"""What the daily coaching reads of a plan, and a week that is only read when it must be.

A morning's coaching needs today's sessions, the sessions of the few days the athlete
logged lately (readiness compares their RPE with the target) and, only on a red day or a
high load ratio, the rest of the week (to lighten it). A whole :class:`~coach.models.Plan`
serves all of that; so does a store that holds a plan a day at a time and validates a day
only when it is asked for. :class:`Schedule` is what both offer, so the coach can be given
either; :class:`LazySessions` lets the week wait until the adaptation really reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Protocol, overload

from coach.models import Phase, Session, TrainingPaces, Week


class Schedule(Protocol):
    """The reads the daily coaching makes of a plan (:class:`~coach.models.Plan` is one)."""

    @property
    def paces(self) -> TrainingPaces: ...

    def sessions_on(self, day: date) -> Sequence[Session]: ...

    def week_of(self, day: date) -> Week | None: ...

    def phase_on(self, day: date) -> Phase | None: ...


class LazySessions(Sequence[Session]):
    """A sequence of sessions that ``load`` makes on first use, and only then.

    Truthiness, length, indexing and iteration all load it; passing it around does not.
    """

    __slots__ = ("_items", "_load")

    def __init__(self, load: Callable[[], Sequence[Session]]) -> None:
        self._load: Callable[[], Sequence[Session]] | None = load
        self._items: tuple[Session, ...] = ()

    def _all(self) -> tuple[Session, ...]:
        if self._load is not None:
            self._items = tuple(self._load())
            self._load = None
        return self._items

    @overload
    def __getitem__(self, index: int) -> Session: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Session]: ...

    def __getitem__(self, index: int | slice) -> Session | Sequence[Session]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[Session]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return self._all() == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "LazySessions(<not read>)" if self._load else f"LazySessions({list(self._items)!r})"
