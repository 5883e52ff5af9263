"""An update's hot statements run on SQLite's driver directly, compiled by SQLAlchemy once.

On SQLite a one-row statement costs tens of microseconds; the same statement through an
async session cost ten times that inside an update (bench/update_cpu.py ``--detail``): the
session's begin and commit, the greenlet that carries each call, the execution context,
the result's machinery. An update's four or five such statements (keep the message, read
the day, store the log, finish the message) were half of its CPU.

So within an update's shared connection (storage.unit.sharing), the calls that are one
function over a connection (:meth:`storage.unit.SessionScope.run`) are handed
:class:`DirectConnection` instead of SQLAlchemy's: the same statements, compiled by
SQLAlchemy for SQLite once (:func:`prepared`), their values converted by the same column
types' processors both ways, run on the ``sqlite3`` connection the session holds. What is
kept from SQLAlchemy's path:

- **The SQL and the types.** Nothing is written by hand: the statement is the repository's
  Core statement; a value is bound and read back through its type's own processors (the
  UTC datetimes, JSON, dates, booleans). A statement that needs SQLAlchemy at execution
  (Python-side defaults, expanding ``IN`` lists, renamed parameters) is refused when it is
  first prepared, and a test runs each statement used here both ways.
- **The transaction.** A write is one transaction, begun ``IMMEDIATE`` (the write lock is
  taken first, so no statement inside it can find the database locked) and committed at the
  end, or rolled back when the function raises. A read runs outside any transaction, as
  the driver runs SQLAlchemy's reads on SQLite.
- **Waiting without blocking the loop.** A locked database is retried after an
  asynchronous sleep, with storage.inline_sqlite's patience; an attempt that met the lock
  was rolled back whole, so the function runs again from the start. So a function handed
  here only reads and writes the database: what it needs besides (the inbox's copy of the
  update) is made once, outside it.
- **SQLAlchemy's way when in doubt.** A statement refused (:class:`NotDirect`), a
  connection SQLAlchemy replaced or holds in a transaction: the call takes the session's
  way instead (storage.unit).

PostgreSQL, units of work and anything outside an update keep SQLAlchemy's sessions.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections import namedtuple
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import Executable
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.exc import MultipleResultsFound, NoResultFound
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement

from storage.inline_sqlite import BUSY_TIMEOUT_S, FIRST_RETRY_S, LONGEST_RETRY_S, is_busy

T = TypeVar("T")

Processor = Callable[[Any], Any] | None

#: Statements prepared so far, by statement and the names of the values given (an insert's
#: or an update's columns come with its values). Only statements built once reach here; the
#: bound is a guard against one built per call by mistake. None: refused (:class:`NotDirect`),
#: not compiled again to be refused again.
_PREPARED: dict[tuple[Executable, tuple[str, ...], Dialect], Prepared | None] = {}
MAX_PREPARED = 256


class NotDirect(Exception):
    """A statement that needs SQLAlchemy at execution (see the module docstring)."""


@dataclass(frozen=True, slots=True)
class _Bind:
    """One ``?`` of the SQL: the value's key (or its fixed value) and its type's processor."""

    key: str
    fixed: Any
    given: bool  # the value comes with the parameters (else ``fixed``)
    process: Processor


@dataclass(frozen=True, slots=True)
class Prepared:
    """A statement compiled for SQLite, with what binds and reads its values."""

    sql: str
    binds: tuple[_Bind, ...]
    row: Callable[[Iterable[Any]], Any] | None  # a named tuple's; None: no rows returned
    results: tuple[Processor, ...]

    def values(self, parameters: Mapping[str, Any]) -> list[Any]:
        out = []
        for bind in self.binds:
            value = parameters[bind.key] if bind.given else bind.fixed
            out.append(bind.process(value) if bind.process is not None else value)
        return out

    def read(self, raw: Sequence[Sequence[Any]]) -> list[Any]:
        row, results = self.row, self.results
        assert row is not None
        if not any(results):
            return list(map(row, raw))
        return [
            row([v if p is None else p(v) for p, v in zip(results, values, strict=True)])
            for values in raw
        ]


def prepared(statement: Executable, keys: tuple[str, ...], dialect: Dialect) -> Prepared:
    """``statement`` compiled for SQLite, for parameters named ``keys`` (cached)."""
    cache_key = (statement, keys, dialect)
    if cache_key not in _PREPARED:
        if len(_PREPARED) >= MAX_PREPARED:
            _PREPARED.clear()
        try:
            _PREPARED[cache_key] = _prepare(statement, keys, dialect)
        except NotDirect:
            _PREPARED[cache_key] = None
            raise
    found = _PREPARED[cache_key]
    if found is None:
        raise NotDirect("refused before")
    return found


def _prepare(statement: Executable, keys: tuple[str, ...], dialect: Dialect) -> Prepared:
    compiled = cast(ClauseElement, statement).compile(dialect=dialect, column_keys=list(keys))
    if not isinstance(compiled, SQLCompiler) or compiled.positiontup is None:
        raise NotDirect("not a positional SQL statement")
    if (
        compiled.insert_prefetch
        or compiled.update_prefetch
        or compiled.post_compile_params
        or compiled.literal_execute_params
        or compiled.escaped_bind_names
    ):
        raise NotDirect(f"needs SQLAlchemy at execution: {compiled.string[:80]}")
    binds = []
    for name in compiled.positiontup:
        param = compiled.binds[name]
        given = param.key in keys
        if not given and (param.required or param.callable is not None):
            raise NotDirect(f"no value for {param.key!r}")
        binds.append(
            _Bind(
                key=param.key,
                fixed=None if given else param.value,
                given=given,
                process=param.type.dialect_impl(dialect).bind_processor(dialect),
            )
        )
    columns = list(getattr(statement, "exported_columns", ()))
    named: Any = namedtuple  # fields known only at run time
    row = named("Row", [c.key for c in columns], rename=True)._make if columns else None
    results = tuple(c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns)
    return Prepared(compiled.string, tuple(binds), row, results)


class DirectResult:
    """What a statement returned, as much of SQLAlchemy's Result as the repositories use."""

    __slots__ = ("_rows", "rowcount")

    def __init__(self, rows: list[Any] | None, rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount

    def all(self) -> list[Any]:
        return list(self._rows or ())

    def first(self) -> Any:
        return self._rows[0] if self._rows else None

    def one(self) -> Any:
        """The one row, raising as SQLAlchemy's ``Result.one`` does."""
        if not self._rows:
            raise NoResultFound("No row was found when one was required")
        if len(self._rows) > 1:
            raise MultipleResultsFound("Multiple rows were found when exactly one was required")
        return self._rows[0]

    def scalar_one(self) -> Any:
        return self.one()[0]


class DirectConnection:
    """The part of SQLAlchemy's Connection the repositories' functions use, on ``sqlite3``."""

    __slots__ = ("_raw", "dialect", "engine")

    def __init__(self, raw: sqlite3.Connection, engine: Engine) -> None:
        self._raw = raw
        self.engine = engine  # the synchronous one, as SQLAlchemy's Connection.engine
        self.dialect = engine.dialect

    @property
    def in_transaction(self) -> bool:
        """SQLite holds a transaction open here (one SQLAlchemy began): not ours to use."""
        return self._raw.in_transaction

    def execute(
        self, statement: Executable, parameters: Mapping[str, Any] | None = None
    ) -> DirectResult:
        parameters = parameters or {}
        prep = prepared(statement, tuple(parameters), self.dialect)
        cursor = self._raw.execute(prep.sql, prep.values(parameters))
        try:
            if prep.row is None:
                return DirectResult(None, cursor.rowcount)
            return DirectResult(prep.read(cursor.fetchall()), cursor.rowcount)
        finally:
            cursor.close()

    async def run(self, fn: Callable[[DirectConnection], T], write: bool) -> T:
        """``fn(self, ...)``: a write in one transaction; retried whole while the database
        is locked by another connection (module docstring)."""
        raw = self._raw
        deadline: float | None = None
        pause = FIRST_RETRY_S
        while True:
            try:
                if write:
                    raw.execute("BEGIN IMMEDIATE")
                try:
                    result = fn(self)
                    if write:
                        raw.commit()
                    return result
                except BaseException:
                    if raw.in_transaction:
                        raw.rollback()
                    raise
            except sqlite3.OperationalError as error:
                if not is_busy(error):
                    raise
                now = time.monotonic()
                deadline = deadline if deadline is not None else now + BUSY_TIMEOUT_S
                if now >= deadline:
                    raise
            await asyncio.sleep(pause)
            pause = min(pause * 2, LONGEST_RETRY_S)
