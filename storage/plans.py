"""The athlete's current plan: a versioned head row and one row per week.

A plan is stored in parts because it is read in parts: the morning push needs the day's
week (and the few weeks of the readiness window), never the 20-odd others; and of a week it
mostly needs one day. So a week's ``body`` is JSON Lines (revision 0003): the week's own
fields on the first line, then the sessions of Monday to Sunday, one JSON array per line.
Compact JSON never holds a raw newline, so splitting on newlines is exact, and a day is
validated only when it is read (:class:`StoredWeek`).

A rebuild or an override writes a new version; older versions beyond ``keep`` are pruned
(their weeks go with them: ON DELETE CASCADE).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from weakref import WeakKeyDictionary

from pydantic import TypeAdapter
from sqlalchemy import bindparam, delete, desc, func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from coach.models import Comeback, GoalKind, Phase, Plan, Session, TrainingPaces, Week
from storage.tables import PlanRow, PlanWeekRow
from storage.unit import SessionSource, scope_of


@dataclass(frozen=True, slots=True)
class PlanHead:
    """What holds for every week of a stored plan version, and what the planner said of it."""

    plan_id: int
    start: date
    goal: GoalKind
    race_date: date | None
    paces: TrainingPaces
    race_need_long_run_min: float | None = None
    warnings: tuple[str, ...] = ()
    comeback: Comeback | None = None

    @classmethod
    def of_row(
        cls,
        plan_id: int,
        start: Any,
        goal: str,
        race_date: Any,
        paces: str,
        notes: str | None = None,
    ) -> PlanHead:
        said = plan_notes(notes)
        return cls(
            plan_id=plan_id,
            start=as_date(start),
            goal=GoalKind(goal),
            race_date=None if race_date is None else as_date(race_date),
            paces=TrainingPaces.model_validate_json(paces),
            race_need_long_run_min=said.get("race_need_long_run_min"),
            warnings=tuple(said.get("warnings", ())),
            comeback=said.get("comeback"),
        )

    def plan(self, weeks: Iterable[Week]) -> Plan:
        """The plan of these (already validated) weeks, assembled without validating again."""
        return Plan.model_construct(
            goal=self.goal,
            start=self.start,
            race_date=self.race_date,
            paces=self.paces,
            weeks=tuple(weeks),
            race_need_long_run_min=self.race_need_long_run_min,
            warnings=self.warnings,
            comeback=self.comeback,
        )


def notes_of(plan: Plan) -> str | None:
    """The ``plans.notes`` of ``plan`` (revision 0006): what the planner said of it, as JSON,
    or None when it said nothing."""
    if plan.race_need_long_run_min is None and not plan.warnings and plan.comeback is None:
        return None
    said: dict[str, Any] = {
        "race_need_long_run_min": plan.race_need_long_run_min,
        "warnings": list(plan.warnings),
    }
    if plan.comeback is not None:
        said["comeback"] = plan.comeback.model_dump(mode="json")  # §7b, since this key
    return json.dumps(said)


def plan_notes(notes: str | None) -> dict[str, Any]:
    """A stored ``plans.notes`` read back (empty for NULL: the planner said nothing, or the
    plan was saved before revision 0006)."""
    if notes is None:
        return {}
    said = json.loads(notes)
    if not isinstance(said, dict):
        raise ValueError(f"a plan's notes are a JSON object, these are {type(said).__name__}")
    need = said.get("race_need_long_run_min")
    warnings = said.get("warnings") or []
    if need is not None and not isinstance(need, int | float):
        raise ValueError(f"a plan's race need is a number of minutes, not {need!r}")
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        raise ValueError(f"a plan's warnings are a list of text, not {warnings!r}")
    comeback = said.get("comeback")
    return {
        "race_need_long_run_min": None if need is None else float(need),
        "warnings": warnings,
        "comeback": None if comeback is None else Comeback.model_validate(comeback),
    }


def as_date(value: Any) -> date:
    """A DATE column's value as a date (drivers hand some back as ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


HEAD_COLUMNS = (
    PlanRow.id,
    PlanRow.start,
    PlanRow.goal,
    PlanRow.race_date,
    PlanRow.paces,
    PlanRow.notes,
)


def newest_version_of(athlete_id: Any) -> Any:
    """The athlete's newest version number, as a scalar subquery."""
    newest = PlanRow.__table__.alias("newest")
    return (
        select(func.max(newest.c.version))
        .where(newest.c.athlete_id == athlete_id)
        .scalar_subquery()
    )


#: One athlete's newest version, all its weeks (built once: see storage.fanout).
SCHEDULE = (
    select(*HEAD_COLUMNS, PlanWeekRow.start, PlanWeekRow.body)
    .outerjoin(PlanWeekRow, PlanWeekRow.plan_id == PlanRow.id)
    .where(
        PlanRow.athlete_id == bindparam("athlete_id"),
        PlanRow.version == newest_version_of(bindparam("athlete_id")),
    )
)


def stored_plan_of(rows: Sequence[Any]) -> StoredPlan | None:
    """The plan of :data:`SCHEDULE`'s rows (None: no plan is stored)."""
    if not rows:
        return None
    head = PlanHead.of_row(*rows[0][:-2])
    weeks = [StoredWeek(body, as_date(start)) for *_, start, body in rows if body is not None]
    return StoredPlan(head, weeks)


class PlanCache:
    """Plan versions read lately, by athlete and version: a stored version is never
    changed (a rebuild or an override stores a new one), so a version read once can be
    handed out again without its statement and its twenty weeks' rows, which cost more
    than the rest of a day's read (bench/update_cpu.py). The key is the version's id with
    the instant it was stored, as the database says them, so an id reused after a deletion
    is a different key; writes in this process forget the athlete's entries besides.
    Per engine (:func:`plan_cache`), the most recently used :data:`PLAN_CACHE_SIZE`."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._plans: OrderedDict[tuple[int, str], StoredPlan] = OrderedDict()

    def get(self, athlete_id: int, version: str) -> StoredPlan | None:
        plan = self._plans.get((athlete_id, version))
        if plan is not None:
            self._plans.move_to_end((athlete_id, version))
        return plan

    def put(self, athlete_id: int, version: str, plan: StoredPlan) -> None:
        self._plans[(athlete_id, version)] = plan
        self._plans.move_to_end((athlete_id, version))
        while len(self._plans) > self._size:
            self._plans.popitem(last=False)

    def forget(self, athlete_id: int) -> None:
        for key in [k for k in self._plans if k[0] == athlete_id]:
            del self._plans[key]


#: Plan versions kept per engine: about 50 kB each (a 20-week plan's rows).
PLAN_CACHE_SIZE = 128
_CACHES: WeakKeyDictionary[Engine, PlanCache] = WeakKeyDictionary()


def plan_cache(engine: Engine) -> PlanCache:
    """The plan cache of one database (keyed by its synchronous engine)."""
    cache = _CACHES.get(engine)
    if cache is None:
        cache = _CACHES[engine] = PlanCache(PLAN_CACHE_SIZE)
    return cache


def forget_plans(session: AsyncSession, athlete_id: int) -> None:
    """A write that changes or removes an athlete's plans: forget the cached ones."""
    bind = session.bind
    if isinstance(bind, AsyncConnection):
        plan_cache(bind.engine.sync_engine).forget(athlete_id)
    elif isinstance(bind, AsyncEngine):
        plan_cache(bind.sync_engine).forget(athlete_id)


def latest_version() -> Any:
    """``plans.version`` is the athlete's newest (for bulk reads across athletes)."""
    newest = PlanRow.__table__.alias("newest")
    return PlanRow.version == (
        select(func.max(newest.c.version))
        .where(newest.c.athlete_id == PlanRow.athlete_id)
        .scalar_subquery()
    )


class PlanRepository:
    def __init__(self, sessions: SessionSource) -> None:
        self._sessions = scope_of(sessions)

    async def current(self, athlete_id: int) -> Plan | None:
        """The newest version, whole."""
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(*HEAD_COLUMNS)
                    .where(PlanRow.athlete_id == athlete_id)
                    .order_by(desc(PlanRow.version))
                    .limit(1)
                )
            ).first()
            if row is None:
                return None
            head = PlanHead.of_row(*row)
            bodies = await session.scalars(
                select(PlanWeekRow.body)
                .where(PlanWeekRow.plan_id == head.plan_id)
                .order_by(PlanWeekRow.start)
            )
            return head.plan(StoredWeek(body).week() for body in bodies)

    async def schedule(self, athlete_id: int) -> StoredPlan | None:
        """The newest version as a :class:`StoredPlan` of all its weeks, in one query: a
        day's coaching (/today, a check-in, a log) reads today and a few logged days, so
        the rest of the plan is never validated (validating it whole cost more than the
        rest of such an update)."""
        async with self._sessions() as session:
            conn = await session.connection()
            rows = (await conn.execute(SCHEDULE, {"athlete_id": athlete_id})).all()
        return stored_plan_of(rows)

    async def save(self, athlete_id: int, plan: Plan, now: datetime, *, keep: int = 3) -> int:
        """Store ``plan`` as the newest version; older versions beyond ``keep`` are pruned."""
        async with self._sessions.begin() as session:
            forget_plans(session, athlete_id)
            versions = list(
                await session.scalars(
                    select(PlanRow.version)
                    .where(PlanRow.athlete_id == athlete_id)
                    .order_by(desc(PlanRow.version))
                    .with_for_update()
                )
            )
            version = (versions[0] + 1) if versions else 1
            plan_id = (
                await session.execute(
                    insert(PlanRow)
                    .values(athlete_id=athlete_id, version=version, **head_values(plan, now))
                    .returning(PlanRow.id)
                )
            ).scalar_one()
            if plan.weeks:
                await session.execute(insert(PlanWeekRow), week_values(plan_id, plan))
            stale = versions[keep - 1 :]
            if stale:
                await session.execute(
                    delete(PlanRow).where(
                        PlanRow.athlete_id == athlete_id, PlanRow.version.in_(stale)
                    )
                )
            return version


def head_values(plan: Plan, now: datetime) -> dict[str, Any]:
    """The ``plans`` columns of ``plan`` (all but the athlete and the version)."""
    return {
        "start": plan.start,
        "goal": plan.goal.value,
        "race_date": plan.race_date,
        "paces": plan.paces.model_dump_json(),
        "notes": notes_of(plan),
        "created_at": now,
    }


def week_values(plan_id: int, plan: Plan) -> list[dict[str, Any]]:
    """The ``plan_weeks`` rows of ``plan``."""
    return [
        {"plan_id": plan_id, "start": week.start, "body": week_body(week)} for week in plan.weeks
    ]


_DAY = TypeAdapter(tuple[Session, ...])
_DAYS = 7


def week_body(week: Week) -> str:
    """``week`` as its stored JSON Lines: its fields, then one line of sessions per day.

    Sessions are kept in day order (a double's two runs in their own order).

    Raises:
        ValueError: a session dated outside the week (no day line could hold it).
    """
    days: list[list[Session]] = [[] for _ in range(_DAYS)]
    for session in week.sessions:
        offset = (session.date - week.start).days
        if not 0 <= offset < _DAYS:
            raise ValueError(
                f"session on {session.date.isoformat()} lies outside the week of "
                f"{week.start.isoformat()}"
            )
        days[offset].append(session)
    head = week.model_dump_json(exclude={"sessions"})
    return "\n".join([head, *(_DAY.dump_json(tuple(day)).decode() for day in days)])


class StoredWeek:
    """A stored week that validates a day's sessions only when they are read."""

    __slots__ = ("_body", "_days", "_head", "_head_line", "_lines", "_week", "start")

    def __init__(self, body: str, start: date | None = None) -> None:
        """``start``: the week's Monday when the caller read it from its column; the body is
        then split into its lines only when one is read (a day's coaching reads one week of
        the plan's twenty), and the head line parsed only if the week's own fields are."""
        self._body = body
        self._lines: list[str] | None = None
        self._head_line = ""
        self._head: dict[str, Any] | None = None
        self._days: dict[int, tuple[Session, ...]] = {}
        self._week: Week | None = None
        self.start = start if start is not None else date.fromisoformat(self._fields()["start"])

    def _split(self) -> list[str]:
        if self._lines is None:
            head, *lines = self._body.split("\n")
            if len(lines) != _DAYS:
                raise ValueError(f"a stored week has {_DAYS} day lines, this one {len(lines)}")
            self._head_line, self._lines = head, lines
        return self._lines

    def _fields(self) -> dict[str, Any]:
        if self._head is None:
            self._split()
            self._head = json.loads(self._head_line)
        return self._head

    @property
    def phase(self) -> Phase:
        return Phase(self._fields()["phase"])

    def _day(self, offset: int) -> tuple[Session, ...]:
        sessions = self._days.get(offset)
        if sessions is None:
            sessions = self._days[offset] = _DAY.validate_json(self._split()[offset])
        return sessions

    def sessions_on(self, day: date) -> tuple[Session, ...]:
        """The sessions of ``day`` (empty when the day is not in this week)."""
        offset = (day - self.start).days
        return self._day(offset) if 0 <= offset < _DAYS else ()

    def week(self) -> Week:
        """The whole week, every day validated."""
        if self._week is None:
            sessions = tuple(s for offset in range(_DAYS) for s in self._day(offset))
            self._week = Week.model_validate({**self._fields(), "sessions": sessions})
        return self._week


class StoredPlan:
    """Some weeks of a stored plan, read a day at a time: a :class:`coach.schedule.Schedule`.

    The fan-out hands the coach one of these instead of a :class:`~coach.models.Plan`: on
    most mornings only today's sessions, and those of the days the athlete logged lately,
    are ever validated. Days outside the weeks it holds have no sessions, as beyond a plan.
    """

    __slots__ = ("head", "weeks")

    def __init__(self, head: PlanHead, weeks: Sequence[StoredWeek]) -> None:
        self.head = head
        self.weeks = sorted(weeks, key=lambda week: week.start)

    @property
    def paces(self) -> TrainingPaces:
        return self.head.paces

    def _week_of(self, day: date) -> StoredWeek | None:
        weeks = self.weeks
        if not weeks:
            return None
        # A whole plan's weeks are consecutive Mondays: index straight in (as Plan.week_of);
        # the fan-out's few weeks are not, and are scanned.
        i = (day - weeks[0].start).days // _DAYS
        if 0 <= i < len(weeks) and 0 <= (day - weeks[i].start).days < _DAYS:
            return weeks[i]
        for week in weeks:
            if 0 <= (day - week.start).days < _DAYS:
                return week
        return None

    def sessions_on(self, day: date) -> list[Session]:
        """As :meth:`coach.models.Plan.sessions_on`: a list, empty outside the weeks held."""
        week = self._week_of(day)
        return list(week.sessions_on(day)) if week is not None else []

    def week_of(self, day: date) -> Week | None:
        week = self._week_of(day)
        return week.week() if week is not None else None

    def phase_on(self, day: date) -> Phase | None:
        week = self._week_of(day)
        return week.phase if week is not None else None

    def plan(self) -> Plan:
        """The weeks held, whole (every day validated)."""
        return self.head.plan(week.week() for week in self.weeks)
